"""schema.org JSON-LD for article and author pages, as plain dicts.

Reads what ``for_detail()`` prefetched (authors, hero image, subjects, update notes),
so it adds no query to the article page.
"""

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

from catalog.structured_data import (
    SCHEMA,
    Absolute,
    book_ref,
    compact,
    image,
    person_ref,
    season_ref,
    series_ref,
    site_absolute,
)

# The logo search engines show next to the publisher's name.
PUBLISHER_LOGO = "img/favicon.svg"


def publisher(absolute: Absolute = site_absolute) -> dict:
    return {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": absolute(reverse("articles:home")),
        "logo": {"@type": "ImageObject", "url": absolute(static(PUBLISHER_LOGO))},
    }


def author_ref(profile, absolute: Absolute) -> dict:
    return {
        "@type": "Person",
        "name": profile.name,
        "url": absolute(profile.get_absolute_url()),
    }


def _subjects(article, name: str):
    """Prefetched subjects (``with_subjects()``) if the page has them, else a query.

    Shows and seasons are always named (one query each when not prefetched); people
    and source works only when the page prefetched them anyway.
    """
    if name in getattr(article, "_prefetched_objects_cache", {}):
        return getattr(article, name).all()
    if name == "subject_shows":
        return article.subject_shows.only("title", "slug")
    if name == "subject_seasons":
        return article.subject_seasons.select_related("show")
    return []


def about(article, absolute: Absolute) -> list[dict]:
    """What the piece is about: TVSeries and TVSeason (and people and books)."""
    return [
        *(series_ref(s, absolute) for s in _subjects(article, "subject_shows")),
        *(season_ref(s, absolute) for s in _subjects(article, "subject_seasons")),
        *(person_ref(p, absolute) for p in _subjects(article, "subject_people")),
        *(book_ref(w, absolute) for w in _subjects(article, "subject_works")),
    ]


def news_article(article, absolute: Absolute = site_absolute) -> dict:
    """``NewsArticle`` for the article page (``Article.objects.for_detail()``)."""
    url = absolute(article.get_absolute_url())
    published = article.first_published_at or article.published_at
    modified = article.updated_at or article.published_at
    hero = image(article.hero_image, absolute)
    return compact(
        {
            "@context": SCHEMA,
            "@type": "NewsArticle",
            "headline": article.title,
            "description": article.meta_description,
            "url": url,
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "image": [hero] if hero else None,
            "datePublished": published.isoformat() if published else None,
            "dateModified": modified.isoformat() if modified else None,
            "author": [author_ref(a, absolute) for a in article.authors.all()],
            "publisher": publisher(absolute),
            "about": about(article, absolute),
            "keywords": [tag.name for tag in article.tags.all()],
            "articleSection": article.get_kind_display(),
            "correction": [correction(note) for note in article.corrections],
        }
    )


def correction(note) -> dict:
    """A ``CorrectionComment``: what was corrected, and when."""
    return {
        "@type": "CorrectionComment",
        "text": note.text,
        "datePublished": note.created_at.isoformat(),
    }


def author_profile(profile, absolute: Absolute = site_absolute) -> dict:
    """``ProfilePage`` whose main entity is the author as a ``Person``."""
    return {
        "@context": SCHEMA,
        "@type": "ProfilePage",
        "url": absolute(profile.get_absolute_url()),
        "mainEntity": compact(
            {
                **author_ref(profile, absolute),
                "description": profile.bio,
                "image": image(profile.photo, absolute),
                "worksFor": publisher(absolute),
            }
        ),
    }


def website(absolute: Absolute = site_absolute) -> dict:
    """``WebSite`` with the site search, for the home page."""
    return {
        "@context": SCHEMA,
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "url": absolute(reverse("articles:home")),
        "potentialAction": {
            "@type": "SearchAction",
            "target": absolute(reverse("search")) + "?q={search_term_string}",
            "query-input": "required name=search_term_string",
        },
        "publisher": publisher(absolute),
    }
