from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("preview/<str:token>/", views.article_preview, name="preview"),
    path("kinds/<slug:kind>/", views.kind_list, name="kind"),
    path("tags/<slug:slug>/", views.tag_list, name="tag"),
    path("authors/<slug:slug>/", views.author_detail, name="author"),
]
