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

import contextvars
import json
import logging
import re
from datetime import UTC, datetime
from typing import Any

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


# --- request ids and JSON lines ----------------------------------------------------------

#: the id of the request being served in this thread (set by aiatlas.ops.middleware)
request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
#: attributes of every LogRecord, so that only the extras a caller gave are written out
_RECORD_FIELDS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


class RequestId(logging.Filter):
    """Puts the current request's id on every record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get() or "-"
        return True


class JsonLines(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, request id,
    the extras the caller passed (``logger.info(..., extra={"status": 200})``) and the
    traceback text when there is one. Log shippers read it without a parsing rule."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
            "process": record.process,
        }
        for key, value in vars(record).items():
            if key not in _RECORD_FIELDS and not key.startswith("_"):
                entry[key] = (
                    value if isinstance(value, (int, float, bool, type(None))) else str(value)
                )
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["traceback"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


class TextLines(logging.Formatter):
    """The console format of development: time, level, request id, logger, message."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s")
