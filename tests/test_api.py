"""HTTP routes: shapes of CONTRACT section 2, and 422s that name the bad field."""

import json

import pytest
from fastapi.testclient import TestClient

from app import api
from app.networks import TRAINED

BASE = {"surface": "rosenbrock", "steps": 20, "runs": [{"optimizer": "adam"}]}


def test_health_and_listings(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    surfaces = client.get("/api/surfaces").json()
    assert len(surfaces) >= 14
    keys = {"id", "name", "kind", "formula", "latex", "domain", "minima", "start", "description"}
    assert all(keys <= set(s) for s in surfaces)
    assert {s["kind"] for s in surfaces} == {"formula", "data", "network"}
    optimizers = client.get("/api/optimizers").json()
    assert {"id", "name", "family", "description", "params"} <= set(optimizers[0])
    assert {"name", "default", "min", "max", "log", "description"} <= set(
        optimizers[0]["params"][0]
    )
    schedules = client.get("/api/schedules").json()
    assert {s["id"] for s in schedules} >= {"constant", "step", "cosine", "warmup"}


def test_grid_has_n_points_per_axis_over_the_domain(client: TestClient) -> None:
    grid = client.get("/api/surfaces/beale/grid?n=4").json()
    assert len(grid["x"]) == 4 and len(grid["z"]) == 4 and len(grid["z"][0]) == 4
    assert grid["x"][0] == -4.5 and grid["x"][-1] == 4.5


@pytest.mark.parametrize("query", ["n=1", "n=401", "n=abc"])
def test_grid_rejects_bad_sizes(client: TestClient, query: str) -> None:
    assert client.get(f"/api/surfaces/beale/grid?{query}").status_code == 422


def test_unknown_surface_grid_is_404(client: TestClient) -> None:
    response = client.get("/api/surfaces/nope/grid")
    assert response.status_code == 404 and "nope" in response.json()["detail"]


def test_run_defaults_start_steps_and_params(client: TestClient) -> None:
    body = {"surface": "rosenbrock", "runs": [{"optimizer": "adam"}]}
    run = client.post("/api/run", json=body).json()["runs"][0]
    assert run["optimizer"] == "adam" and run["label"] == "Adam"
    assert (run["x"][0], run["y"][0]) == (-1.2, 1.0)
    assert run["steps"] == 500 and len(run["x"]) == len(run["loss"]) == 501
    assert run["status"] == "ok"


def test_run_keeps_full_float_precision(client: TestClient) -> None:
    run = client.post("/api/run", json={**BASE, "start": [0.1, 0.2]}).json()["runs"][0]
    assert run["loss"][0] == (1 - 0.1) ** 2 + 100 * (0.2 - 0.1**2) ** 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"surface": "nope"}, "surface"),
        ({"steps": 0}, "steps"),
        ({"steps": 20001}, "steps"),
        ({"steps": 2.5}, "steps"),
        ({"start": [1e7, 0]}, "start"),
        ({"start": [1]}, "start"),
        ({"noise": {"std": -1}}, "std"),
        ({"noise": {"std": 0.1, "seed": -1}}, "seed"),
        ({"noise": {"seed": 2**32}}, "seed"),
        ({"runs": []}, "runs"),
        ({"runs": [{"optimizer": "adam"}] * 17}, "runs"),
        ({"runs": [{"optimizer": "bogus"}]}, "optimizer"),
        ({"runs": [{"optimizer": "adam", "params": {"lr": 11}}]}, "lr"),
        ({"runs": [{"optimizer": "adam", "params": {"beta9": 0.1}}]}, "beta9"),
        ({"runs": [{"optimizer": "adam", "params": {"lr": "fast"}}]}, "lr"),
        ({"runs": [{"optimizer": "adam", "params": {"lr": True}}]}, "lr"),
        ({"runs": [{"optimizer": "adam", "params": {"amsgrad": 1}}]}, "amsgrad"),
        ({"runs": [{"optimizer": "adam", "params": {"amsgrad": "yes"}}]}, "amsgrad"),
        ({"runs": [{"optimizer": "rmsprop", "params": {"centered": 0.0}}]}, "centered"),
        ({"runs": [{"optimizer": "adam", "schedule": {"name": "step", "gamma": True}}]}, "gamma"),
        ({"runs": [{"optimizer": "adam", "schedule": {"name": "nope"}}]}, "schedule"),
        ({"runs": [{"optimizer": "adam", "schedule": {"name": "step", "gamma": 0}}]}, "gamma"),
        ({"runs": [{"optimizer": "adam", "schedule": {"name": "step", "t_max": 5}}]}, "t_max"),
        ({"runs": [{"optimizer": "adam", "schedule": {"name": "cosine", "t_max": 0}}]}, "t_max"),
        ({"extra": 1}, "extra"),
    ],
)
def test_bad_run_requests_are_422_naming_the_field(client: TestClient, change, field) -> None:
    response = client.post("/api/run", json={**BASE, **change})
    assert response.status_code == 422
    assert field in json.dumps(response.json()["detail"])


def test_bool_parameters_take_true_and_false_and_default_to_the_old_answer(client) -> None:
    runs = [{"optimizer": "adam", "params": {"lr": 0.05}},
            {"optimizer": "adam", "params": {"lr": 0.05, "amsgrad": False, "weight_decay": 0}},
            {"optimizer": "adam", "params": {"lr": 0.05, "amsgrad": True}}]  # fmt: skip
    response = client.post("/api/run", json={**BASE, "steps": 200, "runs": runs})
    assert response.status_code == 200, response.text
    plain, same, amsgrad = response.json()["runs"]
    assert plain["x"] == same["x"] and plain["x"] != amsgrad["x"]


