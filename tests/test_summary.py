"""Live figures come from rollups, with small-number protection everywhere."""

from __future__ import annotations

import pytest

from tests.conftest import make_response, region_today
from waitingroom.responses.summary import _protect


def post(client, auth, flows, audience="age_4_7", n=1, **changes):
    definition, version = flows[audience]
    for _ in range(n):
        reply = client.post(
            "/api/v1/responses", json=make_response(definition, version, **changes), headers=auth
        )
        assert reply.status_code == 201, reply.get_json()


def summary(client, token, scope="unit:TEST-UNIT", **params):
    query = {"scope": scope, "window": "today", **params}
    reply = client.get(
        "/api/v1/summary", query_string=query, headers={"Authorization": f"Bearer {token}"}
    )
    assert reply.status_code == 200, reply.get_json()
    return reply.get_json()


def test_four_responses_are_suppressed(client, auth, flows, staff_token):
    post(client, auth, flows, n=4)
    figures = summary(client, staff_token["programme"])
    assert figures["suppressed"] is True
    assert figures["total"] is None
    assert figures["questions"] == {} and figures["by_audience"] == {}
    assert "4" not in str({k: v for k, v in figures.items() if k not in ("seq", "filters")})


def test_five_responses_are_shown(client, auth, flows, staff_token):
    post(client, auth, flows, n=5)
    figures = summary(client, staff_token["programme"])
    assert figures["suppressed"] is False and figures["total"] == 5
    definition, _ = flows["age_4_7"]
    first = definition.questions[0]
    question = figures["questions"][f"{definition.key}/{first.key}"]
    assert question == {
        "n": 5,
        "suppressed": False,
        "counts": {str(first.points): 5},
        "trend": [{"day": region_today().isoformat(), "n": 5, "mean": float(first.points)}],
    }
    assert figures["by_audience"] == {"age_4_7": {"n": 5, "suppressed": False}}


def test_a_question_answered_by_fewer_than_five_is_hidden(client, auth, flows, staff_token):
    definition, version = flows["age_4_7"]
    first = definition.questions[0]
    post(client, auth, flows, n=3)
    post(client, auth, flows, n=3, answers=[{"question": definition.questions[1].key, "value": 1}])
    figures = summary(client, staff_token["admin"])
    assert figures["total"] == 6
    hidden = figures["questions"][f"{definition.key}/{first.key}"]
    assert hidden == {"n": None, "suppressed": True, "counts": None, "trend": None}
    shown = figures["questions"][f"{definition.key}/{definition.questions[1].key}"]
    assert shown["n"] == 6


def test_a_single_small_cell_cannot_be_worked_out_by_subtraction(client, auth, flows, staff_token):
    post(client, auth, flows, "age_4_7", n=8, locale="sv")
    post(client, auth, flows, "age_4_7", n=6, locale="en")
    post(client, auth, flows, "age_4_7", n=2, locale="ar")
    figures = summary(client, staff_token["admin"])
    assert figures["total"] == 16
    assert figures["by_locale"]["ar"] == {"n": None, "suppressed": True}
    assert figures["by_locale"]["en"] == {"n": None, "suppressed": True}
    assert figures["by_locale"]["sv"] == {"n": 8, "suppressed": False}


def test_a_filter_whose_complement_is_small_is_hidden(client, auth, flows, staff_token):
    post(client, auth, flows, "age_4_7", n=6, locale="sv")
    post(client, auth, flows, "age_4_7", n=3, locale="ar")
    assert summary(client, staff_token["admin"], locale="ar")["suppressed"] is True
    # 9 - 6 = 3 would reveal the Arabic figure: the Swedish one is hidden as well.
    assert summary(client, staff_token["admin"], locale="sv")["suppressed"] is True
    post(client, auth, flows, "age_4_7", n=2, locale="ar")
    sv = summary(client, staff_token["admin"], locale="sv")
    assert sv["suppressed"] is False and sv["total"] == 6


def test_filters_by_age_band_and_development_area(client, auth, flows, staff_token):
    post(client, auth, flows, "age_4_7", n=5)
    post(client, auth, flows, "age_8_12", n=5)
    figures = summary(client, staff_token["admin"], audience="age_8_12")
    assert figures["total"] == 5
    assert all(key.startswith("visit-8-12/") for key in figures["questions"])
    area = summary(client, staff_token["admin"], area="care_flows")
    assert area["questions"]
    catalogue = {f"{d.key}/{q.key}": q.area for d, _ in flows.values() for q in d.questions}
    assert {catalogue[key] for key in area["questions"]} == {"care_flows"}


def test_region_and_administration_scopes_add_units_up(
    app, client, auth, flows, staff, staff_token
):
    post(client, auth, flows, n=5)
    assert summary(client, staff_token["admin"], "region")["total"] == 5
    assert summary(client, staff_token["admin"], "administration:Testsjukhuset")["total"] == 5
    assert summary(client, staff_token["admin"], "administration:Annat sjukhus")["suppressed"]
    assert summary(client, staff_token["admin"], "tag:asthma")["total"] == 5


def test_seq_grows_but_never_counts_children(client, auth, flows, staff_token):
    before = summary(client, staff_token["admin"])["seq"]
    post(client, auth, flows, n=1)
    after = summary(client, staff_token["admin"])["seq"]
    assert after > before
    assert after - before != 1  # a difference of one would say one child answered


def test_play_is_left_out_of_the_figures(app, client, auth, flows, staff_token):
    from tests.test_hardening import fast_identical

    definition, version = flows["age_4_7"]
    post(client, auth, flows, n=5)
    for _ in range(4):
        client.post("/api/v1/responses", json=fast_identical(definition, version), headers=auth)
    assert summary(client, staff_token["admin"])["total"] == 5 + 2


@pytest.mark.parametrize(
    ("cells", "hidden"),
    [
        ({"a": 10, "b": 2}, {"a", "b"}),
        ({"a": 10, "b": 7, "c": 2}, {"b", "c"}),
        ({"a": 10, "b": 2, "c": 3}, {"b", "c"}),
        ({"a": 10, "b": 7}, set()),
        ({"a": 3}, {"a"}),
    ],
)
def test_breakdowns_never_leave_one_hidden_cell(cells, hidden):
    result = _protect(cells, 5)
    assert {key for key, cell in result.items() if cell["suppressed"]} == hidden
    assert all(cell["n"] is None for cell in result.values() if cell["suppressed"])


def test_summary_parameters_are_checked(client, staff_token):
    headers = {"Authorization": f"Bearer {staff_token['admin']}"}
    for query, status in [
        ({"scope": "galaxy:far"}, 400),
        ({"scope": "unit:TEST-UNIT", "window": "forever"}, 400),
        ({"scope": "unit:TEST-UNIT", "audience": "babies"}, 400),
        ({"scope": "unit:NOPE"}, 404),
    ]:
        reply = client.get("/api/v1/summary", query_string=query, headers=headers)
        assert reply.status_code == status, (query, reply.get_json())
        assert reply.get_json()["message"]
