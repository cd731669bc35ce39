"""Signed tokens of the programme: the cancel link of a registration."""

from __future__ import annotations

from django.core import signing

from aiatlas.programme.exceptions import BadToken

CANCEL_SALT = "aiatlas.programme.registration"


def registration_token(registration_id: int) -> str:
    """The signed token of a registration's status and cancel links."""
    return signing.dumps(registration_id, salt=CANCEL_SALT)


def registration_id_from(token: str) -> int:
    """The registration behind ``token``; :class:`BadToken` when it was not signed here."""
    try:
        value = signing.loads(str(token)[:200], salt=CANCEL_SALT)
    except signing.BadSignature as exc:
        raise BadToken("This link is not valid. Use the link from your e-mail.") from exc
    if not isinstance(value, int) or value < 1:
        raise BadToken("This link is not valid. Use the link from your e-mail.")
    return value


CHECK_IN_SALT = "aiatlas.programme.check-in"


def check_in_code(registration_id: int) -> str:
    """The signed code of a registration's QR code at the door (not its cancel link)."""
    return signing.dumps(registration_id, salt=CHECK_IN_SALT)


def registration_id_from_check_in(code: str) -> int:
    try:
        value = signing.loads(str(code or "").strip()[:200], salt=CHECK_IN_SALT)
    except signing.BadSignature as exc:
        raise BadToken("This is not a check-in code of ours.") from exc
    if not isinstance(value, int) or value < 1:
        raise BadToken("This is not a check-in code of ours.")
    return value
