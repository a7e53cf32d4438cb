"""Request and message models: every limit of the API in one place (CONTRACT sections 2 and 7).

Names are checked against the declarations in `optimizers`, `surfaces` and `schedules`, so the
one declaration of a hyperparameter drives validation too. Errors name the field and say what
would be accepted.
"""

import math
from collections.abc import Callable, Iterable
from typing import Annotated, Any, ClassVar, Literal, Self

import numpy as np
from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from app.datasets import DATA_INDEX
from app.formula import MAX_LENGTH, FormulaError, compile_formula
from app.landscape import Landscape, builtin, data_surface, evaluate, typed
from app.mlp import ACTIVATIONS, LOSSES, NORMS
from app.networks import HIDDEN_DEFAULT, HIDDEN_MAX, NETWORK_INDEX, PLANE_N, Model
from app.optimizers import (
    BIAS_CORRECTION_SIZE,
    LR_MAX,
    LR_MIN,
    NEEDS_HESSIAN,
    OPTIMIZER_INDEX,
    OPTIMIZERS,
    STATE_SIZE,
    Param,
)
from app.schedules import SCHEDULE_INDEX
from app.surfaces import SURFACE_INDEX, Surface

MAX_RUNS = 16
MAX_STEPS = 20_000
MAX_COORD = 1e6
MAX_SEED = 2**32 - 1
MAX_THETAS = 2_000_000  # numbers in a network answer's thetas (CONTRACT section 11)
# Numbers per update with include_state: gradient (2), lr, step (2), state, bias corrections.
TRACE_NUMBERS = 5 + STATE_SIZE + BIAS_CORRECTION_SIZE

Finite = Annotated[float, Field(strict=True, allow_inf_nan=False)]
# A hyperparameter's value: a number, true/false or an option's name (its declaration says which).
ParamValue = Annotated[bool, Field(strict=True)] | Finite | Annotated[str, Field(max_length=64)]
Coordinate = Annotated[Finite, Field(ge=-MAX_COORD, le=MAX_COORD)]
Seed = Annotated[int, Field(strict=True, ge=0, le=MAX_SEED)]


def invalid(kind: str, message: str, **context: Any) -> PydanticCustomError:
    """A validation error whose message is formatted here (pydantic's templates lack `!r`)."""
    text = message.format(**context).replace("{", "(").replace("}", ")")
    return PydanticCustomError(kind, text)


def check_range(param: Param, value: float, where: str) -> None:
    if not param.min <= value <= param.max:
        raise invalid(
            "out_of_range",
            "{where} = {value} is outside its range [{lo}, {hi}]",
            where=where,
            value=value,
            lo=param.min,
            hi=param.max,
        )


def check_known(kind: str, name: str, known: Iterable[str]) -> None:
    names = list(known)
    if name not in names:
        raise invalid(f"unknown_{kind}", "unknown {what} {name!r}; known: {known}",
                      what=kind, name=name, known=", ".join(names))  # fmt: skip


def unknown_parameter(owner: str, key: str, declared: tuple[Param, ...]) -> PydanticCustomError:
    known = ", ".join(p.name for p in declared) or "none"
    return invalid("unknown_parameter", "{owner} has no parameter {key!r}; it takes: {known}",
                   owner=owner, key=key, known=known)  # fmt: skip


def check_value(param: Param, value: Any, where: str) -> None:
    """A value fits its parameter's type (CONTRACT section 4b) and, if numeric, its range."""
    if param.type == "bool":
        if not isinstance(value, bool):
            raise invalid("not_a_bool", "{where} must be true or false", where=where)
        return
    if param.type == "choice":
        if value not in param.options:
            raise invalid("not_an_option", "{where} must be one of {options}", where=where,
                          options=", ".join(repr(o) for o in param.options))  # fmt: skip
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise invalid("not_a_number", "{where} must be a finite number", where=where)
    if param.type == "int" and not float(value).is_integer():
        raise invalid("not_an_integer", "{where} must be a whole number", where=where)
    check_range(param, float(value), where)


