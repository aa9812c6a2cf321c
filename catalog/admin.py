"""The catalog admin: where editors build the structured truth articles embed."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join

from catalog.admin_delete import CatalogAdmin, CatalogInlineFormSet
from catalog.models import (
    Character,
    Credit,
    Episode,
    ExternalRating,
    FactChange,
    Genre,
    Person,
    Platform,
    Release,
    Season,
    SeasonAdaptation,
    Show,
    Source,
    SourceVolume,
    SourceWork,
    Video,
    WatchOption,
)
from catalog.models.facts import recording
from core.admin import ReadOnlyAdminMixin

FACT_HISTORY_ROWS = 25


def precise_date_fields(name: str) -> tuple[str, str, str]:
    """The three columns of a precise date, shown on one admin line."""
    return (f"{name}_date", f"{name}_precision", f"{name}_confidence")


def precise_date_column(name: str, label: str):
    """A list column rendering a precise date with its precision ("Q3 2023")."""

    @admin.display(description=label, ordering=f"{name}_date")
    def column(obj):
        return getattr(obj, name).render()

    return column


class FactHistoryAdminMixin:
    """Attributes fact changes made in this admin (and its inlines) to the editor, and
    shows the object's fact history on its change page."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with recording(by=request.user):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "fact_history")

    @admin.display(description="Fact history")
    def fact_history(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        changes = list(obj.fact_history()[:FACT_HISTORY_ROWS])
        if not changes:
            return "No recorded changes yet."
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
            "</tr>",
            (
                (
                    change.changed_at.strftime("%Y-%m-%d %H:%M"),
                    change.field_label,
                    change.old_display or "—",
                    change.new_display or "—",
                    change.changed_by or "—",
                    change.source or "—",
                )
                for change in changes
            ),
        )
        return format_html(
            "<table><thead><tr><th>When</th><th>Fact</th><th>Old</th><th>New</th>"
            "<th>By</th><th>Source</th></tr></thead><tbody>{}</tbody></table>",
            rows,
        )


FACT_HISTORY_FIELDSET = (
    "Fact history",
    {"classes": ["collapse"], "fields": ["fact_history"]},
)


@admin.register(Source)
class SourceAdmin(CatalogAdmin):
    list_display = ["title", "publisher", "url", "published_on", "accessed_on"]
    search_fields = ["title", "publisher", "url"]
    list_filter = ["publisher"]


@admin.register(FactChange)
class FactChangeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """A read-only log: history is written by saving facts, never edited by hand."""

    list_display = [
        "changed_at",
        "object_repr",
        "field",
        "old_display",
        "new_display",
        "changed_by",
        "source",
    ]
    list_filter = ["content_type", "field", "changed_at"]
    search_fields = ["object_repr", "old_display", "new_display", "note"]
    list_select_related = ["changed_by", "source"]
    date_hierarchy = "changed_at"


@admin.register(Platform)
class PlatformAdmin(CatalogAdmin):
    list_display = ["name", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Genre)
class GenreAdmin(CatalogAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Person)
class PersonAdmin(CatalogAdmin):
    list_display = ["name", "imdb_id", "wikidata_id"]
    search_fields = ["name", "imdb_id", "tmdb_id", "wikidata_id"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["photo"]


class SeasonInline(admin.TabularInline):
    formset = CatalogInlineFormSet
    model = Season
    fields = ["number", "title", "release_status", *precise_date_fields("premiere")]
    extra = 0
    show_change_link = True


class CreditInline(admin.TabularInline):
    formset = CatalogInlineFormSet
    model = Credit
    fields = [
        "person",
        "character",
        "kind",
        "job",
        "season",
        "billing_order",
        "status",
        "source",
    ]
    autocomplete_fields = ["person", "character", "season", "source"]
    extra = 0

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("person", "character__show", "season__show", "source")
        )


class ShowCreditInline(CreditInline):
    fk_name = "show"


class ReleaseInline(admin.TabularInline):
    """A season's (or an episode's) dates country by country: each row its own
    fact, with its history, saved with the page in one transaction."""

    formset = CatalogInlineFormSet
    model = Release
    fields = [
        "episode",
        "country",
        "platform",
        *precise_date_fields("release"),
        "note",
        "source",
    ]
    autocomplete_fields = ["episode", "platform", "source"]
    extra = 0
    verbose_name = "release in a country"
    verbose_name_plural = "releases by country and platform"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("episode__season__show", "platform", "source")
        )


