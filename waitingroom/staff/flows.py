"""Staff pages for writing flows: drafts, a preview as the kiosk shows it, publishing, YAML.

Admin and programme staff only: the flows are the whole programme's. A draft is
checked with the flow format's own rules (waitingroom/flows/definition.py) and
every problem is shown beside the field it concerns. Publishing makes the next
immutable version and tells every tablet; a tablet finishes the flow a child
has begun on the version it began with.
"""

from __future__ import annotations

import re

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
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from waitingroom import audit
from waitingroom.auth.access import WIDE_ROLES
from waitingroom.extensions import db
from waitingroom.flows import drafts
from waitingroom.flows.definition import FLOW_KEY, DefinitionError, read_yaml, to_yaml
from waitingroom.flows.drafts import DraftError, FlowDraft
from waitingroom.flows.library import find_version, latest_of, published_flows
from waitingroom.i18n import DEFAULT_LOCALE, shipped_locales
from waitingroom.realtime.kiosk import config_changed
from waitingroom.staff.flow_forms import (
    CHANNEL_LABELS,
    TYPE_LABELS,
    ActionForm,
    NewFlowForm,
    UploadForm,
    pictogram_choices,
    pictogram_names,
    question_form,
    title_form,
)
from waitingroom.staff.guard import staff_only
from waitingroom.staff.views import AREA_LABELS, AUDIENCE_LABELS, pick_text

bp = Blueprint("staff_flows", __name__, url_prefix="/staff/flows")

PROBLEMS = {
    "key_format": _l("A key has lower-case letters, digits, '-' or '_', at most 48."),
    "key_taken": _l("There is already a flow or a draft with this key."),
    "audience": _l("Choose who answers."),
    "channel": _l("Choose where the flow is answered."),
    "unknown_flow": _l("There is no such flow."),
    "too_many_questions": _l("A flow has at most 20 questions."),
    "too_many_options": _l("A question has at most 12 answers."),
    "no_question": _l("There is no such question."),
    "audience_fixed": _l("This flow is for another age band; a flow's age band cannot change."),
    "channel_fixed": _l("This flow is answered elsewhere; a flow's channel cannot change."),
    "other_flow": _l("This file is for another flow."),
}
OPTION_PATH = re.compile(r"^options\[(\d+)\](?:\.(\w+))?(?:\.(\w+))?$")


staff_only(bp, roles=WIDE_ROLES)


def _locales() -> tuple:
    return tuple(shipped_locales())


def _problem(error: DraftError) -> str:
    return str(PROBLEMS.get(error.code, error))


def _draft(key: str) -> FlowDraft:
    draft = drafts.find_draft(db.session, key) if FLOW_KEY.match(key) else None
    if draft is None:
        abort(404)
    return draft


def _texts_from(form, prefix: str, locales) -> dict[str, str]:
    """The languages filled in; an empty box means "not translated" (Swedish is shown)."""
    texts = {}
    for info in locales:
        value = (getattr(form, f"{prefix}_{info.code}").data or "").strip()
        if value:
            texts[info.code] = value
    return texts


def _text(value) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def _first_text(texts, locale: str) -> str:
    return pick_text(texts, locale) if isinstance(texts, dict) and texts else ""


def _texts_data(prefix: str, texts, locales) -> dict:
    texts = texts if isinstance(texts, dict) else {}
    return {f"{prefix}_{info.code}": _text(texts.get(info.code)) for info in locales}


# --- the list --------------------------------------------------------------