def check_params(
    owner: str, declared: tuple[Param, ...], given: dict[str, Any], where: str
) -> None:
    """Every given value names a declared parameter and fits its type and range."""
    for key, value in given.items():
        param = next((p for p in declared if p.name == key), None)
        if param is None:
            raise unknown_parameter(owner, key, declared)
        check_value(param, value, f"{where}.{key}")


def nullable(*names: str) -> Callable[[dict[str, Any]], None]:
    """A json_schema_extra that lets `names` be null in the schema too, as their `before`
    validators let them be in requests (null means the default)."""

    def extra(schema: dict[str, Any]) -> None:
        for name in names:
            schema["properties"][name] = {"anyOf": [schema["properties"][name], {"type": "null"}]}

    return extra


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Noise(Strict):
    std: Annotated[Finite, Field(ge=0.0, le=100.0, description="gradient noise σ")] = 0.0
    seed: Seed = 0


class ScheduleSpec(BaseModel):
    """A schedule by name, its parameters beside the name: {"name": "step", "gamma": 0.5}."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"additionalProperties": True})
    name: str = Field("constant", json_schema_extra={"enum": list(SCHEDULE_INDEX)})

    @field_validator("name")
    @classmethod
    def known(cls, name: str) -> str:
        check_known("schedule", name, SCHEDULE_INDEX)
        return name

    @model_validator(mode="after")
    def params_in_range(self) -> Self:
        check_params(f"schedule {self.name!r}", SCHEDULE_INDEX[self.name].params, self.params,
                     "schedule")  # fmt: skip
        return self

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class RunSpec(Strict):
    model_config = ConfigDict(extra="forbid", json_schema_extra=nullable("params", "schedule"))
    optimizer: str = Field(
        description="optimizer id, see /api/optimizers",
        json_schema_extra={"enum": [o.id for o in OPTIMIZERS]},
    )
    params: dict[str, ParamValue] = Field(default_factory=dict, max_length=16)
    schedule: ScheduleSpec = Field(default_factory=ScheduleSpec)

    @field_validator("params", "schedule", mode="before")
    @classmethod
    def defaults_for_null(cls, value: Any) -> Any:
        return {} if value is None else value

    @field_validator("optimizer")
    @classmethod
    def known(cls, optimizer: str) -> str:
        check_known("optimizer", optimizer, OPTIMIZER_INDEX)
        return optimizer

    @model_validator(mode="after")
    def params_in_range(self) -> Self:
        optimizer = OPTIMIZERS[OPTIMIZER_INDEX[self.optimizer]]
        check_params(self.optimizer, optimizer.params, self.params, "params")
        return self

    @property
    def cost(self) -> float:
        """Work of one update of this run beside a gradient step's 1 (Optimizer.cost)."""
        optimizer = OPTIMIZERS[OPTIMIZER_INDEX[self.optimizer]]
        return optimizer.cost(optimizer.values(self.params))

    @property
    def needs_hessian(self) -> bool:
        return NEEDS_HESSIAN[OPTIMIZER_INDEX[self.optimizer]]


class Domain(Strict):
    x: tuple[Coordinate, Coordinate] = (-5.0, 5.0)
    y: tuple[Coordinate, Coordinate] = (-5.0, 5.0)

    @model_validator(mode="after")
    def ordered(self) -> Self:
        for axis, (lo, hi) in (("x", self.x), ("y", self.y)):
            if not lo < hi:
                raise invalid(
                    "empty_domain",
                    "domain.{axis}: the low end must be below the high end, got [{lo}, {hi}]",
                    axis=axis,
                    lo=lo,
                    hi=hi,
                )
        return self


