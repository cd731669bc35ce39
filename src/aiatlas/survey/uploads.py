"""Files respondents upload (``file`` and ``image`` questions): size and type limits, kept
in the file storage's ``survey-files/`` folder (by default ``<data dir>/survey-files/``,
outside the web root and outside the static files), read back only through the staff
download view.

A stored answer is ``{"name": original file name, "file": storage name, "size": bytes,
"type": media type}``; the storage name is random, so it cannot be guessed or collide."""

from __future__ import annotations

import secrets
from pathlib import PurePath
from typing import Any

from django.utils.translation import gettext as _

from aiatlas.common.files import Area

MAX_FILE_BYTES = 10 * 1024 * 1024
#: allowed extensions -> media type; each file's first bytes must match its kind
ALLOWED: dict[str, dict[str, str]] = {
    "file": {
        ".pdf": "application/pdf",
        ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ".odt": "application/vnd.oasis.opendocument.text",
        ".ods": "application/vnd.oasis.opendocument.spreadsheet",
        ".txt": "text/plain",
        ".csv": "text/csv",
        ".png": "image/png",
        ".jpg": "image/jpeg",
        ".jpeg": "image/jpeg",
    },
    "image": {
        ".png": "image/png",
        ".jpg": "image/jpeg",
        ".jpeg": "image/jpeg",
        ".gif": "image/gif",
        ".webp": "image/webp",
    },
}
_MAGIC = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
}


class UploadRefused(ValueError):
    """A file that breaks a limit; the message says which, in the respondent's language."""


#: the survey's folder in the file storage (aiatlas.common.files)
FILES = Area("survey-files")


def check_upload(kind: str, name: str, head: bytes, size: int) -> tuple[str, str]:
    """(extension, media type) of an acceptable upload; else UploadRefused."""
    allowed = ALLOWED["image" if kind == "image" else "file"]
    ext = PurePath(name).suffix.lower()
    if ext not in allowed:
        raise UploadRefused(
            _("This type of file is not accepted; use one of: %(types)s.")
            % {"types": ", ".join(sorted(allowed))}
        )
    if size > MAX_FILE_BYTES:
        raise UploadRefused(
            _("The file is larger than %(mb)d MB.") % {"mb": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if size == 0:
        raise UploadRefused(_("The file is empty."))
    magic = _MAGIC.get(ext)
    if magic and not head.startswith(magic):
        raise UploadRefused(
            _("The file's content does not match its name (%(ext)s).") % {"ext": ext}
        )
    if ext in (".txt", ".csv") and b"\x00" in head:
        raise UploadRefused(
            _("The file's content does not match its name (%(ext)s).") % {"ext": ext}
        )
    return ext, allowed[ext]


def store_upload(kind: str, upload: Any, folder: str) -> dict[str, Any]:
    """Check and keep one uploaded file; return the answer value."""
    head = upload.read(16)
    upload.seek(0)
    name = PurePath(str(getattr(upload, "name", "") or "file")).name[:200]
    ext, media_type = check_upload(kind, name, head, int(upload.size or 0))
    stored = FILES.save(f"{folder}/{secrets.token_hex(16)}{ext}", upload)
    return {"name": name, "file": stored, "size": int(upload.size), "type": media_type}


def open_upload(value: dict[str, Any]) -> Any:
    return FILES.open(str(value["file"]))
