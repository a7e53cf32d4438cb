"""The tiny network of CONTRACT section 11, compiled: its loss and exact gradient by a hand-written
forward and backward pass, and the training loop that hands the gradient to the optimizers'
dispatch (the same rules as on a surface, on one tensor θ of length 4H + 1).

θ holds W1 (H×2, row-major), b1 (H), W2 (1×H), b2 (1); z = W2·act(W1·t + b1) + b2.
"""

import math

import numpy as np
from numpy.typing import NDArray

from app.elementary import exp_negative, log1p_unit, tanh
from app.jit import inline_kernel, kernel
from app.optimizers import NEEDS_HESSIAN, PLAIN, plain_update, update

ACTIVATIONS = ("tanh", "relu", "sigmoid")  # kernel codes 0, 1, 2
LOSSES = ("cross_entropy", "mse")  # kernel codes 0, 1
LIMIT = 1e6  # a coordinate of θ beyond this counts as diverged (CONTRACT section 3)
NORMS = 4  # per-layer gradient norms of a traced update: W1, b1, W2, b2

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]


@inline_kernel
def sigmoid_and_exp(z: float) -> tuple[float, float]:
    """σ(z) = 1/(1 + e^(−z)) and the e^(−|z|) it is built from, so that nothing overflows (and a
    loop of it vectorises)."""
    e = exp_negative(abs(z))
    return (1.0 if z >= 0.0 else e) / (1.0 + e), e


@inline_kernel
def sigmoid(z: float) -> float:
    s, _ = sigmoid_and_exp(z)
    return s


@inline_kernel
def activate(act: int, x: float) -> float:
    if act == 0:
        return tanh(x)
    if act == 1:
        return x if x > 0.0 else 0.0
    return sigmoid(x)


@inline_kernel
def slope(act: int, a: float) -> float:
    """act'(x) written in terms of a = act(x), as torch's backward computes it."""
    if act == 0:
        return 1.0 - a * a
    if act == 1:
        return 1.0 if a > 0.0 else 0.0
    return a * (1.0 - a)


@inline_kernel
def curvature(act: int, a: float) -> float:
    """act''(x) in terms of a = act(x), as torch's double backward computes it (ReLU: 0)."""
    if act == 0:
        return -2.0 * a * (1.0 - a * a)
    if act == 1:
        return 0.0
    return a * (1.0 - a) * (1.0 - 2.0 * a)


@inline_kernel
def row_curvature(loss: int, z: float, target: float) -> float:
    """∂²ℓ/∂z² of a row's loss: σ(1−σ) for cross-entropy, 2σ²(1−σ)² + 2(σ−y)σ(1−σ)(1−2σ) for
    the squared error on σ(z)."""
    s = sigmoid(z)
    ds = s * (1.0 - s)
    if loss == 0:
        return ds
    return 2.0 * ds * ds + 2.0 * (s - target) * ds * (1.0 - 2.0 * s)


@inline_kernel
def row_loss(loss: int, z: float, target: float) -> tuple[float, float]:
    """A row's loss and its derivative in z: cross-entropy log(1 + eᶻ) − y·z (stably), or
    (σ(z) − y)². One exp per row: σ(z) is built from the e^(−|z|) the log already needs."""
    if loss == 0:
        s, e = sigmoid_and_exp(z)
        return max(z, 0.0) + log1p_unit(e) - target * z, s - target
    s = sigmoid(z)
    return (s - target) * (s - target), 2.0 * (s - target) * s * (1.0 - s)


@inline_kernel
def dot(x: Floats, y: Floats, n: int) -> float:
    """Σ x[i]·y[i] over i < n in four interleaved partial sums: a fixed order (the same answer
    every time) that compiles to one vector add a step, where a single running sum cannot be
    reordered under strict IEEE and adds one number at a time."""
    s0 = s1 = s2 = s3 = 0.0
    whole = n - n % 4
    for i in range(0, whole, 4):
        s0 += x[i] * y[i]
        s1 += x[i + 1] * y[i + 1]
        s2 += x[i + 2] * y[i + 2]
        s3 += x[i + 3] * y[i + 3]
    for i in range(whole, n):
        s0 += x[i] * y[i]
    return (s0 + s1) + (s2 + s3)


