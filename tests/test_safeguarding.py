"""A comment that may mean a child is at risk is flagged at submit (domain.md §6.4 rule 5).

POSITIVES and LOOK_ALIKES are module-level tables: every category in every
shipped language, and the hyperbole and look-alike words that must not be
flagged.
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests import lexicon_cases
from waitingroom.i18n import SHIPPED_LOCALES
from waitingroom.privacy.lexicon import LEXICONS, fold
from waitingroom.privacy.safeguarding import CATEGORIES, Concern, assess

# (text, category, language it is written in)
POSITIVES: list[tuple[str, str, str]] = [
    # self_harm
    ("jag vill dö", "self_harm", "sv"),
    ("Jag vill dööö", "self_harm", "sv"),
    ("ibland vill jag ta livet av mig", "self_harm", "sv"),
    ("jag brukar skada mig själv", "self_harm", "sv"),
    ("jag skär mig när jag är ledsen", "self_harm", "sv"),
    ("Jag orkar inte leva längre", "self_harm", "sv"),
    ("tänker på självmord ibland", "self_harm", "sv"),
    ("I want to kill myself", "self_harm", "en"),
    ("i just want to die", "self_harm", "en"),
    ("sometimes I hurt myself", "self_harm", "en"),
    ("I don't want to live anymore", "self_harm", "en"),
    ("i cut myself", "self_harm", "en"),
    ("I WANT TO DIEEE", "self_harm", "en"),
    ("i have suicidal thoughts", "self_harm", "en"),
    ("أريد أن أموت", "self_harm", "ar"),
    ("أُرِيدُ أَنْ أَمُوتَ", "self_harm", "ar"),
    ("اريد ان اموت", "self_harm", "ar"),
    ("وأريد أن أموت", "self_harm", "ar"),
    ("سأقتل نفسي", "self_harm", "ar"),
    ("أحيانا أؤذي نفسي", "self_harm", "ar"),
    ("بدي موت", "self_harm", "ar"),
    ("فكرت في الانتحار", "self_harm", "ar"),
    ("میخوام بمیرم", "self_harm", "fa"),
    ("می‌خواهم بمیرم", "self_harm", "fa"),
    ("می خوام بمیرم", "self_harm", "fa"),
    ("ميخواهم بميرم", "self_harm", "fa"),  # typed on an Arabic keyboard
    ("گاهی به خودم آسیب می‌زنم", "self_harm", "fa"),
    ("به خودکشی فکر می‌کنم", "self_harm", "fa"),
    ("دیگه نمی‌خوام زندگی کنم", "self_harm", "fa"),
    # abuse
    ("pappa slår mig", "abuse", "sv"),
    ("Pappa slår mamma", "abuse", "sv"),
    ("han rör mig och jag vill inte", "abuse", "sv"),
    ("mamma gör mig illa", "abuse", "sv"),
    ("jag blev slagen hemma", "abuse", "sv"),
    ("my dad hits me", "abuse", "en"),
    ("he touches me", "abuse", "en"),
    ("my stepdad hurts me", "abuse", "en"),
    ("mum beats me up", "abuse", "en"),
    ("أبي يضربني", "abuse", "ar"),
    ("بابا بيضربني", "abuse", "ar"),
    ("عمي يلمسني", "abuse", "ar"),
    ("يتحرش بي", "abuse", "ar"),
    ("بابام منو می‌زنه", "abuse", "fa"),
    ("پدرم مرا می‌زند", "abuse", "fa"),
    ("ناپدریم کتکم می‌زنه", "abuse", "fa"),
    ("عموم بهم دست می‌زنه", "abuse", "fa"),
    # violence and threats
    ("han sa att han ska döda mig", "violence", "sv"),
    ("någon hotar mig", "violence", "sv"),
    ("han har en kniv", "violence", "sv"),
    ("he said he will kill me", "violence", "en"),
    ("my brother threatened to stab me", "violence", "en"),
    ("I'm going to kill him", "violence", "en"),
    ("قال إنه سيقتلني", "violence", "ar"),
    ("يهددني كل يوم", "violence", "ar"),
    ("معه مسدس", "violence", "ar"),
    ("گفت منو می‌کشه", "violence", "fa"),
    ("برادرم چاقو داره", "violence", "fa"),
    ("هر روز تهدیدم می‌کنه", "violence", "fa"),
    # not safe
    ("jag känner mig inte trygg hemma", "unsafe", "sv"),
    ("jag är rädd för pappa", "unsafe", "sv"),
    ("jag är rädd för min styvpappa", "unsafe", "sv"),
    ("vågar inte gå hem", "unsafe", "sv"),
    ("jag blir mobbad", "unsafe", "sv"),
    ("I don't feel safe at home", "unsafe", "en"),
    ("I'm not safe at home", "unsafe", "en"),
    ("I'm scared of my dad", "unsafe", "en"),
    ("I am scared of my step dad", "unsafe", "en"),
    ("I am afraid to go home", "unsafe", "en"),
    ("لست بأمان في البيت", "unsafe", "ar"),
    ("أنا خائف من أبي", "unsafe", "ar"),
    ("خائفة من زوج أمي", "unsafe", "ar"),
    ("لا أشعر بالأمان", "unsafe", "ar"),
    ("تو خونه احساس امنیت نمی‌کنم", "unsafe", "fa"),
    ("از بابام میترسم", "unsafe", "fa"),
    ("از ناپدری‌ام می ترسم", "unsafe", "fa"),
    ("نمی‌خوام برگردم خونه", "unsafe", "fa"),
    ("تو مدرسه قلدری می‌کنن", "unsafe", "fa"),
    # asking for help
    ("hjälp mig", "help", "sv"),
    ("Snälla hjälp", "help", "sv"),
    ("jag behöver hjälp", "help", "sv"),
    ("kan någon hjälpa mig", "help", "sv"),
    ("hjäääälp mig", "help", "sv"),
    ("help me please", "help", "en"),
    ("I need help", "help", "en"),
    ("Please help!", "help", "en"),
    ("ساعدني", "help", "ar"),
    ("ساعدوني من فضلك", "help", "ar"),
    ("أحتاج مساعدة", "help", "ar"),
    ("کمکم کنید", "help", "fa"),
    ("لطفاً کمکم کن", "help", "fa"),
    ("كمكم كنيد", "help", "fa"),  # typed on an Arabic keyboard
    ("می‌خوام با یه نفر حرف بزنم", "help", "fa"),
]

# (text, language): hyperbole, idioms and look-alike words that must not be flagged.
LOOK_ALIKES: list[tuple[str, str]] = [
    ("skärmen var trasig", "sv"),
    ("Skärmen på surfplattan var kladdig", "sv"),
    ("det var dödtråkigt att vänta", "sv"),
    ("så dödstråkigt", "sv"),
    ("jag dog av skratt", "sv"),
    ("jag vill dö av tristess här", "sv"),
    ("pappa ror båten på sommaren", "sv"),  # ror (rows) is not rör (touches)
    ("det rör mig inte", "sv"),
    ("jag rör mig mycket, spelar fotboll", "sv"),
    ("tack för hjälpen", "sv"),
    ("personalen var hjälpsam", "sv"),
    ("jag är rädd för sprutor", "sv"),
    ("vi väntade sex timmar", "sv"),
    ("mördande tråkigt", "sv"),
    ("läkaren var snäll och skämtade", "sv"),
    ("I almost died laughing", "en"),
    ("this wait is killing me", "en"),
    ("boring to death", "en"),
    ("I was bored to death", "en"),
    ("the doctor hit the nail on the head", "en"),
    ("the nurse was so helpful", "en"),
    ("thanks for helping my son", "en"),
    ("beats me why we waited so long", "en"),
    ("I'm scared of needles", "en"),
    ("the screen was broken", "en"),
    ("my feet are killing me", "en"),
    ("killing time with games", "en"),
    ("I nearly killed myself laughing", "en"),
    ("the needle hurt me a bit", "en"),
    ("مت من الضحك", "ar"),
    ("أموت من الضحك", "ar"),
    ("ميت من الملل", "ar"),
    ("الممرضة ساعدتني كثيرا", "ar"),
    ("أنا خائف من الإبرة", "ar"),
    ("الشاشة مكسورة", "ar"),
    ("شكرا على المساعدة", "ar"),
    ("بدي موت من الملل", "ar"),
    ("تجاوز الانتظار ساعتين", "ar"),  # exceeded: not the Persian for rape
    ("الهی بمیرم براش", "fa"),  # an everyday expression of pity
    ("از خنده مردم", "fa"),  # I died laughing
    ("مردم اینجا خیلی مهربان بودند", "fa"),  # مردم: people
    ("این انتظار داره منو می‌کشه", "fa"),  # this wait is killing me
    ("پرستار خیلی کمکم کرد", "fa"),
    ("از کمکتون ممنون", "fa"),
    ("از آمپول می‌ترسم", "fa"),
    ("کشتی‌ها را دوست دارم", "fa"),  # ships
    ("دکمه‌ی منو کار نمی‌کرد", "fa"),  # منو: the menu
    ("صفحه‌ی تبلت شکسته بود", "fa"),
    ("دلم برای مامانم تنگ شده", "fa"),
]


POSITIVES += lexicon_cases.positives()
LOOK_ALIKES += lexicon_cases.look_alikes()


@pytest.mark.parametrize(("text", "category", "language"), POSITIVES)
def test_a_child_at_risk_is_flagged(text, category, language):
    assert assess(text, language) == Concern(category)


@pytest.mark.parametrize(("text", "language"), LOOK_ALIKES)
def test_hyperbole_and_look_alikes_are_not_flagged(text, language):
    assert assess(text, language) is None


def test_the_tables_cover_every_category_in_every_language():
    assert len(POSITIVES) + len(LOOK_ALIKES) >= 140
    covered = {(category, language) for _, category, language in POSITIVES}
    languages = {lexicon.language for lexicon in LEXICONS}
    assert languages == set(SHIPPED_LOCALES)  # every language a child may write in
    assert covered == {(c, lang) for c in CATEGORIES for lang in languages}
    assert {language for _, language in LOOK_ALIKES} == languages


def test_every_language_is_checked_whatever_the_kiosk_language():
    assert assess("I want to die", "sv") == Concern("self_harm")
    assert assess("jag vill dö", "ar") == Concern("self_harm")
    assert assess("أريد أن أموت", "en") == Concern("self_harm")
    assert assess("میخوام بمیرم", "ar") == Concern("self_harm")
    assert assess("hej! I want to die", None) == Concern("self_harm")


def test_the_most_urgent_category_wins():
    assert assess("help me, I want to die") == Concern("self_harm")
    assert assess("hjälp mig, pappa slår mig") == Concern("abuse")


def test_a_real_statement_next_to_hyperbole_is_still_flagged():
    assert assess("jag dog av skratt igår men nu vill jag dö") == Concern("self_harm")


def test_a_concern_holds_nothing_from_the_text():
    concern = assess("my dad hits me, call 070-123 45 67")
    assert [field.name for field in dataclasses.fields(concern)] == ["category"]
    assert "dad" not in repr(concern)
    with pytest.raises(ValueError):
        Concern("sad")  # type: ignore[arg-type]


def test_nothing_to_flag_in_empty_or_ordinary_text():
    assert assess("") is None
    assert assess("   ") is None
    assert assess("Vi väntade 45 minuter men personalen var snäll.") is None


def test_folding_keeps_swedish_letters_and_unifies_the_rest():
    assert fold("Skär") != fold("Skar")
    assert fold("rör") != fold("ror")
    assert fold("Dööö!!") == "dö"
    assert fold("CAFÉ") == "cafe"
    assert fold("don't") == fold("dont")
    assert fold("أُرِيدُ") == fold("اريد")
    assert fold("إسمى") == fold("اسمي")
    assert fold("مساعدة") == fold("مساعده")
    assert fold("مـــوت") == fold("موت")
    assert fold("١٢٣ ۴۵") == "123 45"
    assert fold("می‌خواهم") == fold("میخواهم") != fold("می خواهم")
    assert fold("کمکم کنید") == fold("كمكم كنيد")  # Persian keheh and yeh, Arabic kaf and yeh
    assert fold("خانۀ") == fold("خانه")
    assert fold("  a \n b\t") == "a b"


@given(st.text())
def test_assess_never_raises(text):
    result = assess(text)
    assert result is None or result.category in CATEGORIES
