"""The state inspector and many seeds (issue 9): numbers and arrows against the API."""

import json
import time
import urllib.request
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.e2e.helpers import losses, marks, open_app, paths, query, traces, wait_drawn, wait_until

pytestmark = pytest.mark.e2e

SCENE = "?surface=rosenbrock&steps=120&opt=sgd,adam&p.sgd=lr:0.001&p.adam=lr:0.02&step=7"


def api(server_url: str, route: str, body: dict[str, Any]) -> Any:
    request = urllib.request.Request(
        f"{server_url}{route}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


def states(server_url: str) -> dict[str, dict[str, Any]]:
    """POST /api/run with include_state for SCENE (the server fills in the other defaults)."""
    body = {
        "surface": "rosenbrock",
        "steps": 120,
        "runs": [
            {"optimizer": "sgd", "params": {"lr": 0.001}},
            {"optimizer": "adam", "params": {"lr": 0.02}},
        ],
        "include_state": True,
    }
    return {run["optimizer"]: run for run in api(server_url, "/api/run", body)["runs"]}


def wait_ready(page: Page, testid: str) -> None:
    wait_until(
        page, f"document.querySelector('[data-testid={testid}]').dataset.state === 'ready'", 20
    )


def open_inspector(page: Page) -> None:
    page.get_by_test_id("inspector-toggle").click()
    wait_ready(page, "inspector")


def shown_value(page: Page, testid: str) -> float:
    return float(page.get_by_test_id(testid).get_attribute("data-value") or "nan")


def arrows(page: Page) -> list[dict[str, Any]]:
    return list(
        page.evaluate(
            """() => (document.querySelector('[data-testid=main-plot]').layout.annotations || [])
                .filter((a) => a.name === 'layer').map((a) => ({
                    role: a.role, of: a.of, x: a.x, y: a.y, ax: a.ax, ay: a.ay, scale: a.scale }))"""
        )
    )


def slider(page: Page) -> int:
    return int(page.get_by_test_id("step-slider").input_value())


def test_inspector_shows_state_entry_k_minus_1_and_draws_arrows(
    new_page: Any, server_url: str
) -> None:
    page = open_app(new_page(), server_url + SCENE)
    open_inspector(page)
    k = slider(page)
    assert k == 7
    runs = states(server_url)
    adam = runs["adam"]["state"]
    for key in ("grad", "exp_avg", "exp_avg_sq", "update"):
        for i, coord in enumerate("xy"):
            assert shown_value(page, f"inspect-adam-{key}-{coord}") == adam[key][k - 1][i], key
    for key in ("bias_correction1", "bias_correction2"):
        assert shown_value(page, f"inspect-adam-{key}") == adam[key][k - 1]
    assert shown_value(page, "inspect-sgd-grad-y") == runs["sgd"]["state"]["grad"][k - 1][1]

    drawn = arrows(page)
    assert {(a["of"], a["role"]) for a in drawn} == {
        ("sgd", "arrow-gradient"),
        ("sgd", "arrow-update"),
        ("adam", "arrow-gradient"),
        ("adam", "arrow-momentum"),
        ("adam", "arrow-update"),
    }
    for a in drawn:  # every arrow starts at iterate k - 1
        run = runs[a["of"]]
        assert (a["ax"], a["ay"]) == (run["x"][k - 1], run["y"][k - 1])
    update = next(a for a in drawn if a["of"] == "adam" and a["role"] == "arrow-update")
    step = adam["update"][k - 1]
    assert update["x"] - update["ax"] == pytest.approx(step[0] * update["scale"], rel=1e-9)
    assert update["y"] - update["ay"] == pytest.approx(step[1] * update["scale"], rel=1e-9)
    assert page.locator("[data-testid=main-plot] .annotation-arrow-g").count() == len(drawn)
    # The contract's traces are untouched.
    assert set(paths(page)) == {"sgd", "adam"}
    assert all(len(t["x"]) == k + 1 for t in paths(page).values())

    page.get_by_test_id("inspector-toggle").click()  # closing takes the arrows away
    wait_until(page, "document.querySelector('[data-testid=inspector]').dataset.state === 'idle'")
    wait_until(
        page,
        "!(document.querySelector('[data-testid=main-plot]').layout.annotations || [])"
        ".some((a) => a.name === 'layer')",
    )


def test_step_advances_one_update_and_narrates_it(new_page: Any, server_url: str) -> None:
    page = open_app(new_page(), server_url + SCENE)
    open_inspector(page)
    before = page.get_by_test_id("inspector-narration").inner_text()
    assert "Adam, update 7:" in before
    page.get_by_test_id("inspector-step").click()
    wait_until(page, "document.querySelector('[data-testid=step-slider]').value === '8'")
    wait_until(
        page,
        "document.querySelector('[data-testid=inspector-narration]').innerText.includes('update 8')",
    )
    after = page.get_by_test_id("inspector-narration").inner_text()
    assert after != before
    adam = states(server_url)["adam"]["state"]
    m = adam["exp_avg"][7]
    line = next(p for p in after.split("\n") if p.startswith("Adam"))
    assert "m ← 0.9·m + 0.1·g" in line and "× SGD's" in line
    assert f"{m[0]:.4g}" in line.replace("−", "-")
    assert shown_value(page, "inspect-adam-exp_avg-x") == m[0]
    wait_until(page, "new URLSearchParams(location.search).get('step') === '8'")
    assert {a["ax"] for a in arrows(page) if a["of"] == "adam"} == {
        states(server_url)["adam"]["x"][7]
    }
    page.get_by_test_id("inspector-back").click()
    wait_until(page, "document.querySelector('[data-testid=step-slider]').value === '7'")
    assert query(page)["step"] == "7" or slider(page) == 7


SEEDS = "?surface=rosenbrock&steps=80&noise=3&seed=5&opt=sgd,adam&p.sgd=lr:0.001&p.adam=lr:0.02"


def seeds_answer(server_url: str, count: int) -> dict[str, Any]:
    body = {
        "surface": "rosenbrock",
        "steps": 80,
        "noise": {"std": 3, "seed": 5},
        "runs": [
            {"optimizer": "sgd", "params": {"lr": 0.001}},
            {"optimizer": "adam", "params": {"lr": 0.02}},
        ],
        "seeds": {"count": count, "first": 5},
    }
    return {run["optimizer"]: run for run in api(server_url, "/api/seeds", body)["runs"]}


def test_seeds_draw_faint_paths_and_a_band_without_changing_the_contract_traces(
    new_page: Any, server_url: str
) -> None:
    page = open_app(new_page(), server_url + "?surface=rosenbrock&steps=80&opt=sgd,adam")
    assert page.get_by_test_id("seeds-toggle").is_disabled()  # no noise: one path is the path
    page = open_app(new_page(), server_url + SEEDS)
    count = page.get_by_test_id("seeds-count")
    count.fill("5")
    count.dispatch_event("change")
    page.get_by_test_id("seeds-toggle").check()
    wait_ready(page, "seeds")
    wait_until(
        page,
        "document.querySelector('[data-testid=main-plot]').data"
        ".filter((t) => t.meta && t.meta.role === 'seed-path').length === 10",
    )
    main = traces(page, "main-plot")
    answer = seeds_answer(server_url, 5)
    for optimizer in ("sgd", "adam"):
        faint = [
            t
            for t in main
            if (t["meta"] or {}).get("role") == "seed-path" and t["meta"]["of"] == optimizer
        ]
        assert len(faint) == 5
        assert all(t["opacity"] < 0.5 and t["mode"] == "lines" for t in faint)
        assert [t["x"] for t in faint] == [p["x"] for p in answer[optimizer]["paths"]]
    # One path trace and one loss trace per optimizer with meta.optimizer, as before.
    assert sum(1 for t in main if (t["meta"] or {}).get("optimizer")) == 2
    assert set(paths(page)) == {"sgd", "adam"}
    loss = traces(page, "loss-plot")
    assert sum(1 for t in loss if (t["meta"] or {}).get("optimizer")) == 2
    assert set(losses(page)) == {"sgd", "adam"}
    bands = [t for t in loss if (t["meta"] or {}).get("role") == "seed-band"]
    medians = [t for t in loss if (t["meta"] or {}).get("role") == "seed-median"]
    assert len(bands) == len(medians) == 2
    adam_band = next(t for t in bands if t["meta"]["of"] == "adam")
    p90 = answer["adam"]["band"]["p90"]
    p10 = answer["adam"]["band"]["p10"]
    assert adam_band["y"] == p90 + p10[::-1]
    # The scene's own seed is the first of the seeds: its faint path is the bold one.
    assert answer["adam"]["paths"][0]["x"] == paths(page)["adam"]["x"]
    assert "5 seeds (5…9)" in page.get_by_test_id("seeds-status").inner_text()

    # Turning the noise off takes the seeds away; the contract traces stay.
    before = marks(page)
    page.get_by_test_id("value-std").fill("0")
    page.get_by_test_id("value-std").dispatch_event("change")
    wait_drawn(page, before)
    wait_until(
        page,
        "!document.querySelector('[data-testid=loss-plot]').data"
        ".some((t) => t.meta && t.meta.role === 'seed-band')",
    )
    assert not any((t["meta"] or {}).get("role") == "seed-path" for t in traces(page, "main-plot"))
    assert page.get_by_test_id("seeds-toggle").is_disabled()
    assert set(losses(page)) == {"sgd", "adam"}


def test_arrows_hide_during_playback_and_follow_the_step_on_pause(
    new_page: Any, server_url: str
) -> None:
    page = open_app(new_page(), server_url + SCENE)
    open_inspector(page)
    assert arrows(page)
    page.get_by_test_id("play").click()
    wait_until(page, "Number(document.querySelector('[data-testid=step-slider]').value) > 10")
    assert not arrows(page)  # stale arrows never ride along with the animation
    page.get_by_test_id("play").click()
    wait_until(
        page,
        "document.querySelector('[data-testid=play]').getAttribute('aria-pressed') === 'false'",
    )
    wait_until(
        page,
        "(document.querySelector('[data-testid=main-plot]').layout.annotations || [])"
        ".some((a) => a.name === 'layer')",
    )
    runs = states(server_url)

    def arrow_starts_match_the_step() -> bool:
        k = slider(page)
        return all(
            (a["ax"], a["ay"]) == (runs[a["of"]]["x"][last], runs[a["of"]]["y"][last])
            for a in arrows(page)
            for last in [min(k, runs[a["of"]]["steps"]) - 1]
        )

    # The arrows are redrawn for the paused step a frame after the pause: wait for that, bounded.
    deadline = time.monotonic() + 10
    while not arrow_starts_match_the_step():
        assert time.monotonic() < deadline, "arrows do not start at the paused step's iterate"
        page.wait_for_timeout(100)
    k = slider(page)
    wait_until(
        page,
        f"document.querySelector('[data-testid=inspector-narration]').innerText.includes('update {k}')",
    )
