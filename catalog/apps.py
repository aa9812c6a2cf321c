from django.apps import AppConfig
from django.db.models.signals import post_delete, pre_delete


class CatalogConfig(AppConfig):
    name = "catalog"

    def ready(self):
        from .deletion import refuse_if_public
        from .models import VERSIONED
        from .models.facts import FactHistoryMixin, record_row_deleted

        for model in VERSIONED:
            pre_delete.connect(
                refuse_if_public,
                sender=model,
                dispatch_uid=f"catalog-refuse-{model._meta.label_lower}",
            )
        for model in self.get_models():
            if issubclass(model, FactHistoryMixin) and model.record_rows:
                post_delete.connect(
                    record_row_deleted,
                    sender=model,
                    dispatch_uid=f"catalog-row-deleted-{model._meta.label}",
                )

        from . import pages  # imports models: only once apps are ready

        pages.register()  # which catalog pages a catalog write changes
