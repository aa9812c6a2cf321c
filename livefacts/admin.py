"""Live facts in the article admin: available embeds, the
"Needs update" list and "Mark as reviewed" (per piece and in bulk).

``LiveFactsArticleAdminMixin`` is mixed into ``ArticleAdmin``; everything it adds is
here so the workflow admin stays about the workflow. It reaches the document only
through its admin (``opts``, ``get_queryset``), so this app imports no article code;
it registers no admin of its own.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse

from catalog.models import Character, Episode

from .models import MinorChangeMark, can_review
from .parser import spoiler_syntax
from .picker import catalog_search
from .registry import KINDS, TARGETS
from .services import (
    article_mark_changes_minor,
    article_mark_reviewed,
    article_undo_minor_changes,
)
from .staleness import CHANGES_PER_ARTICLE, changed_facts, needs_update

NEEDS_UPDATE_PAGE_SIZE = 25
MINOR_LOG_ENTRIES = 5
CHARACTER_SNIPPETS = 12
EPISODE_SNIPPETS = 40  # spoilers offered for the subject seasons' episodes


def available_embeds(article) -> list[dict]:
    """Ready-to-copy embeds for the article's subjects: a handful of queries."""
    groups = []

    def add(title, target, ref, kinds):
        snippets = [
            f"[[{kind} {target}={ref}{' ' + flag if flag else ''}]]"
            for kind in kinds
            for flag in (KINDS[kind].flags or ("",))
            if target in KINDS[kind].targets
        ]
        snippets += [
            f"{{{{{target}:{ref}.{field}}}}}" for field in TARGETS[target].inline_fields
        ]
        groups.append({"title": title, "snippets": snippets})

    shows = list(article.subject_shows.all())
    for show in shows:
        add(f"Show: {show}", "show", show.slug, KINDS)
    seasons = list(article.subject_seasons.select_related("show"))
    for season in seasons:
        add(f"Season: {season}", "season", f"{season.show.slug}/{season.number}", KINDS)
    groups += _spoiler_groups(seasons)
    for work in article.subject_works.all():
        add(f"Book: {work}", "work", work.slug, KINDS)
    for person in article.subject_people.all():
        add(f"Person: {person}", "person", person.slug, ())
    characters = Character.objects.filter(show__in=shows).select_related("show")
    for character in characters[:CHARACTER_SNIPPETS]:
        ref = f"{character.show.slug}/{character.slug}"
        add(f"Character: {character}", "character", ref, ())
    return groups


def _spoiler_groups(seasons) -> list[dict]:
    """A spoiler passage for each episode of the subject seasons (one query): its
    two lines, the passage goes between them."""
    if not seasons:
        return []
    episodes = Episode.objects.filter(season__in=seasons).order_by(
        "season__show__title", "season__number", "number"
    )
    by_pk = {season.pk: season for season in seasons}
    snippets: dict[int, list[str]] = {}
    for episode in episodes[:EPISODE_SNIPPETS]:
        season = by_pk[episode.season_id]
        ref = f"{season.show.slug}/{season.number}/{episode.number}"
        snippets.setdefault(season.pk, []).append(spoiler_syntax(ref))
    return [
        {"title": f"Spoilers: {season}", "snippets": snippets[season.pk]}
        for season in seasons
        if season.pk in snippets
    ]


