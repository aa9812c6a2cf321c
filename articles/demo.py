"""Demo articles for ``load_demo``: the Heartstopper season 2 speculation piece of
mid-2022, news around it, a draft, a piece in review, a scheduled one, author pages.

Idempotent: rows are found by slug and updated; a scheduled piece keeps the time it was
first given so reloading does not push it back.
"""

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.utils import timezone

from catalog.models import Person, Season, Show, SourceWork
from core import pageversions

from .models import Article, AuthorProfile, Tag

LONDON = ZoneInfo("Europe/London")
TEXTS = Path(__file__).parent / "demo_texts"

PROFILES = {
    "editor": (
        "eddie-editor",
        "Eddie runs the Showsite news desk and has been tracking streaming release "
        "schedules since the days of DVD box sets.",
    ),
    "author": (
        "ada-author",
        "Ada writes about television adaptations of books, and reads the book first "
        "every time.",
    ),
}

TAGS = [("Heartstopper", "heartstopper"), ("Netflix", "netflix"),
        ("Release dates", "release-dates")]  # fmt: skip


def _at(year, month, day, hour=9):
    return datetime(year, month, day, hour, tzinfo=LONDON)


def _articles(now):
    return [
        {
            "slug": "heartstopper-season-2-release-date",
            "title": "Heartstopper season 2: when will it be released?",
            "kind": Article.Kind.SPECULATION,
            "standfirst": "Netflix has renewed the series twice over. What we know "
            "about the release date, the story the books point to, a trailer and "
            "the cast.",
            "body": (TEXTS / "heartstopper-season-2-release.md").read_text(),
            "state": Article.State.PUBLISHED,
            "published_at": _at(2022, 6, 14, 10),
            "authors": ["author"],
            "tags": ["heartstopper", "netflix", "release-dates"],
            "subjects": {"show": True, "season": 2, "people": True, "work": True},
        },
        {
            "slug": "heartstopper-renewed-for-seasons-2-and-3",
            "title": "Netflix renews Heartstopper for two more seasons",
            "kind": Article.Kind.NEWS,
            "standfirst": "Four weeks after its premiere, the teen romance gets a "
            "double renewal.",
            "body": "Netflix has ordered a second **and** a third season of "
            "Heartstopper, it said on its Tudum site today. Alice Oseman, who "
            "created the graphic novels the show adapts, returns as writer.\n\n"
            "No release dates were given.",
            "state": Article.State.PUBLISHED,
            "published_at": _at(2022, 5, 20, 16),
            "authors": ["editor"],
            "tags": ["heartstopper", "netflix"],
            "subjects": {"show": True},
        },
        {
            "slug": "heartstopper-premieres-on-netflix",
            "title": "Heartstopper is out: all eight episodes on Netflix today",
            "kind": Article.Kind.NEWS,
            "standfirst": "Alice Oseman's graphic novels come to the screen, directed "
            "by Euros Lyn.",
            # A spoiler about the finale, for readers from five days after it aired.
            "body": (TEXTS / "heartstopper-premieres-on-netflix.md").read_text(),
            "state": Article.State.PUBLISHED,
            "published_at": _at(2022, 4, 22, 8),
            "authors": ["editor"],
            "tags": ["heartstopper", "netflix"],
            "subjects": {"show": True, "season": 1, "people": True},
        },
        {
            "slug": "heartstopper-season-3-is-streaming",
            "title": "Heartstopper season 3 is streaming now",
            "kind": Article.Kind.NEWS,
            "standfirst": "Eight new episodes, drawn from the fourth book.",
            "body": "Season 3 of Heartstopper arrived on Netflix on 3 October 2024, "
            "all eight episodes at once.",
            "state": Article.State.PUBLISHED,
            "published_at": _at(2024, 10, 3, 8),
            "authors": ["editor"],
            "tags": ["heartstopper", "netflix", "release-dates"],
            "subjects": {"show": True},
        },
        {
            "slug": "heartstopper-books-reading-order",
            "title": "Explainer: which Heartstopper book is each season?",
            "kind": Article.Kind.EXPLAINER,
            "standfirst": "A reading guide for viewers who want to go back to the "
            "source.",
            "body": "Each season of the show leans on one or two of the graphic "
            "novels. This guide goes volume by volume.",
            "state": Article.State.PUBLISHED,
            "published_at": now + timedelta(days=3),  # scheduled
            "authors": ["editor"],
            "tags": ["heartstopper"],
            "subjects": {"show": True, "work": True},
        },
        {
            "slug": "heartstopper-final-film-what-we-know",
            "title": "A Heartstopper film: what we know so far",
            "kind": Article.Kind.SPECULATION,
            "standfirst": "Work in progress.",
            "body": "Draft: collect what Netflix has said about the film.",
            "state": Article.State.DRAFT,
            "published_at": None,
            "authors": ["author"],
            "tags": ["heartstopper"],
            "subjects": {"show": True},
        },
        {
            "slug": "heartstopper-season-2-review",
            "title": "Review: Heartstopper season 2 goes to Paris",
            "kind": Article.Kind.REVIEW,
            "standfirst": "Waiting for an editor's read.",
            "body": "The second season takes the story abroad.",
            "state": Article.State.IN_REVIEW,
            "published_at": None,
            "authors": ["author"],
            "tags": ["heartstopper"],
            "subjects": {"show": True, "season": 2},
        },
    ]


