"""Data surfaces (issue 8): the data scatter, standardisation, mini-batches with their epoch
counter and epoch marks, the batch-size lesson, and the options' round trip through the URL."""

import json
import math
import urllib.request
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.e2e.helpers import marks, open_app, paths, query, wait_drawn, wait_until

pytestmark = pytest.mark.e2e

SCENE = "opt=sgd,momentum,adam&p.sgd=lr:0.05&p.momentum=lr:0.02,momentum:0.9&p.adam=lr:0.05"


def listing(server_url: str, surface_id: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{server_url}/api/surfaces") as answer:
        return next(s for s in json.load(answer) if s["id"] == surface_id)


def open_data(new_page: Any, server_url: str, extra: str = "") -> Page:
    page = open_app(new_page(), f"{server_url}/?surface=iris_petals&steps=200&{SCENE}{extra}")
    plotted(page, "iris_petals/0" if "std=1" not in extra else "iris_petals/1")
    return page


def plotted(page: Page, key: str) -> None:
    wait_until(page, f"document.querySelector('#data-controls').dataset.plotted === '{key}'")


def data_traces(page: Page) -> list[dict[str, Any]]:
    return list(
        page.evaluate(
            """() => document.querySelector('[data-testid=data-plot]').data.map((t) => ({
                role: t.meta?.role, optimizer: t.meta?.optimizer ?? null,
                x: Array.from(t.x), y: Array.from(t.y)}))"""
        )
    )


def heatmap_z(page: Page) -> list[list[float]]:
    return list(
        page.evaluate(
            """() => Array.from(document.querySelector('[data-testid=main-plot]').data
                .find((t) => t.type === 'heatmap' || t.type === 'contour').z, (r) => Array.from(r))"""
        )
    )


def epoch_marks(page: Page) -> list[float]:
    return list(
        page.evaluate(
            """() => (document.querySelector('[data-testid=loss-plot]').layout.shapes ?? [])
                .filter((s) => String(s.name).startsWith('epoch-')).map((s) => s.x0)"""
        )
    )


def click_and_draw(page: Page, testid: str) -> None:
    before = marks(page)
    page.get_by_test_id(testid).click()
    wait_drawn(page, before)


def test_data_surface_shows_its_rows_batch_slider_and_epoch_counter(
    new_page: Any, server_url: str
) -> None:
    page = open_data(new_page, server_url)
    assert page.locator("#data-controls").is_visible()
    rows = [t for t in data_traces(page) if t["role"] == "data"]
    assert len(rows) == 1 and len(rows[0]["x"]) == 150
    models = {t["optimizer"]: t for t in data_traces(page) if t["role"] == "model"}
    assert sorted(models) == sorted(paths(page))
    w, b = paths(page)["adam"]["x"][-1], paths(page)["adam"]["y"][-1]
    line = models["adam"]
    assert line["y"][0] == pytest.approx(w * line["x"][0] + b)
    assert not page.get_by_test_id("epoch-readout").is_visible()  # no mini-batches yet
    assert page.get_by_test_id("batch-size").is_disabled()

    click_and_draw(page, "batch-on")
    slider = page.get_by_test_id("batch-size")
    assert slider.is_enabled() and slider.get_attribute("max") == "150"
    assert slider.input_value() == "16"
    assert query(page)["batch"] == "16"
    readout = page.get_by_test_id("epoch-readout")
    assert readout.is_visible()
    assert readout.inner_text() == "epoch 20, iteration 10 of 10"  # 200 steps, ceil(150/16) = 10

    page.evaluate(
        """() => {
            const slider = document.querySelector('[data-testid=step-slider]');
            slider.value = '57';
            slider.dispatchEvent(new Event('change', {bubbles: true}));
        }"""
    )
    wait_until(
        page, "document.querySelector('[data-testid=epoch-readout]').value.startsWith('epoch 6,')"
    )
    assert readout.inner_text() == "epoch 6, iteration 7 of 10"


def test_logistic_data_shows_classes_and_boundaries(new_page: Any, server_url: str) -> None:
    page = open_app(new_page(), f"{server_url}/?surface=iris_species&steps=100&{SCENE}")
    plotted(page, "iris_species/0")
    classes = [t for t in data_traces(page) if t["role"] == "data"]
    assert len(classes) == 2 and sum(len(t["x"]) for t in classes) == 100
    for model in (t for t in data_traces(page) if t["role"] == "model"):
        run = paths(page)[model["optimizer"]]
        w1, w2 = run["x"][-1], run["y"][-1]
        for t1, t2 in zip(model["x"], model["y"], strict=True):  # on w1 t1 + w2 t2 = 0
            assert w1 * t1 + w2 * t2 == pytest.approx(0, abs=1e-6 * (abs(t1) + abs(t2)))


def test_standardise_changes_the_contour_the_paths_and_the_minimum(
    new_page: Any, server_url: str
) -> None:
    page = open_data(new_page, server_url)
    z, drawn = heatmap_z(page), paths(page)
    click_and_draw(page, "standardize")
    plotted(page, "iris_petals/1")
    assert heatmap_z(page) != z
    assert paths(page) != drawn
    assert query(page)["std"] == "1"
    star = page.evaluate(
        """() => document.querySelector('[data-testid=main-plot]').data
            .filter((t) => t.meta?.role === 'minima').map((t) => [t.x[0], t.y[0]])[0]"""
    )
    assert star == pytest.approx(listing(server_url, "iris_petals")["minima_standardized"][0])
    features = [t for t in data_traces(page) if t["role"] == "data"][0]["x"]
    assert sum(features) / len(features) == pytest.approx(0, abs=1e-9)

    fresh = open_app(new_page(), page.evaluate("location.href"))
    plotted(fresh, "iris_petals/1")
    assert fresh.get_by_test_id("standardize").is_checked()
    assert paths(fresh) == paths(page)


def test_full_batch_follows_the_same_path_as_no_batch(new_page: Any, server_url: str) -> None:
    page = open_data(new_page, server_url, "&std=1")
    whole = paths(page)
    click_and_draw(page, "batch-quick-16")
    sixteen = paths(page)
    click_and_draw(page, "batch-full")
    assert query(page)["batch"] == "150"
    full = paths(page)
    assert sixteen != whole  # sampling shows
    for optimizer, trace in whole.items():
        for axis in ("x", "y"):
            assert full[optimizer][axis] == pytest.approx(trace[axis], rel=1e-9, abs=1e-12)

    fresh = open_app(new_page(), page.evaluate("location.href"))
    assert paths(fresh) == full


@pytest.mark.parametrize("size", [16, 7])
def test_epoch_marks_fall_every_ceil_n_over_b_steps(
    new_page: Any, server_url: str, size: int
) -> None:
    page = open_data(new_page, server_url, f"&batch={size}")
    per = math.ceil(150 / size)
    found = epoch_marks(page)
    assert len(found) == 200 // per
    assert found == [per * (i + 1) for i in range(200 // per)]
    loss_traces = page.evaluate(
        "document.querySelector('[data-testid=loss-plot]').data.filter((t) => t.meta?.optimizer).length"
    )
    assert loss_traces == len(paths(page))  # marks are shapes, not traces


def test_batch_lesson_and_switching_to_a_formula_surface(new_page: Any, server_url: str) -> None:
    page = open_app(new_page(), server_url)
    click_and_draw(page, "preset-batch-size")
    assert page.get_by_test_id("surface-select").input_value() == "iris_petals"
    assert sorted(paths(page)) == ["adam", "momentum", "sgd"]
    assert page.get_by_test_id("batch-value").input_value() == "16"
    assert page.get_by_test_id("batch-quick-16").get_attribute("aria-pressed") == "true"
    assert len(epoch_marks(page)) == 300 // 10
    click_and_draw(page, "batch-quick-1")
    assert page.get_by_test_id("epoch-readout").inner_text() == "epoch 2, iteration 150 of 150"

    before = marks(page)
    page.get_by_test_id("surface-select").select_option("rosenbrock")
    wait_drawn(page, before)  # no batch or standardize field went out: the server ran it
    assert page.locator("#error-banner").is_hidden()
    assert not page.locator("#data-controls").is_visible()
    assert not page.get_by_test_id("epoch-readout").is_visible()
    assert epoch_marks(page) == []
    assert "batch" not in query(page) and "std" not in query(page)


def test_switching_to_a_narrow_data_surface_shows_its_whole_domain_and_nothing_else(
    new_page: Any, server_url: str
) -> None:
    """From Rosenbrock (x in [-2, 2]) to the iris petals (w in [-1, 2]): the x axis kept
    Rosenbrock's range, a blank strip beside the surface, while a fresh load was right."""
    page = open_app(new_page(), f"{server_url}/")
    before = marks(page)
    page.get_by_test_id("surface-select").select_option("iris_petals")
    wait_drawn(page, before, timeout=20)
    page.wait_for_timeout(500)  # any resize the new panels cause has been laid out
    ranges = page.evaluate(
        "['xaxis', 'yaxis'].map((a) => document.getElementById('main-plot')._fullLayout[a].range)"
    )
    domain = listing(server_url, "iris_petals")["domain"]
    assert ranges == [pytest.approx(domain["x"]), pytest.approx(domain["y"])]
