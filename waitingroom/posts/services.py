"""Writing, publishing and withdrawing posts, and what tablets and the youth group see.

Plain functions with an explicit session; bad input raises PostError, whose
`field` names the form field at fault so a page can put the message beside it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from waitingroom.i18n import DEFAULT_LOCALE, SHIPPED_LOCALES
from waitingroom.inputs import storable
from waitingroom.posts.models import STATUSES, Post
from waitingroom.privacy.scrubbing import scrub
from waitingroom.units.models import Unit

MAX_TITLE = 80
MAX_BODY = 400
MAX_REASON = 200
# The attract screen has room for a few posts beside the start button.
KIOSK_POSTS = 4
YOUTH_POSTS = 10
_IMAGES = Path(__file__).resolve().parents[2] / "static" / "img"
# The picture folders a post may draw from (flows use the same names).
_PICTURE_FOLDERS = ("pictograms", "faces")


class PostError(ValueError):
    """A post cannot be saved as asked. `code` names the problem, `field` the form field."""

    def __init__(self, code: str, message: str, field: str = ""):
        self.code = code
        self.field = field
        super().__init__(message)


@cache
def pictograms() -> tuple[str, ...]:
    """The pictures that exist, as "folder/name": only these can be chosen."""
    return tuple(
        f"{folder}/{path.stem}"
        for folder in _PICTURE_FOLDERS
        for path in sorted((_IMAGES / folder).glob("*.svg"))
    )


@dataclass(frozen=True)
class PostText:
    """What staff wrote, before it is checked."""

    unit_id: int | None
    status: str
    pictogram: str
    day: date
    youth: bool = False
    title: dict[str, str] = field(default_factory=dict)
    body: dict[str, str] = field(default_factory=dict)
    reason: dict[str, str] = field(default_factory=dict)


def _texts(kind: str, texts: dict, limit: int, required: bool) -> dict[str, str]:
    """{locale: text} with empty texts dropped; Swedish must be there when required.
    Staff write it, but it is shown to children in a waiting room: no personal data."""
    kept = {}
    for code, text in (texts or {}).items():
        if code not in SHIPPED_LOCALES:
            raise PostError("language", f"{str(code)[:16]!r} is not a shipped language", kind)
        if text is None:
            continue
        if not isinstance(text, str) or not storable(text):
            raise PostError("plain_text", "the text must be plain text", f"{kind}_{code}")
        text = " ".join(text.split()) if kind == "title" else text.strip()
        if len(text) > limit:
            raise PostError(f"{kind}_long", f"at most {limit} characters", f"{kind}_{code}")
        if text:
            kept[code] = scrub(text).text
    if required and DEFAULT_LOCALE not in kept:
        raise PostError(f"{kind}_missing", f"the Swedish {kind} is required", f"{kind}_sv")
    return kept


def checked(session: Session, text: PostText, today: date) -> PostText:
    """The post as it will be stored: valid, trimmed and scrubbed, or a PostError."""
    if text.status not in STATUSES:
        raise PostError("status", f"status must be one of {', '.join(STATUSES)}", "status")
    if text.pictogram not in pictograms():
        raise PostError("pictogram", "choose one of the pictures", "pictogram")
    if text.unit_id is not None and session.get(Unit, text.unit_id) is None:
        raise PostError("unit", "no such unit", "scope")
    if not isinstance(text.day, date) or text.day > today:
        raise PostError("day", "the day cannot be in the future", "day")
    cant_do = text.status == "cant_do"
    title = _texts("title", text.title, MAX_TITLE, True)
    body = _texts("body", text.body, MAX_BODY, True)
    # Children are told why (ERYICA): a "can't do" without a reason is refused.
    reason = _texts("reason", text.reason, MAX_REASON, True) if cant_do else {}
    # A language is written whole or not at all, so no card mixes two languages.
    parts = [("title", title), ("body", body)] + ([("reason", reason)] if cant_do else [])
    for code in SHIPPED_LOCALES:
        written = [kind for kind, texts in parts if code in texts]
        if written and len(written) < len(parts):
            missing = next(kind for kind, texts in parts if code not in texts)
            raise PostError("partial", f"{code}: write every text or none", f"{missing}_{code}")
    return PostText(
        unit_id=text.unit_id,
        status=text.status,
        pictogram=text.pictogram,
        day=text.day,
        youth=bool(text.youth),
        title=title,
        body=body,
        reason=reason,
    )


def save(session: Session, post: Post | None, text: PostText, today: date) -> Post:
    """Create a draft, or change a post (a published one stays published, changed)."""
    text = checked(session, text, today)
    if post is None:
        post = Post(state="draft")
        session.add(post)
    post.unit_id = text.unit_id
    post.status = text.status
    post.pictogram = text.pictogram
    post.day = text.day
    post.youth = text.youth
    post.title = text.title
    post.body = text.body
    post.reason = text.reason
    post.changed_on = today
    session.flush()
    return post


def publish(post: Post, today: date) -> None:
    post.state = "published"
    post.changed_on = today


def withdraw(post: Post, today: date) -> None:
    """Off the tablets and the youth page; kept, so it can be changed and published again."""
    post.state = "withdrawn"
    post.changed_on = today


def tablets_of(units: Iterable[int | None]) -> list[int] | None:
    """Whose tablets must refetch their config: None (every tablet) for a region post."""
    wanted = set(units)
    if None in wanted:
        return None
    return sorted(u for u in wanted if u is not None)


def _filled(texts: dict) -> dict[str, str]:
    """Every shipped language, Swedish where nobody wrote one: never a blank on a tablet."""
    swedish = texts.get(DEFAULT_LOCALE, "")
    return {code: texts.get(code) or swedish for code in SHIPPED_LOCALES}


def as_shown(post: Post) -> dict:
    """A post as tablets and the youth page receive it."""
    return {
        "id": post.id,
        "unit": post.unit.code if post.unit else None,
        "unit_name": post.unit.name if post.unit else None,
        "status": post.status,
        "pictogram": post.pictogram,
        "day": post.day.isoformat(),
        "title": _filled(post.title),
        "body": _filled(post.body),
        "reason": _filled(post.reason) if post.status == "cant_do" else None,
        # The languages written for this post; the others show the Swedish text.
        "languages": [code for code in SHIPPED_LOCALES if post.title.get(code)],
    }


def _published():
    return (
        sa.select(Post)
        .options(selectinload(Post.unit))
        .where(Post.state == "published")
        .order_by(Post.day.desc(), Post.id.desc())
    )


def kiosk_posts(session: Session, unit_id: int, limit: int = KIOSK_POSTS) -> list[dict]:
    """The unit's and the region's published posts, newest first."""
    query = _published().where(sa.or_(Post.unit_id == unit_id, Post.unit_id.is_(None)))
    return [as_shown(post) for post in session.scalars(query.limit(limit))]


def youth_posts(session: Session, limit: int = YOUTH_POSTS) -> list[dict]:
    """Published posts marked for the youth group, from every unit and the region."""
    query = _published().where(Post.youth.is_(True))
    return [as_shown(post) for post in session.scalars(query.limit(limit))]
