"""summarise(scope, window): the live figures, from rollups only, with small-number protection.

A dashboard costs the same at ten responses as at ten million, because only
rollups are read. Below the minimum group size a figure is `null`, never sent
(DESIGN.md 2.3); a breakdown never leaves a single hidden cell that could be
worked out by subtraction, and a filter whose complement is small is hidden too.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

import sqlalchemy as sa
from sqlalchemy.orm import Session

from waitingroom import rawsql
from waitingroom.flows.definition import AUDIENCES
from waitingroom.responses.models import RESPONSE_CELL, Rollup

WINDOWS = {"today": 1, "7d": 7, "30d": 30}


@dataclass(frozen=True)
class Filters:
    audience: str | None = None
    locale: str | None = None
    area: str | None = None

    def as_json(self) -> dict:
        return {"audience": self.audience, "locale": self.locale, "area": self.area}


def window_days(window: str, today: date) -> tuple[date, date]:
    return today - timedelta(days=WINDOWS[window] - 1), today


_last_seq = 0
_seq_lock = threading.Lock()


def next_seq() -> int:
    """Grows with every summary this process makes (milliseconds, kept strictly rising).

    Deliberately not a count of responses: a count read twice would tell how many
    children answered in between, however small the number.
    """
    global _last_seq
    with _seq_lock:
        _last_seq = max(_last_seq + 1, int(time.time() * 1000))
        return _last_seq


class PastDays:
    """Sums of rollups over days before today, kept in this process.

    A response counts for the day the server received it (ingest.service_day),
    so once a day is over its rollups never change again: a 30-day summary need
    only read today's rows, and adds the 29 days before from here. Each process
    keeps its own copy; nothing needs telling when a response arrives. The few
    writers of past days (tests, seed-demo and benchmarks that build history
    before a server starts) call `forget_past_days`.
    """

    def __init__(self, max_rows: int):
        self.max_rows = max_rows
        self.rows = 0
        self.entries: OrderedDict[tuple, list] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple, compute: Callable[[], list]) -> list:
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
                return found
        found = compute()
        with self.lock:
            if key not in self.entries:
                self.entries[key] = found
                self.rows += len(found)
            # The least recently used go first; the newest always stays.
            while self.rows > self.max_rows and len(self.entries) > 1:
                _, dropped = self.entries.popitem(last=False)
                self.rows -= len(dropped)
        return found

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.rows = 0


# A key is a scope's units, a window and the age band and language filters. The
# biggest (a region over 29 days) holds some thousands of rows of about 300 bytes:
# bounded by rows, the cache stays near 60 MiB per process at most.
_past_days = PastDays(max_rows=200_000)


def forget_past_days() -> None:
    """Drop the cached past days (after past rollups were written or emptied)."""
    _past_days.clear()


class Folded:
    """Answer rows (flow, question, day, value, n) summed per question, once.

    A summary adds a cached fold of past days to a fold of today, question by
    question, instead of walking thousands of rows each time; the trend points of
    past days are worked out once per minimum group size and kept with the fold.
    """

    def __init__(self, rows):
        self.answered: dict[tuple[str, str], int] = defaultdict(int)
        self.counts: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.daily: dict[tuple[str, str], dict[date, dict[str, int]]] = defaultdict(
            lambda: defaultdict(lambda: defaultdict(int))
        )
        self.cells = 0
        for flow, question, day, value, n in rows:
            self.cells += 1
            key = (flow, question)
            if value == RESPONSE_CELL:
                self.answered[key] += n
            else:
                self.counts[key][value] += n
                self.daily[key][day][value] += n
        self.keys = frozenset(self.answered) | frozenset(self.counts)
        self._trends: dict[int, dict[tuple[str, str], list[dict]]] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """Its weight in the PastDays cache: the rows it was made of."""
        return self.cells

    def trend(self, key: tuple[str, str], minimum: int) -> list[dict]:
        """The question's points, a day each, oldest first; small days hidden."""
        points = self._trends.get(minimum, {}).get(key)  # made already: no lock needed
        if points is None:
            with self._lock:
                trends = self._trends.setdefault(minimum, {})
                points = trends.get(key)
                if points is None:
                    points = trends[key] = self._points(key, minimum)
        return points

    def _points(self, key: tuple[str, str], minimum: int) -> list[dict]:
        days = self.daily.get(key, {})
        return [_point(day, days[day], minimum) for day in sorted(days)]


