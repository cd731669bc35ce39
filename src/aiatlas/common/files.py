"""The files aiatlas keeps: built reports and their annexes, files that survey respondents
upload. They go through Django's storage API (``default_storage``, chosen by the
``file_storage`` setting), so they can live in the data directory (the default, below), on
a volume that several machines mount, or in an object store through django-storages
(docs/operations.md).

Each app keeps its files in a folder of its own (``reports/``, ``survey-files/``) through an
:class:`Area`, which speaks in names relative to that folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import IO, Any

from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage, default_storage


class DataDirStorage(FileSystemStorage):
    """The data directory (``data_dir``) as a storage. Saving a name that exists replaces
    the file, written beside it and renamed into place, so a reader sees the old file or
    the new one, never half of one."""

    def __init__(self, location: str | None = None, **options: Any) -> None:
        super().__init__(location=location, **options)
        self._fixed = location

    # the data directory is read when a file is used, so a change of DATA_DIR (tests,
    # restore into another folder) is followed
    @property  # type: ignore[override]
    def base_location(self) -> str:
        from aiatlas.config import data_dir

        return str(self._fixed or data_dir())

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        from django.core.files.utils import validate_file_name

        return validate_file_name(name, allow_relative_path=True)

    def _save(self, name: str, content: Any) -> str:
        full = Path(self.path(name))
        full.parent.mkdir(parents=True, exist_ok=True)
        fd, part = tempfile.mkstemp(dir=full.parent, prefix=f".{full.name}.", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as fh:
                for chunk in content.chunks():
                    fh.write(chunk)
            os.replace(part, full)
        except BaseException:
            Path(part).unlink(missing_ok=True)
            raise
        return name


class Area:
    """One app's folder in the file storage; names are relative to it."""

    def __init__(self, folder: str) -> None:
        self.folder = folder.strip("/")

    @property
    def storage(self) -> Storage:
        return default_storage

    def name(self, relative: str) -> str:
        """The name in the whole storage."""
        return f"{self.folder}/{relative.lstrip('/')}"

    def save(self, relative: str, content: Any) -> str:
        """Keep ``content`` (a Django ``File`` or upload) under a new name; returns the name
        it got, relative to the folder (the storage may change it to avoid a clash)."""
        stored = self.storage.save(self.name(relative), content)
        return stored[len(self.folder) + 1 :]

    def put(self, relative: str, path: Path) -> None:
        """Keep the local file ``path`` as ``relative``, replacing what was there."""
        name = self.name(relative)
        storage = self.storage
        if not isinstance(storage, DataDirStorage):  # that one replaces in one step
            storage.delete(name)
        with path.open("rb") as fh:
            stored = storage.save(name, File(fh, name=path.name))
        if stored != name:
            raise RuntimeError(f"the file storage kept {name!r} as {stored!r}")

    def where(self, relative: str) -> str:
        """Where the file is, for a person: its path on a file system, else its name in
        the storage."""
        name = self.name(relative)
        try:
            return str(self.storage.path(name))
        except NotImplementedError:  # an object store has no local path
            return name

    def open(self, relative: str) -> IO[bytes]:
        return self.storage.open(self.name(relative), "rb")  # type: ignore[no-any-return]

    def exists(self, relative: str) -> bool:
        return bool(self.storage.exists(self.name(relative)))

    def delete(self, relative: str) -> None:
        self.storage.delete(self.name(relative))
