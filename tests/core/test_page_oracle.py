"""The oracle: whatever editors, moderators, readers and the clock do, an anonymous
reader served through the caches gets exactly the bytes of a fresh render.

A hypothesis state machine applies random sequences of writes through the code the
site uses for them (the admin's article form, the workflow and comment services, the
comment form, the catalog services), moves the clock past scheduled times and comment
closings, and after every step asks for a set of pages twice: through the normal
stack with caching on (``reader``, a client that only ever reads, so it stays
anonymous and cookie-free), and through ``render_uncached``. Any difference fails,
with a diff of the two. Nothing is stripped before comparing: public pages carry no
per-request value (the comment form fetches its token with a script), and the clock
stands still between steps (time-machine, moved only by the ``time_passes`` rule).

Written against public behaviour only: it knows nothing of how the caches key or
invalidate, so it holds whichever way they do it. Runs in the normal suite, on SQLite
with local memory and on PostgreSQL with Redis, with a fixed example budget.
"""

import datetime
import difflib
import itertools
import os
from dataclasses import dataclass

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client, TestCase, override_settings
from django.utils import timezone
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from articles.models import Article
from articles.services import article_transition
from articles.workflow import TransitionRefused
from catalog import services as catalog_services
from catalog.dates import Confidence, PreciseDate
from catalog.models import Credit, Person, Season, Video
from catalog.models.facts import recording
from comments import services as comment_services
from comments.models import Comment
from core import pageversions
from core.roles import sync_roles
from images.services import image_save
from livefacts.services import article_after_save
from tests.articles_helpers import CHANGE_URL
from tests.factories import (
    READY_BODY,
    ArticleFactory,
    AuthorProfileFactory,
    CommentFactory,
    CreditFactory,
    EpisodeFactory,
    ImageFactory,
    PersonFactory,
    TagFactory,
    UserFactory,
    VideoFactory,
    comment_form_data,
)
from tests.livefacts_helpers import make_catalog
from tests.workflow_helpers import full_form_data

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)

# --- The oracle's two ways of asking for a page ---------------------------------------

UNCACHED_SETTINGS = {"PAGE_CACHE_ENABLED": False, "FRAGMENTS_ENABLED": False}
"""What ``render_uncached`` turns off. Every cache a public page may be served from,
or built from, belongs here: a cache added later (stored fragments, say) adds its
switch, or points its cache alias at ``django.core.cache.backends.dummy.DummyCache``
through ``CACHES``, so the oracle keeps comparing against a render from the database
alone. Only settings: the entries the cached path stored stay where they are."""


def render_uncached(path: str):
    """``path`` rendered from scratch for an anonymous reader: a fresh client (no
    cookies), every cache in ``UNCACHED_SETTINGS`` off for this one request, and
    nothing cached read or written."""
    with override_settings(**UNCACHED_SETTINGS):
        return Client().get(path)


def _seen(response) -> tuple[int, str, str]:
    """What a reader gets: status, redirect target and body."""
    return (
        response.status_code,
        response.get("Location", ""),
        response.content.decode(errors="replace"),
    )


def _diff(path: str, served, fresh) -> str:
    lines = difflib.unified_diff(
        fresh[2].splitlines(),
        served[2].splitlines(),
        "fresh render",
        "served",
        lineterm="",
        n=2,
    )
    head = f"{path} served stale: status/location {served[:2]} vs fresh {fresh[:2]}"
    return "\n".join([head, *itertools.islice(lines, 60)])


# --- The newsroom the machine works on ------------------------------------------------


@dataclass
class Newsroom:
    catalog: object
    editor: object
    moderator: object
    tag: object
    hero: object
    episode: object


EMBEDS = [
    "[[factbox season=heartstopper/2]]",
    "[[cast show=heartstopper]]",
    "[[rating show=heartstopper]]",
    "[[trailers season=heartstopper/2]]",
    "[[volumes season=heartstopper/2]]",
    "Premiere: {{season:heartstopper/2.premiere}}, status "
    "{{season:heartstopper/2.status}}.",
    "Starring {{person:kit-connor.name}} as Nick.",
    "Episode one airs {{episode:heartstopper/2/1.air}}.",
]

