"""Back-office edits of an activity: a stale edit is refused (nothing overwritten), a good
one bumps the version and the search index follows."""

from __future__ import annotations

import pytest
from django.test import Client

from aiatlas.accounts.models import Role, User
from aiatlas.catalog.models import Activity
from aiatlas.catalog.services.activities import save_activity
from aiatlas.search.params import SearchParams
from aiatlas.search.queries import search_activity_ids

pytestmark = pytest.mark.django_db(transaction=True)


def _change_form(client: Client, pk: int) -> dict[str, str]:
    response = client.get(f"/admin/catalog/activity/{pk}/change/")
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name == "domains":
            value = field.prepare_value(value)
        data[name] = "" if value is None else value
    data["contact_public"] = ""
    for inline in response.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return {k: v for k, v in data.items() if v != "" or k != "contact_public"}


def test_admin_edit_over_a_newer_save_is_refused_and_a_good_one_reindexes():
    saved = save_activity(
        record={
            "title": "Flood alerts",
            "description": "Early warning.",
            "lead_organization": "WMO",
        }
    )
    pk = Activity.objects.get(public_id=saved["id"]).pk
    admin = User.objects.create_user(email="admin@example.org", password="x" * 20, role=Role.ADMIN)
    client = Client()
    client.force_login(admin)
    stale = _change_form(client, pk)
    assert stale["seen_version"] == 1
    save_activity(record={**saved, "title": "Flood alerts by SMS"})  # someone else: v2
    response = client.post(
        f"/admin/catalog/activity/{pk}/change/", {**stale, "title": "Zebra telemetry"}
    )
    assert response.status_code == 200
    assert "changed by someone else" in response.content.decode()
    activity = Activity.objects.get(pk=pk)
    assert (activity.title, activity.version) == ("Flood alerts by SMS", 2)

    fresh = _change_form(client, pk)
    response = client.post(
        f"/admin/catalog/activity/{pk}/change/", {**fresh, "title": "Zebra telemetry"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    activity.refresh_from_db()
    assert (activity.title, activity.version) == ("Zebra telemetry", 3)
    assert search_activity_ids(SearchParams(q="zebra")) == [pk]


def _with_editions(client: Client, pk: int, rows: list[dict[str, str]]) -> dict[str, str]:
    data = _change_form(client, pk)
    prefix = "activityedition_set"
    initial = [r for r in rows if r.get("id")]
    data.update(
        {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(len(initial))}
    )
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{k}": v for k, v in row.items()})
        data[f"{prefix}-{i}-activity"] = str(pk)
    return data


def test_admin_cannot_add_or_remove_an_activity_of_a_published_edition():
    from aiatlas.catalog.models import ActivityEdition, Edition
    from aiatlas.catalog.services.publishing import publish_edition

    kept = save_activity(
        record={"title": "In 2023", "lead_organization": "WMO", "editions": [2023]}
    )
    other = save_activity(record={"title": "Not in 2023", "lead_organization": "WMO"})
    publish_edition(year=2023, build_report=False)
    e2023 = Edition.objects.get(year=2023)
    admin = User.objects.create_user(email="admin@example.org", password="x" * 20, role=Role.ADMIN)
    client = Client()
    client.force_login(admin)
    pk = Activity.objects.get(public_id=other["id"]).pk
    response = client.post(
        f"/admin/catalog/activity/{pk}/change/",
        _with_editions(client, pk, [{"edition": str(e2023.pk)}]),
    )
    assert response.status_code == 200
    assert "edition 2023 is published and frozen" in response.content.decode()
    assert not ActivityEdition.objects.filter(activity_id=pk).exists()
    pk = Activity.objects.get(public_id=kept["id"]).pk
    link = ActivityEdition.objects.get(activity_id=pk)
    row = {"id": str(link.pk), "edition": str(e2023.pk), "DELETE": "on"}
    response = client.post(
        f"/admin/catalog/activity/{pk}/change/", _with_editions(client, pk, [row])
    )
    assert response.status_code == 200
    assert "this activity stays in it" in response.content.decode()
    assert ActivityEdition.objects.filter(activity_id=pk).exists()
