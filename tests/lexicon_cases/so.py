"""Somali cases (drafts: a native speaker should review them with the lexicon)."""

POSITIVES = [
    ("waxaan rabaa inaan dhinto", "self_harm"),
    ("waan is dili doonaa", "self_harm"),
    ("ma rabo inaan noolaado", "self_harm"),
    ("aabbahay wuu i garaacaa", "abuse"),
    ("adeerkay ayaa i taabtay", "abuse"),
    ("wuu i dili doonaa", "violence"),
    ("hooyaday waan ka baqaa", "unsafe"),
    ("ma rabo inaan guriga aado", "unsafe"),
    ("fadlan i caawiya", "help"),
    ("caawimaad ayaan u baahanahay", "help"),
]

LOOK_ALIKES = [
    "gaajo ayaan u dhimanayaa",  # I am dying of hunger
    "sugitaanku wuu i dilayaa caajis",  # the wait is killing me with boredom
    "waan ka baqaa irbadda",  # I am afraid of the needle
    "kalkaalisadu aad bay ii caawisay",  # the nurse helped me a lot
    "qolka sugitaanku wuu fiicnaa",
]

NAMES = [
    ("magacaygu waa Cali, waxaan ahay 9 sano", "Cali", "waxaan ahay 9 sano"),
    ("Salaan, magacayga waa Hodan oo waan sugayaa", "Hodan", "oo waan sugayaa"),
]
