"""Staff pages for translation coverage and recorded voices (DESIGN.md 1.1, 1.3).

Admin and programme staff only: flows belong to the whole programme. The
overview tallies every published flow per language and the interface
catalogs; a flow's page marks each string missing, needing review or reviewed
per language, and in one chosen language edits its text in place, confirms it
as a native speaker and uploads or removes its recording.
"""

from __future__ import annotations

from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from waitingroom.auth.access import WIDE_ROLES
from waitingroom.extensions import db
from waitingroom.flows.library import latest_of
from waitingroom.i18n import DEFAULT_LOCALE, SHIPPED_LOCALES, locale_info, shipped_locales
from waitingroom.realtime import kiosk as kiosk_events
from waitingroom.staff.guard import staff_only
from waitingroom.translations import voice
from waitingroom.translations.catalogs import all_catalogs
from waitingroom.translations.coverage import (
    MISSING,
    NEEDS_REVIEW,
    TranslationError,
    confirm,
    flow_rows,
    overview,
    set_text,
    text_hash,
)

bp = Blueprint("staff_translations", __name__, url_prefix="/staff/translations")

# Uploads may be a little larger than a recording may be, so a file over the
# limit gets a clear message from the form rather than a bare "too large".
MAX_UPLOAD_REQUEST = voice.MAX_BYTES * 3

SHOWN = {
    "all": _l("All strings"),
    "missing": _l("Only missing"),
    "review": _l("Only needing review"),
}

PROBLEMS = {
    "no_flow": _l("There is no such flow."),
    "no_string": _l("The flow has no such text."),
    "language": _l("That language is not shipped."),
    "changed": _l("Someone changed this text meanwhile. Check the text shown now and try again."),
    "control": _l("The text holds characters that cannot be shown."),
    "text_long": _l("A text has at most 500 characters."),
    "source_required": _l(
        "The Swedish text cannot be removed: it is what the kiosk falls back to."
    ),
    "invalid": _l("The flow would no longer be valid with this text."),
    "missing": _l("There is no text to confirm yet: write one first."),
    "empty": _l("The file is empty. Choose a recording."),
    "type": _l(
        "The file is not a recording the kiosk can play."
        " Upload Ogg (Opus or Vorbis), MP3, WAV or M4A."
    ),
    "unreadable": _l("The recording's length cannot be read: the file may be damaged."),
    "no_text": _l("There is no text in this language yet: write it first, then record it."),
    "no_file": _l("Choose a recording to upload."),
}


def _problem(error: Exception) -> str:
    code = getattr(error, "code", "")
    if code == "too_big":
        # Translators: %(size)s and %(limit)s are sizes in kilobytes, e.g. "1536 KB".
        return _(
            "The recording is %(size)s KB; at most %(limit)s KB is allowed."
            " Record a shorter text or save it more compressed.",
            size=(error.params["size"] + 1023) // 1024,
            limit=error.params["limit"] // 1024,
        )
    if code == "too_long":
        return _(
            "The recording lasts %(seconds)s seconds; at most %(limit)s seconds is allowed.",
            seconds=f"{error.params['seconds']:.1f}",
            limit=int(error.params["limit"]),
        )
    return str(PROBLEMS.get(code, PROBLEMS["invalid"]))


staff_only(bp, roles=WIDE_ROLES)


@bp.before_request
def _larger_uploads():
    """Recordings may be larger than other requests; registered after the staff check."""
    if request.endpoint == "staff_translations.upload":
        request.max_content_length = MAX_UPLOAD_REQUEST


def _catalog_dir() -> Path:
    return Path(current_app.config["BABEL_TRANSLATION_DIRECTORIES"].split(";")[0])


@bp.get("")
def index():
    """Every published flow's coverage per language, and the interface catalogs'."""
    return render_template(
        "staff/translations/index.html",
        flows=overview(db.session),
        locales=shipped_locales(),
        catalogs=all_catalogs(_catalog_dir()),
        default_locale=DEFAULT_LOCALE,
    )


def _filters() -> tuple[str | None, str]:
    # After a refused form, the page shows the language that form was for.
    language = request.args.get("language") or request.form.get("language") or None
    if language not in SHIPPED_LOCALES:
        language = None
    shown = request.args.get("show", "all")
    return language, shown if shown in SHOWN else "all"


