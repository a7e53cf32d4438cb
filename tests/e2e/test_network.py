"""Network surfaces (issue 18, CONTRACT section 11): the loss on the plane through θ-space with
the projected paths, the decision boundary, train against test by step, the backprop norms, the
lessons' claims checked on the numbers, and a network scene's link round trip."""

import json
import math
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.e2e.helpers import (
    PHONE,
    field_ink,
    losses,
    marks,
    open_app,
    paths,
    query,
    reacts,
    serious_violations,
    spy_on_reacts,
    traces,
    wait_drawn,
    wait_until,
)

pytestmark = pytest.mark.e2e

NET = "net=hidden:8,activation:tanh,loss:cross_entropy,init_seed:0"
SCENE = f"surface=moons&steps=200&opt=sgd,adam&p.sgd=lr:0.1&p.adam=lr:0.02&{NET}"


def post(server_url: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(
        f"{server_url}/api/run", json.dumps(body).encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request) as answer:
        return dict(json.load(answer))


def panel_at(page: Page, key: str) -> None:
    """The network panel shows `surface/step`."""
    wait_until(page, f"document.querySelector('#network-panel').dataset.drawn === '{key}'")


def open_network(new_page: Any, server_url: str, scene: str = SCENE) -> Page:
    page = open_app(new_page(), f"{server_url}/?{scene}")
    steps = int(dict(p.split("=", 1) for p in scene.split("&"))["steps"])
    panel_at(page, f"{dict(p.split('=', 1) for p in scene.split('&'))['surface']}/{steps}")
    return page


def roles(page: Page, testid: str) -> list[dict[str, Any]]:
    return [
        {
            **t,
            "role": (t["meta"] or {}).get("role"),
            "optimizer": (t["meta"] or {}).get("optimizer"),
        }
        for t in traces(page, testid)
    ]


def value(page: Page, testid: str) -> float:
    return float(page.get_attribute(f"[data-testid={testid}]", "data-value") or "nan")


def close(a: float, b: float, rel: float = 1e-9) -> bool:
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-12)


INK_AT = """([testid, role, optimizer, k]) => {
    const gd = document.querySelector(`[data-testid=${testid}]`);
    const trace = gd.data.find((t) => t.meta?.role === role && t.meta?.optimizer === optimizer);
    const full = gd._fullLayout;
    const ya = full[trace.yaxis ? `yaxis${trace.yaxis.slice(1)}` : 'yaxis'];
    const v = ya.type === 'log' ? Math.log10(trace.y[k]) : trace.y[k];
    const x = full.xaxis._offset + full.xaxis.l2p((trace.x0 ?? 0) + k);
    const y = ya._offset + ya.l2p(v);
    const canvas = gd.querySelector('canvas.plot-overlay');
    const ratio = canvas.width / canvas.clientWidth;
    const pixels = canvas.getContext('2d').getImageData(Math.round(x * ratio) - 1, Math.round(y * ratio) - 1, 3, 3).data;
    return Math.max(...pixels.filter((_, i) => i % 4 === 3));
}"""


def inked(page: Page, testid: str, role: str, optimizer: str, k: int) -> bool:
    """The figure's canvas has drawn the trace near its point k (its Plotly trace is
    transparent): at k, or for a dashed line at one of the next 16 points (past a gap)."""
    return any(page.evaluate(INK_AT, [testid, role, optimizer, k + d]) > 0 for d in range(0, 16, 2))


