"""Work and answer caps: a long formula cannot multiply a cap, no answer grows past 32 MiB."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.budget import MAX_ANSWER_BYTES, MAX_WORK, OverBudget, weigh
from app.landscape import Landscape, builtin, typed
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
