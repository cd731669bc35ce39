"""The search tests read live data: their editions are open but released (``release_at`` in
the past), so that the activities they import are public (see ``tests/web`` and
``tests/web/test_consistency.py`` for published and embargoed editions)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def released_editions(db: None) -> None:
    from tests.conftest import release_editions

    release_editions(2022, 2023, 2024)
