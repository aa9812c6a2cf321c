from django.apps import AppConfig


class LivefactsConfig(AppConfig):
    name = "livefacts"
    verbose_name = "Live facts"

    def ready(self):
        from . import pages  # imports models: only once apps are ready

        pages.register()  # articles embedding a catalog row change with it
