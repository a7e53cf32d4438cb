"""What the engine optimizes over: a built-in surface, a typed formula or a model on data.

`point` is the one compiled entry the engine and the grids call; it dispatches on `kind`.
"""

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from app.datasets import DATA_INDEX, LINEAR, LOGISTIC, model_loss, optimum
from app.formula import Program, compile_formula
from app.jit import inline_kernel, kernel
from app.jobs import checkpoint
from app.program import run_program
from app.surfaces import SURFACE_INDEX, SURFACES, Surface, value_and_grad

FORMULA = -1  # kind of a typed formula; kinds ≥ 0 index SURFACES; LINEAR, LOGISTIC are data
# What a step costs beside a step on a built-in surface (~140 ns): measured by scripts/bench.py.
OPS_PER_UNIT = 4  # formula opcodes
# Data rows (a step evaluates the full-data loss): a linear model's row is a few multiplications
# (~1 ns), a logistic model's an exp, a log1p and a division or two (~25 ns).
ROWS_PER_UNIT = {LINEAR: 100, LOGISTIC: 5}

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]


@dataclass(frozen=True)
class Landscape:
    kind: int
    code: Ints = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    args: Ints = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    consts: Floats = field(default_factory=lambda: np.zeros(1))
    depth: int = 1
    data: Floats = field(default_factory=lambda: np.zeros((0, 3)))  # t1, t2, target rows

    @classmethod
    def of_program(cls, program: Program) -> "Landscape":
        return cls(FORMULA, program.code, program.args, program.consts, program.depth)

    @property
    def cost(self) -> float:
        """One step here in work units (a step on a built-in surface is one): the caps and the
        lanes count these, so a long formula cannot multiply what a cap allows."""
        if self.kind == FORMULA:
            return 1.0 + float(self.code.size) / OPS_PER_UNIT
        if self.kind in ROWS_PER_UNIT:
            return 1.0 + float(self.data.shape[0]) / ROWS_PER_UNIT[self.kind]
        return 1.0

    def stack(self) -> Floats:
        """Scratch space for the formula stack machine, one per thread."""
        return np.empty((self.depth, 3))


@inline_kernel
def point(
    kind: int, code: Ints, args: Ints, consts: Floats, stack: Floats, data: Floats,
    x: float, y: float,
) -> tuple[float, float, float]:  # fmt: skip
    """f, df/dx, df/dy at (x, y) (for data: the full-data loss)."""
    if kind == FORMULA:
        return run_program(code, args, consts, stack, x, y)
    if kind <= LINEAR:  # LINEAR or LOGISTIC; count −1 = all rows (the row table is unused)
        return model_loss(kind, data, code, -1, x, y)
    return value_and_grad(kind, x, y)


@kernel
def evaluate_points(
    kind: int, code: Ints, args: Ints, consts: Floats, stack: Floats, data: Floats,
    xs: Floats, ys: Floats,
) -> Floats:  # fmt: skip
    """(n, 3) array of f, df/dx, df/dy at the points (xs[k], ys[k])."""
    out = np.empty((xs.size, 3))
    for k in range(xs.size):
        out[k] = point(kind, code, args, consts, stack, data, xs[k], ys[k])
    return out


def evaluate(land: Landscape, xs: Floats, ys: Floats) -> Floats:
    stack = land.stack()
    return evaluate_points(land.kind, land.code, land.args, land.consts, stack, land.data, xs, ys)


def builtin(surface_id: str) -> tuple[Surface, Landscape]:
    return SURFACES[SURFACE_INDEX[surface_id]], Landscape(SURFACE_INDEX[surface_id])


def typed(
    expression: str, domain: tuple[tuple[float, float], tuple[float, float]]
) -> tuple[Surface, Landscape]:
    """A typed formula as a surface: its default start sits off-centre, where paths are visible."""
    (x0, x1), (y0, y1) = domain
    start = (x0 + 0.2 * (x1 - x0), y1 - 0.3 * (y1 - y0))
    surface = Surface(
        id="custom", name="Your formula", formula=expression, latex="", domain=domain, minima=(),
        start=start, description="A surface typed by the user.", kind="custom",
    )  # fmt: skip
    return surface, Landscape.of_program(compile_formula(expression))


def data_surface(surface_id: str, standardize: bool) -> tuple[Surface, Landscape]:
    """A model on data as a surface; its minimum is the full-data optimum of the rows used."""
    data = DATA_INDEX[surface_id]
    surface = Surface(
        id=data.id, name=data.name, formula=MODEL_FORMULAS[data.model][0],
        latex=MODEL_FORMULAS[data.model][1], domain=data.domain,
        minima=(optimum(data.id, standardize),), start=data.start, description=data.description,
        kind="data",
    )  # fmt: skip
    return surface, Landscape(data.kind, data=data.rows(standardize))


MODEL_FORMULAS = {
    "linear": ("mean((x*t - y_i + y)^2): x = w, y = b", r"\frac1N\sum_i (w\,t_i + b - y_i)^2"),
    "logistic": (
        "mean(log(1 + exp(z)) - y_i*z), z = x*t1 + y*t2",
        r"\frac1N\sum_i \log(1 + e^{z_i}) - y_i z_i,\; z_i = w_1 t_{i1} + w_2 t_{i2}",
    ),
}


def axes(surface: Surface, n: int) -> tuple[Floats, Floats]:
    """The n-point grid axes over the domain (shared by contour grids and basin maps)."""
    (x0, x1), (y0, y1) = surface.domain
    return np.linspace(x0, x1, n), np.linspace(y0, y1, n)


def grid(surface: Surface, land: Landscape, n: int) -> tuple[Floats, Floats, Floats]:
    """x (n,), y (n,) and z (n, n) with z[i, j] = f(x[j], y[i]) (Plotly's convention), computed
    a few rows at a time with a cancellation checkpoint between them."""
    x, y = axes(surface, n)
    z = np.empty((n, n))
    rows = max(1, int(GRID_CHUNK_WORK / (n * land.cost)))
    for i in range(0, n, rows):
        checkpoint()
        xx, yy = np.meshgrid(x, y[i : i + rows])
        z[i : i + rows] = evaluate(land, xx.ravel(), yy.ravel())[:, 0].reshape(-1, n)
    return x, y, z


GRID_CHUNK_WORK = 100_000


def lowest_minimum(surface: Surface, land: Landscape) -> float | None:
    """f* = the lowest value of f at the listed minima, or None where none are listed."""
    if not surface.minima:
        return None
    pts = np.array(surface.minima, dtype=np.float64)
    return float(evaluate(land, pts[:, 0], pts[:, 1])[:, 0].min())
