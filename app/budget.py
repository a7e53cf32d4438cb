"""What a request costs before it runs: work in units of a step on a built-in surface, and the
size of its answer. Both are capped, so no request can cost more than a few seconds of one core
or an answer of tens of megabytes, whatever formula it carries. These are the only work caps:
on a built-in surface (cost 1) the work cap is the contract's basin cap of N² × steps ≤ 2·10⁷.
An update weighs what its optimizer declares (`Optimizer.cost`): 1 for a gradient step, more for
L-BFGS's line search (up to 25 loss evaluations) or Newton's Hessian."""

from typing import Protocol

MAX_WORK = 20_000_000  # units: ~3 s of one core; the basin map's cap on a built-in surface
MAX_ANSWER_BYTES = 32 * 2**20
BYTES_PER_NUMBER = 24  # a float64 written with full precision, and its comma, at most


class Costed(Protocol):
    @property
    def updates(self) -> int: ...
    @property
    def answer_numbers(self) -> int: ...
    @property
    def work_field(self) -> str: ...
    @property
    def size_field(self) -> str: ...


class Weighed(Protocol):
    """What a request runs on (a Landscape, a network Model): its cost per update in units."""

    @property
    def cost(self) -> float: ...


class OverBudget(ValueError):
    """A request over a cap: 422, naming the field to change."""

    def __init__(self, field: str, message: str, kind: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message, self.kind = field, message, kind


def smaller(field: str) -> str:
    """What to ask for instead of an answer over the cap, naming the request's own field."""
    if field == "steps":
        return "ask for fewer steps or runs"
    if field == "include_state":
        return "ask for fewer steps or runs, or leave out include_state"
    return f"ask for a smaller {field}, or fewer steps or runs"


def weigh(req: Costed, land: Weighed) -> float:
    """The request's work in units, once it is known to fit both caps."""
    work = req.updates * land.cost
    if work > MAX_WORK:
        raise OverBudget(
            req.work_field,
            f"{req.updates:,} updates (weighted by each optimizer's cost per update) × "
            f"{land.cost:.3g} work units each (this surface's cost per step) is over the work cap "
            f"(limit {MAX_WORK:,} units); ask for fewer steps, runs or values, or use a shorter "
            "formula",
            "too_much_work",
        )
    size = req.answer_numbers * BYTES_PER_NUMBER
    if size > MAX_ANSWER_BYTES:
        raise OverBudget(
            req.size_field,
            f"the answer would be up to {size / 2**20:.0f} MiB, over the answer cap (limit "
            f"{MAX_ANSWER_BYTES // 2**20} MiB); {smaller(req.size_field)}",
            "answer_too_large",
        )
    return work
