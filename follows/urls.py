from django.urls import path

from . import views

app_name = "follows"

urlpatterns = [
    path("token/", views.form_token, name="token"),
    path("show/<slug:slug>/", views.follow, name="follow"),
    path("show/<slug:slug>/sent/", views.sent, name="sent"),
    path("confirm/<str:code>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path(
        "unsubscribe/<str:token>/all/",
        views.unsubscribe,
        {"everything": True},
        name="unsubscribe_all",
    ),
]
