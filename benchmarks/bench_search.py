"""Search speed on 100,000 generated activities: the faceted search page and the API, on
SQLite and PostgreSQL, with Datasette serving the same SQLite file beside them.

    python benchmarks/bench_search.py --sqlite-dir /tmp/bench-sqlite \
        --postgres-url postgres://postgres@127.0.0.1:5432/bench_search [--generate 100000]

``--generate N`` fills both databases first (``aiatlas migrate`` + ``aiatlas generate
--activities N --seed 7``; the PostgreSQL database must exist and be empty). Server time is
measured in-process with Django's test client (the whole middleware stack, no network);
Datasette is timed over HTTP on localhost (adds about a millisecond). Prints a markdown
table of median and p95 in milliseconds. Datasette: installed into a throwaway venv under
/tmp (``--datasette-venv``), never a dependency of aiatlas.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

#: how many times the facet engine is built again for its median (``--loads``; at a
#: million activities each build takes most of a minute)
LOADS = int(os.environ.get("BENCH_SEARCH_LOADS", "5"))
#: the aiatlas command of this interpreter (the code on its path)
AIATLAS = [sys.executable, "-m", "aiatlas"]

#: (name, query) — a text query and three facets, as the issue asks, broad and selective
CASES: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "broad text + 3 facets",
        [
            ("q", "health"),
            ("goal", "3"),
            ("country", "KEN"),
            ("country", "NGA"),
            ("edition", "2024"),
        ],
    ),
    (
        "selective text + 3 facets",
        [
            ("q", "malaria prediction"),
            ("technology", "nlp"),
            ("region", "002"),
            ("status", "ongoing"),
        ],
    ),
    ("no text, no facet", []),
    # a common word and nothing else: every match is ranked (a third of the catalog)
    ("broad text alone", [("q", "health")]),
]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def summary(times: list[float]) -> dict[str, float]:
    return {"median": statistics.median(times), "p95": percentile(times, 95)}


# -- the aiatlas side (run in a child process per database) ----------------------------------


def measure_aiatlas(runs: int) -> dict[str, Any]:
    os.environ.setdefault("AIATLAS_ENV", "development")  # loopback, plain http
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aiatlas.settings")
    import django

    django.setup()
    from django.test import Client
    from django.utils import timezone

    from aiatlas.catalog.models import Edition
    from aiatlas.search import engine

    # generated editions are not published; release them so that their activities are
    # public (an embargoed activity is never searched)
    Edition.objects.filter(release_at__isnull=True).update(release_at=timezone.now())
    client = Client(HTTP_HOST="localhost")
    out: dict[str, Any] = {}
    start = time.perf_counter()
    engine.engine()
    out["engine load (cold)"] = (time.perf_counter() - start) * 1000
    # the engine's build again, as a median of wall and CPU time (CPU time is the fairer
    # figure on a busy machine)
    version = engine.data_version()
    walls, cpus = [], []
    for _ in range(LOADS):
        wall, cpu = time.perf_counter(), time.process_time()
        engine.load(version)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    out["engine load"] = {"median": statistics.median(walls), "cpu": statistics.median(cpus)}
    versions = []
    for _ in range(200):
        cpu = time.process_time()
        engine.data_version()
        versions.append((time.process_time() - cpu) * 1e6)
    out["data version us"] = statistics.median(versions)
    for name, pairs in CASES:
        query = urllib.parse.urlencode(pairs)
        urls = {
            "page": f"/en/activities/?{query}",
            "api list": f"/api/v1/activities?{query}",
            "api facets": f"/api/v1/facets?{query}",
        }
        # the first request of a case, with nothing remembered for its words (the index's
        # word list stays loaded): its matches are found and scored by the database then
        engine.engine().memo.pop("matches", None)
        for kind, url in urls.items():
            start = time.perf_counter()
            first = client.get(url)
            out[f"{name} | {kind} | first"] = (time.perf_counter() - start) * 1000
            if first.status_code != 200:
                out[f"{name} | {kind}"] = None
                continue
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200
            out[f"{name} | {kind}"] = summary(times)
        total = client.get(urls["api list"]).json()["count"]
        out[f"{name} | matches"] = total
    return out


def run_child(env: dict[str, str], runs: int) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, __file__, "--child", "--runs", str(runs)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise SystemExit(result.stderr[-3000:])
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


# -- Datasette ---------------------------------------------------------------------------------


def datasette_url(pairs: list[tuple[str, str]]) -> str:
    """The closest Datasette request: full-text search through the same FTS5 table, the
    many-to-many filters as ``_where`` subqueries, facets on the activity's own columns."""
    params: list[tuple[str, str]] = [("_size", "20"), ("_nosuggest", "1")]
    links = {
        "goal": ("catalog_activitygoal", "goal_id"),
        "country": ("catalog_activity_countries", "country_id"),
        "edition": (
            "catalog_activity_editions ae JOIN catalog_edition e ON e.id = ae.edition_id",
            "e.year",
        ),
        "technology": ("catalog_activity_technologies", "technology_id"),
        "region": ("catalog_activity_regions", "region_id"),
    }
    grouped: dict[str, list[str]] = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    for key, values in grouped.items():
        if key == "q":
            params.append(("_search", values[0]))
        elif key == "status":
            params.append(("status__in", ",".join(values)))
        elif key in links:
            table, column = links[key]
            quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
            params.append(
                ("_where", f"id IN (SELECT activity_id FROM {table} WHERE {column} IN ({quoted}))")
            )
    for facet in ("status", "kind", "lead_organization_id", "start_year"):
        params.append(("_facet", facet))
    return "/aiatlas/catalog_activity.json?" + urllib.parse.urlencode(params)