class DayFold(Folded):
    """One day's answer cells (flow, question, value, n) folded: today's, which the
    live hub folds again on every change. A day's counts are its only day's, so
    unlike a fold of many days it keeps no second copy of them per day."""

    def __init__(self, day: date, cells=()):
        super().__init__(())
        self.day = day
        for flow, question, value, n in cells:
            self.cells += 1
            if value == RESPONSE_CELL:
                self.answered[(flow, question)] += n
            else:
                self.counts[(flow, question)][value] += n
        self.keys = frozenset(self.answered) | frozenset(self.counts)

    @classmethod
    def combined(cls, folds: list[DayFold]) -> DayFold:
        """Folds of one day from different units added up."""
        if len(folds) == 1:
            return folds[0]
        whole = cls(folds[0].day)
        for fold in folds:
            whole.cells += fold.cells
            for key, n in fold.answered.items():
                whole.answered[key] += n
            for key, counts in fold.counts.items():
                summed = whole.counts[key]
                for value, n in counts.items():
                    summed[value] += n
        whole.keys = frozenset(whole.answered) | frozenset(whole.counts)
        return whole

    def _points(self, key: tuple[str, str], minimum: int) -> list[dict]:
        counts = self.counts.get(key)
        return [_point(self.day, counts, minimum)] if counts else []


# Question keys as summaries list them, for the few sets of questions there are.
_ORDERS: dict[frozenset, list[tuple[tuple[str, str], str]]] = {}


def _named_in_order(keys: frozenset) -> list[tuple[tuple[str, str], str]]:
    """(key, "flow/question") for each key, ordered by that name."""
    found = _ORDERS.get(keys)
    if found is None:
        found = sorted(((key, f"{key[0]}/{key[1]}") for key in keys), key=lambda pair: pair[1])
        if len(_ORDERS) < 1000:
            _ORDERS[keys] = found
    return found


def _point(day: date, counts: dict[str, int], minimum: int) -> dict:
    day_n, mean = _mean(counts)
    shown = day_n >= minimum
    return {"day": day.isoformat(), "n": day_n if shown else None, "mean": mean if shown else None}


NOTHING = Folded(())

# A live room's question figures between its summaries (see summarise's `kept`):
# question key -> (the past fold, what else they were made of, the figures).
KeptFigures = dict[tuple[str, str], tuple[Folded, tuple, dict]]


TODAY_CELLS = (
    "SELECT unit_id, flow, question, audience, locale, value, count FROM rollup WHERE day = ?"
)


