"""Staff pages for the youth reference group: groups, links, rounds, live results, export.

Admin and programme staff only: a youth group belongs to the whole programme.
Links are shown once, when they are made (only their hashes are kept), on a
page that is never cached. No page joins an answer to a member.
"""

from __future__ import annotations

import io
from datetime import timedelta

import segno
import sqlalchemy as sa
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from waitingroom import audit
from waitingroom.auth.access import WIDE_ROLES
from waitingroom.extensions import db
from waitingroom.flows.library import find_version, published_flows
from waitingroom.i18n import shipped_locales
from waitingroom.realtime import live
from waitingroom.responses.subscriptions import today_in
from waitingroom.staff.forms import GroupForm, MembersForm, RoundForm, outcome_form
from waitingroom.staff.guard import staff_only
from waitingroom.staff.views import pick_text
from waitingroom.youth import links, rounds
from waitingroom.youth.export import result_csv
from waitingroom.youth.links import YouthError
from waitingroom.youth.models import Member, Round, YouthGroup
from waitingroom.youth.results import group_summary, round_result

bp = Blueprint("staff_youth", __name__, url_prefix="/staff/youth")

# What a YouthError's code means, in the staff member's language.
PROBLEMS = {
    "name_missing": _l("The group needs a name."),
    "name_long": _l("A group name has at most 120 characters."),
    "name_taken": _l("There is already a youth group with this name."),
    "link_days": _l("Links can work for 1 to 1095 days."),
    "members": _l("A group has 1 to 200 members."),
    "not_youth": _l("These questions are for the tablets, not for youth rounds."),
    "dates": _l("A round cannot close before it opens."),
    "too_long": _l("A round can be open for at most 180 days."),
    "language": _l("That language is not shipped."),
    "note_text": _l("The note must be plain text."),
    "note_long": _l("A note has at most 2000 characters per language."),
}


def _problem(error: YouthError) -> str:
    return str(PROBLEMS.get(error.code, error))


staff_only(bp, roles=WIDE_ROLES)


def _today():
    return today_in(current_app.config["TIMEZONE"])


def _group(group_id: int) -> YouthGroup:
    group = db.session.get(YouthGroup, group_id)
    if group is None:
        abort(404)
    return group


def _qr_svg(url: str, label: str) -> Markup:
    """The link as a QR code, drawn here: no outside service ever sees a link."""
    out = io.BytesIO()
    segno.make(url, error="m").save(
        out, kind="svg", scale=4, border=2, xmldecl=False, svgclass="qr", title=label
    )
    return Markup(out.getvalue().decode())  # noqa: S704 - segno's own SVG, nothing of the user