class LiveFactsArticleAdminMixin:
    """Adds the live-facts panels, the "Needs update" view and the review action."""

    live_facts_fields = ("available_embeds_panel", "fact_status")

    class Media:
        css = {
            "all": [
                "css/livefacts.css",
                "css/livefacts-admin.css",
                "css/desk-picker.css",
            ]
        }
        js = ["js/livefacts-admin.js", "js/desk-picker.js"]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *self.live_facts_fields]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        fieldsets.insert(
            1,
            (
                "Live facts",
                {
                    "fields": list(self.live_facts_fields),
                    "classes": ["collapse"],
                    "description": "Catalog facts in the body stay current by "
                    "themselves.",
                },
            ),
        )
        return fieldsets

    @admin.display(description="Live facts you can embed")
    def available_embeds_panel(self, obj):
        if obj is None or obj.pk is None:
            return (
                "Add subjects (shows, seasons, people, books) and save: the embeds "
                "for them are listed here, ready to copy."
            )
        return render_to_string(
            "admin/livefacts/needs_update_embeds.html",
            {"groups": available_embeds(obj)},
        )

    @admin.display(description="Facts since publication")
    def fact_status(self, obj):
        if obj is None or obj.pk is None or obj.state != obj.State.PUBLISHED:
            return "Checked once the piece is published."
        facts = changed_facts([obj]).get(obj.pk, [])
        review = obj.fact_reviews.select_related("reviewed_by").first()
        marks = obj.minor_change_marks.select_related("marked_by", "undone_by")
        return render_to_string(
            "admin/livefacts/needs_update_status.html",
            {
                "facts": facts,
                "review": review,
                "minor_marks": marks[:MINOR_LOG_ENTRIES],
                "article": obj,
                "opts": self.opts,
            },
        )

    # --- review ------------------------------------------------------------------

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not can_review(request.user):
            actions.pop("mark_reviewed", None)
        return actions

    @admin.action(description="Mark as reviewed (facts checked against the catalog)")
    def mark_reviewed(self, request, queryset):
        self._review(request, list(queryset))

    def _review(self, request, articles):
        if not can_review(request.user):
            raise PermissionDenied
        with transaction.atomic():
            for article in articles:
                article_mark_reviewed(article=article, by=request.user)
        self.message_user(
            request,
            f"Marked {len(articles)} piece(s) as reviewed; their facts are the new "
            "baseline.",
            messages.SUCCESS,
        )

    # --- the "Needs update" list ---------------------------------------------------

    def _url_name(self, view: str) -> str:
        """``<app>_<model>_<view>``, as the admin names its own views."""
        return f"{self.opts.app_label}_{self.opts.model_name}_{view}"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """The body tells the "Insert fact" picker where to search the catalog."""
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "body" and field is not None:
            url = reverse(f"admin:{self._url_name('catalog_search')}")
            field.widget.attrs["data-catalog-search"] = url
        return field

    def get_urls(self):
        return [
            path(
                "catalog-search/",
                self.admin_site.admin_view(self.catalog_search_view),
                name=self._url_name("catalog_search"),
            ),
            path(
                "needs-update/",
                self.admin_site.admin_view(self.needs_update_view),
                name=self._url_name("needs_update"),
            ),
            *super().get_urls(),
        ]

    def catalog_search_view(self, request):
        """GET ``q``: catalog objects matching it, grouped by target, each with the
        embeds it allows (the "Insert fact" picker). For those who write pieces."""
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET"])
        if not (
            self.has_add_permission(request) or self.has_change_permission(request)
        ):
            raise PermissionDenied
        query = request.GET.get("q", "")
        groups = catalog_search(query, document_model=self.model)
        return JsonResponse({"query": query, "groups": groups})

    def needs_update_view(self, request):
        """Stale published pieces with their changed facts, in a fixed number of
        queries; POST marks the chosen ones reviewed."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if request.method == "POST" and (
            "minor" in request.POST or "unminor" in request.POST
        ):
            return self._minor_changes(request)
        if request.method == "POST":
            only = request.POST.get("only")
            ids = [only] if only else request.POST.getlist("article")
            articles = list(self.get_queryset(request).filter(pk__in=ids))
            self._review(request, articles)
            return redirect(reverse(f"admin:{self._url_name('needs_update')}"))
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "POST"])
        stale = needs_update(self.get_queryset(request).order_by())
        page = Paginator(stale, NEEDS_UPDATE_PAGE_SIZE).get_page(request.GET.get("p"))
        page.object_list = list(page.object_list)
        active = MinorChangeMark.objects.active().select_related("marked_by")
        prefetch_related_objects(
            page.object_list,
            Prefetch("minor_change_marks", active, to_attr="active_minor_marks"),
        )
        facts = changed_facts(page.object_list)
        rows = [
            (article, facts.get(article.pk, [])[:CHANGES_PER_ARTICLE])
            for article in page.object_list
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Needs update",
            "subtitle": "Published pieces whose catalog facts changed since an "
            "editor last checked them",
            "rows": rows,
            "page": page,
            "can_review": can_review(request.user),
            "media": self.media,
        }
        return TemplateResponse(request, "admin/livefacts/needs_update.html", context)

    def _minor_changes(self, request):
        """POST ``minor`` (or ``unminor``) = a piece's id: hide its current catalog
        changes from readers (or show them again). Editors only."""
        if not can_review(request.user):
            raise PermissionDenied
        undo = "unminor" in request.POST
        pk = request.POST.get("unminor" if undo else "minor", "")
        if not pk.isdigit():
            raise Http404("No such piece.")
        article = get_object_or_404(self.get_queryset(request), pk=pk)
        if undo:
            article_undo_minor_changes(article=article, by=request.user)
            self.message_user(
                request,
                f"Readers of “{article}” see the “What’s changed” box again.",
                messages.SUCCESS,
            )
        else:
            try:
                article_mark_changes_minor(article=article, by=request.user)
            except ValueError:
                self.message_user(
                    request,
                    f"“{article}” has no catalog changes to mark.",
                    messages.WARNING,
                )
            else:
                self.message_user(
                    request,
                    f"Marked the catalog changes to “{article}” as minor: readers "
                    "see no “What’s changed” box for them, until the next change.",
                    messages.SUCCESS,
                )
        return redirect(reverse(f"admin:{self._url_name('needs_update')}"))
