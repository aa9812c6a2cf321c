"""Generated data at scale for ``manage.py generate_scale`` and ``make bench SCALE=N``.

Fills an empty-of-generated-data database with a catalog (platforms, genres, shows,
seasons, episodes, people, characters, credits, source works and volumes, adaptations,
videos, ratings, fact history), authors, tags, articles with subjects and live-fact
embeds (reference index, snapshots, reviews) and comments, through ``bulk_create`` in
batches inside one transaction: a failure leaves nothing behind.

Speed is the point, so no model ``save()`` runs. What ``save()`` would derive is
derived here the same way, once, and reused:

- ``body_html``: each paragraph of a fixed pool, and each embed (for one real season,
  primary key substituted), goes through the real compiler once; a body is those
  pieces joined as Markdown joins paragraphs. ``tests/bench/test_generate_scale.py``
  proves the stored HTML equals ``Article.save()``'s for generated pieces.
- the reference index holds what ``livefacts.services`` would (embedded seasons);
  snapshots are taken by ``livefacts.services`` itself, as publishing takes them (what
  each piece displays), so generated pieces start up to date.
- PostgreSQL's search vector is filled by its trigger (articles migration 0003).
- No signals fire, so the page-cache version is bumped once at the end.

Deterministic: the same ``seed`` and ``now`` give the same rows. ``now`` defaults to
the start of today (UTC), so scheduled pieces stay in the future.
"""

from __future__ import annotations

import datetime
import functools
import random
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, reset_queries, transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article, AuthorProfile, Tag
from catalog.dates import Confidence, PreciseDate
from catalog.models import (
    Character,
    Credit,
    Episode,
    ExternalRating,
    FactChange,
    Genre,
    Person,
    Platform,
    Season,
    SeasonAdaptation,
    Show,
    SourceVolume,
    SourceWork,
    Video,
)
from catalog.models.facts import recording
from comments.models import Comment
from core import pageversions
from core.markdown import markdown_to_html, sanitise_html
from livefacts.body import compile_body
from livefacts.models import ArticleReference, FactReview
from livefacts.services import articles_take_snapshots

from . import scale_text as text
from .scale_insert import Table, bulk_load, next_pk, reset_sequences

BATCH = 2000  # rows per INSERT; Django lowers it to SQLite's variable limit.
ARTICLE_CHUNK = 1000  # articles built, inserted and forgotten at a time
SLUG_PREFIX = "scale-"  # generated pieces are recognised (and never generated twice)
SHOWCASE_COMMENTS = 50  # the bench's article: fact box, 12+ cast, trailer, volumes
SHOWCASE_CAST = 14


@dataclass(frozen=True)
class Sizes:
    articles: int = 200
    shows: int = 20
    people: int = 300
    comments: int = 600
    authors: int = 12
    seed: int = 1


@dataclass(slots=True)
class Piece:
    """A generated article: its row, and what its relations and comments need."""

    pk: int
    slug: str
    state: str
    kind: str
    published_at: datetime.datetime | None
    show: int
    season: int
    people: list[int]
    embeds: bool
    tags: list[int]
    authors: list[int]
    row: tuple


_slug = functools.lru_cache(maxsize=4096)(slugify)  # names repeat: first × last


class AlreadyGenerated(Exception):
    """The database already holds generated pieces; generating again would mix two
    data sets (the bench would measure neither)."""


