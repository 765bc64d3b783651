"""Flow files on the command line: `import-flow` and `export-flow` refuse a bad file with
the line and the field, never a traceback, and a refused file changes nothing."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from waitingroom.extensions import db
from waitingroom.flows.models import FlowVersion

GOOD = """key: visit-new
audience: age_8_12
title: {sv: Hej}
questions:
  - key: snack
    type: yesno
    area: care_flows
    text: {sv: "Fick du något att äta?"}
    options:
      - {key: "yes", label: {sv: Ja}}
      - {key: "no", label: {sv: Nej}}
"""


def alias_bomb() -> str:
    rows = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    rows += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 9)]
    return "\n".join([*rows, "key: *a8", ""])


BAD = [
    pytest.param(GOOD.replace("title: {sv: Hej}", "title: {sv: Hej"), "line 4: not valid YAML", id="bad-yaml"),
    pytest.param(GOOD.replace("area: care_flows", "area: 7"), "line 7: questions[0].area: must be one of", id="wrong-type"),
    pytest.param(GOOD.replace("    type: yesno\n", "    type: yesno\n    colour: red\n"), "line 7: questions[0].colour: unknown field colour", id="unknown-key"),
    pytest.param(GOOD.replace("audience: age_8_12", "audience: [age_8_12]"), "line 2: audience: must be one of", id="list-for-text"),
    pytest.param(GOOD.replace("- {key: \"no\", label: {sv: Nej}}", "- {key: \"no\", label: {en: Nope}}"), "line 11: questions[0].options[1].label: has no text in sv", id="missing-swedish"),
    pytest.param(GOOD.encode("utf-8").replace("äta".encode(), "äta".encode("latin-1")), "line 8: not UTF-8 text", id="not-utf8"),
    pytest.param("- key: visit-new\n- audience: age_8_12\n", "must be a mapping", id="not-a-mapping"),
    pytest.param("", "must be a mapping", id="empty"),
    pytest.param("key: visit-new\n" + "# padding\n" * 40_000, "longer than 256 KiB", id="huge"),
    pytest.param("key: " + "[" * 3000 + "]" * 3000 + "\n", "nested too deeply", id="deep"),
    pytest.param(alias_bomb(), "more than 200000 values", id="alias-bomb"),
]


def count_versions(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count(FlowVersion.id)))


@pytest.mark.parametrize(("content", "message"), BAD)
def test_a_bad_flow_file_names_line_and_field_and_changes_nothing(
    app, runner, flows, tmp_path, content, message
):
    path = tmp_path / "flow.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    before = count_versions(app)
    result = runner.invoke(args=["import-flow", str(path)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), "an error, never a traceback"
    assert "Traceback" not in result.output
    assert f"{path}: " in result.output and message in result.output
    json_result = runner.invoke(args=["import-flow", str(path), "--json"])
    assert message in json_result.output and '"error"' in json_result.output
    assert count_versions(app) == before


def test_a_good_file_is_published_and_exports_the_same(app, runner, tmp_path):
    path = tmp_path / "flow.yaml"
    path.write_text(GOOD, encoding="utf-8")
    assert runner.invoke(args=["import-flow", str(path)]).exit_code == 0
    exported = runner.invoke(args=["export-flow", "visit-new"])
    assert exported.exit_code == 0
    path.write_text(exported.output, encoding="utf-8")
    again = runner.invoke(args=["import-flow", str(path)])
    assert again.exit_code == 0 and "Unchanged" in again.output


def test_a_missing_file_is_a_clear_error(app, runner, tmp_path):
    result = runner.invoke(args=["import-flow", str(tmp_path / "nowhere.yaml")])
    assert result.exit_code == 2 and "does not exist" in result.output


@pytest.mark.parametrize("key", ["nothing", "../etc/passwd", "Ä" * 300])
def test_exporting_an_unknown_flow_is_a_clear_error(app, runner, key):
    result = runner.invoke(args=["export-flow", key])
    assert result.exit_code == 1 and "no published flow" in result.output
    assert isinstance(result.exception, SystemExit)
