"""The update rules (CONTRACT section 4) and their declarations: the declaration is the registry.

Each optimizer is one `Optimizer(...)` below its kernel: its parameters (with types), the names and
sizes of its state (torch's names), its reference constructor for "Copy as PyTorch", and the
kernel itself. Everything else (validation, `/api/optimizers`, the engine's dispatch, the state
row's size, the inspector, the export) is derived from `OPTIMIZERS`.

Every kernel has the same compiled signature `rule(p, g, s, h, t, lr, d)`: `p` the point (2,),
`g` the gradient (2,), `s` the optimizer's state row (updated in place: a numba concession, it
keeps the loop allocation-free), `h` the declared hyperparameters in declaration order (a bool as
0.0/1.0, a choice as its option's index; the scheduled lr of this step comes as `lr`), `t` the
1-based step number as a float (so `beta ** t` rounds like Python's float power, as the
references do), and `d` the step to write; the engine alone applies `p + d`. Operation order
follows torch's single-tensor code (e.g. `lerp`) so that float64 paths agree to ~1e-15 per step.
"""

import math
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from app.jit import generated_kernel, inline_kernel

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
    """A named part of the state row (torch's name for it), shown by the inspector; `when`
    names a parameter that must be nonzero (a flag that is on) for torch to keep this part."""

    name: str
    size: int
    when: str = ""


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

    def state_slices(self, values: Mapping[str, Value] | None = None) -> dict[str, slice]:
        """Where each named part of the state lives in the state row; with `values`, only the
        parts that torch keeps under those hyperparameters."""
        out, start = {}, 0
        for slot in self.state:
            if values is None or not slot.when or values[slot.when]:
                out[slot.name] = slice(start, start + slot.size)
            start += slot.size
        return out

    @property
    def state_size(self) -> int:
        return sum(slot.size for slot in self.state)

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
        return self.reference.format(**{name: repr(value) for name, value in values.items()})

    def listing(self) -> dict[str, Any]:
        """The optimizer in GET /api/optimizers."""
        return {
            "id": self.id, "name": self.name, "family": self.family,
            "description": self.description, "rule": self.rule,
            "params": [p.listing() for p in self.params],
            "state": [[slot.name, slot.size] for slot in self.state],
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
def sgd_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """Gradient descent: Δ = −lr·(g + λp)."""
    for i in range(2):
        d[i] = -lr * l2(g[i], p[i], h[1])


SGD = Optimizer(
    "sgd", "SGD", "gradient descent",
    "Plain gradient descent: step against the gradient, scaled by the learning rate.",
    "x ← x − lr·g", sgd_rule, (lr(0.01), l2_decay()),
    reference="torch.optim.SGD(ps, lr={lr}, weight_decay={weight_decay})",
)  # fmt: skip


@inline_kernel
def momentum_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """Heavy ball (Polyak 1964; torch form): b ← μ·b + (1−τ)·g (b₁ = g), Δ = −lr·b."""
    mu, dampening, wd = h[1], h[2], h[3]
    for i in range(2):
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
    state=(Slot("momentum_buffer", 2, when="momentum"),),
)  # fmt: skip


@inline_kernel
def nag_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """Nesterov (Sutskever et al. 2013; torch form): b ← μ·b + g, Δ = −lr·(g + μ·b)."""
    mu, wd = h[1], h[2]
    for i in range(2):
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
    state=(Slot("momentum_buffer", 2, when="momentum"),),
)  # fmt: skip


@inline_kernel
def adagrad_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """Adagrad (Duchi et al. 2011): G ← G + g² (G₀ = initial_accumulator_value),
    Δ = −lr/(1 + (t−1)·decay) · g / (√G + ε)."""
    lr_decay, eps, wd, initial = h[1], h[2], h[3], h[4]
    clr = lr / (1.0 + (t - 1.0) * lr_decay)
    for i in range(2):
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
    state=(Slot("sum", 2),),
)  # fmt: skip


@inline_kernel
def rmsprop_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """RMSProp (Tieleman & Hinton 2012): v ← α·v + (1−α)·g²; centered: ḡ ← α·ḡ + (1−α)·g,
    a = √(v − ḡ²) + ε, else a = √v + ε; Δ = −lr·g/a, or with momentum b ← μb + g/a, Δ = −lr·b."""
    alpha, eps, mu, centered, wd = h[1], h[2], h[3], h[4] != 0.0, h[5]
    square_avg, buf, grad_avg = s[0:2], s[2:4], s[4:6]
    for i in range(2):
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
    state=(Slot("square_avg", 2), Slot("momentum_buffer", 2, when="momentum"),
           Slot("grad_avg", 2, when="centered")),
)  # fmt: skip


