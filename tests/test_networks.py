"""Network surfaces (CONTRACT section 11): data, the model's exact gradient, validation, budget.

Exactness against torch lives in test_network_reference.py."""

import math
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from app.jobs import Cancelled, cancellable
from app.mlp import ACTIVATIONS, LOSSES
from app.networks import NETWORK_INDEX, NETWORKS, TRAINED, Model, Training
from app.optimizers import OPTIMIZER_INDEX, PARAM_SIZE


def named(response: Any) -> str:
    """The fields a 422 names: each error's location in the body, then its message."""
    return " ".join(".".join(str(p) for p in e["loc"][1:]) + " " + e["msg"]
                    for e in response.json()["detail"])  # fmt: skip


def body(**extra: Any) -> dict[str, Any]:
    return {"surface": "moons", "steps": 20, "runs": [{"optimizer": "adam"}]} | extra


def test_network_surfaces_are_listed_with_their_data_and_split(client: TestClient) -> None:
    listed = {s["id"]: s for s in client.get("/api/surfaces").json() if s["kind"] == "network"}
    assert set(listed) == {"moons", "circles", "xor", "noisy_moons"}
    for surface_id, entry in listed.items():
        data = client.get(f"/api/surfaces/{surface_id}/data").json()
        n = len(data["target"])
        assert 150 <= n <= 400 and entry["rows"] == n
        assert len(data["features"]) == len(data["split"]) == n
        assert set(data["target"]) == {0.0, 1.0}
        assert 0.2 <= data["split"].count("test") / n <= 0.3
        assert data["source"].startswith("made by scripts/make_network_data.py")
        assert entry["network"]["hidden"]["max"] == 32


@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_gradient_equals_central_finite_differences(activation: str, loss: str) -> None:
    model = Model(NETWORK_INDEX["circles"], 4, activation, loss, 7)
    theta = model.initial() * 2.0  # off the initial scale: relu units on both sides of 0
    _, grad = model.loss_and_grad(theta)
    numeric = np.empty_like(theta)
    for i in range(theta.size):
        h = 1e-6 * max(1.0, abs(theta[i]))
        up, down = theta.copy(), theta.copy()
        up[i] += h
        down[i] -= h
        numeric[i] = (model.loss_and_grad(up)[0] - model.loss_and_grad(down)[0]) / (2 * h)
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-9)


def test_initial_weights_follow_the_contract_recipe(client: TestClient) -> None:
    run = client.post("/api/run", json=body(network={"hidden": 3, "init_seed": 42},
                                            include_path=True)).json()["runs"][0]  # fmt: skip
    rng = np.random.default_rng(42)
    a1, a2 = 1 / math.sqrt(2), 1 / math.sqrt(3)
    expected = np.concatenate([rng.uniform(-a1, a1, 6), rng.uniform(-a1, a1, 3),
                               rng.uniform(-a2, a2, 3), rng.uniform(-a2, a2, 1)])  # fmt: skip
    assert run["thetas"][0] == expected.tolist()
    assert len(run["thetas"]) == 21 and run["theta"] == run["thetas"][-1]


def test_trace_gives_each_updates_layer_gradient_norms(client: TestClient) -> None:
    request = body(network={"hidden": 4}, include_path=True, include_trace=True)
    run = client.post("/api/run", json=request).json()["runs"][0]
    model = Model(NETWORK_INDEX["moons"], 4, "tanh", "cross_entropy", 0)
    norms = run["grad_norm"]
    assert set(norms) == {"W1", "b1", "W2", "b2"} and len(norms["W1"]) == 20
    for k in (0, 7, 19):  # full batch: update k used the gradient at θ_k
        _, g = model.loss_and_grad(np.array(run["thetas"][k]))
        layers = {"W1": g[:8], "b1": g[8:12], "W2": g[12:16], "b2": g[16:]}
        for name, part in layers.items():
            assert norms[name][k] == pytest.approx(float(np.linalg.norm(part)), rel=1e-12)