class EpisodeReleaseInline(ReleaseInline):
    fk_name = "episode"
    fields = [f for f in ReleaseInline.fields if f != "episode"]


class WatchOptionInline(admin.TabularInline):
    formset = CatalogInlineFormSet
    model = WatchOption
    fields = ["season", "country", "platform", "offer", "url", "source"]
    autocomplete_fields = ["season", "platform", "source"]
    extra = 0

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("season__show", "platform", "source")
        )


class ShowWatchOptionInline(WatchOptionInline):
    fk_name = "show"


class SeasonWatchOptionInline(WatchOptionInline):
    fk_name = "season"
    fields = [f for f in WatchOptionInline.fields if f != "season"]


class CharacterInline(admin.TabularInline):
    formset = CatalogInlineFormSet
    model = Character
    fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    extra = 0


@admin.register(Show)
class ShowAdmin(FactHistoryAdminMixin, CatalogAdmin):
    list_display = [
        "title",
        "kind",
        "status",
        precise_date_column("first_air", "First aired"),
    ]
    list_filter = ["status", "kind", "platforms", "genres"]
    search_fields = ["title", "original_title", "imdb_id", "tmdb_id", "wikidata_id"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["genres", "platforms", "based_on", "source", "poster"]
    inlines = [SeasonInline, CharacterInline, ShowCreditInline, ShowWatchOptionInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "original_title",
                    "kind",
                    "status",
                    "synopsis",
                    "poster",
                    "genres",
                    "platforms",
                    "based_on",
                ]
            },
        ),
        (
            "Dates",
            {
                "fields": [
                    precise_date_fields("first_air"),
                    precise_date_fields("last_air"),
                    "source",
                ]
            },
        ),
        ("External ids", {"fields": [("imdb_id", "tmdb_id", "wikidata_id")]}),
        FACT_HISTORY_FIELDSET,
    ]


class EpisodeInline(admin.TabularInline):
    formset = CatalogInlineFormSet
    model = Episode
    fields = ["number", "title", *precise_date_fields("air"), "runtime"]
    extra = 0


class SeasonCreditInline(CreditInline):
    fk_name = "season"


