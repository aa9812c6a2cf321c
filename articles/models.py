"""Articles, their authors and tags, and the rows behind slug redirects and previews."""

from datetime import datetime, timedelta

import reversion
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core import signing
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.timesince import timesince, timeuntil

from core.models import PageVersioned
from livefacts.body import compile_body_lenient
from livefacts.spoilers import strip_passages

from .querysets import ArticleManager

PREVIEW_SALT = "articles.preview-link"


def unique_slug(model, text: str, *, exclude_pk=None, max_length: int = 200) -> str:
    """``text`` slugified, with ``-2``, ``-3`` … appended until no row uses it."""
    base = (slugify(text) or "article")[: max_length - 4].strip("-")
    taken = set(
        model.objects.exclude(pk=exclude_pk)
        .filter(slug__startswith=base)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


class AuthorProfile(models.Model):
    """The public face of a user who writes: the byline and the author page."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="author_profile",
    )
    name = models.CharField(max_length=120, help_text="As printed in the byline.")
    slug = models.SlugField(max_length=120, unique=True)
    bio = models.TextField(
        blank=True, help_text="Plain text, shown on the author page."
    )
    photo = models.ForeignKey(
        "images.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"slug": self.slug})


class Tag(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:tag", kwargs={"slug": self.slug})


def compiled_from_body(body: str, *, resolved=None) -> dict[str, str]:
    """The columns compiled from a piece's Markdown: the sanitised HTML, with
    placeholders for live catalog facts, and the text search indexes (without its
    spoiler passages). ``Article.save`` writes them; after a release that changes the
    compiler, ``manage.py articles_recompile_bodies`` writes them again."""
    return {
        "body_html": compile_body_lenient(body, resolved=resolved).html,
        "search_body": strip_passages(body),
    }


# Fields every save computes from the others (see Article.save).
DERIVED_FIELDS = (
    "slug",
    "published_at",
    "first_published_at",
    "body_html",
    "search_body",
    "version",
)


class Article(PageVersioned):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "review", "In review"
        CHANGES_REQUESTED = "changes", "Changes requested"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"

    class Kind(models.TextChoices):
        NEWS = "news", "News"
        SPECULATION = "speculation", "Speculation"
        REVIEW = "review", "Review"
        EXPLAINER = "explainer", "Explainer"
        FEATURE = "feature", "Feature"

    # What a card touches besides authors, joined in the same query.
    CARD_RELATED: tuple[str, ...] = ("hero_image",)
    # Cards never show the text: lists do not read it (about 6 kB a row).
    CARD_DEFERRED: tuple[str, ...] = ("body", "body_html")
    # The catalog objects a piece is about, one M2M per model.
    SUBJECT_FIELDS: tuple[str, ...] = (
        "subject_shows",
        "subject_seasons",
        "subject_people",
        "subject_works",
    )

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The URL. Changing it on a published piece keeps the old URL "
        "working with a redirect.",
    )
    standfirst = models.TextField(
        max_length=400, blank=True, help_text="One or two sentences under the title."
    )
    body = models.TextField(blank=True, help_text="Markdown.")
    body_html = models.TextField(blank=True, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NEWS)
    authors = models.ManyToManyField(AuthorProfile, blank=True, related_name="articles")
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
    hero_image = models.ForeignKey(
        "images.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown at the top of the piece and on its card.",
    )
    subject_shows = models.ManyToManyField(
        "catalog.Show", blank=True, related_name="articles", verbose_name="shows"
    )
    subject_seasons = models.ManyToManyField(
        "catalog.Season", blank=True, related_name="articles", verbose_name="seasons"
    )
    subject_people = models.ManyToManyField(
        "catalog.Person", blank=True, related_name="articles", verbose_name="people"
    )
    subject_works = models.ManyToManyField(
        "catalog.SourceWork",
        blank=True,
        related_name="articles",
        verbose_name="source works",
    )

    state = models.CharField(
        max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="The public time. A future time schedules the piece: it goes "
        "public then, on its own.",
    )
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="Shown as “Updated” or “Corrected”; set by an update note, never "
        "by a silent fix.",
    )
    seo_title = models.CharField(
        "SEO title", max_length=70, blank=True, help_text="Defaults to the title."
    )
    seo_description = models.CharField(
        "SEO description",
        max_length=160,
        blank=True,
        help_text="Defaults to the standfirst.",
    )
    comments_open = models.BooleanField(default=True)
    comments_close_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Close comments at this time instead of the site's default.",
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Any change at all: for caches and ETags, never shown to readers.
    modified_at = models.DateTimeField(auto_now=True)
    # Bumped on every save; the admin form carries it to refuse a stale overwrite.
    version = models.PositiveIntegerField(default=1, editable=False)
    # The body as the search indexes read it: without its spoiler passages (written
    # by save(); the PostgreSQL trigger and SQLite's FTS5 index read this column).
    search_body = models.TextField(
        blank=True, default="", db_default="", editable=False
    )
    # Weighted title/standfirst/body lexemes for search, written by a PostgreSQL
    # trigger (migration 0003) so bulk writes keep it too; always empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleManager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        permissions = [
            ("publish_article", "Can publish, schedule and unpublish any article")
        ]
        indexes = [
            models.Index(fields=["state", "-published_at"]),
            # The sitemap's lastmod (the newest modified_at of a public piece) is
            # the first public entry of this index read backwards, at any size.
            models.Index(
                fields=["state", "modified_at", "published_at"],
                name="articles_public_lastmod",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="published")
                | models.Q(published_at__isnull=False),
                name="articles_published_has_time",
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """Fill what follows from the fields, keep old public URLs, bump the version."""
        if not self.slug:
            self.slug = unique_slug(Article, self.title, exclude_pk=self.pk)
        if self.state == self.State.PUBLISHED:
            self.published_at = self.published_at or timezone.now()
            self.first_published_at = self.first_published_at or self.published_at
        for name, value in compiled_from_body(self.body).items():
            setattr(self, name, value)
        self.version = (self.version or 0) + 1 if self.pk else 1
        if kwargs.get("update_fields") is not None:
            # What was just derived is written too (update_or_create saves only
            # the fields it was given): never a new body beside its old HTML.
            kwargs["update_fields"] = {*kwargs["update_fields"], *DERIVED_FIELDS}
        with transaction.atomic():
            self._keep_old_slug()
            super().save(*args, **kwargs)
        self._loaded_state = self.state  # what the next save changes from

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_state = instance.__dict__.get("state")
        return instance

    def page_cache_should_invalidate(self, *, event: str) -> bool:
        """Only a piece that is, or was, published (or scheduled) is on public pages:
        saving a draft or a piece in review changes none."""
        published = self.State.PUBLISHED
        return published in (self.state, getattr(self, "_loaded_state", None))

    def _keep_old_slug(self):
        """A published piece's old slug redirects; a reused slug stops redirecting."""
        SlugRedirect.objects.filter(old_slug=self.slug).delete()
        if not self.pk or not self.first_published_at:
            return
        old = Article.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
        if old and old != self.slug:
            SlugRedirect.objects.update_or_create(
                old_slug=old, defaults={"article_id": self.pk}
            )

    def is_public(self, *, at=None) -> bool:
        return (
            self.state == self.State.PUBLISHED
            and self.published_at is not None
            and self.published_at <= (at or timezone.now())
        )

    @property
    def is_live(self) -> bool:
        """Public now: an edit of it becomes a draft change, never the live text."""
        return self.is_public()

    @property
    def is_scheduled(self) -> bool:
        return (
            self.state == self.State.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def status_label(self) -> str:
        """The state as an editor thinks of it: "Scheduled" is not "Published"."""
        return "Scheduled" if self.is_scheduled else self.get_state_display()

    @property
    def subjects(self) -> list:
        """Shows, seasons, people and source works, in that order (prefetch with
        ``with_subjects()``)."""
        return [
            obj for name in self.SUBJECT_FIELDS for obj in getattr(self, name).all()
        ]

    @property
    def latest_update_note(self):
        """The newest note readers see near the byline (prefetch ``update_notes``)."""
        notes = list(self.update_notes.all())
        return notes[-1] if notes else None

    @property
    def corrections(self) -> list:
        return [note for note in self.update_notes.all() if note.is_correction]

    @property
    def meta_title(self) -> str:
        return self.seo_title or self.title

    @property
    def meta_description(self) -> str:
        return self.seo_description or self.standfirst


def next_scheduled_publication(*, after: datetime | None = None) -> datetime | None:
    """When the next scheduled piece goes public, so caches can expire just then."""
    return (
        Article.objects.scheduled(at=after)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )


class SlugRedirect(models.Model):
    """An old slug of a piece, answered with a 301 to its current URL."""

    page_cache_exempt = True  # a redirect is never cached; the article's save bumps

    old_slug = models.SlugField(max_length=200, unique=True)
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="slug_redirects"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"


def preview_link_days() -> int:
    return settings.ARTICLE_PREVIEW_LINK_DAYS


class PreviewLinkQuerySet(models.QuerySet):
    def valid(self, *, at: datetime | None = None) -> "PreviewLinkQuerySet":
        """Not revoked and younger than ``ARTICLE_PREVIEW_LINK_DAYS``, counted from
        the link's own creation: however fresh a token is, an old link stays dead."""
        cutoff = (at or timezone.now()) - timedelta(days=preview_link_days())
        return self.filter(revoked=False, created_at__gt=cutoff)


class PreviewLink(models.Model):
    """A shareable, signed, expiring link to one unpublished piece; revocable. The
    signed token only proves which link it is; this row says whether it still works."""

    page_cache_exempt = True  # previews are never cached

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="preview_links"
    )
    note = models.CharField(
        "who it is for",
        max_length=120,
        help_text="Whoever will open the link, e.g. “the Netflix press office”.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    revoked = models.BooleanField(
        default=False, help_text="Tick and save to stop the link working at once."
    )

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "shareable preview link"

    def __str__(self):
        return f"Preview of “{self.article}” for {self.recipient}"

    def get_absolute_url(self):
        return reverse("articles:preview", kwargs={"token": self.token()})

    @property
    def recipient(self) -> str:
        """The note without a leading "for", which ``__str__`` already says."""
        note = self.note.strip()
        return note[4:].lstrip() if note.lower().startswith("for ") else note

    def get_share_url(self) -> str:
        """The full address to send: the public site's (``SITE_URL``), whichever
        host the editor reached the admin through."""
        return settings.SITE_URL + self.get_absolute_url()

    @property
    def expires_at(self):
        return self.created_at + timedelta(days=preview_link_days())

    def is_valid(self, *, at: datetime | None = None) -> bool:
        return not self.revoked and self.expires_at > (at or timezone.now())

    @property
    def expires_when(self) -> str:
        """The expiry in the site's time zone: "Mon 14 Dec 2026, 03:34 GMT"."""
        return date_format(timezone.localtime(self.expires_at), "D j M Y, H:i T")

    def expiry_in_words(self, *, at: datetime | None = None) -> str:
        """ "in 6 days — Mon 14 Dec 2026, 03:34 GMT", "expired 2 days ago — …"."""
        now = at or timezone.now()
        if self.expires_at > now:
            return (
                f"in {timeuntil(self.expires_at, now, depth=1)} — {self.expires_when}"
            )
        ago = timesince(self.expires_at, now, depth=1)
        return f"expired {ago} ago — {self.expires_when}"

    def token(self) -> str:
        return signing.dumps({"l": self.pk, "a": self.article_id}, salt=PREVIEW_SALT)

    @classmethod
    def for_token(cls, token: str) -> "PreviewLink | None":
        """The valid link a token names (with its article), else None."""
        try:
            data = signing.loads(token, salt=PREVIEW_SALT)
            return (
                cls.objects.valid()
                .select_related("article")
                .get(pk=data["l"], article_id=data["a"])
            )
        except (
            signing.BadSignature,
            cls.DoesNotExist,
            KeyError,
            TypeError,
            ValueError,
        ):
            return None


# Every editorial field, M2Ms included; derived and bookkeeping fields are not history.
reversion.register(
    Article,
    exclude=[
        "body_html",
        "search_body",
        "version",
        "modified_at",
        "modified_by",
        "search_vector",
    ],
)


def autosave_days() -> int:
    return settings.ARTICLE_AUTOSAVE_DAYS


class ArticleAutosaveQuerySet(models.QuerySet):
    def live(self, *, at: datetime | None = None) -> "ArticleAutosaveQuerySet":
        """Not yet expired: younger than ``ARTICLE_AUTOSAVE_DAYS``. Expiry is this
        filter (and a purge on each write), so no cron job is needed."""
        cutoff = (at or timezone.now()) - timedelta(days=autosave_days())
        return self.filter(saved_at__gte=cutoff)

    def expired(self, *, at: datetime | None = None) -> "ArticleAutosaveQuerySet":
        cutoff = (at or timezone.now()) - timedelta(days=autosave_days())
        return self.filter(saved_at__lt=cutoff)


class ArticleAutosave(models.Model):
    """One user's unsaved form of one piece (or of a new piece, by a key the add form
    carries), kept every few seconds while they type. Not a revision: the article row
    is never touched, readers never see it, and a real save of the piece removes it."""

    page_cache_exempt = True  # readers never see it

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    article = models.ForeignKey(
        Article,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="autosaves",
    )
    # For a piece not saved yet: the add form's key. Null for an existing piece, so
    # each of the two unique constraints below holds one kind of row.
    draft_key = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    data = models.JSONField(default=dict)
    # The article's version the form was loaded with: a later one means someone
    # saved the piece after these changes began.
    base_version = models.PositiveIntegerField(null=True, blank=True)
    saved_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ArticleAutosaveQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"], name="articles_autosave_user_article"
            ),
            models.UniqueConstraint(
                fields=["user", "draft_key"], name="articles_autosave_user_key"
            ),
            models.CheckConstraint(
                condition=models.Q(article__isnull=True, draft_key__isnull=False)
                | models.Q(article__isnull=False, draft_key__isnull=True),
                name="articles_autosave_article_or_key",
            ),
        ]

    def __str__(self):
        return f"Autosave of {self.article or 'a new piece'} by {self.user}"


