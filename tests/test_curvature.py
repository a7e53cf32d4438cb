"""Exact Hessians (app/curvature.py): against central differences of the exact gradients on every
built-in surface, random typed formulas and the data models (full data and mini-batches), and
against torch.autograd.functional.hessian on formulas."""

import numpy as np
import pytest
import torch

from app.curvature import hessian_at, model_hessian
from app.datasets import DATA_INDEX, LINEAR, model_loss
from app.landscape import Landscape, builtin, data_surface, evaluate, typed
from app.surfaces import SURFACES

torch.set_default_dtype(torch.float64)
STEP = 1e-6  # central differences of the gradient: error ~ STEP² · f⁗ + ulp(g)/STEP


def differenced(land: Landscape, x: float, y: float) -> np.ndarray:
    """(2, 2) central differences of the exact gradient at (x, y)."""
    xs = np.array([x + STEP, x - STEP, x, x])
    ys = np.array([y, y, y + STEP, y - STEP])
    g = evaluate(land, xs, ys)[:, 1:]
    return np.column_stack([(g[0] - g[1]) / (2 * STEP), (g[2] - g[3]) / (2 * STEP)])


def assert_close_to_differences(land: Landscape, x: float, y: float) -> None:
    exact, approx = hessian_at(land, x, y), differenced(land, x, y)
    scale = max(1.0, float(np.abs(exact).max()))
    np.testing.assert_allclose(exact, approx, rtol=1e-6, atol=1e-6 * scale, err_msg=f"({x}, {y})")
    assert exact[0, 1] == exact[1, 0]


@pytest.mark.parametrize("surface", SURFACES, ids=lambda s: s.id)
def test_surface_hessian_equals_differences_of_its_gradient(surface) -> None:
    _, land = builtin(surface.id)
    rng = np.random.default_rng(7)
    (x0, x1), (y0, y1) = surface.domain
    for x, y in zip(rng.uniform(x0, x1, 25), rng.uniform(y0, y1, 25), strict=True):
        assert_close_to_differences(land, float(x), float(y))


def random_formula(rng: np.random.Generator, depth: int) -> str:
    """A random well-defined expression in x and y (arguments kept inside each domain)."""
    if depth == 0:
        return str(rng.choice(["x", "y", f"{rng.uniform(0.5, 2):.3f}"]))
    a, b = random_formula(rng, depth - 1), random_formula(rng, depth - 1)
    shapes = [
        f"({a} + {b})", f"({a} - {b})", f"({a} * {b})", f"({a} / (2 + cos({b})))",
        f"sin({a})", f"cos({a})", f"exp(0.3*sin({a}))", f"log(1 + ({a})^2)",
        f"sqrt(1 + ({a})^2)", f"tanh({a})", f"atan({a})", f"sinh(0.5*sin({a}))",
        f"cosh(0.5*cos({a}))", f"({a})^3", f"(1.5 + sin({a}))^(1 + 0.2*cos({b}))",
        f"atan2({a}, 3 + cos({b}))", f"tan(0.5*sin({a}))",
    ]  # fmt: skip
    return str(rng.choice(shapes))


FORMULAS = [random_formula(np.random.default_rng(seed), 3) for seed in range(40)]


@pytest.mark.parametrize("expression", FORMULAS)
def test_formula_hessian_equals_differences_and_torch(expression: str) -> None:
    _, land = typed(expression, ((-2, 2), (-2, 2)))
    torch_f = torch_formula(expression)
    rng = np.random.default_rng(3)
    for x, y in rng.uniform(-2, 2, (6, 2)):
        assert_close_to_differences(land, float(x), float(y))
        reference = torch.autograd.functional.hessian(torch_f, torch.tensor([x, y])).numpy()
        np.testing.assert_allclose(hessian_at(land, x, y), reference, rtol=1e-9, atol=1e-12)


def torch_formula(expression: str):  # type: ignore[no-untyped-def]
    """The formula as a torch function of p = (x, y) (the export's printer, app.export)."""
    from app.export import torch_expression
    from app.formula import parse

    node, _ = parse(expression)
    code = torch_expression(node)
    namespace = {"torch": torch, "PI": np.pi, "math": __import__("math"), "T": torch.as_tensor}
    return lambda p: eval(code, namespace, {"x": p[0], "y": p[1]})


def test_functions_of_one_variable_have_their_textbook_second_derivative() -> None:
    cases = {"x^2 + 3*y^2": [[2, 0], [0, 6]], "x*y": [[0, 1], [1, 0]], "exp(x)": None}
    for expression, expected in cases.items():
        _, land = typed(expression, ((-2, 2), (-2, 2)))
        want = [[np.exp(0.5), 0], [0, 0]] if expected is None else expected
        np.testing.assert_allclose(hessian_at(land, 0.5, 0.25), want, rtol=1e-15)


@pytest.mark.parametrize("surface", ["iris_petals", "engel_food", "iris_species"])
@pytest.mark.parametrize("standardize", [False, True])
def test_data_hessian_equals_differences_in_full_and_on_a_batch(surface, standardize) -> None:
    _, land = data_surface(surface, standardize)
    x, y = DATA_INDEX[surface].start
    assert_close_to_differences(land, x, y)
    rows = np.array([3, 17, 17, 40, 2], dtype=np.int64)  # a batch (rows may repeat: any order)
    exact = np.array(model_hessian(land.kind, land.data, rows, 4, x, y))

    def grad(px: float, py: float) -> np.ndarray:
        return np.array(model_loss(land.kind, land.data, rows, 4, px, py)[1:])

    columns = [(grad(x + STEP, y) - grad(x - STEP, y)) / (2 * STEP),
               (grad(x, y + STEP) - grad(x, y - STEP)) / (2 * STEP)]  # fmt: skip
    approx = np.array([columns[0][0], columns[0][1], columns[1][1]])
    np.testing.assert_allclose(exact, approx, rtol=1e-6, atol=1e-9)
    if land.kind == LINEAR:  # a quadratic: its Hessian is the same everywhere
        np.testing.assert_array_equal(exact, model_hessian(land.kind, land.data, rows, 4, 0, 0))