def test_sweeps_take_numeric_parameters_only(client) -> None:
    body = {**BASE, "runs": [{"optimizer": "adam"}], "sweep": {"param": "amsgrad", "values": [0]}}
    response = client.post("/api/sweep", json=body)
    assert response.status_code == 422 and "amsgrad" in response.text and "bool" in response.text


@pytest.mark.parametrize(
    "raw", [b"", b"{", b"[]", b"null", b'{"surface": "saddle", "start": [NaN, 0], "runs": []}']
)
def test_malformed_bodies_are_422_not_500(client: TestClient, raw: bytes) -> None:
    response = client.post("/api/run", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 422


def test_page_and_static_assets_are_served_with_security_headers(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert client.get("/static/vendor/plotly-cartesian.min.js").status_code == 200
    assert client.get("/favicon.ico").status_code == 200
    assert client.get("/static/../app/main.py").status_code == 404


def test_oversized_and_non_json_bodies_are_refused_naming_the_limit(client: TestClient) -> None:
    huge = client.post(
        "/api/run", content=b" " * 300_000, headers={"content-type": "application/json"}
    )
    assert huge.status_code == 413 and "limit" in huge.json()["detail"]
    chunked = client.post("/api/run", content=iter([b" " * 100_000] * 3),
                          headers={"content-type": "application/json"})  # fmt: skip
    assert chunked.status_code == 413
    form = client.post("/api/run", content=b"surface=saddle",
                       headers={"content-type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert form.status_code == 415 and "application/json" in form.json()["detail"]
    untyped = client.post(
        "/api/run", content=b'{"surface": "saddle", "runs": [{"optimizer": "sgd"}]}'
    )
    assert untyped.status_code == 415  # a cross-site page can send an untyped blob


def test_null_optional_fields_mean_their_defaults(client: TestClient) -> None:
    body = {
        "surface": "booth",
        "start": None,
        "steps": None,
        "noise": None,
        "runs": [{"optimizer": "adam", "params": None, "schedule": None}],
    }
    run = client.post("/api/run", json=body).json()["runs"][0]
    assert run["steps"] == 500 and (run["x"][0], run["y"][0]) == (-8.0, -7.0)


def test_schedule_lengths_may_exceed_the_run(client: TestClient) -> None:
    body = {**BASE, "runs": [{"optimizer": "sgd", "schedule": {"name": "cosine", "t_max": 100000}}]}
    assert client.post("/api/run", json=body).status_code == 200


SCENES = {
    "noise and a schedule": {
        "surface": "himmelblau",
        "steps": 300,
        "noise": {"std": 0.7, "seed": 5},
        "runs": [
            {"optimizer": "sgd", "params": {"lr": 0.01}},
            {"optimizer": "adam", "params": {"lr": 0.05}, "schedule": {"name": "cosine"}},
            {"optimizer": "lion"},
        ],
    },
    "mini-batches on data": {
        "surface": "iris_petals",
        "standardize": True,
        "batch": {"size": 7, "seed": 3},
        "steps": 200,
        "runs": [{"optimizer": "momentum"}, {"optimizer": "adagrad"}, {"optimizer": "amos"}],
    },
    "a typed formula, one run diverging": {
        "surface": {"expression": "x^4 + y^2 - x*y"},
        "start": [1.5, -1],
        "steps": 150,
        "runs": [{"optimizer": "sgd", "params": {"lr": 0.5}}, {"optimizer": "nadam"}],
    },
}


@pytest.mark.parametrize("body", SCENES.values(), ids=SCENES.keys())
def test_a_run_answered_alone_equals_it_answered_among_others(client: TestClient, body) -> None:
    """The page keeps runs it has seen and asks only for the one a slider changed: sound only if
    a run never depends on the others of its request (shared noise and batches included)."""
    together = client.post("/api/run", json=body)
    assert together.status_code == 200, together.text
    for spec, want in zip(body["runs"], together.json()["runs"], strict=True):
        alone = client.post("/api/run", json={**body, "runs": [spec]})
        assert alone.status_code == 200, alone.text
        assert alone.json()["runs"] == [want]


def test_a_network_request_is_admitted_at_the_weight_of_the_runs_it_trains(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slider's move on a network scene retrains its one run (the others are recent): it is
    admitted as that much work, not as the whole scene's."""
    weights = []
    admit = api.LANES.run

    async def recorded(client_: str, work: float, *args: object, **kwargs: object) -> object:
        weights.append(work)
        return await admit(client_, work, *args, **kwargs)

    monkeypatch.setattr(api.LANES, "run", recorded)
    TRAINED.clear()
    runs = [
        {"optimizer": "sgd", "params": {"lr": 0.1}},
        {"optimizer": "adam"},
        {"optimizer": "nag"},
    ]
    body = {"surface": "circles", "steps": 50, "network": {"hidden": 4}, "runs": runs}
    first = client.post("/api/run", json=body)
    again = client.post("/api/run", json=body)
    runs[0]["params"] = {"lr": 0.2}
    moved = client.post("/api/run", json=body)
    assert first.status_code == again.status_code == moved.status_code == 200
    assert weights[1] == weights[2] == pytest.approx(weights[0] / 3)
    assert again.json() == first.json()
    before, after = first.json()["runs"], moved.json()["runs"]
    assert after[1]["loss"] == before[1]["loss"] and after[0]["loss"] != before[0]["loss"]
