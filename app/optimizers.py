"""The update rules (CONTRACT section 4) and their declarations: the declaration is the registry.

Each optimizer is one `Optimizer(...)` below its kernel: its parameters (with types), the names and
sizes of its state (torch's names), its reference constructor for "Copy as PyTorch", and the
kernel itself. Everything else (validation, `/api/optimizers`, the engine's dispatch, the state
row's size, the inspector, the export) is derived from `OPTIMIZERS`.

Every kernel has the same compiled signature `rule(p, g, s, h, t, lr, d)`: `p` the point, one
parameter tensor of any length n (2 on a surface, 4H+1 for a network), `g` its gradient (n,), `s`
the optimizer's state row (updated in place: a numba concession, it keeps the loop
allocation-free; its slots in declaration order, n numbers each or one for a scalar slot), `h`
the declared hyperparameters in declaration order (a bool as 0.0/1.0, a choice as its option's
index; the scheduled lr of this step comes as `lr`), `t` the 1-based step number as a float (so
`beta ** t` rounds like Python's float power, as the references do), and `d` the step to write
(n,); the engine alone applies `p + d`. Per-tensor quantities (Amos's mean(g²), LAMB's norms,
Adafactor's RMS, Prodigy's ⟨g, x₀ − x⟩ and ‖s‖₁) run over the whole vector, as the references
do for one parameter tensor. Operation order follows torch's single-tensor code (e.g. `lerp`) so
that float64 paths agree to ~1e-15 per step.
"""

import math
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from app.jit import generated_kernel, inline_kernel, rule_kernel
from app.second_order import MAX_EVAL, lbfgs_rule, newton_rule

Vec = NDArray[np.float64]
Kernel = Callable[..., None]  # a compiled rule(p, g, s, h, t, lr, d)
Value = float | int | bool | str


@dataclass(frozen=True)
class Param:
    """A hyperparameter. `float` and `int` take numbers in [min, max] (`log`: a log-scale
    slider); `bool` takes true/false; `choice` takes one of `options`."""

    name: str
    default: Value
    min: float = 0.0
    max: float = 0.0
    log: bool = False
    description: str = ""
    type: Literal["float", "int", "bool", "choice"] = "float"
    options: tuple[str, ...] = ()
    spelled: tuple[str, ...] = ()  # a choice's options as the reference takes them, e.g. "None"

    @property
    def numeric(self) -> bool:
        return self.type in ("float", "int")

    def typed(self, value: Value) -> Value:
        """A validated value as the reference takes it: 1 → 1.0 for a float, 3.0 → 3 for an int."""
        if self.type == "float":
            return float(value)
        if self.type == "int":
            return int(value)
        return value

    def code(self, value: Value) -> str:
        """The value as Python code in the reference constructor."""
        if self.spelled:
            return self.spelled[self.options.index(str(value))]
        return repr(value)

    def decode(self, number: float) -> Value:
        """The inverse of `encode`."""
        if self.type == "choice":
            return self.options[int(number)]
        return self.typed(bool(number) if self.type == "bool" else number)

    def encode(self, value: Value) -> float:
        """How a value travels to the kernel in the float row h."""
        if self.type == "choice":
            return float(self.options.index(str(value)))
        return float(value)

    def listing(self) -> dict[str, Any]:
        """The parameter in GET /api/optimizers (CONTRACT sections 2 and 4b)."""
        out: dict[str, Any] = {"name": self.name, "type": self.type, "default": self.default}
        if self.numeric:
            out |= {"min": self.min, "max": self.max, "log": self.log}
        if self.type == "choice":
            out["options"] = list(self.options)
        return out | {"description": self.description}


@dataclass(frozen=True)
class Slot:
    """A named part of the state row (torch's name for it), shown by the inspector: one number
    per coordinate of the point, or with `scalar` one number for the whole tensor (such as
    Amos's second moment or LAMB's trust ratio); `when` names a parameter that must be nonzero
    (a flag that is on) for torch to keep this part; `group`: the reference keeps it in the
    parameter group (one value for all parameters, such as Prodigy's d), not in the
    parameter's state; `per`: see below."""

    name: str
    scalar: bool = False
    when: str = ""
    group: bool = False
    # An int parameter: the part holds `size` numbers per unit of it (L-BFGS's history). Such
    # parts come last in the row and are not traced (the inspector shows the rest).
    per: str = ""

    def size(self, n: int) -> int:
        """Its numbers in the state row of a point of n coordinates."""
        return 1 if self.scalar else n


@dataclass(frozen=True)
class Optimizer:
    id: str
    name: str
    family: str
    description: str
    rule: str  # the update in one line, shown on the page
    kernel: Kernel
    params: tuple[Param, ...]
    # The reference constructor as Python over the parameter list `ps`, `{name}` standing for
    # each declared parameter's value, e.g. "torch.optim.SGD(ps, lr={lr})".
    reference: str
    state: tuple[Slot, ...] = ()
    # The bias corrections 1 − βᵗ each update divides by, for the inspector: (name, β's param).
    bias_corrections: tuple[tuple[str, str], ...] = ()
    # What the kernel takes beyond rule(p, g, s, h, t, lr, d): "hessian" adds the Hessian of
    # the update's loss at p, H (n, n); "closure" adds the update's loss f at p and the loss
    # itself, `objective(env, x, g) -> f` with its data `env` (see app/second_order.py).
    needs: Literal["gradient", "hessian", "closure"] = "gradient"
    # Work units of one update beside a plain gradient step's 1 (more loss evaluations, a
    # Hessian), from the hyperparameters: the budget multiplies the surface's cost by it.
    cost: Callable[[Mapping[str, Value]], float] = lambda values: 1.0

    def state_slices(
        self, values: Mapping[str, Value] | None = None, n: int = 2
    ) -> dict[str, slice]:
        """Where each named part of the state lives in the state row of a point of n
        coordinates (the slots in declaration order, as the kernel lays them out); with
        `values`, only the parts that torch keeps under those hyperparameters."""
        out, start = {}, 0
        for slot in self.state:
            if slot.per:
                break
            if values is None or not slot.when or values[slot.when]:
                out[slot.name] = slice(start, start + slot.size(n))
            start += slot.size(n)
        return out

    def state_size(self, n: int = 2) -> int:
        """The traced part of the state row (every part but the `per` ones) for a point of n
        coordinates."""
        return sum(slot.size(n) for slot in self.state if not slot.per)

    def state_width(self, values: Mapping[str, Value], n: int = 2) -> int:
        """The whole state row under these hyperparameters, for a point of n coordinates."""
        return sum(slot.size(n) * (max(1, int(values[slot.per])) if slot.per else 1)
                   for slot in self.state)  # fmt: skip

    def decode(self, row: NDArray[np.float64]) -> dict[str, Value]:
        """The hyperparameters of a kernel's row h."""
        return {p.name: p.decode(float(row[i])) for i, p in enumerate(self.params)}

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    @property
    def lr_column(self) -> int:
        """The position of `lr` in the hyperparameter row."""
        return [p.name for p in self.params].index("lr")

    def values(self, given: Mapping[str, Value]) -> dict[str, Value]:
        """Every hyperparameter: the given (validated) values over the defaults, typed."""
        return {p.name: p.typed(given.get(p.name, p.default)) for p in self.params}

    def reference_code(self, values: Mapping[str, Value]) -> str:
        spelled = {p.name: p.code(values[p.name]) for p in self.params}
        return self.reference.format(**spelled)

    def listing(self) -> dict[str, Any]:
        """The optimizer in GET /api/optimizers."""
        return {
            "id": self.id, "name": self.name, "family": self.family,
            "description": self.description, "rule": self.rule,
            "params": [p.listing() for p in self.params],
            "state": [[slot.name, slot.size(2)] for slot in self.state if not slot.per],
        }  # fmt: skip


LR_MIN, LR_MAX = 1e-6, 10.0


def lr(default: float) -> Param:
    return Param("lr", default, LR_MIN, LR_MAX, True, "learning rate: how far each step goes")


BETA1 = Param("beta1", 0.9, 0.0, 0.999, False, "decay of the gradient average (momentum)")
BETA2 = Param("beta2", 0.999, 0.0, 0.9999, False, "decay of the squared-gradient average")
MOMENTUM = Param("momentum", 0.9, 0.0, 0.999, False, "fraction of the velocity kept each step")


def eps(default: float) -> Param:
    return Param("eps", default, 1e-20, 1.0, True, "added to the denominator to avoid 0-division")


def weight_decay(default: float) -> Param:
    return Param("weight_decay", default, 0.0, 1.0, False, "decoupled pull of the point toward 0")


def l2_decay() -> Param:
    return Param("weight_decay", 0.0, 0.0, 1.0, False, "L2 penalty: adds λ·x to the gradient")


def flag(name: str, description: str) -> Param:
    return Param(name, False, description=description, type="bool")