def test_network_scene_draws_the_plane_boundary_and_train_test_curves(
    new_page: Any, server_url: str
) -> None:
    page = open_network(new_page, server_url)
    answer = post(server_url, {
        "surface": "moons", "steps": 200, "network": {"hidden": 8, "activation": "tanh",
        "loss": "cross_entropy", "init_seed": 0}, "runs": [
            {"optimizer": "sgd", "params": {"lr": 0.1}}, {"optimizer": "adam", "params": {"lr": 0.02}}],
    })  # fmt: skip
    main = traces(page, "main-plot")
    fields = [t for t in main if t["type"] in ("heatmap", "contour")]
    assert len(fields) == 1, "one trace for the plane's loss"
    assert fields[0]["x"] == answer["plane"]["grid"]["a"]
    assert fields[0]["y"] == answer["plane"]["grid"]["b"]
    drawn = paths(page)
    assert set(drawn) == {"sgd", "adam"}
    for run in answer["runs"]:
        assert drawn[run["optimizer"]]["x"] == run["a"]
        assert drawn[run["optimizer"]]["y"] == run["b"]
    assert set(losses(page)) == {"sgd", "adam"}
    assert losses(page)["adam"]["y"] == answer["runs"][1]["loss"]
    note = page.text_content("[data-testid=net-note]") or ""
    assert "33 dimensions" in note and f"{answer['plane']['explained'] * 100:.1f} %" in note

    boundary = roles(page, "net-boundary")
    assert {t["optimizer"] for t in boundary if t["role"] == "boundary"} == {"sgd", "adam"}
    with urllib.request.urlopen(f"{server_url}/api/surfaces/moons/data") as rows:
        split = json.load(rows)["split"]
    shown = {
        r: sum(len(t["x"]) for t in boundary if t["role"] == f"{r}-points")
        for r in ("train", "test")
    }
    assert shown == {"train": split.count("train"), "test": split.count("test")}

    curves = roles(page, "net-curves")
    by = {(t["role"], t["optimizer"]): t for t in curves}
    for run in answer["runs"]:
        o = run["optimizer"]
        assert by[("train-loss", o)]["y"] == run["loss"]
        # The page's own forward pass at the last step agrees with the server's numbers.
        assert close(by[("test-loss", o)]["y"][-1], run["test_loss"])
        assert close(by[("test-accuracy", o)]["y"][-1], run["test_accuracy"])
        assert close(by[("train-accuracy", o)]["y"][-1], run["train_accuracy"])
    assert close(value(page, "net-train-loss"), answer["runs"][0]["loss"][-1])
    assert close(value(page, "net-test-loss"), answer["runs"][0]["test_loss"])
    norms = roles(page, "net-norms")
    assert {(t["role"], t["optimizer"]) for t in norms} == {
        (f"norm-{layer}", o) for layer in ("W1", "W2") for o in ("sgd", "adam")
    }
    for role in ("train-loss", "test-loss", "train-accuracy", "test-accuracy"):
        assert inked(page, "net-curves", role, "adam", 100), role
    assert inked(page, "net-norms", "norm-W1", "sgd", 50) and inked(
        page, "net-norms", "norm-W2", "adam", 150
    )


def test_the_step_slider_moves_the_paths_and_the_boundary(new_page: Any, server_url: str) -> None:
    page = open_network(new_page, server_url)
    end = [t["x"] for t in roles(page, "net-boundary") if t["role"] == "boundary"]
    page.evaluate(
        """() => { const s = document.querySelector('[data-testid=step-slider]');
            s.value = '0'; s.dispatchEvent(new Event('input', {bubbles: true}));
            s.dispatchEvent(new Event('change', {bubbles: true})); }"""
    )
    panel_at(page, "moons/0")
    wait_until(
        page,
        "document.querySelector('[data-testid=main-plot]').data.filter((t) => t.meta?.optimizer).every((t) => t.x.length === 1)",
    )
    start = [(t["x"], t["y"]) for t in roles(page, "net-boundary") if t["role"] == "boundary"]
    # Both runs start from the same θ₀, so their boundaries coincide at step 0, and differ from
    # where they end.
    assert start[0] == start[1] and start[0][0]
    assert start[0][0] != end[0] and start[1][0] != end[1]
    assert page.locator("[data-testid=bp-sgd-gW1]").count() == 0  # no update yet
    assert "no update yet" in (page.text_content("[data-testid=net-backprop]") or "")


def test_network_controls_round_trip_through_the_link(new_page: Any, server_url: str) -> None:
    page = open_network(new_page, server_url)
    n = marks(page)
    page.fill("[data-testid=net-hidden-value]", "4")
    page.dispatch_event("[data-testid=net-hidden-value]", "change")
    wait_drawn(page, n)
    n = marks(page)
    page.click("label[for=net-activation-relu]")
    wait_drawn(page, n)
    n = marks(page)
    page.click("label[for=net-loss-mse]")
    wait_drawn(page, n)
    n = marks(page)
    page.check("[data-testid=net-batch-on]")
    wait_drawn(page, n)
    q = query(page)
    assert q["net"] == "hidden:4,activation:relu,loss:mse,init_seed:0"
    assert q["batch"] == "16"
    note = page.text_content("[data-testid=net-note]") or ""
    assert "17 dimensions" in note
    before = {k: (t["x"], t["y"]) for k, t in paths(page).items()}
    heat = [t for t in traces(page, "main-plot") if t["type"] == "heatmap"][0]
    again = open_app(new_page(), page.url)
    panel_at(again, "moons/200")
    assert {k: (t["x"], t["y"]) for k, t in paths(again).items()} == before
    assert [t for t in traces(again, "main-plot") if t["type"] == "heatmap"][0]["x"] == heat["x"]
    assert again.is_checked("#net-activation-relu") and again.is_checked("#net-loss-mse")


def lesson(page: Page, lesson_id: str, surface: str, steps: int) -> None:
    n = marks(page)
    page.click(f"[data-testid=preset-{lesson_id}]")
    wait_drawn(page, n, timeout=60)
    panel_at(page, f"{surface}/{steps}")


