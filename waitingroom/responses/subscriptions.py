"""What a staff member asks to watch, checked, and the figures it shows.

Shared by the /live namespace and GET /api/v1/summary: the same checks, the
same object. Plain functions with an explicit session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from waitingroom.auth.access import Scope, can_view, group_id_of, parse_scope, unit_ids
from waitingroom.auth.models import StaffUser
from waitingroom.flows.definition import AREAS, AUDIENCES
from waitingroom.flows.library import published_flows
from waitingroom.i18n import SHIPPED_LOCALES
from waitingroom.responses.ingest import service_day
from waitingroom.responses.summary import WINDOWS, Filters, KeptFigures, TodayRows, summarise
from waitingroom.youth.models import YouthGroup
from waitingroom.youth.results import group_summary


class SubscriptionError(ValueError):
    """A subscription that cannot be granted; `code` is invalid, forbidden or not_found."""

    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(message)


@dataclass(frozen=True)
class Subscription:
    """A checked scope, window and filters, with the units the scope covers."""

    scope: str
    window: str
    filters: Filters
    unit_ids: tuple[int, ...]
    group_id: int | None = None  # a youth group's results (scope group:<id>)

    @property
    def watches(self) -> frozenset:
        """The change keys that make this subscription's figures stale."""
        if self.group_id is not None:
            return frozenset({group_key(self.group_id)})
        return frozenset(self.unit_ids)


def group_key(group_id: int) -> str:
    """How a change to a youth group's answers is announced (units are announced by id)."""
    return f"group:{group_id}"


def read_subscription(session: Session, user: StaffUser, data) -> Subscription:
    """Check a subscribe payload and the user's right to it."""
    if not isinstance(data, dict):
        raise SubscriptionError("invalid", 'send {"scope": …, "window": …}')
    try:
        scope = parse_scope(data.get("scope"))
    except ValueError as error:
        raise SubscriptionError("invalid", str(error)) from None
    window = data.get("window", "today")
    if not isinstance(window, str) or window not in WINDOWS:
        raise SubscriptionError("invalid", f"window must be one of {', '.join(WINDOWS)}")
    raw = data.get("filters") or {}
    if not isinstance(raw, dict):
        raise SubscriptionError("invalid", "filters must be an object")
    choices = {"audience": AUDIENCES, "locale": SHIPPED_LOCALES, "area": AREAS}
    for name, allowed in choices.items():
        if raw.get(name) not in (None, "", *allowed):
            raise SubscriptionError(
                "invalid", f"filters.{name} must be one of {', '.join(allowed)}"
            )
    if not can_view(user, scope):
        raise SubscriptionError("forbidden", "this scope is not yours to see")
    if scope.kind == "group":
        group = find_group(session, scope)
        if group is None:
            raise SubscriptionError("not_found", f"{scope} does not exist")
        return Subscription(str(scope), window, Filters(), (), group.id)
    covered = unit_ids(session, scope)
    if covered is None:
        raise SubscriptionError("not_found", f"{scope} does not exist")
    filters = Filters(
        raw.get("audience") or None, raw.get("locale") or None, raw.get("area") or None
    )
    return Subscription(str(scope), window, filters, tuple(covered))


def today_in(timezone: str) -> date:
    """Today, as the region counts days."""
    return service_day(datetime.now(UTC), timezone)


# A response received just before midnight may commit just after it, under
# yesterday's date: until a day is this old, yesterday is read, not cached.
SETTLE_SECONDS = 300


def past_days_settled(timezone: str, now: datetime | None = None) -> bool:
    """Whether the days before today can no longer change (see summary.PastDays)."""
    local = (now or datetime.now(UTC)).astimezone(ZoneInfo(timezone))
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return (local - midnight).total_seconds() >= SETTLE_SECONDS


def area_questions(session: Session, area: str | None) -> set[tuple[str, str]] | None:
    """The (flow, question) pairs that feed a development area."""
    if area is None:
        return None
    return {
        (version.flow.key, question.key)
        for version in published_flows(session)
        for question in version.parsed.questions
        if question.area == area
    }


def find_group(session: Session, scope: Scope) -> YouthGroup | None:
    group_id = group_id_of(scope)
    return None if group_id is None else session.get(YouthGroup, group_id)


def figures_for(
    session: Session,
    subscription: Subscription,
    today: date,
    minimum: int,
    cache_past: bool = True,
    today_rows: TodayRows | None = None,
    kept: KeptFigures | None = None,
) -> dict:
    """The summary object of API.md for a checked subscription (`kept`: see summarise)."""
    if subscription.group_id is not None:
        group = session.get(YouthGroup, subscription.group_id)
        return group_summary(session, group, subscription.window, today, minimum)
    return summarise(
        session,
        subscription.scope,
        list(subscription.unit_ids),
        subscription.window,
        today,
        minimum,
        subscription.filters,
        area_questions(session, subscription.filters.area),
        cache_past,
        today_rows,
        kept,
    )
