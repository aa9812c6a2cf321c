"""Pages served from a stored shell: no template is rendered for a warm page.

The shell is the whole document of a page, rendered once and stored as a fragment
of the page's owner (``core/fragments.py``): the page's stored parts (``{% fragment
%}``) and its per-viewer parts (``{% viewer %}``: the editors' toolbar, Django's
messages) are markers in it. A warm page is then one query for the owner's version,
one ``get_many`` for the shell and its parts, the parts' ``finish`` (live boxes),
a small function per viewer part, and a join. A missing shell or part is rendered
by the page's own view, whose output gives the shell, so a page is assembled by the
same code either way and its bytes equal a render without fragments (the tests
compare them). How pages use it: docs/caching.md.
"""

from __future__ import annotations

import functools
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from . import fragments, pageversions
from .fragments import Owner, PageFragments, owner_from_rows
from .models import PageList
from .queryshapes import QueryShape

SHELL = "shell"
MARKER = re.compile(r"<!--shell:([0-9a-f]{16}):(slot|viewer):([\w-]+)-->")

# A viewer part: its HTML for this request, from the request and the page's owner.
ViewerPart = Callable[[HttpRequest, Owner], str]


def messages_part(request: HttpRequest, owner: Owner) -> str:
    """Django's messages for this reader (a notice after posting a comment); for
    nearly every reader none, so no template is rendered."""
    messages = get_messages(request)
    if not messages:
        return _no_messages()
    return render_to_string("includes/messages.html", {"messages": messages})


@functools.cache
def _no_messages() -> str:
    """What the messages include renders with none: rendered once per process."""
    return render_to_string("includes/messages.html", {"messages": ()})


def no_banner(request: HttpRequest, owner: Owner) -> str:
    """base.html's empty ``banner`` block: a page with a banner names its own."""
    return ""


VIEWER_PARTS: dict[str, ViewerPart] = {"messages": messages_part, "banner": no_banner}


def default_variant(request: HttpRequest) -> str:
    """What besides the versions a shell depends on: absolute URLs name the scheme
    and host, the header marks the current path, and dates say "Expected" before
    a day. A page whose output reads the query string adds it (``full_variant``)."""
    return (
        f"{request.scheme}://{request.get_host()}{request.path} {timezone.localdate()}"
    )


def full_variant(request: HttpRequest) -> str:
    """``default_variant`` with the query string (pagination links keep it)."""
    return f"{default_variant(request)} {request.META.get('QUERY_STRING', '')}"


OwnerFn = Callable[[dict], Owner | None]
VERSION_COLUMNS = ("pk", "render_version", "valid_until")


def owned_by(model: type, build: Callable, **fields) -> OwnerFn:
    """The owner of a page whose row ``build(**kwargs)`` selects (by an index),
    each value declared with its model field: the query is compiled once per
    process (``core.queryshapes``), as it runs on every warm page."""
    shape = QueryShape(
        lambda **values: build(**values).values_list(*VERSION_COLUMNS)[:1], **fields
    )

    def owner(kwargs: dict) -> Owner | None:
        return owner_from_rows(model, shape.all(**{k: kwargs[k] for k in fields}))

    return owner


def owned_by_lists(*keys: str) -> OwnerFn:
    """The owner of a list page: its ``PageList`` rows together (the home page
    shows the "articles" and "catalog" lists). Missing rows are made, as the page
    cache makes them."""
    shape = QueryShape(
        lambda: PageList.objects.filter(key__in=keys).values_list(*VERSION_COLUMNS)
    )

    def owner(kwargs: dict) -> Owner | None:
        rows = shape.all()
        if len(rows) < len(keys):
            pageversions.page_state(pageversions.lists(*keys), {})
            rows = shape.all()
        return owner_from_rows(PageList, rows)

    return owner


