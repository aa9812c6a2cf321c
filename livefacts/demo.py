"""Live facts for the demo speculation piece, loaded after ``articles.demo``.

The piece was written in June 2022. Its body gets the season-2 fact box, release
status, source volumes, trailers and cast, and its snapshot is taken *as of its
publication*, from the catalog's fact history: the later entries (date announced,
released, volume 5 published) make it stale at once, so the "What's changed" box and
the admin's "Needs update" list have something to show after ``load_demo``.

Idempotent: the embeds are inserted into the articles demo's text the same way each
time, and the as-of snapshot is retaken unless an editor has reviewed the piece since.
"""

from core import pageversions

from .models import FactReview, document_model
from .services import article_sync_snapshot

SLUG = "heartstopper-season-2-release-date"
# (text that starts a paragraph, lines to put after that paragraph)
INSERTS = [
    ("Good news travels fast", ["[[factbox season=heartstopper/2]]"]),
    (
        "On 20 May 2022 Netflix announced",
        [
            "[[release season=heartstopper/2]]",
            "",
            "Latest from our catalog: season 2 premiere "
            "{{season:heartstopper/2.premiere}}, "
            "{{season:heartstopper/2.episode_count}} episodes planned.",
        ],
    ),
    (
        "The series is adapted from Alice Oseman",
        [
            "[[volumes season=heartstopper/2]]",
            "",
            "The fifth volume: {{volume:heartstopper/5.publication}}.",
        ],
    ),
    ("Not yet. A teaser usually follows", ["[[trailers season=heartstopper/2]]"]),
    (
        "No casting has been announced",
        [
            "[[cast show=heartstopper main]]",
            "",
            "Nick Nelson is played by {{character:heartstopper/nick-nelson.actor}}.",
        ],
    ),
]


def with_embeds(body: str) -> str:
    """The articles demo's text with the live-fact embeds after their paragraphs."""
    if "[[factbox" in body:
        return body
    paragraphs = body.split("\n\n")
    out = []
    for paragraph in paragraphs:
        out.append(paragraph)
        for start, lines in INSERTS:
            if paragraph.startswith(start):
                out.append("\n".join(lines))
    return "\n\n".join(out)


def load(*, users, stdout) -> None:
    article = document_model().objects.filter(slug=SLUG).first()
    if article is None:
        return
    body = with_embeds(article.body)
    if body != article.body:
        article.body = body
        article.save()
    reviewed = FactReview.objects.filter(
        article=article, reason=FactReview.Reason.REVIEWED
    ).exists()
    if not reviewed:
        article_sync_snapshot(article=article, retake=True, at=article.published_at)
        reviews = FactReview.objects.filter(article=article)
        reviews.update(
            reviewed_at=article.published_at, reviewed_by=users.get("author")
        )
        pageversions.bump_pages_of(reviews)
    stdout.write(
        f"Live facts: {article.title!r} embeds "
        f"{article.catalog_references.filter(via='embed').count()} catalog objects."
    )
