"""Asking ahead over a slow link (static/js/prefetch.js): after a slider move, the values that
slider gives next are asked for in one POST, so the next move is drawn without waiting for the
server, with the server's exact numbers; near the server nothing is asked ahead."""

import json
import time
import urllib.request
from typing import Any

from playwright.sync_api import Page, Request

from tests.e2e.conftest import PageProblems
from tests.e2e.helpers import marks, open_app, paths, set_range, wait_drawn
from tests.slow_link import slow_link

SCENE = "surface=rosenbrock&steps=300&opt=sgd,adam&p.adam=lr:0.01"


def answer(server_url: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(
        f"{server_url}/api/run",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Origin": server_url},
    )
    with urllib.request.urlopen(request) as response:
        return dict(json.load(response))


def watch_posts(page: Page) -> list[dict[str, Any]]:
    """The bodies of the page's POST /api/run requests once each has been answered."""
    bodies: list[dict[str, Any]] = []

    def done(request: Request) -> None:
        if request.method == "POST" and request.url.endswith("/api/run"):
            bodies.append(json.loads(request.post_data or "{}"))

    page.on("requestfinished", done)
    return bodies


def watch_probes(page: Page) -> list[int]:
    """[how many of the page's link timings (GET /healthz?trip=…) have been answered]."""
    count = [0]

    def done(request: Request) -> None:
        if "/healthz?trip=" in request.url:
            count[0] += 1

    page.on("requestfinished", done)
    return count


def move(page: Page, value: float) -> None:
    drawn = marks(page)
    set_range(page, "param-adam-lr", value)
    wait_drawn(page, drawn)


def results(page: Page) -> int:
    return int(page.evaluate("performance.getEntriesByName('optiscope:result').length"))


def test_a_slow_link_asks_ahead_and_draws_the_next_value_exactly(
    new_page: Any, problems: PageProblems, server_url: str
) -> None:
    with slow_link(server_url, 60) as far:
        problems.servers.append(far)
        page = new_page()
        probes = watch_probes(page)
        open_app(page, f"{far}/?{SCENE}")
        deadline = time.monotonic() + 10
        while probes[0] < 3 and time.monotonic() < deadline:
            page.wait_for_timeout(50)  # the page has timed the link (after its first answer)
        try:
            asks_ahead(page, server_url)
        finally:
            page.close()  # before the link goes: the page would try to reconnect


def asks_ahead(page: Page, server_url: str) -> None:
    """Two moves of Adam's lr slider, then a third to a value asked ahead: drawn exactly."""
    posts = watch_posts(page)
    move(page, -2.5)
    move(page, -2.49)  # a drag towards larger lr, one slider step at a time
    deadline = time.monotonic() + 10
    while len(posts) < 2 and time.monotonic() < deadline:
        page.wait_for_timeout(50)  # one ask after each move, each for what is not kept yet
    asked = [run["params"]["lr"] for body in posts for run in body["runs"]]
    assert 0.00331 in asked and {r["optimizer"] for b in posts for r in b["runs"]} == {"adam"}
    assert max(len(body["runs"]) for body in posts) <= 16 and len(set(asked)) == len(asked)

    answered = results(page)
    move(page, -2.48)  # 10 ** -2.48 → 0.00331, as the slider gives it
    assert results(page) == answered, "drawn from the stream, not from what was asked ahead"
    drawn = paths(page)["adam"]
    body = {"surface": "rosenbrock", "steps": 300, "runs": [{"optimizer": "adam", "params": {"lr": 0.00331}}]}  # fmt: skip
    expected = answer(server_url, body)["runs"][0]
    assert page.get_by_test_id("value-adam-lr").input_value() == "0.00331"
    assert drawn["x"] == expected["x"] and drawn["y"] == expected["y"]


def test_near_the_server_nothing_is_asked_ahead(new_page: Any, server_url: str) -> None:
    page = open_app(new_page(), f"{server_url}/?{SCENE}")
    posts = watch_posts(page)
    for value in (-2.5, -2.49, -2.48):
        move(page, value)
    page.wait_for_timeout(400)
    assert posts == []
