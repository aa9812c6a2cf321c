from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"

    def ready(self):
        from livefacts import signals  # imports models: only once apps are ready

        from . import fragments, pages

        fragments.connect()  # each public piece's card stored as it changes
        signals.connect()  # live facts: reference index and snapshots on save
        pages.register()  # which pages an article, tag or author shows on
