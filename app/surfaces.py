"""The 2D test surfaces: exact formulas (CONTRACT section 5), analytic derivatives, declarations.

Each surface is declared once, in `SURFACES`: its listing (formula, domain, minima, start) and its
two compiled functions, `kernel(x, y) -> (f, df/dx, df/dy)` and `hessian(x, y) -> (f_xx, f_xy,
f_yy)` (for Newton), so the engine's loop evaluates it without leaving machine code. The dispatch
on a surface's index in `SURFACES` (how the engine names a surface), `value_and_grad` and
`surface_hessian`, is generated from the declarations; an index nothing declares gives NaN, never
another surface. The PyTorch export prints the formula through the typed-formula parser.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

from app.jit import generated_kernel, kernel

PI = math.pi
Kernel = Callable[..., tuple[float, float, float]]


@kernel
def saddle(x: float, y: float) -> tuple[float, float, float]:
    return x * x - y * y, 2.0 * x, -2.0 * y


@kernel
def monkey_saddle(x: float, y: float) -> tuple[float, float, float]:
    return x**3 - 3.0 * x * y * y, 3.0 * x * x - 3.0 * y * y, -6.0 * x * y


@kernel
def rosenbrock(x: float, y: float) -> tuple[float, float, float]:
    r = y - x * x
    return (1.0 - x) ** 2 + 100.0 * r * r, -2.0 * (1.0 - x) - 400.0 * x * r, 200.0 * r


@kernel
def beale(x: float, y: float) -> tuple[float, float, float]:
    a = 1.5 - x + x * y
    b = 2.25 - x + x * y * y
    c = 2.625 - x + x * y**3
    f = a * a + b * b + c * c
    gx = 2.0 * a * (y - 1.0) + 2.0 * b * (y * y - 1.0) + 2.0 * c * (y**3 - 1.0)
    gy = 2.0 * a * x + 4.0 * b * x * y + 6.0 * c * x * y * y
    return f, gx, gy


@kernel
def booth(x: float, y: float) -> tuple[float, float, float]:
    a = x + 2.0 * y - 7.0
    b = 2.0 * x + y - 5.0
    return a * a + b * b, 2.0 * a + 4.0 * b, 4.0 * a + 2.0 * b


@kernel
def himmelblau(x: float, y: float) -> tuple[float, float, float]:
    a = x * x + y - 11.0
    b = x + y * y - 7.0
    return a * a + b * b, 4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b


@kernel
def rastrigin(x: float, y: float) -> tuple[float, float, float]:
    f = 20.0 + x * x - 10.0 * math.cos(2 * PI * x) + y * y - 10.0 * math.cos(2 * PI * y)
    return f, 2.0 * x + 20.0 * PI * math.sin(2 * PI * x), 2.0 * y + 20.0 * PI * math.sin(2 * PI * y)


@kernel
def ackley(x: float, y: float) -> tuple[float, float, float]:
    r = math.sqrt(0.5 * (x * x + y * y))
    cone = math.exp(-0.2 * r)
    waves = math.exp(0.5 * (math.cos(2 * PI * x) + math.cos(2 * PI * y)))
    f = -20.0 * cone - waves + math.e + 20.0
    # The cone's tip at the origin has no gradient; subgradient 0 keeps the minimum a fixed point.
    radial = 2.0 * cone / r if r > 0.0 else 0.0
    return (
        f,
        radial * x + PI * math.sin(2 * PI * x) * waves,
        radial * y + PI * math.sin(2 * PI * y) * waves,
    )


@kernel
def three_hump_camel(x: float, y: float) -> tuple[float, float, float]:
    f = 2.0 * x * x - 1.05 * x**4 + x**6 / 6.0 + x * y + y * y
    return f, 4.0 * x - 4.2 * x**3 + x**5 + y, x + 2.0 * y


@kernel
def six_hump_camel(x: float, y: float) -> tuple[float, float, float]:
    f = (4.0 - 2.1 * x * x + x**4 / 3.0) * x * x + x * y + (-4.0 + 4.0 * y * y) * y * y
    return f, 8.0 * x - 8.4 * x**3 + 2.0 * x**5 + y, x - 8.0 * y + 16.0 * y**3


@kernel
def matyas(x: float, y: float) -> tuple[float, float, float]:
    return 0.26 * (x * x + y * y) - 0.48 * x * y, 0.52 * x - 0.48 * y, 0.52 * y - 0.48 * x


@kernel
def elongated_bowl(x: float, y: float) -> tuple[float, float, float]:
    return 0.5 * (x * x + 25.0 * y * y), x, 25.0 * y


@kernel
def styblinski_tang(x: float, y: float) -> tuple[float, float, float]:
    f = 0.5 * (x**4 - 16.0 * x * x + 5.0 * x + y**4 - 16.0 * y * y + 5.0 * y)
    return f, 2.0 * x**3 - 16.0 * x + 2.5, 2.0 * y**3 - 16.0 * y + 2.5


@kernel
def levy13(x: float, y: float) -> tuple[float, float, float]:
    s3x, s3y, s2y = math.sin(3 * PI * x), math.sin(3 * PI * y), math.sin(2 * PI * y)
    f = s3x * s3x + (x - 1.0) ** 2 * (1.0 + s3y * s3y) + (y - 1.0) ** 2 * (1.0 + s2y * s2y)
    gx = 3 * PI * math.sin(6 * PI * x) + 2.0 * (x - 1.0) * (1.0 + s3y * s3y)
    gy = (
        3 * PI * (x - 1.0) ** 2 * math.sin(6 * PI * y)
        + 2.0 * (y - 1.0) * (1.0 + s2y * s2y)
        + 2 * PI * (y - 1.0) ** 2 * math.sin(4 * PI * y)
    )
    return f, gx, gy


# ---- second derivatives (Newton's method), checked against finite differences and torch --------


@kernel
def saddle_hessian(x: float, y: float) -> tuple[float, float, float]:
    return 2.0, 0.0, -2.0


@kernel
def monkey_saddle_hessian(x: float, y: float) -> tuple[float, float, float]:
    return 6.0 * x, -6.0 * y, -6.0 * x


@kernel
def rosenbrock_hessian(x: float, y: float) -> tuple[float, float, float]:
    return 2.0 - 400.0 * (y - x * x) + 800.0 * x * x, -400.0 * x, 200.0


@kernel
def beale_hessian(x: float, y: float) -> tuple[float, float, float]:
    """f = a² + b² + c², so f_ij = 2Σ(u_i·u_j + u·u_ij) over u = a, b, c."""
    a, b, c = 1.5 - x + x * y, 2.25 - x + x * y * y, 2.625 - x + x * y**3
    ax, bx, cx = y - 1.0, y * y - 1.0, y**3 - 1.0
    ay, by, cy = x, 2.0 * x * y, 3.0 * x * y * y
    hxx = 2.0 * (ax * ax + bx * bx + cx * cx)
    hxy = 2.0 * (ax * ay + a + bx * by + b * 2.0 * y + cx * cy + c * 3.0 * y * y)
    hyy = 2.0 * (ay * ay + by * by + b * 2.0 * x + cy * cy + c * 6.0 * x * y)
    return hxx, hxy, hyy


@kernel
def booth_hessian(x: float, y: float) -> tuple[float, float, float]:
    return 10.0, 8.0, 10.0


@kernel
def himmelblau_hessian(x: float, y: float) -> tuple[float, float, float]:
    return 12.0 * x * x + 4.0 * y - 42.0, 4.0 * (x + y), 12.0 * y * y + 4.0 * x - 26.0


@kernel
def rastrigin_hessian(x: float, y: float) -> tuple[float, float, float]:
    return (
        2.0 + 40.0 * PI * PI * math.cos(2 * PI * x),
        0.0,
        2.0 + 40.0 * PI * PI * math.cos(2 * PI * y),
    )


@kernel
def ackley_hessian(x: float, y: float) -> tuple[float, float, float]:
    """The cone −20·exp(−0.2r), r = √(½(x² + y²)), has gradient ρ·(x, y) with ρ = 2e^(−0.2r)/r
    and Hessian ρ·I + k·(x, y)(x, y)ᵀ with k = −e^(−0.2r)(0.2r + 1)/r³ (infinite at the
    origin); the waves −e^W, W = ½(cos 2πx + cos 2πy), add π²e^W times
    [2cos 2πx − sin² 2πx, −sin 2πx·sin 2πy; ·, 2cos 2πy − sin² 2πy]."""
    r = math.sqrt(0.5 * (x * x + y * y))
    cone = math.exp(-0.2 * r)
    radial = 2.0 * cone / r
    k = -cone * (0.2 * r + 1.0) / (r * r * r)
    waves = math.exp(0.5 * (math.cos(2 * PI * x) + math.cos(2 * PI * y)))
    sx, sy = math.sin(2 * PI * x), math.sin(2 * PI * y)
    wxx = PI * PI * waves * (2.0 * math.cos(2 * PI * x) - sx * sx)
    wyy = PI * PI * waves * (2.0 * math.cos(2 * PI * y) - sy * sy)
    return radial + k * x * x + wxx, k * x * y - PI * PI * waves * sx * sy, radial + k * y * y + wyy


@kernel
def three_hump_camel_hessian(x: float, y: float) -> tuple[float, float, float]:
    return 4.0 - 12.6 * x * x + 5.0 * x**4, 1.0, 2.0


@kernel
def six_hump_camel_hessian(x: float, y: float) -> tuple[float, float, float]:
    return 8.0 - 25.2 * x * x + 10.0 * x**4, 1.0, -8.0 + 48.0 * y * y


@kernel
def matyas_hessian(x: float, y: float) -> tuple[float, float, float]:
    return 0.52, -0.48, 0.52


@kernel
def elongated_bowl_hessian(x: float, y: float) -> tuple[float, float, float]:
    return 1.0, 0.0, 25.0


@kernel
def styblinski_tang_hessian(x: float, y: float) -> tuple[float, float, float]:
    return 6.0 * x * x - 16.0, 0.0, 6.0 * y * y - 16.0


@kernel
def levy13_hessian(x: float, y: float) -> tuple[float, float, float]:
    s3y, s2y = math.sin(3 * PI * y), math.sin(2 * PI * y)
    hxx = 18 * PI * PI * math.cos(6 * PI * x) + 2.0 * (1.0 + s3y * s3y)
    hxy = 6 * PI * (x - 1.0) * math.sin(6 * PI * y)
    hyy = (
        18 * PI * PI * (x - 1.0) ** 2 * math.cos(6 * PI * y)
        + 2.0 * (1.0 + s2y * s2y)
        + 8 * PI * (y - 1.0) * math.sin(4 * PI * y)
        + 8 * PI * PI * (y - 1.0) ** 2 * math.cos(4 * PI * y)
    )
    return hxx, hxy, hyy


@dataclass(frozen=True)
class Surface:
    id: str
    name: str
    formula: str
    latex: str
    domain: tuple[tuple[float, float], tuple[float, float]]
    minima: tuple[tuple[float, float], ...]
    start: tuple[float, float]
    description: str
    kind: str = "formula"
    # A built-in surface's compiled functions (typed formulas and data have their own kernels)
    kernel: Kernel | None = field(default=None, compare=False, repr=False)
    hessian: Kernel | None = field(default=None, compare=False, repr=False)

    def listing(self) -> dict[str, Any]:
        """The surface in GET /api/surfaces."""
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in KERNELS}
        return out | {"domain": {"x": list(self.domain[0]), "y": list(self.domain[1])}}


KERNELS = ("kernel", "hessian")


SURFACES: tuple[Surface, ...] = (
    Surface("saddle", "Saddle", "x^2 - y^2", r"x^2 - y^2", ((-2, 2), (-2, 2)), (),
            (-1.9, 0.001),
            "A saddle point at the origin: the start sits just off the ridge, where the gradient "
            "along y is tiny; plain GD stalls, momentum and adaptive methods escape.",
            kernel=saddle, hessian=saddle_hessian),
    Surface("monkey_saddle", "Monkey saddle", "x^3 - 3*x*y^2", r"x^3 - 3xy^2",
            ((-1.5, 1.5), (-1.5, 1.5)), (), (1.2, 0.05),
            "A degenerate saddle with three valleys; the gradient vanishes to second order at 0.",
            kernel=monkey_saddle, hessian=monkey_saddle_hessian),
    Surface("rosenbrock", "Rosenbrock", "(1 - x)^2 + 100*(y - x^2)^2",
            r"(1 - x)^2 + 100\,(y - x^2)^2", ((-2, 2), (-1, 3)), ((1.0, 1.0),), (-1.2, 1.0),
            "A long curved banana valley: easy to reach, slow to follow to the minimum at (1, 1).",
            kernel=rosenbrock, hessian=rosenbrock_hessian),
    Surface("beale", "Beale", "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2",
            r"(1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2",
            ((-4.5, 4.5), (-4.5, 4.5)), ((3.0, 0.5),), (0.7, 1.4),
            "Flat plateaus and steep walls spanning many decades; the minimum hides at (3, 0.5).",
            kernel=beale, hessian=beale_hessian),
    Surface("booth", "Booth", "(x + 2*y - 7)^2 + (2*x + y - 5)^2",
            r"(x + 2y - 7)^2 + (2x + y - 5)^2", ((-10, 10), (-10, 10)), ((1.0, 3.0),),
            (-8.0, -7.0), "A tilted, mildly elongated quadratic bowl with its minimum at (1, 3).",
            kernel=booth, hessian=booth_hessian),
    Surface("himmelblau", "Himmelblau", "(x^2 + y - 11)^2 + (x + y^2 - 7)^2",
            r"(x^2 + y - 11)^2 + (x + y^2 - 7)^2", ((-5, 5), (-5, 5)),
            ((3.0, 2.0), (-2.805118086953, 3.131312518251), (-3.779310253378, -3.283185991286),
             (3.58442834033, -1.848126526964)), (-0.3, -0.9),
            "Four equal minima around a central peak: which one you reach depends on the path.",
            kernel=himmelblau, hessian=himmelblau_hessian),
    Surface("rastrigin", "Rastrigin", "20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)",
            r"20 + x^2 - 10\cos(2\pi x) + y^2 - 10\cos(2\pi y)", ((-5.12, 5.12), (-5.12, 5.12)),
            ((0.0, 0.0),), (3.2, 2.1),
            "An egg crate of local minima over a bowl; the global minimum is at the origin.",
            kernel=rastrigin, hessian=rastrigin_hessian),
    Surface("ackley", "Ackley",
            "-20*exp(-0.2*sqrt(0.5*(x^2 + y^2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + e + 20",
            r"-20e^{-0.2\sqrt{0.5(x^2+y^2)}} - e^{0.5(\cos 2\pi x + \cos 2\pi y)} + e + 20",
            ((-5, 5), (-5, 5)), ((0.0, 0.0),), (3.4, -2.6),
            "A nearly flat, rippled plain around a deep funnel at the origin.",
            kernel=ackley, hessian=ackley_hessian),
    Surface("three_hump_camel", "Three-hump camel", "2*x^2 - 1.05*x^4 + x^6/6 + x*y + y^2",
            r"2x^2 - 1.05x^4 + \frac{x^6}{6} + xy + y^2", ((-2, 2), (-2, 2)),
            ((0.0, 0.0), (-1.74755234583, 0.873776172915), (1.74755234583, -0.873776172915)),
            (1.9, 1.2), "A global minimum at the origin flanked by two shallower local minima.",
            kernel=three_hump_camel, hessian=three_hump_camel_hessian),
    Surface("six_hump_camel", "Six-hump camel",
            "(4 - 2.1*x^2 + x^4/3)*x^2 + x*y + (-4 + 4*y^2)*y^2",
            r"\left(4 - 2.1x^2 + \frac{x^4}{3}\right)x^2 + xy + (-4 + 4y^2)\,y^2",
            ((-2, 2), (-1.2, 1.2)),
            ((0.0898420131, -0.712656403021), (-0.0898420131, 0.712656403021),
             (-1.70360671497, 0.796083568673), (1.70360671497, -0.796083568673),
             (1.60710475292, 0.568651454884), (-1.60710475292, -0.568651454884)),
            (-0.6, 0.1), "Six minima, two of them global: a map of competing basins.",
            kernel=six_hump_camel, hessian=six_hump_camel_hessian),
    Surface("matyas", "Matyas", "0.26*(x^2 + y^2) - 0.48*x*y", r"0.26(x^2 + y^2) - 0.48xy",
            ((-10, 10), (-10, 10)), ((0.0, 0.0),), (-8.0, 5.0),
            "A flat, diagonal trough: small gradients everywhere slow down plain GD.",
            kernel=matyas, hessian=matyas_hessian),
    Surface("elongated_bowl", "Elongated bowl", "0.5*(x^2 + 25*y^2)", r"\tfrac12(x^2 + 25y^2)",
            ((-10, 10), (-4, 4)), ((0.0, 0.0),), (-9.0, 2.0),
            "An ill-conditioned quadratic (condition number 25): GD zig-zags across the ravine.",
            kernel=elongated_bowl, hessian=elongated_bowl_hessian),
    Surface("styblinski_tang", "Styblinski–Tang", "0.5*(x^4 - 16*x^2 + 5*x + y^4 - 16*y^2 + 5*y)",
            r"\tfrac12(x^4 - 16x^2 + 5x + y^4 - 16y^2 + 5y)", ((-5, 5), (-5, 5)),
            ((-2.903534027771, -2.903534027771), (2.746802770991, -2.903534027771),
             (-2.903534027771, 2.746802770991), (2.746802770991, 2.746802770991)), (0.3, 0.2),
            "Four basins of different depths; the deepest is at (-2.90, -2.90).",
            kernel=styblinski_tang, hessian=styblinski_tang_hessian),
    Surface("levy13", "Lévy N.13",
            "sin(3*pi*x)^2 + (x - 1)^2*(1 + sin(3*pi*y)^2) + (y - 1)^2*(1 + sin(2*pi*y)^2)",
            r"\sin^2 3\pi x + (x-1)^2(1 + \sin^2 3\pi y) + (y-1)^2(1 + \sin^2 2\pi y)",
            ((-10, 10), (-10, 10)), ((1.0, 1.0),), (-4.0, 6.0),
            "A rugged landscape of many local minima with the global one at (1, 1).",
            kernel=levy13, hessian=levy13_hessian),
)  # fmt: skip

SURFACE_INDEX: dict[str, int] = {s.id: i for i, s in enumerate(SURFACES)}


def surface_problems(surfaces: tuple[Surface, ...]) -> list[str]:
    """What is wrong with the built-in registry, one line each naming the surface."""
    ids = [s.id for s in surfaces]
    out = [f"{i}: declared twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    for s in surfaces:
        out += [f"{s.id}: no {name}" for name in KERNELS if getattr(s, name) is None]
    for name in KERNELS:
        made = [getattr(s, name) for s in surfaces]
        for s, k in zip(surfaces, made, strict=True):
            first = surfaces[made.index(k)]
            if first.id != s.id:  # the same declaration twice is named above
                out.append(f"{s.id}: shares its {name} with {first.id}")
    return out


def compile_dispatch(surfaces: tuple[Surface, ...], name: str) -> Kernel:
    """`<name>(surface, x, y)`: the `name` function ("kernel" or "hessian") of `surfaces[surface]`,
    written out as an if-chain over the registry (direct calls); any other index gives NaN."""
    lines = ["def dispatch(surface, x, y):"]
    for i in range(len(surfaces)):
        lines += [f"    if surface == {i}:", f"        return fn{i}(x, y)"]
    lines += ["    return math.nan, math.nan, math.nan"]
    namespace: dict[str, Any] = {f"fn{i}": getattr(s, name) for i, s in enumerate(surfaces)}
    namespace["math"] = math
    exec(compile("\n".join(lines), f"<{name} dispatch over {len(surfaces)} surfaces>", "exec"),
         namespace)  # fmt: skip
    return generated_kernel(namespace["dispatch"])


if broken := surface_problems(SURFACES):
    raise ValueError("surface declarations: " + "; ".join(broken))
value_and_grad = compile_dispatch(SURFACES, "kernel")  # f and its gradient at (x, y)
surface_hessian = compile_dispatch(SURFACES, "hessian")  # (f_xx, f_xy, f_yy) at (x, y)
