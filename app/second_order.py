"""Update rules that need more than the gradient: L-BFGS (a closure) and Newton (the Hessian).

Both are dimension-general (n = p.shape[0]) and independent of what is being optimized:

- `lbfgs_rule(p, g, s, h, t, lr, d, f, objective, env)` is torch.optim.LBFGS's `step(closure)`
  with max_iter=1, max_eval=25 (torch 2.13), ported line by line with its line search
  `_strong_wolfe` and `_cubic_interpolate`. `f` and `g` are the closure's first answer at p (the
  engine has them already); `objective(env, x, g_out) -> f` is the closure at another point x,
  a compiled function taking its data in the tuple `env` (see curvature.objective).
- `newton_rule(p, g, s, h, t, lr, d, hess)`: x ← x − lr·solve(H + damping·I, g), H (n, n).

L-BFGS's state row (torch's names, n = len(p), m = history_size): d (n), t, H_diag,
prev_flat_grad (n), prev_loss, n_iter, func_evals, history (how many (y, s) pairs are kept,
len(old_dirs)), then old_dirs (m·n), old_stps (m·n), ro (m) and al (m).
"""

import math
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from app.jit import inline_kernel, rule_kernel

Vec = NDArray[np.float64]
Objective = Callable[[tuple[Any, ...], Vec, Vec], float]  # (env, x, g) -> f, g written
TOLERANCE_GRAD = 1e-7  # torch.optim.LBFGS's defaults
TOLERANCE_CHANGE = 1e-9
MAX_EVAL = 25  # CONTRACT 4b: max_iter=1, max_eval=25
C1, C2 = 1e-4, 0.9  # _strong_wolfe's defaults


@inline_kernel
def pymax(a: float, b: float) -> float:
    """Python's max(a, b) (a unless b > a), NaN handling included."""
    return b if b > a else a


@inline_kernel
def pymin(a: float, b: float) -> float:
    return b if b < a else a


@inline_kernel
def abs_max(v: Vec) -> float:
    """torch's v.abs().max(): NaN if any entry is NaN."""
    out: float = abs(v[0])
    for i in range(1, v.shape[0]):
        if not abs(v[i]) <= out:
            out = abs(v[i])
    return out


@inline_kernel
def dot(a: Vec, b: Vec) -> float:
    total = 0.0
    for i in range(a.shape[0]):
        total += a[i] * b[i]
    return total


@inline_kernel
def cubic_interpolate(
    x1: float, f1: float, g1: float, x2: float, f2: float, g2: float, lo: float, hi: float
) -> float:
    """torch's _cubic_interpolate: the minimiser of the cubic through (x1, f1, g1) and
    (x2, f2, g2), clipped to [lo, hi] (pass lo = hi = nan for the bounds (min x, max x))."""
    if lo != lo:
        lo, hi = (x1, x2) if x1 <= x2 else (x2, x1)
    d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2)
    d2_square = d1 * d1 - g1 * g2
    if d2_square >= 0:
        d2 = math.sqrt(d2_square)
        if x1 <= x2:
            min_pos = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
        else:
            min_pos = x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2))
        return pymin(pymax(min_pos, lo), hi)
    return (lo + hi) / 2.0


@inline_kernel
def evaluate_along(
    objective: Objective, env: tuple[Any, ...], p: Vec, t: float, d: Vec, x: Vec, g: Vec
) -> float:
    """torch's _directional_evaluate: the loss at p + t·d, its gradient into g."""
    for i in range(p.shape[0]):
        x[i] = p[i] + t * d[i]
    return objective(env, x, g)


