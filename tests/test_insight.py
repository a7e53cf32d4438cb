"""Sweeps and basin maps equal what individual /api/run calls give (CONTRACT section 10)."""

from dataclasses import replace

import numpy as np
import pytest
from fastapi.testclient import TestClient

from app.insight import basin_finals, basin_starts, run_basins
from app.landscape import builtin, lowest_minimum
from app.scene import batch_for
from app.schemas import BasinRequest, resolve_surface


def single_run(client: TestClient, body: dict) -> dict:
    response = client.post("/api/run", json=body)
    assert response.status_code == 200, response.text
    return response.json()["runs"][0]


@pytest.mark.parametrize(
    ("surface", "optimizer", "param", "values", "extra"),
    [
        ("rosenbrock", "adam", "lr", list(np.geomspace(1e-4, 3.0, 9)), {}),
        (
            "booth",
            "momentum",
            "momentum",
            [0.0, 0.5, 0.9, 0.99],
            {"noise": {"std": 1.0, "seed": 3}},
        ),
        ("himmelblau", "sgd", "lr", [0.001, 0.01, 0.03, 0.1], {}),
        ("saddle", "rmsprop", "alpha", [0.5, 0.9, 0.99], {}),
    ],
)
def test_sweep_equals_individual_runs(client, surface, optimizer, param, values, extra) -> None:
    schedule = {"name": "cosine", "eta_min": 0.0001}
    body = {"surface": surface, "steps": 400, **extra,
            "runs": [{"optimizer": optimizer, "params": {}, "schedule": schedule}]}  # fmt: skip
    sweep = client.post("/api/sweep", json={**body, "sweep": {"param": param, "values": values},
                                            "tolerance": 1e-3})  # fmt: skip
    assert sweep.status_code == 200, sweep.text
    answer = sweep.json()
    assert answer["param"] == param and answer["values"] == values
    fstar = lowest_minimum(*builtin(surface))
    for i, value in enumerate(values):
        run_body = {**body, "runs": [{**body["runs"][0], "params": {param: value}}]}
        run = single_run(client, run_body)
        assert answer["status"][i] == run["status"]
        assert answer["final_loss"][i] == pytest.approx(run["loss"][-1], rel=1e-9)
        hits = [k for k, f in enumerate(run["loss"]) if fstar is not None and f - fstar < 1e-3]
        assert answer["steps_to_tolerance"][i] == (hits[0] if hits else None)


def test_sweep_rejects_values_outside_the_range_and_unknown_params(client) -> None:
    body = {"surface": "booth", "runs": [{"optimizer": "adam"}]}
    bad = client.post("/api/sweep", json={**body, "sweep": {"param": "lr", "values": [0.1, 20]}})
    assert bad.status_code == 422 and "values[1]" in bad.text
    bad = client.post("/api/sweep", json={**body, "sweep": {"param": "rho", "values": [0.1]}})
    assert bad.status_code == 422 and "rho" in bad.text
    two = {**body, "runs": [{"optimizer": "adam"}] * 2, "sweep": {"param": "lr", "values": [0.1]}}
    assert client.post("/api/sweep", json=two).status_code == 422


@pytest.mark.parametrize(
    ("surface", "optimizer", "params", "noise"),
    [
        ("himmelblau", "sgd", {"lr": 0.01}, None),
        ("six_hump_camel", "momentum", {"lr": 0.01, "momentum": 0.9}, {"std": 0.5, "seed": 1}),
        ("rosenbrock", "sgd", {"lr": 0.004}, None),
    ],
)
def test_basin_labels_equal_individual_runs(client, surface, optimizer, params, noise) -> None:
    body = {"surface": surface, "steps": 300, "runs": [{"optimizer": optimizer, "params": params}]}
    if noise:
        body["noise"] = noise
    answer = client.post("/api/basins", json={**body, "grid": {"n": 7}, "radius": 0.05}).json()
    minima = np.array(answer["minima"])
    seen = set()
    for i, y in enumerate(answer["y"]):
        for j, x in enumerate(answer["x"]):
            run = single_run(client, {**body, "start": [x, y]})
            if run["status"] == "diverged":
                expected = -1
            else:
                d = np.hypot(minima[:, 0] - run["x"][-1], minima[:, 1] - run["y"][-1])
                expected = int(d.argmin()) if d.min() <= 0.05 else -2
            assert answer["label"][i][j] == expected, (i, j)
            seen.add(expected)
    assert len(seen) > 1  # the case shows more than one outcome


def test_basin_work_is_capped(client) -> None:
    body = {"surface": "booth", "steps": 1000, "runs": [{"optimizer": "sgd"}], "grid": {"n": 200}}
    response = client.post("/api/basins", json=body)
    assert response.status_code == 422 and "limit" in response.text