WARMUP_STEPS = Param("warmup_steps", 0, 0, 10000, False, "steps of linear lr warm-up", "int")
SF_R = Param("r", 0.0, 0.0, 10.0, False, "the average weighs step t by tʳ")
SF_WEIGHT_LR_POWER = Param("weight_lr_power", 2.0, 0.0, 4.0, False,
                           "the average weighs each step by lr_max to this power")  # fmt: skip


ADAM_BIAS = (("bias_correction1", "beta1"), ("bias_correction2", "beta2"))


@inline_kernel
def lerp(a: float, b: float, w: float) -> float:
    """torch.lerp's rounding: a + w(b − a) for small w, else b − (b − a)(1 − w)."""
    return a + w * (b - a) if abs(w) < 0.5 else b - (b - a) * (1.0 - w)


@inline_kernel
def l2(g: float, p: float, wd: float) -> float:
    """torch's coupled weight decay, g + λ·p (skipped at λ = 0, as torch skips it)."""
    return g + wd * p if wd != 0.0 else g


@inline_kernel
def norm(x: Vec) -> float:
    """‖x‖₂ of the whole tensor, the per-tensor quantity of LAMB and Adafactor."""
    squares = 0.0
    for i in range(x.shape[0]):
        squares += x[i] * x[i]
    return math.sqrt(squares)


@rule_kernel
def sgd_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """Gradient descent: Δ = −lr·(g + λp)."""
    for i in range(p.shape[0]):
        d[i] = -lr * l2(g[i], p[i], h[1])


SGD = Optimizer(
    "sgd", "SGD", "gradient descent",
    "Plain gradient descent: step against the gradient, scaled by the learning rate.",
    "x ← x − lr·g", sgd_rule, (lr(0.01), l2_decay()),
    reference="torch.optim.SGD(ps, lr={lr}, weight_decay={weight_decay})",
)  # fmt: skip


@rule_kernel
def momentum_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """Heavy ball (Polyak 1964; torch form): b ← μ·b + (1−τ)·g (b₁ = g), Δ = −lr·b."""
    mu, dampening, wd = h[1], h[2], h[3]
    for i in range(p.shape[0]):
        gi = l2(g[i], p[i], wd)
        if mu != 0.0:  # torch keeps no buffer without momentum, so no dampening either
            s[i] = gi if t == 1.0 else s[i] * mu + (1.0 - dampening) * gi
        d[i] = -lr * (s[i] if mu != 0.0 else gi)


MOMENTUM_SGD = Optimizer(
    "momentum", "Momentum", "momentum",
    "Heavy-ball momentum: a velocity accumulates past gradients and carries the point through "
    "flat stretches and along valleys.",
    "b ← μ·b + (1−τ)·g;  x ← x − lr·b", momentum_rule,
    (lr(0.01), MOMENTUM,
     Param("dampening", 0.0, 0.0, 1.0, False, "τ: the share of each new gradient left out"),
     l2_decay()),
    reference="torch.optim.SGD(ps, lr={lr}, momentum={momentum}, dampening={dampening}, "
    "weight_decay={weight_decay})",
    state=(Slot("momentum_buffer", when="momentum"),),
)  # fmt: skip


@rule_kernel
def nag_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """Nesterov (Sutskever et al. 2013; torch form): b ← μ·b + g, Δ = −lr·(g + μ·b)."""
    mu, wd = h[1], h[2]
    for i in range(p.shape[0]):
        gi = l2(g[i], p[i], wd)
        s[i] = gi if t == 1.0 else s[i] * mu + gi
        d[i] = -lr * (gi + mu * s[i])


NAG = Optimizer(
    "nag", "Nesterov (NAG)", "momentum",
    "Nesterov accelerated gradient: momentum with a look-ahead correction that damps overshoot.",
    "b ← μ·b + g;  x ← x − lr·(g + μ·b)", nag_rule, (lr(0.01), MOMENTUM, l2_decay()),
    # torch refuses nesterov=True without momentum; with momentum 0 both are plain SGD
    reference="torch.optim.SGD(ps, lr={lr}, momentum={momentum}, nesterov={momentum} > 0, "
    "weight_decay={weight_decay})",
    state=(Slot("momentum_buffer", when="momentum"),),
)  # fmt: skip


@rule_kernel
def adagrad_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """Adagrad (Duchi et al. 2011): G ← G + g² (G₀ = initial_accumulator_value),
    Δ = −lr/(1 + (t−1)·decay) · g / (√G + ε)."""
    lr_decay, eps, wd, initial = h[1], h[2], h[3], h[4]
    clr = lr / (1.0 + (t - 1.0) * lr_decay)
    for i in range(p.shape[0]):
        gi = l2(g[i], p[i], wd)
        s[i] = (initial if t == 1.0 else s[i]) + gi * gi
        d[i] = -clr * (gi / (math.sqrt(s[i]) + eps))


ADAGRAD = Optimizer(
    "adagrad", "Adagrad", "adaptive",
    "Per-coordinate step sizes shrink with the sum of all past squared gradients; steps fade "
    "over time.",
    "G ← G + g²;  x ← x − lr·g/(√G + ε)", adagrad_rule,
    (lr(0.01), Param("lr_decay", 0.0, 0.0, 1.0, False, "lr ÷ (1 + (t−1)·lr_decay)"), eps(1e-10),
     l2_decay(),
     Param("initial_accumulator_value", 0.0, 0.0, 10.0, False, "where the sum G starts")),
    reference="torch.optim.Adagrad(ps, lr={lr}, lr_decay={lr_decay}, eps={eps}, "
    "weight_decay={weight_decay}, initial_accumulator_value={initial_accumulator_value})",
    state=(Slot("sum"),),
)  # fmt: skip


@rule_kernel
def rmsprop_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """RMSProp (Tieleman & Hinton 2012): v ← α·v + (1−α)·g²; centered: ḡ ← α·ḡ + (1−α)·g,
    a = √(v − ḡ²) + ε, else a = √v + ε; Δ = −lr·g/a, or with momentum b ← μb + g/a, Δ = −lr·b."""
    alpha, eps, mu, centered, wd = h[1], h[2], h[3], h[4] != 0.0, h[5]
    n = p.shape[0]
    square_avg, buf, grad_avg = s[0:n], s[n : 2 * n], s[2 * n : 3 * n]
    for i in range(n):
        gi = l2(g[i], p[i], wd)
        square_avg[i] = square_avg[i] * alpha + (1.0 - alpha) * gi * gi
        if centered:
            grad_avg[i] = lerp(grad_avg[i], gi, 1.0 - alpha)
            avg = math.sqrt(square_avg[i] - grad_avg[i] * grad_avg[i]) + eps
        else:
            avg = math.sqrt(square_avg[i]) + eps
        if mu > 0.0:
            buf[i] = buf[i] * mu + gi / avg
            d[i] = -lr * buf[i]
        else:
            d[i] = -lr * (gi / avg)


RMSPROP = Optimizer(
    "rmsprop", "RMSProp", "adaptive",
    "Divides by a running RMS of recent gradients, so steep and flat directions move at similar "
    "speeds.",
    "v ← α·v + (1−α)·g²;  x ← x − lr·g/(√v + ε)", rmsprop_rule,
    (lr(0.01), Param("alpha", 0.99, 0.0, 0.9999, False, "decay of the squared-gradient average"),
     eps(1e-8), Param("momentum", 0.0, 0.0, 0.999, False, "momentum on the step (0 = none)"),
     flag("centered", "divide by the variance (v − ḡ²) rather than the mean square"),
     l2_decay()),
    reference="torch.optim.RMSprop(ps, lr={lr}, alpha={alpha}, eps={eps}, momentum={momentum}, "
    "centered={centered}, weight_decay={weight_decay})",
    state=(Slot("square_avg"), Slot("momentum_buffer", when="momentum"),
           Slot("grad_avg", when="centered")),
)  # fmt: skip


@rule_kernel
def adadelta_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """AdaDelta (Zeiler 2012): v ← ρv + (1−ρ)g², δ = √(u+ε)/√(v+ε)·g, u ← ρu + (1−ρ)δ²,
    Δ = −lr·δ."""
    rho, eps = h[1], h[2]
    n = p.shape[0]
    v, u = s[0:n], s[n : 2 * n]
    for i in range(n):
        v[i] = v[i] * rho + (1.0 - rho) * g[i] * g[i]
        delta = math.sqrt(u[i] + eps) / math.sqrt(v[i] + eps) * g[i]
        u[i] = u[i] * rho + (1.0 - rho) * delta * delta
        d[i] = -lr * delta


ADADELTA = Optimizer(
    "adadelta", "AdaDelta", "adaptive",
    "RMSProp whose step is rescaled by a running RMS of past updates: units match, lr can stay "
    "at 1.",
    "δ = √(u+ε)/√(v+ε)·g;  x ← x − lr·δ", adadelta_rule,
    (lr(1.0), Param("rho", 0.9, 0.0, 0.9999, False, "decay of both running averages"),
     eps(1e-6)),
    reference="torch.optim.Adadelta(ps, lr={lr}, rho={rho}, eps={eps})",
    state=(Slot("square_avg"), Slot("acc_delta")),
)  # fmt: skip


