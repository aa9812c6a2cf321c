"""Keep the reference index and snapshot in step with every save, admin or code.

The document app calls ``connect()`` from its ``AppConfig.ready()`` (articles does), so
its own receivers keep their order. Receivers run inside the save (or m2m change), so
they share its transaction: a failed save leaves no stray index row.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from catalog.signals import usage_requested

from .models import ArticleReference, FactSnapshot, document_model
from .registry import TARGETS
from .services import article_after_save
from .usage import pieces_showing

# Catalog rows a piece can show facts of without naming them: a cast list's credits,
# a fact box's ratings.
SHOWN_WITHOUT_A_TARGET = ("catalog.credit", "catalog.externalrating")


def _article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        article_after_save(instance)


def _subjects_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        article_after_save(instance)
        return
    articles = document_model().objects
    if action == "post_clear":  # the catalog object's links are gone: re-index all
        articles = articles.filter(
            pk__in=ArticleReference.objects.to_object(instance).values("article")
        )
    else:
        articles = articles.filter(pk__in=pk_set or [])
    for article in articles:
        article_after_save(article)


def _catalog_object_deleted(sender, instance, **kwargs):
    """A deleted catalog object leaves no index rows or snapshots pointing at it."""
    ArticleReference.objects.to_object(instance).delete()
    FactSnapshot.objects.for_object(instance).delete()


def connect() -> None:
    """Index the document model's saves and subject changes; forget deleted
    catalog objects; tell the catalog which pieces show a row it would delete."""
    usage_requested.connect(pieces_showing, dispatch_uid="livefacts-usage")
    document = document_model()
    post_save.connect(_article_saved, sender=document, dispatch_uid="livefacts-save")
    for name in document.SUBJECT_FIELDS:
        through = document._meta.get_field(name).remote_field.through
        m2m_changed.connect(
            _subjects_changed, sender=through, dispatch_uid=f"livefacts-{name}"
        )
    labels = {target.model for target in TARGETS.values()}
    for label in sorted(labels | set(SHOWN_WITHOUT_A_TARGET)):
        post_delete.connect(
            _catalog_object_deleted,
            sender=apps.get_model(label),
            dispatch_uid=f"livefacts-deleted-{label}",
        )
