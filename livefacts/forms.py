"""The article form's check of catalog embeds: every reference, with its line."""

from .body import compile_body

BODY_HELP = (
    "Markdown. Live catalog facts: a block embed alone on a line, e.g. "
    "[[factbox season=heartstopper/2]], or an inline fact in a sentence, e.g. "
    "{{season:heartstopper/2.premiere}}. A spoiler passage goes between "
    "[[spoiler episode=heartstopper/2/3 days=7]] and [[/spoiler]], each on a line "
    "of its own. See “Live facts you can embed” below and "
    "docs/embeds.md. Every reference is checked when you save."
)


class LiveFactsFormMixin:
    """Adds ``clean_body``: unknown shows, seasons, people, fields or kinds are form
    errors naming the reference and its line; nothing typed is lost."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "body" in self.fields:
            self.fields["body"].help_text = BODY_HELP

    def clean_body(self):
        body = self.cleaned_data.get("body", "")
        compile_body(body, strict=True)
        return body
