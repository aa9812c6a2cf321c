from django.urls import path

from catalog import views

app_name = "catalog"

urlpatterns = [
    path("shows/", views.ShowListView.as_view(), name="show_list"),
    path("shows/<slug:slug>/", views.ShowDetailView.as_view(), name="show_detail"),
    path(
        "shows/<slug:slug>/season/<int:number>/",
        views.season_detail,
        name="season_detail",
    ),
    path(
        "shows/<slug:slug>/calendar.ics",
        views.show_calendar_feed,
        name="show_calendar",
    ),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("books/<slug:slug>/", views.WorkDetailView.as_view(), name="work_detail"),
]
