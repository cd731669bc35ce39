"""aiatlas search: keep the full-text index complete.

    aiatlas search reindex     rebuild every activity's search document
    aiatlas search status      activities, documents, and activities without one
    aiatlas search embed       compute the vectors that are missing or stale (the task
                               worker does it in the background after every change)

Exit codes: 0 ok, 1 the index is incomplete (status), 2 usage.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Full-text search index: 'search reindex' rebuilds it, 'search status' checks it."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", metavar="{reindex,status,embed}")
        sub.add_parser("reindex", help="rebuild the search document of every activity")
        sub.add_parser("status", help="count activities, search documents and vectors")
        embed = sub.add_parser("embed", help="compute missing or stale activity vectors")
        embed.add_argument(
            "--limit", type=int, default=None, help="stop after this many activities"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from aiatlas.common.console import console
        from aiatlas.search.services import (
            embed_missing,
            rebuild_index,
            search_index_status,
            vector_status,
        )

        action = options.get("action")
        if action == "reindex":
            count = rebuild_index()
            console().print(f"Indexed {count:,} activities")
        elif action == "embed":
            limit = options.get("limit")
            if limit is not None and limit < 1:
                raise CommandError("--limit must be at least 1", returncode=2)
            count = embed_missing(limit=limit)
            console().print(f"Embedded {count:,} activities")
        elif action == "status":
            status = search_index_status()
            vectors = vector_status()
            console().print(
                f"{status['activities']:,} activities, {status['documents']:,} search "
                f"documents, {status['missing']:,} missing; {vectors['vectors']:,} vectors, "
                f"{vectors['to_embed']:,} to embed"
            )
            if status["missing"]:
                raise CommandError(
                    "the index is incomplete: run 'aiatlas search reindex'", returncode=1
                )
        else:
            raise CommandError(
                "usage: aiatlas search {reindex,status,embed} (see --help)", returncode=2
            )
