"""Work and answer caps: a long formula cannot multiply a cap, no answer grows past 32 MiB."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.budget import MAX_ANSWER_BYTES, MAX_WORK, OverBudget, weigh
from app.landscape import Landscape, builtin, data_surface, typed
from app.schemas import BasinRequest, RunRequest

LONG_FORMULA = "+".join(["sin(x*y)"] * 55)  # 275 opcodes, 494 characters
ADAM = [{"optimizer": "adam"}]


def detail(answer: Any) -> dict[str, Any]:
    assert answer.status_code == 422, answer.text
    [error] = answer.json()["detail"]
    return dict(error)


def landscape(surface: str) -> Landscape:
    return typed(surface, ((-5, 5), (-5, 5)))[1] if "x" in surface else builtin(surface)[1]


def test_a_step_on_a_long_formula_weighs_more_than_on_a_built_in_surface() -> None:
    short, long = landscape("x^2 + y^2"), landscape(LONG_FORMULA)
    assert builtin("rosenbrock")[1].cost == 1.0
    assert 1.0 < short.cost < 5.0 < long.cost


def test_the_basin_cap_holds_in_work_so_a_long_formula_gets_a_smaller_map(
    client: TestClient,
) -> None:
    grid = {"n": 100}
    steps = MAX_WORK // grid["n"] ** 2  # at the cap on a built-in surface
    body = {"surface": "himmelblau", "steps": steps, "runs": ADAM, "grid": grid}
    assert weigh(BasinRequest.model_validate(body), landscape("himmelblau")) == MAX_WORK
    body["surface"] = {"expression": LONG_FORMULA}
    error = detail(client.post("/api/basins", json=body))
    assert error["loc"] == ["body", "grid", "n"] and error["type"] == "too_much_work"
    assert "work cap" in error["msg"]


def test_state_at_the_run_limits_is_422_naming_the_answer_cap(client: TestClient) -> None:
    body = {"surface": "rosenbrock", "steps": 20_000, "runs": ADAM * 16, "include_state": True}
    error = detail(client.post("/api/run", json=body))
    assert error["loc"] == ["body", "include_state"] and "32 MiB" in error["msg"]
    with pytest.raises(OverBudget):
        weigh(RunRequest.model_validate(body), landscape("rosenbrock"))


def test_a_full_run_at_the_limits_fits_the_answer_cap(client: TestClient) -> None:
    body = {"surface": "booth", "steps": 20_000, "runs": ADAM * 16}
    answer = client.post("/api/run", json=body)
    assert answer.status_code == 200
    assert len(answer.content) <= MAX_ANSWER_BYTES


def test_the_largest_seeds_request_is_refused_before_it_runs(client: TestClient) -> None:
    body = {"surface": "booth", "steps": 6000, "runs": ADAM * 3, "noise": {"std": 1.0},
            "seeds": {"count": 32}}  # fmt: skip
    error = detail(client.post("/api/seeds", json=body))
    assert error["loc"] == ["body", "seeds", "count"] and error["type"] == "answer_too_large"


def test_a_stream_over_the_work_cap_gets_an_error_message(client: TestClient) -> None:
    body = {"surface": {"expression": LONG_FORMULA}, "steps": 20_000, "runs": ADAM * 16}
    with client.websocket_connect("/api/stream") as ws:
        ws.send_json({"type": "run", "id": 3, **body})
        message = ws.receive_json()
    assert message["type"] == "error" and message["id"] == 3
    assert message["detail"].startswith("steps:") and "work cap" in message["detail"]


def test_an_update_weighs_what_its_optimizer_declares() -> None:
    """L-BFGS's line search may evaluate the loss 25 times an update; Newton adds a Hessian."""
    runs = [{"optimizer": "sgd"}, {"optimizer": "lbfgs"},
            {"optimizer": "lbfgs", "params": {"line_search": "none"}}, {"optimizer": "newton"}]  # fmt: skip
    body = {"surface": "rosenbrock", "steps": 100, "runs": runs}
    assert weigh(RunRequest.model_validate(body), landscape("rosenbrock")) == 100 * (
        1 + 25 + 1.5 + 3
    )
    basins = {"surface": "himmelblau", "steps": 1000, "runs": [{"optimizer": "sgd"}],
              "grid": {"n": 100}}  # fmt: skip
    assert weigh(BasinRequest.model_validate(basins), landscape("himmelblau")) == 10**7
    basins["runs"] = [{"optimizer": "lbfgs"}]  # 25 × 10⁷ units: over the cap
    with pytest.raises(OverBudget):
        weigh(BasinRequest.model_validate(basins), landscape("himmelblau"))


def test_a_logistic_models_rows_weigh_what_their_exp_and_log_cost() -> None:
    """A logistic row (an exp and a log1p, ~25 ns) costs ~25× a linear row: priced like one, a
    basin map at the cap on the iris species ran 18 s instead of ~3."""
    linear, logistic = data_surface("iris_petals", False)[1], data_surface("iris_species", False)[1]
    assert logistic.data.shape[0] < linear.data.shape[0]  # 100 rows against 150
    assert logistic.cost - 1 > 10 * (linear.cost - 1)


def test_hostile_requests_that_ran_15_to_20_seconds_under_the_cap_are_422(
    client: TestClient,
) -> None:
    """Requests that passed the work cap as priced before and then took 15-22 s of a core."""
    basins = {"surface": "iris_species", "steps": 250, "runs": ADAM, "grid": {"n": 200}}
    newton = {"surface": "moons", "network": {"hidden": 32}, "steps": 11_000,
              "runs": [{"optimizer": "newton", "params": {"lr": 0.001, "damping": 100}}]}  # fmt: skip
    for path, body, field in (("/api/basins", basins, ["body", "grid", "n"]),
                              ("/api/run", newton, ["body", "steps"])):  # fmt: skip
        error = detail(client.post(path, json=body))
        assert error["loc"] == field and error["type"] == "too_much_work"


def test_a_hessian_on_a_network_weighs_its_4h_plus_1_squared_entries() -> None:
    """Newton's Hessian on a 2D surface is ~2 gradients; on a network each train row adds a
    (4H+1)² outer product: one update at H = 32 took ~1.6 ms, 11,000 units of ~140 ns."""
    units = []
    for hidden in (8, 32):
        body = {"surface": "moons", "network": {"hidden": hidden}, "steps": 10,
                "runs": [{"optimizer": "newton"}]}  # fmt: skip
        req = RunRequest.model_validate(body)
        assert req.model is not None
        units.append(req.run_costs * req.model.cost)
    assert units[1] > 10_000 and units[1] > 10 * units[0]
