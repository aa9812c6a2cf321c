"""Every public page type over the demo content, for the accessibility sweep and
the HTML checker: whatever ``load_demo`` loads is on the pages they visit.

On top of the demo, a few rows it may lack, so the newest modules are always
there to check: episodes dated per country (the season's episode list), releases
on ``/upcoming/``, an offer on the show's page, and a piece embedding where to
watch and a fact box (``NEW_DATA`` says what each shows). Built once
per test process and put back for later tests (``Kept``, tests/demo_snapshot.py).
"""

import datetime
import io

from tests.demo_snapshot import Kept


def _episode_releases(season) -> None:
    """The season's episodes dated in the United Kingdom and worldwide, at two
    precisions, so its episode list shows releases rather than air dates."""
    from catalog.dates import Confidence, PreciseDate
    from tests.factories import EpisodeFactory, PlatformFactory, ReleaseFactory

    if not season.episodes.exists():
        EpisodeFactory(season=season, number=1)
    local, everywhere = PlatformFactory(name="Harbour One"), PlatformFactory()
    for episode in season.episodes.all():
        ReleaseFactory(
            season=season,
            episode=episode,
            country="GB",
            platform=local,
            release=PreciseDate.day(
                datetime.date(2031, 3, 1) + datetime.timedelta(weeks=episode.number)
            ),
        )
        ReleaseFactory(
            season=season,
            episode=episode,
            country="",
            platform=everywhere,
            release=PreciseDate.month(2031, 6, Confidence.REPORTED),
        )


def _calendar_with_releases() -> None:
    """Seasons at every precision on /upcoming/, one of them released per country."""
    from catalog.dates import Confidence, PreciseDate
    from catalog.models import Season
    from tests.factories import ReleaseFactory

    from .pages import _calendar

    _calendar()
    season = Season.objects.filter(show__title="Calendar Show").order_by("pk")[1]
    year = datetime.date.today().year + 1
    for country, day in (("GB", 12), ("US", 19)):
        ReleaseFactory(
            season=season,
            country=country,
            release=PreciseDate.day(datetime.date(year, 8, day), Confidence.REPORTED),
        )


def _build() -> dict[str, str]:
    from django.core.management import call_command
    from django.db.models import Count
    from django.test import override_settings
    from django.utils import timezone

    from articles.models import Article, AuthorProfile, Tag
    from catalog.models import Person, Season, Show, SourceWork
    from tests.factories import ArticleFactory, WatchOptionFactory

    # DEBUG as for `make run`: load_demo refuses to create its users without it.
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=io.StringIO())
    demo_shows = list(Show.objects.order_by("pk"))
    season = Season.objects.annotate(n=Count("episodes")).order_by("-n", "pk").first()
    show = season.show
    _episode_releases(season)
    WatchOptionFactory(show=show, country="GB", offer="rent")
    _calendar_with_releases()
    where = f"{show.slug}/{season.number}"
    watch = ArticleFactory(
        title="Where to watch it",
        body=f"Out soon.\n\n[[watch show={show.slug}]]\n\n[[watch season={where}]]"
        f"\n\n[[factbox season={where}]]",
        published_at=(timezone.now() - datetime.timedelta(hours=1)).replace(
            microsecond=0
        ),
    )

    public = Article.objects.public()
    talked_about = public.annotate(n=Count("comments")).order_by("-n", "pk").first()
    person = (
        Person.objects.annotate(n=Count("credits"))
        .order_by("-n", "pk")
        .filter(photo__isnull=False)
        .first()
        or Person.objects.first()
    )
    pages = {
        "home": "/",
        "article-watch": watch.get_absolute_url(),
        "comments": f"/comments/article/{talked_about.slug}/",
        # A fresh piece's: an old one's comments may have closed by themselves.
        "comment-form": f"/comments/article/{watch.pk}/write/",
        "kind-list": f"/kinds/{talked_about.kind}/",
        "tag-list": Tag.objects.order_by("pk").first().get_absolute_url(),
        "author": AuthorProfile.objects.order_by("pk").first().get_absolute_url(),
        "show-index": "/shows/",
        "upcoming": "/upcoming/",
        "upcoming-us": "/upcoming/?country=US",
        "person": person.get_absolute_url(),
        "search": f"/search/?q={show.title.split()[0].lower()}",
        "search-typo": f"/search/?q={show.title.split()[0].lower()[:-1]}",
        "404": "/no-such-page/",
    }
    # Every piece, show, season and book the demo loaded.
    for article in public.exclude(pk=watch.pk).order_by("pk"):
        pages[f"article {article.slug}"] = article.get_absolute_url()
    for each in demo_shows:
        pages[f"show {each.slug}"] = each.get_absolute_url()
        pages[f"show-articles {each.slug}"] = f"/shows/{each.slug}/articles/"
        for part in each.seasons.order_by("number"):
            pages[f"season {each.slug}/{part.number}"] = part.get_absolute_url()
    # The season with episodes dated by release, at the default country and at one
    # with its own rows for the season but none for the episodes.
    pages["season-episode-dates"] = season.get_absolute_url()
    pages["show-watch"] = show.get_absolute_url()
    pages["season-episode-dates-us"] = season.get_absolute_url() + "?country=US"
    for work in SourceWork.objects.order_by("pk"):
        pages[f"book {work.slug}"] = work.get_absolute_url()
    return pages


demo_pages = Kept(_build)

# What the rows added to the demo put on its pages: the checks that use these pages
# assert it is there, so none of it can drop out of what they check unnoticed.
NEW_DATA = {
    "season-episode-dates": ['class="table release-table"', "Harbour One"],
    "show-watch": ['id="watch-title"', "Rent"],
    "upcoming": ["United Kingdom: "],
    "upcoming-us": ["United States: "],
    "article-watch": ["Where to watch", "livefact--factbox"],
}
