from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from . import receivers  # imports models: only once apps are ready

        receivers.connect()
