"""`make bench`: our engine against torch.optim loops, measured side by side in one process.

Torch's per-step cost is constant (autograd + optimizer dispatch), so its long loops are timed on
a stated fraction of the work and scaled; `--full` times all of it. Each of our figures is the
median of several repeats after a warm-up. Browser figures come from scripts/bench_browser.py
and scripts/bench_network.py.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the server runs (app/__init__.py)

import numpy as np
import torch
from fastapi.testclient import TestClient

from app.engine import run_final, run_paths
from app.insight import run_basins, run_sweep, sweep_batch
from app.main import app
from app.networks import TRAINED
from app.optimizers import OPTIMIZERS
from app.scene import batch_for, run_network
from app.schemas import BasinRequest, RunRequest, SweepRequest

torch.set_default_dtype(torch.float64)
REGISTRY = {o.id: o for o in OPTIMIZERS}
ROOT = Path(__file__).resolve().parent.parent


def timed(fn: Callable[[], object], repeats: int = 5) -> float:
    """Median wall time of fn() in seconds, after one warm-up call."""
    fn()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def torch_optimizer(opt_id: str, p: torch.Tensor, lr: float | None = None) -> torch.optim.Optimizer:
    """The optimizer's own reference constructor (its declaration's `reference`) at its defaults:
    our code, never a user's, evaluated with the parameter list `ps`."""
    import pytorch_optimizer

    optimizer = REGISTRY[opt_id]
    values = optimizer.values({} if lr is None else {"lr": lr})
    scope = {"torch": torch, "pytorch_optimizer": pytorch_optimizer, "ps": [p]}
    opt = eval(optimizer.reference_code(values), scope)  # noqa: S307 - the registry's own text
    if hasattr(opt, "train"):
        opt.train()  # Schedule-Free: the point is the train-mode parameter
    return opt


def torch_loop(opt_id: str, steps: int, start=(-1.2, 1.0), lr: float | None = None) -> None:
    """The loop a torch user writes: autograd gradient of Rosenbrock, optimizer step."""
    p = torch.tensor(start, requires_grad=True)
    opt = torch_optimizer(opt_id, p, lr)

    def closure() -> torch.Tensor:
        opt.zero_grad()
        x, y = p[0], p[1]
        loss = (1 - x) ** 2 + 100 * (y - x * x) ** 2
        loss.backward()
        return loss

    for _ in range(steps):
        opt.step(closure)


def has_torch_class(opt_id: str) -> bool:
    return REGISTRY[opt_id].reference.startswith(("torch.optim.", "pytorch_optimizer."))


NETWORK_OPTIMIZERS = ("sgd", "momentum", "nag", "rmsprop", "adam", "lion")


def torch_network_loop(opt_id: str, steps: int, x: torch.Tensor, y: torch.Tensor) -> None:
    """The loop a torch user writes for CONTRACT 11's network on the flat θ (H = 8, tanh,
    cross-entropy, full batch)."""
    theta = (torch.rand(33) - 0.5).requires_grad_()
    opt = torch_optimizer(opt_id, theta)
    for _ in range(steps):
        opt.zero_grad()
        hidden = torch.tanh(torch.nn.functional.linear(x, theta[:16].view(8, 2), theta[16:24]))
        z = torch.nn.functional.linear(hidden, theta[24:32].view(1, 8), theta[32:]).squeeze(1)
        (torch.logaddexp(torch.zeros_like(z), z) - y * z).mean().backward()
        opt.step()


def scaled_torch(work: Callable[[], None], fraction: float) -> float:
    start = time.perf_counter()
    work()
    return (time.perf_counter() - start) / fraction


