"""``make bench MODE=crawler``: how often a crawler's pages come from the page cache
while a moderator approves a comment every 10 seconds.

Against the same gunicorn as the page bench (page cache on, shared cache required), it
walks every public article, show and person page (up to ``--limit``, 5,000 by
default) twice, with ``--connections`` requests in flight, while
``manage.py bench_moderate`` approves a new comment every ``--every`` seconds through
the comment services. For each pass: requests, page-cache hits and misses (the
``X-Page-Cache`` header), hit rate, the workers' CPU ms per request and the
approvals made meanwhile. The budget: a second pass at least 95 % hits.
"""

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from bench.run import RESULTS_DIR, ROOT, Gunicorn, commit, machine, say

HIT_RATE_BUDGET = 0.95


def crawl_urls(limit: int) -> list[str]:
    """Every public article, show and person page, a third of ``limit`` each at most
    (what a kind leaves unused goes to articles), in id order."""
    from articles.models import Article
    from catalog.models import Person, Show

    share = limit // 3
    people = [p.get_absolute_url() for p in Person.objects.order_by("pk")[:share]]
    shows = [s.get_absolute_url() for s in Show.objects.order_by("pk")[:share]]
    rest = limit - len(people) - len(shows)
    pieces = Article.objects.public().order_by("pk").only("slug")[:rest]
    return [a.get_absolute_url() for a in pieces] + shows + people


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()
            return response.status, response.headers.get("X-Page-Cache", "-")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-Page-Cache", "-")


def crawl(server: Gunicorn, urls: list[str], connections: int) -> dict:
    """One pass over ``urls``: counts by X-Page-Cache, CPU per request, wall time."""
    cpu_before = server.workers_cpu_seconds()
    started = time.time()
    with ThreadPoolExecutor(max_workers=connections) as pool:
        answers = list(pool.map(lambda url: _get(server.base + url), urls))
    finished = time.time()
    cpu = server.workers_cpu_seconds() - cpu_before
    statuses = Counter(status for status, _ in answers)
    marks = Counter(mark for status, mark in answers if status == 200)
    served = marks["hit"] + marks["miss"]
    return {
        "requests": len(answers),
        "statuses": dict(statuses),
        "hits": marks["hit"],
        "misses": marks["miss"],
        "hit_rate": round(marks["hit"] / served, 4) if served else None,
        "cpu_ms": round(cpu * 1000 / len(answers), 2) if answers else None,
        "wall_s": round(finished - started, 1),
        "started": started,
        "finished": finished,
    }


def run(args, env: dict[str, str], data: str) -> int:
    """The crawler mode of ``bench.run``; ``env`` and the database are prepared."""
    from django.conf import settings

    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    if cache == "LocMemCache":
        say(
            "MODE=crawler needs a shared cache: the moderator's approvals must reach "
            "the workers' cached pages. Set CACHE_URL=redis://127.0.0.1:6379/<n>.",
            file=sys.stderr,
        )
        return 2
    urls = crawl_urls(args.limit)
    say(f"crawler: {len(urls)} URLs, approval every {args.every} s", file=sys.stderr)
    server = Gunicorn({**env, "PAGE_CACHE_ENABLED": "true"})
    moderator = subprocess.Popen(
        [sys.executable, "manage.py", "bench_moderate", f"--every={args.every}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    passes = []
    try:
        for n in (1, 2):
            say(f"crawler: pass {n}", file=sys.stderr)
            passes.append(crawl(server, urls, args.connections))
    finally:
        moderator.terminate()
        approvals, _ = moderator.communicate(timeout=30)
        server.stop()
    # Only its own lines: the moderators' notice e-mails may be printed there too.
    times = [
        float(line.split()[1])
        for line in approvals.splitlines()
        if line.startswith("approved ")
    ]
    for figures in passes:
        figures["approvals"] = sum(
            figures["started"] <= t <= figures["finished"] for t in times
        )
    report = {
        "mode": "crawler",
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit(),
        "machine": machine(),
        "data": data,
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        "cache": cache,
        "connections": args.connections,
        "approval_every_s": args.every,
        "urls": len(urls),
        "passes": passes,
        "budget_hit_rate": HIT_RATE_BUDGET,
    }
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS_DIR / f"{stamp}-{report['commit']}-crawler.json"
    path.write_text(json.dumps(report, indent=2) + "\n")
    say(table(report))
    say(f"\nJSON: {path.relative_to(ROOT)}")
    return 0


def table(report: dict) -> str:
    second = report["passes"][-1]["hit_rate"] or 0
    met = "met" if second >= report["budget_hit_rate"] else "NOT met"
    lines = [
        f"Crawler, commit {report['commit']}, {report['started']}; data: "
        f"{report['data']}; database: {report['database']}; cache: {report['cache']}; "
        f"{report['urls']} URLs, {report['connections']} in flight, a comment "
        f"approved every {report['approval_every_s']} s.",
        "",
        "| pass | requests | hits | misses | hit rate | CPU ms/request | approvals "
        "| wall s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for n, p in enumerate(report["passes"], 1):
        rate = f"{p['hit_rate'] * 100:.1f} %" if p["hit_rate"] is not None else "-"
        lines.append(
            f"| {n} | {p['requests']} | {p['hits']} | {p['misses']} | {rate} "
            f"| {p['cpu_ms']} | {p['approvals']} | {p['wall_s']} |"
        )
    lines += [
        "",
        f"Second-pass hit rate {second * 100:.1f} % against a budget of "
        f"{report['budget_hit_rate'] * 100:.0f} %: {met}.",
    ]
    return "\n".join(lines)