class CustomSurface(Strict):
    """A typed formula in x and y, e.g. "(1 - x)^2 + 100*(y - x^2)^2", over a domain."""

    expression: str = Field(max_length=MAX_LENGTH)
    domain: Domain = Field(default_factory=Domain)

    @field_validator("expression")
    @classmethod
    def compiles(cls, expression: str) -> str:
        try:
            compile_formula(expression)
        except FormulaError as e:
            raise invalid("bad_formula", "{problem}", problem=str(e)) from None
        return expression

    @property
    def bounds(self) -> tuple[tuple[float, float], tuple[float, float]]:
        return self.domain.x, self.domain.y


SURFACE_IDS = (*SURFACE_INDEX, *DATA_INDEX, *NETWORK_INDEX)


def known_surface(surface: str | CustomSurface) -> str | CustomSurface:
    if isinstance(surface, str):
        check_known("surface", surface, SURFACE_IDS)
    return surface


def field_path(loc: Iterable[int | str]) -> list[int | str]:
    """An error's location without the union tags of SurfaceRef: `surface.expression`."""
    parts = list(loc)
    return [p for i, p in enumerate(parts) if not (i and parts[i - 1] == "surface" and p in
                                                    ("id", "formula"))]  # fmt: skip


def surface_form(value: Any) -> str:
    """Which member of SurfaceRef a value is: a formula error then names only the formula."""
    return "formula" if isinstance(value, dict | CustomSurface) else "id"


SurfaceId = Annotated[str, Field(json_schema_extra={"enum": list(SURFACE_IDS)})]
SurfaceRef = Annotated[
    Annotated[SurfaceId, Tag("id")] | Annotated[CustomSurface, Tag("formula")],
    Discriminator(surface_form),
    Field(description="a surface id (see /api/surfaces) or a typed formula {expression, domain}"),
]


class BatchSpec(Strict):
    """Mini-batches on a data surface: `size` rows an update, reshuffled each epoch from `seed`."""

    size: Annotated[int, Field(strict=True, ge=1)]
    seed: Seed = 0


class NetworkSpec(Strict):
    """The network trained on a network surface (CONTRACT section 11)."""

    hidden: Annotated[int, Field(strict=True, ge=1, le=HIDDEN_MAX)] = HIDDEN_DEFAULT
    activation: Literal[ACTIVATIONS] = "tanh"  # type: ignore[valid-type]
    loss: Literal[LOSSES] = "cross_entropy"  # type: ignore[valid-type]
    init_seed: Seed = 0


def network_only(name: str) -> PydanticCustomError:
    return invalid("not_offered", "{name}: only network surfaces take it", name=name)


