"""Tuning: the chosen lr is the best of its grid by the stated criterion (checked by brute force)."""

import math

import numpy as np
import pytest
from fastapi.testclient import TestClient

VALUES = [float(v) for v in np.geomspace(1e-4, 1.0, 13)]


@pytest.mark.parametrize("criterion", ["final_loss", "auc"])
@pytest.mark.parametrize("surface", ["rosenbrock", "beale", "himmelblau"])
def test_tuned_lr_is_the_brute_force_best(client: TestClient, criterion: str, surface: str) -> None:
    runs = [
        {"optimizer": "sgd"},
        {"optimizer": "adam", "schedule": {"name": "cosine"}},
        {"optimizer": "rmsprop"},
    ]
    body = {"surface": surface, "steps": 200, "runs": runs}
    answer = client.post(
        "/api/tune", json={**body, "tune": {"values": VALUES, "criterion": criterion}}
    ).json()
    assert answer["criterion"] == criterion and answer["values"] == VALUES
    for spec, tuned in zip(runs, answer["runs"], strict=True):
        scores = []
        for lr in VALUES:
            one = {**body, "runs": [{**spec, "params": {"lr": lr}}]}
            run = client.post("/api/run", json=one).json()["runs"][0]
            if run["status"] == "diverged":
                scores.append(math.inf)
            else:
                scores.append(
                    run["loss"][-1] if criterion == "final_loss" else float(np.mean(run["loss"]))
                )
        for got, want in zip(tuned["score"], scores, strict=True):
            assert (got is None) == math.isinf(want)
            if got is not None:
                assert got == pytest.approx(want, rel=1e-9)
        finite = [s for s in scores if math.isfinite(s)]
        expected = VALUES[scores.index(min(finite))] if finite else None
        assert tuned["lr"] == expected


def test_tune_rejects_out_of_range_values_and_too_much_work(client: TestClient) -> None:
    base = {"surface": "booth", "runs": [{"optimizer": "adam"}]}
    bad = client.post("/api/tune", json={**base, "tune": {"values": [0.1, 50]}})
    assert bad.status_code == 422 and "tune.values[1]" in bad.text
    bad = client.post("/api/tune", json={**base, "tune": {"criterion": "fastest"}})
    assert bad.status_code == 422 and "criterion" in bad.text
    big = {
        **base,
        "steps": 20000,
        "runs": [{"optimizer": "adam"}] * 16,
        "tune": {"values": [0.1] * 64},
    }
    assert client.post("/api/tune", json=big).status_code == 422


def test_tune_defaults_to_a_log_grid(client: TestClient) -> None:
    answer = client.post(
        "/api/tune", json={"surface": "booth", "steps": 100, "runs": [{"optimizer": "sgd"}]}
    ).json()
    assert len(answer["values"]) == 25 and answer["values"][0] == pytest.approx(1e-4)
    assert answer["runs"][0]["lr"] is not None


def test_equal_best_scores_pick_the_smallest_learning_rate(client: TestClient) -> None:
    """Issue 14: started at Booth's minimum, every value scores 0: the smallest is chosen, not
    the first listed."""
    body = {"surface": "booth", "start": [1.0, 3.0], "steps": 5,
            "runs": [{"optimizer": "sgd"}], "tune": {"values": [1.0e-1, 1.0e-2, 1.0e-3]}}  # fmt: skip
    answer = client.post("/api/tune", json=body).json()
    [run] = answer["runs"]
    assert run["score"] == [0.0, 0.0, 0.0] and run["lr"] == 1.0e-3


def test_the_pytorch_script_is_served_as_python(client: TestClient) -> None:
    body = {"surface": "booth", "steps": 3, "runs": [{"optimizer": "adam"}]}
    answer = client.post("/api/pytorch", json=body)
    assert answer.headers["content-type"].startswith("text/x-python")
