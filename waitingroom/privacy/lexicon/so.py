"""Somali: standard written Somali (Latin script) and common spoken forms.

Somali is written without fixed capitalisation on phones and with much
variation in doubled letters ("aabbahay", "aabahay"); matching folds doubled
letters together, so one spelling covers both. A DRAFT: these lists need
review by a native speaker who knows how Somali children and teenagers write
(see the package docstring for the syntax).
"""

NAME_INTRODUCTIONS = (
    "magacaygu waa",  # my name is
    "magacayga waa",
    "magacaygu",
    "magaciisu waa",  # his name is
    "magaceedu waa",  # her name is
    "magaca wiilkayga waa",  # my son's name is
    "magaca gabadhayda waa",  # my daughter's name is
    "magaca ilmahayga waa",  # my child's name is
    "waxaa la i yiraahdaa",  # I am called
    "waxaa la i yidhaahdaa",
    "waxaa la i dhahaa",
    "magac:",
)

NAME_INTRODUCTIONS_IF_CAPITALISED = ("waxaan ahay",)  # I am

NOT_NAMES = (
    "waa",
    "waan",
    "iyo",
    "oo",
    "ee",
    "ku",
    "ka",
    "la",
    "u",
    "aan",
    "ma",
    "haa",
    "hadda",
    "halkan",
    "aniga",
    "anigu",
    "wiil",
    "gabar",
    "ilmo",
    "hooyo",
    "aabbe",
    "waalid",
    "sano",
    "jir",
    "sanadood",
    "faraxsan",
    "murugaysan",
    "daallan",
    "xanuunsan",
    "jiran",
    "gaajaysan",
    "cabsanaya",
    "soomaali",
    "soomaaliyeed",
    "iswiidhish",
    "arday",
    "kalkaaliso",
    "dhakhtar",
)

WORD_SETS = {
    "people": (
        "aabbahay",
        "aabbe",
        "aabo",
        "hooyaday",
        "hooyo",
        "walaalkay",
        "walaashay",
        "adeerkay",
        "abtigay",
        "eedaday",
        "habaryartay",
        "awoowgay",
        "ayeeyday",
        "macallinkay",
        "macallinka",
        "isaga",
        "iyada",
        "iyaga",
        "qof",
        "qoyskayga",
        "reerkayga",
    ),
}

CONCERNS = {
    "self_harm": (
        "rabaa|doonayaa inaan dhinto",  # I want to die
        "dhimasho ayaan rabaa",
        "waan dhiman rabaa",
        "is dilo|dili|dilaa|dilayaa|dilay",  # kill myself
        "isdil*",  # suicide
        "naftayda dilo|dili|dilaa|dilayaa",
        "is dhaawac*",  # hurt myself
        "naftayda dhaawac*",
        "ma rabo inaan noolaado",  # I don't want to live
        "nolosha ka daalay|daalnay|quustay",
    ),
    "abuse": (
        "i garaac*",  # hits me
        "<people> i garaac*",
        "i jirdil*",  # abuses me physically
        "jirdil*",
        "i taabtaa|taabtay|taabto|taabtaan|taabteen|taabta",  # touches me
        "kufs*",  # rape
        "xadgudub galmo*",  # sexual abuse
        "i faraxumeey*",
        "cunto ima siiyaan|siiso|siiyo|siisaa",  # they don't give me food
        "i gubaa|gubay|gubtaa",  # burns me
    ),
    "violence": (
        "waan ku dilayaa",  # I will kill you
        "ku dili doonaa",
        "i dili doonaa|doona|doonaan",  # will kill me
        "i dilayaa|dilaysaa|dilayaan",
        "hanjabaad*",  # threat
        "i hanjab*",
        "mindi",  # knife
        "bastoolad*",  # pistol
        "bunduq*",
    ),
    "unsafe": (
        "ammaan ma ahi|ihi|dareemo|dareemayo",  # I am not safe
        "nabad ma ahi|ihi|dareemo|dareemayo",
        "<people> waan ka baqaa|baqayaa|cabsadaa",  # I am afraid of …
        "waan ka baqaa|baqayaa|cabsadaa <people>",
        "guriga waan ka baqaa|baqayaa|cabsadaa",
        "ma rabo inaan guriga aado|tago",  # don't want to go home
        "ma rabo inaan guriga ku noqdo",
        "guriga ka carar*",  # run away from home
        "cagajugl*",  # bullying
    ),
    "help": (
        "i caawi|caawiya|caawiyaa",  # help me
        "caawimaad|caawimo ayaan u baahanahay",  # I need help
        "waxaan u baahanahay caawimaad|caawimo",
        "i badbaadi|badbaadiya",  # save me
        "waxaan rabaa inaan qof la hadlo",  # I want to talk to someone
    ),
}

NOT_CONCERNS = (
    # "this waiting will kill me (with boredom)"
    "sugitaan* ... i dilayaa|dilaysaa",
    "gaajo|harraad|caajis ... i dilayaa|dilaysaa",
    "i dilayaa|dilaysaa ... caajis|gaajo|harraad",
)
