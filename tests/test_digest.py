"""A response's digest is taken of the same bytes, however they are written: a stored
digest is compared with a resent response's, so a changed byte would make a tablet's
honest resend a conflict."""

from __future__ import annotations

import json

import pytest

from waitingroom.inputs import storable
from waitingroom.responses.ingest import _canonical

TEXTS = ["", "plain", 'quote " and \\ backslash', "tab\tnew\nline\r\x01\x1f\x7f",
         "åäö ü ß", "مرحبا", "👍🏽 family", "\u2028\u2029", "\\u0000 as text"]
VALUES = [
    1, 0, -3, 2**31 - 1, 2**63, None, True, False, *TEXTS, ["toys", "snack"], [], TEXTS,
    1.5, 2.0, 1e16, float("nan"), {"b": 1, "a": [1, "x"]}, [1, "mixed"], 2**70,
]


def content(value) -> dict:
    return {
        "unit": 7, "channel": "kiosk", "flow": "visit-4-7", "version": 3,
        "audience": "age_4_7", "locale": "ar", "round": None, "duration": 41,
        "answers": [{"question": "waiting", "value": 2}, {"question": "é", "value": value}],
    }


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_the_digested_bytes_are_json_with_sorted_keys_and_no_spaces(value):
    expected = json.dumps(
        content(value), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    ).encode()
    assert _canonical(content(value)) == expected


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        (["fine", {"deep": ["åäö", 1, None]}], True),
        (["a NUL \x00 inside"], False),
        ({"key \x00": 1}, False),
        (["a lone surrogate \ud800"], False),
        ([2**70, "a number orjson refuses, then the walk judges"], True),
        (["\\u0000 written out as text"], True),
    ],
)
def test_storable_text_is_judged_alike_by_the_quick_pass_and_the_walk(value, ok):
    assert storable(value) is ok
