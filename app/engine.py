"""Run many optimizer runs on one surface: the compiled loop and the chunked driver around it.

A request is resolved into flat arrays: each *config* (optimizer, hyperparameters, per-step
learning rates) is shared by one or more *runs* (a start point each). A scene is a few configs
with one run each; a sweep is many configs; a basin map is one config with many starts. The same
loop serves all three, one run at a time (its state stays in registers and cache), and it can stop
after any number of steps and resume, which is what streaming needs.
"""

import math
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from app.curvature import hessian, objective
from app.datasets import MiniBatches, model_loss
from app.jit import kernel
from app.jobs import checkpoint
from app.landscape import Landscape, evaluate, point
from app.optimizers import (
    NEEDS_HESSIAN,
    PLAIN,
    STATE_SIZE,
    plain_update,
    state_width,
    update,
    update_cost,
)

LIMIT = 1e6  # an iterate beyond this in |x| or |y| counts as diverged (CONTRACT section 3)
TRACE = 5 + STATE_SIZE  # a traced update: gradient (2), lr, step (2), optimizer state
WORKERS = os.cpu_count() or 1
CHUNK = 2000  # updates per engine call: bounds the mini-batch tables and path buffers
CHUNK_WORK = 1_000_000  # work units per engine call (~0.1 s): how soon a cancelled job stops
SPLIT_AT = 512  # runs per batch from which the loop is split over the cores (it releases the GIL)
_pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="engine")
Floats = NDArray[np.float64]
Ints = NDArray[np.int64]


@kernel
def general_update(kind: int, code: Ints, args: Ints, consts: Floats, stack: Floats,
                   stack2: Floats, data: Floats, batch: Ints, count: int, noise: Floats, opt: int,
                   p: Floats, g: Floats, s: Floats, h: Floats, t: float, lr: float, d: Floats,
                   f: float, hess: Floats) -> None:  # fmt: skip
    """One update by a rule that needs more than the gradient (the Hessian, or the loss as a
    closure), called out of advance's loop: a loop that holds this code inline runs the rules
    that need only the gradient ~25 % slower (10,000 Adam runs × 500 steps: 412 → 314 ms)."""
    if 0 <= opt < len(NEEDS_HESSIAN) and NEEDS_HESSIAN[opt]:
        hessian(kind, code, args, consts, stack2, data, batch, count, p, hess)
    env = (kind, code, args, consts, stack, data, batch, count, noise)
    update(opt, p, g, s, h, t, lr, d, f, hess, objective, env)


@kernel
def advance(
    kind: int,  # the landscape (see landscape.point)
    code: Ints,
    args: Ints,
    consts: Floats,
    depth: int,
    data: Floats,  # (N, 3) rows of a data surface
    rows: Ints,  # (n, B) mini-batch row indices of updates t0 .. t0+n−1; (0, 0) for full batch
    counts: Ints,  # (n,) rows in each mini-batch
    opt: Ints,  # (C,) optimizer index of each config
    hyper: Floats,  # (C, P) declared hyperparameters of each config
    lrs: Floats,  # (C, steps) learning rate of each update
    config: Ints,  # (R,) config of each run
    noise: Floats,  # (steps, 2) gradient noise std·xi
    pos: Floats,  # (R, 2) current point
    state: Floats,  # (R, W ≥ STATE_SIZE) optimizer state
    cur: Floats,  # (R, 3) f, df/dx, df/dy at the current point
    alive: NDArray[np.bool_],  # (R,)
    kept: Ints,  # (R,) updates kept so far
    hit: Ints,  # (R,) first iterate with f − f* < tol, −1 until then
    fstar: float,
    tol: float,
    t0: int,
    n: int,
    path: Floats,  # (R, n, 3) x, y, f of iterates t0+1 .. t0+n; shape (0, 0, 3) to skip recording
    trace: Floats,  # (R, n, TRACE) gradient, lr, step and state of each update; (0, 0, TRACE) skips
    area: Floats,  # (R,) running sum of the losses of kept iterates (for the area under the curve)
) -> None:
    """Apply updates t0 .. t0+n−1 (0-based) to every live run, stopping runs that diverge."""
    record = path.shape[0] > 0
    tracing = trace.shape[0] > 0
    g = np.empty(2)
    d = np.empty(2)
    hess = np.zeros((2, 2))  # of the update's loss, for the rules that need it
    stack = np.empty((depth, 3))
    stack2 = np.empty((depth, 6))  # second-order formula stack
    for r in range(pos.shape[0]):
        if not alive[r]:
            continue
        c = config[r]
        p, s, h = pos[r], state[r], hyper[c]
        for k in range(t0, t0 + n):
            if rows.shape[0] > 0:
                batch, count = rows[k - t0], counts[k - t0]
                f, gx, gy = model_loss(kind, data, batch, count, p[0], p[1])
            else:  # count −1: every row (the row table is unused)
                batch, count = code, -1
                f, gx, gy = cur[r, 0], cur[r, 1], cur[r, 2]
            g[0] = gx + noise[k, 0]
            g[1] = gy + noise[k, 1]
            if 0 <= opt[c] < len(PLAIN) and PLAIN[opt[c]]:
                plain_update(opt[c], p, g, s, h, k + 1.0, lrs[c, k], d)
            else:
                general_update(kind, code, args, consts, stack, stack2, data, batch, count,
                               noise[k], opt[c], p, g, s, h, k + 1.0, lrs[c, k], d, f,
                               hess)  # fmt: skip
            x, y = p[0] + d[0], p[1] + d[1]
            f, gx, gy = point(kind, code, args, consts, stack, data, x, y)
            if not (math.isfinite(x) and math.isfinite(y) and math.isfinite(f)) or (
                abs(x) > LIMIT or abs(y) > LIMIT
            ):
                alive[r] = False
                break
            p[0], p[1] = x, y
            cur[r, 0], cur[r, 1], cur[r, 2] = f, gx, gy
            kept[r] = k + 1
            area[r] += f
            if hit[r] < 0 and f - fstar < tol:
                hit[r] = k + 1
            if record:
                path[r, k - t0, 0], path[r, k - t0, 1], path[r, k - t0, 2] = x, y, f
            if tracing:
                row = trace[r, k - t0]
                row[0], row[1], row[2], row[3], row[4] = g[0], g[1], lrs[c, k], d[0], d[1]
                row[5:] = s[: row.shape[0] - 5]


