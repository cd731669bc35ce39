"""The outbox backend and page, and the `aiatlas user` / `aiatlas outbox` commands."""

from __future__ import annotations

import io
import sys

import pytest
from django.core.mail import send_mail

from aiatlas.accounts.models import OutboxMessage, Role, User
from aiatlas.common.rules import allowed

pytestmark = pytest.mark.django_db(transaction=True)
OUTBOX = "aiatlas.accounts.mail.OutboxBackend"


def test_outbox_backend_stores_one_message_per_recipient(settings):
    settings.EMAIL_BACKEND = OUTBOX
    assert send_mail("Hello <b>", "Body", "from@x.org", ["a@x.org", "b@x.org"]) == 1
    rows = list(OutboxMessage.objects.order_by("to"))
    assert [m.to for m in rows] == ["a@x.org", "b@x.org"]
    assert all(m.subject == "Hello <b>" and m.status == "queued" for m in rows)


def test_outbox_page_shows_messages_escaped_to_admins(client, settings, make_user):
    settings.EMAIL_BACKEND = OUTBOX
    send_mail("<script>x</script>", "body", None, ["a@x.org"])
    client.force_login(make_user("a@x.org", Role.ADMIN))
    page = client.get("/en/account/outbox/")
    assert page.status_code == 200
    assert b"&lt;script&gt;x&lt;/script&gt;" in page.content and b"<script>x" not in page.content


def test_user_add_first_admin_without_password_prints_invitation(cli, settings):
    settings.EMAIL_BACKEND = OUTBOX
    code, out, err = cli("user", "add", "--email", "chief@itu.int", "--role", "admin")
    assert code == 0, err
    assert "/account/invitation/" in out
    user = User.objects.get(email="chief@itu.int")
    assert allowed(user, "accounts.is_admin") and user.is_staff
    assert not user.has_usable_password()
    assert OutboxMessage.objects.get().to == "chief@itu.int"
    code, out, _ = cli("outbox", "--limit", "5")
    assert code == 0 and "Your aiatlas invitation" in out and "/account/invitation/" in out


def test_user_add_with_password_from_stdin(cli, monkeypatch, org):
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long enough passphrase 3\n"))
    code, out, err = cli(
        "user",
        "add",
        "--email",
        "fp@who.int",
        "--role",
        "focal_point",
        "--organization",
        "WHO",
        "--password-stdin",
    )
    assert code == 0, err
    assert "invitation" not in out
    user = User.objects.get(email="fp@who.int")
    assert user.check_password("a long enough passphrase 3")
    assert [o.acronym for o in user.organizations.all()] == ["WHO"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--email", "x", "--role", "admin"], 1, "not a valid e-mail"),
        (["--email", "x@x.org", "--role", "focal_point"], 1, "needs at least one"),
        (
            ["--email", "x@x.org", "--role", "focal_point", "--organization", "NOPE"],
            1,
            "unknown organization",
        ),
        (["--email", "x@x.org", "--role", "king"], 2, "invalid choice"),
        (["--role", "admin"], 2, "--email"),
    ],
)
def test_user_add_bad_input_exit_codes(cli, args, code, message):
    got, out, err = cli("user", "add", *args)
    assert got == code
    assert message in out + err
    assert not User.objects.exists()


def test_user_add_twice_is_refused(cli):
    assert cli("user", "add", "--email", "a@x.org", "--role", "reviewer")[0] == 0
    code, _, err = cli("user", "add", "--email", "A@x.org", "--role", "reviewer")
    assert code == 1 and "exists already" in err


def test_user_list_and_outbox_empty(cli, make_user, org):
    make_user("fp@who.int", Role.FOCAL_POINT, [org])
    code, out, _ = cli("user", "list")
    assert code == 0 and "fp@who.int" in out and "WHO" in out and "focal_point" in out
    code, out, _ = cli("outbox")
    assert code == 0 and "empty" in out
    assert cli("outbox", "--limit", "0")[0] == 1
    assert cli("user")[0] == 2
