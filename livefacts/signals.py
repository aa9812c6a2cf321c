"""Keep the reference index and snapshot in step with every save, admin or code, and
compare the pieces a catalog write may touch with what they display now.

The document app calls ``connect()`` from its ``AppConfig.ready()`` (articles does), so
its own receivers keep their order. Receivers run inside the save (or m2m change), so
they share its transaction: a failed save leaves no stray index row.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from catalog.signals import usage_requested

from .models import ArticleReference, FactSnapshot, document_model
from .registry import TARGETS
from .services import article_after_save, articles_refresh
from .usage import pieces_showing
from .watch import pieces_watching

# Catalog rows a piece can show facts of without naming them: a cast list's credits,
# a fact box's ratings.
SHOWN_WITHOUT_A_TARGET = ("catalog.credit", "catalog.externalrating")
# Every catalog row an embed displays (``registry``'s ``*_state``), and the links.
DISPLAYED = (
    "catalog.show",
    "catalog.season",
    "catalog.episode",
    "catalog.character",
    "catalog.credit",
    "catalog.video",
    "catalog.externalrating",
    "catalog.seasonadaptation",
    "catalog.sourcework",
    "catalog.sourcevolume",
    "catalog.person",
    "catalog.platform",
    "catalog.source",
    "catalog.release",
    "catalog.watchoption",
)
DISPLAYED_LINKS = ("platforms", "based_on")


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


def _catalog_changed(sender, instance, raw=False, **kwargs):
    """Inside the write's transaction: the pieces that may show the row, compared
    with what they display now."""
    if raw:
        return
    ids = pieces_watching(instance)
    if ids:
        articles_refresh(article_ids=ids)


def _links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A show's platforms or books changed, from either side."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    ids = pieces_watching(instance, also_shows=pk_set if reverse else ())
    if ids:
        articles_refresh(article_ids=ids)


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
    for label in DISPLAYED:
        model = apps.get_model(label)
        uid = f"livefacts-compare-{label}"
        post_save.connect(_catalog_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_catalog_changed, sender=model, dispatch_uid=uid)
    show = apps.get_model("catalog.show")
    for name in DISPLAYED_LINKS:
        through = show._meta.get_field(name).remote_field.through
        m2m_changed.connect(
            _links_changed, sender=through, dispatch_uid=f"livefacts-links-{name}"
        )
