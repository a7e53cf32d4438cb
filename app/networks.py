"""Network surfaces (CONTRACT section 11): the data sets, a request resolved into the compiled
loop's arrays (app/mlp.py), the runs' answers and the plane through their paths.

The data sets are shipped as CSV files in app/data/ (written by scripts/make_network_data.py;
each file's first line says how). Training uses the `train` rows in their file order.
"""

import math
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from app.datasets import DATA_DIR, MiniBatches
from app.jobs import checkpoint
from app.memo import Recent
from app.mlp import ACTIVATIONS, LOSSES, NORMS, loss_and_grad, losses_at, train
from app.optimizers import state_width

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]
HIDDEN_DEFAULT, HIDDEN_MAX = 8, 32
PLANE_N = 41  # the plane's grid is PLANE_N × PLANE_N
PLANE_MARGIN = 0.1  # the grid spans the runs' a and b plus this share of their span each side
# A network update in work units (a built-in surface's update, ~140 ns) per train row and hidden
# unit: measured by scripts/bench.py at 0.06-0.12 with tanh (the dearest activation; relu costs a
# quarter of it). A full-batch step is one forward and backward pass over the train rows; a
# mini-batch step a forward and backward pass over its batch and a forward pass over the train
# rows (for the loss), which costs about the same.
UNITS_PER_ROW_UNIT = 0.1
# An exact Hessian (Newton) adds each train row's (4H+1)² outer product and its activations:
# entries per work unit, measured by timing Newton against Adam on a network (H = 1..32).
HESSIAN_ENTRIES_PER_UNIT = 250
CHUNK_WORK = 1_000_000  # work units per compiled call: how soon a cancelled job stops
WORKERS = 2  # runs are split over this many threads (the loop releases the GIL)
_pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="network")
# Recent runs' training outcomes, shared by every client: a run of 1000 steps with 32 hidden units
# keeps ~1 MB, so a class's recent scenes fit.
TRAINED = Recent(budget=64 << 20)