@inline_kernel
def adam_step(p: Vec, g: Vec, s: Vec, beta1: float, beta2: float, eps: float, l2_wd: float,
              amsgrad: bool, t: float, lr: float, d: Vec) -> None:  # fmt: skip
    """The Adam moments (m, v, and with amsgrad v's running maximum, in s) of g + λp and the
    bias-corrected step, shared by Adam and AdamW."""
    n = p.shape[0]
    m, v, v_max = s[0:n], s[n : 2 * n], s[2 * n : 3 * n]
    step_size = lr / (1.0 - beta1**t)
    bc2_sqrt = math.sqrt(1.0 - beta2**t)
    for i in range(n):
        gi = l2(g[i], p[i], l2_wd)
        m[i] = lerp(m[i], gi, 1.0 - beta1)
        v[i] = v[i] * beta2 + (1.0 - beta2) * gi * gi
        if amsgrad:
            v_max[i] = max(v_max[i], v[i])
        second = v_max[i] if amsgrad else v[i]
        d[i] = -step_size * (m[i] / (math.sqrt(second) / bc2_sqrt + eps))


@rule_kernel
def adam_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """Adam (Kingma & Ba 2015): m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g² (g + λp with L2),
    Δ = −lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε); amsgrad divides by the largest v so far."""
    adam_step(p, g, s, h[1], h[2], h[3], h[4], h[5] != 0.0, t, lr, d)


ADAM_STATE = (Slot("exp_avg"), Slot("exp_avg_sq"), Slot("max_exp_avg_sq", when="amsgrad"))
AMSGRAD = flag("amsgrad", "divide by the largest second moment so far (AMSGrad)")
ADAM = Optimizer(
    "adam", "Adam", "adaptive",
    "Momentum plus RMSProp with bias correction, so the first steps are not too small.",
    "m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  x ← x − lr·m̂/(√v̂ + ε)", adam_rule,
    (lr(0.001), BETA1, BETA2, eps(1e-8), l2_decay(), AMSGRAD),
    reference="torch.optim.Adam(ps, lr={lr}, betas=({beta1}, {beta2}), eps={eps}, "
    "weight_decay={weight_decay}, amsgrad={amsgrad})",
    state=ADAM_STATE, bias_corrections=ADAM_BIAS,
)  # fmt: skip


@rule_kernel
def nadam_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """NAdam (Dozat 2016; torch form): μₜ = β₁(1 − ½·0.96^(t·ψ)), Π ← Π·μₜ,
    Δ = −lr·[(1−μₜ)/(1−Π)·g + μₜ₊₁/(1−Π·μₜ₊₁)·m] / (√(v/(1−β₂ᵗ)) + ε); weight decay as L2
    on g, or decoupled (x ← x·(1 − lr·λ) first)."""
    beta1, beta2, eps, psi, wd, decoupled = h[1], h[2], h[3], h[4], h[5], h[6] != 0.0
    n = p.shape[0]
    m, v = s[0:n], s[n : 2 * n]
    mu = beta1 * (1.0 - 0.5 * 0.96 ** (t * psi))
    mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((t + 1.0) * psi))
    s[2 * n] = (1.0 if t == 1.0 else s[2 * n]) * mu  # the running product Π starts at 1
    product = s[2 * n]
    grad_coef = -lr * (1.0 - mu) / (1.0 - product)
    avg_coef = -lr * mu_next / (1.0 - product * mu_next)
    bc2 = 1.0 - beta2**t
    for i in range(n):
        gi = l2(g[i], p[i], 0.0 if decoupled else wd)
        m[i] = lerp(m[i], gi, 1.0 - beta1)
        v[i] = v[i] * beta2 + (1.0 - beta2) * gi * gi
        denom = math.sqrt(v[i] / bc2) + eps
        d[i] = grad_coef * gi / denom + avg_coef * m[i] / denom
        if decoupled:
            d[i] += p[i] * (1.0 - lr * wd) - p[i]


NADAM = Optimizer(
    "nadam", "NAdam", "adaptive",
    "Adam with Nesterov momentum: the step looks ahead along the momentum.",
    "x ← x − lr·(μₜ₊₁·m̂ + (1−μₜ)·ĝ)/(√v̂ + ε)", nadam_rule,
    (lr(0.002), BETA1, BETA2, eps(1e-8),
     Param("momentum_decay", 0.004, 0.0, 0.1, False, "warms the momentum up over steps"),
     l2_decay(), flag("decoupled_weight_decay", "decay the point directly (as AdamW), not "
                      "through the gradient")),
    reference="torch.optim.NAdam(ps, lr={lr}, betas=({beta1}, {beta2}), eps={eps}, "
    "momentum_decay={momentum_decay}, weight_decay={weight_decay}, "
    "decoupled_weight_decay={decoupled_weight_decay})",
    state=(Slot("exp_avg"), Slot("exp_avg_sq"), Slot("mu_product", scalar=True)),
    bias_corrections=(("bias_correction2", "beta2"),),
)  # fmt: skip


@rule_kernel
def adamw_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """AdamW (Loshchilov & Hutter 2019): x ← x·(1 − lr·λ), then the Adam step."""
    adam_step(p, g, s, h[1], h[2], h[3], 0.0, h[5] != 0.0, t, lr, d)
    for i in range(p.shape[0]):
        d[i] += p[i] * (1.0 - lr * h[4]) - p[i]


ADAMW = Optimizer(
    "adamw", "AdamW", "adaptive",
    "Adam with decoupled weight decay: shrinks the point toward 0 outside the adaptive step.",
    "x ← x·(1 − lr·λ);  Adam step", adamw_rule,
    (lr(0.001), BETA1, BETA2, eps(1e-8), weight_decay(0.01), AMSGRAD),
    reference="torch.optim.AdamW(ps, lr={lr}, betas=({beta1}, {beta2}), eps={eps}, "
    "weight_decay={weight_decay}, amsgrad={amsgrad})",
    state=ADAM_STATE, bias_corrections=ADAM_BIAS,
)  # fmt: skip


@rule_kernel
def adabelief_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """AdaBelief (Zhuang et al. 2020): m ← β₁m + (1−β₁)g, s ← β₂s + (1−β₂)(g − m)² + ε,
    Δ = −lr/(1−β₁ᵗ) · m / (√s/√(1−β₂ᵗ) + ε)."""
    beta1, beta2, eps = h[1], h[2], h[3]
    n = p.shape[0]
    m, var = s[0:n], s[n : 2 * n]
    step_size = lr / (1.0 - beta1**t)
    bc2_sqrt = math.sqrt(1.0 - beta2**t)
    for i in range(n):
        m[i] = lerp(m[i], g[i], 1.0 - beta1)
        residual = g[i] - m[i]
        var[i] = var[i] * beta2 + (1.0 - beta2) * residual * residual + eps
        d[i] = -step_size * m[i] / (math.sqrt(var[i]) / bc2_sqrt + eps)


ADABELIEF = Optimizer(
    "adabelief", "AdaBelief", "adaptive",
    "Adam that divides by the variance of the gradient around its average: big steps when the "
    "gradient is predictable.",
    "s ← β₂s + (1−β₂)(g − m)² + ε;  x ← x − lr·m̂/(√ŝ + ε)", adabelief_rule,
    (lr(0.001), BETA1, BETA2, eps(1e-16)),
    reference="pytorch_optimizer.AdaBelief(ps, lr={lr}, betas=({beta1}, {beta2}), eps={eps}, "
    "rectify=False, weight_decay=0.0)",
    state=(Slot("exp_avg"), Slot("exp_avg_var")), bias_corrections=ADAM_BIAS,
)  # fmt: skip


@rule_kernel
def lion_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """Lion (Chen et al. 2023): Δ = −lr·(sign(β₁m + (1−β₁)g) + λp), then m ← β₂m + (1−β₂)g."""
    beta1, beta2, wd = h[1], h[2], h[3]
    for i in range(p.shape[0]):
        direction = np.sign(lerp(s[i], g[i], 1.0 - beta1))
        s[i] = lerp(s[i], g[i], 1.0 - beta2)
        d[i] = p[i] * (1.0 - wd * lr) - p[i] - lr * direction


LION = Optimizer(
    "lion", "Lion", "sign",
    "Evolved sign momentum: every coordinate moves by exactly ±lr, so use a small lr.",
    "x ← x − lr·sign(β₁m + (1−β₁)g);  m ← β₂m + (1−β₂)g", lion_rule,
    (lr(0.0001), BETA1, Param("beta2", 0.99, 0.0, 0.9999, False, "decay of the momentum"),
     weight_decay(0.0)),
    reference="pytorch_optimizer.Lion(ps, lr={lr}, betas=({beta1}, {beta2}), "
    "weight_decay={weight_decay})",
    state=(Slot("exp_avg"),),
)  # fmt: skip