class RunRequest(Strict):
    model_config = ConfigDict(extra="forbid", json_schema_extra=nullable("noise", "steps"))
    surface: SurfaceRef
    start: tuple[Coordinate, Coordinate] | None = None
    steps: Annotated[int, Field(strict=True, ge=1, le=MAX_STEPS)] = 500
    noise: Noise = Field(default_factory=Noise)
    runs: list[RunSpec] = Field(min_length=1, max_length=MAX_RUNS)
    standardize: bool = Field(
        False, strict=True, description="data surfaces: standardise the features"
    )

    @field_validator("noise", "steps", mode="before")
    @classmethod
    def defaults_for_null(cls, value: Any, info: Any) -> Any:
        if value is not None:
            return value
        return {} if info.field_name == "noise" else 500

    batch: BatchSpec | None = Field(None, description="data surfaces: mini-batch size and seed")
    include_state: bool = Field(
        False,
        strict=True,
        description="add each update's gradient, lr, step and "
        "optimizer state to every run (POST /api/run)",
    )

    network: NetworkSpec | None = Field(
        None, description="network surfaces: hidden units, activation, loss and init seed"
    )
    include_path: bool = Field(
        False, strict=True, description="network surfaces: add θ at every iterate (thetas)"
    )
    include_trace: bool = Field(
        False,
        strict=True,
        description="network surfaces: add each update's per-layer gradient norms (grad_norm)",
    )
    known_paths: list[Annotated[int, Field(strict=True, ge=0)]] = Field(
        default_factory=list,
        max_length=MAX_RUNS,
        description="network surfaces, with include_path: indices of runs whose thetas, curves, "
        "loss and grad_norm the client holds from an earlier answer of the same run; those runs "
        "come without them",
    )

    _known = field_validator("surface")(known_surface)
    work_field: ClassVar[str] = "steps"  # the field a too-costly request is told to shrink
    # Only POST /api/run trains a network; the sweeps, maps and streams are 2D.
    networks_allowed: ClassVar[bool] = True

    @property
    def model(self) -> Model | None:
        """The network to train, or None when the surface is not a network."""
        if not isinstance(self.surface, str) or self.surface not in NETWORK_INDEX:
            return None
        spec = self.network or NetworkSpec()
        data = NETWORK_INDEX[self.surface]
        return Model(data, spec.hidden, spec.activation, spec.loss, spec.init_seed)

    @property
    def run_costs(self) -> float:
        """Work of one update of every run (a gradient step costs 1, see Optimizer.cost); on a
        network, an update with a Hessian costs a gradient's pass and the Hessian's share."""
        model = self.model
        if model is None:
            return sum(spec.cost for spec in self.runs)
        return sum(1.0 + model.hessian_share if spec.needs_hessian else spec.cost
                   for spec in self.runs)  # fmt: skip

    @property
    def updates(self) -> int:
        """Optimizer updates the request asks for, each weighted by its optimizer's cost
        (app/budget.py weighs them by the surface); a network's plane adds PLANE_N² loss
        evaluations, about half an update each."""
        plane = PLANE_N**2 // 2 if self.model is not None else 0
        return math.ceil(self.run_costs * self.steps) + plane

    @property
    def answer_numbers(self) -> int:
        """Numbers its answer holds, at most, beside a network's thetas: those have their own
        cap (MAX_THETAS, CONTRACT section 11), which every answer within it must meet."""
        model = self.model
        if model is not None:  # loss, a, b (and 3 curves) per iterate, norms per update, plane
            per_iterate = 3 + (3 if self.include_path else 0)
            per_run = (self.steps + 1) * per_iterate + NORMS * self.steps * self.include_trace
            return len(self.runs) * (per_run + model.size) + PLANE_N**2 + 3 * model.size
        per_iterate = 3 + (TRACE_NUMBERS if self.include_state else 0)
        return len(self.runs) * (self.steps + 1) * per_iterate

    @property
    def size_field(self) -> str:
        return "include_state" if self.include_state else "steps"

    @model_validator(mode="after")
    def data_options_fit(self) -> Self:
        data = DATA_INDEX.get(self.surface) if isinstance(self.surface, str) else None
        if self.model is not None:
            return self  # network_options_fit
        if self.standardize and data is None:
            raise invalid("not_offered", "standardize: only data surfaces offer standardisation")
        if self.batch is not None:
            if data is None:
                raise invalid("not_offered", "batch: only data surfaces take mini-batches")
            if self.batch.size > len(data.raw):
                raise invalid(
                    "too_large",
                    "batch.size: {size} is more than the {n} rows of {id}",
                    size=self.batch.size,
                    n=len(data.raw),
                    id=data.id,
                )
        return self

    @model_validator(mode="after")
    def network_options_fit(self) -> Self:
        """A network takes no start, noise, standardisation or inspector; the rest of its
        options (and the thetas cap) are checked here."""
        model = self.model
        if model is None:
            for name in ("network", "include_path", "include_trace", "known_paths"):
                if getattr(self, name) not in (None, False, []):
                    raise network_only(name)
            return self
        if self.known_paths and not self.include_path:
            raise invalid("not_offered", "known_paths: only with include_path (the runs named "
                          "there come without their paths)")  # fmt: skip
        if outside := [i for i in self.known_paths if i >= len(self.runs)]:
            raise invalid("out_of_range", "known_paths: {i} is not the index of one of the "
                          "{n} runs", i=outside[0], n=len(self.runs))  # fmt: skip
        refusals = (
            ("surface", not self.networks_allowed,
             "{id} is a network: only POST /api/run trains one"),
            ("start", self.start is not None,
             "a network starts from its initial weights (network.init_seed); leave start out"),
            ("noise", "noise" in self.model_fields_set, "networks take no gradient noise"),
            ("standardize", self.standardize, "network data are used as shipped"),
            ("include_state", self.include_state,
             "the inspector is for 2D surfaces; use include_trace on a network"),
        )  # fmt: skip
        for name, refused, message in refusals:
            if refused:
                raise invalid("not_offered", f"{name}: {message}", id=model.data.id)
        train_rows = model.data.train_rows.shape[1]
        if self.batch is not None and self.batch.size > train_rows:
            raise invalid("too_large", "batch.size: {size} is more than the {n} train rows of "
                          "{id}", size=self.batch.size, n=train_rows, id=model.data.id)  # fmt: skip
        thetas = len(self.runs) * (self.steps + 1) * model.size
        if self.include_path and thetas > MAX_THETAS:
            raise invalid(
                "too_large",
                "include_path: runs × (steps + 1) × (4H+1) = {n:,} numbers of θ is over the cap "
                "of {cap:,}; ask for fewer steps, runs or hidden units",
                n=thetas,
                cap=MAX_THETAS,
            )
        return self

    @model_validator(mode="after")
    def finite_at_start(self) -> Self:
        """A typed formula must have a value where the runs begin (e.g. no 1/x at x = 0)."""
        if isinstance(self.surface, CustomSurface):
            surface, land = resolve_surface(self.surface, False)
            x, y = self.start if self.start is not None else surface.start
            if not math.isfinite(evaluate(land, np.array([x]), np.array([y]))[0, 0]):
                raise invalid(
                    "not_finite_at_start",
                    "surface.expression: f is not finite at the start point ({x:g}, "
                    "{y:g}); check divisions, logs and roots there, or move the start",
                    x=x,
                    y=y,
                )
        return self


