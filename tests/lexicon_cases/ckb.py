"""Sorani cases (drafts: a native speaker should review them with the lexicon)."""

POSITIVES = [
    ("دەمەوێت بمرم", "self_harm"),
    ("دەمەوێ خۆم بکوژم", "self_harm"),
    ("باوکم لێم دەدات", "abuse"),
    ("مامم دەستم لێ دەدات", "abuse"),
    ("وتی دەتکوژم", "violence"),
    ("لە باوکم دەترسم", "unsafe"),
    ("نامەوێت بچمەوە ماڵەوە", "unsafe"),
    ("تکایە یارمەتیم بدەن", "help"),
]

LOOK_ALIKES = [
    "چاوەڕێکردن دەمکوژێت",  # the waiting is killing me
    "لە پێکەنینان مردم",  # I died laughing
    "پەرستارەکە زۆر یارمەتی دام",  # the nurse helped me a lot
    "لە دەرزی دەترسم",  # I'm afraid of the needle
    "ژووری چاوەڕێ خۆش بوو",
]

NAMES = [
    ("سڵاو، ناوم ئاراسە و تەمەنم ٩ ساڵە", "ئاراس", "تەمەنم"),
    ("ناوی من شیلانە", "شیلان", "ناوی من"),
]
