"""The page against CONTRACT section 8: hooks, traces, live sliders, URL round trip, exports."""

import csv
import io
import json
import time
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.e2e.helpers import (
    PLOTTED,
    field_ink,
    losses,
    marks,
    open_app,
    paths,
    query,
    reacts,
    set_range,
    spy_on_reacts,
    traces,
    wait_drawn,
    wait_hover,
    wait_until,
)

pytestmark = pytest.mark.e2e


def enabled_ids(page: Page) -> list[str]:
    return list(
        page.evaluate(
            """Array.from(document.querySelectorAll('[data-testid^="optimizer-"]'))
                .filter((box) => box.checked).map((box) => box.dataset.testid.slice(10))"""
        )
    )


def surfaces_in(page: Page) -> list[dict[str, Any]]:
    return [t for t in traces(page, "main-plot") if t["type"] in ("contour", "heatmap")]


def test_page_loads_offline_with_every_hook(page: Page, problems: Any, server_url: str) -> None:
    for testid in ("surface-select", "steps", "main-plot", "loss-plot", "play", "step-slider"):
        assert page.get_by_test_id(testid).count() == 1, testid
    on = enabled_ids(page)
    assert len(on) >= 3
    assert len(surfaces_in(page)) == 1
    assert sorted(paths(page)) == sorted(on)
    assert sorted(losses(page)) == sorted(on)
    for optimizer in on:
        assert page.get_by_test_id(f"param-{optimizer}-lr").get_attribute("type") == "range"
    assert page.evaluate("document.body.dataset.state") == "ready"
    assert marks(page) == 1
    favicon = page.request.get(f"{server_url}/favicon.ico")
    assert favicon.ok and "svg" in favicon.headers["content-type"]
    assert not problems.foreign and not problems.errors


def test_optimizer_toggles_and_surface_picker_draw_matching_traces(page: Page) -> None:
    assert not page.get_by_test_id("param-adagrad-lr").is_visible()  # a disabled card is folded
    before = marks(page)
    page.get_by_test_id("optimizer-adagrad").check()
    wait_drawn(page, before)
    assert "adagrad" in paths(page) and "adagrad" in losses(page)
    assert page.get_by_test_id("param-adagrad-lr").is_visible()
    before = marks(page)
    page.get_by_test_id("optimizer-sgd").uncheck()
    wait_drawn(page, before)
    assert "sgd" not in paths(page) and "sgd" not in losses(page)
    assert not page.get_by_test_id("param-sgd-lr").is_visible()
    assert sorted(paths(page)) == sorted(enabled_ids(page))

    old_z = surfaces_in(page)[0]
    before = marks(page)
    page.get_by_test_id("surface-select").select_option("beale")
    wait_drawn(page, before)
    assert len(surfaces_in(page)) == 1
    assert page.evaluate(
        "document.querySelector('[data-testid=main-plot]').layout.xaxis.range[1]"
    ) == pytest.approx(4.5)
    assert sorted(paths(page)) == sorted(enabled_ids(page))
    assert surfaces_in(page)[0]["x"] != old_z["x"]
    first = {o: (t["x"][0], t["y"][0]) for o, t in paths(page).items()}
    assert set(first.values()) == {(0.7, 1.4)}  # Beale's own start


def test_a_slider_reruns_on_input_and_redraws_paths(page: Page) -> None:
    before_paths = paths(page)
    before = marks(page)
    state = page.evaluate(
        """() => {
            const input = document.querySelector('[data-testid="param-momentum-lr"]');
            input.value = String(Number(input.value) - 0.5);
            input.dispatchEvent(new Event('input', {bubbles: true}));
            return document.body.dataset.state;
        }"""
    )
    assert state == "busy"  # synchronously, in the input handler
    wait_drawn(page, before)
    after = paths(page)
    assert after["momentum"]["x"] != before_paths["momentum"]["x"]
    assert after["sgd"]["x"] == before_paths["sgd"]["x"]
    assert float(query(page)["p.momentum"].split("lr:")[1].split(",")[0]) < 0.001