@inline_kernel
def total(x: Floats, n: int) -> float:
    """Σ x[i] over i < n, in dot's order."""
    s0 = s1 = s2 = s3 = 0.0
    whole = n - n % 4
    for i in range(0, whole, 4):
        s0 += x[i]
        s1 += x[i + 1]
        s2 += x[i + 2]
        s3 += x[i + 3]
    for i in range(whole, n):
        s0 += x[i]
    return (s0 + s1) + (s2 + s3)


@inline_kernel
def activate_row(act: int, row: Floats, n: int) -> None:
    """row[:n] = act(row[:n]) in place: one loop per activation, so each compiles to vector code
    (one loop that also forms the pre-activations and adds to z measured slower)."""
    if act == 0:
        for i in range(n):
            row[i] = tanh(row[i])
    elif act == 1:
        for i in range(n):
            row[i] = row[i] if row[i] > 0.0 else 0.0
    else:
        for i in range(n):
            row[i] = sigmoid(row[i])


@inline_kernel
def scratch(hidden: int, rows: int) -> tuple[Floats, Floats]:
    """The scratch of network_loss for up to `rows` rows: (H+5, rows) and (rows,)."""
    return np.empty((hidden + 5, rows)), np.empty(rows)


@inline_kernel
def network_loss(
    theta: Floats, hidden: int, act: int, loss: int, data: Floats, rows: Ints, count: int,
    grad: Floats, a: Floats, z: Floats,
) -> tuple[float, float]:  # fmt: skip
    """Mean loss over rows[:count] of data (count < 0: every row) and the share of rows
    classified right ((z > 0) == target); with a non-empty `grad`, its exact gradient in θ
    written there. data holds the columns t1, t2, target (3, N); `a` (H+5, N) and `z` (N,) are
    scratch (see `scratch`): a's first three rows take a mini-batch's columns, the next H each
    hidden unit's activations, the last two each row's loss and hit (then a unit's ∂L/∂pre).
    Every loop runs over contiguous rows with no running sum, so each compiles to vector code;
    the sums are taken apart (dot, total)."""
    n = data.shape[1] if count < 0 else count
    for i in range(n if count >= 0 else 0):
        r = rows[i]
        a[0, i], a[1, i], a[2, i] = data[0, r], data[1, r], data[2, r]
    t1, t2, target = (data[0], data[1], data[2]) if count < 0 else (a[0], a[1], a[2])
    values, hits = a[hidden + 3], a[hidden + 4]
    b1, w2, b2 = 2 * hidden, 3 * hidden, 4 * hidden
    z[:n] = 0.0
    for j in range(hidden):
        u, v, c, out, unit = theta[2 * j], theta[2 * j + 1], theta[b1 + j], theta[w2 + j], a[3 + j]
        for i in range(n):
            unit[i] = u * t1[i] + v * t2[i] + c
        activate_row(act, unit, n)
        for i in range(n):
            z[i] += out * unit[i]
    bias = theta[b2]
    for i in range(n):
        zi = z[i] + bias
        values[i], dz = row_loss(loss, zi, target[i])
        hits[i] = 1.0 if (zi > 0.0) == (target[i] > 0.5) else 0.0
        z[i] = dz / n  # z now holds ∂L/∂z of each row
    mean, right = total(values, n) / n, total(hits, n) / n
    if grad.shape[0] > 0:
        grad[b2] = total(z, n)
        pre = values  # each unit's ∂L/∂(pre-activation) in turn
        for j in range(hidden):
            out, unit = theta[w2 + j], a[3 + j]
            for i in range(n):
                pre[i] = z[i] * out * slope(act, unit[i])
            grad[2 * j], grad[2 * j + 1] = dot(pre, t1, n), dot(pre, t2, n)
            grad[b1 + j], grad[w2 + j] = total(pre, n), dot(z, unit, n)
    return mean, right


