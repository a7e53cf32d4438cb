"""A stack machine that evaluates a compiled formula and its exact gradient (forward-mode AD).

Each stack slot carries a value and its partial derivatives in x and y; every opcode applies its
derivative rule locally (the rules torch's autograd uses, e.g. d(a/b) = da/b − db·a/b²), so the
gradient is exact up to rounding, with no symbolic expression swell. It runs inside the engine's
compiled loop: a typed surface costs a few ns per opcode per step.
"""

import math

import numpy as np
from numpy.typing import NDArray

from app.jit import inline_kernel, kernel

# Opcodes. CONST takes its value from consts[arg]; binary ops pop b, then a, and push op(a, b).
CONST, X, Y, ADD, SUB, MUL, DIV, POW, POW_CONST, NEG = range(10)
SIN, COS, TAN, EXP, LOG, SQRT, ABS, TANH, SINH, COSH, ATAN, ATAN2, MIN, MAX = range(10, 24)

UNARY = {"sin": SIN, "cos": COS, "tan": TAN, "exp": EXP, "log": LOG, "sqrt": SQRT, "abs": ABS,
         "tanh": TANH, "sinh": SINH, "cosh": COSH, "atan": ATAN}  # fmt: skip
BINARY = {"atan2": ATAN2, "min": MIN, "max": MAX}


@inline_kernel
def unary(op: int, a: float) -> tuple[float, float]:
    """The value of op(a) and its derivative with respect to a."""
    if op == SIN:
        return math.sin(a), math.cos(a)
    if op == COS:
        return math.cos(a), -math.sin(a)
    if op == TAN:
        r = math.tan(a)
        return r, 1.0 + r * r
    if op == EXP:
        r = math.exp(a)
        return r, r
    if op == LOG:
        return math.log(a), 1.0 / a
    if op == SQRT:
        r = math.sqrt(a)
        return r, 1.0 / (2.0 * r)
    if op == ABS:
        return abs(a), (1.0 if a > 0.0 else (-1.0 if a < 0.0 else 0.0))
    if op == TANH:
        r = math.tanh(a)
        return r, 1.0 - r * r
    if op == SINH:
        return math.sinh(a), math.cosh(a)
    if op == COSH:
        return math.cosh(a), math.sinh(a)
    return math.atan(a), 1.0 / (1.0 + a * a)  # ATAN


@kernel
def run_program(
    code: NDArray[np.int64], args: NDArray[np.int64], consts: NDArray[np.float64],
    stack: NDArray[np.float64], x: float, y: float,
) -> tuple[float, float, float]:  # fmt: skip
    """f(x, y), df/dx, df/dy of the program; `stack` is (depth, 3) scratch space."""
    sp = 0
    for i in range(code.shape[0]):
        op = code[i]
        if op <= Y:
            stack[sp, 0] = consts[args[i]] if op == CONST else (x if op == X else y)
            stack[sp, 1] = 1.0 if op == X else 0.0
            stack[sp, 2] = 1.0 if op == Y else 0.0
            sp += 1
            continue
        if op >= SIN and op < ATAN2 or op == NEG:
            a = stack[sp - 1, 0]
            if op == NEG:
                value, slope = -a, -1.0
            else:
                value, slope = unary(op, a)
            stack[sp - 1, 0] = value
            stack[sp - 1, 1] = slope * stack[sp - 1, 1] if stack[sp - 1, 1] != 0.0 else 0.0
            stack[sp - 1, 2] = slope * stack[sp - 1, 2] if stack[sp - 1, 2] != 0.0 else 0.0
            continue
        sp -= 1
        a, b = stack[sp - 1, 0], stack[sp, 0]
        for j in (1, 2):
            da, db = stack[sp - 1, j], stack[sp, j]
            if op == ADD:
                d = da + db
            elif op == SUB:
                d = da - db
            elif op == MUL:
                d = da * b + a * db
            elif op == DIV:
                d = da / b - db * a / (b * b)
            elif op == POW_CONST:  # constant exponent: no log(a) term (a may be negative)
                d = b * a ** (b - 1.0) * da if b != 0.0 and da != 0.0 else 0.0
            elif op == POW:
                d = b * a ** (b - 1.0) * da if da != 0.0 else 0.0
                if db != 0.0:
                    d += a**b * math.log(a) * db if a != 0.0 else 0.0
            elif op == ATAN2:
                d = (b * da - a * db) / (a * a + b * b)
            elif op == MIN:
                d = da if a < b else (db if b < a else (da + db) / 2.0)
            else:  # MAX
                d = da if a > b else (db if b > a else (da + db) / 2.0)
            stack[sp - 1, j] = d
        if op == ADD:
            stack[sp - 1, 0] = a + b
        elif op == SUB:
            stack[sp - 1, 0] = a - b
        elif op == MUL:
            stack[sp - 1, 0] = a * b
        elif op == DIV:
            stack[sp - 1, 0] = a / b
        elif op in (POW, POW_CONST):
            stack[sp - 1, 0] = a**b
        elif op == ATAN2:
            stack[sp - 1, 0] = math.atan2(a, b)
        elif op == MIN:
            stack[sp - 1, 0] = min(a, b)
        else:
            stack[sp - 1, 0] = max(a, b)
    return stack[0, 0], stack[0, 1], stack[0, 2]
