"""Region summary time with 1 million and 10 million stored responses.

Run: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test_wt7 \
         .venv/bin/python -m bench.summary_scale [--millions 1 10] [--repeat 20] [--responses]
     .venv/bin/python -m bench.summary_scale          (the same on SQLite)

Builds, in a database of its own, the rollups that N responses leave behind,
spread realistically: 12 units of different sizes, 365 days ending today
(weekends quieter), the four audiences, each on its shipped flow, in sv/en/ar,
every question answered by most and each answer spread over its options. The
counts add up to N responses (rollup rows are written directly, with COPY on
PostgreSQL, executemany on SQLite: going through the API would take days).
With --responses the response rows themselves are generated too, inside the
database (no answers; the summary never reads either table). Then it times
`summarise()` for the region over today / 7 days / 30 days, warm, as the median
and the slowest of --repeat runs, and GET /api/v1/summary?scope=region through
the app (token check, scope, JSON). Baseline, measured in the same run: the
same summary for one unit. Targets at 10 M: today < 20 ms, 30 days < 100 ms.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from tests.live import fresh_database

UNITS = 12
DAYS = 365
AUDIENCE_SHARE = {"age_4_7": 0.3, "age_8_12": 0.3, "age_13_17": 0.15, "relative": 0.25}
LOCALE_SHARE = {"sv": 0.7, "ar": 0.2, "en": 0.1}
WINDOWS = ("today", "7d", "30d")


def split(total: int, shares: dict[str, float], rng: random.Random) -> dict[str, int]:
    """Share out `total` by `shares`, with a little noise, keeping the sum exact."""
    weights = {key: share * rng.uniform(0.8, 1.2) for key, share in shares.items()}
    scale = sum(weights.values())
    parts = {key: int(total * weight / scale) for key, weight in weights.items()}
    first = next(iter(parts))
    parts[first] += total - sum(parts.values())
    return parts


def cells_of(definition, n: int, rng: random.Random) -> list[tuple[str, str, int]]:
    """(question, value, count) for n responses to one flow: each question is answered by
    most, and its answers lean towards the happier end, as real ones do."""
    cells = [("*", "*", n)]
    for question in definition.questions:
        answered = int(n * rng.uniform(0.75, 0.95))
        if not answered:
            continue
        cells.append((question.key, "*", answered))
        if question.type == "text":
            continue
        keys = [option.key for option in question.options]
        if question.type == "multi":
            for key in keys:
                chosen = int(answered * rng.uniform(0.05, 0.4))
                if chosen:
                    cells.append((question.key, key, chosen))
            continue
        weights = [(i + 1) ** 1.5 if key.isdigit() else 0.3 for i, key in enumerate(keys)]
        scale = sum(weights)
        counts = [int(answered * w / scale) for w in weights]
        counts[-1] += answered - sum(counts)
        cells += [(question.key, key, c) for key, c in zip(keys, counts, strict=True) if c]
    return cells


def rollup_rows(total: int, today, unit_ids: list[int], seed: int = 7):
    """Yield rollup rows (unit_id, day, flow, question, audience, locale, value, count)."""
    from waitingroom.flows.library import default_definitions

    flows = {d.audience: d for d in default_definitions()}
    rng = random.Random(seed)
    unit_weight = [rng.uniform(0.3, 2.0) for _ in range(UNITS)]
    days = [today - timedelta(days=back) for back in range(DAYS)]
    day_weight = [0.4 if day.weekday() >= 5 else 1.0 for day in days]
    per_unit_day = total / sum(unit_weight) / sum(day_weight)
    left = total
    plan = [(u, d) for u in range(UNITS) for d in range(DAYS)]
    for i, (u, d) in enumerate(plan):
        n = left if i == len(plan) - 1 else round(per_unit_day * unit_weight[u] * day_weight[d])
        n = min(n, left)
        left -= n
        for audience, a_n in split(n, AUDIENCE_SHARE, rng).items():
            definition = flows[audience]
            for locale, l_n in split(a_n, LOCALE_SHARE, rng).items():
                if not l_n:
                    continue
                for question, value, count in cells_of(definition, l_n, rng):
                    yield (unit_ids[u], days[d], definition.key, question, audience, locale, value,
                           count)


def build(database: str, total: int, today, unit_ids: list[int], with_responses: bool) -> dict:
    """Empty the bench database's rollups (and responses) and fill them for `total`."""
    engine = sa.create_engine(database)
    started = time.perf_counter()
    rows = 0
    with engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM rollup"))
        connection.execute(sa.text("DELETE FROM response"))
        if engine.dialect.name == "postgresql":
            raw = connection.connection.driver_connection
            with raw.cursor() as cursor, cursor.copy(
                "COPY rollup (unit_id, day, flow, question, audience, locale, value, count) "
                "FROM STDIN"
            ) as copy:
                buffer = io.StringIO()
                for row in rollup_rows(total, today, unit_ids):
                    buffer.write("\t".join(map(str, row)) + "\n")
                    rows += 1
                    if rows % 50_000 == 0:
                        copy.write(buffer.getvalue())
                        buffer = io.StringIO()
                copy.write(buffer.getvalue())
        else:
            statement = sa.text(
                "INSERT INTO rollup (unit_id, day, flow, question, audience, locale, value, count)"
                " VALUES (:u, :d, :f, :q, :a, :l, :v, :c)"
            )
            batch = []
            for u, d, f, q, a, loc, v, c in rollup_rows(total, today, unit_ids):
                batch.append({"u": u, "d": d, "f": f, "q": q, "a": a, "l": loc, "v": v, "c": c})
                rows += 1
                if len(batch) == 50_000:
                    connection.execute(statement, batch)
                    batch = []
            if batch:
                connection.execute(statement, batch)
        if with_responses:
            _generate_responses(connection, engine.dialect.name, total, today, unit_ids[0])
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(
                sa.text("VACUUM ANALYZE rollup")
            )
        else:
            connection.execute(sa.text("ANALYZE"))
            connection.commit()
    engine.dispose()
    return {"rows": rows, "seconds": time.perf_counter() - started}


