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
