"""Reading the page the way the contract describes it (CONTRACT section 8).

Waits poll with `page.evaluate` (CDP, not subject to the page's CSP, which forbids the `eval`
that playwright's `wait_for_function` relies on).
"""

import time
from typing import Any

from playwright.sync_api import Page

DRAWN = "optiscope:drawn"


def marks(page: Page) -> int:
    return int(page.evaluate(f"performance.getEntriesByName('{DRAWN}').length"))


def wait_until(page: Page, expression: str, timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(expression)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}")
        time.sleep(0.02)


def wait_drawn(page: Page, after: int, timeout: float = 10.0) -> None:
    """Wait for a mark beyond the first `after` ones, with the page ready."""
    wait_until(
        page,
        f"performance.getEntriesByName('{DRAWN}').length > {after}"
        " && document.body.dataset.state === 'ready'",
        timeout,
    )


def open_app(page: Page, url: str) -> Page:
    page.goto(url)
    wait_drawn(page, 0, timeout=20)
    return page


def traces(page: Page, testid: str) -> list[dict[str, Any]]:
    """The data of a Plotly div: type, mode, visible, meta, x, y, opacity per trace."""
    return list(
        page.evaluate(
            """(testid) => document.querySelector(`[data-testid="${testid}"]`).data.map((t) => ({
                type: t.type, mode: t.mode, visible: t.visible ?? true, meta: t.meta ?? null,
                x: t.x ? Array.from(t.x) : null, y: t.y ? Array.from(t.y) : null,
                opacity: t.opacity ?? 1, name: t.name ?? null }))""",
            testid,
        )
    )


def run_traces(page: Page, testid: str) -> list[dict[str, Any]]:
    """A plot's run traces (meta.optimizer set) in run order; each run (meta.run) exactly once."""
    found = [t for t in traces(page, testid) if (t["meta"] or {}).get("optimizer")]
    assert [t["meta"]["run"] for t in found] == list(range(len(found))), "one trace per run"
    return found


def run_paths(page: Page) -> list[dict[str, Any]]:
    """main-plot's path traces in run order (one visible `lines` trace each)."""
    found = run_traces(page, "main-plot")
    for t in found:
        assert t["mode"] == "lines" and t["visible"] is True
    return found


def paths(page: Page) -> dict[str, dict[str, Any]]:
    """main-plot's path traces by optimizer id: each optimizer's first run."""
    found: dict[str, dict[str, Any]] = {}
    for t in run_paths(page):
        found.setdefault(t["meta"]["optimizer"], t)
    return found


def losses(page: Page) -> dict[str, dict[str, Any]]:
    """loss-plot's traces by optimizer id: each optimizer's first run."""
    found: dict[str, dict[str, Any]] = {}
    for t in run_traces(page, "loss-plot"):
        found.setdefault(t["meta"]["optimizer"], t)
    return found


def set_range(page: Page, testid: str, value: float) -> None:
    """Move a range input as a user would: value, then `input` (not `change`)."""
    page.evaluate(
        """([testid, value]) => {
            const input = document.querySelector(`[data-testid="${testid}"]`);
            input.value = String(value);
            input.dispatchEvent(new Event('input', {bubbles: true}));
        }""",
        [testid, value],
    )


URL_LAG = 0.3  # seconds: the query string follows a change within 300 ms (CONTRACT section 8)


def query(page: Page) -> dict[str, str]:
    """The query string once the page has had the contract's 300 ms to write it: a draw can now
    finish (and mark) before the URL writer's debounce has run."""
    from urllib.parse import parse_qsl, urlsplit

    time.sleep(URL_LAG)
    return dict(parse_qsl(urlsplit(page.evaluate("location.href")).query))
