"""The public URLs plus the bench's trivial view (bench settings only)."""

from django.urls import include, path

from .views import trivial

urlpatterns = [
    path("__bench__/trivial", trivial),
    path("", include("showsite.urls")),
]
