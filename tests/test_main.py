"""The app's start-up: the network kernels are warmed without stalling the server's event loop."""

import threading
from multiprocessing.process import BaseProcess

import pytest

from app import kernel_cache, main


def test_the_networks_warm_in_a_process_of_their_own() -> None:
    """numba holds the GIL while it compiles: on the server's own thread a cold compile stalled
    every answer for a minute. The process must also work: it leaves the kernels on disk."""
    warming = main.start_warming_networks()
    assert isinstance(warming, BaseProcess)
    warming.join(timeout=600)
    assert warming.exitcode == 0


def test_without_a_disk_cache_they_warm_on_a_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """Kernels compiled in another process could not be loaded here without a disk cache."""
    ran = threading.Event()
    monkeypatch.setattr(kernel_cache, "FOLDER", None)
    monkeypatch.setattr(main, "warm_networks", ran.set)
    warming = main.start_warming_networks()
    assert isinstance(warming, threading.Thread)
    warming.join(timeout=10)
    assert ran.is_set()
