"""Signed tokens of the programme: the cancel link of a registration."""

from __future__ import annotations

from django.core import signing

from aiatlas.programme.exceptions import BadToken

CANCEL_SALT = "aiatlas.programme.registration"


def registration_token(registration_id: int) -> str:
    """The signed token of a registration's status and cancel links."""
    return signing.dumps(registration_id, salt=CANCEL_SALT)


def _signed_id(signed: str, *, salt: str, invalid: str) -> int:
    """The registration id that ``signed`` holds under ``salt``; :class:`BadToken` saying
    ``invalid`` when it was not signed here with that salt."""
    try:
        value = signing.loads(signed[:200], salt=salt)
    except signing.BadSignature as exc:
        raise BadToken(invalid) from exc
    if not isinstance(value, int) or value < 1:
        raise BadToken(invalid)
    return value


def registration_id_from(token: str) -> int:
    """The registration behind ``token``; :class:`BadToken` when it was not signed here."""
    return _signed_id(
        str(token),
        salt=CANCEL_SALT,
        invalid="This link is not valid. Use the link from your e-mail.",
    )


CHECK_IN_SALT = "aiatlas.programme.check-in"


def check_in_code(registration_id: int) -> str:
    """The signed code of a registration's QR code at the door (not its cancel link)."""
    return signing.dumps(registration_id, salt=CHECK_IN_SALT)


def registration_id_from_check_in(code: str) -> int:
    return _signed_id(
        str(code or "").strip(), salt=CHECK_IN_SALT, invalid="This is not a check-in code of ours."
    )
