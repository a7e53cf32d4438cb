""" "Copy as PyTorch": a short script that reproduces a scene with torch.optim / pytorch_optimizer.

The script states the whole recipe in the open (float64, the point as one tensor of shape (2,),
the lr set before each step from the schedule, the noise and mini-batch order), so a user can
check every number the page shows. Formulas, typed or built-in, are re-printed from their
validated syntax tree as torch expressions; no user text is copied into the script verbatim.
"""

import ast
import json

from app.datasets import DATA_INDEX
from app.formula import parse
from app.scene import labels, optimizer_of
from app.schedules import resolve
from app.schemas import CustomSurface, RunRequest, RunSpec, resolve_surface

TORCH_FUNCTIONS = {"min": "torch.minimum", "max": "torch.maximum", "abs": "torch.abs"}
TORCH_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}


def torch_expression(node: ast.AST) -> str:
    """A validated formula tree (see app.formula) as torch code over tensors x and y."""
    if isinstance(node, ast.Constant):
        assert isinstance(node.value, int | float)
        return repr(float(node.value))
    if isinstance(node, ast.Name):
        return {"pi": "PI", "e": "math.e"}.get(node.id, node.id)
    if isinstance(node, ast.UnaryOp):
        return f"({'-' if isinstance(node.op, ast.USub) else '+'}{torch_expression(node.operand)})"
    if isinstance(node, ast.BinOp):
        op = TORCH_OPS[type(node.op)]
        return f"({torch_expression(node.left)} {op} {torch_expression(node.right)})"
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    name = TORCH_FUNCTIONS.get(node.func.id, f"torch.{node.func.id}")
    return f"{name}({', '.join(f'T({torch_expression(a)})' for a in node.args)})"


def optimizer_code(spec: RunSpec) -> str:
    """The reference constructor of a run (its declaration's `reference`) with every
    hyperparameter spelled out."""
    optimizer = optimizer_of(spec)
    return optimizer.reference_code(optimizer.values(spec.params))


SCHEDULE_CODE = {
    "constant": "1.0",
    "step": "{gamma!r} ** math.floor(t / {step_size!r})",
    "exponential": "{gamma!r} ** t",
    "cosine": "{eta_min!r} / lr + (1 - {eta_min!r} / lr) * "
    "(1 + math.cos(math.pi * min(t, {t_max!r}) / {t_max!r})) / 2",
    "inverse_time": "1 / (1 + {decay!r} * t)",
    "warmup": "min(1.0, (t + 1) / {warmup_steps!r})",
}


def schedule_code(spec: RunSpec, steps: int) -> str:
    values = resolve(spec.schedule.name, spec.schedule.params, steps)
    return "lambda t, lr: " + SCHEDULE_CODE[spec.schedule.name].format(**values)


LINEAR_LOSS = "    return ((x*t + y - target)**2).mean()"


def loss_code(req: RunRequest) -> tuple[str, str]:
    """The torch loss of the surface as `def f(x, y, rows)`, and any data it needs."""
    if isinstance(req.surface, CustomSurface):
        node, _ = parse(req.surface.expression)  # already validated by the request model
        return f"    return {torch_expression(node)}", ""
    if req.surface not in DATA_INDEX:  # a built-in: its declared formula, printed the same way
        surface, _ = resolve_surface(req.surface, False)
        return f"    return {torch_expression(parse(surface.formula)[0])}", ""
    _, land = resolve_surface(req.surface, req.standardize)
    data = f"DATA = torch.tensor({json.dumps(land.data.tolist())})  # t1, t2, target\n"
    if DATA_INDEX[req.surface].model == "linear":
        return "    t, target = DATA[rows, 0], DATA[rows, 2]\n" + LINEAR_LOSS, data
    return (
        "    z = x*DATA[rows, 0] + y*DATA[rows, 1]\n"
        "    return (torch.logaddexp(torch.zeros_like(z), z) - DATA[rows, 2]*z).mean()",
        data,
    )


def pytorch_script(req: RunRequest) -> str:
    surface, land = resolve_surface(req.surface, req.standardize)
    start = list(req.start) if req.start is not None else list(surface.start)
    body, data = loss_code(req)
    runs = ",\n".join(
        f"    ({label!r}, lambda ps: {optimizer_code(spec)}, {schedule_code(spec, req.steps)})"
        for spec, label in zip(req.runs, labels(req.runs), strict=True)
    )
    batch = "None" if req.batch is None else f"({req.batch.size}, {req.batch.seed})"
    return TEMPLATE.format(
        surface=surface.name, steps=req.steps, start=start, std=req.noise.std, seed=req.noise.seed,
        data=data, body=body, rows=len(land.data), batch=batch, runs=runs, newton=NEWTON,
    )  # fmt: skip


