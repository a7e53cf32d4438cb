"""Load test of WS /api/stream on loopback: many clients streaming at once while /healthz is polled.

    .venv/bin/python scripts/load.py                  # starts its own server on a free port
    .venv/bin/python scripts/load.py --url http://127.0.0.1:8000 --pid 1234

Each client streams every optimizer of /api/optimizers on one surface; another task polls /healthz
every 20 ms. Prints completed clients, time to the first `chunk` (from sending the request), total
stream time, /healthz latency and the server's peak resident memory, then checks the targets.
Everything is bounded by --timeout, and only loopback servers are accepted.
"""

import argparse
import asyncio
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from websockets.asyncio.client import connect

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
ROOT = Path(__file__).resolve().parent.parent
FIRST_CHUNK_P95_MS = 50.0
HEALTHZ_P95_MS = 50.0


@dataclass
class Results:
    first_chunk: list[float] = field(default_factory=list)  # seconds, one per client
    first_steps: list[float] = field(default_factory=list)  # to the first chunk past the start
    total: list[float] = field(default_factory=list)
    healthz: list[float] = field(default_factory=list)
    healthz_failures: int = 0
    rss_kib: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    client_lag: list[float] = field(default_factory=list)  # this process's own event-loop delay


def loopback_base(url: str) -> str:
    """http://host:port of a loopback URL; anything else is refused."""
    parts = urlsplit(url if "//" in url else f"http://{url}")
    if parts.hostname not in LOOPBACK:
        sys.exit(f"refusing {parts.hostname!r}: only 127.0.0.1, localhost or ::1 may be loaded")
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"http://{host}:{parts.port or 80}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(base: str, proc: subprocess.Popen[bytes] | None, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=1) as response:
                if json.load(response) == {"status": "ok"}:
                    return
        except OSError:
            pass
        if proc is not None and proc.poll() is not None:
            sys.exit("the server exited while starting")
        if time.monotonic() > deadline:
            sys.exit(f"no healthy server at {base} after {timeout:.0f} s")
        time.sleep(0.1)


