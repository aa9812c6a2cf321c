from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"

    def ready(self):
        from core import pagecache

        from .rules import next_comments_closing

        # Comments close by themselves: cached pages must not offer the form after.
        pagecache.register_horizon(next_comments_closing)
