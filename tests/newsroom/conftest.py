import pytest

from tests.factories import ArticleFactory, AuthorProfileFactory, UserFactory


@pytest.fixture
def other_author(roles):
    return UserFactory(username="otto", groups=[roles["Authors"]], is_staff=True)


@pytest.fixture
def piece(author):
    """A draft by ``author`` (byline and creator)."""
    article = ArticleFactory(
        title="Season two review", state="draft", published_at=None, created_by=author
    )
    article.authors.add(AuthorProfileFactory(user=author))
    return article
