"""The fragment store: keys follow the database versions, one worker renders a
missing fragment while the others wait, and a failing cache costs renders only."""

import datetime
import threading
import time

import pytest
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.utils import timezone

from articles.models import Article
from core import fragments
from core.pageversions import bump
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


class Counter:
    def __init__(self, html="<p>part</p>"):
        self.html = html
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.html


def owner(article) -> fragments.Owner:
    return fragments.owner_of(Article.objects.filter(pk=article.pk))


def test_a_bump_moves_the_key_and_the_old_part_is_never_read():
    article = ArticleFactory()
    render = Counter()
    first = fragments.PageFragments(owner(article), ["body"])
    assert first.get("body", render) == "<p>part</p>"
    again = fragments.PageFragments(owner(article), ["body"])
    assert again.complete
    assert again.get("body", Counter("<p>new</p>")) == "<p>part</p>"
    assert render.calls == 1

    bump(article)
    moved = fragments.PageFragments(owner(article), ["body"])
    assert not moved.complete
    assert moved.get("body", Counter("<p>new</p>")) == "<p>new</p>"


def test_the_owner_is_read_in_one_query(django_assert_num_queries):
    article = ArticleFactory()
    with django_assert_num_queries(1):
        found = owner(article)
    assert (found.label, found.pk) == ("articles.article", article.pk)
    assert fragments.owner_of(Article.objects.filter(pk=-1)) is None


def test_a_passed_valid_until_is_advanced_before_the_version_is_used():
    article = ArticleFactory()
    before = owner(article)
    past = timezone.now() - datetime.timedelta(minutes=1)
    Article.objects.filter(pk=article.pk).update(valid_until=past)
    after = owner(article)
    assert after.version == before.version + 1


def test_variants_and_slots_have_keys_of_their_own():
    article = ArticleFactory()
    found = owner(article)
    keys = {
        found.key("head", "https://a.example"),
        found.key("head", "https://b.example"),
        found.key("body", "https://a.example"),
    }
    assert len(keys) == 3


def test_two_workers_missing_one_part_render_it_once():
    store = fragments.FragmentStore()
    started, release = threading.Event(), threading.Event()
    calls = []

    def slow():
        calls.append(1)
        started.set()
        release.wait(5)
        return "<p>slow</p>"

    results = []
    first = threading.Thread(target=lambda: results.append(store.fill("frag:k", slow)))
    first.start()
    started.wait(5)
    second = threading.Thread(
        target=lambda: results.append(store.fill("frag:k", Counter("<p>twice</p>")))
    )
    second.start()
    time.sleep(0.2)  # the second finds the lock taken and waits
    release.set()
    first.join(5)
    second.join(5)
    assert results == ["<p>slow</p>", "<p>slow</p>"]
    assert len(calls) == 1


def test_a_worker_locking_after_another_stored_the_part_serves_it():
    cache.set("frag:done", "<p>stored</p>")
    render = Counter()
    assert fragments.FragmentStore().fill("frag:done", render) == "<p>stored</p>"
    assert render.calls == 0


def test_a_waiting_worker_renders_itself_when_the_first_takes_too_long(monkeypatch):
    monkeypatch.setattr(fragments, "WAIT_SECONDS", 0.05)
    store = fragments.FragmentStore()
    cache.add("frag:stuck:lock", 1)  # another worker holds the lock, and hangs
    render = Counter()
    assert store.fill("frag:stuck", render) == "<p>part</p>"
    assert render.calls == 1


class BrokenCache(LocMemCache):
    def __init__(self):
        super().__init__("broken", {})

    def _fail(self, *args, **kwargs):
        raise ConnectionError("cache down")

    get = get_many = set = add = delete = _fail


def test_a_cache_down_renders_every_part_and_logs_once(caplog):
    article = ArticleFactory()
    broken = BrokenCache()
    store = fragments.FragmentStore(broken)
    for _ in range(2):
        parts = fragments.PageFragments(owner(article), ["a", "b"], store=store)
        assert parts.get("a", Counter("<p>a</p>")) == "<p>a</p>"
        assert parts.get("b", Counter("<p>b</p>")) == "<p>b</p>"
    assert len([r for r in caplog.records if r.levelname == "ERROR"]) == 1
