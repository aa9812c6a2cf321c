"""What a moderator's approval costs the next reader of the article page, in-process.

    python -m bench.approval [--rounds 30]

Builds a throwaway SQLite database with the demo content in a temporary folder (as
``bench.nodecount`` does), with the bench's settings (its trivial view), the page
cache off and stored fragments on. It warms the article ``make bench`` measures, then
each round approves a pending comment on it (the article's version moves, so its
page's parts are rendered again) and requests the page once. It reports the CPU
milliseconds (``time.process_time``) of the approval, of that first request after it,
of a warm request and of the trivial view, medians over the rounds, and the Python
function calls of one first request (steady however busy the machine); then the two
lists the approval re-renders, the page's comments and its related cards, rendered
whole (fragments off) and from their stored items. Nothing is written outside the
temporary folder.
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path


def say(*parts) -> None:
    """Print for a command-line tool (ruff's T20 is about stray debugging prints)."""
    sys.stdout.write(" ".join(str(p) for p in parts) + "\n")


def _environment(folder: Path) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        SHOWSITE_IGNORE_DOTENV="1",
        DATABASE_URL=f"sqlite:///{folder / 'approval.sqlite3'}",
        CACHE_URL=os.environ.get("CACHE_URL", "locmemcache://approval"),
        MEDIA_ROOT=str(folder / "media"),
        PAGE_CACHE_ENABLED="false",
        FRAGMENTS_ENABLED="true",
        LOG_LEVEL="WARNING",
        DEBUG="true",  # plain static storage: no collectstatic needed
    )


def _cpu_ms(fn) -> float:
    start = time.process_time()
    fn()
    return (time.process_time() - start) * 1000


def measure(*, rounds: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from articles.models import Article
    from bench.pages import PAGES, TRIVIAL
    from comments.models import Comment
    from comments.services import comment_approve

    call_command("migrate", verbosity=0)
    call_command("load_demo", force=True, stdout=io.StringIO())
    cache.clear()
    url = next(page for page in PAGES if page.name == "article").locate()
    article = Article.objects.public().get(slug=url.rstrip("/").rsplit("/", 1)[-1])
    moderator = get_user_model().objects.create_superuser("bench-moderator")
    client = Client(HTTP_HOST="127.0.0.1")

    def get(path=url):
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}")
        return response

    get()
    get(TRIVIAL.locate())
    figures = {"approve": [], "after": [], "warm": [], "trivial": []}
    for i in range(rounds):
        comment = Comment.objects.create(
            article=article,
            name=f"Bench reader {i}",
            email=f"bench{i}@example.com",
            body=f"Comment {i} of the approval bench, with a link: example.com/{i}",
            dedupe_key=f"bench-approval-{i}",
        )
        figures["approve"].append(
            _cpu_ms(lambda c=comment: comment_approve(comment=c, by=moderator))
        )
        figures["after"].append(_cpu_ms(get))
        figures["warm"].append(_cpu_ms(get))
        figures["trivial"].append(_cpu_ms(lambda: get(TRIVIAL.locate())))
    # Python function calls: steady from run to run, however busy the machine.
    comment = Comment.objects.create(
        article=article, name="Profiled", body="One more.", dedupe_key="bench-last"
    )
    comment_approve(comment=comment, by=moderator)
    profile = cProfile.Profile()
    profile.runcall(get)
    calls = pstats.Stats(profile).total_calls
    figures.update(_lists(article, rounds))
    medians = {name: statistics.median(ms) for name, ms in figures.items()}
    return {"url": url, "rounds": rounds, "calls": calls, **medians}


def _lists(article, rounds: int) -> dict:
    """CPU ms of the comment list and the related cards, whole and from the cache."""
    from django.conf import settings
    from django.template.loader import render_to_string

    from articles.views import related_cards
    from comments.threads import article_comments

    section = article_comments(article)
    lists = {
        "comments": (
            "comments/includes/comment_list.html",
            {"article": article, "comments": section.comments, "can_reply": True},
        ),
        "related": (
            "articles/includes/related.html",
            {"articles": related_cards(article)},
        ),
    }
    figures = {}
    for name, (template, context) in lists.items():
        for stored in (False, True):
            settings.FRAGMENTS_ENABLED = stored
            render_to_string(template, context)  # compiled; items stored
            figures[f"{name} {'stored' if stored else 'whole'}"] = [
                _cpu_ms(lambda t=template, c=context: render_to_string(t, c))
                for _ in range(rounds)
            ]
    settings.FRAGMENTS_ENABLED = True
    return figures


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=30, help="approvals timed")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="showsite-approval-") as folder:
        _environment(Path(folder))
        import django

        django.setup()
        figures = measure(rounds=args.rounds)
    trivial = figures["trivial"]
    say(f"page: {figures['url']}, medians of {figures['rounds']} approvals, CPU ms")
    say(
        "  Python function calls of the first request after an approval:",
        f"{figures['calls']:,}",
    )
    for name in figures:
        if name in ("url", "rounds", "calls"):
            continue
        ratio = figures[name] / trivial
        say(f"  {name:16} {figures[name]:7.2f} ms  ({ratio:5.1f} × trivial)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