class Progress:
    """A one-line progress bar on stderr, redrawn at most every 1 %."""

    def __init__(self, label: str, total: int, stream=None):
        self.label, self.total, self.done = label, max(total, 1), 0
        self.stream = stream if stream is not None else sys.stderr
        self.shown = -1
        self.advance(0)

    def advance(self, n: int) -> None:
        self.done += n
        percent = min(100, self.done * 100 // self.total)
        if percent == self.shown:
            return
        self.shown = percent
        bar = "#" * (percent // 4)
        self.stream.write(f"\r{self.label:<12} [{bar:<25}] {percent:3d}%")
        if percent == 100:
            self.stream.write("\n")
        self.stream.flush()


def _batched(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def generated_article_count() -> int:
    return Article.objects.filter(slug__startswith=SLUG_PREFIX).count()


class ScaleGenerator:
    """One run of ``generate_scale``; ``run()`` does everything in one transaction."""

    def __init__(
        self, sizes: Sizes, *, now: datetime.datetime | None = None, stream=None
    ):
        self.sizes = sizes
        self.rng = random.Random(sizes.seed)
        self.now = now or timezone.now().replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        self.stream = stream

    def progress(self, label: str, total: int) -> Progress:
        return Progress(label, total, self.stream)

    def run(self) -> dict[str, int]:
        existing = generated_article_count()
        if existing:
            raise AlreadyGenerated(
                f"This database already holds {existing} generated articles (slugs "
                f"starting {SLUG_PREFIX!r}). Generate into a fresh database, or flush "
                "this one first."
            )
        with transaction.atomic(), bulk_load(Article, Show, Person, SourceWork):
            self._reference_data()
            self._people()
            self._catalog()
            self._fact_history()
            self._authors()
            self._articles()
            # Bulk writes send no signals: every page's version moves at once.
            pageversions.bump_all()
        self._settle()
        return self.counts

    def _settle(self) -> None:
        """Planner statistics for the new rows (and, outside a
        transaction, the visibility map that index-only scans need), as autovacuum
        would make them in its own time, or never where it is off. Without them the
        first queries after a load, the bench's, are planned for empty tables.
        SQLite never gathers statistics by itself: without them it reads every
        public piece to find a person's few."""
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql" and not connection.in_atomic_block:
                cursor.execute("VACUUM (ANALYZE)")
            else:
                cursor.execute("ANALYZE")

    # --- catalog ----------------------------------------------------------------

    def _reference_data(self) -> None:
        self.counts: dict[str, int] = {}
        self.platforms = [
            Platform.objects.get_or_create(
                slug=slugify(name), defaults={"name": name, "kind": kind}
            )[0]
            for name, kind in text.PLATFORMS
        ]
        self.genres = [
            Genre.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
            for name in text.GENRES
        ]
        self.tags = [
            Tag.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
            for name in text.TAGS
        ]

    def _people(self) -> None:
        rng, n = self.rng, self.sizes.people
        bar = self.progress("people", n)
        created = []
        for batch in _batched(range(n), BATCH):
            rows = []
            for i in batch:
                name = text.person_name(rng)
                bio = text.paragraph(rng) if rng.random() < 0.3 else ""
                rows.append(Person(name=name, slug=f"{_slug(name)}-p{i}", bio=bio))
            created += Person.objects.bulk_create(rows, batch_size=BATCH)
            bar.advance(len(batch))
        self.people = [p.pk for p in created]
        self.counts["people"] = n

    def _catalog(self) -> None:
        rng, n = self.rng, self.sizes.shows
        today = self.now.date()
        bar = self.progress("shows", n)
        shows = []
        for i in range(n):
            title = text.show_title(rng)
            first = today - datetime.timedelta(days=rng.randint(200, 4000))
            shows.append(
                Show(
                    title=title,
                    slug=f"{slugify(title)}-s{i}",
                    kind=rng.choice(
                        ["scripted", "scripted", "miniseries", "animation"]
                    ),
                    status=rng.choice(["returning", "returning", "ended", "on_hiatus"]),
                    synopsis=" ".join(text.sentence(rng) for _ in range(3)),
                    first_air=PreciseDate.day(first),
                )
            )
        shows = Show.objects.bulk_create(shows, batch_size=BATCH)
        self.shows = shows
        through = Show.platforms.through
        through.objects.bulk_create(
            [
                through(show_id=s.pk, platform_id=rng.choice(self.platforms).pk)
                for s in shows
            ],
            batch_size=BATCH,
        )
        through = Show.genres.through
        through.objects.bulk_create(
            [
                through(show_id=s.pk, genre_id=g.pk)
                for s in shows
                for g in rng.sample(self.genres, 2)
            ],
            batch_size=BATCH,
        )
        self._books(shows)
        seasons, episodes, characters, videos, ratings = [], [], [], [], []
        for index, show in enumerate(shows):
            count = rng.randint(1, 5)
            for number in range(1, count + 1):
                seasons.append(self._season(show, number, latest=number == count))
            for c in range(SHOWCASE_CAST if index == 0 else rng.randint(6, 14)):
                name = text.person_name(rng)
                characters.append(
                    Character(show=show, name=name, slug=f"{_slug(name)}-c{c}")
                )
            ratings.append(
                ExternalRating(
                    show=show,
                    provider="imdb",
                    value=Decimal(rng.randint(50, 95)) / 10,
                    scale=Decimal(10),
                    vote_count=rng.randint(100, 200_000),
                    as_of=today - datetime.timedelta(days=rng.randint(1, 60)),
                )
            )
            bar.advance(1)
        seasons = Season.objects.bulk_create(seasons, batch_size=BATCH)
        characters = Character.objects.bulk_create(characters, batch_size=BATCH)
        self.seasons_by_show: dict[int, list[Season]] = {}
        for season in seasons:
            self.seasons_by_show.setdefault(season.show_id, []).append(season)
            if season.release_status in ("airing", "concluded"):
                for e in range(1, rng.randint(6, 10) + 1):
                    episodes.append(
                        Episode(
                            season=season,
                            number=e,
                            title=" ".join(
                                rng.choice(text.WORDS) for _ in range(3)
                            ).title(),
                            runtime=rng.choice([25, 45, 55, 60]),
                            air=PreciseDate.day(
                                season.premiere.start + datetime.timedelta(weeks=e - 1)
                            )
                            if season.premiere.start
                            else PreciseDate.unknown(),
                        )
                    )
            if rng.random() < 0.7 or season.show_id == shows[0].pk:
                videos.append(
                    Video(
                        show_id=season.show_id,
                        season=season,
                        kind="trailer",
                        title=f"Season {season.number} trailer",
                        youtube_id=f"sc{len(videos):09d}",
                        published_on=today
                        - datetime.timedelta(days=rng.randint(1, 900)),
                    )
                )
        Episode.objects.bulk_create(episodes, batch_size=BATCH)
        Video.objects.bulk_create(videos, batch_size=BATCH)
        ExternalRating.objects.bulk_create(ratings, batch_size=BATCH)
        self._credits(characters)
        self._adaptations()
        self.counts |= {
            "shows": n,
            "seasons": len(seasons),
            "episodes": len(episodes),
            "characters": len(characters),
            "videos": len(videos),
        }

    def _season(self, show: Show, number: int, *, latest: bool) -> Season:
        rng, today = self.rng, self.now.date()
        if not latest:
            start = today - datetime.timedelta(days=rng.randint(400, 3000))
            return Season(
                show=show,
                number=number,
                release_status="concluded",
                planned_episode_count=8,
                release_model="weekly",
                premiere=PreciseDate.day(start),
                finale=PreciseDate.day(start + datetime.timedelta(weeks=7)),
            )
        status = rng.choice(
            ["renewed", "filming", "post_production", "date_announced", "airing"]
        )
        if status == "date_announced":
            premiere = PreciseDate.day(
                today + datetime.timedelta(days=rng.randint(5, 300))
            )
        elif status == "airing":
            premiere = PreciseDate.day(
                today - datetime.timedelta(days=rng.randint(1, 40))
            )
        elif status == "renewed":
            premiere = PreciseDate.year(today.year + 1, Confidence.ESTIMATE)
        else:
            quarter = rng.randint(1, 4)
            premiere = PreciseDate.quarter(today.year + 1, quarter, Confidence.REPORTED)
        return Season(
            show=show,
            number=number,
            release_status=status,
            planned_episode_count=rng.choice([6, 8, 10]),
            release_model=rng.choice(["all_at_once", "weekly"]),
            synopsis=text.sentence(rng, 15, 30),
            premiere=premiere,
        )

    def _credits(self, characters: list[Character]) -> None:
        rng, rows = self.rng, []
        by_show: dict[int, int] = {}
        showcase = self.shows[0].pk
        for character in characters:
            order = by_show.get(character.show_id, 0)
            by_show[character.show_id] = order + 1
            main = character.show_id == showcase or order < 6
            rows.append(
                Credit(
                    person_id=rng.choice(self.people),
                    show_id=character.show_id,
                    character=character,
                    kind="main" if main else rng.choice(["recurring", "guest"]),
                    billing_order=order,
                    status="rumoured" if rng.random() < 0.05 else "confirmed",
                )
            )
        for show in self.shows:
            rows.append(
                Credit(
                    person_id=rng.choice(self.people),
                    show=show,
                    kind="crew",
                    job="showrunner",
                    billing_order=100,
                )
            )
        self.credits = Credit.objects.bulk_create(rows, batch_size=BATCH)
        self.counts["credits"] = len(rows)

    def _books(self, shows: list[Show]) -> None:
        """A book series behind every fourth show (and the showcase's)."""
        rng, today = self.rng, self.now.date()
        based = [s for i, s in enumerate(shows) if i % 4 == 0]
        works = SourceWork.objects.bulk_create(
            [
                SourceWork(
                    title=f"{show.title}: the novels",
                    slug=f"{show.slug}-books",
                    kind="novel_series",
                    description=text.sentence(rng, 15, 30),
                )
                for show in based
            ],
            batch_size=BATCH,
        )
        through = Show.based_on.through
        through.objects.bulk_create(
            [
                through(show_id=s.pk, sourcework_id=w.pk)
                for s, w in zip(based, works, strict=True)
            ],
            batch_size=BATCH,
        )
        volumes = []
        for work in works:
            for number in range(1, rng.randint(3, 6) + 1):
                published = today - datetime.timedelta(days=rng.randint(300, 5000))
                volumes.append(
                    SourceVolume(
                        work=work,
                        number=number,
                        title=f"Volume {number}",
                        status="published",
                        publication=PreciseDate.day(published),
                    )
                )
        volumes = SourceVolume.objects.bulk_create(volumes, batch_size=BATCH)
        self.volumes_by_show: dict[int, list[SourceVolume]] = {}
        by_work = {}
        for volume in volumes:
            by_work.setdefault(volume.work_id, []).append(volume)
        for show, work in zip(based, works, strict=True):
            self.volumes_by_show[show.pk] = by_work[work.pk]

    def _adaptations(self) -> None:
        rows = []
        for show_id, volumes in self.volumes_by_show.items():
            for season in self.seasons_by_show[show_id]:
                if season.number <= len(volumes):
                    rows.append(
                        SeasonAdaptation(
                            season=season,
                            volume=volumes[season.number - 1],
                            certainty="confirmed"
                            if season.number > 1
                            else "speculated",
                        )
                    )
        SeasonAdaptation.objects.bulk_create(rows, batch_size=BATCH)

    def _fact_history(self) -> None:
        """Release news after the fact: half the latest seasons changed status (and
        date) at some point in the last year, recorded as ``catalog`` would."""
        rng, changes = self.rng, []
        for seasons in self.seasons_by_show.values():
            season = seasons[-1]
            if season.release_status not in ("filming", "date_announced", "airing"):
                continue
            if rng.random() < 0.5:
                continue
            before = Season(
                pk=season.pk,
                show_id=season.show_id,
                number=season.number,
                release_status="renewed",
                premiere=PreciseDate.year(
                    season.premiere.start.year, Confidence.ESTIMATE
                ),
            )
            before.show = season.show
            at = self.now - datetime.timedelta(
                days=rng.randint(1, 360), minutes=rng.randint(0, 1440)
            )
            with recording(at=at, note="Generated release news"):
                changes += season.fact_changes_since(before)
        FactChange.objects.bulk_create(changes, batch_size=BATCH)
        self.counts["fact_changes"] = len(changes)

    # --- articles -----------------------------------------------------------------

    def _authors(self) -> None:
        User = get_user_model()
        users = User.objects.bulk_create(
            [
                User(username=f"scale-author-{i}", is_staff=True, password="!")
                for i in range(self.sizes.authors)
            ]
        )
        self.authors = AuthorProfile.objects.bulk_create(
            [
                AuthorProfile(
                    user=user,
                    name=text.person_name(self.rng),
                    slug=f"scale-author-{i}",
                    bio=text.sentence(self.rng),
                )
                for i, user in enumerate(users)
            ]
        )

    def _compiled_pieces(self) -> None:
        """Paragraph pool and embed templates, each through the real compiler once."""
        rng = self.rng
        self.paragraphs = [text.paragraph(rng) for _ in range(400)]
        self.paragraph_html = [
            sanitise_html(markdown_to_html(p)) for p in self.paragraphs
        ]
        sample = self.shows[0]
        season = self.seasons_by_show[sample.pk][-1]
        ref = f"{sample.slug}/{season.number}"
        self.embeds = {}
        for kind, source in {
            "factbox": "[[factbox season={ref}]]",
            "release": "[[release season={ref}]]",
            "cast": "[[cast season={ref} all]]",
            "trailers": "[[trailers season={ref}]]",
            "volumes": "[[volumes season={ref}]]",
            "fact": "The premiere is {{{{season:{ref}.premiere}}}}, as things stand.",
        }.items():
            html = compile_body(source.format(ref=ref)).html
            marker = f":season:{season.pk}:"
            assert marker in html, (kind, html)
            self.embeds[kind] = (source, html.replace(marker, ":season:{pk}:"))

    def _body(self, season: Season, kinds: list[str]) -> tuple[str, str]:
        rng = self.rng
        picks = [rng.randrange(len(self.paragraphs)) for _ in range(rng.randint(4, 9))]
        md = [self.paragraphs[i] for i in picks]
        html = [self.paragraph_html[i] for i in picks]
        ref = f"{self.show_slugs[season.show_id]}/{season.number}"
        for n, kind in enumerate(kinds):
            source, template = self.embeds[kind]
            at = min(len(md), 1 + n * 2)
            md.insert(at, source.format(ref=ref))
            html.insert(at, template.replace("{pk}", str(season.pk)))
        return "\n\n".join(md), "\n".join(html)

    def _articles(self) -> None:
        self._compiled_pieces()
        self.show_slugs = {s.pk: s.slug for s in self.shows}
        self.tag_pks = [t.pk for t in self.tags]
        self.author_pks = [a.pk for a in self.authors]
        ct = {
            model: ContentType.objects.get_for_model(model).pk
            for model in (Show, Season, Person)
        }
        tables = _article_tables()
        total = self.sizes.articles
        per_article = self._comment_plan(total)
        bar = self.progress("articles", total)
        totals = dict.fromkeys(("articles", "comments", "references", "snapshots"), 0)
        first_pk = next_pk(Article)
        for start in range(0, total, ARTICLE_CHUNK):
            indexes = range(start, min(total, start + ARTICLE_CHUNK))
            pieces = [self._article(i, first_pk + i) for i in indexes]
            totals["articles"] += tables["articles"].insert(p.row for p in pieces)
            self._article_relations(pieces, ct, tables, totals)
            totals["comments"] += tables["comments"].insert(
                self._comments(pieces, [per_article[i] for i in indexes])
            )
            bar.advance(len(pieces))
            reset_queries()  # with DEBUG on, the log would keep every statement
        reset_sequences(Article)
        self.counts |= totals

    def _article(self, i: int, pk: int) -> Piece:
        rng, now = self.rng, self.now
        if i == 0:  # the showcase: newest public piece, every embed the bench needs
            show = self.shows[0]
            # Its latest season that adapts a volume: an empty list is left out.
            adapted = len(self.volumes_by_show.get(show.pk, ()))
            seasons = self.seasons_by_show[show.pk]
            season = ([s for s in seasons if s.number <= adapted] or seasons)[-1]
            kinds = ["factbox", "cast", "trailers", "volumes", "fact"]
            state, published = "published", now - datetime.timedelta(hours=12)
            kind = "speculation"
        else:
            show = self.shows[rng.randrange(len(self.shows))]
            season = rng.choice(self.seasons_by_show[show.pk])
            roll = rng.random()
            kinds = []
            if roll < 0.6:
                kinds = rng.sample(
                    ["factbox", "release", "cast", "trailers", "fact"],
                    rng.randint(1, 3),
                )
                if show.pk in self.volumes_by_show and rng.random() < 0.5:
                    kinds.append("volumes")
            state_roll = rng.random()
            if state_roll < 0.85:
                state = "published"
                published = now - datetime.timedelta(
                    days=rng.randint(1, 5 * 365), minutes=rng.randint(0, 1439)
                )
            elif state_roll < 0.88:
                state = "published"  # scheduled
                published = now + datetime.timedelta(days=rng.randint(1, 30), hours=9)
            else:
                state = rng.choice(["draft", "draft", "review", "unpublished"])
                published = None
            kind = rng.choice(
                ["news", "news", "speculation", "review", "explainer", "feature"]
            )
        people = [] if rng.random() < 0.7 else [rng.choice(self.people)]
        template = rng.choice(text.TITLE_TEMPLATES)
        title = template.format(
            show=show.title, n=season.number, person=text.person_name(rng)
        )
        body, body_html = self._body(season, kinds)
        slug = f"{SLUG_PREFIX}{i}-{slugify(title)}"[:200]
        standfirst = text.sentence(rng, 15, 35)
        # Columns as in _article_tables(); created and modified as of publication.
        row = (pk, title, slug, standfirst, body, body_html, kind, state)
        row += (published, published, True, published or now, published or now)
        row += (body,)  # search_body: generated bodies hold no spoiler passages
        return Piece(
            pk=pk,
            slug=slug,
            state=state,
            kind=kind,
            published_at=published,
            show=show.pk,
            season=season.pk,
            people=people,
            embeds=bool(kinds),
            tags=rng.sample(self.tag_pks, rng.randint(1, 3)),
            authors=rng.sample(
                self.author_pks,
                min(len(self.author_pks), 1 if rng.random() < 0.8 else 2),
            ),
            row=row,
        )

    def _article_relations(self, pieces, ct, tables, totals) -> None:
        """Subjects, tags, bylines, the reference index, reviews and snapshots."""
        rows: dict[str, list[tuple]] = {
            name: []
            for name in (
                "subject_shows",
                "subject_seasons",
                "subject_people",
                "tags",
                "authors",
                "references",
                "reviews",
            )
        }
        shows, seasons, people = (
            rows["subject_shows"],
            rows["subject_seasons"],
            rows["subject_people"],
        )
        references, snapshotted = rows["references"], []
        for p in pieces:
            pk = p.pk
            shows.append((pk, p.show))
            seasons.append((pk, p.season))
            references.append((pk, ct[Show], p.show, "subject"))
            references.append((pk, ct[Season], p.season, "subject"))
            for person in p.people:
                people.append((pk, person))
                references.append((pk, ct[Person], person, "subject"))
            if p.embeds:
                references.append((pk, ct[Season], p.season, "embed"))
            rows["tags"] += [(pk, tag) for tag in p.tags]
            rows["authors"] += [(pk, author) for author in p.authors]
            if p.state != "published":
                continue
            rows["reviews"].append((pk, p.published_at, "published"))
            if p.embeds or p.kind == "speculation":
                snapshotted.append(p)
        for name, batch in rows.items():
            tables[name].insert(batch)
        totals["references"] += len(references)
        totals["snapshots"] += articles_take_snapshots(
            articles=[
                Article(
                    pk=p.pk,
                    body_html=p.row[5],
                    kind=p.kind,
                    published_at=p.published_at,
                )  # fmt: skip
                for p in snapshotted
            ]
        )

    # --- comments -----------------------------------------------------------------

    def _comment_plan(self, total: int) -> list[int]:
        """How many comments each article gets: the showcase exactly 50 approved (the
        most of any piece), the rest spread at random, at most 20 each."""
        plan = [0] * total
        if not total:
            return plan
        plan[0] = SHOWCASE_COMMENTS
        left = max(0, self.sizes.comments - SHOWCASE_COMMENTS)
        while left > 0 and total > 1:
            i = self.rng.randrange(1, total)
            if plan[i] < 20:
                take = min(left, self.rng.randint(1, 8), 20 - plan[i])
                plan[i] += take
                left -= take
        return plan

    def _comments(self, pieces: list[Piece], counts: list[int]) -> Iterator[tuple]:
        """Comment rows in the columns of _article_tables()["comments"]."""
        rng = self.rng
        for piece, count in zip(pieces, counts, strict=True):
            at = piece.published_at
            if not count or piece.state != "published" or at > self.now:
                continue
            showcase = piece.slug.startswith(f"{SLUG_PREFIX}0-")
            for n in range(count):
                state = (
                    "approved"
                    if showcase
                    else rng.choices(
                        ["approved", "pending", "spam"], weights=[85, 10, 5]
                    )[0]
                )
                name = text.person_name(rng)
                body = " ".join(text.sentence(rng) for _ in range(rng.randint(1, 4)))
                yield (
                    piece.pk,
                    name,
                    f"{_slug(name)}{n}@example.com",
                    body,
                    state,
                    f"192.0.2.{n % 250 + 1}",
                    at + datetime.timedelta(minutes=5 * (n + 1)),
                    None if state == "pending" else at,
                    f"scale-{piece.pk}-{n}",
                )


def _article_tables() -> dict[str, Table]:
    """The INSERTs for articles and what hangs off them, with their columns."""
    A = Article
    return {
        "articles": Table(
            A,
            (
                "id",
                "title",
                "slug",
                "standfirst",
                "body",
                "body_html",
                "kind",
                "state",
                "published_at",
                "first_published_at",
                "comments_open",
                "created_at",
                "modified_at",
                "search_body",
            ),
        ),
        "subject_shows": Table(A.subject_shows.through, ("article_id", "show_id")),
        "subject_seasons": Table(
            A.subject_seasons.through, ("article_id", "season_id")
        ),
        "subject_people": Table(A.subject_people.through, ("article_id", "person_id")),
        "tags": Table(A.tags.through, ("article_id", "tag_id")),
        "authors": Table(A.authors.through, ("article_id", "authorprofile_id")),
        "references": Table(
            ArticleReference, ("article_id", "content_type_id", "object_id", "via")
        ),
        "reviews": Table(FactReview, ("article_id", "reviewed_at", "reason")),
        "comments": Table(
            Comment,
            (
                "article_id",
                "name",
                "email",
                "body",
                "state",
                "ip_address",
                "created_at",
                "moderated_at",
                "dedupe_key",
            ),
        ),
    }
