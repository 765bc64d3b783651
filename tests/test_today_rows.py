"""The live hub sums every due room from one read of today's cells: the same figures."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from tests.conftest import make_response
from tests.test_hardening import fast_identical
from tests.test_past_days import store_days_ago
from tests.test_youth import bearer
from waitingroom.extensions import db
from waitingroom.responses.subscriptions import today_in
from waitingroom.responses.summary import Filters, TodayRows, summarise
from waitingroom.units.models import Unit
from waitingroom.units.services import enroll_kiosk

FILTERS = [
    Filters(),
    Filters(audience="age_8_12"),
    Filters(audience="age_4_7", locale="ar"),
    Filters(locale="sv"),
    Filters(area="coordination"),
]


def test_one_read_of_today_gives_every_room_the_figures_its_own_queries_give(
    app, client, auth, flows, staff
):
    with app.app_context():
        _, other = enroll_kiosk(db.session, "OTHER-UNIT", "waiting room")
        db.session.commit()
    for audience, n, locale in (
        ("age_4_7", 6, "ar"),
        ("age_8_12", 7, "sv"),
        ("age_13_17", 3, "en"),
    ):
        definition, version = flows[audience]
        for _ in range(n):
            client.post(
                "/api/v1/responses", json=make_response(definition, version, locale), headers=auth
            )
            client.post(
                "/api/v1/responses",
                json=make_response(definition, version, locale),
                headers=bearer(other),
            )
    young, young_version = flows["age_4_7"]
    for _ in range(4):  # play: kept, never counted
        client.post("/api/v1/responses", json=fast_identical(young, young_version), headers=auth)
    store_days_ago(app, flows, 2, 6, audience="age_8_12")
    with app.app_context():
        today = today_in(app.config["TIMEZONE"])
        units = {unit.code: unit.id for unit in db.session.scalars(sa.select(Unit))}
        scopes = [[units["TEST-UNIT"]], [units["OTHER-UNIT"]], sorted(units.values())]
        today_rows = TodayRows(db.session, units.values(), today)
        shown = 0
        for unit_ids in scopes:
            for window in ("today", "7d", "30d"):
                for filters in FILTERS:
                    area = None
                    if filters.area:
                        area = {(young.key, q.key) for q in young.questions[:2]}
                    args = (db.session, "region", unit_ids, window, today, 5, filters, area)
                    read = summarise(*args)
                    shared = summarise(*args, today_rows=today_rows)
                    assert {**shared, "seq": 0} == {**read, "seq": 0}
                    shown += bool(read["questions"]) and not read["suppressed"]
        assert shown > 20  # most figures are shown, not hidden: the comparison means something
        assert not TodayRows(db.session, [units["TEST-UNIT"]], today).covers(scopes[2], today)


def _total(today_rows: TodayRows, unit_id: int) -> int:
    return sum(n for _, _, n in today_rows.totals([unit_id]))


def _post(client, headers: dict, flow: tuple, n: int = 1) -> None:
    """Post `n` responses of `flow` (definition, version); each must be accepted."""
    for _ in range(n):
        reply = client.post("/api/v1/responses", json=make_response(*flow), headers=headers)
        assert reply.status_code == 201


def test_the_hub_reads_again_only_units_that_changed_or_were_read_a_while_ago(
    app, client, auth, flows
):
    _post(client, auth, flows["age_8_12"])
    with app.app_context():
        today = today_in(app.config["TIMEZONE"])
        unit = db.session.scalar(sa.select(Unit.id).where(Unit.code == "TEST-UNIT"))
        first = TodayRows(db.session, [unit], today)
        first.folded([unit], Filters())
        assert _total(first, unit) == 1
        db.session.remove()
    _post(client, auth, flows["age_8_12"])
    with app.app_context():
        untold = TodayRows(db.session, [unit], today, first, changed=frozenset())
        assert _total(untold, unit) == 1, "kept: nothing said the unit changed"
        assert untold.folded([unit], Filters()) is first.folded([unit], Filters())
        told = TodayRows(db.session, [unit], today, first, changed=frozenset({unit}))
        assert _total(told, unit) == 2
        assert told.folded([unit], Filters()).answered != first.folded([unit], Filters()).answered
        first.read_at[unit] -= TodayRows.MAX_AGE  # a change announced but lost on the way
        assert _total(TodayRows(db.session, [unit], today, first), unit) == 2
        tomorrow = TodayRows(db.session, [unit], today + timedelta(days=1), told)
        assert _total(tomorrow, unit) == 0


def test_a_room_keeps_the_figures_of_questions_no_new_response_changed(app, client, auth, flows):
    young = flows["age_4_7"][0]
    store_days_ago(app, flows, 2, 6, audience="age_8_12")
    _post(client, auth, flows["age_4_7"], 6)
    _post(client, auth, flows["age_8_12"], 6)
    with app.app_context():
        today = today_in(app.config["TIMEZONE"])
        units = list(db.session.scalars(sa.select(Unit.id)))
        kept = {window: {} for window in ("today", "7d")}

        def summaries(keep: bool) -> dict:
            today_rows = TodayRows(db.session, units, today)
            return {
                window: summarise(
                    db.session,
                    "region",
                    units,
                    window,
                    today,
                    5,
                    today_rows=today_rows,
                    kept=kept[window] if keep else None,
                )
                for window in kept
            }

        before = summaries(keep=True)
        db.session.remove()
    _post(client, auth, flows["age_4_7"])  # changes the young flow's questions only
    with app.app_context():
        after, fresh = summaries(keep=True), summaries(keep=False)
    young_names = {f"{young.key}/{q.key}" for q in young.questions}
    for window in kept:
        assert {**after[window], "seq": 0} == {**fresh[window], "seq": 0}
        questions, earlier = after[window]["questions"], before[window]["questions"]
        assert young_names & set(questions) and set(questions) - young_names
        for name, figures in questions.items():
            if name in young_names:
                assert figures["n"] == earlier[name]["n"] + 1
            else:
                assert figures is earlier[name], f"{name} was added up again"


def test_the_hub_keeps_the_cells_of_units_a_tick_did_not_need(
    app, client, auth, flows, staff, monkeypatch
):
    """A tick that sends one unit's rooms must not make the next, the region's, read
    every other unit again."""
    from waitingroom.responses import summary

    monkeypatch.setattr(summary.time, "monotonic", lambda: 1000.0)  # all within MAX_AGE
    with app.app_context():
        _, other = enroll_kiosk(db.session, "OTHER-UNIT", "waiting room")
        db.session.commit()
    older = flows["age_8_12"]
    _post(client, auth, older)
    _post(client, bearer(other), older)
    with app.app_context():
        today = today_in(app.config["TIMEZONE"])
        units = {unit.code: unit.id for unit in db.session.scalars(sa.select(Unit))}
        here, there = units["TEST-UNIT"], units["OTHER-UNIT"]
        both = TodayRows(db.session, [here, there], today)
        db.session.remove()
    _post(client, auth, older)
    _post(client, bearer(other), older)  # stored, but not told: the cells kept show it not
    with app.app_context():
        one_unit = TodayRows(db.session, [here], today, both, changed=frozenset({here}))
        assert _total(one_unit, here) == 2
        assert one_unit.covers([here, there], today), "the other unit's cells were let go"
        region = TodayRows(db.session, [here, there], today, one_unit)
        assert (_total(region, here), _total(region, there)) == (2, 1), "kept, not read"
        for earlier in (one_unit, region):
            earlier.read_at[there] -= TodayRows.MAX_AGE
        assert _total(TodayRows(db.session, [here, there], today, region), there) == 2
        told = TodayRows(db.session, [here], today, region, changed=frozenset({there}))
        assert not told.covers([there], today), "a changed unit's old cells were kept"
