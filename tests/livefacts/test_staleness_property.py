"""Flagged exactly when readers see something else: random catalog edits of every kind
(fields, rows added and removed, no-op saves, fields no embed shows, reviews) over
pieces using every embed kind. After each step, the pieces on "Needs update" are
those whose rendered embeds differ from their rendering at the last review.

The referee is the rendered HTML, not the snapshot code. Each example runs in a
rolled-back transaction; the example count is bounded to keep it under a minute.
"""

import datetime
import os
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article
from catalog.dates import Confidence, PreciseDate, Precision
from catalog.models import Credit, ExternalRating, SeasonAdaptation, Video
from livefacts.body import render_live_body
from livefacts.services import article_mark_reviewed
from livefacts.staleness import needs_update
from tests.factories import (
    ArticleFactory,
    CharacterFactory,
    CreditFactory,
    EpisodeFactory,
    ExternalRatingFactory,
    PersonFactory,
    PlatformFactory,
    SeasonAdaptationFactory,
    SourceFactory,
    SourceVolumeFactory,
    VideoFactory,
)
from tests.livefacts_helpers import make_catalog

pytestmark = pytest.mark.django_db

BODIES = [
    "[[factbox season=heartstopper/2]]",
    "[[factbox show=heartstopper]]",
    "[[release season=heartstopper/2]]",
    "[[cast show=heartstopper]]",
    "[[cast season=heartstopper/2 all]]",
    "[[trailers season=heartstopper/2]]",
    "[[trailers show=heartstopper]]",
    "[[volumes season=heartstopper/2]]",
    "[[volumes work=heartstopper-books]]",
    "[[rating show=heartstopper]]",
    "[[rating season=heartstopper/2]]",
    "[[video id={video}]]",
    "{{season:heartstopper/2.premiere}} {{season:heartstopper/2.finale}} "
    "{{season:heartstopper/2.status}} {{season:heartstopper/2.episode_count}} "
    "{{season:heartstopper/2.release_model}}",
    "{{show:heartstopper.status}} {{show:heartstopper.first_air}} "
    "{{show:heartstopper.platform}}",
    "{{character:heartstopper/nick-nelson.actor}} {{episode:heartstopper/2/1.air}}",
    "{{volume:heartstopper-books/3.publication}} {{person:kit-connor.name}} "
    "{{work:heartstopper-books.volumes}}",
]

dates = st.one_of(
    st.just(PreciseDate.unknown()),
    st.builds(
        PreciseDate,
        st.dates(datetime.date(2024, 1, 1), datetime.date(2029, 12, 31)),
        st.sampled_from(list(Precision)),
        st.sampled_from(list(Confidence)),
    ),
)
names = st.sampled_from(["Jane Doe", "Tara Jones", "Sam Lee", "Kit Connor", "Ana"])


class World:
    """The catalog and pieces one example edits, and what each piece showed when
    last reviewed."""

    def __init__(self, editor):
        self.editor = editor
        self.catalog = c = make_catalog(cast=3)
        self.episode = EpisodeFactory(season=c.season, number=1, title="Pilot")
        SourceVolumeFactory(work=c.work, number=4)
        video = Video.objects.get(season=c.season)
        ExternalRatingFactory(show=c.show, season=c.season, vote_count=12301)
        self.pieces = [
            ArticleFactory(title=f"Piece {n}", body=body.format(video=video.pk))
            for n, body in enumerate(BODIES)
        ]
        self.shown = {p.pk: self.render(p) for p in self.pieces}

    def render(self, piece) -> str:
        piece.refresh_from_db(fields=["body_html"])
        return str(render_live_body(piece.body_html))

    def check(self):
        flagged = set(needs_update(Article.objects.all()).values_list("pk", flat=True))
        differ = {p.pk for p in self.pieces if self.render(p) != self.shown[p.pk]}
        assert flagged == differ


# --- the edits: each draws what it needs ---------------------------------------------


