"""The bounded memory of recent results (app/memo.py)."""

import numpy as np
import pytest

from app.memo import Recent


def test_least_recently_used_entries_go_first_once_over_the_budget() -> None:
    recent = Recent(budget=3 * 80)
    for key in "abc":
        recent.put(key, (np.zeros(10),))
    assert recent.get("a") is not None  # a is now the most recently used
    recent.put("d", (np.zeros(10),))
    assert recent.get("b") is None
    assert all(recent.get(k) is not None for k in "acd")
    assert recent.used == 240


def test_entries_are_read_only_copies_and_an_oversized_one_is_not_kept() -> None:
    recent = Recent(budget=100)
    given = np.arange(5.0)
    recent.put("k", (given,))
    given[0] = 9.0
    (kept,) = recent.get("k") or ()
    assert kept[0] == 0.0
    with pytest.raises(ValueError):
        kept[1] = 1.0
    recent.put("big", (np.zeros(20),))
    assert recent.get("big") is None and recent.used == 40
    recent.put("k", (np.zeros(2),))  # replacing an entry counts its new size only
    assert recent.used == 16
