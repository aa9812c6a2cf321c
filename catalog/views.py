"""Public catalog pages: a view picks a queryset and a template; models do the rest."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from catalog import ics
from catalog.calendar import UpcomingCalendar, grouped, with_releases
from catalog.countries import country_variant, from_request
from catalog.models import Person, Season, Show, SourceWork
from core.pageshell import ShellMixin, ShellPage, owned_by
from core.pageversions import keyed_by, lists
from core.pagination import SafePaginationMixin, paginate

from .pages import CATALOG_LISTS

SHOWS_PER_PAGE = 24
CALENDAR_PER_PAGE = 40


@keyed_by(lists(CATALOG_LISTS))
class ShowListView(SafePaginationMixin, ListView):
    template_name = "catalog/show_list.html"
    context_object_name = "shows"
    paginate_by = SHOWS_PER_PAGE
    http_method_names = ["get", "head"]

    def get_queryset(self):
        return Show.objects.for_list()


# Show, season and person pages are served from a stored shell owned by their row
# (core/pageshell.py): one query for its version, one cache round trip.
SHOW_PAGE = ShellPage(
    owner=owned_by(
        Show,
        lambda slug: Show.objects.filter(slug=slug),
        slug=Show._meta.get_field("slug"),
    ),
    variant=country_variant,
)
SEASON_PAGE = ShellPage(
    owner=owned_by(
        Season,
        lambda slug, number: Season.objects.filter(show__slug=slug, number=number),
        slug=Show._meta.get_field("slug"),
        number=Season._meta.get_field("number"),
    ),
    variant=country_variant,
)
PERSON_PAGE = ShellPage(
    owner=owned_by(
        Person,
        lambda slug: Person.objects.filter(slug=slug),
        slug=Person._meta.get_field("slug"),
    )
)


@keyed_by(lambda kwargs: Show.objects.filter(slug=kwargs["slug"]))
class ShowDetailView(ShellMixin, DetailView):
    template_name = "catalog/show_detail.html"
    context_object_name = "show"
    shell_page = SHOW_PAGE

    def get_queryset(self):
        return Show.objects.for_page()


@keyed_by(
    lambda kwargs: Season.objects.filter(
        show__slug=kwargs["slug"], number=kwargs["number"]
    )
)
def season_detail(request, slug: str, number: int):
    def render_page(parts):
        season = get_object_or_404(
            Season.objects.for_page(from_request(request)),
            show__slug=slug,
            number=number,
        )
        context = {"season": season, "fragments": parts}
        return render(request, "catalog/season_detail.html", context)

    return SEASON_PAGE.serve(request, {"slug": slug, "number": number}, render_page)


@keyed_by(lambda kwargs: Person.objects.filter(slug=kwargs["slug"]))
class PersonDetailView(ShellMixin, DetailView):
    template_name = "catalog/person_detail.html"
    context_object_name = "person"
    shell_page = PERSON_PAGE

    def get_queryset(self):
        return Person.objects.for_page()


@keyed_by(lambda kwargs: SourceWork.objects.filter(slug=kwargs["slug"]))
class WorkDetailView(DetailView):
    template_name = "catalog/sourcework_detail.html"
    context_object_name = "work"

    def get_queryset(self):
        return SourceWork.objects.for_page()


@require_safe
@keyed_by(lists(CATALOG_LISTS))
def upcoming(request):
    """Every season and episode still to come, by month, quarter or year."""
    # Every entry counted is a row of each kind read and sorted: read the page and
    # one entry more (which says whether there is a next page), nothing further.
    page_obj = paginate(request, UpcomingCalendar(), CALENDAR_PER_PAGE, lookahead=0)
    entries = with_releases(page_obj.object_list, from_request(request))
    return render(
        request,
        "catalog/upcoming.html",
        {"page_obj": page_obj, "groups": grouped(entries)},
    )


def _calendar_response(request, show=None) -> HttpResponse:
    country = from_request(request)
    events = ics.feed_events(country, show=show)
    body = ics.render_calendar(events, name=ics.feed_name(country, show))
    response = HttpResponse(body, content_type=ics.CONTENT_TYPE)
    name = f"{show.slug if show else 'upcoming'}-{country.lower()}.ics"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@require_safe
@keyed_by(lists(CATALOG_LISTS))
def upcoming_calendar_feed(request):
    """What is still to come, as a calendar feed for the reader's country."""
    return _calendar_response(request)


@require_safe
@keyed_by(lambda kwargs: Show.objects.filter(slug=kwargs["slug"]))
def show_calendar_feed(request, slug: str):
    """A show's dated seasons and episodes, as a calendar feed."""
    return _calendar_response(request, get_object_or_404(Show, slug=slug))
