"""aiatlas survey: questionnaires (XLSForm), invitations, reminders and the outbox.

    aiatlas survey load FORM.xlsx [--check] [--title T]
    aiatlas survey invite SURVEY_ID FILE.csv [--base-url URL]
    aiatlas survey remind SURVEY_ID [--base-url URL]
    aiatlas survey send [--limit N]
    aiatlas survey export SURVEY_ID --format csv|repeats|xlsx|kobo-csv|kobo-xlsx --out FILE
    aiatlas survey import SURVEY_ID FILE... [--country QUESTION] [--replace]
    aiatlas survey round SURVEY_ID --previous EARLIER_ID|none
    aiatlas survey demo [--seed N]

Exit codes: 0 ok, 1 bad input (every problem is listed with sheet, row and column), 2 usage.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aiatlas.common.console import UsageParser


def _listing_problems(head: str, problems: list[str]) -> CommandError:
    """The error of a refused file: ``head``, then each problem on a line of its own."""
    lines = "\n".join(f"  {e}" for e in problems)
    return CommandError(f"{head}:\n{lines}", returncode=1)


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror}", returncode=1) from None


class Command(BaseCommand):
    help = "Member State surveys: load a form, invite, remind, send, export, demo."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.__class__ = UsageParser
        sub = parser.add_subparsers(
            dest="action", metavar="{load,invite,remind,send,export,import,round,demo}"
        )
        p = sub.add_parser(
            "load", help="check an XLSForm (.xlsx or .xls) and load it as a new survey"
        )
        p.add_argument("file", help="the XLSForm workbook")
        p.add_argument("--check", action="store_true", help="only check; store nothing")
        p.add_argument("--title", default="", help="survey title (default: the form's)")
        p.add_argument(
            "--media",
            action="append",
            default=[],
            metavar="FILE.csv",
            help="a CSV file of choices that select_one_from_file names (repeatable)",
        )
        p = sub.add_parser(
            "invite",
            help="invite Member States from a CSV file "
            "(alpha3, ministry, contact_name, contact_email)",
        )
        p.add_argument("survey_id", type=int)
        p.add_argument("file", help="CSV file, UTF-8")
        p.add_argument("--base-url", default="", help="site address for the links")
        p = sub.add_parser("remind", help="queue a reminder for every invitation not submitted")
        p.add_argument("survey_id", type=int)
        p.add_argument("--base-url", default="", help="site address for the links")
        p = sub.add_parser("send", help="send the outbox with the configured e-mail backend")
        p.add_argument("--limit", type=int, default=500)
        p = sub.add_parser("export", help="export submitted responses")
        p.add_argument("survey_id", type=int)
        p.add_argument(
            "--format",
            choices=["csv", "repeats", "xlsx", "kobo-csv", "kobo-xlsx"],
            default="csv",
            help="kobo-csv, kobo-xlsx: the layout of a KoboToolbox export (reads back with import)",
        )
        p.add_argument("--out", required=True, help="output file")
        p = sub.add_parser(
            "import",
            help="import submitted responses exported from KoboToolbox or ODK Central "
            "(all or nothing)",
        )
        p.add_argument("survey_id", type=int)
        p.add_argument(
            "files",
            nargs="+",
            help="the export: .xlsx, .csv (repeats as more .csv files) or ODK Central's .zip",
        )
        p.add_argument(
            "--country",
            default="country",
            metavar="QUESTION",
            help="the question (column) that names the Member State: alpha-3, alpha-2 or name",
        )
        p.add_argument(
            "--replace",
            action="store_true",
            help="replace the response of a Member State that already has one",
        )
        p = sub.add_parser(
            "round", help="mark an earlier survey as the previous round of this one (compared)"
        )
        p.add_argument("survey_id", type=int)
        p.add_argument("--previous", required=True, help="the earlier survey's id, or none")
        p = sub.add_parser(
            "demo", help="load the illustrative questionnaire and ~150 synthetic responses"
        )
        p.add_argument("--seed", type=int, default=7)
        p.add_argument("--responses", type=int, default=150)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options.get("action")
        handler = getattr(self, f"do_{action}", None) if action else None
        if handler is None:
            raise CommandError(
                "usage: aiatlas survey {load,invite,remind,send,export,import,round,demo} ... "
                "(see --help)",
                returncode=2,
            )
        handler(options)

    def do_load(self, options: dict[str, Any]) -> None:
        from aiatlas.survey.exceptions import FormRefused
        from aiatlas.survey.services import forms

        data = _read(options["file"])
        media = {Path(m).name: _read(m) for m in options.get("media") or []}
        try:
            if options["check"]:
                _spec, summary = forms.check_form(data=data, media=media)
                survey = None
            else:
                survey, summary = forms.create_survey(
                    data=data,
                    filename=Path(options["file"]).name,
                    title=options["title"],
                    media=media,
                )
        except FormRefused as exc:
            head = f"{options['file']}: the form was refused ({len(exc.errors)} problem(s))"
            raise _listing_problems(head, exc.errors) from None
        for w in summary.warnings:
            self.stderr.write(f"warning: {w}")
        where = f"survey {survey.pk}" if survey else "checked, not stored"
        self.stdout.write(
            f"{summary.title} (version {summary.version or '-'}): "
            f"{summary.questions} questions on {summary.pages} pages; languages "
            f"{', '.join(summary.languages)}; {where}"
        )

    def _survey(self, pk: int) -> Any:
        from aiatlas.survey.queries import survey_by_id

        survey = survey_by_id(pk)
        if survey is None:
            raise CommandError(f"no survey with id {pk}", returncode=1)
        return survey

    def do_invite(self, options: dict[str, Any]) -> None:
        from aiatlas.survey.exceptions import BadInvitations
        from aiatlas.survey.services import invitations

        self._survey(options["survey_id"])
        try:
            done = invitations.invite_from_csv(
                survey_id=options["survey_id"],
                data=_read(options["file"]),
                base_url=options["base_url"],
            )
        except BadInvitations as exc:
            head = f"{options['file']}: nothing was imported"
            raise _listing_problems(head, exc.errors) from None
        self.stdout.write(f"{len(done)} invitation(s) queued in the outbox (see: aiatlas outbox)")

    def do_remind(self, options: dict[str, Any]) -> None:
        from aiatlas.survey.services import invitations

        self._survey(options["survey_id"])
        done = invitations.remind(survey_id=options["survey_id"], base_url=options["base_url"])
        self.stdout.write(f"{len(done)} reminder(s) queued in the outbox")

    def do_send(self, options: dict[str, Any]) -> None:
        from aiatlas.accounts.mail import MailNotConfigured
        from aiatlas.survey.services import invitations

        try:
            sent, failed = invitations.send_outbox(limit=options["limit"])
        except MailNotConfigured as exc:
            raise CommandError(str(exc), returncode=1) from None
        self.stdout.write(f"{sent} sent, {failed} failed")
        if failed:
            raise CommandError(
                f"{failed} message(s) could not be sent; see the outbox", returncode=1
            )

    def do_export(self, options: dict[str, Any]) -> None:
        from aiatlas.survey import export

        survey = self._survey(options["survey_id"])
        out = Path(options["out"])
        if options["format"] == "xlsx":
            out.write_bytes(export.to_xlsx(survey))
        elif options["format"] == "kobo-xlsx":
            out.write_bytes(export.kobo_xlsx(survey))
        elif options["format"] == "kobo-csv":
            with out.open("w", encoding="utf-8", newline="") as fh:
                for chunk in export.kobo_csv(survey):
                    fh.write(chunk)
        else:
            table = (
                export.response_table(survey)
                if options["format"] == "csv"
                else export.repeat_table(survey)
            )
            with out.open("w", encoding="utf-8", newline="") as fh:
                for chunk in export.to_csv(table):
                    fh.write(chunk)
        self.stdout.write(f"wrote {out}")

    def do_import(self, options: dict[str, Any]) -> None:
        from aiatlas.survey.exceptions import BadImport
        from aiatlas.survey.services.imports import import_responses

        self._survey(options["survey_id"])
        files = [(Path(f).name, _read(f)) for f in options["files"]]
        try:
            result = import_responses(
                survey_id=options["survey_id"],
                files=files,
                country_question=options["country"],
                replace=options["replace"],
            )
        except BadImport as exc:
            head = f"nothing was imported ({len(exc.errors)} problem(s))"
            raise _listing_problems(head, exc.errors) from None
        for w in result.warnings:
            self.stderr.write(f"warning: {w}")
        self.stdout.write(
            f"{result.layout} export: {result.created} response(s) imported, "
            f"{result.replaced} replaced"
        )

    def do_round(self, options: dict[str, Any]) -> None:
        from aiatlas.survey.services.forms import set_previous_round

        self._survey(options["survey_id"])
        raw = str(options["previous"]).strip().lower()
        if raw != "none" and not raw.isdigit():
            raise CommandError("--previous: give a survey id or none", returncode=2)
        previous = None if raw == "none" else int(raw)
        if previous is not None:
            self._survey(previous)
        try:
            set_previous_round(survey_id=options["survey_id"], previous_round_id=previous)
        except ValueError as exc:
            raise CommandError(str(exc), returncode=1) from None
        self.stdout.write(
            f"survey {options['survey_id']}: previous round "
            + (f"survey {previous}" if previous else "none")
        )

    def do_demo(self, options: dict[str, Any]) -> None:
        from aiatlas.survey.services.demo import load_demo

        r = load_demo(seed=options["seed"], responses=options["responses"])
        self.stdout.write(
            f"Demo survey {r.survey.pk}: {r.invited} Member States invited, "
            f"{r.submitted} submitted, {r.drafts} in progress.\n"
            f"Results: /en/survey/{r.survey.pk}/results/\n"
            f"Answer as a Member State: {r.sample_link_path}\n"
            "Demo data: illustrative, not real survey responses."
        )
