"""Meänkieli cases (low-confidence drafts; NEEDS REVIEW by a native speaker)."""

POSITIVES = [
    ("mie tahon kuola", "self_harm"),
    ("mie tapan itteni", "self_harm"),
    ("isä lyöpi minua", "abuse"),
    ("mie tapan sut", "violence"),
    ("mie en ole turvassa kotona", "unsafe"),
    ("mie tarvitten apua", "help"),
]

LOOK_ALIKES = [
    "Met oottima 45 minuuttia mutta hoitaja oli snälli.",
    "mie tahon mennä ulos leikkimään",
    "mie tahon kuola nauruun",
]

NAMES = [
    ("Minun nimi oon Aili ja mie ootan", "Aili", "ja mie ootan"),
]
