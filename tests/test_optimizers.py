"""Optimizers: declarations per CONTRACT section 4, and where each one lands (optax-style table).

Exactness against torch.optim / pytorch_optimizer lives in test_reference.py.
"""

import dataclasses
from typing import Any

import numpy as np
import pytest
import pytorch_optimizer
import torch
from fastapi.testclient import TestClient

from app.curvature import hessian_at, objective
from app.engine import Batch, run_paths
from app.landscape import Landscape, evaluate
from app.optimizers import (
    OPTIMIZERS,
    PARAM_SIZE,
    Optimizer,
    Param,
    problems,
    state_size,
)
from app.surfaces import SURFACE_INDEX

CONTRACT = {
    "sgd": {"lr": 0.01, "weight_decay": 0},
    "momentum": {"lr": 0.01, "momentum": 0.9, "dampening": 0, "weight_decay": 0},
    "nag": {"lr": 0.01, "momentum": 0.9, "weight_decay": 0},
    "adagrad": {"lr": 0.01, "lr_decay": 0, "eps": 1e-10, "weight_decay": 0,
                "initial_accumulator_value": 0},
    "rmsprop": {"lr": 0.01, "alpha": 0.99, "eps": 1e-8, "momentum": 0, "centered": False,
                "weight_decay": 0},
    "adadelta": {"lr": 1.0, "rho": 0.9, "eps": 1e-6},
    "adam": {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0,
             "amsgrad": False},
    "nadam": {"lr": 0.002, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "momentum_decay": 0.004,
              "weight_decay": 0, "decoupled_weight_decay": False},
    "adamw": {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.01,
              "amsgrad": False},
    "adabelief": {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-16},
    "lion": {"lr": 0.0001, "beta1": 0.9, "beta2": 0.99, "weight_decay": 0},
    "amos": {"lr": 0.001, "beta": 0.999, "momentum": 0, "extra_l2": 0, "c_coef": 0.25,
             "d_coef": 0.25, "eps": 1e-18},
    "adamax": {"lr": 0.002, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0},
    "radam": {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0,
              "decoupled_weight_decay": False},
    "asgd": {"lr": 0.01, "lambd": 1e-4, "alpha": 0.75, "t0": 1e6, "weight_decay": 0},
    "rprop": {"lr": 0.01, "eta_minus": 0.5, "eta_plus": 1.2, "step_min": 1e-6, "step_max": 50},
    "adafactor": {"lr": 0.01, "beta2_decay": -0.8, "eps2": 1e-3, "d": 1.0, "weight_decay": 0},
    "schedulefree_adamw": {"lr": 0.0025, "beta1": 0.9, "beta2": 0.999, "weight_decay": 0,
                           "warmup_steps": 0, "r": 0, "weight_lr_power": 2, "eps": 1e-8},
    "schedulefree_sgd": {"lr": 1.0, "momentum": 0.9, "weight_decay": 0, "warmup_steps": 0,
                         "r": 0, "weight_lr_power": 2},
    "prodigy": {"lr": 1.0, "beta1": 0.9, "beta2": 0.999, "d0": 1e-6, "d_coef": 1.0,
                "weight_decay": 0, "bias_correction": False, "safeguard_warmup": False,
                "eps": 1e-8},
    "adan": {"lr": 0.001, "beta1": 0.98, "beta2": 0.92, "beta3": 0.99, "weight_decay": 0,
             "eps": 1e-8},
    "yogi": {"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "initial_accumulator": 1e-6, "eps": 1e-3},
    "lamb": {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "weight_decay": 0, "eps": 1e-6,
             "max_grad_norm": 1.0},
    "madgrad": {"lr": 0.001, "momentum": 0.9, "weight_decay": 0, "eps": 1e-6},
    "ademamix": {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "beta3": 0.9999, "alpha": 5,
                 "eps": 1e-8},
    "signum": {"lr": 0.001, "momentum": 0.9, "weight_decay": 0},
    "lbfgs": {"lr": 1.0, "history_size": 10, "line_search": "strong_wolfe"},
    "newton": {"lr": 1.0, "damping": 0},
}  # fmt: skip
# Parameters that are not floats (CONTRACT section 4b): (optimizer, parameter) -> type.
TYPES = {
    ("rmsprop", "centered"): "bool", ("adam", "amsgrad"): "bool", ("adamw", "amsgrad"): "bool",
    ("nadam", "decoupled_weight_decay"): "bool", ("radam", "decoupled_weight_decay"): "bool",
    ("prodigy", "bias_correction"): "bool", ("prodigy", "safeguard_warmup"): "bool",
    ("schedulefree_adamw", "warmup_steps"): "int", ("schedulefree_sgd", "warmup_steps"): "int",
    ("lbfgs", "history_size"): "int", ("lbfgs", "line_search"): "choice",
}  # fmt: skip
CHOICES = {("lbfgs", "line_search"): ("none", "strong_wolfe")}

# The least each declared range must admit (CONTRACT sections 2 and 4b).
RANGES = {
    "lr": (1e-6, 10), "momentum": (0, 0.999), "beta1": (0, 0.999), "beta2": (0, 0.9999),
    "alpha": (0, 0.9999), "rho": (0, 0.9999), "beta": (0, 0.9999), "eps": (1e-20, 1),
    "weight_decay": (0, 1), "extra_l2": (0, 1), "c_coef": (0, 1), "d_coef": (0, 1),
    "lr_decay": (0, 1), "momentum_decay": (0, 0.1), "dampening": (0, 1),
    "initial_accumulator_value": (0, 10), "beta2_decay": (-1, 0), "eps2": (1e-10, 1),
    "d": (0.1, 10), "lambd": (0, 1), "t0": (1, 1e7), "eta_minus": (0.1, 0.99),
    "eta_plus": (1.01, 5), "step_min": (1e-8, 1e-2), "step_max": (0.01, 100),
    "beta3": (0, 0.99999), "warmup_steps": (0, 10000), "r": (0, 10), "weight_lr_power": (0, 4),
    "d0": (1e-8, 1), "initial_accumulator": (0, 1), "max_grad_norm": (0, 10),
    "history_size": (1, 100), "damping": (0, 100),
}  # fmt: skip
# Ranges CONTRACT 4b gives for one optimizer's parameter, over section 2's for the name.
OWN_RANGES = {("ademamix", "alpha"): (0, 20), ("prodigy", "d_coef"): (0.1, 10)}


def test_declarations_match_the_contract_ids_names_types_and_defaults() -> None:
    declared = {o.id: {p.name: p.default for p in o.params} for o in OPTIMIZERS}
    assert declared == CONTRACT
    types = {(o.id, p.name): p.type for o in OPTIMIZERS for p in o.params}
    assert {key: t for key, t in types.items() if t != "float"} == TYPES
    choices = {(o.id, p.name): p.options for o in OPTIMIZERS for p in o.params if p.options}
    assert choices == CHOICES
    for (optimizer, name), t in types.items():
        default = CONTRACT[optimizer][name]
        assert isinstance(default, bool) == (t == "bool"), (optimizer, name)
        assert isinstance(default, int) or t != "int", (optimizer, name)


@pytest.mark.parametrize("optimizer", OPTIMIZERS, ids=lambda o: o.id)
def test_declared_ranges_admit_the_contract_ranges(optimizer) -> None:
    assert optimizer.description and optimizer.rule
    for p in optimizer.params:
        assert p.description, p.name
        if not p.numeric:
            continue
        for lo, hi in (RANGES[p.name], OWN_RANGES.get((optimizer.id, p.name), RANGES[p.name])):
            assert p.min <= lo and p.max >= hi, p.name
        assert p.min <= p.default <= p.max


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
    ("adamax", {"lr": 0.05}, "booth", (-8, -7), (1, 3)),
    ("radam", {"lr": 0.05}, "booth", (-8, -7), (1, 3)),
    ("asgd", {"lr": 0.02}, "elongated_bowl", (-9, 2), (0, 0)),
    ("rprop", {"lr": 0.01}, "booth", (-8, -7), (1, 3)),
    ("adafactor", {"lr": 0.05}, "booth", (-8, -7), (1, 3)),
    ("signum", {"lr": 0.01}, "booth", (-8, -7), (1, 3)),
    ("yogi", {"lr": 0.05}, "booth", (-8, -7), (1, 3)),
    ("madgrad", {"lr": 0.01}, "booth", (-8, -7), (1, 3)),
    ("prodigy", {}, "booth", (-8, -7), (1, 3)),
    ("prodigy", {}, "elongated_bowl", (-9, 2), (0, 0)),
    ("schedulefree_sgd", {"lr": 0.02}, "booth", (-8, -7), (1, 3)),
    ("lbfgs", {}, "rosenbrock", (-1.2, 1.0), (1, 1)),
    ("lbfgs", {"lr": 0.1, "line_search": "none"}, "booth", (-8, -7), (1, 3)),
    ("newton", {}, "booth", (-8, -7), (1, 3)),
    ("newton", {"damping": 1.0}, "rosenbrock", (-1.2, 1.0), (1, 1)),
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


def one_run(opt: int, hyper: np.ndarray, steps: int) -> tuple[np.ndarray, np.ndarray, bool]:
    """The path and update trace of rule `opt` through the engine's compiled dispatch, on Beale
    from (1, 1.3) with the learning rate hyper[0] at every step."""
    batch = Batch(
        land=Landscape(SURFACE_INDEX["beale"]), opt=np.array([opt]), hyper=hyper[None, :],
        lrs=np.full((1, steps), 0.01), config=np.zeros(1, dtype=np.int64),
        starts=np.array([[1.0, 1.3]]), noise=np.zeros((steps, 2)),
    )  # fmt: skip
    paths, traces, sim = run_paths(batch, trace=True)
    return paths[0], traces[0], bool(sim.alive[0])


def probe_row(optimizer: Optimizer) -> np.ndarray:
    """A hyperparameter row with every feature of the rule switched on (a zero default such as
    a weight decay made nonzero, every flag on); the columns past its own declared ones are set
    too, so that another rule reading them would not sit at a neutral value either."""
    row = np.full(PARAM_SIZE, 0.3)
    for i, p in enumerate(optimizer.params):
        if p.type == "bool":
            row[i] = 1.0
        elif p.type == "choice":
            row[i] = 0.0
        else:
            row[i] = float(p.default) or p.min + 0.1 * (p.max - p.min)
    return row


BEALE = Landscape(SURFACE_INDEX["beale"])


def needed(optimizer: Optimizer, p: np.ndarray) -> tuple[Any, ...]:
    """What a kernel takes beside (p, g, s, h, t, lr, d) on Beale without noise: the Hessian,
    or the loss at p and the loss as an objective (app/curvature.py)."""
    if optimizer.needs == "hessian":
        return (hessian_at(BEALE, p[0], p[1]),)
    if optimizer.needs == "closure":
        stack, no_rows = BEALE.stack(), np.zeros(0, dtype=np.int64)
        env = (BEALE.kind, BEALE.code, BEALE.args, BEALE.consts, stack, BEALE.data, no_rows, -1,
               np.zeros(2))  # fmt: skip
        return (evaluate(BEALE, p[:1], p[1:])[0, 0], objective, env)
    return ()


def test_the_registry_has_no_problems_and_a_kernel_per_id() -> None:
    assert problems(OPTIMIZERS) == []
    assert len({id(o.kernel) for o in OPTIMIZERS}) == len(OPTIMIZERS)
    assert len({o.kernel.py_func.__code__ for o in OPTIMIZERS}) == len(OPTIMIZERS)


@pytest.mark.parametrize("index", range(len(OPTIMIZERS)), ids=[o.id for o in OPTIMIZERS])
def test_dispatch_runs_each_ids_own_kernel_within_its_state(index: int) -> None:
    """The engine's update for index i equals calling OPTIMIZERS[i].kernel by hand, and no other
    kernel gives that update (so a dispatch to the wrong rule cannot pass)."""
    optimizer, steps = OPTIMIZERS[index], 4
    hyper = probe_row(optimizer)
    path, trace, alive = one_run(index, hyper, steps)
    assert alive and len(trace) == steps
    width = optimizer.state_width(optimizer.decode(hyper))  # the traced part, and any history
    assert not trace[:, 5 + width :].any(), "wrote outside its declared state"
    others = {o.id: np.zeros(o.state_width(o.decode(hyper))) for o in OPTIMIZERS}
    for k in range(steps):
        p, g, lr = path[k, :2].copy(), trace[k, 0:2].copy(), trace[k, 2]
        moves = {}
        for o in OPTIMIZERS:
            d = np.zeros(2)
            o.kernel(p, g, others[o.id], hyper, k + 1.0, lr, d, *needed(o, p))
            moves[o.id] = d
        np.testing.assert_array_equal(moves[optimizer.id], trace[k, 3:5])
        state = others[optimizer.id][: optimizer.state_size()]
        np.testing.assert_array_equal(state, trace[k, 5 : 5 + optimizer.state_size()])
    same = [
        o.id
        for o in OPTIMIZERS
        if o is not optimizer and np.array_equal(moves[o.id], trace[-1, 3:5])
    ]
    assert not same, f"{optimizer.id}'s update is also what {same} give"


def test_an_unknown_rule_index_poisons_the_step_instead_of_running_another_rule() -> None:
    path, trace, alive = one_run(len(OPTIMIZERS), np.full(PARAM_SIZE, 0.01), 3)
    assert not alive and len(path) == 1 and len(trace) == 0


def test_a_broken_declaration_is_named() -> None:
    adam = next(o for o in OPTIMIZERS if o.id == "adam")
    flag = Param("nesterov", False, description="look ahead", type="bool")
    toy = dataclasses.replace(adam, id="toy", params=(*adam.params, flag))
    assert problems((*OPTIMIZERS, toy)) == [
        "toy: shares its kernel with adam",
        "toy: nesterov: not passed to the reference constructor " + repr(adam.reference),
    ]
    no_lr = dataclasses.replace(toy, id="no_lr", params=adam.params[1:], kernel=len)
    assert problems((no_lr,)) == [
        "no_lr: needs a float parameter 'lr' over [1e-06, 10.0]",
        "no_lr: the reference constructor uses {lr}, which is not a parameter",
    ]


def test_listing_types_every_parameter(client: TestClient) -> None:
    listing = {o["id"]: o for o in client.get("/api/optimizers").json()}
    assert list(listing) == [o.id for o in OPTIMIZERS]
    for o in OPTIMIZERS:
        for declared, listed in zip(o.params, listing[o.id]["params"], strict=True):
            assert listed["name"] == declared.name and listed["type"] == declared.type
            assert listed["default"] == declared.default
            assert ("options" in listed) == (declared.type == "choice")
            assert ("min" in listed) == declared.numeric


torch.set_default_dtype(torch.float64)
# A 7-coordinate tensor: per-tensor rules (Amos, LAMB, Adafactor, Prodigy) must act on all of it.
VECTOR_START = np.array([0.8, -1.1, 0.3, 1.7, -0.4, 0.05, -2.0])
VECTOR_SCALES = np.array([1.0, 3.0, 0.5, 2.0, 1.5, 0.7, 0.2])


def vector_gradient(x: np.ndarray) -> np.ndarray:
    """∇ of Σ cᵢ·(xᵢ − 0.1)²/2 + sin(x₀·x₁): coupled, so no coordinate moves alone."""
    g = VECTOR_SCALES * (x - 0.1)
    g[0] += np.cos(x[0] * x[1]) * x[1]
    g[1] += np.cos(x[0] * x[1]) * x[0]
    return g


def vector_values(optimizer: Optimizer, flags: bool) -> dict[str, object]:
    """Defaults, with every zero default nonzero and every flag on when `flags`; lr 0.01 where
    the default is larger than a tensor of this scale takes."""
    values = optimizer.values({})
    for p in optimizer.params:
        if flags and p.type == "bool":
            values[p.name] = True
        elif flags and p.numeric and values[p.name] == 0 and p.name != "warmup_steps":
            values[p.name] = p.typed(p.min + 0.05 * (p.max - p.min))
    if values["lr"] >= 1.0 and optimizer.id not in ("adadelta", "prodigy"):
        values["lr"] = 0.01
    return values


@pytest.mark.parametrize("flags", [False, True], ids=["defaults", "features-on"])
@pytest.mark.parametrize(
    "optimizer", [o for o in OPTIMIZERS if o.needs == "gradient"], ids=lambda o: o.id
)
def test_kernel_on_a_vector_equals_its_reference_on_one_tensor(optimizer, flags) -> None:
    """Each gradient rule on a point of n = 7 coordinates, its state row sized state_size(7),
    follows its reference constructor (the "Copy as PyTorch" code) on one float64 tensor of 7,
    and writes nothing past its declared state. (L-BFGS and Newton on a vector: test_mlp.py
    trains a network of 4H + 1 = 17 coordinates with each, against torch.)"""
    values = vector_values(optimizer, flags)
    p = torch.tensor(VECTOR_START, requires_grad=True)
    namespace = {"torch": torch, "pytorch_optimizer": pytorch_optimizer, "ps": [p]}
    reference = eval(optimizer.reference_code(values), namespace)
    if hasattr(reference, "train"):
        reference.train()  # schedule-free: the point is the parameter in train mode
    hyper = np.zeros(PARAM_SIZE)
    for i, param in enumerate(optimizer.params):
        hyper[i] = param.encode(values[param.name])
    n = VECTOR_START.size
    x, s, d = VECTOR_START.copy(), np.zeros(state_size(n) + 3), np.zeros(n)
    for t in range(1, 41):
        g = vector_gradient(x)
        optimizer.kernel(x, g, s, hyper, float(t), float(values["lr"]), d)
        x = x + d
        p.grad = torch.tensor(vector_gradient(p.detach().numpy()))
        reference.step()
        np.testing.assert_allclose(x, p.detach().numpy(), rtol=1e-9, atol=1e-12, err_msg=f"t={t}")
    assert not s[optimizer.state_size(n) :].any(), "wrote outside its declared state"
