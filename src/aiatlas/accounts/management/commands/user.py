"""aiatlas user add|list: create users (the first admin included) and list them."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.table import Table

from aiatlas.accounts.exceptions import AccountError
from aiatlas.accounts.models import Role
from aiatlas.accounts.queries import users
from aiatlas.accounts.services import add_user
from aiatlas.common.console import UsageParser, console


class Command(BaseCommand):
    help = "Create users from the command line and list them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.__class__ = UsageParser
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        add = actions.add_parser(
            "add",
            help="create a user; without --password-stdin an invitation link is e-mailed "
            "(to the outbox when no SMTP server is set) and printed",
        )
        add.add_argument("--email", required=True)
        add.add_argument("--role", required=True, choices=Role.values)
        add.add_argument(
            "--organization",
            action="append",
            default=[],
            metavar="ACRONYM",
            help="an organization the user speaks for (repeat for several); required for "
            "focal points and entity approvers",
        )
        add.add_argument("--first-name", default="")
        add.add_argument("--last-name", default="")
        add.add_argument(
            "--password-stdin", action="store_true", help="read the password from stdin"
        )
        actions.add_parser("list", help="list users with role and organizations")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            self._list()
            return
        password = None
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                raise CommandError("no password on stdin", returncode=1)
        try:
            added = add_user(
                email=options["email"],
                role=options["role"],
                organizations=options["organization"],
                password=password,
                first_name=options["first_name"],
                last_name=options["last_name"],
            )
        except AccountError as exc:
            raise CommandError(str(exc), returncode=1) from None
        out = console()
        out.print(f"Created {added.user.email} ({added.user.get_role_display()})")
        if added.invitation_url:
            out.print("Invitation link (single use, sent by e-mail too):")
            self.stdout.write(added.invitation_url)

    def _list(self) -> None:
        table = Table("E-mail", "Name", "Role", "Organizations", "Active", "Last login")
        for user in users():
            orgs = ", ".join(o.acronym or o.name for o in user.organizations.all())
            table.add_row(
                user.email,
                user.get_full_name(),
                user.role,
                orgs,
                "yes" if user.is_active else "no",
                f"{user.last_login:%Y-%m-%d %H:%M}" if user.last_login else "—",
            )
        console().print(table)
