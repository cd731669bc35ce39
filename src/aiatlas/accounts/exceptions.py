"""Domain errors of accounts; views, the API and commands translate them."""

from __future__ import annotations


class AccountError(Exception):
    """Base class: the message is safe to show to the user."""


class UserExists(AccountError):
    pass


class UnknownOrganization(AccountError):
    pass


class InvalidValue(AccountError):
    pass


class LinkInvalid(AccountError):
    """An invitation link that is unknown, expired or used already."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason  # "unknown", "expired" or "used"


class TokenNotFound(AccountError):
    pass