def url_value(text: str) -> float | bool | str:
    """A parameter's value as the URL writes it: a number, true/false, or an option's name."""
    if text in ("true", "false"):
        return text == "true"
    try:
        return float(text)
    except ValueError:
        return text


def scene_answer(page: Page, server_url: str) -> dict[str, Any]:
    """POST /api/run's answer for the scene the URL describes."""
    q = query(page)
    body = {
        "surface": q["surface"],
        "start": [float(v) for v in q["start"].split(",")],
        "steps": int(q["steps"]),
        "noise": {"std": float(q["noise"]), "seed": int(q["seed"])},
        "runs": [
            {
                "optimizer": o,
                "params": {
                    k: url_value(v) for k, v in (p.split(":") for p in q[f"p.{o}"].split(","))
                },
            }
            for o in q["opt"].split(",")
        ],
    }
    return dict(page.request.post(f"{server_url}/api/run", data=body).json())


def assert_drawn_equal(page: Page, answer: dict[str, Any]) -> None:
    drawn, loss = paths(page), losses(page)
    assert sorted(drawn) == sorted(run["optimizer"] for run in answer["runs"])
    for run in answer["runs"]:
        assert drawn[run["optimizer"]]["x"] == run["x"]
        assert drawn[run["optimizer"]]["y"] == run["y"]
        assert loss[run["optimizer"]]["y"] == run["loss"]


def test_drawn_paths_equal_the_api_answer(page: Page, server_url: str) -> None:
    assert_drawn_equal(page, scene_answer(page, server_url))


SPY_ON_RUNS = """() => {
    window.sentRuns = [];
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (data) {
        window.sentRuns.push(JSON.parse(data));
        return send.call(this, data);
    };
}"""


def test_a_slider_asks_only_for_the_run_it_changed(page: Page, server_url: str) -> None:
    """The page keeps the runs it has seen: a slider sends only its optimizer's run, a value seen
    before is drawn without asking, and the whole drawing equals the API's answer for the scene."""
    page.evaluate(SPY_ON_RUNS)
    first = paths(page)
    start = page.get_by_test_id("param-adam-lr").input_value()
    for value in (float(start) - 0.3, float(start)):
        before = marks(page)
        set_range(page, "param-adam-lr", value)
        wait_drawn(page, before)
    sent = page.evaluate("window.sentRuns")
    assert len(sent) == 1  # the second move went back to a value already drawn
    assert [run["optimizer"] for run in sent[0]["runs"]] == ["adam"]
    assert paths(page) == first
    before = marks(page)
    set_range(page, "param-adam-lr", float(start) + 0.2)
    wait_drawn(page, before)
    assert len(page.evaluate("window.sentRuns")) == 2
    assert_drawn_equal(page, scene_answer(page, server_url))


def test_url_round_trip_restores_identical_plots(page: Page, new_page: Any) -> None:
    before = marks(page)
    page.get_by_test_id("optimizer-nag").check()
    wait_drawn(page, before)
    before = marks(page)
    set_range(page, "param-adam-beta1", 0.8)
    wait_drawn(page, before)
    before = marks(page)
    page.get_by_test_id("schedule-adam").select_option("cosine")
    wait_drawn(page, before)
    before = marks(page)
    page.get_by_test_id("steps").fill("400")
    page.get_by_test_id("steps").dispatch_event("change")
    wait_drawn(page, before)
    page.get_by_test_id("step-slider").fill("123")
    time.sleep(0.4)  # the URL follows within 300 ms
    url = page.evaluate("location.href")
    assert query(page)["step"] == "123" and query(page)["steps"] == "400"
    assert "beta1:0.8" in query(page)["p.adam"] and query(page)["sched.adam"].startswith("cosine")

    fresh = open_app(new_page(), url)
    mine, theirs = traces(page, "main-plot"), traces(fresh, "main-plot")
    for a, b in zip(mine, theirs, strict=True):
        assert a == b, (a["meta"], {k: (a[k], b[k]) for k in a if a[k] != b[k] and k not in "xy"})
    assert traces(fresh, "loss-plot") == traces(page, "loss-plot")
    assert fresh.get_by_test_id("step-slider").input_value() == "123"
    assert all(len(t["x"]) == 124 for t in paths(fresh).values() if len(t["x"]) > 123)