def _index_page(new_form=None, upload_form=None, status=200):
    locale = str(get_locale())
    pending = drafts.all_drafts(db.session)
    channels = []
    for channel in ("kiosk", "youth"):
        rows = []
        for latest in published_flows(db.session, channel=channel):
            flow = latest.flow
            rows.append(
                {
                    "key": flow.key,
                    "title": pick_text(latest.parsed.title, locale),
                    "audience": str(AUDIENCE_LABELS.get(flow.audience, flow.audience)),
                    "versions": [
                        {"number": v.number, "published_on": v.published_on.isoformat()}
                        for v in reversed(flow.versions)
                    ],
                    "draft": flow.key in pending,
                }
            )
        unpublished = [
            {
                "key": d.key,
                "title": pick_text(d.data.get("title") or {}, locale) or d.key,
                "audience": str(AUDIENCE_LABELS.get(d.audience, d.audience)),
            }
            for d in pending.values()
            if d.channel == channel
            and d.base_version is None
            and not any(r["key"] == d.key for r in rows)
        ]
        channels.append(
            {
                "channel": channel,
                "label": str(CHANNEL_LABELS[channel]),
                "flows": rows,
                "unpublished": sorted(unpublished, key=lambda d: d["key"]),
            }
        )
    return render_template(
        "staff/flows/index.html",
        channels=channels,
        new_form=new_form or NewFlowForm(formdata=None),
        upload_form=upload_form or UploadForm(formdata=None),
        action_form=ActionForm(formdata=None),
    ), status


@bp.get("")
def index():
    """Every flow of the tablets and the youth group, with its versions and drafts."""
    return _index_page()


@bp.post("/new")
def new_flow():
    """Start a draft of a new flow for one age band."""
    form = NewFlowForm()
    if form.validate_on_submit():
        try:
            draft = drafts.new_flow_draft(
                db.session, form.key.data, form.audience.data, form.channel.data, form.title.data
            )
        except DraftError as error:
            db.session.rollback()
            getattr(form, error.where, form.key).errors.append(_problem(error))
        else:
            db.session.commit()
            return redirect(url_for("staff_flows.draft", key=draft.key))
    return _index_page(new_form=form, status=422)


@bp.post("/<key>/edit")
def edit(key: str):
    """Open the flow's draft, starting one from its latest version when there is none."""
    if not ActionForm().validate_on_submit() or not FLOW_KEY.match(key):
        abort(400)
    try:
        draft = drafts.start_draft(db.session, key)
    except DraftError:
        abort(404)
    db.session.commit()
    return redirect(url_for("staff_flows.draft", key=draft.key))


# --- YAML --------------------------------------------------------------------


def _upload(form: UploadForm, expect_key: str | None) -> tuple[FlowDraft | None, str | None]:
    """A checked file as its flow's draft; bad files change nothing and say why."""
    if not form.validate_on_submit():
        return None, None
    raw = form.file.data.read(drafts.MAX_YAML_BYTES)
    try:
        definition = read_yaml(raw, drafts.REQUIRED_LOCALES)
        if expect_key and definition.key != expect_key:
            raise DraftError("other_flow", "key")
        draft = drafts.replace_from_yaml(db.session, definition)
    except DefinitionError as error:
        db.session.rollback()
        return None, str(error)
    except DraftError as error:
        db.session.rollback()
        return None, _problem(error)
    db.session.commit()
    return draft, None


@bp.post("/upload")
def upload():
    """Upload a flow file: it becomes the draft of the flow it names."""
    form = UploadForm()
    draft, problem = _upload(form, None)
    if draft is not None:
        flash(_("The file is now the draft. Check it and publish it."), "success")
        return redirect(url_for("staff_flows.draft", key=draft.key))
    if problem:
        form.file.errors.append(problem)
    return _index_page(upload_form=form, status=422)


@bp.post("/<key>/draft/upload")
def upload_to_draft(key: str):
    """Replace this draft with a flow file."""
    found = _draft(key)
    form = UploadForm()
    draft, problem = _upload(form, found.key)
    if draft is not None:
        flash(_("The file replaced the draft."), "success")
        return redirect(url_for("staff_flows.draft", key=draft.key))
    if problem:
        form.file.errors.append(problem)
    return _draft_page(found, upload_form=form, status=422)


@bp.get("/<key>/versions/<int:number>.yaml")
def download(key: str, number: int):
    """A published version as a YAML file, ready to edit and upload or import again."""
    version = find_version(db.session, key, number) if FLOW_KEY.match(key) else None
    if version is None:
        abort(404)
    return Response(
        to_yaml(version.parsed),
        mimetype="application/yaml",
        headers={"Content-Disposition": f'attachment; filename="{key}-v{number}.yaml"'},
    )


