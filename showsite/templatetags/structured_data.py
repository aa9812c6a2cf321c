"""``{% structured_data obj as data %}``: the schema.org dict for a page's object.

The builders live with their apps (``articles.structured_data``,
``catalog.structured_data``); this tag picks one by model and makes URLs absolute from
the request, so the JSON-LD and the canonical link agree. Render the result with
``{% json_ld data %}`` (``site_tags``), which escapes it for a ``<script>`` element.
"""

from django import template

from articles import structured_data as article_data
from articles.models import Article, AuthorProfile
from catalog import structured_data as catalog_data
from catalog.models import Person, Season, Show, SourceWork

register = template.Library()

BUILDERS = {
    Article: article_data.news_article,
    AuthorProfile: article_data.author_profile,
    Show: catalog_data.tv_series,
    Season: catalog_data.tv_season,
    Person: catalog_data.person,
    SourceWork: catalog_data.book,
}


def _absolute(context):
    request = context.get("request")
    if request is None:
        return catalog_data.site_absolute
    return request.build_absolute_uri


@register.simple_tag(takes_context=True)
def structured_data(context, obj=None):
    """The JSON-LD dict for ``obj``; without one, the ``WebSite`` (home page)."""
    absolute = _absolute(context)
    if obj is None:
        return article_data.website(absolute)
    builder = BUILDERS.get(type(obj))
    if builder is None:
        raise template.TemplateSyntaxError(
            f"No structured data for {type(obj).__name__}."
        )
    return builder(obj, absolute)