def measure_datasette(db: Path, venv: Path, runs: int, port: int = 8765) -> dict[str, Any]:
    exe = venv / "bin" / "datasette"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "datasette"], check=True)
    metadata = venv / "aiatlas-metadata.json"
    metadata.write_text(
        json.dumps(
            {
                "databases": {
                    "aiatlas": {
                        "tables": {"catalog_activity": {"fts_table": "search_fts", "fts_pk": "id"}}
                    }
                }
            }
        )
    )
    server = subprocess.Popen(
        [
            str(exe),
            "serve",
            str(db),
            "--port",
            str(port),
            "--metadata",
            str(metadata),
            "--setting",
            "facet_time_limit_ms",
            "10000",
            "--setting",
            "sql_time_limit_ms",
            "20000",
            "--setting",
            "suggest_facets",
            "off",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    out: dict[str, Any] = {}
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        for name, pairs in CASES:
            url = base + datasette_url(pairs)
            body = json.loads(urllib.request.urlopen(url, timeout=60).read())
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                urllib.request.urlopen(url, timeout=60).read()
                times.append((time.perf_counter() - start) * 1000)
            out[f"{name} | datasette"] = summary(times)
            out[f"{name} | datasette matches"] = body.get("filtered_table_rows_count")
            out[f"{name} | datasette timed out"] = body.get("facets_timed_out", [])
    finally:
        server.terminate()
        server.wait(timeout=10)
    return out


# -- main ---------------------------------------------------------------------------------------


def generate(env: dict[str, str], count: int) -> float:
    start = time.perf_counter()
    full = {"AIATLAS_ENV": "development", **os.environ, **env}
    subprocess.run([*AIATLAS, "migrate", "-v0"], env=full, check=True)
    subprocess.run(
        [*AIATLAS, "generate", "--activities", str(count), "--seed", "7"],
        env=full,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def fmt(value: Any) -> str:
    if value is None:
        return "n/a"
    return f"{value['median']:.1f} / {value['p95']:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite-dir", type=Path, help="AIATLAS_DATA_DIR of the SQLite copy")
    parser.add_argument("--postgres-url", help="AIATLAS_DATABASE_URL of the PostgreSQL copy")
    parser.add_argument("--generate", type=int, metavar="N", help="fill the databases first")
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--datasette-venv", type=Path, default=Path("/tmp/bench-datasette-venv"))
    parser.add_argument("--no-datasette", action="store_true")
    parser.add_argument("--loads", type=int, default=LOADS, help="engine builds to time")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ["BENCH_SEARCH_LOADS"] = str(args.loads)  # the child reads it
    if args.child:
        print(json.dumps(measure_aiatlas(args.runs)))
        return
    backends: dict[str, dict[str, str]] = {}
    if args.sqlite_dir:
        backends["SQLite"] = {"AIATLAS_DATA_DIR": str(args.sqlite_dir), "AIATLAS_DATABASE_URL": ""}
    if args.postgres_url:
        backends["PostgreSQL"] = {
            "AIATLAS_DATA_DIR": "/tmp/bench-search-pg",
            "AIATLAS_DATABASE_URL": args.postgres_url,
        }
    results: dict[str, dict[str, Any]] = {}
    for label, env in backends.items():
        if args.generate:
            seconds = generate(env, args.generate)
            print(
                f"{label}: generated {args.generate:,} activities in {seconds:.0f} s",
                file=sys.stderr,
            )
        results[label] = run_child(env, args.runs)
    if args.sqlite_dir and not args.no_datasette:
        results["SQLite"].update(
            measure_datasette(args.sqlite_dir / "aiatlas.sqlite3", args.datasette_venv, args.runs)
        )
    print(
        f"\nServer time in ms, median / p95 of {args.runs} runs (load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)\n"
    )
    kinds = ["page", "api list", "api facets"]
    header = [
        "case",
        "matches",
        *[f"{b} {k}" for b in results for k in kinds],
        "Datasette (SQLite)",
    ]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for name, _ in CASES:
        first = next(iter(results.values()))
        row = [name, str(first.get(f"{name} | matches"))]
        for res in results.values():
            row += [fmt(res.get(f"{name} | {k}")) for k in kinds]
        ds = results.get("SQLite", {}).get(f"{name} | datasette")
        row.append(fmt(ds) if ds else "n/a")
        print("| " + " | ".join(row) + " |")
    print(
        "\nFirst request of each case, in ms (the page first, with nothing remembered for its "
        "words; then the API, which finds them remembered):"
    )
    for label, res in results.items():
        for name, _ in CASES:
            firsts = " / ".join(f"{res.get(f'{name} | {k} | first', 0):.0f}" for k in kinds)
            print(f"- {label}, {name}: {firsts}")
    for label, res in results.items():
        load = res["engine load"]
        print(
            f"\n{label}: facet engine cold load {res['engine load (cold)']:.0f} ms; built "
            f"again (median of {args.loads}) {load['median']:.0f} ms, {load['cpu']:.0f} ms CPU; "
            f"data version read {res['data version us']:.0f} µs CPU"
        )
    sqlite = results.get("SQLite", {})
    for name, _ in CASES:
        if f"{name} | datasette matches" in sqlite:
            print(
                f"Datasette '{name}': {sqlite[f'{name} | datasette matches']} matches, "
                f"facets timed out: {sqlite[f'{name} | datasette timed out'] or 'none'}"
            )


if __name__ == "__main__":
    main()