def _flow_page(key: str, status: int = 200, error: str | None = None, focus: str | None = None):
    version = latest_of(db.session, key)
    if version is None:
        abort(404)
    language, shown = _filters()
    codes = (language,) if language else SHIPPED_LOCALES
    rows = flow_rows(db.session, version, tuple(dict.fromkeys((DEFAULT_LOCALE, *codes))))
    if shown != "all":
        wanted = MISSING if shown == "missing" else NEEDS_REVIEW
        rows = [r for r in rows if any(r.cells[c].status == wanted for c in codes)]
    page = render_template(
        "staff/translations/flow.html",
        version=version,
        rows=rows,
        language=locale_info(language) if language else None,
        locales=[locale_info(c) for c in codes],
        all_locales=shipped_locales(),
        shown=shown,
        shown_choices=SHOWN,
        error=error,
        focus=focus,
        default_locale=DEFAULT_LOCALE,
        accept=voice.ACCEPT,
        max_seconds=int(voice.MAX_SECONDS),
        max_kb=voice.MAX_BYTES // 1024,
        kiosk_flow=version.flow.channel == "kiosk",
    )
    return page, status


@bp.get("/<key>")
def flow(key: str):
    """One flow's strings against the languages; with ?language=xx, editable in place."""
    return _flow_page(key)


def _back(key: str, path: str):
    language, shown = _filters()
    target = url_for(
        "staff_translations.flow",
        key=key,
        language=request.form.get("language") or language,
        show=shown,
    )
    return redirect(f"{target}#{_anchor(path)}")


def _anchor(path: str) -> str:
    return "s-" + path.replace(".", "-")


@bp.app_template_filter("string_anchor")
def _string_anchor(path: str) -> str:
    return _anchor(path)


def _form_text(name: str) -> str:
    value = request.form.get(name, "")
    return value if isinstance(value, str) else ""


@bp.post("/<key>/text")
def save_text(key: str):
    """Save a string's text in one language (a new flow version), and/or confirm it."""
    path, locale = _form_text("path"), _form_text("language")
    seen, text = _form_text("seen"), _form_text("text")
    confirming = request.form.get("action") == "confirm"
    try:
        published = set_text(db.session, key, path, locale, text, seen, current_user.email)
        if confirming:
            now = text.strip() if published is not None else None
            confirm(
                db.session,
                key,
                path,
                locale,
                text_hash(now) if now is not None else seen,
                current_user.email,
            )
    except TranslationError as error:
        db.session.rollback()
        return _flow_page(key, 409 if error.code == "changed" else 422, _problem(error), path)
    db.session.commit()
    if published is not None:
        kiosk_events.config_changed()
        flash(
            _("Saved. Kiosks now show version %(number)s of this flow.", number=published.number),
            "info",
        )
    if confirming:
        flash(_("Marked as confirmed by a native speaker."), "info")
    if published is None and not confirming:
        flash(_("Nothing changed."), "info")
    return _back(key, path)


@bp.post("/<key>/voice")
def upload(key: str):
    """Upload a recording of one string in one language."""
    path, locale = _form_text("path"), _form_text("language")
    upload = request.files.get("recording")
    if upload is None or not upload.filename:
        return _flow_page(key, 422, str(PROBLEMS["no_file"]), path)
    data = upload.read(voice.MAX_BYTES + 1)
    if len(data) > voice.MAX_BYTES:
        data += upload.read()  # only to say how big it was
    try:
        voice.store(db.session, key, path, locale, data, current_user.email)
    except voice.VoiceError as error:
        db.session.rollback()
        return _flow_page(key, 422, _problem(error), path)
    db.session.commit()
    kiosk_events.config_changed()
    flash(_("The recording was saved. Kiosks play it from now on."), "info")
    return _back(key, path)


@bp.post("/<key>/voice/<int:recording_id>/remove")
def remove_voice(key: str, recording_id: int):
    recording = voice.get_recording(db.session, recording_id)
    path = recording.path if recording is not None else ""
    if not voice.remove(db.session, key, recording_id, current_user.email):
        abort(404)
    db.session.commit()
    kiosk_events.config_changed()
    flash(_("The recording was removed."), "info")
    return _back(key, path)


@bp.get("/voice/<int:recording_id>")
def listen(recording_id: int):
    """A recording, for staff to listen to before and after uploading."""
    recording = voice.get_recording(db.session, recording_id)
    if recording is None:
        abort(404)
    response = Response(recording.data, mimetype=recording.media_type)
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
