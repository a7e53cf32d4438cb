"""Data surfaces and mini-batches (CONTRACT section 9), against torch.optim on the same batches."""

import math

import numpy as np
import pytest
import torch
from fastapi.testclient import TestClient

from app.datasets import DATA_INDEX, MiniBatches

torch.set_default_dtype(torch.float64)


def rows(
    client: TestClient, surface: str, standardize: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    data = client.get(f"/api/surfaces/{surface}/data?standardize={str(standardize).lower()}").json()
    return np.array(data["features"]), np.array(data["target"])


def torch_loss(
    model: str, p: torch.Tensor, features: torch.Tensor, target: torch.Tensor
) -> torch.Tensor:
    if model == "linear":
        return ((p[0] * features[:, 0] + p[1] - target) ** 2).mean()
    z = p[0] * features[:, 0] + p[1] * features[:, 1]
    return (torch.logaddexp(torch.zeros_like(z), z) - target * z).mean()


def torch_batches(n: int, size: int, seed: int, steps: int) -> list[np.ndarray]:
    """The documented order, written out independently of app.datasets."""
    rng = np.random.default_rng(seed)
    out: list[np.ndarray] = []
    while len(out) < steps:
        perm = rng.permutation(n)
        out += [perm[i : i + size] for i in range(0, n, size)]
    return out[:steps]


CASES = [
    ("iris_petals", "sgd", {"lr": 0.05}, torch.optim.SGD, {"lr": 0.05}, 10, False),
    ("iris_petals", "adam", {"lr": 0.05}, torch.optim.Adam, {"lr": 0.05}, 1, False),
    (
        "engel_food",
        "momentum",
        {"lr": 0.001},
        torch.optim.SGD,
        {"lr": 0.001, "momentum": 0.9},
        16,
        False,
    ),
    ("engel_food", "rmsprop", {"lr": 0.01}, torch.optim.RMSprop, {"lr": 0.01}, 32, True),
    ("iris_species", "adam", {"lr": 0.1}, torch.optim.Adam, {"lr": 0.1}, 7, False),
    (
        "iris_species",
        "nag",
        {"lr": 0.5},
        torch.optim.SGD,
        {"lr": 0.5, "momentum": 0.9, "nesterov": True},
        25,
        True,
    ),
    ("iris_species", "adagrad", {"lr": 0.5}, torch.optim.Adagrad, {"lr": 0.5}, 100, False),
]


@pytest.mark.parametrize(
    "case", CASES, ids=lambda c: f"{c[0]}-{c[1]}-B{c[5]}{'-std' if c[6] else ''}"
)
def test_mini_batch_path_matches_torch(client: TestClient, case) -> None:
    surface, optimizer, params, torch_opt, torch_params, size, standardize = case
    steps, seed = 300, 11
    start = DATA_INDEX[surface].start
    body = {
        "surface": surface,
        "steps": steps,
        "standardize": standardize,
        "start": list(start),
        "batch": {"size": size, "seed": seed},
        "runs": [{"optimizer": optimizer, "params": params}],
    }
    run = client.post("/api/run", json=body).json()["runs"][0]
    features, target = (torch.tensor(a) for a in rows(client, surface, standardize))
    model = DATA_INDEX[surface].model
    p = torch.tensor(start, requires_grad=True)
    opt = torch_opt([p], **torch_params)
    path, losses = [p.detach().clone().numpy()], [torch_loss(model, p, features, target).item()]
    for batch in torch_batches(len(target), size, seed, steps):
        opt.zero_grad()
        torch_loss(model, p, features[batch], target[batch]).backward()
        opt.step()
        path.append(p.detach().clone().numpy())
        losses.append(torch_loss(model, p, features, target).item())
    assert run["status"] == "ok" and run["steps"] == steps
    np.testing.assert_allclose(
        np.column_stack([run["x"], run["y"]]), np.array(path), rtol=1e-9, atol=1e-12
    )
    np.testing.assert_allclose(run["loss"], losses, rtol=1e-9)


@pytest.mark.parametrize(("n", "size"), [(150, 1), (150, 16), (150, 150), (235, 100), (7, 3)])
def test_iterations_per_epoch_are_ceil_n_over_b(n: int, size: int) -> None:
    per_epoch = math.ceil(n / size)
    table, counts = MiniBatches(n, size, seed=4).take(3 * per_epoch)
    for epoch in range(3):
        block = slice(epoch * per_epoch, (epoch + 1) * per_epoch)
        used = np.concatenate([table[k, : counts[k]] for k in range(block.start, block.stop)])
        assert sorted(used) == list(range(n))  # every row once per epoch
        assert list(counts[block][:-1]) == [size] * (per_epoch - 1)


def test_batch_of_all_rows_is_full_batch_gradient_descent(client: TestClient) -> None:
    base = {
        "surface": "engel_food",
        "steps": 400,
        "runs": [{"optimizer": "sgd", "params": {"lr": 0.003}}],
    }
    full = client.post("/api/run", json=base).json()["runs"][0]
    batched = client.post("/api/run", json={**base, "batch": {"size": 235, "seed": 9}}).json()[
        "runs"
    ][0]
    np.testing.assert_allclose(batched["x"], full["x"], rtol=1e-12)
    np.testing.assert_allclose(batched["y"], full["y"], rtol=1e-12)


def test_standardised_rows_have_zero_mean_and_unit_population_std(client: TestClient) -> None:
    features, target = rows(client, "iris_species", standardize=True)
    raw_features, raw_target = rows(client, "iris_species")
    np.testing.assert_allclose(features.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(features.std(axis=0), 1, rtol=1e-12)
    assert list(target) == list(raw_target) and set(raw_target) == {0.0, 1.0}


def test_listing_describes_data_surfaces_and_their_optimum(client: TestClient) -> None:
    listing = {s["id"]: s for s in client.get("/api/surfaces").json()}
    engel = listing["engel_food"]
    assert engel["kind"] == "data" and engel["model"] == "linear" and engel["standardize"] is True
    assert listing["iris_species"]["model"] == "logistic"
    features, target = rows(client, "engel_food")
    w, b = np.polyfit(features[:, 0], target, 1)
    assert engel["minima"][0] == pytest.approx([w, b], rel=1e-9)


def test_standardising_makes_engel_converge_far_faster(client: TestClient) -> None:
    body = {
        "surface": "engel_food",
        "steps": 300,
        "runs": [{"optimizer": "sgd", "params": {"lr": 0.004}}],
        "sweep": {"param": "lr", "values": [0.004]},
        "tolerance": 1e-4,
    }
    raw = client.post("/api/sweep", json=body).json()
    standard = client.post(
        "/api/sweep",
        json={**body, "standardize": True, "sweep": {"param": "lr", "values": [0.3]}},
    ).json()
    assert raw["steps_to_tolerance"] == [None]
    assert standard["steps_to_tolerance"][0] is not None and standard["steps_to_tolerance"][0] < 50


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"surface": "rosenbrock", "batch": {"size": 4}}, "batch"),
        ({"surface": "rosenbrock", "standardize": True}, "standardize"),
        ({"batch": {"size": 0}}, "size"),
        ({"batch": {"size": 151}}, "batch.size"),
        ({"batch": {"size": 4, "seed": -1}}, "seed"),
        ({"batch": {"size": 4.5}}, "size"),
    ],
)
def test_data_options_are_validated(client: TestClient, change, field) -> None:
    body = {"surface": "iris_petals", "runs": [{"optimizer": "sgd"}], **change}
    response = client.post("/api/run", json=body)
    assert response.status_code == 422 and field in response.text