@inline_kernel
def adadelta_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """AdaDelta (Zeiler 2012): v ← ρv + (1−ρ)g², δ = √(u+ε)/√(v+ε)·g, u ← ρu + (1−ρ)δ²,
    Δ = −lr·δ."""
    rho, eps = h[1], h[2]
    v, u = s[0:2], s[2:4]
    for i in range(2):
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
    state=(Slot("square_avg", 2), Slot("acc_delta", 2)),
)  # fmt: skip


@inline_kernel
def adam_step(p: Vec, g: Vec, s: Vec, beta1: float, beta2: float, eps: float, l2_wd: float,
              amsgrad: bool, t: float, lr: float, d: Vec) -> None:  # fmt: skip
    """The Adam moments (m, v, and with amsgrad v's running maximum, in s) of g + λp and the
    bias-corrected step, shared by Adam and AdamW."""
    m, v, v_max = s[0:2], s[2:4], s[4:6]
    step_size = lr / (1.0 - beta1**t)
    bc2_sqrt = math.sqrt(1.0 - beta2**t)
    for i in range(2):
        gi = l2(g[i], p[i], l2_wd)
        m[i] = lerp(m[i], gi, 1.0 - beta1)
        v[i] = v[i] * beta2 + (1.0 - beta2) * gi * gi
        if amsgrad:
            v_max[i] = max(v_max[i], v[i])
        second = v_max[i] if amsgrad else v[i]
        d[i] = -step_size * (m[i] / (math.sqrt(second) / bc2_sqrt + eps))


@inline_kernel
def adam_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """Adam (Kingma & Ba 2015): m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g² (g + λp with L2),
    Δ = −lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε); amsgrad divides by the largest v so far."""
    adam_step(p, g, s, h[1], h[2], h[3], h[4], h[5] != 0.0, t, lr, d)


ADAM_STATE = (Slot("exp_avg", 2), Slot("exp_avg_sq", 2), Slot("max_exp_avg_sq", 2, when="amsgrad"))
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


@inline_kernel
def nadam_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """NAdam (Dozat 2016; torch form): μₜ = β₁(1 − ½·0.96^(t·ψ)), Π ← Π·μₜ,
    Δ = −lr·[(1−μₜ)/(1−Π)·g + μₜ₊₁/(1−Π·μₜ₊₁)·m] / (√(v/(1−β₂ᵗ)) + ε); weight decay as L2
    on g, or decoupled (x ← x·(1 − lr·λ) first)."""
    beta1, beta2, eps, psi, wd, decoupled = h[1], h[2], h[3], h[4], h[5], h[6] != 0.0
    m, v = s[0:2], s[2:4]
    mu = beta1 * (1.0 - 0.5 * 0.96 ** (t * psi))
    mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((t + 1.0) * psi))
    s[4] = (1.0 if t == 1.0 else s[4]) * mu  # the running product Π starts at 1
    grad_coef = -lr * (1.0 - mu) / (1.0 - s[4])
    avg_coef = -lr * mu_next / (1.0 - s[4] * mu_next)
    bc2 = 1.0 - beta2**t
    for i in range(2):
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
    state=(Slot("exp_avg", 2), Slot("exp_avg_sq", 2), Slot("mu_product", 1)),
    bias_corrections=(("bias_correction2", "beta2"),),
)  # fmt: skip


@inline_kernel
def adamw_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """AdamW (Loshchilov & Hutter 2019): x ← x·(1 − lr·λ), then the Adam step."""
    adam_step(p, g, s, h[1], h[2], h[3], 0.0, h[5] != 0.0, t, lr, d)
    for i in range(2):
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


@inline_kernel
def adabelief_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """AdaBelief (Zhuang et al. 2020): m ← β₁m + (1−β₁)g, s ← β₂s + (1−β₂)(g − m)² + ε,
    Δ = −lr/(1−β₁ᵗ) · m / (√s/√(1−β₂ᵗ) + ε)."""
    beta1, beta2, eps = h[1], h[2], h[3]
    m, var = s[0:2], s[2:4]
    step_size = lr / (1.0 - beta1**t)
    bc2_sqrt = math.sqrt(1.0 - beta2**t)
    for i in range(2):
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
    state=(Slot("exp_avg", 2), Slot("exp_avg_var", 2)), bias_corrections=ADAM_BIAS,
)  # fmt: skip


@inline_kernel
def lion_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """Lion (Chen et al. 2023): Δ = −lr·(sign(β₁m + (1−β₁)g) + λp), then m ← β₂m + (1−β₂)g."""
    beta1, beta2, wd = h[1], h[2], h[3]
    for i in range(2):
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
    state=(Slot("exp_avg", 2),),
)  # fmt: skip


