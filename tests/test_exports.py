"""Exports: aggregates as CSV and XLSX with small numbers hidden in every cell, the raw
anonymous file for admins only, the audit log, and the printable month summary."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests.conftest import make_response, sign_in
from waitingroom.audit import AuditEntry
from waitingroom.exports.aggregates import RESPONSE_CELL, protect
from waitingroom.exports.files import Table, neutralise, to_csv, to_xlsx
from waitingroom.extensions import db
from waitingroom.responses.ingest import Policy, Source, store_response
from waitingroom.responses.models import Response
from waitingroom.responses.schema import ResponseIn
from waitingroom.responses.subscriptions import today_in
from waitingroom.units.models import Unit
from waitingroom.units.services import create_unit


def store(app, flows, n, audience="age_4_7", unit="TEST-UNIT", days_ago=0, value=None, **changes):
    """n responses received `days_ago` days ago at a unit; `value` answers the first question."""
    definition, version = flows[audience]
    if value is not None:
        first = definition.questions[0].key
        answers = make_response(definition, version)["answers"]
        changes["answers"] = [
            a if a["question"] != first else {**a, "value": value} for a in answers
        ]
    received = datetime.now(UTC) - timedelta(days=days_ago)
    with app.app_context():
        unit_id = db.session.scalar(sa.select(Unit.id).where(Unit.code == unit))
        source = Source(unit_id=unit_id, channel="kiosk")
        policy = Policy(app.config["TIMEZONE"], app.config["SECRET_KEY"].encode())
        for _ in range(n):
            payload = ResponseIn.model_validate(make_response(definition, version, **changes))
            assert (
                store_response(db.session, source, payload, received, policy).status == "accepted"
            )
        db.session.commit()


def today(app) -> date:
    return today_in(app.config["TIMEZONE"])


def export(client, app, scope="unit:TEST-UNIT", **fields):
    data = {
        "kind": "aggregates",
        "scope": scope,
        "period": "range",
        "first": (today(app) - timedelta(days=30)).isoformat(),
        "last": today(app).isoformat(),
        "per": "all",
        "format": "csv",
        **fields,
    }
    return client.post("/staff/exports?lang=en", data=data)


def table_of(body: bytes) -> tuple[dict, list[dict]]:
    """The header (label -> value) and the rows of an exported CSV."""
    lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    blank = lines.index([])
    header = {line[0]: line[1] for line in lines[:blank]}
    columns = lines[blank + 1]
    return header, [dict(zip(columns, line, strict=True)) for line in lines[blank + 2 :]]


def first_question(flows, audience="age_4_7") -> str:
    definition, _ = flows[audience]
    return definition.questions[0].key


@pytest.fixture
def programme(client, staff):
    sign_in(client, staff["programme"])
    return client


# --- small numbers -----------------------------------------------------------


def test_a_small_answer_hides_a_second_cell_so_neither_can_be_subtracted(app, programme, flows):
    store(app, flows, 7, value=3)
    store(app, flows, 2, value=1)
    reply = export(programme, app)
    assert reply.status_code == 200
    header, rows = table_of(reply.data)
    assert header["Minimum group size"] == "5"
    question = [r for r in rows if r["question"] == first_question(flows)]
    assert {r["value"] for r in question} == {"1", "3"}
    assert all(r["answered"] == "9" for r in question)
    # 2 alone hidden would be 9 - 7: the 7 is hidden with it.
    assert all(r["count"] == "" and r["note"] == "suppressed" for r in question)
    responses = [r for r in rows if r["question"] == "responses"]
    assert [r["count"] for r in responses] == ["9"]


def test_no_cell_under_the_minimum_is_ever_written(app, programme, flows):
    store(app, flows, 6)
    store(app, flows, 3, audience="age_8_12")
    store(app, flows, 4, audience="relative", locale="ar")
    for breakdown in ([], ["audience"], ["locale"], ["audience", "locale"]):
        _, rows = table_of(export(programme, app, breakdown=breakdown, per="day").data)
        figures = [int(r[c]) for r in rows for c in ("count", "answered") if r[c]]
        assert figures and min(figures) >= 5, breakdown


def test_a_breakdown_never_leaves_one_hidden_band_beside_the_total(app, programme, flows):
    store(app, flows, 8)
    store(app, flows, 3, audience="age_8_12")
    _, whole = table_of(export(programme, app).data)
    assert [r["count"] for r in whole if r["question"] == "responses"] == ["11"]
    _, split = table_of(export(programme, app, breakdown=["audience"]).data)
    responses = {r["age_band"]: r["count"] for r in split if r["question"] == "responses"}
    # 11 - 8 would give the 3 away: both bands are hidden.
    assert responses == {"age_4_7": "", "age_8_12": ""}
    header, _ = table_of(export(programme, app, breakdown=["audience"]).data)
    assert "No total rows" in header["Totals"]


cells_strategy = st.dictionaries(
    st.tuples(
        st.sampled_from(["d1", "d2", "d3"]),
        st.sampled_from(["", "a", "b", "c"]),
        st.sampled_from(["", "sv", "ar"]),
        st.just("flow"),
        st.sampled_from(["q1", "q2"]),
        st.sampled_from(["1", "2", "3"]),
    ),
    st.integers(min_value=1, max_value=30),
    min_size=1,
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(cells_strategy)
def test_protection_never_leaves_a_lone_hidden_cell_in_any_line(values):
    cells = dict(values)
    # Each question's n, as the rollups keep it: the sum of its values (single choice).
    totals: dict[tuple, int] = defaultdict(int)
    for key, n in values.items():
        totals[key[:5] + (RESPONSE_CELL,)] += n
    cells.update(totals)
    hidden = protect(cells, 5)
    assert all(key in hidden for key, n in cells.items() if n < 5)
    for key in hidden:
        if key[5] == RESPONSE_CELL:
            assert all(k in hidden for k in cells if k[:5] == key[:5])
    for position in (0, 1, 2, 5):
        lines = defaultdict(list)
        for key in cells:
            if position == 5 and key[5] == RESPONSE_CELL:
                continue
            lines[key[:position] + key[position + 1 :]].append(key)
        for keys in lines.values():
            assert sum(k in hidden for k in keys) != 1 or len(keys) == 1


# --- formats -----------------------------------------------------------------


def test_the_xlsx_file_opens_and_has_the_same_numbers_as_the_csv(app, programme, flows):
    store(app, flows, 6)
    store(app, flows, 7, audience="age_8_12", locale="ar")
    fields = {"breakdown": ["audience", "locale"], "per": "week"}
    csv_reply = export(programme, app, **fields)
    xlsx_reply = export(programme, app, format="xlsx", **fields)
    assert xlsx_reply.status_code == 200
    assert xlsx_reply.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in xlsx_reply.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(xlsx_reply.data), read_only=True).active
    from_xlsx = [
        ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
    ]
    from_csv = list(csv.reader(io.StringIO(csv_reply.data.decode("utf-8-sig"))))
    assert len(from_xlsx) == len(from_csv)
    for xlsx_row, csv_row in zip(from_xlsx, from_csv, strict=True):
        assert xlsx_row[: len(csv_row)] == csv_row
        assert not any(xlsx_row[len(csv_row) :])
    _, rows = table_of(csv_reply.data)
    assert {r["count"] for r in rows if r["question"] == "responses"} == {"6", "7"}


def test_formula_like_text_is_written_as_text_in_both_formats(app, client, staff):
    with app.app_context():
        create_unit(db.session, "EVIL-UNIT", '=HYPERLINK("http://x","y")', "@SUM(A1:A9)")
        db.session.commit()
    sign_in(client, staff["admin"])
    for kind in ("aggregates", "raw"):
        reply = export(client, app, scope="administration:@SUM(A1:A9)", kind=kind)
        header, _ = table_of(reply.data)
        assert header["Scope name"] == "'@SUM(A1:A9)", kind
    reply = export(client, app, scope="unit:EVIL-UNIT", format="xlsx")
    sheet = load_workbook(io.BytesIO(reply.data)).active
    names = [row for row in sheet.iter_rows() if row[0].value == "Scope name"]
    assert names[0][1].value == '\'=HYPERLINK("http://x","y")'
    assert names[0][1].data_type == "s"


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"])
def test_every_formula_start_is_defused(text):
    assert neutralise(text) == "'" + text
    table = Table("t", [("label", text)], ["c"], [[text, 5]])
    assert "'" + text in to_csv(table).decode("utf-8-sig")
    cell = load_workbook(io.BytesIO(to_xlsx(table))).active["A4"]
    # XML keeps line ends as \n: a carriage return comes back as one.
    assert cell.value == "'" + text.replace("\r", "\n") and cell.data_type == "s"
    assert neutralise(-3) == -3 and neutralise("sad") == "sad"


# --- rights ------------------------------------------------------------------


def test_unit_staff_export_only_their_own_units(app, client, staff, flows):
    store(app, flows, 5)
    sign_in(client, staff["unit"])
    assert export(client, app, scope="unit:OTHER-UNIT").status_code == 403
    assert export(client, app, scope="region").status_code == 403
    assert export(client, app, scope="administration:Testsjukhuset").status_code == 403
    assert export(client, app, scope="unit:TEST-UNIT").status_code == 200
    page = client.get("/staff/exports?lang=en").get_data(as_text=True)
    assert 'value="unit:TEST-UNIT"' in page and "OTHER-UNIT" not in page
    assert 'value="raw"' not in page


@pytest.mark.parametrize("role", ["programme", "unit", "reviewer"])
def test_the_raw_file_is_for_admins_only(app, client, staff, flows, role):
    store(app, flows, 5)
    sign_in(client, staff[role])
    assert export(client, app, kind="raw").status_code == 403
    assert export(client, app, kind="raw", format="xlsx").status_code == 403
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 0


def test_signed_out_visitors_are_sent_to_the_login(client):
    reply = client.get("/staff/exports")
    assert reply.status_code == 302 and "/auth/login" in reply.location
    assert client.post("/staff/exports").status_code == 302


def test_the_raw_file_has_one_row_per_response_and_nothing_that_joins_to_words(
    app, client, staff, flows
):
    store(app, flows, 2, audience="age_13_17", locale="ar")
    store(app, flows, 1)
    with app.app_context():
        ids = list(db.session.scalars(sa.select(Response.id)))
        db.session.get(Response, ids[0]).play = True
        db.session.commit()
    sign_in(client, staff["admin"])
    for kind in ("csv", "xlsx"):
        reply = export(client, app, kind="raw", format=kind)
        assert reply.status_code == 200
        body = reply.data if kind == "csv" else b""
        if kind == "xlsx":
            sheet = load_workbook(io.BytesIO(reply.data)).active
            body = "\n".join(
                ",".join("" if v is None else str(v) for v in row)
                for row in sheet.iter_rows(values_only=True)
            ).encode()
        text = body.decode("utf-8-sig")
        assert not any(response_id in text for response_id in ids)
        assert "bra dag" not in text  # the free-text answer of make_response
    header, rows = table_of(export(client, app, kind="raw").data)
    assert header["Responses"] == "3" and len(rows) == 3
    assert {r["unit"] for r in rows} == {"TEST-UNIT"}
    assert sorted(r["age_band"] for r in rows) == ["age_13_17", "age_13_17", "age_4_7"]
    assert [r["flagged"] for r in rows].count("play") == 1
    assert all(r["day"] == today(app).isoformat() and r["seconds"] == "38" for r in rows)
    assert all(f"{first_question(flows, r['age_band'])}=" in r["answers"] for r in rows)


# --- audit -------------------------------------------------------------------


def test_every_export_is_written_to_the_audit_log(app, client, staff, flows):
    store(app, flows, 5)
    sign_in(client, staff["admin"])
    export(client, app, breakdown=["audience"], per="day")
    export(client, app, kind="raw", format="xlsx", scope="region")
    month = today(app).strftime("%Y-%m")
    assert client.get(f"/staff/exports/summary?unit=TEST-UNIT&month={month}").status_code == 200
    with app.app_context():
        entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()
        found = [(e.actor, e.action, e.target) for e in entries]
        details = [e.detail for e in entries]
    assert found == [
        ("admin@test.se", "export.aggregates", "unit:TEST-UNIT"),
        ("admin@test.se", "export.raw", "region"),
        ("admin@test.se", "export.summary", "unit:TEST-UNIT"),
    ]
    first = (today(app) - timedelta(days=30)).isoformat()
    assert details[0].startswith(f"aggregates {first}/{today(app).isoformat()} format=csv")
    assert "per=day breakdown=audience" in details[0]
    assert details[1].startswith("raw ") and "format=xlsx" in details[1]
    assert month in details[2]


# --- bad input ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"period": "month", "month": "2026-13"}, "Not a valid date value."),
        ({"period": "month", "month": ""}, "Write the month as YYYY-MM"),
        ({"period": "month", "month": "9999-12"}, "The period starts in the future."),
        ({"first": "", "last": ""}, "Give both the first and the last day."),
        ({"first": "2026-05-10", "last": "2026-05-01"}, "The last day comes before the first."),
        ({"first": "2020-01-01", "last": "2026-01-01"}, "at most 731 days"),
        ({"first": "3000-01-01", "last": "3000-01-02"}, "The period starts in the future."),
        ({"first": "yesterday"}, "Not a valid date value."),
        ({"per": "hour"}, "Not a valid choice."),
        ({"format": "pdf"}, "Not a valid choice."),
        ({"breakdown": ["unit"]}, "not a valid choice"),
        ({"area": "fun"}, "Not a valid choice."),
        ({"scope": "unit:NO-SUCH-UNIT"}, "Not a valid choice."),
        ({"scope": "nonsense"}, "Not a valid choice."),
        ({"period": "decade"}, "Not a valid choice."),
    ],
)
def test_a_bad_export_form_says_what_is_wrong(app, programme, flows, fields, message):
    reply = export(programme, app, **fields)
    assert reply.status_code == 422
    assert message in reply.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 0


def test_the_export_page_is_there_for_every_role(client, staff):
    for role in ("admin", "programme", "unit"):
        sign_in(client, staff[role])
        page = client.get("/staff/exports?lang=en")
        assert page.status_code == 200 and "Download figures" in page.get_data(as_text=True)
        assert 'href="/staff/exports"' in client.get("/staff/live?lang=en").get_data(as_text=True)


# --- printable summary -------------------------------------------------------


def summary_page(client, app, unit="TEST-UNIT", lang="en", month=None):
    month = month or today(app).strftime("%Y-%m")
    return client.get(f"/staff/exports/summary?unit={unit}&month={month}&lang={lang}")


def test_the_printable_summary_draws_charts_and_hides_small_numbers(app, programme, flows):
    store(app, flows, 6, value=3)
    store(app, flows, 7, audience="age_8_12")
    store(app, flows, 8, audience="relative")
    store(app, flows, 3, audience="age_13_17")
    reply = summary_page(programme, app)
    page = reply.get_data(as_text=True)
    assert reply.status_code == 200 and reply.headers["Cache-Control"] == "no-store"
    assert 'role="img"' in page and "<svg" in page and "chart-bar" in page
    assert "<script" not in page.split("</header>", 1)[1]
    assert "Responses: 24." in page
    # Three 13-17 year olds: "fewer than 5", never the 3; and the six 4-7 year olds
    # with them, or 24 - 7 - 8 - 6 would give the 3 away.
    assert '<td class="num">7</td>' in page and '<td class="num">8</td>' in page
    hidden = '<td class="num"><span class="suppressed-figure">fewer than 5</span></td>'
    assert page.count(hidden) == 2
    assert '<td class="num">3</td>' not in page and '<td class="num">6</td>' not in page
    definition, _ = flows["age_13_17"]
    teen = page.split(f'data-summary-question="{definition.key}/{definition.questions[0].key}"')[1]
    assert "Fewer than 5 answered: not shown." in teen.split("</figure>")[0]
    assert 'class="visually-hidden"' in page  # the figures as a table for screen readers
    assert "print" in page.lower()


def test_the_summary_compares_with_the_month_before_when_both_are_large_enough(
    app, programme, flows
):
    days_back = today(app).day + 3
    store(app, flows, 5, value=1, days_ago=days_back)
    store(app, flows, 6, value=3)
    page = summary_page(programme, app).get_data(as_text=True)
    assert "Average 3.0; the month before 1.0 (5 answered)." in page
    previous = (today(app).replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    before = summary_page(programme, app, month=previous).get_data(as_text=True)
    assert "Responses: 5." in before and "the month before" not in before


def test_the_summary_works_in_arabic_right_to_left(app, programme, flows):
    store(app, flows, 5)
    page = summary_page(programme, app, lang="ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    assert 'direction="rtl"' in page and "<svg" in page


def test_the_summary_is_only_for_the_units_one_may_see(app, client, staff, flows):
    sign_in(client, staff["unit"])
    assert summary_page(client, app, unit="OTHER-UNIT").status_code == 403
    assert summary_page(client, app, unit="NO-SUCH").status_code == 403
    assert summary_page(client, app).status_code == 200
    sign_in(client, staff["programme"])
    assert summary_page(client, app, unit="NO-SUCH").status_code == 404


@pytest.mark.parametrize("month", ["2026-13", "soon", "3000-01", "9999-12", "0000-01"])
def test_a_bad_summary_month_says_what_is_wrong(app, programme, month):
    reply = summary_page(programme, app, month=month)
    assert reply.status_code == 422
    page = reply.get_data(as_text=True)
    assert "Not a valid date value." in page or "The period starts in the future." in page


# --- API ---------------------------------------------------------------------


def api_export(client, token, language="en", **params):
    query = {"scope": "unit:TEST-UNIT", "month": today(client.application).strftime("%Y-%m")}
    query.update(params)
    return client.get(
        "/api/v1/exports/aggregates",
        query_string=query,
        headers={"Authorization": f"Bearer {token}", "Accept-Language": language},
    )


def test_integrations_fetch_the_same_file_with_a_staff_token(app, client, staff_token, flows):
    store(app, flows, 6)
    store(app, flows, 2, audience="age_8_12")
    reply = api_export(client, staff_token["unit"], breakdown="audience")
    assert reply.status_code == 200 and reply.headers["Content-Type"].startswith("text/csv")
    header, rows = table_of(reply.data)
    assert header["Minimum group size"] == "5"
    responses = {r["age_band"]: r["count"] for r in rows if r["question"] == "responses"}
    assert responses == {"age_4_7": "", "age_8_12": ""}
    xlsx = api_export(client, staff_token["programme"], format="xlsx", scope="region")
    assert load_workbook(io.BytesIO(xlsx.data)).active["A1"].value
    with app.app_context():
        entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.actor, e.action, e.target) for e in entries] == [
        ("unit@test.se", "export.aggregates", "unit:TEST-UNIT"),
        ("programme@test.se", "export.aggregates", "region"),
    ]
    assert entries[0].detail.startswith("api aggregates ")


def test_an_integration_gets_its_file_in_the_language_it_asks_for(app, client, staff_token, flows):
    store(app, flows, 6)
    header, _ = table_of(api_export(client, staff_token["unit"], language="sv").data)
    assert header["Minsta gruppstorlek"] == "5"


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"scope": "unit:OTHER-UNIT"}, 403, "not yours"),
        ({"scope": "region"}, 403, "not yours"),
        ({"scope": "nonsense"}, 400, "scope must be"),
        ({"month": "2026-13"}, 400, "YYYY-MM"),
        ({"month": "0000-01"}, 400, "outside the calendar"),
        ({"month": "", "from": "2026-01-02"}, 400, "both the first and the last day"),
        ({"month": "", "from": "2026-01-02", "to": "2026-01-01"}, 400, "before the first"),
        ({"month": "", "from": "someday", "to": "2026-01-01"}, 400, "YYYY-MM-DD"),
        ({"format": "pdf"}, 400, "format must be"),
        ({"per": "hour"}, 400, "per must be"),
        ({"breakdown": "unit"}, 400, "breakdown lists"),
        ({"area": "fun"}, 400, "area must be"),
    ],
)
def test_a_bad_api_export_says_what_is_wrong(client, staff_token, params, status, message):
    reply = api_export(client, staff_token["unit"], **params)
    assert reply.status_code == status
    assert message in reply.get_json()["message"]


def test_a_kiosk_token_cannot_export(client, auth):
    reply = client.get("/api/v1/exports/aggregates?scope=region", headers=auth)
    assert reply.status_code == 403
