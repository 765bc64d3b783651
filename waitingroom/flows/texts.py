"""Texts of a flow in every shipped language, and where the missing ones come from.

A tablet never shows a blank: a text missing in a language is taken from its
nearest language and then from Swedish (`i18n.fallbacks`), and the config says
which language such a text is really written in, so it is marked up and read
aloud as that language. Translations of the shipped flows live beside them in
`defaults/translations/<code>.yaml`, one file per language, and are merged in
here; a file that names a flow, question or option that does not exist is an
error, so a renamed key cannot leave a translation silently unused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import yaml

from waitingroom.flows.definition import DefinitionError

TRANSLATIONS_DIR = Path(__file__).parent / "defaults" / "translations"


def complete(
    texts: dict[str, str], locales: Iterable[str], fallbacks: Callable[[str], tuple[str, ...]]
) -> tuple[dict[str, str], dict[str, str]]:
    """(text per locale, locale → language actually used where it is not the locale's own)."""
    filled, borrowed = {}, {}
    for code in locales:
        source = next((c for c in fallbacks(code) if c in texts), None)
        if source is None and texts:
            source = next(iter(texts))  # a flow without Swedish: any text beats a blank
        if source is None:
            continue
        filled[code] = texts[source]
        if source != code:
            borrowed[code] = source
    return filled, borrowed


def complete_config(data: dict, locales, fallbacks) -> dict:
    """A flow's config (FlowVersion.as_config) with every text in every locale; texts
    taken from another language are listed under `<field>_lang` (e.g. `text_lang`)."""

    def fill(holder: dict, field: str) -> None:
        if not isinstance(holder.get(field), dict):
            return
        holder[field], borrowed = complete(holder[field], locales, fallbacks)
        if borrowed:
            holder[f"{field}_lang"] = borrowed

    fill(data, "title")
    for question in data.get("questions", []):
        fill(question, "text")
        for option in question.get("options", []):
            fill(option, "label")
    return data


def read_translation_file(path: Path) -> dict:
    """One language's translations of the shipped flows: flow key → {title, questions:
    {question key → {text, options: {option key → label}}}}."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise DefinitionError(path.name, "must map flow keys to their translations")
    return data


def merge_translations(raw: dict, code: str, flow: dict, origin: str) -> None:
    """Write one language's translations of one flow into its raw (YAML) data."""
    where = f"{origin}: {raw['key']}"
    if not isinstance(flow, dict):
        raise DefinitionError(where, "must be a mapping")
    unknown = set(flow) - {"title", "questions"}
    if unknown:
        raise DefinitionError(where, f"unknown field {', '.join(sorted(unknown))}")
    if "title" in flow:
        raw["title"] = {**raw["title"], code: flow["title"]}
    questions = {q["key"]: q for q in raw["questions"]}
    for key, texts in (flow.get("questions") or {}).items():
        question = questions.get(key)
        if question is None or not isinstance(texts, dict):
            raise DefinitionError(f"{where}.questions.{key}", "is not a question of this flow")
        if "text" in texts:
            question["text"] = {**question["text"], code: texts["text"]}
        # Options are often shared YAML anchors: copy before writing one question's labels.
        options = [dict(option) for option in question.get("options", [])]
        by_key = {str(option["key"]): option for option in options}
        for option_key, label in (texts.get("options") or {}).items():
            option = by_key.get(str(option_key))
            if option is None:
                raise DefinitionError(
                    f"{where}.questions.{key}.options.{option_key}", "is not an option here"
                )
            option["label"] = {**option["label"], code: label}
        if options:
            question["options"] = options
