from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate

from core import fts


class ShowsiteConfig(AppConfig):
    """The project package as an app: load_demo, site-wide search indexes."""

    name = "showsite"
    verbose_name = "Showsite"

    def ready(self):
        # Once per migrate: post_migrate is sent for each app with models, and
        # this one has none, so listen for the app whose table matters most.
        post_migrate.connect(fts.sqlite_upkeep, sender=apps.get_app_config("articles"))
