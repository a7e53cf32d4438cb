"""A class on one server: heavy clients loop basin maps at the work cap on a typed formula while
students move sliders (a small POST /api/run each every 250 ms) and /healthz is polled. Runs the
server with 1 worker process and with 2, side by side in one run, and prints what each client felt.

    .venv/bin/python scripts/load_class.py [--seconds 15] [--heavy 3] [--students 6]
    .venv/bin/python scripts/load_class.py --against ../previous-checkout   # that one first

Loopback only: heavy clients send from 127.0.0.2, 127.0.0.3, … (each its own client to the server).
"""

import argparse
import statistics
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.budget import MAX_WORK  # noqa: E402
from app.landscape import typed  # noqa: E402
from tests.live import running_app  # noqa: E402

FORMULA = "x^2 + y^2 + 3*sin(2*x)*cos(2*y)"
SLIDER = {"surface": "rosenbrock", "steps": 1000, "runs": [{"optimizer": "adam"}]}


def basins_at_the_cap(n: int = 40) -> dict[str, Any]:
    cost = typed(FORMULA, ((-5, 5), (-5, 5)))[1].cost
    return {"surface": {"expression": FORMULA}, "grid": {"n": n},
            "runs": [{"optimizer": "adam", "params": {"lr": 0.05}}],
            "steps": int(MAX_WORK / cost / n**2)}  # fmt: skip


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def scenario(url: str, seconds: float, heavy: int, students: int) -> dict[str, Any]:
    stop = threading.Event()
    statuses: Counter[int] = Counter()
    heavy_done: list[float] = []
    small: list[float] = []
    health: list[float] = []

    def heavy_client(address: str) -> None:
        body = basins_at_the_cap()
        with httpx.Client(transport=httpx.HTTPTransport(local_address=address)) as client:
            while not stop.is_set():
                started = time.monotonic()
                status = client.post(f"{url}/api/basins", json=body, timeout=120).status_code
                statuses[status] += 1
                if status == 200:
                    heavy_done.append(time.monotonic() - started)
                else:
                    time.sleep(0.5)  # as a polite client would, after 429/503

    def student() -> None:
        with httpx.Client() as client:
            while not stop.wait(0.25):
                started = time.monotonic()
                assert client.post(f"{url}/api/run", json=SLIDER, timeout=60).status_code == 200
                small.append(time.monotonic() - started)

    def poller() -> None:
        with httpx.Client() as client:
            while not stop.wait(0.05):
                started = time.monotonic()
                client.get(f"{url}/healthz", timeout=60)
                health.append(time.monotonic() - started)

    threads = [threading.Thread(target=heavy_client, args=(f"127.0.0.{2 + i}",))
               for i in range(heavy)]  # fmt: skip
    threads += [threading.Thread(target=student) for _ in range(students)]
    threads.append(threading.Thread(target=poller))
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    return {"small": small, "health": health, "statuses": statuses, "heavy": heavy_done}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--heavy", type=int, default=3)
    parser.add_argument("--students", type=int, default=6)
    parser.add_argument("--against", type=Path, help="another checkout, measured first (1 worker)")
    args = parser.parse_args()
    print(f"{args.heavy} heavy clients (basin maps at the work cap on {FORMULA!r}),")
    print(f"{args.students} students (1 run × 1000 steps every 250 ms), {args.seconds:g} s each")
    print(f"{'server':>10} {'slider p50':>11} {'slider p95':>11} {'healthz p95':>12} "
          f"{'heavy done':>11} {'heavy p50 s':>12}  heavy answers")  # fmt: skip
    servers = [("1 worker", ROOT, ()), ("2 workers", ROOT, ("--workers", "2"))]
    if args.against:
        servers.insert(0, ("against", args.against.resolve(), ()))
    for name, root, extra in servers:
        with running_app(root, args=extra) as url:
            out = scenario(url, args.seconds, args.heavy, args.students)
        small, health = ([1000 * v for v in out[k]] for k in ("small", "health"))
        print(f"{name:>10} {percentile(small, 0.5):>9.1f}ms {percentile(small, 0.95):>9.1f}ms "
              f"{percentile(health, 0.95):>10.1f}ms {len(out['heavy']):>11} "
              f"{statistics.median(out['heavy']) if out['heavy'] else float('nan'):>12.2f}  "
              f"{dict(sorted(out['statuses'].items()))}")  # fmt: skip


if __name__ == "__main__":
    main()
