"""Errors of backup and restore; the message is safe to show and says what to do."""

from __future__ import annotations


class BackupError(Exception):
    """A backup or restore that cannot be done (the commands exit with status 1)."""


class NotABackup(BackupError):
    """The file is not an aiatlas backup archive."""


class DatabaseNotEmpty(BackupError):
    """A restore into a database that already holds data, without ``force``."""


class ToolMissing(BackupError):
    """pg_dump / pg_restore are not installed."""
