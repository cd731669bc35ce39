"""What changed between two released schedules, without the database. A schedule is a
list of entries ``{"id", "title", "room", "starts_at", "ends_at"}`` (times as ISO text in
UTC); the changes are: added, cancelled (gone from the schedule), moved (room or time),
renamed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def diff(old: Iterable[dict[str, Any]], new: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One change per session, ordered: added, moved, renamed, cancelled (each by start
    time, then title)."""
    before = {e["id"]: e for e in old}
    after = {e["id"]: e for e in new}
    changes: list[dict[str, Any]] = []
    for sid, entry in after.items():
        was = before.get(sid)
        if was is None:
            changes.append({"kind": "added", "id": sid, "title": entry["title"], "now": entry})
            continue
        if any(was.get(k) != entry.get(k) for k in ("room", "starts_at", "ends_at")):
            changes.append(
                {"kind": "moved", "id": sid, "title": entry["title"], "was": was, "now": entry}
            )
        elif was.get("title") != entry.get("title"):
            changes.append(
                {"kind": "renamed", "id": sid, "title": entry["title"], "was": was, "now": entry}
            )
    for sid, was in before.items():
        if sid not in after:
            changes.append({"kind": "cancelled", "id": sid, "title": was["title"], "was": was})
    order = {"added": 0, "moved": 1, "renamed": 2, "cancelled": 3}

    def key(c: dict[str, Any]) -> tuple:
        entry = c.get("now") or c.get("was") or {}
        return (order[c["kind"]], entry.get("starts_at") or "", c["title"])

    return sorted(changes, key=key)
