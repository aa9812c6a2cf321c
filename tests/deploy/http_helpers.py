"""A reader's or an editor's browser, minus the rendering: cookies, forms, uploads.

Talks to real servers over HTTP with urllib. A form is filled as a browser fills it
(every field's current value, the checked boxes, the selected options) and then the
fields a person would change are changed, so an admin page is driven through its
own form, inlines and management forms included.
"""

import json
import re
import uuid
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from urllib.error import HTTPError
from urllib.parse import urlencode, urljoin
from urllib.request import HTTPCookieProcessor, Request, build_opener

SKIPPED_INPUTS = {"submit", "button", "image", "reset", "file"}


class Page:
    def __init__(self, url: str, status: int, headers, body: bytes):
        self.url, self.status, self.headers, self.body = url, status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode()

    def json(self):
        return json.loads(self.body)

    def errors(self) -> list[str]:
        """What a form page says is wrong (Django's error lists and notes)."""
        found = re.findall(
            r'class="(?:errornote|errorlist)[^"]*"[^>]*>(.*?)</(?:p|ul)>',
            self.text,
            re.S,
        )
        return [" ".join(re.sub(r"<[^>]+>", " ", error).split()) for error in found]

    def form(self, form_id: str | None = None) -> "Form":
        """The form with ``form_id``, or the first form holding a CSRF token."""
        parser = _FormParser()
        parser.feed(self.text)
        for form in parser.forms:
            if form_id is None and "csrfmiddlewaretoken" in dict(form.fields):
                return form
            if form_id is not None and form.attrs.get("id") == form_id:
                return form
        raise AssertionError(f"no form {form_id or 'with a CSRF token'} on {self.url}")


class Form:
    def __init__(self, attrs: dict):
        self.attrs = attrs
        self.fields: list[tuple[str, str]] = []

    def values(self, **changes: str) -> list[tuple[str, str]]:
        """The fields a browser would send, with ``changes`` replacing theirs."""
        kept = [(name, value) for name, value in self.fields if name not in changes]
        return kept + [(name, str(value)) for name, value in changes.items()]


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value if value is not None else "" for name, value in attrs}
        if tag == "form":
            self._form = Form(attrs)
            self.forms.append(self._form)
        if self._form is None or (tag != "option" and "disabled" in attrs):
            return
        if tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text").lower()
            if kind in SKIPPED_INPUTS:
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self._form.fields.append((attrs["name"], attrs.get("value", default)))
        elif tag == "select" and attrs.get("name"):
            self._select = {"attrs": attrs, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = {"attrs": attrs, "text": ""}
            self._select["options"].append(self._option)
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = {"name": attrs["name"], "text": ""}

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "option":
            self._option = None
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the one newline that may follow <textarea>.
            text = self._textarea["text"].removeprefix("\n")
            self._form.fields.append((self._textarea["name"], text))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            self._form.fields.extend(_selected(self._select))
            self._select = None


def _selected(select: dict) -> list[tuple[str, str]]:
    name = select["attrs"]["name"]
    options = [
        (option["attrs"].get("value", option["text"].strip()), option["attrs"])
        for option in select["options"]
    ]
    chosen = [value for value, attrs in options if "selected" in attrs]
    if not chosen and options and "multiple" not in select["attrs"]:
        chosen = [options[0][0]]
    return [(name, value) for value in chosen]


class Visitor:
    """One browser behind a load balancer: every request says the site's ``host``
    (the balancer passes it through), and one cookie jar serves every server."""

    def __init__(self, host: str):
        self.host = host
        self.opener = build_opener(HTTPCookieProcessor(CookieJar()))

    def get(self, url: str) -> Page:
        return self._open(Request(url, headers={"Host": self.host}))

    def post(self, url: str, fields, files: dict | None = None) -> Page:
        """POST ``fields`` (pairs), as multipart form data when there are ``files``
        (name: (filename, content type, bytes))."""
        if files:
            boundary = uuid.uuid4().hex
            body = _multipart(boundary, fields, files)
            content_type = f"multipart/form-data; boundary={boundary}"
        else:
            body = urlencode(list(fields)).encode()
            content_type = "application/x-www-form-urlencoded"
        headers = {"Host": self.host, "Content-Type": content_type}
        return self._open(Request(url, data=body, headers=headers))

    def submit(self, page: Page, form_id: str | None = None, files=None, **changes):
        """Send a form of ``page`` as a browser does, with ``changes`` typed in."""
        form = page.form(form_id)
        action = urljoin(page.url, form.attrs.get("action") or page.url)
        return self.post(action, form.values(**changes), files)

    def _open(self, request: Request) -> Page:
        try:
            with self.opener.open(request, timeout=30) as response:
                return Page(
                    response.url, response.status, response.headers, response.read()
                )
        except HTTPError as error:
            return Page(request.full_url, error.code, error.headers, error.read())


def _multipart(boundary: str, fields, files: dict) -> bytes:
    parts = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    for name, (filename, content_type, content) in files.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    return b"".join(parts) + f"--{boundary}--\r\n".encode()
