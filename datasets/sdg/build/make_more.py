"""Build ``train_more.csv``: the third batch of fitting rows for issue 19.

Written without opening any validation set. Sources, all ours: ``more_cases.txt`` (per goal
10 cases about it, 4 where it is secondary, 4 next to it: subject, place, what is done,
result), ``more_multilingual.txt`` (per goal one title and sentence in each of French,
Spanish, Arabic, Russian and Chinese) and the frames below. The frames are new wordings,
not those of ``make_genres.py``: a catalogue entry, a mid-term review excerpt (the longest,
90-130 words), a donor update, a results section, a strategy passage, a news brief, terms
of reference, field notes and a one-line summary. "Next to" passages per goal use the
goal's ministry, agency, journal, national-accounts line and committee (``SECTOR`` of
``make_genres.py``) in genres the earlier batches lack: data-availability and
competing-interest statements, meeting logistics, vacancy notices, budget-execution lines,
glossaries, press contacts and methodology footnotes. Rows of one case share a ``group``.

Run: ``python datasets/sdg/build/make_more.py`` (deterministic).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import HERE, OUT, Rows, write_csv  # noqa: E402
from make_genres import PARTNERS, SECTOR, lower_first, read_cases, the  # noqa: E402

SEED = 3019
NOT_PLACES = {"online", "global", "television", "national television", "national broadcast", "broadcast"}
YEARS = ["2018", "2020", "2021", "2022", "2023", "2025"]
QUARTERS = ["first", "second", "third", "fourth"]
LEADS = ["UNDP", "UNICEF", "the World Bank", "a national NGO", "the district government",
         "a university consortium", "WFP", "a social enterprise", "the ministry"]
OUTPUTS = ["Mobile application", "Dashboard", "Data platform", "Decision-support tool",
           "Chatbot", "Prediction model"]
AI_USES = [
    "A classifier trained on field reports flags the sites that need a visit first.",
    "Satellite images and a computer-vision model estimate where the work is most needed.",
    "A chatbot in the local language answers participants' questions and records complaints.",
    "A forecasting model estimates demand for the coming months so that supplies arrive in time.",
    "Machine learning matches records across registers so that nobody eligible is missed.",
]
LESSONS = [
    "Lessons: working through existing local structures kept costs low, but staff turnover slowed the second year.",
    "Lessons: early agreement with local authorities mattered more than the technology; data collection took longer than planned.",
    "Lessons: participants valued regular follow-up visits; the budget for transport was too small.",
    "Lessons: the approach is cheap enough to scale, but it depends on trained local staff staying in post.",
]


def positive_frames(rng: random.Random, subject: str, place: str, what: str, result: str) -> dict[str, str]:
    s, t, w, r = lower_first(subject), the(subject), what, result
    year = rng.choice(YEARS)
    partner, lead = rng.choice(PARTNERS), rng.choice(LEADS)
    where = "" if place in NOT_PLACES else f" in {place}"
    return {
        "title": f"{subject}{where}" if place[0].isupper() else subject,
        "catalog": (
            f"Output type: {rng.choice(OUTPUTS)}. Lead: {lead}. {subject}{where}. {w} "
            f"{rng.choice(AI_USES)} {r}"
        ),
        "review": (
            f"Mid-term review, section 3: progress. The project on {s}{where} started in {year} "
            f"with {partner} and {lead} as implementing partners. {w} Targets for the first phase "
            f"were met in most areas, and the monitoring data were checked by an independent team. "
            f"{r} {rng.choice(LESSONS)} The review recommends continuing the work for another "
            f"three years with a stronger focus on the poorest areas."
        ),
        "donor": (
            f"Update to donors, {rng.choice(QUARTERS)} quarter {year}. Work on {s}{where} is on "
            f"track. {w} Highlight of the quarter: {lower_first(r)}"
        ),
        "results": (
            f"4. Results. We compare areas reached by {t}{where} with similar areas not yet "
            f"reached. {r} The difference is statistically significant and larger for the "
            f"poorest third of households. Section 5 discusses costs."
        ),
        "strategy": (
            f"National strategy {year}-{int(year) + 5}, objective 2: extend {s} to the whole "
            f"country. The pilot{where} showed the way: {lower_first(w)} {r}"
        ),
        "newsbrief": f"{r} That is the verdict of a new report on {t}{where}. {w}",
        "tor": (
            f"Terms of reference: final evaluation of {s}{where}. Background: {w} Reported "
            f"results: {lower_first(r)} The evaluator will assess relevance, effectiveness and "
            f"sustainability."
        ),
        "notes": (
            f"Field notes. Last month I spent a week with the team working on {s}{where}. {w} "
            f"People I met were clear about what had changed. {r}"
        ),
        "oneline": f"{subject}: {lower_first(r)}",
    }


def next_to_frames(rng: random.Random, subject: str, place: str, what: str, result: str) -> dict[str, str]:
    where = "" if place in NOT_PLACES else f" in {place}"
    return {
        "title": f"{subject}{where}" if place[0].isupper() else subject,
        "newsbrief": f"{result} The news came on {rng.choice(['Monday', 'Wednesday', 'Friday'])}. {what}",
        "report": f"Company and market news, {rng.choice(YEARS)}. {subject}{where}. {what} {result}",
    }


def generic_next_to(goal: int, rng: random.Random) -> list[tuple[str, str]]:
    """Passages that name a goal's sector but are about no goal: (genre, text)."""
    ministry, agency, journal, sector, committee = SECTOR[goal]
    year = rng.choice(YEARS)
    n, m, k = rng.randint(80, 900), rng.randint(40, 75), rng.randint(20, 400)
    return [
        ("data-statement", f"Data availability. The records used in this article were provided by the {ministry} under a data-sharing agreement and cannot be shared publicly. Code is available from the authors on request."),
        ("competing-interests", f"Competing interests: one author was employed by {agency} until {year}; the other authors declare none. Funding: a university research grant. The funder had no role in the study."),
        ("logistics", f"Practical information for members of the {committee}: registration opens at 8:30, lunch is served in the main hall, and interpretation into French and Spanish will be available in room B."),
        ("vacancy", f"Vacancy notice: administrative assistant, {ministry}. Duties include filing, travel bookings and taking minutes of staff meetings. Applications close on 30 June {year}."),
        ("budget", f"Budget execution {year}: {ministry}, recurrent expenditure {n} million, of which salaries {m}%; capital expenditure {k} million. Figures are unaudited and may change."),
        ("glossary", f"Glossary. Rapporteur: the member of the {committee} who drafts its report. Quorum: the number of members who must be present for a decision. Plenary: a meeting of all members."),
        ("press-contact", f"Media enquiries: press office of {agency}. Photographs may be used with credit. This release is embargoed until 00:01 on Monday {year}."),
        ("method-note", f"Note to table {rng.randint(2, 9)}: values for {year} are estimates; the industry '{sector}' follows ISIC Rev. 4. Method as in {journal} (see annex). Percentages are rounded."),
    ]


