"""Reader-facing comment views: the form token, posting, reporting, the comments page.

Article pages are served from the page cache, so they carry no per-reader CSRF token:
``static/js/comments.js`` fills it in from ``form_token`` (never cached), and without
JavaScript the "Write a comment" link opens the uncached form page.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from articles.models import Article
from articles.views import article_rows
from core.clientip import client_ip
from core.pageversions import keyed_by
from core.pagination import paginate

from . import ratelimit, services
from .forms import CommentForm, ReportForm
from .models import Comment, CommentReport
from .rules import comments_are_open, comments_close_at
from .tokens import issue_form_token

PENDING_NOTICE = (
    "Thank you! Your comment awaits moderation and will appear once a moderator "
    "has approved it."
)
PUBLISHED_NOTICE = "Thank you! Your comment is published."
CLOSED_MESSAGE = "Comments on this piece are closed."
# A report needs an address (one report per address); readers whose address cannot
# be known share this one.
UNKNOWN_ADDRESS = "0.0.0.0"


def _public_article(article_id) -> Article:
    return get_object_or_404(Article.objects.public(), pk=article_id)


@require_safe
@never_cache
def form_token(request):
    """A CSRF token (and cookie) and a signed form timestamp for one article's form."""
    try:
        article_id = int(request.GET.get("article", ""))
    except ValueError:
        raise Http404("No such article.") from None
    article = _public_article(article_id)
    return JsonResponse(
        {
            "csrf_token": get_token(request),
            "form_token": issue_form_token(article.pk),
            "open": comments_are_open(article),
            "max_age": settings.COMMENTS_FORM_MAX_AGE,
        }
    )


def _render_form(request, article, form, *, status=200):
    """The form page; after an error it keeps what was typed, with a fresh token."""
    context = {
        "article": article,
        "form": form,
        "fresh_form_token": issue_form_token(article.pk),
        "replying_to": _reply_target(article, form["parent"].value()),
        "is_open": comments_are_open(article),
        "closes_at": comments_close_at(article),
    }
    return render(request, "comments/comment_form.html", context, status=status)


def _reply_target(article, value) -> Comment | None:
    try:
        parent_id = int(value)
    except (TypeError, ValueError):
        return None
    return (
        Comment.objects.public()
        .filter(article=article, parent__isnull=True, pk=parent_id)
        .first()
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def comment_write(request, article_id):
    """GET: the form on its own page. POST: check, store, redirect to the article."""
    article = _public_article(article_id)
    if request.method != "POST":
        parent = _reply_target(article, request.GET.get("parent"))
        form = CommentForm(article=article, initial={"parent": parent and parent.pk})
        return _render_form(
            request, article, form, status=200 if comments_are_open(article) else 403
        )

    form = CommentForm(request.POST, article=article)
    if not comments_are_open(article):
        form.is_valid()
        form.add_error(None, CLOSED_MESSAGE)
        return _render_form(request, article, form, status=403)
    if form.is_bot():
        # Answer as for any comment, so the bot learns nothing; store nothing.
        messages.info(request, PENDING_NOTICE)
        return redirect(f"{article.get_absolute_url()}#comments")
    if not form.is_valid():
        return _render_form(request, article, form, status=400)

    ip = client_ip(request)
    email = form.cleaned_data["email"].lower()
    for scope, identity, limit, stored in (
        (
            "ip",
            ip or "",
            settings.COMMENTS_RATE_LIMIT_PER_IP,
            Comment.objects.filter(ip_address=ip),
        ),
        (
            "email",
            email,
            settings.COMMENTS_RATE_LIMIT_PER_EMAIL,
            Comment.objects.by_email(email),
        ),
    ):
        allowance = ratelimit.hit(
            scope,
            identity,
            limit=limit,
            window=settings.COMMENTS_RATE_LIMIT_WINDOW,
            stored=stored,
        )
        if not allowance.allowed:
            minutes = max(1, round(allowance.retry_after / 60))
            form.add_error(
                None,
                "You have sent several comments in a short time. Please wait about "
                f"{minutes} minute(s) and send this one again: your text is kept "
                "below.",
            )
            response = _render_form(request, article, form, status=429)
            response["Retry-After"] = str(allowance.retry_after)
            return response

    submission = services.comment_submit(
        article=article,
        name=form.cleaned_data["name"],
        email=form.cleaned_data["email"],
        body=form.cleaned_data["body"],
        parent=form.cleaned_data["parent"],
        contains_spoilers=form.cleaned_data["contains_spoilers"],
        ip_address=ip,
        user_agent=request.headers.get("User-Agent", ""),
    )
    comment = submission.comment
    if comment.is_public:
        messages.success(request, PUBLISHED_NOTICE)
        return redirect(f"{article.get_absolute_url()}#comment-{comment.pk}")
    messages.info(request, PENDING_NOTICE)
    return redirect(f"{article.get_absolute_url()}#comments")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def comment_report(request, pk):
    """Readers report a published comment; one report per address per comment."""
    comment = get_object_or_404(
        Comment.objects.public().select_related("article"), pk=pk
    )
    if not comment.article.is_public():
        raise Http404("No such comment.")
    form = ReportForm(request.POST or None)
    context = {"comment": comment, "article": comment.article, "form": form}
    if request.method != "POST":
        return render(request, "comments/report_form.html", context)
    if not form.is_valid():
        return render(request, "comments/report_form.html", context, status=400)
    ip = client_ip(request) or UNKNOWN_ADDRESS
    allowance = ratelimit.hit(
        "report-ip",
        ip,
        limit=settings.COMMENTS_RATE_LIMIT_PER_IP * 4,
        window=settings.COMMENTS_RATE_LIMIT_WINDOW,
        stored=CommentReport.objects.filter(ip_address=ip),
    )
    if not allowance.allowed:
        form.add_error(None, "You have sent many reports recently. Please try later.")
        response = render(request, "comments/report_form.html", context, status=429)
        response["Retry-After"] = str(allowance.retry_after)
        return response
    result = services.comment_report(
        comment=comment, reason=form.cleaned_data["reason"], ip_address=ip
    )
    if result.created:
        messages.info(request, "Thank you. A moderator will look at this comment.")
    else:
        messages.info(request, "You have already reported this comment. Thank you.")
    return redirect(f"{comment.article.get_absolute_url()}#comments")


@require_safe
@keyed_by(article_rows)
def comment_list(request, slug):
    """Every public comment on a piece, paginated; the article page shows page 1."""
    article = get_object_or_404(Article.objects.public(), slug=slug)
    page = paginate(
        request, Comment.objects.on_article_page(article), settings.COMMENTS_PER_PAGE
    )
    context = {
        "article": article,
        "page_obj": page,
        "is_open": comments_are_open(article),
    }
    return render(request, "comments/comment_list.html", context)