@rule_kernel
def amos_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """Amos (Tian & Parikh 2022), per tensor with target scale ½: v ← βv + (1−β)·mean(g²),
    r = (1−βᵗ)/(v+ε), γ = lr²·r·mean(g²)/√(1 + c·√lr·b), the step −(√r·lr/2·g + (γ−l2)/2·p)
    is shrunk by 1/(1 + d·√(lr/2)·b), the decay b ← b(1+γ) + γ; optional momentum on the step."""
    beta, mom, extra_l2, c_coef, d_coef, eps = h[1], h[2], h[3], h[4], h[5], h[6]
    g2 = 0.0
    for i in range(p.shape[0]):
        g2 += g[i] * g[i]
    g2 = g2 / p.shape[0]  # mean(g²) over the tensor
    init_lr = lr * 0.5
    s[0] = lerp(s[0], g2, 1.0 - beta)  # second moment, one scalar for the tensor
    r_v_hat = (1.0 - beta**t) / (s[0] + eps)
    decay = s[1]
    factor_c = 1.0 / math.sqrt(1.0 + c_coef * math.sqrt(lr) * decay)
    factor_d = 1.0 / (1.0 + d_coef * math.sqrt(init_lr) * decay)
    gamma = factor_c * lr**2.0 * r_v_hat * g2
    s[1] = decay * (1.0 + gamma) + gamma
    for i in range(p.shape[0]):
        update = (
            p[i] * ((gamma - extra_l2) / 2.0) + init_lr * (math.sqrt(r_v_hat) * g[i])
        ) * factor_d
        if mom > 0.0:
            s[2 + i] = lerp(s[2 + i], update, 1.0 - mom)
            update = s[2 + i]
        d[i] = -update


AMOS = Optimizer(
    "amos", "Amos", "adaptive",
    "Adam-like step with a per-tensor second moment and a learning rate that decays on its own "
    "as the point settles.",
    "x ← x − (√r·lr/2·g + (γ − l2)/2·x)/(1 + d·√(lr/2)·b)", amos_rule,
    (lr(0.001), Param("beta", 0.999, 0.0, 0.9999, False, "decay of the squared-gradient average"),
     Param("momentum", 0.0, 0.0, 0.999, False, "momentum on the update (0 = none)"),
     Param("extra_l2", 0.0, 0.0, 1.0, False, "extra L2 pull toward 0"),
     Param("c_coef", 0.25, 0.0, 1.0, False, "how fast the learning rate decays"),
     Param("d_coef", 0.25, 0.0, 1.0, False, "how fast the step shrinks"),
     eps(1e-18)),
    reference="pytorch_optimizer.Amos(ps, lr={lr}, beta={beta}, momentum={momentum}, "
    "extra_l2={extra_l2}, c_coef={c_coef}, d_coef={d_coef}, eps={eps})",
    state=(Slot("exp_avg_sq", scalar=True), Slot("decay", scalar=True),
           Slot("exp_avg", when="momentum")),
    bias_corrections=(("bias_correction", "beta"),),
)  # fmt: skip


@rule_kernel
def adamax_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """Adamax (Kingma & Ba 2015, §7.1): m ← β₁m + (1−β₁)g, u ← max(β₂u, |g| + ε),
    Δ = −lr/(1−β₁ᵗ) · m/u."""
    beta1, beta2, eps, wd = h[1], h[2], h[3], h[4]
    n = p.shape[0]
    m, u = s[0:n], s[n : 2 * n]
    clr = lr / (1.0 - beta1**t)
    for i in range(n):
        gi = l2(g[i], p[i], wd)
        m[i] = lerp(m[i], gi, 1.0 - beta1)
        u[i] = max(u[i] * beta2, abs(gi) + eps)
        d[i] = -clr * (m[i] / u[i])


ADAMAX = Optimizer(
    "adamax", "Adamax", "adaptive",
    "Adam with the infinity norm: divides by a slowly decaying maximum of |g| instead of a "
    "root mean square, so no step is much longer than lr.",
    "u ← max(β₂u, |g| + ε);  x ← x − lr/(1−β₁ᵗ)·m/u", adamax_rule,
    (lr(0.002), BETA1, BETA2, eps(1e-8), l2_decay()),
    reference="torch.optim.Adamax(ps, lr={lr}, betas=({beta1}, {beta2}), eps={eps}, "
    "weight_decay={weight_decay})",
    state=(Slot("exp_avg"), Slot("exp_inf")),
    bias_corrections=(("bias_correction", "beta1"),),
)  # fmt: skip


@rule_kernel
def radam_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """RAdam (Liu et al. 2020): Adam's moments; while the variance estimate rests on too few
    steps (ρₜ ≤ 5) the step is plain momentum, −lr·m̂, after it the rectified Adam step
    −lr·m̂·√(1−β₂ᵗ)/(√v + ε)·r, with ρ∞ = 2/(1−β₂) − 1, ρₜ = ρ∞ − 2tβ₂ᵗ/(1−β₂ᵗ) and
    r = √((ρₜ−4)(ρₜ−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρₜ))."""
    beta1, beta2, eps, wd, decoupled = h[1], h[2], h[3], h[4], h[5] != 0.0
    n = p.shape[0]
    m, v = s[0:n], s[n : 2 * n]
    bc1, bc2 = 1.0 - beta1**t, 1.0 - beta2**t
    rho_inf = 2.0 / (1.0 - beta2) - 1.0
    rho_t = rho_inf - 2.0 * t * beta2**t / bc2
    rectified = rho_t > 5.0
    rect = 0.0
    if rectified:
        rect = ((rho_t - 4.0) * (rho_t - 2.0) * rho_inf
                / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho_t)) ** 0.5  # fmt: skip
    for i in range(n):
        x = p[i] * (1.0 - lr * wd) if decoupled and wd != 0.0 else p[i]
        gi = l2(g[i], p[i], 0.0 if decoupled else wd)
        m[i] = lerp(m[i], gi, 1.0 - beta1)
        v[i] = v[i] * beta2 + (1.0 - beta2) * gi * gi
        corrected = m[i] / bc1
        if rectified:  # torch's scalar / tensor is reciprocal(tensor) · scalar
            adaptive = 1.0 / (math.sqrt(v[i]) + eps) * bc2**0.5
            d[i] = (x - corrected * lr * adaptive * rect) - p[i]
        else:
            d[i] = (x - corrected * lr) - p[i]


RADAM = Optimizer(
    "radam", "RAdam", "adaptive",
    "Adam with a built-in warm-up: plain momentum steps until enough gradients have been seen "
    "for the variance estimate to be trusted, then Adam steps scaled by a rectification factor.",
    "ρₜ > 5: x ← x − lr·r·m̂/(√v̂ + ε);  else x ← x − lr·m̂", radam_rule,
    (lr(0.001), BETA1, BETA2, eps(1e-8),
     Param("weight_decay", 0.0, 0.0, 1.0, False, "weight decay: L2 on the gradient, or "
           "decoupled with decoupled_weight_decay"),
     flag("decoupled_weight_decay", "decay the point directly (as AdamW), not through the "
          "gradient")),
    reference="torch.optim.RAdam(ps, lr={lr}, betas=({beta1}, {beta2}), eps={eps}, "
    "weight_decay={weight_decay}, decoupled_weight_decay={decoupled_weight_decay})",
    state=(Slot("exp_avg"), Slot("exp_avg_sq")), bias_corrections=ADAM_BIAS,
)  # fmt: skip


@rule_kernel
def asgd_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """Averaged SGD (Polyak & Juditsky 1992; torch form): x ← x·(1 − λη) − η·g, the average
    ax ← ax + μ(x − ax); then η ← lr/(1 + λ·lr·t)^α and μ ← 1/max(1, t − t₀) (η₁ = lr, μ₁ = 1).
    The path is the point x itself, not ax."""
    lambd, alpha, t0, wd = h[1], h[2], h[3], h[4]
    ax = s[2 : 2 + p.shape[0]]
    if t == 1.0:
        s[0], s[1] = lr, 1.0
    eta, mu = s[0], s[1]
    for i in range(p.shape[0]):
        gi = l2(g[i], p[i], wd)
        x = p[i] * (1.0 - lambd * eta) + -eta * gi
        ax[i] = ax[i] + (x - ax[i]) * mu if mu != 1.0 else x
        d[i] = x - p[i]
    s[0] = lr / (1.0 + lambd * lr * t) ** alpha
    s[1] = 1.0 / max(1.0, t - t0)


ASGD = Optimizer(
    "asgd", "ASGD", "gradient descent",
    "Averaged SGD: gradient descent whose step size η decays slowly, with a running average of "
    "the points (ax) kept from step t₀ on; the path drawn is the point itself.",
    "x ← x·(1 − λη) − η·g;  η ← lr/(1 + λ·lr·t)^α", asgd_rule,
    (lr(0.01), Param("lambd", 1e-4, 0.0, 1.0, False, "decay term λ of the step size"),
     Param("alpha", 0.75, 0.0, 1.0, False, "power α of the step size's decay"),
     Param("t0", 1e6, 1.0, 1e7, True, "step t₀ from which the average starts"),
     l2_decay()),
    reference="torch.optim.ASGD(ps, lr={lr}, lambd={lambd}, alpha={alpha}, t0={t0}, "
    "weight_decay={weight_decay})",
    state=(Slot("eta", scalar=True), Slot("mu", scalar=True), Slot("ax")),
)  # fmt: skip


