"""Model and form validation: every rule names its field and says how to fix it."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.forms import modelform_factory
from hypothesis import given
from hypothesis import strategies as st

from catalog.dates import PreciseDate
from catalog.models import (
    Credit,
    Episode,
    ExternalRating,
    Person,
    Season,
    Show,
    SourceVolume,
    Video,
)
from catalog.models.fields import reduce_youtube
from catalog.validators import isbn13_is_valid
from tests.factories import (
    CharacterFactory,
    CreditFactory,
    EpisodeFactory,
    ExternalRatingFactory,
    PersonFactory,
    SeasonFactory,
    ShowFactory,
    SourceVolumeFactory,
    SourceWorkFactory,
)

pytestmark = pytest.mark.django_db


def errors_of(obj) -> dict:
    with pytest.raises(ValidationError) as info:
        obj.full_clean()
    return info.value.message_dict


def test_duplicate_season_number_is_an_error_on_number():
    season = SeasonFactory(number=2)
    duplicate = Season(show=season.show, number=2)
    assert "already has a season 2" in errors_of(duplicate)["number"][0]


def test_duplicate_season_number_is_refused_by_the_database_too():
    season = SeasonFactory(number=2)
    with pytest.raises(IntegrityError):
        Season.objects.create(show=season.show, number=2)


def test_same_season_number_in_another_show_is_fine():
    SeasonFactory(number=1)
    Season(show=ShowFactory(), number=1).full_clean()


def test_season_zero_is_specials():
    assert Season(show=ShowFactory(), number=0).label == "Specials"


def test_duplicate_episode_and_volume_numbers_are_errors_on_number():
    episode = EpisodeFactory(number=3)
    assert "number" in errors_of(Episode(season=episode.season, number=3))
    volume = SourceVolumeFactory(number=1)
    assert "number" in errors_of(
        SourceVolume(work=volume.work, number=1, publication=PreciseDate.year(2020))
    )


@pytest.mark.parametrize(
    ("premiere", "finale", "ok"),
    [
        (
            PreciseDate.day(datetime.date(2023, 8, 3)),
            PreciseDate.day(datetime.date(2023, 8, 2)),
            False,
        ),
        (PreciseDate.year(2024), PreciseDate.day(datetime.date(2023, 12, 31)), False),
        # Same period at a coarser precision could still be after: not an error.
        (PreciseDate.day(datetime.date(2023, 8, 3)), PreciseDate.year(2023), True),
        (
            PreciseDate.day(datetime.date(2023, 8, 3)),
            PreciseDate.day(datetime.date(2023, 8, 3)),
            True,
        ),
        (PreciseDate.unknown(), PreciseDate.year(2020), True),
    ],
)
def test_finale_before_premiere_is_an_error_on_the_finale(premiere, finale, ok):
    season = Season(show=ShowFactory(), number=1, premiere=premiere, finale=finale)
    if ok:
        season.full_clean()
    else:
        assert "finale is before the premiere" in errors_of(season)["finale_date"][0]


def test_show_last_air_before_first_air_is_an_error():
    show = ShowFactory.build(
        first_air=PreciseDate.year(2022), last_air=PreciseDate.year(2021)
    )
    assert "last_air_date" in errors_of(show)


@pytest.mark.parametrize(
    ("isbn", "ok"),
    [
        ("9780306406157", True),
        ("978-0-306-40615-7", True),
        ("9780306406158", False),  # wrong check digit
        ("12345", False),
        ("9770306406157", False),  # not a book prefix
    ],
)
def test_isbn13_checksum_is_validated(isbn, ok):
    volume = SourceVolumeFactory.build(work=SourceWorkFactory(), isbn13=isbn, number=1)
    if ok:
        volume.full_clean()
        assert volume.isbn13 == "9780306406157"
    else:
        assert "isbn13" in errors_of(volume)


def test_bad_isbn_check_digit_message_says_what_is_wrong():
    volume = SourceVolumeFactory.build(work=SourceWorkFactory(), isbn13="9780306406158")
    assert "check digit" in errors_of(volume)["isbn13"][0]


@pytest.mark.parametrize("last", "0123456789")
def test_exactly_one_check_digit_is_valid(last):
    assert isbn13_is_valid("978030640615" + last) is (last == "7")


@pytest.mark.parametrize(
    ("field", "value", "ok"),
    [
        ("imdb_id", "tt10638036", True),
        ("imdb_id", "nm10638036", False),
        ("imdb_id", "tt12", False),
        ("tmdb_id", "130392", True),
        ("tmdb_id", "abc", False),
        ("wikidata_id", "Q106484963", True),
        ("wikidata_id", "106484963", False),
    ],
)
def test_show_external_ids_are_validated_by_pattern(field, value, ok):
    show = ShowFactory.build(**{field: value})
    if ok:
        show.full_clean()
    else:
        assert field in errors_of(show)


def test_person_imdb_id_must_be_a_name_id():
    person = PersonFactory.build(imdb_id="tt1234567")
    assert '"nm"' in errors_of(person)["imdb_id"][0]
    PersonFactory.build(imdb_id="nm1234567").full_clean()


def test_person_imdb_id_is_unique_when_set():
    PersonFactory(imdb_id="nm1234567")
    PersonFactory(imdb_id="")
    PersonFactory(imdb_id="")
    assert errors_of(Person(name="Other", slug="other", imdb_id="nm1234567"))


@pytest.mark.parametrize(
    "pasted",
    [
        "dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=10",
        "https://youtu.be/dQw4w9WgXcQ?si=abc",
        "youtube.com/embed/dQw4w9WgXcQ",
        "https://www.youtube.com/shorts/dQw4w9WgXcQ",
        "  https://m.youtube.com/watch?v=dQw4w9WgXcQ  ",
    ],
)
def test_youtube_urls_are_reduced_to_the_id_in_forms_and_code(pasted):
    assert reduce_youtube(pasted) == "dQw4w9WgXcQ"
    show = ShowFactory()
    form = modelform_factory(Video, fields=["show", "kind", "title", "youtube_id"])(
        data={"show": show.pk, "kind": "trailer", "title": "T", "youtube_id": pasted}
    )
    assert form.is_valid(), form.errors
    assert form.save().youtube_id == "dQw4w9WgXcQ"
    Video.objects.all().delete()
    video = Video.objects.create(show=show, title="T", youtube_id=pasted)
    video.refresh_from_db()
    assert video.youtube_id == "dQw4w9WgXcQ"


@pytest.mark.parametrize(
    "bad", ["https://vimeo.com/12345", "short", "https://youtube.com/watch?v=bad"]
)
def test_bad_youtube_value_is_a_form_error_on_the_field(bad):
    form = modelform_factory(Video, fields=["show", "kind", "title", "youtube_id"])(
        data={
            "show": ShowFactory().pk,
            "kind": "trailer",
            "title": "T",
            "youtube_id": bad,
        }
    )
    assert not form.is_valid()
    assert "YouTube" in form.errors["youtube_id"][0]


def test_crew_credit_needs_a_job_and_cast_credit_has_none():
    show = ShowFactory()
    crew = Credit(person=PersonFactory(), show=show, kind="crew")
    assert "job" in errors_of(crew)
    cast = Credit(person=PersonFactory(), show=show, kind="main", job="director")
    assert "job" in errors_of(cast)
    with pytest.raises(IntegrityError):
        Credit.objects.create(person=PersonFactory(), show=show, kind="crew")


def test_credit_season_and_character_must_belong_to_the_show():
    credit = CreditFactory()
    credit.season = SeasonFactory()
    credit.character = CharacterFactory()
    errors = errors_of(credit)
    assert "another show" in errors["season"][0]
    assert "another show" in errors["character"][0]


def test_rating_must_be_within_its_scale():
    rating = ExternalRatingFactory.build(show=ShowFactory(), value=Decimal("11"))
    assert "value" in errors_of(rating)
    with pytest.raises(IntegrityError):
        ExternalRatingFactory(value=Decimal("11"))


def test_one_rating_per_site_for_a_show_and_for_each_season():
    rating = ExternalRatingFactory()
    season = SeasonFactory(show=rating.show)
    ExternalRatingFactory(show=rating.show, season=season)
    with pytest.raises(IntegrityError):
        ExternalRating.objects.create(
            show=rating.show, provider="imdb", value=1, as_of=datetime.date.today()
        )


def test_rating_displays_without_trailing_zeros():
    rating = ExternalRatingFactory(value=Decimal("8.80"))
    rating.refresh_from_db()
    assert rating.display_value == "8.8/10"
    assert str(rating) == f"{rating.show} on IMDb"


def test_published_volume_needs_a_date():
    volume = SourceVolume(work=SourceWorkFactory(), number=1, status="published")
    assert "publication_date" in errors_of(volume)
    SourceVolume(work=SourceWorkFactory(), number=1, status="announced").full_clean()


def test_precise_date_property_works_in_constructors_and_get_or_create():
    show = ShowFactory()
    season, _ = Season.objects.get_or_create(
        show=show, number=4, defaults={"premiere": PreciseDate.quarter(2026, 2)}
    )
    season.refresh_from_db()
    assert season.premiere == PreciseDate.quarter(2026, 2)


@pytest.mark.parametrize(
    "obj_factory",
    [
        lambda: ShowFactory(),
        lambda: SeasonFactory(),
        lambda: PersonFactory(),
        lambda: SourceWorkFactory(),
    ],
)
def test_public_models_have_working_urls(client, obj_factory):
    obj = obj_factory()
    assert client.get(obj.get_absolute_url()).status_code == 200


def test_show_kind_and_status_choices_cover_the_issue():
    assert {"scripted", "miniseries", "reality", "documentary", "animation"} <= set(
        Show.Kind.values
    )
    assert set(Show.Status.values) == {
        "in_development",
        "planned",
        "in_production",
        "returning",
        "on_hiatus",
        "ended",
        "cancelled",
    }
    assert len(Season.ReleaseStatus.values) == 10


youtube_ids = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
    min_size=11,
    max_size=11,
)


@given(
    youtube_ids,
    st.sampled_from(
        [
            "https://www.youtube.com/watch?v={}",
            "https://youtu.be/{}",
            "https://www.youtube.com/embed/{}?start=5",
            "youtube.com/watch?app=desktop&v={}#t=1",
        ]
    ),
)
def test_any_video_id_survives_any_usual_url_form(video_id, template):
    assert reduce_youtube(template.format(video_id)) == video_id


@given(st.text(max_size=200))
def test_reducing_arbitrary_text_never_raises(text):
    assert isinstance(reduce_youtube(text), str)


@given(st.text(alphabet="0123456789", min_size=10, max_size=10), st.integers(0, 12))
def test_isbn_check_digit_catches_any_single_digit_typo(body, position):
    digits = "978" + body[:9]
    check = (10 - sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))) % 10
    isbn = digits + str(check)
    assert isbn13_is_valid(isbn)
    typo = str((int(isbn[position]) + 1) % 10)
    assert not isbn13_is_valid(isbn[:position] + typo + isbn[position + 1 :])
