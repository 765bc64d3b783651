"""Serbian (Latin script) cases for waitingroom/privacy/lexicon/sr_Latn.py. NEEDS REVIEW by a native speaker."""

POSITIVES = [
    ("ponekad hoću da se ubijem", "self_harm"),
    ("ne želim više da živim", "self_harm"),
    ("sečem se kad sam sama", "self_harm"),
    ("razmišljam o samoubistvu", "self_harm"),
    ("tata me tuče kad je pijan", "abuse"),
    ("očuh me pipa i dira", "abuse"),
    ("niko ne brine za mene", "abuse"),
    ("ubiću ga kad izađem", "violence"),
    ("brat ima nož i preti mi", "violence"),
    ("plašim se svog oca", "unsafe"),
    ("ne osećam se bezbedno kod kuće", "unsafe"),
    ("u školi me maltretiraju svaki dan", "unsafe"),
    ("molim vas pomozite mi", "help"),
    ("moram da razgovaram sa nekim", "help"),
]

LOOK_ALIKES = [
    "Umreću od smeha, crtani je super",
    "ubiću se od dosade, čekamo dva sata",
    "Tata me dovezao kolima i čekao sa mnom",
    "Plašim se igle, ali sestra je bila fina",
    "Lekarka mi je sve lepo objasnila",
    "Niko nije morao dugo da čeka, hvala",
]

NAMES = [
    ("Zdravo, zovem se Milica i imam 9 godina", "Milica", "i imam 9 godina"),
    ("moj sin se zove Nikola i bio je nervozan", "Nikola", "i bio je nervozan"),
    ("Ja sam Jelena, čekamo već dugo", "Jelena", "čekamo već dugo"),
]
