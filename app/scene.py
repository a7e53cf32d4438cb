"""Turn a validated run request into engine arrays, and engine output into API answers."""

from collections import Counter
from collections.abc import Iterator
from typing import Any

import numpy as np

from app.datasets import MiniBatches
from app.engine import Batch, Chunk, Floats, Simulation, first_chunk, gradient_noise, run_paths
from app.landscape import Landscape
from app.networks import Training, losses_along, plane
from app.optimizers import OPTIMIZER_INDEX, OPTIMIZERS, PARAM_SIZE, Optimizer
from app.schedules import SCHEDULE_INDEX, learning_rates, resolve
from app.schemas import RunRequest, RunSpec, resolve_surface
from app.surfaces import Surface

CHUNK_POINTS = 6000  # iterates per streamed chunk (12 runs × 500 steps): short GIL holds


def optimizer_of(spec: RunSpec) -> Optimizer:
    return OPTIMIZERS[OPTIMIZER_INDEX[spec.optimizer]]


def hyperparameters(spec: RunSpec) -> Floats:
    """(PARAM_SIZE,) declared hyperparameters of a run, the given values over the defaults, as
    the kernel reads them (a bool as 0/1, a choice as its option's index)."""
    optimizer = optimizer_of(spec)
    values = optimizer.values(spec.params)
    row = np.zeros(PARAM_SIZE)
    for i, param in enumerate(optimizer.params):
        row[i] = param.encode(values[param.name])
    return row


def schedule_lrs(spec: RunSpec, lr: float, steps: int) -> Floats:
    values = resolve(spec.schedule.name, spec.schedule.params, steps)
    return learning_rates(spec.schedule.name, values, lr, steps)


def labels(runs: list[RunSpec]) -> list[str]:
    """Legend names: the optimizer's name, its schedule if any, a number where names repeat."""
    names = []
    for spec in runs:
        name = optimizer_of(spec).name
        if spec.schedule.name != "constant":
            name += f" · {SCHEDULE_INDEX[spec.schedule.name].name.lower()}"
        names.append(name)
    totals, seen = Counter(names), Counter[str]()
    out = []
    for name in names:
        seen[name] += 1
        out.append(f"{name} #{seen[name]}" if totals[name] > 1 else name)
    return out


def start_points(req: RunRequest, surface: Surface) -> Floats:
    """(R, 2): every run starts from the request's start, else the surface's own."""
    start = req.start if req.start is not None else surface.start
    return np.tile(np.asarray(start, dtype=np.float64), (len(req.runs), 1))


def batch_for(req: RunRequest, resolved: tuple[Surface, Landscape] | None = None) -> Batch:
    """One config and one run per requested optimizer run, all from the same start and noise.
    `resolved`: the request's surface, where the caller has resolved it already."""
    surface, land = resolved or resolve_surface(req.surface, req.standardize)
    hyper = np.stack([hyperparameters(spec) for spec in req.runs])
    lrs = np.stack([schedule_lrs(spec, row[optimizer_of(spec).lr_column], req.steps)
                    for spec, row in zip(req.runs, hyper, strict=True)])  # fmt: skip
    return Batch(
        land=land,
        opt=np.array([OPTIMIZER_INDEX[spec.optimizer] for spec in req.runs], dtype=np.int64),
        hyper=hyper,
        lrs=lrs,
        config=np.arange(len(req.runs), dtype=np.int64),
        starts=start_points(req, surface),
        noise=gradient_noise(req.noise.std, req.noise.seed, req.steps),
        batches=None
        if req.batch is None
        else MiniBatches(len(land.data), req.batch.size, req.batch.seed),
    )


def status(sim: Simulation, r: int) -> dict[str, Any]:
    return {"status": "ok" if sim.alive[r] else "diverged", "steps": int(sim.kept[r])}


def columns(path: Floats) -> dict[str, Floats]:
    """(n, 3) rows of x, y, loss as the API's three arrays (contiguous, for orjson)."""
    return {key: np.ascontiguousarray(path[:, i]) for i, key in enumerate(("x", "y", "loss"))}


def inspected(spec: RunSpec, trace: Floats) -> dict[str, list[Any]]:
    """Entry k describes update k (0-based): the gradient it used (noise included), its lr, the
    step it took, and the optimizer's state after it, named as torch names it."""
    optimizer = optimizer_of(spec)
    hyper = optimizer.values(spec.params)
    out: dict[str, list[Any]] = {
        "grad": trace[:, 0:2].tolist(), "lr": trace[:, 2].tolist(), "update": trace[:, 3:5].tolist()
    }  # fmt: skip
    for name, part in optimizer.state_slices(hyper).items():
        values = trace[:, 5 + part.start : 5 + part.stop]
        out[name] = values[:, 0].tolist() if values.shape[1] == 1 else values.tolist()
    t = np.arange(1, len(trace) + 1, dtype=np.float64)
    for key, beta in optimizer.bias_corrections:
        out[key] = (1.0 - float(hyper[beta]) ** t).tolist()
    return out


def run_scene(req: RunRequest) -> dict[str, Any]:
    """The answer of POST /api/run."""
    paths, traces, sim = run_paths(batch_for(req), trace=req.include_state)
    names = labels(req.runs)
    runs = []
    for r, spec in enumerate(req.runs):
        run = {
            "optimizer": spec.optimizer,
            "label": names[r],
            **columns(paths[r]),
            **status(sim, r),
        }
        if req.include_state:
            run["state"] = inspected(spec, traces[r])
        runs.append(run)
    return {"runs": runs}