def finals(page: Page, role: str) -> dict[str, float]:
    return {t["optimizer"]: t["y"][-1] for t in roles(page, "net-curves") if t["role"] == role}


def norms(page: Page) -> dict[str, list[float]]:
    return {f"{t['optimizer']}/{t['role']}": t["y"] for t in roles(page, "net-norms")}


def test_each_network_lesson_shows_what_it_says(new_page: Any, server_url: str) -> None:
    page = open_network(new_page, server_url)

    lesson(page, "net-five", "moons", 400)
    loss = finals(page, "train-loss")
    accuracy = finals(page, "train-accuracy")
    assert loss["sgd"] > 0.2 and accuracy["sgd"] < 0.9
    assert all(
        loss[o] < 0.06 and accuracy[o] >= 0.98 for o in ("momentum", "rmsprop", "adam", "lion")
    ), (loss, accuracy)

    lesson(page, "net-mse", "circles", 600)
    mse_accuracy = finals(page, "train-accuracy")["sgd"]
    mse_w2 = sorted(norms(page)["sgd/norm-W2"])[300]
    lesson(page, "net-ce", "circles", 600)
    assert mse_accuracy < 0.9 < 0.98 <= finals(page, "train-accuracy")["sgd"]
    assert mse_w2 < 0.6 * sorted(norms(page)["sgd/norm-W2"])[300]

    first: dict[str, float] = {}
    middle: dict[str, float] = {}
    for act in ("sigmoid", "tanh", "relu"):
        lesson(page, f"net-{act}", "circles", 500)
        g = norms(page)
        first[act] = g["sgd/norm-W1"][0] / g["sgd/norm-W2"][0]
        middle[act] = sorted(g["sgd/norm-W1"])[250]
        if act == "sigmoid":
            assert finals(page, "train-loss")["sgd"] > 0.68
            assert finals(page, "train-accuracy")["sgd"] < 0.6
    assert first["sigmoid"] < 1 / 20 and 1 / 6 < first["tanh"] < 1 / 4 and first["relu"] > 0.4
    assert middle["tanh"] > 6 * middle["sigmoid"] and middle["relu"] > 6 * middle["sigmoid"]
    assert 0.002 < middle["sigmoid"] < 0.004

    lesson(page, "net-batch", "moons", 360)
    curve = next(t["y"] for t in roles(page, "net-curves") if t["role"] == "train-loss")
    rises = sum(b > a for a, b in zip(curve, curve[1:], strict=False))
    assert rises > len(curve) / 3
    epochs = page.evaluate(
        "(document.querySelector('[data-testid=loss-plot]').layout.shapes ?? []).map((s) => s.x0)"
    )
    assert epochs == [18 * (i + 1) for i in range(20)]
    full = post(server_url, {"surface": "moons", "steps": 360, "network": {"hidden": 8},
                             "runs": [{"optimizer": "sgd", "params": {"lr": 0.2}}]})  # fmt: skip
    assert abs(curve[-1] - full["runs"][0]["loss"][-1]) < 0.01

    lesson(page, "net-overfit", "noisy_moons", 2000)
    test = next(t for t in roles(page, "net-curves") if t["role"] == "test-loss")
    best = min(range(len(test["y"])), key=test["y"].__getitem__)
    assert 100 < test["x"][best] < 500 and test["y"][-1] > 4 * test["y"][best]
    assert finals(page, "train-loss")["adam"] < 0.02


def test_side_by_side_and_exports_on_a_network_scene(new_page: Any, server_url: str) -> None:
    page = open_network(new_page, server_url)
    n = marks(page)
    page.click("label[for=layout-split]")
    wait_drawn(page, n)
    for o in ("sgd", "adam"):
        ids = [(t["meta"] or {}).get("optimizer") for t in traces(page, f"split-plot-{o}")]
        assert [i for i in ids if i] == [o]
    with page.expect_download() as download:
        page.click("[data-testid=export-json]")
    exported = json.loads(Path(download.value.path()).read_text())
    assert exported["request"]["network"]["hidden"] == 8
    assert len(exported["runs"][0]["thetas"]) == 201 and "plane" in exported
    with page.expect_download() as download:
        page.click("[data-testid=export-csv]")
    rows = Path(download.value.path()).read_text().splitlines()
    assert len(rows) == 1 + 2 * 201
    assert page.is_visible(
        "[data-testid=copy-pytorch]"
    )  # a flat-θ torch script (test_network_export)


