"""Runs, not checkboxes: the picker, several runs of one optimizer, who is who on the plot, links."""

import time
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.e2e.helpers import (
    marks,
    open_app,
    query,
    run_paths,
    run_traces,
    traces,
    wait_drawn,
)

pytestmark = pytest.mark.e2e


def head_labels(page: Page) -> list[str]:
    """The run labels the page's canvas draws at the path heads of main-plot (each one inked)."""
    drawn = page.evaluate(
        """(() => {
            const canvas = document.querySelector('[data-testid=main-plot] canvas.plot-overlay');
            const ratio = window.devicePixelRatio || 1;
            const ctx = canvas.getContext('2d');
            return JSON.parse(canvas.dataset.labels || '[]').map((l) => {
                const ink = ctx.getImageData(Math.round(l.x * ratio), Math.round((l.y - 6) * ratio),
                                             Math.max(1, Math.round(l.width * ratio)), Math.round(12 * ratio)).data;
                let seen = false;
                for (let i = 3; i < ink.length; i += 4) if (ink[i] > 0) { seen = true; break; }
                return seen ? l.text : null;
            });
        })()"""
    )
    assert None not in drawn, "a label the canvas says it drew is not on it"
    return list(drawn)


def click_and_draw(page: Page, testid: str) -> None:
    before = marks(page)
    page.get_by_test_id(testid).click()
    wait_drawn(page, before)


def test_the_default_scene_names_every_run_at_its_path_head(page: Page) -> None:
    names = [t["name"] for t in run_paths(page)]
    assert names == ["SGD", "Momentum", "RMSProp", "Adam"]
    assert sorted(head_labels(page)) == sorted(names)
    for t in run_paths(page):
        assert t["meta"]["label"] == t["name"] and isinstance(t["meta"]["run"], int)
    # Side by side: each panel's title names its run; the overlay panel keeps the labels.
    before = marks(page)
    page.locator("label[for=layout-split]").click()
    wait_drawn(page, before)
    for i, name in enumerate(names):
        tag = run_paths(page)[i]["meta"]["optimizer"]
        title = page.get_by_test_id(f"split-plot-{tag}").locator(".gtitle").text_content()
        assert title == name


@pytest.mark.parametrize("width", [360, 390, 1280])
def test_every_head_label_stays_inside_the_plot_area(new_page: Any, server_url: str, width: int
                                                     ) -> None:  # fmt: skip
    """On a phone the opening scene's Momentum ends by the right edge: its label goes left of
    its head rather than off the plot (the canvas measures each label)."""
    page = open_app(new_page(viewport={"width": width, "height": 844}), server_url)
    labels, right = page.evaluate(
        """(() => {
            const gd = document.querySelector('[data-testid=main-plot]');
            const xa = gd._fullLayout.xaxis;
            const canvas = gd.querySelector('canvas.plot-overlay');
            return [JSON.parse(canvas.dataset.labels), xa._offset + xa._length];
        })()"""
    )
    assert len(labels) >= 4
    for label in labels:
        assert label["x"] + label["width"] <= right + 0.5, label
    assert sorted(head_labels(page)) == sorted(label["text"] for label in labels)


def test_each_run_looks_different_in_colour_or_dash(page: Page, new_page: Any) -> None:
    ids = "sgd,momentum,nag,adagrad,rmsprop,adadelta,adam,nadam,adamw,adabelief,lion,amos,adamax,radam,sgd,adam"
    fresh = open_app(new_page(), f"{page.url.split('?')[0]}?opt={ids}&steps=50")
    looks = [
        (t["colour"], t["dash"])
        for t in fresh.evaluate(
            """document.querySelector('[data-testid=main-plot]').data
                .filter((t) => t.meta && t.meta.optimizer)
                .map((t) => ({colour: t.meta.colour, dash: t.line.dash}))"""
        )
    ]
    assert len(looks) == 16 and len(set(looks)) == 16
    # Neighbours differ in both, so two runs side by side never share a colour or a dash.
    assert all(a[0] != b[0] and a[1] != b[1] for a, b in zip(looks, looks[1:], strict=False))


