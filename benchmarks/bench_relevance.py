"""Search relevance on the demo catalog: nDCG@10, recall@10 and the zero-result rate per kind
of query, over the hand-written judgments in ``benchmarks/relevance/queries.yaml``.

    python benchmarks/bench_relevance.py [--db /tmp/relevance.sqlite3] [--json out.json]
                                         [--show-misses]

It builds a fresh demo database (``migrate`` + the demo loader, as ``aiatlas demo`` does,
without the classifier's suggestions) in a temporary SQLite file (or ``--db``, reused when
it already holds the demo), builds the search index the way the running site does (the
stored vectors included, when this version of search has them), then runs every query
through ``aiatlas.search.queries.search`` — the function behind the search page and the
API — and prints a markdown table.

Metrics, per query then averaged per kind:
- nDCG@10 with gains 2^grade - 1 (grades 0-3), the ideal order built from every judged
  record;
- recall@10: judged records (grade >= 1) in the first ten results, divided by
  min(10, number of judged records), so that a perfect first page scores 1;
- zero-result rate: the share of queries for which the search finds nothing at all.

The judgments were written before the search was tuned and by the people who build it:
these figures compare versions of our own search, they are not an independent evaluation.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "benchmarks" / "relevance" / "queries.yaml"
K = 10


def load_queries(path: Path = QUERIES) -> list[dict[str, Any]]:
    import yaml

    data = yaml.safe_load(path.read_text("utf-8"))
    out = []
    for item in data["queries"]:
        relevant = {f"A000{k}": int(v) for k, v in item["relevant"].items()}
        out.append({"q": item["q"], "kind": item["kind"], "relevant": relevant})
    return out


def ndcg(ranked: list[str], relevant: dict[str, int], k: int = K) -> float:
    def dcg(grades: list[int]) -> float:
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades[:k]))

    ideal = dcg(sorted(relevant.values(), reverse=True))
    return dcg([relevant.get(r, 0) for r in ranked]) / ideal if ideal else 0.0


def recall(ranked: list[str], relevant: dict[str, int], k: int = K) -> float:
    wanted = {r for r, g in relevant.items() if g > 0}
    if not wanted:
        return 0.0
    return len(wanted & set(ranked[:k])) / min(k, len(wanted))


def setup(db: Path) -> None:
    os.environ["AIATLAS_ENV"] = "development"
    os.environ["AIATLAS_DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("AIATLAS_DATA_DIR", str(db.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aiatlas.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from aiatlas.catalog.models import Activity
    from aiatlas.catalog.services.demo import load_demo

    if not Activity.objects.exists():
        load_demo(refresh=True)
    # the stored vectors of the semantic search (when this version has them)
    try:
        from aiatlas.search.services import embed_missing
    except ImportError:
        return
    start = time.perf_counter()
    done = embed_missing()
    print(f"embedded {done} records in {time.perf_counter() - start:.1f} s", file=sys.stderr)


def run(queries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from aiatlas.search.params import SearchParams
    from aiatlas.search.queries import search

    rows = []
    for item in queries:
        params = SearchParams.from_query({"q": [item["q"]], "per_page": [str(K)]})
        start = time.perf_counter()
        result = search(params, with_facets=False)
        took = (time.perf_counter() - start) * 1000
        ranked = [h.public_id for h in result.hits]
        rows.append(
            {
                **item,
                "ranked": ranked,
                "total": result.total,
                "ndcg": ndcg(ranked, item["relevant"]),
                "recall": recall(ranked, item["relevant"]),
                "ms": took,
            }
        )
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    kinds: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        kinds[row["kind"]].append(row)
    lines = [
        "| kind | queries | nDCG@10 | recall@10 | zero-result rate |",
        "|---|---:|---:|---:|---:|",
    ]

    def line(name: str, group: list[dict[str, Any]]) -> str:
        n = len(group)
        return (
            f"| {name} | {n} | {sum(r['ndcg'] for r in group) / n:.3f} | "
            f"{sum(r['recall'] for r in group) / n:.3f} | "
            f"{sum(1 for r in group if r['total'] == 0) / n:.2f} |"
        )

    for name, group in kinds.items():
        lines.append(line(name, group))
    lines.append(line("**all**", rows))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, help="SQLite file to build (or reuse) the demo in")
    parser.add_argument("--json", type=Path, help="write every query's results here")
    parser.add_argument("--show-misses", action="store_true", help="list queries under 0.5")
    args = parser.parse_args()
    tmp = None
    if args.db is None:
        tmp = tempfile.TemporaryDirectory()
        args.db = Path(tmp.name) / "relevance.sqlite3"
    setup(args.db.resolve())
    rows = run(load_queries())
    print(table(rows))
    times = sorted(r["ms"] for r in rows)
    print(f"\nmedian query time {times[len(times) // 2]:.1f} ms, max {times[-1]:.1f} ms")
    if args.show_misses:
        for r in rows:
            if r["ndcg"] < 0.5:
                print(
                    f"- [{r['kind']}] {r['q']!r}: nDCG {r['ndcg']:.2f}, total {r['total']}, "
                    f"top {r['ranked'][:5]}"
                )
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), "utf-8")
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
