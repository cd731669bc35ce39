"""A hand-written English keyword lexicon per SDG, in the Aurora (Scopus) query syntax.

The Aurora queries are precise but written for scholarly abstracts; descriptions of AI
activities use plainer words ("crop yield", "hospital", "classroom"). Each entry below is one
query line; the number of distinct entries that fire for a goal is a feature. Written by hand
from the goal and target texts, not fitted on the labelled data.
"""

from __future__ import annotations

_LEXICON: dict[int, str] = {
    1: """poverty | poor | "low-income" | "low income" | "social protection" | "social safety net*"
        | "cash transfer*" | microfinanc* | "micro-financ*" | "financial inclusion"
        | "basic services" | "vulnerable household*" | livelihood* | "extreme poverty"
        | "social assistance" | unbanked | "income support" | "disaster resilience" """,
    2: """hunger | "food security" | "food insecurity" | malnutrition | undernourish* | nutrition*
        | agricultur* | agri* | farm* | crop* | harvest* | livestock | "food production"
        | "food system*" | smallholder* | "soil health" | irrigat* | "plant disease*" | pest*
        | fertili* | "yield*" | seed* | famine | stunting | aquaculture | "food price*"
        | "school meal*" | "post-harvest" | pastoralist* | fortifi* | locust* | "food aid" """,
    3: """health* | disease* | medic* | clinic* | hospital* | patient* | diagnos* | epidemi*
        | pandemic* | covid* | vaccin* | "mental health" | "well-being" | wellbeing | cancer*
        | tubercul* | malaria | hiv | mortality | maternal | therap* | surg* | radiolog*
        | "drug discovery" | pharma* | nurs* | physician* | doctor* | illness* | outbreak*
        | "road traffic" | "road safety" | infect* | pathogen* | "public health" | elderly
        | "health post*" | "health centre*" | "health center*" | antenatal | immuni* | newborn*
        | hypertension | diabet* | antibiotic* | antivenom | snakebite | "community health" """,
    4: """education* | educat* | school* | student* | teacher* | pupil* | classroom* | literacy
        | numeracy | curricul* | tutor* | learners | "lifelong learning" | "e-learning"
        | "online learning" | "skills training" | "digital skills" | "vocational training"
        | universit* | academ* | "capacity building" | course* | "teaching" | "learning outcome*"
        | "early childhood" | scholarship* | "training programme*" | "training program*" """,
    5: """gender | women | woman | girl* | female* | "gender equality" | "gender-based violence"
        | feminis* | "sexual harassment" | "domestic violence" | "violence against women"
        | "child marriage" | "women's empowerment" | empowerment | "reproductive health"
        | "gender gap" | "gender bias" | "equal pay" | mothers | maternity """,
    6: """water | sanitation | hygiene | wastewater | "drinking water" | "water quality"
        | "water resource*" | "water management" | aquifer* | groundwater | river* | lake*
        | watershed* | "water scarcity" | "water supply" | drought* | toilet* | sewage
        | "water stress" | "water use" | "water leak*" | desalinat* | flood*
        | latrine* | handwashing | handpump* | "tube well*" | borehole* | chlorinat*
        | "water point*" """,
    7: """energy | electricity | "renewable*" | solar | wind | photovoltaic* | "power grid*"
        | "smart grid*" | grid* | "clean cooking" | "clean fuel*" | "energy efficiency"
        | battery | batteries | "energy storage" | hydropower | geotherm* | "power plant*"
        | "energy consumption" | "energy access" | "electric vehicle*" | "power system*"
        | "mini-grid*" | minigrid* | "off-grid" | electrif* | biogas | cookstove* | kerosene
        | "diesel generator*" | "solar panel*" | "solar power" | "solar lamp*"
        | "street light*" """,
    8: """employment | "decent work" | job* | labour | labor | worker* | workforce | unemploy*
        | "economic growth" | productivity | entrepreneur* | "small business*" | smes | msmes
        | "small and medium" | "financial services" | banking | "child labour" | "child labor"
        | "forced labour" | tourism | "gig economy" | wage* | "livelihoods" | "youth employment"
        | fintech | "future of work" | "economic development" | "access to finance" """,
    9: """infrastructure* | industr* | manufactur* | innovation | "research and development"
        | "r d" | connectivity | broadband | "internet access" | "mobile network*" | "5g"
        | transport* | logistics | "supply chain*" | "technological capabilit*" | startup*
        | "start-up*" | factory | factories | "digital infrastructure" | "industry 4 0"
        | telecommunicat* | satellite* | "digital transformation" | "technology transfer" """,
    10: """inequalit* | "inclusion" | inclusive | discriminat* | marginali* | migra* | refugee*
        | "persons with disabilit*" | "people with disabilit*" | disabilit* | disabled
        | minorit* | indigenous | "social inclusion" | "equal opportunit*" | remittance*
        | "income inequality" | underserved | "vulnerable group*" | accessib* | "digital divide"
        | "bias" | fairness | "developing countries" | "global south" """,
    11: """city | cities | urban* | municipal* | "smart cit*" | housing | slum*
        | "public transport*"
        | traffic | mobility | "air quality" | "air pollution" | "waste management"
        | "cultural heritage" | heritage | "disaster risk" | earthquake* | "urban planning"
        | "public space*" | resilien* | "natural disaster*" | "early warning" | "human settlement*"
        | building* | "land use" """,
    12: """"sustainable consumption" | "sustainable production" | "circular economy" | recycl*
        | "food waste" | "food loss*" | waste | "resource efficiency" | "natural resources"
        | "life cycle" | "supply chain*" | "sustainability report*" | "sustainable procurement"
        | "chemicals" | "hazardous" | "e-waste" | "electronic waste" | reuse | packaging
        | "responsible consumption" | "sustainable tourism" | "material footprint" """,
    13: """climate | "climate change" | "global warming" | "greenhouse gas*" | ghg | emission*
        | carbon | co2 | decarboni* | "net zero" | "net-zero" | mitigation | adaptation
        | "extreme weather" | "weather forecast*" | "climate risk*" | "climate model*"
        | "disaster*" | wildfire* | "sea level" | "early warning" | "carbon footprint" """,
    14: """ocean* | marine | sea | seas | coastal | coral* | fish* | "overfishing"
        | "illegal fishing"
        | "marine biodiversity" | "marine pollution" | "plastic pollution" | mangrove*
        | "blue economy" | maritime | vessel* | ship* | "ocean acidification" | reef*
        | "marine protected area*" | whale* | seafood | aquatic
        | fisher* | "fishing vessel*" | bycatch | seagrass | trawler* | "no-take" """,
    15: """biodiversity | forest* | deforest* | reforest* | wildlife | "endangered species"
        | species | ecosystem* | poaching | "land degradation" | desertification | soil*
        | "protected area*" | conservation | habitat* | wetland* | "invasive species"
        | "illegal wildlife" | "terrestrial" | "land cover" | "land use" | "nature" | trees
        | "camera trap*" | "satellite imagery" | animals | plants | "ecosystem restoration"
        | logging | ranger* | snare* | peatland* | grassland* | rangeland* | pollinator* """,
    16: """justice | peace* | violence | violent | conflict* | crime* | criminal | corruption
        | brib* | "rule of law" | court* | judicial | judge* | "human rights" | governance
        | "public institution*" | transparen* | accountab* | "hate speech" | disinformation
        | misinformation | "trafficking" | "birth registration" | "legal identity" | "terroris*"
        | "access to information" | democra* | election* | "public sector" | "government*"
        | policing | police | "child abuse" | exploitation | "online safety" | "freedom of" """,
    17: """partnership* | "multi-stakeholder" | cooperation | collaborat* | "capacity building"
        | "technology transfer" | "developing countries" | "least developed" | "global south"
        | "south-south" | "international cooperation" | "data for development" | "open data"
        | "statistical capacity" | statistic* | "official development assistance" | "oda"
        | "knowledge sharing" | "public-private" | "financing for development" | "trade"
        | "global partnership" | "digital public good*" | "policy coherence" | "consortium" """,
}


