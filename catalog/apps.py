from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"

    def ready(self):
        from . import pages  # imports models: only once apps are ready

        pages.register()  # which catalog pages a catalog write changes
