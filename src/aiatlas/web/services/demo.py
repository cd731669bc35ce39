"""The demo, set up in one call: the catalog's illustrative data, the classifier's SDG
suggestions, an open call for contributions, the illustrative AI for Good programme,
focus groups and a challenge, and
the demo accounts. ``aiatlas demo`` calls it (after ``migrate``) and prints the result.

Everything it makes is illustrative and labelled so (``catalog.services.demo.DEMO_NOTICE``).
It lives in ``web`` because it spans the apps that ``web`` assembles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DemoSetup:
    #: counts of what the catalog loaded (entities, activities …)
    loaded: dict[str, Any]
    #: SDG suggestions the offline classifier stored
    goal_tags: int
    #: the open call for contributions
    call: Any
    #: counts of the illustrative programme (sessions …)
    programme: dict[str, Any]
    #: counts of the illustrative focus groups, initiatives and challenge
    initiatives: dict[str, int]
    #: counts of the illustrative assessments, instruments and national policies
    governance: dict[str, int]
    #: (e-mail, role, password) of each demo account, new passwords on every run
    accounts: list[tuple[str, str, str]]


def set_up_demo(*, refresh: bool = True) -> DemoSetup:
    """Load (``refresh``: replace) the demo data of every app; raises the catalog's
    ``CatalogError`` when the demo data cannot be loaded."""
    from aiatlas.accounts.services import reset_demo_accounts
    from aiatlas.catalog.services.demo import OPEN_YEAR, load_demo
    from aiatlas.classify.services import tag_activities
    from aiatlas.governance.services.demo import load_governance_demo
    from aiatlas.initiatives.services.demo import load_initiatives_demo
    from aiatlas.programme.services.demo import load_programme_demo
    from aiatlas.submissions.services.calls import open_demo_call

    loaded = load_demo(refresh=refresh)
    tagged = tag_activities()
    call = open_demo_call(year=OPEN_YEAR)
    programme = load_programme_demo()
    initiatives = load_initiatives_demo()
    governance = load_governance_demo()
    accounts = list(reset_demo_accounts())
    return DemoSetup(
        loaded=loaded,
        goal_tags=tagged.goal_tags,
        call=call,
        programme=programme,
        initiatives=initiatives,
        governance=governance,
        accounts=accounts,
    )
