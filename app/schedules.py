"""Learning-rate schedules (CONTRACT section 6): lr_t = lr · factor(t) for update t (0-based).

A schedule is evaluated once per run into a table of per-step learning rates, which the compiled
engine loop reads; nothing here runs per step.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from app.optimizers import Param

Factor = Callable[[NDArray[np.float64], float, Mapping[str, float]], NDArray[np.float64]]


@dataclass(frozen=True)
class Schedule:
    id: str
    name: str
    description: str
    params: tuple[Param, ...]
    factor: Factor  # (t, base lr, params) -> factor(t)


def _cosine(t: NDArray[np.float64], lr: float, p: Mapping[str, float]) -> NDArray[np.float64]:
    ratio = p["eta_min"] / lr
    return (
        ratio + (1.0 - ratio) * (1.0 + np.cos(np.pi * np.minimum(t, p["t_max"]) / p["t_max"])) / 2
    )


GAMMA_DOC = "multiplies the learning rate"
SCHEDULES: tuple[Schedule, ...] = (
    Schedule("constant", "Constant", "The same learning rate at every step.", (),
             lambda t, lr, p: np.ones_like(t)),
    Schedule("step", "Step decay", "Multiply the rate by gamma every step_size steps.",
             (Param("step_size", 100, 1, 1e9, False, "steps between drops"),
              Param("gamma", 0.5, 1e-6, 1.0, False, "factor applied at each drop")),
             lambda t, lr, p: p["gamma"] ** np.floor(t / p["step_size"])),
    Schedule("exponential", "Exponential decay", "Multiply the rate by gamma after every step.",
             (Param("gamma", 0.99, 1e-6, 1.0, False, "factor applied every step"),),
             lambda t, lr, p: p["gamma"] ** t),
    Schedule("cosine", "Cosine annealing", "Glide from lr down to eta_min over t_max steps.",
             (Param("t_max", 500, 1, 1e9, False, "steps to reach eta_min (default: all steps)"),
              Param("eta_min", 0.0, 0.0, 10.0, False, "the rate at the end")), _cosine),
    Schedule("inverse_time", "Inverse-time decay", "lr / (1 + decay·t): the classic SGD decay.",
             (Param("decay", 0.01, 0.0, 10.0, False, "how fast the rate falls"),),
             lambda t, lr, p: 1.0 / (1.0 + p["decay"] * t)),
    Schedule("warmup", "Linear warm-up", "Ramp the rate up linearly over warmup_steps steps.",
             (Param("warmup_steps", 50, 1, 1e9, False, "steps to reach the full rate"),),
             lambda t, lr, p: np.minimum(1.0, (t + 1.0) / p["warmup_steps"])),
)  # fmt: skip

SCHEDULE_INDEX: dict[str, Schedule] = {s.id: s for s in SCHEDULES}


def resolve(schedule_id: str, given: Mapping[str, float], steps: int) -> dict[str, float]:
    """The schedule's full parameter set: the given values over the defaults (t_max = steps)."""
    schedule = SCHEDULE_INDEX[schedule_id]
    values = {p.name: float(p.default) for p in schedule.params}
    if "t_max" in values:
        values["t_max"] = float(steps)
    values.update({k: float(v) for k, v in given.items()})
    return values


def learning_rates(
    schedule_id: str, params: Mapping[str, float], lr: float, steps: int
) -> NDArray[np.float64]:
    """(steps,) array of the learning rate of each update."""
    t = np.arange(steps, dtype=np.float64)
    return lr * SCHEDULE_INDEX[schedule_id].factor(t, lr, params)
