"""A small shared memory of recent results, bounded by bytes.

A slider move on a network scene changes one run; the others are exactly what they were a moment
ago (training is deterministic), so their outcomes are kept here by what determines them rather
than trained again. Entries are read-only arrays: whoever gets one shares it.
"""

import threading
from collections import OrderedDict
from collections.abc import Hashable

import numpy as np
from numpy.typing import NDArray


class Recent:
    """Least recently used entries (tuples of arrays) up to `budget` bytes in all; safe to use
    from the worker threads that compute answers."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self._entries: OrderedDict[Hashable, tuple[NDArray[np.generic], ...]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> tuple[NDArray[np.generic], ...] | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: Hashable, arrays: tuple[NDArray[np.generic], ...]) -> None:
        """Keep copies of `arrays` (made read-only); an entry over the whole budget is not kept."""
        size = sum(a.nbytes for a in arrays)
        if size > self.budget:
            return
        entry = tuple(np.array(a) for a in arrays)
        for a in entry:
            a.flags.writeable = False
        with self._lock:
            if (old := self._entries.pop(key, None)) is not None:
                self.used -= sum(a.nbytes for a in old)
            self._entries[key] = entry
            self.used += size
            while self.used > self.budget:
                _, dropped = self._entries.popitem(last=False)
                self.used -= sum(a.nbytes for a in dropped)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.used = 0
