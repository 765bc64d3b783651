from __future__ import annotations

import copy
from datetime import date

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from waitingroom.extensions import db
from waitingroom.flows.definition import FlowDefinition, from_json


class Flow(db.Model):
    """A named flow for one audience; what it asks lives in its versions."""

    __tablename__ = "flow"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(48), unique=True)
    audience: Mapped[str] = mapped_column(sa.String(16))
    # "kiosk" (waiting-room tablets) or "youth" (the youth group's rounds).
    channel: Mapped[str] = mapped_column(sa.String(8), default="kiosk", server_default="kiosk")

    versions: Mapped[list[FlowVersion]] = relationship(
        back_populates="flow", order_by="FlowVersion.number"
    )


# Published versions never change and their ids are never reused, so a version's
# config, with its texts filled in for every shipped language, can be kept for the
# life of the process instead of being made again on every kiosk config request.
_configs: dict[int, dict] = {}


def forget_configs() -> None:
    """Drop kept configs (tests empty the database, and ids start again)."""
    _configs.clear()


class FlowVersion(db.Model):
    """A published version of a flow. Immutable: answers always point at the
    version they answered, so its questions must never change under them."""

    __tablename__ = "flow_version"
    __table_args__ = (sa.UniqueConstraint("flow_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    flow_id: Mapped[int] = mapped_column(sa.ForeignKey("flow.id"))
    number: Mapped[int]
    definition: Mapped[dict] = mapped_column(sa.JSON)
    published_on: Mapped[date] = mapped_column(sa.Date)

    flow: Mapped[Flow] = relationship(back_populates="versions")

    @property
    def parsed(self) -> FlowDefinition:
        cached = self.__dict__.get("_parsed")
        if cached is None:
            cached = from_json(self.definition)
            self.__dict__["_parsed"] = cached
        return cached

    def as_config(self) -> dict:
        """What tablets and phones get: every text in every shipped language, those
        not yet translated taken from the nearest language (`flows.texts`).

        Made once per version and process, and the same dict is returned to every
        caller: read it, or copy it before changing anything in it.
        """
        config = _configs.get(self.id)
        if config is None:
            from waitingroom.flows.texts import complete_config
            from waitingroom.i18n import SHIPPED_LOCALES, fallbacks

            config = complete_config(copy.deepcopy(self.definition), SHIPPED_LOCALES, fallbacks)
            config["version"] = self.number
            if self.id is not None:  # not kept before it is stored and has its id
                _configs[self.id] = config
        return config


@event.listens_for(FlowVersion, "before_update")
def _published_versions_are_immutable(mapper, connection, target):
    raise ValueError("a published flow version cannot be changed; publish a new version")
