"""Croatian cases for waitingroom/privacy/lexicon/hr.py. NEEDS REVIEW by a native speaker."""

POSITIVES = [
    ("Ponekad se želim ubiti", "self_harm"),
    ("više ne želim živjeti", "self_harm"),
    ("opet se ozljeđujem, ne mogu prestati", "self_harm"),
    ("razmišljam o samoubojstvu", "self_harm"),
    ("tata me tuče kad popije", "abuse"),
    ("poočim me dira po tijelu", "abuse"),
    ("nitko se ne brine o meni", "abuse"),
    ("ubit ću ga kad izađem odavde", "violence"),
    ("brat ima nož i prijeti mi", "violence"),
    ("bojim se svojeg oca", "unsafe"),
    ("ne želim ići kući večeras", "unsafe"),
    ("u školi me maltretiraju svaki dan", "unsafe"),
    ("molim vas pomozite mi", "help"),
    ("trebam nekoga za razgovor", "help"),
]

LOOK_ALIKES = [
    "Umrijet ću od smijeha, ovaj crtić je super",
    "ubit ću se od dosade, čekamo već dva sata",
    "Tata me dovezao autom i čekao sa mnom",
    "Bojim se injekcije, ali sestra je bila draga",
    "Liječnica mi je sve lijepo objasnila",
    "Nitko nije morao dugo čekati, hvala",
]

NAMES = [
    ("Bok, zovem se Petra i imam 9 godina", "Petra", "i imam 9 godina"),
    ("moj sin se zove Luka i bio je nervozan", "Luka", "i bio je nervozan"),
    ("Ja sam Ivana, čekamo već dugo", "Ivana", "čekamo već dugo"),
]