NEWTON = '''class Newton(torch.optim.Optimizer):
    """Newton's method (no torch class): p <- p - lr * solve(H + damping * I, g), H the Hessian
    of the update's loss (`closure.loss`), g its gradient."""

    def __init__(self, params, lr, damping):
        super().__init__(params, {"lr": lr, "damping": damping})

    @torch.no_grad()
    def step(self, closure):
        with torch.enable_grad():
            loss = closure()
        for group in self.param_groups:
            for p in group["params"]:
                with torch.enable_grad():
                    hessian = torch.autograd.functional.hessian(closure.loss, p.detach())
                system = hessian + group["damping"] * torch.eye(len(p))
                p.sub_(group["lr"] * torch.linalg.solve(system, p.grad))
        return loss'''  # the Newton class of both scripts (no torch class exists)


TEMPLATE = '''"""Reproduce an Optiscope scene on {surface} with PyTorch, in float64.

Run: python this_file.py          (prints each run's final point)
     python this_file.py --json   (prints every iterate as JSON)
Needs torch, numpy and pytorch_optimizer (pip install torch numpy pytorch_optimizer).
"""

import json
import math
import sys

import numpy as np
import pytorch_optimizer
import torch

torch.set_default_dtype(torch.float64)
PI = math.pi
STEPS = {steps}
START = {start}
# Gradient noise: update k adds NOISE_STD * xi[k]; every run shares xi.
NOISE_STD, NOISE_SEED = {std!r}, {seed}
XI = np.random.default_rng(NOISE_SEED).standard_normal((STEPS, 2))
{data}ROWS = {rows}  # data rows (data surfaces only)
BATCH = {batch}  # (size, seed) of mini-batches, or None for full batch


def T(v):
    return torch.as_tensor(v)


def f(x, y, rows=slice(None)):
{body}


def batches():
    """Each epoch: perm = rng.permutation(ROWS), cut into batches of `size` (the last may be
    smaller); update k uses the k-th batch."""
    size, seed = BATCH
    rng = np.random.default_rng(seed)
    while True:
        perm = rng.permutation(ROWS)
        for i in range(0, ROWS, size):
            yield torch.from_numpy(perm[i : i + size])


{newton}


def closure_for(optimizer, p, rows, noise):
    """Update k's loss on its rows, its gradient plus the update's noise into p.grad: what
    optimizer.step(closure) evaluates (L-BFGS may call it several times). `closure.loss` is
    the same loss as a function of the point (for Newton's Hessian)."""

    def closure():
        optimizer.zero_grad()
        loss = f(p[0], p[1], rows)
        loss.backward()
        p.grad += noise
        return loss

    closure.loss = lambda q: f(q[0], q[1], rows)
    return closure


def run(make_optimizer, factor):
    p = torch.tensor(START, requires_grad=True)
    optimizer = make_optimizer([p])
    if hasattr(optimizer, "train"):  # schedule-free: the point is the parameter in train mode
        optimizer.train()
    lr = optimizer.param_groups[0]["lr"]
    order = batches() if BATCH else None
    path = [[*p.tolist(), f(p[0], p[1]).item()]]
    for k in range(STEPS):
        for group in optimizer.param_groups:
            group["lr"] = lr * factor(k, lr)
        rows = next(order) if order else slice(None)
        noise = torch.from_numpy(NOISE_STD * XI[k])
        try:
            optimizer.step(closure_for(optimizer, p, rows, noise))
        except torch.linalg.LinAlgError:  # Newton: a singular system
            return path, "diverged"
        x, y = p.tolist()
        with torch.no_grad():
            loss = f(p[0], p[1]).item()
        if not all(map(math.isfinite, (x, y, loss))) or abs(x) > 1e6 or abs(y) > 1e6:
            return path, "diverged"
        path.append([x, y, loss])
    return path, "ok"


RUNS = [
{runs},
]

if __name__ == "__main__":
    results = {{}}
    for label, make_optimizer, factor in RUNS:
        path, status = run(make_optimizer, factor)
        results[label] = {{"x": [p[0] for p in path], "y": [p[1] for p in path],
                          "loss": [p[2] for p in path], "status": status}}
        if "--json" not in sys.argv:
            x, y, loss = path[-1]
            where = f"({{x:.6g}}, {{y:.6g}}), f = {{loss:.6g}}"
            print(f"{{label:>24}}: {{status}} after {{len(path) - 1}} steps at {{where}}")
    if "--json" in sys.argv:
        print(json.dumps(results))
'''
