from django.apps import AppConfig

from core import pagecache


def next_publication(now):
    """The page cache's horizon: when the next scheduled piece goes public."""
    from .models import next_scheduled_publication  # apps load before models

    return next_scheduled_publication(after=now)


class ArticlesConfig(AppConfig):
    name = "articles"

    def ready(self):
        from livefacts import signals  # imports models: only once apps are ready

        signals.connect()  # live facts: reference index and snapshots on save
        # A scheduled piece goes public with no write at all: tell the page cache
        # when, so no cached page outlives that moment.
        pagecache.register_horizon(next_publication)