@rule_kernel
def rprop_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """Rprop (Riedmiller & Braun 1993; torch form): per coordinate, the step size s grows by
    η₊ while g keeps its sign and shrinks by η₋ when it flips (that gradient then counts as 0),
    clipped to [s_min, s_max]; Δ = −sign(g)·s. The first step size is lr."""
    eta_minus, eta_plus, step_min, step_max = h[1], h[2], h[3], h[4]
    n = p.shape[0]
    prev, size = s[0:n], s[n : 2 * n]
    for i in range(n):
        if t == 1.0:
            size[i] = lr
        turn = g[i] * prev[i]
        factor = eta_plus if turn > 0.0 else eta_minus if turn < 0.0 else 1.0
        size[i] = min(max(size[i] * factor, step_min), step_max)
        gi = 0.0 if turn < 0.0 else g[i]
        d[i] = -(np.sign(gi) * size[i])
        prev[i] = gi


RPROP = Optimizer(
    "rprop", "Rprop", "sign",
    "Resilient propagation: ignores the gradient's size and uses only its sign; each "
    "coordinate's step grows while the sign holds and shrinks when it flips.",
    "s ← clip(s·η₊ or s·η₋);  x ← x − sign(g)·s", rprop_rule,
    (lr(0.01), Param("eta_minus", 0.5, 0.1, 0.99, False, "step size factor after a sign flip"),
     Param("eta_plus", 1.2, 1.01, 5.0, False, "step size factor while the sign holds"),
     Param("step_min", 1e-6, 1e-8, 1e-2, True, "smallest step size"),
     Param("step_max", 50.0, 0.01, 100.0, True, "largest step size")),
    reference="torch.optim.Rprop(ps, lr={lr}, etas=({eta_minus}, {eta_plus}), "
    "step_sizes=({step_min}, {step_max}))",
    state=(Slot("prev"), Slot("step_size")),
)  # fmt: skip


@rule_kernel
def adafactor_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """Adafactor (Shazeer & Stern 2018; torch form). The point is a vector, so its second
    moment is not factored: v ← v + t^c·(g² − v), u = g/√max(v, ε₁²) with ε₁ float64's epsilon,
    and x ← x·(1 − lr·λ) − max(ε₂, rms(x))·min(lr, 1/√t) · u/max(1, rms(u)/d)."""
    beta2_decay, eps2, clip, wd = h[1], h[2], h[3], h[4]
    eps1 = 2.220446049250313e-16  # torch.finfo(torch.float64).eps: eps=(None, eps2)
    n = p.shape[0]
    v = s[0:n]
    sqrt_n = math.sqrt(n)  # rms = ‖·‖/√n over the tensor
    rho = min(lr, 1.0 / t**0.5)
    alpha = max(eps2, norm(p) / sqrt_n) * rho
    weight = t**beta2_decay
    for i in range(n):  # d holds u = g/√v until the step overwrites it
        v[i] = lerp(v[i], g[i] * g[i], weight)
        d[i] = 1.0 / math.sqrt(max(v[i], eps1 * eps1)) * g[i]
    scale = -alpha / max(1.0, norm(d) / (sqrt_n * clip))
    for i in range(n):
        x = p[i] * (1.0 - lr * wd) if wd != 0.0 else p[i]
        d[i] = (x + scale * d[i]) - p[i]


ADAFACTOR = Optimizer(
    "adafactor", "Adafactor", "adaptive",
    "Memory-light Adam without momentum: steps are relative to the point's own size (its RMS), "
    "the rate falls as 1/√t, and a step whose RMS exceeds d is clipped.",
    "v ← v + t^c·(g² − v);  x ← x − max(ε₂, rms x)·min(lr, 1/√t)·u/max(1, rms(u)/d), "
    "u = g/√v", adafactor_rule,
    (lr(0.01), Param("beta2_decay", -0.8, -1.0, 0.0, False, "c: the squared-gradient average "
                     "weighs step t by t^c"),
     Param("eps2", 1e-3, 1e-10, 1.0, True, "smallest point scale the step is relative to"),
     Param("d", 1.0, 0.1, 10.0, True, "clipping threshold on the step's RMS"),
     weight_decay(0.0)),
    reference="torch.optim.Adafactor(ps, lr={lr}, beta2_decay={beta2_decay}, "
    "eps=(None, {eps2}), d={d}, weight_decay={weight_decay})",
    state=(Slot("variance"),),
)  # fmt: skip


@rule_kernel
def signum_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """signSGD / Signum (Bernstein et al. 2018): m ← μm + (1−μ)g (no m when μ = 0),
    x ← x·(1 − lr·λ) − lr·sign(m or g)."""
    mom, wd = h[1], h[2]
    for i in range(p.shape[0]):
        if mom > 0.0:
            s[i] = lerp(s[i], g[i], 1.0 - mom)
        direction = np.sign(s[i] if mom > 0.0 else g[i])
        if wd != 0.0:
            d[i] = (p[i] * (1.0 - wd * lr) + -lr * direction) - p[i]
        else:
            d[i] = -lr * direction


SIGNUM = Optimizer(
    "signum", "Signum", "sign",
    "Sign descent: every coordinate moves by exactly lr, in the direction of the sign of its "
    "(momentum-averaged) gradient; momentum 0 is signSGD.",
    "m ← μm + (1−μ)g;  x ← x − lr·sign(m)", signum_rule,
    (lr(0.001), MOMENTUM, weight_decay(0.0)),
    reference="pytorch_optimizer.SignSGD(ps, lr={lr}, momentum={momentum}, "
    "weight_decay={weight_decay})",
    state=(Slot("momentum_buffer", when="momentum"),),
)  # fmt: skip


@rule_kernel
def yogi_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """Yogi (Zaheer et al. 2018): Adam whose second moment moves additively,
    v ← v − (1−β₂)·sign(v − g²)·g², so it cannot collapse after a burst of large gradients;
    m and v start at initial_accumulator."""
    beta1, beta2, initial, eps = h[1], h[2], h[3], h[4]
    n = p.shape[0]
    m, v = s[0:n], s[n : 2 * n]
    if t == 1.0:
        m[:] = initial
        v[:] = initial
    step_size = lr / (1.0 - beta1**t)
    bc2_sqrt = math.sqrt(1.0 - beta2**t)
    for i in range(n):
        m[i] = lerp(m[i], g[i], 1.0 - beta1)
        g2 = g[i] * g[i]
        v[i] = v[i] + -(1.0 - beta2) * np.sign(v[i] - g2) * g2
        d[i] = -step_size * (m[i] / (math.sqrt(v[i]) / bc2_sqrt + eps))


YOGI = Optimizer(
    "yogi", "Yogi", "adaptive",
    "Adam whose second moment changes additively rather than multiplicatively, so a burst of "
    "large gradients cannot make the steps explode afterwards.",
    "v ← v − (1−β₂)·sign(v − g²)·g²;  x ← x − lr·m̂/(√v̂ + ε)", yogi_rule,
    (lr(0.01), BETA1, BETA2,
     Param("initial_accumulator", 1e-6, 0.0, 1.0, False, "where m and v start"), eps(1e-3)),
    reference="pytorch_optimizer.Yogi(ps, lr={lr}, betas=({beta1}, {beta2}), "
    "initial_accumulator={initial_accumulator}, eps={eps})",
    state=ADAM_STATE[:2], bias_corrections=ADAM_BIAS,
)  # fmt: skip


@rule_kernel
def adan_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """Adan (Xie et al. 2022; pytorch_optimizer form): with the gradient change δ = g − g_prev
    (0 at the first step), m ← β₁m + (1−β₁)g, n ← β₂n + (1−β₂)δ, v ← β₃v + (1−β₃)(g + β₂δ)²,
    x ← [x − lr/(1−β₁ᵗ)·m/a − lr·β₂/(1−β₂ᵗ)·n/a] / (1 + lr·λ), a = √v/√(1−β₃ᵗ) + ε."""
    beta1, beta2, beta3, wd, eps = h[1], h[2], h[3], h[4], h[5]
    k = p.shape[0]
    m, v, n, prev = s[0:k], s[k : 2 * k], s[2 * k : 3 * k], s[3 * k : 4 * k]  # prev: −g last step
    step_size = lr / (1.0 - beta1**t)
    diff_step_size = lr * beta2 / (1.0 - beta2**t)
    bc3_sqrt = math.sqrt(1.0 - beta3**t)
    for i in range(p.shape[0]):
        diff = (-g[i] if t == 1.0 else prev[i]) + g[i]
        m[i] = lerp(m[i], g[i], 1.0 - beta1)
        n[i] = lerp(n[i], diff, 1.0 - beta2)
        diff = diff * beta2 + g[i]
        v[i] = v[i] * beta3 + (1.0 - beta3) * diff * diff
        denom = math.sqrt(v[i]) / bc3_sqrt + eps
        x = p[i] + -step_size * (m[i] / denom)
        x = x + -diff_step_size * (n[i] / denom)
        if wd != 0.0:
            x = x / (1.0 + lr * wd)
        d[i] = x - p[i]
        prev[i] = -g[i]