def _catalog_subjects(spec):
    """Catalog objects by slug, when the catalog demo has created them."""
    show = Show.objects.filter(slug="heartstopper").first()
    found = {"subject_shows": [], "subject_seasons": [], "subject_people": [],
             "subject_works": []}  # fmt: skip
    if show and spec.get("show"):
        found["subject_shows"].append(show)
    if show and spec.get("season"):
        found["subject_seasons"] += Season.objects.filter(
            show=show, number=spec["season"]
        )
    if spec.get("people"):
        found["subject_people"] += Person.objects.filter(
            slug__in=["kit-connor", "joe-locke", "alice-oseman"]
        )
    if spec.get("work"):
        found["subject_works"] += SourceWork.objects.filter(slug="heartstopper")
    return found


# Hero artwork colours by kind, so the demo home page reads as a real front page.
HERO_COLOURS = {
    Article.Kind.NEWS: ((24, 34, 80), (196, 52, 64)),
    Article.Kind.SPECULATION: ((52, 24, 84), (214, 120, 60)),
    Article.Kind.REVIEW: ((14, 60, 64), (220, 170, 70)),
    Article.Kind.EXPLAINER: ((20, 56, 40), (90, 170, 200)),
    Article.Kind.FEATURE: ((60, 20, 40), (230, 100, 140)),
}


def _give_hero_image(article):
    """Demo artwork (made with Pillow) as the piece's hero; kept once set."""
    from images.demo import demo_image  # Pillow, only when artwork is drawn

    # One picture per kind of piece, shared: each new picture costs renditions at
    # every width, and the demo is loaded by many test modules.
    kind = article.get_kind_display()
    image = demo_image(
        key=f"hero heartstopper {article.kind}",
        title="Heartstopper",
        subtitle=kind,
        alt_text=f"Showsite artwork: Heartstopper {kind}",
        caption="Demo artwork.",
        colours=HERO_COLOURS[article.kind],
        size=(1280, 720),
    )
    # update(): the picture is not an editorial change, so no new version or revision.
    Article.objects.filter(pk=article.pk).update(hero_image=image)
    pageversions.bump_pages_of(Article.objects.filter(pk=article.pk))


def load(*, users, stdout):
    """Create or update the demo pieces, their authors and tags."""
    profiles = {}
    for username, (slug, bio) in PROFILES.items():
        user = users[username]
        profiles[username], _ = AuthorProfile.objects.update_or_create(
            user=user,
            defaults={"name": user.get_full_name(), "slug": slug, "bio": bio},
        )
    tags = {
        slug: Tag.objects.update_or_create(slug=slug, defaults={"name": name})[0]
        for name, slug in TAGS
    }
    now = timezone.now()
    for spec in _articles(now):
        spec = dict(spec)
        author_keys, tag_slugs = spec.pop("authors"), spec.pop("tags")
        subjects = spec.pop("subjects")
        published_at = spec.pop("published_at")
        first_author = users[author_keys[0]]
        article, created = Article.objects.update_or_create(
            slug=spec.pop("slug"),
            defaults={**spec, "modified_by": first_author},
            create_defaults={
                **spec,
                "published_at": published_at,
                "created_by": first_author,
                "modified_by": first_author,
            },
        )
        if not created and article.published_at != published_at and published_at:
            if published_at < now:  # past dates are facts; keep scheduled ones
                article.published_at = published_at
                article.save()
        article.authors.set([profiles[key] for key in author_keys])
        article.tags.set([tags[slug] for slug in tag_slugs])
        for field, objects in _catalog_subjects(subjects).items():
            getattr(article, field).set(objects)
        if article.hero_image_id is None:
            _give_hero_image(article)
    stdout.write(f"Articles: {Article.objects.count()} pieces.")
