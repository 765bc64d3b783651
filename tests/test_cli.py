"""The flask commands of API.md, with --json where it says so."""

from __future__ import annotations

import json

import sqlalchemy as sa

from waitingroom.extensions import db
from waitingroom.flows.models import FlowVersion
from waitingroom.units.models import Kiosk, Unit


def run_json(runner, *args):
    result = runner.invoke(args=[*args, "--json"])
    return result, json.loads(result.output) if result.output.strip() else None


def test_create_unit_prints_json_and_updates_on_a_second_run(app, runner):
    result, data = run_json(
        runner,
        "create-unit",
        "BARN-1",
        "--name",
        "Barnmottagningen",
        "--administration",
        "Skaraborgs Sjukhus",
        "--tag",
        "asthma",
        "--tag",
        "feeding",
    )
    assert result.exit_code == 0
    assert data == {
        "code": "BARN-1",
        "name": "Barnmottagningen",
        "administration": "Skaraborgs Sjukhus",
        "tags": ["asthma", "feeding"],
        "talk_alerts": False,
        "created": True,
    }
    result, data = run_json(
        runner, "create-unit", "BARN-1", "--name", "Barnmottagning 1", "--talk-alerts"
    )
    assert data["created"] is False and data["name"] == "Barnmottagning 1"
    assert data["talk_alerts"] is True
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Unit)) == 1


def test_create_unit_refuses_a_bad_code_clearly(app, runner):
    result, data = run_json(runner, "create-unit", "bad code!", "--name", "X")
    assert result.exit_code == 1
    assert "unit code" in data["error"]
    plain = runner.invoke(args=["create-unit", "bad code!", "--name", "X"])
    assert plain.exit_code != 0 and "unit code" in plain.output
    assert "Traceback" not in plain.output


def test_enroll_kiosk_gives_a_token_that_works_and_a_pair_url(app, runner, client):
    runner.invoke(args=["create-unit", "BARN-2", "--name", "Barn 2"])
    result, data = run_json(runner, "enroll-kiosk", "BARN-2", "--label", "entrance")
    assert result.exit_code == 0
    assert data["pair_url"].endswith(f"/kiosk/pair/{data['token']}")
    reply = client.get("/api/v1/kiosk/config", headers={"Authorization": f"Bearer {data['token']}"})
    assert reply.status_code == 200 and reply.get_json()["unit"]["code"] == "BARN-2"
    with app.app_context():
        kiosk = db.session.scalar(sa.select(Kiosk))
        assert kiosk.token_hash != data["token"] and kiosk.label == "entrance"


def test_enroll_kiosk_for_an_unknown_unit_says_so(app, runner):
    result, data = run_json(runner, "enroll-kiosk", "NOPE")
    assert result.exit_code == 1 and "NOPE" in data["error"]


def test_seed_demo_twice_changes_nothing(app, runner):
    first, data = run_json(runner, "seed-demo")
    assert first.exit_code == 0, first.output
    assert data["units"] >= 12 and data["flows"] == 5 and data["flows_published"] == 5

    def counts():
        with app.app_context():
            return [
                db.session.scalar(sa.select(sa.func.count()).select_from(model))
                for model in (Unit, Kiosk, FlowVersion)
            ]

    before = counts()
    second, again = run_json(runner, "seed-demo")
    assert second.exit_code == 0 and again["flows_published"] == 0
    assert counts() == before
    assert [k["pair_url"] for k in again["kiosks"]] == [k["pair_url"] for k in data["kiosks"]]


def test_seeded_kiosk_links_pair_a_tablet(app, runner, client):
    _, data = run_json(runner, "seed-demo")
    path = data["kiosks"][0]["pair_url"].split("5000", 1)[1]
    reply = client.get(path)
    assert reply.status_code == 302 and reply.headers["Location"].endswith("/kiosk")


def test_export_then_import_a_flow(app, runner, tmp_path):
    runner.invoke(args=["seed-demo"])
    exported = runner.invoke(args=["export-flow", "visit-4-7"])
    assert exported.exit_code == 0 and "audience: age_4_7" in exported.output
    path = tmp_path / "flow.yaml"
    path.write_text(exported.output, encoding="utf-8")
    result, data = run_json(runner, "import-flow", str(path))
    assert data == {"flow": "visit-4-7", "version": 1, "created": False}
    path.write_text(exported.output.replace("audience: age_4_7", "audience: grown_ups"))
    result, data = run_json(runner, "import-flow", str(path))
    assert result.exit_code == 1
    assert "audience" in data["error"] and "line" in data["error"]


def test_export_of_an_unknown_flow_is_a_clear_error(app, runner):
    result = runner.invoke(args=["export-flow", "nothing"])
    assert result.exit_code != 0 and "nothing" in result.output


def test_a_revoked_staff_token_stops_working(app, runner, client, staff_token):
    headers = {"Authorization": f"Bearer {staff_token['admin']}"}
    assert client.get("/api/v1/summary?scope=region", headers=headers).status_code == 200
    result, data = run_json(runner, "revoke-token", "admin@test.se")
    assert result.exit_code == 0 and data["revoked"] == 1
    assert client.get("/api/v1/summary?scope=region", headers=headers).status_code == 401