# --- the draft ---------------------------------------------------------------


def _split(problems: list[DefinitionError]) -> tuple[dict[str, list[str]], dict[int, list]]:
    """Problems of the flow as a whole by field, and those of each question by index."""
    whole: dict[str, list[str]] = {}
    questions: dict[int, list] = {}
    for problem in problems:
        found = re.match(r"^questions\[(\d+)\]\.?(.*)$", problem.where)
        if found:
            questions.setdefault(int(found.group(1)), []).append(
                {"where": found.group(2), "message": problem.message}
            )
            continue
        whole.setdefault(problem.where or "flow", []).append(problem.message)
    return whole, questions


def _draft_page(draft: FlowDraft, title=None, upload_form=None, status=200):
    locales = _locales()
    locale = str(get_locale())
    form = title or title_form(locales)(
        formdata=None, data=_texts_data("title", draft.data.get("title"), locales)
    )
    problems = drafts.problems(draft)
    whole, by_question = _split(problems)
    for where in [w for w in whole if w.startswith("title.")]:
        field = getattr(form, f"title_{where[6:]}", None)
        if field is not None:
            field.errors = [*field.errors, *whole.pop(where)]
    required = getattr(form, f"title_{DEFAULT_LOCALE}")
    required.errors = [*required.errors, *whole.pop("title", [])]
    title_problems: list[str] = []
    questions = []
    for index, question in enumerate(draft.questions):
        question = question if isinstance(question, dict) else {}
        questions.append(
            {
                "index": index,
                "key": _text(question.get("key")),
                "text": _first_text(question.get("text"), locale),
                "type": str(TYPE_LABELS.get(question.get("type"), question.get("type") or "")),
                "area": str(AREA_LABELS.get(question.get("area"), question.get("area") or "")),
                "pictogram": question.get("pictogram"),
                "problems": by_question.get(index, []),
            }
        )
    latest_version = latest_of(db.session, draft.key)
    latest = latest_version.number if latest_version else None
    return render_template(
        "staff/flows/draft.html",
        draft=draft,
        title_form=form,
        title_problems=title_problems,
        flow_problems=whole,
        problem_count=len(problems),
        questions=questions,
        audience=str(AUDIENCE_LABELS.get(draft.audience, draft.audience)),
        channel=str(CHANNEL_LABELS.get(draft.channel, draft.channel)),
        latest=latest,
        stale=latest is not None and (draft.base_version or 0) < latest,
        upload_form=upload_form or UploadForm(formdata=None),
        action_form=ActionForm(formdata=None),
    ), status


@bp.route("/<key>/draft", methods=["GET", "POST"])
def draft(key: str):
    """The draft: its title per language, its questions, its problems; save the title."""
    found = _draft(key)
    if request.method == "GET":
        return _draft_page(found)
    locales = _locales()
    form = title_form(locales)()
    if not form.validate_on_submit():
        return _draft_page(found, title=form, status=422)
    drafts.set_title(found, _texts_from(form, "title", locales))
    db.session.commit()
    flash(_("The title was saved."), "success")
    return redirect(url_for("staff_flows.draft", key=found.key))


def _action(key: str) -> FlowDraft:
    found = _draft(key)
    if not ActionForm().validate_on_submit():
        abort(400)
    return found


@bp.post("/<key>/draft/questions")
def add_question(key: str):
    """A new question at the end; opens its editor."""
    found = _action(key)
    try:
        index = drafts.add_question(found)
    except DraftError as error:
        flash(_problem(error), "error")
        return redirect(url_for("staff_flows.draft", key=found.key))
    db.session.commit()
    return redirect(url_for("staff_flows.question", key=found.key, index=index))


@bp.post("/<key>/draft/questions/<int:index>/move")
def move_question(key: str, index: int):
    """One place up or down."""
    found = _action(key)
    step = {"up": -1, "down": 1}.get(request.form.get("direction", ""))
    if step is None:
        abort(400)
    try:
        drafts.move_question(found, index, step)
    except DraftError:
        abort(404)
    db.session.commit()
    return redirect(url_for("staff_flows.draft", key=found.key, _anchor="questions"))


