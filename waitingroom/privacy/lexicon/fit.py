"""Meänkieli. Syntax of these lists: see the package docstring.

NEEDS REVIEW by a native speaker: a short, low-confidence draft. Finnish forms
are in fi.py and are searched too (every language's lists are); these add the
Meänkieli pronouns and forms the drafter is fairly sure of (mie, sie, minua,
mulle, itte, tappaa itteni, kuola), so a child writing Meänkieli is not missed
where Finnish spelling differs.
"""

NAME_INTRODUCTIONS = (
    "minun nimi oon",
    "mun nimi oon",
    "nimi oon",  # "minun lapsen nimi oon …": any name is personal data
)

NAME_INTRODUCTIONS_IF_CAPITALISED = (
    "mie olen",
    "mie oon",
)

NOT_NAMES = (
    "ja",
    "ette",
    "ko",
    "eli",
    "mie",
    "sie",
    "met",
    "tet",
    "het",
    "net",
    "oon",
    "olen",
    "täälä",
    "tässä",
    "kotona",
    "yksin",
    "surullinen",
    "ilonen",
    "väsyny",
    "kipeä",
    "vielä",
    "nyt",
    "vuotta",
)

WORD_SETS = {
    "people": (
        "isä",
        "äiti",
        "pappa",
        "mamma",
        "veli",
        "sisar",
        "sisko",
        "hän",
        "se",
        "net",
        "het",
        "joku",
    ),
    "me": ("minua", "mua", "minut", "mut"),
}

CONCERNS = {
    "self_harm": (
        "mie tahon|tahtoisin|haluan|halvaan kuola|kuolla",
        "tahon|tahtoisin kuola|kuolla",
        "en taho|halua elää",
        "tappaa|tapan itteni",
        "satutan|satuttaa itteäni|itteni",
        "viillän|viiltää itteäni|itteni",
    ),
    "abuse": (
        "lyöpi|lyö|löi <me>",
        "<people> lyöpi|lyö|löi",
        "satuttaa|satutti <me>",
        "koskettaa|kosketti|koskettelee <me>",  # not "koskee": "it hurts", "it concerns"
        "en saa ruokaa kotona",
    ),
    "violence": (
        "mie tapan sinut|sut|hänet",
        "tapan sinut|sut",
        "uhkaa|uhkasi <me>",
        "puukko|veitti",
    ),
    "unsafe": (
        "mie en ole turvassa",
        "mie pölkään|pelkään kotona",
        "mie en uskalla mennä kotia|kotiin",
        "en taho|halua mennä kotia",
    ),
    "help": (
        "auta minua|mua",
        "mie tarvitten|tarvitsen apua",
        "mie haluan puhua jonku kans",
    ),
}

NOT_CONCERNS = ("kuola|kuolla nauruun",)
