"""A server killed mid-stream loses nothing and counts nothing twice."""

from __future__ import annotations

import os

import pytest

from tests.faults import kill_and_replay
from tests.live import fresh_database


@pytest.fixture
def fault_database(tmp_path):
    return fresh_database(os.environ.get("DATABASE_URL"), tmp_path, "faults")


def test_killed_server_loses_nothing(fault_database):
    result = kill_and_replay(fault_database, kiosks=3, per_kiosk=60)
    print(f"\nfault test: {result}")
    assert result["distinct"] == result["responses"] == 180
    assert result["stored"] == 180
    assert result["counted"] == 180
    assert result["accepted"] + result["duplicate"] == 180
