"""The tiny network of CONTRACT section 11, compiled: its loss and exact gradient by a hand-written
forward and backward pass, and the training loop that hands the gradient to the optimizers'
dispatch (the same rules as on a surface, on one tensor θ of length 4H + 1).

θ holds W1 (H×2, row-major), b1 (H), W2 (1×H), b2 (1); z = W2·act(W1·t + b1) + b2.
"""

import math

import numpy as np
from numpy.typing import NDArray

from app.jit import inline_kernel, kernel
from app.optimizers import update

ACTIVATIONS = ("tanh", "relu", "sigmoid")  # kernel codes 0, 1, 2
LOSSES = ("cross_entropy", "mse")  # kernel codes 0, 1
LIMIT = 1e6  # a coordinate of θ beyond this counts as diverged (CONTRACT section 3)
NORMS = 4  # per-layer gradient norms of a traced update: W1, b1, W2, b2

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]


@inline_kernel
def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0.0 else math.exp(z) / (1.0 + math.exp(z))


@inline_kernel
def activate(act: int, x: float) -> float:
    if act == 0:
        return math.tanh(x)
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
def row_loss(loss: int, z: float, target: float) -> tuple[float, float]:
    """A row's loss and its derivative in z: cross-entropy log(1 + eᶻ) − y·z (stably), or
    (σ(z) − y)²."""
    if loss == 0:
        value = max(z, 0.0) + math.log1p(math.exp(-abs(z))) - target * z
        return value, sigmoid(z) - target
    s = sigmoid(z)
    return (s - target) * (s - target), 2.0 * (s - target) * s * (1.0 - s)


@inline_kernel
def network_loss(
    theta: Floats, hidden: int, act: int, loss: int, data: Floats, rows: Ints, count: int,
    grad: Floats, a: Floats, z: Floats,
) -> tuple[float, float]:  # fmt: skip
    """Mean loss over rows[:count] of data (count < 0: every row) and the share of rows
    classified right ((z > 0) == target); with a non-empty `grad`, its exact gradient in θ
    written there. data holds the columns t1, t2, target (3, N); `a` (H, N) and `z` (N,) are
    scratch. One hidden unit at a time over all rows, so its weights stay in registers."""
    n = data.shape[1] if count < 0 else count
    t1, t2, target = data[0], data[1], data[2]
    b1, w2, b2 = 2 * hidden, 3 * hidden, 4 * hidden
    z[:n] = 0.0
    for j in range(hidden):
        u, v, c, out = theta[2 * j], theta[2 * j + 1], theta[b1 + j], theta[w2 + j]
        for i in range(n):
            r = i if count < 0 else rows[i]
            a[j, i] = activate(act, u * t1[r] + v * t2[r] + c)
            z[i] += out * a[j, i]
    total = correct = 0.0
    for i in range(n):
        r = i if count < 0 else rows[i]
        z[i] += theta[b2]
        value, dz = row_loss(loss, z[i], target[r])
        total += value
        correct += 1.0 if (z[i] > 0.0) == (target[r] > 0.5) else 0.0
        z[i] = dz / n  # z now holds ∂L/∂z of each row
    if grad.shape[0] > 0:
        grad[b2] = z[:n].sum()
        for j in range(hidden):
            out = theta[w2 + j]
            gu = gv = gc = gout = 0.0
            for i in range(n):
                r = i if count < 0 else rows[i]
                gout += z[i] * a[j, i]
                dpre = z[i] * out * slope(act, a[j, i])
                gc += dpre
                gu += dpre * t1[r]
                gv += dpre * t2[r]
            grad[2 * j], grad[2 * j + 1], grad[b1 + j], grad[w2 + j] = gu, gv, gc, gout
    return total / n, correct / n


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
    alive: NDArray[np.bool_],  # (R,)
    kept: Ints,  # (R,) updates kept so far
    t0: int,
    n: int,
    losses: Floats,  # (R, n) train loss of iterates t0+1 .. t0+n
    path: Floats,  # (R, n, 4H+1) θ of those iterates
    norms: Floats,  # (R, n, NORMS) layer norms of each update's gradient; (0, 0, NORMS) skips
) -> None:
    """Apply updates t0 .. t0+n−1 (0-based) to every live run, stopping runs that diverge."""
    size = theta.shape[1]
    g, d, x = np.empty(size), np.empty(size), np.empty(size)
    fresh, none = np.empty(size), np.empty(0)
    a, z = np.empty((hidden, data.shape[1])), np.empty(data.shape[1])
    every = np.zeros(1, dtype=np.int64)  # the row table of a full pass (unused)
    full = rows.shape[0] == 0
    for r in range(theta.shape[0]):
        if not alive[r]:
            continue
        p, s, h = theta[r], state[r], hyper[r]
        for k in range(t0, t0 + n):
            if full:
                g[:] = grad[r]
            else:
                network_loss(p, hidden, act, loss, data, rows[k - t0], counts[k - t0], g, a, z)
            if norms.shape[0] > 0:
                layer_norms(g, hidden, norms[r, k - t0])
            update(opt[r], p, g, s, h, k + 1.0, lrs[r, k], d)
            ok = True
            for i in range(size):
                x[i] = p[i] + d[i]
                ok = ok and math.isfinite(x[i]) and abs(x[i]) <= LIMIT
            if not ok:
                alive[r] = False
                break
            f, _ = network_loss(
                x, hidden, act, loss, data, every, -1, fresh if full else none, a, z
            )
            if not math.isfinite(f):
                alive[r] = False
                break
            p[:] = x
            if full:
                grad[r] = fresh
            kept[r] = k + 1
            losses[r, k - t0] = f
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
    a, z = np.empty((hidden, data.shape[1])), np.empty(data.shape[1])
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
    grad, a, z = (
        np.empty(theta.shape[0]),
        np.empty((hidden, data.shape[1])),
        np.empty(data.shape[1]),
    )
    every = np.zeros(1, dtype=np.int64)
    f, _ = network_loss(theta, hidden, act, loss, data, every, -1, grad, a, z)
    return f, grad
