"""Optimizers: declarations per CONTRACT section 4, and where each one lands (optax-style table).

Exactness against torch.optim / pytorch_optimizer lives in test_reference.py.
"""

import numpy as np
import pytest
from fastapi.testclient import TestClient

from app.optimizers import OPTIMIZERS

CONTRACT = {
    "sgd": {"lr": 0.01},
    "momentum": {"lr": 0.01, "momentum": 0.9},
    "nag": {"lr": 0.01, "momentum": 0.9},
    "adagrad": {"lr": 0.01, "lr_decay": 0, "eps": 1e-10},
    "rmsprop": {"lr": 0.01, "alpha": 0.99, "eps": 1e-8},
    "adadelta": {"lr": 1.0, "rho": 0.9, "eps": 1e-6},
    "adam": {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
    "nadam": {"lr": 0.002, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "momentum_decay": 0.004},
    "adamw": {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.01},
    "adabelief": {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-16},
    "lion": {"lr": 0.0001, "beta1": 0.9, "beta2": 0.99, "weight_decay": 0},
    "amos": {"lr": 0.001, "beta": 0.999, "momentum": 0, "extra_l2": 0, "c_coef": 0.25,
             "d_coef": 0.25, "eps": 1e-18},
}  # fmt: skip

# The least each declared range must admit (CONTRACT section 2).
RANGES = {
    "lr": (1e-6, 10), "momentum": (0, 0.999), "beta1": (0, 0.999), "beta2": (0, 0.9999),
    "alpha": (0, 0.9999), "rho": (0, 0.9999), "beta": (0, 0.9999), "eps": (1e-20, 1),
    "weight_decay": (0, 1), "extra_l2": (0, 1), "c_coef": (0, 1), "d_coef": (0, 1),
    "lr_decay": (0, 1), "momentum_decay": (0, 0.1),
}  # fmt: skip


def test_declarations_match_the_contract_ids_names_and_defaults() -> None:
    declared = {o.id: {p.name: p.default for p in o.params} for o in OPTIMIZERS}
    assert declared == CONTRACT


@pytest.mark.parametrize("optimizer", OPTIMIZERS, ids=lambda o: o.id)
def test_declared_ranges_admit_the_contract_ranges(optimizer) -> None:
    for p in optimizer.params:
        lo, hi = RANGES[p.name]
        assert p.min <= lo and p.max >= hi, p.name
        assert p.min <= p.default <= p.max and p.description


# (optimizer, params, surface, start, minimum): each lands within 1e-3 of the minimum.
LANDINGS = [
    ("sgd", {"lr": 0.05}, "elongated_bowl", (-9, 2), (0, 0)),
    ("momentum", {"lr": 0.01}, "elongated_bowl", (-9, 2), (0, 0)),
    ("nag", {"lr": 0.01}, "booth", (-8, -7), (1, 3)),
    ("adagrad", {"lr": 1.0}, "elongated_bowl", (-9, 2), (0, 0)),
    ("rmsprop", {"lr": 0.01}, "booth", (-8, -7), (1, 3)),
    ("adadelta", {"lr": 10.0, "rho": 0.99}, "booth", (-8, -7), (1, 3)),
    ("adam", {"lr": 0.05}, "rosenbrock", (-1.2, 1.0), (1, 1)),
    ("nadam", {"lr": 0.05}, "booth", (-8, -7), (1, 3)),
    ("adamw", {"lr": 0.05, "weight_decay": 0.0}, "elongated_bowl", (-9, 2), (0, 0)),
    ("adabelief", {"lr": 0.05}, "booth", (-8, -7), (1, 3)),
    ("lion", {"lr": 0.01}, "booth", (-8, -7), (1, 3)),
    ("amos", {"lr": 2.0}, "elongated_bowl", (-9, 2), (0, 0)),
]


@pytest.mark.parametrize("case", LANDINGS, ids=lambda c: f"{c[0]}-{c[2]}")
def test_optimizer_lands_on_the_minimum(client: TestClient, case) -> None:
    optimizer, params, surface, start, minimum = case
    body = {"surface": surface, "start": start, "steps": 5000,
            "runs": [{"optimizer": optimizer, "params": params}]}  # fmt: skip
    run = client.post("/api/run", json=body).json()["runs"][0]
    assert run["status"] == "ok"
    assert np.hypot(run["x"][-1] - minimum[0], run["y"][-1] - minimum[1]) < 1e-3
    assert run["loss"][-1] < run["loss"][0]
