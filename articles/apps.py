from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"

    def ready(self):
        from showsite import pagecache

        from .querysets import next_scheduled_publication

        # A scheduled piece goes public with no write: cached pages must expire then.
        pagecache.register_horizon(lambda now: next_scheduled_publication(after=now))
