"""The staff form for a "You said, we did" post: one set of texts per shipped language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional

from waitingroom.posts.services import MAX_BODY, MAX_REASON, MAX_TITLE, pictograms

STATUS_LABELS = {
    # Translators: status of a "You said, we did" post: the change has been made.
    "done": _l("Done"),
    # Translators: status of a "You said, we did" post: the change is being made.
    "in_progress": _l("In progress"),
    # Translators: status of a "You said, we did" post: the idea cannot be carried out.
    "cant_do": _l("Can't do"),
}
STATE_LABELS = {
    # Translators: a post not yet shown on tablets.
    "draft": _l("Draft"),
    # Translators: a post shown on tablets now.
    "published": _l("Published"),
    # Translators: a post taken off the tablets.
    "withdrawn": _l("Withdrawn"),
}
# What each picture shows, for staff choosing one (the kiosk shows it beside words).
PICTURE_LABELS = {
    "pictograms/books": _l("Books"),
    "pictograms/clock": _l("Clock"),
    "pictograms/contact": _l("Contact"),
    "pictograms/decide": _l("Deciding"),
    "pictograms/history": _l("History"),
    "pictograms/idea": _l("Idea"),
    "pictograms/info": _l("Information"),
    "pictograms/listen": _l("Listening"),
    "pictograms/no": _l("No"),
    "pictograms/private-talk": _l("Private talk"),
    "pictograms/quiet-corner": _l("Quiet corner"),
    "pictograms/room": _l("Room"),
    "pictograms/safe": _l("Safe"),
    "pictograms/say": _l("Saying"),
    "pictograms/screen": _l("Screen"),
    "pictograms/shorter-wait": _l("Shorter wait"),
    "pictograms/snack": _l("Snack"),
    "pictograms/something-else": _l("Something else"),
    "pictograms/speaker": _l("Speaker"),
    "pictograms/support": _l("Support"),
    "pictograms/talk": _l("Talking"),
    "pictograms/toys": _l("Toys"),
    "pictograms/yes": _l("Yes"),
    "faces/very-happy": _l("Very happy face"),
    "faces/happy": _l("Happy face"),
    "faces/inbetween": _l("In-between face"),
    "faces/sad": _l("Sad face"),
    "faces/very-sad": _l("Very sad face"),
}


def picture_choices() -> list[tuple[str, str]]:
    return [(name, PICTURE_LABELS.get(name, name.rpartition("/")[2])) for name in pictograms()]


def post_form(locales, scopes: list[tuple[str, str]]):
    """A form for one post; `scopes` are the (value, label) places the user may post to.

    Choices are set on the made form, not in the class, as WTForms 3.3 asks."""

    class PostForm(FlaskForm):
        # Translators: where a post is shown: one unit's tablets, or every tablet in the region.
        scope = SelectField(_l("Shown on"), validators=[InputRequired()])
        status = RadioField(_l("Status"), validators=[InputRequired()])
        # Translators: the picture shown with a post, for children who do not read yet.
        pictogram = RadioField(_l("Picture"), validators=[InputRequired()])
        # Translators: the date shown with a post.
        day = DateField(_l("Day shown"), validators=[InputRequired()])
        youth = BooleanField(_l("Also show it to the youth group"))
        # Translators: shows the post as the tablet will, without saving it.
        preview = SubmitField(_l("Preview"))
        save = SubmitField(_l("Save as draft"))
        publish = SubmitField(_l("Publish"))

    for info in locales:
        attrs = {"lang": info.tag, "dir": info.direction}
        fields = {
            "title": StringField(
                # Translators: the heading of a post, e.g. "More toys in the waiting room".
                _l("Title"),
                validators=[Optional(), Length(max=MAX_TITLE)],
                render_kw={**attrs, "maxlength": MAX_TITLE},
            ),
            "body": TextAreaField(
                # Translators: the few sentences of a post, under its title.
                _l("Text"),
                validators=[Optional(), Length(max=MAX_BODY)],
                render_kw={**attrs, "rows": 3, "maxlength": MAX_BODY},
            ),
            "reason": TextAreaField(
                # Translators: for a "can't do" post: why the idea cannot be carried out.
                _l("Why we can't do it"),
                validators=[Optional(), Length(max=MAX_REASON)],
                render_kw={**attrs, "rows": 2, "maxlength": MAX_REASON},
            ),
        }
        for kind, made in fields.items():
            setattr(PostForm, f"{kind}_{info.code}", made)

    form = PostForm()
    form.scope.choices = scopes
    form.status.choices = list(STATUS_LABELS.items())
    form.pictogram.choices = picture_choices()
    return form
