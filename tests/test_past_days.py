"""Summaries over 7 and 30 days: past days are summed once and kept, today is always read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from tests.conftest import make_response
from tests.test_summary import post, summary
from waitingroom.extensions import db
from waitingroom.responses.ingest import Policy, Source, store_response
from waitingroom.responses.schema import ResponseIn
from waitingroom.responses.subscriptions import past_days_settled, today_in
from waitingroom.responses.summary import Folded, PastDays, summarise
from waitingroom.units.models import Kiosk, Unit


def store_days_ago(app, flows, days_ago: int, n: int, audience="age_4_7", **changes) -> None:
    """Responses the server received `days_ago` days ago (as the demo seed stores them)."""
    definition, version = flows[audience]
    received = datetime.now(UTC) - timedelta(days=days_ago)
    with app.app_context():
        kiosk = db.session.scalars(sa.select(Kiosk)).first()
        source = Source(unit_id=kiosk.unit_id, channel="kiosk", kiosk_id=kiosk.id)
        policy = Policy(app.config["TIMEZONE"], app.config["SECRET_KEY"].encode())
        for _ in range(n):
            payload = ResponseIn.model_validate(make_response(definition, version, **changes))
            assert store_response(db.session, source, payload, received, policy).status == (
                "accepted"
            )


def region_summary(app, window: str, cache_past: bool = True, **filters) -> dict:
    from waitingroom.responses.summary import Filters

    with app.app_context():
        unit_ids = list(db.session.scalars(sa.select(Unit.id)))
        today = today_in(app.config["TIMEZONE"])
        return summarise(
            db.session, "region", unit_ids, window, today, 5, Filters(**filters), None, cache_past
        )


def test_a_month_adds_past_days_and_today_and_follows_today(app, client, auth, flows, staff_token):
    store_days_ago(app, flows, 20, 5)
    store_days_ago(app, flows, 3, 3)
    token = staff_token["programme"]
    assert summary(client, token, window="30d")["total"] == 8
    assert summary(client, token, window="7d")["suppressed"] is True  # 3 in 7 days
    post(client, auth, flows, n=2)
    assert summary(client, token, window="7d")["total"] == 5
    assert summary(client, token, window="30d")["total"] == 10
    post(client, auth, flows, n=1)
    month = summary(client, token, window="30d")
    assert month["total"] == 11
    definition, _ = flows["age_4_7"]
    first = f"{definition.key}/{definition.questions[0].key}"
    assert month["questions"][first]["n"] == 11
    assert [point["n"] for point in month["questions"][first]["trend"]] == [5, None, None]


def test_cached_past_days_give_the_same_figures_as_the_database(app, flows, kiosk):
    store_days_ago(app, flows, 1, 6)
    store_days_ago(app, flows, 5, 7, audience="age_8_12", locale="ar")
    store_days_ago(app, flows, 12, 2, audience="age_8_12")
    store_days_ago(app, flows, 0, 5)
    for window in ("today", "7d", "30d"):
        for filters in ({}, {"audience": "age_8_12"}, {"locale": "ar"}, {"area": "coordination"}):
            read = region_summary(app, window, cache_past=False, **filters)
            first = region_summary(app, window, **filters)
            kept = region_summary(app, window, **filters)
            for figures in (first, kept):
                assert {**figures, "seq": 0} == {**read, "seq": 0}


def test_small_numbers_stay_hidden_when_past_days_are_kept(app, flows, kiosk):
    store_days_ago(app, flows, 2, 4)
    assert region_summary(app, "7d")["suppressed"] is True
    assert region_summary(app, "7d")["total"] is None
    store_days_ago(app, flows, 0, 1)
    assert region_summary(app, "7d")["total"] == 5
    # Four in the band and one outside it: the complement of a filter is too small.
    store_days_ago(app, flows, 4, 4, audience="age_8_12")
    filtered = region_summary(app, "7d", audience="age_8_12")
    assert filtered["suppressed"] is True and filtered["total"] is None


def test_yesterday_is_not_kept_while_late_responses_may_still_arrive(app, flows, kiosk):
    store_days_ago(app, flows, 1, 5)
    assert region_summary(app, "7d", cache_past=False)["total"] == 5
    store_days_ago(app, flows, 1, 1)  # received before midnight, committed after it
    assert region_summary(app, "7d")["total"] == 6


@pytest.mark.parametrize(
    ("local", "settled"),
    [("00:00:00", False), ("00:04:59", False), ("00:05:00", True), ("13:00:00", True)],
)
def test_past_days_settle_five_minutes_after_midnight(local, settled):
    stockholm = datetime.fromisoformat(f"2026-11-23T{local}+01:00")
    assert past_days_settled("Europe/Stockholm", stockholm.astimezone(UTC)) is settled


def test_the_cache_of_past_days_keeps_to_its_size():
    kept = PastDays(max_rows=5)
    assert kept.get("a", lambda: [1, 2, 3]) == [1, 2, 3]
    assert kept.get("b", lambda: [4, 5]) == [4, 5]
    assert kept.get("a", lambda: []) == [1, 2, 3]  # kept, and now the most recent
    assert kept.get("c", lambda: [6]) == [6]  # over the size: "b" goes, "a" was used later
    assert list(kept.entries) == ["a", "c"] and kept.rows == 4
    assert kept.get("big", lambda: list(range(9))) == list(range(9))
    assert list(kept.entries) == ["big"]  # the newest stays, even alone over the size


def test_a_kept_fold_of_past_days_hides_small_days_for_each_group_size_it_is_asked_for():
    """One fold serves summaries with different minimum group sizes: each gets its own
    trend, and a day below that size shows neither its count nor its mean."""
    monday, tuesday = datetime(2026, 11, 2).date(), datetime(2026, 11, 3).date()
    fold = Folded([
        ("visit", "waiting", monday, "*", 7),
        ("visit", "waiting", monday, "1", 3),
        ("visit", "waiting", monday, "3", 4),
        ("visit", "waiting", tuesday, "*", 6),
        ("visit", "waiting", tuesday, "2", 6),
        ("visit", "fun", tuesday, "*", 2),
    ])
    assert len(fold) == 6  # its weight in the cache: the rows it folded
    assert fold.answered[("visit", "waiting")] == 13 and fold.answered[("visit", "fun")] == 2
    assert fold.counts[("visit", "waiting")] == {"1": 3, "3": 4, "2": 6}
    assert fold.trend(("visit", "waiting"), 5) == [
        {"day": "2026-11-02", "n": 7, "mean": 2.14},
        {"day": "2026-11-03", "n": 6, "mean": 2.0},
    ]
    assert fold.trend(("visit", "waiting"), 7) == [
        {"day": "2026-11-02", "n": 7, "mean": 2.14},
        {"day": "2026-11-03", "n": None, "mean": None},
    ]
    assert fold.trend(("visit", "fun"), 5) == []  # answered, but no counted value: no points