ADAN = Optimizer(
    "adan", "Adan", "adaptive",
    "Adaptive Nesterov momentum: Adam-like steps that also follow an average of how the "
    "gradient changes between steps, a cheap look-ahead.",
    "x ← x − lr·(m̂ + β₂·n̂)/(√v̂ + ε), n the average gradient change", adan_rule,
    (lr(0.001), Param("beta1", 0.98, 0.0, 0.999, False, "decay of the gradient average"),
     Param("beta2", 0.92, 0.0, 0.9999, False, "decay of the gradient-change average"),
     Param("beta3", 0.99, 0.0, 0.99999, False, "decay of the squared-gradient average"),
     Param("weight_decay", 0.0, 0.0, 1.0, False, "shrinks the point by 1/(1 + lr·λ) each step"),
     eps(1e-8)),
    reference="pytorch_optimizer.Adan(ps, lr={lr}, betas=({beta1}, {beta2}, {beta3}), "
    "weight_decay={weight_decay}, eps={eps})",
    state=(Slot("exp_avg"), Slot("exp_avg_sq"), Slot("exp_avg_diff"),
           Slot("previous_grad")),
)  # fmt: skip


@rule_kernel
def lamb_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """LAMB (You et al. 2020), per tensor: the Adam direction u = m/(√v + ε) (no second-moment
    bias correction) is scaled by the trust ratio ‖x‖/(‖u‖ + ε), ‖x‖ clamped to 10;
    x ← x·(1 − lr·λ) − lr/(1−β₁ᵗ)·ratio·u."""
    beta1, beta2, wd, eps = h[1], h[2], h[3], h[4]  # max_grad_norm acts only with pre_norm
    n = p.shape[0]
    m, v = s[0:n], s[n : 2 * n]
    step_size = lr / (1.0 - beta1**t)
    decay = 1.0 - wd * lr if wd != 0.0 else 1.0
    squares = 0.0
    for i in range(n):  # d holds the Adam direction u until the step overwrites it
        m[i] = m[i] * beta1 + (1.0 - beta1) * g[i]
        v[i] = v[i] * beta2 + (1.0 - beta2) * g[i] * g[i]
        d[i] = 1.0 / (math.sqrt(v[i]) + eps) * m[i]
        x = p[i] * decay if wd != 0.0 else p[i]
        squares += x * x
    weight_norm = min(math.sqrt(squares), 10.0)
    adam_norm = norm(d)
    ratio = 1.0
    if weight_norm != 0.0 and adam_norm != 0.0:
        ratio = weight_norm / (adam_norm + eps)
    s[2 * n], s[2 * n + 1], s[2 * n + 2] = weight_norm, adam_norm, ratio
    for i in range(n):
        x = p[i] * decay if wd != 0.0 else p[i]
        d[i] = (x + -step_size * (d[i] * ratio)) - p[i]


LAMB = Optimizer(
    "lamb", "LAMB", "adaptive",
    "Layer-wise adaptive Adam: the Adam direction is rescaled so that the step is a fixed "
    "fraction (lr) of the point's own norm, whatever the gradient's scale.",
    "x ← x − lr·(‖x‖/‖u‖)·u,  u = m̂/(√v + ε)", lamb_rule,
    (lr(0.001), BETA1, BETA2, weight_decay(0.0), eps(1e-6),
     Param("max_grad_norm", 1.0, 0.0, 10.0, False, "gradient clipping norm (pytorch_optimizer "
           "applies it only with pre_norm, which is off: no effect here)")),
    reference="pytorch_optimizer.Lamb(ps, lr={lr}, betas=({beta1}, {beta2}), "
    "weight_decay={weight_decay}, eps={eps}, max_grad_norm={max_grad_norm})",
    state=(Slot("exp_avg"), Slot("exp_avg_sq"), Slot("weight_norm", scalar=True),
           Slot("adam_norm", scalar=True), Slot("trust_ratio", scalar=True)),
    bias_corrections=(("bias_correction1", "beta1"),),
)  # fmt: skip


@rule_kernel
def madgrad_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """MADGRAD (Defazio & Jelassi 2021): dual averaging with λₜ = (lr + ε)·√t,
    S ← S + λₜg², s ← s + λₜg, z = x₀ − s/(∛S + ε); x ← (1−c)x + c·z with c = 1 − momentum
    (momentum 0: x₀ is recomputed each step from the current point, x = z)."""
    mom, wd, eps = h[1], h[2], h[3]
    n = p.shape[0]
    grad_sum_sq, total, x_start = s[0:n], s[n : 2 * n], s[2 * n : 3 * n]
    lr_eps = lr + eps if lr != 0.0 else 0.0
    lam = lr_eps * t**0.5
    for i in range(n):
        gi = l2(g[i], p[i], wd)
        if mom == 0.0:
            origin = p[i] + total[i] / (grad_sum_sq[i] ** (1.0 / 3.0) + eps)
        else:
            if t == 1.0:
                x_start[i] = p[i]
            origin = x_start[i]
        grad_sum_sq[i] = grad_sum_sq[i] + lam * gi * gi
        rms = grad_sum_sq[i] ** (1.0 / 3.0) + eps
        total[i] = total[i] + lam * gi
        z = origin + -1.0 * (total[i] / rms)
        d[i] = (z if mom == 0.0 else lerp(p[i], z, 1.0 - mom)) - p[i]


MADGRAD = Optimizer(
    "madgrad", "MADGRAD", "adaptive",
    "Momentumized, adaptive dual averaging: steps from the starting point by the weighted sum "
    "of all gradients, scaled by the cube root of their squares.",
    "z = x₀ − s/(∛S + ε);  x ← (1−c)·x + c·z", madgrad_rule,
    (lr(0.001), MOMENTUM, l2_decay(), eps(1e-6)),
    reference="pytorch_optimizer.MADGRAD(ps, lr={lr}, momentum={momentum}, "
    "weight_decay={weight_decay}, eps={eps})",
    state=(Slot("grad_sum_sq"), Slot("s"), Slot("x0", when="momentum")),
)  # fmt: skip


@rule_kernel
def ademamix_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """AdEMAMix (Pagliardini et al. 2024): Adam plus a slow average m₂ ← β₃m₂ + (1−β₃)g,
    x ← x − lr·(m̂ + α·m₂)/(√v̂ + ε)."""
    beta1, beta2, beta3, alpha, eps = h[1], h[2], h[3], h[4], h[5]
    n = p.shape[0]
    m, v, slow = s[0:n], s[n : 2 * n], s[2 * n : 3 * n]
    bc1 = 1.0 - beta1**t
    bc2_sqrt = math.sqrt(1.0 - beta2**t)
    for i in range(n):
        m[i] = lerp(m[i], g[i], 1.0 - beta1)
        v[i] = v[i] * beta2 + (1.0 - beta2) * g[i] * g[i]
        slow[i] = lerp(slow[i], g[i], 1.0 - beta3)
        update = m[i] / bc1 + alpha * slow[i]
        d[i] = -lr * (update / (math.sqrt(v[i]) / bc2_sqrt + eps))


ADEMAMIX = Optimizer(
    "ademamix", "AdEMAMix", "adaptive",
    "Adam with a second, very slow gradient average added to the step: old gradients keep "
    "pulling long after Adam's momentum has forgotten them.",
    "x ← x − lr·(m̂ + α·m₂)/(√v̂ + ε),  m₂ ← β₃m₂ + (1−β₃)g", ademamix_rule,
    (lr(0.001), BETA1, BETA2,
     Param("beta3", 0.9999, 0.0, 0.99999, False, "decay of the slow gradient average"),
     Param("alpha", 5.0, 0.0, 20.0, False, "weight α of the slow average"), eps(1e-8)),
    reference="pytorch_optimizer.AdEMAMix(ps, lr={lr}, betas=({beta1}, {beta2}, {beta3}), "
    "alpha={alpha}, eps={eps})",
    state=(Slot("exp_avg"), Slot("exp_avg_sq"), Slot("exp_avg_slow")),
    bias_corrections=ADAM_BIAS,
)  # fmt: skip


