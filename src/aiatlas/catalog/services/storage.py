"""Write validated activity records to the database in batches (the core of import and of
single-record saves). Every function here runs inside the caller's transaction."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import F
from django.utils import timezone

from aiatlas.catalog.choices import EditionStatus, OrganizationKind
from aiatlas.catalog.exceptions import RowError
from aiatlas.catalog.fields import ROW_FIELDS
from aiatlas.catalog.io.schema import TRANSLATION_COLUMNS
from aiatlas.catalog.io.validation import Vocabulary
from aiatlas.catalog.models import (
    Activity,
    ActivityGoal,
    ActivityLink,
    ActivityPartner,
    ActivityTarget,
    Country,
    Edition,
    IdSequence,
    Organization,
    Region,
    Technology,
)
from aiatlas.catalog.signals import activities_changed
from aiatlas.common.bulk import insert_rows
from aiatlas.taxonomy.models import Goal, Target

ACTIVITY_ID = re.compile(r"^A(\d{6,})$")
_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&.\-]{0,19}$")
#: the record fields stored as they are on the activity row, and the translations (the
#: record's ``title_fr`` … columns, stored together in ``translations``)
ACTIVITY_FIELDS = [*ROW_FIELDS, "translations"]


def translations_of(rec: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The translation columns of a clean record as the model stores them:
    ``{"fr": {"title": …, "description": …}}`` (only the languages that have one)."""
    out: dict[str, dict[str, str]] = {}
    for column, name, lang in TRANSLATION_COLUMNS:
        if rec.get(column):
            out.setdefault(lang, {})[name] = rec[column]
    return out


def load_vocabulary() -> Vocabulary:
    regions: dict[str, str] = {}
    for code, name in Region.objects.values_list("code", "name"):
        regions[code.lower()] = code
        regions[name.lower()] = code
    technologies: dict[str, str] = {}
    order: dict[str, int] = {}
    for key, label, position in Technology.objects.values_list("key", "label", "position"):
        technologies[key] = key
        technologies[label.lower()] = key
        order[key] = position
    return Vocabulary(
        goals=frozenset(str(n) for n in Goal.objects.values_list("number", flat=True)),
        targets=frozenset(Target.objects.values_list("code", flat=True)),
        countries=frozenset(Country.objects.values_list("alpha3", flat=True)),
        regions=regions,
        technologies=technologies,
        technology_order=order,
    )


def format_activity_id(number: int) -> str:
    return f"A{number:06d}"


@dataclass
class WriteResult:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    organizations_created: list[str] = field(default_factory=list)
    editions_created: list[int] = field(default_factory=list)


