from django import template

register = template.Library()


@register.inclusion_tag("catalog/includes/precise_date.html")
def precise_date(value, show_confidence=True):
    """A ``PreciseDate`` as honest markup: its precision, and how sure we are."""
    return {"date": value, "show_confidence": show_confidence}
