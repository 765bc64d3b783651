"""Staff pages. Deny by default: every view needs a signed-in staff member."""

from __future__ import annotations

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from waitingroom import audit
from waitingroom.auth.access import (
    WIDE_ROLES,
    can_view,
    is_reviewer,
    parse_scope,
    unit_ids,
    visible_unit_ids,
)
from waitingroom.comments import moderation
from waitingroom.comments.models import Comment
from waitingroom.extensions import db
from waitingroom.i18n import locale_info
from waitingroom.responses.subscriptions import find_group, today_in
from waitingroom.staff import views
from waitingroom.staff.guard import staff_only
from waitingroom.units.models import Kiosk
from waitingroom.youth.models import YouthGroup

bp = Blueprint("staff", __name__, url_prefix="/staff")

COMMENT_STATUSES = {"pending", "approved", "hidden"}


staff_only(bp)


def _user():
    return current_user._get_current_object()


@bp.get("/")
def index():
    """The staff start page is the live view."""
    return redirect(url_for("staff.live"))


@bp.get("/live")
def live():
    """Live figures per scope, updating over Socket.IO."""
    context = views.live_context(
        db.session, _user(), str(get_locale()), current_app.config["MIN_GROUP_SIZE"]
    )
    return render_template("staff/live.html", **context)


def _kiosk_rows():
    return views.kiosk_statuses(
        db.session,
        visible_unit_ids(db.session, _user()),
        today_in(current_app.config["TIMEZONE"]),
        current_app.config["MIN_GROUP_SIZE"],
    )


@bp.get("/kiosks")
def kiosks():
    """The kiosk status board: online, last seen, responses today, outbox backlog."""
    return render_template(
        "staff/kiosks.html",
        kiosks=_kiosk_rows(),
        status_url=url_for("staff.kiosks_status"),
        can_manage_kiosks=current_user.role in WIDE_ROLES,
        min_group_size=current_app.config["MIN_GROUP_SIZE"],
    )


@bp.get("/kiosks.json")
def kiosks_status():
    """The status board's figures, for its refresh every 15 s."""
    return jsonify(kiosks=_kiosk_rows())


@bp.post("/kiosks/<int:kiosk_id>/revoke")
def revoke_kiosk(kiosk_id: int):
    """Revoke a tablet's token: it can send nothing more until paired again. Audited."""
    if current_user.role not in WIDE_ROLES:
        abort(403)
    kiosk = db.session.get(Kiosk, kiosk_id) or abort(404)
    kiosk.revoked = True
    audit.record(
        db.session, current_user.email, "kiosk.revoke", f"kiosk:{kiosk.id}", kiosk.unit.code
    )
    db.session.commit()
    flash(_("The tablet was revoked."), "success")
    return redirect(url_for("staff.kiosks"))


def _comment_view(comment: Comment) -> dict:
    catalogue = _questions()
    question = catalogue.get(f"{comment.flow}/{comment.question}", {})
    return {
        "id": comment.id,
        "day": comment.day.isoformat(),
        "unit_name": comment.unit.name if comment.unit else _group_name(comment.group_id),
        "audience_label": str(views.AUDIENCE_LABELS.get(comment.audience, comment.audience)),
        "locale_code": comment.locale,
        "locale_name": locale_info(comment.locale).name,
        "question_text": question.get("text", comment.question),
        "text": comment.text,
        "status": comment.status,
        "category_label": str(views.CONCERN_LABELS.get(comment.concern, "")),
        "decision_label": str(views.DECISION_LABELS.get(comment.decision, ""))
        if comment.decision
        else None,
    }


def _group_name(group_id: int | None) -> str:
    group = db.session.get(YouthGroup, group_id) if group_id else None
    return group.name if group else ""


def _questions():
    if "questions" not in g:
        g.questions = views.question_catalogue(db.session, str(get_locale()))
    return g.questions


def _scoped_sources(scope_text: str | None) -> tuple[list[int], list[int]]:
    """The units and youth groups whose comments a scope covers."""
    user = _user()
    if not scope_text:
        groups = []
        if user.role in WIDE_ROLES:
            groups = list(db.session.scalars(sa.select(YouthGroup.id)))
        return visible_unit_ids(db.session, user), groups
    try:
        scope = parse_scope(scope_text)
    except ValueError:
        abort(400)
    if not can_view(user, scope):
        abort(403)
    if scope.kind == "group":
        group = find_group(db.session, scope)
        return [], [group.id] if group else []
    return unit_ids(db.session, scope) or [], []


@bp.get("/comments")
def comments():
    """The moderation queue: pending comments, or approved / hidden ones."""
    status = request.args.get("status", "pending")
    if status not in COMMENT_STATUSES:
        abort(400)
    units, groups = _scoped_sources(request.args.get("scope"))
    rows = moderation.comments(db.session, units, status, groups)
    return render_template(
        "staff/comments.html",
        comments=[_comment_view(c) for c in rows],
        status=status,
        statuses=[{"value": k, "label": str(v)} for k, v in views.STATUS_LABELS.items()],
        scopes=views.scope_choices(db.session, _user(), with_groups=True),
    )


@bp.post("/comments/<int:comment_id>/moderate")
def moderate_comment(comment_id: int):
    """Approve or hide a comment. Audited."""
    try:
        moderation.moderate(db.session, _user(), comment_id, request.form.get("action", ""))
    except moderation.NotFound:
        abort(404)
    except moderation.NotAllowed:
        abort(403)
    except ValueError:
        abort(400)
    db.session.commit()
    return redirect(url_for("staff.comments"))


@bp.get("/safeguarding")
def safeguarding():
    """Quarantined comments for the unit's safeguarding reviewers."""
    if not is_reviewer(_user()):
        abort(403)
    rows = moderation.concerns(db.session, _user(), visible_unit_ids(db.session, _user()))
    return render_template(
        "staff/safeguarding.html",
        concerns=[
            {**_comment_view(c), "status": "decided" if c.decision else "open"} for c in rows
        ],
    )


@bp.post("/safeguarding/<int:comment_id>/decide")
def decide_concern(comment_id: int):
    """Record a reviewer's decision on a quarantined comment. Audited."""
    try:
        moderation.decide(
            db.session,
            _user(),
            comment_id,
            request.form.get("decision", ""),
            note=request.form.get("note", "")[:500],
            redacted=request.form.get("redacted", "")[:1000],
        )
    except moderation.NotFound:
        abort(404)
    except moderation.NotAllowed:
        abort(403)
    except ValueError as error:
        flash(str(error), "error")
        return redirect(url_for("staff.safeguarding"))
    db.session.commit()
    flash(_("The decision was recorded."), "success")
    return redirect(url_for("staff.safeguarding"))


@bp.get("/audit")
def audit_log():
    """The audit log, for admins."""
    if current_user.role != "admin":
        abort(403)
    entries = [
        {
            "day": e.day.isoformat(),
            "actor": e.actor,
            "action": e.action,
            "target": e.target,
            "detail": e.detail,
        }
        for e in audit.recent(db.session)
    ]
    return render_template("staff/audit.html", entries=entries)
