"""The one way numerics are compiled: numba, cached on disk, strict IEEE maths.

`error_model="numpy"` makes 1/0 give inf and 0/0 nan (as in C and torch) instead of raising, so a
bad point becomes a diverged run, never an exception; no fastmath, so paths match the references.
"""

from numba import njit

kernel = njit(cache=True, error_model="numpy")
inline_kernel = njit(cache=True, error_model="numpy", inline="always")
parallel_safe_kernel = njit(cache=True, error_model="numpy", nogil=True)
