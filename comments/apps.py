from django.apps import AppConfig

from core import pagecache


class CommentsConfig(AppConfig):
    name = "comments"

    def ready(self):
        # rules imports models, which are not loaded when this module is.
        from .rules import next_comments_closing

        # Comments close by themselves: cached pages must not offer the form after.
        pagecache.register_horizon(next_comments_closing)
