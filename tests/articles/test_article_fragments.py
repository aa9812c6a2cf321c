"""The article page from stored fragments: the same bytes as a whole render, a
constant number of queries, logged-in editors served from the same parts, and
nothing stored for previews and drafts."""

import datetime

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from core import pageversions
from core.fragments import FragmentStore
from tests.factories import (
    ArticleFactory,
    AuthorProfileFactory,
    CommentFactory,
    ImageFactory,
    PersonFactory,
    TagFactory,
    UpdateNoteFactory,
)
from tests.livefacts_helpers import make_catalog
from tests.shell_helpers import get, whole

pytestmark = pytest.mark.django_db

BOXES = [
    "[[factbox season=heartstopper/2]]",
    "[[cast show=heartstopper]]",
    "[[trailers season=heartstopper/2]]",
    "[[volumes season=heartstopper/2]]",
    "[[rating show=heartstopper]]",
    "Out {{season:heartstopper/2.premiere}}, with {{person:kit-connor.name}}.",
]


class Fills:
    """Counts the parts rendered because they were missing."""

    def __init__(self, monkeypatch):
        self.slots = []
        fill = FragmentStore.fill

        def counted(store, key, render, **kwargs):
            self.slots.append(key.split(":")[4])  # frag:<code>:<label>:<pk>:<slot>
            return fill(store, key, render, **kwargs)

        monkeypatch.setattr(FragmentStore, "fill", counted)


@pytest.fixture
def fills(monkeypatch):
    return Fills(monkeypatch)


def rich_article(**kwargs):
    catalog = make_catalog(cast=5)
    article = ArticleFactory(
        body="\n\n".join(BOXES),
        hero_image=ImageFactory(alt_text="Two actors on a set"),
        tags=TagFactory.create_batch(2),
        authors=AuthorProfileFactory.create_batch(2),
        **kwargs,
    )
    article.subject_seasons.add(catalog.season)
    article.subject_shows.add(catalog.show)
    ArticleFactory().subject_shows.add(catalog.show)  # a related card
    UpdateNoteFactory(article=article)
    CommentFactory.create_batch(3, article=article)
    return article, catalog


def test_stored_and_served_parts_match_the_whole_render(
    client, fragments, settings, fills
):
    article, _ = rich_article()
    url = article.get_absolute_url()
    reference = whole(client, url, settings)
    assert get(client, url) == reference  # parts rendered and stored
    assert sorted(fills.slots) == ["article", "comments", "head", "related"]
    assert get(client, url) == reference  # parts served
    assert len(fills.slots) == 4
    assert "livefact--factbox" in reference and "comment-list" in reference


def test_a_write_renders_the_parts_anew_and_an_unrelated_one_reuses_them(
    client, fragments, settings, fills
):
    article, catalog = rich_article()
    url = article.get_absolute_url()
    get(client, url)
    ArticleFactory(title="Elsewhere")  # shares no subject: this page is untouched
    assert get(client, url) == whole(client, url, settings)
    assert len(fills.slots) == 4

    CommentFactory(article=article, body="A brand new thought.")
    html = get(client, url)
    assert "A brand new thought." in html
    assert html == whole(client, url, settings)
    assert len(fills.slots) == 8

    catalog.character.name = "Nicholas Nelson"
    catalog.character.save()
    html = get(client, url)
    assert "Nicholas Nelson" in html
    assert html == whole(client, url, settings)
    assert len(fills.slots) == 12


@pytest.mark.parametrize(("boxes", "comments"), [(1, 0), (30, 500)])
def test_warm_page_costs_one_query_however_many_embeds_and_comments(
    client, fragments, django_assert_num_queries, boxes, comments
):
    make_catalog()
    article = ArticleFactory(
        body="\n\n".join(BOXES[i % len(BOXES)] for i in range(boxes))
    )
    Comment.objects.bulk_create(
        CommentFactory.build(article=article, dedupe_key=f"bulk-{i}")
        for i in range(comments)
    )
    pageversions.bump(article)
    url = article.get_absolute_url()
    first = get(client, url)
    # The article's version: its body is stored with its boxes filled in.
    with django_assert_num_queries(1):
        assert get(client, url) == first
    assert first.count("<!--lf:") == 0 and first.count("livefact") >= boxes


def test_editors_get_the_stored_parts_and_their_toolbar(
    client, fragments, settings, fills, editor
):
    article, _ = rich_article()
    url = article.get_absolute_url()
    anonymous = get(client, url)
    client.force_login(editor)
    html = get(client, url)
    assert len(fills.slots) == 4  # nothing rendered again for the editor
    assert 'aria-label="Editor tools"' in html
    assert f"/admin/articles/article/{article.pk}/change/" in html
    assert html == whole(client, url, settings)
    assert html.split("<main")[1] == anonymous.split("<main")[1]
    assert html.split("</head>")[0] == anonymous.split("</head>")[0]
    assert 'aria-label="Editor tools"' not in anonymous


