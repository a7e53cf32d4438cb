"""Generate tests/fixtures/reference_runs.json: optimizer paths computed by torch, the oracle.

Written from CONTRACT sections 3-6 alone, independently of app/: the surfaces are torch
expressions differentiated by autograd, the optimizers are torch.optim / pytorch_optimizer, and
the schedules, noise and divergence rule are re-implemented here. Each case is a POST /api/run
body with the answer torch gives; tests/test_reference.py replays them against the app.

CONTRACT 4b's `lbfgs` runs torch.optim.LBFGS with `step(closure)`, every closure call of update
k on update k's noise and mini-batch; `newton` has no torch class: it is written out here with
torch.autograd.functional.hessian and torch.linalg.solve (a singular system ends the run as
diverged). Their cases also cover typed formulas (FORMULAS: the expression as a request sends
it, and the same function written in torch) and data surfaces with mini-batches (CONTRACT
section 9; the rows are read from the shipped CSV files).

Every case is checked for conditioning before it is written (`first_sensitive_step`): a start
moved by rel 1e-13, and gradients taken at ulp-jittered points, must not grow by more than about
1000x along the path, so that rounding differences between the app and torch stay far below the
tests' rel 1e-9. Cases that fail are shortened (and the script says which).

    .venv/bin/python scripts/make_reference.py          # every case (slow)
    .venv/bin/python scripts/make_reference.py --add    # only cases the fixture lacks
"""

from __future__ import annotations

import csv
import json
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytorch_optimizer
import torch

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "reference_runs.json"
LIMIT = 1e6  # CONTRACT section 3: an iterate with |x| or |y| above this has diverged
MIN_STEPS = 50
MIN_SHORT_STEPS = 5

Tensor = torch.Tensor
TAU = 2 * math.pi


def _xy(p: Tensor) -> tuple[Tensor, Tensor]:
    return p[0], p[1]


def saddle(p: Tensor) -> Tensor:
    x, y = _xy(p)
    return x**2 - y**2


def monkey_saddle(p: Tensor) -> Tensor:
    x, y = _xy(p)
    return x**3 - 3 * x * y**2


def rosenbrock(p: Tensor) -> Tensor:
    x, y = _xy(p)
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def beale(p: Tensor) -> Tensor:
    x, y = _xy(p)
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2


