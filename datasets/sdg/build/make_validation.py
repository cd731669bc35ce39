"""Build datasets/sdg/validation.csv from validation_cases.txt and validation_multilingual.txt.

    python datasets/sdg/build/make_validation.py

Written separately from the training cases (no shared templates): each case gives two rows
for its goal, the title alone and the full passage; goals a case also addresses get a row
each (title or passage, alternating). Never used for fitting, thresholds or curation.
Prints the near-duplicate check against train.csv and dev.csv (word 3-shingle Jaccard).
"""

from __future__ import annotations

import csv

from common import HERE, OUT, jaccard, shingles, write_csv


def main() -> None:
    rows: list[dict[str, str]] = []

    def add(text: str, sdg: int, label: bool, also: set[int], genre: str, lang: str = "en") -> None:
        rows.append(
            {
                "id": f"val-{len(rows) + 1:04d}",
                "text": text,
                "sdg": str(sdg),
                "label": str(label),
                "also": " ".join(str(g) for g in sorted(also - {sdg})),
                "genre": genre,
                "lang": lang,
                "group": "",
            }
        )

    goal = 0
    flip = 0
    for line in (HERE / "validation_cases.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("# "):
            continue
        if line.startswith("## "):
            goal = int(line[3:])
            continue
        sign, title, passage = (p.strip() for p in line.split("|"))
        about = sign[0] == "+"
        others = {int(g) for g in sign[1:].split()}
        true_goals = others | ({goal} if about else set())
        add(title, goal, about, true_goals, "title")
        add(passage, goal, about, true_goals, "passage")
        for other in sorted(others):
            flip += 1
            add(title if flip % 2 else passage, other, True, true_goals, "secondary")
    for line in (HERE / "validation_multilingual.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        head, text = line.split("|", 1)
        lang, g, label, *also = head.split()
        add(
            text.strip(),
            int(g),
            label == "+",
            {int(a) for a in also} | ({int(g)} if label == "+" else set()),
            "title",
            lang,
        )
    write_csv(OUT / "validation.csv", rows)
    print(f"validation.csv: {len(rows)} rows")
    # near-duplicate check against the fitting sets
    fit_texts = []
    for name in ("train.csv", "dev.csv"):
        with (OUT / name).open(encoding="utf-8") as fh:
            fit_texts += [r["text"] for r in csv.DictReader(fh)]
    fit_sh = [shingles(t) for t in set(fit_texts)]
    worst = []
    for row in rows:
        s = shingles(row["text"])
        best = max(jaccard(s, f) for f in fit_sh)
        worst.append((best, row["id"], row["text"][:70]))
    worst.sort(reverse=True)
    print("highest 3-shingle Jaccard to train+dev:", [(round(b, 3), i, t) for b, i, t in worst[:5]])
    print("validation rows with Jaccard >= 0.5:", sum(1 for b, *_ in worst if b >= 0.5))


if __name__ == "__main__":
    main()