@dataclass
class Batch:
    """A resolved request: configs, runs and everything the loop reads."""

    land: Landscape
    opt: Ints  # (C,)
    hyper: Floats  # (C, P)
    lrs: Floats  # (C, steps)
    config: Ints  # (R,)
    starts: Floats  # (R, 2)
    noise: Floats  # (steps, 2)
    batches: MiniBatches | None = None  # mini-batch order of a data surface, shared by all runs
    fstar: float = -math.inf
    tol: float = 0.0

    @property
    def steps(self) -> int:
        return int(self.lrs.shape[1])

    @property
    def state_width(self) -> int:
        return state_width(self.opt, self.hyper)

    @property
    def update_cost(self) -> float:
        """Work units of the costliest config's update, the surface's cost aside."""
        return update_cost(self.opt, self.hyper)


@dataclass
class Chunk:
    """Iterates `offset .. offset + counts[r] − 1` of each run, as (x, y, loss) rows, and the
    traces of the updates that made them (rows of TRACE numbers) when asked for."""

    offset: int
    counts: Ints  # (R,)
    path: Floats  # (R, n, 3)
    trace: Floats  # (R, n, TRACE) or (0, 0, TRACE)

    def run(self, r: int) -> Floats:
        return self.path[r, : self.counts[r]]

    def updates(self, r: int) -> Floats:
        return self.trace[r, : self.counts[r]]


def opening(land: Landscape, starts: Floats) -> tuple[Floats, NDArray[np.bool_]]:
    """f, df/dx, df/dy at each (R, 2) start, and which runs have a first iterate: a start whose
    loss is not finite has none (CONTRACT section 3)."""
    cur = evaluate(land, starts[:, 0].copy(), starts[:, 1].copy())
    return cur, np.isfinite(cur[:, 0]) & np.isfinite(starts).all(axis=1)


def start_chunk(starts: Floats, cur: Floats, alive: NDArray[np.bool_]) -> Chunk:
    """The (R, 2) starts, with their losses from `opening`, as a one-iterate chunk."""
    path = np.concatenate([starts, cur[:, :1]], axis=1)[:, None, :]
    no_trace = np.zeros((len(starts), 1, TRACE))
    return Chunk(offset=0, counts=alive.astype(np.int64), path=path, trace=no_trace)


def first_chunk(land: Landscape, starts: Floats) -> Chunk:
    """The starts as a one-iterate chunk. Cheap (one point per run, no schedule or noise
    tables), so a stream can send it before the batch behind the other chunks is built."""
    return start_chunk(starts, *opening(land, starts))


