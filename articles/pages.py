"""Which pages show an article, a tag or an author: the versions their writes bump.

An article shows on its own page, on the list pages (home, archives, feeds,
sitemaps: ``ARTICLE_LISTS``), in the related cards of the pieces sharing a subject
with it, and on the catalog pages of its subjects. Each is one UPDATE with
subqueries, so a write reads nothing to bump them.
"""

from django.db.models import Min, Q, QuerySet

from catalog.models import Person, Season, Show, SourceWork
from core import pageversions
from core.models import PageList
from images.models import Image

from .models import Article, AuthorProfile, Tag, UpdateNote
from .querysets import NEWS_WINDOW

ARTICLE_LISTS = "articles"


def _links(name: str, articles: QuerySet):
    """The subject link rows of ``articles`` for one subject field, and the name of
    the column holding the subject."""
    field = Article._meta.get_field(name)
    through = field.remote_field.through
    rows = through.objects.filter(
        **{f"{field.m2m_field_name()}__in": articles.values("pk")}
    )
    return rows, field.m2m_reverse_field_name()


def sharing_subjects(articles: QuerySet) -> QuerySet:
    """Pieces with a subject in common with ``articles`` (their related cards may
    show one another), ``articles`` included."""
    shared = Q(pk__in=articles.values("pk"))
    for name in Article.SUBJECT_FIELDS:
        field = Article._meta.get_field(name)
        links = field.remote_field.through.objects
        subjects, column = _links(name, articles)
        shared |= Q(
            pk__in=links.filter(**{f"{column}__in": subjects.values(column)}).values(
                field.m2m_field_name()
            )
        )
    return Article.objects.filter(shared)


def subject_pages(articles: QuerySet) -> list[QuerySet]:
    """The catalog pages listing ``articles`` (a show lists its seasons' pieces too)."""
    shows, show = _links("subject_shows", articles)
    seasons, season = _links("subject_seasons", articles)
    people, person = _links("subject_people", articles)
    works, work = _links("subject_works", articles)
    season_ids = seasons.values(season)
    return [
        Show.objects.filter(
            Q(pk__in=shows.values(show))
            | Q(pk__in=Season.objects.filter(pk__in=season_ids).values("show_id"))
        ),
        Season.objects.filter(pk__in=season_ids),
        Person.objects.filter(pk__in=people.values(person)),
        SourceWork.objects.filter(pk__in=works.values(work)),
    ]


def article_pages(articles: QuerySet) -> list:
    """Every page showing ``articles``: their own, related cards, subjects, lists."""
    return [sharing_subjects(articles), *subject_pages(articles), ARTICLE_LISTS]


def _scheduled_time(article: Article):
    """A scheduled piece appears on the pages its save bumps at its time."""
    return article.published_at if article.state == Article.State.PUBLISHED else None


def _leaves_the_news(article: Article):
    """A published piece drops out of the news sitemap (a list page) when it is
    ``NEWS_WINDOW`` old."""
    if article.state != Article.State.PUBLISHED or article.published_at is None:
        return None
    return article.published_at + NEWS_WINDOW


def _next_related_publication(articles: QuerySet, now):
    """Related cards change when a piece sharing a subject goes public."""
    scheduled = Article.objects.scheduled(at=now).filter(
        pk__in=sharing_subjects(articles).values("pk")
    )
    return scheduled.aggregate(t=Min("published_at"))["t"]


def _next_publication_about(field: str):
    def horizon(rows: QuerySet, now):
        scheduled = Article.objects.scheduled(at=now)
        about = Q(**{f"{field}__in": rows.values("pk")})
        if rows.model is Show:
            about |= Q(subject_seasons__show__in=rows.values("pk"))
        return scheduled.filter(about).aggregate(t=Min("published_at"))["t"]

    return horizon


def _next_publication_on_lists(rows: QuerySet, now):
    """The lists change when a scheduled piece goes public, and the news sitemap
    when its oldest piece leaves the window."""
    if not rows.filter(key=ARTICLE_LISTS).exists():
        return None
    scheduled = Article.objects.scheduled(at=now).aggregate(t=Min("published_at"))
    oldest_news = Article.objects.recent_news(at=now).aggregate(t=Min("published_at"))
    times = [scheduled["t"]]
    if oldest_news["t"] is not None:
        times.append(oldest_news["t"] + NEWS_WINDOW)
    return min((t for t in times if t is not None), default=None)


def register() -> None:
    pageversions.register_pages(Article, article_pages)
    pageversions.register_until(Article, _scheduled_time)
    pageversions.register_until(Article, _leaves_the_news)
    pageversions.register_horizon(Article, _next_related_publication)
    for model, field in (
        (Show, "subject_shows"),
        (Season, "subject_seasons"),
        (Person, "subject_people"),
        (SourceWork, "subject_works"),
    ):
        pageversions.register_horizon(model, _next_publication_about(field))
    pageversions.register_horizon(PageList, _next_publication_on_lists)
    pageversions.register_pages(
        Tag, lambda qs: article_pages(Article.objects.filter(tags__in=qs))
    )
    pageversions.register_pages(
        AuthorProfile, lambda qs: article_pages(Article.objects.filter(authors__in=qs))
    )
    # Updated and corrected notes show on the piece and its card.
    pageversions.register_pages(
        UpdateNote,
        lambda qs: article_pages(
            Article.objects.filter(pk__in=qs.values("article_id"))
        ),
    )
    pageversions.register_pages(
        Image,
        lambda qs: [
            *article_pages(Article.objects.filter(hero_image__in=qs)),
            ARTICLE_LISTS,  # author pages show their photo
        ],
    )