class BatchWriter:
    """Upserts batches of clean records; caches organizations and editions across batches."""

    def __init__(self, *, dry_run: bool = False) -> None:
        self.dry_run = dry_run
        self.result = WriteResult()
        self._by_acronym: dict[str, tuple[int, str]] = {}
        self._by_name: dict[str, tuple[int, str]] = {}
        for pk, acronym, name, kind in Organization.objects.values_list(
            "pk", "acronym", "name", "kind"
        ):
            if acronym:
                self._by_acronym[acronym.casefold()] = (pk, kind)
            self._by_name[name.casefold()] = (pk, kind)
        self._editions = {
            year: (pk, status == EditionStatus.PUBLISHED)
            for pk, year, status in Edition.objects.values_list("pk", "year", "status")
        }
        self._sequence_last: int | None = None

    # -- lookups ---------------------------------------------------------------------------
    def _org(self, ref: str) -> tuple[int, str] | None:
        key = ref.casefold()
        return self._by_acronym.get(key) or self._by_name.get(key)

    def _ensure_orgs(self, wanted: dict[str, str]) -> None:
        """Create the organizations named in ``wanted`` (ref -> kind) that do not exist."""
        missing = {ref: kind for ref, kind in wanted.items() if self._org(ref) is None}
        if not missing or self.dry_run:
            return
        new = [
            Organization(
                acronym=ref if _ACRONYM.match(ref) and sum(c.isupper() for c in ref) >= 2 else "",
                name=ref,
                kind=kind,
            )
            for ref, kind in missing.items()
        ]
        Organization.objects.bulk_create(new)
        for org in new:
            if org.acronym:
                self._by_acronym[org.acronym.casefold()] = (org.pk, org.kind)
            self._by_name[org.name.casefold()] = (org.pk, org.kind)
            self.result.organizations_created.append(org.name)

    def _ensure_editions(self, years: set[int]) -> None:
        missing = sorted(y for y in years if y not in self._editions)
        if not missing or self.dry_run:
            return
        new = [Edition(year=y, title=f"United Nations Activities on AI {y}") for y in missing]
        Edition.objects.bulk_create(new)
        for ed in new:
            self._editions[ed.year] = (ed.pk, False)
            self.result.editions_created.append(ed.year)

    def _next_ids(self, count: int) -> list[str]:
        seq, _ = IdSequence.objects.select_for_update().get_or_create(name="activity")
        if self._sequence_last is None:
            self._sequence_last = seq.last
        ids = []
        for _ in range(count):
            self._sequence_last += 1
            ids.append(format_activity_id(self._sequence_last))
        IdSequence.objects.filter(name="activity").update(last=self._sequence_last)
        return ids

    def _note_explicit_ids(self, ids: list[str]) -> None:
        numbers = [int(m.group(1)) for i in ids if (m := ACTIVITY_ID.match(i))]
        if numbers and not self.dry_run:
            top = max(numbers)
            seq, _ = IdSequence.objects.select_for_update().get_or_create(name="activity")
            if top > seq.last:
                IdSequence.objects.filter(name="activity").update(last=top)
                self._sequence_last = top
            elif self._sequence_last is None:
                self._sequence_last = seq.last

    # -- the batch -------------------------------------------------------------------------
    def write(
        self,
        batch: list[tuple[int, dict[str, Any]]],
        expected_versions: dict[str, int] | None = None,
    ) -> list[tuple[int, dict[str, Any]]]:
        """Upsert ``batch`` (row number, clean record). Returns the rows written; rows that
        would change a published edition are reported in ``result.errors`` and skipped."""
        ids = [rec["id"] for _, rec in batch if rec["id"]]
        existing: dict[str, tuple[int, int]] = {
            pid: (pk, version)
            for pid, pk, version in Activity.objects.filter(public_id__in=ids).values_list(
                "public_id", "pk", "version"
            )
        }
        batch = self._check_frozen(batch, existing)
        if self.dry_run or not batch:
            return batch
        self._note_explicit_ids([rec["id"] for _, rec in batch if rec["id"] not in existing])
        wanted: dict[str, str] = {}
        years: set[int] = set()
        for _, rec in batch:
            wanted.setdefault(rec["lead_organization"], OrganizationKind.UN_ENTITY)
            for ref in rec["co_leads"]:
                wanted.setdefault(ref, OrganizationKind.UN_ENTITY)
            for p in rec["partners"]:
                wanted.setdefault(p["organization"], p["sector"] or OrganizationKind.OTHER)
            years.update(rec["editions"])
        self._ensure_orgs(wanted)
        self._ensure_editions(years)

        blanks = [rec for _, rec in batch if not rec["id"]]
        for rec, new_id in zip(blanks, self._next_ids(len(blanks)) if blanks else [], strict=True):
            rec["id"] = new_id
        now = timezone.now()
        to_create: list[dict[str, Any]] = []
        to_update: list[Activity] = []
        for _, rec in batch:
            values = {f: rec[f] for f in ACTIVITY_FIELDS if f != "translations"}
            values["translations"] = translations_of(rec)
            lead = self._org(rec["lead_organization"])
            assert lead is not None
            if rec["id"] in existing:
                pk, version = existing[rec["id"]]
                if expected_versions and rec["id"] in expected_versions:
                    self._claim_version(rec["id"], pk, expected_versions[rec["id"]])
                    version = expected_versions[rec["id"]]
                to_update.append(
                    Activity(
                        pk=pk,
                        public_id=rec["id"],
                        lead_organization_id=lead[0],
                        version=version + 1,
                        updated_at=now,
                        **values,
                    )
                )
            else:
                to_create.append({"public_id": rec["id"], "lead_organization": lead[0], **values})
        pks: dict[str, int] = {}
        if to_create:
            pks.update(self._insert_activities(to_create, now))
        if to_update:
            Activity.objects.bulk_update(
                to_update, [*ACTIVITY_FIELDS, "lead_organization", "version", "updated_at"]
            )
            self._delete_children([a.pk for a in to_update])
            pks.update({a.public_id: a.pk for a in to_update})
        self._write_children(batch, pks)
        activities_changed.send(
            sender=Activity,
            pks=list(pks.values()),
            records={pks[rec["id"]]: rec for _, rec in batch},
        )
        self.result.created += len(to_create)
        self.result.updated += len(to_update)
        return batch

    def _insert_activities(self, rows: list[dict[str, Any]], now: Any) -> dict[str, int]:
        """Insert new activities with one multi-row INSERT; returns their keys by public id."""
        json_fields = ("domains", "translations")
        prep = {name: Activity._meta.get_field(name) for name in json_fields}
        stamp = connection.ops.adapt_datetimefield_value(now)
        order = [
            f for f in ["public_id", "lead_organization", *ACTIVITY_FIELDS] if f not in json_fields
        ]
        prepared = [
            (
                *(row[f] for f in order),
                *(prep[name].get_db_prep_save(row[name], connection) for name in json_fields),
                stamp,
                stamp,
                1,
            )
            for row in rows
        ]
        insert_rows(
            Activity, [*order, *json_fields, "created_at", "updated_at", "version"], prepared
        )
        return dict(
            Activity.objects.filter(public_id__in=[r["public_id"] for r in rows]).values_list(
                "public_id", "pk"
            )
        )

    def _claim_version(self, public_id: str, pk: int, expected: int) -> None:
        from aiatlas.catalog.exceptions import VersionConflict

        # the conditional UPDATE is the lock: only one writer can move version on
        claimed = Activity.objects.filter(pk=pk, version=expected).update(version=F("version"))
        if not claimed:
            actual = Activity.objects.filter(pk=pk).values_list("version", flat=True).first()
            raise VersionConflict(public_id, expected, actual or 0)

    def _check_frozen(
        self, batch: list[tuple[int, dict[str, Any]]], existing: dict[str, tuple[int, int]]
    ) -> list[tuple[int, dict[str, Any]]]:
        published = {year for year, (_, pub) in self._editions.items() if pub}
        if not published:
            return batch
        through = Activity.editions.through
        current: dict[int, set[int]] = {}
        pk_to_year = {pk: year for year, (pk, _) in self._editions.items()}
        for activity_id, edition_id in through.objects.filter(
            activity_id__in=[pk for pk, _ in existing.values()]
        ).values_list("activity_id", "edition_id"):
            current.setdefault(activity_id, set()).add(pk_to_year[edition_id])
        kept = []
        for row, rec in batch:
            before = current.get(existing[rec["id"]][0], set()) if rec["id"] in existing else set()
            after = set(rec["editions"])
            changed = (before ^ after) & published
            if changed:
                years = ", ".join(str(y) for y in sorted(changed))
                self.result.errors.append(
                    RowError(
                        row,
                        "editions",
                        f"edition {years} is published and frozen; an activity cannot be added to "
                        "or removed from a published edition",
                    )
                )
            else:
                kept.append((row, rec))
        return kept

    def _delete_children(self, pks: list[int]) -> None:
        for model in (
            Activity.co_leads.through,
            Activity.countries.through,
            Activity.regions.through,
            Activity.technologies.through,
            Activity.editions.through,
            ActivityPartner,
            ActivityGoal,
            ActivityTarget,
            ActivityLink,
        ):
            model.objects.filter(activity_id__in=pks).delete()

    def _write_children(self, batch: list[tuple[int, dict[str, Any]]], pks: dict[str, int]) -> None:
        co_leads: list[tuple[Any, ...]] = []
        countries: list[tuple[Any, ...]] = []
        regions: list[tuple[Any, ...]] = []
        techs: list[tuple[Any, ...]] = []
        editions: list[tuple[Any, ...]] = []
        partners: list[tuple[Any, ...]] = []
        goals: list[tuple[Any, ...]] = []
        targets: list[tuple[Any, ...]] = []
        links: list[tuple[Any, ...]] = []
        for _, rec in batch:
            pk = pks[rec["id"]]
            for ref in rec["co_leads"]:
                org = self._org(ref)
                assert org is not None
                co_leads.append((pk, org[0]))
            countries += [(pk, c) for c in rec["countries"]]
            regions += [(pk, r) for r in rec["regions"]]
            techs += [(pk, t) for t in rec["technologies"]]
            editions += [(pk, self._editions[y][0]) for y in rec["editions"]]
            for i, p in enumerate(rec["partners"]):
                org = self._org(p["organization"])
                assert org is not None
                partners.append((pk, org[0], p["sector"] or org[1], i))
            goals += [(pk, int(t["code"]), t["source"], t["evidence"]) for t in rec["sdg_goals"]]
            targets += [(pk, t["code"], t["source"], t["evidence"]) for t in rec["sdg_targets"]]
            links += [(pk, lk["url"], lk["label"], i) for i, lk in enumerate(rec["links"])]
        insert_rows(Activity.co_leads.through, ["activity", "organization"], co_leads)
        insert_rows(Activity.countries.through, ["activity", "country"], countries)
        insert_rows(Activity.regions.through, ["activity", "region"], regions)
        insert_rows(Activity.technologies.through, ["activity", "technology"], techs)
        insert_rows(Activity.editions.through, ["activity", "edition"], editions)
        insert_rows(ActivityPartner, ["activity", "organization", "sector", "position"], partners)
        insert_rows(ActivityGoal, ["activity", "goal", "source", "evidence"], goals)
        insert_rows(ActivityTarget, ["activity", "target", "source", "evidence"], targets)
        insert_rows(ActivityLink, ["activity", "url", "label", "position"], links)
