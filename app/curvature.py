"""Exact second derivatives of every landscape, and the landscape as an objective for closures.

Newton's method needs the Hessian of the loss an update uses; L-BFGS needs to evaluate that loss
(and its gradient, noise included) at other points than the current one. Both are here, beside
`landscape.point`: `hessian` dispatches like `point` (built-in surface: the analytic second
derivatives below; typed formula: second-order forward-mode AD, `program.run_program_hessian`;
data: the model's Hessian over the update's rows), and `objective(env, x, g)` is the loss of one
update as a function of the point, the form `second_order.lbfgs_rule` takes (another objective,
with another `env`, can be passed to the same rule).
"""

import math

import numpy as np
from numpy.typing import NDArray

from app.datasets import LINEAR, model_loss
from app.jit import inline_kernel, kernel
from app.landscape import FORMULA, Landscape, point
from app.program import run_program_hessian

PI = math.pi
Floats = NDArray[np.float64]
Ints = NDArray[np.int64]


@kernel
def surface_hessian(surface: int, x: float, y: float) -> tuple[float, float, float]:
    """(∂²f/∂x², ∂²f/∂x∂y, ∂²f/∂y²) of the built-in surface with index `surface` (the order of
    surfaces.SURFACES; their formulas are CONTRACT section 5)."""
    if surface == 0:  # saddle
        return 2.0, 0.0, -2.0
    if surface == 1:  # monkey saddle
        return 6.0 * x, -6.0 * y, -6.0 * x
    if surface == 2:  # rosenbrock
        return 2.0 - 400.0 * (y - x * x) + 800.0 * x * x, -400.0 * x, 200.0
    if surface == 3:
        return beale_hessian(x, y)
    if surface == 4:  # booth
        return 10.0, 8.0, 10.0
    if surface == 5:  # himmelblau
        return 12.0 * x * x + 4.0 * y - 42.0, 4.0 * (x + y), 12.0 * y * y + 4.0 * x - 26.0
    if surface == 6:  # rastrigin
        return (
            2.0 + 40.0 * PI * PI * math.cos(2 * PI * x),
            0.0,
            2.0 + 40.0 * PI * PI * math.cos(2 * PI * y),
        )
    if surface == 7:
        return ackley_hessian(x, y)
    if surface == 8:  # three-hump camel
        return 4.0 - 12.6 * x * x + 5.0 * x**4, 1.0, 2.0
    if surface == 9:  # six-hump camel
        return 8.0 - 25.2 * x * x + 10.0 * x**4, 1.0, -8.0 + 48.0 * y * y
    if surface == 10:  # matyas
        return 0.52, -0.48, 0.52
    if surface == 11:  # elongated bowl
        return 1.0, 0.0, 25.0
    if surface == 12:  # styblinski-tang
        return 6.0 * x * x - 16.0, 0.0, 6.0 * y * y - 16.0
    return levy13_hessian(x, y)


@inline_kernel
def beale_hessian(x: float, y: float) -> tuple[float, float, float]:
    """f = a² + b² + c², so f_ij = 2Σ(u_i·u_j + u·u_ij) over u = a, b, c."""
    a, b, c = 1.5 - x + x * y, 2.25 - x + x * y * y, 2.625 - x + x * y**3
    ax, bx, cx = y - 1.0, y * y - 1.0, y**3 - 1.0
    ay, by, cy = x, 2.0 * x * y, 3.0 * x * y * y
    hxx = 2.0 * (ax * ax + bx * bx + cx * cx)
    hxy = 2.0 * (ax * ay + a + bx * by + b * 2.0 * y + cx * cy + c * 3.0 * y * y)
    hyy = 2.0 * (ay * ay + by * by + b * 2.0 * x + cy * cy + c * 6.0 * x * y)
    return hxx, hxy, hyy


@inline_kernel
def ackley_hessian(x: float, y: float) -> tuple[float, float, float]:
    """The cone −20·exp(−0.2r), r = √(½(x² + y²)), has gradient ρ·(x, y) with ρ = 2e^(−0.2r)/r
    and Hessian ρ·I + k·(x, y)(x, y)ᵀ with k = −e^(−0.2r)(0.2r + 1)/r³ (infinite at the
    origin); the waves −e^W, W = ½(cos 2πx + cos 2πy), add π²e^W times
    [2cos 2πx − sin² 2πx, −sin 2πx·sin 2πy; ·, 2cos 2πy − sin² 2πy]."""
    r = math.sqrt(0.5 * (x * x + y * y))
    cone = math.exp(-0.2 * r)
    radial = 2.0 * cone / r
    k = -cone * (0.2 * r + 1.0) / (r * r * r)
    waves = math.exp(0.5 * (math.cos(2 * PI * x) + math.cos(2 * PI * y)))
    sx, sy = math.sin(2 * PI * x), math.sin(2 * PI * y)
    wxx = PI * PI * waves * (2.0 * math.cos(2 * PI * x) - sx * sx)
    wyy = PI * PI * waves * (2.0 * math.cos(2 * PI * y) - sy * sy)
    return radial + k * x * x + wxx, k * x * y - PI * PI * waves * sx * sy, radial + k * y * y + wyy


@inline_kernel
def levy13_hessian(x: float, y: float) -> tuple[float, float, float]:
    s3y, s2y = math.sin(3 * PI * y), math.sin(2 * PI * y)
    hxx = 18 * PI * PI * math.cos(6 * PI * x) + 2.0 * (1.0 + s3y * s3y)
    hxy = 6 * PI * (x - 1.0) * math.sin(6 * PI * y)
    hyy = (
        18 * PI * PI * (x - 1.0) ** 2 * math.cos(6 * PI * y)
        + 2.0 * (1.0 + s2y * s2y)
        + 8 * PI * (y - 1.0) * math.sin(4 * PI * y)
        + 8 * PI * PI * (y - 1.0) ** 2 * math.cos(4 * PI * y)
    )
    return hxx, hxy, hyy


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
