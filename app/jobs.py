"""Cancellation of long work: the caller sets a job's flag, the work stops at its next checkpoint.

The flag travels in a context variable, so the numerics only call `checkpoint()` between chunks
and know nothing of who asked: an HTTP client that hung up, or a WebSocket request superseded.
"""

import threading
from collections.abc import Callable
from contextvars import ContextVar, copy_context
from typing import Any, TypeVar

T = TypeVar("T")
_flag: ContextVar[threading.Event | None] = ContextVar("optiscope_cancel", default=None)


class Cancelled(Exception):
    """Raised at a checkpoint once the job's caller no longer wants the answer."""


def checkpoint() -> None:
    flag = _flag.get()
    if flag is not None and flag.is_set():
        raise Cancelled


def cancellable(fn: Callable[..., T], *args: Any) -> tuple[Callable[[], T], threading.Event]:
    """`fn(*args)` as a call to run on a worker thread, and the flag that cancels it."""
    flag = threading.Event()
    context = copy_context()
    context.run(_flag.set, flag)
    return (lambda: context.run(fn, *args)), flag
