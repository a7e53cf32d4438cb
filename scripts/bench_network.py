"""Browser figures for a network scene (issue 18): how fast the page follows a slider.

Opens the "One network, five optimizers" lesson (5 optimizers × 400 steps, 8 hidden units) in
headless chromium (1280×800) and measures:

- step slider: `input` + `change` on the step slider until the network panel has drawn the step
  (`optiscope:network-drawn`) and the next frame is painted; main-plot and loss-plot are
  redrawn in the same task (plot.js's commitStep);
- hyperparameter slider: Adam's lr slider `input` until `optiscope:drawn` (server included: a
  network scene is one POST /api/run, retrained whole) and until the panel follows.

Usage: python scripts/bench_network.py [--url URL] [--samples N]
(without --url it starts this checkout's server).
"""

import argparse
import statistics
import sys
from contextlib import nullcontext
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.e2e.helpers import open_app, wait_until  # noqa: E402
from tests.live import running_app  # noqa: E402

MOVE_STEP = """async (value) => {
    const slider = document.querySelector('[data-testid=step-slider]');
    const seen = performance.getEntriesByName('optiscope:network-drawn').length;
    const started = performance.now();
    slider.value = String(value);
    slider.dispatchEvent(new Event('input', {bubbles: true}));
    slider.dispatchEvent(new Event('change', {bubbles: true}));
    while (performance.getEntriesByName('optiscope:network-drawn').length === seen) {
        await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await new Promise((resolve) => requestAnimationFrame(() => resolve()));
    return performance.now() - started;
}"""

MOVE_PARAM = """async ([testid, value]) => {
    const input = document.querySelector(`[data-testid="${testid}"]`);
    const seen = performance.getEntriesByName('optiscope:drawn').length;
    const panel = performance.getEntriesByName('optiscope:network-drawn').length;
    const started = performance.now();
    input.value = String(value);
    input.dispatchEvent(new Event('input', {bubbles: true}));
    while (performance.getEntriesByName('optiscope:drawn').length === seen) {
        await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const drawn = performance.getEntriesByName('optiscope:drawn').at(-1).startTime - started;
    const result = performance.getEntriesByName('optiscope:result').at(-1).startTime - started;
    while (performance.getEntriesByName('optiscope:network-drawn').length === panel) {
        await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const follows = performance.getEntriesByName('optiscope:network-drawn').at(-1).startTime;
    return [drawn, result, follows - started];
}"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1) + 0.5))]


def open_lesson(page: Page, url: str) -> None:
    open_app(page, f"{url}/?surface=moons")
    page.click("[data-testid=preset-net-five]")
    wait_until(page, "document.querySelector('#network-panel').dataset.drawn === 'moons/400'", 60)
    wait_until(page, "document.body.dataset.state === 'ready'", 60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running server (default: start this checkout's)")
    parser.add_argument("--samples", type=int, default=60, help="step-slider moves to time")
    parser.add_argument("--params", type=int, default=20, help="lr-slider moves to time")
    args = parser.parse_args()
    with nullcontext(args.url) if args.url else running_app(ROOT) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        open_lesson(page, url)
        steps = [(37 * i) % 401 for i in range(args.samples + 5)]
        step = [float(page.evaluate(MOVE_STEP, v)) for v in steps][5:]
        lrs = [-1.7 - 0.01 * i for i in range(args.params)]
        param = [page.evaluate(MOVE_PARAM, ["param-adam-lr", v]) for v in lrs]
        browser.close()

    print("Network scene: 5 optimizers × 400 steps, 8 hidden units (headless chromium, 1280×800)")
    print(f"{'measure':<58}{'value':>10}{'target':>10}")
    drawn, received, follows = ([p[i] for p in param] for i in range(3))
    rows = [
        ("step slider → plane, loss and panel drawn, p50 (ms)", statistics.median(step), ""),
        ("step slider → plane, loss and panel drawn, p95 (ms)", percentile(step, 0.95), "< 150"),
        ("lr slider → drawn (server included), p50 (ms)", statistics.median(drawn), ""),
        ("  of which input → result received, p50 (ms)", statistics.median(received), ""),
        ("lr slider → panel drawn too, p50 (ms)", statistics.median(follows), ""),
        ("lr slider → panel drawn too, p95 (ms)", percentile(follows, 0.95), "< 150"),
    ]
    print("lr moves, panel drawn (ms):", " ".join(f"{v:.0f}" for v in follows))
    for name, value, target in rows:
        print(f"{name:<58}{value:>10.1f}{target:>10}")


if __name__ == "__main__":
    main()
