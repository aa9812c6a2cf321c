"""Public article pages. Every queryset starts from ``Article.objects.public()``."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe
from django.views.generic import ListView

from catalog.countries import country_variant
from catalog.models import Season, Show
from catalog.pages import CATALOG_LISTS
from core.fragments import owner_from_rows
from core.pageshell import ShellMixin, ShellPage, full_variant, owned_by_lists
from core.pageversions import keyed_by, lists
from core.pagination import SafePaginationMixin
from core.queryshapes import QueryShape
from images.querysets import renditions_prefetch
from livefacts.boxes import fill_boxes

from .models import Article, AuthorProfile, PreviewLink, Tag
from .pages import ARTICLE_LISTS

PAGE_SIZE = 12
# "Coming soon" on the home page and "Related" under a piece: short by design.
COMING_SOON = 6
RELATED = 4


@keyed_by(lists(ARTICLE_LISTS))
class ArticleListView(SafePaginationMixin, ListView):
    """A paginated list of public pieces; subclasses narrow it."""

    template_name = "articles/article_list.html"
    paginate_by = PAGE_SIZE
    allow_empty = True
    heading = "Latest"
    http_method_names = ["get", "head"]

    def get_queryset(self):
        return Article.objects.public().for_cards().latest_first()

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=self.heading, **kwargs)


@keyed_by(lists(ARTICLE_LISTS, CATALOG_LISTS))
class HomeView(ShellMixin, ArticleListView):
    """Page 1: the lead story, the latest pieces and the next premieres; later
    pages are the archive. Served from a stored shell owned by both lists; its
    pagination links keep the query string, so the shell depends on it."""

    template_name = "articles/home.html"
    shell_page = ShellPage(
        owner=owned_by_lists(ARTICLE_LISTS, CATALOG_LISTS), variant=full_variant
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context["page_obj"].number == 1:
            context["coming_soon"] = list(
                Season.objects.upcoming_premieres()[:COMING_SOON]
            )
        return context


class KindListView(ArticleListView):
    def get_queryset(self):
        kinds = dict(Article.Kind.choices)
        if self.kwargs["kind"] not in kinds:
            raise Http404
        self.heading = kinds[self.kwargs["kind"]]
        return super().get_queryset().filter(kind=self.kwargs["kind"])


class TagListView(ArticleListView):
    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        self.heading = self.tag.name
        return super().get_queryset().filter(tags=self.tag)


class AuthorView(ArticleListView):
    template_name = "articles/author_detail.html"

    def get_queryset(self):
        self.author = get_object_or_404(
            AuthorProfile.objects.select_related("photo").prefetch_related(
                renditions_prefetch("photo")
            ),
            slug=self.kwargs["slug"],
        )
        self.heading = self.author.name
        return super().get_queryset().filter(authors=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


@keyed_by(lambda kwargs: Show.objects.filter(slug=kwargs["slug"]))
class ShowArticlesView(ArticleListView):
    """Every piece about a show or one of its seasons."""

    template_name = "articles/show_articles.html"

    def get_queryset(self):
        self.show = get_object_or_404(Show, slug=self.kwargs["slug"])
        self.heading = f"{self.show.title}: all articles"
        return super().get_queryset().about_show(self.show)

    def get_context_data(self, **kwargs):
        return super().get_context_data(show=self.show, **kwargs)


home = HomeView.as_view()
kind_list = KindListView.as_view()
tag_list = TagListView.as_view()
author_detail = AuthorView.as_view()
show_articles = ShowArticlesView.as_view()


def _subject_field(name):
    """The link table's column holding the subject's id, for binding the ids."""
    field = Article._meta.get_field(name)
    return field.remote_field.through._meta.get_field(field.m2m_reverse_field_name())


# "More on this story": compiled once per process and count of subjects of each kind.
RELATED_CARDS = QueryShape(
    lambda at, pk, **subjects: (
        Article.objects.public(at=at)
        .sharing_subjects(subjects)
        .exclude(pk=pk)
        .latest_first()
        .first_cards(RELATED)
    ),
    at=Article._meta.get_field("published_at"),
    pk=Article._meta.pk,
    **{name: _subject_field(name) for name in Article.SUBJECT_FIELDS},
)


def related_cards(article) -> list:
    """Other public pieces on the article's subjects, newest first, as cards."""
    subjects = {
        name: [obj.pk for obj in getattr(article, name).all()]
        for name in Article.SUBJECT_FIELDS
    }
    if not any(subjects.values()):
        return []
    return RELATED_CARDS.all(at=timezone.now(), pk=article.pk, **subjects)


# The article page's parts kept rendered under the article's version: the head, the
# piece (body with its live boxes, notes, tags, subjects), related cards, comments.
FRAGMENT_SLOTS = ("head", "article", "related", "comments")


