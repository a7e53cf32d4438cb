"""Typed formulas: parse `f(x, y) = ...` text safely and compile it for `program.run_program`.

Safe by construction: the text is parsed by Python's `ast` (which only builds a tree, it runs
nothing), every node is checked against a whitelist, and the tree is compiled to opcodes that the
stack machine understands. Nothing is ever eval'ed; a rejected formula gets a message with a
column number that points at the problem.
"""

import ast
import difflib
import math
import operator
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from app import program as op

MAX_LENGTH = 500
MAX_NODES = 400
MAX_DEPTH = 40
MAX_EXPONENT = 1000.0  # |constant exponent|; bigger ones only overflow (think 9**9**9)
MAX_LITERAL = 1e300

CONSTANTS = {"pi": math.pi, "e": math.e}
FUNCTIONS = {**{name: 1 for name in op.UNARY}, **{name: 2 for name in op.BINARY}}
KNOWN = sorted({"x", "y", *CONSTANTS, *FUNCTIONS})
# Characters people paste from papers, with their ASCII meaning.
TYPOGRAPHY = {"−": "-", "×": "*", "·": "*", "⋅": "*", "π": "pi", "²": "^2", "³": "^3"}
PREFIX = re.compile(r"\s*f\s*\(\s*x\s*,\s*y\s*\)\s*=")  # an optional leading "f(x, y) ="
BINOPS = {ast.Add: op.ADD, ast.Sub: op.SUB, ast.Mult: op.MUL, ast.Div: op.DIV}


class FormulaError(ValueError):
    """A formula that cannot be accepted; `column` is 1-based in the text the user typed."""

    def __init__(self, message: str, column: int | None = None) -> None:
        where = f" at column {column}" if column else ""
        super().__init__(f"{message}{where}")
        self.column = column


@dataclass(frozen=True)
class Program:
    """A compiled formula: opcodes, their arguments, constants, and the stack depth it needs."""

    code: NDArray[np.int64]
    args: NDArray[np.int64]
    consts: NDArray[np.float64]
    depth: int

    @property
    def cost(self) -> int:
        """Opcodes run per evaluation: what a step on this formula costs beside a built-in's."""
        return int(self.code.size)


def normalise(text: str) -> tuple[str, list[int]]:
    """ASCII text for the parser, and for each of its characters the 1-based column it came from."""
    out: list[str] = []
    columns: list[int] = []
    for i, char in enumerate(text, start=1):
        ascii_form = "**" if char == "^" else TYPOGRAPHY.get(char, char)
        if not ascii_form.isascii() or (not ascii_form.isprintable() and ascii_form not in " \t"):
            raise FormulaError(f"unexpected character {char!r}", i)
        out.append(ascii_form.replace("^", "**"))
        columns.extend([i] * len(out[-1]))
    return "".join(out), columns


