"""Operations on the SDG taxonomy."""

from __future__ import annotations

from django.db import transaction

from aiatlas.taxonomy.models import Goal, Indicator, Target
from aiatlas.taxonomy.texts import GOAL_COLOURS, load_texts, sort_key


def load_taxonomy(*, using: str = "default") -> dict[str, int]:
    """Create or refresh the 17 goals, 169 targets and the indicators from the vendored texts.

    Idempotent: run after every ``migrate``. Returns the number of records of each kind.
    """
    texts = load_texts()
    with transaction.atomic(using=using):
        goals = [
            Goal(
                number=int(code),
                colour=GOAL_COLOURS[int(code)],
                titles=texts.goals[code],
                short_titles=texts.goal_short.get(code, {}),
            )
            for code in sorted(texts.goals, key=int)
        ]
        Goal.objects.using(using).bulk_create(
            goals,
            update_conflicts=True,
            unique_fields=["number"],
            update_fields=["colour", "titles", "short_titles"],
        )
        targets = [
            Target(code=code, goal_id=int(code.split(".")[0]), position=i, titles=titles)
            for i, (code, titles) in enumerate(
                sorted(texts.targets.items(), key=lambda kv: sort_key(kv[0]))
            )
        ]
        Target.objects.using(using).bulk_create(
            targets,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["goal", "position", "titles"],
        )
        known_targets = set(texts.targets)
        indicators = [
            Indicator(code=code, target_id=code.rsplit(".", 1)[0], position=i, titles=titles)
            for i, (code, titles) in enumerate(
                sorted(texts.indicators.items(), key=lambda kv: sort_key(kv[0]))
            )
            if code.rsplit(".", 1)[0] in known_targets
        ]
        Indicator.objects.using(using).bulk_create(
            indicators,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["target", "position", "titles"],
        )
    return {"goals": len(goals), "targets": len(targets), "indicators": len(indicators)}