def test_curves_give_test_loss_and_both_accuracies_at_every_iterate(client: TestClient) -> None:
    """The page's train-vs-test curves: with include_path, each iterate's test loss and
    accuracy and train accuracy, as the model computes them at that θ (mini-batch and a
    diverging run too)."""
    request = body(network={"hidden": 4, "activation": "sigmoid"}, include_path=True,
                   batch={"size": 16, "seed": 3},
                   runs=[{"optimizer": "adam"}, {"optimizer": "newton", "params": {"lr": 10.0}}])  # fmt: skip
    model = Model(NETWORK_INDEX["moons"], 4, "sigmoid", "cross_entropy", 0)
    for run in client.post("/api/run", json=request).json()["runs"]:
        thetas, curves = np.array(run["thetas"]), run["curves"]
        test_loss, test_accuracy = model.losses(thetas, model.data.test_rows)
        _, train_accuracy = model.losses(thetas, model.data.train_rows)
        assert curves["test_loss"] == test_loss.tolist()
        assert curves["test_accuracy"] == test_accuracy.tolist()
        assert curves["train_accuracy"] == train_accuracy.tolist()
        assert len(curves["test_loss"]) == run["steps"] + 1
        assert curves["test_loss"][-1] == run["test_loss"]
        assert curves["train_accuracy"][-1] == run["train_accuracy"]
    assert run["status"] == "diverged"  # the last run: curves stop where its kept iterates do
    assert "curves" not in client.post("/api/run", json=body()).json()["runs"][0]


def test_known_paths_come_without_their_paths_and_the_rest_unchanged(
    client: TestClient,
) -> None:
    """A page that holds runs' paths from an earlier answer names them in known_paths: those
    runs come without thetas, curves, loss and grad_norm, and every other number is what the
    full answer has."""
    runs = [
        {"optimizer": "adam"},
        {"optimizer": "sgd", "params": {"lr": 0.5}},
        {"optimizer": "lion"},
    ]
    request = body(runs=runs, include_path=True, include_trace=True, batch={"size": 16, "seed": 1})
    full = client.post("/api/run", json=request).json()
    TRAINED.clear()  # the runs are trained again, not taken from the first answer's training
    light = client.post("/api/run", json=request | {"known_paths": [0, 2]}).json()
    assert light["plane"] == full["plane"]
    for r, (whole, answered) in enumerate(zip(full["runs"], light["runs"], strict=True)):
        held = r in (0, 2)
        kept = {
            k: v for k, v in whole.items() if k not in ("thetas", "curves", "loss", "grad_norm")
        }
        assert answered == (kept if held else whole)


def test_recent_runs_are_not_trained_again_and_give_the_same_numbers() -> None:
    """Training.run takes recently trained runs from TRAINED: a run trained with others, alone
    or taken from there is the same to the bit."""
    model = Model(NETWORK_INDEX["moons"], 4, "tanh", "cross_entropy", 2)
    opt = np.array([OPTIMIZER_INDEX[o] for o in ("adam", "sgd", "rmsprop")])
    hyper = np.zeros((3, PARAM_SIZE))
    hyper[:, 0] = 0.01
    lrs = np.full((3, 30), 0.01)
    TRAINED.clear()
    together = Training(model, opt, hyper, lrs, None, trace=True).run()
    alone = Training(model, opt[1:2], hyper[1:2], lrs[1:2], None, trace=True).train()
    for field, joint in zip(alone, together, strict=True):
        assert np.array_equal(field[0], joint[1], equal_nan=True)
    remembered = TRAINED.used
    again = Training(model, opt[::-1], hyper[::-1], lrs[::-1], None, trace=True).run()
    assert TRAINED.used == remembered  # nothing new was trained
    for field, joint in zip(again, together, strict=True):
        assert np.array_equal(field, joint[::-1], equal_nan=True)
    untraced = Training(model, opt, hyper, lrs, None).run()
    assert untraced.norms.shape == (0, 0, 4) and TRAINED.used > remembered  # traced is its own key


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"start": [0.0, 0.0]}, "start"),
        ({"noise": {"std": 0.1}}, "noise"),
        ({"noise": {"std": 0, "seed": 5}}, "noise"),
        ({"network": {"hidden": 0}}, "network.hidden"),
        ({"network": {"hidden": 33}}, "network.hidden"),
        ({"network": {"activation": "gelu"}}, "network.activation"),
        ({"network": {"loss": "hinge"}}, "network.loss"),
        ({"network": {"init_seed": -1}}, "network.init_seed"),
        ({"network": {"width": 3}}, "network.width"),
        ({"batch": {"size": 181}}, "batch.size"),
        ({"include_state": True}, "include_state"),
        ({"standardize": True}, "standardize"),
        ({"steps": 20000, "include_path": True, "network": {"hidden": 32}}, "include_path"),
        ({"surface": "booth", "network": {}}, "network"),
        ({"surface": "booth", "include_path": True}, "include_path"),
        ({"surface": "booth", "known_paths": [0]}, "known_paths"),
        ({"include_path": True, "known_paths": [1]}, "known_paths"),
        ({"include_path": True, "known_paths": [-1]}, "known_paths"),
        ({"include_path": True, "known_paths": ["0"]}, "known_paths"),
        ({"known_paths": [0]}, "known_paths"),  # without include_path every run has its loss
    ],
)
def test_bad_network_requests_are_422_naming_the_field(
    client: TestClient, extra: dict[str, Any], field: str
) -> None:
    response = client.post("/api/run", json=body(**extra))
    assert response.status_code == 422, response.text
    assert field in named(response)


