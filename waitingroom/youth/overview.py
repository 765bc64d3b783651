"""What a member's phone receives: the rounds, their own answers, and closed rounds' results."""

from __future__ import annotations

import copy
from datetime import date

from sqlalchemy.orm import Session

from waitingroom.i18n import shipped_locales
from waitingroom.posts.services import youth_posts
from waitingroom.youth.answers import own_answer
from waitingroom.youth.models import Member, Round
from waitingroom.youth.results import round_result
from waitingroom.youth.rounds import Idea, member_rounds, votable_ideas


def round_flow(round_: Round, ideas: list[Idea]) -> dict:
    """The round's flow as the phone shows it: vote questions offer the group's ideas."""
    flow = copy.deepcopy(round_.flow_version.as_config())
    for question in flow["questions"]:
        if question["type"] == "vote":
            question["options"] = [idea.as_option() for idea in ideas]
    return flow


def member_overview(session: Session, member: Member, today: date, minimum: int, key: bytes):
    """GET /api/v1/youth/rounds: open and closed rounds, never another member's answer,
    and the "You said, we did" posts marked for the youth group."""
    ideas = votable_ideas(session, member.group_id)
    rounds = []
    for round_ in member_rounds(session, member, today):
        status = round_.status(today)
        closed = status == "closed"
        rounds.append(
            {
                "id": round_.id,
                "status": status,
                "opens_on": round_.opens_on.isoformat(),
                "closes_on": round_.closes_on.isoformat(),
                "flow": round_flow(round_, ideas),
                "answer": own_answer(session, member, round_, key),
                "result": round_result(session, round_, minimum, today) if closed else None,
                "outcome": dict(round_.outcome or {}) if closed else None,
            }
        )
    return {
        "group": {"name": member.group.name},
        "member": {"number": member.number, "expires_on": member.expires_on.isoformat()},
        "locales": [info.as_json() for info in shipped_locales()],
        "min_group_size": minimum,
        "rounds": rounds,
        "posts": youth_posts(session),
    }
