from django.urls import path

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("preview/<str:token>/", views.article_preview, name="preview"),
    path("kinds/<slug:kind>/", views.kind_list, name="kind"),
    path("tags/<slug:slug>/", views.tag_list, name="tag"),
    path("authors/<slug:slug>/", views.author_detail, name="author"),
    path("shows/<slug:slug>/articles/", views.show_articles, name="show"),
    # Feeds: RSS 2.0 (.rss) and Atom (.atom) of the same items.
    path("feeds/latest.rss", feeds.LatestArticlesFeed(), name="feed_rss"),
    path("feeds/latest.atom", feeds.LatestArticlesAtom(), name="feed_atom"),
    path("shows/<slug:slug>/feed.rss", feeds.ShowArticlesFeed(), name="show_feed_rss"),
    path(
        "shows/<slug:slug>/feed.atom", feeds.ShowArticlesAtom(), name="show_feed_atom"
    ),
    path("tags/<slug:slug>/feed.rss", feeds.TagArticlesFeed(), name="tag_feed_rss"),
    path("tags/<slug:slug>/feed.atom", feeds.TagArticlesAtom(), name="tag_feed_atom"),
    path(
        "authors/<slug:slug>/feed.rss",
        feeds.AuthorArticlesFeed(),
        name="author_feed_rss",
    ),
    path(
        "authors/<slug:slug>/feed.atom",
        feeds.AuthorArticlesAtom(),
        name="author_feed_atom",
    ),
]