@inline_kernel
def amos_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """Amos (Tian & Parikh 2022), per tensor with target scale ½: v ← βv + (1−β)·mean(g²),
    r = (1−βᵗ)/(v+ε), γ = lr²·r·mean(g²)/√(1 + c·√lr·b), the step −(√r·lr/2·g + (γ−l2)/2·p)
    is shrunk by 1/(1 + d·√(lr/2)·b), the decay b ← b(1+γ) + γ; optional momentum on the step."""
    beta, mom, extra_l2, c_coef, d_coef, eps = h[1], h[2], h[3], h[4], h[5], h[6]
    g2 = (g[0] * g[0] + g[1] * g[1]) / 2.0
    init_lr = lr * 0.5
    s[0] = lerp(s[0], g2, 1.0 - beta)  # second moment, one scalar for the tensor
    r_v_hat = (1.0 - beta**t) / (s[0] + eps)
    decay = s[1]
    factor_c = 1.0 / math.sqrt(1.0 + c_coef * math.sqrt(lr) * decay)
    factor_d = 1.0 / (1.0 + d_coef * math.sqrt(init_lr) * decay)
    gamma = factor_c * lr**2.0 * r_v_hat * g2
    s[1] = decay * (1.0 + gamma) + gamma
    for i in range(2):
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
    state=(Slot("exp_avg_sq", 1), Slot("decay", 1), Slot("exp_avg", 2, when="momentum")),
    bias_corrections=(("bias_correction", "beta"),),
)  # fmt: skip


@inline_kernel
def adamax_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """Adamax (Kingma & Ba 2015, §7.1): m ← β₁m + (1−β₁)g, u ← max(β₂u, |g| + ε),
    Δ = −lr/(1−β₁ᵗ) · m/u."""
    beta1, beta2, eps, wd = h[1], h[2], h[3], h[4]
    m, u = s[0:2], s[2:4]
    clr = lr / (1.0 - beta1**t)
    for i in range(2):
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
    state=(Slot("exp_avg", 2), Slot("exp_inf", 2)),
    bias_corrections=(("bias_correction", "beta1"),),
)  # fmt: skip


@inline_kernel
def radam_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """RAdam (Liu et al. 2020): Adam's moments; while the variance estimate rests on too few
    steps (ρₜ ≤ 5) the step is plain momentum, −lr·m̂, after it the rectified Adam step
    −lr·m̂·√(1−β₂ᵗ)/(√v + ε)·r, with ρ∞ = 2/(1−β₂) − 1, ρₜ = ρ∞ − 2tβ₂ᵗ/(1−β₂ᵗ) and
    r = √((ρₜ−4)(ρₜ−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρₜ))."""
    beta1, beta2, eps, wd, decoupled = h[1], h[2], h[3], h[4], h[5] != 0.0
    m, v = s[0:2], s[2:4]
    bc1, bc2 = 1.0 - beta1**t, 1.0 - beta2**t
    rho_inf = 2.0 / (1.0 - beta2) - 1.0
    rho_t = rho_inf - 2.0 * t * beta2**t / bc2
    rectified = rho_t > 5.0
    rect = 0.0
    if rectified:
        rect = ((rho_t - 4.0) * (rho_t - 2.0) * rho_inf
                / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho_t)) ** 0.5  # fmt: skip
    for i in range(2):
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
    state=(Slot("exp_avg", 2), Slot("exp_avg_sq", 2)), bias_corrections=ADAM_BIAS,
)  # fmt: skip


@inline_kernel
def asgd_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """Averaged SGD (Polyak & Juditsky 1992; torch form): x ← x·(1 − λη) − η·g, the average
    ax ← ax + μ(x − ax); then η ← lr/(1 + λ·lr·t)^α and μ ← 1/max(1, t − t₀) (η₁ = lr, μ₁ = 1).
    The path is the point x itself, not ax."""
    lambd, alpha, t0, wd = h[1], h[2], h[3], h[4]
    ax = s[2:4]
    if t == 1.0:
        s[0], s[1] = lr, 1.0
    eta, mu = s[0], s[1]
    for i in range(2):
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
    state=(Slot("eta", 1), Slot("mu", 1), Slot("ax", 2)),
)  # fmt: skip