@bp.post("/<key>/draft/questions/<int:index>/remove")
def remove_question(key: str, index: int):
    """Take a question out of the draft (published versions keep it)."""
    found = _action(key)
    try:
        drafts.remove_question(found, index)
    except DraftError:
        abort(404)
    db.session.commit()
    flash(_("The question was removed from the draft."), "success")
    return redirect(url_for("staff_flows.draft", key=found.key, _anchor="questions"))


@bp.post("/<key>/draft/discard")
def discard(key: str):
    """Throw the draft away; the published versions stay as they are."""
    found = _action(key)
    drafts.discard(db.session, found)
    db.session.commit()
    flash(_("The draft was thrown away."), "success")
    return redirect(url_for("staff_flows.index"))


@bp.post("/<key>/draft/publish")
def publish(key: str):
    """Publish the draft as the flow's next version; every tablet fetches it at its next start."""
    found = _action(key)
    channel = found.channel
    try:
        version, created = drafts.publish_draft(db.session, found)
    except DefinitionError:
        db.session.rollback()
        flash(_("The draft has problems. Put them right, then publish."), "error")
        return redirect(url_for("staff_flows.draft", key=key))
    if not created:
        db.session.commit()  # the draft said nothing new: it goes, nothing is published
        flash(_("Nothing changed: version %(number)s already says this.", number=version.number))
        return redirect(url_for("staff_flows.index"))
    audit.record(
        db.session, current_user.email, "flow.publish", f"flow:{key}", f"version {version.number}"
    )
    db.session.commit()
    if channel == "kiosk":
        config_changed()
    flash(_("Version %(number)s is published.", number=version.number), "success")
    return redirect(url_for("staff_flows.index"))


# --- one question --------------------------------------------------------------


def _question_data(question: dict, locales) -> dict:
    options = question.get("options") if isinstance(question.get("options"), list) else []
    return {
        "key": _text(question.get("key")),
        "type": _text(question.get("type")),
        "area": _text(question.get("area")),
        "skippable": question.get("skippable", True) is True,
        "pictogram": _text(question.get("pictogram")),
        "max_length": question.get("max_length"),
        "budget": question.get("budget"),
        **_texts_data("text", question.get("text"), locales),
        "options": [
            {
                "key": _text(option.get("key")),
                "pictogram": _text(option.get("pictogram")),
                **_texts_data("label", option.get("label"), locales),
            }
            for option in options
            if isinstance(option, dict)
        ],
    }


def _question_from(form, locales) -> dict:
    question: dict = {
        "key": form.key.data.strip(),
        "type": form.type.data,
        "area": form.area.data,
        "text": _texts_from(form, "text", locales),
        "options": [],
    }
    if not form.skippable.data:
        question["skippable"] = False  # refused by the format, shown beside the box
    if form.pictogram.data:
        question["pictogram"] = form.pictogram.data
    if form.max_length.data is not None:
        question["max_length"] = form.max_length.data
    if form.budget.data is not None:
        question["budget"] = form.budget.data
    for entry in form.options:
        option: dict = {
            "key": (entry.form.key.data or "").strip(),
            "label": _texts_from(entry.form, "label", locales),
        }
        if entry.form.pictogram.data:
            option["pictogram"] = entry.form.pictogram.data
        question["options"].append(option)
    return question