def _generate_responses(connection, dialect: str, total: int, today, first_unit: int) -> None:
    """Response rows made inside the database: spread over units and days, no answers."""
    version = connection.execute(sa.text("SELECT min(id) FROM flow_version")).scalar()
    if dialect == "postgresql":
        connection.execute(sa.text(
            "INSERT INTO response (id, unit_id, channel, flow_version_id, audience, locale, day,"
            " duration_seconds, digest, play) "
            "SELECT md5(i::text)::uuid::text, :unit + i % 12, 'kiosk', :version,"
            " (ARRAY['age_4_7','age_8_12','age_13_17','relative'])[1 + i % 4],"
            " (ARRAY['sv','sv','ar','en'])[1 + (i / 4) % 4],"
            " CAST(:today AS date) - (i % 365), 30 + i % 60, md5((-i)::text), false "
            "FROM generate_series(1, :total) AS i"
        ), {"version": version, "today": today, "total": total, "unit": first_unit})
    else:
        connection.execute(sa.text(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :total) "
            "INSERT INTO response (id, unit_id, channel, flow_version_id, audience, locale, day,"
            " duration_seconds, digest, play) "
            "SELECT printf('%08x-0000-4000-8000-%012x', i, i), :unit + i % 12, 'kiosk', :version,"
            " CASE i % 4 WHEN 0 THEN 'age_4_7' WHEN 1 THEN 'age_8_12' WHEN 2 THEN 'age_13_17'"
            " ELSE 'relative' END, CASE (i / 4) % 4 WHEN 2 THEN 'ar' WHEN 3 THEN 'en' ELSE 'sv'"
            " END, date(:today, '-' || (i % 365) || ' days'), 30 + i % 60, hex(i), 0 FROM n"
        ), {"version": version, "today": today.isoformat(), "total": total, "unit": first_unit})


