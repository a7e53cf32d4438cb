"""Sweeps, basin maps and lr tuning: many runs in one engine call each (CONTRACT section 10)."""

from dataclasses import replace
from typing import Any

import numpy as np

from app.engine import Batch, Floats, Simulation, run_final, run_paths
from app.landscape import axes, lowest_minimum
from app.scene import batch_for, columns, labels, optimizer_of, schedule_lrs, status
from app.schemas import BasinRequest, SeedsRequest, SweepRequest, TuneRequest, resolve_surface
from app.surfaces import Surface


def sweep_batch(req: SweepRequest) -> Batch:
    """One config per swept value, each started once from the request's start."""
    spec = req.runs[0]
    optimizer = optimizer_of(spec)
    base = batch_for(req)
    column = [p.name for p in optimizer.params].index(req.sweep.param)
    count = len(req.sweep.values)
    hyper = np.repeat(base.hyper, count, axis=0)
    hyper[:, column] = req.sweep.values
    lrs = np.stack([schedule_lrs(spec, row[optimizer.lr_column], req.steps) for row in hyper])
    fstar = lowest_minimum(*resolve_surface(req.surface, req.standardize))
    return Batch(
        land=base.land,
        opt=np.repeat(base.opt, count),
        hyper=hyper,
        lrs=lrs,
        config=np.arange(count, dtype=np.int64),
        starts=np.repeat(base.starts, count, axis=0),
        noise=base.noise,
        batches=base.batches,
        fstar=-np.inf if fstar is None else fstar,
        tol=req.tolerance if fstar is not None else 0.0,
    )


def run_sweep(req: SweepRequest) -> dict[str, Any]:
    sim = run_final(sweep_batch(req))
    return {
        "param": req.sweep.param,
        "values": list(req.sweep.values),
        "final_loss": sim.cur[:, 0].tolist(),
        "steps_to_tolerance": [int(h) if h >= 0 else None for h in sim.hit],
        "status": ["ok" if alive else "diverged" for alive in sim.alive],
    }


def basin_labels(final: Floats, alive: np.ndarray, minima: Floats, radius: float) -> np.ndarray:
    """Index of the nearest minimum within `radius` of each final point; −1 diverged; −2 none."""
    labels = np.full(final.shape[0], -2, dtype=np.int64)
    if len(minima):
        distance = np.hypot(
            final[:, None, 0] - minima[None, :, 0], final[:, None, 1] - minima[None, :, 1]
        )
        nearest = distance.argmin(axis=1)  # argmin keeps the lowest index on a tie
        near = distance[np.arange(len(final)), nearest] <= radius
        labels[near] = nearest[near]
    labels[~alive] = -1
    return labels


# Optimizer state a basin map holds at once: its starts run in blocks of this many bytes of state
# rows (L-BFGS keeps up to 100 pairs a start: 40,000 starts at once would hold ~190 MB).
BLOCK_BYTES = 16 * 2**20


