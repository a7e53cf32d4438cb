"""Playback, the step slider, lessons and accessibility (CONTRACT section 8)."""

import time
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.e2e.helpers import (
    marks,
    paths,
    query,
    run_paths,
    run_traces,
    traces,
    wait_drawn,
    wait_until,
)

pytestmark = pytest.mark.e2e

PRESETS = [
    "rosenbrock",
    "saddle",
    "beale",
    "learning-rate",
    "noise",
    "schedules",
    "newton-saddle",
    "lbfgs-rosenbrock",
    "prodigy",
    "adamw",
    "sign-steps",
    "six-hump",
]


def slider(page: Page) -> int:
    return int(page.get_by_test_id("step-slider").input_value())


def frame_state(page: Page) -> dict[str, Any]:
    """The slider and the path lengths, read in one go."""
    return dict(
        page.evaluate(
            """() => ({
                step: Number(document.querySelector('[data-testid=step-slider]').value),
                lengths: document.querySelector('[data-testid=main-plot]').data
                    .filter((t) => t.meta && t.meta.optimizer).map((t) => t.x.length),
            })"""
        )
    )


def test_the_page_never_plays_by_itself(page: Page) -> None:
    shot = page.get_by_test_id("main-plot").screenshot()
    step = slider(page)
    time.sleep(0.6)
    assert slider(page) == step == int(query(page)["steps"])
    assert page.get_by_test_id("main-plot").screenshot() == shot


def test_playback_moves_slider_and_paths_then_pause_freezes(page: Page) -> None:
    page.get_by_test_id("step-slider").fill("0")
    assert all(n == 1 for n in frame_state(page)["lengths"])
    page.get_by_test_id("play").click()
    time.sleep(0.5)
    now = frame_state(page)
    assert now["step"] > 0
    assert all(n == now["step"] + 1 for n in now["lengths"])  # no run diverges in the opening scene
    page.get_by_test_id("play").click()  # pause
    paused = frame_state(page)
    shot = page.get_by_test_id("main-plot").screenshot()
    time.sleep(0.5)
    assert frame_state(page) == paused
    assert page.get_by_test_id("main-plot").screenshot() == shot
    drawn = traces(page, "main-plot")
    assert all(t["opacity"] == 1 for t in drawn if (t["meta"] or {}).get("optimizer"))


def test_a_thousand_steps_take_at_least_three_seconds(page: Page) -> None:
    assert query(page)["steps"] == "1000"
    page.get_by_test_id("play").click()  # at the end: plays from 0
    started = time.monotonic()
    wait_until(page, "document.querySelector('[data-testid=step-slider]').value === '1000'", 10)
    assert time.monotonic() - started >= 3.0
    time.sleep(0.2)
    assert page.get_by_test_id("play").get_attribute("aria-pressed") == "false"
    assert all(n == 1001 for n in frame_state(page)["lengths"])


def test_step_slider_shows_iterates_up_to_the_step_without_a_mark(page: Page) -> None:
    before = marks(page)
    page.get_by_test_id("step-slider").fill("250")
    time.sleep(0.3)
    assert frame_state(page) == {"step": 250, "lengths": [251] * len(paths(page))}
    assert marks(page) == before
    time.sleep(0.3)
    assert query(page)["step"] == "250"


@pytest.mark.parametrize("preset", PRESETS)
def test_each_lesson_loads_and_explains_itself(page: Page, preset: str) -> None:
    before = marks(page)
    page.get_by_test_id(f"preset-{preset}").click()
    wait_drawn(page, before)
    lesson = page.get_by_test_id("lesson")
    assert lesson.is_visible() and len(lesson.locator("p").all()) == 2
    assert query(page)["preset"] == preset
    assert [t["meta"]["optimizer"] for t in run_paths(page)] == query(page)["opt"].split(",")


def final(page: Page) -> dict[str, tuple[float, float]]:
    return {o: (t["x"][-1], t["y"][-1]) for o, t in paths(page).items()}


def load(page: Page, preset: str) -> None:
    before = marks(page)
    page.get_by_test_id(f"preset-{preset}").click()
    wait_drawn(page, before)


