from django.apps import AppConfig
from django.db.models.signals import pre_delete


class CatalogConfig(AppConfig):
    name = "catalog"

    def ready(self):
        from .deletion import refuse_if_public
        from .models import VERSIONED

        for model in VERSIONED:
            pre_delete.connect(
                refuse_if_public,
                sender=model,
                dispatch_uid=f"catalog-refuse-{model._meta.label_lower}",
            )

        from . import pages  # imports models: only once apps are ready

        pages.register()  # which catalog pages a catalog write changes
