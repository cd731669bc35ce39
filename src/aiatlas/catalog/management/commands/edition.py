"""aiatlas edition list | check YEAR | publish YEAR: the reporting editions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.table import Table

from aiatlas.catalog.exceptions import CatalogError
from aiatlas.catalog.queries import catalog_counts
from aiatlas.common.console import console


def _release_at(text: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"--release-at {text!r} is not a date and time such as 2026-03-01T09:00", returncode=2
        ) from None
    from django.utils import timezone

    return timezone.make_aware(value) if timezone.is_naive(value) else value


class Command(BaseCommand):
    help = (
        "List the editions, check what stands in the way of publishing one, or publish one "
        "(freezing a snapshot of its activities and queueing its report build)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", metavar="{list,check,publish}")
        sub.add_parser("list", help="editions with their status and activity counts")
        check = sub.add_parser("check", help="what stands in the way of publishing an edition")
        check.add_argument("year", type=int)
        publish = sub.add_parser("publish", help="publish and freeze an edition")
        publish.add_argument("year", type=int)
        publish.add_argument(
            "--acknowledge-left-out",
            action="store_true",
            help="publish although ongoing or planned activities of earlier editions were "
            'neither carried forward nor marked "not in this edition" (they are left out)',
        )
        publish.add_argument(
            "--release-at",
            type=_release_at,
            metavar="DATETIME",
            help="make the edition public at this future date and time (ISO 8601)",
        )
        publish.add_argument(
            "--no-report", action="store_true", help="do not queue the report build"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from aiatlas.catalog.services import publishing

        out = console()
        action = options.get("action")
        try:
            if action == "check":
                self._print_blockers(publishing.publish_blockers(year=options["year"]))
                return
            if action == "publish":
                done = publishing.publish_edition(
                    year=options["year"],
                    acknowledge_left_out=options["acknowledge_left_out"],
                    release_at=options["release_at"],
                    build_report=not options["no_report"],
                )
                out.print(f"Published edition {done.year}: {done.activities:,} activities frozen")
                if done.left_out:
                    out.print(f"Left out by choice: {len(done.left_out)} activities")
                if not options["no_report"]:
                    out.print(
                        "The report build is queued: the task worker "
                        "(`aiatlas serve` or `aiatlas worker`) builds it"
                    )
                return
        except publishing.PublishRefused as exc:
            self._print_blockers(exc.blockers, err=True)
            hint = (
                "; add --acknowledge-left-out to leave those activities out"
                if exc.only_acknowledgeable
                else ""
            )
            raise CommandError(
                f"edition {exc.year} was not published{hint}", returncode=1
            ) from None
        except CatalogError as exc:
            raise CommandError(str(exc), returncode=1) from None
        if action not in (None, "list"):
            raise CommandError(
                "usage: aiatlas edition {list,check YEAR,publish YEAR}", returncode=2
            )
        table = Table("Edition", "Status", "Activities")
        for year, status, n in catalog_counts()["editions"]:
            table.add_row(str(year), status, f"{n:,}")
        out.print(table)

    def _print_blockers(self, blockers: list[Any], err: bool = False) -> None:
        out = console(stderr=err)
        if not blockers:
            out.print("Nothing stands in the way of publishing.")
        for b in blockers:
            out.print(f"[bold]{b.message}[/bold]", highlight=False)
            for item in b.items:
                out.print(f"  - {item}", highlight=False, markup=False)
