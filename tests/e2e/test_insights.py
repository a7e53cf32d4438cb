"""The Insights panel: sweep, race, basin map, 3D view and schedule, checked against the API."""

import csv
import io
import json
import math
import urllib.request
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.e2e.helpers import marks, open_app, query, traces, wait_drawn, wait_until

pytestmark = pytest.mark.e2e

HIMMELBLAU = (
    "?surface=himmelblau&start=-0.3,-0.9&steps=400&opt=sgd,momentum,rmsprop,adam"
    "&p.sgd=lr:0.01&p.momentum=lr:0.002,momentum:0.9&p.rmsprop=lr:0.02,alpha:0.99,eps:1e-8"
    "&p.adam=lr:0.05,beta1:0.9,beta2:0.999,eps:1e-8&step=400"
)
BODY = {
    "surface": "himmelblau",
    "start": [-0.3, -0.9],
    "steps": 400,
    "noise": {"std": 0, "seed": 0},
    "runs": [
        {"optimizer": "sgd", "params": {"lr": 0.01}},
        {"optimizer": "momentum", "params": {"lr": 0.002, "momentum": 0.9}},
        {"optimizer": "rmsprop", "params": {"lr": 0.02, "alpha": 0.99, "eps": 1e-8}},
        {"optimizer": "adam", "params": {"lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}},
    ],
}
OPTIMIZERS = [run["optimizer"] for run in BODY["runs"]]


def post(server_url: str, path: str, body: dict[str, Any]) -> Any:
    request = urllib.request.Request(
        f"{server_url}{path}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as answer:
        return json.load(answer)


def f_star(server_url: str, surface: str) -> float:
    listing = json.load(urllib.request.urlopen(f"{server_url}/api/surfaces", timeout=10))
    minima = next(s for s in listing if s["id"] == surface)["minima"]
    one = {"surface": surface, "steps": 1, "runs": [{"optimizer": "sgd", "params": {"lr": 1e-6}}]}
    return min(
        post(server_url, "/api/run", {**one, "start": m})["runs"][0]["loss"][0] for m in minima
    )


def open_tab(page: Page, tab: str, timeout: float = 30.0) -> None:
    page.get_by_test_id(f"insights-tab-{tab}").click()
    wait_ready(page, tab, timeout)


def wait_ready(page: Page, tab: str, timeout: float = 30.0) -> None:
    wait_until(
        page,
        "document.body.dataset.state === 'ready' && "
        f"document.getElementById('insights').dataset.tab === '{tab}' && "
        "document.getElementById('insights').dataset.state === 'ready'",
        timeout,
    )


def by_role(page: Page, tab: str) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for t in traces(page, f"insights-plot-{tab}"):
        meta = t["meta"] or {}
        found.setdefault(meta.get("role", "path"), []).append(t)
    return found


@pytest.fixture
def scene(new_page: Any, server_url: str) -> Page:
    return open_app(new_page(), f"{server_url}/{HIMMELBLAU}")


def test_every_tab_draws_one_trace_per_enabled_optimizer(scene: Page) -> None:
    open_tab(scene, "sweep")
    sweep = by_role(scene, "sweep")
    assert [t["meta"]["optimizer"] for t in sweep["final-loss"]] == OPTIMIZERS
    assert [t["meta"]["optimizer"] for t in sweep["steps"]] == OPTIMIZERS
    assert len(sweep["final-loss"][0]["x"]) == 64
    assert len(sweep["diverged"]) == 2 and len(sweep["best"]) == 2

    open_tab(scene, "race")
    race = traces(scene, "insights-plot-race")
    assert [t["type"] for t in race] == ["bar"] * 4
    assert sorted(t["meta"]["optimizer"] for t in race) == sorted(OPTIMIZERS)

    open_tab(scene, "basins")
    basins = by_role(scene, "basins")
    assert basins["basins"][0]["type"] == "heatmap" and len(basins["basins"][0]["x"]) == 60
    assert len(basins["minima"][0]["x"]) == 4 and len(basins["contour"]) == 1

    open_tab(scene, "surface3d")
    solid = by_role(scene, "surface3d")
    assert [t["type"] for t in solid["surface"]] == ["surface"]
    assert [t["meta"]["optimizer"] for t in solid["path"]] == OPTIMIZERS
    assert all(t["type"] == "scatter3d" and t["mode"] == "lines" for t in solid["path"])

    open_tab(scene, "schedule")
    schedule = by_role(scene, "schedule")
    assert [t["meta"]["optimizer"] for t in schedule["lr"]] == OPTIMIZERS
    assert all(len(t["y"]) == 400 for t in schedule["lr"])


def point_position(page: Page, trace_index: int, point: int) -> dict[str, float]:
    """Page coordinates of a point of the sweep figure (both axes log)."""
    return dict(
        page.evaluate(
            """([i, k]) => {
                const gd = document.querySelector('[data-testid=insights-plot-sweep]');
                const t = gd.data[i];
                const xa = gd._fullLayout.xaxis;
                const ya = gd._fullLayout.yaxis;
                const box = gd.getBoundingClientRect();
                return {
                    x: box.left + xa._offset + xa.l2p(Math.log10(t.x[k])),
                    y: box.top + ya._offset + ya.l2p(Math.log10(t.y[k])),
                };
            }""",
            [trace_index, point],
        )
    )


def test_clicking_a_sweep_point_loads_its_value_into_the_main_view(scene: Page) -> None:
    open_tab(scene, "sweep")
    sweep = traces(scene, "insights-plot-sweep")
    index = next(
        i for i, t in enumerate(sweep) if t["meta"] == {"optimizer": "adam", "role": "final-loss"}
    )
    values = sweep[index]["x"]
    k = next(i for i, v in enumerate(values) if 0.005 < v < 0.02 and sweep[index]["y"][i])
    before = marks(scene)
    main_before = traces(scene, "main-plot")
    at = point_position(scene, index, k)
    scene.mouse.move(at["x"], at["y"])
    scene.mouse.click(at["x"], at["y"])
    wait_drawn(scene, before)
    assert float(scene.get_by_test_id("value-adam-lr").input_value()) == values[k]
    slider = float(scene.get_by_test_id("param-adam-lr").input_value())
    assert slider == pytest.approx(math.log10(values[k]), abs=0.01)
    assert f"lr:{values[k]}" in query(scene)["p.adam"]
    adam = lambda ts: next(t for t in ts if (t["meta"] or {}).get("optimizer") == "adam")  # noqa: E731
    assert adam(traces(scene, "main-plot"))["x"] != adam(main_before)["x"]
    assert "Loaded Adam lr" in scene.get_by_test_id("sweep-status").inner_text()


def test_race_order_matches_arrival_steps_from_the_run_api(scene: Page, server_url: str) -> None:
    open_tab(scene, "race")
    rows = scene.evaluate(
        """Array.from(document.querySelectorAll('[data-testid=race-row]'))
            .map((r) => [r.dataset.optimizer, r.dataset.finish])"""
    )
    fstar = f_star(server_url, "himmelblau")
    eps = 1e-3
    runs = post(server_url, "/api/run", BODY)["runs"]
    arrivals = {
        run["optimizer"]: next(k for k, f in enumerate(run["loss"]) if f - fstar < eps)
        for run in runs
    }
    expected = sorted(arrivals, key=lambda o: arrivals[o])
    assert [o for o, _ in rows] == expected
    assert {o: int(k) for o, k in rows} == arrivals
    medals = scene.evaluate(
        "Array.from(document.querySelectorAll('[data-testid=race-row] .ins-place'))"
        ".map((m) => m.className)"
    )
    assert "gold" in medals[0] and "silver" in medals[1] and "bronze" in medals[2]

    scene.get_by_test_id("race-eps").fill("1e-12")
    scene.get_by_test_id("race-eps").dispatch_event("change")
    wait_until(scene, "location.hash.includes('eps=1e-12')")
    wait_ready(scene, "race")
    strict = {
        run["optimizer"]: next((k for k, f in enumerate(run["loss"]) if f - fstar < 1e-12), "")
        for run in runs
    }
    finishes = scene.evaluate(
        """Object.fromEntries(Array.from(document.querySelectorAll('[data-testid=race-row]'))
            .map((r) => [r.dataset.optimizer, r.dataset.finish]))"""
    )
    assert finishes == {o: str(k) for o, k in strict.items()}


def test_basin_legend_matches_the_basins_api_and_sums_to_100(
    new_page: Any, server_url: str
) -> None:
    page = open_app(new_page(), f"{server_url}/{HIMMELBLAU}#insights=basins&bopt=adam&bn=40")
    wait_ready(page, "basins")
    assert page.get_by_test_id("basins-optimizer").input_value() == "adam"
    answer = post(
        server_url,
        "/api/basins",
        {**BODY, "runs": [BODY["runs"][3]], "grid": {"n": 40}, "radius": 0.05},
    )
    heatmap = by_role(page, "basins")["basins"][0]
    z = page.evaluate(
        "Array.from(document.querySelector('[data-testid=insights-plot-basins]').data[0].z)"
        ".map((row) => Array.from(row))"
    )
    assert heatmap["x"] == answer["x"] and heatmap["y"] == answer["y"]
    assert [[v - 2 for v in row] for row in z] == answer["label"]
    legend = page.evaluate(
        """Array.from(document.querySelectorAll('[data-testid=basins-legend] li')).map((li) => ({
            label: Number(li.dataset.label), count: Number(li.dataset.count),
            percent: Number(li.dataset.percent), text: li.innerText }))"""
    )
    flat = [v for row in answer["label"] for v in row]
    assert {item["label"] for item in legend} == {-2, -1, 0, 1, 2, 3}
    for item in legend:
        assert item["count"] == flat.count(item["label"])
    assert sum(item["percent"] for item in legend) == pytest.approx(100)
    shown = [float(item["text"].split()[-2]) for item in legend]
    assert sum(shown) == pytest.approx(100, abs=0.3)


LOADED_SCRIPTS = "performance.getEntriesByType('resource').map((e) => e.name.split('/').pop())"


def test_3d_bundle_loads_only_with_the_3d_tab_and_leaves_the_page_its_own(scene: Page) -> None:
    assert "plotly-cartesian.min.js" in scene.evaluate(LOADED_SCRIPTS)
    assert "plotly-gl3d.min.js" not in scene.evaluate(LOADED_SCRIPTS)
    open_tab(scene, "surface3d")
    assert "plotly-gl3d.min.js" in scene.evaluate(LOADED_SCRIPTS)
    # the page's own Plotly is still the cartesian one; the 3D figure has its surface trace
    assert not scene.evaluate("'surface' in Plotly.PlotSchema.get().traces")
    assert "surface" in [t["type"] for t in traces(scene, "insights-plot-surface3d")]


def test_3d_paths_follow_the_step_slider(scene: Page) -> None:
    open_tab(scene, "surface3d")

    def lengths() -> dict[str, int]:
        return {t["meta"]["optimizer"]: len(t["x"]) for t in by_role(scene, "surface3d")["path"]}

    assert lengths() == {o: 401 for o in OPTIMIZERS}
    for step in (37, 250, 0):
        before = marks(scene)
        scene.evaluate(
            """(step) => {
                const slider = document.querySelector('[data-testid=step-slider]');
                slider.value = String(step);
                slider.dispatchEvent(new Event('input', {bubbles: true}));
                slider.dispatchEvent(new Event('change', {bubbles: true}));
            }""",
            step,
        )
        wait_until(
            scene,
            f"""Array.from(document.querySelector('[data-testid=insights-plot-surface3d]').data)
                .filter((t) => t.meta && t.meta.optimizer).every((t) => t.x.length === {step + 1})""",
        )
        assert lengths() == {o: step + 1 for o in OPTIMIZERS}
        assert marks(scene) == before  # moving the step needs no new result


def test_schedule_panel_shows_the_cosine_decay(new_page: Any, server_url: str) -> None:
    url = f"{server_url}/{HIMMELBLAU}&sched.adam=cosine,t_max:400,eta_min:0#insights=schedule"
    page = open_app(new_page(), url)
    wait_ready(page, "schedule")
    lr = {t["meta"]["optimizer"]: t["y"] for t in by_role(page, "schedule")["lr"]}
    adam = lr["adam"]
    assert adam[0] == pytest.approx(0.05)
    assert all(b <= a for a, b in zip(adam, adam[1:], strict=False))
    assert adam[-1] < 0.001 and adam[200] == pytest.approx(0.025, rel=0.02)
    assert set(lr["sgd"]) == {0.01}
    assert "Cosine" in page.get_by_test_id("schedule-summary").inner_text()


def test_tabs_are_keyboard_accessible_and_shared_by_the_fragment(
    scene: Page, new_page: Any, server_url: str
) -> None:
    scene.get_by_test_id("insights-tab-sweep").focus()
    scene.keyboard.press("ArrowRight")
    wait_ready(scene, "race")
    selected = scene.evaluate(
        "Array.from(document.querySelectorAll('[role=tab]'))"
        ".map((t) => [t.dataset.testid, t.getAttribute('aria-selected'), t.tabIndex])"
    )
    assert ["insights-tab-race", "true", 0] in selected
    assert all(s[1] == "false" and s[2] == -1 for s in selected if s[0] != "insights-tab-race")
    assert scene.get_by_test_id("insights-panel-race").is_visible()
    assert not scene.get_by_test_id("insights-panel-sweep").is_visible()
    scene.keyboard.press("End")
    wait_ready(scene, "schedule")
    scene.get_by_test_id("race-criterion").select_option("distance", force=True)
    wait_until(scene, "location.hash.includes('criterion=distance')")
    # The main view's own URL writer must not drop the fragment.
    before = marks(scene)
    scene.get_by_test_id("optimizer-nag").check()
    wait_drawn(scene, before)
    wait_until(
        scene, "location.search.includes('nag') && location.hash.includes('insights=schedule')"
    )
    shared = scene.evaluate("location.href")
    again = open_app(new_page(), shared)
    wait_ready(again, "schedule")
    assert again.get_by_test_id("race-criterion").input_value() == "distance"
    assert len(by_role(again, "schedule")["lr"]) == 5


def test_sweep_exports_csv_and_png(scene: Page) -> None:
    open_tab(scene, "sweep")
    with scene.expect_download() as csv_download:
        scene.get_by_test_id("insights-csv").click()
    path = csv_download.value.path()
    assert path is not None
    with open(path, encoding="utf-8") as handle:
        rows = list(csv.DictReader(io.StringIO(handle.read())))
    assert len(rows) == 64 * 4
    assert {r["optimizer"] for r in rows} == set(OPTIMIZERS)
    assert {r["status"] for r in rows} <= {"ok", "diverged"}
    with scene.expect_download() as png_download:
        scene.get_by_test_id("insights-png").click()
    png = png_download.value.path()
    assert png is not None
    with open(png, "rb") as handle:
        assert handle.read(8) == b"\x89PNG\r\n\x1a\n"


def test_3d_view_draws_a_typed_formula(new_page: Any, server_url: str) -> None:
    url = (
        f"{server_url}/?surface=custom&formula=x%5E2%20%2B%203*y%5E2&domain=-2,2,-2,2"
        "&start=1.5,1&steps=50&opt=sgd,adam#insights=surface3d"
    )
    page = open_app(new_page(), url)
    wait_ready(page, "surface3d")
    solid = [t for t in traces(page, "insights-plot-surface3d") if t["type"] == "surface"]
    grid = post(
        server_url,
        "/api/grid",
        {"surface": {"expression": "x^2 + 3*y^2", "domain": {"x": [-2, 2], "y": [-2, 2]}}, "n": 80},
    )
    assert len(solid) == 1 and solid[0]["x"] == grid["x"] and solid[0]["y"] == grid["y"]


def test_race_on_standardised_data_measures_from_the_standardised_minimum(
    new_page: Any, server_url: str
) -> None:
    """With standardised features both the minimum and f there move: f* must follow them."""
    url = (
        f"{server_url}/?surface=iris_petals&std=1&steps=300&opt=sgd,adam"
        "&p.sgd=lr:0.05&p.adam=lr:0.05,beta1:0.9,beta2:0.999,eps:1e-8#insights=race"
    )
    page = open_app(new_page(), url)
    wait_ready(page, "race")
    listing = json.load(urllib.request.urlopen(f"{server_url}/api/surfaces", timeout=10))
    minimum = next(s for s in listing if s["id"] == "iris_petals")["minima_standardized"][0]
    one = {"surface": "iris_petals", "standardize": True, "start": minimum, "steps": 1}
    fstar = post(server_url, "/api/run", {**one, "runs": [{"optimizer": "sgd"}]})
    fstar = fstar["runs"][0]["loss"][0]
    q = query(page)
    body = {
        "surface": "iris_petals",
        "standardize": True,
        "start": [float(v) for v in q["start"].split(",")],
        "steps": 300,
        "runs": [
            {"optimizer": "sgd", "params": {"lr": 0.05}},
            {"optimizer": "adam", "params": {"lr": 0.05}},
        ],
    }
    arrivals = {
        run["optimizer"]: next((str(k) for k, f in enumerate(run["loss"]) if f - fstar < 1e-3), "")
        for run in post(server_url, "/api/run", body)["runs"]
    }
    finishes = page.evaluate(
        """Object.fromEntries(Array.from(document.querySelectorAll('[data-testid=race-row]'))
            .map((r) => [r.dataset.optimizer, r.dataset.finish]))"""
    )
    assert finishes == arrivals and any(arrivals.values())
