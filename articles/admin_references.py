""" "Used in N articles" on the catalog's admin pages, without catalog knowing articles.

The catalog admin is extended the way Django's docs extend ``UserAdmin``: for each
catalog model an article can depend on, its registered ``ModelAdmin`` is replaced by a
subclass that adds one read-only panel. ``catalog`` imports nothing from ``articles``;
removing the articles app leaves the catalog admin exactly as it was.
"""

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.template.loader import render_to_string

from livefacts.models import ArticleReference
from livefacts.registry import TARGETS

from .models import Article

USED_IN_LIMIT = 20
# Every catalog model a reference can name.
REFERENCED_MODELS = tuple(target.model for target in TARGETS.values())


class UsedInArticlesMixin:
    """A read-only "Used in articles" panel: the count and the newest pieces."""

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "used_in_articles"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and "used_in_articles" not in flatten_fieldsets(fieldsets):
            fieldsets.append(("Used in articles", {"fields": ["used_in_articles"]}))
        return fieldsets

    @admin.display(description="Used in articles")
    def used_in_articles(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        articles = (
            Article.objects.filter(
                pk__in=ArticleReference.objects.to_object(obj).values("article")
            )
            .order_by("-modified_at")
            .only("pk", "title", "state", "published_at")
        )
        count = articles.count()
        return render_to_string(
            "admin/articles/needs_update_used_in.html",
            {
                "count": count,
                "articles": articles[:USED_IN_LIMIT],
                "more": max(0, count - USED_IN_LIMIT),
            },
        )


def extend_catalog_admin(site=admin.site) -> None:
    """Swap each referenced catalog model's admin for one with the panel."""
    for label in REFERENCED_MODELS:
        model = apps.get_model(label)
        model_admin = site._registry.get(model)
        if model_admin is None or isinstance(model_admin, UsedInArticlesMixin):
            continue
        extended = type(
            f"{type(model_admin).__name__}WithArticles",
            (UsedInArticlesMixin, type(model_admin)),
            {"__module__": __name__},
        )
        site.unregister(model)
        site.register(model, extended)
