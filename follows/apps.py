from django.apps import AppConfig


class FollowsConfig(AppConfig):
    name = "follows"
    verbose_name = "Followers"

    def ready(self):
        from . import receivers

        receivers.connect()
