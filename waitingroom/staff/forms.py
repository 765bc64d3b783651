"""Staff forms (WTForms, CSRF-protected). Labels go through Babel."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from waitingroom.youth.links import MAX_LINK_DAYS, MAX_MEMBERS
from waitingroom.youth.rounds import MAX_OUTCOME


class GroupForm(FlaskForm):
    # Translators: the name of a youth reference group, e.g. "Youth council 2026".
    name = StringField(_l("Group name"), validators=[DataRequired(), Length(max=120)])
    members = IntegerField(
        # Translators: how many personal links to make, one per member of the youth group.
        _l("Number of members"),
        validators=[InputRequired(), NumberRange(min=1, max=MAX_MEMBERS)],
        default=10,
    )
    link_days = IntegerField(
        _l("Links work for this many days"),
        validators=[InputRequired(), NumberRange(min=1, max=MAX_LINK_DAYS)],
        default=365,
    )
    submit = SubmitField(_l("Create the group and its links"))


class MembersForm(FlaskForm):
    count = IntegerField(
        _l("New members"),
        validators=[InputRequired(), NumberRange(min=1, max=MAX_MEMBERS)],
        default=1,
    )
    submit = SubmitField(_l("Add members"))


class RoundForm(FlaskForm):
    # Translators: which consultation (a set of questions) the youth group answers.
    flow = SelectField(_l("Questions"), validators=[DataRequired()])
    opens_on = DateField(_l("Opens on"), validators=[InputRequired()])
    # Translators: the last day on which members can answer or change their answer.
    closes_on = DateField(_l("Last day to answer"), validators=[InputRequired()])
    submit = SubmitField(_l("Open the round"))


def outcome_form(locales, texts: dict[str, str]):
    """Staff's "what we did with it", one text box per shipped language."""

    class OutcomeForm(FlaskForm):
        submit = SubmitField(_l("Save the note"))

    for info in locales:
        field = TextAreaField(
            info.name,
            validators=[Optional(), Length(max=MAX_OUTCOME)],
            default=texts.get(info.code, ""),
            render_kw={"lang": info.tag, "dir": info.direction},
        )
        setattr(OutcomeForm, f"text_{info.code}", field)
    return OutcomeForm