def test_exports_hold_the_drawn_trajectories(page: Page) -> None:
    drawn = paths(page)
    with page.expect_download() as csv_download:
        page.get_by_test_id("export-csv").click()
    rows = list(csv.DictReader(io.StringIO(Path(csv_download.value.path()).read_text())))
    assert {r["optimizer"] for r in rows} == set(drawn)
    for optimizer, trace in drawn.items():
        mine = [r for r in rows if r["optimizer"] == optimizer]
        assert [float(r["x"]) for r in mine] == trace["x"]
        assert [float(r["y"]) for r in mine] == trace["y"]
        assert [int(r["step"]) for r in mine] == list(range(len(trace["x"])))

    with page.expect_download() as json_download:
        page.get_by_test_id("export-json").click()
    data = json.loads(Path(json_download.value.path()).read_text())
    assert data["request"]["surface"] == query(page)["surface"]
    assert {r["optimizer"]: r["x"] for r in data["runs"]} == {o: t["x"] for o, t in drawn.items()}

    with page.expect_download() as png_download:
        page.get_by_test_id("export-png").click()
    assert Path(png_download.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_clicking_the_contour_sets_the_start(page: Page) -> None:
    box = page.evaluate(
        """() => {
            const gd = document.querySelector('[data-testid=main-plot]');
            const r = gd.getBoundingClientRect(), xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
            return {x: r.left + xa._offset + xa.l2p(0.5), y: r.top + ya._offset + ya.l2p(2.0)};
        }"""
    )
    before = marks(page)
    page.mouse.click(box["x"], box["y"])
    wait_drawn(page, before)
    start = [float(v) for v in query(page)["start"].split(",")]
    assert start == pytest.approx([0.5, 2.0], abs=0.02)
    for trace in paths(page).values():
        assert (trace["x"][0], trace["y"][0]) == tuple(start)
    assert page.get_by_test_id("start-x").input_value() == str(start[0]).rstrip("0").rstrip(".")


def test_the_surface_and_its_markers_are_drawn_beneath_plotly(page: Page) -> None:
    """The canvas beneath main-plot draws the surface trace's cells in their band's colour and
    the start's white diamond; Plotly's trace, clear, still answers hover with the value."""
    ink = field_ink(page)
    assert ink["checked"] > 50 and ink["wrong"] == [], ink
    start = page.evaluate(
        """() => {
            const gd = document.querySelector('[data-testid=main-plot]');
            const t = gd.data.find((d) => d.meta?.role === 'start');
            const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, box = gd.getBoundingClientRect();
            const canvas = gd.querySelector('canvas.plot-underlay'), ratio = canvas.width / canvas.clientWidth;
            const [x, y] = [xa._offset + xa.l2p(t.x[0]), ya._offset + ya.l2p(t.y[0])];
            // the diamond's white fill, just right of the centre (the paths' canvas lies above)
            const pixel = canvas.getContext('2d').getImageData(Math.round((x + 3) * ratio), Math.round(y * ratio), 1, 1).data;
            return {pixel: Array.from(pixel), x: box.left + xa._offset + xa.l2p(1.5), y: box.top + ya._offset + ya.l2p(-0.5)};
        }"""
    )
    assert start["pixel"] == [255, 255, 255, 255]
    page.mouse.move(start["x"], start["y"])
    wait_hover(page, "f = ")


INKED = """(testid) => Object.fromEntries(Array.from(document.querySelectorAll(`[data-testid=${testid}] canvas`), (c) => {
    const alpha = c.getContext('2d').getImageData(0, 0, c.width, c.height).data.filter((_, i) => i % 4 === 3);
    return [c.className, alpha.filter((a) => a > 0).length / alpha.length];
}))"""


def open_without_plotly(page: Page, server_url: str) -> list[Any]:
    """Open the page with Plotly's script held back, until its first picture (the canvases
    alone) is drawn; the held requests, to let go with `continue_()`."""
    held: list[Any] = []
    page.route("**/plotly-cartesian.min.js", lambda route: held.append(route))
    page.goto(server_url + "/", wait_until="commit")
    wait_drawn(page, 0, timeout=20)
    assert page.evaluate("typeof window.Plotly") == "undefined" and held
    return held


def test_the_first_picture_comes_before_plotly(
    new_page: Any, problems: Any, server_url: str
) -> None:
    """With Plotly held back, the page still draws its first picture (the canvases: surface,
    paths, losses, axes) with every hook in place, marks it, and a click on the plot picks the
    start; once Plotly is in it draws the same scene with no new mark."""
    page = new_page()
    held = open_without_plotly(page, server_url)
    on = enabled_ids(page)
    assert sorted(paths(page)) == sorted(on) and sorted(losses(page)) == sorted(on)
    main = page.evaluate(INKED, "main-plot")  # the surface fills the plot area; the paths drawn
    assert main["plot-underlay"] > 0.6 and main["plot-overlay"] > 0.002, main
    assert page.evaluate(INKED, "loss-plot")["plot-overlay"] > 0.005
    box = page.get_by_test_id("main-plot").bounding_box()
    assert box is not None
    before = marks(page)
    # the plot area's centre (margins: left 44, right 64, top 8, bottom 36) is the domain's
    page.mouse.click(
        box["x"] + 44 + (box["width"] - 108) / 2, box["y"] + 8 + (box["height"] - 44) / 2
    )
    wait_drawn(page, before)
    start = [float(v) for v in query(page)["start"].split(",")]
    assert start == pytest.approx([0.0, 1.0], abs=0.05)
    drawn = marks(page)
    for route in held:
        route.continue_()
    wait_until(page, PLOTTED, timeout=20)
    page.wait_for_timeout(300)
    assert marks(page) == drawn
    assert sorted(paths(page)) == sorted(on)


FLAG_TOP = """([x, y]) => {
    // the main canvas's pixels along the flag box's top edge (2 px inside it), as [r, g, b]
    const canvas = document.querySelector('[data-testid=main-plot] canvas[data-notes]');
    const ratio = window.devicePixelRatio || 1;
    const row = canvas.getContext('2d').getImageData((x - 12) * ratio, (y - 7) * ratio, 24 * ratio, 1);
    const out = [];
    for (let i = 0; i < row.data.length; i += 4) out.push([...row.data.slice(i, i + 3)]);
    return out;
}"""


def test_the_first_picture_flags_a_diverged_run_where_plotly_will(
    new_page: Any, server_url: str
) -> None:
    """Before Plotly is in, the canvases draw the layout's notes too: the "too big a learning
    rate" lesson's diverged run gets its flag on the first picture, in its colour, where Plotly
    puts it once it is in (over the paths, as Plotly's is)."""
    page = new_page()
    held = open_without_plotly(page, server_url)
    before = marks(page)
    page.get_by_test_id("preset-learning-rate").click()
    wait_drawn(page, before)
    assert page.evaluate("typeof window.Plotly") == "undefined"
    notes = json.loads(
        page.locator("[data-testid=main-plot] canvas[data-notes]").get_attribute("data-notes")
        or "[]"
    )
    assert [note["text"] for note in notes] == ["✕ SGD · lr 0.09 diverged"], notes
    colour = page.evaluate(
        "document.querySelector('[data-testid=loss-plot]').data.find((t) => t.name.includes('0.09')).meta.colour"
    )
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    edge = page.evaluate(FLAG_TOP, [notes[0]["x"], notes[0]["y"]])
    assert all(max(abs(a - b) for a, b in zip(px, rgb, strict=True)) <= 2 for px in edge), (
        edge,
        rgb,
    )
    for route in held:
        route.continue_()
    wait_until(page, PLOTTED, timeout=20)
    wait_until(page, "document.querySelector('[data-testid=main-plot] .annotation')")
    box = page.locator("[data-testid=main-plot] .annotation-text-g").first.bounding_box()
    plot = page.get_by_test_id("main-plot").bounding_box()
    assert box and plot
    centre = [box["x"] + box["width"] / 2 - plot["x"], box["y"] + box["height"] / 2 - plot["y"]]
    assert centre == pytest.approx([notes[0]["x"], notes[0]["y"]], abs=4)
    # and Plotly's flag, like the first picture's, lies over the paths' canvas
    assert page.evaluate(
        """() => {
        const z = (e) => Number(getComputedStyle(e).zIndex) || 0;
        const flag = document.querySelector('[data-testid=main-plot] .annotation').ownerSVGElement;
        return z(flag) > z(document.querySelector('[data-testid=main-plot] canvas.plot-overlay'));
    }"""
    )


def test_error_from_the_server_is_shown_and_cleared(page: Page) -> None:
    banner = page.locator("#error-banner")
    page.get_by_test_id("steps").fill("50000")
    page.get_by_test_id("steps").dispatch_event("change")
    wait_until(page, "!document.querySelector('#error-banner').hidden")
    assert "Steps" in banner.inner_text() and "20000" in banner.inner_text()
    assert page.evaluate("document.body.dataset.state") == "error"

    page.get_by_test_id("value-adam-lr").fill("100")
    page.get_by_test_id("value-adam-lr").dispatch_event("change")
    page.get_by_test_id("steps").fill("300")
    before = marks(page)
    page.get_by_test_id("steps").dispatch_event("change")
    wait_until(page, "document.querySelector('#error-banner').innerText.includes('Adam')")
    assert "lr" in banner.inner_text()

    page.get_by_test_id("value-adam-lr").fill("0.01")
    page.get_by_test_id("value-adam-lr").dispatch_event("change")
    wait_drawn(page, before)
    assert banner.is_hidden()
    assert len(paths(page)["adam"]["x"]) == 301


def test_side_by_side_keeps_main_plot_contract(page: Page) -> None:
    before = marks(page)
    page.locator("label[for=layout-split]").click()
    wait_drawn(page, before)
    on = enabled_ids(page)
    for optimizer in on:
        assert page.get_by_test_id(f"split-plot-{optimizer}").count() == 1
    assert len(surfaces_in(page)) == 1 and sorted(paths(page)) == sorted(on)
    assert query(page)["layout"] == "split"


TICKS = """(testid) => {
    const overlay = document.querySelector(`[data-testid="${testid}"]`).nextElementSibling;
    const read = (axis) => Array.from(overlay.querySelectorAll(`.${axis}tick text`),
        (t) => Number(t.textContent.replace("\u2212", "-")));
    return {x: read("x"), y: read("y"), range: overlay.closest(".plot-cell")
        .querySelector(".js-plotly-plot")._fullLayout.xaxis.range};
}"""


def test_the_axes_follow_a_zoom_and_a_pan(page: Page) -> None:
    """The axes and the surface are drawn apart from Plotly's data layers (docs/architecture.md):
    they must still match them, during a pan drag too."""
    ticks = page.evaluate(TICKS, "main-plot")
    assert len(ticks["x"]) >= 4 and len(ticks["y"]) >= 4
    assert min(ticks["x"]) >= ticks["range"][0] and max(ticks["x"]) <= ticks["range"][1]
    page.evaluate(
        """() => Plotly.relayout(document.querySelector('[data-testid="main-plot"]'),
            {'xaxis.range': [0.2, 0.6], 'yaxis.range': [0.1, 0.5]})"""
    )
    zoomed = wait_until(
        page,
        f"(({TICKS})('main-plot')).x.every((v) => v >= 0.2 && v <= 0.6) && ({TICKS})('main-plot')",
    )
    assert len(zoomed["x"]) >= 3 and all(0.1 <= v <= 0.5 for v in zoomed["y"])
    box = page.get_by_test_id("main-plot").bounding_box()
    assert box is not None
    page.evaluate(
        """() => Plotly.relayout(document.querySelector('[data-testid="main-plot"]'),
            {dragmode: 'pan'})"""
    )
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - box["width"] / 4, y, steps=6)
    mid = page.evaluate(TICKS, "main-plot")  # while dragging: the ticks move with the pan
    page.mouse.up()
    assert mid["range"][0] > 0.2 and min(mid["x"]) >= mid["range"][0] - 1e-9
    assert max(mid["x"]) > 0.6
    loss = page.evaluate(TICKS, "loss-plot")
    assert len(loss["x"]) >= 3 and len(loss["y"]) >= 2


