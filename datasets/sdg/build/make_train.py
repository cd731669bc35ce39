"""Build datasets/sdg/train.csv from the hand-written cases (deterministic).

    python datasets/sdg/build/make_train.py

Every case of ``train_cases.txt`` is rendered in several genres and lengths (title only,
project 2-pager, news item, research abstract, policy passage, programme description, annual
report excerpt, short description); cases that address other goals too give rows for those
goals (secondary goals); "next to" passages (acknowledgements, author notes, citation
fragments, meeting procedure, national-accounts tables, passing mentions) are negatives for
the goal whose words they use; ``train_multilingual.txt`` adds French, Spanish, Arabic,
Russian and Chinese rows. The validation set is built by ``make_validation.py`` from
building blocks written separately.
"""

from __future__ import annotations

import random

from common import HERE, OUT, Case, lower_first, read_cases, write_csv

PLACES = [
    "Mali", "northern Ghana", "Bangladesh", "the Peruvian highlands", "Nepal", "Malawi",
    "the Philippines", "Colombia", "Senegal", "Uttar Pradesh", "Mozambique", "Jordan",
    "Viet Nam", "Bolivia", "Ethiopia", "Portugal", "Ontario", "Poland", "Kenya", "Morocco",
]  # fmt: skip
NEWS_END = [
    "Officials said the work would be extended next year.",
    "A second phase is planned for 2026.",
    "The organisers said more funding would be needed to keep it going.",
    "Critics said the results still had to be confirmed independently.",
]
ABSTRACT_OPEN = ["This paper evaluates", "We study", "This study examines", "We report on"]
ABSTRACT_END = [
    "We discuss limitations and the conditions for scaling up.",
    "Data and code are available on request.",
    "The findings are robust to alternative specifications.",
]
POLICY_OPEN = [
    "Under the new national strategy, the ministry will scale up",
    "Priority area three of the development plan is",
    "The draft law provides for",
    "Member states are encouraged to invest in",
]
POLICY_END = [
    "Progress will be reviewed every two years.",
    "Implementation will be coordinated with local authorities.",
    "Funding is foreseen in the medium-term budget.",
]
REPORT_END = [
    "We thank our partners for their continued support.",
    "Lessons learned are summarised in Annex 2.",
    "The next report will cover the expansion to new districts.",
]
PROGRAMME = ["The programme supports", "Our foundation funds", "The initiative finances"]


def frames(case: Case, rng: random.Random) -> list[tuple[str, str]]:
    """(genre, text) renderings of one case."""
    place = rng.choice(PLACES)
    t, tl = case.title, lower_first(case.title)
    return [
        ("title", t),
        ("title", f"{t} in {place}"),
        ("short", f"{t}. {case.what}"),
        (
            "twopager",
            f"Project title: {t}\nCountry: {place}\nSummary: {case.what}\n"
            f"Results so far: {case.result}",
        ),
        ("news", f"{place.upper()} — {case.what} {case.result} {rng.choice(NEWS_END)}"),
        (
            "abstract",
            f"{rng.choice(ABSTRACT_OPEN)} {tl} in {place}. {case.what} {case.result} "
            f"{rng.choice(ABSTRACT_END)}",
        ),
        ("policy", f"{rng.choice(POLICY_OPEN)} {tl}. {case.what} {rng.choice(POLICY_END)}"),
        ("programme", f"{rng.choice(PROGRAMME)} {tl} in {place}. {case.what} {case.result}"),
        (
            "report",
            f"Annual report excerpt. In {rng.choice(['2022', '2023', '2024'])} our team "
            f"continued its work on {tl} in {place}. {case.result} {rng.choice(REPORT_END)}",
        ),
    ]


#: per goal: (topic words, an agency, a discipline, a national-accounts sector or series)
# ruff: noqa: E501 (one goal per line reads best)
TOPICS: dict[int, tuple[str, str, str, str]] = {
    1: ("poverty reduction", "the Social Protection Secretariat", "development economics", "household final consumption expenditure"),
    2: ("food security", "the Ministry of Agriculture", "agronomy", "agriculture, forestry and fishing"),
    3: ("public health", "the National Institute of Health", "epidemiology", "human health and social work activities"),
    4: ("education", "the Ministry of Education", "education policy", "education services"),
    5: ("gender equality", "the Women's Affairs Commission", "gender studies", "employment by sex"),
    6: ("water and sanitation", "the Water Resources Authority", "hydrology", "water supply, sewerage and waste management"),
    7: ("renewable energy", "the Rural Electrification Agency", "energy systems engineering", "electricity, gas and steam supply"),
    8: ("decent work", "the Ministry of Labour", "labour economics", "compensation of employees"),
    9: ("industrial innovation", "the National Innovation Agency", "industrial engineering", "manufacturing"),
    10: ("social inclusion", "the Equality Commission", "sociology", "disposable income by decile"),
    11: ("sustainable cities", "the Urban Development Authority", "urban planning", "construction"),
    12: ("the circular economy", "the Environmental Protection Agency", "industrial ecology", "material flow accounts"),
    13: ("climate change", "the National Meteorological Service", "climate science", "greenhouse gas emission accounts"),
    14: ("marine conservation", "the Fisheries Department", "marine biology", "fishing and aquaculture"),
    15: ("biodiversity", "the Forestry Commission", "ecology", "forestry and logging"),
    16: ("justice and the rule of law", "the Judicial Service Commission", "law", "public administration and defence"),
    17: ("development cooperation", "the Development Cooperation Agency", "international relations", "exports and imports of goods and services"),
}  # fmt: skip

