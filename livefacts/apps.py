from django.apps import AppConfig
from django.db.models.signals import post_migrate

# The migration after which snapshots hold everything a piece displays.
DISPLAYED_STATE = ("livefacts", "0004_snapshot_displayed_state")


def _fill_snapshots(sender, using="default", **kwargs):
    """Snapshots from before pieces recorded all they display get the rest, as it is
    now (see migration 0004): one query when there are none. Not after a migrate
    that left that migration unapplied (``migrate livefacts zero``, or ``articles``):
    its tables may be gone."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    from livefacts.services import articles_fill_snapshots

    if (
        DISPLAYED_STATE
        not in MigrationRecorder(connections[using]).applied_migrations()
    ):
        return
    articles_fill_snapshots(using=using)


class LivefactsConfig(AppConfig):
    name = "livefacts"
    verbose_name = "Live facts"

    def ready(self):
        post_migrate.connect(_fill_snapshots, sender=self, dispatch_uid="livefacts")
        from . import pages  # imports models: only once apps are ready

        pages.register()  # articles embedding a catalog row change with it
