"""Schedules: the factor formulas of CONTRACT section 6."""

import math

import numpy as np
import pytest

from app.schedules import SCHEDULES, learning_rates, resolve


def lrs(name: str, lr: float, steps: int, **given: float) -> np.ndarray:
    return learning_rates(name, resolve(name, given, steps), lr, steps)


def test_constant_keeps_the_rate() -> None:
    assert np.all(lrs("constant", 0.3, 10) == 0.3)


def test_step_decay_drops_by_gamma_every_step_size() -> None:
    out = lrs("step", 1.0, 25, step_size=10, gamma=0.5)
    assert out[9] == 1.0 and out[10] == 0.5 and out[20] == 0.25


def test_exponential_multiplies_by_gamma_each_step() -> None:
    assert lrs("exponential", 2.0, 5, gamma=0.9)[4] == pytest.approx(2.0 * 0.9**4, rel=1e-15)


def test_cosine_defaults_t_max_to_steps_and_ends_at_eta_min() -> None:
    out = lrs("cosine", 1.0, 101, eta_min=0.1)
    assert out[0] == 1.0
    assert out[50] == pytest.approx(0.1 + 0.9 * (1 + math.cos(math.pi * 50 / 101)) / 2)
    clipped = lrs("cosine", 1.0, 30, t_max=10, eta_min=0.2)
    assert clipped[10] == pytest.approx(0.2) and clipped[29] == pytest.approx(0.2)


def test_inverse_time_and_warmup() -> None:
    assert lrs("inverse_time", 1.0, 5, decay=0.5)[4] == pytest.approx(1 / 3)
    warm = lrs("warmup", 1.0, 10, warmup_steps=4)
    assert list(warm[:5]) == [0.25, 0.5, 0.75, 1.0, 1.0]


def test_every_schedule_declares_its_contract_params() -> None:
    names = {s.id: {p.name for p in s.params} for s in SCHEDULES}
    assert names == {
        "constant": set(),
        "step": {"step_size", "gamma"},
        "exponential": {"gamma"},
        "cosine": {"t_max", "eta_min"},
        "inverse_time": {"decay"},
        "warmup": {"warmup_steps"},
    }