def test_a_slider_move_brings_only_the_changed_runs_path(new_page: Any, server_url: str) -> None:
    """Moving Adam's lr retrains Adam alone: the page names SGD's run in known_paths (it holds
    its path), and what it then holds and exports is the full answer of the new request."""
    page = open_network(new_page, server_url)
    n = marks(page)
    with page.expect_request("**/api/run") as sent:
        page.evaluate(
            """() => { const s = document.querySelector('[data-testid=param-adam-lr]');
                s.value = '-1.5'; s.dispatchEvent(new Event('input', {bubbles: true})); }"""
        )
    assert sent.value.post_data_json["known_paths"] == [0]
    wait_drawn(page, n)
    with page.expect_download() as download:
        page.click("[data-testid=export-json]")
    exported = json.loads(Path(download.value.path()).read_text())
    request = exported.pop("request")
    assert "known_paths" not in request and request["runs"][1]["params"]["lr"] != 0.02
    assert exported == post(server_url, request)
    page.wait_for_timeout(400)  # Plotly's copy of the handed-over traces has caught up
    assert all(inked(page, "net-curves", "train-loss", "adam", k) for k in (20, 100, 180))


FRAME = """() => {
    const gd = document.querySelector('[data-testid=main-plot]');
    const heat = gd.data.find((t) => t.meta?.role === 'surface');
    return {x: gd._fullLayout.xaxis.range, y: gd._fullLayout.yaxis.range,
            a: [heat.x[0], heat.x.at(-1)], b: [heat.y[0], heat.y.at(-1)]};
}"""


def test_a_slider_move_inside_the_planes_frame_redraws_without_plotly(
    new_page: Any, server_url: str
) -> None:
    """The axes frame the plane's grid with room around it and hold still while the new grid
    fits: a small lr move is drawn on the canvases alone (no Plotly call on main-plot), the
    canvas beneath showing the new plane's loss in its band colours."""
    page = open_network(new_page, server_url)
    before = page.evaluate(FRAME)
    for axis, grid in (("x", "a"), ("y", "b")):
        lo, hi = before[axis]
        assert lo <= before[grid][0] < before[grid][1] <= hi
        assert before[grid][1] - before[grid][0] >= 0.7 * (hi - lo)
    spy_on_reacts(page)
    n = marks(page)
    page.evaluate(
        """() => { const s = document.querySelector('[data-testid=param-adam-lr]');
            s.value = String(Math.log10(0.021)); s.dispatchEvent(new Event('input', {bubbles: true})); }"""
    )
    wait_drawn(page, n)
    assert "main-plot" not in reacts(page)
    after = page.evaluate(FRAME)
    assert (after["x"], after["y"]) == (before["x"], before["y"])
    with page.expect_download() as download:
        page.click("[data-testid=export-json]")
    answer = post(server_url, json.loads(Path(download.value.path()).read_text())["request"])
    assert after["a"] == [answer["plane"]["grid"]["a"][0], answer["plane"]["grid"]["a"][-1]]
    assert after["a"] != before["a"]
    ink = field_ink(page)
    assert ink["checked"] > 20 and ink["wrong"] == [], ink


def test_the_network_page_speaks_korean(new_page: Any, server_url: str) -> None:
    """The course notes are Korean: with ?lang=ko the network lessons, controls, note, figure
    captions and readout are in Korean (the numbers unchanged)."""
    hangul = "/[\\uac00-\\ud7a3]/.test"
    page = open_network(new_page, server_url, f"{SCENE}&lang=ko")
    for selector in ("#surface-controls select option:checked", "#network-lesson-controls",
                     "#network-controls", "[data-testid=net-note]",
                     "#network-panel figcaption", "[data-testid=net-readout]",
                     "[data-testid=net-backprop] thead"):  # fmt: skip
        text = page.locator(selector).first.inner_text()
        assert page.evaluate(f"(text) => {hangul}(text)", text), (selector, text)
    lessons = page.locator("#network-lesson-controls button").all_inner_texts()
    assert len(lessons) >= 8 and all(page.evaluate(f"(t) => {hangul}(t)", name) or name in
                                     ("tanh 유닛", "ReLU 유닛") for name in lessons)  # fmt: skip
    english = open_network(new_page, server_url)
    assert (
        english.locator("[data-testid=net-note]")
        .inner_text()
        .startswith("The main plot is a slice")
    )


def test_the_network_scene_has_no_serious_accessibility_violation_on_a_phone(
    new_page: Any, server_url: str
) -> None:
    """The network's step table scrolls sideways on a phone: reachable by keyboard (axe:
    scrollable-region-focusable), as every other part of the page."""
    page = open_app(new_page(**PHONE), f"{server_url}/?{SCENE}")
    page.wait_for_timeout(1000)  # the panel beside the plane is drawn
    assert not (serious := serious_violations(page)), serious
