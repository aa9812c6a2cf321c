from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.markdown import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    ALLOWED_URL_SCHEMES,
    render_markdown,
    sanitise_html,
)

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<body onload=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">entity</a>',
    '<a href="jav&#x09;ascript:alert(1)">tab</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;:'
    'alert(1)">x</a>',
    "[md link](javascript:alert(1))",
    "![md image](javascript:alert(1))",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">d</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    "<svg onload=alert(1)><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<math><mtext><img src=x onerror=alert(1)></mtext></math>",
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="evil.swf"></object><embed src="evil.swf">',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<div style="position:fixed;top:0;left:0;width:100%">overlay</div>',
    "<style>body{display:none}</style>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<form action="https://evil.example"><input name="q"></form>',
    '<base href="https://evil.example/">',
    "<<script>script>alert(1)<</script>/script>",
    '<img src="x" """><script>alert(1)</script>">',
    "<!--<script>alert(1)</script>-->",
    '<a href="vbscript:msgbox(1)">vb</a>',
    "<details open ontoggle=alert(1)>",
    '<p class="x" id="admin-login">spoof</p>',
]
FORBIDDEN = [
    "<script",
    "onerror",
    "onload",
    "ontoggle",
    "javascript:",
    "vbscript:",
    "data:",
    "<svg",
    "<math",
    "<iframe",
    "<object",
    "<embed",
    "style=",
    "<style",
    "<link",
    "<meta",
    "<form",
    "<input",
    "<base",
    "srcdoc",
    'class="',
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_xss_payload_survives_rendering(payload):
    html = render_markdown(f"Intro paragraph.\n\n{payload}\n\nOutro.").lower()
    for needle in FORBIDDEN:
        assert needle not in html, (needle, html)


def test_markdown_formatting_survives_sanitising():
    html = render_markdown(
        "## Release date\n\nSeason *two* is **due**.\n\n- one\n- two\n\n> quoted"
    )
    assert "<h2>Release date</h2>" in html
    assert "<em>two</em>" in html and "<strong>due</strong>" in html
    assert "<li>one</li>" in html and "<blockquote>" in html


def test_links_keep_their_url_and_get_a_safe_rel():
    html = render_markdown("[Netflix](https://www.netflix.com/title/81059939)")
    assert 'href="https://www.netflix.com/title/81059939"' in html
    assert 'rel="noopener noreferrer"' in html


def test_images_keep_src_and_alt():
    html = render_markdown("![Poster of season 2](https://example.com/p.jpg)")
    assert 'src="https://example.com/p.jpg"' in html
    assert 'alt="Poster of season 2"' in html


def test_plain_text_is_escaped_not_dropped():
    assert "&lt;3" in render_markdown("I <3 this show")


def test_sanitiser_alone_strips_event_handlers():
    assert sanitise_html('<p onclick="x()">hi</p>') == "<p>hi</p>"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=40),
            st.sampled_from(
                [
                    "<",
                    ">",
                    '"',
                    "'",
                    "=",
                    "&",
                    "#",
                    ";",
                    ":",
                    "(",
                    ")",
                    "[",
                    "]",
                    "script",
                    "onerror",
                    "javascript",
                    "svg",
                    "iframe",
                    "style",
                    "img",
                    "src",
                    "href",
                    "\n",
                    "  ",
                    "!",
                    "`",
                    "*",
                ]
            ),
        ),  # fmt: skip
        max_size=40,
    ).map("".join)
)
def test_random_bodies_only_ever_produce_allow_listed_markup(text):
    collector = _TagCollector()
    collector.feed(render_markdown(text))
    for tag, attrs in collector.seen:
        assert tag in ALLOWED_TAGS, tag
        for name, value in attrs:
            assert name in ALLOWED_ATTRIBUTES.get(tag, ()) or (
                tag == "a" and name == "rel"
            ), (tag, name)
            if name in ("href", "src"):
                scheme = (value or "").split(":", 1)[0].lower()
                assert ":" not in (value or "") or scheme in ALLOWED_URL_SCHEMES


class _TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.seen = []

    def handle_starttag(self, tag, attrs):
        self.seen.append((tag, attrs))


@pytest.mark.django_db
def test_a_save_of_some_fields_writes_the_html_and_search_text_of_a_new_body():
    """update_or_create saves only the fields it is given; the body's HTML and its
    search text follow it all the same (a reloaded demo kept its old HTML)."""
    from articles.models import Article
    from tests.factories import ArticleFactory

    piece = ArticleFactory(body="Old words.")
    Article.objects.update_or_create(slug=piece.slug, defaults={"body": "New words."})
    stored = Article.objects.get(pk=piece.pk)
    assert "New words." in stored.body_html and "Old" not in stored.body_html
    assert stored.search_body == "New words."
    assert stored.version == piece.version + 1
