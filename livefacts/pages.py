"""The articles a catalog write changes: those that embed the written rows, or the
catalog objects showing them, or have one as a subject (the reference index)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from catalog.models import Episode, Release
from catalog.pages import SHOWN_ON, shown_on
from core import pageversions

from . import spoilers
from .models import (
    ArticleReference,
    FactReview,
    MinorChangeMark,
    document_model,
)


def referencing_documents(queryset: QuerySet) -> list[QuerySet]:
    """Articles referencing a row of ``queryset`` or a catalog page that shows it:
    one UPDATE through the reference index."""
    refs = Q()
    for objects in (queryset, *shown_on(queryset)):
        ct = ContentType.objects.get_for_model(objects.model)
        refs |= Q(content_type=ct, object_id__in=objects.values("pk"))
    articles = ArticleReference.objects.filter(refs).values("article_id")
    return [document_model().objects.filter(pk__in=articles)]


def _own_document(queryset: QuerySet) -> list[QuerySet]:
    """Reviews and minor marks show on their article ("What's changed")."""
    return [document_model().objects.filter(pk__in=queryset.values("article_id"))]


def _spoiling_documents(releases: QuerySet) -> list[QuerySet]:
    """An episode's release decides when the spoilers about it show."""
    refs = ArticleReference.objects.filter(
        content_type=ContentType.objects.get_for_model(Episode),
        object_id__in=releases.values("episode_id"),
    )
    return [document_model().objects.filter(pk__in=refs.values("article_id"))]


def _episode_release_until(release):
    return spoilers.next_midnight() if release.episode_id else None


def register() -> None:
    for model in SHOWN_ON:
        pageversions.register_pages(model, referencing_documents)
    pageversions.register_pages(Release, _spoiling_documents)
    # A passage shows at the start of a day: its article's page changes by itself.
    pageversions.register_horizon(document_model(), spoilers.next_reveal)
    pageversions.register_until(Release, _episode_release_until)
    pageversions.register_until(Episode, spoilers.next_midnight)
    for model in (FactReview, MinorChangeMark):
        pageversions.register_pages(model, _own_document)
