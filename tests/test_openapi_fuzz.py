"""Schemathesis against our own OpenAPI document: no 5xx, every reply as documented."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from waitingroom.api.openapi import openapi_document

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
STAFF_PATHS = {"/api/v1/summary", "/api/v1/comments", "/api/v1/exports/aggregates"}
YOUTH_PATHS = {"/api/v1/youth/rounds"}
# Each operation with the token that belongs there; responses are sent by kiosks and
# youth members alike, so that one is tried with both.
OPERATIONS = [
    (
        path,
        method.upper(),
        "staff" if path in STAFF_PATHS else "youth" if path in YOUTH_PATHS else "kiosk",
    )
    for path, methods in openapi_document()["paths"].items()
    for method in methods
] + [("/api/v1/responses", "POST", "youth"), ("/api/v1/responses/batch", "POST", "youth")]
cases_run = {"count": 0}


@pytest.fixture
def api_schema(app, flows, staff_token, kiosk, group):
    app.config.update(KIOSK_RATE_LIMIT="100000/minute", BATCH_RATE_LIMIT="100000/minute")
    yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    app.config.update(KIOSK_RATE_LIMIT="30/minute", BATCH_RATE_LIMIT="120/minute")


@pytest.mark.parametrize(("path", "method", "who"), OPERATIONS)
@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_the_api_never_fails_and_keeps_its_word(
    api_schema, kiosk, staff_token, group, path, method, who, data
):
    operation = api_schema[path][method]
    case = data.draw(operation.as_strategy())
    token = {"staff": staff_token["admin"], "youth": group["tokens"][0], "kiosk": kiosk}[who]
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
    cases_run["count"] += 1


def test_report_how_many_cases_ran():
    """Runs last in this module: prints the number of generated cases for the record."""
    print(f"\nschemathesis cases run: {cases_run['count']}")