def test_lessons_show_what_they_claim(page: Page) -> None:
    load(page, "saddle")
    end = final(page)
    assert abs(end["sgd"][1]) < 0.3  # SGD still sits near the saddle
    assert all(abs(end[o][1]) > 2 for o in ("momentum", "adam", "rmsprop"))

    load(page, "learning-rate")  # one optimizer at three learning rates, each labelled by its lr
    status = page.locator("[data-testid=results] tr.diverged").all_inner_texts()
    assert len(status) == 1 and "SGD · lr 0.09" in status[0]
    runs = run_paths(page)
    assert [t["meta"]["optimizer"] for t in runs] == ["sgd"] * 3
    assert [t["name"] for t in runs] == ["SGD · lr 0.09", "SGD · lr 0.07", "SGD · lr 0.003"]
    assert len(runs[0]["x"]) < len(runs[2]["x"]) == 151

    load(page, "rosenbrock")
    end = final(page)
    distance = {o: abs(x - 1) + abs(y - 1) for o, (x, y) in end.items()}
    assert distance["momentum"] < 0.05 < distance["sgd"]


def test_controls_have_names_and_tips(page: Page) -> None:
    unnamed = page.evaluate(
        """Array.from(document.querySelectorAll('input, select, button'))
            .filter((e) => !e.closest('[hidden]') && !e.closest('.modebar'))
            .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')
                           && !e.title && !e.textContent.trim())
            .map((e) => e.outerHTML.slice(0, 80))"""
    )
    assert unnamed == []
    untitled = page.evaluate(
        """Array.from(document.querySelectorAll('input[type=range], select, input[type=checkbox]'))
            .filter((e) => !e.title && !(e.labels && [...e.labels].some((l) => l.title || l.closest('[title]'))))
            .map((e) => e.outerHTML.slice(0, 80))"""
    )
    assert untitled == []


def test_keyboard_space_plays_and_arrows_step(page: Page) -> None:
    page.get_by_test_id("step-slider").fill("10")
    page.locator("body").click(position={"x": 5, "y": 790})
    page.keyboard.press("ArrowRight")
    assert slider(page) == 11
    page.keyboard.press("Space")
    time.sleep(0.3)
    page.keyboard.press("Space")
    assert slider(page) > 11


def test_the_optimizer_family_lessons_show_what_they_claim(page: Page) -> None:
    """Issue 17's lessons, each claim checked on the drawn numbers (run order as in presets.js)."""
    load(page, "newton-saddle")
    newton, damped, sgd, adam = run_paths(page)
    assert (newton["x"][1], newton["y"][1]) == (0.0, 0.0) and newton["x"][-1] == 0.0
    assert all(abs(run["y"][-1]) > 3 for run in (damped, sgd, adam))  # escaped downhill

    load(page, "lbfgs-rosenbrock")
    f = [t["y"] for t in run_traces(page, "loss-plot")]
    first_below = [next((k for k, v in enumerate(run) if v < 1e-6), None) for run in f]
    assert first_below[0] is not None and first_below[0] <= 40
    assert first_below[1] is not None and first_below[0] < first_below[1]
    assert first_below[2] is None and first_below[3] is None

    load(page, "prodigy")
    prodigy, tuned, default = (run[-1] for run in (t["y"] for t in run_traces(page, "loss-plot")))
    assert prodigy < 0.01 < tuned < 1 < default

    load(page, "adamw")
    coupled, decoupled, plain = run_paths(page)
    assert abs(coupled["x"][-1] - 1.15) < 0.01 and abs(coupled["y"][-1] - 2.75) < 0.01
    assert abs(decoupled["x"][-1] - 1.36) < 0.01 and abs(decoupled["y"][-1] - 1.54) < 0.01
    assert abs(plain["x"][-1] - 1) < 1e-3 and abs(plain["y"][-1] - 3) < 1e-3

    load(page, "sign-steps")
    sign, lion, sgd, adam = run_paths(page)
    for run in (sign, lion):  # hopping ±lr around the minimum
        assert all(
            abs(abs(b - a) - 0.1) < 1e-9
            for a, b in zip(run["x"][-5:-1], run["x"][-4:], strict=True)
        )
    assert all(abs(run["x"][-1] - run["x"][-2]) < 1e-3 for run in (sgd, adam))

    load(page, "six-hump")
    *first_order, newton = run_paths(page)
    assert all(
        abs(r["x"][-1] + 0.09) < 0.01 and abs(r["y"][-1] - 0.713) < 0.01 for r in first_order
    )
    assert abs(newton["x"][-1] - 1.607) < 0.01 and abs(newton["y"][-1] - 0.569) < 0.01
