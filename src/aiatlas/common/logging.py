"""A logging filter that keeps credentials out of every log line.

Installed on the console handler by ``settings.LOGGING``, so it sees every record that
is written, from any logger (Django, django-ninja, axes, waitress, ours): the message, its
arguments and the traceback text are rewritten with these replaced by ``[redacted]``:

- the value of an ``Authorization`` or ``Proxy-Authorization`` header, whatever its
  scheme (Bearer, Basic, Digest, Token, a bare value …);
- credentials after a scheme word (``Bearer …``, ``Basic …``), aiatlas API tokens
  (``aia_…``) anywhere;
- cookies (``Cookie:``/``Set-Cookie:`` values, ``sessionid``, ``csrftoken``);
- ``password``, ``secret``, ``token``, ``api_key`` … values in ``name=value``,
  ``name: value`` and JSON ``"name": "value"`` form (form posts, query strings, dicts).
"""

from __future__ import annotations

import logging
import re

REDACTED = "[redacted]"
_SCHEMES = r"(?:Bearer|Basic|Digest|Token|Negotiate|NTLM|HOBA|Mutual|AWS4-HMAC-SHA256|ApiKey)"
#: names of fields that hold secrets (names, not secrets)
_SECRET_NAMES = "|".join(
    [
        r"(?:[\w-]*password\d?|passwd|pwd|secret(?:_key)?|token|api[_-]?key|access[_-]?key",
        r"csrfmiddlewaretoken|csrftoken|sessionid|session[_-]?key|otp|totp)",
    ]
)
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # an Authorization header, in any rendering: "Authorization: x", 'HTTP_AUTHORIZATION': 'x'
    (
        re.compile(
            r"""((?:proxy[-_])?(?:http_)?authorization['"]?\s*[:=]\s*['"]?)([^'"\r\n,}]+)""",
            re.IGNORECASE,
        ),
        rf"\1{REDACTED}",
    ),
    # cookies: "Cookie: a=b; c=d", 'HTTP_COOKIE': '…'
    (
        re.compile(r"""((?:set-)?(?:http_)?cookie['"]?\s*[:=]\s*['"]?)([^'"\r\n}]+)""", re.I),
        rf"\1{REDACTED}",
    ),
    # name=value / name: value / "name": "value" for secret-looking names
    (
        re.compile(
            rf"""((?<![\w-]){_SECRET_NAMES}['"]?\s*[:=]\s*['"]?)([^\s'"&;,}}]+)""",
            re.IGNORECASE,
        ),
        rf"\1{REDACTED}",
    ),
    # credentials after a scheme word anywhere (ninja: "Unexpected auth - 'Basic …'")
    (re.compile(rf"\b({_SCHEMES})\s+[^\s'\"]+", re.IGNORECASE), rf"\1 {REDACTED}"),
    # aiatlas API tokens anywhere
    (re.compile(r"\baia_[A-Za-z0-9_\-]{4,}"), REDACTED),
    # ninja's "Unexpected auth - '<the whole header>'"
    (re.compile(r"(Unexpected auth - ')[^']*(')"), rf"\1{REDACTED}\2"),
]


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactSecrets(logging.Filter):
    """Rewrites each record in place (never drops one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep what there is
            message = str(record.msg)
        record.msg, record.args = redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