def network_training(req: RunRequest) -> Training:
    """A network request's runs as one Training (CONTRACT section 11's recipe)."""
    model = req.model
    assert model is not None, "a network request"
    hyper = np.stack([hyperparameters(spec) for spec in req.runs])
    lrs = np.stack([schedule_lrs(spec, row[optimizer_of(spec).lr_column], req.steps)
                    for spec, row in zip(req.runs, hyper, strict=True)])  # fmt: skip
    batches = (
        None
        if req.batch is None
        else MiniBatches(model.data.train_rows.shape[1], req.batch.size, req.batch.seed)
    )
    return Training(
        model, np.array([OPTIMIZER_INDEX[s.optimizer] for s in req.runs], dtype=np.int64),
        hyper, lrs, batches, trace=req.include_trace,
    )  # fmt: skip


def network_share(training: Training) -> float:
    """The share of a network request's work its answer will cost: its runs not trained
    recently (a slider's move retrains one), and at least one run's (the plane is drawn anew)."""
    return max(1, training.untrained()) / len(training.opt)


def run_network(req: RunRequest, training: Training | None = None) -> dict[str, Any]:
    """The answer of POST /api/run on a network surface (CONTRACT section 11); `training`, the
    request's own `network_training` where it was already made (to weigh it)."""
    training = training or network_training(req)
    model = training.model
    test_rows = model.data.test_rows
    path, losses, accuracy, norms, kept, alive = training.run()
    paths = [path[r, : kept[r] + 1] for r in range(len(req.runs))]
    # the path's data of the runs the client does not hold yet (all but known_paths): their θ path,
    # curves, train losses and gradient norms (what a run's key determines)
    along = [r for r in range(len(req.runs)) if req.include_path and r not in req.known_paths]
    test_curves: dict[int, tuple[Floats, ...]] = {}
    if along:  # test loss and accuracy at every iterate, for the page's curves
        tested = losses_along(model, np.concatenate([paths[r] for r in along]), test_rows)
        ends = np.cumsum([len(paths[r]) for r in along])[:-1]
        split = zip(*(np.split(v, ends) for v in tested), strict=True)
        test_curves = dict(zip(along, split, strict=True))
    answer_plane, coords = plane(model, paths, [bool(a) for a in alive])
    finals = np.stack([p[-1] for p in paths])
    test_loss, test_accuracy = model.losses(finals, test_rows)
    runs = []
    for r, (spec, name) in enumerate(zip(req.runs, labels(req.runs), strict=True)):
        run: dict[str, Any] = {
            "optimizer": spec.optimizer, "label": name,
            **({} if r in req.known_paths else {"loss": losses[r, : kept[r] + 1]}),
            "test_loss": float(test_loss[r]), "train_accuracy": float(accuracy[r, kept[r]]),
            "test_accuracy": float(test_accuracy[r]), "status": "ok" if alive[r] else "diverged",
            "steps": int(kept[r]), "theta": finals[r],
            "a": np.ascontiguousarray(coords[r][:, 0]), "b": np.ascontiguousarray(coords[r][:, 1]),
        }  # fmt: skip
        if r in test_curves:
            run["thetas"] = paths[r]
            run["curves"] = {"test_loss": test_curves[r][0], "test_accuracy": test_curves[r][1],
                             "train_accuracy": accuracy[r, : kept[r] + 1]}  # fmt: skip
        if req.include_trace and r not in req.known_paths:
            layers = norms[r, : kept[r]]
            run["grad_norm"] = {name: np.ascontiguousarray(layers[:, i])
                                for i, name in enumerate(("W1", "b1", "W2", "b2"))}  # fmt: skip
        runs.append(run)
    return {"runs": runs, "plane": answer_plane}


def chunk_message(chunk: Chunk, request_id: int) -> dict[str, Any]:
    runs = [columns(chunk.run(r)) for r in range(len(chunk.counts))]
    return {"type": "chunk", "id": request_id, "offset": chunk.offset, "runs": runs}


def chunk_steps(runs: int, steps: int) -> tuple[int, int]:
    """Steps in a stream's first chunk of updates and in each later one. A small scene (a
    slider's) comes whole in one chunk: fewer messages, drawn sooner. A longer stream opens with a
    fifth of a chunk, so its paths start moving sooner when the server is busy."""
    size = max(1, CHUNK_POINTS // runs)
    return (max(1, size // 5) if steps > size else size), size


def stream_scene(
    req: RunRequest, request_id: int, resolved: tuple[Surface, Landscape]
) -> Iterator[dict[str, Any]]:
    """The messages of one streamed request: start, chunks, end (CONTRACT section 7).

    The first two (start, and the starts as a one-iterate chunk) cost one loss evaluation per
    run; the schedule and noise tables behind the other chunks are built only after them."""
    yield {
        "type": "start",
        "id": request_id,
        "runs": [{"optimizer": s.optimizer, "label": label} for s, label in
                 zip(req.runs, labels(req.runs), strict=True)],
    }  # fmt: skip
    surface, land = resolved
    yield chunk_message(first_chunk(land, start_points(req, surface)), request_id)
    sim = Simulation(batch_for(req, (surface, land)))
    first, size = chunk_steps(len(req.runs), req.steps)
    while not sim.finished:
        yield chunk_message(sim.step(first if sim.t == 0 else size), request_id)
    yield {"type": "end", "id": request_id, "runs": [status(sim, r) for r in range(len(req.runs))]}
