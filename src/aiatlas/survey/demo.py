"""The illustrative AI landscape questionnaire (English and French) and synthetic answers.

``build_demo_workbook(path)`` writes ``data/demo_ai_landscape.xlsx`` (committed; rebuild
with ``python -m aiatlas.survey.demo``). ``synthetic_answers`` invents plausible answers
for one Member State from a seed. Demo data: illustrative, not real survey responses.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

DEMO_XLSX = Path(__file__).resolve().parent / "data" / "demo_ai_landscape.xlsx"
DEMO_NOTICE = "Demo data: illustrative, not real survey responses."
EN, FR = "English (en)", "French (fr)"

# (type, name, label en, label fr, extra columns)
Q = tuple[str, str, str, str, dict[str, str]]
REQ = {
    "required": "yes",
    f"required_message::{EN}": "Please answer this question.",
    f"required_message::{FR}": "Veuillez répondre à cette question.",
}
YEAR_MSG = {
    f"constraint_message::{EN}": "Enter a year between 1990 and 2025.",
    f"constraint_message::{FR}": "Indiquez une année entre 1990 et 2025.",
}

SURVEY: list[Q] = [
    ("begin group", "respondent", "About your institution", "Votre institution", {}),
    (
        "note",
        "intro",
        "This questionnaire maps national AI policies, institutions and "
        "capacity-building needs. It takes about 20 minutes; you can save and come back.",
        "Ce questionnaire recense les politiques, institutions et besoins de renforcement des "
        "capacités en matière d'IA. Il faut environ 20 minutes ; vous pouvez enregistrer et "
        "revenir plus tard.",
        {},
    ),
    (
        "text",
        "respondent_ministry",
        "Ministry or institution answering",
        "Ministère ou institution qui répond",
        REQ,
    ),
    ("text", "respondent_role", "Your role", "Votre fonction", {}),
    (
        "select_one ministries or_other",
        "lead_ministry",
        "Which ministry or institution leads on AI policy?",
        "Quel ministère ou quelle institution pilote la politique en matière d'IA ?",
        REQ,
    ),
    (
        "select_one yes_no",
        "coordination",
        "Is there an inter-ministerial coordination mechanism for AI?",
        "Existe-t-il un mécanisme de coordination interministérielle pour l'IA ?",
        {},
    ),
    ("end group", "", "", "", {}),
    ("begin group", "strategy", "National AI strategy", "Stratégie nationale d'IA", {}),
    (
        "select_one strategy_status",
        "ai_strategy",
        "Does your country have a national AI strategy?",
        "Votre pays dispose-t-il d'une stratégie nationale d'IA ?",
        REQ,
    ),
    (
        "integer",
        "strategy_year",
        "In which year was it adopted?",
        "En quelle année a-t-elle été adoptée ?",
        {
            **REQ,
            "relevant": "${ai_strategy} = 'yes'",
            "constraint": ". >= 1990 and . <= 2025",
            **YEAR_MSG,
        },
    ),
    (
        "text",
        "strategy_title",
        "Title of the strategy",
        "Titre de la stratégie",
        {"relevant": "${ai_strategy} = 'yes'"},
    ),
    (
        "integer",
        "strategy_expected",
        "When do you expect to adopt it?",
        "Quand prévoyez-vous de l'adopter ?",
        {
            "relevant": "${ai_strategy} = 'in_preparation'",
            "constraint": ". >= 2024 and . <= 2035",
            f"constraint_message::{EN}": "Enter a year between 2024 and 2035.",
            f"constraint_message::{FR}": "Indiquez une année entre 2024 et 2035.",
        },
    ),
    (
        "select_one yes_no",
        "strategy_budget",
        "Does the strategy have a dedicated budget?",
        "La stratégie dispose-t-elle d'un budget dédié ?",
        {"relevant": "${ai_strategy} = 'yes'"},
    ),
    (
        "decimal",
        "budget_musd",
        "Budget (million US dollars)",
        "Budget (millions de dollars)",
        {
            "relevant": "${strategy_budget} = 'yes'",
            "constraint": ". > 0",
            f"constraint_message::{EN}": "The budget must be positive.",
            f"constraint_message::{FR}": "Le budget doit être positif.",
        },
    ),
    (
        "select_multiple sectors",
        "priority_sectors",
        "Priority sectors for AI (up to five)",
        "Secteurs prioritaires pour l'IA (cinq au plus)",
        {
            **REQ,
            "constraint": "count-selected(.) <= 5",
            f"constraint_message::{EN}": "Choose at most five sectors.",
            f"constraint_message::{FR}": "Choisissez au plus cinq secteurs.",
        },
    ),
    (
        "select_one sectors",
        "top_sector",
        "Which of these is the top priority?",
        "Lequel est la première priorité ?",
        {
            "relevant": "count-selected(${priority_sectors}) > 1",
            "choice_filter": "selected(${priority_sectors}, name)",
        },
    ),
    ("end group", "", "", "", {}),
    ("begin group", "governance", "Governance and regulation", "Gouvernance et réglementation", {}),
    (
        "select_one law_status",
        "data_protection",
        "Is there a data protection law?",
        "Existe-t-il une loi sur la protection des données ?",
        REQ,
    ),
    (
        "integer",
        "data_protection_year",
        "Year the law entered into force",
        "Année d'entrée en vigueur de la loi",
        {
            "relevant": "${data_protection} = 'in_force'",
            "constraint": ". >= 1990 and . <= 2025",
            **YEAR_MSG,
        },
    ),
    (
        "select_one strategy_status",
        "ai_regulation",
        "Is there AI-specific legislation?",
        "Existe-t-il une législation propre à l'IA ?",
        {},
    ),
    (
        "select_multiple bodies",
        "governance_bodies",
        "AI governance bodies",
        "Organes de gouvernance de l'IA",
        {
            "constraint": "not(selected(., 'none') and count-selected(.) > 1)",
            f"constraint_message::{EN}": "'None' cannot be combined with other answers.",
            f"constraint_message::{FR}": "« Aucun » ne peut être combiné avec d'autres réponses.",
        },
    ),
    (
        "text",
        "body_name",
        "Name of the main body",
        "Nom de l'organe principal",
        {
            "relevant": "count-selected(${governance_bodies}) > 0 and "
            "not(selected(${governance_bodies}, 'none'))"
        },
    ),
    (
        "select_one yes_no",
        "ethics_guidelines",
        "Are there national AI ethics guidelines?",
        "Existe-t-il des lignes directrices nationales sur l'éthique de l'IA ?",
        {},
    ),
    ("end group", "", "", "", {}),
    (
        "begin group",
        "capacity",
        "Infrastructure, skills and needs",
        "Infrastructures, compétences et besoins",
        {},
    ),
    (
        "select_multiple compute",
        "compute_access",
        "Access to computing for AI",
        "Accès au calcul pour l'IA",
        {},
    ),
    (
        "select_one adequacy",
        "compute_adequate",
        "Is this compute adequate for national needs?",
        "Ces capacités de calcul répondent-elles aux besoins nationaux ?",
        {},
    ),
    (
        "select_multiple skills",
        "skills_programmes",
        "AI skills programmes in place",
        "Programmes de compétences en IA existants",
        {},
    ),
    (
        "integer",
        "ai_researchers",
        "Approximate number of AI researchers",
        "Nombre approximatif de chercheurs en IA",
        {
            "constraint": ". >= 0 and . <= 1000000",
            f"constraint_message::{EN}": "Enter a number between 0 and 1,000,000.",
            f"constraint_message::{FR}": "Indiquez un nombre entre 0 et 1 000 000.",
        },
    ),
    (
        "select_multiple needs",
        "capacity_needs",
        "Where would capacity building help most?",
        "Dans quels domaines le renforcement des capacités serait-il le plus utile ?",
        REQ,
    ),
    (
        "select_one needs",
        "top_need",
        "Which need is the most urgent?",
        "Quel besoin est le plus urgent ?",
        {
            "relevant": "count-selected(${capacity_needs}) > 1",
            "choice_filter": "selected(${capacity_needs}, name)",
        },
    ),
    (
        "select_one interest",
        "capacity_interest",
        "Interest in ITU capacity-building programmes",
        "Intérêt pour les programmes de renforcement des capacités de l'UIT",
        REQ,
    ),
    (
        "select_one yes_no",
        "has_initiatives",
        "Would you like to list national AI initiatives?",
        "Souhaitez-vous indiquer des initiatives nationales en IA ?",
        REQ,
    ),
    ("end group", "", "", "", {}),
    (
        "begin repeat",
        "initiatives",
        "AI initiative",
        "Initiative d'IA",
        {"relevant": "${has_initiatives} = 'yes'"},
    ),
    ("text", "initiative_name", "Name of the initiative", "Nom de l'initiative", REQ),
    ("select_one initiative_type", "initiative_type", "Type", "Type", {}),
    ("select_one sectors", "initiative_sector", "Main sector", "Secteur principal", {}),
    ("select_one status", "initiative_status", "Status", "État d'avancement", {}),
    (
        "integer",
        "initiative_start",
        "Start year",
        "Année de début",
        {
            "constraint": ". >= 2000 and . <= 2030",
            f"constraint_message::{EN}": "Enter a year between 2000 and 2030.",
            f"constraint_message::{FR}": "Indiquez une année entre 2000 et 2030.",
        },
    ),
    (
        "text",
        "initiative_url",
        "Web page (optional)",
        "Page web (facultatif)",
        {
            "constraint": "regex(., '^https?://')",
            f"constraint_message::{EN}": "A web address starts with http:// or https://.",
            f"constraint_message::{FR}": "Une adresse web commence par http:// ou https://.",
        },
    ),
    ("end repeat", "", "", "", {}),
    ("begin group", "closing", "Final questions", "Dernières questions", {}),
    ("calculate", "n_initiatives", "", "", {"calculation": "count(${initiatives})"}),
    (
        "note",
        "summary_note",
        "You listed ${n_initiatives} initiative(s).",
        "Vous avez indiqué ${n_initiatives} initiative(s).",
        {},
    ),
    (
        "acknowledge",
        "publish_consent",
        "I agree that aggregated answers may be published.",
        "J'accepte que les réponses agrégées soient publiées.",
        REQ,
    ),
    (
        "date",
        "completed_on",
        "Date of completion",
        "Date de remplissage",
        {
            "constraint": ". <= today()",
            f"constraint_message::{EN}": "The date cannot be in the future.",
            f"constraint_message::{FR}": "La date ne peut pas être dans le futur.",
        },
    ),
    ("text", "notes", "Notes or comments", "Notes ou commentaires", {"appearance": "multiline"}),
    ("end group", "", "", "", {}),
]

CHOICES: dict[str, list[tuple[str, str, str]]] = {
    "ministries": [
        (
            "digital",
            "Ministry of ICT / digital transformation",
            "Ministère du numérique / de la transformation numérique",
        ),
        (
            "science",
            "Ministry of science, technology and innovation",
            "Ministère de la science, de la technologie et de l'innovation",
        ),
        (
            "economy",
            "Ministry of economy, industry or trade",
            "Ministère de l'économie, de l'industrie ou du commerce",
        ),
        ("education", "Ministry of education", "Ministère de l'éducation"),
        (
            "head_of_government",
            "Office of the President or Prime Minister",
            "Cabinet du Président ou du Premier ministre",
        ),
        ("agency", "Dedicated AI or digital agency", "Agence dédiée à l'IA ou au numérique"),
    ],
    "yes_no": [("yes", "Yes", "Oui"), ("no", "No", "Non")],
    "strategy_status": [
        ("yes", "Yes", "Oui"),
        ("in_preparation", "In preparation", "En préparation"),
        ("no", "No", "Non"),
    ],
    "sectors": [
        ("health", "Health", "Santé"),
        ("agriculture", "Agriculture", "Agriculture"),
        ("education", "Education", "Éducation"),
        ("public_services", "Public services", "Services publics"),
        ("finance", "Finance", "Finance"),
        ("energy", "Energy", "Énergie"),
        ("transport", "Transport", "Transports"),
        ("environment", "Environment and climate", "Environnement et climat"),
        ("manufacturing", "Manufacturing", "Industrie manufacturière"),
        ("security", "Security", "Sécurité"),
    ],
    "law_status": [
        ("in_force", "Yes, in force", "Oui, en vigueur"),
        ("draft", "Draft or bill", "Projet de loi"),
        ("none", "No", "Non"),
    ],
    "bodies": [
        ("council", "National AI council", "Conseil national de l'IA"),
        ("agency", "AI or digital agency", "Agence de l'IA ou du numérique"),
        ("committee", "Parliamentary committee", "Commission parlementaire"),
        ("ethics_board", "Ethics board", "Comité d'éthique"),
        ("none", "None", "Aucun"),
    ],
    "compute": [
        ("national_hpc", "National supercomputer", "Supercalculateur national"),
        ("public_cloud", "Commercial cloud", "Cloud commercial"),
        ("government_cloud", "Government cloud", "Cloud gouvernemental"),
        ("universities", "University clusters", "Grappes universitaires"),
        ("none", "No dedicated access", "Pas d'accès dédié"),
    ],
    "adequacy": [
        ("adequate", "Adequate", "Suffisantes"),
        ("partly", "Partly", "En partie"),
        ("inadequate", "Inadequate", "Insuffisantes"),
    ],
    "skills": [
        ("school", "School curricula", "Programmes scolaires"),
        ("university", "University degrees", "Diplômes universitaires"),
        ("tvet", "Technical and vocational training", "Formation technique et professionnelle"),
        ("civil_service", "Training for civil servants", "Formation des fonctionnaires"),
        ("public_awareness", "Public awareness", "Sensibilisation du public"),
    ],
    "needs": [
        ("policy", "Policy and strategy design", "Conception de politiques et de stratégies"),
        ("regulation", "Regulation and standards", "Réglementation et normes"),
        ("skills", "Skills and training", "Compétences et formation"),
        ("infrastructure", "Compute and connectivity", "Calcul et connectivité"),
        ("data", "Data governance", "Gouvernance des données"),
        ("research", "Research and innovation", "Recherche et innovation"),
        ("ethics", "Ethics and human rights", "Éthique et droits humains"),
        ("procurement", "Public procurement of AI", "Achats publics d'IA"),
    ],
    "interest": [
        ("high", "High", "Élevé"),
        ("medium", "Medium", "Moyen"),
        ("low", "Low", "Faible"),
    ],
    "initiative_type": [
        ("project", "Project", "Projet"),
        ("platform", "Platform or service", "Plateforme ou service"),
        ("regulation", "Law or regulation", "Loi ou règlement"),
        ("partnership", "Partnership", "Partenariat"),
        ("research", "Research programme", "Programme de recherche"),
    ],
    "status": [
        ("planned", "Planned", "Prévu"),
        ("ongoing", "Ongoing", "En cours"),
        ("completed", "Completed", "Terminé"),
    ],
}

SURVEY_COLUMNS = [
    "type",
    "name",
    f"label::{EN}",
    f"label::{FR}",
    f"hint::{EN}",
    f"hint::{FR}",
    "required",
    f"required_message::{EN}",
    f"required_message::{FR}",
    "constraint",
    f"constraint_message::{EN}",
    f"constraint_message::{FR}",
    "relevant",
    "choice_filter",
    "calculation",
    "appearance",
]


def build_demo_workbook(path: Path | None = None) -> Path:
    """Write the demo questionnaire as an XLSForm workbook; returns its path."""
    from openpyxl import Workbook

    path = path or DEMO_XLSX
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "survey"
    ws.append(SURVEY_COLUMNS)
    for qtype, name, en, fr, extra in SURVEY:
        cells = {"type": qtype, "name": name, f"label::{EN}": en, f"label::{FR}": fr, **extra}
        ws.append([cells.get(c, "") or None for c in SURVEY_COLUMNS])
    ch = wb.create_sheet("choices")
    ch.append(["list_name", "name", f"label::{EN}", f"label::{FR}"])
    for list_name, items in CHOICES.items():
        for name, en, fr in items:
            ch.append([list_name, name, en, fr])
    st = wb.create_sheet("settings")
    st.append(["form_title", "form_id", "version", "default_language"])
    st.append(["AI Landscape Survey (illustrative)", "ai_landscape", "2025.1", EN])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


# ---------------------------------------------------------------- synthetic answers


def _names(list_name: str) -> list[str]:
    return [c[0] for c in CHOICES[list_name]]


def _some(rng: random.Random, items: list[str], low: int, high: int) -> list[str]:
    return rng.sample(items, rng.randint(low, min(high, len(items))))


def synthetic_answers(alpha3: str, region: str, seed: int = 7) -> dict[str, Any]:
    """Plausible, valid answers for one Member State (deterministic for a seed)."""
    rng = random.Random(f"{seed}:{alpha3}")
    richer = region in {"Europe", "Americas"} or rng.random() < 0.3
    a: dict[str, Any] = {
        "respondent_ministry": rng.choice(
            [
                "Ministry of Digital Economy",
                "Ministry of ICT",
                "National ICT Authority",
                "Ministry of Science and Innovation",
            ]
        ),
        "respondent_role": rng.choice(
            ["Director of digital policy", "AI focal point", "Senior adviser", ""]
        ),
        "lead_ministry": rng.choices(
            [*_names("ministries"), "other"], weights=[42, 16, 12, 4, 12, 10, 4]
        )[0],
        "coordination": rng.choices(["yes", "no"], weights=[6, 4])[0],
        "ai_strategy": rng.choices(
            ["yes", "in_preparation", "no"], weights=[6, 3, 2] if richer else [3, 4, 3]
        )[0],
        "priority_sectors": _some(rng, _names("sectors"), 1, 5),
        "data_protection": rng.choices(["in_force", "draft", "none"], weights=[7, 2, 1])[0],
        "ai_regulation": rng.choices(["yes", "in_preparation", "no"], weights=[1, 4, 5])[0],
        "ethics_guidelines": rng.choice(["yes", "no"]),
        "compute_access": _some(rng, _names("compute")[:-1], 0, 3) or ["none"],
        "compute_adequate": rng.choices(["adequate", "partly", "inadequate"], weights=[2, 4, 5])[0],
        "skills_programmes": _some(rng, _names("skills"), 0, 4),
        "ai_researchers": int(rng.lognormvariate(5.5 if richer else 4, 1.2)),
        "capacity_needs": _some(rng, _names("needs"), 1, 5),
        "capacity_interest": rng.choices(["high", "medium", "low"], weights=[7, 2, 1])[0],
        "has_initiatives": rng.choice(["yes", "yes", "no"]),
        "publish_consent": "OK",
        "completed_on": f"2025-0{rng.randint(3, 6)}-{rng.randint(10, 28)}",
    }
    if a["lead_ministry"] == "other":
        a["lead_ministry_other"] = rng.choice(
            ["Ministry of Communications", "National Planning Commission"]
        )
    if a["ai_strategy"] == "yes":
        a["strategy_year"] = rng.randint(2017, 2025)
        a["strategy_title"] = rng.choice(
            ["National AI Strategy", "AI for Development Plan", "Digital and AI Roadmap"]
        )
        a["strategy_budget"] = rng.choice(["yes", "no"])
        if a["strategy_budget"] == "yes":
            a["budget_musd"] = round(rng.lognormvariate(3, 1.3), 1) or 0.5
    elif a["ai_strategy"] == "in_preparation":
        a["strategy_expected"] = rng.randint(2025, 2027)
    if len(a["priority_sectors"]) > 1:
        a["top_sector"] = rng.choice(a["priority_sectors"])
    if a["data_protection"] == "in_force":
        a["data_protection_year"] = rng.randint(1995, 2024)
    bodies = _some(rng, _names("bodies")[:-1], 0, 2) or ["none"]
    a["governance_bodies"] = bodies
    if bodies != ["none"]:
        a["body_name"] = rng.choice(
            ["National AI Council", "Digital Agency", "AI Steering Committee"]
        )
    if len(a["capacity_needs"]) > 1:
        a["top_need"] = rng.choice(a["capacity_needs"])
    if a["has_initiatives"] == "yes":
        a["initiatives"] = [
            {
                "initiative_name": f"{rng.choice(['Smart', 'Open', 'National', 'AI4'])} "
                f"{rng.choice(['Health', 'Farming', 'Services', 'Skills'])} "
                f"{rng.randint(1, 9)}",
                "initiative_type": rng.choice(_names("initiative_type")),
                "initiative_sector": rng.choice(_names("sectors")),
                "initiative_status": rng.choice(_names("status")),
                "initiative_start": rng.randint(2015, 2025),
            }
            for _ in range(rng.randint(1, 4))
        ]
    if rng.random() < 0.3:
        a["notes"] = rng.choice(
            [
                "We would welcome peer learning with neighbouring countries.",
                "Connectivity remains the main barrier outside the capital.",
                "A data protection authority is being set up.",
            ]
        )
    return a


if __name__ == "__main__":  # pragma: no cover
    print(build_demo_workbook())