def resolve_surface(ref: str | CustomSurface, standardize: bool) -> tuple[Surface, Landscape]:
    """The declaration and the engine's view of a surface id, a data surface or a formula."""
    if isinstance(ref, CustomSurface):
        return typed(ref.expression, ref.bounds)
    if ref in DATA_INDEX:
        return data_surface(ref, standardize)
    return builtin(ref)


class GridRequest(Strict):
    surface: SurfaceRef
    n: Annotated[int, Field(strict=True, ge=2, le=400)] = 100
    standardize: bool = Field(False, strict=True)

    @field_validator("surface")
    @classmethod
    def not_a_network(cls, surface: str | CustomSurface) -> str | CustomSurface:
        if isinstance(surface, str) and surface in NETWORK_INDEX:
            raise invalid("not_offered", "surface: a network has no 2D grid; its loss plane "
                          "comes with each run (POST /api/run)")  # fmt: skip
        return surface

    _known = field_validator("surface")(known_surface)
    work_field: ClassVar[str] = "n"
    size_field: ClassVar[str] = "n"

    @model_validator(mode="after")
    def standardize_offered(self) -> Self:
        if self.standardize and not (isinstance(self.surface, str) and self.surface in DATA_INDEX):
            raise invalid("not_offered", "standardize: only data surfaces offer standardisation")
        return self

    @property
    def updates(self) -> int:
        return self.n**2  # evaluations, each costing about an update

    @property
    def answer_numbers(self) -> int:
        return self.n**2 + 2 * self.n


class StreamRun(RunRequest):
    """`{"type": "run", "id": n, ...}`: a RunRequest to stream (CONTRACT section 7)."""

    networks_allowed: ClassVar[bool] = False

    type: Literal["run"]
    id: Annotated[int, Field(strict=True, ge=0, le=2**53)]