@inline_kernel
def strong_wolfe(
    objective: Objective, env: tuple[Any, ...], p: Vec, t: float, d: Vec, f: float, g: Vec,
    gtd: float, max_ls: int, g_out: Vec,
) -> tuple[float, float, int]:  # fmt: skip
    """torch's _strong_wolfe (c1 = 1e-4, c2 = 0.9, tolerance_change = 1e-9): a step t along d
    meeting the strong Wolfe conditions. Returns (f_new, t, evaluations), g_new into g_out."""
    n = p.shape[0]
    x, g_new, g_prev = np.empty(n), np.empty(n), g.copy()
    bracket, bracket_f, bracket_gtd = np.zeros(2), np.zeros(2), np.zeros(2)
    bracket_g = np.zeros((2, n))
    d_norm = abs_max(d)
    f_new = evaluate_along(objective, env, p, t, d, x, g_new)
    ls_func_evals = 1
    gtd_new = dot(g_new, d)
    t_prev, f_prev, gtd_prev = 0.0, f, gtd
    done = False
    size = 0  # entries of the bracket (1 or 2) once found
    ls_iter = 0
    while ls_iter < max_ls:
        # the bracket is [t_prev, t] if the conditions fail there or the slope turned
        armijo_fails = f_new > (f + C1 * t * gtd) or (ls_iter > 1 and f_new >= f_prev)
        wolfe = not armijo_fails and abs(gtd_new) <= -C2 * gtd
        if wolfe:
            bracket[0], bracket_f[0], bracket_g[0] = t, f_new, g_new
            size, done = 1, True
            break
        if armijo_fails or gtd_new >= 0:
            bracket[0], bracket[1] = t_prev, t
            bracket_f[0], bracket_f[1] = f_prev, f_new
            bracket_g[0], bracket_g[1] = g_prev, g_new
            bracket_gtd[0], bracket_gtd[1] = gtd_prev, gtd_new
            size = 2
            break
        # interpolate
        min_step = t + 0.01 * (t - t_prev)
        max_step = t * 10
        tmp = t
        t = cubic_interpolate(t_prev, f_prev, gtd_prev, t, f_new, gtd_new, min_step, max_step)
        t_prev, f_prev, gtd_prev = tmp, f_new, gtd_new
        g_prev[:] = g_new
        f_new = evaluate_along(objective, env, p, t, d, x, g_new)
        ls_func_evals += 1
        gtd_new = dot(g_new, d)
        ls_iter += 1
    if ls_iter == max_ls:
        bracket[0], bracket[1] = 0.0, t
        bracket_f[0], bracket_f[1] = f, f_new
        bracket_g[0], bracket_g[1] = g, g_new
        size = 2
    # zoom: refine the bracket until a point meets the conditions
    insuf_progress = False
    low, high = (0, 1) if bracket_f[0] <= bracket_f[size - 1] else (1, 0)
    while not done and ls_iter < max_ls:
        if abs(bracket[1] - bracket[0]) * d_norm < TOLERANCE_CHANGE:
            break
        t = cubic_interpolate(bracket[0], bracket_f[0], bracket_gtd[0], bracket[1], bracket_f[1],
                              bracket_gtd[1], math.nan, math.nan)  # fmt: skip
        top, bottom = pymax(bracket[0], bracket[1]), pymin(bracket[0], bracket[1])
        eps = 0.1 * (top - bottom)
        if pymin(top - t, t - bottom) < eps:  # interpolation close to the boundary
            if insuf_progress or t >= top or t <= bottom:
                t = top - eps if abs(t - top) < abs(t - bottom) else bottom + eps
                insuf_progress = False
            else:
                insuf_progress = True
        else:
            insuf_progress = False
        f_new = evaluate_along(objective, env, p, t, d, x, g_new)
        ls_func_evals += 1
        gtd_new = dot(g_new, d)
        ls_iter += 1
        if f_new > (f + C1 * t * gtd) or f_new >= bracket_f[low]:
            # Armijo condition not met, or not lower than the lowest point
            bracket[high], bracket_f[high], bracket_gtd[high] = t, f_new, gtd_new
            bracket_g[high] = g_new
            low, high = (0, 1) if bracket_f[0] <= bracket_f[1] else (1, 0)
        else:
            if abs(gtd_new) <= -C2 * gtd:
                done = True
            elif gtd_new * (bracket[high] - bracket[low]) >= 0:
                # the old high becomes the new low
                bracket[high], bracket_f[high] = bracket[low], bracket_f[low]
                bracket_g[high], bracket_gtd[high] = bracket_g[low], bracket_gtd[low]
            bracket[low], bracket_f[low], bracket_gtd[low] = t, f_new, gtd_new
            bracket_g[low] = g_new
    g_out[:] = bracket_g[low]
    return bracket_f[low], bracket[low], ls_func_evals


@inline_kernel
def two_loop(g: Vec, dirs: Vec, stps: Vec, ro: Vec, al: Vec, count: int, h_diag: float,
             d: Vec) -> None:  # fmt: skip
    """The L-BFGS direction d = −H·g from the kept pairs (torch's loop with one buffer)."""
    n = g.shape[0]
    for i in range(n):
        d[i] = -g[i]
    for k in range(count - 1, -1, -1):
        al[k] = dot(stps[k * n : (k + 1) * n], d) * ro[k]
        for i in range(n):
            d[i] = d[i] + -al[k] * dirs[k * n + i]
    for i in range(n):
        d[i] = d[i] * h_diag
    for k in range(count):
        be_i = dot(dirs[k * n : (k + 1) * n], d) * ro[k]
        for i in range(n):
            d[i] = d[i] + (al[k] - be_i) * stps[k * n + i]


@inline_kernel
def remember(s: Vec, g: Vec, m: int) -> None:
    """torch's memory update: y = g − prev_flat_grad, s = d·t; kept if y·s > 1e-10 (the oldest
    pair dropped when m are kept), and then H_diag = y·s / y·y."""
    n = g.shape[0]
    d, prev = s[0:n], s[n + 2 : 2 * n + 2]
    dirs, stps, ro = lbfgs_history(s, n, m)
    y, step = np.empty(n), np.empty(n)
    for i in range(n):
        y[i] = g[i] - prev[i]
        step[i] = d[i] * s[n]
    ys = dot(y, step)
    if not ys > 1e-10:
        return
    count = int(s[2 * n + 5])
    if count == m:  # shift the history by one
        dirs[: (m - 1) * n] = dirs[n:].copy()
        stps[: (m - 1) * n] = stps[n:].copy()
        ro[: m - 1] = ro[1:].copy()
        count -= 1
    dirs[count * n : (count + 1) * n] = y
    stps[count * n : (count + 1) * n] = step
    ro[count] = 1.0 / ys
    s[2 * n + 5] = count + 1
    s[n + 1] = ys / dot(y, y)


