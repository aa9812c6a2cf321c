from django.apps import AppConfig
from django.db.models.signals import post_delete


class CatalogConfig(AppConfig):
    name = "catalog"

    def ready(self):
        from catalog.models.facts import FactHistoryMixin, record_row_deleted

        for model in self.get_models():
            if issubclass(model, FactHistoryMixin) and model.record_rows:
                post_delete.connect(
                    record_row_deleted,
                    sender=model,
                    dispatch_uid=f"catalog-row-deleted-{model._meta.label}",
                )