class RunResult(BaseModel):
    optimizer: str
    label: str
    x: list[float]
    y: list[float]
    loss: list[float]
    status: Literal["ok", "diverged"]
    steps: int


class RunResponse(BaseModel):
    runs: list[RunResult]


class LayerNorms(BaseModel):
    W1: list[float]
    b1: list[float]
    W2: list[float]
    b2: list[float]


class NetworkCurves(BaseModel):
    """A run's test loss and accuracy and its train accuracy at every iterate (0 = the start)."""

    test_loss: list[float]
    test_accuracy: list[float]
    train_accuracy: list[float]


class NetworkRunResult(BaseModel):
    """One run on a network surface (CONTRACT section 11); `a`, `b`: its iterates on the plane."""

    optimizer: str
    label: str
    loss: list[float] | None = Field(None, description="absent for a run named in known_paths")
    test_loss: float
    train_accuracy: float
    test_accuracy: float
    status: Literal["ok", "diverged"]
    steps: int
    theta: list[float]
    a: list[float]
    b: list[float]
    thetas: list[list[float]] | None = Field(None, description="with include_path")
    curves: NetworkCurves | None = Field(None, description="with include_path")
    grad_norm: LayerNorms | None = Field(None, description="with include_trace")


class PlaneGrid(BaseModel):
    a: list[float]
    b: list[float]
    loss: list[list[float]]


class Plane(BaseModel):
    origin: list[float]
    d1: list[float]
    d2: list[float]
    explained: float
    grid: PlaneGrid


class NetworkRunResponse(BaseModel):
    runs: list[NetworkRunResult]
    plane: Plane


class Grid(BaseModel):
    x: list[float]
    y: list[float]
    z: list[list[float]]


class DataRows(BaseModel):
    columns: list[str]
    features: list[list[float]]
    target: list[float]
    source: str
    split: list[Literal["train", "test"]] | None = Field(None, description="network surfaces")


class Problem(BaseModel):
    detail: str


class Health(BaseModel):
    status: Literal["ok"]


class SweepSpec(Strict):
    param: str = Field(description="a numeric hyperparameter of the run's optimizer, e.g. lr")
    values: list[Finite] = Field(min_length=1, max_length=256)


class SweepRequest(RunRequest):
    """A run request with exactly one run, repeated for each value of one hyperparameter."""

    networks_allowed: ClassVar[bool] = False

    runs: list[RunSpec] = Field(min_length=1, max_length=1)
    sweep: SweepSpec
    tolerance: Annotated[Finite, Field(gt=0.0, le=1e6)] = 1e-6
    work_field: ClassVar[str] = "sweep.values"

    @property
    def updates(self) -> int:
        return math.ceil(len(self.sweep.values) * self.steps * self.run_costs)

    @property
    def answer_numbers(self) -> int:
        return 4 * len(self.sweep.values)

    @model_validator(mode="after")
    def values_in_range(self) -> Self:
        optimizer = OPTIMIZERS[OPTIMIZER_INDEX[self.runs[0].optimizer]]
        param = optimizer.param(self.sweep.param)
        if param is None:
            raise unknown_parameter(
                f"sweep.param: {optimizer.id}", self.sweep.param, optimizer.params
            )
        if not param.numeric:
            raise invalid(
                "not_numeric",
                "sweep.param: {name} of {optimizer} is a {type}, not a number",
                name=param.name,
                optimizer=optimizer.id,
                type=param.type,
            )
        for i, value in enumerate(self.sweep.values):
            check_value(param, value, f"sweep.values[{i}]")
        return self


LR_RANGE = Param("lr", 0.01, LR_MIN, LR_MAX)  # every optimizer's lr (app.optimizers checks)


