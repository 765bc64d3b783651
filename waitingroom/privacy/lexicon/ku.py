"""Kurmanji (Northern Kurdish), Latin script: standard spelling and common
spoken forms. Children often type without the hats and dots (î, ê, û, ç, ş);
matching strips accents, so "dixwazim bimirim" also matches plain spellings
(ç and ş fold to c and s). A DRAFT: these lists need review by a native speaker
who knows how Kurmanji-speaking children and teenagers write (see the package
docstring for the syntax).
"""

NAME_INTRODUCTIONS = (
    "navê min",  # my name (is)
    "navê wî",  # his name
    "navê wê",  # her name
    "navê kurê min",  # my son's name
    "navê keça min",  # my daughter's name
    "navê zarokê min",  # my child's name
    "ji min re dibêjin",  # they call me
    "nav:",
)

NOT_NAMES = (
    "e",
    "ye",
    "û",
    "jî",
    "ji",
    "ez",
    "tu",
    "ew",
    "min",
    "erê",
    "na",
    "niha",
    "vir",
    "li",
    "bi",
    "ku",
    "kurd",
    "kurdî",
    "kur",
    "keç",
    "zarok",
    "dê",
    "bav",
    "sal",
    "salî",
    "baş",
    "xemgîn",
    "westiyayî",
    "nexweş",
    "birçî",
    "tirsiyayî",
)

WORD_SETS = {
    "people": (
        "bavê min",
        "bavo",
        "bavê xwe",
        "diya min",
        "dayika min",
        "dayê",
        "birayê min",
        "xwişka min",
        "apê min",
        "xalê min",
        "bapîrê min",
        "dapîra min",
        "zirbavê min",
        "zirdayika min",
        "mamosteyê min",
        "mamosteya min",
        "ew",
        "wan",
        "wî",
        "kesek",
        "malbata min",
    ),
}

CONCERNS = {
    "self_harm": (
        "dixwazim bimirim",  # I want to die
        "xwezî ez bimirim|mirima|miribama",
        "xwezî bimirim|mirima|miribama",
        "xwe bikujim|dikujim|kuştim",  # kill myself
        "xwekuj*",  # suicide
        "xwe birîndar dikim|bikim|kir",  # hurt myself
        "zirarê didim xwe",
        "naxwazim bijîm",  # I don't want to live
        "ji jiyanê westiyam|bêzar",  # tired of life
    ),
    "abuse": (
        "li min dixe|dixin|xist|xistin",  # hits me
        "<people> li min dide|didin",
        "lêdana <people>",
        "min lêdide|lêdidin|lêxist|lêxistin",
        "destê xwe li min dide|didin|da|dan|dida",  # touches me
        "destdirêj*",  # sexual assault
        "tecawiz*",  # rape
        "îşkence*",  # torture
        "xwarinê|xwarin nadin min",  # they don't give me food
        "min dişewitîne|dişewitînin|şewitand",  # burns me
    ),
    "violence": (
        "te bikujim",  # (I will) kill you
        "min bikuje|bikujin|dikuje|dikujin",  # (will) kill me
        "gef li min dixwe|dixwin|xwar",  # threatens me
        "gefan li min",
        "kêrê|kêrekê",  # knife
        "tivingê|tiving|demançe",  # gun, pistol
        "bombe",
    ),
    "unsafe": (
        "ez ne ewle me|im",  # I am not safe
        "xwe ewle hîs nakim",  # I don't feel safe
        "ji <people> ditirsim|tirsiyam",  # I am afraid of …
        "naxwazim herim|vegerim malê",  # I don't want to go home
        "ji malê birevim|reviyam|direvim",  # run away from home
        "min tacîz dikin|dike",  # bully / harass me
    ),
    "help": (
        "alîkariya min bikin|bike",  # help me
        "hewcedariya min bi alîkariyê heye",  # I need help
        "alîkarî lazim e|divê",
        "min xilas bikin|bike",  # save me
        "dixwazim bi yekî|kesekî re biaxivim",  # I want to talk to someone
    ),
}

NOT_CONCERNS = (
    # "the waiting is killing me"
    "bendewarî|bendewariyê|li bendê ... min dikuje",
    "ji kenan dimirim|mirim",  # dying of laughter
)