def test_seeds_repeat_the_scene_per_seed_with_a_loss_band(client) -> None:
    body = {
        "surface": "rosenbrock",
        "steps": 100,
        "noise": {"std": 2.0, "seed": 0},
        "runs": [
            {"optimizer": "sgd", "params": {"lr": 0.001}},
            {"optimizer": "adam", "params": {"lr": 0.02}},
        ],
    }
    answer = client.post("/api/seeds", json={**body, "seeds": {"count": 5, "first": 10}}).json()
    assert answer["seeds"] == [10, 11, 12, 13, 14]
    for r, run in enumerate(answer["runs"]):
        losses = []
        for path in run["paths"]:
            single = client.post(
                "/api/run", json={**body, "noise": {"std": 2.0, "seed": path["seed"]}}
            ).json()["runs"][r]
            assert path["x"] == single["x"] and path["status"] == single["status"]
            losses.append(single["loss"])
        np.testing.assert_allclose(run["band"]["p50"], np.median(losses, axis=0), rtol=1e-12)
        assert all(
            lo <= mid <= hi
            for lo, mid, hi in zip(
                run["band"]["p10"], run["band"]["p50"], run["band"]["p90"], strict=True
            )
        )


def test_seeds_need_something_random(client) -> None:
    body = {"surface": "rosenbrock", "runs": [{"optimizer": "sgd"}], "seeds": {"count": 4}}
    response = client.post("/api/seeds", json=body)
    assert response.status_code == 422 and "noise" in response.text
    batched = {
        "surface": "iris_petals",
        "batch": {"size": 10},
        "steps": 50,
        "runs": [{"optimizer": "sgd"}],
        "seeds": {"count": 3},
    }
    paths = client.post("/api/seeds", json=batched).json()["runs"][0]["paths"]
    assert paths[0]["x"] != paths[1]["x"]


def test_seeds_past_the_largest_seed_are_422_so_every_path_can_be_rerun(client) -> None:
    """POST /api/run takes seeds up to 2³²−1: a band's seeds must stay within that."""
    body = {"surface": "rosenbrock", "runs": [{"optimizer": "sgd"}], "noise": {"std": 1.0},
            "steps": 20}  # fmt: skip
    last = 2**32 - 1
    fits = client.post("/api/seeds", json=body | {"seeds": {"count": 2, "first": last - 1}})
    assert fits.status_code == 200
    over = client.post("/api/seeds", json=body | {"seeds": {"count": 32, "first": last}})
    assert over.status_code == 422 and "seeds.first" in over.text


def test_seeds_band_is_null_where_every_seed_has_stopped(client) -> None:
    body = {"surface": "saddle", "steps": 50, "noise": {"std": 1.0, "seed": 0},
            "runs": [{"optimizer": "sgd", "params": {"lr": 10.0}}], "seeds": {"count": 3}}  # fmt: skip
    answer = client.post("/api/seeds", json=body)
    assert answer.status_code == 200, answer.text
    [run] = answer.json()["runs"]
    assert all(path["status"] == "diverged" for path in run["paths"])
    assert run["band"]["p50"][0] is not None and run["band"]["p50"][-1] is None


@pytest.mark.parametrize(
    ("surface", "extra"),
    [
        ("six_hump_camel", {"noise": {"std": 0.5, "seed": 1}}),
        ("iris_species", {"batch": {"size": 8, "seed": 2}}),
    ],
)
def test_a_basin_map_run_in_blocks_ends_where_one_call_does(surface, extra) -> None:
    """Blocks bound the optimizer state a map holds (L-BFGS, 100 pairs a start); each block sees
    the same noise and mini-batch order, so every start ends exactly where one call puts it."""
    req = BasinRequest.model_validate({
        "surface": surface, "steps": 40, "grid": {"n": 9}, **extra,
        "runs": [{"optimizer": "lbfgs", "params": {"lr": 0.05, "history_size": 100}}],
    })  # fmt: skip
    surface, _ = resolve_surface(req.surface, req.standardize)
    batch = replace(batch_for(req), starts=basin_starts(surface, 9)[2])
    whole_final, whole_alive = basin_finals(batch, block_bytes=2**40)
    ten_starts = 10 * 8 * batch.state_width  # 9 blocks of at most ten starts
    final, alive = basin_finals(batch, block_bytes=ten_starts)
    assert np.array_equal(final, whole_final) and np.array_equal(alive, whole_alive)
    assert len(np.unique(final.round(6), axis=0)) > 5  # the starts end apart: the case has spread
    assert run_basins(req, block_bytes=ten_starts) == run_basins(req)
