"""Forms of the flow editor (WTForms, CSRF-protected). One text box per shipped language.

The rules of the flow format live in waitingroom/flows/definition.py; these forms
only carry what staff type, capped in size, and the draft is checked there.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Length, Optional

from waitingroom.flows.definition import (
    AREAS,
    AUDIENCES,
    CHANNELS,
    KIOSK_TYPES,
    MAX_OPTIONS,
    QUESTION_TYPES,
)
from waitingroom.staff.views import AREA_LABELS, AUDIENCE_LABELS

# Room to type and correct; the format's own limits are checked on the draft.
TEXT_CAP = 2000
KEY_CAP = 100

TYPE_LABELS = {
    # Translators: a question type in the flow editor: the child taps one of 3 or 5 faces.
    "faces": _l("Faces (3 or 5)"),
    # Translators: a question type: 3 to 7 worded answers from worst to best.
    "scale": _l("Worded scale"),
    "choice": _l("One choice"),
    "multi": _l("Several choices"),
    "yesno": _l("Yes or no"),
    # Translators: a question type: the person writes their own words (8 and up).
    "text": _l("Free text"),
    "rank": _l("Put in order"),
    # Translators: a question type for youth rounds: spread a number of points over options.
    "points": _l("Spread points"),
    "idea": _l("Own idea"),
    "vote": _l("Vote on the group's ideas"),
}
CHANNEL_LABELS = {
    # Translators: where a flow is answered: on the waiting-room tablets.
    "kiosk": _l("Waiting-room tablets"),
    # Translators: where a flow is answered: in the youth group's rounds, on their phones.
    "youth": _l("Youth group rounds"),
}


@cache
def pictogram_names(folder: str) -> tuple[str, ...]:
    """Every picture under static/img/ by the name flows use: pictograms/toys, faces/happy."""
    root = Path(folder) / "img"
    return tuple(
        sorted(
            str(path.relative_to(root).with_suffix("")).replace("\\", "/")
            for path in root.glob("*/*.svg")
        )
    )


def pictogram_choices() -> list[tuple[str, str]]:
    # Translators: the choice of no picture for a question or an answer.
    return [("", str(_l("No picture")))] + [
        (name, name) for name in pictogram_names(current_app.static_folder)
    ]


def _texts(form_class, prefix: str, locales) -> None:
    """One box per language, labelled with the language's own name (inside a fieldset)."""
    for info in locales:
        setattr(
            form_class,
            f"{prefix}_{info.code}",
            StringField(
                info.name,
                validators=[Optional(), Length(max=TEXT_CAP)],
                render_kw={"lang": info.tag, "dir": info.direction},
            ),
        )


class NewFlowForm(FlaskForm):
    # Translators: a flow's short name used in files and links, e.g. visit-4-7.
    key = StringField(_l("Key"), validators=[DataRequired(), Length(max=KEY_CAP)])
    # Translators: the age band a flow is for.
    audience = SelectField(_l("Who answers"))
    channel = SelectField(_l("Where"))
    title = StringField(_l("Title in Swedish"), validators=[Optional(), Length(max=TEXT_CAP)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices go on the bound fields: WTForms 3.3 deprecates tuples in declarations.
        self.audience.choices = [(a, AUDIENCE_LABELS[a]) for a in AUDIENCES]
        self.channel.choices = [(c, CHANNEL_LABELS[c]) for c in CHANNELS]


class UploadForm(FlaskForm):
    # Translators: a YAML file that describes a flow (see docs/flows.md).
    file = FileField(_l("Flow file (YAML)"), validators=[FileRequired()])


class ActionForm(FlaskForm):
    """A button that changes something; the CSRF token is all it carries."""


@cache
def title_form(locales: tuple):
    class TitleForm(FlaskForm):
        pass

    _texts(TitleForm, "title", locales)
    return TitleForm


@cache
def question_form(locales: tuple, channel: str):
    """The question editor's form: its fields, its text and its options per language."""

    class OptionForm(Form):
        key = StringField(_l("Key"), validators=[Optional(), Length(max=KEY_CAP)])
        pictogram = SelectField(_l("Picture"), validate_choice=False)

    _texts(OptionForm, "label", locales)

    types = KIOSK_TYPES if channel == "kiosk" else QUESTION_TYPES

    class QuestionForm(FlaskForm):
        key = StringField(_l("Key"), validators=[DataRequired(), Length(max=KEY_CAP)])
        type = SelectField(_l("Type"))
        # Translators: which of the programme's seven development areas a question is about.
        area = SelectField(_l("Development area"))
        # Translators: a checkbox; every question must offer "I don't want to answer".
        skippable = BooleanField(_l("Can be skipped"), default=True)
        pictogram = SelectField(_l("Picture"), validate_choice=False)
        # Translators: the most characters a free-text answer may have.
        max_length = IntegerField(_l("Longest answer (characters)"), validators=[Optional()])
        # Translators: how many points a "spread points" question hands out.
        budget = IntegerField(_l("Points to spread"), validators=[Optional()])
        options = FieldList(FormField(OptionForm), max_entries=MAX_OPTIONS)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.type.choices = [(t, TYPE_LABELS[t]) for t in types]
            self.area.choices = [(a, AREA_LABELS[a]) for a in AREAS]

    _texts(QuestionForm, "text", locales)
    return QuestionForm