#: law enforcement at sea that is not about oceans (14): added after the refit called the
#: issue's example "Drug interdiction at sea" SDG 14 again (a unit test, not a validation set)
AT_SEA = [
    "Interdicting drug shipments at sea",
    "Maritime patrols against heroin trafficking",
    "Customs cutters stop a yacht carrying cannabis resin",
    "Boarding teams search container ships for smuggled cocaine",
    "The navy intercepted a fishing trawler used to run methamphetamine and arrested eleven crew members.",
    "Anti-narcotics cooperation at sea: coast guards of three countries share radar tracks of suspect speedboats.",
    "Arms smuggling by sea: a patrol vessel seized rifles hidden under a cargo of timber.",
    "A maritime task force boarded 40 suspect vessels this year and seized 12 tonnes of drugs.",
]


ML_FRAMES = {
    "fr": ("{T}", "{T}. {S}", "Rapport annuel {Y} : {t}. {S}"),
    "es": ("{T}", "{T}. {S}", "Informe anual {Y}: {t}. {S}"),
    "ar": ("{T}", "{T}. {S}", "التقرير السنوي {Y}: {t}. {S}"),
    "ru": ("{T}", "{T}. {S}", "Годовой отчёт за {Y} год: {t}. {S}"),
    "zh-hans": ("{T}", "{T}。{S}", "{Y}年度报告：{t}。{S}"),
}
ML_NEXT_TO = {
    "fr": [(4, "Disponibilité des données : les données proviennent du ministère de l'Éducation et ne peuvent pas être diffusées."), (6, "Conflits d'intérêts : un des auteurs a travaillé pour l'office national de l'eau ; les autres n'en déclarent aucun."), (17, "Informations pratiques : l'inscription ouvre à 8 h 30 et le déjeuner est servi dans la grande salle."), (9, "Note du tableau 3 : les valeurs de la construction sont provisoires et arrondies.")],
    "es": [(3, "Disponibilidad de datos: los registros fueron facilitados por el Ministerio de Salud y no pueden compartirse."), (2, "Conflicto de intereses: uno de los autores trabajó en el Ministerio de Agricultura; los demás declaran ninguno."), (16, "Información práctica: la inscripción abre a las 8:30 y habrá interpretación simultánea en la sala B."), (8, "Nota: la remuneración de los asalariados se expresa en millones a precios corrientes; las cifras son provisionales.")],
    "ar": [(4, "توفر البيانات: قدمت وزارة التربية البيانات المستخدمة في هذه الدراسة ولا يمكن نشرها."), (7, "تضارب المصالح: عمل أحد المؤلفين سابقا في شركة الكهرباء الوطنية."), (17, "معلومات عملية: يبدأ التسجيل في الساعة الثامنة والنصف ويقدم الغداء في القاعة الرئيسية."), (9, "ملاحظة: أرقام قطاع الصناعة لعام 2023 أولية وقابلة للتعديل.")],
    "ru": [(3, "Доступность данных: данные предоставлены министерством здравоохранения и не подлежат публикации."), (6, "Конфликт интересов: один из авторов ранее работал в водоканале; остальные авторы его не заявляют."), (16, "Практическая информация: регистрация участников начинается в 8:30, обед в главном зале."), (9, "Примечание к таблице 4: данные по обрабатывающей промышленности предварительные.")],
    "zh-hans": [(4, "数据说明：本文数据由教育部提供，不对外公开。"), (2, "利益冲突声明：一位作者曾在农业部工作，其他作者声明无利益冲突。"), (17, "参会须知：上午八点半开始签到，午餐在主会场提供。"), (9, "表3注：制造业数据为初步统计，可能会有调整。")],
}


