from django.shortcuts import render


def home(request):
    """The front page: latest published pieces (filled in by the articles issue)."""
    return render(request, "articles/home.html", {"articles": []})
