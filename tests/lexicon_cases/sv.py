"""Swedish cases beyond those in test_safeguarding.py and test_scrubbing.py."""

NAMES = [
    ("Hej jag heter Sara och jag väntar", "Sara", "och jag väntar"),
    ("mitt namn är Olle, jag är 9", "Olle", "jag är 9"),
]
