import pytest

from tests.factories import UserFactory


@pytest.fixture
def people(roles):
    author = UserFactory(username="ada", groups=[roles["Authors"]], is_staff=True)
    return {
        "anonymous": None,
        "moderator": UserFactory(groups=[roles["Moderators"]], is_staff=True),
        "author_own": author,
        "author_other": UserFactory(groups=[roles["Authors"]], is_staff=True),
        "editor": UserFactory(
            username="eddie", groups=[roles["Editors"]], is_staff=True
        ),
    }