@rule_kernel
def prodigy_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """Prodigy (Mishchenko & Defazio 2024; pytorch_optimizer form, growth_rate ∞): Adam whose
    step size d is estimated from the run, d̂ = d_coef·r/‖s‖₁ with r ← √β₂·r + (d/d₀)·d·lr·⟨g,
    x₀ − x⟩ and s ← √β₂·s + (d/d₀)·d·lr·g; d only grows (d ← max(d, d̂)). The step is
    −d·lr·m/(√v + d·ε) with m ← β₁m + d(1−β₁)g, v ← β₂v + d²(1−β₂)g²."""
    beta1, beta2, d0, d_coef, wd = h[1], h[2], h[3], h[4], h[5]
    bias_correction, safeguard_warmup, eps = h[6] != 0.0, h[7] != 0.0, h[8]
    n = p.shape[0]
    total, x0, m, v = s[0:n], s[n : 2 * n], s[2 * n : 3 * n], s[3 * n : 4 * n]
    group = s[4 * n : 4 * n + 3]  # d, d_max and the numerator r, kept by torch in the group
    if t == 1.0:
        x0[:] = p
        group[0], group[1], group[2] = d0, d0, 0.0
    est, est_max = group[0], group[1]
    beta3 = math.sqrt(beta2)
    correction = 1.0
    if bias_correction:
        correction = (1.0 - beta1**t) / math.sqrt(1.0 - beta2**t)
    d_lr = est * lr / correction
    dot = 0.0
    for i in range(n):
        dot += g[i] * (x0[i] - p[i])
    group[2] = group[2] * beta3 + (est / d0) * d_lr * dot  # the numerator r
    size = 0.0
    for i in range(n):
        m[i] = m[i] * beta1 + est * (1.0 - beta1) * g[i]
        v[i] = v[i] * beta2 + est * est * (1.0 - beta2) * g[i] * g[i]
        total[i] = total[i] * beta3 + (est / d0) * (est if safeguard_warmup else d_lr) * g[i]
        size += abs(total[i])
    if size == 0.0:  # no step at all, as the reference returns early
        d[:] = 0.0
        return
    est_hat = d_coef * group[2] / size
    est_max = max(est_max, est_hat)
    group[0], group[1] = est_max, est_max  # growth_rate ∞: d = min(d_max, d·∞) = d_max
    for i in range(n):
        x = p[i] * (1.0 - wd * d_lr) if wd != 0.0 else p[i]
        d[i] = (x + -d_lr * (m[i] / (math.sqrt(v[i]) + est_max * eps))) - p[i]


PRODIGY = Optimizer(
    "prodigy", "Prodigy", "learning-rate-free",
    "Learning-rate-free Adam: estimates the distance to the solution as it goes and sets its "
    "own step size d from it; lr stays at 1.",
    "x ← x − d·lr·m/(√v + d·ε),  d ← max(d, d_coef·r/‖s‖₁)", prodigy_rule,
    (lr(1.0), BETA1, BETA2,
     Param("d0", 1e-6, 1e-8, 1.0, True, "initial estimate of the step size d"),
     Param("d_coef", 1.0, 0.0, 10.0, False, "multiplies the estimate d̂"),
     weight_decay(0.0),
     flag("bias_correction", "Adam's bias correction on d·lr"),
     flag("safeguard_warmup", "leave lr out of s during warm-up"),
     eps(1e-8)),
    reference="pytorch_optimizer.Prodigy(ps, lr={lr}, betas=({beta1}, {beta2}), d0={d0}, "
    "d_coef={d_coef}, weight_decay={weight_decay}, bias_correction={bias_correction}, "
    "safeguard_warmup={safeguard_warmup}, eps={eps})",
    state=(Slot("s"), Slot("p0"), Slot("exp_avg"), Slot("exp_avg_sq"),
           Slot("d", scalar=True, group=True), Slot("d_max", scalar=True, group=True),
           Slot("d_numerator", scalar=True, group=True)),
)  # fmt: skip


@inline_kernel
def schedule_free_step(p: Vec, g: Vec, z: Vec, s: Vec, lr: float, beta: float, wd: float, t: float,
                       warmup: float, r: float, power: float, d: Vec) -> None:  # fmt: skip
    """The schedule-free step shared by SGD and AdamW, on the (normalized) gradient g (which may
    be d itself: each coordinate is read before it is written): with the warmed-up lr, lr_max
    (s[0]) and the weight sum (s[1]), c = tʳ·lr_max^power / Σ weights,
    y ← (1−c)·y + c·z + lr·(β(1−c) − 1)·(g + λy), z ← z − lr·(g + λy); y is the point."""
    lr = lr * (t / warmup if t < warmup else 1.0)
    s[0] = max(lr, s[0])
    weight = t**r * s[0] ** power
    s[1] = s[1] + weight
    c = weight / s[1] if s[1] != 0.0 else 0.0
    for i in range(p.shape[0]):
        gi = l2(g[i], p[i], wd)
        x = lerp(p[i], z[i], c)
        d[i] = (x + lr * (beta * (1.0 - c) - 1.0) * gi) - p[i]
        z[i] = z[i] + -lr * gi


@rule_kernel
def schedulefree_adamw_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """Schedule-Free AdamW (Defazio et al. 2024): the schedule-free step on g/(√(v/(1−β₂ᵗ) +
    1e-15) + ε), v ← β₂v + (1−β₂)g²."""
    beta1, beta2, wd, warmup, r, power, eps = h[1], h[2], h[3], h[4], h[5], h[6], h[7]
    n = p.shape[0]
    z, v, group = s[0:n], s[n : 2 * n], s[2 * n : 2 * n + 2]
    if t == 1.0:
        z[:] = p
        group[0], group[1] = -1.0, 0.0
    bc2 = 1.0 - beta2**t
    for i in range(n):  # d holds the normalized gradient until the shared step overwrites it
        v[i] = v[i] * beta2 + (1.0 - beta2) * g[i] * g[i]
        d[i] = g[i] / (math.sqrt(v[i] / bc2 + 1e-15) + eps)
    schedule_free_step(p, d, z, group, lr, beta1, wd, t, warmup, r, power, d)


SCHEDULEFREE_ADAMW = Optimizer(
    "schedulefree_adamw", "Schedule-Free AdamW", "schedule-free",
    "AdamW without a learning-rate schedule: the point interpolates between a plain AdamW "
    "sequence z and a running average of it, which does the annealing a schedule would.",
    "y ← (1−c)y + c·z − lr(1 − β₁(1−c))·ĝ;  z ← z − lr·ĝ", schedulefree_adamw_rule,
    (lr(0.0025), BETA1, BETA2, l2_decay(), WARMUP_STEPS, SF_R, SF_WEIGHT_LR_POWER, eps(1e-8)),
    reference="pytorch_optimizer.ScheduleFreeAdamW(ps, lr={lr}, betas=({beta1}, {beta2}), "
    "weight_decay={weight_decay}, warmup_steps={warmup_steps}, r={r}, "
    "weight_lr_power={weight_lr_power}, eps={eps})",
    state=(Slot("z"), Slot("exp_avg_sq"), Slot("lr_max", scalar=True, group=True),
           Slot("weight_sum", scalar=True, group=True)),
)  # fmt: skip


@rule_kernel
def schedulefree_sgd_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """Schedule-Free SGD (Defazio et al. 2024): the schedule-free step on g itself."""
    mom, wd, warmup, r, power = h[1], h[2], h[3], h[4], h[5]
    n = p.shape[0]
    z, group = s[0:n], s[n : n + 2]
    if t == 1.0:
        z[:] = p
        group[0], group[1] = -1.0, 0.0
    schedule_free_step(p, g, z, group, lr, mom, wd, t, warmup, r, power, d)


SCHEDULEFREE_SGD = Optimizer(
    "schedulefree_sgd", "Schedule-Free SGD", "schedule-free",
    "SGD with momentum but without a schedule: the point interpolates between a plain SGD "
    "sequence z and a running average of it.",
    "y ← (1−c)y + c·z − lr(1 − μ(1−c))·g;  z ← z − lr·g", schedulefree_sgd_rule,
    (lr(1.0), MOMENTUM, l2_decay(), WARMUP_STEPS, SF_R, SF_WEIGHT_LR_POWER),
    reference="pytorch_optimizer.ScheduleFreeSGD(ps, lr={lr}, momentum={momentum}, "
    "weight_decay={weight_decay}, warmup_steps={warmup_steps}, r={r}, "
    "weight_lr_power={weight_lr_power})",
    state=(Slot("z"), Slot("lr_max", scalar=True, group=True),
           Slot("weight_sum", scalar=True, group=True)),
)  # fmt: skip


HISTORY_SIZE = Param("history_size", 10, 1, 100, False, "(y, s) pairs kept for the curvature "
                     "estimate", "int")  # fmt: skip