class UpdateNote(models.Model):
    """What readers are told about a change to a published piece: an "Updated" note
    or a correction, with its date. A silent fix leaves no row."""

    class Kind(models.TextChoices):
        UPDATED = "updated", "Updated"
        CORRECTION = "correction", "Correction"

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="update_notes"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    text = models.TextField(
        max_length=500,
        blank=True,
        help_text="Plain text shown to readers. Required for a correction.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="correction") | ~models.Q(text=""),
                name="articles_correction_has_text",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d}"

    @property
    def is_correction(self) -> bool:
        return self.kind == self.Kind.CORRECTION

    @property
    def past_label(self) -> str:
        """The byline's word: "Corrected" or "Updated"."""
        return "Corrected" if self.is_correction else "Updated"


class ArticleTransition(models.Model):
    """One move of a piece through the workflow: who, when, from, to and why. The
    status banner shows the newest; the history page lists them."""

    page_cache_exempt = True  # workflow history, for the desk only

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="transitions"
    )
    action = models.CharField(max_length=20)
    from_label = models.CharField(max_length=80)
    to_label = models.CharField(max_length=80)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)
    override_reason = models.TextField(
        blank=True, help_text="Why an editor published past a failing checklist."
    )
    live_change = models.BooleanField(default=False)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["article", "-at"])]

    # What the banner says was done: "Submitted for review by Ada, Mon 7 Dec …".
    DONE_LABELS = {
        "submit": "Submitted for review",
        "withdraw": "Withdrawn from review",
        "request_changes": "Changes requested",
        "publish": "Published",
        "schedule": "Scheduled",
        "unpublish": "Unpublished",
    }

    def __str__(self):
        return f"{self.article}: {self.from_label} → {self.to_label}"

    @property
    def done_label(self) -> str:
        label = self.DONE_LABELS.get(self.action, self.to_label)
        return f"{label} (a change to the live piece)" if self.live_change else label


