from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"

    def ready(self):
        # pages imports models, which are not loaded when this module is.
        from . import fragments, pages

        pages.register()  # a comment shows on its article; comments close by time
        fragments.connect()  # each public comment's HTML stored as it changes
