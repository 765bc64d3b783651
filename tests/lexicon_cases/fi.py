"""Finnish cases (drafts; NEEDS REVIEW by a native speaker)."""

POSITIVES = [
    ("mä haluun vaan kuolla", "self_harm"),
    ("Haluan kuolla", "self_harm"),
    ("en jaksa enää elää", "self_harm"),
    ("joskus satutan itseäni", "self_harm"),
    ("olen miettinyt itsemurhaa", "self_harm"),
    ("isä lyö mua kotona", "abuse"),
    ("äiti löi minua eilen", "abuse"),
    ("se koskettaa mua enkä halua", "abuse"),
    ("minua lyödään kotona", "abuse"),
    ("isäpuoli uhkailee meitä", "violence"),
    ("mä tapan sut", "violence"),
    ("sillä on puukko", "violence"),
    ("en ole turvassa kotona", "unsafe"),
    ("pelkään isäpuolta", "unsafe"),
    ("en uskalla mennä kotiin", "unsafe"),
    ("mua kiusataan koulussa", "unsafe"),
    ("auttakaa minua", "help"),
    ("tarvitsen apua", "help"),
    ("haluan puhua jonkun kanssa", "help"),
]

LOOK_ALIKES = [
    "Odotimme 45 minuuttia mutta hoitaja oli kiva.",
    "kuolin nauruun kun katsoin elokuvaa",
    "meinasin kuolla tylsyyteen",
    "haluan tappaa aikaa pelaamalla",
    "lyön vetoa että odotus on pitkä",
    "veli lyö vetoa jalkapallosta",
    "lääkäri kuunteli minua ja selitti kaiken",
    "odotushuoneessa oli turvallista ja rauhallista",
    "en halua odottaa näin kauan",
    "mua koskee vatsaan",  # my tummy hurts
    "tämä kysely koskee minua",  # this survey concerns me
]

NAMES = [
    ("Moi mun nimi on Aino ja odotan", "Aino", "ja odotan"),
    ("minun nimeni on Eero, olen 9", "Eero", "olen 9"),
    ("Olen Veera ja olen 12", "Veera", "ja olen 12"),
]
