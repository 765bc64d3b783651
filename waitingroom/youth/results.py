"""A round's group result, and the summary of a `group:<id>` scope.

Computed from the members' current answers (a group is tens of members, not
millions), never joined to members. Small-number protection as everywhere
(DESIGN.md 2.3): below the minimum group size a figure is `null`, never sent.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from waitingroom.flows.definition import FREE_TEXT_TYPES, VOTES, Question
from waitingroom.responses.summary import Filters, next_seq
from waitingroom.youth.models import Member, Round, RoundResponse, YouthGroup
from waitingroom.youth.rounds import MAX_VOTABLE, Idea, approved_ideas

# The summary of a group lists at most this many rounds, the newest first.
MAX_ROUNDS = 10


def _hidden(n: int | None = None) -> dict:
    return {"n": n, "suppressed": True, "counts": None}


def _figures(question: Question, values: list, minimum: int, ideas: dict[str, Idea]) -> dict:
    n = len(values)
    if question.type in FREE_TEXT_TYPES:
        # How many wrote something: the words themselves go to moderation, where staff
        # read them anyway, so the count tells nothing more.
        return {"n": n, "suppressed": False, "counts": None}
    if n < minimum:
        return _hidden()
    options = [option.key for option in question.options]
    if question.type == "rank":
        firsts = Counter(order[0] for order in values)
        positions = defaultdict(int)
        for order in values:
            for place, key in enumerate(order, start=1):
                positions[key] += place
        mean_rank = {key: round(positions[key] / n, 2) for key in options}
        return {
            "n": n,
            "suppressed": False,
            "counts": {key: firsts.get(key, 0) for key in options},
            "mean_rank": mean_rank,
            "order": sorted(options, key=lambda key: (mean_rank[key], options.index(key))),
        }
    if question.type == "points":
        totals = {key: sum(v.get(key, 0) for v in values) for key in options}
        return {
            "n": n,
            "suppressed": False,
            "counts": totals,
            "mean_points": {key: round(total / n, 2) for key, total in totals.items()},
            "order": sorted(options, key=lambda key: (-totals[key], options.index(key))),
        }
    if question.type == "vote":
        tally: dict[str, Counter] = defaultdict(Counter)
        for votes in values:
            for idea, vote in votes.items():
                tally[idea][vote] += 1
        shown = {}
        for idea_id, idea in ideas.items():
            votes = tally.get(idea_id, Counter())
            voters = sum(votes.values())
            shown[idea_id] = {
                "text": idea.text,
                "locale": idea.locale,
                "n": voters if voters >= minimum else None,
                "suppressed": voters < minimum,
                "counts": {v: votes.get(v, 0) for v in VOTES} if voters >= minimum else None,
            }
        return {"n": n, "suppressed": False, "counts": None, "ideas": shown}
    counts: Counter = Counter()
    for value in values:
        counts.update(value if isinstance(value, list) else [str(value)])
    return {"n": n, "suppressed": False, "counts": dict(sorted(counts.items()))}


def _ideas_of(session: Session, round_: Round, rows: list[list[dict]], today: date) -> dict:
    """The ideas a round's vote shows: those voted on in it and, while it is open, those it
    offers; only ideas staff approved (and have not hidden since)."""
    newest_first = approved_ideas(session, round_.group_id)
    approved = {str(idea.id): idea for idea in newest_first}
    votes = {q.key for q in round_.flow_version.parsed.questions if q.type == "vote"}
    voted = {
        key
        for answers in rows
        for answer in answers
        if answer["question"] in votes
        for key in answer.get("value") or {}
    }
    # What votable_ideas offers, without reading the ideas again.
    open_now = round_.status(today) == "open"
    offered = {str(idea.id) for idea in newest_first[:MAX_VOTABLE]} if open_now else set()
    return {key: approved[key] for key in sorted(voted | offered, key=int) if key in approved}


def participation(session: Session, round_: Round, answered: int, today: date) -> dict:
    """How many answered, of the members whose link works: a count of people, not of
    what they said, so it is shown whatever its size."""
    members = session.scalar(
        sa.select(sa.func.count())
        .select_from(Member)
        .where(
            Member.group_id == round_.group_id,
            Member.revoked.is_(False),
            Member.expires_on >= today,
        )
    )
    rate = round(min(1.0, answered / members), 2) if members else None
    return {"members": members, "answered": answered, "rate": rate}


def round_result(session: Session, round_: Round, minimum: int, today: date) -> dict:
    """The group's result for one round, with small-number protection."""
    definition = round_.flow_version.parsed
    rows = session.scalars(
        sa.select(RoundResponse.answers).where(RoundResponse.round_id == round_.id)
    ).all()
    values: dict[str, list] = defaultdict(list)
    for answers in rows:
        for answer in answers:
            # Free text counts as written; its words are comments, not answers.
            values[answer["question"]].append(answer.get("value"))
    total = len(rows)
    suppressed = total < minimum
    ideas = _ideas_of(session, round_, rows, today)
    questions = {}
    for question in definition.questions:
        key = f"{definition.key}/{question.key}"
        questions[key] = (
            _hidden()
            if suppressed
            else _figures(question, values.get(question.key, []), minimum, ideas)
        )
        questions[key]["type"] = question.type
    return {
        "id": round_.id,
        "flow": definition.key,
        "version": round_.flow_version.number,
        "title": dict(definition.title),
        "opens_on": round_.opens_on.isoformat(),
        "closes_on": round_.closes_on.isoformat(),
        "status": round_.status(today),
        "participation": participation(session, round_, total, today),
        "total": None if suppressed else total,
        "suppressed": suppressed,
        "questions": questions,
        "outcome": dict(round_.outcome or {}),
    }


def current_round(rounds: list[Round], today: date) -> Round | None:
    """The round a group's summary leads with: the newest open one, else the newest closed."""
    for wanted in ("open", "closed"):
        for round_ in rounds:
            if round_.status(today) == wanted:
                return round_
    return None


def group_summary(
    session: Session, group: YouthGroup, window: str, today: date, minimum: int
) -> dict:
    """The summary object of API.md for `group:<id>`.

    Its top-level figures are those of the group's current round (see
    current_round); `rounds` holds each recent round's result. A group's
    rounds have their own dates, so the window is echoed but does not cut them.
    """
    rounds = sorted(group.rounds, key=lambda r: (r.opens_on, r.id), reverse=True)[:MAX_ROUNDS]
    results = [round_result(session, r, minimum, today) for r in rounds]
    lead = current_round(rounds, today)
    first = next((result for result in results if lead and result["id"] == lead.id), None)
    return {
        "scope": f"group:{group.id}",
        "window": window,
        "filters": Filters().as_json(),
        "seq": next_seq(),
        "min_group_size": minimum,
        "group": {"id": group.id, "name": group.name},
        "round": first["id"] if first else None,
        "total": first["total"] if first else None,
        "suppressed": first["suppressed"] if first else True,
        "by_audience": {},
        "by_locale": {},
        "questions": first["questions"] if first else {},
        "rounds": results,
    }