def test_the_surface_follows_a_pan_drag(page: Page) -> None:
    """The surface is drawn on a canvas beneath Plotly's layers: during a pan drag it moves with
    the axes (each cell in its band's colour where the moved axes put it)."""
    page.evaluate(
        """() => Plotly.relayout(document.querySelector('[data-testid="main-plot"]'),
            {dragmode: 'pan'})"""
    )
    box = page.get_by_test_id("main-plot").bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + box["width"] / 6, y + box["height"] / 8, steps=5)
    moved = page.evaluate(TICKS, "main-plot")["range"]
    ink = field_ink(page)
    page.mouse.up()
    assert moved[0] < -2.2  # the view moved
    assert ink["checked"] > 50 and ink["wrong"] == [], ink


def test_a_small_value_reads_exactly_in_its_number_box(page: Page) -> None:
    before = marks(page)
    set_range(page, "param-adam-lr", -5.5)  # log10 units: lr ≈ 3.16e-6
    wait_drawn(page, before)
    shown = page.get_by_test_id("value-adam-lr").input_value()
    assert "e-6" in shown and float(shown) == pytest.approx(10**-5.5, rel=1e-2)
    assert float(query(page)["p.adam"].split("lr:")[1].split(",")[0]) == float(shown)


CONTROLS_OUTSIDE_FORMS = """() => [...document.querySelectorAll('input, select, textarea')]
    .filter((c) => !c.form).map((c) => c.id || c.outerHTML.slice(0, 80))"""
