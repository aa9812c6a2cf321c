from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _fill_snapshots(sender, using="default", **kwargs):
    """Snapshots from before pieces recorded all they display get the rest, as it is
    now (see migration 0004): one query when there are none."""
    from livefacts.services import articles_fill_snapshots

    articles_fill_snapshots(using=using)


class LivefactsConfig(AppConfig):
    name = "livefacts"
    verbose_name = "Live facts"

    def ready(self):
        post_migrate.connect(_fill_snapshots, sender=self, dispatch_uid="livefacts")
        from . import pages  # imports models: only once apps are ready

        pages.register()  # articles embedding a catalog row change with it