def _render_article(request, article, *, preview: bool, preview_link=None, parts=None):
    """``parts``: the page's stored fragments (a public piece only); when every part
    is stored, ``article`` is None and nothing of the piece is read."""
    related = None
    if article is not None and (parts is None or not parts.stored("related")):
        related = related_cards(article)
    user = request.user
    response = render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "is_preview": preview,
            "preview_link": preview_link,
            # Writers and reviewers read every spoiler passage, marked; never stored.
            "preview_spoilers": parts is None and (preview or preview_link is not None),
            "related": related,
            "fragments": parts,
            "edit_url": _edit_url(user, article.pk if article else parts.owner.pk),
        },
    )
    return _private_if_personal(request, response, preview=preview)


def _private_if_personal(request, response, *, preview: bool = False):
    if preview or request.user.is_authenticated:
        # Never let a shared cache keep a preview or a logged-in page.
        add_never_cache_headers(response)
    return response


# The public piece with everything its page shows, compiled once per process: its
# SQL is kilobytes long, and building it cost more than running it.
PUBLIC_ARTICLE = QueryShape(
    lambda slug, at: (
        Article.objects.public(at=at).for_detail().with_subjects().filter(slug=slug)
    )[:1],
    slug=Article._meta.get_field("slug"),
    at=Article._meta.get_field("published_at"),
)


def _edit_url(user, pk) -> str:
    """The editors' toolbar link; the admin checks the permission again."""
    if user.is_authenticated and user.has_perm("articles.change_article"):
        return reverse("admin:articles_article_change", args=[pk])
    return ""


def editor_toolbar(request, owner) -> str:
    """The ``banner`` of article_detail.html, for a page served from its shell."""
    edit_url = _edit_url(request.user, owner.pk)
    if not edit_url:
        return ""
    return render_to_string(
        "articles/includes/editor_toolbar.html", {"edit_url": edit_url}
    )


ARTICLE_VERSION = QueryShape(
    lambda slug, at: (
        Article.objects.public(at=at)
        .filter(slug=slug)
        .values_list("pk", "render_version", "valid_until")[:1]
    ),
    slug=Article._meta.get_field("slug"),
    at=Article._meta.get_field("published_at"),
)
# The public piece's page, built from its shell and parts (core/pageshell.py).
ARTICLE_PAGE = ShellPage(
    owner=lambda kwargs: owner_from_rows(
        Article, ARTICLE_VERSION.all(slug=kwargs["slug"], at=timezone.now())
    ),
    slots=FRAGMENT_SLOTS,
    viewer={"banner": editor_toolbar},
    finish=fill_boxes,
    variant=country_variant,  # fact boxes put the reader's country first
)


def _render_public(request, slug):
    """The public piece from its stored shell and parts, or None to render it whole.

    One query reads the piece's version; one cache round trip its shell and parts.
    The piece itself is loaded only when one is missing.
    """
    parts = ARTICLE_PAGE.parts(request, {"slug": slug})
    if parts is None:
        return None

    def render_missing():
        article = None
        if not parts.complete:
            article = PUBLIC_ARTICLE.first(slug=slug, at=timezone.now())
            if article is None or article.pk != parts.owner.pk:  # changed since
                return None
        return _render_article(request, article, preview=False, parts=parts)

    response = ARTICLE_PAGE.respond(request, parts, render_missing)
    return response and _private_if_personal(request, response)


def article_rows(kwargs):
    """The article page and its comments page are owned by the article's row."""
    return Article.objects.filter(slug=kwargs["slug"])


@require_safe
@keyed_by(article_rows)
def article_detail(request, slug):
    """The public piece; its preview for its authors and editors; 301 from old slugs."""
    response = _render_public(request, slug)
    if response is not None:
        return response
    article = PUBLIC_ARTICLE.first(slug=slug, at=timezone.now())
    if article is not None:
        return _render_article(request, article, preview=False)
    article = Article.objects.visible_to(request.user).for_detail().with_subjects()
    article = article.filter(slug=slug).first()
    if article is not None:
        return _render_article(request, article, preview=True)
    moved = (
        Article.objects.public()
        .filter(slug_redirects__old_slug=slug)
        .only("slug")
        .first()
    )
    if moved is not None:
        return redirect(moved, permanent=True)
    raise Http404("No such article.")


@require_safe
def article_preview(request, token):
    """One unpublished piece for whoever holds a valid link, and nothing else; never
    kept by a shared cache, even once the piece is live."""
    link = PreviewLink.for_token(token)
    if link is None:
        raise Http404("This preview link is invalid, expired or revoked.")
    article = Article.objects.for_detail().with_subjects().get(pk=link.article_id)
    response = _render_article(
        request, article, preview=not article.is_public(), preview_link=link
    )
    add_never_cache_headers(response)
    return response
