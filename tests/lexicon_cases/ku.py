"""Kurmanji cases (drafts: a native speaker should review them with the lexicon)."""

POSITIVES = [
    ("ez dixwazim bimirim", "self_harm"),
    ("ez ê xwe bikujim", "self_harm"),
    ("bavê min li min dixe", "abuse"),
    ("apê min destê xwe li min dide", "abuse"),
    ("wî got ez ê te bikujim", "violence"),
    ("ji bavê min ditirsim", "unsafe"),
    ("naxwazim herim malê", "unsafe"),
    ("ji kerema xwe alîkariya min bikin", "help"),
    ("alikariya min bikin", "help"),  # typed without hats
]

LOOK_ALIKES = [
    "ji kenan dimirim",  # I am dying of laughter
    "hemşîre gelek alîkariya min kir",  # the nurse helped me a lot
    "ez ji derziyê ditirsim",  # I am afraid of the needle
    "li bendê mayîn min dikuje",  # waiting is killing me
    "odeya bendewariyê xweş bû",
]

NAMES = [
    ("Silav, navê min Rojda ye û ez 9 salî me", "Rojda", "ez 9 salî me"),
    ("navê min Azad e", "Azad", "e"),
]
