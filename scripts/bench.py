"""`make bench`: our engine against torch.optim loops, measured side by side in one process.

Torch's per-step cost is constant (autograd + optimizer dispatch), so its long loops are timed on
a stated fraction of the work and scaled; `--full` times all of it. Each of our figures is the
median of several repeats after a warm-up. Browser figures come from scripts/bench_browser.py
and scripts/bench_network.py.
"""

import argparse
import json
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


# (a): CONTRACT section 4's twelve
SCENE12 = {"surface": "rosenbrock", "steps": 5000,
           "runs": [{"optimizer": o.id} for o in OPTIMIZERS[:12]]}  # fmt: skip
NETWORK = {"surface": "moons", "steps": 1000, "network": {"hidden": 8},
           "runs": [{"optimizer": o} for o in NETWORK_OPTIMIZERS]}  # fmt: skip
SWEEP_LRS = np.geomspace(1e-4, 1.0, 64).tolist()
SWEEP = {"surface": "rosenbrock", "steps": 2000, "runs": [{"optimizer": "adam"}],
         "sweep": {"param": "lr", "values": SWEEP_LRS}}  # fmt: skip
BIG_STARTS = np.random.default_rng(0).uniform(-2, 2, (10_000, 2))


def engine_cases() -> dict[str, tuple[str, Callable[[], object], int]]:
    """Our side of each case: key -> (row name, the work, repeats). Also what `--against` times
    in both checkouts."""
    scene12 = RunRequest.model_validate(SCENE12)
    sweep = SweepRequest.model_validate(SWEEP)
    scene6 = RunRequest.model_validate(
        {"surface": "rosenbrock", "steps": 1000,
         "runs": [{"optimizer": o} for o in ("sgd", "momentum", "nag", "rmsprop", "adam", "lion")]}
    )  # fmt: skip
    big = batch_for(RunRequest.model_validate(
        {"surface": "rosenbrock", "steps": 500, "runs": [{"optimizer": "adam"}]}))  # fmt: skip
    big.config, big.starts = np.zeros(len(BIG_STARTS), dtype=np.int64), BIG_STARTS
    basins = BasinRequest.model_validate(
        {"surface": "himmelblau", "steps": 500, "grid": {"n": 100},
         "runs": [{"optimizer": "momentum", "params": {"lr": 0.001}}]}
    )  # fmt: skip

    network = RunRequest.model_validate(NETWORK)

    def cold_network() -> None:  # every run trained, none taken from the recent runs
        TRAINED.clear()
        run_network(network)

    return {
        "a": ("(a) 12 optimizers × 5000 steps, rosenbrock",
              lambda: run_paths(batch_for(scene12)), 5),
        "b": ("(b) sweep: 64 lr values × 2000 steps, adam",
              lambda: run_final(sweep_batch(sweep)), 5),
        "c": ("(c) slider scene: 6 optimizers × 1000 steps",
              lambda: run_paths(batch_for(scene6)), 50),
        "d": ("(d) 10,000 runs × 500 steps, adam", lambda: run_final(big), 3),
        "e": ("(e) basin map 100×100 starts × 500 steps", lambda: run_basins(basins), 3),
        "g": ("(g) network: 6 optimizers × 1000 steps, H 8", cold_network, 3),
    }  # fmt: skip


def against(other: Path, rounds: int) -> None:
    """Our cases in this checkout and in `other`, side by side: each round runs both in fresh
    processes, alternating which goes first; medians over the rounds. The `app` each imports is
    set by PYTHONPATH (the venv's editable install would otherwise always give this one)."""
    other = other.resolve()
    times: dict[Path, list[dict[str, float]]] = {ROOT: [], other: []}
    for i in range(rounds):
        for checkout in (ROOT, other) if i % 2 else (other, ROOT):
            env = {**os.environ, "PYTHONPATH": str(checkout)}
            out = subprocess.run([sys.executable, __file__, "--ours-json"], env=env, cwd=checkout,
                                 check=True, capture_output=True, text=True).stdout  # fmt: skip
            times[checkout].append(json.loads(out.splitlines()[-1]))
    names = {key: name for key, (name, _, _) in engine_cases().items()}
    heading = f"case (ms, medians of {rounds} rounds)"
    print(f"{heading:<44}{'this':>10}{'other':>10}{'other/this':>12}")
    for key, name in names.items():
        this, that = (statistics.median(t[key] for t in times[c]) * 1e3 for c in (ROOT, other))
        print(f"{name:<44}{this:10.2f}{that:10.2f}{that / this:11.2f}×")
    print(f"\nthis: {ROOT}\nother: {other}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--full", action="store_true", help="time torch on all the work")
    parser.add_argument("--no-browser", action="store_true", help="skip the browser figures")
    parser.add_argument("--against", type=Path, help="another checkout: our cases side by side")
    parser.add_argument("--rounds", type=int, default=4, help="rounds with --against")
    parser.add_argument("--ours-json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.ours_json:  # one side of --against
        print(json.dumps({k: timed(fn, n) for k, (_, fn, n) in engine_cases().items()}))
        return
    if args.against:
        against(args.against, args.rounds)
        return
    frac = 1.0 if args.full else 0.1
    ids = [run["optimizer"] for run in SCENE12["runs"]]
    cases = engine_cases()

    def ours(key: str) -> float:
        _, work, repeats = cases[key]
        return timed(work, repeats)

    print(f"{'case':<44}{'ours ms':>10}{'torch ms':>10}{'ratio':>10}   target")
    steps = int(5000 * frac)
    theirs = scaled_torch(lambda: [torch_loop(o, steps) for o in ids], frac)
    row(cases["a"][0], ours("a"), theirs, "≥ 100×")

    with TestClient(app, base_url="http://127.0.0.1") as client:  # a host the app answers to
        http = timed(lambda: client.post("/api/run", json=SCENE12).raise_for_status(), 3)
    row("    same over HTTP (POST /api/run, JSON)", http, theirs, "≥ 10×")

    sample = SWEEP_LRS[:: int(round(1 / frac))] if frac < 1 else SWEEP_LRS
    theirs = scaled_torch(lambda: [torch_loop("adam", 2000, lr=v) for v in sample],
                          len(sample) / len(SWEEP_LRS))  # fmt: skip
    row(cases["b"][0], ours("b"), theirs, "≥ 100×, < 50 ms")
    sweep = SweepRequest.model_validate(SWEEP)
    row("    same incl. answer (run_sweep)", timed(lambda: run_sweep(sweep)), theirs, "")
    row(cases["c"][0], ours("c"), None, "< 5 ms")

    theirs = scaled_torch(lambda: [torch_loop("adam", 500, tuple(s)) for s in BIG_STARTS[:20]],
                          20 / len(BIG_STARTS))  # fmt: skip
    row(cases["d"][0], ours("d"), theirs, "< 500 ms")
    theirs = scaled_torch(lambda: [torch_loop("momentum", 500, (0.1 * i, 0.1)) for i in range(20)],
                          20 / 10_000)  # fmt: skip
    row(cases["e"][0], ours("e"), theirs, "< 500 ms")

    network = RunRequest.model_validate(NETWORK)
    assert network.model is not None
    rows = network.model.data.train_rows
    x, y = torch.from_numpy(rows[:2].T.copy()), torch.from_numpy(rows[2].copy())
    steps = int(1000 * frac)
    theirs = scaled_torch(lambda: [torch_network_loop(o, steps, x, y) for o in NETWORK_OPTIMIZERS],
                          frac)  # fmt: skip
    row(cases["g"][0], ours("g"), theirs, "< 50 ms")
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