def test_data_of_a_formula_surface_is_404(client: TestClient) -> None:
    assert client.get("/api/surfaces/rosenbrock/data").status_code == 404
    assert client.get("/api/surfaces/nope/data").status_code == 404


# The page's opening optimizers with their lesson settings (static/js/presets.js, first lesson).
OPENING_RUNS = [
    {"optimizer": "sgd", "params": {"lr": 0.001}},
    {"optimizer": "momentum", "params": {"lr": 0.001, "momentum": 0.9}},
    {"optimizer": "rmsprop", "params": {"lr": 0.005}},
    {"optimizer": "adam", "params": {"lr": 0.02}},
]


@pytest.mark.parametrize("surface", ["iris_petals", "engel_food", "iris_species"])
def test_default_paths_stay_inside_the_plotted_domain(client: TestClient, surface: str) -> None:
    listing = {s["id"]: s for s in client.get("/api/surfaces").json()}[surface]
    assert listing["axes"] == (["w", "b"] if listing["model"] == "linear" else ["w₁", "w₂"])
    body = {"surface": surface, "steps": 1000, "runs": OPENING_RUNS}
    (lo_x, hi_x), (lo_y, hi_y) = listing["domain"]["x"], listing["domain"]["y"]
    for run in client.post("/api/run", json=body).json()["runs"]:
        assert lo_x <= min(run["x"]) and max(run["x"]) <= hi_x, (run["optimizer"], "x")
        assert lo_y <= min(run["y"]) and max(run["y"]) <= hi_y, (run["optimizer"], "y")


@pytest.mark.parametrize(
    "request_",
    [
        ("post", "/api/grid", {"surface": "rosenbrock", "standardize": True}),
        ("post", "/api/grid", {"surface": {"expression": "x^2 + y^2"}, "standardize": True}),
        ("get", "/api/surfaces/rosenbrock/grid?standardize=true", None),
        ("get", "/api/surfaces/moons/data?standardize=true", None),
    ],
)
def test_standardize_where_it_is_not_offered_is_422_naming_where_it_was_sent(
    client: TestClient, request_: tuple[str, str, dict | None]
) -> None:
    """POST /api/grid took it on any surface (200) where GET refused it; a query's field is
    named as the query's, not the body's."""
    method, url, body = request_
    response = client.post(url, json=body) if method == "post" else client.get(url)
    assert response.status_code == 422, response.text
    [error] = response.json()["detail"]
    if method == "post":  # a check across fields: the body's error names it first
        assert error["loc"] == ["body"] and error["msg"].startswith("standardize:")
    else:
        assert error["loc"] == ["query", "standardize"]