@dataclass(frozen=True)
class ShellPage:
    """How one kind of page is built from stored parts.

    ``owner(kwargs)``: the page's owner now, in one query (None: not stored, render
    it whole); ``slots``: its ``{% fragment %}`` parts; ``viewer``: functions for
    its ``{% viewer %}`` parts beyond ``VIEWER_PARTS``; ``finish``: completes each
    part as it is served (live boxes).
    """

    owner: OwnerFn
    slots: tuple[str, ...] = ()
    viewer: Mapping[str, ViewerPart] = field(default_factory=dict)
    finish: Callable[..., str] | None = None
    variant: Callable[[HttpRequest], str] = default_variant

    def parts(self, request: HttpRequest, kwargs: dict) -> PageFragments | None:
        """The page's stored shell and parts (one query, one ``get_many``), or
        None when the page is not built from fragments."""
        if not fragments.enabled():
            return None
        owner = self.owner(kwargs)
        if owner is None:
            return None
        return PageFragments(
            owner,
            (SHELL, *self.slots),
            variant=self.variant(request),
            finish=self.finish,
        )

    def serve(
        self,
        request: HttpRequest,
        kwargs: dict,
        render: Callable[[PageFragments | None], HttpResponse],
    ) -> HttpResponse:
        """The page: from its shell, or ``render(parts)`` (``parts`` None: whole)."""
        parts = self.parts(request, kwargs)
        if parts is None:
            return render(None)
        return self.respond(request, parts, lambda: render(parts))

    def respond(
        self,
        request: HttpRequest,
        parts: PageFragments,
        render: Callable[[], HttpResponse | None],
    ) -> HttpResponse | None:
        """The page from its stored shell and parts; when one is missing, from
        ``render()`` (the view's own render with ``parts`` as ``fragments`` in its
        context), whose output becomes the shell. None when ``render`` gives None
        (the page changed since its version was read: render it whole)."""
        shell = parts.found.get(parts.keys[SHELL]) if parts.complete else None
        if shell is not None:
            return HttpResponse(self._assemble(request, parts, shell))
        parts.recorder = recorder = Recorder()
        response = render()
        if response is None:
            return None
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if response.status_code != 200 or response.streaming:
            return response
        shell = recorder.split(response.content.decode(response.charset))
        parts.store.put(parts.keys[SHELL], shell, parts.owner.valid_until)
        response.content = self._assemble(request, parts, shell)
        return response

    def _assemble(self, request, parts: PageFragments, shell: tuple) -> str:
        out = []
        for piece in shell:
            if type(piece) is str:
                out.append(piece)
            elif piece[0] == "slot":
                out.append(parts.found[parts.keys[piece[1]]])
            else:
                part = self.viewer.get(piece[1]) or VIEWER_PARTS[piece[1]]
                out.append(part(request, parts.owner))
        return "".join(out)


class Recorder:
    """Markers for the parts of a shell being rendered, unique to this render."""

    def __init__(self):
        self.nonce = secrets.token_hex(8)

    def marker(self, kind: str, name: str) -> str:
        return f"<!--shell:{self.nonce}:{kind}:{name}-->"

    def split(self, html: str) -> tuple:
        """The rendered page as the stored shell: its text, and ``(kind, name)``
        where each part goes."""
        pieces, start = [], 0
        for match in MARKER.finditer(html):
            if match[1] != self.nonce:
                continue
            pieces += [html[start : match.start()], (match[2], match[3])]
            start = match.end()
        pieces.append(html[start:])
        return tuple(pieces)


class ShellMixin:
    """A class-based view whose page is served from its stored shell
    (``shell_page``); ``fragments`` reaches the template's context."""

    shell_page: ShellPage
    fragments: PageFragments | None = None

    def get(self, request, *args, **kwargs):
        def render(parts):
            self.fragments = parts
            return super(ShellMixin, self).get(request, *args, **kwargs)

        return self.shell_page.serve(request, kwargs, render)

    def get_context_data(self, **kwargs):
        return super().get_context_data(fragments=self.fragments, **kwargs)
