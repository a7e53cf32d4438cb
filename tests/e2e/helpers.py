"""Reading the page the way the contract describes it (CONTRACT section 8).

Waits poll with `page.evaluate` (CDP, not subject to the page's CSP, which forbids the `eval`
that playwright's `wait_for_function` relies on).
"""

import time
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

DRAWN = "optiscope:drawn"
# a phone held upright, for new_page(**PHONE)
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


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


# The panels that follow a result (results table, run cards) are written a frame after the
# drawn mark (static/js/runner.js): `optiscope:updated` says they are.
UPDATED = (
    "performance.getEntriesByName('optiscope:updated').at(-1)?.startTime"
    f" >= performance.getEntriesByName('{DRAWN}').at(-1).startTime"
)


def wait_drawn(page: Page, after: int, timeout: float = 10.0) -> None:
    """Wait for a mark beyond the first `after` ones, with the page ready and its panels
    updated."""
    wait_until(
        page,
        f"performance.getEntriesByName('{DRAWN}').length > {after}"
        f" && document.body.dataset.state === 'ready' && {UPDATED}",
        timeout,
    )


PLOTTED = (
    "['main-plot', 'loss-plot'].every((id) => document.querySelector(`[data-testid=${id}]`)"
    "?._fullLayout)"
)


def open_app(page: Page, url: str) -> Page:
    """Open the page and wait until Plotly has drawn it too (the first picture comes before
    Plotly is in: static/js/plot/preview.js; most tests read Plotly's layout or hover)."""
    page.goto(url)
    wait_drawn(page, 0, timeout=20)
    wait_until(page, PLOTTED, timeout=20)
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


def spy_on_reacts(page: Page) -> None:
    """Record from now on which plots (their testid) get a Plotly.react call: see `reacts`."""
    page.evaluate(
        """() => {
            window.reacts = [];
            const react = Plotly.react;
            Plotly.react = (gd, ...rest) => { window.reacts.push(gd.dataset.testid); return react(gd, ...rest); };
        }"""
    )


def reacts(page: Page) -> list[str | None]:
    """The plots Plotly.react was called on since `spy_on_reacts`, in order."""
    return list(page.evaluate("window.reacts"))


def wait_hover(page: Page, *words: str) -> None:
    """Wait until main-plot's hover label shows every one of `words`."""
    wanted = " && ".join(f"t.textContent.includes({w!r})" for w in words)
    wait_until(
        page,
        "Array.from(document.querySelectorAll('[data-testid=main-plot] .hovertext'))"
        f".some((t) => {wanted})",
        timeout=3,
    )


FIELD_INK = """(testid) => {
    const gd = document.querySelector(`[data-testid="${testid}"]`);
    const heat = gd.data.find((t) => t.meta?.role === 'surface');
    const scale = heat.meta.ink.colorscale; // stepped: [b/B, colour], [(b+1)/B, colour] per band
    const bands = scale.length / 2;
    const band = (v) => Math.min(bands - 1, Math.floor(Math.min(1, Math.max(0, (v - heat.zmin) / (heat.zmax - heat.zmin))) * bands));
    const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
    const canvas = gd.querySelector('canvas.plot-underlay');
    const ratio = canvas.width / canvas.clientWidth;
    const ctx = canvas.getContext('2d');
    const markers = gd.data.filter((t) => ['start', 'minima'].includes(t.meta?.role))
        .flatMap((t) => t.x.map((x, i) => [xa._offset + xa.l2p(x), ya._offset + ya.l2p(t.y[i])]));
    let checked = 0;
    const wrong = [];
    for (let i = 1; i < heat.y.length - 1; i += 3) {
        for (let j = 1; j < heat.x.length - 1; j += 3) {
            const b = band(heat.z[i][j]);
            const alike = [-1, 0, 1].every((di) => [-1, 0, 1].every((dj) => band(heat.z[i + di][j + dj]) === b));
            const [px, py] = [xa._offset + xa.l2p(heat.x[j]), ya._offset + ya.l2p(heat.y[i])];
            const inside = px > xa._offset && px < xa._offset + xa._length && py > ya._offset && py < ya._offset + ya._length;
            if (!alike || !inside || markers.some(([mx, my]) => Math.hypot(mx - px, my - py) < 14)) continue;
            const want = scale[2 * b][1].match(/\\d+/g).map(Number);
            const got = ctx.getImageData(Math.round(px * ratio), Math.round(py * ratio), 1, 1).data;
            checked++;
            if (want.some((c, k) => Math.abs(c - got[k]) > 3) || got[3] !== 255) wrong.push([i, j, want, Array.from(got)]);
        }
    }
    return {checked, wrong: wrong.slice(0, 5)};
}"""


def field_ink(page: Page, testid: str = "main-plot") -> dict[str, Any]:
    """How the canvas beneath a plot draws its surface trace's cells: {checked, wrong} over cells
    well inside a colour band (each compared at its centre with the band's colour)."""
    return dict(page.evaluate(FIELD_INK, testid))


def serious_violations(page: Page) -> list[tuple[str, list[Any]]]:
    """axe-core's serious and critical violations on the page as it is: each rule's id and the
    first five nodes it flags."""
    violations = Axe().run(page).response["violations"]
    return [(v["id"], [n["target"] for n in v["nodes"]][:5]) for v in violations
            if v["impact"] in ("serious", "critical")]  # fmt: skip
