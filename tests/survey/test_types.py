"""The question types beyond text and choices, answered through the respondent pages:
nested repeats with repeat_count, rank, range, geopoint, time, a trigger, a file upload
kept outside the web root and downloadable by staff only, and the XForm download."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from aiatlas.survey.models import Response
from tests.survey.conftest import make_xlsx

pytestmark = pytest.mark.django_db

SURVEY = [
    {"type": "begin group", "name": "p1", "label": "Plans"},
    {"type": "integer", "name": "n_plans", "label": "How many plans?"},
    {"type": "begin repeat", "name": "plan", "label": "Plan", "repeat_count": "${n_plans}"},
    {"type": "text", "name": "plan_name", "label": "Plan name"},
    {"type": "begin repeat", "name": "goal", "label": "Goal"},
    {"type": "text", "name": "goal_text", "label": "Goal"},
    {"type": "end repeat"},
    {"type": "end repeat"},
    {
        "type": "calculate",
        "name": "first_plan",
        "calculation": "indexed-repeat(${plan_name}, ${plan}, 1)",
    },
    {"type": "end group"},
    {"type": "begin group", "name": "p2", "label": "More"},
    {"type": "rank yn3", "name": "priorities", "label": "Order the priorities"},
    {"type": "range", "name": "score", "label": "Score", "parameters": "start=0 end=10 step=2"},
    {"type": "geopoint", "name": "office", "label": "Where is the office?"},
    {"type": "time", "name": "opens", "label": "Opening time"},
    {"type": "integer", "name": "staff", "label": "Staff"},
    {
        "type": "integer",
        "name": "double",
        "label": "Twice",
        "calculation": "${staff} * 2",
        "trigger": "${staff}",
    },
    {"type": "file", "name": "policy", "label": "The policy document"},
    {"type": "end group"},
]
CHOICES = [
    {"list_name": "yn3", "name": "a", "label": "Alpha"},
    {"list_name": "yn3", "name": "b", "label": "Beta"},
    {"list_name": "yn3", "name": "c", "label": "Gamma"},
]


@pytest.fixture
def token(make_survey: Any, invite: Any) -> str:
    return invite(
        make_survey(make_xlsx(SURVEY, CHOICES, {"form_title": "Types", "form_id": "types"}))
    )


def post(client: Client, token: str, index: int, data: dict[str, Any], action: str = "save") -> Any:
    r = Response.objects.first()
    payload = {"_action": action, "_version": str(r.version if r else 0), **data}
    return client.post(f"/en/survey/r/{token}/page/{index}/", payload)


def answers() -> dict[str, Any]:
    return dict(Response.objects.get().answers)


def test_nested_repeats_follow_repeat_count_and_add_buttons(client: Client, token: str) -> None:
    post(client, token, 0, {"n_plans": "2"})
    assert [p for p in answers()["plan"]] == [{}, {}]
    body = client.get(f"/en/survey/r/{token}/page/0/").content.decode()
    assert 'name="plan.1.plan_name"' in body and 'value="add:plan.0.goal"' in body
    assert 'value="add:plan"' not in body  # repeat_count fixes the number of plans
    post(client, token, 0, {"n_plans": "2", "plan.0.plan_name": "Digital"}, "add:plan.0.goal")
    post(
        client,
        token,
        0,
        {
            "n_plans": "2",
            "plan.0.plan_name": "Digital",
            "plan.0.goal.count": "1",
            "plan.0.goal.0.goal_text": "Connect schools",
        },
    )
    got = answers()
    assert got["plan"][0] == {"plan_name": "Digital", "goal": [{"goal_text": "Connect schools"}]}
    assert got["first_plan"] == "Digital"
    post(client, token, 0, {"n_plans": "1", "plan.0.plan_name": "Digital"})
    assert len(answers()["plan"]) == 1


def test_rank_range_geopoint_time_and_trigger(client: Client, token: str) -> None:
    r = post(client, token, 1, {"priorities": ["b", "b", "a"]}, "next")
    assert r.status_code == 400 and "Give each item its own place." in r.content.decode()
    r = post(
        client,
        token,
        1,
        {
            "priorities": ["b", "c", "a"],
            "score": "5",
            "office.lat": "46.2",
            "office.lon": "6.14",
            "opens": "9:30",
            "staff": "4",
        },
        "next",
    )
    assert r.status_code == 400 and "in steps of 2" in r.content.decode()
    post(
        client,
        token,
        1,
        {
            "priorities": ["b", "c", "a"],
            "score": "6",
            "office.lat": "46.2",
            "office.lon": "6.14",
            "opens": "9:30",
            "staff": "4",
            "double": "8",
        },  # the page shows the computed 8
    )
    got = answers()
    assert got["priorities"] == ["b", "c", "a"] and got["score"] == 6
    assert got["office"] == "46.200000 6.140000 0 0" and got["opens"] == "09:30"
    assert got["double"] == 8
    # the trigger did not change: an edited value stays
    post(client, token, 1, {"priorities": ["b", "c", "a"], "staff": "4", "double": "9"})
    assert answers()["double"] == 9
    r = post(client, token, 1, {"office.lat": "95", "office.lon": "6"}, "next")
    assert "Latitude is from -90 to 90" in r.content.decode()


def test_file_upload_is_checked_kept_outside_the_web_root_and_for_staff_only(
    client: Client, token: str, staff_client: Client, settings: Any
) -> None:
    fake = SimpleUploadedFile("policy.pdf", b"MZ not a pdf", content_type="application/pdf")
    r = post(client, token, 1, {"policy": fake}, "next")
    assert "does not match its name" in r.content.decode()
    r = post(client, token, 1, {"policy": SimpleUploadedFile("run.exe", b"MZ")}, "next")
    assert "This type of file is not accepted" in r.content.decode()
    pdf = SimpleUploadedFile("policy.pdf", b"%PDF-1.7 a policy", content_type="application/pdf")
    post(client, token, 1, {"policy": pdf})
    value = answers()["policy"]
    assert value["name"] == "policy.pdf" and value["size"] == 17
    from aiatlas.config import data_dir

    stored = data_dir() / "survey-files" / value["file"]
    assert (
        stored.read_bytes().startswith(b"%PDF") and Path(settings.STATIC_ROOT) not in stored.parents
    )
    inv = Response.objects.get().invitation
    link = f"/en/survey/manage/{inv.survey_id}/responses/{inv.pk}/files/policy"
    assert Client().get(link).status_code == 302  # respondents and the public: to the login
    got = staff_client.get(link)
    assert got.status_code == 200 and b"".join(got.streaming_content).startswith(b"%PDF")
    page = staff_client.get(f"/en/survey/manage/{inv.survey_id}/responses/{inv.pk}/")
    assert link in page.content.decode()
    assert staff_client.get(link.replace("policy", "nothing")).status_code == 404


def test_uploads_go_through_the_configured_file_storage(
    client: Client, token: str, staff_client: Client, settings: Any
) -> None:
    """With an object store (here Django's in-memory storage) nothing lands in the data
    directory, and staff still download the file."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    from django.core.files.storage import default_storage

    from aiatlas.config import data_dir

    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.7 a plan", content_type="application/pdf")
    post(client, token, 1, {"policy": pdf})
    value = answers()["policy"]
    assert default_storage.exists(f"survey-files/{value['file']}")
    assert not (data_dir() / "survey-files" / value["file"]).exists()
    inv = Response.objects.get().invitation
    got = staff_client.get(f"/en/survey/manage/{inv.survey_id}/responses/{inv.pk}/files/policy")
    assert b"".join(got.streaming_content) == b"%PDF-1.7 a plan"


def test_xform_download_is_pyxforms_xml(token: str, staff_client: Client) -> None:
    survey_id = (
        Response.objects.none()
        .model.objects.model._meta.apps.get_model("survey", "Survey")
        .objects.get()
        .pk
    )
    r = staff_client.get(f"/en/survey/manage/{survey_id}/form.xml")
    assert r.status_code == 200 and r["Content-Disposition"].endswith('types.xml"')
    assert b"<h:html" in r.content and b'jr:count="' in r.content