SHADOWING = """() => [...document.forms].flatMap((form) => [...form.elements]
    .flatMap((c) => [c.id, c.name]).filter((n) => n && n in Object.getPrototypeOf(form)))"""


@pytest.mark.parametrize("scene", ["", "?surface=moons&opt=adam,sgd", "?surface=linear"])
def test_every_control_sits_in_a_form_none_of_its_controls_shadows(
    page: Page, server_url: str, scene: str
) -> None:
    """Chromium's autofill rereads a changed control's whole form; controls in no form count as
    one form of the page (a playback frame paid ~3 ms for it). A form's controls' names and ids
    are also its properties (`form.hidden` would be a control named "hidden")."""
    open_app(page, f"{server_url}/{scene}")
    inspector = page.get_by_test_id("inspector-toggle")
    if inspector.is_visible():  # its controls are built when it opens (not on a network scene)
        inspector.click()
    assert page.evaluate(CONTROLS_OUTSIDE_FORMS) == []
    assert page.evaluate(SHADOWING) == []


def test_enter_in_a_field_submits_nothing(page: Page) -> None:
    """A form with one text field submits on Enter (implicit submission): the page would reload."""
    page.evaluate("window.stillHere = true")
    for testid in ("value-all", "optimizer-search", "steps"):
        page.get_by_test_id(testid).press("Enter")
    time.sleep(0.5)
    assert page.evaluate("window.stillHere") is True