def _links_page(group: YouthGroup, issued: list[tuple[int, str]], message: str):
    """Show freshly made links with their QR codes, once; never cached."""
    base = current_app.config["PUBLIC_URL"]
    shown = []
    for number, token in issued:
        url = links.link_url(base, token)
        label = _("Member %(number)s", number=number)
        shown.append({"number": number, "url": url, "qr": _qr_svg(url, label), "label": label})
    response = make_response(
        render_template("staff/youth/links.html", group=group, links=shown, message=message)
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("", methods=["GET", "POST"])
def groups():
    """Youth groups, and a form to create one with its links."""
    form = GroupForm()
    if form.validate_on_submit():
        try:
            made, tokens = links.create_group(
                db.session, form.name.data, form.members.data, _today(), form.link_days.data
            )
        except YouthError as error:
            db.session.rollback()
            form.name.errors.append(_problem(error))
        else:
            audit.record(
                db.session,
                current_user.email,
                "youth.group.create",
                f"group:{made.id}",
                f"{len(tokens)} links",
            )
            db.session.commit()
            issued = list(enumerate(tokens, start=1))
            return _links_page(made, issued, _("The group was created."))
    today = _today()
    listed = [
        {
            "id": found.id,
            "name": found.name,
            "members": sum(m.status(today) == "active" for m in found.members),
            "open_rounds": sum(r.status(today) == "open" for r in found.rounds),
        }
        for found in db.session.scalars(sa.select(YouthGroup).order_by(YouthGroup.name))
    ]
    status = 422 if form.errors else 200
    return render_template("staff/youth/groups.html", groups=listed, form=form), status


def _round_view(round_: Round, today, locale: str) -> dict:
    definition = round_.flow_version.parsed
    return {
        "id": round_.id,
        "title": pick_text(definition.title, locale),
        "status": round_.status(today),
        "opens_on": round_.opens_on.isoformat(),
        "closes_on": round_.closes_on.isoformat(),
        "outcome_form": outcome_form(shipped_locales(), round_.outcome or {})(
            prefix=f"round{round_.id}", formdata=None
        ),
    }


@bp.get("/<int:group_id>")
def group(group_id: int):
    """One group: its links (by number), rounds, and results arriving live."""
    group = _group(group_id)
    today = _today()
    locale = str(get_locale())
    round_form = RoundForm(formdata=None)
    _round_choices(round_form, locale)
    round_form.opens_on.data = today
    round_form.closes_on.data = today + timedelta(days=14)
    return render_template(
        "staff/youth/group.html",
        group=group,
        members=[
            {
                "id": m.id,
                "number": m.number,
                "status": m.status(today),
                "issued_on": m.issued_on.isoformat(),
                "expires_on": m.expires_on.isoformat(),
            }
            for m in group.members
        ],
        rounds=[_round_view(r, today, locale) for r in group.rounds],
        members_form=MembersForm(formdata=None),
        round_form=round_form,
        results=_results_context(group, locale),
    )


def _results_context(group: YouthGroup, locale: str) -> dict:
    summary = group_summary(
        db.session, group, "today", _today(), current_app.config["MIN_GROUP_SIZE"]
    )
    by_id = {r.id: r for r in group.rounds}
    shown = []
    for result in summary["rounds"]:
        definition = by_id[result["id"]].flow_version.parsed
        questions = []
        for question in definition.questions:
            figures = result["questions"][f"{definition.key}/{question.key}"]
            labels = {o.key: pick_text(o.label, locale) for o in question.options}
            questions.append(
                {
                    "key": question.key,
                    "type": question.type,
                    "text": pick_text(question.text, locale),
                    "figures": figures,
                    "labels": labels,
                }
            )
        shown.append({**result, "title": pick_text(result["title"], locale), "items": questions})
    return {"scope": summary["scope"], "rounds": shown, "min": summary["min_group_size"]}


@bp.get("/<int:group_id>/results")
def results(group_id: int):
    """The results panel alone: the page swaps it in when /live says the group changed."""
    group = _group(group_id)
    return render_template(
        "staff/youth/results.html", results=_results_context(group, str(get_locale()))
    )


@bp.post("/<int:group_id>/members")
def add_members(group_id: int):
    """More links for a group; shown once."""
    group = _group(group_id)
    form = MembersForm()
    if not form.validate_on_submit():
        flash(_("Give a number of new members from 1 to 200."), "error")
        return redirect(url_for("staff_youth.group", group_id=group.id))
    try:
        last = max((m.number for m in group.members), default=0)
        tokens = links.add_members(db.session, group, form.count.data, _today())
    except YouthError as error:
        db.session.rollback()
        flash(_problem(error), "error")
        return redirect(url_for("staff_youth.group", group_id=group.id))
    audit.record(
        db.session, current_user.email, "youth.links.add", f"group:{group.id}", f"{len(tokens)}"
    )
    db.session.commit()
    issued = list(enumerate(tokens, start=last + 1))
    return _links_page(group, issued, _("The new links were made."))


def _member(member_id: int) -> Member:
    member = db.session.get(Member, member_id)
    if member is None:
        abort(404)
    return member


@bp.post("/members/<int:member_id>/reissue")
def reissue(member_id: int):
    """A new link for a member who lost theirs; the old link stops working."""
    member = _member(member_id)
    token = links.reissue(db.session, member, _today())
    audit.record(
        db.session,
        current_user.email,
        "youth.link.reissue",
        f"group:{member.group_id}",
        f"member {member.number}",
    )
    db.session.commit()
    message = _(
        "Member %(number)s has a new link. The old one no longer works.", number=member.number
    )
    return _links_page(member.group, [(member.number, token)], message)


@bp.post("/members/<int:member_id>/revoke")
def revoke(member_id: int):
    """End a member's link at once."""
    member = _member(member_id)
    links.revoke(member)
    audit.record(
        db.session,
        current_user.email,
        "youth.link.revoke",
        f"group:{member.group_id}",
        f"member {member.number}",
    )
    db.session.commit()
    flash(_("The link of member %(number)s no longer works.", number=member.number), "success")
    return redirect(url_for("staff_youth.group", group_id=member.group_id))


def _round_choices(form: RoundForm, locale: str) -> None:
    form.flow.choices = [
        (f"{v.flow.key}:{v.number}", pick_text(v.parsed.title, locale))
        for v in published_flows(db.session, channel="youth")
    ]


@bp.post("/<int:group_id>/rounds")
def open_round(group_id: int):
    """Open a consultation round for the group."""
    group = _group(group_id)
    form = RoundForm()
    _round_choices(form, str(get_locale()))
    if not form.validate_on_submit():
        flash(_("Choose the questions and both dates."), "error")
        return redirect(url_for("staff_youth.group", group_id=group.id))
    key, _sep, number = form.flow.data.rpartition(":")
    version = find_version(db.session, key, int(number)) if number.isdigit() else None
    if version is None:
        abort(400)
    try:
        round_ = rounds.open_round(
            db.session, group, version, form.opens_on.data, form.closes_on.data
        )
    except YouthError as error:
        db.session.rollback()
        flash(_problem(error), "error")
        return redirect(url_for("staff_youth.group", group_id=group.id))
    audit.record(db.session, current_user.email, "youth.round.open", f"round:{round_.id}")
    db.session.commit()
    live.round_answered(group.id)
    if round_.status(_today()) == "upcoming":
        flash(_("The round opens on %(day)s.", day=round_.opens_on.isoformat()), "success")
    else:
        flash(_("The round is open."), "success")
    return redirect(url_for("staff_youth.group", group_id=group.id))


def _round(round_id: int) -> Round:
    round_ = db.session.get(Round, round_id)
    if round_ is None:
        abort(404)
    return round_


@bp.post("/rounds/<int:round_id>/close")
def close_round(round_id: int):
    """Close a round now: answers stop changing, members see the result."""
    round_ = _round(round_id)
    rounds.close_round(db.session, round_, _today())
    audit.record(db.session, current_user.email, "youth.round.close", f"round:{round_.id}")
    db.session.commit()
    live.round_answered(round_.group_id)
    flash(_("The round is closed. Members now see the group's result."), "success")
    return redirect(url_for("staff_youth.group", group_id=round_.group_id))


@bp.post("/rounds/<int:round_id>/outcome")
def outcome(round_id: int):
    """Save "what we did with it", shown to members once the round has closed."""
    round_ = _round(round_id)
    locales = shipped_locales()
    form = outcome_form(locales, {})(prefix=f"round{round_.id}")
    if not form.validate_on_submit():
        flash(_("A note has at most 2000 characters per language."), "error")
        return redirect(url_for("staff_youth.group", group_id=round_.group_id))
    texts = {info.code: getattr(form, f"text_{info.code}").data or "" for info in locales}
    try:
        rounds.set_outcome(round_, texts)
    except YouthError as error:
        flash(_problem(error), "error")
        return redirect(url_for("staff_youth.group", group_id=round_.group_id))
    audit.record(db.session, current_user.email, "youth.round.outcome", f"round:{round_.id}")
    db.session.commit()
    flash(_("The note was saved."), "success")
    return redirect(url_for("staff_youth.group", group_id=round_.group_id))


@bp.get("/rounds/<int:round_id>/export.csv")
def export(round_id: int):
    """The round's group result as CSV, with small-number protection. Audited."""
    round_ = _round(round_id)
    result = round_result(db.session, round_, current_app.config["MIN_GROUP_SIZE"], _today())
    body = result_csv(result, round_.flow_version.parsed)
    audit.record(db.session, current_user.email, "youth.export", f"round:{round_.id}")
    db.session.commit()
    filename = f"youth-round-{round_.id}-{_today().isoformat()}.csv"
    return Response(
        body,
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
