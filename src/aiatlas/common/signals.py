"""Signals that cross apps without one importing the other."""

from __future__ import annotations

from django.dispatch import Signal

#: sent by accounts after a failed task was queued again, with ``task_path``, ``args`` (the
#: old task's args_kwargs) and ``new_id``; the app that owns the task follows it
task_retried = Signal()
