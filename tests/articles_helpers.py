"""Helpers shared by the articles tests: admin form data as a browser would post it."""

from django.utils import timezone

from articles.models import Article

CHANGE_URL = "/admin/articles/article/{}/change/"
ADD_URL = "/admin/articles/article/add/"
INLINE = "preview_links"


def _split(value):
    if value is None:
        return "", ""
    local = timezone.localtime(value)
    return local.strftime("%Y-%m-%d"), local.strftime("%H:%M:%S")


def admin_form_data(article: Article | None = None, **changes) -> dict:
    """Every field of the article change form, filled from ``article`` + ``changes``."""
    values = {
        "title": "A new piece",
        "slug": "",
        "kind": "news",
        "standfirst": "",
        "body": "",
        "state": "draft",
        "published_at": None,
        "comments_open": True,
        "seo_title": "",
        "seo_description": "",
        "authors": [],
        "tags": [],
        "version": "",
    }
    if article is not None:
        article.refresh_from_db()
        values.update(
            {
                name: getattr(article, name)
                for name in [
                    "title",
                    "slug",
                    "kind",
                    "standfirst",
                    "body",
                    "state",
                    "published_at",
                    "comments_open",
                    "seo_title",
                    "seo_description",
                    "version",
                ]
            }
        )
        values["authors"] = list(article.authors.values_list("pk", flat=True))
        values["tags"] = list(article.tags.values_list("pk", flat=True))
    values.update(changes)
    data = {"loaded_version": values["version"], "loaded_change_version": ""}
    data |= {
        name: values[name]
        for name in [
            "title",
            "slug",
            "kind",
            "standfirst",
            "body",
            "state",
            "seo_title",
            "seo_description",
        ]
    }
    data["published_at_0"], data["published_at_1"] = _split(values["published_at"])
    data["comments_close_at_0"] = data["comments_close_at_1"] = ""
    if values["comments_open"]:
        data["comments_open"] = "on"
    if values.get("significant_update"):
        data["significant_update"] = "on"
    data["authors"] = values["authors"]
    data["tags"] = values["tags"]
    data.update(
        {
            f"{INLINE}-TOTAL_FORMS": "0",
            f"{INLINE}-INITIAL_FORMS": "0",
            f"{INLINE}-MIN_NUM_FORMS": "0",
            f"{INLINE}-MAX_NUM_FORMS": "1000",
            "_save": "Save",
        }
    )
    return {key: value for key, value in data.items() if value is not None}
