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


# Issue 15's yardsticks, in the page's own origin with its data already local: the same six
# paths, their loss curves and the surface drawn (a) on a plain canvas (the machine's limit) and
# (b) by Plotly.react alone, each time with one path moved; (c) a WebSocket round trip of one
# 1000-step run, no drawing. Each returns ms from the "input" to the animation frame after it.
REFERENCES = """async ([samples, body]) => {
    const post = async (url, data) => (await fetch(url, {method: 'POST',
        headers: {'Content-Type': 'application/json'}, body: JSON.stringify(data)})).json();
    const scene = await post('/api/run', body);
    const grid = await (await fetch('/api/surfaces/rosenbrock/grid?n=140')).json();
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
    const moved = (k) => scene.runs.map((r, i) => (i !== k % 6 ? r
        : {...r, x: r.x.map((v) => v * (1 + 1e-3 * (1 + k % 7)))}));
    const timed = async (draw) => {
        const times = [];
        for (let k = 0; k < samples; k++) {
            const runs = moved(k);
            const started = performance.now();
            await draw(runs);
            await frame();
            times.push(performance.now() - started);
            await pause();
        }
        return times;
    };
    const box = (w, h) => {
        const div = document.body.appendChild(document.createElement('div'));
        div.style = `position:fixed;left:0;top:0;width:${w}px;height:${h}px;z-index:99`;
        return div;
    };
    // (a) a plain canvas: the surface as an image made once, paths and losses stroked each time
    const canvas = box(700, 760).appendChild(document.createElement('canvas'));
    canvas.width = 700; canvas.height = 760;
    const g = canvas.getContext('2d');
    const n = grid.x.length, image = new ImageData(n, n);
    grid.z.forEach((row, i) => row.forEach((v, j) => {
        const t = Math.min(1, Math.log10(1 + v) / 3.5), at = 4 * ((n - 1 - i) * n + j);
        image.data.set([40 + 200 * t, 90 + 120 * (1 - t), 200 - 120 * t, 255], at);
    }));
    const heat = await createImageBitmap(image);
    const [x0, x1, y0, y1] = [grid.x[0], grid.x.at(-1), grid.y[0], grid.y.at(-1)];
    const plain = await timed(async (runs) => {
        g.clearRect(0, 0, 700, 760);
        g.drawImage(heat, 0, 0, 700, 520);
        runs.forEach((r) => {
            g.beginPath();
            for (let i = 0; i < r.x.length; i++) {
                g.lineTo((r.x[i] - x0) / (x1 - x0) * 700, 520 - (r.y[i] - y0) / (y1 - y0) * 520);
            }
            g.stroke();
            g.beginPath();
            for (let i = 0; i < r.loss.length; i++) {
                g.lineTo(i / r.loss.length * 700, 760 - Math.log10(1e-12 + r.loss[i]) * 10 - 120);
            }
            g.stroke();
        });
    });
    canvas.parentElement.remove();
    // (b) Plotly.react alone: a heatmap and six paths; six loss curves
    const main = box(700, 520), loss = box(700, 220);
    loss.style.top = '530px';
    const heatmap = {type: 'heatmap', x: grid.x, y: grid.y, z: grid.z, showscale: false};
    const line = (x, y) => ({type: 'scatter', mode: 'lines', x, y});
    const react = await timed((runs) => Promise.all([
        Plotly.react(main, [heatmap, ...runs.map((r) => line(r.x, r.y))],
                     {width: 700, height: 520, showlegend: false}, {staticPlot: true}),
        Plotly.react(loss, runs.map((r) => line(undefined, r.loss)),
                     {width: 700, height: 220, yaxis: {type: 'log'}, showlegend: false},
                     {staticPlot: true}),
    ]));
    main.remove(); loss.remove();
    // (c) a WebSocket round trip of one 1000-step run, no drawing
    const socket = new WebSocket(`ws://${location.host}/api/stream`);
    await new Promise((resolve) => socket.addEventListener('open', resolve, {once: true}));
    let id = 0;
    const trip = await timed(() => new Promise((resolve) => {
        const mine = ++id + 1000;
        const done = (event) => {
            const m = JSON.parse(event.data);
            if (m.id !== mine || m.type !== 'end') return;
            socket.removeEventListener('message', done);
            resolve();
        };
        socket.addEventListener('message', done);
        socket.send(JSON.stringify({type: 'run', id: mine, surface: 'rosenbrock', steps: 1000,
            runs: [{optimizer: 'adam', params: {lr: 10 ** (-3 + 1e-3 * mine)}}]}));
    }));
    socket.close();
    return {plain, react, trip};
}"""


def references(page: Page, samples: int) -> dict[str, list[float]]:
    """The issue's yardsticks (REFERENCES), ms each, in the opened page."""
    runs = [{"optimizer": o, "params": {"lr": 0.001}} for o in SIX.split(",")]
    body = {"surface": "rosenbrock", "steps": 1000, "runs": runs}
    return dict(page.evaluate(REFERENCES, [samples, body]))


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
        yardsticks = references(page, args.samples)
        slow = far_slider(browser, url, args.samples)
        open_app(page, f"{url}/?{SCENE}&opt={TEN}")
        frames = playback(page)
        # nine loads: a cold load's time spreads over ±150 ms on this machine
        loads = [first_load(browser, url) for _ in range(9)]
        cold, first, again = medians(loads)
        browser.close()

    print("Browser (headless chromium, 1280×800)")
    print(f"{'measure':<52}{'value':>12}{'target':>12}")
    rows = [
        ("slider → drawn p50, 6 opt × 1000 steps (ms)", statistics.median(latency), ""),
        ("slider → drawn p95, 6 opt × 1000 steps (ms)", percentile(latency, 0.95), ""),
        ("  of which input → result received, p50 (ms)", statistics.median(received), ""),
        ("slider → next frame after drawn p50 (ms)", statistics.median(painted), ""),
        ("slider → next frame after drawn p95 (ms)", percentile(painted, 0.95), "< 35"),
        *(
            (f"  yardstick: {what}, p{q} (ms)", percentile(yardsticks[key], q / 100), "")
            for key, what in (
                ("plain", "plain canvas, data local"),
                ("react", "Plotly.react alone, data local"),
                ("trip", "WebSocket round trip of 1 run"),
            )
            for q in (50, 95)
        ),  # fmt: skip
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
        ("cold load → first drawn mark, median of 9 (ms)", cold, "< 700"),
        ("  fastest of the 9 (ms)", min(t for t, _, _ in loads), ""),
        ("  slowest of the 9 (ms)", max(t for t, _, _ in loads), ""),
        ("first load on the wire (MB)", first, "< 1.6"),
        ("reload on the wire (kB)", again, "< 100"),
    ]
    for name, value, target in rows:
        print(f"{name:<52}{value:>12.1f}{target:>12}")


if __name__ == "__main__":
    main()