class TuneSpec(Strict):
    """The learning rates to try for every run, and how a run is scored (lower is better)."""

    values: list[Finite] = Field(
        default_factory=lambda: [float(v) for v in np.geomspace(1e-4, 1.0, 25)],
        min_length=1,
        max_length=64,
    )
    criterion: Literal["final_loss", "auc"] = Field(
        "final_loss",
        description="final_loss: the last loss; auc: the mean loss over all iterates (the area "
        "under the loss curve). A diverged run scores worst (null).",
    )

    @field_validator("values")
    @classmethod
    def in_range(cls, values: list[float]) -> list[float]:
        for i, value in enumerate(values):
            check_range(LR_RANGE, value, f"tune.values[{i}]")
        return values


class TuneRequest(RunRequest):
    """A scene whose every run gets the learning rate that scores best on it."""

    networks_allowed: ClassVar[bool] = False

    tune: TuneSpec = Field(default_factory=TuneSpec)
    work_field: ClassVar[str] = "tune.values"

    @property
    def updates(self) -> int:
        return math.ceil(self.run_costs * len(self.tune.values) * self.steps)

    @property
    def answer_numbers(self) -> int:
        return 2 * len(self.runs) * len(self.tune.values)


class SeedsSpec(Strict):
    count: Annotated[int, Field(strict=True, ge=2, le=32)] = 8
    first: Seed = 0


class SeedsRequest(RunRequest):
    """The scene repeated with seeds first, first+1, …: its noise and mini-batch order vary."""

    networks_allowed: ClassVar[bool] = False

    seeds: SeedsSpec = Field(default_factory=SeedsSpec)
    work_field: ClassVar[str] = "seeds.count"

    @property
    def updates(self) -> int:
        return math.ceil(self.seeds.count * self.run_costs * self.steps)

    @property
    def answer_numbers(self) -> int:
        return (self.seeds.count + 1) * len(self.runs) * (self.steps + 1) * 3

    @property
    def size_field(self) -> str:
        return "seeds.count"

    @model_validator(mode="after")
    def seeds_in_range(self) -> Self:
        """Every seed used must be one POST /api/run takes, so each path can be reproduced."""
        last = self.seeds.first + self.seeds.count - 1
        if last > MAX_SEED:
            raise invalid("too_large", "seeds.first: the seeds {first}..{last} go past the largest "
                          "seed, {max}; ask for a smaller first seed", first=self.seeds.first,
                          last=last, max=MAX_SEED)  # fmt: skip
        return self

    @model_validator(mode="after")
    def something_varies(self) -> Self:
        if self.noise.std == 0.0 and self.batch is None:
            raise invalid(
                "nothing_random",
                "seeds: every seed gives the same path; turn on gradient noise (noise.std > 0) or "
                "mini-batches (batch) first",
            )
        return self


class GridSpec(Strict):
    n: Annotated[int, Field(strict=True, ge=2, le=200)]


class BasinRequest(RunRequest):
    """A run request with exactly one run, started from every point of an n×n grid."""

    networks_allowed: ClassVar[bool] = False

    runs: list[RunSpec] = Field(min_length=1, max_length=1)
    grid: GridSpec
    radius: Annotated[Finite, Field(gt=0.0, le=1e6)] = 0.05
    work_field: ClassVar[str] = "grid.n"

    @property
    def updates(self) -> int:
        return math.ceil(self.grid.n**2 * self.steps * self.run_costs)

    @property
    def answer_numbers(self) -> int:
        return self.grid.n**2 + 2 * self.grid.n


class SweepResponse(BaseModel):
    param: str
    values: list[float]
    final_loss: list[float]
    steps_to_tolerance: list[int | None]
    status: list[Literal["ok", "diverged"]]


class TunedRun(BaseModel):
    optimizer: str
    label: str
    lr: float | None
    score: list[float | None]
    status: list[Literal["ok", "diverged"]]


class TuneResponse(BaseModel):
    criterion: Literal["final_loss", "auc"]
    values: list[float]
    runs: list[TunedRun]


class BasinResponse(BaseModel):
    x: list[float]
    y: list[float]
    minima: list[Annotated[list[float], Field(min_length=2, max_length=2)]]
    label: list[list[int]]
