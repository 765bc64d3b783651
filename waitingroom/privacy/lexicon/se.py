"""Northern Sami. Syntax of these lists: see the package docstring.

NEEDS REVIEW by a native speaker: a short draft by a non-speaker, covering the
plainest ways to say each concern. `fold` strips the accents and carons (á, č,
š, ž), so phrases also match text typed without them; đ, ŋ and ŧ stay letters
of their own, so phrases avoid them where a child may type d, n or t instead.
"""

NAME_INTRODUCTIONS = (
    "mu namma lea",
    "mu namma le",
    "mun namma lea",
    "namma lea",  # "mu máná namma lea Ánne": any name is personal data
    "namma:",
)

NAME_INTRODUCTIONS_IF_CAPITALISED = (
    "mun lean",
    "lean",
)

NOT_NAMES = (
    "ja",
    "muhto",
    "dahje",
    "ahte",
    "go",
    "jus",
    "ii",
    "in",
    "mun",
    "don",
    "son",
    "mii",
    "dii",
    "sii",
    "lea",
    "lean",
    "dál",
    "ain",
    "dáppe",
    "ruovttus",
    "okto",
    "morašlaš",
    "ilus",
    "moaráskan",
    "váiban",
    "buohcci",
    "nealgges",
    "gearggus",
    "buorre",
    "ok",
    "mánná",
    "nieida",
    "bárdni",
    "jagi",
)

WORD_SETS = {
    "people": (
        "áhčči",
        "eadni",
        "váhnemat",
        "viellja",
        "oabbá",
        "áddjá",
        "áhkku",
        "čeahci",
        "eahki",
        "son",
        "sii",
        "muhtun",
        "oahpaheaddji",
        "ránnjá",
    ),
    "me": ("mu", "munnje"),
}

CONCERNS = {
    "self_harm": (
        "háliidan|dáhtun jápmit",
        "háliidan|dáhtun dušše jápmit",
        "in háliit|dáhto eallit",
        "in háliit|dáhto šat eallit",
        "in nagot eallit",
        "goddit|goddet|goddán iežan",
        "iešsorb*",  # iešsorbmi: suicide
        "iešsorp*",
        "bávččagahtán|bávččagahttit|bávččagahtten iežan",
        "vahágahtán|vahágahttit iežan",
        "čuohpan|čuhppen iežan",
    ),
    "abuse": (
        "cápmá|časká|časkkii|cápmii|cabme <me>",
        "<people> cápmá|časká|časkkii|cápmii",
        "bávččagahttá|bávččagahtii <me>",
        "guoská|guoskkai|guoskkaha <me>",
        "veagal*",
        "dahká|dagai munnje bahá",
        "in oaččo borrat",
        "lohkkada|lohkadii mu sisa",
    ),
    "violence": (
        "goddán|goddit|goddá|goddet du|su|buohkaid",
        "áigu|áiggun goddit",
        "áitá|áitii|áitet <me>",
        "áitá goddit",
        "niibi|niibbi|niibbiin",
        "bissu|bissuin",
        "bomba",
    ),
    "unsafe": (
        "in leat oadjebas",
        "in dovdda iežan oadjebassan",
        "balan <people>",
        "balan ruovttus",
        "balan mannat ruoktot",
        "in duostta mannat ruoktot",
        "in háliit|dáhto mannat ruoktot",
        "givssiduvvon",
        "givssidit|givssidedje <me>",
    ),
    "help": (
        "veahket mu",
        "veahkehehket mu",
        "dárbbašan veahki",
        "sáhtát go veahkehit mu",
        "háliidan hállat muhtumiin",
        "háliidan hállat rávesolbmuin",
    ),
}

NOT_CONCERNS = ()