class ArticleChange(models.Model):
    """A draft of a change to a live piece (as Wagtail's draft changes on live
    pages): the edited fields wait here, through review, while readers keep seeing
    the Article row. Publishing it applies it to the row and removes it."""

    page_cache_exempt = True  # readers see the Article row until it is applied

    class State(models.TextChoices):
        DRAFT = "draft", "Draft change"
        IN_REVIEW = "review", "Change in review"
        CHANGES_REQUESTED = "changes", "Changes requested"

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, related_name="pending_change"
    )
    # The change form's cleaned values, JSON-shaped (ids for relations, ISO times).
    data = models.JSONField(default=dict)
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    # The live piece's version the change was started from.
    base_version = models.PositiveIntegerField()
    # Bumped on every save; the change form carries it to refuse a stale overwrite.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    modified_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Change to {self.article}"


class ArticleRevisionVersion(models.Model):
    """Which version of its article a revision holds (a django-reversion meta row).

    A refused save knows the version its form was loaded with; this finds the text
    both editors started from, so their changes merge instead of overwriting."""

    revision = models.OneToOneField(
        "reversion.Revision", on_delete=models.CASCADE, related_name="article_version"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField()

    page_cache_exempt = True  # bookkeeping; the article's own save clears pages

    class Meta:
        indexes = [models.Index(fields=["article", "version"])]

    def __str__(self):
        return f"{self.article_id} v{self.version}"


class ArticlePresenceQuerySet(models.QuerySet):
    def active(self, *, at: datetime | None = None) -> "ArticlePresenceQuerySet":
        """Heard from within ``PRESENCE_TIMEOUT``: the form is still open."""
        return self.filter(last_seen__gte=(at or timezone.now()) - PRESENCE_TIMEOUT)

    def gone(self, *, at: datetime | None = None) -> "ArticlePresenceQuerySet":
        return self.filter(last_seen__lt=(at or timezone.now()) - PRESENCE_TIMEOUT)


# A form's script beats every 20 s; a minute of silence means the editor has gone.
PRESENCE_TIMEOUT = timedelta(minutes=1)


class ArticlePresence(models.Model):
    """Someone has this piece's change form open. Kept in the database, not in one
    server's memory, because several app servers answer the same newsroom."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="presences"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    first_seen = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ArticlePresenceQuerySet.as_manager()

    page_cache_exempt = True  # readers never see it; heartbeats must not clear pages

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"], name="articles_presence_article_user"
            )
        ]

    def __str__(self):
        return f"{self.user} on {self.article_id}"
