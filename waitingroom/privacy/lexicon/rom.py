"""Romani (Kalderash). Syntax of these lists: see the package docstring.

NEEDS REVIEW by a native speaker: a short, low-confidence draft by a non-speaker,
in the Kalderash spelling of the translations (sh, ch, z; Swedish public texts).
`fold` turns č, š, ž into c, s, z, so "žutisar" matches "zutisar"; where the
spellings part ("chi" and "či"), both are listed. Other varieties (Lovari, Arli,
Kale, Swedish Romani…) say many of these differently: the community's reviewers
should add their own forms.
"""

NAME_INTRODUCTIONS = (
    "mo anav si",
    "muro anav si",
    "miro anav si",
    "mo anav",
    "me bushav",
    "me bušav",
    "bushav",
    "bušav",
    "anav:",
)

NOT_NAMES = (
    "thaj",
    "me",
    "tu",
    "vov",
    "voj",
    "si",
    "sem",
    "sas",
    "akate",
    "kate",
    "vi",
    "na",
    "chi",
    "či",
    "ke",
    "kaj",
    "vaj",
    "te",
    "jek",
    "jekh",
)

WORD_SETS = {
    "people": (
        "dad",
        "dades",
        "dej",
        "daj",
        "phral",
        "phej",
        "kako",
        "bibi",
        "papo",
        "mami",
        "vov",
        "voj",
        "von",
        "vareko",
    ),
    "me": ("ma", "man", "amen"),
}

CONCERNS = {
    "self_harm": (
        "kamav te merav|mulav",
        "mudarav|mudarava|mudardem ma|man",
        "kamav te mudarav ma|man",
        "chi|ci|na kamav te trajiv|trajij",
        "chinav|chindem|cinav|cindem ma|man",
    ),
    "abuse": (
        "marel|marde|marden|mardas <me>",
        "<people> marel|mardas",
        "astarel|astardas <me>",
        "na den ma te hav",
    ),
    "violence": (
        "mudarav|ka mudarav tut|les|la|savorren",
        "mudarel|mudaren <me>",
        "churi|chhuri|curi",
        "pushka|puska",
        "daravel|daravdas <me>",
    ),
    "unsafe": (
        "chi|ci|nai sem sigurno",
        "darav khere",
        "darav te zav khere",
        "chi|ci kamav te zav khere",
    ),
    "help": (
        "zutisar|zutin|zutisaren ma|man",
        "trobul ma zutipe",
        "kamav te vorbiv vareakaca",
    ),
}

NOT_CONCERNS = ()
