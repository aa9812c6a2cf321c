"""Which pieces show catalog rows, answered for the catalog's delete checks.

The catalog asks through ``catalog.signals.usage_requested`` and never learns what a
piece is; the reference index answers in two queries however many rows are asked about.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from catalog.deletion import PieceUse

from .models import ArticleReference, document_model
from .registry import TARGETS

TARGET_OF = {target.model: target for target in TARGETS.values()}


def _labels(refs) -> dict[tuple[int, int], str]:
    """A label ("Season: Heartstopper Season 2") for each referenced (content type,
    pk): one query per model, with what its name reads."""
    pks = defaultdict(set)
    for _, ct, pk, _ in refs:
        pks[ct].add(pk)
    labels = {}
    for ct, wanted in pks.items():
        model = ContentType.objects.get_for_id(ct).model_class()
        related = TARGET_OF[model._meta.label_lower].related
        kind = model._meta.verbose_name.capitalize()
        for pk, obj in model.objects.select_related(*related).in_bulk(wanted).items():
            labels[ct, pk] = f"{kind}: {obj}"
    return labels


def pieces_showing(sender, objects, **kwargs) -> list[PieceUse]:
    """The pieces whose embeds or subjects name any of ``objects``."""
    asked = defaultdict(set)  # content type id → primary keys
    for obj in objects:
        if obj._meta.label_lower in TARGET_OF:
            asked[ContentType.objects.get_for_model(obj).pk].add(obj.pk)
    if not asked:
        return []
    wanted = Q()
    for ct, pks in asked.items():
        wanted |= Q(content_type_id=ct, object_id__in=list(pks))
    refs = list(
        ArticleReference.objects.filter(wanted).values_list(
            "article_id", "content_type_id", "object_id", "via"
        )
    )
    if not refs:
        return []
    labels = _labels(refs)
    shown = defaultdict(set)  # article id → what it shows
    for article_id, ct, pk, via in refs:
        how = ArticleReference.Via(via).label
        shown[article_id].add(f"{labels.get((ct, pk), 'Row')} ({how})")
    document = document_model()
    change_url = f"admin:{document._meta.app_label}_{document._meta.model_name}_change"
    now = timezone.now()
    pieces = []
    for article in document.objects.filter(pk__in=shown).only(
        "pk", "title", "state", "published_at"
    ):
        public = article.state == document.State.PUBLISHED
        scheduled = public and article.published_at and article.published_at > now
        pieces.append(
            PieceUse(
                title=str(article),
                url=reverse(change_url, args=[article.pk]),
                public=public,
                state="Scheduled" if scheduled else article.get_state_display(),
                rows=tuple(sorted(shown[article.pk])),
            )
        )
    return pieces
