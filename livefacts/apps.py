from django.apps import AppConfig


class LivefactsConfig(AppConfig):
    name = "livefacts"
    verbose_name = "Live facts"
