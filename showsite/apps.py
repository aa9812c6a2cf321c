from django.apps import AppConfig


class ShowsiteConfig(AppConfig):
    """The project package as an app: load_demo, roles, health checks."""

    name = "showsite"
    verbose_name = "Showsite"

    def ready(self):
        from django.core.signals import setting_changed

        from . import pagecache

        pagecache.connect_signals()
        setting_changed.connect(pagecache.on_setting_changed)
