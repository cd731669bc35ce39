"""The respondent's flow with the Django test client: page by page, validation in the
respondent's language, relevant skipping, save and resume, submit once, closed surveys,
bad links, stale pages, huge and hostile answers."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from aiatlas.survey.exceptions import AlreadySubmitted, StaleResponse
from aiatlas.survey.models import AccessToken, Response
from aiatlas.survey.services.responses import submit_response

pytestmark = pytest.mark.django_db


def url(token: str, what: str = "", lang: str = "en") -> str:
    return f"/{lang}/survey/r/{token}/{what}"


def version(token: str) -> int:
    r = Response.objects.filter(invitation__tokens__token_hash__isnull=False).first()
    return r.version if r else 0


def post_page(
    client: Client,
    token: str,
    index: int,
    data: dict[str, Any],
    lang: str = "en",
    action: str = "next",
    shown: list[str] | None = None,
) -> Any:
    payload = {"_action": action, "_version": str(version(token)), **data}
    if shown is not None:
        payload["_shown"] = shown
    return client.post(url(token, f"page/{index}/", lang), payload)


@pytest.fixture
def token(make_survey: Any, invite: Any) -> str:
    return invite(make_survey())


def answers() -> dict[str, Any]:
    return dict(Response.objects.get().answers)


def test_start_page_and_first_page_render(client: Client, token: str) -> None:
    r = client.get(url(token))
    assert r.status_code == 200 and "Small survey" in r.content.decode()
    r = client.get(url(token, "page/0/"))
    body = r.content.decode()
    assert r.status_code == 200
    assert 'name="has_strategy"' in body and "Has a strategy?" in body
    # not relevant yet: on the page for the browser's logic, but hidden and disabled (so
    # that, without JavaScript, it is neither seen nor posted)
    year = re.search(r'<div class="survey-q"[^>]*data-node="year"[^>]*>(.*?)</div>', body, re.S)
    assert year is not None and year.group(0).split(">", 1)[0].endswith(" hidden")
    assert re.search(r'<input id="q-year" name="year"[^>]* disabled', year.group(1))
    assert 'id="survey-logic" type="application/json">' in body
    assert "csrfmiddlewaretoken" in body


def test_page_in_french_shows_french_labels(client: Client, token: str) -> None:
    body = client.get(url(token, "page/0/", "fr")).content.decode()
    assert "A une stratégie ?" in body and "Numérique" in body


def test_required_message_in_french(client: Client, token: str) -> None:
    r = post_page(client, token, 0, {}, lang="fr")
    assert r.status_code == 400
    assert "Répondez à cette question, s&#x27;il vous plaît." in r.content.decode()


def test_constraint_and_type_messages_in_french(client: Client, token: str) -> None:
    post_page(client, token, 0, {"has_strategy": "yes"}, action="save")
    r = post_page(
        client,
        token,
        0,
        {"has_strategy": "yes", "year": "1900"},
        lang="fr",
        shown=["has_strategy", "year"],
    )
    assert "Indiquez une année entre 1990 et 2025." in r.content.decode()
    r = post_page(
        client,
        token,
        0,
        {"has_strategy": "yes", "year": "abc"},
        lang="fr",
        shown=["has_strategy", "year"],
    )
    assert r.status_code == 400
    assert "Saisissez un nombre entier." in r.content.decode()
    assert 'value="abc"' in r.content.decode()  # what was typed is shown back


def test_new_relevant_question_is_shown_before_moving_on(client: Client, token: str) -> None:
    r = post_page(client, token, 0, {"has_strategy": "yes"}, shown=["has_strategy", "lead"])
    assert r.status_code == 200
    body = r.content.decode()
    assert 'name="year"' in body and "More questions apply" in body
    assert answers()["has_strategy"] == "yes"  # saved as a draft meanwhile


def test_a_question_the_browser_showed_is_validated_at_once(client: Client, token: str) -> None:
    # logic.js lists in _shown the questions it showed as they became relevant: no second
    # round ("More questions apply"), but the server still validates them
    r = post_page(client, token, 0, {"has_strategy": "yes"}, shown=["has_strategy", "year"])
    body = r.content.decode()
    assert r.status_code == 400 and "More questions apply" not in body
    assert "This question is required." in body
    assert 'id="error-summary"' in body and 'href="#q-year"' in body  # a link per field
    r = post_page(
        client, token, 0, {"has_strategy": "yes", "year": "1950"}, shown=["has_strategy year"]
    )
    assert r.status_code == 400 and "Enter a year between 1990 and 2025." in r.content.decode()
    assert answers()["year"] == 1950  # kept in the draft, as every post is


def test_hidden_question_is_skipped_and_its_answer_dropped(client: Client, token: str) -> None:
    post_page(client, token, 0, {"has_strategy": "yes"}, action="save")
    r = post_page(
        client, token, 0, {"has_strategy": "yes", "year": "2019"}, shown=["has_strategy", "year"]
    )
    assert r.status_code == 302
    assert answers()["year"] == 2019
    r = post_page(client, token, 0, {"has_strategy": "no", "year": "2019"}, shown=["has_strategy"])
    assert r.status_code == 302 and r["Location"].endswith("/page/1/")
    assert "year" not in answers()


def test_or_other_asks_for_its_text_as_pyxform_generates_it(client: Client, token: str) -> None:
    """pyxform turns ``or_other`` into an ``other`` choice and a ``lead_other`` text question
    relevant when ``other`` is chosen; aiatlas runs exactly that."""
    r = post_page(
        client, token, 0, {"has_strategy": "no", "lead": "other"}, shown=["has_strategy", "lead"]
    )
    assert r.status_code == 200 and 'name="lead_other"' in r.content.decode()
    r = post_page(
        client,
        token,
        0,
        {"has_strategy": "no", "lead": "other", "lead_other": "Planning"},
        shown=["has_strategy", "lead", "lead_other"],
    )
    assert r.status_code == 302 and answers()["lead_other"] == "Planning"
    post_page(
        client,
        token,
        0,
        {"has_strategy": "no", "lead": "digital", "lead_other": "Planning"},
        shown=["has_strategy", "lead", "lead_other"],
    )
    assert "lead_other" not in answers()


def test_invalid_choice_posted_straight_is_refused(client: Client, token: str) -> None:
    r = post_page(client, token, 0, {"has_strategy": "maybe"}, shown=["has_strategy"])
    assert r.status_code == 400 and "Select a valid choice." in r.content.decode()


def test_save_and_resume_from_another_browser(client: Client, token: str) -> None:
    r = post_page(client, token, 0, {"has_strategy": "yes", "comment": "draft text"}, action="save")
    assert r.status_code == 302 and r["Location"].endswith("?saved=1")
    other = Client()
    body = other.get(url(token, "page/0/")).content.decode()
    assert "draft text" in body and "checked" in body
    assert "Continue" in other.get(url(token)).content.decode()


def test_repeat_add_fill_and_remove(client: Client, token: str) -> None:
    post_page(client, token, 0, {"has_strategy": "no"}, shown=["has_strategy"])
    r = post_page(client, token, 1, {"inits.count": "0"}, action="add:inits")
    assert r.status_code == 302
    assert answers()["inits"] == [{}]
    r = post_page(
        client,
        token,
        1,
        {"inits.count": "1", "inits.0.init_name": "AI4Health", "inits.0.budget": "1,5"},
        action="add:inits",
    )
    assert answers()["inits"] == [{"init_name": "AI4Health", "budget": 1.5}, {}]
    r = post_page(
        client,
        token,
        1,
        {"inits.count": "2", "inits.0.init_name": "AI4Health", "inits.1.init_name": ""},
        shown=["inits.0.init_name"],
    )
    assert r.status_code == 400  # the second initiative needs a name
    r = post_page(
        client,
        token,
        1,
        {"inits.count": "2", "inits.0.init_name": "AI4Health"},
        action="remove:inits:1",
    )
    assert answers()["inits"] == [{"init_name": "AI4Health"}]


def _complete(client: Client, token: str) -> None:
    post_page(client, token, 0, {"has_strategy": "yes"}, action="save")
    post_page(
        client,
        token,
        0,
        {"has_strategy": "yes", "year": "2020", "lead": "digital", "sectors": ["health", "agri"]},
        shown=["has_strategy", "year", "lead", "sectors", "comment"],
    )
    post_page(client, token, 1, {"inits.count": "0"}, shown=[])


def test_review_submit_receipt_and_double_submission(client: Client, token: str) -> None:
    _complete(client, token)
    r = client.get(url(token, "review/"))
    body = r.content.decode()
    assert "Submit the questionnaire" in body and "Health; Agriculture" in body
    r = client.post(url(token, "review/"), {"_version": str(version(token))})
    assert r.status_code == 302 and "receipt" in r["Location"]
    resp = Response.objects.get()
    assert resp.status == "submitted" and resp.submitted_at is not None
    receipt = client.get(r["Location"]).content.decode()
    assert "Thank you" in receipt and "2020" in receipt
    again = client.post(url(token, "review/"), {"_version": str(version(token))})
    assert again.status_code == 409
    assert "already been submitted" in again.content.decode()
    edit = post_page(client, token, 0, {"has_strategy": "no"}, shown=["has_strategy"])
    assert edit.status_code == 409
    assert Response.objects.get().answers["year"] == 2020  # nothing changed
    assert client.get(url(token, "page/0/"))["Location"].endswith("/receipt/")


def test_second_concurrent_submission_is_refused(client: Client, token: str) -> None:
    _complete(client, token)
    v = version(token)
    submit_response(token=token, version=v, language="en")
    with pytest.raises(AlreadySubmitted):
        submit_response(token=token, version=v, language="en")
    assert Response.objects.count() == 1


def test_submit_with_constraint_violation_saved_as_draft_is_refused(
    client: Client, token: str
) -> None:
    post_page(client, token, 0, {"has_strategy": "yes", "year": "1900"}, action="save")
    assert answers()["year"] == 1900  # drafts keep what was typed
    r = client.post(url(token, "review/"), {"_version": str(version(token))})
    assert r.status_code == 400 and "need correcting" in r.content.decode()
    assert Response.objects.get().status == "draft"


def test_edits_allowed_after_submitting_until_closing(
    client: Client, make_survey: Any, invite: Any
) -> None:
    token = invite(make_survey(allow_edits=True))
    _complete(client, token)
    client.post(url(token, "review/"), {"_version": str(version(token))})
    r = post_page(
        client,
        token,
        0,
        {"has_strategy": "yes", "year": "2021"},
        shown=["has_strategy", "year", "lead", "sectors", "comment"],
    )
    assert r.status_code == 302
    resp = Response.objects.get()
    assert resp.answers["year"] == 2021 and resp.status == "submitted"
    r = post_page(client, token, 0, {"has_strategy": ""}, shown=["has_strategy"])
    assert r.status_code == 400  # an edit may not leave a submitted answer incomplete
    assert Response.objects.get().answers["has_strategy"] == "yes"


def test_stale_page_is_not_saved(client: Client, token: str) -> None:
    post_page(client, token, 0, {"has_strategy": "yes", "comment": "first"}, action="save")
    r = client.post(url(token, "page/0/"), {"_action": "save", "_version": "0", "comment": "stale"})
    assert r.status_code == 409 and "another window" in r.content.decode()
    assert answers()["comment"] == "first"
    with pytest.raises(StaleResponse):
        submit_response(token=token, version=0, language="en")


def test_closed_and_not_yet_open_surveys_are_refused(
    client: Client, make_survey: Any, invite: Any
) -> None:
    now = timezone.now()
    closed = invite(
        make_survey(opens_at=now - dt.timedelta(days=9), closes_at=now - dt.timedelta(days=1)),
        "FRA",
    )
    r = client.get(url(closed, "page/0/"))
    assert r.status_code == 403 and "closed" in r.content.decode()
    r = client.post(url(closed, "page/0/"), {"_action": "save", "_version": "0"})
    assert r.status_code == 403 and not Response.objects.exists()
    later = invite(make_survey(opens_at=now + dt.timedelta(days=1), closes_at=None), "DEU")
    assert "not open yet" in client.get(url(later)).content.decode()


@pytest.mark.parametrize("bad", ["nope", "x" * 43, "A" * 200, "../../admin"])
def test_bad_token_is_404(client: Client, token: str, bad: str) -> None:
    assert client.get(url(bad)).status_code == 404
    assert client.get(url(bad, "page/0/")).status_code == 404


def test_tampered_and_expired_tokens_are_404(client: Client, token: str) -> None:
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(url(tampered)).status_code == 404
    AccessToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(url(token)).status_code == 404


def test_token_is_stored_hashed(token: str) -> None:
    import hashlib

    row = AccessToken.objects.get()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(AccessToken.objects.values()))


def test_ten_thousand_characters_are_kept_and_too_long_is_refused(
    client: Client, token: str
) -> None:
    text = "é" * 10_000
    post_page(client, token, 0, {"comment": text}, action="save")
    assert answers()["comment"] == text
    huge = "x" * 30_000
    r = post_page(client, token, 0, {"comment": huge}, action="save")
    assert r.status_code == 400 and "under 20000 characters" in r.content.decode()
    assert huge in r.content.decode()  # shown back, not lost


def test_html_in_answers_is_escaped(client: Client, token: str) -> None:
    evil = "<script>alert('x')</script>"
    post_page(
        client,
        token,
        0,
        {"has_strategy": "no", "comment": evil, "lead": "other", "lead_other": evil},
        shown=["has_strategy", "lead"],
    )
    page = client.get(url(token, "page/0/")).content.decode()
    review = client.get(url(token, "review/")).content.decode()
    for body in (page, review):
        assert "<script>alert" not in body
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body


def test_control_characters_are_removed(client: Client, token: str) -> None:
    post_page(client, token, 0, {"comment": "a\x00b\x07c\nd"}, action="save")
    assert answers()["comment"] == "abc\nd"


def test_generic_messages_are_translated(client: Client, make_survey: Any, invite: Any) -> None:
    from tests.survey.conftest import make_xlsx, q

    data = make_xlsx(
        [
            {
                "type": "begin group",
                "name": "g",
                "label::English (en)": "G",
                "label::French (fr)": "G",
            },
            q("text", "a", required="yes"),
            q("date", "d"),
            {"type": "end group"},
        ]
    )
    token = invite(make_survey(data))
    r = post_page(client, token, 0, {"d": "31/12/2024"}, lang="fr")
    body = r.content.decode()
    assert "Cette question est obligatoire." in body
    assert "Saisissez une date au format AAAA-MM-JJ." in body
    assert "Enregistrer et relire" in body


def _pdf_text(data: bytes) -> str:
    import io

    from pypdf import PdfReader

    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


def test_receipt_pdf_after_submitting_and_not_before(client: Client, token: str) -> None:
    hostile = '#set page(width: 1cm) *bold* $x$ <l> @r \\ ] "q"'
    assert client.get(url(token, "receipt.pdf"))["Location"].endswith(f"/r/{token}/")
    _complete(client, token)
    post_page(
        client,
        token,
        0,
        {"has_strategy": "yes", "year": "2020", "lead": "digital", "sectors": ["health"]}
        | {"comment": hostile},
        shown=["has_strategy", "year", "lead", "sectors", "comment"],
        action="save",
    )
    client.post(url(token, "review/"), {"_version": str(version(token))})
    assert Response.objects.get().status == "submitted"
    receipt = client.get(url(token, "receipt/")).content.decode()
    assert f"/r/{token}/receipt.pdf" in receipt
    r = client.get(url(token, "receipt.pdf"))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"].startswith('attachment; filename="receipt-')
    data = r.content
    assert data.startswith(b"%PDF")
    text = _pdf_text(data)
    assert "Receipt" in text and "2020" in text
    assert "#set page(width: 1cm) *bold* $x$" in text  # typeset as text, not run
    french = _pdf_text(client.get(url(token, "receipt.pdf", lang="fr")).content)
    assert "Accusé" in french or "accusé" in french


def test_receipt_pdf_of_unknown_link_is_404(client: Client) -> None:
    assert client.get(url("not-a-token", "receipt.pdf")).status_code == 404
