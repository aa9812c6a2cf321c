"""Public catalog pages: a view picks a queryset and a template; models do the rest."""

from django.shortcuts import get_object_or_404, render
from django.views.generic import DetailView

from catalog.models import Person, Season, Show, SourceWork


class ShowDetailView(DetailView):
    template_name = "catalog/show_detail.html"
    context_object_name = "show"

    def get_queryset(self):
        return Show.objects.for_page()


def season_detail(request, slug: str, number: int):
    season = get_object_or_404(
        Season.objects.for_page(), show__slug=slug, number=number
    )
    return render(request, "catalog/season_detail.html", {"season": season})


class PersonDetailView(DetailView):
    template_name = "catalog/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return Person.objects.for_page()


class WorkDetailView(DetailView):
    template_name = "catalog/sourcework_detail.html"
    context_object_name = "work"

    def get_queryset(self):
        return SourceWork.objects.for_page()
