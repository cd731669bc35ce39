"""Errors become HTTP statuses by their domain type only (common/errors.py): a domain error
answers with its kind's status and its message; any other exception is a real 500 that is
logged and shows no traceback."""

from __future__ import annotations

import logging

import pytest
from django.test import Client, override_settings

from aiatlas.common import errors
from aiatlas.programme.exceptions import AlreadyRegistered
from aiatlas.search.params import InvalidSearch
from aiatlas.submissions.exceptions import EditConflict, InvalidRecord, InvalidState, NotAllowed

pytestmark = pytest.mark.django_db


def _raising(exc: Exception):
    def language(lang: str) -> str:
        raise exc

    return language


@pytest.mark.parametrize(
    ("exc", "status"),
    [
        (errors.InvalidInput("the deadline 2020-01-01 is in the past"), 400),
        (errors.PermissionDenied("only administrators open calls"), 403),
        (errors.NotFound("there is no call 7"), 404),
        (errors.Conflict("the call for 2024 is closed"), 409),
        (InvalidState("a submission that is approved cannot be edited"), 409),
        (NotAllowed("you do not submit for FAO"), 403),
        (InvalidRecord("title: is empty"), 422),
        (AlreadyRegistered("this address holds a seat already"), 409),
        (InvalidSearch("sort must be one of relevance, title"), 400),
    ],
)
def test_a_domain_error_answers_with_its_status_and_message(monkeypatch, exc, status):
    monkeypatch.setattr("aiatlas.taxonomy.api._language", _raising(exc))
    response = Client().get("/api/v1/sdgs")
    assert response.status_code == status
    assert response.json() == {"detail": str(exc)}


def test_the_status_is_the_kind_of_error():
    assert errors.status_of(InvalidState("x")) == 409
    assert errors.status_of(EditConflict(expected=1, current=None)) == 409
    assert isinstance(InvalidSearch("x"), errors.InvalidInput)
    assert isinstance(NotAllowed("x"), errors.PermissionDenied)


@override_settings(DEBUG=False)
def test_a_bare_value_error_is_a_logged_500_without_traceback(monkeypatch, caplog):
    """A ValueError from a bug is no client mistake: not a 400, and nothing of it shows."""
    monkeypatch.setattr(
        "aiatlas.taxonomy.api._language", _raising(ValueError("secret internals 42"))
    )
    with caplog.at_level(logging.ERROR, logger="aiatlas.api"):
        response = Client().get("/api/v1/sdgs")
    assert response.status_code == 500
    assert response.json() == {"detail": "internal server error"}
    body = response.content.decode()
    assert "secret internals" not in body and "Traceback" not in body
    logged = [r for r in caplog.records if r.name == "aiatlas.api"]
    assert logged and logged[0].exc_info[0] is ValueError
    assert "GET /api/v1/sdgs" in logged[0].getMessage()


def test_http_errors_and_bad_input_keep_their_answers():
    client = Client()
    assert client.get("/api/v1/sdgs?lang=xx").status_code == 400
    assert client.get("/api/v1/sdgs/99").status_code == 404
    assert client.get("/api/v1/sdgs/x").status_code == 422
