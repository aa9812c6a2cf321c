from django.http import HttpResponse


def trivial(request):
    """The smallest Django page: no template, no database. Every figure is a ratio to
    this view, measured by the same gunicorn in the same run."""
    return HttpResponse("ok", content_type="text/plain")
