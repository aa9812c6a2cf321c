"""Keep the reference index and snapshot in step with every save, admin or code.

Connected in ``ArticlesConfig.ready()``. Receivers run inside the save (or m2m
change), so they share its transaction: a failed save leaves no stray index row.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from .services import article_after_save


def _article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        article_after_save(instance)


def _subjects_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    from articles.models import Article

    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        article_after_save(instance)
        return
    if action == "post_clear":  # the catalog object's links are gone: re-index all
        from .models import ArticleReference

        articles = Article.objects.filter(
            pk__in=ArticleReference.objects.to_object(instance).values("article")
        )
    else:
        articles = Article.objects.filter(pk__in=pk_set or [])
    for article in articles:
        article_after_save(article)


def _catalog_object_deleted(sender, instance, **kwargs):
    """A deleted catalog object leaves no index rows or snapshots pointing at it."""
    from .models import ArticleReference, FactSnapshot

    ArticleReference.objects.to_object(instance).delete()
    FactSnapshot.objects.for_object(instance).delete()


def connect() -> None:
    from articles.models import Article

    post_save.connect(_article_saved, sender=Article, dispatch_uid="livefacts-save")
    for name in Article.SUBJECT_FIELDS:
        through = Article._meta.get_field(name).remote_field.through
        m2m_changed.connect(
            _subjects_changed, sender=through, dispatch_uid=f"livefacts-{name}"
        )
    from articles.admin_references import REFERENCED_MODELS

    for label in {*REFERENCED_MODELS, "catalog.Credit", "catalog.ExternalRating"}:
        post_delete.connect(
            _catalog_object_deleted,
            sender=apps.get_model(label),
            dispatch_uid=f"livefacts-deleted-{label}",
        )
