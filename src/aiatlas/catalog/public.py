"""What the public may see of a record: contacts only when their owner said yes."""

from __future__ import annotations

from typing import Any


def public_record(record: dict[str, Any]) -> dict[str, Any]:
    if record.get("contact_public"):
        return record
    return {**record, "contact_name": "", "contact_email": ""}