#: cues that a topic is only incidental: entertainment, marketing, luxury, hobbies. Written by
#: hand; their count is one feature shared by all goals (goal 0 in the matcher).
_NEGATIVE = """game | games | gaming | "video game*" | esports | movie* | film | films | celebrit*
    | fans | fan | hobby | hobbyist* | brand | brands | branding | marketing | advert*
    | influencer* | luxury | premium | gourmet | recipe* | fashion | cosmetic* | sales | shoppers
    | consumers | subscribers | subscription* | entertainment | fictional | novel | trailer
    | tournament* | stadium | playlist* | meme* | viral | followers | "social media"
    | "stock price*"
    | investors | profit* | revenue | "market share" | startup | "theme park" | resort* | wine
    | cryptocurrenc* | crypto | nft* | tourists | collector* | vintage | holiday | sport*"""


def negative_lines() -> list[tuple[int, str, str]]:
    return [(0, "neg", f'"{e.strip()}"') for e in _NEGATIVE.split("|") if e.strip()]


def lexicon_lines() -> list[tuple[int, str, str]]:
    """``(goal, "lex", query)`` with one line per keyword, ready for the Aurora matcher."""
    out: list[tuple[int, str, str]] = []
    for goal, spec in _LEXICON.items():
        for entry in spec.split("|"):
            entry = entry.strip()
            if entry:
                term = entry if entry.startswith('"') else f'"{entry}"'
                out.append((goal, "lex", term))
    return out
