"""Exact second derivatives of every landscape, and the landscape as an objective for closures.

Newton's method needs the Hessian of the loss an update uses; L-BFGS needs to evaluate that loss
(and its gradient, noise included) at other points than the current one. Both are here, beside
`landscape.point`: `hessian` dispatches like `point` (built-in surface: the analytic second
derivatives its declaration carries; typed formula: second-order forward-mode AD,
`program.run_program_hessian`; data: the model's Hessian over the update's rows), and
`objective(env, x, g)` is the loss of one update as a function of the point, the form
`second_order.lbfgs_rule` takes (another objective, with another `env`, can be passed to the same
rule).
"""

import math

import numpy as np
from numpy.typing import NDArray

from app.datasets import LINEAR, model_loss
from app.jit import inline_kernel, kernel
from app.landscape import FORMULA, Landscape, point
from app.program import run_program_hessian
from app.surfaces import surface_hessian

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]


@inline_kernel
def model_hessian(
    kind: int, data: Floats, rows: Ints, count: int, x: float, y: float
) -> tuple[float, float, float]:
    """The Hessian of datasets.model_loss over rows[:count] (count < 0: every row): linear,
    mean(2·[t², t; t, 1]); logistic, mean(σ(z)(1 − σ(z))·[t1², t1·t2; t1·t2, t2²])."""
    n = data.shape[0] if count < 0 else count
    hxx = hxy = hyy = 0.0
    for i in range(n):
        r = i if count < 0 else rows[i]
        t1, t2 = data[r, 0], data[r, 1]
        if kind == LINEAR:
            hxx += 2.0 * t1 * t1
            hxy += 2.0 * t1
            hyy += 2.0
        else:
            z = x * t1 + y * t2
            sigmoid = 1.0 / (1.0 + math.exp(-z)) if z >= 0.0 else math.exp(z) / (1.0 + math.exp(z))
            w = sigmoid * (1.0 - sigmoid)
            hxx += w * t1 * t1
            hxy += w * t1 * t2
            hyy += w * t2 * t2
    return hxx / n, hxy / n, hyy / n


@inline_kernel
def hessian(
    kind: int, code: Ints, args: Ints, consts: Floats, stack: Floats, data: Floats, rows: Ints,
    count: int, p: Floats, out: Floats,
) -> None:  # fmt: skip
    """Write into out (2, 2) the Hessian at p of the loss an update uses: for data, over
    rows[:count] (count < 0: every row); `stack` is (depth, 6) scratch for a formula."""
    x, y = p[0], p[1]
    if kind == FORMULA:
        hxx, hxy, hyy = run_program_hessian(code, args, consts, stack, x, y)
    elif kind <= LINEAR:
        hxx, hxy, hyy = model_hessian(kind, data, rows, count, x, y)
    else:
        hxx, hxy, hyy = surface_hessian(kind, x, y)
    out[0, 0], out[0, 1], out[1, 0], out[1, 1] = hxx, hxy, hxy, hyy


@kernel
def objective(env: tuple, x: Floats, g: Floats) -> float:  # type: ignore[type-arg]
    """The loss of one update at the point x, its gradient (plus the update's noise) into g.
    env = (kind, code, args, consts, stack, data, rows, count, noise): the landscape, the
    update's mini-batch rows[:count] (count < 0: full data) and its noise (2,)."""
    kind, code, args, consts, stack, data, rows, count, noise = env
    if count >= 0:
        f, gx, gy = model_loss(kind, data, rows, count, x[0], x[1])
    else:
        f, gx, gy = point(kind, code, args, consts, stack, data, x[0], x[1])
    g[0] = gx + noise[0]
    g[1] = gy + noise[1]
    return f


def hessian_at(land: Landscape, x: float, y: float) -> Floats:
    """The (2, 2) full-data Hessian at (x, y) (for tests and tools)."""
    out = np.empty((2, 2))
    stack = np.empty((land.depth, 6))
    full_hessian(land.kind, land.code, land.args, land.consts, stack, land.data,
                 np.array([x, y]), out)  # fmt: skip
    return out


@kernel
def full_hessian(
    kind: int, code: Ints, args: Ints, consts: Floats, stack: Floats, data: Floats, p: Floats,
    out: Floats,
) -> None:  # fmt: skip
    hessian(kind, code, args, consts, stack, data, code, -1, p, out)
