"""Lanes: a heavy request per client, a bounded heavy queue, work cancelled when nobody waits."""

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable

import pytest

from app.admission import FAST_WORK, HEAVY_SLOTS, Lanes, Refused
from app.jobs import Cancelled, checkpoint

HEAVY = FAST_WORK + 1


def run_scenario(scenario: Callable[[], Awaitable[None]]) -> None:
    """asyncio.run on a thread of its own: the browser tests' playwright keeps an event loop
    running on the main thread for the whole session."""
    errors: list[BaseException] = []

    def main() -> None:
        try:
            asyncio.run(scenario())  # type: ignore[arg-type]
        except BaseException as e:  # handed to the test's thread
            errors.append(e)

    thread = threading.Thread(target=main)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


def held(release: threading.Event) -> str:
    """A job that runs until released, reaching a checkpoint every millisecond."""
    while not release.wait(0.001):
        checkpoint()
    return "done"


def test_a_second_heavy_request_from_one_client_is_429_and_others_still_run() -> None:
    async def scenario() -> None:
        lanes, release = Lanes(), threading.Event()
        first = asyncio.create_task(lanes.run("a", HEAVY, held, release))
        await asyncio.sleep(0.01)
        with pytest.raises(Refused) as refused:
            await lanes.run("a", HEAVY, held, release)
        assert refused.value.status == 429
        assert await lanes.run("a", 10, len, "light") == 5  # the fast lane is open
        other = asyncio.create_task(lanes.run("b", HEAVY, held, release))
        await asyncio.sleep(0.01)
        release.set()
        assert await first == await other == "done"
        assert lanes.heavy_jobs == 0 and not lanes.in_flight

    run_scenario(scenario)


def test_past_the_heavy_slots_the_answer_is_503() -> None:
    async def scenario() -> None:
        lanes, release = Lanes(), threading.Event()
        jobs = [asyncio.create_task(lanes.run(f"c{i}", HEAVY, held, release))
                for i in range(HEAVY_SLOTS)]  # fmt: skip
        await asyncio.sleep(0.01)
        with pytest.raises(Refused) as refused:
            await lanes.run("late", HEAVY, held, release)
        assert refused.value.status == 503 and "retry" in refused.value.detail
        release.set()
        await asyncio.gather(*jobs)

    run_scenario(scenario)


def test_work_stops_at_its_next_checkpoint_once_the_client_is_gone() -> None:
    async def scenario() -> None:
        lanes, never = Lanes(), threading.Event()
        hung_up = asyncio.Event()
        asyncio.get_running_loop().call_later(0.05, hung_up.set)
        started = time.monotonic()
        with pytest.raises(Cancelled):
            await lanes.run("a", HEAVY, held, never, gone=hung_up.wait)
        assert time.monotonic() - started < 1.0  # the job stopped: `never` is never set
        assert lanes.heavy_jobs == 0 and not lanes.in_flight

    run_scenario(scenario)


def test_a_page_that_aborts_and_resends_gets_its_new_heavy_request_admitted() -> None:
    """The old request's work stops at its next checkpoint; the new one waits for that instead
    of being refused."""

    async def scenario() -> None:
        lanes, never, release = Lanes(), threading.Event(), threading.Event()
        aborted = asyncio.Event()
        old = asyncio.create_task(lanes.run("a", HEAVY, held, never, gone=aborted.wait))
        await asyncio.sleep(0.02)
        aborted.set()  # the page aborts the old request and at once sends the new one
        new = asyncio.create_task(lanes.run("a", HEAVY, held, release))
        await asyncio.sleep(0.1)
        release.set()
        assert await new == "done"
        with pytest.raises(Cancelled):
            await old

    run_scenario(scenario)


def test_a_job_still_queued_behind_another_clients_is_dropped_at_once() -> None:
    """A stream superseded (or a client gone) while its work waits behind someone else's heavy
    job: the wait ends at once and the job never runs, instead of waiting its turn."""

    async def scenario() -> None:
        lanes, release = Lanes(), threading.Event()
        ran: list[str] = []
        other = asyncio.create_task(lanes.run("a", HEAVY, held, release))  # holds the heavy lane
        await asyncio.sleep(0.05)
        pool = lanes.pool(HEAVY)
        mine = asyncio.create_task(lanes.compute(pool, ran.append, "mine"))
        await asyncio.sleep(0.05)
        try:
            mine.cancel()  # superseded while queued
            done, _ = await asyncio.wait({mine}, timeout=0.5)
            assert mine in done and mine.cancelled()
        finally:
            release.set()
        assert await other == "done"
        await asyncio.sleep(0.05)
        assert ran == []  # dropped from the queue: it never ran

    run_scenario(scenario)
