"""POST /api/run reproduces torch.optim / pytorch_optimizer paths (CONTRACT sections 3-6).

The cases live in tests/fixtures/reference_runs.json, written by scripts/make_reference.py; each
case id names its optimizers (with any non-default parameters and schedule), surface and noise.
"""

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from app.optimizers import OPTIMIZERS

FIXTURE = Path(__file__).parent / "fixtures" / "reference_runs.json"
CASES: list[dict[str, Any]] = json.loads(FIXTURE.read_text())

# Rounding differs between the app and torch by ~1e-16; the reference cases are checked to
# amplify it less than ~1000x, so rel 1e-9 is a wide margin. atol only matters where a value
# crosses or approaches 0 (a coordinate through the origin, a loss at its minimum).
RTOL, ATOL = 1e-9, 1e-12


def first_difference(actual: list[float], expected: list[float]) -> str:
    a, e = np.asarray(actual, dtype=float), np.asarray(expected, dtype=float)
    k = int(np.flatnonzero(~np.isclose(a, e, rtol=RTOL, atol=ATOL))[0])
    return f"first differs at step {k}: app {float(a[k])!r}, torch {float(e[k])!r}"


def assert_same_run(actual: dict[str, Any], expected: dict[str, Any]) -> None:
    name = expected["optimizer"]
    assert actual["optimizer"] == name
    assert (actual["status"], actual["steps"]) == (expected["status"], expected["steps"]), name
    for key in ("x", "y", "loss"):
        assert len(actual[key]) == len(expected[key]), f"{name} {key}"
        if not np.allclose(actual[key], expected[key], rtol=RTOL, atol=ATOL):
            pytest.fail(f"{name} {key} {first_difference(actual[key], expected[key])}")


def test_fixture_covers_every_optimizer_schedule_and_divergence() -> None:
    runs = [(c["request"], r) for c in CASES for r in c["request"]["runs"]]
    assert {r["optimizer"] for _, r in runs} == {o.id for o in OPTIMIZERS}
    schedules = {r["schedule"]["name"] for _, r in runs if "schedule" in r}
    assert schedules >= {"step", "exponential", "cosine", "inverse_time", "warmup"}
    assert len({str(req["surface"]) for req, _ in runs}) >= 8  # a typed formula is a dict
    statuses = [r["status"] for c in CASES for r in c["expected"]["runs"]]
    assert statuses.count("diverged") >= 3


@pytest.mark.parametrize("optimizer", OPTIMIZERS, ids=lambda o: o.id)
def test_fixture_moves_every_parameter_and_adds_a_schedule_and_noise(optimizer) -> None:
    runs = [(c["request"], r) for c in CASES for r in c["request"]["runs"]]
    mine = [(req, r) for req, r in runs if r["optimizer"] == optimizer.id]
    moved = {k for _, r in mine for k, v in r.get("params", {}).items()
             if v != optimizer.param(k).default}  # fmt: skip
    assert moved == {p.name for p in optimizer.params}
    assert any("schedule" in r for _, r in mine), "no schedule"
    assert any(req.get("noise", {}).get("std", 0) > 0 for req, _ in mine), "no noise"


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_run_matches_torch_reference(client: TestClient, case: dict[str, Any]) -> None:
    response = client.post("/api/run", json=case["request"])
    assert response.status_code == 200, response.text
    runs = response.json()["runs"]
    assert len(runs) == len(case["expected"]["runs"])
    for actual, expected in zip(runs, case["expected"]["runs"], strict=True):
        assert_same_run(actual, expected)