titles = st.sampled_from(
    ["Heartstopper is back", "Season 2 dated", "The cast grows", "Nick & Charlie"]
)
bodies = st.lists(st.sampled_from(EMBEDS), min_size=0, max_size=4, unique=True).map(
    lambda embeds: "\n\n".join([READY_BODY, *embeds])
)
clock_steps = st.sampled_from(
    [
        datetime.timedelta(minutes=10),
        datetime.timedelta(hours=26),
        datetime.timedelta(days=3),
        datetime.timedelta(days=31),
    ]
)


def build_newsroom() -> Newsroom:
    roles = sync_roles()
    editor = UserFactory(username="oracle-eddie", groups=[roles["Editors"]])
    editor.is_staff = True
    editor.save()
    moderator = UserFactory(username="oracle-mo", groups=[roles["Moderators"]])
    catalog = make_catalog()
    episode = EpisodeFactory(
        season=catalog.season,
        number=1,
        title="Meet",
        air=PreciseDate.day(START.date() + datetime.timedelta(days=2)),
    )
    return Newsroom(
        catalog=catalog,
        editor=editor,
        moderator=moderator,
        tag=TagFactory(),
        hero=ImageFactory(alt_text="Two actors on a set"),
        episode=episode,
    )


def make_piece(room: Newsroom, title: str, **fields) -> Article:
    fields.setdefault("published_at", START - datetime.timedelta(hours=2))
    article = ArticleFactory(
        title=title,
        body=fields.pop("body", READY_BODY + "\n\n" + "\n\n".join(EMBEDS)),
        hero_image=room.hero,
        authors=[AuthorProfileFactory()],
        created_by=room.editor,
        tags=[room.tag],
        **fields,
    )
    article.subject_shows.add(room.catalog.show)
    article_after_save(article)
    return article


# --- The machine ----------------------------------------------------------------------


