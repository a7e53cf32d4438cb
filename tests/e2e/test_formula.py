"""Typed formulas (issue 6): live checking with a column-pointing message, contour and paths of
the typed surface, example chips, and the formula's round trip through the address bar."""

import math
import time
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.e2e.helpers import marks, open_app, paths, query, wait_drawn, wait_until

pytestmark = pytest.mark.e2e

CHECK = "document.querySelector('#formula-controls').dataset.check"


def surface_grid(page: Page) -> dict[str, Any]:
    """main-plot's surface trace: x, y and z (null where f is undefined)."""
    return dict(
        page.evaluate(
            """() => {
                const t = document.querySelector('[data-testid=main-plot]').data
                    .find((d) => d.type === 'heatmap' || d.type === 'contour');
                return {x: Array.from(t.x), y: Array.from(t.y),
                        z: Array.from(t.z, (row) => Array.from(row)),
                        text: Array.from(t.text ?? [], (row) => Array.from(row))};
            }"""
        )
    )


def assert_grid_is(grid: dict[str, Any], f: Callable[[float, float], float]) -> None:
    """The drawn z is f (or a monotone display transform of it: compare the hover text then)."""
    n = len(grid["x"])
    for i, j in [(0, 0), (n // 3, n // 2), (n - 1, n - 1), (n // 2, 7)]:
        want = f(grid["x"][j], grid["y"][i])
        shown = grid["text"][i][j]
        assert float(shown) == pytest.approx(want, rel=1e-3, abs=1e-3), (i, j)


def type_formula(page: Page, text: str) -> None:
    box = page.get_by_test_id("formula-input")
    box.fill("")
    box.type(text, delay=5)


def open_custom(new_page: Any, server_url: str, extra: str = "") -> Page:
    page = open_app(new_page(), f"{server_url}/?surface=custom&steps=300{extra}")
    assert page.locator("#formula-controls").is_visible()
    assert not page.locator("#data-controls").is_visible()
    return page


def test_bad_formula_points_at_its_column_and_does_not_run(new_page: Any, server_url: str) -> None:
    page = open_custom(new_page, server_url)
    before = marks(page)
    drawn = paths(page)
    url = query(page)
    type_formula(page, "x^2 + sine(y)")
    wait_until(page, f"{CHECK} === 'error'")
    message = page.get_by_test_id("formula-message").inner_text()
    assert "sine" in message and "at column 7" in message
    echo = page.get_by_test_id("formula-echo")
    assert echo.is_visible()
    assert echo.locator("mark").inner_text() == "s"
    caret = echo.inner_text().splitlines()[1]
    assert caret.index("^") == 6  # under the 7th character
    assert page.get_by_test_id("formula-input").get_attribute("aria-invalid") is not None
    time.sleep(0.6)  # nothing runs: no draw, same paths, same link
    assert marks(page) == before
    assert paths(page) == drawn
    assert query(page) == url
    assert page.evaluate("document.body.dataset.state") == "ready"

    type_formula(page, "x^2 + (y")
    wait_until(page, f"{CHECK} === 'error'")
    assert "column" in page.get_by_test_id("formula-message").inner_text()
    assert marks(page) == before


def test_good_formula_draws_contour_and_paths_and_round_trips(
    new_page: Any, server_url: str
) -> None:
    page = open_custom(new_page, server_url)
    before = marks(page)
    type_formula(page, "x^2 + 3*y^2 + x*y")
    wait_until(page, f"{CHECK} === 'ok'")
    wait_drawn(page, before)
    assert_grid_is(surface_grid(page), lambda x, y: x * x + 3 * y * y + x * y)
    drawn = paths(page)
    assert len(drawn) >= 3
    for trace in drawn.values():
        assert len(trace["x"]) == 301
    wait_until(page, "new URLSearchParams(location.search).get('formula') === 'x^2 + 3*y^2 + x*y'")
    link = page.evaluate("location.href")
    assert query(page)["domain"] == "-5,5,-5,5"

    fresh = open_app(new_page(), link)
    assert fresh.get_by_test_id("surface-select").input_value() == "custom"
    assert fresh.get_by_test_id("formula-input").input_value() == "x^2 + 3*y^2 + x*y"
    assert paths(fresh) == drawn
    assert surface_grid(fresh)["z"] == surface_grid(page)["z"]


def test_example_chip_loads_its_formula_and_domain(new_page: Any, server_url: str) -> None:
    page = open_custom(new_page, server_url)
    before = marks(page)
    page.get_by_test_id("formula-example-2").click()  # Rosenbrock, typed
    wait_drawn(page, before)
    assert page.get_by_test_id("formula-input").input_value() == "(1 - x)^2 + 100*(y - x^2)^2"
    assert page.get_by_test_id("formula-x-min").input_value() == "-2"
    grid = surface_grid(page)
    assert (grid["x"][0], grid["x"][-1], grid["y"][0], grid["y"][-1]) == (-2, 2, -1, 3)
    assert_grid_is(grid, lambda x, y: (1 - x) ** 2 + 100 * (y - x * x) ** 2)
    wait_until(page, "new URLSearchParams(location.search).get('domain') === '-2,2,-1,3'")
    for trace in paths(page).values():  # the default start of that domain
        assert (trace["x"][0], trace["y"][0]) == (-1.2, 1.8)


def test_undefined_start_moves_and_undefined_cells_are_gaps(new_page: Any, server_url: str) -> None:
    page = open_custom(new_page, server_url)
    before = marks(page)
    type_formula(page, "log(x) + y^2")  # the start (-3, 2) is where log is undefined
    wait_until(page, f"{CHECK} === 'ok'")
    wait_drawn(page, before)
    assert "every run starts at" in page.get_by_test_id("formula-message").inner_text()
    assert page.locator("#error-banner").is_hidden()
    grid = surface_grid(page)
    left = grid["x"].index(min(grid["x"]))
    assert all(row[left] is None for row in grid["z"])
    assert all(v is not None for v in grid["z"][0][-5:])
    start_x = float(query(page)["start"].split(",")[0])
    assert start_x > 0
    for trace in paths(page).values():
        assert trace["x"][0] == start_x
        assert all(x > 0 and math.isfinite(x) for x in trace["x"])


def test_server_refusals_about_formulas_and_batches_read_as_sentences(page: Page) -> None:
    said = page.evaluate(
        """() => import('/static/js/report.js').then(({humanDetail}) => [
            humanDetail('surface.expression: unknown name `sine` (did you mean `sin`?) at column 7',
                        []),
            humanDetail('message: surface.expression: f is not finite at the start point (-3, 2)', []),
            humanDetail('message: batch.size: 151 is more than the 150 rows of iris_petals', []),
        ])"""
    )
    assert said == [
        "Your formula: unknown name `sine` (did you mean `sin`?) at column 7",
        "Your formula: f is not finite at the start point (-3, 2)",
        "Batch size: 151 is more than the 150 rows of iris_petals",
    ]
