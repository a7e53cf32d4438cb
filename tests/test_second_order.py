"""L-BFGS and Newton end to end: listing, validation, sweeps, streaming and the state row.

Exactness against torch lives in test_reference.py (the fixture's lbfgs and newton cases), the
inspector's L-BFGS state in test_inspector.py, the Hessians in test_curvature.py.
"""

from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from app.optimizers import OPTIMIZER_INDEX, OPTIMIZERS, STATE_SIZE, state_width

LBFGS = OPTIMIZERS[OPTIMIZER_INDEX["lbfgs"]]


def test_the_listing_has_all_28_ids_of_the_contract(client: TestClient) -> None:
    listing = {o["id"]: o for o in client.get("/api/optimizers").json()}
    assert len(listing) == 28
    params = {p["name"]: p for p in listing["lbfgs"]["params"]}
    assert params["history_size"] == params["history_size"] | {
        "type": "int", "default": 10, "min": 1, "max": 100}  # fmt: skip
    assert params["line_search"]["options"] == ["none", "strong_wolfe"]
    assert params["line_search"]["default"] == "strong_wolfe"
    damping = next(p for p in listing["newton"]["params"] if p["name"] == "damping")
    assert (damping["default"], damping["min"], damping["max"]) == (0.0, 0.0, 100.0)
    assert "old_dirs" not in dict(listing["lbfgs"]["state"])  # not in the answer's state


@pytest.mark.parametrize(
    ("optimizer", "params", "field"),
    [
        ("lbfgs", {"history_size": 2.5}, "history_size"),
        ("lbfgs", {"history_size": 0}, "history_size"),
        ("lbfgs", {"history_size": 101}, "history_size"),
        ("lbfgs", {"line_search": "backtracking"}, "line_search"),
        ("lbfgs", {"line_search": None}, "line_search"),
        ("newton", {"damping": 101}, "damping"),
        ("newton", {"damping": -1}, "damping"),
        ("newton", {"hessian": 1}, "hessian"),
    ],
)
def test_bad_parameters_are_422_naming_the_field(client: TestClient, optimizer, params, field):
    body = {"surface": "booth", "runs": [{"optimizer": optimizer, "params": params}]}
    answer = client.post("/api/run", json=body)
    assert answer.status_code == 422 and field in answer.text


def run(client: TestClient, body: dict[str, Any]) -> list[dict[str, Any]]:
    answer = client.post("/api/run", json=body)
    assert answer.status_code == 200, answer.text
    runs: list[dict[str, Any]] = answer.json()["runs"]
    return runs


BODY = {"surface": "iris_species", "standardize": True, "steps": 40,
        "batch": {"size": 16, "seed": 3}, "noise": {"std": 0.05, "seed": 9}}  # fmt: skip


@pytest.mark.parametrize(
    ("optimizer", "param", "values"),
    [("lbfgs", "history_size", [1, 3, 100]), ("newton", "damping", [0.0, 0.5, 10.0]),
     ("lbfgs", "lr", [0.1, 1.0])],
)  # fmt: skip
def test_a_sweep_equals_one_run_per_value(client: TestClient, optimizer, param, values) -> None:
    body = BODY | {"runs": [{"optimizer": optimizer}], "sweep": {"param": param, "values": values}}
    swept = client.post("/api/sweep", json=body).json()
    for i, value in enumerate(values):
        one = run(client, BODY | {"runs": [{"optimizer": optimizer, "params": {param: value}}]})[0]
        assert swept["status"][i] == one["status"]
        assert swept["final_loss"][i] == pytest.approx(one["loss"][-1], rel=1e-9)


def test_a_stream_equals_the_run(client: TestClient) -> None:
    runs = [{"optimizer": "lbfgs", "params": {"history_size": 100}},
            {"optimizer": "lbfgs", "params": {"line_search": "none", "lr": 0.5}},
            {"optimizer": "newton", "params": {"damping": 0.1}}, {"optimizer": "adam"}]  # fmt: skip
    body = BODY | {"runs": runs}
    expected = run(client, body)
    with client.websocket_connect("/api/stream") as ws:
        ws.send_json({"type": "run", "id": 1, **body})
        chunks = []
        while (message := ws.receive_json())["type"] != "end":
            if message["type"] == "chunk":
                chunks.append(message)
    for r, want in enumerate(expected):
        for key in ("x", "y", "loss"):
            got = [v for chunk in chunks for v in chunk["runs"][r][key]]
            assert got == want[key]
        assert message["runs"][r] == {"status": want["status"], "steps": want["steps"]}


def test_the_state_row_grows_with_the_history_only_in_batches_that_use_it() -> None:
    hyper = np.zeros((2, 8))
    hyper[0, :3] = [1.0, 100, 1]  # lbfgs, history 100
    opt = np.array([OPTIMIZER_INDEX["lbfgs"], OPTIMIZER_INDEX["adam"]])
    assert state_width(opt, hyper) == 10 + 100 * 6  # d, t, ..., then y, s (2 each), ρ, α
    assert state_width(opt[1:], hyper[1:]) == STATE_SIZE
    assert LBFGS.state_size() <= STATE_SIZE


def test_a_singular_newton_system_ends_the_run_as_diverged(client: TestClient) -> None:
    body = {"surface": "saddle", "start": [1.0, 0.5], "steps": 10,
            "runs": [{"optimizer": "newton", "params": {"damping": 2.0}}]}  # fmt: skip
    [answer] = run(client, body)
    assert (answer["status"], answer["steps"], answer["x"]) == ("diverged", 0, [1.0])


def test_undamped_newton_jumps_onto_the_saddle_point(client: TestClient) -> None:
    body = {"surface": "saddle", "steps": 3, "runs": [{"optimizer": "newton"}]}
    [answer] = run(client, body)
    assert (
        answer["status"] == "ok" and answer["x"][1:] == [0.0] * 3 and answer["y"][1:] == [0.0] * 3
    )


def test_lbfgs_at_a_stationary_point_repeats_the_iterate(client: TestClient) -> None:
    """torch returns before any step when max|g| ≤ 1e-7; that is still an update."""
    body = {"surface": "booth", "start": [1.0, 3.0], "steps": 4, "runs": [{"optimizer": "lbfgs"}]}
    [answer] = run(client, body)
    assert answer["status"] == "ok" and answer["x"] == [1.0] * 5 and answer["y"] == [3.0] * 5