LBFGS = Optimizer(
    "lbfgs", "L-BFGS", "quasi-Newton",
    "Limited-memory BFGS: builds an estimate of the inverse Hessian from the last few steps and "
    "gradient changes and steps along −H·g; with the strong-Wolfe line search each update may "
    "evaluate the loss up to 25 times to find a step that decreases it enough.",
    "d = −H·g (two-loop recursion over (y, s) pairs);  x ← x + t·d, t = lr or line search",
    lbfgs_rule,
    (lr(1.0), HISTORY_SIZE,
     Param("line_search", "strong_wolfe", description="how the step length t along d is found: "
           "lr itself, or a strong-Wolfe line search starting from it", type="choice",
           options=("none", "strong_wolfe"), spelled=("None", "'strong_wolfe'"))),
    reference="torch.optim.LBFGS(ps, lr={lr}, max_iter=1, max_eval=25, "
    "history_size={history_size}, line_search_fn={line_search})",
    state=(Slot("d"), Slot("t", scalar=True), Slot("H_diag", scalar=True), Slot("prev_flat_grad"),
           Slot("prev_loss", scalar=True), Slot("n_iter", scalar=True),
           Slot("func_evals", scalar=True), Slot("history", scalar=True),
           Slot("old_dirs", per="history_size"), Slot("old_stps", per="history_size"),
           Slot("ro", scalar=True, per="history_size"),
           Slot("al", scalar=True, per="history_size")),
    needs="closure",
    # up to 24 line-search evaluations beside the engine's one; else the two-loop recursion
    cost=lambda v: float(MAX_EVAL) if v["line_search"] == "strong_wolfe" else 1.5,
)  # fmt: skip


NEWTON = Optimizer(
    "newton", "Newton", "second-order",
    "Newton's method: solves for the step that would land on the minimum of the local quadratic "
    "model (H + damping·I)⁻¹g. One step on a quadratic bowl; attracted to saddle points and "
    "maxima alike, which damping tempers.",
    "x ← x − lr·(H + λI)⁻¹·g", newton_rule,
    (lr(1.0), Param("damping", 0.0, 0.0, 100.0, False, "λ added to the Hessian's diagonal: "
                    "between Newton (0) and gradient descent with lr/λ (large)")),
    reference="Newton(ps, lr={lr}, damping={damping})",
    needs="hessian",
    cost=lambda v: 3.0,  # a Hessian: about twice a gradient's work, and a solve
)  # fmt: skip


OPTIMIZERS: tuple[Optimizer, ...] = (
    SGD, MOMENTUM_SGD, NAG, ADAGRAD, RMSPROP, ADADELTA, ADAM, NADAM, ADAMW, ADABELIEF, LION, AMOS,
    ADAMAX, RADAM, ASGD, RPROP, ADAFACTOR,
    SIGNUM, YOGI, ADAN, LAMB, MADGRAD, ADEMAMIX, PRODIGY, SCHEDULEFREE_ADAMW, SCHEDULEFREE_SGD,
    LBFGS, NEWTON,
)  # fmt: skip


def problems(optimizers: tuple[Optimizer, ...]) -> list[str]:
    """What is wrong with a registry, one line each naming the optimizer (empty if nothing)."""
    out: list[str] = []
    ids = [o.id for o in optimizers]
    out += [f"{i}: declared twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    kernels = [o.kernel for o in optimizers]
    out += [f"{o.id}: shares its kernel with {optimizers[kernels.index(o.kernel)].id}"
            for n, o in enumerate(optimizers) if kernels.index(o.kernel) != n]  # fmt: skip
    for o in optimizers:
        out += [f"{o.id}: {problem}" for problem in declaration_problems(o)]
    return out


def declaration_problems(o: Optimizer) -> list[str]:
    names = [p.name for p in o.params]
    fields = {field for _, field, _, _ in string.Formatter().parse(o.reference) if field}
    out = [f"parameter {n!r} declared twice" for n in sorted(set(names)) if names.count(n) > 1]
    lr_param = o.param("lr")
    if lr_param is None or (lr_param.type, lr_param.min, lr_param.max) != ("float", LR_MIN, LR_MAX):
        out.append(f"needs a float parameter 'lr' over [{LR_MIN}, {LR_MAX}]")
    for p in o.params:
        if p.numeric and not p.min <= float(p.default) <= p.max:
            out.append(f"{p.name}: default {p.default!r} outside [{p.min}, {p.max}]")
        if p.type == "bool" and not isinstance(p.default, bool):
            out.append(f"{p.name}: a bool's default must be True or False")
        if p.type == "int" and (isinstance(p.default, bool) or not isinstance(p.default, int)):
            out.append(f"{p.name}: an int's default must be an int")
        if p.type == "choice" and p.default not in p.options:
            out.append(f"{p.name}: default {p.default!r} is not one of {p.options}")
        if p.name not in fields:
            out.append(f"{p.name}: not passed to the reference constructor {o.reference!r}")
    out += [f"the reference constructor uses {{{f}}}, which is not a parameter"
            for f in sorted(fields - set(names))]  # fmt: skip
    for slot in o.state:
        if slot.when and o.param(slot.when) is None:
            out.append(f"state {slot.name!r} depends on an undeclared parameter {slot.when!r}")
        per = o.param(slot.per) if slot.per else None
        if slot.per and (per is None or per.type != "int"):
            out.append(f"state {slot.name!r} is sized by {slot.per!r}, not an int parameter")
    pers = [bool(slot.per) for slot in o.state]
    if pers != sorted(pers):
        out.append("state sized by a parameter must come last (it is not traced)")
    out += [f"bias correction {name!r} uses an undeclared parameter {beta!r}"
            for name, beta in o.bias_corrections if o.param(beta) is None]  # fmt: skip
    return out


CALLS = {"gradient": "(p, g, s, h, t, lr, d)", "hessian": "(p, g, s, h, t, lr, d, hess)",
         "closure": "(p, g, s, h, t, lr, d, f, objective, env)"}  # fmt: skip


def compile_dispatch(optimizers: tuple[Optimizer, ...], plain: bool = False) -> Kernel:
    """`update(opt, p, g, s, h, t, lr, d, f, hess, objective, env)`: run the kernel of
    `optimizers[opt]`, each given what its declaration `needs` (f: the update's loss at p, hess:
    its Hessian, objective and env: the loss as a function, see app/second_order.py). Written
    out as an if-chain over the registry, so each kernel is a direct call (no function pointer);
    any other index writes NaN into d, so the run ends as diverged at once instead of silently
    running some other rule. `plain`: only the rules that need nothing but g, as
    `update(opt, p, g, s, h, t, lr, d)` (the engine's lean path, see engine.general_update)."""
    signature = CALLS["gradient"] if plain else "(p, g, s, h, t, lr, d, f, hess, objective, env)"
    lines = [f"def update(opt, {signature[1:]}:"]
    chosen = [(i, o) for i, o in enumerate(optimizers) if not plain or o.needs == "gradient"]
    for k, (i, o) in enumerate(chosen):
        lines += [
            f"    {'elif' if k else 'if'} opt == {i}:",
            f"        rule{i}{CALLS[o.needs]}",
        ]
    lines += ["    else:", "        d[:] = math.nan"]
    namespace: dict[str, Any] = {f"rule{i}": o.kernel for i, o in enumerate(optimizers)}
    namespace["math"] = math
    exec(compile("\n".join(lines), f"<dispatch over {len(optimizers)} rules>", "exec"), namespace)
    return generated_kernel(namespace["update"])


def state_size(n: int) -> int:
    """The state row that holds any optimizer's state for a point of n coordinates."""
    return max(o.state_size(n) for o in OPTIMIZERS)


if broken := problems(OPTIMIZERS):
    raise ValueError("optimizer declarations: " + "; ".join(broken))
OPTIMIZER_INDEX: dict[str, int] = {o.id: i for i, o in enumerate(OPTIMIZERS)}
STATE_SIZE = state_size(2)  # the traced part of any state row of a point on a 2D surface
# Which rules take the Hessian: the engine computes it only for these.
NEEDS_HESSIAN = tuple(o.needs == "hessian" for o in OPTIMIZERS)  # a constant in compiled code
PARAM_SIZE = max(len(o.params) for o in OPTIMIZERS)
BIAS_CORRECTION_SIZE = max(len(o.bias_corrections) for o in OPTIMIZERS)
update = compile_dispatch(OPTIMIZERS)
PLAIN = tuple(o.needs == "gradient" for o in OPTIMIZERS)  # rules plain_update runs
plain_update = compile_dispatch(OPTIMIZERS, plain=True)


def state_width(opt: NDArray[np.int64], hyper: NDArray[np.float64], n: int = 2) -> int:
    """The state row that fits every config (optimizer index, hyperparameter row) of a batch,
    for a point of n coordinates."""
    widths = [OPTIMIZERS[o].state_width(OPTIMIZERS[o].decode(row), n)
              for o, row in zip(opt, hyper, strict=True) if 0 <= o < len(OPTIMIZERS)]  # fmt: skip
    return int(max([state_size(n), *widths]))


def update_cost(opt: NDArray[np.int64], hyper: NDArray[np.float64]) -> float:
    """The largest cost of one update (Optimizer.cost) among a batch's configs."""
    costs = [OPTIMIZERS[o].cost(OPTIMIZERS[o].decode(row))
             for o, row in zip(opt, hyper, strict=True) if 0 <= o < len(OPTIMIZERS)]  # fmt: skip
    return float(max([1.0, *costs]))