def test_no_plot_offers_to_upload_the_chart(page: Page) -> None:
    """Plotly 3 shows "Share chart…" (an upload to its cloud) unless each figure says not to."""
    page.get_by_test_id("main-plot").hover()
    configs = page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot')].map((gd) => [
            gd._context.showSendToCloud, gd._context.plotlyServerURL, gd._context.displaylogo])"""
    )
    assert configs and all(c == [False, "", False] for c in configs), configs
    assert page.locator(".modebar-btn[data-title^='Share'], .modebar-btn--logo").count() == 0


def test_the_modebar_leaves_the_colour_key_readable(page: Page) -> None:
    """Plotly's modebar, shown on hover at the figure's top right, stands left of the page's
    colour key beside the plot area: its title ("f (log)") stays in sight."""
    page.get_by_test_id("main-plot").hover()
    wait_until(page, "document.querySelector('.plot-main .modebar')?.offsetWidth > 0")
    bar, title, area = (
        page.locator(selector).bounding_box()
        for selector in (".plot-main .modebar", ".colour-key-title", ".plot-main .nsewdrag")
    )
    assert bar and title and area
    assert bar["x"] + bar["width"] <= title["x"], (bar, title)
    assert bar["x"] + bar["width"] == pytest.approx(area["x"] + area["width"], abs=4)


def test_clicking_every_button_sends_nothing_beyond_the_server(page: Page) -> None:
    """Every button of the page and of the main plot's modebar, pressed once: the `page` fixture
    aborts and fails on any request to another host, and on any console error."""
    page.on("dialog", lambda dialog: dialog.dismiss())
    buttons = page.locator("button:visible, .modebar-btn")
    count = buttons.count()
    assert count >= 20
    for i in range(count):
        page.get_by_test_id("main-plot").hover()  # shows the modebar
        if i < buttons.count():
            buttons.nth(i).click(timeout=10_000, force=True)  # after GIF: a busy page
        time.sleep(0.05)


def test_a_result_changing_only_runs_is_drawn_without_plotly_then_hover_catches_up(
    page: Page,
) -> None:
    """Paths and loss curves are the page's canvas drawing: a slider's new result makes no Plotly
    call on either plot; Plotly's own copy (what hover reads) catches up once input pauses, and
    hovering a path names its optimizer and step."""
    spy_on_reacts(page)
    before = marks(page)
    set_range(page, "param-momentum-lr", -3.2)  # slower, still inside the loss axis
    wait_drawn(page, before)
    assert reacts(page) == []  # drawn on the canvas alone
    path_at = """(k) => {
        const gd = document.querySelector('[data-testid=main-plot]');
        const i = gd.data.findIndex((t) => t.meta && t.meta.optimizer === 'momentum');
        const full = gd._fullData[i];
        const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, box = gd.getBoundingClientRect();
        const ratio = window.devicePixelRatio || 1;
        const [x, y] = [xa._offset + xa.l2p(gd.data[i].x[k]), ya._offset + ya.l2p(gd.data[i].y[k])];
        const canvas = gd.querySelector('canvas.plot-overlay');
        const alpha = canvas.getContext('2d').getImageData(Math.round(x * ratio), Math.round(y * ratio), 1, 1).data[3];
        return {synced: full.x === gd.data[i].x, alpha, x: box.left + x, y: box.top + y};
    }"""
    assert page.evaluate(path_at, 40)["alpha"] > 0  # the canvas holds the path
    wait_until(page, f"({path_at})(40).synced", timeout=3)
    point = page.evaluate(path_at, 40)
    page.mouse.move(point["x"], point["y"])
    wait_hover(page, "Momentum", "step")
