"""The 2D test surfaces: exact formulas (CONTRACT section 5), analytic gradients, declarations.

Each surface is one scalar numba function `(x, y) -> (f, df/dx, df/dy)`, so the engine's compiled
loop evaluates it without leaving machine code. `value_and_grad` dispatches on the surface's index
in `SURFACES`; that index is how the engine names a surface.
"""

import math
from dataclasses import dataclass

from app.jit import inline_kernel, kernel

PI = math.pi


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


@inline_kernel
def value_and_grad(surface: int, x: float, y: float) -> tuple[float, float, float]:
    """f and its gradient at (x, y) for the surface with index `surface` in SURFACES."""
    if surface == 0:
        return saddle(x, y)
    if surface == 1:
        return monkey_saddle(x, y)
    if surface == 2:
        return rosenbrock(x, y)
    if surface == 3:
        return beale(x, y)
    if surface == 4:
        return booth(x, y)
    if surface == 5:
        return himmelblau(x, y)
    if surface == 6:
        return rastrigin(x, y)
    if surface == 7:
        return ackley(x, y)
    if surface == 8:
        return three_hump_camel(x, y)
    if surface == 9:
        return six_hump_camel(x, y)
    if surface == 10:
        return matyas(x, y)
    if surface == 11:
        return elongated_bowl(x, y)
    if surface == 12:
        return styblinski_tang(x, y)
    return levy13(x, y)


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


SURFACES: tuple[Surface, ...] = (
    Surface("saddle", "Saddle", "x^2 - y^2", r"x^2 - y^2", ((-2, 2), (-2, 2)), (),
            (-1.9, 0.001),
            "A saddle point at the origin: the start sits just off the ridge, where the gradient "
            "along y is tiny; plain GD stalls, momentum and adaptive methods escape."),
    Surface("monkey_saddle", "Monkey saddle", "x^3 - 3*x*y^2", r"x^3 - 3xy^2",
            ((-1.5, 1.5), (-1.5, 1.5)), (), (1.2, 0.05),
            "A degenerate saddle with three valleys; the gradient vanishes to second order at 0."),
    Surface("rosenbrock", "Rosenbrock", "(1 - x)^2 + 100*(y - x^2)^2",
            r"(1 - x)^2 + 100\,(y - x^2)^2", ((-2, 2), (-1, 3)), ((1.0, 1.0),), (-1.2, 1.0),
            "A long curved banana valley: easy to reach, slow to follow to the minimum at (1, 1)."),
    Surface("beale", "Beale", "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2",
            r"(1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2",
            ((-4.5, 4.5), (-4.5, 4.5)), ((3.0, 0.5),), (0.7, 1.4),
            "Flat plateaus and steep walls spanning many decades; the minimum hides at (3, 0.5)."),
    Surface("booth", "Booth", "(x + 2*y - 7)^2 + (2*x + y - 5)^2",
            r"(x + 2y - 7)^2 + (2x + y - 5)^2", ((-10, 10), (-10, 10)), ((1.0, 3.0),),
            (-8.0, -7.0), "A tilted, mildly elongated quadratic bowl with its minimum at (1, 3)."),
    Surface("himmelblau", "Himmelblau", "(x^2 + y - 11)^2 + (x + y^2 - 7)^2",
            r"(x^2 + y - 11)^2 + (x + y^2 - 7)^2", ((-5, 5), (-5, 5)),
            ((3.0, 2.0), (-2.805118086953, 3.131312518251), (-3.779310253378, -3.283185991286),
             (3.58442834033, -1.848126526964)), (-0.3, -0.9),
            "Four equal minima around a central peak: which one you reach depends on the path."),
    Surface("rastrigin", "Rastrigin", "20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)",
            r"20 + x^2 - 10\cos(2\pi x) + y^2 - 10\cos(2\pi y)", ((-5.12, 5.12), (-5.12, 5.12)),
            ((0.0, 0.0),), (3.2, 2.1),
            "An egg crate of local minima over a bowl; the global minimum is at the origin."),
    Surface("ackley", "Ackley",
            "-20*exp(-0.2*sqrt(0.5*(x^2 + y^2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + e + 20",
            r"-20e^{-0.2\sqrt{0.5(x^2+y^2)}} - e^{0.5(\cos 2\pi x + \cos 2\pi y)} + e + 20",
            ((-5, 5), (-5, 5)), ((0.0, 0.0),), (3.4, -2.6),
            "A nearly flat, rippled plain around a deep funnel at the origin."),
    Surface("three_hump_camel", "Three-hump camel", "2*x^2 - 1.05*x^4 + x^6/6 + x*y + y^2",
            r"2x^2 - 1.05x^4 + \frac{x^6}{6} + xy + y^2", ((-2, 2), (-2, 2)),
            ((0.0, 0.0), (-1.74755234583, 0.873776172915), (1.74755234583, -0.873776172915)),
            (1.9, 1.2), "A global minimum at the origin flanked by two shallower local minima."),
    Surface("six_hump_camel", "Six-hump camel",
            "(4 - 2.1*x^2 + x^4/3)*x^2 + x*y + (-4 + 4*y^2)*y^2",
            r"\left(4 - 2.1x^2 + \frac{x^4}{3}\right)x^2 + xy + (-4 + 4y^2)\,y^2",
            ((-2, 2), (-1.2, 1.2)),
            ((0.0898420131, -0.712656403021), (-0.0898420131, 0.712656403021),
             (-1.70360671497, 0.796083568673), (1.70360671497, -0.796083568673),
             (1.60710475292, 0.568651454884), (-1.60710475292, -0.568651454884)),
            (-0.6, 0.1), "Six minima, two of them global: a map of competing basins."),
    Surface("matyas", "Matyas", "0.26*(x^2 + y^2) - 0.48*x*y", r"0.26(x^2 + y^2) - 0.48xy",
            ((-10, 10), (-10, 10)), ((0.0, 0.0),), (-8.0, 5.0),
            "A flat, diagonal trough: small gradients everywhere slow down plain GD."),
    Surface("elongated_bowl", "Elongated bowl", "0.5*(x^2 + 25*y^2)", r"\tfrac12(x^2 + 25y^2)",
            ((-10, 10), (-4, 4)), ((0.0, 0.0),), (-9.0, 2.0),
            "An ill-conditioned quadratic (condition number 25): GD zig-zags across the ravine."),
    Surface("styblinski_tang", "Styblinski–Tang", "0.5*(x^4 - 16*x^2 + 5*x + y^4 - 16*y^2 + 5*y)",
            r"\tfrac12(x^4 - 16x^2 + 5x + y^4 - 16y^2 + 5y)", ((-5, 5), (-5, 5)),
            ((-2.903534027771, -2.903534027771), (2.746802770991, -2.903534027771),
             (-2.903534027771, 2.746802770991), (2.746802770991, 2.746802770991)), (0.3, 0.2),
            "Four basins of different depths; the deepest is at (-2.90, -2.90)."),
    Surface("levy13", "Lévy N.13",
            "sin(3*pi*x)^2 + (x - 1)^2*(1 + sin(3*pi*y)^2) + (y - 1)^2*(1 + sin(2*pi*y)^2)",
            r"\sin^2 3\pi x + (x-1)^2(1 + \sin^2 3\pi y) + (y-1)^2(1 + \sin^2 2\pi y)",
            ((-10, 10), (-10, 10)), ((1.0, 1.0),), (-4.0, 6.0),
            "A rugged landscape of many local minima with the global one at (1, 1)."),
)  # fmt: skip

SURFACE_INDEX: dict[str, int] = {s.id: i for i, s in enumerate(SURFACES)}