SURNAMES = ["Okafor", "Lindqvist", "Haddad", "Moreau", "Tanaka", "Mensah", "Kowalski", "Rao"]
NAMES = ["Dr Amina Okafor", "Prof. Lars Lindqvist", "Dr Rania Haddad", "Dr Paul Moreau"]


def next_to(goal: int, rng: random.Random) -> list[tuple[str, str]]:
    """Passages that use a goal's words without being about the goal."""
    topic, agency, discipline, sector = TOPICS[goal]
    s = rng.choice(SURNAMES)
    year = rng.choice(range(2009, 2024))
    vol, p1 = rng.randint(3, 60), rng.randint(10, 400)
    return [
        (
            "acknowledgement",
            f"Acknowledgements. We thank {agency} for access to administrative data and two "
            f"anonymous reviewers for comments on an earlier draft. This work was funded by a "
            f"grant from the national research council; the funders had no role in the design "
            f"of the study.",
        ),
        (
            "bio",
            f"About the author. {rng.choice(NAMES)} is a senior lecturer in {discipline}, "
            f"where she teaches research methods and supervises doctoral students. She "
            f"previously worked for {agency} and sits on the editorial board of a journal.",
        ),
        (
            "citation",
            f"{s}, A., & {rng.choice(SURNAMES)}, K. ({year}). Rethinking {topic}: evidence from "
            f"panel data. Journal of {discipline.title()}, {vol}({rng.randint(1, 4)}), "
            f"{p1}–{p1 + rng.randint(10, 30)}. doi:10.1000/j.{year}.{p1}",
        ),
        (
            "procedure",
            f"Item {rng.randint(2, 9)} of the provisional agenda. The committee on {topic} "
            f"adopted its agenda, approved the report of its previous session and elected a "
            f"rapporteur. Delegations agreed to defer the remaining items to the next meeting "
            f"and thanked the secretariat.",
        ),
        (
            "statistics",
            f"Table {rng.randint(2, 30)}. Gross value added: {sector}, chain-linked volumes, "
            f"seasonally adjusted, quarterly, percentage change on the previous quarter. "
            f"Source: quarterly national accounts. Figures for the latest quarter are "
            f"provisional and will be revised.",
        ),
    ]


def main() -> None:
    rng = random.Random(19)
    cases = read_cases(HERE / "train_cases.txt")
    rows: list[dict[str, str]] = []

    group = ""

    def add(
        text: str, sdg: int, label: bool, also: tuple[int, ...], genre: str, lang: str = "en"
    ) -> None:
        rows.append(
            {
                "id": f"train-{len(rows) + 1:04d}",
                "text": text,
                "sdg": str(sdg),
                "label": str(label),
                "also": " ".join(str(g) for g in sorted(set(also) - {sdg})),
                "genre": genre,
                "lang": lang,
                "group": group or f"row-{len(rows) + 1}",
            }
        )

    by_goal: dict[int, list[Case]] = {}
    for case in cases:
        by_goal.setdefault(case.goal, []).append(case)
    for n, case in enumerate(cases):
        group = f"case-{n + 1:03d}"
        rendered = frames(case, rng)
        true_goals = ((case.goal,) if case.about else ()) + case.others
        keep = rendered
        for genre, text in keep:
            add(text, case.goal, case.about, true_goals, genre)
        # secondary (or, for a "next to" case, main) goals: two renderings each
        for other in case.others:
            for genre, text in rng.sample(rendered, 2):
                add(text, other, True, true_goals, genre)
        if case.about:
            # a text about this goal with a passing mention of another goal's agency
            pool = [g for g in range(1, 18) if g not in true_goals]
            for other, where in zip(rng.sample(pool, 3), (3, 5, 7), strict=True):
                topic, agency, _, _ = TOPICS[other]
                genre, text = rendered[where]
                mention = rng.choice(
                    [
                        f"We thank {agency} and our field staff for their support.",
                        f"A related workshop on {topic} is planned for next year.",
                        f"The team also met {agency}, which is preparing a separate plan.",
                    ]
                )
                add(f"{text} {mention}", other, False, true_goals, f"{genre}+mention")
    group = ""
    for goal in range(1, 18):
        for _ in range(2):
            for genre, text in next_to(goal, rng):
                add(text, goal, False, (), genre)
    for line in (HERE / "train_multilingual.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        head, text = line.split("|", 1)
        lang, goal, label, *also = head.split()
        add(text.strip(), int(goal), label == "+", tuple(int(g) for g in also), "title", lang)
    seen: set[str] = set()
    unique = []
    for row in rows:
        if row["text"] + row["sdg"] not in seen:
            seen.add(row["text"] + row["sdg"])
            unique.append(row)
    write_csv(OUT / "train.csv", unique)
    print(f"train.csv: {len(unique)} rows")


if __name__ == "__main__":
    main()
