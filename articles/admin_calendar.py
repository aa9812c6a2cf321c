"""The editorial calendar page in the article admin (``CalendarAdminMixin``)."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.http import urlencode

from .calendar import (
    COVERAGE_WEEKS,
    MONTH,
    VIEWS,
    WEEK,
    editorial_calendar,
    period_query,
    uncovered_premieres,
)


class CalendarQueryForm(forms.Form):
    """``?view=month&year=2026&month=12`` or ``?view=week&year=2026&week=50``
    (ISO weeks); anything missing is today's."""

    view = forms.ChoiceField(choices=[(v, v) for v in VIEWS], required=False)
    year = forms.IntegerField(min_value=1900, max_value=2200, required=False)
    month = forms.IntegerField(min_value=1, max_value=12, required=False)
    week = forms.IntegerField(min_value=1, max_value=53, required=False)

    def clean(self):
        data = super().clean()
        if data.get("view") == WEEK and data.get("week") and data.get("year"):
            try:
                datetime.date.fromisocalendar(data["year"], data["week"], 1)
            except ValueError:
                self.add_error("week", f"{data['year']} has no week {data['week']}.")
        return data

    def period(self, today):
        """(view, a day in the period asked for); today's month when unclear."""
        data = self.cleaned_data
        view = data.get("view") or MONTH
        year = data.get("year") or today.year
        if view == WEEK:
            week = data.get("week")
            if not week:
                return WEEK, today
            return WEEK, datetime.date.fromisocalendar(year, week, 1)
        return MONTH, datetime.date(year, data.get("month") or today.month, 1)


class CalendarAdminMixin:
    """Adds the editorial calendar: month and week views of pieces going public and
    the catalog's premieres, for the staff who may view articles."""

    def get_urls(self):
        return [
            path(
                "calendar/",
                self.admin_site.admin_view(self.calendar_view),
                name="articles_article_calendar",
            ),
            *super().get_urls(),
        ]

    def calendar_view(self, request):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET"])
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        form = CalendarQueryForm(request.GET)
        if form.is_valid():
            view, day = form.period(today)
        else:
            view, day = MONTH, today
            problems = "; ".join(
                str(error) for errors in form.errors.values() for error in errors
            )
            messages.warning(
                request, f"That date is not on the calendar ({problems}): this month."
            )
        calendar = editorial_calendar(request.user, view=view, anchor=day, today=today)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Editorial calendar",
            "subtitle": calendar.title,
            "calendar": calendar,
            "links": {
                "previous": "?" + urlencode(calendar.previous),
                "next": "?" + urlencode(calendar.next),
                "today": "?" + urlencode(period_query(view, today)),
                "other": "?" + urlencode(calendar.other_view),
            },
            "uncovered": uncovered_premieres(today=today),
            "coverage_weeks": COVERAGE_WEEKS,
            "time_zone": timezone.get_current_timezone_name(),
        }
        return TemplateResponse(
            request, "admin/articles/article/calendar.html", context
        )
