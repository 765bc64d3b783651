"""Northern Sami cases (drafts by a non-speaker; NEEDS REVIEW by a native speaker)."""

POSITIVES = [
    ("mun háliidan jápmit", "self_harm"),
    ("mun haliidan japmit", "self_harm"),  # typed without accents
    ("muhtumin bávččagahtán iežan", "self_harm"),
    ("áhčči cápmá mu", "abuse"),
    ("son guoská munnje ja in háliit", "abuse"),
    ("mun goddán du", "violence"),
    ("sus lea niibi", "violence"),
    ("in leat oadjebas ruovttus", "unsafe"),
    ("in duostta mannat ruoktot", "unsafe"),
    ("veahket mu", "help"),
    ("dárbbašan veahki dál", "help"),
]

LOOK_ALIKES = [
    "Mii vurddiimet 45 minuhta, muhto buohccedivšu lei buorre.",
    "mun háliidan eallit ja stoahkat",
    "dovden iežan oadjebassan dáppe",
]

NAMES = [
    ("Bures, mu namma lea Ánte ja mun vuordán", "Ánte", "ja mun vuordán"),
]
