"""The parts of make bench that can be checked without gunicorn and wrk.

The whole bench runs in CI as ``make bench QUICK=1`` (about 25 s: too slow for here).
"""

import os
import time

import pytest
from django.contrib.auth.models import Group
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import Resolver404, resolve

from bench.middleware import QueryCountMiddleware
from bench.pages import PAGES, resolve_pages
from bench.run import add_ratios, cpu_seconds


@pytest.mark.django_db
def test_every_page_resolves_to_a_served_url_or_says_why_it_is_skipped():
    found, skipped = resolve_pages()
    assert {name for name, _ in found} >= {"home", "healthz"}
    assert len(found) + len(skipped) == len(PAGES)
    for _, url in found:
        resolve(url.split("?", 1)[0])
    for name, reason in skipped:
        assert reason, name


def test_trivial_view_is_served_only_by_the_bench_urls():
    with pytest.raises(Resolver404):
        resolve("/__bench__/trivial")
    assert resolve("/__bench__/trivial", urlconf="bench.urls").func.__name__ == (
        "trivial"
    )


@pytest.mark.django_db
def test_query_count_header_reports_the_requests_queries():
    def view(request):
        Group.objects.count()
        Group.objects.exists()
        return HttpResponse("ok")

    response = QueryCountMiddleware(view)(RequestFactory().get("/"))
    assert response["X-Bench-Queries"] == "2"


def test_figures_are_given_as_ratios_to_the_trivial_view():
    def row(rps, p50, rss):
        return {
            "rps": rps,
            "p50_ms": p50,
            "p95_ms": p50 * 2,
            "p99_ms": p50 * 3,
            "worker_rss_mib": rss,
        }

    rows = [row(1000, 2.0, 40.0), row(250, 8.0, 50.0)]
    add_ratios(rows)
    assert rows[0]["ratio"]["rps"] == 1.0
    assert rows[1]["ratio"] == {
        "rps": 0.25,
        "p50_ms": 4.0,
        "p95_ms": 4.0,
        "p99_ms": 4.0,
        "worker_rss_mib": 1.25,
    }


def test_cpu_time_is_read_from_the_process_own_counters():
    before = cpu_seconds(os.getpid())
    deadline = time.process_time() + 0.05
    while time.process_time() < deadline:
        pass
    assert cpu_seconds(os.getpid()) - before >= 0.03  # clock ticks are 10 ms
    assert cpu_seconds(2**22 + 1) == 0.0  # above pid_max: no such process