def row(name: str, ours: float, theirs: float | None, target: str) -> None:
    ratio = f"{theirs / ours:9.0f}×" if theirs else " " * 10
    base = f"{theirs * 1e3:10.1f}" if theirs else " " * 10
    print(f"{name:<44}{ours * 1e3:10.2f}{base}{ratio}   {target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--full", action="store_true", help="time torch on all the work")
    parser.add_argument("--no-browser", action="store_true", help="skip the browser figures")
    args = parser.parse_args()
    frac = 1.0 if args.full else 0.1
    ids = [o.id for o in OPTIMIZERS][:12]  # CONTRACT section 4's twelve, the scene of (a)

    print(f"{'case':<44}{'ours ms':>10}{'torch ms':>10}{'ratio':>10}   target")
    scene12 = RunRequest.model_validate(
        {"surface": "rosenbrock", "steps": 5000, "runs": [{"optimizer": o} for o in ids]}
    )
    ours = timed(lambda: run_paths(batch_for(scene12)))
    steps = int(5000 * frac)
    theirs = scaled_torch(lambda: [torch_loop(o, steps) for o in ids], frac)
    row("(a) 12 optimizers × 5000 steps, rosenbrock", ours, theirs, "≥ 100×")

    with TestClient(app, base_url="http://127.0.0.1") as client:  # a host the app answers to
        body = scene12.model_dump()
        http = timed(lambda: client.post("/api/run", json=body).raise_for_status(), 3)
    row("    same over HTTP (POST /api/run, JSON)", http, theirs, "≥ 10×")

    lrs = np.geomspace(1e-4, 1.0, 64).tolist()
    sweep = SweepRequest.model_validate(
        {"surface": "rosenbrock", "steps": 2000, "runs": [{"optimizer": "adam"}],
         "sweep": {"param": "lr", "values": lrs}}
    )  # fmt: skip
    ours = timed(lambda: run_final(sweep_batch(sweep)))
    sample = lrs[:: int(round(1 / frac))] if frac < 1 else lrs
    theirs = scaled_torch(lambda: [torch_loop("adam", 2000, lr=v) for v in sample],
                          len(sample) / len(lrs))  # fmt: skip
    row("(b) sweep: 64 lr values × 2000 steps, adam", ours, theirs, "≥ 100×, < 50 ms")
    row("    same incl. answer (run_sweep)", timed(lambda: run_sweep(sweep)), theirs, "")

    scene6 = RunRequest.model_validate(
        {"surface": "rosenbrock", "steps": 1000,
         "runs": [{"optimizer": o} for o in ("sgd", "momentum", "nag", "rmsprop", "adam", "lion")]}
    )  # fmt: skip
    ours = timed(lambda: run_paths(batch_for(scene6)), 50)
    row("(c) slider scene: 6 optimizers × 1000 steps", ours, None, "< 5 ms")

    starts = np.random.default_rng(0).uniform(-2, 2, (10_000, 2))
    big = batch_for(RunRequest.model_validate(
        {"surface": "rosenbrock", "steps": 500, "runs": [{"optimizer": "adam"}]}))  # fmt: skip
    big.config, big.starts = np.zeros(len(starts), dtype=np.int64), starts
    theirs = scaled_torch(lambda: [torch_loop("adam", 500, tuple(s)) for s in starts[:20]],
                          20 / len(starts))  # fmt: skip
    row("(d) 10,000 runs × 500 steps, adam", timed(lambda: run_final(big), 3), theirs, "< 500 ms")

    basins = BasinRequest.model_validate(
        {"surface": "himmelblau", "steps": 500, "grid": {"n": 100},
         "runs": [{"optimizer": "momentum", "params": {"lr": 0.001}}]}
    )  # fmt: skip
    theirs = scaled_torch(lambda: [torch_loop("momentum", 500, (0.1 * i, 0.1)) for i in range(20)],
                          20 / 10_000)  # fmt: skip
    row("(e) basin map 100×100 starts × 500 steps", timed(lambda: run_basins(basins), 3), theirs,
        "< 500 ms")  # fmt: skip
    network = RunRequest.model_validate(
        {"surface": "moons", "steps": 1000, "network": {"hidden": 8},
         "runs": [{"optimizer": o} for o in NETWORK_OPTIMIZERS]}
    )  # fmt: skip
    assert network.model is not None
    rows = network.model.data.train_rows
    x, y = torch.from_numpy(rows[:2].T.copy()), torch.from_numpy(rows[2].copy())
    steps = int(1000 * frac)
    theirs = scaled_torch(lambda: [torch_network_loop(o, steps, x, y) for o in NETWORK_OPTIMIZERS],
                          frac)  # fmt: skip

    def cold() -> None:  # every run trained, none taken from the recent runs
        TRAINED.clear()
        run_network(network)

    row("(g) network: 6 optimizers × 1000 steps, H 8", timed(cold, 3), theirs, "< 50 ms")
    moved = iter(np.geomspace(1e-3, 1e-2, 1000))

    def one_changed() -> None:  # a slider move: the first run's lr is new, the others recent
        run = network.runs[0]
        run.params = {**(run.params or {}), "lr": float(next(moved))}
        run_network(network)

    row("    one run's lr changed (the others kept)", timed(one_changed, 3), None, "")
    print("\n(f) each optimizer alone: 1 run × 5000 steps on rosenbrock, at its defaults")
    for opt_id in REGISTRY:
        one = RunRequest.model_validate(
            {"surface": "rosenbrock", "steps": 5000, "runs": [{"optimizer": opt_id}]}
        )
        ours = timed(lambda one=one: run_paths(batch_for(one)), 5)
        theirs = None
        if has_torch_class(opt_id):
            theirs = scaled_torch(partial(torch_loop, opt_id, int(5000 * frac)), frac)
        row(f"    {opt_id}", ours, theirs, "")
    print(f"\ntorch timed on {frac:.0%} of the work and scaled (--full for all), float64, CPU.")

    if not args.no_browser:  # the surface page, then a network scene (issue 18)
        for script in ("bench_browser.py", "bench_network.py"):
            print()
            subprocess.run([sys.executable, str(ROOT / "scripts" / script)], check=False)


if __name__ == "__main__":
    main()
