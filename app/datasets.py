"""Data surfaces (CONTRACT section 9): small real data sets, the models' losses, mini-batches.

The point (x, y) is a model's two parameters; f is the model's loss over the data. The shipped
CSV files and their sources are described in app/data/README.md.
"""

import csv
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from app.jit import inline_kernel

DATA_DIR = Path(__file__).parent / "data"
LINEAR, LOGISTIC = -2, -3  # landscape kinds (see landscape.point)

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]


@inline_kernel
def model_loss(
    kind: int, data: Floats, rows: Ints, count: int, x: float, y: float
) -> tuple[float, float, float]:
    """Mean loss and gradient over rows[:count] of data (count < 0: every row).

    data holds t1, t2, target per row. linear: (w, b) = (x, y), mean((w·t1 + b − target)²);
    logistic: (w1, w2) = (x, y), z = w1·t1 + w2·t2, mean(log(1 + e^z) − target·z).
    """
    n = data.shape[0] if count < 0 else count
    f = gx = gy = 0.0
    for i in range(n):
        r = i if count < 0 else rows[i]
        t1, t2, target = data[r, 0], data[r, 1], data[r, 2]
        if kind == LINEAR:
            residual = x * t1 + y - target
            f += residual * residual
            gx += 2.0 * residual * t1
            gy += 2.0 * residual
        else:
            z = x * t1 + y * t2
            f += max(z, 0.0) + math.log1p(math.exp(-abs(z))) - target * z  # stable log(1 + e^z)
            sigmoid = 1.0 / (1.0 + math.exp(-z)) if z >= 0.0 else math.exp(z) / (1.0 + math.exp(z))
            gx += (sigmoid - target) * t1
            gy += (sigmoid - target) * t2
    return f / n, gx / n, gy / n


@dataclass(frozen=True)
class DataSurface:
    id: str
    name: str
    model: str  # "linear" or "logistic"
    columns: tuple[str, ...]  # feature columns, then the target
    raw: Floats  # (N, 3): t1, t2 (0 for linear), target, as shipped
    source: str
    description: str
    domain: tuple[tuple[float, float], tuple[float, float]]
    start: tuple[float, float]
    kind: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", LINEAR if self.model == "linear" else LOGISTIC)

    @property
    def axes(self) -> tuple[str, str]:
        """What the point (x, y) is: the model's two parameters (CONTRACT section 9)."""
        return ("w", "b") if self.model == "linear" else ("w₁", "w₂")

    @property
    def features(self) -> int:
        return 1 if self.model == "linear" else 2

    def rows(self, standardize: bool) -> Floats:
        """(N, 3) rows as the loss uses them: feature columns standardised if asked."""
        data = self.raw.copy()
        if standardize:
            cols = data[:, : self.features]
            data[:, : self.features] = (cols - cols.mean(axis=0)) / cols.std(axis=0)
        return data


def read_csv(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, newline="") as f:
        return list(csv.DictReader(f))


def load() -> tuple[DataSurface, ...]:
    iris = read_csv("iris.csv")
    engel = read_csv("engel.csv")
    two_species = [r for r in iris if r["species"] != "setosa"]
    iris_source = "Fisher's Iris data (1936), UCI Machine Learning Repository, CC BY 4.0"
    return (
        DataSurface(
            "iris_petals", "Iris petals (linear regression)", "linear",
            ("petal length (cm)", "petal width (cm)"),
            np.array([[float(r["petal_length_cm"]), 0.0, float(r["petal_width_cm"])]
                      for r in iris]),
            iris_source,
            "Fit petal width = w·length + b on 150 irises by mean squared error.",
            ((-1.0, 2.0), (-2.5, 2.5)), (1.8, -1.2),
        ),
        DataSurface(
            "engel_food", "Engel's food budgets (ill-conditioned)", "linear",
            ("income (100 BEF)", "food expenditure (1000 BEF)"),
            np.array([[float(r["income_bef"]) / 100, 0.0, float(r["food_expenditure_bef"]) / 1000]
                      for r in engel]),
            "Engel (1857) via Koenker & Bassett (1982), as shipped by statsmodels: public domain",
            "Food spending against income for 235 Belgian households: income's large mean makes "
            "the valley 570× steeper across than along. Standardise to make it round.",
            ((-0.4, 0.8), (-1.3, 1.6)), (0.7, -0.6),
        ),
        DataSurface(
            "iris_species", "Iris species (logistic regression)", "logistic",
            ("petal length (cm)", "petal width (cm)", "is virginica"),
            np.array([[float(r["petal_length_cm"]), float(r["petal_width_cm"]),
                       1.0 if r["species"] == "virginica" else 0.0] for r in two_species]),
            iris_source,
            "Tell virginica from versicolor by petal size with two weights and no bias, by "
            "cross-entropy: a long, flat, tilted valley.",
            ((-6.0, 10.0), (-8.0, 12.0)), (8.0, -2.0),
        ),
    )  # fmt: skip


DATA_SURFACES: tuple[DataSurface, ...] = load()
DATA_INDEX: dict[str, DataSurface] = {d.id: d for d in DATA_SURFACES}


@cache
def optimum(surface_id: str, standardize: bool) -> tuple[float, float]:
    """The full-data minimiser: least squares, or Newton's method for the convex logistic loss."""
    surface = DATA_INDEX[surface_id]
    data = surface.rows(standardize)
    if surface.model == "linear":
        design = np.column_stack([data[:, 0], np.ones(len(data))])
        w, b = np.linalg.lstsq(design, data[:, 2], rcond=None)[0]
        return float(w), float(b)
    features, target = data[:, :2], data[:, 2]
    weights = np.zeros(2)
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-(features @ weights)))
        hessian = (features * (p * (1 - p))[:, None]).T @ features / len(target)
        weights -= np.linalg.solve(hessian, features.T @ (p - target) / len(target))
    return float(weights[0]), float(weights[1])


class MiniBatches:
    """The documented batch order (CONTRACT section 9): rng = default_rng(seed); each epoch
    draws perm = rng.permutation(N) and cuts it into batches of `size` (the last may be smaller);
    update k uses the k-th batch of that endless sequence."""

    def __init__(self, rows: int, size: int, seed: int) -> None:
        self.rows, self.size, self.seed = rows, size, seed
        self.rng = np.random.default_rng(seed)
        self.perm = np.zeros(0, dtype=np.int64)
        self.next = rows  # where the next batch starts in perm: at the end, so one is drawn

    def restarted(self) -> "MiniBatches":
        """The same order from its first batch (for another block of runs sharing it)."""
        return MiniBatches(self.rows, self.size, self.seed)

    def take(self, steps: int) -> tuple[Ints, Ints]:
        """(steps, size) row indices of the next `steps` batches, and each batch's length."""
        table = np.zeros((steps, self.size), dtype=np.int64)
        counts = np.zeros(steps, dtype=np.int64)
        for k in range(steps):
            if self.next >= self.rows:
                self.perm, self.next = self.rng.permutation(self.rows), 0
            batch = self.perm[self.next : self.next + self.size]
            table[k, : len(batch)], counts[k] = batch, len(batch)
            self.next += self.size
        return table, counts