def test_a_second_run_of_an_optimizer_has_its_own_card_label_and_link(
    page: Page, new_page: Any
) -> None:
    click_and_draw(page, "add-run-sgd")
    assert page.get_by_test_id("run-sgd.2").is_visible()
    assert page.get_by_test_id("param-sgd.2-lr").input_value() is not None
    before = marks(page)
    page.get_by_test_id("value-sgd.2-lr").fill("0.0004")
    page.get_by_test_id("value-sgd.2-lr").dispatch_event("change")
    wait_drawn(page, before)
    runs = run_paths(page)
    assert [t["meta"]["optimizer"] for t in runs] == ["sgd", "momentum", "rmsprop", "adam", "sgd"]
    assert runs[0]["name"] == "SGD · lr 0.001" and runs[4]["name"] == "SGD · lr 0.0004"
    assert runs[0]["x"] != runs[4]["x"]
    assert [t["name"] for t in run_traces(page, "loss-plot")] == [t["name"] for t in runs]
    # The first run's hooks still address the first SGD.
    assert page.get_by_test_id("param-sgd-lr").count() == 1
    q = query(page)
    assert q["opt"] == "sgd,momentum,rmsprop,adam,sgd" and "lr:0.0004" in q["p.sgd.2"]

    fresh = open_app(new_page(), page.url)
    assert traces(fresh, "main-plot") == traces(page, "main-plot")
    assert traces(fresh, "loss-plot") == traces(page, "loss-plot")

    click_and_draw(page, "remove-run-sgd")  # the first SGD goes; the second becomes the first
    runs = run_paths(page)
    assert [t["meta"]["optimizer"] for t in runs] == ["momentum", "rmsprop", "adam", "sgd"]
    assert runs[3]["name"] == "SGD" and page.get_by_test_id("param-sgd-lr").input_value()


def test_a_link_in_the_format_before_runs_still_opens(page: Page, new_page: Any) -> None:
    old = (
        "?surface=elongated_bowl&start=-4,1.5&steps=150&noise=0&seed=0&opt=sgd,momentum,nag"
        "&p.sgd=lr:0.09,weight_decay:0&p.momentum=lr:0.07,momentum:0,dampening:0,weight_decay:0"
        "&p.nag=lr:0.003,momentum:0,weight_decay:0&sched.nag=cosine,t_max:150,eta_min:0"
        "&step=150&layout=overlay&speed=250&loop=0&contours=auto&loss=auto"
    )
    fresh = open_app(new_page(), page.url.split("?")[0] + old)
    runs = run_paths(fresh)
    assert [t["meta"]["optimizer"] for t in runs] == ["sgd", "momentum", "nag"]
    assert fresh.get_by_test_id("value-momentum-lr").input_value() == "0.07"
    assert fresh.get_by_test_id("schedule-nag").input_value() == "cosine"
    assert runs[2]["name"] == "Nesterov (NAG) · cosine annealing"


def test_the_picker_groups_by_family_searches_and_adds_a_run_that_suits_the_scene(
    page: Page,
) -> None:
    families = page.locator("[data-testid=optimizer-picker] h3").all_inner_texts()
    assert [f.lower() for f in families[:4]] == ["classic", "momentum", "adaptive", "sign-based"]
    assert page.locator("[data-testid=optimizer-picker] .pick").count() == page.evaluate(
        "fetch('/api/optimizers').then((r) => r.json()).then((list) => list.length)"
    )
    assert page.locator(".pick-rule").first.inner_text().startswith("x ←")
    page.get_by_test_id("optimizer-search").fill("sign")
    shown = page.locator("[data-testid=optimizer-picker] .pick:visible").all()
    assert 0 < len(shown) < 8
    assert page.get_by_test_id("optimizer-lion").is_visible()
    assert not page.get_by_test_id("optimizer-adam").is_visible()
    page.get_by_test_id("optimizer-search").fill("")

    # Nesterov at its declared lr 0.01 diverges on the opening scene by step 3; a new run takes
    # the lr of its family's run already there (Momentum's 0.001).
    before = marks(page)
    page.get_by_test_id("optimizer-nag").check()
    wait_drawn(page, before)
    assert page.get_by_test_id("value-nag-lr").input_value() == "0.001"
    nag = next(t for t in run_paths(page) if t["meta"]["optimizer"] == "nag")
    assert len(nag["x"]) == 1001  # every step, so it did not diverge
    assert "Nesterov (NAG)" in head_labels(page)
    time.sleep(0.1)
    before = marks(page)
    page.get_by_test_id("optimizer-nag").uncheck()
    wait_drawn(page, before)
    assert "nag" not in [t["meta"]["optimizer"] for t in run_paths(page)]
    assert page.get_by_test_id("param-nag-lr").count() == 0
