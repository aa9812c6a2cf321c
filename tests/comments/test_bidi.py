"""Bidirectional controls in what readers send cannot reorder the page: they are
removed from names, comments and searches, and names are isolated where shown."""

import pytest
from django.test import Client

from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory, comment_form_data

pytestmark = pytest.mark.django_db

RLO, PDF, RLI, PDI = "\u202e", "\u202c", "\u2067", "\u2069"


def test_controls_are_removed_from_a_posted_name_and_body():
    article = ArticleFactory()
    data = comment_form_data(
        article, name=f"Robin {RLO}nimda", body=f"See {RLI}gnp.exe{PDI} here{PDF}."
    )

    Client().post(f"/comments/article/{article.pk}/write/", data)

    comment = Comment.objects.get()
    assert (comment.name, comment.body) == ("Robin nimda", "See gnp.exe here.")


def test_a_name_of_controls_alone_is_refused():
    article = ArticleFactory()
    data = comment_form_data(article, name=f"{RLO}{PDF}")

    response = Client().post(f"/comments/article/{article.pk}/write/", data)

    assert response.status_code == 400
    assert "Please give a name." in response.content.decode()
    assert not Comment.objects.exists()


def test_names_are_isolated_and_old_bodies_cleaned_where_shown():
    # Stored before controls were refused.
    comment = CommentFactory(name=f"Sam{RLO}", body=f"Old {RLO}text")

    html = Client().get(comment.article.get_absolute_url()).content.decode()

    assert f'<bdi class="comment__author">Sam{RLO}</bdi>' in html
    assert "Old text" in html and f"{RLO}text" not in html


def test_controls_are_removed_from_the_search_query():
    html = Client().get("/search/", {"q": f"zzz{RLO}qqq"}).content.decode()
    assert RLO not in html
    assert "zzzqqq" in html
