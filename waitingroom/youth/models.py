"""The youth reference group: members with personal links, and consultation rounds.

A member has no name, account or e-mail: a number within the group and a
link. The link's token is stored only as a hash (DESIGN.md 2.4). A member's
answer to a round is filed under a ballot, a keyed digest of the member and
the round, which lets the member find and replace their own answer and
nothing else: no staff view, export or API joins answers to members.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from waitingroom.extensions import db
from waitingroom.flows.models import FlowVersion


class YouthGroup(db.Model):
    __tablename__ = "youth_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    created_on: Mapped[date] = mapped_column(sa.Date)
    # How long a newly issued link stays valid.
    link_days: Mapped[int] = mapped_column(default=365)

    members: Mapped[list[Member]] = relationship(back_populates="group", order_by="Member.number")
    rounds: Mapped[list[Round]] = relationship(back_populates="group", order_by="Round.id.desc()")


class Member(db.Model):
    __tablename__ = "youth_member"
    __table_args__ = (sa.UniqueConstraint("group_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("youth_group.id"))
    number: Mapped[int]  # "member 3": how staff tell links apart, never a name
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    issued_on: Mapped[date] = mapped_column(sa.Date)
    expires_on: Mapped[date] = mapped_column(sa.Date)
    revoked: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    group: Mapped[YouthGroup] = relationship(back_populates="members")

    def status(self, today: date) -> str:
        if self.revoked:
            return "revoked"
        return "expired" if today > self.expires_on else "active"


class Round(db.Model):
    """A consultation round: one flow version, open from one day to another."""

    __tablename__ = "youth_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(sa.ForeignKey("youth_group.id"), index=True)
    flow_version_id: Mapped[int] = mapped_column(sa.ForeignKey("flow_version.id"))
    opens_on: Mapped[date] = mapped_column(sa.Date)
    closes_on: Mapped[date] = mapped_column(sa.Date)  # the last day answers are taken
    closed: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Staff's "what we did with it", per language, shown to members once closed.
    outcome: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    group: Mapped[YouthGroup] = relationship(back_populates="rounds")
    flow_version: Mapped[FlowVersion] = relationship()

    def status(self, today: date) -> str:
        if self.closed or today > self.closes_on:
            return "closed"
        return "upcoming" if today < self.opens_on else "open"


class RoundResponse(db.Model):
    """A member's current answer to a round; a new answer replaces it (counted once)."""

    __tablename__ = "youth_round_response"
    __table_args__ = (sa.UniqueConstraint("round_id", "ballot", name="uq_round_ballot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("youth_round.id"), index=True)
    ballot: Mapped[str] = mapped_column(sa.String(64))
    # The device-made UUID of the submission that holds the answer now.
    submission_id: Mapped[str] = mapped_column(sa.String(36))
    locale: Mapped[str] = mapped_column(sa.String(16))
    day: Mapped[date] = mapped_column(sa.Date)
    answers: Mapped[list] = mapped_column(sa.JSON)
    # Free text of this answer lives as comments, for moderation: question -> comment id.
    comment_ids: Mapped[dict] = mapped_column(sa.JSON, default=dict)


class RoundSubmission(db.Model):
    """Every submission id a round accepted, so a retry (even of an answer since
    replaced) is a duplicate and the same id with other content a conflict."""

    __tablename__ = "youth_round_submission"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    round_id: Mapped[int] = mapped_column(sa.ForeignKey("youth_round.id"), index=True)
    digest: Mapped[str] = mapped_column(sa.String(64))
