"""Finding the failed jobs that hold a reader's e-mail address, for the reader's
export and deletion: the whole address, wherever it is in the arguments, on SQLite
and PostgreSQL alike."""

import pytest

from jobs.models import FailedJob

pytestmark = pytest.mark.django_db


def failed(**kwargs) -> FailedJob:
    return FailedJob.objects.create(
        function="jobs.mail.send_message", kwargs=kwargs, error="E", ran_in="web"
    )


def found(address: str) -> set[int]:
    return set(
        FailedJob.objects.mentioning_address(address).values_list("pk", flat=True)
    )


def test_a_mail_job_to_the_address_is_found_whatever_its_case():
    to_reader = failed(key="k", subject="S", body="B", to=["reader@example.com"])
    failed(key="k2", subject="S", body="B", to=["editor@example.com"])

    assert found("reader@example.com") == {to_reader.pk}
    assert found("  Reader@Example.COM ") == {to_reader.pk}


def test_the_address_counts_anywhere_in_the_arguments():
    named = failed(to=["Reader <reader@example.com>"])
    in_text = failed(to=["mod@example.com"], body="Comment by reader@example.com.")
    nested = FailedJob.objects.create(
        function="app.tasks.job",
        kwargs={"people": [{"email": "READER@example.com"}]},
        error="E",
        ran_in="worker",
    )

    assert found("reader@example.com") == {named.pk, in_text.pk, nested.pk}


def test_a_longer_address_holding_it_is_not_the_address():
    failed(to=["areader@example.com"])
    failed(to=["first.reader@example.com"])
    failed(to=["reader@example.com.au"])
    failed(to=["reader@example.community"])
    failed(body="reader@example")

    assert found("reader@example.com") == set()


def test_an_address_with_letters_beyond_ascii_is_found():
    # SQLite keeps them as \u escapes in the JSON text, PostgreSQL as they are.
    to_jurgen = failed(to=["jürgen@bücher.example"])
    failed(to=["jurgen@bucher.example"])

    assert found("jürgen@bücher.example") == {to_jurgen.pk}


def test_nothing_is_found_for_what_is_not_an_address():
    failed(to=["reader@example.com"], subject="to")

    assert found("") == set()
    assert found("to") == set()
    assert found("@") == set()


def test_the_lookup_narrows_a_queryset_and_can_be_narrowed():
    mine = failed(to=["reader@example.com"])
    failed(to=["reader@example.com"])

    narrowed = FailedJob.objects.filter(pk=mine.pk).mentioning_address(
        "reader@example.com"
    )

    assert list(narrowed) == [mine]
