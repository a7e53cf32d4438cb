"""The update rules (CONTRACT section 4) and their declarations.

Every rule has the same compiled signature `rule(p, g, s, h, t, lr, d)`:
`p` the point (2,), `g` the gradient (2,), `s` the optimizer's state row (updated in place: a numba
concession, it keeps the loop allocation-free), `h` the declared hyperparameters in declaration
order (h[0] is the base lr; the scheduled lr of this step comes as `lr`), `t` the 1-based step
number as a float (so `beta ** t` rounds like Python's float power, as the references do), and `d`
the step to write; the engine alone applies `p + d`. Operation order follows torch's
single-tensor code (e.g. `lerp`) so that float64 paths agree to ~1e-15 per step.
"""

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from app.jit import inline_kernel

Vec = NDArray[np.float64]


@inline_kernel
def lerp(a: float, b: float, w: float) -> float:
    """torch.lerp's rounding: a + w(b − a) for small w, else b − (b − a)(1 − w)."""
    return a + w * (b - a) if abs(w) < 0.5 else b - (b - a) * (1.0 - w)


@inline_kernel
def sgd(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """Gradient descent: Δ = −lr·g."""
    for i in range(2):
        d[i] = -lr * g[i]


@inline_kernel
def momentum(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """Heavy ball (Polyak 1964; torch form): b ← μ·b + g (b₁ = g), Δ = −lr·b."""
    mu = h[1]
    for i in range(2):
        s[i] = g[i] if t == 1.0 else mu * s[i] + g[i]
        d[i] = -lr * s[i]


@inline_kernel
def nag(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """Nesterov (Sutskever et al. 2013; torch form): b ← μ·b + g, Δ = −lr·(g + μ·b)."""
    mu = h[1]
    for i in range(2):
        s[i] = g[i] if t == 1.0 else mu * s[i] + g[i]
        d[i] = -lr * (g[i] + mu * s[i])


@inline_kernel
def adagrad(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """Adagrad (Duchi et al. 2011): G ← G + g², Δ = −lr/(1 + (t−1)·decay) · g / (√G + ε)."""
    lr_decay, eps = h[1], h[2]
    clr = lr / (1.0 + (t - 1.0) * lr_decay)
    for i in range(2):
        s[i] += g[i] * g[i]
        d[i] = -clr * g[i] / (math.sqrt(s[i]) + eps)


@inline_kernel
def rmsprop(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """RMSProp (Tieleman & Hinton 2012): v ← α·v + (1−α)·g², Δ = −lr · g / (√v + ε)."""
    alpha, eps = h[1], h[2]
    for i in range(2):
        s[i] = s[i] * alpha + (1.0 - alpha) * g[i] * g[i]
        d[i] = -lr * g[i] / (math.sqrt(s[i]) + eps)


@inline_kernel
def adadelta(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """AdaDelta (Zeiler 2012): v ← ρv + (1−ρ)g², δ = √(u+ε)/√(v+ε)·g, u ← ρu + (1−ρ)δ²,
    Δ = −lr·δ."""
    rho, eps = h[1], h[2]
    v, u = s[0:2], s[2:4]
    for i in range(2):
        v[i] = v[i] * rho + (1.0 - rho) * g[i] * g[i]
        delta = math.sqrt(u[i] + eps) / math.sqrt(v[i] + eps) * g[i]
        u[i] = u[i] * rho + (1.0 - rho) * delta * delta
        d[i] = -lr * delta


@inline_kernel
def adam_step(g: Vec, m: Vec, v: Vec, beta1: float, beta2: float, eps: float, t: float, lr: float,
              d: Vec) -> None:  # fmt: skip
    """The Adam moments and bias-corrected step, shared by Adam and AdamW."""
    step_size = lr / (1.0 - beta1**t)
    bc2_sqrt = math.sqrt(1.0 - beta2**t)
    for i in range(2):
        m[i] = lerp(m[i], g[i], 1.0 - beta1)
        v[i] = v[i] * beta2 + (1.0 - beta2) * g[i] * g[i]
        d[i] = -step_size * m[i] / (math.sqrt(v[i]) / bc2_sqrt + eps)


@inline_kernel
def adam(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """Adam (Kingma & Ba 2015): m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
    Δ = −lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε)."""
    adam_step(g, s[0:2], s[2:4], h[1], h[2], h[3], t, lr, d)


@inline_kernel
def adamw(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """AdamW (Loshchilov & Hutter 2019): p ← p·(1 − lr·λ), then the Adam step."""
    adam_step(g, s[0:2], s[2:4], h[1], h[2], h[3], t, lr, d)
    for i in range(2):
        d[i] += p[i] * (1.0 - lr * h[4]) - p[i]


@inline_kernel
def nadam(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """NAdam (Dozat 2016; torch form): μₜ = β₁(1 − ½·0.96^(t·ψ)), Π ← Π·μₜ,
    Δ = −lr·[(1−μₜ)/(1−Π)·g + μₜ₊₁/(1−Π·μₜ₊₁)·m] / (√(v/(1−β₂ᵗ)) + ε)."""
    beta1, beta2, eps, psi = h[1], h[2], h[3], h[4]
    m, v = s[0:2], s[2:4]
    mu = beta1 * (1.0 - 0.5 * 0.96 ** (t * psi))
    mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((t + 1.0) * psi))
    s[4] = (1.0 if t == 1.0 else s[4]) * mu  # the running product Π starts at 1
    grad_coef = -lr * (1.0 - mu) / (1.0 - s[4])
    avg_coef = -lr * mu_next / (1.0 - s[4] * mu_next)
    bc2 = 1.0 - beta2**t
    for i in range(2):
        m[i] = lerp(m[i], g[i], 1.0 - beta1)
        v[i] = v[i] * beta2 + (1.0 - beta2) * g[i] * g[i]
        denom = math.sqrt(v[i] / bc2) + eps
        d[i] = grad_coef * g[i] / denom + avg_coef * m[i] / denom


@inline_kernel
def adabelief(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
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


@inline_kernel
def lion(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """Lion (Chen et al. 2023): Δ = −lr·(sign(β₁m + (1−β₁)g) + λp), then m ← β₂m + (1−β₂)g."""
    beta1, beta2, wd = h[1], h[2], h[3]
    for i in range(2):
        direction = np.sign(lerp(s[i], g[i], 1.0 - beta1))
        s[i] = lerp(s[i], g[i], 1.0 - beta2)
        d[i] = p[i] * (1.0 - wd * lr) - p[i] - lr * direction


@inline_kernel
def amos(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
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


@inline_kernel
def update(opt: int, p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """Dispatch to the rule with index `opt` in OPTIMIZERS."""
    if opt == 0:
        sgd(p, g, s, h, t, lr, d)
    elif opt == 1:
        momentum(p, g, s, h, t, lr, d)
    elif opt == 2:
        nag(p, g, s, h, t, lr, d)
    elif opt == 3:
        adagrad(p, g, s, h, t, lr, d)
    elif opt == 4:
        rmsprop(p, g, s, h, t, lr, d)
    elif opt == 5:
        adadelta(p, g, s, h, t, lr, d)
    elif opt == 6:
        adam(p, g, s, h, t, lr, d)
    elif opt == 7:
        nadam(p, g, s, h, t, lr, d)
    elif opt == 8:
        adamw(p, g, s, h, t, lr, d)
    elif opt == 9:
        adabelief(p, g, s, h, t, lr, d)
    elif opt == 10:
        lion(p, g, s, h, t, lr, d)
    else:
        amos(p, g, s, h, t, lr, d)


@dataclass(frozen=True)
class Param:
    name: str
    default: float
    min: float
    max: float
    log: bool = False
    description: str = ""


@dataclass(frozen=True)
class Optimizer:
    id: str
    name: str
    family: str
    description: str
    rule: str
    params: tuple[Param, ...]
    state: tuple[tuple[str, int], ...] = ()  # the state row's parts: torch's name, size

    def state_slices(self) -> dict[str, slice]:
        """Where each named part of the state lives in the state row."""
        out, start = {}, 0
        for name, size in self.state:
            out[name] = slice(start, start + size)
            start += size
        return out

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def lr(default: float) -> Param:
    return Param("lr", default, 1e-6, 10.0, True, "learning rate: how far each step goes")


BETA1 = Param("beta1", 0.9, 0.0, 0.999, False, "decay of the gradient average (momentum)")
BETA2 = Param("beta2", 0.999, 0.0, 0.9999, False, "decay of the squared-gradient average")
MOMENTUM = Param("momentum", 0.9, 0.0, 0.999, False, "fraction of the velocity kept each step")


def eps(default: float) -> Param:
    return Param("eps", default, 1e-20, 1.0, True, "added to the denominator to avoid 0-division")


def weight_decay(default: float) -> Param:
    return Param("weight_decay", default, 0.0, 1.0, False, "decoupled pull of the point toward 0")


ADAM_STATE = (("exp_avg", 2), ("exp_avg_sq", 2))
OPTIMIZERS: tuple[Optimizer, ...] = (
    Optimizer("sgd", "SGD", "gradient descent",
              "Plain gradient descent: step against the gradient, scaled by the learning rate.",
              "x ← x − lr·g", (lr(0.01),)),
    Optimizer("momentum", "Momentum", "momentum",
              "Heavy-ball momentum: a velocity accumulates past gradients and carries the point "
              "through flat stretches and along valleys.",
              "b ← μ·b + g;  x ← x − lr·b", (lr(0.01), MOMENTUM), (("momentum_buffer", 2),)),
    Optimizer("nag", "Nesterov (NAG)", "momentum",
              "Nesterov accelerated gradient: momentum with a look-ahead correction that damps "
              "overshoot.", "b ← μ·b + g;  x ← x − lr·(g + μ·b)", (lr(0.01), MOMENTUM),
              (("momentum_buffer", 2),)),
    Optimizer("adagrad", "Adagrad", "adaptive",
              "Per-coordinate step sizes shrink with the sum of all past squared gradients; "
              "steps fade over time.", "G ← G + g²;  x ← x − lr·g/(√G + ε)",
              (lr(0.01), Param("lr_decay", 0.0, 0.0, 1.0, False, "lr ÷ (1 + (t−1)·lr_decay)"),
               eps(1e-10)), (("sum", 2),)),
    Optimizer("rmsprop", "RMSProp", "adaptive",
              "Divides by a running RMS of recent gradients, so steep and flat directions move "
              "at similar speeds.", "v ← α·v + (1−α)·g²;  x ← x − lr·g/(√v + ε)",
              (lr(0.01), Param("alpha", 0.99, 0.0, 0.9999, False, "decay of the squared-gradient "
                               "average"), eps(1e-8)), (("square_avg", 2),)),
    Optimizer("adadelta", "AdaDelta", "adaptive",
              "RMSProp whose step is rescaled by a running RMS of past updates: units match, "
              "lr can stay at 1.", "δ = √(u+ε)/√(v+ε)·g;  x ← x − lr·δ",
              (lr(1.0), Param("rho", 0.9, 0.0, 0.9999, False, "decay of both running averages"),
               eps(1e-6)), (("square_avg", 2), ("acc_delta", 2))),
    Optimizer("adam", "Adam", "adaptive",
              "Momentum plus RMSProp with bias correction, so the first steps are not too small.",
              "m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  x ← x − lr·m̂/(√v̂ + ε)",
              (lr(0.001), BETA1, BETA2, eps(1e-8)), ADAM_STATE),
    Optimizer("nadam", "NAdam", "adaptive",
              "Adam with Nesterov momentum: the step looks ahead along the momentum.",
              "x ← x − lr·(μₜ₊₁·m̂ + (1−μₜ)·ĝ)/(√v̂ + ε)",
              (lr(0.002), BETA1, BETA2, eps(1e-8),
               Param("momentum_decay", 0.004, 0.0, 0.1, False, "warms the momentum up over "
                     "steps")), (*ADAM_STATE, ("mu_product", 1))),
    Optimizer("adamw", "AdamW", "adaptive",
              "Adam with decoupled weight decay: shrinks the point toward 0 outside the adaptive "
              "step.", "x ← x·(1 − lr·λ);  Adam step", (lr(0.001), BETA1, BETA2, eps(1e-8),
                                                        weight_decay(0.01)), ADAM_STATE),
    Optimizer("adabelief", "AdaBelief", "adaptive",
              "Adam that divides by the variance of the gradient around its average: big steps "
              "when the gradient is predictable.",
              "s ← β₂s + (1−β₂)(g − m)² + ε;  x ← x − lr·m̂/(√ŝ + ε)",
              (lr(0.001), BETA1, BETA2, eps(1e-16)), (("exp_avg", 2), ("exp_avg_var", 2))),
    Optimizer("lion", "Lion", "sign",
              "Evolved sign momentum: every coordinate moves by exactly ±lr, so use a small lr.",
              "x ← x − lr·sign(β₁m + (1−β₁)g);  m ← β₂m + (1−β₂)g",
              (lr(0.0001), BETA1, Param("beta2", 0.99, 0.0, 0.9999, False, "decay of the "
                                        "momentum"), weight_decay(0.0)), (("exp_avg", 2),)),
    Optimizer("amos", "Amos", "adaptive",
              "Adam-like step with a per-tensor second moment and a learning rate that decays on "
              "its own as the point settles.",
              "x ← x − (√r·lr/2·g + (γ − l2)/2·x)/(1 + d·√(lr/2)·b)",
              (lr(0.001), Param("beta", 0.999, 0.0, 0.9999, False, "decay of the squared-gradient "
                                "average"),
               Param("momentum", 0.0, 0.0, 0.999, False, "momentum on the update (0 = none)"),
               Param("extra_l2", 0.0, 0.0, 1.0, False, "extra L2 pull toward 0"),
               Param("c_coef", 0.25, 0.0, 1.0, False, "how fast the learning rate decays"),
               Param("d_coef", 0.25, 0.0, 1.0, False, "how fast the step shrinks"),
               eps(1e-18)), (("exp_avg_sq", 1), ("decay", 1), ("exp_avg", 2))),
)  # fmt: skip

OPTIMIZER_INDEX: dict[str, int] = {o.id: i for i, o in enumerate(OPTIMIZERS)}
STATE_SIZE = 5  # the largest state row: NAdam's m, v (2 each) and its running product
PARAM_SIZE = max(len(o.params) for o in OPTIMIZERS)