def timed(call, repeat: int) -> tuple[float, float, float]:
    """(median, slowest, first) in ms; the first run fills the caches, as a live dashboard's
    first summary does."""
    started = time.perf_counter()
    call()
    first = (time.perf_counter() - started) * 1000
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs), max(runs), first


def measure(millions: list[float], repeat: int, with_responses: bool) -> dict:
    folder = Path(tempfile.mkdtemp())
    database = fresh_database(os.environ.get("DATABASE_URL"), folder, "bench_summary")
    database = database.replace("postgresql://", "postgresql+psycopg://")
    os.environ["DATABASE_URL"] = database
    os.environ.setdefault("SECRET_KEY", "summary-bench-secret-key-0123456789")

    from flask_migrate import upgrade

    from waitingroom import create_app
    from waitingroom.auth.services import create_token, create_user
    from waitingroom.extensions import db
    from waitingroom.flows.library import default_definitions, publish
    from waitingroom.responses.subscriptions import today_in
    from waitingroom.responses.summary import forget_past_days, summarise
    from waitingroom.units.services import create_unit

    app = create_app({"SOCKETIO_ASYNC_MODE": "threading"})
    with app.app_context():
        upgrade()
        for definition in default_definitions():
            publish(db.session, definition)
        for n in range(UNITS):
            create_unit(db.session, f"UNIT-{n + 1:02d}", f"Unit {n + 1}", f"Admin {n % 5}", [])
        create_user(db.session, "programme@bench.test", "programme", "summary-bench-pw")
        token = create_token(db.session, "programme@bench.test")
        db.session.commit()
        unit_ids = list(db.session.scalars(sa.text("SELECT id FROM unit ORDER BY id")))
    today = today_in(app.config["TIMEZONE"])
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    results = {"database": database.split(":", 1)[0]}
    for m in millions:
        total = int(m * 1_000_000)
        built = build(database, total, today, unit_ids, with_responses)
        forget_past_days()  # the bench rewrote history, which the app never does
        row = {"total": total, **built, "windows": {}}
        with app.app_context():
            for window in WINDOWS:
                region = timed(lambda w=window: summarise(
                    db.session, "region", unit_ids, w, today, 5), repeat)
                one = timed(lambda w=window: summarise(
                    db.session, "unit:UNIT-01", unit_ids[:1], w, today, 5), repeat)
                api = timed(lambda w=window: client.get(
                    f"/api/v1/summary?scope=region&window={w}", headers=headers), repeat)
                check = client.get(f"/api/v1/summary?scope=region&window={window}",
                                   headers=headers).get_json()
                row["windows"][window] = {"region": region, "unit": one, "api": api,
                                          "total": check["total"]}
                db.session.remove()
        results[m] = row
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--millions", type=float, nargs="+", default=[1, 10])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--responses", action="store_true",
                        help="also generate the response rows (slow)")
    args = parser.parse_args()
    results = measure(args.millions, args.repeat, args.responses)
    print(f"database: {results['database']}; {UNITS} units x {DAYS} days x 4 audiences x "
          f"3 locales; median / slowest of {args.repeat} warm runs, ms")
    targets = {"today": 20, "30d": 100}
    print(f"{'responses':>10}{'rollup rows':>13}{'window':>8}{'region':>16}{'GET /summary':>16}"
          f"{'one unit':>14}{'first':>8}{'target':>8}  met?")
    for m in args.millions:
        row = results[m]
        for window, t in row["windows"].items():
            target = targets.get(window)
            met = "" if target is None else ("met" if t["api"][0] < target else "MISSED")
            print(f"{row['total']:>10,}{row['rows']:>13,}{window:>8}"
                  f"{t['region'][0]:>9.1f} /{t['region'][1]:>5.0f}"
                  f"{t['api'][0]:>9.1f} /{t['api'][1]:>5.0f}"
                  f"{t['unit'][0]:>7.1f} /{t['unit'][1]:>5.0f}"
                  f"{t['region'][2]:>8.1f}"
                  f"{target or '':>8}  {met}   (total shown: {t['total']})")
        print(f"{'':>10} built in {row['seconds']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
