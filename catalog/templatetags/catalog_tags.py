from django import template

from catalog import countries
from catalog.models.books import VolumeColumns
from catalog.models.releases import watch_for

register = template.Library()


@register.inclusion_tag("catalog/includes/precise_date.html")
def precise_date(value, show_confidence=True):
    """A ``PreciseDate`` as honest markup: its precision, and how sure we are."""
    return {"date": value, "show_confidence": show_confidence}


@register.simple_tag
def volume_columns(volumes):
    """The optional columns a volumes table prints for these volumes."""
    return VolumeColumns.of(volumes)


@register.simple_tag
def reader_country():
    """The reader's country (``?country=``, else the site's default) and the
    choices of the selector, for a page whose output depends on it."""
    code = countries.reader_country()
    return {
        "code": code,
        "name": countries.country_name(code),
        "choices": countries.COUNTRIES.items(),
        "parameter": countries.PARAMETER,
    }


@register.filter
def country_first(rows, code):
    """Rows with a ``country`` in the order a reader in ``code`` reads them: that
    country, worldwide, then the rest."""
    return countries.first_for(code, rows)


@register.filter
def watch_in(options, code):
    """The offers a reader in ``code`` has: that country's and worldwide."""
    return watch_for(options, code)


@register.simple_tag(takes_context=True)
def page_section(context, key, title, items, template, *, more=0, noun="", extra=""):
    """A titled section of a page listing ``items`` with ``template``, or nothing
    at all when there are none: a module with nothing to show is left out, not
    printed empty. ``more`` counts the items past the page's cap (``noun`` names
    them); ``extra`` is a CSS class."""
    items = list(items) if items is not None else []
    if not items:
        return ""
    section = context.template.engine.get_template("catalog/includes/page_section.html")
    values = {"key": key, "title": title, "items": items, "template": template}
    with context.push(values, more=more, noun=noun, extra=extra):
        return section.render(context)
