"""The pre-publish checklist: what a piece needs before readers see it.

Each check is a small function of the piece's values returning a ``Check``; Publish
and Schedule refuse while one fails, unless an editor writes why (kept in the log).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from images.models import Image
from livefacts.body import compile_body

from . import writing

# Fewer words than this reads as a placeholder ("Work in progress.").
MIN_BODY_WORDS = 50
PIECE_FIELDS = [
    "title",
    "standfirst",
    "body",
    "hero_image",
    "seo_title",
    "seo_description",
]


@dataclass(frozen=True)
class Piece:
    """The values the checks read, from a saved piece, a form or a draft change."""

    title: str
    standfirst: str
    body: str
    hero_image: Image | None
    subject_count: int
    seo_title: str
    seo_description: str

    @classmethod
    def from_values(cls, values: dict, *, subject_count: int) -> "Piece":
        hero = values.get("hero_image")
        if hero is not None and not isinstance(hero, Image):
            hero = Image.objects.filter(pk=hero).first()
        return cls(
            title=(values.get("title") or "").strip(),
            standfirst=(values.get("standfirst") or "").strip(),
            body=values.get("body") or "",
            hero_image=hero,
            subject_count=subject_count,
            seo_title=values.get("seo_title") or "",
            seo_description=values.get("seo_description") or "",
        )

    @classmethod
    def from_article(cls, article) -> "Piece":
        count = sum(getattr(article, name).count() for name in article.SUBJECT_FIELDS)
        values = {name: getattr(article, name) for name in PIECE_FIELDS}
        return cls.from_values(values, subject_count=count)


@dataclass(frozen=True)
class Check:
    ok: bool
    label: str
    reason: str = ""


def headline_and_standfirst(piece: Piece) -> Check:
    label = "Headline and standfirst"
    if not piece.title:
        return Check(False, label, "The headline is empty.")
    if not piece.standfirst:
        return Check(False, label, "The standfirst is empty.")
    return Check(True, label)


def hero_with_alt_text(piece: Piece) -> Check:
    label = "Hero image with alt text"
    if piece.hero_image is None:
        return Check(False, label, "No hero image.")
    if not piece.hero_image.alt_text.strip():
        return Check(False, label, "The hero image has no alt text.")
    return Check(True, label)


def embeds_resolve(piece: Piece) -> Check:
    label = "No broken embeds"
    try:
        compile_body(piece.body, strict=True)
    except ValidationError as error:
        return Check(False, label, " ".join(error.messages))
    return Check(True, label)


def has_a_subject(piece: Piece) -> Check:
    label = "At least one subject"
    if piece.subject_count == 0:
        return Check(False, label, "Pick the show, season, person or book it is about.")
    return Check(True, label)


def seo_lengths(piece: Piece) -> Check:
    label = "Search title and description lengths"
    title = piece.seo_title or piece.title
    description = piece.seo_description or piece.standfirst
    if len(title) > writing.SEO_TITLE_MAX:
        return Check(
            False,
            label,
            f"The search title is {len(title)} characters; at most "
            f"{writing.SEO_TITLE_MAX} show.",
        )
    if len(description) > writing.SEO_DESCRIPTION_MAX:
        return Check(
            False,
            label,
            f"The search description is {len(description)} characters; at most "
            f"{writing.SEO_DESCRIPTION_MAX} show.",
        )
    return Check(True, label)


def body_is_written(piece: Piece) -> Check:
    label = "Body written"
    words = writing.word_count(piece.body)
    if words < MIN_BODY_WORDS:
        return Check(
            False,
            label,
            f"The body has {words} words; a finished piece has at least "
            f"{MIN_BODY_WORDS}.",
        )
    return Check(True, label)


CHECKS = [
    headline_and_standfirst,
    hero_with_alt_text,
    embeds_resolve,
    has_a_subject,
    seo_lengths,
    body_is_written,
]


def run_checklist(piece: Piece) -> list[Check]:
    """Every check's result, in the order the form lists them."""
    return [check(piece) for check in CHECKS]


def failures(checks: list[Check]) -> list[Check]:
    return [check for check in checks if not check.ok]
