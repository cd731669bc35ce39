"""Build ``train_genres.csv``: more fitting rows in the genres the classifier meets (issue 19).

Written after ``validation_independent.csv`` (whose author had not seen the training data).
Sources, all ours: ``genre_cases.txt`` (cases per goal: about it, secondary, next to it),
``genre_multilingual.txt`` (phrases in French, Spanish, Arabic, Russian and Chinese) and the
templates below (genre frames; acknowledgements, bios, citations, meeting procedure and
national-accounts passages with a goal's sector words; heat-stress alerts for farm workers,
drug interdiction at sea and bus-arrival prediction as named hard negatives). Every case is
rendered in several frames chosen by a seeded generator, so rows of one case are similar:
they share a ``group`` and stay in one cross-validation fold.

Run: ``python datasets/sdg/build/make_genres.py`` (deterministic).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import HERE, OUT, Rows, write_csv  # noqa: E402


def lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word is an acronym ("LED", "SME")."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return text
    return text[:1].lower() + text[1:]

SEED = 1919

#: per goal: ministry, agency or body, journal, national-accounts line, committee
SECTOR = {
    1: ("Ministry of Social Development", "the social protection agency", "Journal of Poverty Studies", "social transfers in kind", "social affairs committee"),
    2: ("Ministry of Agriculture", "the national food security council", "Food Policy", "agriculture, forestry and fishing", "agriculture committee"),
    3: ("Ministry of Health", "the national public health institute", "BMJ Global Health", "human health and social work activities", "health committee"),
    4: ("Ministry of Education", "the national examinations council", "Comparative Education Review", "education", "education committee"),
    5: ("Ministry of Women's Affairs", "the gender equality commission", "Feminist Economics", "activities of households as employers", "committee on the status of women"),
    6: ("Ministry of Water and Sanitation", "the water resources authority", "Water Research", "water supply, sewerage and waste management", "water committee"),
    7: ("Ministry of Energy", "the electricity regulatory authority", "Energy for Sustainable Development", "electricity, gas, steam and air conditioning supply", "energy committee"),
    8: ("Ministry of Labour", "the labour inspectorate", "International Labour Review", "compensation of employees", "employment committee"),
    9: ("Ministry of Industry and Infrastructure", "the roads authority", "Research Policy", "manufacturing and construction", "infrastructure committee"),
    10: ("Ministry of Social Inclusion", "the equality and human rights commission", "Journal of Economic Inequality", "property income", "committee on equality"),
    11: ("Ministry of Urban Development", "the city planning department", "Urban Studies", "real estate activities", "urban affairs committee"),
    12: ("Ministry of Environment", "the waste management agency", "Resources, Conservation and Recycling", "household final consumption expenditure", "environment committee"),
    13: ("Ministry of Climate Change", "the national meteorological service", "Climatic Change", "mining and quarrying", "climate committee"),
    14: ("Ministry of Fisheries and Marine Resources", "the fisheries commission", "Marine Policy", "fishing and aquaculture", "oceans committee"),
    15: ("Ministry of Forests and Wildlife", "the wildlife service", "Biological Conservation", "forestry and logging", "biodiversity committee"),
    16: ("Ministry of Justice", "the judicial service commission", "Law and Society Review", "public administration and defence", "justice committee"),
    17: ("Ministry of Finance and Planning", "the national statistics office", "World Development", "net lending of general government", "finance committee"),
}

PARTNERS = ["a district council", "two local NGOs", "the national university", "a farmers' union",
            "the regional health office", "a women's association", "a municipal utility",
            "a private operator", "community committees", "a faith-based network"]
METHODS = ["a randomised evaluation in 80 communities", "a household survey of 1,500 families",
           "administrative records over six years", "a difference-in-differences design",
           "interviews with 60 participants and programme data", "a cluster-randomised trial",
           "panel data from three survey rounds"]
AI_FRAMES = [
    "Data and AI. A machine-learning model supports {s} in {place}: it forecasts where needs are greatest and ranks sites for the next round. {w} {r}",
    "AI project: {s} in {place}. {w} A prediction model trained on five years of programme data tells field teams which households or sites to visit first. {r}",
    "{S} in {place}, with satellite images and a neural network that maps where the work is needed. {w} {r}",
    "Digital tool summary. A dashboard with a forecasting model helps the team plan {s} in {place}. {w} {r} The code and data are open.",
]
YEARS = ["2019", "2020", "2021", "2022", "2023", "2024"]


def the(subject: str) -> str:
    s = lower_first(subject)
    for art in ("a ", "an "):
        if s.startswith(art):
            return "the " + s[len(art):]
    return s


def positive_frames(rng: random.Random, subject: str, place: str, what: str, result: str) -> dict[str, str]:
    s, t, w, r = lower_first(subject), the(subject), what, result
    partner, method, year = rng.choice(PARTNERS), rng.choice(METHODS), rng.choice(YEARS)
    return {
        "title": f"{subject} in {place}" if place[0].isupper() else subject,
        "short": f"{subject} ({place}). {w}",
        "twopager": f"Project 2-pager\nTitle: {subject}\nWhere: {place}\nApproach: {w}\nChange so far: {r}\nPartners: {partner}",
        "news": f"{r} The figures were released this week on {t} in {place}, which started in {year}. {w}",
        "abstract": f"Abstract. We study {s} in {place}. {w} Using {method}, we find the following. {r}",
        "policy": f"Policy brief. Governments should scale up {s}. Experience from {place} shows what works: {lower_first(w)} {r}",
        "programme": f"Programme description. The programme works on {s} in {place}, with {partner}. {w} Results so far: {lower_first(r)}",
        "report": f"Annual report {year}, chapter 2. Our work on {s} in {place} continued. {w} {r} Next year the work will expand to two more districts.",
        "evaluation": f"Evaluation summary: {s} ({place}). Design: {method}. What was done: {lower_first(w)} Main finding: {lower_first(r)}",
        "ai": rng.choice(AI_FRAMES).format(s=s, S=subject, place=place, w=w, r=r),
        "call": f"Call for proposals. The fund invites applications for {s}, building on the pilot in {place}, where {lower_first(w)[:-1]}. Grants of up to 200,000 dollars are available.",
    }


def next_to_frames(rng: random.Random, subject: str, place: str, what: str, result: str) -> dict[str, str]:
    s, t = lower_first(subject), the(subject)
    year = rng.choice(YEARS)
    return {
        "title": f"{subject} in {place}" if place[0].isupper() else subject,
        "short": f"{subject} ({place}). {what}",
        "news": f"{result} It was announced on Tuesday that {t} in {place} would continue. {what}",
        "report": f"Annual report {year}. This year we completed {s} in {place}. {what} {result}",
    }


def generic_next_to(goal: int, rng: random.Random) -> list[tuple[str, str]]:
    """Passages next to a goal, about none: (genre, text)."""
    ministry, agency, journal, sector, committee = SECTOR[goal]
    year = rng.choice(YEARS)
    pct = f"{rng.randint(1, 9)}.{rng.randint(0, 9)}"
    pct2 = f"{rng.randint(0, 4)}.{rng.randint(0, 9)}"
    vol, page = rng.randint(10, 90), rng.randint(100, 900)
    texts = [
        ("acknowledgement", f"Acknowledgements. We are grateful to the {ministry} and to {agency} for access to their records, and to the participants of the {year} workshop for their comments. All errors are our own."),
        ("acknowledgement", f"The authors thank colleagues at the {ministry} for helpful discussions. This work received no specific grant from any funding agency."),
        ("bio", f"About the author. She has worked for {agency} and the {ministry} for fifteen years and now teaches public administration; she writes in a personal capacity."),
        ("bio", f"Speaker biography. Before joining the board he was director of planning at the {ministry}. He holds degrees in economics and law and enjoys mountain walking."),
        ("citation", f"{journal}, vol. {vol}, {year}, pp. {page}-{page + 14}. doi:10.1016/j.x.{year}.{page:05d}. Received in revised form; accepted for publication."),
        ("citation", f"See also: Annual Report of the {ministry} ({year}); Statistical Yearbook ({year}), tables 3.1 to 3.4; {journal} {vol}({rng.randint(1, 4)})."),
        ("procedure", f"Meeting of the {committee}. The chair opened the meeting at 10:00 and welcomed the members. The agenda was adopted and the minutes of the previous meeting were approved. The next meeting will be held in {rng.choice(['March', 'June', 'October'])}."),
        ("procedure", f"The {committee} took note of the report of the secretariat, decided to defer item 5 to its next session and elected a rapporteur. The session was closed at 12:45."),
        ("statistics", f"National accounts, {year}. Gross value added of {sector} rose by {pct}% in real terms; its share of GDP was {pct2}%. Figures are provisional and may be revised."),
        ("statistics", f"Table {rng.randint(2, 9)}.{rng.randint(1, 9)}: {sector[0].upper() + sector[1:]}, current prices, million units, {int(year) - 2}-{year}. Source: national statistics office. Totals may not add up because of rounding."),
    ]
    return texts


HEAT = [
    "Heat-stress alert: farm workers in the valley should stop field work between noon and 4 p.m. on Thursday, when temperatures will reach 41 degrees.",
    "From next week, growers must send heat warnings by text message to their seasonal pickers when the heat index passes the danger level.",
    "Heat warnings for farmworkers: the labour inspectorate reminds employers to provide shade, cool water and rest breaks during the heatwave.",
    "A new app warns vineyard workers of heat stress and tells supervisors when a break is required under the occupational safety rules.",
    "Orchard workers received cooling vests and heat-illness training after two pickers collapsed during last summer's harvest.",
    "The union asked for a heat-stress standard for agricultural workers, with mandatory breaks above 35 degrees.",
    "Heat alerts by SMS reached 12,000 fruit pickers this summer; employers must now log water and shade breaks.",
    "Occupational health note: symptoms of heat exhaustion in field workers and what supervisors must do.",
    "SMS heat alerts for seasonal farmworkers",
    "Heat-illness prevention for vineyard workers",
    "Cooling breaks for orchard pickers in heatwaves",
]
INTERDICTION = [
    "The coast guard intercepted a semi-submersible carrying three tonnes of cocaine and detained its crew of four.",
    "Naval patrols seized 800 kg of heroin from a dhow in international waters, the navy said.",
    "A joint maritime operation against drug trafficking led to the seizure of five go-fast boats off the coast.",
    "Drug interdiction at sea: customs officers boarded a cargo ship and found cocaine hidden in banana boxes.",
    "The maritime police arrested six smugglers after a chase and recovered packages of cannabis thrown overboard.",
    "Regional cooperation on maritime drug interdiction: navies share radar data to track smuggling vessels.",
    "Fishing boats used by traffickers were seized during the anti-narcotics operation, and the crews were charged.",
    "Annual report of the coast guard: 42 drug seizures at sea and 130 arrests.",
    "Maritime drug interdiction operations",
    "Naval patrols against cocaine smuggling",
    "Seizing narcotics hidden on fishing boats",
]
BUS = [
    "We predict bus arrival times from GPS data with a recurrent neural network and reduce the prediction error by 18%.",
    "The transit agency's app now shows predicted bus arrivals at every stop, updated every 30 seconds.",
    "Bus-arrival prediction with gradient boosting: features include time of day, weather and the previous stop's delay.",
    "A new screen at each bus shelter displays the minutes until the next bus arrives.",
    "Real-time arrival estimates for city buses: a comparison of Kalman filters and deep learning models.",
    "The bus operator upgraded its tracking software so that arrival predictions work in tunnels.",
    "Our model forecasts bus arrival times at stops using automatic vehicle location data from 300 buses.",
    "Passengers can now text a stop number to receive the predicted arrival time of the next bus.",
    "Bus arrival time prediction app",
    "Real-time arrival estimates for city buses",
]

ML_FRAMES = {
    "fr": ("{P}", "Le projet soutient {p} dans trois régions, avec un suivi annuel des résultats.", "Note de programme : {p}, mis en œuvre avec les collectivités locales."),
    "es": ("{P}", "El proyecto apoya {p} en tres provincias y mide sus resultados cada año.", "Nota de programa: {p}, en colaboración con los gobiernos locales."),
    "ar": ("{P}", "يدعم المشروع {p} في ثلاث محافظات مع متابعة النتائج سنويا.", "وصف البرنامج: {p} بالتعاون مع السلطات المحلية."),
    "ru": ("{P}", "Проект: {p}. Работа ведётся в трёх регионах, результаты оцениваются ежегодно.", "Описание программы: {p} при участии местных органов власти."),
    "zh-hans": ("{P}", "本项目在三个省份支持{p}，每年评估成果。", "项目简介：与地方政府合作开展{p}。"),
}
ML_NEGATIVES = {
    "fr": [(3, "Remerciements : nous remercions le ministère de la Santé pour son accueil pendant l'enquête."), (2, "Remerciements : les auteurs remercient le ministère de l'Agriculture et les relecteurs anonymes."), (16, "La séance est ouverte à 10 heures. L'ordre du jour est adopté et le procès-verbal de la dernière séance est approuvé."), (8, "Le produit intérieur brut a augmenté de 1,1 % au deuxième trimestre, selon les comptes nationaux provisoires.")],
    "es": [(4, "Agradecimientos: agradecemos al Ministerio de Educación su apoyo durante el trabajo de campo."), (7, "Agradecimientos: los autores agradecen a la empresa eléctrica nacional por los datos facilitados."), (17, "Se abrió la sesión a las 10:00; se aprobó el orden del día y el acta de la reunión anterior."), (9, "El índice de producción industrial subió un 0,8 % en marzo, según el instituto de estadística.")],
    "ar": [(3, "شكر وتقدير: نشكر وزارة الصحة على تعاونها خلال جمع البيانات."), (6, "شكر وتقدير: يتقدم المؤلفون بالشكر إلى هيئة المياه على توفير البيانات."), (16, "افتتحت الجلسة في الساعة العاشرة وأقر جدول الأعمال ومحضر الاجتماع السابق."), (8, "ارتفع الناتج المحلي الإجمالي بنسبة 1.5 في المائة في الربع الثالث وفق الحسابات القومية.")],
    "ru": [(2, "Благодарности: авторы благодарят министерство сельского хозяйства за предоставленные данные."), (4, "Об авторе: доцент кафедры педагогики, автор учебников по истории."), (17, "Заседание комитета открыл председатель; протокол предыдущего заседания утверждён."), (8, "Валовой внутренний продукт вырос на 1,3 % во втором квартале, по предварительным данным.")],
    "zh-hans": [(3, "致谢：感谢卫生部和各位匿名审稿人的宝贵意见。"), (7, "致谢：感谢国家电网公司提供的数据。"), (16, "会议于上午十时开幕，通过了议程和上次会议纪要。"), (8, "国内生产总值第二季度增长百分之一点二，数据为初步核算。")],
}


def read_cases(path: Path) -> list[tuple[int, str, tuple[int, ...], list[str]]]:
    out, goal = [], 0
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("# "):
            continue
        if line.startswith("## "):
            goal = int(line[3:])
            continue
        parts = [p.strip() for p in line.split(" | ")]
        if len(parts) != 5 or line[0] not in "+*-":
            raise ValueError(f"{path}:{n}: expected 'KIND[GOALS] | subject | place | what | result'")
        others = tuple(int(g) for g in parts[0][1:].split())
        out.append((goal, line[0], others, parts[1:]))
    return out


GENERIC_PLACES = {"statistics", "procedure", "bio", "acknowledgement"}


def main() -> None:
    rng = random.Random(SEED)
    out = Rows("tg")
    add = out.add

    for n, (goal, kind, others, (subject, place, what, result)) in enumerate(read_cases(HERE / "genre_cases.txt")):
        group = f"tg-case-{n:03d}"
        if kind == "-" and place in GENERIC_PLACES:
            continue  # rendered by the richer templates of generic_next_to
        if kind == "+":
            frames = positive_frames(rng, subject, place, what, result)
            # every case also as an AI project (the catalogue's own genre), so that words such
            # as "model", "predicts" and "forecasts" are not learnt as signs of "next to"
            pick = ["title", "ai"] + rng.sample([k for k in frames if k not in ("title", "ai")], 5)
        elif kind == "*":
            frames = positive_frames(rng, subject, place, what, result)
            pick = rng.sample([k for k in frames if k not in ("title", "ai")], 3)
        else:
            frames = next_to_frames(rng, subject, place, what, result)
            pick = list(frames)
        for genre in pick:
            suffix = {"+": "", "*": "+secondary", "-": "+next-to"}[kind]
            add(frames[genre], goal, kind != "-", others, genre + suffix, "en", group)
    for goal in range(1, 18):
        grng = random.Random(SEED + goal)
        for k, (genre, text) in enumerate(generic_next_to(goal, grng)):
            add(text, goal, False, (), genre, "en", f"tg-generic-{goal:02d}-{k // 2}")
    for name, goal, texts, also in (("heat", 2, HEAT, (8,)), ("interdiction", 14, INTERDICTION, (16,)), ("bus", 9, BUS, ())):
        for k, text in enumerate(texts):
            add(text, goal, False, also, "news+next-to", "en", f"tg-{name}-{k}")
    for n, line in enumerate((HERE / "genre_multilingual.txt").read_text(encoding="utf-8").splitlines()):
        if not line.strip() or line.startswith("#"):
            continue
        goal_s, lang, phrase = (p.strip() for p in line.split(" | "))
        for k, frame in enumerate(ML_FRAMES[lang]):
            text = frame.replace("{P}", phrase[0].upper() + phrase[1:]).replace("{p}", phrase)
            add(text, int(goal_s), True, (), ("title", "project", "programme")[k], lang, f"tg-ml-{n:03d}")
    for lang, items in ML_NEGATIVES.items():
        for k, (goal, text) in enumerate(items):
            add(text, goal, False, (), "next-to", lang, f"tg-ml-neg-{lang}-{k}")
    write_csv(OUT / "train_genres.csv", out.rows)
    print(f"{len(out.rows)} rows -> {OUT / 'train_genres.csv'}")


if __name__ == "__main__":
    main()
