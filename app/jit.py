"""The one way numerics are compiled: numba, cached on disk where it can be, strict IEEE maths.

`error_model="numpy"` makes 1/0 give inf and 0/0 nan (as in C and torch) instead of raising, so a
bad point becomes a diverged run, never an exception; no fastmath, so paths match the references.
Every kernel releases the GIL (`nogil`), so a long grid or run on a worker thread never stalls the
event loop.
"""

from collections.abc import Callable
from typing import Any

from llvmlite import ir
from numba import njit, types
from numba.core.typing.templates import Signature
from numba.extending import intrinsic

from app.kernel_cache import FOLDER

CACHE = FOLDER is not None  # else compiled in memory: nothing on disk can be written
kernel = njit(cache=CACHE, error_model="numpy", nogil=True)
inline_kernel = njit(cache=CACHE, error_model="numpy", inline="always")
# Code written at import (the optimizers' dispatch) has no source file for numba's disk cache; it
# is only ever inlined into cached kernels, which carry it.
generated_kernel = njit(error_model="numpy", inline="always")
# An optimizer's update rule: compiled and cached on its own and called by the dispatch. Inlined
# into the engine's loop, 26 rules nearly doubled its cold compile (53 s against 27 s) for no
# measurable speed.
rule_kernel = njit(cache=CACHE, error_model="numpy")


def bitcast(name: str, arg: types.Type, result: types.Type, to: ir.Type) -> Any:
    """An intrinsic reading a 64-bit value's bits as another type: free and vectorisable, where
    numba's only conversions between floats and ints change the value (and are not vectorised
    on AVX2)."""

    def typer(typingctx: object, x: types.Type) -> tuple[Signature, Callable[..., ir.Value]]:
        def codegen(
            context: object, builder: ir.IRBuilder, sig: Signature, args: list[ir.Value]
        ) -> ir.Value:
            return builder.bitcast(args[0], to)

        return result(arg), codegen

    typer.__name__ = name
    return intrinsic(typer)


bits_of: Callable[[float], int] = bitcast("bits_of", types.float64, types.int64, ir.IntType(64))
float_of: Callable[[int], float] = bitcast("float_of", types.int64, types.float64, ir.DoubleType())