def booth(p: Tensor) -> Tensor:
    x, y = _xy(p)
    return (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2


def himmelblau(p: Tensor) -> Tensor:
    x, y = _xy(p)
    return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2


def rastrigin(p: Tensor) -> Tensor:
    x, y = _xy(p)
    return 20 + x**2 - 10 * torch.cos(TAU * x) + y**2 - 10 * torch.cos(TAU * y)


def ackley(p: Tensor) -> Tensor:
    x, y = _xy(p)
    radial = -20 * torch.exp(-0.2 * torch.sqrt(0.5 * (x**2 + y**2)))
    return radial - torch.exp(0.5 * (torch.cos(TAU * x) + torch.cos(TAU * y))) + math.e + 20


def three_hump_camel(p: Tensor) -> Tensor:
    x, y = _xy(p)
    return 2 * x**2 - 1.05 * x**4 + x**6 / 6 + x * y + y**2


def six_hump_camel(p: Tensor) -> Tensor:
    x, y = _xy(p)
    return (4 - 2.1 * x**2 + x**4 / 3) * x**2 + x * y + (-4 + 4 * y**2) * y**2


def matyas(p: Tensor) -> Tensor:
    x, y = _xy(p)
    return 0.26 * (x**2 + y**2) - 0.48 * x * y


def elongated_bowl(p: Tensor) -> Tensor:
    x, y = _xy(p)
    return 0.5 * (x**2 + 25 * y**2)


def styblinski_tang(p: Tensor) -> Tensor:
    x, y = _xy(p)
    return 0.5 * (x**4 - 16 * x**2 + 5 * x + y**4 - 16 * y**2 + 5 * y)


def levy13(p: Tensor) -> Tensor:
    x, y = _xy(p)
    sin = torch.sin
    return (
        sin(3 * math.pi * x) ** 2
        + (x - 1) ** 2 * (1 + sin(3 * math.pi * y) ** 2)
        + (y - 1) ** 2 * (1 + sin(2 * math.pi * y) ** 2)
    )


SURFACES: dict[str, Callable[[Tensor], Tensor]] = {
    f.__name__: f
    for f in (
        saddle, monkey_saddle, rosenbrock, beale, booth, himmelblau, rastrigin, ackley,
        three_hump_camel, six_hump_camel, matyas, elongated_bowl, styblinski_tang, levy13,
    )
}  # fmt: skip


# Typed formulas (docs/api-extensions.md): the expression a request sends, and its torch form.
def formula0(p: Tensor) -> Tensor:
    x, y = _xy(p)
    return torch.log(1 + x**2) + 0.5 * (y - torch.sin(x)) ** 2 + x * y / 4


def formula1(p: Tensor) -> Tensor:
    x, y = _xy(p)
    return torch.exp(0.3 * x) - x + torch.cosh(y / 2) + torch.atan(x * y) ** 2


def formula2(p: Tensor) -> Tensor:
    x, y = _xy(p)
    return torch.sqrt(1 + x**2 + y**2) + torch.tanh(x - y) / 2 + y**3 / 30


def formula3(p: Tensor) -> Tensor:
    x, y = _xy(p)
    return (x + y) ** 2  # a singular Hessian everywhere


FORMULAS: dict[str, Callable[[Tensor], Tensor]] = {
    "log(1 + x^2) + 0.5*(y - sin(x))^2 + x*y/4": formula0,
    "exp(0.3*x) - x + cosh(y/2) + atan(x*y)^2": formula1,
    "sqrt(1 + x^2 + y^2) + tanh(x - y)/2 + y^3/30": formula2,
    "(x + y)^2": formula3,
}
FORMULA_DOMAIN = {"x": [-3.0, 3.0], "y": [-3.0, 3.0]}


def read_rows(name: str) -> list[dict[str, str]]:
    with open(ROOT / "app" / "data" / name, newline="") as f:
        return list(csv.DictReader(f))


def data_rows(surface: str, standardize: bool) -> tuple[str, Tensor, Tensor]:
    """CONTRACT section 9: the model, the (N, 2) feature columns and the (N,) targets."""
    iris = read_rows("iris.csv")
    if surface == "iris_petals":
        model = "linear"
        rows = [[float(r["petal_length_cm"]), 0.0, float(r["petal_width_cm"])] for r in iris]
    elif surface == "engel_food":
        model = "linear"
        rows = [[float(r["income_bef"]) / 100, 0.0, float(r["food_expenditure_bef"]) / 1000]
                for r in read_rows("engel.csv")]  # fmt: skip
    else:
        model = "logistic"
        rows = [[float(r["petal_length_cm"]), float(r["petal_width_cm"]),
                 1.0 if r["species"] == "virginica" else 0.0]
                for r in iris if r["species"] != "setosa"]  # fmt: skip
    data = torch.tensor(rows)
    features, target = data[:, :2], data[:, 2]
    if standardize:
        used = 1 if model == "linear" else 2
        cols = features[:, :used]
        features = torch.cat([(cols - cols.mean(0)) / cols.std(0, correction=0),
                              features[:, used:]], dim=1)  # fmt: skip
    return model, features, target


def data_loss(model: str, features: Tensor, target: Tensor) -> Callable[[Tensor], Tensor]:
    if model == "linear":
        return lambda p: ((p[0] * features[:, 0] + p[1] - target) ** 2).mean()

    def logistic(p: Tensor) -> Tensor:
        z = p[0] * features[:, 0] + p[1] * features[:, 1]
        return (torch.logaddexp(torch.zeros_like(z), z) - target * z).mean()

    return logistic


def batch_order(n: int, size: int, seed: int, steps: int) -> list[np.ndarray]:
    """CONTRACT section 9: each epoch cuts default_rng(seed).permutation(n) into batches."""
    rng = np.random.default_rng(seed)
    out: list[np.ndarray] = []
    while len(out) < steps:
        perm = rng.permutation(n)
        out += [perm[i : i + size] for i in range(0, n, size)]
    return out[:steps]


class Loss:
    """The loss of a request: `full` for the path's losses, `update(k)` the loss update k uses
    (its mini-batch on a data surface)."""

    def __init__(self, request: dict[str, Any]) -> None:
        surface, steps = request["surface"], request.get("steps", 500)
        self.batches: list[np.ndarray] | None = None
        if isinstance(surface, dict):
            self.full = FORMULAS[surface["expression"]]
        elif surface in SURFACES:
            self.full = SURFACES[surface]
        else:
            model, features, target = data_rows(surface, request.get("standardize", False))
            self.full = data_loss(model, features, target)
            if "batch" in request:
                batch = request["batch"]
                order = batch_order(len(target), batch["size"], batch.get("seed", 0), steps)
                self.batches = [data_loss(model, features[b], target[b]) for b in order]

    def update(self, k: int) -> Callable[[Tensor], Tensor]:
        return self.full if self.batches is None else self.batches[k]


# CONTRACT section 4 and 4b defaults; a run's params override these.
DEFAULTS: dict[str, dict[str, Any]] = {
    "sgd": {"lr": 0.01, "weight_decay": 0.0},
    "momentum": {"lr": 0.01, "momentum": 0.9, "dampening": 0.0, "weight_decay": 0.0},
    "nag": {"lr": 0.01, "momentum": 0.9, "weight_decay": 0.0},
    "adagrad": {"lr": 0.01, "lr_decay": 0.0, "eps": 1e-10, "weight_decay": 0.0,
                "initial_accumulator_value": 0.0},
    "rmsprop": {"lr": 0.01, "alpha": 0.99, "eps": 1e-8, "momentum": 0.0, "centered": False,
                "weight_decay": 0.0},
    "adadelta": {"lr": 1.0, "rho": 0.9, "eps": 1e-6},
    "adam": {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0,
             "amsgrad": False},
    "nadam": {"lr": 0.002, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "momentum_decay": 0.004,
              "weight_decay": 0.0, "decoupled_weight_decay": False},
    "adamw": {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.01,
              "amsgrad": False},
    "adabelief": {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-16},
    "lion": {"lr": 0.0001, "beta1": 0.9, "beta2": 0.99, "weight_decay": 0.0},
    "amos": {"lr": 0.001, "beta": 0.999, "momentum": 0.0, "extra_l2": 0.0, "c_coef": 0.25,
             "d_coef": 0.25, "eps": 1e-18},
    "adamax": {"lr": 0.002, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0},
    "radam": {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0,
              "decoupled_weight_decay": False},
    "asgd": {"lr": 0.01, "lambd": 1e-4, "alpha": 0.75, "t0": 1e6, "weight_decay": 0.0},
    "rprop": {"lr": 0.01, "eta_minus": 0.5, "eta_plus": 1.2, "step_min": 1e-6, "step_max": 50.0},
    "adafactor": {"lr": 0.01, "beta2_decay": -0.8, "eps2": 1e-3, "d": 1.0, "weight_decay": 0.0},
    "signum": {"lr": 0.001, "momentum": 0.9, "weight_decay": 0.0},
    "yogi": {"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "initial_accumulator": 1e-6, "eps": 1e-3},
    "adan": {"lr": 0.001, "beta1": 0.98, "beta2": 0.92, "beta3": 0.99, "weight_decay": 0.0,
             "eps": 1e-8},
    "lamb": {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "weight_decay": 0.0, "eps": 1e-6,
             "max_grad_norm": 1.0},
    "madgrad": {"lr": 0.001, "momentum": 0.9, "weight_decay": 0.0, "eps": 1e-6},
    "ademamix": {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "beta3": 0.9999, "alpha": 5.0,
                 "eps": 1e-8},
    "prodigy": {"lr": 1.0, "beta1": 0.9, "beta2": 0.999, "d0": 1e-6, "d_coef": 1.0,
                "weight_decay": 0.0, "bias_correction": False, "safeguard_warmup": False,
                "eps": 1e-8},
    "schedulefree_adamw": {"lr": 0.0025, "beta1": 0.9, "beta2": 0.999, "weight_decay": 0.0,
                           "warmup_steps": 0, "r": 0.0, "weight_lr_power": 2.0, "eps": 1e-8},
    "schedulefree_sgd": {"lr": 1.0, "momentum": 0.9, "weight_decay": 0.0, "warmup_steps": 0,
                         "r": 0.0, "weight_lr_power": 2.0},
    "lbfgs": {"lr": 1.0, "history_size": 10, "line_search": "strong_wolfe"},
    "newton": {"lr": 1.0, "damping": 0.0},
}  # fmt: skip
CLOSURE = ("lbfgs", "newton")  # stepped with a closure over the update's loss


def pick(hp: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: hp[k] for k in keys}


def make_optimizer(name: str, p: Tensor, hp: dict[str, Any]) -> torch.optim.Optimizer:
    """The reference optimizer of CONTRACT sections 4 and 4b over the single (2,) parameter."""
    lr, betas = hp["lr"], (hp.get("beta1", 0.0), hp.get("beta2", 0.0))
    o = torch.optim
    match name:
        case "sgd":
            return o.SGD([p], lr=lr, weight_decay=hp["weight_decay"])
        case "momentum":
            return o.SGD([p], lr=lr, **pick(hp, "momentum", "dampening", "weight_decay"))
        case "nag":
            return o.SGD([p], lr=lr, **pick(hp, "momentum", "weight_decay"), nesterov=True)
        case "adagrad":
            keys = ("lr_decay", "eps", "weight_decay", "initial_accumulator_value")
            return o.Adagrad([p], lr=lr, **pick(hp, *keys))
        case "rmsprop":
            keys = ("alpha", "eps", "momentum", "centered", "weight_decay")
            return o.RMSprop([p], lr=lr, **pick(hp, *keys))
        case "adadelta":
            return o.Adadelta([p], lr=lr, rho=hp["rho"], eps=hp["eps"])
        case "adam":
            return o.Adam([p], lr=lr, betas=betas, **pick(hp, "eps", "weight_decay", "amsgrad"))
        case "nadam":
            keys = ("eps", "momentum_decay", "weight_decay", "decoupled_weight_decay")
            return o.NAdam([p], lr=lr, betas=betas, **pick(hp, *keys))
        case "adamw":
            return o.AdamW([p], lr=lr, betas=betas, **pick(hp, "eps", "weight_decay", "amsgrad"))
        case "adabelief":
            return pytorch_optimizer.AdaBelief(
                [p], lr=lr, betas=betas, eps=hp["eps"], rectify=False, weight_decay=0.0
            )
        case "lion":
            return pytorch_optimizer.Lion([p], lr=lr, betas=betas, weight_decay=hp["weight_decay"])
        case "amos":
            keys = ("beta", "momentum", "extra_l2", "c_coef", "d_coef", "eps")
            return pytorch_optimizer.Amos([p], lr=lr, **{k: hp[k] for k in keys})
        case "adamax":
            return o.Adamax([p], lr=lr, betas=betas, **pick(hp, "eps", "weight_decay"))
        case "radam":
            keys = ("eps", "weight_decay", "decoupled_weight_decay")
            return o.RAdam([p], lr=lr, betas=betas, **pick(hp, *keys))
        case "asgd":
            return o.ASGD([p], lr=lr, **pick(hp, "lambd", "alpha", "t0", "weight_decay"))
        case "rprop":
            etas, sizes = (hp["eta_minus"], hp["eta_plus"]), (hp["step_min"], hp["step_max"])
            return o.Rprop([p], lr=lr, etas=etas, step_sizes=sizes)
        case "adafactor":
            keys = ("beta2_decay", "d", "weight_decay")
            return o.Adafactor([p], lr=lr, eps=(None, hp["eps2"]), **pick(hp, *keys))
        case "lbfgs":
            search = None if hp["line_search"] == "none" else hp["line_search"]
            return o.LBFGS([p], lr=lr, max_iter=1, max_eval=25, history_size=hp["history_size"],
                           line_search_fn=search)  # fmt: skip
        case "newton":
            return Newton([p], lr=lr, damping=hp["damping"])
    return make_pytorch_optimizer(name, p, hp)


class Singular(Exception):
    """Newton's system has no solution: the run ends as diverged (CONTRACT 4b)."""


class Newton(torch.optim.Optimizer):
    """CONTRACT 4b: x ← x − lr·solve(H + damping·I, g), H the Hessian of the update's loss
    (torch.autograd.functional.hessian), g the closure's gradient (noise included)."""

    def __init__(self, params: list[Tensor], lr: float, damping: float) -> None:
        super().__init__(params, {"lr": lr, "damping": damping})

    @torch.no_grad()
    def step(self, closure: Any) -> Any:  # type: ignore[override]
        with torch.enable_grad():
            loss = closure()
        for group in self.param_groups:
            for p in group["params"]:
                with torch.enable_grad():
                    hessian = torch.autograd.functional.hessian(closure.loss, p.detach())
                system = hessian + group["damping"] * torch.eye(len(p))
                try:
                    step = torch.linalg.solve(system, p.grad)
                except torch.linalg.LinAlgError as error:
                    raise Singular from error
                p.sub_(group["lr"] * step)
        return loss


def make_pytorch_optimizer(name: str, p: Tensor, hp: dict[str, Any]) -> torch.optim.Optimizer:
    """The pytorch_optimizer references of CONTRACT 4b, given no keyword the contract omits."""
    po, lr = pytorch_optimizer, hp["lr"]
    betas = tuple(hp[b] for b in ("beta1", "beta2", "beta3") if b in hp)
    match name:
        case "signum":
            return po.SignSGD([p], lr=lr, **pick(hp, "momentum", "weight_decay"))
        case "yogi":
            return po.Yogi([p], lr=lr, betas=betas, **pick(hp, "initial_accumulator", "eps"))
        case "adan":
            return po.Adan([p], lr=lr, betas=betas, **pick(hp, "weight_decay", "eps"))
        case "lamb":
            keys = ("weight_decay", "eps", "max_grad_norm")
            return po.Lamb([p], lr=lr, betas=betas, **pick(hp, *keys))
        case "madgrad":
            return po.MADGRAD([p], lr=lr, **pick(hp, "momentum", "weight_decay", "eps"))
        case "ademamix":
            return po.AdEMAMix([p], lr=lr, betas=betas, **pick(hp, "alpha", "eps"))
        case "prodigy":
            keys = ("d0", "d_coef", "weight_decay", "bias_correction", "safeguard_warmup", "eps")
            return po.Prodigy([p], lr=lr, betas=betas, **pick(hp, *keys))
        case "schedulefree_adamw" | "schedulefree_sgd":
            keys = ("weight_decay", "warmup_steps", "r", "weight_lr_power")
            if name == "schedulefree_adamw":
                opt = po.ScheduleFreeAdamW(
                    [p], lr=lr, betas=betas, eps=hp["eps"], **pick(hp, *keys)
                )
            else:
                opt = po.ScheduleFreeSGD([p], lr=lr, momentum=hp["momentum"], **pick(hp, *keys))
            opt.train()  # the point is the parameter as train mode holds it
            return opt
    raise ValueError(f"unknown optimizer {name}")


def schedule_factor(schedule: dict[str, Any], lr: float, steps: int) -> Callable[[int], float]:
    """factor(t) of CONTRACT section 6, parameters defaulted as declared there."""
    s = schedule.get
    match schedule.get("name", "constant"):
        case "constant":
            return lambda t: 1.0
        case "step":
            return lambda t: s("gamma", 0.5) ** (t // s("step_size", 100))
        case "exponential":
            return lambda t: s("gamma", 0.99) ** t
        case "cosine":
            t_max, ratio = s("t_max", steps), s("eta_min", 0.0) / lr
            return lambda t: (
                ratio + (1 - ratio) * (1 + math.cos(math.pi * min(t, t_max) / t_max)) / 2
            )
        case "inverse_time":
            return lambda t: 1 / (1 + s("decay", 0.01) * t)
        case "warmup":
            return lambda t: min(1.0, (t + 1) / s("warmup_steps", 50))
    raise ValueError(f"unknown schedule {schedule}")


def is_diverged(point: Tensor, loss: float) -> bool:
    x, y = point.tolist()
    return (
        not (math.isfinite(x) and math.isfinite(y) and math.isfinite(loss))
        or max(abs(x), abs(y)) > LIMIT
    )


def closure_step(
    opt: torch.optim.Optimizer, p: Tensor, f: Callable[[Tensor], Tensor], noise: Tensor,
    jitter: np.random.Generator | None,
) -> None:  # fmt: skip
    """One `step(closure)`: every call evaluates the update's loss f and its gradient plus the
    update's noise; `closure.loss` is f itself (for Newton's Hessian)."""

    def closure() -> Tensor:
        opt.zero_grad()
        at = p
        if jitter is not None:
            at = p * (1 + 2e-16 * torch.from_numpy(jitter.uniform(-1, 1, 2)))
        loss = f(at)
        (p.grad,) = torch.autograd.grad(loss, p)
        p.grad += noise
        return loss

    closure.loss = f  # type: ignore[attr-defined]
    opt.step(closure)


def run_one(
    loss_of: Loss,
    start: list[float],
    steps: int,
    noise: Tensor,  # (steps, 2), already scaled by std
    spec: dict[str, Any],
    jitter: np.random.Generator | None = None,
) -> dict[str, Any]:
    """One optimizer path. `jitter` evaluates each gradient at an ulp-perturbed point."""
    f = loss_of.full
    hp = DEFAULTS[spec["optimizer"]] | spec.get("params", {})
    factor = schedule_factor(spec.get("schedule", {}), hp["lr"], steps)
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = make_optimizer(spec["optimizer"], p, hp)
    xs: list[float] = []
    ys: list[float] = []
    losses: list[float] = []
    for k in range(steps + 1):
        with torch.no_grad():
            loss = f(p).item()
        if is_diverged(p.detach(), loss):
            break
        x, y = p.detach().tolist()
        xs.append(x)
        ys.append(y)
        losses.append(loss)
        if k == steps:
            break
        for group in opt.param_groups:
            group["lr"] = hp["lr"] * factor(k)
        if spec["optimizer"] in CLOSURE:
            try:
                closure_step(opt, p, loss_of.update(k), noise[k], jitter)
            except Singular:
                break
            continue
        at = p
        if jitter is not None:
            at = p * (1 + 2e-16 * torch.from_numpy(jitter.uniform(-1, 1, 2)))
        (grad,) = torch.autograd.grad(loss_of.update(k)(at), p)
        p.grad = grad + noise[k]
        opt.step()
    status = "ok" if len(xs) == steps + 1 else "diverged"
    return {"x": xs, "y": ys, "loss": losses, "status": status, "steps": len(xs) - 1}


def run_request(
    request: dict[str, Any],
    start: list[float] | None = None,
    jitter: np.random.Generator | None = None,
) -> list[dict[str, Any]]:
    """The expected `runs` of POST /api/run for this body (every run shares the noise).

    `start` and `jitter` perturb the computation for the conditioning check.
    """
    steps = request.get("steps", 500)
    noise = request.get("noise", {"std": 0.0, "seed": 0})
    xi = np.random.default_rng(noise["seed"]).standard_normal((steps, 2))
    scaled = torch.from_numpy(noise["std"] * xi)  # (steps, 2); exactly ±0 without noise
    loss_of = Loss(request)
    start = request["start"] if start is None else start
    return [
        {"optimizer": spec["optimizer"]} | run_one(loss_of, start, steps, scaled, spec, jitter)
        for spec in request["runs"]
    ]


def first_mismatch(
    a: list[dict[str, Any]], b: list[dict[str, Any]], rtol: float, atol: float
) -> int | None:
    """First iterate at which two answers differ by more than rtol (or atol near 0)."""
    worst: int | None = None
    for ra, rb in zip(a, b, strict=True):
        n = min(len(ra["x"]), len(rb["x"]))
        bad = [n] if ra["status"] != rb["status"] or ra["steps"] != rb["steps"] else []
        for key in ("x", "y", "loss"):
            u, v = np.array(ra[key][:n]), np.array(rb[key][:n])
            far = np.flatnonzero(np.abs(u - v) > rtol * np.abs(u) + atol)
            bad += far[:1].tolist()
        if bad and (worst is None or min(bad) < worst):
            worst = min(bad)
    return worst


def first_sensitive_step(request: dict[str, Any], runs: list[dict[str, Any]]) -> int | None:
    """None if rounding-sized changes stay small, else the first step where they do not.

    Both checks allow a gain of about 1000 over the perturbation (a nudged start of rel 1e-13,
    or a gradient taken at an ulp-jittered point every step), which leaves a margin of 1000
    under the tests' rel 1e-9 for rounding differences of 1e-16.
    """
    nudged = [s * (1 + 1e-13) if s else 1e-13 for s in request["start"]]
    found = [
        first_mismatch(runs, run_request(request, start=nudged), rtol=1e-10, atol=1e-10),
        first_mismatch(
            runs, run_request(request, jitter=np.random.default_rng(1)), rtol=1e-12, atol=1e-13
        ),
    ]
    bad = [m for m in found if m is not None]
    return min(bad) if bad else None


def conditioned(request: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
    """The request, shortened if needed until it passes the conditioning check."""
    # short cases (the second-order ones, which settle in a few steps) may end sooner
    least = MIN_STEPS if request["steps"] >= 2 * MIN_STEPS else MIN_SHORT_STEPS
    while True:
        runs = run_request(request)
        bad = first_sensitive_step(request, runs)
        if bad is None:
            return request, runs
        steps = int(bad * 0.8)
        if steps < least:
            return None
        request = request | {"steps": steps}


def run(optimizer: str, schedule: dict[str, Any] | None = None, **params: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {"optimizer": optimizer}
    if params:
        spec["params"] = params
    if schedule is not None:
        spec["schedule"] = schedule
    return spec


ALL = list(DEFAULTS)
FIRST = ALL[:12]  # CONTRACT section 4
TORCH_NEW = ["adamax", "radam", "asgd", "rprop", "adafactor"]  # CONTRACT 4b, from torch.optim
PO_NEW = [o for o in ALL[17:] if o not in CLOSURE]  # CONTRACT 4b, from pytorch_optimizer
PO_GENTLE = ["prodigy", "schedulefree_sgd"]

# (surface, start, steps, noise or None, runs)
CASES: list[tuple[str, list[float], int, dict[str, Any] | None, list[dict[str, Any]]]] = [
    # every optimizer with its defaults, side by side in one request
    ("himmelblau", [0.5, -0.5], 400, None, [run(o) for o in FIRST]),
    ("booth", [-6.0, 8.0], 300, None, [run(o) for o in FIRST]),
    ("himmelblau", [0.5, -0.5], 400, None, [run(o) for o in TORCH_NEW]),
    ("booth", [-6.0, 8.0], 300, None, [run(o) for o in TORCH_NEW]),
    # defaults, one at a time, on further surfaces
    ("rosenbrock", [-1.2, 1.0], 1500, None, [run("adam")]),
    ("rosenbrock", [-1.2, 1.0], 1000, None, [run("adabelief")]),
    ("six_hump_camel", [1.6, -0.9], 400, None, [run("rmsprop")]),
    ("matyas", [8.0, -6.0], 300, None, [run("adadelta")]),
    ("three_hump_camel", [1.8, -1.4], 400, None, [run("momentum"), run("nag")]),
    ("styblinski_tang", [0.3, -0.6], 300, None, [run("sgd"), run("nadam"), run("adagrad")]),
    ("elongated_bowl", [-8.0, 2.5], 500, None, [run("amos"), run("lion"), run("adamw")]),
    # every hyperparameter off its default
    ("rosenbrock", [-1.2, 1.0], 1500, None, [run("sgd", lr=0.0015)]),
    ("himmelblau", [-0.5, 0.8], 300, None, [run("momentum", lr=0.002, momentum=0.7)]),
    ("rosenbrock", [0.0, 2.0], 800, None, [run("nag", lr=0.0005, momentum=0.95)]),
    ("himmelblau", [1.0, 1.0], 400, None, [run("adagrad", lr=0.8, lr_decay=0.02, eps=1e-6)]),
    ("rosenbrock", [-1.2, 1.0], 400, None, [run("rmsprop", lr=0.001, alpha=0.9, eps=1e-5)]),
    ("styblinski_tang", [4.0, 4.5], 400, None, [run("adadelta", lr=0.5, rho=0.95, eps=1e-4)]),
    ("beale", [1.0, 1.5], 600, None, [run("adam", lr=0.02, beta1=0.8, beta2=0.99, eps=1e-6)]),
    ("elongated_bowl", [6.0, -3.0], 400, None,
     [run("nadam", lr=0.05, beta1=0.95, beta2=0.995, eps=1e-7, momentum_decay=0.02),
      run("nadam", lr=0.03, momentum_decay=0.1)]),
    ("himmelblau", [-1.0, -1.0], 400, None,
     [run("adamw", lr=0.05, weight_decay=0.5),
      run("adamw", lr=0.02, beta1=0.5, beta2=0.9, eps=1e-4, weight_decay=0.0)]),
    ("six_hump_camel", [-1.5, 1.0], 400, None,
     [run("adabelief", lr=0.01, beta1=0.85, beta2=0.99, eps=1e-12)]),
    ("booth", [-4.0, -3.0], 400, None,
     [run("lion", lr=0.01, beta1=0.95, beta2=0.98, weight_decay=0.1)]),
    ("three_hump_camel", [-1.7, 1.2], 300, None, [run("lion", lr=0.003, beta1=0.5, beta2=0.9)]),
    ("himmelblau", [0.0, 0.0], 500, None,
     [run("amos", lr=0.05, beta=0.99, momentum=0.9, extra_l2=0.01, c_coef=0.5, d_coef=0.1,
          eps=1e-12)]),
    ("beale", [2.0, 1.2], 400, None, [run("amos", lr=0.02, momentum=0.5, extra_l2=0.001)]),
    ("matyas", [5.0, 3.0], 300, None, [run("amos", lr=0.1, c_coef=0.0, d_coef=1.0, beta=0.9)]),
    # the flags of CONTRACT 4b on the first twelve, off their defaults
    ("himmelblau", [-0.5, 0.8], 300, None,
     [run("sgd", lr=0.005, weight_decay=0.2), run("nag", lr=0.002, weight_decay=0.1),
      run("momentum", lr=0.002, dampening=0.5, weight_decay=0.05),
      run("momentum", lr=0.005, momentum=0.0, dampening=0.7)]),
    ("booth", [-4.0, -3.0], 400, None,
     [run("adagrad", lr=0.5, weight_decay=0.1, initial_accumulator_value=2.0),
      run("adagrad", lr=0.3, initial_accumulator_value=0.1)]),
    ("six_hump_camel", [1.6, -0.9], 300, None,
     [run("rmsprop", lr=0.002, momentum=0.8), run("rmsprop", lr=0.005, centered=True),
      run("rmsprop", lr=0.001, alpha=0.9, momentum=0.5, centered=True, weight_decay=0.05)]),
    ("rosenbrock", [-1.2, 1.0], 800, None,
     [run("adam", lr=0.01, amsgrad=True), run("adam", lr=0.02, weight_decay=0.1),
      run("adamw", lr=0.01, amsgrad=True, weight_decay=0.05)]),
    ("beale", [1.0, 1.5], 500, None,
     [run("adam", lr=0.02, beta1=0.8, weight_decay=0.05, amsgrad=True),
      run("nadam", lr=0.01, weight_decay=0.1),
      run("nadam", lr=0.01, weight_decay=0.1, decoupled_weight_decay=True),
      run("nadam", lr=0.01, decoupled_weight_decay=True)]),
    ("elongated_bowl", [-8.0, 2.5], 300, {"std": 0.5, "seed": 21},
     [run("adam", {"name": "cosine"}, lr=0.1, weight_decay=0.2, amsgrad=True),
      run("rmsprop", {"name": "step", "step_size": 50, "gamma": 0.5}, lr=0.02, momentum=0.9,
          centered=True),
      run("momentum", {"name": "warmup", "warmup_steps": 30}, lr=0.01, dampening=0.3,
          weight_decay=0.01),
      run("adagrad", {"name": "exponential"}, lr=0.5, initial_accumulator_value=1.0,
          weight_decay=0.05)]),
    # the torch.optim newcomers of CONTRACT 4b: defaults elsewhere, then every parameter
    ("rosenbrock", [-1.2, 1.0], 1000, None, [run("radam"), run("adamax")]),
    ("beale", [1.0, 1.5], 400, None, [run("adafactor"), run("rprop"), run("asgd", lr=0.005)]),
    ("six_hump_camel", [1.6, -0.9], 300, None, [run("adafactor", lr=0.003), run("rprop")]),
    ("himmelblau", [-1.0, -1.0], 400, None,
     [run("adamax", lr=0.05, beta1=0.8, beta2=0.99, eps=1e-6, weight_decay=0.1),
      run("radam", lr=0.05, beta1=0.85, beta2=0.99, eps=1e-6, weight_decay=0.1),
      run("radam", lr=0.05, weight_decay=0.1, decoupled_weight_decay=True),
      run("radam", lr=0.02, beta2=0.9)]),
    ("three_hump_camel", [1.8, -1.4], 400, None,
     [run("asgd", lr=0.005, lambd=0.01, alpha=0.5, t0=50.0, weight_decay=0.05),
      run("asgd", lr=0.02, lambd=0.5, alpha=0.9, t0=1.0)]),
    ("booth", [-4.0, -3.0], 300, None,
     [run("rprop", lr=0.1, eta_minus=0.3, eta_plus=1.5, step_min=1e-4, step_max=1.0),
      run("rprop", lr=0.001, eta_minus=0.9, eta_plus=2.0, step_min=1e-8, step_max=0.5)]),
    ("matyas", [5.0, 3.0], 300, None,
     [run("adafactor", lr=0.05, beta2_decay=-0.5, eps2=1e-2, d=2.0, weight_decay=0.1),
      run("adafactor", lr=1.0, beta2_decay=-1.0, eps2=1e-6, d=8.0),
      run("adafactor", lr=0.2, beta2_decay=0.0, d=1.0)]),
    # the pytorch_optimizer ones of CONTRACT 4b: defaults, then every parameter
    # (Prodigy's d estimate and Schedule-Free SGD's lr of 1 need gentler places: below)
    ("himmelblau", [0.5, -0.5], 300, None, [run(o) for o in PO_NEW if o not in PO_GENTLE]),
    ("booth", [-6.0, 8.0], 200, None, [run(o) for o in PO_NEW if o not in PO_GENTLE]),
    ("matyas", [5.0, 3.0], 300, None, [run(o) for o in PO_GENTLE]),
    ("elongated_bowl", [-8.0, 2.5], 300, None, [run("prodigy")]),
    ("booth", [-4.0, -3.0], 300, None, [run("prodigy"), run("schedulefree_sgd", lr=0.05)]),
    ("styblinski_tang", [0.3, -0.6], 300, None,
     [run("prodigy"), run("prodigy", lr=0.5, safeguard_warmup=True)]),
    ("rosenbrock", [-1.2, 1.0], 500, None, [run("schedulefree_adamw", lr=0.01)]),
    ("beale", [1.0, 1.5], 300, None,
     [run("signum", lr=0.01, momentum=0.5, weight_decay=0.1), run("signum", lr=0.005, momentum=0.0),
      run("yogi", lr=0.05, beta1=0.8, beta2=0.99, initial_accumulator=0.1, eps=1e-4)]),
    ("himmelblau", [-1.0, -1.0], 300, None,
     [run("adan", lr=0.01, beta1=0.9, beta2=0.8, beta3=0.999, weight_decay=0.1, eps=1e-6),
      run("madgrad", lr=0.01, momentum=0.5, weight_decay=0.1, eps=1e-4)]),
    ("booth", [-4.0, -3.0], 300, None, [run("madgrad", lr=0.02, momentum=0.0)]),
    ("booth", [-4.0, -3.0], 300, None,
     [run("lamb", lr=0.01, beta1=0.8, beta2=0.99, weight_decay=0.1, eps=1e-4, max_grad_norm=5.0)]),
    ("six_hump_camel", [1.6, -0.9], 300, None,
     [run("ademamix", lr=0.01, beta1=0.8, beta2=0.99, beta3=0.999, alpha=2.0, eps=1e-6),
      run("prodigy", lr=0.5, d0=1e-4, bias_correction=True),
      run("prodigy", beta1=0.85, beta2=0.99, d_coef=2.0, weight_decay=0.05,
          safeguard_warmup=True, eps=1e-6)]),
    ("three_hump_camel", [1.8, -1.4], 300, None,
     [run("schedulefree_adamw", lr=0.02, beta1=0.8, beta2=0.99, weight_decay=0.01,
          warmup_steps=50, r=1.0, weight_lr_power=1.0, eps=1e-6),
      run("schedulefree_sgd", lr=0.01, momentum=0.8, weight_decay=0.01, warmup_steps=30, r=0.5,
          weight_lr_power=3.0)]),
    ("booth", [-6.0, -6.0], 300, None,
     [run("signum", {"name": "step", "step_size": 50, "gamma": 0.5}, lr=0.05),
      run("yogi", {"name": "cosine"}, lr=0.1),
      run("adan", {"name": "exponential", "gamma": 0.99}, lr=0.05),
      run("lamb", {"name": "warmup", "warmup_steps": 40}, lr=0.05)]),
    ("elongated_bowl", [-8.0, 2.5], 300, None,
     [run("madgrad", {"name": "inverse_time", "decay": 0.05}, lr=0.01),
      run("ademamix", {"name": "cosine", "eta_min": 0.001}, lr=0.05),
      run("prodigy", {"name": "cosine"}),
      run("schedulefree_adamw", {"name": "warmup", "warmup_steps": 30}, lr=0.05)]),
    ("matyas", [5.0, 3.0], 300, None,
     [run("schedulefree_sgd", {"name": "exponential", "gamma": 0.995}, lr=0.5)]),
    ("himmelblau", [0.5, 0.5], 300, {"std": 1.0, "seed": 17},
     [run("signum", lr=0.01), run("yogi", lr=0.05), run("adan", lr=0.01),
      run("lamb", lr=0.01)]),
    ("booth", [-6.0, 8.0], 300, {"std": 0.5, "seed": 23},
     [run("madgrad", lr=0.01), run("ademamix", lr=0.05), run("prodigy"),
      run("schedulefree_adamw", lr=0.05)]),
    ("elongated_bowl", [-8.0, 2.5], 200, {"std": 0.2, "seed": 29},
     [run("schedulefree_sgd", lr=0.02)]),
    ("saddle", [1.0, 0.01], 300, None,
     [run("yogi", lr=0.5), run("lamb", lr=0.2), run("prodigy"), run("schedulefree_sgd", lr=0.5)]),
    ("beale", [1.0, 1.5], 100, None, [run("schedulefree_sgd")]),
    ("saddle", [1.0, 0.01], 300, None,
     [run("adan", lr=0.5), run("madgrad", lr=0.5), run("ademamix", lr=0.5),
      run("schedulefree_adamw", lr=0.5)]),
    # multi-modal surfaces, short and with modest steps
    ("rastrigin", [2.3, -1.7], 150, None, [run("sgd", lr=0.002), run("adam", lr=0.01)]),
    ("ackley", [1.5, -2.2], 200, None, [run("rmsprop", lr=0.005), run("momentum", lr=0.001)]),
    ("levy13", [0.4, -0.6], 200, None, [run("nadam", lr=0.005), run("adagrad", lr=0.05)]),
    # schedules
    ("himmelblau", [0.0, 0.0], 400, None,
     [run("adam", {"name": "step", "step_size": 60, "gamma": 0.3}, lr=0.1),
      run("sgd", {"name": "step"}, lr=0.01)]),
    ("rosenbrock", [-1.2, 1.0], 600, None,
     [run("sgd", {"name": "exponential", "gamma": 0.997}, lr=0.0015),
      run("adagrad", {"name": "exponential"}, lr=0.5)]),
    ("booth", [-6.0, -6.0], 400, None,
     [run("momentum", {"name": "cosine", "t_max": 250, "eta_min": 0.001}, lr=0.01),
      run("adam", {"name": "cosine"}, lr=0.2),
      run("nadam", {"name": "cosine", "eta_min": 0.05}, lr=0.1)]),
    ("three_hump_camel", [1.9, 1.5], 300, None,
     [run("nag", {"name": "inverse_time", "decay": 0.05}, lr=0.02),
      run("adabelief", {"name": "inverse_time"}, lr=0.05)]),
    ("six_hump_camel", [0.5, 0.9], 300, None,
     [run("rmsprop", {"name": "warmup", "warmup_steps": 100}, lr=0.02),
      run("adadelta", {"name": "warmup"}, lr=2.0)]),
    ("styblinski_tang", [-0.5, 0.2], 300, None,
     [run("amos", {"name": "cosine", "t_max": 200, "eta_min": 0.001}, lr=0.05),
      run("lion", {"name": "step", "step_size": 40, "gamma": 0.7}, lr=0.05),
      run("adamw", {"name": "exponential", "gamma": 0.98}, lr=0.1, weight_decay=0.1),
      run("sgd", {"name": "constant"}, lr=0.005)]),
    ("rosenbrock", [-1.2, 1.0], 400, None,
     [run("radam", {"name": "cosine", "eta_min": 0.0001}, lr=0.002),
      run("adamax", {"name": "step", "step_size": 60, "gamma": 0.5}, lr=0.05),
      run("asgd", {"name": "exponential", "gamma": 0.995}, lr=0.001, lambd=0.1),
      run("rprop", {"name": "warmup", "warmup_steps": 20}, lr=0.05)]),
    ("himmelblau", [1.0, 1.0], 300, None,
     [run("adafactor", {"name": "inverse_time", "decay": 0.05}, lr=0.1, weight_decay=0.01),
      run("adafactor", {"name": "cosine"}, lr=0.5)]),
    # gradient noise
    ("booth", [-6.0, 8.0], 300, {"std": 0.5, "seed": 7},
     [run("sgd", lr=0.02), run("momentum"), run("adam", lr=0.05)]),
    ("himmelblau", [0.5, 0.5], 300, {"std": 2.0, "seed": 12345},
     [run("nadam", lr=0.02), run("rmsprop"), run("adagrad", lr=0.3)]),
    ("elongated_bowl", [-8.0, 2.5], 200, {"std": 0.1, "seed": 4294967295},
     [run("nag", lr=0.02), run("adadelta"), run("adabelief", lr=0.05), run("amos", lr=0.05)]),
    ("rosenbrock", [-1.2, 1.0], 500, {"std": 1.0, "seed": 42},
     [run("adamw", lr=0.01), run("lion", lr=0.001)]),
    ("booth", [-6.0, 8.0], 300, {"std": 0.5, "seed": 11},
     [run("adamax", lr=0.05), run("radam", lr=0.05, weight_decay=0.01), run("asgd")]),
    ("six_hump_camel", [0.5, 0.9], 300, {"std": 0.3, "seed": 5},
     [run("rprop", lr=0.05), run("adafactor", lr=0.05)]),
    ("matyas", [4.0, -7.0], 200, {"std": 5.0, "seed": 3},
     [run("adam", {"name": "warmup", "warmup_steps": 20}, lr=0.1)]),
    # divergence
    ("rosenbrock", [-1.2, 1.0], 100, None, [run("sgd", lr=1.0)]),
    ("monkey_saddle", [-0.5, 0.2], 300, None, [run("momentum"), run("sgd", lr=0.05)]),
    ("saddle", [1.0, 0.001], 200, None, [run("sgd", lr=0.3), run("adam", lr=0.01)]),
    ("elongated_bowl", [3.0, 1.0], 300, None, [run("nag", lr=0.1, momentum=0.5)]),
    ("rosenbrock", [-1.2, 1.0], 100, {"std": 0.5, "seed": 99}, [run("sgd", lr=0.01)]),
    ("saddle", [1.0, 0.01], 200, None,
     [run("sgd", lr=0.3, weight_decay=0.5), run("rmsprop", lr=0.5, centered=True, momentum=0.9)]),
    ("saddle", [1.0, 0.01], 300, None,
     [run("asgd", lr=0.3), run("adafactor", lr=1.0, d=10.0), run("radam", lr=0.5),
      run("adamax", lr=2.0)]),
    ("rosenbrock", [-1.2, 1.0], 100, None, [run("rprop", lr=0.5, eta_plus=5.0, step_max=100.0)]),
]  # fmt: skip


FORMULA_NAMES = {expression: f"formula{i}" for i, expression in enumerate(FORMULAS)}


def formula(expression: str) -> dict[str, Any]:
    return {"expression": expression, "domain": FORMULA_DOMAIN}


# CONTRACT 4b's second-order optimizers, as (surface, start, steps, noise, runs, extra): extra
# holds further request fields (mini-batches, standardisation).
SECOND_ORDER_CASES: list[
    tuple[Any, list[float], int, dict[str, Any] | None, list[dict[str, Any]], dict[str, Any]]
] = [
    # L-BFGS: defaults (strong-Wolfe line search), no line search, history sizes
    ("rosenbrock", [-1.2, 1.0], 60, None,
     [run("lbfgs"), run("lbfgs", history_size=2), run("lbfgs", history_size=50)], {}),
    ("beale", [1.0, 1.5], 60, None,
     [run("lbfgs"), run("lbfgs", lr=0.05, line_search="none"),
      run("lbfgs", lr=0.2, history_size=3, line_search="none")], {}),
    ("himmelblau", [0.5, -0.5], 60, None,
     [run("lbfgs", lr=0.5), run("lbfgs", lr=0.1, history_size=1, line_search="none")], {}),
    ("six_hump_camel", [1.6, -0.9], 60, None, [run("lbfgs", lr=0.3, history_size=5)], {}),
    # a schedule and noise
    ("booth", [-6.0, 8.0], 60, {"std": 0.5, "seed": 31},
     [run("lbfgs", {"name": "exponential", "gamma": 0.95}),
      run("lbfgs", {"name": "cosine"}, lr=0.05, line_search="none")], {}),
    ("elongated_bowl", [-8.0, 2.5], 60, None,
     [run("lbfgs", {"name": "step", "step_size": 10, "gamma": 0.5}, lr=0.5, history_size=4)],
     {}),
    # a typed formula, and mini-batches on data (every closure call on the update's batch)
    (formula(list(FORMULAS)[0]), [2.5, -2.0], 50, None,
     [run("lbfgs"), run("lbfgs", lr=0.2, line_search="none")], {}),
    ("iris_species", [8.0, -2.0], 60, None,
     [run("lbfgs"), run("lbfgs", lr=0.5, line_search="none")],
     {"standardize": True, "batch": {"size": 16, "seed": 5}}),
    ("iris_petals", [1.8, -1.2], 60, {"std": 0.1, "seed": 3},
     [run("lbfgs", history_size=3)], {"batch": {"size": 32, "seed": 8}}),
    # divergence
    ("saddle", [1.0, 0.01], 60, None, [run("lbfgs"), run("lbfgs", line_search="none")], {}),
    ("rosenbrock", [-1.2, 1.0], 60, None, [run("lbfgs", lr=5.0, line_search="none")], {}),
    # Newton: one step to a quadratic's minimum; damped and undamped; attracted to saddles
    ("booth", [-6.0, 8.0], 20, None, [run("newton"), run("newton", lr=0.5, damping=2.0)], {}),
    ("rosenbrock", [-1.2, 1.0], 40, None, [run("newton", damping=1.0), run("newton", lr=0.3)], {}),
    ("rosenbrock", [0.0, 0.5], 20, None, [run("newton")], {}),
    ("himmelblau", [0.5, -0.5], 40, None,
     [run("newton"), run("newton", damping=10.0), run("newton", lr=0.2, damping=0.5)], {}),
    ("saddle", [1.0, 0.5], 20, None, [run("newton"), run("newton", damping=0.5)], {}),
    ("monkey_saddle", [1.2, 0.05], 40, None, [run("newton", lr=0.5)], {}),
    ("six_hump_camel", [1.6, -0.9], 40, None, [run("newton", damping=5.0)], {}),
    ("beale", [1.0, 1.5], 40, None, [run("newton", lr=0.5, damping=1.0)], {}),
    ("rastrigin", [2.1, -1.9], 30, None, [run("newton", damping=100.0)], {}),
    ("ackley", [1.5, -2.2], 30, None, [run("newton", damping=20.0)], {}),
    ("levy13", [0.4, -0.6], 30, None, [run("newton", damping=100.0)], {}),
    ("three_hump_camel", [1.8, -1.4], 30, None, [run("newton", lr=0.5)], {}),
    ("styblinski_tang", [0.3, -0.6], 30, None, [run("newton", damping=20.0)], {}),
    ("matyas", [5.0, 3.0], 10, None, [run("newton", lr=0.7)], {}),
    # a schedule and noise
    ("elongated_bowl", [-8.0, 2.5], 60, {"std": 0.3, "seed": 13},
     [run("newton", {"name": "cosine"}, lr=0.5, damping=0.5),
      run("newton", {"name": "warmup", "warmup_steps": 10})], {}),
    # typed formulas
    (formula(list(FORMULAS)[0]), [2.5, -2.0], 30, None,
     [run("newton"), run("newton", damping=1.0)], {}),
    (formula(list(FORMULAS)[1]), [1.5, 2.0], 30, None, [run("newton", damping=5.0)], {}),
    (formula(list(FORMULAS)[2]), [-2.0, 2.5], 30, None, [run("newton", lr=0.5, damping=1.0)], {}),
    # data, full and mini-batched
    ("iris_petals", [1.8, -1.2], 10, None, [run("newton"), run("newton", lr=0.5)], {}),
    ("iris_species", [1.0, -1.0], 30, None, [run("newton")], {}),
    ("iris_species", [8.0, -2.0], 60, None,
     [run("newton", lr=0.5), run("newton", damping=0.1)],
     {"standardize": True, "batch": {"size": 16, "seed": 5}}),
    ("engel_food", [0.7, -0.6], 30, {"std": 0.01, "seed": 2},
     [run("newton", lr=0.5)], {"batch": {"size": 50, "seed": 1}}),
    # a singular system: diverged
    ("saddle", [1.0, 0.5], 20, None, [run("newton", damping=2.0)], {}),
    (formula(list(FORMULAS)[3]), [1.0, 2.0], 20, None, [run("newton")], {}),
]  # fmt: skip


def case_name(
    surface: Any, noise: dict[str, Any] | None, runs: list[dict[str, Any]],
    extra: dict[str, Any] | None = None,
) -> str:  # fmt: skip
    """E.g. `adam(lr=0.1)+step(step_size=60,gamma=0.3)_on_himmelblau_noise2_seed7`."""

    def args(d: dict[str, Any]) -> str:
        def value(v: Any) -> str:
            if isinstance(v, bool):
                return str(v).lower()
            return v if isinstance(v, str) else format(v, "g")

        text = ",".join(f"{k}={value(v)}" for k, v in d.items() if k != "name")
        return f"({text})" if text else ""

    def one(spec: dict[str, Any]) -> str:
        name = spec["optimizer"] + (args(spec["params"]) if "params" in spec else "_defaults")
        schedule = spec.get("schedule")
        return name + (f"+{schedule['name']}{args(schedule)}" if schedule else "")

    tag = "_".join(one(s) for s in runs) if len(runs) <= 4 else f"all{len(runs)}_defaults"
    noisy = f"_noise{noise['std']:g}_seed{noise['seed']}" if noise else ""
    where = FORMULA_NAMES[surface["expression"]] if isinstance(surface, dict) else surface
    extra = extra or {}
    if extra.get("standardize"):
        where += "_standardized"
    if "batch" in extra:
        where += f"_batch{extra['batch']['size']}_seed{extra['batch']['seed']}"
    return f"{tag}_on_{where}{noisy}"


def main() -> None:
    torch.set_default_dtype(torch.float64)
    # --add: keep the fixture's cases and compute only those it lacks
    known = {}
    if "--add" in sys.argv and FIXTURE.exists():
        known = {c["name"].removesuffix("_diverges"): c for c in json.loads(FIXTURE.read_text())}
    cases: list[dict[str, Any]] = []
    names: set[str] = set()
    every = [(*case, {}) for case in CASES] + SECOND_ORDER_CASES
    for surface, start, steps, noise, runs, extra in every:
        request: dict[str, Any] = {"surface": surface, "start": start, "steps": steps, "runs": runs}
        if noise is not None:
            request["noise"] = noise
        request |= extra
        name = case_name(surface, noise, runs, extra)
        assert name not in names, name
        names.add(name)
        if name in known:
            cases.append(known[name])
            continue
        print(f"computing {name}", flush=True)
        result = conditioned(request)
        if result is None:
            print(f"dropped {name}: ill-conditioned before step {MIN_STEPS}")
            continue
        request, expected = result
        if request["steps"] != steps:
            print(f"shortened {name}: {steps} -> {request['steps']} steps")
        if any(r["status"] == "diverged" for r in expected):
            name += "_diverges"
        cases.append({"name": name, "request": request, "expected": {"runs": expected}})
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    FIXTURE.write_text(json.dumps(cases, separators=(",", ":")) + "\n")
    runs = [r for c in cases for r in c["expected"]["runs"]]
    print(
        f"{len(cases)} cases, {len(runs)} runs "
        f"({sum(r['status'] == 'diverged' for r in runs)} diverged), "
        f"{FIXTURE.stat().st_size / 1e6:.2f} MB -> {FIXTURE}"
    )


if __name__ == "__main__":
    main()
