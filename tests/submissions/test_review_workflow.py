"""The review workflow as people live in it, through Django's test client: forms that come
back with everything typed, confirmed and undoable withdrawals, a new activity from its
title, notices that go once resolved, the diff against the published record, the comment
thread and internal notes, the dashboard's links, CSV and bulk approval, co-reporting
partners, and names instead of codes on every page."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.utils import timezone

from aiatlas.catalog.models import Activity
from aiatlas.catalog.queries import activity_record
from aiatlas.submissions.models import Action, Comment, State, Submission
from aiatlas.submissions.services import comments, drafts, review

from .conftest import GOOD_RECORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user(users):
    def client_for(name):
        client = Client()
        client.force_login(users[name])
        return client

    return client_for


def _draft(users, call, who, record=GOOD_RECORD):
    return drafts.start_draft(
        user=users["focal"], call_id=call.pk, organization_id=who.pk, record=dict(record)
    )


def _in_review(users, call, who, record=GOOD_RECORD):
    sub = _draft(users, call, who, record)
    return drafts.submit(
        user=users["focal"], submission_id=sub.pk, expected_version=1, confirm_new=True
    )


def _page(client, sub):
    return client.get(f"/en/submissions/{sub.pk}/").content.decode()


# --- forms that come back with everything typed ------------------------------------------


def test_request_changes_without_reason_shows_the_form_again_with_the_comment(
    as_user, users, call, who
):
    sub = _in_review(users, call, who)
    comment = "Please add the <b>project</b> page and the partner list."
    response = as_user("reviewer").post(
        f"/en/submissions/{sub.pk}/decide/",
        {"version": sub.version, "decision": "changes", "comment": comment},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Choose at least one reason" in body
    assert "Please add the &lt;b&gt;project&lt;/b&gt; page and the partner list." in body
    assert 'id="review-form"' in body  # the same page, not a dead end
    sub.refresh_from_db()
    assert (sub.state, sub.version) == (State.IN_REVIEW, 2)
    # with a reason it goes through
    response = as_user("reviewer").post(
        f"/en/submissions/{sub.pk}/decide/",
        {"version": sub.version, "decision": "changes", "comment": comment, "reasons": ["links"]},
    )
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.state == State.CHANGES_REQUESTED and sub.review_comment == comment


def test_other_reason_without_comment_keeps_the_ticked_reasons(as_user, users, call, who):
    sub = _in_review(users, call, who)
    response = as_user("reviewer").post(
        f"/en/submissions/{sub.pk}/decide/",
        {"version": sub.version, "decision": "changes", "reasons": ["other", "links"]},
    )
    body = response.content.decode()
    assert response.status_code == 400 and "what “other” means" in body
    assert body.count("checked") >= 2
    assert Submission.objects.get(pk=sub.pk).state == State.IN_REVIEW


def test_a_stale_decision_shows_the_conflict_not_an_error(as_user, users, call, who):
    sub = _in_review(users, call, who)
    response = as_user("reviewer").post(
        f"/en/submissions/{sub.pk}/decide/",
        {"version": 1, "decision": "changes", "reasons": ["links"]},
    )
    assert response.status_code == 409
    assert "changed by someone else" in response.content.decode()


# --- a new activity starts from its title ----------------------------------------------------


def test_new_activity_without_title_is_asked_again_and_nothing_is_made(as_user, call, who):
    client = as_user("focal")
    response = client.post(
        "/en/submissions/new/", {"call": call.pk, "organization": who.pk, "title": "   "}
    )
    assert response.status_code == 400
    assert "Give the activity a title" in response.content.decode()
    assert not Submission.objects.exists()
    response = client.post(
        "/en/submissions/new/",
        {"call": call.pk, "organization": who.pk, "title": " Flood early warning "},
    )
    sub = Submission.objects.get()
    assert response.status_code == 302 and response.url == f"/en/submissions/{sub.pk}/"
    assert sub.record == {"title": "Flood early warning", "language": "en"}
    assert sub.title == "Flood early warning"


def test_home_page_asks_for_the_title_of_a_new_activity(as_user, call, who):
    page = as_user("focal").get("/en/submissions/").content.decode()
    assert 'name="title"' in page and "Title of the new activity" in page


# --- destructive actions ask first and can be undone ---------------------------------------


def test_withdraw_asks_on_its_own_page_then_can_be_undone(as_user, users, call, who):
    sub = _in_review(users, call, who)
    client = as_user("focal")
    page = _page(client, sub)
    assert 'id="withdraw-link"' in page and 'action="/en/submissions/1/withdraw/"' not in page
    confirm = client.get(f"/en/submissions/{sub.pk}/withdraw/")
    assert confirm.status_code == 200 and 'name="confirm" value="yes"' in confirm.content.decode()
    # a POST without the confirmation only shows the question
    client.post(f"/en/submissions/{sub.pk}/withdraw/", {"version": sub.version})
    assert Submission.objects.get(pk=sub.pk).state == State.IN_REVIEW
    response = client.post(
        f"/en/submissions/{sub.pk}/withdraw/", {"version": sub.version, "confirm": "yes"}
    )
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.state == State.WITHDRAWN
    assert 'id="undo-withdraw"' in _page(client, sub)
    response = client.post(f"/en/submissions/{sub.pk}/undo-withdraw/", {"version": sub.version})
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.state == State.IN_REVIEW  # back where it was
    assert [h.history_change_reason for h in sub.history.order_by("history_id")][-2:] == [
        "withdrawn",
        "withdrawal undone",
    ]


def test_withdraw_page_of_an_approved_submission_says_it_cannot(as_user, users, call, who):
    sub = _in_review(users, call, who)
    review.approve(user=users["reviewer"], submission_id=sub.pk, expected_version=sub.version)
    response = as_user("focal").get(f"/en/submissions/{sub.pk}/withdraw/")
    assert response.status_code == 409 and "cannot be withdrawn" in response.content.decode()
    assert 'id="withdraw-link"' not in _page(as_user("focal"), sub)


def test_undo_is_refused_once_the_call_is_closed(as_user, users, call, who):
    sub = _draft(users, call, who)
    sub = drafts.withdraw_submission(user=users["focal"], submission_id=sub.pk, expected_version=1)
    call.closed_at = timezone.now()
    call.save()
    client = as_user("focal")
    assert 'id="undo-withdraw"' not in _page(client, sub)
    response = client.post(f"/en/submissions/{sub.pk}/undo-withdraw/", {"version": sub.version})
    assert response.status_code == 403 and "while the call is open" in response.content.decode()
    assert Submission.objects.get(pk=sub.pk).state == State.WITHDRAWN


def test_not_in_this_edition_asks_first_and_can_be_undone(as_user, call, old_activity):
    client = as_user("focal")
    data = {"call": call.pk, "activity": old_activity["id"], "do": "withdraw"}
    confirm = client.post("/en/submissions/carry/", data)
    assert confirm.status_code == 200 and old_activity["title"] in confirm.content.decode()
    assert not Submission.objects.exists()
    client.post("/en/submissions/carry/", dict(data, confirm="yes"))
    sub = Submission.objects.get()
    assert (sub.action, sub.state) == (Action.WITHDRAW, State.WITHDRAWN)
    home = client.get("/en/submissions/").content.decode()
    assert "Not in this edition" in home and f"/en/submissions/{sub.pk}/undo-withdraw/" in home
    response = client.post(f"/en/submissions/{sub.pk}/undo-withdraw/", {"version": sub.version})
    assert response.status_code == 302 and not Submission.objects.exists()
    home = client.get("/en/submissions/").content.decode()
    assert 'value="carry"' in home  # open to decide again


# --- notices go once resolved ------------------------------------------------------------------


def test_changes_requested_box_goes_once_the_submission_is_approved(as_user, users, call, who):
    sub = _in_review(users, call, who)
    sub = review.request_changes(
        user=users["reviewer"],
        submission_id=sub.pk,
        expected_version=sub.version,
        reasons=["links"],
        comment="Add the project page.",
    )
    client = as_user("focal")
    assert 'id="reasons"' in _page(client, sub)
    sub = drafts.submit(user=users["focal"], submission_id=sub.pk, expected_version=sub.version)
    assert 'id="reasons"' not in _page(client, sub)
    review.approve(user=users["reviewer"], submission_id=sub.pk, expected_version=sub.version)
    page = _page(client, sub)
    assert 'id="reasons"' not in page and "Add the project page." not in page


# --- what a carried-forward submission changes ----------------------------------------------


def test_carried_forward_submission_shows_its_changes_field_by_field(
    as_user, users, call, old_activity
):
    sub = drafts.carry_forward(user=users["focal"], call_id=call.pk, public_id=old_activity["id"])
    client = as_user("reviewer")
    assert "Nothing changed" in _page(client, sub)
    record = dict(sub.record, title="Digital health triage, second phase", countries=["KEN"])
    drafts.save_draft(
        user=users["focal"], submission_id=sub.pk, record=record, expected_version=sub.version
    )
    page = _page(client, sub)
    section = page.split('id="changes"')[1].split("</section>")[0]
    assert "Digital health triage assistant" in section  # the published title
    assert "Digital health triage, second phase" in section
    assert '<th scope="row">Countries</th>' in section and "Kenya" in section
    assert "KEN" not in section and "Description" not in section  # unchanged fields left out


# --- the conversation ---------------------------------------------------------------------------


def test_focal_point_and_reviewer_talk_and_are_notified(
    as_user, users, call, who, mailoutbox, django_capture_on_commit_callbacks
):
    sub = _in_review(users, call, who)
    with django_capture_on_commit_callbacks(execute=True):  # its own e-mails go out now
        sub = review.request_changes(
            user=users["reviewer"],
            submission_id=sub.pk,
            expected_version=sub.version,
            reasons=["partners"],
        )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user("focal").post(
            f"/en/submissions/{sub.pk}/comments/", {"body": "Which partner is missing?"}
        )
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["reviewer@example.org"]]
    assert "Which partner is missing?" in mailoutbox[0].body
    assert f"/en/submissions/{sub.pk}/#thread" in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        as_user("reviewer").post(
            f"/en/submissions/{sub.pk}/comments/", {"body": "Makerere University."}
        )
    assert mailoutbox[-1].to == ["focal@who.example"]
    page = _page(as_user("focal"), sub)
    thread = page.split('id="comments"')[1].split("</ol>")[0]
    assert thread.index("Which partner is missing?") < thread.index("Makerere University.")
    assert "focal@who.example" in thread and "reviewer@example.org" in thread
    assert "<time datetime=" in thread


def test_comment_email_is_in_the_recipients_language_with_a_link_to_the_thread(
    as_user, users, call, who, django_capture_on_commit_callbacks
):
    from aiatlas.accounts.models import OutboxMessage

    sub = _in_review(users, call, who)
    users["focal"].language = "fr"
    users["focal"].save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        as_user("reviewer").post(f"/en/submissions/{sub.pk}/comments/", {"body": "Un lien ?"})
    (message,) = OutboxMessage.objects.filter(kind="submission.comment")
    assert message.to == "focal@who.example" and message.language == "fr"
    assert message.link.endswith(f"/fr/submissions/{sub.pk}/#thread")
    assert message.link in message.body and "Un lien ?" in message.body


def test_internal_notes_are_never_shown_to_the_entity(
    as_user, users, call, who, mailoutbox, django_capture_on_commit_callbacks
):
    sub = _in_review(users, call, who)
    mailoutbox.clear()
    secret = "The FAO desk doubts the figures in this one."
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user("reviewer").post(
            f"/en/submissions/{sub.pk}/comments/", {"body": secret, "internal": "1"}
        )
    assert response.status_code == 302
    assert Comment.objects.get().internal
    assert not mailoutbox  # a note is e-mailed to nobody
    assert secret in _page(as_user("reviewer"), sub)
    assert secret in _page(as_user("admin"), sub)
    for name in ("focal", "approver"):
        users[name].organizations.add(who)
        assert secret not in _page(as_user(name), sub)
    assert "Keep as an internal note" not in _page(as_user("focal"), sub)
    # nor through the API, which does not list comments at all
    assert secret not in as_user("focal").get(f"/api/v1/submissions/{sub.pk}").content.decode()
    # and a focal point cannot write one
    response = as_user("focal").post(
        f"/en/submissions/{sub.pk}/comments/", {"body": "sneaky", "internal": "1"}
    )
    assert response.status_code == 403 and Comment.objects.count() == 1


def test_an_empty_comment_comes_back_with_a_clear_error(as_user, users, call, who):
    sub = _in_review(users, call, who)
    response = as_user("focal").post(f"/en/submissions/{sub.pk}/comments/", {"body": "  "})
    assert response.status_code == 400 and "Write something" in response.content.decode()
    too_long = as_user("focal").post(f"/en/submissions/{sub.pk}/comments/", {"body": "x" * 5001})
    assert too_long.status_code == 400 and "at most 5000" in too_long.content.decode()
    assert not Comment.objects.exists()


def test_comments_service_refuses_other_entities(users, call, who):
    from aiatlas.submissions.exceptions import NotFound

    sub = _in_review(users, call, who)
    with pytest.raises(NotFound):
        comments.add_comment(user=users["other_focal"], submission_id=sub.pk, body="hello")


# --- the dashboard ------------------------------------------------------------------------------


def test_dashboard_rows_link_to_each_entitys_submissions(as_user, users, call, who):
    sub = _draft(users, call, who)
    client = as_user("reviewer")
    page = client.get("/en/submissions/dashboard/").content.decode()
    link = f"/en/submissions/dashboard/entities/{who.pk}/?year=2025"
    assert link in page
    entity = client.get(link).content.decode()
    assert GOOD_RECORD["title"] in entity and f"/en/submissions/{sub.pk}/" in entity
    assert as_user("focal").get(link).status_code == 403


def test_dashboard_exports_as_csv_for_the_secretariat(as_user, users, call, who, make_user):
    from aiatlas.catalog.models import Organization

    evil = Organization.objects.create(acronym="=HYPERLINK(1)", name="Formula entity")
    make_user("fp@evil.example", "focal_point", [evil])
    _draft(users, call, who)
    response = as_user("reviewer").get("/en/submissions/dashboard.csv?year=2025")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="dashboard-2025.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["entity", "entity_name", "outstanding"]
    who_row = next(r for r in rows if r[0] == "WHO")
    assert who_row[1:4] == ["World Health Organization", "1", "1"]
    assert any(r[0] == "'=HYPERLINK(1)" for r in rows)  # a formula is neutralised
    assert as_user("focal").get("/en/submissions/dashboard.csv").status_code == 403
    assert as_user("reviewer").get("/en/submissions/dashboard.csv?year=1999").status_code == 404


def test_several_submissions_are_approved_at_once_with_results_listed(as_user, users, call, who):
    first = _in_review(users, call, who)
    second = _in_review(users, call, who, dict(GOOD_RECORD, title="Locust swarm forecasting"))
    stale = _in_review(users, call, who, dict(GOOD_RECORD, title="Malaria mapping by drone"))
    client = as_user("reviewer")
    page = client.get("/en/submissions/dashboard/").content.decode()
    assert f'value="{first.pk}:{first.version}"' in page and 'id="bulk-approve"' in page
    response = client.post(
        "/en/submissions/dashboard/approve/",
        {
            "approve": [
                f"{first.pk}:{first.version}",
                f"{second.pk}:{second.version}",
                f"{stale.pk}:1",
                "junk",
            ],
            "year": 2025,
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and "2 submissions were approved" in body
    assert "changed by someone else" in body
    states = dict(Submission.objects.values_list("pk", "state"))
    assert states == {
        first.pk: State.APPROVED,
        second.pk: State.APPROVED,
        stale.pk: State.IN_REVIEW,
    }
    assert Activity.objects.filter(title="Locust swarm forecasting").exists()


def test_bulk_approval_with_nothing_ticked_says_so(as_user, call):
    response = as_user("reviewer").post("/en/submissions/dashboard/approve/", {"year": 2025})
    assert response.status_code == 400 and "tick at least one" in response.content.decode()


# --- the same activity reported by two entities --------------------------------------------


def test_second_entity_is_linked_as_a_co_reporting_partner(as_user, users, call, old_activity):
    """FAO reports WHO's activity: the duplicate guard offers to co-report it, and the
    approval adds FAO to the co-leads of WHO's activity in this edition; WHO's own
    carry-forward approved later keeps FAO."""
    fao_sub = drafts.start_draft(
        user=users["other_focal"],
        call_id=call.pk,
        organization_id=users["other_focal"].organizations.get().pk,
        record=dict(
            GOOD_RECORD,
            title=old_activity["title"],
            description=old_activity["description"],
        ),
    )
    client = as_user("other_focal")
    response = client.post(f"/en/submissions/{fao_sub.pk}/submit/", {"version": 1})
    body = response.content.decode()
    assert response.status_code == 409
    assert "Same activity, led by WHO: submit as a co-reporting partner" in body
    response = client.post(
        f"/en/submissions/{fao_sub.pk}/submit/", {"version": 1, "link_to": old_activity["id"]}
    )
    assert response.status_code == 302
    fao_sub.refresh_from_db()
    assert fao_sub.action == Action.CO_REPORT and fao_sub.state == State.ENTITY_REVIEW
    assert "reported together with WHO" in _page(client, fao_sub)
    fao_sub = review.approve_for_entity(
        user=users["approver"], submission_id=fao_sub.pk, expected_version=fao_sub.version
    )
    review.approve(user=users["reviewer"], submission_id=fao_sub.pk, expected_version=3)
    record = activity_record(old_activity["id"])
    assert record["co_leads"] == ["FAO"] and record["editions"] == [2024, 2025]
    assert record["title"] == old_activity["title"]  # the lead's text is kept
    # WHO carries its activity forward afterwards: FAO stays a co-lead
    sub = drafts.carry_forward(user=users["focal"], call_id=call.pk, public_id=old_activity["id"])
    sub = drafts.submit(user=users["focal"], submission_id=sub.pk, expected_version=1)
    review.approve(user=users["reviewer"], submission_id=sub.pk, expected_version=sub.version)
    assert activity_record(old_activity["id"])["co_leads"] == ["FAO"]


# --- names, not codes -------------------------------------------------------------------------


def test_pages_show_names_instead_of_codes(as_user, users, call, who, fao):
    record = dict(
        GOOD_RECORD,
        regions=["002"],
        co_leads=["FAO"],
        partners=[{"organization": "Makerere University", "sector": "academia"}],
    )
    sub = _draft(users, call, who, record)
    drafts.save_draft(
        user=users["focal"],
        submission_id=sub.pk,
        record=dict(record, countries=["KEN"], technologies=["nlp"]),
        expected_version=1,
    )
    sub = drafts.submit(
        user=users["focal"], submission_id=sub.pk, expected_version=2, confirm_new=True
    )
    client = as_user("reviewer")
    page = _page(client, sub)
    shown = page.split('id="record"')[1].split("</dl>")[0]
    assert "Kenya" in shown and "Africa" in shown and "Natural language processing" in shown
    assert "Makerere University (Academia)" in shown
    for code in ("KEN", "002", "nlp", "academia", "computer_vision"):
        assert f">{code}<" not in shown and f"{code}\n" not in shown
    history = client.get(f"/en/submissions/{sub.pk}/history/").content.decode()
    assert "Uganda" in history and "Kenya" in history and "Computer vision" in history
    assert "&#x27;KEN&#x27;" not in history and "['" not in history  # no Python reprs
    assert '<th scope="row">Countries</th>' in history
    assert "In secretariat review" in history  # states by name


def test_the_form_offers_names_and_keeps_unknown_values_visible(as_user, users, call, who):
    from aiatlas.submissions.models import Submission

    # saving refuses unknown codes now; a value stored before (or a code retired from the
    # reference list since) must still show, so the focal point can untick it
    sub = Submission.objects.create(
        call=call,
        organization=who,
        created_by=users["focal"],
        record=dict(GOOD_RECORD, countries=["KEN", "XKX"], regions=["Africa"]),
    )
    page = _page(as_user("focal"), sub)
    assert 'value="KEN"' in page and "Kenya" in page
    assert "XKX (not in the list)" in page  # shown and ticked, so it can be unticked
    form = page.split('id="draft-form"')[1].split("</form>")[0]
    assert "ISO 3166" not in form and "M49" not in form and "private_sector" not in form
    assert 'class="picker"' in form and "picker.js" in page
    # "Africa" typed in a 2-pager is the region 002, ticked
    region = form.split('value="002"')[1].split(">")[0]
    assert "checked" in region


def test_picked_partners_take_the_sector_of_their_organization(as_user, users, call, who, fao):
    sub = _draft(users, call, who)
    from tests.submissions.test_permissions_matrix import draft_form

    data = draft_form(dict(GOOD_RECORD), 1)
    data.update(
        partners=["FAO"],
        other_partners="Makerere University (Academia)\nAcme Robotics (Private sector)",
        co_leads=["FAO"],
    )
    response = as_user("focal").post(f"/en/submissions/{sub.pk}/", data)
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.record["partners"] == [
        {"organization": "FAO", "sector": "un_entity"},
        {"organization": "Makerere University", "sector": "academia"},
        {"organization": "Acme Robotics", "sector": "private_sector"},
    ]
    assert sub.record["co_leads"] == ["FAO"]


def test_label_filters_name_fields_and_states(db):
    from django.template import Context, Template

    out = Template(
        "{% load submission_labels %}{{ a|field_label }}|{{ b|field_label }}|{{ c|state_label }}"
    ).render(Context({"a": "countries", "b": "", "c": "in_review"}))
    assert out == "Countries|The activity|In secretariat review"
