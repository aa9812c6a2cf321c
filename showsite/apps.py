from django.apps import AppConfig


class ShowsiteConfig(AppConfig):
    """The project package as an app: load_demo, roles, health checks."""

    name = "showsite"
    verbose_name = "Showsite"
