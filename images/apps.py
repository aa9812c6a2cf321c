from django.apps import AppConfig


class ImagesConfig(AppConfig):
    name = "images"
    verbose_name = "Image library"

    def ready(self):
        # Signals import models, which are not loaded when this module is.
        from . import pages, signals  # noqa: F401

        pages.register()  # a rendition shows where its image does
