"""Romani (Kalderash) cases (low-confidence drafts; NEEDS REVIEW by a native speaker)."""

POSITIVES = [
    ("kamav te merav", "self_harm"),
    ("chi kamav te trajiv", "self_harm"),
    ("o dad marel ma", "abuse"),
    ("ka mudarav tut", "violence"),
    ("si les churi", "violence"),
    ("chi sem sigurno khere", "unsafe"),
    ("zutisar ma", "help"),
    ("žutisar ma", "help"),  # the spelling with carons
]

LOOK_ALIKES = [
    "Ažukerdam 45 minute, numa i sestra sas lashi.",
    "kamav te trajiv thaj te khelav",
    "dukhal ma o shero",
]

NAMES = [
    ("Mo anav si Mirela thaj ažukerav", "Mirela", "thaj ažukerav"),
]