@pytest.mark.parametrize("endpoint", ["sweep", "basins", "tune", "seeds", "grid", "pytorch"])
def test_networks_run_only_on_api_run(client: TestClient, endpoint: str) -> None:
    extra = {"sweep": {"param": "lr", "values": [0.01]}, "grid": {"n": 3},
             "seeds": {"count": 2}}  # fmt: skip
    response = client.post(f"/api/{endpoint}", json=body(**extra) if endpoint != "grid" else
                           {"surface": "moons"})  # fmt: skip
    assert response.status_code == 422, response.text
    assert client.get("/api/surfaces/moons/grid").status_code == 404


def test_thetas_up_to_the_contracts_cap_are_answered(client: TestClient) -> None:
    """CONTRACT 11 caps thetas at 2·10⁶ numbers; the 32 MiB answer cap must not refuse less
    (it did past ~1.4·10⁶). 15 runs × 1001 iterates × 129 = 1,936,935."""
    runs = [{"optimizer": "sgd", "params": {"lr": 0.001 * (1 + r)}} for r in range(15)]
    request = body(runs=runs, steps=1000, network={"hidden": 32}, include_path=True)
    answer = client.post("/api/run", json=request)
    assert answer.status_code == 200, answer.text[:300]
    assert sum(len(run["thetas"]) * len(run["thetas"][0]) for run in answer.json()["runs"]) == (
        15 * 1001 * 129
    )


def test_work_is_weighed_by_rows_and_hidden_units(client: TestClient) -> None:
    small = Model(NETWORK_INDEX["moons"], 1, "tanh", "mse", 0)
    wide = Model(NETWORK_INDEX["moons"], 32, "tanh", "mse", 0)
    assert 1 < small.cost < wide.cost
    request = body(steps=20000, runs=[{"optimizer": "sgd"}] * 16, network={"hidden": 32})
    response = client.post("/api/run", json=request)
    assert response.status_code == 422 and "steps" in named(response)


def test_training_stops_at_a_checkpoint_once_cancelled() -> None:
    model = Model(NETWORKS[0], 8, "tanh", "cross_entropy", 0)
    hyper = np.zeros((16, PARAM_SIZE))
    hyper[:, 0] = 0.1
    training = Training(model, np.full(16, OPTIMIZER_INDEX["sgd"]), hyper,
                        np.full((16, 20000), 0.1), None)  # fmt: skip
    call, flag = cancellable(training.run)
    flag.set()
    with pytest.raises(Cancelled):
        call()


def test_a_large_network_overfits_the_noisy_moons(client: TestClient) -> None:
    """The overfitting lesson's claim on the numbers: under Adam, 32 units on noisy_moons drive
    the train loss down while the test loss, lowest early, climbs back."""
    from app.mlp import losses_at

    network = {"hidden": 32, "activation": "tanh", "loss": "cross_entropy", "init_seed": 0}
    answer = client.post("/api/run", json={
        "surface": "noisy_moons", "steps": 2000, "network": network, "include_path": True,
        "runs": [{"optimizer": "adam", "params": {"lr": 0.01}}],
    }).json()["runs"][0]  # fmt: skip
    model = Model(NETWORK_INDEX["noisy_moons"], 32, "tanh", "cross_entropy", 0)
    thetas = np.ascontiguousarray(np.array(answer["thetas"]))
    test, _ = losses_at(thetas, 32, 0, 0, model.data.test_rows)
    best = int(np.argmin(test))
    assert 100 < best < 500 and test[best] < 0.25
    assert test[-1] > 4 * test[best] and test[-1] == pytest.approx(answer["test_loss"], rel=1e-9)
    assert answer["loss"][-1] < 0.02 < answer["loss"][best]
