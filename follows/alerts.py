"""What one alert e-mail says: for each show an address follows, the events and
public articles it has not been told about and asked to hear."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings

from articles.models import Article

from .models import Follow, ShowEvent


@dataclass(frozen=True)
class Line:
    text: str
    url: str  # absolute


@dataclass
class ShowNews:
    follow: Follow
    lines: list[Line] = field(default_factory=list)


def news_for(follows: list[Follow], *, until: datetime.datetime) -> list[ShowNews]:
    """The news for these follows (one address's) up to ``until``: shows with
    nothing the reader asked for are left out. A few queries per show followed."""
    found = []
    for follow in follows:
        news = ShowNews(follow)
        events = ShowEvent.objects.filter(show_id=follow.show_id).after(
            follow.notified_until, until=until
        )
        news.lines += [
            Line(event.text, settings.SITE_URL + event.url)
            for event in events
            if follow.wants(event)
        ]
        if follow.articles:
            articles = (
                Article.objects.public(at=until)
                .about_show(follow.show)
                .filter(published_at__gt=follow.notified_until)
                .order_by("published_at", "pk")
            )
            news.lines += [
                Line(
                    f"New article: {article.title}",
                    settings.SITE_URL + article.get_absolute_url(),
                )
                for article in articles
            ]
        if news.lines:
            found.append(news)
    return found