@dataclass
class Simulation:
    """The resumable state of a batch between chunks."""

    batch: Batch
    pos: Floats = field(init=False)
    state: Floats = field(init=False)
    cur: Floats = field(init=False)
    alive: NDArray[np.bool_] = field(init=False)
    kept: Ints = field(init=False)
    hit: Ints = field(init=False)
    area: Floats = field(init=False)
    t: int = 0

    def __post_init__(self) -> None:
        runs = self.batch.starts.shape[0]
        self.pos = self.batch.starts.astype(np.float64, copy=True)
        self.state = np.zeros((runs, self.batch.state_width))
        self.cur, self.alive = opening(self.batch.land, self.pos)
        self.kept = np.zeros(runs, dtype=np.int64)
        self.hit = np.where(self.cur[:, 0] - self.batch.fstar < self.batch.tol, 0, -1)
        self.area = np.where(self.alive, self.cur[:, 0], 0.0)

    @property
    def finished(self) -> bool:
        return self.t >= self.batch.steps or not self.alive.any()

    def step(self, n: int, record: bool = True, trace: bool = False) -> Chunk:
        """Advance every live run by up to n updates; the chunk holds the new iterates."""
        checkpoint()
        n = min(n, self.batch.steps - self.t)
        runs = self.pos.shape[0]
        path = np.empty((runs, n, 3) if record else (0, 0, 3))
        traced = np.zeros((runs, n, TRACE) if trace else (0, 0, TRACE))
        before = self.kept.copy()
        batches = self.batch.batches
        if batches is None:
            rows, counts = np.zeros((0, 0), dtype=np.int64), np.zeros(0, dtype=np.int64)
        else:
            rows, counts = batches.take(n)
        blocks = WORKERS if runs >= SPLIT_AT else 1
        bounds = np.linspace(0, runs, blocks + 1).astype(int)
        jobs = [slice(lo, hi) for lo, hi in zip(bounds[:-1], bounds[1:], strict=True)]
        if len(jobs) == 1:
            self._advance(jobs[0], n, path, traced, rows, counts)
        else:
            list(_pool.map(lambda runs: self._advance(runs, n, path, traced, rows, counts), jobs))
        self.t += n
        return Chunk(offset=self.t - n + 1, counts=self.kept - before, path=path, trace=traced)

    def _advance(
        self, runs: slice, n: int, path: Floats, trace: Floats, rows: Ints, counts: Ints
    ) -> None:
        b, land = self.batch, self.batch.land
        advance(land.kind, land.code, land.args, land.consts, land.depth, land.data, rows, counts,
                b.opt, b.hyper, b.lrs, b.config[runs], b.noise,
                self.pos[runs], self.state[runs], self.cur[runs], self.alive[runs], self.kept[runs],
                self.hit[runs], b.fstar, b.tol, self.t, n, path[runs], trace[runs],
                self.area[runs])  # fmt: skip

    @property
    def chunk_steps(self) -> int:
        """Steps per engine call: CHUNK, fewer where many runs or a costly surface would make one
        call long (a cancelled job stops at the next call)."""
        runs = self.pos.shape[0]
        cost = self.batch.land.cost * self.batch.update_cost
        return max(1, min(CHUNK, int(CHUNK_WORK / (runs * cost))))

    def chunks(self, size: int, trace: bool = False) -> Iterator[Chunk]:
        """The start as a one-iterate chunk, then chunks of `size` updates until done."""
        yield start_chunk(self.batch.starts, self.cur, self.alive)  # before any step: the starts
        while not self.finished:
            yield self.step(size, trace=trace)


def run_paths(batch: Batch, trace: bool = False) -> tuple[list[Floats], list[Floats], Simulation]:
    """Every run's (steps+1, 3) path of x, y, loss, its (steps, TRACE) update trace (empty unless
    asked for), and the finished simulation."""
    sim = Simulation(batch)
    runs = batch.starts.shape[0]
    paths: list[list[Floats]] = [[] for _ in range(runs)]
    traces: list[list[Floats]] = [[np.zeros((0, TRACE))] for _ in range(runs)]
    for chunk in sim.chunks(sim.chunk_steps, trace):
        for r in range(runs):
            paths[r].append(chunk.run(r))
            if trace and chunk.offset > 0:
                traces[r].append(chunk.updates(r))
    return [np.concatenate(p) for p in paths], [np.concatenate(t) for t in traces], sim


def run_final(batch: Batch) -> Simulation:
    """Run a large batch without recording paths: final points, losses and tolerance hits."""
    sim = Simulation(batch)
    while not sim.finished:
        sim.step(sim.chunk_steps, record=False)
    return sim


def gradient_noise(std: float, seed: int, steps: int) -> Floats:
    """std · xi with xi = default_rng(seed).standard_normal((steps, 2)) (CONTRACT section 3)."""
    if std == 0.0:
        return np.zeros((steps, 2))
    return std * np.random.default_rng(seed).standard_normal((steps, 2))
