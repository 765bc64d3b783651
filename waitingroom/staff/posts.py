"""Staff pages for "You said, we did": write, preview, publish and withdraw posts.

Deny by default: signed-in staff only. Unit staff write for their own units;
admin and programme staff for any unit and for the whole region. Publication
and withdrawal are audited, and the tablets concerned are told to fetch their
configuration again (after the commit, so they read what was just stored).
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from waitingroom import audit
from waitingroom.auth.access import WIDE_ROLES, assigned_unit_ids
from waitingroom.extensions import db
from waitingroom.i18n import DEFAULT_LOCALE, shipped_locales
from waitingroom.kiosk.strings import KIOSK_STRINGS
from waitingroom.posts import services
from waitingroom.posts.models import Post
from waitingroom.posts.services import PostError, PostText
from waitingroom.realtime import kiosk as kiosk_events
from waitingroom.responses.subscriptions import today_in
from waitingroom.staff.guard import staff_only
from waitingroom.staff.post_form import (
    PICTURE_LABELS,
    STATE_LABELS,
    STATUS_LABELS,
    post_form,
)
from waitingroom.units.models import Unit

bp = Blueprint("staff_posts", __name__, url_prefix="/staff/posts")
STAFF_ROLES = frozenset({"admin", "programme", "unit"})
REGION = "region"

# What a PostError's code means, in the staff member's language.
PROBLEMS = {
    "status": _l("Choose a status."),
    "pictogram": _l("Choose one of the pictures."),
    "unit": _l("That unit does not exist."),
    "day": _l("The day cannot be in the future."),
    "language": _l("That language is not shipped."),
    "plain_text": _l("Write plain text."),
    "title_long": _l("A title has at most %(n)s characters.", n=services.MAX_TITLE),
    "body_long": _l("A text has at most %(n)s characters.", n=services.MAX_BODY),
    "reason_long": _l("A reason has at most %(n)s characters.", n=services.MAX_REASON),
    "title_missing": _l("Write the title in Swedish."),
    "body_missing": _l("Write the text in Swedish."),
    # Translators: children are told why an idea cannot be carried out.
    "reason_missing": _l("Say in Swedish why it can't be done."),
    # Translators: a language's texts were only partly written.
    "partial": _l("Write every text in this language, or none: a tablet never mixes two."),
}


# Staff of a known role; each post is checked on its own.
staff_only(bp, roles=STAFF_ROLES)


def _today() -> date:
    return today_in(current_app.config["TIMEZONE"])


def _may_post_to(unit_id: int | None) -> bool:
    """Unit staff post for their own units only; the region is for admin and programme."""
    if current_user.role in WIDE_ROLES:
        return True
    return unit_id is not None and unit_id in assigned_unit_ids(current_user)


def _scopes() -> list[tuple[str, str]]:
    units = db.session.scalars(sa.select(Unit).order_by(Unit.name))
    choices = [(f"unit:{u.id}", u.name) for u in units if _may_post_to(u.id)]
    if current_user.role in WIDE_ROLES:
        choices.insert(0, (REGION, _("The whole region (every tablet)")))
    return choices


def _unit_id_of(scope: str | None) -> int | None:
    """The unit a scope value names; 400 for a value that is neither."""
    if scope == REGION:
        return None
    kind, _sep, key = (scope or "").partition(":")
    if kind != "unit" or not key.isdigit() or len(key) > 9:
        abort(400)
    return int(key)


def _scope_of(post: Post) -> str:
    return REGION if post.unit_id is None else f"unit:{post.unit_id}"


def _post(post_id: int) -> Post:
    """A post the user may change: 404 when it does not exist, 403 when it is not theirs."""
    post = db.session.get(Post, post_id)
    if post is None:
        abort(404)
    if not _may_post_to(post.unit_id):
        abort(403)
    return post


def _shown_in(texts: dict, locale: str) -> str:
    return texts.get(locale) or texts.get(DEFAULT_LOCALE, "")


@bp.get("")
def posts():
    """Every post the user may see: unit staff see their units' and the region's."""
    query = sa.select(Post).order_by(Post.day.desc(), Post.id.desc())
    if current_user.role not in WIDE_ROLES:
        mine = sorted(assigned_unit_ids(current_user))
        query = query.where(sa.or_(Post.unit_id.in_(mine), Post.unit_id.is_(None)))
    locale = str(get_locale())
    listed = [
        {
            "id": post.id,
            "title": _shown_in(post.title, locale),
            "title_lang": locale if post.title.get(locale) else DEFAULT_LOCALE,
            "where": post.unit.name if post.unit else _("The whole region"),
            "status": STATUS_LABELS[post.status],
            "status_key": post.status,
            "state": post.state,
            "state_label": STATE_LABELS[post.state],
            "day": post.day.isoformat(),
            "youth": post.youth,
            "languages": sum(1 for info in shipped_locales() if post.title.get(info.code)),
            "editable": _may_post_to(post.unit_id),
        }
        for post in db.session.scalars(query)
    ]
    return render_template("staff/posts/list.html", posts=listed, languages=len(shipped_locales()))


def _fill(form, post: Post) -> None:
    form.scope.data = _scope_of(post)
    form.status.data = post.status
    form.pictogram.data = post.pictogram
    form.day.data = post.day
    form.youth.data = post.youth
    for info in shipped_locales():
        for kind in ("title", "body", "reason"):
            getattr(form, f"{kind}_{info.code}").data = getattr(post, kind).get(info.code, "")


def _text_of(form) -> PostText:
    texts: dict[str, dict[str, str]] = {"title": {}, "body": {}, "reason": {}}
    for info in shipped_locales():
        for kind, found in texts.items():
            found[info.code] = getattr(form, f"{kind}_{info.code}").data or ""
    return PostText(
        unit_id=_unit_id_of(form.scope.data),
        status=form.status.data,
        pictogram=form.pictogram.data,
        day=form.day.data,
        youth=form.youth.data,
        **texts,
    )


def _preview(text: PostText) -> dict:
    """The post as tablets will show it: each written language, and which show Swedish."""
    draft = Post(
        status=text.status,
        pictogram=text.pictogram,
        day=text.day,
        title=text.title,
        body=text.body,
        reason=text.reason,
    )
    shown = services.as_shown(draft)
    locales = shipped_locales()
    cards = []
    for info in locales:
        if info.code not in shown["languages"]:
            continue
        with force_locale(info.code):
            words = {
                "status": str(KIOSK_STRINGS[f"post_{text.status}"]),
                "because": str(KIOSK_STRINGS["post_because"]),
                "heading": str(KIOSK_STRINGS["posts"]),
            }
        cards.append(
            {
                "info": info,
                "title": shown["title"][info.code],
                "body": shown["body"][info.code],
                "reason": shown["reason"][info.code] if shown["reason"] else "",
                "words": words,
            }
        )
    return {
        "status": text.status,
        "pictogram": text.pictogram,
        "day": text.day.isoformat(),
        "cards": cards,
        "swedish_for": [info.name for info in locales if info.code not in shown["languages"]],
    }


def _put_error(form, error: PostError) -> None:
    field = getattr(form, error.field, None) if error.field else None
    message = str(PROBLEMS.get(error.code, error))
    if field is None:
        flash(message, "error")
    else:
        field.errors = [*field.errors, message]


def _edit_page(form, post: Post | None, preview: dict | None, status: int = 200):
    return (
        render_template(
            "staff/posts/edit.html",
            form=form,
            post=post,
            preview=preview,
            locales=shipped_locales(),
            default_locale=DEFAULT_LOCALE,
            picture_labels=PICTURE_LABELS,
            state_label=STATE_LABELS[post.state] if post else None,
        ),
        status,
    )


def _write(post: Post | None):
    """Show the form, preview it, save it as a draft or publish it."""
    form = post_form(shipped_locales(), _scopes())
    if request.method == "GET":
        if post is not None:
            _fill(form, post)
            return _edit_page(form, post, _preview(_text_of(form)))
        form.day.data = _today()
        return _edit_page(form, None, None)
    # A place the user may not post to is refused before anything else is looked at.
    if "scope" in request.form and not _may_post_to(_unit_id_of(request.form["scope"])):
        abort(403)
    if not form.validate_on_submit():
        return _edit_page(form, post, None, 422)
    today = _today()
    try:
        text = services.checked(db.session, _text_of(form), today)
    except PostError as error:
        _put_error(form, error)
        return _edit_page(form, post, None, 422)
    if form.preview.data:
        return _edit_page(form, post, _preview(text))
    was_shown = {post.unit_id} if post is not None and post.state == "published" else set()
    changed_published = bool(was_shown)
    saved = services.save(db.session, post, text, today)
    if form.publish.data:
        services.publish(saved, today)
    if saved.state == "published":
        audit.record(
            db.session,
            current_user.email,
            "post.publish",
            f"post:{saved.id}",
            ("changed " if changed_published else "") + (saved.unit.code if saved.unit else REGION),
        )
    db.session.commit()
    shown_now = {saved.unit_id} if saved.state == "published" else set()
    if was_shown | shown_now:
        kiosk_events.config_changed(services.tablets_of(was_shown | shown_now))
        flash(_("The post is on the tablets now."), "success")
    else:
        flash(_("The draft was saved. It is not on the tablets yet."), "success")
    return redirect(url_for("staff_posts.posts"))


@bp.route("/new", methods=["GET", "POST"])
def new():
    """Write a new post."""
    if not _scopes():
        abort(403)
    return _write(None)


@bp.route("/<int:post_id>", methods=["GET", "POST"])
def edit(post_id: int):
    """Change a post; a published one stays on the tablets, changed."""
    return _write(_post(post_id))


@bp.post("/<int:post_id>/publish")
def publish(post_id: int):
    """Put a draft or withdrawn post on the tablets."""
    post = _post(post_id)
    services.publish(post, _today())
    audit.record(
        db.session,
        current_user.email,
        "post.publish",
        f"post:{post.id}",
        post.unit.code if post.unit else REGION,
    )
    db.session.commit()
    kiosk_events.config_changed(services.tablets_of([post.unit_id]))
    flash(_("The post is on the tablets now."), "success")
    return redirect(url_for("staff_posts.posts"))


@bp.post("/<int:post_id>/withdraw")
def withdraw(post_id: int):
    """Take a post off the tablets and the youth page; it is kept and can be published again."""
    post = _post(post_id)
    was_published = post.state == "published"
    services.withdraw(post, _today())
    audit.record(
        db.session,
        current_user.email,
        "post.withdraw",
        f"post:{post.id}",
        post.unit.code if post.unit else REGION,
    )
    db.session.commit()
    if was_published:
        kiosk_events.config_changed(services.tablets_of([post.unit_id]))
    flash(_("The post was withdrawn. It is no longer on the tablets."), "success")
    return redirect(url_for("staff_posts.posts"))
