"""Sorani (Central Kurdish), Arabic script: standard spelling and common
spoken forms. Matching folds ی/ي and ک/ك together, as for Persian. Sorani
joins the copula to the name ("ناوم سارایە", my name is Sara), so the whole
word goes, copula and all. A DRAFT: these lists need review by a native
speaker who knows how Sorani-speaking children and teenagers write (see the
package docstring for the syntax).
"""

NAME_INTRODUCTIONS = (
    "ناوم",  # my name (is)
    "ناوی من",
    "ناوی کوڕەکەم",  # my son's name
    "ناوی کچەکەم",  # my daughter's name
    "ناوی منداڵەکەم",  # my child's name
    "پێم دەڵێن",  # they call me
    "ناو:",
)

NOT_NAMES = (
    "و",
    "لە",
    "بە",
    "بۆ",
    "کە",
    "ئەو",
    "ئەم",
    "من",
    "تۆ",
    "بەڵێ",
    "نەخێر",
    "چییە",
    "چیە",
    "ئێستا",
    "لێرە",
    "کوڕ",
    "کچ",
    "منداڵ",
    "دایک",
    "باوک",
    "ساڵ",
    "ساڵە",
    "کورد",
)

WORD_SETS = {
    "people": (
        "باوکم",
        "بابم",
        "دایکم",
        "دایە",
        "براکەم",
        "برام",
        "خوشکەکەم",
        "خوشکم",
        "مامم",
        "خاڵم",
        "باپیرم",
        "داپیرم",
        "زڕباوکم",
        "زڕدایکم",
        "مامۆستاکەم",
        "مامۆستا",
        "ئەو",
        "ئەوان",
        "کەسێک",
        "خێزانەکەم",
    ),
}

CONCERNS = {
    "self_harm": (
        "دەمەوێت|دەمەوێ|ئەمەوێ بمرم",  # I want to die
        "حەز دەکەم بمرم",
        "خۆزگە مردبام|بمردمایە",
        "خۆم بکوژم|دەکوژم|کوشت",  # kill myself
        "خۆکوژی*",  # suicide
        "ئازاری خۆم دەدەم|بدەم|دا",  # hurt myself
        "نامەوێت|نامەوێ بژیم",  # I don't want to live
        "لە ژیان بێزار*",  # fed up with life
    ),
    "abuse": (
        "لێم دەدات|دەدەن|دەدا|ئەدات|ئەدەن|ئەدا",  # hits me
        "<people> لێم دا|دەدات|دەدەن",
        "دەستم لێ دەدات|دەدەن|ئەدات|دا",  # touches me
        "دەستدرێژی*",  # (sexual) assault
        "لاقەکردن*",  # rape
        "ئەشکەنجە*",  # torture
        "خواردنم نادەن|نادەنێ|پێ نادەن",  # they don't give me food
        "دەمسوتێنێت|دەمسووتێنن|سوتاندمی",  # burns me
    ),
    "violence": (
        "دەتکوژم|ئەتکوژم",  # I'll kill you
        "دەمکوژێت|دەمکوژن|ئەمکوژێ|بمکوژێت|بمکوژن",  # (will) kill me
        "هەڕەشە*",  # threat
        "چەقۆ*",  # knife
        "دەمانچە*",  # pistol
        "تفەنگ*",
        "بۆمب*",
    ),
    "unsafe": (
        "هەست بە ئاسایش ناکەم",  # I don't feel safe
        "ئاسایشم نییە",
        "لە ئاسایشدا نیم",  # I am not safe
        "لە <people> دەترسم|ئەترسم",  # I am afraid of …
        "نامەوێت|نامەوێ بچمەوە ماڵەوە|ماڵ",  # I don't want to go home
        "لە ماڵەوە|ماڵ هەڵدێم|هەڵبێم|ڕادەکەم|هەڵاتم",  # run away from home
    ),
    "help": (
        "یارمەتیم بدەن|بدە|بکەن|بکە",  # help me
        "پێویستم بە یارمەتییە|یارمەتی",  # I need help
        "ڕزگارم بکەن|بکە",  # save me
        "دەمەوێت|دەمەوێ قسە لەگەڵ کەسێک",  # I want to talk to someone
    ),
}

NOT_CONCERNS = (
    # "the waiting is killing me", "I'm dying of laughter"
    "چاوەڕێ|چاوەڕێکردن|بێزاری ... دەمکوژێت",
    "لە پێکەنینان|پێکەنین دەمرم|مردم",
)
