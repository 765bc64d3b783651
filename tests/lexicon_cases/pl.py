"""Polish cases for waitingroom/privacy/lexicon/pl.py. NEEDS REVIEW by a native speaker."""

POSITIVES = [
    ("czasem chcę się zabić", "self_harm"),
    ("nie chce mi się żyć", "self_harm"),
    ("znowu się pocięłam", "self_harm"),
    ("myślę o samobójstwie", "self_harm"),
    ("tata mnie bije jak jest pijany", "abuse"),
    ("ojczym mnie dotyka w nocy", "abuse"),
    ("nikt się mną nie zajmuje", "abuse"),
    ("zabiję go jak stąd wyjdę", "violence"),
    ("brat ma nóż i grozi mi", "violence"),
    ("boję się mojego ojca", "unsafe"),
    ("nie chcę wracać do domu", "unsafe"),
    ("w szkole mi dokuczają codziennie", "unsafe"),
    ("proszę pomóżcie mi", "help"),
    ("muszę z kimś porozmawiać", "help"),
]

LOOK_ALIKES = [
    "Umrę ze śmiechu, ta bajka jest super",
    "Tata mnie przywiózł samochodem i czekał ze mną",
    "Boję się zastrzyków, ale pielęgniarka była miła",
    "Pani doktor wszystko dobrze wytłumaczyła",
    "Dziękuję za pomoc, było miło",
    "Broń Boże, nie narzekam, wszystko było dobrze",
]

NAMES = [
    ("Cześć, mam na imię Zosia i mam 8 lat", "Zosia", "i mam 8 lat"),
    ("mój syn ma na imię Kuba i bardzo się bał", "Kuba", "i bardzo się bał"),
    ("Jestem Ola, czekamy już długo", "Ola", "czekamy już długo"),
]
