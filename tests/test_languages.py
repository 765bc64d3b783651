"""Twenty languages: named in themselves, right to left where they are written so,
plural forms right, and never a blank where a translation is missing."""

from __future__ import annotations

import gettext as gettext_module
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import format_date, gettext, ngettext

from waitingroom.extensions import babel
from waitingroom.flows.definition import DefinitionError, parse_definition
from waitingroom.flows.library import default_definitions, publish
from waitingroom.flows.texts import merge_translations
from waitingroom.i18n import (
    SHIPPED_LOCALES,
    FallbackDomain,
    babel_locale,
    fallbacks,
    locale_info,
)

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
RIGHT_TO_LEFT = {"ar", "fa", "fa_AF", "ckb", "yi"}


def test_the_region_s_twenty_languages_ship():
    assert set(SHIPPED_LOCALES) == {
        "sv", "en", "ar", "so", "fa", "fa_AF", "ti", "bs", "hr", "sr_Latn",
        "fi", "ckb", "ku", "pl", "tr", "uk", "se", "yi", "fit", "rom",
    }  # fmt: skip
    assert SHIPPED_LOCALES[0] == "sv"


def test_languages_are_named_in_themselves_and_written_in_their_direction():
    names = {code: locale_info(code).name for code in SHIPPED_LOCALES}
    assert names["so"] == "Soomaali" and names["ti"] == "ትግርኛ" and names["fa_AF"] == "دری"
    assert names["fit"] == "meänkieli" and names["rom"] == "romani čhib"
    assert names["se"] == "davvisámegiella" and names["yi"] == "ייִדיש"
    assert len(set(names.values())) == len(names)  # no two languages look alike in the picker
    assert {c for c in SHIPPED_LOCALES if locale_info(c).direction == "rtl"} == RIGHT_TO_LEFT
    assert locale_info("fa_AF").tag == "fa-AF" and locale_info("sr_Latn").tag == "sr-Latn"


@pytest.mark.parametrize("code", SHIPPED_LOCALES)
def test_every_language_has_a_catalog_with_its_plural_rule(code):
    with open(TRANSLATIONS / code / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalog = read_po(handle)
    expected = {"ar": 6, "pl": 3, "bs": 3, "hr": 3, "sr_Latn": 3, "uk": 3, "se": 3}
    assert catalog.num_plurals == expected.get(code, 2)


def _plural_index(code: str, n: int) -> int:
    with open(TRANSLATIONS / code / "LC_MESSAGES" / "messages.po", "rb") as handle:
        rule = read_po(handle).plural_expr
    return gettext_module.c2py(rule)(n)  # the rule as gettext itself reads it


@pytest.mark.parametrize(
    ("code", "forms"),
    [
        # Babel's order for Arabic: zero, one, two, few (3-10), 100-102, many (11-99).
        ("ar", {0: 0, 1: 1, 2: 2, 3: 3, 10: 3, 11: 5, 99: 5, 100: 4, 102: 4, 103: 3}),
        ("pl", {1: 0, 2: 1, 4: 1, 5: 2, 12: 2, 22: 1, 25: 2}),
        ("uk", {1: 0, 21: 0, 2: 1, 24: 1, 5: 2, 11: 2}),
        ("se", {1: 0, 2: 1, 3: 2}),
        ("fa", {0: 0, 1: 0, 2: 1}),
        ("sv", {1: 0, 2: 1, 0: 1}),
    ],
)
def test_plural_forms_follow_the_language(code, forms):
    assert {n: _plural_index(code, n) for n in forms} == forms


def test_meankieli_and_romani_take_swedish_formats_not_an_error(app):
    day = date(2026, 11, 23)
    with app.test_request_context("/?lang=sv"):
        swedish = format_date(day, "long")
    for code in ("fit", "rom"):
        with app.test_request_context(f"/?lang={code}"):
            assert format_date(day, "long") == swedish == "23 november 2026"
        assert str(babel_locale(code)) == code


@pytest.mark.parametrize("code", ["fit", "rom", "ckb", "fa_AF", "sr_Latn", "yi", "ti"])
def test_every_page_opens_in_every_language(client, code):
    page = client.get(f"/auth/login?lang={code}")
    assert page.status_code == 200
    info = locale_info(code)
    assert f'<html lang="{info.tag}" dir="{info.direction}"' in page.get_data(as_text=True)


def _catalog(root: Path, code: str, entries: dict[str, str]) -> None:
    folder = root / code / "LC_MESSAGES"
    folder.mkdir(parents=True)
    lines = ['msgid ""', 'msgstr ""', f'"Language: {code}\\n"', ""]
    for msgid, msgstr in entries.items():
        lines += [f'msgid "{msgid}"', f'msgstr "{msgstr}"', ""]
    (folder / "messages.po").write_text("\n".join(lines), encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "compile", "-d", str(root),
         "-D", "messages", "-l", code, "-i", str(folder / "messages.po")],
        check=True, capture_output=True,
    )  # fmt: skip


@pytest.fixture
def small_catalogs(tmp_path, app, monkeypatch):
    """The app reading tiny catalogs of our own, so fallbacks are tested whatever the
    shipped catalogs hold (a fresh domain, so no cached catalog leaks in or out)."""
    _catalog(tmp_path, "sv", {"Hello": "Hej", "Thanks": "Tack", "Bye": "Hejdå"})
    _catalog(tmp_path, "fa", {"Hello": "سلام", "Thanks": "ممنون"})
    _catalog(tmp_path, "fa_AF", {"Hello": "سلام دری"})
    _catalog(tmp_path, "so", {"Hello": "Haye"})
    monkeypatch.setattr(app.extensions["babel"], "translation_directories", [str(tmp_path)])
    monkeypatch.setattr(babel, "domain_instance", FallbackDomain())
    yield app
    babel.domain_instance = FallbackDomain()