@inline_kernel
def lbfgs_history(s: Vec, n: int, m: int) -> tuple[Vec, Vec, Vec]:
    """old_dirs (m·n), old_stps (m·n) and ro (m) in the state row."""
    start = 2 * n + 6
    return (
        s[start : start + m * n],
        s[start + m * n : start + 2 * m * n],
        s[start + 2 * m * n : start + 2 * m * n + m],
    )


# Inlined where it is called, unlike the other rules: a compiled function passed as a value across
# a call boundary becomes an address in the machine code, which numba cannot cache to disk.
@inline_kernel
def lbfgs_rule(
    p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec, f: float, objective: Objective,
    env: tuple[Any, ...],
) -> None:  # fmt: skip
    """L-BFGS (Nocedal 1980; torch form, one iteration per step): the direction
    −H·g from the last m pairs (y, s) by the two-loop recursion, H₀ = (y·s / y·y)·I; the step
    t·d with t = lr (the first: min(1, 1/‖g‖₁)·lr), or where a strong-Wolfe line search from it
    ends. No step when max|g| ≤ 1e-7 or g·d > −1e-9 (torch's tolerances)."""
    n, m, line_search = p.shape[0], max(1, int(h[1])), h[2] != 0.0  # (m ≥ 1 once validated)
    dirs, stps, ro = lbfgs_history(s, n, m)
    al = s[2 * n + 6 + m * (2 * n + 1) : 2 * n + 6 + m * (2 * n + 2)]
    direction, prev = s[0:n], s[n + 2 : 2 * n + 2]
    for i in range(n):
        d[i] = 0.0
    s[2 * n + 4] += 1.0  # func_evals
    if abs_max(g) <= TOLERANCE_GRAD:  # optimal: torch returns before counting an iteration
        return
    s[2 * n + 3] += 1.0  # n_iter
    first = s[2 * n + 3] == 1.0
    if first:
        for i in range(n):
            direction[i] = -g[i]
        s[n + 1] = 1.0  # H_diag
        s[2 * n + 5] = 0.0  # no pairs kept
    else:
        remember(s, g, m)
        two_loop(g, dirs, stps, ro, al, int(s[2 * n + 5]), s[n + 1], direction)
    prev[:] = g
    s[2 * n + 2] = f  # prev_loss
    if first:
        total = 0.0
        for i in range(n):
            total += abs(g[i])
        s[n] = pymin(1.0, 1.0 / total) * lr
    else:
        s[n] = lr
    gtd = dot(g, direction)
    if gtd > -TOLERANCE_CHANGE:  # no descent along d: no step
        return
    if line_search:
        g_new = np.empty(n)
        _, step, evals = strong_wolfe(objective, env, p, float(s[n]), direction, f, g, gtd,
                                      MAX_EVAL - 1, g_new)  # fmt: skip
        s[n] = step
        s[2 * n + 4] += evals
    for i in range(n):
        d[i] = (p[i] + s[n] * direction[i]) - p[i]


@rule_kernel
def newton_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec, hess: Vec) -> None:
    """Newton's method, damped: Δ = −lr·(H + λI)⁻¹g by LU with partial pivoting (LAPACK's
    getrf/getrs order); a zero pivot (a singular system) gives a NaN step: the run diverges."""
    n, damping = p.shape[0], h[1]
    a = hess.copy()
    for i in range(n):
        a[i, i] = a[i, i] + damping
        d[i] = g[i]
    for k in range(n):
        pivot = k
        for i in range(k + 1, n):
            if abs(a[i, k]) > abs(a[pivot, k]):
                pivot = i
        if pivot != k:
            for j in range(n):
                a[k, j], a[pivot, j] = a[pivot, j], a[k, j]
            d[k], d[pivot] = d[pivot], d[k]
        if a[k, k] == 0.0:
            for i in range(n):
                d[i] = math.nan
            return
        inverse = 1.0 / a[k, k]
        for i in range(k + 1, n):
            a[i, k] = a[i, k] * inverse
            for j in range(k + 1, n):
                a[i, j] = a[i, j] - a[i, k] * a[k, j]
            d[i] = d[i] - a[i, k] * d[k]
    for k in range(n - 1, -1, -1):
        d[k] = d[k] / a[k, k]
        for i in range(k):
            d[i] = d[i] - d[k] * a[i, k]
    for i in range(n):
        d[i] = -(lr * d[i])
