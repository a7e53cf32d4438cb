"""Who computes now: two lanes of worker threads, a bounded queue for heavy work, one heavy
request at a time per client, and work cancelled once nobody waits for it.

Interactive requests (a slider's one run, a page's scene) take the fast lane and never queue
behind a basin map; heavy ones take the heavy lane, which holds at most HEAVY_SLOTS requests
(running or waiting): past that the answer is 503 with a Retry-After, never an unbounded wait.
Every numeric kernel releases the GIL, so both lanes and the event loop run side by side.
"""

import asyncio
import os
from collections import Counter
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any, TypeVar

from app.jobs import Cancelled, cancellable

T = TypeVar("T")
CORES = os.cpu_count() or 1
# Work units (built-in updates, ~140 ns each) of an interactive request: up to ~70 ms of a core, so
# that a page's own grid and scene (a logistic data surface's 140² grid: 4·10⁵ units, 50 ms) never
# meet the one-heavy-request-per-client rule.
FAST_WORK = 500_000
HEAVY_WORKERS = max(1, CORES - 1)  # a heavy job spreads its runs over the cores by itself
HEAVY_SLOTS = 4  # heavy requests running or waiting, server-wide
FAST_PER_CLIENT = 8  # interactive requests in flight per client
RETRY_AFTER = 2  # seconds, the hint given with 429 and 503
# A page that aborts a heavy request and sends the next one (a basin map redrawn for a new
# scene) arrives while the old one winds down to its checkpoint: it waits this long for it.
HANDOVER = 1.0  # seconds


class Refused(Exception):
    """Not now: `status` 429 (this client has enough in flight) or 503 (the server is full)."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


class Lanes:
    def __init__(self) -> None:
        self.fast = ThreadPoolExecutor(CORES, thread_name_prefix="fast")
        self.heavy = ThreadPoolExecutor(HEAVY_WORKERS, thread_name_prefix="heavy")
        self.heavy_jobs = 0
        self.in_flight: Counter[tuple[str, bool]] = Counter()  # (client, heavy) -> requests

    def pool(self, work: float) -> Executor:
        return self.heavy if work > FAST_WORK else self.fast

    def admit(self, client: str, heavy: bool) -> None:
        if heavy and self.in_flight[client, True]:
            raise Refused(429, "one heavy request at a time per client: wait for the answer to "
                          f"the one running, then retry (in about {RETRY_AFTER} s)")  # fmt: skip
        if heavy and self.heavy_jobs >= HEAVY_SLOTS:
            raise Refused(503, f"the server is busy with {HEAVY_SLOTS} heavy requests: retry in "
                          f"about {RETRY_AFTER} s")  # fmt: skip
        if not heavy and self.in_flight[client, False] >= FAST_PER_CLIENT:
            raise Refused(429, f"over {FAST_PER_CLIENT} requests in flight from this client: "
                          "wait for their answers")  # fmt: skip
        self.in_flight[client, heavy] += 1
        self.heavy_jobs += heavy

    async def handover(self, client: str) -> None:
        """Wait (up to HANDOVER) for this client's heavy request to finish or stop."""
        deadline = asyncio.get_running_loop().time() + HANDOVER
        while self.in_flight[client, True] and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.02)

    def release(self, client: str, heavy: bool) -> None:
        self.in_flight[client, heavy] -= 1
        if not self.in_flight[client, heavy]:
            del self.in_flight[client, heavy]
        self.heavy_jobs -= heavy

    async def run(
        self,
        client: str,
        work: float,
        fn: Callable[..., T],
        *args: Any,
        gone: Callable[[], Awaitable[Any]] | None = None,
    ) -> T:
        """`fn(*args)` on its lane, once admitted. If `gone()` completes first (the client hung
        up), the work is cancelled at its next checkpoint and Cancelled is raised."""
        heavy = work > FAST_WORK
        if heavy:
            await self.handover(client)
        self.admit(client, heavy)
        try:
            return await self.compute(self.pool(work), fn, *args, gone=gone)
        finally:
            self.release(client, heavy)

    async def compute(
        self,
        pool: Executor,
        fn: Callable[..., T],
        *args: Any,
        gone: Callable[[], Awaitable[Any]] | None = None,
    ) -> T:
        """`fn(*args)` on `pool`, without admission (a WebSocket's stream holds one at a time)."""
        call, flag = cancellable(fn, *args)
        queued = pool.submit(call)
        job = asyncio.wrap_future(queued)
        watcher = asyncio.ensure_future(gone()) if gone is not None else None
        try:
            waiting = {job} if watcher is None else {job, watcher}
            await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
            if job.done():
                return job.result()
            raise Cancelled
        finally:
            if watcher is not None:
                watcher.cancel()
            # Not started (queued behind other clients' work): dropped from the queue at once, so a
            # superseded stream or a client that hung up never waits its turn for nothing. Else
            # the worker stops at its next checkpoint; the slot is held till then.
            if not job.done() and not queued.cancel():
                flag.set()
                await asyncio.wait({job})
                if not job.cancelled():
                    job.exception()  # retrieved: Cancelled, from the checkpoint, is expected


LANES = Lanes()