class SeasonAdaptationInline(admin.TabularInline):
    formset = CatalogInlineFormSet
    model = SeasonAdaptation
    fields = ["volume", "certainty", "note"]
    autocomplete_fields = ["volume"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("volume__work")


@admin.register(Season)
class SeasonAdmin(FactHistoryAdminMixin, CatalogAdmin):
    list_display = [
        "__str__",
        "release_status",
        precise_date_column("premiere", "Premiere"),
        "premiere_confidence",
        precise_date_column("finale", "Finale"),
        "planned_episode_count",
    ]
    list_filter = ["release_status", "premiere_precision", "premiere_confidence"]
    list_select_related = ["show"]
    search_fields = ["show__title", "title"]
    autocomplete_fields = ["show", "source"]
    inlines = [
        EpisodeInline,
        ReleaseInline,
        SeasonWatchOptionInline,
        SeasonCreditInline,
        SeasonAdaptationInline,
    ]

    def get_search_results(self, request, queryset, search_term):
        """Seasons by show and number, as editors type them ("heartstopper 3",
        "season 3", "3"), also in every Seasons autocomplete."""
        if not search_term.strip():
            return queryset, False
        return queryset.matching(search_term), False

    fieldsets = [
        (None, {"fields": ["show", "number", "title", "synopsis"]}),
        (
            "Release",
            {
                "fields": [
                    "release_status",
                    precise_date_fields("premiere"),
                    precise_date_fields("finale"),
                    ("planned_episode_count", "release_model"),
                    "source",
                ]
            },
        ),
        FACT_HISTORY_FIELDSET,
    ]


@admin.register(Episode)
class EpisodeAdmin(FactHistoryAdminMixin, CatalogAdmin):
    list_display = ["__str__", precise_date_column("air", "Air date"), "runtime"]
    list_select_related = ["season__show"]
    search_fields = ["title", "season__show__title"]
    autocomplete_fields = ["season"]
    inlines = [EpisodeReleaseInline]
    fields = [
        "season",
        "number",
        "title",
        precise_date_fields("air"),
        "runtime",
        "synopsis",
        "fact_history",
    ]


@admin.register(Release)
class ReleaseAdmin(FactHistoryAdminMixin, CatalogAdmin):
    list_display = [
        "__str__",
        "country",
        "platform",
        precise_date_column("release", "Date"),
        "release_confidence",
    ]
    list_filter = ["country", "platform", "release_precision", "release_confidence"]
    list_select_related = ["season__show", "episode__season__show", "platform"]
    search_fields = ["season__show__title", "episode__title", "platform__name"]
    autocomplete_fields = ["season", "episode", "platform", "source"]
    fields = [
        "season",
        "episode",
        ("country", "platform"),
        precise_date_fields("release"),
        "note",
        "source",
        "fact_history",
    ]


@admin.register(WatchOption)
class WatchOptionAdmin(FactHistoryAdminMixin, CatalogAdmin):
    list_display = ["__str__", "country", "platform", "offer"]
    list_filter = ["country", "offer", "platform"]
    list_select_related = ["show", "season__show", "platform"]
    search_fields = ["show__title", "platform__name"]
    autocomplete_fields = ["show", "season", "platform", "source"]
    fields = [
        "show",
        "season",
        ("country", "platform", "offer"),
        "url",
        "source",
        "fact_history",
    ]


@admin.register(Character)
class CharacterAdmin(CatalogAdmin):
    list_display = ["name", "show"]
    list_select_related = ["show"]
    search_fields = ["name", "show__title"]
    autocomplete_fields = ["show"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Credit)
class CreditAdmin(FactHistoryAdminMixin, CatalogAdmin):
    list_display = ["person", "show", "character", "kind", "job", "status", "season"]
    list_filter = ["kind", "job", "status"]
    list_select_related = ["person", "show", "character__show", "season__show"]
    search_fields = ["person__name", "show__title", "character__name"]
    autocomplete_fields = ["person", "show", "season", "character", "source"]


class SourceVolumeInline(admin.TabularInline):
    formset = CatalogInlineFormSet
    model = SourceVolume
    fields = [
        "number",
        "title",
        "status",
        *precise_date_fields("publication"),
        "isbn13",
        "source",
    ]
    autocomplete_fields = ["source"]
    extra = 0


@admin.register(SourceWork)
class SourceWorkAdmin(CatalogAdmin):
    list_display = ["title", "kind", "publisher"]
    list_filter = ["kind"]
    search_fields = ["title", "publisher", "authors__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["authors"]
    inlines = [SourceVolumeInline]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with recording(by=request.user):  # the volume inline holds facts
            return super().changeform_view(request, object_id, form_url, extra_context)


@admin.register(SourceVolume)
class SourceVolumeAdmin(FactHistoryAdminMixin, CatalogAdmin):
    list_display = [
        "__str__",
        "status",
        precise_date_column("publication", "Published"),
        "isbn13",
    ]
    list_filter = ["status"]
    list_select_related = ["work"]
    search_fields = ["title", "work__title", "isbn13"]
    autocomplete_fields = ["work", "source"]
    fields = [
        "work",
        "number",
        "title",
        "status",
        precise_date_fields("publication"),
        "isbn13",
        "source",
        "fact_history",
    ]


@admin.register(Video)
class VideoAdmin(CatalogAdmin):
    list_display = ["title", "show", "season", "kind", "is_official", "published_on"]
    list_filter = ["kind", "is_official"]
    list_select_related = ["show", "season__show"]
    search_fields = ["title", "show__title", "youtube_id"]
    autocomplete_fields = ["show", "season"]


@admin.register(ExternalRating)
class ExternalRatingAdmin(FactHistoryAdminMixin, CatalogAdmin):
    list_display = ["show", "season", "provider", "value", "scale", "as_of"]
    list_filter = ["provider"]
    list_select_related = ["show", "season__show"]
    search_fields = ["show__title"]
    autocomplete_fields = ["show", "season", "source"]
