"""Which articles a reader may see, defined once."""

from datetime import datetime, timedelta

from django.db import models
from django.utils import timezone

from core.jsonprefetch import JSONPrefetch, json_prefetch
from images.querysets import renditions_prefetch
from livefacts.staleness import annotate_staleness

# Google News reads a news sitemap's pieces from the last two days only.
NEWS_WINDOW = timedelta(hours=48)


class ArticleQuerySet(models.QuerySet):
    def public(self, *, at: datetime | None = None) -> "ArticleQuerySet":
        """Published and due. Scheduling is this filter, so no cron job is needed."""
        return self.filter(
            state=self.model.State.PUBLISHED,
            published_at__lte=at or timezone.now(),
        )

    def recent_news(self, *, at: datetime | None = None) -> "ArticleQuerySet":
        """Public pieces that went public within ``NEWS_WINDOW`` of ``at``."""
        now = at or timezone.now()
        return self.public(at=now).filter(published_at__gt=now - NEWS_WINDOW)

    def scheduled(self, *, at: datetime | None = None) -> "ArticleQuerySet":
        """Published with a time still in the future."""
        return self.filter(
            state=self.model.State.PUBLISHED,
            published_at__gt=at or timezone.now(),
        )

    def being_written(self) -> "ArticleQuerySet":
        """Pieces still with their writers: drafts, pieces sent back with changes
        requested, and live pieces whose draft change is (again) being written."""
        State = self.model.State
        writing = [State.DRAFT, State.CHANGES_REQUESTED]
        return self.filter(
            models.Q(state__in=writing)
            | models.Q(state=State.PUBLISHED, pending_change__state__in=writing)
        )

    def drafts_of(self, user) -> "ArticleQuerySet":
        """The user's own pieces being written, most recently touched first."""
        return self.owned_by(user).being_written().order_by("-modified_at", "-pk")

    def on_the_calendar(self, start: datetime, end: datetime) -> "ArticleQuerySet":
        """Published and scheduled pieces going public in [start, end)."""
        return self.filter(
            state=self.model.State.PUBLISHED,
            published_at__gte=start,
            published_at__lt=end,
        ).order_by("published_at", "pk")

    def covering_season(self, season, show) -> "ArticleQuerySet":
        """Pieces that cover a season's premiere: not taken down, with the season or
        its show among their subjects. ``season`` and ``show`` are ids or
        ``OuterRef``s, so the calendar can ask this of every premiere in one query."""
        return self.exclude(state=self.model.State.UNPUBLISHED).filter(
            models.Q(subject_seasons=season) | models.Q(subject_shows=show)
        )

    def with_pending_change(self) -> "ArticleQuerySet":
        """Live pieces with a draft change waiting (readers still see the row)."""
        return self.filter(pending_change__isnull=False)

    def awaiting_review(self) -> "ArticleQuerySet":
        """What an editor has to look at: pieces in review, and live pieces whose
        change is in review."""
        review = self.model.State.IN_REVIEW
        return self.filter(
            models.Q(state=review)
            | models.Q(state=self.model.State.PUBLISHED, pending_change__state=review)
        )

    def latest_first(self) -> "ArticleQuerySet":
        return self.order_by("-published_at", "-pk")

    def for_cards(self) -> "ArticleQuerySet":
        """Everything a card template touches, in a fixed number of queries."""
        return (
            self.select_related(*self.model.CARD_RELATED)
            .defer(*self.model.CARD_DEFERRED)
            .prefetch_related(
                renditions_prefetch("hero_image"),
                models.Prefetch("authors", queryset=self._authors()),
            )
        )

    def first_cards(self, limit: int) -> "ArticleQuerySet":
        """The first ``limit`` rows (in this queryset's order) as cards, in ONE query.

        The rows are picked first, by primary key only, so the database sorts and
        filters without building the cards' JSON columns for every candidate row
        (SQLite would); then only the picked rows get their renditions and authors.
        """
        picked = self.values("pk")[:limit]
        return self._json_cards(
            self.model.objects.filter(pk__in=picked)
            .defer(*self.model.CARD_DEFERRED)
            .order_by(*self.query.order_by)
        )

    def cards_in_order(self, pks: list[int]) -> list:
        """The cards of the rows among ``pks``, in the order of ``pks``, in ONE query
        (search ranks the ids itself; a row this queryset excludes is left out)."""
        cards = self._json_cards(
            self.filter(pk__in=pks).defer(*self.model.CARD_DEFERRED)
        )
        by_pk = {card.pk: card for card in cards}
        return [by_pk[pk] for pk in pks if pk in by_pk]

    def for_detail(self) -> "ArticleQuerySet":
        """Everything the article page touches, in the article's own query."""
        return json_prefetch(
            self._json_cards(self), JSONPrefetch("tags"), JSONPrefetch("update_notes")
        ).with_fact_staleness()

    def with_fact_staleness(self) -> "ArticleQuerySet":
        """``last_fact_change``: when a fact the piece shows last changed since its
        snapshot (None when fresh), and ``release_priority`` (live facts)."""
        return annotate_staleness(self)

    def with_subjects(self) -> "ArticleQuerySet":
        """The catalog subjects (``Article.subjects``), in the article's own query."""
        return json_prefetch(
            self,
            JSONPrefetch("subject_shows"),
            JSONPrefetch("subject_seasons", related=("show",)),
            JSONPrefetch("subject_people"),
            JSONPrefetch("subject_works"),
        )

    def about(self, obj) -> "ArticleQuerySet":
        """Pieces with ``obj`` (a show, season, person or source work) as a subject."""
        field = {
            "show": "subject_shows",
            "season": "subject_seasons",
            "person": "subject_people",
            "sourcework": "subject_works",
        }[obj._meta.model_name]
        return self.filter(**{field: obj})

    def about_show(self, show) -> "ArticleQuerySet":
        """Pieces about a show or any of its seasons: the show's article list.

        The ids come from the two subject tables' indexes (a UNION), so the pieces
        are read by id: an OR across two joins read every public piece instead.
        """
        links = self.model.subject_shows.through.objects.filter(show=show)
        season_links = self.model.subject_seasons.through.objects.filter(
            season__show=show
        )
        ids = links.values("article_id").union(season_links.values("article_id"))
        return self.filter(pk__in=ids)

    def related_to(self, article) -> "ArticleQuerySet":
        """Other pieces sharing a subject with ``article`` (prefetch its subjects
        with ``with_subjects()`` first, or this costs a query per subject kind)."""
        subjects = {
            name: [obj.pk for obj in getattr(article, name).all()]
            for name in self.model.SUBJECT_FIELDS
        }
        return self.sharing_subjects(subjects).exclude(pk=article.pk)

    def sharing_subjects(self, subjects: dict[str, list[int]]) -> "ArticleQuerySet":
        """Pieces with any of ``subjects`` (ids by subject field name) as a subject.

        The ids come from the subject link tables' indexes (a UNION), so the pieces
        are read by id: an OR across four joins read every public piece instead.
        """
        ids = None
        for name in self.model.SUBJECT_FIELDS:
            subject_ids = subjects.get(name)
            if not subject_ids:
                continue
            field = self.model._meta.get_field(name)
            links = field.remote_field.through.objects.filter(
                **{f"{field.m2m_reverse_field_name()}__in": subject_ids}
            ).values(field.m2m_field_name())
            ids = links if ids is None else ids.union(links)
        if ids is None:
            return self.none()
        return self.filter(pk__in=ids)

    def visible_to(self, user) -> "ArticleQuerySet":
        """Pieces a logged-in person may preview: all for editors, own for authors."""
        from .permissions import can_publish  # permissions imports models, built on us

        if not (user.is_active and user.is_staff):
            return self.none()
        if not user.has_perm("articles.view_article"):
            return self.none()
        if can_publish(user):
            return self
        return self.owned_by(user)

    def owned_by(self, user) -> "ArticleQuerySet":
        """Pieces the user created or is credited on."""
        return self.filter(
            models.Q(created_by=user) | models.Q(authors__user=user)
        ).distinct()

    def _authors(self):
        authors = self.model._meta.get_field("authors").related_model
        return authors.objects.order_by("name")

    def _json_cards(self, queryset) -> "ArticleQuerySet":
        return json_prefetch(
            queryset.select_related(*self.model.CARD_RELATED),
            JSONPrefetch(renditions_prefetch("hero_image")),
            JSONPrefetch("authors", self._authors()),
        )


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_queryset(self) -> ArticleQuerySet:
        """Pages never load the search columns; only the search indexes read them."""
        return super().get_queryset().defer("search_vector", "search_body")
