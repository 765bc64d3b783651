"""Bosnian cases for waitingroom/privacy/lexicon/bs.py. NEEDS REVIEW by a native speaker."""

POSITIVES = [
    ("Ponekad hoću da se ubijem", "self_harm"),
    ("ne želim više živjeti", "self_harm"),
    ("rezala sam se opet sinoć", "self_harm"),
    ("mislim na samoubistvo", "self_harm"),
    ("tata me tuce kad je ljut", "abuse"),
    ("očuh me dira po tijelu", "abuse"),
    ("niko se ne brine o meni kod kuće", "abuse"),
    ("ubit ću ga kad izađem", "violence"),
    ("brat ima nož i prijeti mi", "violence"),
    ("bojim se svog oca", "unsafe"),
    ("ne želim ići kući večeras", "unsafe"),
    ("u školi me maltretiraju svaki dan", "unsafe"),
    ("molim vas pomozite mi", "help"),
    ("moram s nekim razgovarati", "help"),
]

LOOK_ALIKES = [
    "Umrijet ću od smijeha, crtani je super",
    "ubit ću se od dosade ovdje, čekamo dva sata",
    "Tata me dovezao autom i čekao sa mnom",
    "Bojim se igle, ali sestra je bila fina",
    "Doktorica mi je sve lijepo objasnila",
    "Sestra mi je pomogla da nađem toalet",
]

NAMES = [
    ("Zdravo, zovem se Amra i imam 9 godina", "Amra", "i imam 9 godina"),
    ("moj sin se zove Tarik i bio je nervozan", "Tarik", "i bio je nervozan"),
    ("Ja sam Emina, čekamo već dugo", "Emina", "čekamo već dugo"),
]
