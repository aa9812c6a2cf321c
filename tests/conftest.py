import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache, whether locmem or the CI's Redis."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploads go to a per-test folder, never to the developer's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def page_cache(settings):
    """Turn the page cache on (tests run with it off) and return its module.

    Writes bump the content version on commit, and a test's writes never commit: wrap
    them in ``django_capture_on_commit_callbacks(execute=True)`` to run the bump.
    """
    from core import pagecache

    settings.PAGE_CACHE_ENABLED = True
    return pagecache


@pytest.fixture
def roles(db):
    from core.roles import sync_roles

    return sync_roles()


@pytest.fixture
def editor(roles):
    from tests.factories import UserFactory

    return UserFactory(username="eddie", groups=[roles["Editors"]], is_staff=True)


@pytest.fixture
def author(roles):
    from tests.factories import UserFactory

    return UserFactory(username="ada", groups=[roles["Authors"]], is_staff=True)


@pytest.fixture
def moderator(roles):
    from tests.factories import UserFactory

    return UserFactory(username="mo", groups=[roles["Moderators"]], is_staff=True)
