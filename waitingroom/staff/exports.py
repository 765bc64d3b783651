"""Staff pages for exports: aggregates (CSV, XLSX), the raw anonymous file, and the
printable month summary of a unit.

Deny by default: a signed-in staff member, and only the scopes they may see (unit
staff their units). The raw file is for admins only. Every file and every
printable summary is written to the audit log with its scope, period and kind.
"""

from __future__ import annotations

from datetime import date

from flask import (
    Blueprint,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField, MonthField, RadioField, SelectField, SelectMultipleField, SubmitField
from wtforms.validators import InputRequired, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from waitingroom import audit
from waitingroom.auth.access import WIDE_ROLES, Scope, can_view, parse_scope, unit_ids
from waitingroom.exports import aggregates, files, raw
from waitingroom.exports.aggregates import ExportError, Period
from waitingroom.exports.charts import bar_chart
from waitingroom.exports.downloads import aggregate_table, audit_detail, file_header, file_response
from waitingroom.exports.monthly import unit_month
from waitingroom.extensions import db
from waitingroom.flows.definition import AREAS
from waitingroom.i18n import locale_info
from waitingroom.responses.subscriptions import today_in
from waitingroom.staff.guard import staff_only
from waitingroom.staff.views import AREA_LABELS, AUDIENCE_LABELS, scope_choices
from waitingroom.units.models import Unit

bp = Blueprint("staff_exports", __name__, url_prefix="/staff/exports")

KIND_CHOICES = [
    # Translators: an export of counted figures, never single answers.
    ("aggregates", _l("Figures (aggregates, small numbers hidden)")),
    # Translators: one row per response, without free text; only for administrators.
    ("raw", _l("Raw anonymous responses (administrators only)")),
]
PER_CHOICES = [
    ("all", _l("The whole period")),
    ("day", _l("Per day")),
    ("week", _l("Per week")),
    ("month", _l("Per month")),
]
BREAKDOWN_CHOICES = [("audience", _l("Age band")), ("locale", _l("Language"))]
FORMAT_CHOICES = [("csv", "CSV"), ("xlsx", _l("Excel (XLSX)"))]
PERIOD_CHOICES = [("month", _l("A month")), ("range", _l("From a day to a day"))]

PROBLEMS = {
    "first": _l("Give both the first and the last day."),
    "order": _l("The last day comes before the first."),
    "future": _l("The period starts in the future."),
    "long": _l("A period has at most %(days)s days.", days=aggregates.MAX_DAYS),
    "month": _l("Write the month as YYYY-MM, for example 2026-11."),
    "rows": _l("There are too many responses for one file: choose a shorter period."),
}


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ExportForm(FlaskForm):
    kind = RadioField(_l("What to export"), choices=KIND_CHOICES, default="aggregates")
    scope = SelectField(_l("Scope"), validators=[InputRequired()])
    period = RadioField(_l("Period"), choices=PERIOD_CHOICES, default="month")
    month = MonthField(_l("Month"), validators=[Optional()])
    first = DateField(_l("First day"), validators=[Optional()])
    last = DateField(_l("Last day"), validators=[Optional()])
    breakdown = MultiCheckboxField(_l("Break down by"), choices=BREAKDOWN_CHOICES)
    area = SelectField(_l("Development area"), default="")
    per = SelectField(_l("Figures"), choices=PER_CHOICES, default="all")
    format = RadioField(_l("Format"), choices=FORMAT_CHOICES, default="csv")
    submit = SubmitField(_l("Download"))


class SummaryForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that only shows a page

    unit = SelectField(_l("Unit"), validators=[InputRequired()])
    month = MonthField(_l("Month"), validators=[InputRequired()])
    submit = SubmitField(_l("Show the printable summary"))


# Any signed-in staff member; the scopes they may see are checked per request.
staff_only(bp)


def _user():
    return current_user._get_current_object()


def _today() -> date:
    return today_in(current_app.config["TIMEZONE"])


def _minimum() -> int:
    return current_app.config["MIN_GROUP_SIZE"]


def _export_form(formdata=None) -> ExportForm:
    form = ExportForm(formdata=formdata) if formdata is not None else ExportForm()
    choices = [c for c in scope_choices(db.session, _user()) if c["kind"] != "group"]
    form.scope.choices = [
        (c["value"], c["label"] if c["kind"] == "region" else f"{c['kind_label']}: {c['label']}")
        for c in choices
    ]
    form.area.choices = [("", _("Every area")), *((a, AREA_LABELS[a]) for a in AREAS)]
    if _user().role != "admin":
        form.kind.choices = KIND_CHOICES[:1]
    if not form.month.data and not form.is_submitted():
        form.month.data = _today().replace(day=1)
    return form


def _summary_form() -> SummaryForm:
    form = SummaryForm(request.args if "unit" in request.args else None)
    choices = [c for c in scope_choices(db.session, _user()) if c["kind"] == "unit"]
    form.unit.choices = [(c["value"].split(":", 1)[1], c["label"]) for c in choices]
    if not form.month.data and "month" not in request.args:
        form.month.data = _today().replace(day=1)
    return form


def _page(form: ExportForm, summary_form: SummaryForm | None = None, status: int = 200):
    return (
        render_template(
            "staff/exports/index.html",
            form=form,
            summary_form=summary_form or _summary_form(),
            min_group_size=_minimum(),
            max_days=aggregates.MAX_DAYS,
        ),
        status,
    )


@bp.get("")
def index():
    """The export form and the printable summary's picker."""
    return _page(_export_form())


def _period(form: ExportForm) -> Period:
    """The asked period, or ExportError naming the field."""
    today = _today()
    if form.period.data == "range":
        if form.first.data is None or form.last.data is None:
            raise ExportError("first", "first")
        if form.last.data < form.first.data:
            raise ExportError("last", "order")
        if form.first.data > today:
            raise ExportError("first", "future")
        if (form.last.data - form.first.data).days + 1 > aggregates.MAX_DAYS:
            raise ExportError("last", "long")
        return Period(form.first.data, min(form.last.data, today))
    if form.month.data is None:
        raise ExportError("month", "month")
    if form.month.data > today:  # checked first: December 9999 has no month after it
        raise ExportError("month", "future")
    period = aggregates.month_period(form.month.data.strftime("%Y-%m"))
    return Period(period.first, min(period.last, today))


@bp.post("")
def download():
    """Make the asked file; 422 with the form's errors when it cannot be made.

    403 when the scope is not the user's, or the raw file is asked by anyone but an admin.
    """
    form = _export_form(request.form)
    if form.kind.data == "raw" and _user().role != "admin":
        abort(403)
    if request.form.get("scope") and not _scope_allowed(request.form["scope"]):
        abort(403)
    if not form.validate():
        return _page(form, status=422)
    try:
        period = _period(form)
    except ExportError as error:
        getattr(form, error.field).errors.append(str(PROBLEMS[str(error)]))
        return _page(form, status=422)
    scope = parse_scope(form.scope.data)
    covered = unit_ids(db.session, scope) or []
    kind = form.kind.data
    try:
        table = (
            _raw_table(scope, covered, period)
            if kind == "raw"
            else _aggregate_table(form, scope, covered, period)
        )
    except ExportError:
        form.last.errors.append(str(PROBLEMS["rows"]))
        return _page(form, status=422)
    body = files.render(table, form.format.data)
    detail = audit_detail(
        kind, period, form.format.data, form.per.data, form.breakdown.data or (), form.area.data
    )
    audit.record(db.session, current_user.email, f"export.{kind}", str(scope), detail)
    db.session.commit()
    return file_response(body, kind, scope, period, form.format.data)


def _scope_allowed(text: str) -> bool:
    try:
        scope = parse_scope(text)
    except ValueError:
        return True  # not a scope at all: the form says so
    return can_view(_user(), scope) and scope.kind != "group"


def _aggregate_table(form: ExportForm, scope: Scope, covered: list[int], period: Period):
    return aggregate_table(
        scope,
        covered,
        period,
        frozenset(form.breakdown.data or ()),
        form.per.data,
        form.area.data or None,
    )


def _raw_table(scope: Scope, covered: list[int], period: Period):
    rows = raw.raw_rows(db.session, covered, period)
    header = file_header("raw", scope, period)
    header += [
        (
            _("Contents"),
            _(
                "One row per response. No free text, no response ids, no times of day. "
                "Rows flagged play are repeated fast taps, left out of every figure."
            ),
        ),
        (_("Responses"), str(len(rows))),
    ]
    return files.Table(str(_("Responses")), header, raw.COLUMNS, rows)


@bp.get("/summary")
def summary():
    """A unit's month on one printable A4 page, with charts; small numbers hidden.

    403 for a unit the user may not see; 404 for a unit that does not exist.
    """
    if "unit" not in request.args:
        return redirect(url_for("staff_exports.index"))
    code = request.args.get("unit", "")
    unit = db.session.query(Unit).filter_by(code=code).one_or_none() if code else None
    if unit is None or not can_view(_user(), Scope("unit", unit.code)):
        abort(404 if _user().role in WIDE_ROLES else 403)
    form = _summary_form()
    if not form.validate():
        return _page(_export_form(), form, status=422)
    if form.month.data > _today():
        form.month.errors.append(str(PROBLEMS["future"]))
        return _page(_export_form(), form, status=422)
    period = aggregates.month_period(form.month.data.strftime("%Y-%m"))
    locale = str(get_locale())
    month = unit_month(db.session, [unit.id], period, _minimum(), locale)
    direction = locale_info(locale).direction
    hidden_text = _("fewer than %(n)s", n=_minimum())
    areas = []
    for area, questions in month.areas:
        shown = []
        for index, question in enumerate(questions):
            chart = None
            if question.n is not None:
                chart = bar_chart(
                    f"chart-{area}-{index}",
                    _("Answers to: %(question)s", question=question.text),
                    [(bar.label or bar.value, bar.n) for bar in question.bars],
                    hidden_text,
                    direction,
                )
            shown.append({"q": question, "chart": chart})
        areas.append({"key": area, "label": AREA_LABELS.get(area, area), "questions": shown})
    audit.record(
        db.session, current_user.email, "export.summary", f"unit:{unit.code}", f"summary {period}"
    )
    db.session.commit()
    response = make_response(
        render_template(
            "staff/exports/summary.html",
            unit=unit,
            month=month,
            areas=areas,
            month_label=period.first.strftime("%Y-%m"),
            previous_label=month.previous.first.strftime("%Y-%m"),
            audience_labels=AUDIENCE_LABELS,
            language_name=lambda code: locale_info(code).name if code else code,
            min_group_size=_minimum(),
            today=_today(),
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response