def main() -> None:
    rng = random.Random(SEED)
    out = Rows("tm", strict=True)
    add = out.add

    for n, (goal, kind, others, (subject, place, what, result)) in enumerate(read_cases(HERE / "more_cases.txt")):
        group = f"tm-case-{n:03d}"
        if kind == "+":
            frames = positive_frames(rng, subject, place, what, result)
            pick = ["title", "catalog"] + rng.sample([k for k in frames if k not in ("title", "catalog")], 3)
        elif kind == "*":
            frames = positive_frames(rng, subject, place, what, result)
            pick = rng.sample(["review", "donor", "strategy", "newsbrief", "notes", "tor"], 3)
        else:
            frames = next_to_frames(rng, subject, place, what, result)
            pick = list(frames)
        suffix = {"+": "", "*": "/secondary", "-": "/next-to"}[kind]
        for genre in pick:
            add(frames[genre], goal, kind != "-", others, genre + suffix, "en", group)
    for goal in range(1, 18):
        for k, (genre, text) in enumerate(generic_next_to(goal, random.Random(SEED + goal))):
            add(text, goal, False, (), genre + "/next-to", "en", f"tm-generic-{goal:02d}-{k}")
    for k, text in enumerate(AT_SEA):
        add(text, 14, False, (16,), "news/next-to", "en", f"tm-at-sea-{k}")
    for n, line in enumerate((HERE / "more_multilingual.txt").read_text(encoding="utf-8").splitlines()):
        if not line.strip() or line.startswith("#"):
            continue
        goal_s, lang, title, sentence = (p.strip() for p in line.split(" | "))
        year = random.Random(SEED + n).choice(YEARS)
        for k, frame in enumerate(ML_FRAMES[lang]):
            text = frame.replace("{T}", title).replace("{t}", lower_first(title) if lang in ("fr", "es", "ru") else title)
            text = text.replace("{S}", sentence).replace("{Y}", year)
            add(text, int(goal_s), True, (), ("title", "description", "report")[k], lang, f"tm-ml-{n:03d}")
    for lang, items in ML_NEXT_TO.items():
        for k, (goal, text) in enumerate(items):
            add(text, goal, False, (), "next-to", lang, f"tm-ml-next-{lang}-{k}")
    write_csv(OUT / "train_more.csv", out.rows)
    print(f"{len(out.rows)} rows -> {OUT / 'train_more.csv'}")


if __name__ == "__main__":
    main()