def edit_season(data, w):
    season = w.catalog.season
    name = data.draw(
        st.sampled_from(
            [
                "release_status",
                "premiere",
                "finale",
                "planned_episode_count",
                "release_model",
                "synopsis",
                "source",
            ]  # fmt: skip
        )
    )
    value = {
        "release_status": st.sampled_from(["renewed", "filming", "airing", "delayed"]),
        "premiere": dates,
        "finale": dates,
        "planned_episode_count": st.one_of(st.none(), st.integers(1, 12)),
        "release_model": st.sampled_from(["", "weekly", "all_at_once"]),
        "synopsis": st.text(max_size=5),
        "source": st.one_of(st.none(), st.builds(SourceFactory)),
    }[name]
    setattr(season, name, data.draw(value))
    season.save()


def edit_show(data, w):
    show = w.catalog.show
    name = data.draw(st.sampled_from(["status", "first_air", "title", "synopsis"]))
    value = {
        "status": st.sampled_from(["returning", "ended", "in_production"]),
        "first_air": dates,
        "title": st.sampled_from(["Heartstopper", "Heartstopper!"]),
        "synopsis": st.text(max_size=5),
    }[name]
    setattr(show, name, data.draw(value))
    show.save()


def edit_credit(data, w):
    show, season = w.catalog.show, w.catalog.season
    credits = list(Credit.objects.filter(show=show))
    action = data.draw(st.sampled_from(["add", "delete", "change"]))
    if action == "add" or not credits:
        character = data.draw(st.sampled_from([None, "Tara", "Nick Nelson"]))
        if character == "Nick Nelson":
            character = w.catalog.character
        elif character:
            character = CharacterFactory(show=show, name=character)
        CreditFactory(
            show=show,
            season=data.draw(st.sampled_from([None, season])),
            person=PersonFactory(name=data.draw(names)),
            character=character,
            kind=data.draw(st.sampled_from(["main", "recurring", "guest"])),
            status=data.draw(st.sampled_from(["confirmed", "rumoured"])),
            billing_order=data.draw(st.integers(0, 5)),
        )
    elif action == "delete":
        data.draw(st.sampled_from(credits)).delete()
    else:
        credit = data.draw(st.sampled_from(credits))
        name = data.draw(st.sampled_from(["status", "kind", "billing_order"]))
        value = {
            "status": st.sampled_from(["confirmed", "rumoured", "departed", "recast"]),
            "kind": st.sampled_from(["main", "recurring", "guest"]),
            "billing_order": st.integers(0, 5),
        }[name]
        setattr(credit, name, data.draw(value))
        credit.save()


def edit_person(data, w):
    person = data.draw(st.sampled_from(list(w.catalog.show.credits.all()))).person
    if data.draw(st.booleans()):
        person.name = data.draw(names)
    else:
        person.bio = data.draw(st.text(max_size=5))  # no embed shows it
    person.save()


def edit_video(data, w):
    show, season = w.catalog.show, w.catalog.season
    videos = list(Video.objects.filter(show=show))
    action = data.draw(st.sampled_from(["add", "delete", "change"]))
    if action == "add" or not videos:
        VideoFactory(
            show=show,
            season=data.draw(st.sampled_from([None, season])),
            title=data.draw(st.sampled_from(["Official teaser", "Trailer", "Clip"])),
            published_on=data.draw(st.one_of(st.none(), st.dates())),
        )
    elif action == "delete":
        video = data.draw(st.sampled_from(videos))
        if not any(str(video.pk) in p.body_html for p in w.pieces[11:12]):
            video.delete()  # the [[video]] piece's own video stays
    else:
        video = data.draw(st.sampled_from(videos))
        name = data.draw(st.sampled_from(["title", "kind", "is_official"]))
        value = {
            "title": st.sampled_from(["Official teaser", "Trailer 2"]),
            "kind": st.sampled_from(["trailer", "teaser", "clip"]),
            "is_official": st.booleans(),
        }[name]
        setattr(video, name, data.draw(value))
        video.save()