@dataclass(frozen=True)
class NetworkData:
    id: str
    name: str
    description: str
    source: str  # how the file was made: its first line
    rows: Floats  # (N, 3): x1, x2, target, in file order
    test: NDArray[np.bool_]  # (N,) the fixed split

    @property
    def train_rows(self) -> Floats:
        """(3, N_train) columns t1, t2, target of the train rows, as the kernels read them."""
        return np.ascontiguousarray(self.rows[~self.test].T)

    @property
    def test_rows(self) -> Floats:
        return np.ascontiguousarray(self.rows[self.test].T)

    @property
    def domain(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """The features' extent plus a tenth each side (where a decision boundary is drawn)."""
        lo, hi = self.rows[:, :2].min(axis=0), self.rows[:, :2].max(axis=0)
        pad = 0.1 * (hi - lo)
        return (float(lo[0] - pad[0]), float(hi[0] + pad[0])), (
            float(lo[1] - pad[1]),
            float(hi[1] + pad[1]),
        )


def read(name: str) -> tuple[str, Floats, NDArray[np.bool_]]:
    """A data file: its first line (how it was made), (N, 3) rows and the test mask."""
    lines = Path(DATA_DIR / name).read_text().splitlines()
    source = lines[0].removeprefix("# ").strip()
    cells = [line.split(",") for line in lines[2:] if line]
    rows = np.array([[float(c[0]), float(c[1]), float(c[2])] for c in cells])
    return source, rows, np.array([c[3] == "test" for c in cells])


def load() -> tuple[NetworkData, ...]:
    declared = (
        ("moons", "Two moons (network)", "moons.csv",
         "Two interleaved half-moons: no straight line separates them, a few hidden units do."),
        ("circles", "Circles (network)", "circles.csv",
         "A ring around a disc: the boundary must close on itself, so tanh or relu units have to "
         "work together."),
        ("xor", "XOR quadrants (network)", "xor.csv",
         "Opposite quadrants share a class: the classic problem no linear model can learn."),
        ("noisy_moons", "Noisy moons, few rows (network)", "noisy_moons.csv",
         "Half-moons drowned in noise, 113 rows to train on: a large network learns their noise "
         "too, and does worse on the test rows the longer it trains (overfitting)."),
    )  # fmt: skip
    return tuple(NetworkData(i, name, about, *read(file)) for i, name, file, about in declared)


NETWORKS: tuple[NetworkData, ...] = load()
NETWORK_INDEX: dict[str, NetworkData] = {n.id: n for n in NETWORKS}


@dataclass(frozen=True)
class Model:
    """A network surface with its architecture: what the loop and the budget need."""

    data: NetworkData
    hidden: int
    activation: str
    loss: str
    init_seed: int

    @property
    def size(self) -> int:
        return 4 * self.hidden + 1

    @property
    def codes(self) -> tuple[int, int, int]:
        return self.hidden, ACTIVATIONS.index(self.activation), LOSSES.index(self.loss)

    @property
    def cost(self) -> float:
        """One full-batch update in work units: a pass over the train rows."""
        return 1.0 + float(self.data.train_rows.shape[1] * self.hidden) * UNITS_PER_ROW_UNIT

    @property
    def hessian_share(self) -> float:
        """One exact Hessian in units of `cost`: at H = 32 it is ~20 full-batch updates, where a
        Hessian on a 2D surface is about two (Optimizer.cost)."""
        rows = int(self.data.train_rows.shape[1])
        return rows * (1.0 + self.size**2 / HESSIAN_ENTRIES_PER_UNIT) / self.cost

    def initial(self) -> Floats:
        """θ₀ (CONTRACT section 11): W1, b1 ~ U(±1/√2), W2, b2 ~ U(±1/√H) from one generator."""
        rng = np.random.default_rng(self.init_seed)
        a1, a2 = 1.0 / math.sqrt(2.0), 1.0 / math.sqrt(self.hidden)
        w1 = rng.uniform(-a1, a1, 2 * self.hidden)
        b1 = rng.uniform(-a1, a1, self.hidden)
        w2 = rng.uniform(-a2, a2, self.hidden)
        b2 = rng.uniform(-a2, a2, 1)
        return np.concatenate([w1, b1, w2, b2])

    def losses(self, points: Floats, rows: Floats) -> tuple[Floats, Floats]:
        """(K,) losses and accuracies over `rows` at each of the (K, 4H+1) θ."""
        return losses_at(np.ascontiguousarray(points), *self.codes, rows)

    def loss_and_grad(self, theta: Floats) -> tuple[float, Floats]:
        """The full train loss at θ and its exact gradient."""
        f, g = loss_and_grad(theta, *self.codes, self.data.train_rows)
        return float(f), g


class Trained(NamedTuple):
    """What Training.run gives back; rows past a run's kept updates are NaN."""

    path: Floats  # (R, steps+1, 4H+1) θ at each iterate
    losses: Floats  # (R, steps+1) train loss at each iterate
    accuracy: Floats  # (R, steps+1) train accuracy at each iterate
    norms: Floats  # (R, steps, NORMS) layer norms of each update's gradient (empty unless traced)
    kept: Ints  # (R,) updates kept
    alive: NDArray[np.bool_]  # (R,) not diverged


@dataclass
class Training:
    """The runs of one request on one model: configs as arrays, then the loop's results."""

    model: Model
    opt: Ints  # (R,)
    hyper: Floats  # (R, P)
    lrs: Floats  # (R, steps)
    batches: MiniBatches | None
    trace: bool = False

    def run(self) -> Trained:
        """Every run's θ path, train losses and accuracies, layer norms, kept updates and
        whether it is still alive (see Trained). Runs trained recently (same model, batches,
        optimizer, hyperparameters and learning rates) are taken from TRAINED, not retrained."""
        keys = [self.key(r) for r in range(len(self.opt))]
        known = [TRAINED.get(key) for key in keys]
        missing = [r for r, entry in enumerate(known) if entry is None]
        if missing:
            rows = np.array(missing)
            fresh = replace(self, opt=self.opt[rows], hyper=self.hyper[rows], lrs=self.lrs[rows])
            trained = fresh.train()
            for i, r in enumerate(missing):
                entry = tuple(field[i : i + 1] if len(field) else field for field in trained)
                TRAINED.put(keys[r], entry)
                known[r] = entry
        return Trained(*(np.concatenate(field) for field in zip(*known, strict=True)))

    def untrained(self) -> int:
        """How many runs `run` would train: the others are in TRAINED."""
        return sum(TRAINED.get(self.key(r)) is None for r in range(len(self.opt)))

    def key(self, r: int) -> tuple[Any, ...]:
        """What determines run r's training, as a dictionary key."""
        model, batches = self.model, self.batches
        order = None if batches is None else (batches.rows, batches.size, batches.seed)
        return (model.data.id, model.codes, model.init_seed, order, self.trace,
                int(self.opt[r]), self.hyper[r].tobytes(), self.lrs[r].tobytes())  # fmt: skip

    def train(self) -> Trained:
        """Train every run of this Training from θ₀."""
        runs, steps = self.lrs.shape
        model, size = self.model, self.model.size
        theta = np.tile(model.initial(), (runs, 1))
        f0, g0 = model.loss_and_grad(theta[0])
        _, (right0,) = model.losses(theta[:1], model.data.train_rows)
        grad = np.tile(g0, (runs, 1))
        state = np.zeros((runs, state_width(self.opt, self.hyper, size)))
        fcur = np.full(runs, f0)
        alive = np.full(runs, math.isfinite(f0))
        kept = np.zeros(runs, dtype=np.int64)
        path = np.full((runs, steps + 1, size), np.nan)
        losses, accuracy = np.full((runs, steps + 1), np.nan), np.full((runs, steps + 1), np.nan)
        path[:, 0], losses[:, 0], accuracy[:, 0] = theta, f0, right0
        norms = np.full((runs, steps, NORMS) if self.trace else (0, 0, NORMS), np.nan)
        chunk = max(1, int(CHUNK_WORK / (runs * model.cost)))
        for t0 in range(0, steps, chunk):
            checkpoint()
            n = min(chunk, steps - t0)
            if self.batches is None:
                rows, counts = np.zeros((0, 0), dtype=np.int64), np.zeros(0, dtype=np.int64)
            else:
                rows, counts = self.batches.take(n)
            # C-contiguous buffers for this chunk (one compiled signature), copied in after
            out_losses, out_accuracy = np.empty((runs, n)), np.empty((runs, n))
            out_path = np.empty((runs, n, size))
            out_norms = np.empty((runs, n, NORMS) if self.trace else (0, 0, NORMS))
            out = (out_losses, out_accuracy, out_path, out_norms)

            live = (theta, state, grad, fcur, alive, kept)
            parallel(partial(self.advance, rows, counts, t0, n, live, out), runs)
            for r in range(runs):
                count = max(0, int(kept[r]) - t0)  # iterates this chunk kept
                losses[r, t0 + 1 : t0 + 1 + count] = out_losses[r, :count]
                accuracy[r, t0 + 1 : t0 + 1 + count] = out_accuracy[r, :count]
                path[r, t0 + 1 : t0 + 1 + count] = out_path[r, :count]
                if self.trace:
                    norms[r, t0 : t0 + count] = out_norms[r, :count]
        return Trained(path, losses, accuracy, norms, kept, alive)

    def advance(self, rows: Ints, counts: Ints, t0: int, n: int, live: tuple[Any, ...],
                out: tuple[Floats, ...], rs: slice) -> None:  # fmt: skip
        """Updates t0 .. t0+n−1 of runs rs: `live` the loop's per-run arrays (θ, optimizer state,
        gradient, loss, alive, kept), `out` the chunk's buffers (losses, accuracies, θ path,
        layer norms)."""
        theta, state, grad, fcur, alive, kept = (a[rs] for a in live)
        losses, accuracy, path, norms = out
        train(*self.model.codes, self.model.data.train_rows, rows, counts, self.opt[rs],
              self.hyper[rs], self.lrs[rs], theta, state, grad, fcur, alive, kept, t0, n,
              losses[rs], accuracy[rs], path[rs], norms[rs] if self.trace else norms)  # fmt: skip


def blocks(count: int, parts: int) -> list[slice]:
    """count items split into `parts` contiguous blocks of near-equal size."""
    bounds = np.linspace(0, count, parts + 1).astype(int)
    return [slice(lo, hi) for lo, hi in zip(bounds[:-1], bounds[1:], strict=True)]


def parallel(fn: Callable[[slice], None], count: int) -> None:
    """fn over count items (runs, grid points), split into WORKERS blocks on threads when there
    are several."""
    if count < 2:
        fn(slice(0, count))
        return
    list(_pool.map(fn, blocks(count, min(WORKERS, count))))


def losses_along(model: Model, points: Floats, rows: Floats) -> tuple[Floats, Floats]:
    """(K,) losses and accuracies over `rows` at each of the (K, 4H+1) θ, on both workers."""
    values, accuracy = np.empty(len(points)), np.empty(len(points))

    def block(part: slice) -> None:
        values[part], accuracy[part] = model.losses(points[part], rows)

    parallel(block, len(points))
    return values, accuracy


def r_factor(m: Floats) -> Floats:
    """The R of a QR of a tall M, as a tall-skinny QR: each of WORKERS blocks of rows factored
    on its own thread, then their R's stacked and factored again (6,006 × 33: 3.6 → 2.3 ms)."""
    parts = min(WORKERS, m.shape[0] // (2 * m.shape[1]))
    if parts < 2:
        return np.linalg.qr(m, mode="r")  # type: ignore[return-value]
    rows = [m[block] for block in blocks(m.shape[0], parts)]
    factors = list(_pool.map(partial(np.linalg.qr, mode="r"), rows))
    return np.linalg.qr(np.vstack(factors), mode="r")  # type: ignore[return-value]


def unit(v: Floats) -> Floats:
    """The sign rule of the plane: the largest-magnitude component made positive."""
    return v if v[np.argmax(np.abs(v))] >= 0 else -v


def plane(
    model: Model, paths: list[Floats], alive: list[bool]
) -> tuple[dict[str, Any], list[Floats]]:
    """The plane through the runs' paths (CONTRACT section 11) and each run's (k, 2) a, b."""
    first = next((r for r, ok in enumerate(alive) if ok), 0)
    origin = paths[first][-1]
    m = np.concatenate(paths) - origin
    # A tall stack is reduced to its QR factor R first: R has M's singular values and right
    # singular vectors, and its SVD is ~8× cheaper than M's (2,000 × 33: 7 ms → 1 ms).
    tall = m.shape[0] > m.shape[1]
    r = r_factor(m) if tall else m
    # full_matrices only where the stack is shorter than θ: Vᵀ is then 4H+1 square either way
    _, sv, vt = np.linalg.svd(r, full_matrices=not tall)
    d1, d2 = unit(vt[0]), unit(vt[1])
    coords = [np.column_stack([(p - origin) @ d1, (p - origin) @ d2]) for p in paths]
    every = np.concatenate(coords)
    axes = []
    for column in every.T:
        lo, hi = float(column.min()), float(column.max())
        span = hi - lo
        axes.append(np.linspace(lo - PLANE_MARGIN * span, hi + PLANE_MARGIN * span, PLANE_N))
    a, b = axes
    total = float(np.sum(sv**2))
    explained = float((sv[:2] ** 2).sum() / total) if total > 0 else 1.0
    checkpoint()
    points = origin + a[None, :, None] * d1 + b[:, None, None] * d2  # [i, j] = a[j], b[i]
    grid, _ = losses_along(model, points.reshape(-1, model.size), model.data.train_rows)
    answer = {
        "origin": origin, "d1": d1, "d2": d2, "explained": explained,
        "grid": {"a": a, "b": b, "loss": grid.reshape(PLANE_N, PLANE_N)},
    }  # fmt: skip
    return answer, coords
