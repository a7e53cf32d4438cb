"""The network's tanh against numpy's (libm's): within 2 ulp everywhere, edges exact."""

import math

import numpy as np
from numba import njit

from app.tanh import exp_moderate, pow2, tanh


@njit(error_model="numpy")
def each(fn: int, xs: np.ndarray) -> np.ndarray:
    """fn 0: tanh, 1: exp_moderate, 2: pow2 of each of xs, compiled as the network uses them."""
    out = np.empty_like(xs)
    for i in range(xs.shape[0]):
        out[i] = tanh(xs[i]) if fn == 0 else exp_moderate(xs[i]) if fn == 1 else pow2(int(xs[i]))
    return out


def tanh_all(xs: np.ndarray) -> np.ndarray:
    return each(0, xs)


def ulps(ours: np.ndarray, theirs: np.ndarray) -> np.ndarray:
    return np.abs(ours - theirs) / np.spacing(np.maximum(np.abs(theirs), np.finfo(float).tiny))


def test_within_two_ulp_across_every_scale() -> None:
    rng = np.random.default_rng(7)
    xs = np.concatenate([
        rng.normal(0.0, 3.0, 200_000),
        rng.uniform(0.6, 0.65, 20_000),  # where the two forms meet
        rng.uniform(18.0, 22.0, 20_000),  # where tanh saturates
        np.sign(rng.normal(size=20_000)) * 10.0 ** rng.uniform(-300, 0, 20_000),  # tiny
    ])  # fmt: skip
    assert ulps(tanh_all(xs), np.tanh(xs)).max() <= 2.0


def test_edges() -> None:
    xs = np.array([0.0, -0.0, math.inf, -math.inf, math.nan, 1e300, -1e300, 5e-324, 0.625])
    ours = tanh_all(xs)
    assert np.array_equal(ours[:4], [0.0, 0.0, 1.0, -1.0])
    assert np.signbit(ours[1]) and not np.signbit(ours[0])
    assert math.isnan(ours[4])
    assert list(ours[5:8]) == [1.0, -1.0, 5e-324]
    assert ulps(ours[8:], np.tanh(xs[8:])).max() <= 2.0


def test_its_exp_and_powers_of_two() -> None:
    powers = np.arange(-1022.0, 1024.0)
    assert np.array_equal(each(2, powers), 2.0**powers)
    ys = np.linspace(0.0, 40.0, 40_001)
    assert ulps(each(1, ys), np.exp(ys)).max() <= 1.0