@inline_kernel
def network_hessian(
    theta: Floats, hidden: int, act: int, loss: int, data: Floats, rows: Ints, count: int,
    out: Floats, dz: Floats,
) -> None:  # fmt: skip
    """The exact Hessian (4H+1, 4H+1) of the mean loss over rows[:count] (count < 0: every
    row), for Newton: H = mean over rows of ℓ''·∇z∇zᵀ + ℓ'·∇²z, where ∇²z is nonzero only
    within a hidden unit j: w2ⱼ·act''·ττᵀ over its (w1ⱼ, b1ⱼ), τ = (t1, t2, 1), and act'·τ
    between those and w2ⱼ. `dz` (4H+1,) is scratch."""
    n = data.shape[1] if count < 0 else count
    size = theta.shape[0]
    b1, w2, b2 = 2 * hidden, 3 * hidden, 4 * hidden
    out[:, :] = 0.0
    for i in range(n):
        r = i if count < 0 else rows[i]
        tau = (data[0, r], data[1, r], 1.0)
        z = theta[b2]
        for j in range(hidden):
            a = activate(act, theta[2 * j] * tau[0] + theta[2 * j + 1] * tau[1] + theta[b1 + j])
            z += theta[w2 + j] * a
            back = theta[w2 + j] * slope(act, a)
            dz[2 * j], dz[2 * j + 1], dz[b1 + j], dz[w2 + j] = back * tau[0], back * tau[1], back, a
        dz[b2] = 1.0
        _, first = row_loss(loss, z, data[2, r])
        second = row_curvature(loss, z, data[2, r])
        for u in range(size):
            for v in range(size):
                out[u, v] += second * dz[u] * dz[v]
        for j in range(hidden):
            a = activate(act, theta[2 * j] * tau[0] + theta[2 * j + 1] * tau[1] + theta[b1 + j])
            within = first * theta[w2 + j] * curvature(act, a)
            across = first * slope(act, a)
            unit = (2 * j, 2 * j + 1, b1 + j)
            for p in range(3):
                for q in range(3):
                    out[unit[p], unit[q]] += within * tau[p] * tau[q]
                out[unit[p], w2 + j] += across * tau[p]
                out[w2 + j, unit[p]] += across * tau[p]
    for u in range(size):
        for v in range(size):
            out[u, v] /= n


@kernel
def network_objective(env: tuple, x: Floats, g: Floats) -> float:  # type: ignore[type-arg]
    """The loss of one update at θ = x and its gradient into g, for closures (L-BFGS):
    env = (hidden, act, loss, data, rows, count, a, z), the update's mini-batch rows[:count]
    (count < 0: every train row) and scratch."""
    hidden, act, loss, data, rows, count, a, z = env
    f, _ = network_loss(x, hidden, act, loss, data, rows, count, g, a, z)
    return f


@inline_kernel
def layer_norms(grad: Floats, hidden: int, out: Floats) -> None:
    """‖∂L/∂W1‖, ‖∂L/∂b1‖, ‖∂L/∂W2‖, ‖∂L/∂b2‖ (Frobenius) of a gradient of θ."""
    bounds = (0, 2 * hidden, 3 * hidden, 4 * hidden, 4 * hidden + 1)
    for layer in range(NORMS):
        squares = 0.0
        for i in range(bounds[layer], bounds[layer + 1]):
            squares += grad[i] * grad[i]
        out[layer] = math.sqrt(squares)


@kernel
def general_update(
    hidden: int, act: int, loss: int, data: Floats, batch: Ints, count: int, ca: Floats,
    cz: Floats, dz: Floats, opt: int, p: Floats, g: Floats, s: Floats, h: Floats, t: float,
    lr: float, d: Floats, f: float, hess: Floats,
) -> None:  # fmt: skip
    """One update by a rule that needs more than the gradient (the Hessian, or the loss as a
    closure), out of the training loop's line (see engine.general_update)."""
    if 0 <= opt < len(NEEDS_HESSIAN) and NEEDS_HESSIAN[opt]:
        network_hessian(p, hidden, act, loss, data, batch, count, hess, dz)
    env = (hidden, act, loss, data, batch, count, ca, cz)
    update(opt, p, g, s, h, t, lr, d, f, hess, network_objective, env)