def rss_kib(pid: int) -> int | None:
    """VmRSS of a process in KiB (Linux)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


HEAD = re.compile(rb'^\{"type":"(\w+)","id":\d+(?:,"offset":(\d+))?')


def message_head(frame: bytes) -> tuple[str, int]:
    """The `type` of a message and its `offset` (0 if none). Only the head of a chunk is parsed:
    decoding every float here would make the client the bottleneck and inflate the server's
    numbers."""
    if match := HEAD.match(frame):
        return match.group(1).decode(), int(match.group(2) or 0)
    message = json.loads(frame)
    return str(message["type"]), int(message.get("offset", 0))


async def client(url: str, body: dict[str, object], request_id: int, out: Results) -> None:
    async with connect(url, max_size=2**26, open_timeout=10) as ws:
        sent = time.perf_counter()
        await ws.send(json.dumps({"type": "run", "id": request_id, **body}))
        first: float | None = None
        stepped: float | None = None
        while True:
            frame = await ws.recv(decode=False)
            kind, offset = message_head(frame)
            if kind == "chunk":
                first = first or time.perf_counter() - sent
                if offset > 0:
                    stepped = stepped or time.perf_counter() - sent
            elif kind == "error":
                raise RuntimeError(frame[:300].decode())
            elif kind == "end":
                end = json.loads(frame)
                break
        total = time.perf_counter() - sent
    steps = {r["steps"] for r in end["runs"]}
    if end["id"] != request_id or first is None or stepped is None:
        raise RuntimeError(f"client {request_id}: bad end message {end}")
    out.first_chunk.append(first)
    out.first_steps.append(stepped)
    out.total.append(total)
    if steps != {body["steps"]}:
        out.notes.append(f"runs kept {sorted(steps)} steps (a run that diverges stops early)")


async def healthz_once(host: str, port: int) -> float:
    start = time.perf_counter()
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(f"GET /healthz HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
    answer = await reader.read()
    writer.close()
    await writer.wait_closed()
    if not answer.startswith(b"HTTP/1.1 200") or not answer.endswith(b'{"status":"ok"}'):
        raise RuntimeError(f"/healthz answered {answer[:100]!r}")
    return time.perf_counter() - start


async def poll(base: str, pid: int | None, out: Results, stop: asyncio.Event) -> None:
    parts = urlsplit(base)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    while not stop.is_set():
        try:
            out.healthz.append(await asyncio.wait_for(healthz_once(host, port), 5))
        except (OSError, RuntimeError, TimeoutError):
            out.healthz_failures += 1
        if pid is not None and (rss := rss_kib(pid)) is not None:
            out.rss_kib.append(rss)
        await asyncio.sleep(0.02)


async def watch_lag(out: Results, stop: asyncio.Event) -> None:
    """How late this client's own loop wakes up: if large, the numbers above are the client's."""
    while not stop.is_set():
        start = time.perf_counter()
        await asyncio.sleep(0.01)
        out.client_lag.append(time.perf_counter() - start - 0.01)


async def load(base: str, pid: int | None, args: argparse.Namespace) -> Results:
    out = Results()
    with urllib.request.urlopen(f"{base}/api/optimizers", timeout=10) as response:
        optimizers = [o["id"] for o in json.load(response)][: args.runs]
    body = {"surface": args.surface, "steps": args.steps,
            "runs": [{"optimizer": o} for o in optimizers]}  # fmt: skip
    url = base.replace("http://", "ws://", 1) + "/api/stream"
    stop = asyncio.Event()
    poller = asyncio.create_task(poll(base, pid, out, stop))
    watcher = asyncio.create_task(watch_lag(out, stop))
    await asyncio.sleep(0.2)  # a few idle /healthz samples first
    tasks = [asyncio.create_task(client(url, body, i, out)) for i in range(args.clients)]
    done, pending = await asyncio.wait(tasks, timeout=args.timeout)
    for task in pending:
        task.cancel()
        out.errors.append("a client did not finish before the timeout")
    for task in done:
        if task.exception() is not None:
            out.errors.append(f"{type(task.exception()).__name__}: {task.exception()}")
    stop.set()
    await asyncio.gather(poller, watcher)
    print(f"streamed {len(optimizers)} runs x {args.steps} steps on {args.surface} per client")
    return out


def percentile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def spread(name: str, seconds: list[float]) -> str:
    ms = [v * 1000.0 for v in seconds]
    return f"{name:26}p50 {percentile(ms, 50):8.1f} ms   p95 {percentile(ms, 95):8.1f} ms"


def report(out: Results, clients: int) -> bool:
    health_p95 = percentile(out.healthz, 95) * 1000.0
    first_p95 = percentile(out.first_chunk, 95) * 1000.0
    print(f"clients completed         {len(out.total)} / {clients}")
    print(spread("time to first chunk", out.first_chunk) + "   (the starts, offset 0)")
    print(spread("time to first updates", out.first_steps) + "   (offset 1 on)")
    print(spread("total stream time", out.total))
    worst = max(out.healthz, default=float("nan")) * 1000.0
    print(spread("/healthz latency", out.healthz) + f"   max {worst:.1f} ms   "
          f"({len(out.healthz)} polls, {out.healthz_failures} failed)")  # fmt: skip
    if out.rss_kib:
        print(f"server RSS                start {out.rss_kib[0] / 1024:.0f} MiB   "
              f"peak {max(out.rss_kib) / 1024:.0f} MiB")  # fmt: skip
    else:
        print("server RSS                n/a (pass --pid of a server started elsewhere)")
    print(spread("load client's loop lag", out.client_lag) + "   (high: the client is starved)")
    print(f"machine load average      {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    for note in sorted(set(out.notes)):
        print(f"note: {note}")
    for error in out.errors[:10]:
        print(f"error: {error}")
    checks = {
        f"all {clients} clients complete": len(out.total) == clients and not out.errors,
        f"p95 time to first chunk < {FIRST_CHUNK_P95_MS:.0f} ms": first_p95 < FIRST_CHUNK_P95_MS,
        f"/healthz p95 < {HEALTHZ_P95_MS:.0f} ms, none failed":
            health_p95 < HEALTHZ_P95_MS and out.healthz_failures == 0,
    }  # fmt: skip
    for name, ok in checks.items():
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
    return all(checks.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running loopback server (default: start one)")
    parser.add_argument("--pid", type=int, help="the PID of that server, to read its memory")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--runs", type=int, default=12, help="optimizers per request (max 16)")
    parser.add_argument("--steps", type=int, default=5000)
    parser.add_argument("--surface", default="rosenbrock")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds for the whole load")
    args = parser.parse_args()
    if not 1 <= args.clients <= 256:
        sys.exit("--clients must be 1..256")
    proc = None
    if args.url:
        base, pid = loopback_base(args.url), args.pid
    else:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        command = [sys.executable, "-m", "app", "--host", "127.0.0.1", "--port", str(port)]
        proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env={**os.environ})  # fmt: skip
        pid = proc.pid
    try:
        wait_healthy(base, proc, timeout=120)
        out = asyncio.run(asyncio.wait_for(load(base, pid, args), args.timeout + 15))
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    sys.exit(0 if report(out, args.clients) else 1)


if __name__ == "__main__":
    main()
