"""Browser figures for `make bench`: slider → drawn latency and playback frame rate.

Starts the real server, opens the page in headless chromium (1280×800) and measures:

- latency: a hyperparameter slider's `input` event until `performance.mark("optiscope:drawn")`
  (the complete result drawn in both plots), and until the animation frame after it (the one
  that paints it), 6 optimizers × 1000 steps on Rosenbrock;
- the same with the server 50 ms away (tests/slow_link.py), where the page asks ahead;
- playback: frames a second and frame intervals while playing 10 optimizers × 1000 steps.

Usage: python scripts/bench_browser.py [--port P] [--samples N] [--against DIR [--rounds R]]

`--against DIR` compares slider latency with another checkout (e.g. `git worktree add /tmp/old
HEAD~3`): both servers run at once and the two pages take turns, so both see the same machine.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.e2e.helpers import PLOTTED, wait_until  # noqa: E402
from tests.live import running_app  # noqa: E402
from tests.slow_link import slow_link  # noqa: E402

SIX = "sgd,momentum,nag,adagrad,rmsprop,adam"
TEN = "sgd,momentum,nag,adagrad,rmsprop,adadelta,adam,nadam,adamw,adabelief"
SCENE = "surface=rosenbrock&steps=1000&p.sgd=lr:0.001&p.momentum=lr:0.001&p.nag=lr:0.001"

MOVE_SLIDER = """async ([testid, value]) => {
    if (!window.paintedAfterDrawn) {
        // the frame that paints each drawn mark: asked for as the mark is made; its animation
        // callbacks run just before its style, layout and paint
        window.paintedAfterDrawn = [];
        const mark = performance.mark.bind(performance);
        performance.mark = (name, options) => {
            if (name === 'optiscope:drawn') {
                requestAnimationFrame(() => window.paintedAfterDrawn.push(performance.now()));
            }
            return mark(name, options);
        };
    }
    const input = document.querySelector(`[data-testid="${testid}"]`);
    const seen = performance.getEntriesByName('optiscope:drawn').length;
    const painted = window.paintedAfterDrawn.length;
    const started = performance.now();
    input.value = String(value);
    input.dispatchEvent(new Event('input', {bubbles: true}));
    while (performance.getEntriesByName('optiscope:drawn').length === seen
           || window.paintedAfterDrawn.length === painted) {
        await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const at = (name) => performance.getEntriesByName(name).at(-1).startTime - started;
    const frame = window.paintedAfterDrawn.at(-1) - started;
    return [at('optiscope:drawn'), at('optiscope:result'), frame];
}"""

COUNT_FRAMES = """async (seconds) => {
    const slider = document.querySelector('[data-testid=step-slider]');
    const times = [], steps = new Set();
    const until = performance.now() + seconds * 1000;
    await new Promise((resolve) => {
        const frame = (now) => {
            times.push(now);
            steps.add(slider.value);
            if (now < until) requestAnimationFrame(frame); else resolve();
        };
        requestAnimationFrame(frame);
    });
    const gaps = times.slice(1).map((t, i) => t - times[i]).sort((a, b) => a - b);
    const span = (times.at(-1) - times[0]) / 1000;
    return {fps: (times.length - 1) / span, distinct: steps.size / span,
            p50: gaps[Math.floor(gaps.length / 2)], p95: gaps[Math.floor(gaps.length * 0.95)],
            worst: gaps.at(-1)};
}"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1) + 0.5))]


def slider_latency(page: Page, samples: int) -> tuple[list[float], list[float], list[float]]:
    """(input → drawn, input → complete result received, input → the first animation frame after
    the drawn mark: the frame that paints it) in ms for each slider move. Every value is new (the
    page keeps runs it has seen: a value seen before would be drawn without asking)."""
    values = [-3.5 + 0.01 * i for i in range(samples + 5)]
    timings = [page.evaluate(MOVE_SLIDER, ["param-adam-lr", v]) for v in values][5:]
    drawn, received, painted = ([float(t[k]) for t in timings] for k in range(3))
    return drawn, received, painted


def far_slider(browser: Browser, url: str, samples: int, round_trip_ms: int = 50) -> list[float]:
    """Slider → drawn (ms) with the server `round_trip_ms` away (a delaying proxy: Chromium's
    network emulation leaves WebSockets alone), a frame between moves, one slider step at a
    time: each value new to the page, so only asking ahead can beat the round trip."""
    with slow_link(url, round_trip_ms) as far:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        open_app(page, f"{far}/?{SCENE}&opt={SIX}")
        times = []
        for i in range(samples + 3):
            times.append(float(page.evaluate(MOVE_SLIDER, ["param-adam-lr", -2.5 + 0.01 * i])[0]))
            time.sleep(1 / 60)
        page.close()
    return times[3:]


def playback(page: Page) -> dict[str, float]:
    page.get_by_test_id("step-slider").fill("0")
    time.sleep(0.3)
    page.get_by_test_id("play").click()
    result = dict(page.evaluate(COUNT_FRAMES, 2.5))
    page.get_by_test_id("play").click()
    return result


DRAWN_ONCE = "performance.getEntriesByName('optiscope:drawn').length > 0"


def open_app(page: Page, url: str) -> None:
    """Open the page and wait until Plotly has drawn it too (tests' open_app also waits for
    hooks a checkout compared with `--against` may not have)."""
    page.goto(url)
    wait_until(page, f"{DRAWN_ONCE} && document.body.dataset.state === 'ready'", timeout=20)
    wait_until(page, PLOTTED, timeout=20)


def medians(loads: list[tuple[float, int, int]]) -> tuple[float, float, float]:
    """Median ms to the first drawn mark, MB of the first load, kB of the reload."""
    ms, first, again = zip(*loads, strict=True)
    return statistics.median(ms), statistics.median(first) / 1e6, statistics.median(again) / 1e3


def first_load(browser: Browser, url: str) -> tuple[float, int, int]:
    """Fresh browser contexts opening the page: ms from navigation to the first drawn mark (in a
    context of its own: DevTools' network events, which count the bytes, slow a load by ~9 %),
    and bytes on the wire for a load and for a reload (the browser's cache then in play)."""
    timed = browser.new_context(viewport={"width": 1280, "height": 800})
    page = timed.new_page()
    page.goto(f"{url}/")
    wait_until(page, DRAWN_ONCE, timeout=30)
    drawn = page.evaluate("performance.getEntriesByName('optiscope:drawn')[0].startTime")
    timed.close()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    wire = [0]
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.on(
        "Network.loadingFinished", lambda e: wire.__setitem__(0, wire[0] + e["encodedDataLength"])
    )
    page.goto(f"{url}/")
    wait_until(page, DRAWN_ONCE, timeout=30)
    time.sleep(0.5)  # late requests (listings, grids) finish
    first, wire[0] = wire[0], 0
    page.reload()
    wait_until(page, DRAWN_ONCE, timeout=30)
    time.sleep(0.5)
    context.close()
    return float(drawn), first, wire[0]


def compare(other: Path, rounds: int, samples: int) -> None:
    """Slider latency of this checkout and `other`, on fresh pages taking turns."""
    roots = [ROOT, other.resolve()]
    latency: list[list[float]] = [[], []]
    painted: list[list[float]] = [[], []]
    far: list[list[float]] = [[], []]
    loads: list[list[tuple[float, int, int]]] = [[], []]
    with running_app(roots[0]) as mine, running_app(roots[1]) as theirs, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(rounds):
            for k, url in enumerate((mine, theirs)):
                loads[k].append(first_load(browser, url))
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                open_app(page, f"{url}/?{SCENE}&opt={SIX}")
                drawn, _, frame = slider_latency(page, samples)
                latency[k] += drawn
                painted[k] += frame
                page.close()
                far[k] += far_slider(browser, url, samples)
        browser.close()
    print(
        "side by side: slider → drawn and → the frame after it, 6 opt × 1000 steps (ms);"
        " cold load → first drawn mark"
    )
    for root, times, frames, load, slow in zip(roots, latency, painted, loads, far, strict=True):
        p50, p95 = statistics.median(times), percentile(times, 0.95)
        f50, f95 = statistics.median(frames), percentile(frames, 0.95)
        in_two = sum(t <= 2000 / 60 for t in slow) / len(slow)
        cold = statistics.median(t for t, _, _ in load)
        first, again = (
            statistics.median(b for _, b, _ in load),
            statistics.median(b for *_, b in load),
        )
        print(
            f"{str(root):<28} slider p50 {p50:6.1f} p95 {p95:6.1f}, frame after p50 {f50:6.1f}"
            f" p95 {f95:6.1f} | cold load {cold:6.0f} ms,"
            f" {first / 1e6:5.2f} MB, reload {again / 1e3:6.1f} kB | 50 ms link: p50"
            f" {statistics.median(slow):6.1f} p95 {percentile(slow, 0.95):6.1f}, within two"
            f" frames {in_two:4.0%}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="port for the server (default: free)")
    parser.add_argument("--samples", type=int, default=60, help="slider moves to time")
    parser.add_argument("--against", type=Path, help="another checkout to compare with")
    parser.add_argument("--rounds", type=int, default=6, help="pages per checkout with --against")
    args = parser.parse_args()
    if args.against:
        compare(args.against, args.rounds, min(args.samples, 25))
        return
    with running_app(ROOT, args.port) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        open_app(page, f"{url}/?{SCENE}&opt={SIX}")
        latency, received, painted = slider_latency(page, args.samples)
        slow = far_slider(browser, url, args.samples)
        open_app(page, f"{url}/?{SCENE}&opt={TEN}")
        frames = playback(page)
        cold, first, again = medians([first_load(browser, url) for _ in range(5)])
        browser.close()

    print("Browser (headless chromium, 1280×800)")
    print(f"{'measure':<52}{'value':>12}{'target':>12}")
    rows = [
        ("slider → drawn p50, 6 opt × 1000 steps (ms)", statistics.median(latency), ""),
        ("slider → drawn p95, 6 opt × 1000 steps (ms)", percentile(latency, 0.95), "< 35"),
        ("  of which input → result received, p50 (ms)", statistics.median(received), ""),
        ("slider → next frame after drawn p50 (ms)", statistics.median(painted), ""),
        ("slider → next frame after drawn p95 (ms)", percentile(painted, 0.95), ""),
        ("50 ms link: slider → drawn p50 (ms)", statistics.median(slow), ""),
        (
            "50 ms link: moves drawn within two frames (%)",
            100 * sum(t <= 2000 / 60 for t in slow) / len(slow),
            "",
        ),  # fmt: skip
        ("playback frames/s, 10 opt × 1000 steps", frames["fps"], ">= 50"),
        ("playback distinct steps drawn/s", frames["distinct"], ""),
        ("playback frame interval p95 (ms)", frames["p95"], ""),
        ("playback worst frame interval (ms)", frames["worst"], ""),
        ("cold load → first drawn mark, median (ms)", cold, "< 700"),
        ("first load on the wire (MB)", first, "< 1.6"),
        ("reload on the wire (kB)", again, "< 100"),
    ]
    for name, value, target in rows:
        print(f"{name:<52}{value:>12.1f}{target:>12}")


if __name__ == "__main__":
    main()
