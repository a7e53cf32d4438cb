"""Surfaces: gradients against central finite differences, grids, declarations."""

import numpy as np
import pytest

from app.landscape import Landscape, builtin, grid, lowest_minimum
from app.landscape import evaluate as evaluate_landscape
from app.surfaces import SURFACE_INDEX, SURFACES


def evaluate(index: int, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    return evaluate_landscape(Landscape(index), xs, ys)


CONTRACT_IDS = {
    "saddle", "monkey_saddle", "rosenbrock", "beale", "booth", "himmelblau", "rastrigin",
    "ackley", "three_hump_camel", "six_hump_camel", "matyas", "elongated_bowl",
    "styblinski_tang", "levy13",
}  # fmt: skip


def test_every_contract_surface_is_declared_once() -> None:
    ids = [s.id for s in SURFACES]
    assert set(ids) >= CONTRACT_IDS
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("surface", SURFACES, ids=lambda s: s.id)
def test_gradient_matches_central_finite_differences(surface) -> None:
    (x0, x1), (y0, y1) = surface.domain
    rng = np.random.default_rng(7)
    xs, ys = rng.uniform(x0, x1, 200), rng.uniform(y0, y1, 200)
    index = SURFACE_INDEX[surface.id]
    analytic = evaluate(index, xs, ys)
    h = 1e-6 * max(x1 - x0, y1 - y0)
    dfdx = (evaluate(index, xs + h, ys)[:, 0] - evaluate(index, xs - h, ys)[:, 0]) / (2 * h)
    dfdy = (evaluate(index, xs, ys + h)[:, 0] - evaluate(index, xs, ys - h)[:, 0]) / (2 * h)
    scale = 1.0 + np.abs(analytic[:, 0]) + np.abs(analytic[:, 1:]).max(axis=1)
    assert np.all(np.abs(analytic[:, 1] - dfdx) < 1e-5 * scale)
    assert np.all(np.abs(analytic[:, 2] - dfdy) < 1e-5 * scale)


@pytest.mark.parametrize("surface", SURFACES, ids=lambda s: s.id)
def test_listed_minima_are_stationary_points(surface) -> None:
    if not surface.minima:
        return
    pts = np.array(surface.minima)
    values = evaluate(SURFACE_INDEX[surface.id], pts[:, 0], pts[:, 1])
    assert np.abs(values[:, 1:]).max() < 1e-8


@pytest.mark.parametrize("surface", SURFACES, ids=lambda s: s.id)
def test_start_and_minima_lie_inside_the_domain(surface) -> None:
    (x0, x1), (y0, y1) = surface.domain
    for x, y in (surface.start, *surface.minima):
        assert x0 <= x <= x1 and y0 <= y <= y1


def test_grid_follows_plotly_convention_z_row_is_y() -> None:
    x, y, z = grid(*builtin("rosenbrock"), 5)
    assert z.shape == (5, 5)
    i, j = 1, 3
    assert z[i, j] == pytest.approx((1 - x[j]) ** 2 + 100 * (y[i] - x[j] ** 2) ** 2, rel=1e-14)


def test_formulas_match_the_contract_at_a_point() -> None:
    x, y = 0.3, -0.7
    expected = {
        "saddle": x**2 - y**2,
        "monkey_saddle": x**3 - 3 * x * y**2,
        "booth": (x + 2 * y - 7) ** 2 + (2 * x + y - 5) ** 2,
        "matyas": 0.26 * (x**2 + y**2) - 0.48 * x * y,
        "elongated_bowl": 0.5 * (x**2 + 25 * y**2),
        "ackley": -20 * np.exp(-0.2 * np.sqrt(0.5 * (x**2 + y**2)))
        - np.exp(0.5 * (np.cos(2 * np.pi * x) + np.cos(2 * np.pi * y)))
        + np.e
        + 20,
    }
    for surface_id, value in expected.items():
        got = evaluate(SURFACE_INDEX[surface_id], np.array([x]), np.array([y]))[0, 0]
        assert got == pytest.approx(value, rel=1e-13), surface_id


def test_lowest_minimum_is_the_global_one() -> None:
    st = SURFACES[SURFACE_INDEX["styblinski_tang"]]
    assert lowest_minimum(st, Landscape(SURFACE_INDEX[st.id])) == pytest.approx(
        -78.33233140754, rel=1e-10
    )
    assert lowest_minimum(*builtin("saddle")) is None


def test_the_generated_dispatch_runs_each_surfaces_own_kernels() -> None:
    """Index i runs SURFACES[i]'s declared kernel and Hessian; an index nothing declares gives NaN
    (a run there diverges at once instead of silently using another surface)."""
    from app.surfaces import SURFACES, surface_hessian, value_and_grad

    rng = np.random.default_rng(4)
    for i, surface in enumerate(SURFACES):
        x, y = rng.uniform(*surface.domain[0]), rng.uniform(*surface.domain[1])
        assert value_and_grad(i, x, y) == surface.kernel(x, y), surface.id
        assert surface_hessian(i, x, y) == surface.hessian(x, y), surface.id
    for unknown in (-5, len(SURFACES)):
        assert all(np.isnan(value_and_grad(unknown, 0.5, 0.5)))
        assert all(np.isnan(surface_hessian(unknown, 0.5, 0.5)))


def test_a_broken_surface_registry_is_named() -> None:
    from dataclasses import replace

    from app.surfaces import SURFACES, surface_problems

    assert surface_problems(SURFACES) == []
    twin = replace(SURFACES[1], id="twin", kernel=SURFACES[0].kernel, hessian=lambda x, y: 0)
    bare = replace(SURFACES[2], id="bare", kernel=lambda x, y: 0, hessian=None)
    assert surface_problems((*SURFACES, twin, bare, SURFACES[3])) == [
        f"{SURFACES[3].id}: declared twice",
        "bare: no hessian",
        f"twin: shares its kernel with {SURFACES[0].id}",
    ]