def _place_problems(form, problems: list[dict]) -> dict:
    """Each problem beside its field; what concerns a group (the text, an option) beside it."""
    groups: dict[str, list[str]] = {}
    for problem in problems:
        where, message = problem["where"], problem["message"]
        parts = where.split(".")
        found = OPTION_PATH.match(where)
        field = None
        if found and int(found.group(1)) < len(form.options.entries):
            sub = form.options.entries[int(found.group(1))].form
            name, code = found.group(2), found.group(3)
            if name == "label":
                # A missing text is missing in Swedish, the one language required.
                field = getattr(sub, f"label_{code or DEFAULT_LOCALE}", None)
            elif name in ("key", "pictogram"):
                field = getattr(sub, name)
            if field is None:
                groups.setdefault(f"option{found.group(1)}", []).append(message)
        elif parts[0] == "text":
            field = getattr(form, f"text_{parts[1] if len(parts) == 2 else DEFAULT_LOCALE}", None)
        elif parts[0] in ("key", "type", "area", "skippable", "pictogram", "max_length", "budget"):
            field = getattr(form, parts[0])
        elif parts[0] == "scale":
            field = form.type
        if field is not None:
            field.errors = [*field.errors, message]
        elif not found:
            groups.setdefault(parts[0] or "question", []).append(message)
    return groups


def _question_page(found: FlowDraft, index: int, form, status=200):
    locales = _locales()
    problems = _split(drafts.problems(found))[1].get(index, []) if status == 200 else []
    choices = pictogram_choices()
    form.pictogram.choices = choices
    for entry in form.options:
        entry.form.pictogram.choices = choices
    groups = _place_problems(form, problems)
    return render_template(
        "staff/flows/question.html",
        draft=found,
        index=index,
        form=form,
        locales=locales,
        groups=groups,
        problem_count=len(problems),
        total=len(found.questions),
    ), status


@bp.route("/<key>/draft/questions/<int:index>", methods=["GET", "POST"])
def question(key: str, index: int):
    """Edit one question: its type, area, picture, text and answers in every language."""
    found = _draft(key)
    if not 0 <= index < len(found.questions):
        abort(404)
    locales = _locales()
    form_class = question_form(locales, found.channel)
    if request.method == "GET":
        stored = found.questions[index] if isinstance(found.questions[index], dict) else {}
        form = form_class(formdata=None, data=_question_data(stored, locales))
        return _question_page(found, index, form)
    form = form_class()
    names = set(pictogram_names(current_app.static_folder))
    chosen = [form.pictogram] + [entry.form.pictogram for entry in form.options]
    unknown = [field for field in chosen if field.data and field.data not in names]
    if not form.validate_on_submit() or unknown:
        for field in unknown:
            field.errors = [*field.errors, _("Choose a picture from the list.")]
        return _question_page(found, index, form, status=422)
    edited = _question_from(form, locales)
    action = request.form.get("action", "save")
    try:
        if action == "add-option":
            drafts.check_option_room(edited)
            edited["options"].append({"key": "", "label": {}})
        elif action.startswith("remove-option-") and action[14:].isdigit():
            position = int(action[14:])
            if position < len(edited["options"]):
                del edited["options"][position]
    except DraftError as error:
        flash(_problem(error), "error")
    drafts.replace_question(found, index, edited)
    db.session.commit()
    if action == "save":
        flash(_("The question was saved."), "success")
    return redirect(
        url_for("staff_flows.question", key=found.key, index=index, _anchor=_anchor(action, edited))
    )


def _anchor(action: str, edited: dict) -> str | None:
    if action == "add-option":
        return f"option-{len(edited['options']) - 1}"
    if action.startswith("remove-option-"):
        return "options"
    return None


# --- preview -------------------------------------------------------------------


@bp.get("/<key>/draft/preview")
def preview(key: str):
    """The draft on the real kiosk app, in any language: nothing is sent or stored."""
    found = _draft(key)
    if found.channel != "kiosk":
        abort(404)
    from waitingroom.kiosk.routes import _ui_strings

    config = {
        "unit": {"code": "", "name": ""},
        "locales": [info.as_json() for info in shipped_locales()],
        "flows": [{**found.data, "version": 0}],
        "posts": [],
    }
    return render_template(
        "kiosk/app.html",
        kiosk_token="",
        unit=None,
        ui_strings=_ui_strings(),
        idle_seconds=current_app.config["IDLE_SECONDS"],
        grace_seconds=current_app.config["IDLE_GRACE_SECONDS"],
        preview={"config": config, "back": url_for("staff_flows.draft", key=found.key)},
    )