def test_a_message_not_yet_translated_shows_in_swedish_never_blank(small_catalogs):
    with small_catalogs.test_request_context("/?lang=so"):
        assert gettext("Hello") == "Haye"
        assert gettext("Thanks") == "Tack"
    with small_catalogs.test_request_context("/?lang=en"):
        assert gettext("Thanks") == "Thanks"  # English is the source text itself
    with small_catalogs.test_request_context("/?lang=fit"):
        assert gettext("Bye") == "Hejdå"
        assert ngettext("%(num)s day", "%(num)s days", 3) == "3 days"  # no catalog entry


def test_dari_falls_back_to_persian_before_swedish(small_catalogs):
    assert fallbacks("fa_AF") == ("fa_AF", "fa", "sv")
    assert fallbacks("so") == ("so", "sv")
    with small_catalogs.test_request_context("/?lang=fa_AF"):
        assert gettext("Hello") == "سلام دری"
        assert gettext("Thanks") == "ممنون"
        assert gettext("Bye") == "Hejdå"


def test_bosnian_croatian_and_serbian_stand_in_for_each_other_without_looping():
    assert fallbacks("bs") == ("bs", "hr", "sr_Latn", "sv")
    assert fallbacks("sr_Latn")[-1] == "sv"


TWO_LANGUAGE_FLOW = {
    "key": "pilot",
    "audience": "age_8_12",
    "title": {"sv": "Pilot", "en": "Pilot"},
    "questions": [
        {
            "key": "liked",
            "type": "yesno",
            "area": "participation",
            "text": {"sv": "Tyckte du om det?", "en": "Did you like it?", "fa": "دوست داشتی؟"},
            "options": [
                {"key": "yes", "label": {"sv": "Ja", "en": "Yes"}},
                {"key": "no", "label": {"sv": "Nej", "en": "No"}},
            ],
        }
    ],
}


def test_a_tablet_gets_swedish_where_a_translation_is_missing_and_is_told_so(app):
    from waitingroom.extensions import db

    with app.app_context():
        version, _ = publish(db.session, parse_definition(TWO_LANGUAGE_FLOW, ("sv",)))
        config = version.as_config()
    question = config["questions"][0]
    assert set(question["text"]) == set(SHIPPED_LOCALES)
    assert question["text"]["so"] == "Tyckte du om det?" and question["text_lang"]["so"] == "sv"
    assert question["text"]["fa_AF"] == "دوست داشتی؟" and question["text_lang"]["fa_AF"] == "fa"
    assert "en" not in question["text_lang"] and "fa" not in question["text_lang"]
    assert question["options"][0]["label"]["ar"] == "Ja"
    assert question["options"][0]["label_lang"]["ar"] == "sv"
    assert config["title_lang"]["ti"] == "sv"


def _raw_flow():
    return {
        "key": "tiny",
        "title": {"sv": "Liten"},
        "questions": [
            {"key": "a", "text": {"sv": "A?"}, "options": SHARED},
            {"key": "b", "text": {"sv": "B?"}, "options": SHARED},
        ],
    }


SHARED = [{"key": "1", "label": {"sv": "Ledsen"}}]


def test_a_translation_file_writes_each_question_s_labels_without_touching_shared_ones():
    raw = _raw_flow()
    merge_translations(
        raw, "so", {"title": "Yar", "questions": {"a": {"options": {"1": "Murugsan"}}}}, "so.yaml"
    )
    assert raw["title"] == {"sv": "Liten", "so": "Yar"}
    assert raw["questions"][0]["options"][0]["label"] == {"sv": "Ledsen", "so": "Murugsan"}
    assert raw["questions"][1]["options"][0]["label"] == {"sv": "Ledsen"}
    assert SHARED[0]["label"] == {"sv": "Ledsen"}


@pytest.mark.parametrize(
    ("flow", "where"),
    [
        ({"questions": {"nope": {"text": "x"}}}, "so.yaml: tiny.questions.nope"),
        ({"questions": {"a": {"options": {"9": "x"}}}}, "so.yaml: tiny.questions.a.options.9"),
        ({"subtitle": "x"}, "so.yaml: tiny"),
    ],
)
def test_a_translation_of_a_key_that_does_not_exist_is_an_error(flow, where):
    with pytest.raises(DefinitionError) as caught:
        merge_translations(_raw_flow(), "so", flow, "so.yaml")
    assert caught.value.where == where


def test_shipped_flows_load_with_their_translation_files():
    assert len(default_definitions()) == 4 and len(default_definitions("youth")) == 1


def _msgids(strings: dict) -> set[str]:
    return {text._args[0] for text in strings.values() if hasattr(text, "_args")}


def _children_s_messages() -> set[str]:
    from waitingroom.kiosk.strings import KIOSK_STRINGS
    from waitingroom.youth import strings as youth

    found = _msgids(KIOSK_STRINGS)
    for value in vars(youth).values():
        if isinstance(value, dict):
            found |= _msgids(value)
    return found


@pytest.mark.parametrize("code", SHIPPED_LOCALES)
def test_every_word_a_child_or_young_person_sees_is_in_their_language(code):
    """Staff pages may fall back to Swedish; the tablet and the youth page may not."""
    with open(TRANSLATIONS / code / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalog = read_po(handle)
    wanted = _children_s_messages()
    assert len(wanted) > 80
    untranslated = sorted(
        str(message.id)
        for message in catalog
        if message.id
        and (message.id[0] if isinstance(message.id, tuple) else message.id) in wanted
        and not (all(message.string) if isinstance(message.string, tuple) else message.string)
    )
    assert untranslated == []
