"""The embed syntax: what is an embed, what is an error (with its line), and that
everything else renders exactly as plain Markdown."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.markdown import markdown_to_html, sanitise_html
from livefacts.body import _substitute, compile_body
from livefacts.parser import parse
from tests.livefacts_helpers import make_catalog


def messages(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def test_block_and_inline_embeds_are_found_with_their_lines():
    parsed = parse(
        "Intro.\n\n[[factbox season=heartstopper/2]]\n\n"
        "Out {{season:heartstopper/2.premiere}}.\n[[cast show=heartstopper all]]"
    )
    found = [(e.kind, str(e.reference), e.option, e.line) for e in parsed.embeds]
    assert found == [
        ("factbox", "season=heartstopper/2", "", 3),
        ("fact", "season=heartstopper/2", "premiere", 5),
        ("cast", "show=heartstopper", "all", 6),
    ]


def test_cast_defaults_to_main():
    assert parse("[[cast show=heartstopper]]").embeds[0].option == "main"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("ok\n[[factbx season=a/2]]", "Line 2: unknown embed “factbx”"),
        ("\n\n{{season:a/2.premier}}", "Line 3: a season has no fact “premier”"),
        ("[[release show=a]]", "Line 1: release shows a season, not a show."),
        ("[[cast show=a main extra]]", "Line 1: “extra” is not understood by cast"),
        ("x {{season:a.premiere}}", "Line 1: “a” is not a valid season reference"),
        ("{{film:a.title}}", "Line 1: “film” is not something you can embed"),
        ("{{oops}}", "Line 1: write an inline fact as {{type:reference.field}}"),
    ],
)
def test_syntax_errors_name_the_reference_and_line(body, expected):
    with pytest.raises(ValidationError) as error:
        parse(body)
    assert any(m.startswith(expected) for m in messages(error.value)), messages(
        error.value
    )


def test_every_error_is_reported_at_once():
    with pytest.raises(ValidationError) as error:
        parse("[[nope]]\n\n{{show:x.nope}}\n\n[[cast]]")
    assert [m.split(":")[0] for m in messages(error.value)] == [
        "Line 1",
        "Line 3",
        "Line 5",
    ]


def test_code_and_escapes_are_left_as_written():
    body = (
        "`{{season:a/2.premiere}}` and \\{{season:a/2.premiere}}\n\n"
        "```\n[[factbox season=a/2]]\n```"
    )
    parsed = parse(body)
    assert parsed.embeds == []
    assert parsed.markdown == body


@pytest.mark.django_db
def test_an_embed_in_an_indented_code_block_is_shown_as_written():
    make_catalog()
    html = compile_body("Code:\n\n    {{show:heartstopper.title}} <b>").html
    assert "<pre><code>{{show:heartstopper.title}} &lt;b&gt;\n</code></pre>" in html


@pytest.mark.django_db
def test_unknown_catalog_objects_are_errors_with_lines():
    make_catalog()
    body = (
        "Fine: {{season:heartstopper/2.premiere}}\n\n"
        "[[factbox season=heartstopper/9]]\n\n"
        "{{character:heartstopper/nobody.actor}} and {{person:nobody.name}}"
    )
    with pytest.raises(ValidationError) as error:
        compile_body(body)
    assert messages(error.value) == [
        "Line 3: there is no season “heartstopper/9” in the catalog (in "
        "[[factbox season=heartstopper/9]]).",
        "Line 5: there is no character “heartstopper/nobody” in the catalog (in "
        "{{character:heartstopper/nobody.actor}}).",
        "Line 5: there is no person “nobody” in the catalog (in "
        "{{person:nobody.name}}).",
    ]


@pytest.mark.django_db
def test_a_fact_in_a_link_address_is_an_error():
    make_catalog()
    with pytest.raises(ValidationError) as error:
        compile_body("See [here]({{show:heartstopper.title}}).")
    assert messages(error.value)[0].startswith("Line 1: {{show:heartstopper.title}}")


@pytest.mark.django_db
def test_compiled_body_names_objects_by_primary_key():
    catalog = make_catalog()
    compiled = compile_body(
        "[[factbox season=heartstopper/2]]\n\nIt is {{show:heartstopper.status}}."
    )
    assert compiled.html == (
        f"<!--lf:factbox:season:{catalog.season.pk}:-->\n"
        f"<p>It is <!--lf:fact:show:{catalog.show.pk}:status-->.</p>"
    )


# --- properties --------------------------------------------------------------------

TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=200
)


@given(TEXT)
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_random_bodies_raise_nothing_but_validation_errors(body):
    try:
        parse(body)
    except ValidationError:
        pass


@given(
    st.text(alphabet=st.sampled_from(list("ab *_`#>-\n[]{}()!:.|=\\1")), max_size=120),
    st.lists(st.sampled_from(["block", "inline"]), max_size=4),
)
@settings(max_examples=300, deadline=None)
def test_text_outside_embeds_renders_exactly_as_plain_markdown(text, embeds):
    """Text with embeds, its placeholders stubbed, equals plain Markdown of the same
    text with each embed replaced by a neutral word."""
    if "{{" in text or "[[" in text:
        return  # the text part must not contain embed syntax itself
    body, plain = text, text
    for i, kind in enumerate(embeds):
        if kind == "block":
            body += f"\n\n[[factbox season=show/{i + 1}]]\n\n"
            plain += f"\n\nWORD{i}\n\n"
        else:
            body += f" {{{{show:show{i}.title}}}} "
            plain += f" WORD{i} "
    try:
        parsed = parse(body)
    except ValidationError:
        return
    resolved = {e.reference: e.index + 1 for e in parsed.embeds}
    try:
        ours = _substitute(
            parsed, sanitise_html(markdown_to_html(parsed.markdown)), resolved, []
        )
    except KeyError:
        return
    expected = sanitise_html(markdown_to_html(plain))
    for embed in parsed.embeds:
        word = f"WORD{embed.index}"
        marker = f"<!--lf:{embed.kind}:{embed.reference.target}:{embed.index + 1}:"
        expected = expected.replace(f"<p>{word}</p>", marker + f"{embed.option}-->")
        expected = expected.replace(word, marker + f"{embed.option}-->")
    assert ours == expected