def test_previews_and_drafts_are_never_stored(client, fragments, fills, editor):
    draft = ArticleFactory(state="draft", published_at=None)
    scheduled = ArticleFactory(published_at=timezone.now() + datetime.timedelta(days=1))
    client.force_login(editor)
    for article in (draft, scheduled):
        assert "Preview — not published." in get(client, article.get_absolute_url())
    assert fills.slots == []


def test_an_unpublished_piece_is_never_served_from_its_parts(client, fragments):
    article = ArticleFactory()
    url = article.get_absolute_url()
    get(client, url)
    article.state = Article.State.DRAFT
    article.save()
    assert client.get(url).status_code == 404


def test_a_page_is_right_when_the_cache_is_down(
    client, fragments, settings, monkeypatch
):
    article, _ = rich_article()
    url = article.get_absolute_url()
    reference = whole(client, url, settings)
    get(client, url)  # parts stored while the cache worked

    class Down(LocMemCache):
        def __init__(self):
            super().__init__("down", {})

        def _fail(self, *args, **kwargs):
            raise ConnectionError("cache down")

        get = get_many = set = add = delete = _fail

    monkeypatch.setattr(FragmentStore, "cache", property(lambda store: Down()))
    CommentFactory(article=article, body="Written while the cache was down.")
    html = get(client, url)
    assert "Written while the cache was down." in html
    assert html == whole(client, url, settings)
    assert reference != html


class BoxRenders:
    """Counts live boxes rendered because their fragment was missing."""

    def __init__(self, monkeypatch):
        from livefacts import boxes

        self.rendered = []
        render = boxes.render_placeholders

        def counted(missing):
            self.rendered += [(p.kind, p.target) for p in missing]
            return render(missing)

        monkeypatch.setattr(boxes, "render_placeholders", counted)


def test_a_catalog_edit_renders_its_box_once_for_every_article_showing_it(
    client, fragments, settings, monkeypatch
):
    make_catalog()
    outsider = PersonFactory(name="Yasmin Finney", slug="yasmin-finney")
    body = "[[factbox season=heartstopper/2]]\n\nWith {{person:yasmin-finney.name}}."
    urls = [ArticleFactory(body=body).get_absolute_url() for _ in range(2)]
    boxes = BoxRenders(monkeypatch)
    for url in urls:
        get(client, url)
    assert sorted(boxes.rendered) == [("fact", "person"), ("factbox", "season")]

    outsider.name = "Yasmin F."
    outsider.save()
    for url in urls:
        html = get(client, url)
        assert "Yasmin F." in html
        assert html == whole(client, url, settings)
    # The person's fact once for both pieces; the season's box was reused.
    assert sorted(boxes.rendered[2:]) == [("fact", "person")]


def test_a_stored_body_holds_its_boxes_filled_in(client, fragments, settings):
    make_catalog()
    article = ArticleFactory(body="[[factbox season=heartstopper/2]]")
    html = get(client, article.get_absolute_url())
    parts = fragments.PageFragments(
        fragments.owner_of(Article.objects.filter(pk=article.pk)),
        ["article"],
        variant=f"http://testserver{article.get_absolute_url()} {timezone.localdate()}"
        f" country={settings.SITE_COUNTRY}",  # the article page's country_variant
    )
    stored = parts.found[parts.keys["article"]]
    assert "<!--lf:" not in stored
    assert "livefact--factbox" in stored
    assert stored in html


def _retitle(article, catalog):
    article.title = "A new headline"
    article.save()


def _release(article, catalog):
    from catalog import services
    from tests.livefacts_helpers import AUG_3

    services.season_set_release(
        season=catalog.season, status="date_announced", premiere=AUG_3, source=None
    )


def _rename_actor(article, catalog):
    catalog.actor.name = "Kit C."
    catalog.actor.save()


def _rename_show(article, catalog):
    catalog.show.title = "Heartstopper (the series)"
    catalog.show.save()


def _rename_work(article, catalog):
    catalog.work.title = "The Heartstopper novels"
    catalog.work.save()


def _rename_trailer(article, catalog):
    from catalog.models import Video

    video = Video.objects.get(season=catalog.season)
    video.title = "Season 2 official trailer"
    video.save()


def _retitle_volume(article, catalog):
    catalog.volume.title = "Volume three, retitled"
    catalog.volume.save()


def _hide_comment(article, catalog):
    Comment.objects.filter(article=article).first().delete()


def _new_related(article, catalog):
    ArticleFactory(title="Fresh related piece").subject_seasons.add(catalog.season)


def _unlink_subject(article, catalog):
    article.subject_shows.remove(catalog.show)


def _retag(article, catalog):
    tag = article.tags.first()
    tag.name = "Renamed tag"
    tag.save()


@pytest.mark.parametrize(
    "write",
    [
        _retitle,
        _release,
        _rename_actor,
        _rename_show,
        _rename_work,
        _rename_trailer,
        _retitle_volume,
        _hide_comment,
        _new_related,
        _unlink_subject,
        _retag,
    ],
)
def test_after_any_write_the_parts_read_as_the_whole_render(
    client, fragments, settings, write
):
    article, catalog = rich_article()
    url = article.get_absolute_url()
    before = get(client, url)
    write(article, catalog)
    after = get(client, url)
    assert after == whole(client, url, settings)
    assert after != before