@kernel
def train(
    hidden: int,
    act: int,
    loss: int,
    data: Floats,  # (3, N_train) train columns t1, t2, target
    rows: Ints,  # (n, B) mini-batch rows of updates t0 .. t0+n−1; (0, 0) for full batch
    counts: Ints,  # (n,) rows in each mini-batch
    opt: Ints,  # (R,) optimizer index of each run
    hyper: Floats,  # (R, P) declared hyperparameters of each run
    lrs: Floats,  # (R, steps) learning rate of each update
    theta: Floats,  # (R, 4H+1) current θ
    state: Floats,  # (R, S) optimizer state
    grad: Floats,  # (R, 4H+1) full-train gradient at θ (full batch only)
    fcur: Floats,  # (R,) full-train loss at θ
    alive: NDArray[np.bool_],  # (R,)
    kept: Ints,  # (R,) updates kept so far
    t0: int,
    n: int,
    losses: Floats,  # (R, n) train loss of iterates t0+1 .. t0+n
    accuracy: Floats,  # (R, n) their train accuracy
    path: Floats,  # (R, n, 4H+1) θ of those iterates
    norms: Floats,  # (R, n, NORMS) layer norms of each update's gradient; (0, 0, NORMS) skips
) -> None:
    """Apply updates t0 .. t0+n−1 (0-based) to every live run, stopping runs that diverge."""
    size = theta.shape[1]
    g, d, x = np.empty(size), np.empty(size), np.empty(size)
    fresh, none = np.empty(size), np.empty(0)
    a, z = scratch(hidden, data.shape[1])
    every = np.zeros(1, dtype=np.int64)  # the row table of a full pass (unused)
    full = rows.shape[0] == 0
    hess, dz = np.zeros((size, size)), np.empty(size)
    ca, cz = scratch(hidden, data.shape[1])  # the closure's
    for r in range(theta.shape[0]):
        if not alive[r]:
            continue
        p, s, h = theta[r], state[r], hyper[r]
        for k in range(t0, t0 + n):
            batch, count = (every, -1) if full else (rows[k - t0], counts[k - t0])
            if full:
                g[:] = grad[r]
                f = fcur[r]
            else:
                f, _ = network_loss(p, hidden, act, loss, data, batch, count, g, a, z)
            if norms.shape[0] > 0:
                layer_norms(g, hidden, norms[r, k - t0])
            if 0 <= opt[r] < len(PLAIN) and PLAIN[opt[r]]:
                plain_update(opt[r], p, g, s, h, k + 1.0, lrs[r, k], d)
            else:
                general_update(hidden, act, loss, data, batch, count, ca, cz, dz,
                               opt[r], p, g, s, h, k + 1.0, lrs[r, k], d, f, hess)  # fmt: skip
            ok = True
            for i in range(size):
                x[i] = p[i] + d[i]
                ok = ok and math.isfinite(x[i]) and abs(x[i]) <= LIMIT
            if not ok:
                alive[r] = False
                break
            f, right = network_loss(
                x, hidden, act, loss, data, every, -1, fresh if full else none, a, z
            )
            if not math.isfinite(f):
                alive[r] = False
                break
            p[:] = x
            fcur[r] = f
            if full:
                grad[r] = fresh
            kept[r] = k + 1
            losses[r, k - t0], accuracy[r, k - t0] = f, right
            if path.shape[0] > 0:
                path[r, k - t0] = x


@kernel
def losses_at(
    points: Floats, hidden: int, act: int, loss: int, data: Floats
) -> tuple[Floats, Floats]:
    """(K,) mean loss and (K,) accuracy over every column of data (3, N) at each of the (K,
    4H+1) θ."""
    values, accuracy = np.empty(points.shape[0]), np.empty(points.shape[0])
    rows, none = np.zeros(1, dtype=np.int64), np.empty(0)
    a, z = scratch(hidden, data.shape[1])
    for k in range(points.shape[0]):
        values[k], accuracy[k] = network_loss(
            points[k], hidden, act, loss, data, rows, -1, none, a, z
        )
    return values, accuracy


@kernel
def loss_and_grad(
    theta: Floats, hidden: int, act: int, loss: int, data: Floats
) -> tuple[float, Floats]:
    """The full loss over data (3, N) at θ and its gradient (for the start and for tests)."""
    grad = np.empty(theta.shape[0])
    a, z = scratch(hidden, data.shape[1])
    every = np.zeros(1, dtype=np.int64)
    f, _ = network_loss(theta, hidden, act, loss, data, every, -1, grad, a, z)
    return f, grad
