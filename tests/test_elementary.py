"""The network's elementary functions against numpy's (libm's): within their ulp bounds across
every scale, edges exact."""

import math

import numpy as np
from numba import njit

from app.elementary import exp_negative, exp_parts, log1p_unit, pow2, tanh


@njit(error_model="numpy")
def each(fn: int, xs: np.ndarray) -> np.ndarray:
    """fn 0: tanh, 1: e^x from exp_parts, 2: pow2, 3: exp_negative, 4: log1p_unit of each of xs,
    compiled as the network uses them."""
    out = np.empty_like(xs)
    for i in range(xs.shape[0]):
        x = xs[i]
        if fn == 0:
            out[i] = tanh(x)
        elif fn == 1:
            p, q, scale = exp_parts(x)
            out[i] = (1.0 + 2.0 * p / (q - p)) * scale
        elif fn == 2:
            out[i] = pow2(int(x))
        elif fn == 3:
            out[i] = exp_negative(x)
        else:
            out[i] = log1p_unit(x)
    return out


def tanh_all(xs: np.ndarray) -> np.ndarray:
    return each(0, xs)


def ulps(ours: np.ndarray, theirs: np.ndarray) -> np.ndarray:
    return np.abs(ours - theirs) / np.spacing(np.maximum(np.abs(theirs), np.finfo(float).tiny))


def test_tanh_within_three_ulp_across_every_scale() -> None:
    rng = np.random.default_rng(7)
    xs = np.concatenate([
        rng.normal(0.0, 3.0, 200_000),
        rng.uniform(-0.4, 0.4, 20_000),  # where n = 0 and n = 1 meet (|x| ≈ 0.17)
        rng.uniform(18.0, 22.0, 20_000),  # where tanh saturates
        np.sign(rng.normal(size=20_000)) * 10.0 ** rng.uniform(-300, 0, 20_000),  # tiny
    ])  # fmt: skip
    assert ulps(tanh_all(xs), np.tanh(xs)).max() <= 3.0


def test_edges() -> None:
    xs = np.array([0.0, -0.0, math.inf, -math.inf, math.nan, 1e300, -1e300, 5e-324, 0.173, 20.0])
    ours = tanh_all(xs)
    assert np.array_equal(ours[:4], [0.0, 0.0, 1.0, -1.0])
    assert np.signbit(ours[1]) and not np.signbit(ours[0])
    assert math.isnan(ours[4])
    assert list(ours[5:8]) == [1.0, -1.0, 5e-324]
    assert ulps(ours[8:], np.tanh(xs[8:])).max() <= 3.0


def test_its_exp_and_powers_of_two() -> None:
    powers = np.arange(-1022.0, 1024.0)
    assert np.array_equal(each(2, powers), 2.0**powers)
    ys = np.linspace(0.0, 40.0, 40_001)
    assert ulps(each(1, ys), np.exp(ys)).max() <= 1.0


def test_exp_negative_from_one_to_underflow() -> None:
    rng = np.random.default_rng(3)
    ys = np.concatenate([
        rng.uniform(0.0, 50.0, 100_000),
        10.0 ** rng.uniform(-300, 2.85, 100_000),  # tiny to past the underflow
        rng.uniform(700.0, 750.0, 10_000),  # through the subnormals
    ])  # fmt: skip
    ours, theirs = each(3, ys), np.exp(-ys)
    normal = theirs >= np.finfo(float).tiny
    assert ulps(ours[normal], theirs[normal]).max() <= 2.0
    assert np.abs(ours[~normal] - theirs[~normal]).max() <= 5e-324  # one subnormal step
    edges = each(3, np.array([0.0, 746.0, 1e300, math.inf, math.nan]))
    assert list(edges[:4]) == [1.0, 0.0, 0.0, 0.0] and math.isnan(edges[4])


def test_log1p_on_the_unit_interval() -> None:
    rng = np.random.default_rng(4)
    es = np.concatenate([
        rng.uniform(0.0, 1.0, 200_000),
        10.0 ** rng.uniform(-320, 0, 100_000),
        [0.0, 1.0, math.sqrt(2.0) - 1.0, np.nextafter(math.sqrt(2.0) - 1.0, 1.0), 5e-324],
    ])  # fmt: skip
    assert ulps(each(4, es), np.log1p(es)).max() <= 1.0
    assert math.isnan(each(4, np.array([math.nan]))[0])