class PageOracle(RuleBasedStateMachine):
    """Writes as the site makes them; after each, every watched page as served equals
    a fresh render."""

    def __init__(self):
        super().__init__()
        cache.clear()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self._clock = time_machine.travel(START, tick=False)
        self.clock = self._clock.start()
        self.reader = Client()  # only reads: anonymous, no cookies, page cache on
        self.names = itertools.count()
        self.old_paths: list[str] = []

    def teardown(self):
        self._clock.stop()
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)
        cache.clear()

    @initialize()
    def newsroom(self):
        with self.committed():
            self.room = build_newsroom()
            self.pieces = [
                make_piece(self.room, "Heartstopper season 2 is coming"),
                make_piece(self.room, "An untouched piece", body=READY_BODY),
                make_piece(
                    self.room,
                    "A scheduled piece",
                    published_at=START + datetime.timedelta(hours=20),
                ),
                make_piece(self.room, "A draft", state="draft", published_at=None),
            ]
            CommentFactory(article=self.pieces[0])
        self.desk = Client()
        self.desk.force_login(self.room.editor)

    # --- helpers ----------------------------------------------------------------------

    def committed(self):
        """Run the block's on-commit work as a real commit would (the test's own
        transaction never commits)."""
        return TestCase.captureOnCommitCallbacks(execute=True)

    def fresh(self, article: Article) -> Article:
        return Article.objects.get(pk=article.pk)

    def piece(self, n: int) -> Article:
        """The n-th piece still there, as stored now."""
        return self.fresh(self.pieces[n % len(self.pieces)])

    def admin_save(self, article: Article, **changes):
        """The editor saves the article form; a live piece's change is published at
        once, as an editor's "Publish" does."""
        article = self.fresh(article)
        data = full_form_data(article, **changes)
        if article.is_live:
            data["_workflow"] = "publish"
        with self.committed():
            response = self.desk.post(CHANGE_URL.format(article.pk), data)
        assert response.status_code == 302, _form_errors(response)

    def comments(self, **filters):
        return list(
            Comment.objects.filter(article__in=self.pieces, **filters).order_by("pk")
        )

    # --- article rules ----------------------------------------------------------------

    @rule(n=st.integers(0, 3), title=titles, body=bodies)
    def edit_article(self, n, title, body):
        self.admin_save(self.piece(n), title=title, body=body)

    @rule(n=st.integers(0, 3), which=st.sampled_from(["shows", "seasons", "people"]))
    def change_subjects(self, n, which):
        catalog = self.room.catalog
        subjects = {
            "shows": {"subject_shows": [catalog.show.pk]},
            "seasons": {"subject_seasons": [catalog.season.pk]},
            "people": {"subject_people": [catalog.actor.pk], "subject_shows": []},
        }[which]
        self.admin_save(self.piece(n), **subjects)

    @rule(n=st.integers(0, 3))
    def change_slug(self, n):
        article = self.piece(n)
        if article.is_public():
            self.old_paths.append(article.get_absolute_url())
        self.admin_save(article, slug=f"renamed-{next(self.names)}")

    @rule(
        n=st.integers(0, 3),
        action=st.sampled_from(["publish", "unpublish", "schedule"]),
        hours=st.sampled_from([1, 30]),
    )
    def transition(self, n, action, hours):
        article = self.piece(n)
        when = self.now() + datetime.timedelta(hours=hours)
        try:
            with self.committed():
                article_transition(
                    article=article,
                    action=action,
                    by=self.room.editor,
                    when=when if action == "schedule" else None,
                )
        except TransitionRefused:
            pass  # not offered from this state: nothing happened

    @precondition(lambda self: len(self.pieces) > 2)
    @rule(n=st.integers(1, 3))
    def delete_article(self, n):
        article = self.pieces.pop(n % len(self.pieces))
        with self.committed():
            self.fresh(article).delete()

    @rule(n=st.integers(0, 3), close=st.booleans())
    def close_comments(self, n, close):
        self.admin_save(self.piece(n), comments_open=close or "")

    @rule(what=st.sampled_from(["alt", "swap"]))
    def change_image(self, what):
        if what == "alt":
            image = self.room.hero
            image.alt_text = f"A new description {next(self.names)}"
            with self.committed():
                image_save(image=image, by=self.room.editor)
        else:
            with self.committed():
                hero = ImageFactory(alt_text="Another picture", pixels=(80, 40))
            self.admin_save(self.pieces[0], hero_image=hero.pk)

    @rule(step=clock_steps)
    def time_passes(self, step):
        self.clock.shift(step)

    # --- comment rules ----------------------------------------------------------------

    @rule(n=st.integers(0, 1), trusted=st.booleans())
    def post_comment(self, n, trusted):
        article = self.piece(n)
        k = next(self.names)
        email = "regular@example.com" if trusted else f"reader{k}@example.com"
        commenter = Client(REMOTE_ADDR=f"203.0.113.{k % 250}")
        data = comment_form_data(article, email=email, body=f"Comment {k}: so good.")
        with self.committed():
            commenter.post(f"/comments/article/{article.pk}/write/", data)

    @precondition(lambda self: self.comments(state="pending"))
    @rule(data=st.data(), to=st.sampled_from(["approved", "rejected", "spam"]))
    def moderate(self, data, to):
        comment = data.draw(st.sampled_from(self.comments(state="pending")))
        with self.committed():
            comment_services.comment_moderate(
                comment=comment, to_state=to, by=self.room.moderator
            )

    @precondition(lambda self: self.comments(state="approved", hidden_by_reports=False))
    @rule(data=st.data(), reports=st.integers(1, 3))
    def report_comment(self, data, reports):
        shown = self.comments(state="approved", hidden_by_reports=False)
        comment = data.draw(st.sampled_from(shown))
        for _ in range(reports):
            try:
                with self.committed():
                    comment_services.comment_report(
                        comment=comment,
                        reason="spam",
                        ip_address=f"198.51.100.{next(self.names) % 250}",
                    )
            except comment_services.ReportRefused:
                break  # hidden by the reports before: readers no longer see it

    @precondition(lambda self: self.comments())
    @rule(data=st.data())
    def delete_comment(self, data):
        comment = data.draw(st.sampled_from(self.comments()))
        with self.committed():
            comment.delete()

    # --- catalog rules ----------------------------------------------------------------

    @rule(
        status=st.sampled_from(["renewed", "date_announced", "airing", "cancelled"]),
        days=st.integers(-3, 40),
        episodes=st.sampled_from([None, 8, 10]),
    )
    def season_release(self, status, days, episodes):
        premiere = PreciseDate.day(self.now().date() + datetime.timedelta(days=days))
        if status == "renewed":
            premiere = PreciseDate.year(self.now().year + 1, Confidence.REPORTED)
        try:
            with self.committed():
                catalog_services.season_set_release(
                    season=Season.objects.get(pk=self.room.catalog.season.pk),
                    status=status,
                    premiere=premiere,
                    planned_episode_count=episodes,
                    source=None,
                    by=self.room.editor,
                )
        except ValidationError:
            pass  # refused, as the admin would refuse it: nothing saved

    @rule(name=st.sampled_from(["Kit Connor", "Christopher Connor", "K. Connor"]))
    def rename_person(self, name):
        person = Person.objects.get(pk=self.room.catalog.actor.pk)
        person.name = name
        with self.committed(), recording(by=self.room.editor):
            person.full_clean()
            person.save()

    @rule(add=st.booleans())
    def change_cast(self, add):
        show = self.room.catalog.show
        with self.committed():
            if add:
                CreditFactory(show=show, person=PersonFactory(name="New Face"))
            else:
                credit = Credit.objects.filter(show=show).order_by("-pk").first()
                if (
                    credit is not None
                    and credit.person_id != self.room.catalog.actor.pk
                ):
                    credit.delete()

    @rule(add=st.booleans())
    def change_videos(self, add):
        catalog = self.room.catalog
        with self.committed():
            if add:
                VideoFactory(show=catalog.show, season=catalog.season)
            elif (
                video := Video.objects.filter(show=catalog.show).order_by("-pk").first()
            ):
                video.delete()

    @rule(votes=st.integers(0, 5000))
    def rating_votes(self, votes):
        rating = self.room.catalog.show.ratings.first()
        with self.committed():
            catalog_services.rating_update(
                rating=rating,
                value=rating.value,
                as_of=self.now().date(),
                vote_count=votes,
                source=None,
                by=self.room.editor,
            )

    # --- the check --------------------------------------------------------------------

    def now(self):
        return timezone.now()

    def watched_paths(self) -> list[str]:
        catalog = self.room.catalog
        pieces = [self.fresh(a) for a in self.pieces[:2]]
        return [
            *[a.get_absolute_url() for a in pieces],
            *[f"/comments/article/{a.slug}/" for a in pieces[:1]],
            *self.old_paths[-2:],
            "/",
            "/kinds/news/",
            f"/tags/{self.room.tag.slug}/",
            catalog.show.get_absolute_url(),
            catalog.season.get_absolute_url(),
            catalog.actor.get_absolute_url(),
            catalog.work.get_absolute_url(),
            f"/shows/{catalog.show.slug}/articles/",
            "/upcoming/",
            "/feeds/latest.rss",
            f"/shows/{catalog.show.slug}/feed.rss",
            "/sitemap.xml",
            "/sitemap-articles.xml",
        ]

    @invariant()
    def every_page_as_served_equals_a_fresh_render(self):
        if not hasattr(self, "room"):
            return
        for path in self.watched_paths():
            served = _seen(self.reader.get(path))
            fresh = _seen(render_uncached(path))
            assert served == fresh, _diff(path, served, fresh)
            # Behind the page cache, pages are rarely built from stored parts:
            # ask for each without it too.
            with override_settings(PAGE_CACHE_ENABLED=False):
                built = _seen(self.reader.get(path))
            assert built == fresh, _diff(path, built, fresh)


def _form_errors(response) -> str:
    form = (response.context or {}).get("adminform")
    return str(form.form.errors if form else response.status_code)


ORACLE = settings(
    # CI's fixed budget; ORACLE_EXAMPLES=200 hunts deeper on a developer's machine.
    max_examples=int(os.environ.get("ORACLE_EXAMPLES", 3)),
    stateful_step_count=10,
    deadline=None,
    # A failure prints its steps and the diff; shrinking ten slow steps would take
    # minutes of CI for a shorter list.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def test_every_page_as_served_equals_a_fresh_render(page_cache, fragments):
    run_state_machine_as_test(PageOracle, settings=ORACLE)


def test_the_oracle_catches_a_cache_that_misses_an_invalidation(page_cache):
    """With writes no longer invalidating, the machine finds a stale page. (The one
    line that knows how the page cache invalidates: follow it when that changes.)"""
    pageversions.disconnect_signals()
    try:
        with pytest.raises(AssertionError, match="served stale"):
            run_state_machine_as_test(
                PageOracle,
                settings=settings(
                    ORACLE, max_examples=20, phases=[Phase.generate], database=None
                ),
            )
    finally:
        pageversions.connect_signals()
