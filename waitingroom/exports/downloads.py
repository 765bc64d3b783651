"""An export file as a request asks for it, shared by the staff page and the API.

The staff export page and GET /api/v1/exports/aggregates hand out the same
aggregate file with the same protection, the same audit detail and the same
download headers, so both take them from here rather than one blueprint from
the other. Unlike the rest of this package, this module works inside a request:
it reads the request's language, the app's settings and db.session.
"""

from __future__ import annotations

import re

from flask import current_app, make_response
from flask_babel import get_locale
from flask_babel import gettext as _

from waitingroom.auth.access import Scope
from waitingroom.exports import aggregates, files
from waitingroom.exports.aggregates import ExportError, Period
from waitingroom.extensions import db
from waitingroom.responses.subscriptions import today_in
from waitingroom.units.models import Unit

SAFE_NAME = re.compile(r"[^A-Za-z0-9_-]+")


def file_response(body: bytes, kind: str, scope: Scope, period: Period, file_format: str):
    """A download that no cache keeps."""
    name = SAFE_NAME.sub("-", f"waitingroom-{kind}-{scope}-{period.first}-{period.last}")
    response = make_response(body)
    response.headers["Content-Type"] = files.MEDIA_TYPES[file_format]
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def audit_detail(
    kind: str, period: Period, kind_of_file: str, per: str = "", breakdown=(), area=None
) -> str:
    """What the audit log keeps of an export: kind, period, format and the figures asked."""
    detail = f"{kind} {period} format={kind_of_file}"
    if kind == "aggregates":
        detail += f" per={per} breakdown={','.join(sorted(breakdown)) or '-'}"
        if area:
            detail += f" area={area}"
    return detail


def _scope_name(scope: Scope) -> str:
    if scope.kind == "unit":
        unit = db.session.query(Unit).filter_by(code=scope.key).one_or_none()
        return unit.name if unit else scope.key
    return str(_("The whole region")) if scope.kind == "region" else scope.key


def file_header(kind: str, scope: Scope, period: Period) -> list[tuple[str, str]]:
    """The lines that open every export file: its kind, scope, period and day made."""
    return [
        # Translators: the first line of an exported file; the value says which kind.
        (_("Waiting room export"), kind),
        (_("Scope"), str(scope)),
        (_("Scope name"), _scope_name(scope)),
        (_("First day"), period.first.isoformat()),
        (_("Last day"), period.last.isoformat()),
        (_("Made on"), today_in(current_app.config["TIMEZONE"]).isoformat()),
    ]


def aggregate_table(
    scope: Scope,
    covered: list[int],
    period: Period,
    breakdown: frozenset[str],
    per: str,
    area: str | None,
) -> files.Table:
    """The aggregate file of a checked scope and period, in the request's language.

    Raises ExportError("rows") when the file would be too big.
    """
    minimum = current_app.config["MIN_GROUP_SIZE"]
    locale = str(get_locale())
    infos = aggregates.question_infos(db.session)
    cells = aggregates.gather(db.session, covered, period, breakdown, per, area, infos)
    if len(cells) > aggregates.MAX_CELLS:
        raise ExportError("last", "rows")
    rows, _hidden = aggregates.aggregate_rows(cells, minimum, infos, locale)
    header = file_header("aggregates", scope, period)
    header += [
        (_("Break down by"), ", ".join(sorted(breakdown)) or "-"),
        (_("Figures"), per),
        (_("Development area"), area or "-"),
        (_("Minimum group size"), str(minimum)),
        (
            _("Small numbers"),
            _(
                "Figures from fewer than %(n)s responses are left empty and marked suppressed. "
                "Where one hidden figure could be worked out by subtraction from a total, "
                "the next smallest figure is hidden as well.",
                n=minimum,
            ),
        ),
        (
            _("Totals"),
            _(
                "No total rows across age bands, languages or periods are included: "
                "export without that breakdown for the totals, protected the same way."
            ),
        ),
        (
            _("Not counted"),
            _(
                "Responses flagged as play (repeated fast taps) and free text "
                "are never counted here."
            ),
        ),
    ]
    return files.Table(str(_("Figures")), header, aggregates.COLUMNS, rows)
