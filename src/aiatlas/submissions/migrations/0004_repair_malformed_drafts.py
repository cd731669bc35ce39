"""Repair submission records stored before every entry was typed (such as
``{"domains": 5}`` or ``{"sdg_goals": 1}``, which made the draft page and the Word export
fail): each record is cleaned by the catalog's validator in lenient mode — values of the
wrong type or with unknown codes are dropped, a list keeps its good items — and saved as a
new version whose history row says what was dropped. The record before the repair stays
in the history, so nothing is lost: it can be read and restored from the history page."""

from django.db import migrations
from django.utils import timezone


def _vocabulary(apps, db):
    from aiatlas.catalog.io.validation import Vocabulary

    Goal = apps.get_model("taxonomy", "Goal")
    Target = apps.get_model("taxonomy", "Target")
    Country = apps.get_model("catalog", "Country")
    Region = apps.get_model("catalog", "Region")
    Technology = apps.get_model("catalog", "Technology")
    regions = {}
    for code, name in Region.objects.using(db).values_list("code", "name"):
        regions[code.lower()] = code
        regions[name.lower()] = code
    technologies, order = {}, {}
    for key, label, position in Technology.objects.using(db).values_list(
        "key", "label", "position"
    ):
        technologies[key] = key
        technologies[label.lower()] = key
        order[key] = position
    return Vocabulary(
        goals=frozenset(str(n) for n in Goal.objects.using(db).values_list("number", flat=True)),
        targets=frozenset(Target.objects.using(db).values_list("code", flat=True)),
        countries=frozenset(Country.objects.using(db).values_list("alpha3", flat=True)),
        regions=regions,
        technologies=technologies,
        technology_order=order,
    )


def repair(apps, schema_editor):
    from aiatlas.submissions.records import clean_draft

    db = schema_editor.connection.alias
    Submission = apps.get_model("submissions", "Submission")
    History = apps.get_model("submissions", "HistoricalSubmission")
    if not Submission.objects.using(db).exists():
        return
    vocabulary = _vocabulary(apps, db)
    if not (vocabulary.goals and vocabulary.countries):
        return  # reference data not loaded yet: nothing can be checked against it
    kept = [f.attname for f in Submission._meta.concrete_fields if f.attname != "updated_at"]
    for sub in Submission.objects.using(db).select_related("organization").iterator():
        reference = sub.organization.acronym or sub.organization.name
        clean, dropped = clean_draft(sub.record, organization=reference, vocabulary=vocabulary,
                                     lenient=True)
        if clean == sub.record:
            continue
        fields = sorted({f or "record" for f, _m in dropped})
        sub.record = clean
        sub.version += 1
        sub.updated_at = timezone.now()
        Submission.objects.using(db).filter(pk=sub.pk).update(
            record=clean, version=sub.version, updated_at=sub.updated_at
        )
        reason = "repaired malformed record" + (
            f": dropped {', '.join(fields)}" if fields else ": values typed"
        )
        History.objects.using(db).create(
            **{name: getattr(sub, name) for name in kept},
            history_date=sub.updated_at,
            history_type="~",
            history_change_reason=reason[:100],
            history_user_id=None,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0003_submission_comments"),
        ("catalog", "0002_edition_release_at"),
        ("taxonomy", "0001_initial"),
    ]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
