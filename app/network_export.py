""" "Copy as PyTorch" for a network scene (CONTRACT section 11): a script that trains the same
one-hidden-layer network on the flat float64 θ with torch.optim / pytorch_optimizer, from the same
θ₀, rows and mini-batch order, and prints each run's losses, accuracies and θ.

Shares the optimizer constructors and schedules with the surface export (`export.py`); only the
model, the data and the loop differ.
"""

import json

import numpy as np
from numpy.typing import NDArray

from app.export import NEWTON, optimizer_code, schedule_code
from app.scene import labels
from app.schemas import RunRequest


def rows(columns: NDArray[np.float64]) -> str:
    """(3, N) columns as a JSON list of N rows, every float exactly (repr round-trips)."""
    return json.dumps(columns.T.tolist())


def network_script(req: RunRequest) -> str:
    model = req.model
    assert model is not None, "a network request"
    runs = ",\n".join(
        f"    ({label!r}, lambda ps: {optimizer_code(spec)}, {schedule_code(spec, req.steps)})"
        for spec, label in zip(req.runs, labels(req.runs), strict=True)
    )
    return TEMPLATE.format(
        name=model.data.name, steps=req.steps, hidden=model.hidden,
        activation=model.activation, loss=model.loss, seed=model.init_seed,
        train=rows(model.data.train_rows), test=rows(model.data.test_rows),
        batch="None" if req.batch is None else f"({req.batch.size}, {req.batch.seed})", runs=runs,
        newton=NEWTON,
    )  # fmt: skip


TEMPLATE = '''"""Reproduce an Optiscope network scene on {name} with PyTorch, in float64.

The network: z = W2 · act(W1 · t + b1) + b2 on ONE flat tensor θ = (W1 row-major, b1, W2, b2),
trained on the train rows only. Run: python this_file.py          (prints each run's end)
                                      python this_file.py --json   (every loss and θ as JSON)
Needs torch, numpy and pytorch_optimizer (pip install torch numpy pytorch_optimizer).
"""

import json
import math
import sys

import numpy as np
import pytorch_optimizer
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
STEPS = {steps}
HIDDEN, ACTIVATION, LOSS, INIT_SEED = {hidden}, {activation!r}, {loss!r}, {seed}
TRAIN = torch.tensor({train})  # rows t1, t2, target, in the order the app serves them
TEST = torch.tensor({test})
BATCH = {batch}  # (size, seed) of mini-batches over the train rows, or None for full batch
ACT = {{"tanh": torch.tanh, "relu": F.relu, "sigmoid": torch.sigmoid}}[ACTIVATION]


def initial_theta():
    """θ₀: W1, b1 ~ U(±1/√2), W2, b2 ~ U(±1/√H), drawn in that order from one generator."""
    rng = np.random.default_rng(INIT_SEED)
    a1, a2 = 1 / math.sqrt(2), 1 / math.sqrt(HIDDEN)
    return torch.from_numpy(np.concatenate([
        rng.uniform(-a1, a1, 2 * HIDDEN), rng.uniform(-a1, a1, HIDDEN),
        rng.uniform(-a2, a2, HIDDEN), rng.uniform(-a2, a2, 1),
    ]))


def logits(theta, rows):
    h = HIDDEN
    hidden = ACT(F.linear(rows[:, :2], theta[: 2 * h].view(h, 2), theta[2 * h : 3 * h]))
    return F.linear(hidden, theta[3 * h : 4 * h].view(1, h), theta[4 * h :]).squeeze(1)


def loss_of(theta, rows):
    z, target = logits(theta, rows), rows[:, 2]
    if LOSS == "cross_entropy":
        return (torch.logaddexp(torch.zeros_like(z), z) - target * z).mean()
    return ((torch.sigmoid(z) - target) ** 2).mean()


def accuracy(theta, rows):
    return ((logits(theta, rows) > 0) == (rows[:, 2] > 0.5)).double().mean().item()


def batches():
    """Each epoch: perm = rng.permutation(N_train), cut into batches of `size` (the last may be
    smaller); update k uses the k-th batch."""
    size, seed = BATCH
    rng = np.random.default_rng(seed)
    while True:
        perm = rng.permutation(len(TRAIN))
        for i in range(0, len(TRAIN), size):
            yield TRAIN[torch.from_numpy(perm[i : i + size])]


{newton}


def closure_for(optimizer, theta, rows):
    """Update k's loss on its rows and its gradient into θ.grad (L-BFGS may call it often)."""

    def closure():
        optimizer.zero_grad()
        loss = loss_of(theta, rows)
        loss.backward()
        return loss

    closure.loss = lambda q: loss_of(q, rows)
    return closure


def run(make_optimizer, factor):
    theta = initial_theta().requires_grad_()
    optimizer = make_optimizer([theta])
    if hasattr(optimizer, "train"):  # schedule-free: θ is the parameter in train mode
        optimizer.train()
    lr = optimizer.param_groups[0]["lr"]
    order = batches() if BATCH else None
    thetas, losses, status = [theta.detach().clone()], [loss_of(theta, TRAIN).item()], "ok"
    for k in range(STEPS):
        for group in optimizer.param_groups:
            group["lr"] = lr * factor(k, lr)
        rows = next(order) if order else TRAIN
        try:
            optimizer.step(closure_for(optimizer, theta, rows))
        except torch.linalg.LinAlgError:  # Newton: a singular system
            status = "diverged"
            break
        with torch.no_grad():
            loss = loss_of(theta, TRAIN).item()
        if not (torch.isfinite(theta).all() and math.isfinite(loss)) or theta.abs().max() > 1e6:
            status = "diverged"
            break
        thetas.append(theta.detach().clone())
        losses.append(loss)
    final = thetas[-1]
    with torch.no_grad():
        return {{
            "loss": losses, "status": status, "steps": len(losses) - 1,
            "test_loss": loss_of(final, TEST).item(), "train_accuracy": accuracy(final, TRAIN),
            "test_accuracy": accuracy(final, TEST), "theta": final.tolist(),
            "thetas": [t.tolist() for t in thetas],
        }}


RUNS = [
{runs},
]

if __name__ == "__main__":
    results = {{label: run(make, factor) for label, make, factor in RUNS}}
    if "--json" in sys.argv:
        print(json.dumps(results))
    for label, r in results.items():
        if "--json" not in sys.argv:
            print(f"{{label:>24}}: {{r['status']}} after {{r['steps']}} steps, train loss "
                  f"{{r['loss'][-1]:.4g}}, test loss {{r['test_loss']:.4g}}, "
                  f"test accuracy {{r['test_accuracy']:.1%}}")
'''