class TodayRows:
    """Today's rollup cells of some units, read in one query.

    The live hub refreshes every room that fell due at once: one read for all of
    them, instead of two queries per room, and each room adds up its own units'
    cells. Only cells of today: past days come from PastDays.

    `earlier` is the hub's read of the tick before: the cells of its units that
    have not `changed` since, read less than MAX_AGE seconds ago, are kept with
    their folds rather than read again. The age bounds what a change announced
    but lost on the way (Socket.IO's queue delivers at most once) can leave stale.
    Units kept are held on even where this read does not ask for them: ticks
    that send one unit's rooms alternate with ticks that send the region's.
    """

    MAX_AGE = 1.0

    def __init__(
        self, session: Session, unit_ids, today: date, earlier: TodayRows | None = None,
        changed=frozenset(),
    ):
        self.day = today
        self.units = frozenset(unit_ids)
        self.totals_of: dict[int, list[tuple]] = defaultdict(list)
        self.answers_of: dict[int, list[tuple]] = defaultdict(list)
        self.read_at: dict[int, float] = {}
        # Rooms of one scope over different windows share today's fold.
        self._folds: dict[tuple, DayFold] = {}
        now = time.monotonic()
        kept = self._keep(earlier, changed, now) if earlier is not None else frozenset()
        units = sorted(self.units - kept)
        self.units |= kept
        if not units:
            return
        for unit_id in units:
            self.read_at[unit_id] = now
        # Plain SQL on the driver (see rawsql): the ORM's row handling cost more than
        # the query, for every tick of the live hub.
        driver = rawsql.Driver(session)
        marks = ", ".join("?" * len(units))
        query = f"{TODAY_CELLS} AND unit_id IN ({marks})"  # noqa: S608 - placeholders only
        rows = driver.rows(query, (driver.day(today), *units))
        for unit_id, flow, question, audience, locale, value, n in rows:
            if question != RESPONSE_CELL:
                self.answers_of[unit_id].append((flow, question, audience, locale, value, n))
            elif value == RESPONSE_CELL:  # not "play": play is never counted
                self.totals_of[unit_id].append((audience, locale, n))

    def _keep(self, earlier: TodayRows, changed, now: float) -> frozenset:
        """Take over `earlier`'s cells and folds of the units that need no new read."""
        if earlier.day != self.day:
            return frozenset()
        kept = frozenset(
            unit_id
            for unit_id, read_at in earlier.read_at.items()
            if unit_id not in changed and now - read_at < self.MAX_AGE
        )
        for unit_id in kept:
            self.read_at[unit_id] = earlier.read_at[unit_id]
            if unit_id in earlier.totals_of:
                self.totals_of[unit_id] = earlier.totals_of[unit_id]
            if unit_id in earlier.answers_of:
                self.answers_of[unit_id] = earlier.answers_of[unit_id]
        for key, fold in earlier._folds.items():
            if key[0] <= kept:
                self._folds[key] = fold
        return kept

    def covers(self, unit_ids, day: date) -> bool:
        return day == self.day and self.units.issuperset(unit_ids)

    def totals(self, unit_ids) -> list[tuple]:
        """As summarise's totals query: (audience, locale, n)."""
        sums: dict[tuple, int] = defaultdict(int)
        for unit_id in set(unit_ids):
            for audience, locale, n in self.totals_of.get(unit_id, ()):
                sums[(audience, locale)] += n
        return [(*key, n) for key, n in sums.items()]

    def folded(self, unit_ids, filters: Filters) -> DayFold:
        """The units' answer cells, as summarise's answers query would give them,
        folded once per units and filters: each unit's cells are folded once, and a
        wider scope adds up its units' folds."""
        units = frozenset(unit_ids)
        key = (units, filters.audience, filters.locale)
        found = self._folds.get(key)
        if found is None:
            if len(units) == 1:
                (unit_id,) = units
                cells = self.answers_of.get(unit_id, ())
                found = DayFold(self.day, (
                    (flow, question, value, n)
                    for flow, question, audience, locale, value, n in cells
                    if filters.audience in (None, audience) and filters.locale in (None, locale)
                ))
            elif units:
                found = DayFold.combined([self.folded((unit,), filters) for unit in units])
            else:
                found = DayFold(self.day)
            self._folds[key] = found
        return found


def _protect(cells: dict[str, int], minimum: int) -> dict[str, dict]:
    """Hide small cells; if only one is hidden, hide the next smallest as well."""
    hidden = {key for key, n in cells.items() if n < minimum}
    if len(hidden) == 1:
        shown = sorted((n, key) for key, n in cells.items() if key not in hidden)
        if shown:
            hidden.add(shown[0][1])
    return {
        key: {"n": None if key in hidden else n, "suppressed": key in hidden}
        for key, n in sorted(cells.items())
    }


def _mean(counts: dict[str, int]) -> tuple[int, float | None]:
    points = {int(value): n for value, n in counts.items() if value.isdigit()}
    total = sum(points.values())
    if not total:
        return 0, None
    return total, round(sum(value * n for value, n in points.items()) / total, 2)


