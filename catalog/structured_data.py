"""schema.org JSON-LD for catalog pages, as plain dicts (render with ``{% json_ld %}``).

Builders read what the page's ``for_page()`` queryset prefetched, so they add no
query. ``absolute`` turns a path into a full URL (the request's, on a page).

A date goes out only when it is official and known to the day: search engines show
JSON-LD dates as facts, and "Q2 2027 (reported)" is not one.
"""

from collections.abc import Callable

from django.conf import settings

from catalog.dates import Confidence, PreciseDate, Precision
from images.templatetags.images import image_url

SCHEMA = "https://schema.org"
SHARE_IMAGE_WIDTH = 1280
PAGE_CAST = 50

Absolute = Callable[[str], str]


def site_absolute(path: str) -> str:
    """An absolute URL from the settings, for code that runs without a request."""
    return settings.SITE_URL + path


def official_day(date: PreciseDate) -> str | None:
    """The ISO date when it is official and known to the day, else None."""
    if (
        date.is_known
        and date.precision == Precision.DAY
        and date.confidence == Confidence.OFFICIAL
    ):
        return date.start.isoformat()
    return None


def image(img, absolute: Absolute) -> str | None:
    url = image_url(img, SHARE_IMAGE_WIDTH)
    return absolute(url) if url else None


def same_as(obj, kind: str) -> list[str]:
    """Links to the same thing on IMDb, TMDB and Wikidata (``kind``: tv or person)."""
    links = []
    if obj.imdb_id:
        section = "title" if kind == "tv" else "name"
        links.append(f"https://www.imdb.com/{section}/{obj.imdb_id}/")
    if obj.tmdb_id:
        links.append(f"https://www.themoviedb.org/{kind}/{obj.tmdb_id}")
    if obj.wikidata_id:
        links.append(f"https://www.wikidata.org/wiki/{obj.wikidata_id}")
    return links


def compact(data: dict) -> dict:
    """Drop empty values: schema.org validators flag empty strings and lists."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def person_ref(person, absolute: Absolute) -> dict:
    return {
        "@type": "Person",
        "name": person.name,
        "url": absolute(person.get_absolute_url()),
    }


def series_ref(show, absolute: Absolute) -> dict:
    return {
        "@type": "TVSeries",
        "name": show.title,
        "url": absolute(show.get_absolute_url()),
    }


def season_ref(season, absolute: Absolute) -> dict:
    return compact(
        {
            "@type": "TVSeason",
            "name": f"{season.show.title}: {season.label}",
            "seasonNumber": season.number,
            "url": absolute(season.get_absolute_url()),
            "startDate": official_day(season.premiere),
            "partOfSeries": series_ref(season.show, absolute),
        }
    )


def book_ref(work, absolute: Absolute) -> dict:
    return {
        "@type": "BookSeries" if _is_series(work) else "Book",
        "name": work.title,
        "url": absolute(work.get_absolute_url()),
    }


def performance_roles(credits, absolute: Absolute) -> list[dict]:
    """Actors with the characters they play (schema.org ``PerformanceRole``)."""
    roles = []
    for credit in credits[:PAGE_CAST]:
        role = {
            "@type": "PerformanceRole",
            "actor": person_ref(credit.person, absolute),
        }
        if credit.character_id:
            role["characterName"] = credit.character.name
        roles.append(role)
    return roles


def video_object(video) -> dict:
    return compact(
        {
            "@type": "VideoObject",
            "name": video.title,
            "url": video.watch_url,
            "embedUrl": f"https://www.youtube-nocookie.com/embed/{video.youtube_id}",
            "thumbnailUrl": f"https://i.ytimg.com/vi/{video.youtube_id}/hqdefault.jpg",
            "uploadDate": video.published_on.isoformat()
            if video.published_on
            else None,
        }
    )


def _trailer(videos) -> dict | None:
    trailers = [v for v in videos if v.kind == v.Kind.TRAILER] or list(videos)
    return video_object(trailers[0]) if trailers else None


def tv_series(show, absolute: Absolute = site_absolute) -> dict:
    """``TVSeries`` for the show page (``Show.objects.for_page()``)."""
    seasons = [s for s in show.seasons.all() if s.number > 0]
    videos = getattr(show, "page_videos", None)
    if videos is None:
        videos = list(show.videos.all())
    return compact(
        {
            "@context": SCHEMA,
            "@type": "TVSeries",
            "name": show.title,
            "alternateName": show.original_title,
            "url": absolute(show.get_absolute_url()),
            "description": show.synopsis,
            "image": image(show.poster, absolute),
            "startDate": official_day(show.first_air),
            "endDate": official_day(show.last_air),
            "genre": [genre.name for genre in show.genres.all()],
            "numberOfSeasons": len(seasons) or None,
            "containsSeason": [season_ref(s, absolute) for s in seasons],
            "actor": performance_roles(show.cast(), absolute),
            "trailer": _trailer(videos),
            "sameAs": same_as(show, "tv"),
        }
    )


def tv_season(season, absolute: Absolute = site_absolute) -> dict:
    """``TVSeason`` for the season page (``Season.objects.for_page()``)."""
    episodes = getattr(season, "page_episodes", None)
    if episodes is None:
        episodes = list(season.episodes.all())
    videos = getattr(season, "page_videos", None)
    if videos is None:
        videos = list(season.videos.all())
    return compact(
        {
            "@context": SCHEMA,
            **season_ref(season, absolute),
            "description": season.synopsis,
            "endDate": official_day(season.finale),
            "numberOfEpisodes": season.planned_episode_count or len(episodes) or None,
            "episode": [
                compact(
                    {
                        "@type": "TVEpisode",
                        "episodeNumber": episode.number,
                        "name": episode.title,
                        "datePublished": official_day(episode.air),
                    }
                )
                for episode in episodes
            ],
            "actor": performance_roles(season.cast(), absolute),
            "trailer": _trailer(videos),
        }
    )


def person(person, absolute: Absolute = site_absolute) -> dict:
    """``Person`` for the person page."""
    return compact(
        {
            "@context": SCHEMA,
            **person_ref(person, absolute),
            "description": person.bio,
            "image": image(person.photo, absolute),
            "sameAs": same_as(person, "person"),
        }
    )


SERIES_KINDS = {"novel_series", "graphic_novel_series", "comic"}


def _is_series(work) -> bool:
    return work.kind in SERIES_KINDS


def _volume(volume) -> dict:
    return compact(
        {
            "@type": "Book",
            "name": volume.title or str(volume),
            "isbn": volume.isbn13,
            "position": volume.number,
            "datePublished": official_day(volume.publication),
        }
    )


def book(work, absolute: Absolute = site_absolute) -> dict:
    """``BookSeries`` with its volumes, or ``Book`` for a single title."""
    volumes = list(work.volumes.all())
    data = {
        "@context": SCHEMA,
        **book_ref(work, absolute),
        "description": work.description,
        "author": [person_ref(author, absolute) for author in work.authors.all()],
        "publisher": {"@type": "Organization", "name": work.publisher}
        if work.publisher
        else None,
    }
    if _is_series(work):
        data["hasPart"] = [_volume(volume) for volume in volumes]
    elif len(volumes) == 1:
        only = _volume(volumes[0])
        data["isbn"] = only.get("isbn")
        data["datePublished"] = only.get("datePublished")
    return compact(data)
