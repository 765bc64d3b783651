"""Free text is scrubbed of identifiers before it is stored (DESIGN.md §2 rule 2).

The tables are module-level so they can be run on their own:
`python -m waitingroom.privacy < file` or a loop over IDENTIFIERS/ORDINARY.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tests import lexicon_cases
from waitingroom.privacy.scrubbing import (
    EMAIL,
    NAME,
    PERSONNUMMER,
    PHONE,
    PLACEHOLDERS,
    Scrubbed,
    scrub,
)

# (text, kind, what must vanish, what must stay)
IDENTIFIERS: list[tuple[str, str, tuple[str, ...], tuple[str, ...]]] = [
    # Personal identity and coordination numbers; check digits are deliberately wrong or random.
    (
        "Mitt personnummer är 20120315-1234",
        "personnummer",
        ("20120315-1234",),
        ("Mitt personnummer är",),
    ),
    ("pnr 120315-1234 tack", "personnummer", ("120315-1234",), ("pnr", "tack")),
    ("1203151234", "personnummer", ("1203151234",), ()),
    ("201203151234", "personnummer", ("201203151234",), ()),
    ("12 03 15-12 34", "personnummer", ("12 03 15-12 34",), ()),
    ("120315 1234", "personnummer", ("120315 1234",), ()),
    ("2012 03 15 1234", "personnummer", ("2012 03 15 1234",), ()),
    ("2012-03-15-1234", "personnummer", ("2012-03-15-1234",), ()),
    ("12.03.15-1234", "personnummer", ("12.03.15-1234",), ()),
    (
        "farfar är 100 år: 191203151230 eller 120315+1230",
        "personnummer",
        ("191203151230", "120315+1230"),
        ("farfar är 100 år:",),
    ),
    ("samordningsnummer 120375-1234", "personnummer", ("120375-1234",), ("samordningsnummer",)),
    ("min son 150612–4321 väntade", "personnummer", ("150612–4321",), ("min son", "väntade")),
    ("(120315-1234)", "personnummer", ("120315-1234",), ("(", ")")),
    ("120315 - 1234.", "personnummer", ("120315 - 1234",), (".",)),
    (
        "my personal number is 080101-9876.",
        "personnummer",
        ("080101-9876",),
        ("my personal number is",),
    ),
    ("my id is 200801019876", "personnummer", ("200801019876",), ("my id is",)),
    ("رقمي الشخصي ١٢٠٣١٥-١٢٣٤", "personnummer", ("١٢٠٣١٥-١٢٣٤",), ("رقمي الشخصي",)),
    ("شماره ۱۲۰۳۱۵-۱۲۳۴", "personnummer", ("۱۲۰۳۱۵-۱۲۳۴",), ("شماره",)),
    ("رقم ابني ٢٠١٥٠٣٠٨٤٤٥٥", "personnummer", ("٢٠١٥٠٣٠٨٤٤٥٥",), ("رقم ابني",)),
    ("کد ملی پسرم ۲۰۱۵۰۳۰۸۴۴۵۵ است", "personnummer", ("۲۰۱۵۰۳۰۸۴۴۵۵",), ("کد ملی پسرم", "است")),
    ("شماره شخصی‌ام ۱۲۰۳۱۵ ۱۲۳۴", "personnummer", ("۱۲۰۳۱۵ ۱۲۳۴",), ("شماره شخصی‌ام",)),
    ("پرسون‌نومر: ۱۲۰۳۱۵+۱۲۳۴.", "personnummer", ("۱۲۰۳۱۵+۱۲۳۴",), ("پرسون‌نومر:", ".")),
    # Phone numbers
    ("ring mig på 070-123 45 67", "phone", ("070-123 45 67",), ("ring mig på",)),
    ("0701234567", "phone", ("0701234567",), ()),
    ("+46 70 123 45 67", "phone", ("+46 70 123 45 67",), ()),
    ("0046701234567", "phone", ("0046701234567",), ()),
    ("031-12 34 56", "phone", ("031-12 34 56",), ()),
    ("08-123 456 78", "phone", ("08-123 456 78",), ()),
    ("073 123 45 67 efter kl 17", "phone", ("073 123 45 67",), ("efter kl 17",)),
    ("+46 (0)70 123 45 67", "phone", ("+46 (0)70 123 45 67",), ()),
    ("0303-12 34 56", "phone", ("0303-12 34 56",), ()),
    ("tel:0701234567", "phone", ("0701234567",), ("tel:",)),
    ("46701234567", "phone", ("46701234567",), ()),
    ("call me on +44 7700 900123", "phone", ("+44 7700 900123",), ("call me on",)),
    ("my number +1 (555) 123-4567", "phone", ("+1 (555) 123-4567",), ("my number",)),
    ("text 0046 70 123 45 67 please", "phone", ("0046 70 123 45 67",), ("text", "please")),
    ("رقمي ٠٧٠١٢٣٤٥٦٧", "phone", ("٠٧٠١٢٣٤٥٦٧",), ("رقمي",)),
    ("هاتفي +٤٦٧٠١٢٣٤٥٦٧", "phone", ("+٤٦٧٠١٢٣٤٥٦٧",), ("هاتفي",)),
    ("شماره‌ی من ۰۷۰-۱۲۳ ۴۵ ۶۷ است", "phone", ("۰۷۰-۱۲۳ ۴۵ ۶۷",), ("شماره‌ی من", "است")),
    ("با ۰۰۴۶۷۰۱۲۳۴۵۶۷ تماس بگیرید", "phone", ("۰۰۴۶۷۰۱۲۳۴۵۶۷",), ("با", "تماس بگیرید")),
    ("موبایلم ۰۷۳۱۲۳4567", "phone", ("۰۷۳۱۲۳4567",), ("موبایلم",)),  # mixed digits
    # E-mail addresses
    ("mejla sara.andersson@gmail.com", "email", ("sara.andersson", "gmail.com"), ("mejla",)),
    ("tom_smith99@hotmail.co.uk wrote this", "email", ("tom_smith99", "hotmail"), ("wrote this",)),
    ("sara(at)hotmail.com", "email", ("sara", "hotmail"), ()),
    ("skriv till sara at gmail dot com", "email", ("sara", "gmail"), ("skriv till",)),
    ("بريدي ahmad.ali@yahoo.com", "email", ("ahmad.ali", "yahoo"), ("بريدي",)),
    ("ایمیلم sara.ahmadi@gmail.com است", "email", ("sara.ahmadi", "gmail"), ("ایمیلم", "است")),
    # Self-introduced names: Swedish
    ("Hej jag heter Sara och är 9 år", "name", ("Sara",), ("Hej jag heter", "och är 9 år")),
    ("mitt namn är Sara Andersson", "name", ("Sara", "Andersson"), ("mitt namn är",)),
    ("jag är Sara", "name", ("Sara",), ("jag är",)),
    ("Jag är Saras mamma", "name", ("Saras",), ("Jag är", "mamma")),
    ("jag heter sara andersson", "name", ("sara", "andersson"), ("jag heter",)),
    ("min son heter Ali", "name", ("Ali",), ("min son heter",)),
    ("JAG HETER ELSA", "name", ("ELSA",), ("JAG HETER",)),
    ("kalla mig Kalle", "name", ("Kalle",), ("kalla mig",)),
    ("Jag heter: Noah", "name", ("Noah",), ("Jag heter:",)),
    ("jag ar Anna-Karin", "name", ("Anna", "Karin"), ("jag ar",)),
    # Self-introduced names: English
    ("my name is Tom", "name", ("Tom",), ("my name is",)),
    ("I'm Tom Smith", "name", ("Tom", "Smith"), ("I'm",)),
    ("I am called Tom", "name", ("Tom",), ("I am called",)),
    ("call me Tom", "name", ("Tom",), ("call me",)),
    ("Hi, im Lily and I waited an hour", "name", ("Lily",), ("Hi, im", "and I waited an hour")),
    ("My daughter is called Maya", "name", ("Maya",), ("My daughter is called",)),
    ("my name is liam", "name", ("liam",), ("my name is",)),
    ("I’m Oliver, 12 years old", "name", ("Oliver",), ("I’m", ", 12 years old")),
    ("my name is محمد", "name", ("محمد",), ("my name is",)),
    # Self-introduced names: Arabic
    ("اسمي سارة", "name", ("سارة",), ("اسمي",)),
    ("أنا اسمي سارة", "name", ("سارة",), ("أنا اسمي",)),
    ("انا اسمي محمد علي", "name", ("محمد", "علي"), ("انا اسمي",)),
    ("اسمي سارة وعمري ٨ سنوات", "name", ("سارة",), ("اسمي", "وعمري ٨ سنوات")),
    ("اسمي هو أحمد", "name", ("أحمد",), ("اسمي هو",)),
    ("إسمي ليلى", "name", ("ليلى",), ("إسمي",)),
    ("مرحبا، أنا اسمي فاطمة، عمري ١٠", "name", ("فاطمة",), ("مرحبا، أنا اسمي", "، عمري ١٠")),
    ("اسمُي يوسف في الغرفة", "name", ("يوسف",), ("في الغرفة",)),
    ("اسم ابني عمر", "name", ("عمر",), ("اسم ابني",)),
    # Self-introduced names: Persian, introduced before the name or framing it
    ("اسم من سارا است", "name", ("سارا",), ("اسم من", "است")),
    ("اسمم مریم احمدی است و ۱۰ سالمه", "name", ("مریم", "احمدی"), ("اسمم", "است و ۱۰ سالمه")),
    ("اسمم ساراست", "name", ("ساراست",), ("اسمم",)),
    ("نام من محمد‌رضا است", "name", ("محمد‌رضا", "رضا"), ("نام من", "است")),
    ("اسم پسرم آرش است", "name", ("آرش",), ("اسم پسرم", "است")),
    ("سلام، من علی هستم", "name", ("علی",), ("سلام، من", "هستم")),
    ("من رضا محمدی هستم", "name", ("رضا", "محمدی"), ("من", "هستم")),
    ("من مادر سارا هستم", "name", ("سارا",), ("من مادر", "هستم")),
    ("دوستام منو علی صدا میکنن", "name", ("علی",), ("دوستام منو", "صدا میکنن")),
    ("همه نازی صدام می‌کنند", "name", ("نازی",), ("همه", "صدام می‌کنند")),
    ("نيما صدايم ميكنند", "name", ("نيما",), ("صدايم ميكنند",)),  # typed on an Arabic keyboard
    ("بهم کیان می‌گن", "name", ("کیان",), ("بهم", "می‌گن")),
]

# Text that must be stored exactly as written.
ORDINARY: list[str] = [
    # Swedish
    "kl 14:30",
    "vi kom 10.15 och gick 11.45",
    "jag är 8 år",
    "jag är ledsen",
    "Jag är Ledsen och Trött",
    "JAG ÄR ARG",
    "väntade 45 minuter",
    "rum 12",
    "15 mars",
    "2024-03-15",
    "15/3",
    "2023",
    "3 gånger",
    "jag väntade från 08.15 till 10.45",
    "kl 08:30–09:15",
    "det tog 1-2 timmar",
    "2024-03-15 kl 14.30",
    "betyg 5 av 5, alltså 10/10",
    "ring BRIS 116 111 eller 1177, vid nöd 112",
    "Självmordslinjen 90101",
    "Vad heter det?",
    "Vad heter läkaren?",
    "född 2012-03-15",
    "ordernr 1234567890",
    "10 000 steg och 1 200 000 kr",
    "Rum 1203 och 1504",
    "2019, 2020, 2021, 2022, 2023",
    "Vi väntade 2024-03-15 10:00-12:30",
    "jag är inte nöjd",
    "det kostade 120 kr",
    "år 2023 och 2024 var vi här 3 gånger",
    "vi var 3 syskon, 5, 8 och 11 år",
    "Väntan var 2 h 15 min, från 13:05",
    # English
    "I'm 12",
    "waited 90 min",
    "room 204",
    "I am 8 years old",
    "I'm tired",
    "I'm Not happy",
    "I'm Swedish",
    "we came at 9:45 and left at 11:30",
    "rated 4/5",
    "it took 2 hours 15 minutes",
    "My name is not important",
    "I called the nurse",
    "Call me back later",
    "in 2023 we waited 3 times, 20-30 minutes each",
    "on 15/03/2024 at 10.15",
    # Arabic, with Arabic-Indic and Persian digits in ordinary use
    "انتظرت ٤٥ دقيقة",
    "عمري ٨ سنوات",
    "الغرفة رقم ١٢",
    "الساعة ١٠:٣٠",
    "أنا تعبان",
    "الممرضة ساعدتني",
    "١٥/٣/٢٠٢٤",
    "انتظرنا ساعتين، من ٩ إلى ١١",
    "سال ۱۴۰۲",
    "شكرا جزيلا",
    "من ٢٠٢٤-٠٣-١٥ إلى ٢٠٢٤-٠٤-٠١",
    # Persian
    "۴۵ دقیقه منتظر ماندیم",
    "من ۱۲ سالمه",
    "اتاق شماره‌ی ۱۲",
    "ساعت ۱۰:۳۰",
    "۱۴۰۳/۰۱/۱۵",
    "از ساعت ۹ تا ۱۱ منتظر بودیم",
    "با BRIS ۱۱۶ ۱۱۱ یا ۱۱۲ تماس بگیر",
    "من خسته هستم",
    "من خیلی ناراحت هستم",
    "من دانش‌آموز هستم",
    "من ایرانی هستم",
    "من اینجا هستم",
    "اسم من مهم نیست",
    "اسمش یادم نیست",
    "اسمم رو نمیگم",
    "پرستار خیلی مهربان بود",
]


def _digits(text: str) -> str:
    return "".join(str(unicodedata.digit(char)) for char in text if char.isdigit())


@pytest.mark.parametrize(("text", "kind", "gone", "kept"), IDENTIFIERS)
def test_identifiers_vanish(text, kind, gone, kept):
    result = scrub(text)
    assert PLACEHOLDERS[kind] in result.text
    assert kind in result.found
    for secret in gone:
        assert secret not in result.text
        if _digits(secret):
            assert _digits(secret) not in _digits(result.text)
    for words in kept:
        assert words in result.text


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_numbers_survive(text):
    assert scrub(text) == Scrubbed(text, ())


def test_the_tables_cover_four_languages_and_a_hundred_and_fifty_cases():
    assert len(IDENTIFIERS) + len(ORDINARY) >= 150
    assert {kind for _, kind, _, _ in IDENTIFIERS} == set(PLACEHOLDERS)


@pytest.mark.parametrize(("text", "name", "kept", "language"), lexicon_cases.names())
def test_a_child_introducing_themselves_in_any_language_loses_the_name(text, name, kept, language):
    result = scrub(text)
    assert name not in result.text, language
    assert NAME in result.text
    assert kept in result.text


def test_placeholders_are_language_neutral_tokens():
    assert (PERSONNUMMER, PHONE, EMAIL, NAME) == (
        "[personnummer]",
        "[telefon]",
        "[e-post]",
        "[namn]",
    )


def test_found_lists_each_kind_once_in_order_of_appearance():
    result = scrub("Jag heter Sara, 070-123 45 67, sara@example.se, 120315-1234, 0701112233")
    assert result.found == ("name", "phone", "email", "personnummer")
    assert result.text == "Jag heter [namn], [telefon], [e-post], [personnummer], [telefon]"


def test_scrubbed_is_frozen():
    result = scrub("jag heter Sara")
    with pytest.raises(AttributeError):
        result.text = "jag heter Sara"  # type: ignore[misc]


# --- properties ---------------------------------------------------------------

_FRAGMENTS = [
    "jag heter",
    "Sara",
    "sara",
    "jag är",
    "my name is",
    "I'm",
    "Tom",
    "اسمي",
    "سارة",
    "اسمم",
    "من",
    "هستم",
    "صدام می‌کنند",
    "‌",
    "۰۷۰",
    "و",
    "070",
    "-",
    "+",
    "+46",
    "00",
    "123",
    "45",
    "67",
    "1203",
    "15",
    "-1234",
    "1234",
    "(",
    ")",
    "@",
    "a@b.se",
    "(at)",
    ".",
    ",",
    ":",
    " ",
    "19",
    "20",
    "٠٧٠",
    "١٢٠٣١٥",
    "۱۲",
    "–",
    "[namn]",
    "[telefon]",
    "\u200f",
    "\u00a0",
    "at",
    "dot",
    "com",
    "heter",
    "Bo",
]
_MIXED = st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=6)), max_size=14).flatmap(
    lambda parts: st.sampled_from(["", " ", "-"]).map(lambda glue: glue.join(parts))
)


@given(st.text())
def test_scrub_never_raises(text):
    assert isinstance(scrub(text), Scrubbed)


@given(_MIXED)
def test_scrubbing_twice_changes_nothing(text):
    once = scrub(text).text
    assert scrub(once).text == once


@given(st.text())
def test_only_a_name_introduction_can_lengthen_text_without_digits_or_at_signs(text):
    assume("@" not in text and not any(char.isdigit() for char in text))
    result = scrub(text)
    if "name" not in result.found:
        assert len(result.text) <= len(text)
        assert result.found or result.text == text


_LETTERS = "abcdefghijklmnopqrstuvwxyzåäöABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖسارةمحمدیک"
_DIGIT_SETS = ("0123456789", "٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹")
_STYLES = (
    "{yyyy}{mm}{dd}-{nnnn}",
    "{yy}{mm}{dd}-{nnnn}",
    "{yy}{mm}{dd}+{nnnn}",
    "{yy}{mm}{dd}{nnnn}",
    "{yyyy}{mm}{dd}{nnnn}",
    "{yy} {mm} {dd}-{nn} {nn2}",
    "{yy}{mm}{dd} {nnnn}",
    "{yyyy}{mm}{dd} {nnnn}",
    "{yyyy}-{mm}-{dd}-{nnnn}",
    "{yy}{mm}{dd} - {nnnn}",
)


@st.composite
def personnummer_in_words(draw):
    year = draw(st.integers(1900, 2025))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 28)) + draw(st.sampled_from([0, 60]))  # coordination: day + 60
    serial = f"{draw(st.integers(0, 9999)):04d}"  # any check digit, right or wrong
    number = draw(st.sampled_from(_STYLES)).format(
        yyyy=f"{year:04d}",
        yy=f"{year % 100:02d}",
        mm=f"{month:02d}",
        dd=f"{day:02d}",
        nnnn=serial,
        nn=serial[:2],
        nn2=serial[2:],
    )
    digits = draw(st.sampled_from(_DIGIT_SETS))
    number = number.translate(str.maketrans("0123456789", digits))
    words = st.lists(st.text(alphabet=_LETTERS, min_size=1, max_size=8), max_size=3)
    return " ".join([*draw(words), number, *draw(words)])


@given(personnummer_in_words())
def test_any_plausible_personnummer_vanishes(text):
    result = scrub(text)
    assert not any(char.isdigit() for char in result.text)
    # A bare ten-digit number starting 070… is also a Swedish mobile number.
    assert PERSONNUMMER in result.text or PHONE in result.text