class Compiler:
    """Walks a checked tree once, bottom up, and emits postfix opcodes (each node after its
    operands). A subtree without x or y is folded into one constant as it is compiled, so the work
    is linear in the formula's size and a program never recomputes a constant."""

    def __init__(self, columns: list[int]) -> None:
        self.columns = columns
        self.code: list[int] = []
        self.args: list[int] = []
        self.consts: list[float] = []
        self.nodes = 0

    def column(self, node: ast.AST) -> int:
        offset = getattr(node, "col_offset", 0)
        return self.columns[min(offset, len(self.columns) - 1)]

    def emit(self, opcode: int, arg: int = 0) -> None:
        self.code.append(opcode)
        self.args.append(arg)

    def constant(self, value: float) -> None:
        self.consts.append(value)
        self.emit(op.CONST, len(self.consts) - 1)

    def compile(self, node: ast.AST, depth: int = 0) -> float | None:
        """Emit a subtree's code; its value where it has no x or y (then it is one CONST, unless
        the value is not finite: folding those would hide the NaN gradient torch reports)."""
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise FormulaError(f"the formula is too long (more than {MAX_NODES} terms)")
        if depth > MAX_DEPTH:
            raise FormulaError(f"the formula nests too deeply (over {MAX_DEPTH} levels)",
                               self.column(node))  # fmt: skip
        code_mark, const_mark = len(self.code), len(self.consts)
        value = self.subtree(node, depth)
        if value is not None and math.isfinite(value) and len(self.code) > code_mark + 1:
            del self.code[code_mark:], self.args[code_mark:], self.consts[const_mark:]
            self.constant(value)
        return value

    def subtree(self, node: ast.AST, depth: int) -> float | None:
        if isinstance(node, ast.Constant):
            return self.number(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            value = self.compile(node.operand, depth + 1)
            if isinstance(node.op, ast.UAdd):
                return value
            self.emit(op.NEG)
            return None if value is None else fold(op.NEG, value)
        if isinstance(node, ast.BinOp) and type(node.op) in (*BINOPS, ast.Pow):
            return self.binary(node, depth)
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        raise FormulaError(f"{describe(node)} is not allowed in a formula", self.column(node))

    def number(self, node: ast.Constant) -> float:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise FormulaError(f"{describe(node)} is not allowed in a formula", self.column(node))
        if abs(value) > MAX_LITERAL:
            raise FormulaError(
                f"the number is too large (limit {MAX_LITERAL:g})", self.column(node)
            )
        self.constant(float(value))
        return float(value)

    def name(self, node: ast.Name) -> float | None:
        if node.id == "x":
            self.emit(op.X)
            return None
        if node.id == "y":
            self.emit(op.Y)
            return None
        if node.id in CONSTANTS:
            self.constant(CONSTANTS[node.id])
            return CONSTANTS[node.id]
        hint = difflib.get_close_matches(node.id, KNOWN, n=1)
        suggestion = f" (did you mean `{hint[0]}`?)" if hint else ""
        raise FormulaError(f"unknown name `{node.id}`{suggestion}", self.column(node))

    def binary(self, node: ast.BinOp, depth: int) -> float | None:
        left = self.compile(node.left, depth)  # a + b + c is a chain to a reader, not a nest
        right = self.compile(node.right, depth + 1)
        if not isinstance(node.op, ast.Pow):
            opcode = BINOPS[type(node.op)]
        elif right is None:
            opcode = op.POW
        elif not abs(right) <= MAX_EXPONENT:
            raise FormulaError(f"the exponent is too large (limit {MAX_EXPONENT:g})",
                               self.column(node.right))  # fmt: skip
        else:
            opcode = op.POW_CONST  # no log(a) term in the gradient: a may be negative
        self.emit(opcode)
        return None if left is None or right is None else fold(opcode, left, right)

    def program(self) -> "Program":
        return Program(
            code=np.array(self.code, dtype=np.int64),
            args=np.array(self.args, dtype=np.int64),
            consts=np.array(self.consts or [0.0], dtype=np.float64),
            depth=max(stack_depth(self.code), 1),
        )

    def call(self, node: ast.Call, depth: int) -> float | None:
        if not isinstance(node.func, ast.Name):
            raise FormulaError("only named functions can be called", self.column(node))
        name = node.func.id
        if name not in FUNCTIONS:
            self.name(node.func)  # raises: unknown name, with a suggestion
            raise FormulaError(f"`{name}` is not a function", self.column(node))
        arity = FUNCTIONS[name]
        if node.keywords or len(node.args) != arity:
            noun = "argument" if arity == 1 else "arguments"
            raise FormulaError(f"`{name}` takes {arity} {noun}", self.column(node))
        values = [self.compile(arg, depth + 1) for arg in node.args]
        opcode = op.UNARY[name] if arity == 1 else op.BINARY[name]
        self.emit(opcode)
        known = [v for v in values if v is not None]
        return fold(opcode, *known) if len(known) == arity else None


# Constant folding in Python with the C library's maths (as the compiled stack machine has it);
# where Python raises instead of answering inf or nan, numpy gives the IEEE answer.
EXACT: dict[int, Callable[..., float]] = {
    op.ADD: operator.add, op.SUB: operator.sub, op.MUL: operator.mul, op.DIV: operator.truediv,
    op.POW: math.pow, op.POW_CONST: math.pow, op.NEG: operator.neg, op.SIN: math.sin,
    op.COS: math.cos, op.TAN: math.tan, op.EXP: math.exp, op.LOG: math.log, op.SQRT: math.sqrt,
    op.ABS: abs, op.TANH: math.tanh, op.SINH: math.sinh, op.COSH: math.cosh, op.ATAN: math.atan,
    op.ATAN2: math.atan2, op.MIN: min, op.MAX: max,
}  # fmt: skip
IEEE: dict[int, Callable[..., Any]] = {
    op.DIV: np.divide, op.POW: np.power, op.POW_CONST: np.power, op.SIN: np.sin, op.COS: np.cos,
    op.TAN: np.tan, op.EXP: np.exp, op.LOG: np.log, op.SQRT: np.sqrt, op.SINH: np.sinh,
    op.COSH: np.cosh,
}  # fmt: skip


def fold(opcode: int, *values: float) -> float:
    """The value of one opcode on constants."""
    try:
        return float(EXACT[opcode](*values))
    except (ArithmeticError, ValueError):
        with np.errstate(all="ignore"):
            return float(IEEE[opcode](*values))


def describe(node: ast.AST) -> str:
    if isinstance(node, ast.Constant):
        return f"the constant {node.value!r}"[:60]
    return {
        ast.Attribute: "attribute access (`.`)", ast.Subscript: "indexing (`[]`)",
        ast.Compare: "a comparison", ast.BoolOp: "`and`/`or`", ast.Lambda: "`lambda`",
        ast.BinOp: "this operator (use + - * / ^)", ast.UnaryOp: "this operator",
        ast.IfExp: "`if`/`else`", ast.NamedExpr: "`:=`", ast.Tuple: "a tuple (`,`)",
        ast.List: "a list", ast.Dict: "a dict", ast.Set: "a set", ast.JoinedStr: "an f-string",
    }.get(type(node), f"`{type(node).__name__}`")  # fmt: skip


def stack_depth(code: list[int]) -> int:
    depth = peak = 0
    for opcode in code:
        if opcode in (op.CONST, op.X, op.Y):
            depth += 1
        elif opcode >= op.ADD and opcode not in (op.NEG, *op.UNARY.values()):
            depth -= 1
        peak = max(peak, depth)
    return peak


def syntax_error(error: SyntaxError, body: str, columns: list[int]) -> FormulaError:
    """Python's parse error in the user's terms, at the user's column."""
    index = (error.offset or 0) - 1
    if not 0 <= index < len(columns):
        return FormulaError("the formula ends too early: is an operand missing?", columns[-1] + 1)
    if "never closed" in error.msg:
        return FormulaError("this parenthesis is never closed", columns[index])
    char = body[columns[index] - columns[0]]
    return FormulaError(f"unexpected `{char}`: is an operator or operand missing?", columns[index])


def run(program: Program, x: float, y: float) -> tuple[float, float, float]:
    """f, df/dx, df/dy of a compiled formula at one point."""
    stack = np.empty((program.depth, 3))
    return op.run_program(program.code, program.args, program.consts, stack, x, y)


def parse(text: str) -> tuple[ast.expr, list[int]]:
    """The syntax tree of a formula (not yet checked), and the user's column of each character."""
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"the formula is too long (limit {MAX_LENGTH} characters)")
    prefix = PREFIX.match(text)
    start = prefix.end() if prefix else 0
    body = text[start:]
    offset = start + len(body) - len(body.lstrip())  # columns of body count from here
    body = body.strip()
    if not body:
        raise FormulaError("the formula is empty: type an expression in x and y, e.g. x^2 + y^2")
    source, columns = normalise(body)
    columns = [c + offset for c in columns]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. "'int' object is not callable" hints
            tree = ast.parse(source, mode="eval")
    except SyntaxError as e:
        raise syntax_error(e, body, columns) from None
    except (ValueError, RecursionError, MemoryError):
        raise FormulaError("the formula could not be read") from None
    return tree.body, columns


@lru_cache(maxsize=256)
def compile_formula(text: str) -> Program:
    """The program of a formula in x and y, or a FormulaError saying where it goes wrong."""
    node, columns = parse(text)
    compiler = Compiler(columns)
    compiler.compile(node)
    return compiler.program()
