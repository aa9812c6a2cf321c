from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.utils.functional import lazy
from django.views.generic import RedirectView
from django.views.static import serve

from articles.pages import ARTICLE_LISTS
from catalog import views as catalog_views
from catalog.pages import CATALOG_LISTS
from core import health
from core.pageversions import keyed, lists

from . import views
from .sitemaps import SITEMAPS

admin.site.site_header = "Showsite newsroom"
admin.site.site_title = "Showsite admin"
admin.site.index_title = "Newsroom"

# 400 and 500 pages render from settings alone (no request context, no database).
handler400 = "core.errors.bad_request"
handler500 = "core.errors.server_error"

# Sitemaps list every public page: keyed by both list families.
SITEMAP_ROWS = lists(ARTICLE_LISTS, CATALOG_LISTS)

urlpatterns = [
    # Answered by core.health's middleware first; named here for reverse().
    path("healthz", health.healthz, name="healthz"),
    # Browsers and feed readers ask for /favicon.ico on pages without an icon link
    # (the admin, feeds); answer with the real icon instead of logging a 404.
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("img/favicon.svg"), permanent=True),
    ),
    path("admin/", admin.site.urls),
    path("search/", views.search, name="search"),
    path("upcoming/", catalog_views.upcoming, name="upcoming"),
    path(
        "upcoming.ics", catalog_views.upcoming_calendar_feed, name="upcoming_calendar"
    ),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        keyed(sitemap_views.index, SITEMAP_ROWS),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    # Before the sections' pattern, which would answer it without the news tags.
    path(
        "sitemap-news.xml",
        keyed(sitemap_views.sitemap, SITEMAP_ROWS),
        {
            "sitemaps": {"news": SITEMAPS["news"]},
            "section": "news",
            "template_name": "sitemap_news.xml",
        },
        name="sitemap_news",
    ),
    path(
        "sitemap-<section>.xml",
        keyed(sitemap_views.sitemap, SITEMAP_ROWS),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("", include("catalog.urls")),
    path("", include("articles.urls")),
    path("comments/", include("comments.urls")),
    path("follow/", include("follows.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(
            r"^{}(?P<path>.*)$".format(settings.MEDIA_URL.lstrip("/")),
            serve,
            {"document_root": settings.MEDIA_ROOT},
        ),
    ]