def edit_rating(data, w):
    ratings = list(ExternalRating.objects.all())
    action = data.draw(st.sampled_from(["add", "delete", "change"]))
    if action == "add":
        provider = data.draw(st.sampled_from(["tmdb", "metacritic"]))
        season = data.draw(st.sampled_from([None, w.catalog.season]))
        taken = ExternalRating.objects.filter(provider=provider, season=season)
        if not taken.exists():
            ExternalRatingFactory(show=w.catalog.show, season=season, provider=provider)
    elif action == "delete" and ratings:
        data.draw(st.sampled_from(ratings)).delete()
    elif ratings:
        rating = data.draw(st.sampled_from(ratings))
        name = data.draw(st.sampled_from(["value", "vote_count", "as_of"]))
        value = {
            "value": st.sampled_from([Decimal("7.5"), Decimal("8.8"), Decimal("9")]),
            "vote_count": st.one_of(st.none(), st.integers(0, 20000)),
            "as_of": st.dates(datetime.date(2022, 1, 1), datetime.date(2024, 1, 1)),
        }[name]
        setattr(rating, name, data.draw(value))
        rating.save()


def edit_books(data, w):
    work, season = w.catalog.work, w.catalog.season
    volumes = list(work.volumes.all())
    action = data.draw(
        st.sampled_from(["add", "delete", "change", "adapt", "unadapt", "certainty"])
    )
    if action == "add":
        highest = max((volume.number for volume in volumes), default=0)
        SourceVolumeFactory(work=work, number=highest + data.draw(st.integers(1, 3)))
    elif action == "delete" and len(volumes) > 1:
        volume = data.draw(st.sampled_from(volumes))
        if volume.number != 3:  # the inline fact's volume stays
            volume.delete()
    elif action == "change":
        volume = data.draw(st.sampled_from(volumes))
        name = data.draw(st.sampled_from(["publication", "title", "isbn13"]))
        value = {
            "publication": dates.filter(lambda d: d.is_known),
            "title": st.sampled_from(["Volume 3", "The new one"]),
            "isbn13": st.just("9780306406157"),  # no embed shows it
        }[name]
        setattr(volume, name, data.draw(value))
        volume.save()
    elif action == "adapt":
        volume = data.draw(st.sampled_from(volumes))
        if not SeasonAdaptation.objects.filter(season=season, volume=volume).exists():
            SeasonAdaptationFactory(season=season, volume=volume)
    else:
        adaptations = list(season.adaptations.all())
        if adaptations:
            adaptation = data.draw(st.sampled_from(adaptations))
            if action == "unadapt":
                adaptation.delete()
            else:
                adaptation.certainty = data.draw(
                    st.sampled_from(["confirmed", "speculated"])
                )
                adaptation.save()


def edit_episode(data, w):
    episode = w.episode
    name = data.draw(st.sampled_from(["air", "runtime", "new"]))
    if name == "new":
        EpisodeFactory(
            season=w.catalog.season, number=episode.season.episodes.count() + 1
        )
        return
    value = dates if name == "air" else st.one_of(st.none(), st.integers(20, 60))
    setattr(episode, name, data.draw(value))
    episode.save()


def edit_platforms(data, w):
    show = w.catalog.show
    platform = PlatformFactory(name="Netflix", slug="netflix")
    if data.draw(st.booleans()):
        show.platforms.add(platform)
    else:
        show.platforms.remove(platform)


def save_unchanged(data, w):
    c = w.catalog
    obj = data.draw(
        st.sampled_from(
            [
                c.season,
                c.show,
                c.volume,
                c.actor,
                c.character,
                w.episode,
                *Credit.objects.all(),
                *Video.objects.all(),
            ]  # fmt: skip
        )
    )
    obj.save()


def review(data, w):
    piece = data.draw(st.sampled_from(w.pieces))
    article_mark_reviewed(article=piece, by=w.editor)
    w.shown[piece.pk] = w.render(piece)


EDITS = [
    edit_season,
    edit_show,
    edit_credit,
    edit_person,
    edit_video,
    edit_rating,
    edit_books,
    edit_episode,
    edit_platforms,
    save_unchanged,
    review,
]


@settings(
    # CI's PostgreSQL pass runs half (.ci/run); the SQLite pass keeps all ten.
    max_examples=int(os.environ.get("STALENESS_EXAMPLES", 4)),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_flagged_pieces_are_those_whose_embeds_now_render_differently(data, editor):
    with transaction.atomic():
        world = World(editor)
        world.check()
        for _ in range(data.draw(st.integers(1, 10), label="steps")):
            edit = data.draw(st.sampled_from(EDITS))
            edit(data, world)
            world.check()
        transaction.set_rollback(True)