@inline_kernel
def rprop_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """Rprop (Riedmiller & Braun 1993; torch form): per coordinate, the step size s grows by
    η₊ while g keeps its sign and shrinks by η₋ when it flips (that gradient then counts as 0),
    clipped to [s_min, s_max]; Δ = −sign(g)·s. The first step size is lr."""
    eta_minus, eta_plus, step_min, step_max = h[1], h[2], h[3], h[4]
    prev, size = s[0:2], s[2:4]
    for i in range(2):
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
    state=(Slot("prev", 2), Slot("step_size", 2)),
)  # fmt: skip


@inline_kernel
def adafactor_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """Adafactor (Shazeer & Stern 2018; torch form). The point is a vector, so its second
    moment is not factored: v ← v + t^c·(g² − v), u = g/√max(v, ε₁²) with ε₁ float64's epsilon,
    and x ← x·(1 − lr·λ) − max(ε₂, rms(x))·min(lr, 1/√t) · u/max(1, rms(u)/d)."""
    beta2_decay, eps2, clip, wd = h[1], h[2], h[3], h[4]
    eps1 = 2.220446049250313e-16  # torch.finfo(torch.float64).eps: eps=(None, eps2)
    v = s[0:2]
    sqrt_n = math.sqrt(2.0)  # rms over the 2 coordinates
    rho = min(lr, 1.0 / t**0.5)
    alpha = max(eps2, math.sqrt(p[0] * p[0] + p[1] * p[1]) / sqrt_n) * rho
    weight = t**beta2_decay
    for i in range(2):
        v[i] = lerp(v[i], g[i] * g[i], weight)
    u0 = 1.0 / math.sqrt(max(v[0], eps1 * eps1)) * g[0]
    u1 = 1.0 / math.sqrt(max(v[1], eps1 * eps1)) * g[1]
    scale = -alpha / max(1.0, math.sqrt(u0 * u0 + u1 * u1) / (sqrt_n * clip))
    for i, u in enumerate((u0, u1)):
        x = p[i] * (1.0 - lr * wd) if wd != 0.0 else p[i]
        d[i] = (x + scale * u) - p[i]


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
    state=(Slot("variance", 2),),
)  # fmt: skip


OPTIMIZERS: tuple[Optimizer, ...] = (
    SGD, MOMENTUM_SGD, NAG, ADAGRAD, RMSPROP, ADADELTA, ADAM, NADAM, ADAMW, ADABELIEF, LION, AMOS,
    ADAMAX, RADAM, ASGD, RPROP, ADAFACTOR,
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
        if p.type == "choice" and p.default not in p.options:
            out.append(f"{p.name}: default {p.default!r} is not one of {p.options}")
        if p.name not in fields:
            out.append(f"{p.name}: not passed to the reference constructor {o.reference!r}")
    out += [f"the reference constructor uses {{{f}}}, which is not a parameter"
            for f in sorted(fields - set(names))]  # fmt: skip
    for slot in o.state:
        if slot.when and o.param(slot.when) is None:
            out.append(f"state {slot.name!r} depends on an undeclared parameter {slot.when!r}")
    out += [f"bias correction {name!r} uses an undeclared parameter {beta!r}"
            for name, beta in o.bias_corrections if o.param(beta) is None]  # fmt: skip
    return out


def compile_dispatch(optimizers: tuple[Optimizer, ...]) -> Kernel:
    """`update(opt, p, g, s, h, t, lr, d)`: run the kernel of `optimizers[opt]`. Written out as
    an if-chain over the registry, so each kernel is inlined into the engine's loop (no call
    through a function pointer); any other index writes NaN into d, so the run ends as diverged
    at once instead of silently running some other rule."""
    lines = ["def update(opt, p, g, s, h, t, lr, d):"]
    for i in range(len(optimizers)):
        lines += [
            f"    {'elif' if i else 'if'} opt == {i}:",
            f"        rule{i}(p, g, s, h, t, lr, d)",
        ]
    lines += ["    else:", "        d[0] = math.nan", "        d[1] = math.nan"]
    namespace: dict[str, Any] = {f"rule{i}": o.kernel for i, o in enumerate(optimizers)}
    namespace["math"] = math
    exec(compile("\n".join(lines), f"<dispatch over {len(optimizers)} rules>", "exec"), namespace)
    return generated_kernel(namespace["update"])


if broken := problems(OPTIMIZERS):
    raise ValueError("optimizer declarations: " + "; ".join(broken))
OPTIMIZER_INDEX: dict[str, int] = {o.id: i for i, o in enumerate(OPTIMIZERS)}
STATE_SIZE = max(o.state_size for o in OPTIMIZERS)
PARAM_SIZE = max(len(o.params) for o in OPTIMIZERS)
BIAS_CORRECTION_SIZE = max(len(o.bias_corrections) for o in OPTIMIZERS)
update = compile_dispatch(OPTIMIZERS)
