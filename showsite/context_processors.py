from django.conf import settings


def site(request):
    """The site's name and base URL, for titles, share tags and the footer."""
    return {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL}