def basin_finals(batch: Batch, block_bytes: int = BLOCK_BYTES) -> tuple[Floats, np.ndarray]:
    """Final points and alive flags of a one-config batch's starts, run in blocks whose state
    rows take at most `block_bytes` (at least one start a block). The starts are independent and
    every block sees the same mini-batch order and noise, so the blocks add up to one call's."""
    size = max(1, block_bytes // (8 * max(1, batch.state_width)))
    starts = batch.starts
    pos, alive = [], []
    for lo in range(0, len(starts), size):
        part = starts[lo : lo + size]
        sim = run_final(replace(batch, config=np.zeros(len(part), dtype=np.int64), starts=part,
                                batches=batch.batches and batch.batches.restarted()))  # fmt: skip
        pos.append(sim.pos)
        alive.append(sim.alive)
    return np.concatenate(pos), np.concatenate(alive)


def basin_starts(surface: Surface, n: int) -> tuple[Floats, Floats, Floats]:
    """The n×n grid's x and y over the surface, and its (n², 2) starts: start i·n + j is
    (x[j], y[i])."""
    x, y = axes(surface, n)
    xx, yy = np.meshgrid(x, y)
    return x, y, np.column_stack([xx.ravel(), yy.ravel()])


def run_basins(req: BasinRequest, block_bytes: int = BLOCK_BYTES) -> dict[str, Any]:
    surface, _ = resolve_surface(req.surface, req.standardize)
    x, y, starts = basin_starts(surface, req.grid.n)  # label[i][j] is the start (x[j], y[i])
    final, alive = basin_finals(replace(batch_for(req), starts=starts), block_bytes)
    minima = np.array(surface.minima, dtype=np.float64).reshape(-1, 2)
    labels = basin_labels(final, alive, minima, req.radius)
    return {
        "x": x.tolist(),
        "y": y.tolist(),
        "minima": minima.tolist(),
        "label": labels.reshape(req.grid.n, req.grid.n).tolist(),
    }


def tune_batch(req: TuneRequest) -> Batch:
    """One config per (run, learning rate): run r's value v is config r·V + v."""
    base = batch_for(req)
    values = np.asarray(req.tune.values)
    count, runs = len(values), len(req.runs)
    hyper = np.repeat(base.hyper, count, axis=0)
    for r, spec in enumerate(req.runs):
        hyper[r * count : (r + 1) * count, optimizer_of(spec).lr_column] = values
    lrs = np.stack([schedule_lrs(spec, v, req.steps) for spec in req.runs for v in values])
    return Batch(
        land=base.land, opt=np.repeat(base.opt, count), hyper=hyper, lrs=lrs,
        config=np.arange(runs * count, dtype=np.int64),
        starts=np.repeat(base.starts, count, axis=0), noise=base.noise, batches=base.batches,
    )  # fmt: skip


def tune_scores(sim: Simulation, criterion: str) -> Floats:
    """Lower is better; a diverged run scores +inf."""
    score = sim.cur[:, 0] if criterion == "final_loss" else sim.area / (sim.kept + 1)
    return np.where(sim.alive, score, np.inf)


def best_value(scores: Floats, values: list[float]) -> int:
    """The index of the best (lowest) score; among equal scores, of the smallest value (the
    gentlest learning rate that does as well)."""
    ties = np.flatnonzero(scores == scores.min())
    return int(min(ties, key=lambda i: values[i]))


def run_tune(req: TuneRequest) -> dict[str, Any]:
    sim = run_final(tune_batch(req))
    scores = tune_scores(sim, req.tune.criterion).reshape(len(req.runs), -1)
    values = req.tune.values
    runs = []
    for spec, label, row in zip(req.runs, labels(req.runs), scores, strict=True):
        finite = np.isfinite(row)
        best = best_value(row, values) if finite.any() else None
        runs.append({
            "optimizer": spec.optimizer, "label": label,
            "lr": None if best is None else values[best],
            "score": [float(v) if np.isfinite(v) else None for v in row],
            "status": ["ok" if ok else "diverged" for ok in finite],
        })  # fmt: skip
    return {"criterion": req.tune.criterion, "values": values, "runs": runs}


def loss_bands(losses: Floats) -> Floats:
    """(3, runs, steps + 1) 10th, 50th and 90th percentiles over the seeds of (runs, seeds,
    steps + 1) losses, NaN where every seed has stopped (nanpercentile warns there)."""
    bands = np.full((3, losses.shape[0], losses.shape[2]), np.nan)
    for r, run in enumerate(losses):
        kept = ~np.isnan(run).all(axis=0)
        bands[:, r, kept] = np.nanpercentile(run[:, kept], [10, 50, 90], axis=0)
    return bands


def run_seeds(req: SeedsRequest) -> dict[str, Any]:
    """Every run under each seed, and per step the 10th, 50th and 90th percentile of its loss
    over the seeds (a band; a diverged seed drops out from where it stopped)."""
    seeds = list(range(req.seeds.first, req.seeds.first + req.seeds.count))
    per_run: list[list[dict[str, Any]]] = [[] for _ in req.runs]
    losses = np.full((len(req.runs), len(seeds), req.steps + 1), np.nan)
    for i, seed in enumerate(seeds):
        changes: dict[str, Any] = {"noise": req.noise.model_copy(update={"seed": seed})}
        if req.batch is not None:
            changes["batch"] = req.batch.model_copy(update={"seed": seed})
        paths, _, sim = run_paths(batch_for(req.model_copy(update=changes)))
        for r, path in enumerate(paths):
            per_run[r].append({"seed": seed, **columns(path), **status(sim, r)})
            losses[r, i, : len(path)] = path[:, 2]
    bands = loss_bands(losses)
    return {
        "seeds": seeds,
        "runs": [
            {"optimizer": spec.optimizer, "label": label, "paths": per_run[r],
             "band": {q: [v if v == v else None for v in bands[j, r].tolist()]
                      for j, q in enumerate(("p10", "p50", "p90"))}}
            for r, (spec, label) in enumerate(zip(req.runs, labels(req.runs), strict=True))
        ],
    }  # fmt: skip