def summarise(
    session: Session,
    scope: str,
    unit_ids: list[int],
    window: str,
    today: date,
    minimum: int,
    filters: Filters = Filters(),
    area_questions: set[tuple[str, str]] | None = None,
    cache_past: bool = True,
    today_rows: TodayRows | None = None,
    kept: KeptFigures | None = None,
) -> dict:
    """The summary object of API.md for the given units and window.

    `today_rows`, when it covers these units and today, stands in for today's queries.

    `kept`, a dict the caller keeps for one room between its summaries, holds each
    question's figures with what they were made of: a question whose counts have
    not changed since (a response changes only its own flow's questions) is taken
    from it rather than added up again.

    `cache_past` False reads past days from the database and keeps nothing: for the
    first minutes of a day, while responses received before midnight may still be
    committing under yesterday's date.
    """
    first, last = window_days(window, today)

    def units():  # built only when a query is run: the live hub mostly needs none
        return Rollup.unit_id.in_(unit_ids or [-1])

    def totals(first: date, last: date) -> list:
        rows = session.execute(
            sa.select(Rollup.audience, Rollup.locale, sa.func.sum(Rollup.count))
            .where(
                units(),
                Rollup.day.between(first, last),
                Rollup.question == RESPONSE_CELL,
                Rollup.value == RESPONSE_CELL,
            )
            .group_by(Rollup.audience, Rollup.locale)
        )
        return [tuple(row) for row in rows]

    def answers(first: date, last: date) -> list:
        wheres = [units(), Rollup.day.between(first, last), Rollup.question != RESPONSE_CELL]
        if filters.audience:
            wheres.append(Rollup.audience == filters.audience)
        if filters.locale:
            wheres.append(Rollup.locale == filters.locale)
        rows = session.execute(
            sa.select(
                Rollup.flow, Rollup.question, Rollup.day, Rollup.value, sa.func.sum(Rollup.count)
            )
            .where(*wheres)
            .group_by(Rollup.flow, Rollup.question, Rollup.day, Rollup.value)
        )
        return [tuple(row) for row in rows]

    # Days before today from the cache (see PastDays), today from the database.
    if today_rows is not None and today_rows.covers(unit_ids, last):
        today_totals = today_rows.totals(unit_ids)
        today_fold = today_rows.folded(unit_ids, filters)
    else:
        today_totals, today_fold = totals(last, last), Folded(answers(last, last))
    past_totals: list = []
    past_fold = NOTHING
    if first < last:
        yesterday = last - timedelta(days=1)
        scope_key = (tuple(sorted(set(unit_ids))), first, yesterday)
        past_totals_of = partial(totals, first, yesterday)

        def past_fold_of() -> Folded:
            return Folded(answers(first, yesterday))

        if cache_past:
            past_totals = _past_days.get(("totals", *scope_key), past_totals_of)
            answers_key = ("answers", *scope_key, filters.audience, filters.locale)
            past_fold = _past_days.get(answers_key, past_fold_of)
        else:
            past_totals, past_fold = past_totals_of(), past_fold_of()

    by_audience: dict[str, int] = defaultdict(int)
    by_locale: dict[str, int] = defaultdict(int)
    everyone = 0
    for audience, locale, n in (*past_totals, *today_totals):
        everyone += n
        if filters.audience in (None, audience) and filters.locale in (None, locale):
            by_audience[audience] += n
            by_locale[locale] += n
    total = sum(by_audience.values())
    complement = everyone - total
    suppressed = total < minimum or 0 < complement < minimum

    summary = {
        "scope": scope,
        "window": window,
        "filters": filters.as_json(),
        "seq": next_seq(),
        "min_group_size": minimum,
        "total": None if suppressed else total,
        "suppressed": suppressed,
        "by_audience": {},
        "by_locale": {},
        "questions": {},
    }
    if suppressed:
        return summary
    summary["by_audience"] = _protect(
        {a: by_audience.get(a, 0) for a in AUDIENCES if a in by_audience}, minimum
    )
    summary["by_locale"] = _protect(dict(by_locale), minimum)

    keys = past_fold.keys | today_fold.keys
    if area_questions is not None:
        keys = keys & area_questions
    questions = summary["questions"]
    for key, name in _named_in_order(keys):
        n = past_fold.answered.get(key, 0) + today_fold.answered.get(key, 0)
        # What the question's figures are made of: a past fold never changes.
        made_of = (last, minimum, n, today_fold.counts.get(key))
        earlier = kept.get(key) if kept is not None else None
        if earlier is not None and earlier[0] is past_fold and earlier[1] == made_of:
            questions[name] = earlier[2]
            continue
        questions[name] = _question_figures(key, n, past_fold, today_fold, minimum)
        if kept is not None:
            kept[key] = (past_fold, made_of, questions[name])
    if kept is not None and len(kept) > len(keys):
        for gone in kept.keys() - keys:  # nor their past folds, once the cache let go
            del kept[gone]
    return summary


def _question_figures(
    key: tuple[str, str], n: int, past_fold: Folded, today_fold: Folded, minimum: int
) -> dict:
    if n < minimum:
        return {"n": None, "suppressed": True, "counts": None, "trend": None}
    counts = dict(past_fold.counts.get(key, {}))
    for value, count in today_fold.counts.get(key, {}).items():
        counts[value] = counts.get(value, 0) + count
    return {
        "n": n,
        "suppressed": False,
        "counts": dict(sorted(counts.items())),
        "trend": past_fold.trend(key, minimum) + today_fold.trend(key, minimum),
    }
