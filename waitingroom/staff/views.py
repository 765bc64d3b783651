"""What staff pages show, shaped for templates (labels in the staff member's language)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from waitingroom.auth.access import WIDE_ROLES, Scope, visible_scopes
from waitingroom.auth.models import StaffUser
from waitingroom.flows.definition import AREAS, AUDIENCES
from waitingroom.flows.library import published_flows
from waitingroom.i18n import DEFAULT_LOCALE, shipped_locales
from waitingroom.responses.models import Response
from waitingroom.units.models import Kiosk, Unit
from waitingroom.youth.models import YouthGroup

# A tablet sends a heartbeat every 30 s; after this long without one it is offline.
OFFLINE_AFTER = timedelta(seconds=90)

AUDIENCE_LABELS = {
    "age_4_7": _l("Children 4–7"),
    "age_8_12": _l("Children 8–12"),
    "age_13_17": _l("Young people 13–17"),
    "relative": _l("Parents and relatives"),
}
AREA_LABELS = {
    "competence": _l("Right competence available for consultation"),
    "holistic_view": _l("Data capture and a holistic view"),
    "coordination": _l("Coordination"),
    "care_flows": _l("Continuous care flows"),
    "collaboration": _l("Collaboration and consultation models"),
    "early_support": _l("Support and early interventions"),
    "participation": _l("Participation of children and relatives"),
}
WINDOW_LABELS = {"today": _l("Today"), "7d": _l("Last 7 days"), "30d": _l("Last 30 days")}
KIND_LABELS = {
    "region": _l("The whole region"),
    "administration": _l("Administration"),
    "tag": _l("Target group"),
    "unit": _l("Unit"),
    "group": _l("Youth group"),
}


def scope_choices(session: Session, user: StaffUser, with_groups: bool = False) -> list[dict]:
    """Scopes for a picker; youth groups too where the page handles them (comments)."""
    choices = []
    scopes = visible_scopes(session, user)
    if with_groups and user.role in WIDE_ROLES:
        groups = session.scalars(sa.select(YouthGroup).order_by(YouthGroup.name))
        scopes += [(Scope("group", str(group.id)), group.name) for group in groups]
    for scope, label in scopes:
        text = str(KIND_LABELS["region"]) if scope.kind == "region" else label
        choices.append(
            {
                "value": str(scope),
                "label": text,
                "kind": scope.kind,
                "kind_label": str(KIND_LABELS[scope.kind]),
            }
        )
    return choices


def pick_text(texts: dict[str, str], locale: str) -> str:
    return texts.get(locale) or texts.get(DEFAULT_LOCALE) or next(iter(texts.values()), "")


def question_catalogue(session: Session, locale: str) -> dict[str, dict]:
    """Every published question's text and option labels, in the staff member's language."""
    catalogue = {}
    for version in published_flows(session):
        definition = version.parsed
        for question in definition.questions:
            catalogue[f"{definition.key}/{question.key}"] = {
                "flow": definition.key,
                "flow_title": pick_text(definition.title, locale),
                "audience": definition.audience,
                "audience_label": str(AUDIENCE_LABELS[definition.audience]),
                "question": question.key,
                "type": question.type,
                "area": question.area,
                "area_label": str(AREA_LABELS[question.area]),
                "text": pick_text(question.text, locale),
                "options": [
                    {"key": o.key, "label": pick_text(o.label, locale)} for o in question.options
                ],
            }
    return catalogue


def live_context(session: Session, user: StaffUser, locale: str, minimum: int) -> dict:
    return {
        "scopes": scope_choices(session, user),
        "windows": [{"value": k, "label": str(v)} for k, v in WINDOW_LABELS.items()],
        "audiences": [{"value": a, "label": str(AUDIENCE_LABELS[a])} for a in AUDIENCES],
        "locales": [{"value": info.code, "label": info.name} for info in shipped_locales()],
        "areas": [{"value": a, "label": str(AREA_LABELS[a])} for a in AREAS],
        "questions": question_catalogue(session, locale),
        "min_group_size": minimum,
    }


def kiosk_statuses(session: Session, unit_ids: list[int], today, minimum: int) -> list[dict]:
    """Each tablet's health. Its count for today is a figure about children like any
    other: below the minimum group size it is not shown."""
    now = datetime.now(UTC).replace(tzinfo=None)
    today_counts = dict(
        session.execute(
            sa.select(Response.kiosk_id, sa.func.count())
            .where(Response.day == today, Response.kiosk_id.is_not(None))
            .group_by(Response.kiosk_id)
        ).all()
    )
    kiosks = session.scalars(
        sa.select(Kiosk)
        .join(Unit)
        .where(Kiosk.unit_id.in_(unit_ids or [-1]))
        .order_by(Unit.name, Kiosk.id)
    )
    return [
        {
            "id": kiosk.id,
            "unit_code": kiosk.unit.code,
            "unit_name": kiosk.unit.name,
            "label": kiosk.label,
            "online": bool(
                kiosk.last_seen and not kiosk.revoked and now - kiosk.last_seen <= OFFLINE_AFTER
            ),
            "last_seen": kiosk.last_seen.strftime("%Y-%m-%d %H:%M") if kiosk.last_seen else None,
            "responses_today": _at_least(today_counts.get(kiosk.id, 0), minimum),
            "outbox": kiosk.outbox,
            "refused": kiosk.refused,
            "revoked": kiosk.revoked,
        }
        for kiosk in kiosks
    ]


STATUS_LABELS = {
    "pending": _l("Waiting for moderation"),
    "approved": _l("Approved"),
    "hidden": _l("Hidden"),
}
CONCERN_LABELS = {
    "self_harm": _l("Self-harm or suicide"),
    "abuse": _l("Abuse"),
    "violence": _l("Violence or threats"),
    "unsafe": _l("Not feeling safe"),
    "help": _l("Asks for help"),
}
DECISION_LABELS = {
    "release": _l("Released, redacted, to normal feedback"),
    "reported": _l("Concern reported"),
    "no_action": _l("No action needed"),
}


def _at_least(n: int, minimum: int) -> int | None:
    return n if n >= minimum else None
