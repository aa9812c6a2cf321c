from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("token/", views.form_token, name="token"),
    path("article/<int:article_id>/write/", views.comment_write, name="write"),
    path("article/<slug:slug>/", views.comment_list, name="list"),
    path("<int:pk>/report/", views.comment_report, name="report"),
]
