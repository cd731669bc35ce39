"""Settings for the test suite: the normal settings, plus the test database.

``AIATLAS_TEST_DATABASE_URL`` (CI sets it to the local PostgreSQL) runs the suite on that
server; pytest-django creates and drops a test database with a fresh name per run.
Without it the suite runs on SQLite.
"""

from __future__ import annotations

import os
import uuid

# the suite runs in the test environment (also inherited by the commands it starts);
# tests of production settings set AIATLAS_ENV=production themselves
os.environ.setdefault("AIATLAS_ENV", "test")

from aiatlas.settings import *  # noqa: F403
from aiatlas.settings import database_from_url

_url = os.environ.get("AIATLAS_TEST_DATABASE_URL", "")
DATABASES = {"default": database_from_url(_url)}
_run = f"{os.getpid()}_{uuid.uuid4().hex[:8]}"
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["TEST"] = {"NAME": f"test_aiatlas_{_run}"}
# Argon2 stays the production hasher; tests hash with MD5 only to keep the suite fast.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# the outbox is delivered at once in tests (the worker's own tests use the database queue)
TASKS = {
    **TASKS,  # noqa: F405
    "immediate": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
MAIL_TASK_BACKEND = "immediate"
