"""POST /api/run on network surfaces reproduces torch (CONTRACT section 11).

The cases live in tests/fixtures/network_reference.json, written by
scripts/make_network_reference.py from torch.nn.functional on the flat θ and the section 4/4b
optimizers; each case names its data set, activation, loss and batching.
"""

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

FIXTURE = Path(__file__).parent / "fixtures" / "network_reference.json"
CASES: list[dict[str, Any]] = json.loads(FIXTURE.read_text())
# atol: where a value crosses or approaches 0 (a coordinate of θ, a or b at the origin).
RTOL, ATOL = 1e-9, 1e-12


def close(actual: Any, expected: Any, what: str, scale: float = 0.0) -> None:
    """Within rel 1e-9, or 1e-9 of `scale`: the size of the vector a value is a coordinate of.
    A coordinate of θ passing near 0, or a plane coordinate b when d2 turns by ~1e-10 (an SVD
    direction moves by rounding over the gap between singular values), differs by an absolute
    amount set by the whole vector, however small the coordinate itself is."""
    a, e = np.asarray(actual, dtype=float), np.asarray(expected, dtype=float)
    assert a.shape == e.shape, f"{what}: shape {a.shape} against {e.shape}"
    bad = ~np.isclose(a, e, rtol=RTOL, atol=max(ATOL, RTOL * scale))
    if bad.any():
        k = np.unravel_index(int(np.flatnonzero(bad)[0]), a.shape)
        pytest.fail(f"{what} first differs at {k}: app {a[k]!r}, torch {e[k]!r}")


def largest(*arrays: Any) -> float:
    return max(float(np.abs(np.asarray(x, dtype=float)).max()) for x in arrays)


def test_fixture_covers_activations_losses_batches_seeds_and_a_divergence() -> None:
    nets = [c["request"]["network"] for c in CASES]
    assert {n["activation"] for n in nets} == {"tanh", "relu", "sigmoid"}
    assert {n["loss"] for n in nets} == {"cross_entropy", "mse"}
    assert len({n["init_seed"] for n in nets}) >= 3
    assert any("batch" in c["request"] for c in CASES)
    optimizers = {r["optimizer"] for c in CASES for r in c["request"]["runs"]}
    assert optimizers >= {"lamb", "prodigy", "adafactor", "adan", "schedulefree_adamw", "amos"}
    statuses = [r["status"] for c in CASES for r in c["expected"]["runs"]]
    assert "diverged" in statuses


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_network_run_matches_torch_reference(client: TestClient, case: dict[str, Any]) -> None:
    response = client.post("/api/run", json=case["request"])
    assert response.status_code == 200, response.text
    answer, expected = response.json(), case["expected"]
    assert len(answer["runs"]) == len(expected["runs"])
    plane, want_plane = answer["plane"], expected["plane"]
    coords = largest(*(run[key] for run in expected["runs"] for key in ("a", "b")))
    for actual, want in zip(answer["runs"], expected["runs"], strict=True):
        name = want["optimizer"]
        assert actual["optimizer"] == name
        assert (actual["status"], actual["steps"]) == (want["status"], want["steps"]), name
        for key in ("loss", "test_loss", "train_accuracy", "test_accuracy"):
            close(actual[key], want[key], f"{name} {key}")
        close(actual["theta"], want["theta"], f"{name} theta", largest(want["theta"]))
        for key in ("a", "b"):
            close(actual[key], want[key], f"{name} {key}", coords)
        if "thetas" in want:
            close(actual["thetas"], want["thetas"], f"{name} thetas", largest(want["thetas"]))
        else:
            assert "thetas" not in actual
    close(plane["origin"], want_plane["origin"], "plane origin", largest(want_plane["origin"]))
    close(plane["explained"], want_plane["explained"], "plane explained")
    for key in ("d1", "d2"):
        close(plane[key], want_plane[key], f"plane {key}", 1.0)
    grid, want_grid = plane["grid"], want_plane["grid"]
    for key in ("a", "b"):
        close(grid[key], want_grid[key], f"plane grid {key}", largest(want_grid[key]))
    close(grid["loss"], want_grid["loss"], "plane grid loss")
