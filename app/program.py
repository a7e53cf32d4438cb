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


@inline_kernel
def unary2(op: int, a: float) -> tuple[float, float, float]:
    """The value of op(a) and its first and second derivatives with respect to a."""
    if op == NEG:
        return -a, -1.0, 0.0
    if op == SIN:
        r = math.sin(a)
        return r, math.cos(a), -r
    if op == COS:
        r = math.cos(a)
        return r, -math.sin(a), -r
    if op == TAN:
        r = math.tan(a)
        return r, 1.0 + r * r, 2.0 * r * (1.0 + r * r)
    if op == EXP:
        r = math.exp(a)
        return r, r, r
    if op == LOG:
        return math.log(a), 1.0 / a, -1.0 / (a * a)
    if op == SQRT:
        r = math.sqrt(a)
        return r, 1.0 / (2.0 * r), -1.0 / (4.0 * r * a)
    if op == ABS:
        return abs(a), (1.0 if a > 0.0 else (-1.0 if a < 0.0 else 0.0)), 0.0
    if op == TANH:
        r = math.tanh(a)
        return r, 1.0 - r * r, -2.0 * r * (1.0 - r * r)
    if op == SINH:
        r = math.sinh(a)
        return r, math.cosh(a), r
    if op == COSH:
        r = math.cosh(a)
        return r, math.sinh(a), r
    q = 1.0 + a * a  # ATAN
    return math.atan(a), 1.0 / q, -2.0 * a / (q * q)


@inline_kernel
def times(a: float, b: float) -> float:
    """a·b where a zero derivative b stays zero (an inf or nan factor a of a constant operand
    contributes nothing, as in run_program)."""
    return a * b if b != 0.0 else 0.0


@inline_kernel
def binary2(op: int, a: float, b: float) -> tuple[float, float, float, float, float, float]:
    """op(a, b) and its partial derivatives: ∂a, ∂b, ∂a², ∂a∂b, ∂b² (for POW_CONST the b ones
    are unused: b is a constant)."""
    if op == ADD:
        return a + b, 1.0, 1.0, 0.0, 0.0, 0.0
    if op == SUB:
        return a - b, 1.0, -1.0, 0.0, 0.0, 0.0
    if op == MUL:
        return a * b, b, a, 0.0, 1.0, 0.0
    if op == DIV:
        return a / b, 1.0 / b, -a / (b * b), 0.0, -1.0 / (b * b), 2.0 * a / (b * b * b)
    if op in (POW, POW_CONST):
        value = a**b
        da = b * a ** (b - 1.0) if b != 0.0 else 0.0
        daa = b * (b - 1.0) * a ** (b - 2.0) if b != 0.0 and b != 1.0 else 0.0
        if op == POW_CONST or a == 0.0:
            return value, da, 0.0, daa, 0.0, 0.0
        log = math.log(a)
        return value, da, value * log, daa, a ** (b - 1.0) * (1.0 + b * log), value * log * log
    if op == ATAN2:
        q = a * a + b * b
        return (math.atan2(a, b), b / q, -a / q, -2.0 * a * b / (q * q),
                (a * a - b * b) / (q * q), 2.0 * a * b / (q * q))  # fmt: skip
    # MIN, MAX: the chosen operand's derivatives, half of each on a tie (as run_program)
    pick_a = a < b if op == MIN else a > b
    pick_b = b < a if op == MIN else b > a
    value = min(a, b) if op == MIN else max(a, b)
    wa = 1.0 if pick_a else (0.0 if pick_b else 0.5)
    return value, wa, 1.0 - wa, 0.0, 0.0, 0.0


@kernel
def run_program_hessian(
    code: NDArray[np.int64], args: NDArray[np.int64], consts: NDArray[np.float64],
    stack: NDArray[np.float64], x: float, y: float,
) -> tuple[float, float, float]:  # fmt: skip
    """(∂²f/∂x², ∂²f/∂x∂y, ∂²f/∂y²) of the program by second-order forward mode: each slot of
    the (depth, 6) `stack` carries a value, its gradient (x, y) and its Hessian (xx, xy, yy), and
    each opcode applies the chain rule to second order, u_jk = φ″·a_j·a_k + φ′·a_jk."""
    sp = 0
    for i in range(code.shape[0]):
        op = code[i]
        if op <= Y:
            stack[sp, :] = 0.0
            stack[sp, 0] = consts[args[i]] if op == CONST else (x if op == X else y)
            stack[sp, 1] = 1.0 if op == X else 0.0
            stack[sp, 2] = 1.0 if op == Y else 0.0
            sp += 1
            continue
        if op >= SIN and op < ATAN2 or op == NEG:
            u = stack[sp - 1]
            value, d1, d2 = unary2(op, u[0])
            gx, gy = u[1], u[2]
            u[3] = times(d2, gx * gx) + times(d1, u[3])
            u[4] = times(d2, gx * gy) + times(d1, u[4])
            u[5] = times(d2, gy * gy) + times(d1, u[5])
            u[0], u[1], u[2] = value, times(d1, gx), times(d1, gy)
            continue
        sp -= 1
        u, w = stack[sp - 1], stack[sp]
        value, da, db, daa, dab, dbb = binary2(op, u[0], w[0])
        for j, k, jk in ((1, 1, 3), (1, 2, 4), (2, 2, 5)):
            u[jk] = (times(daa, u[j] * u[k]) + times(dab, u[j] * w[k] + u[k] * w[j])
                     + times(dbb, w[j] * w[k]) + times(da, u[jk]) + times(db, w[jk]))  # fmt: skip
        u[0], u[1], u[2] = (
            value,
            times(da, u[1]) + times(db, w[1]),
            times(da, u[2]) + times(db, w[2]),
        )
    return stack[0, 3], stack[0, 4], stack[0, 5]
