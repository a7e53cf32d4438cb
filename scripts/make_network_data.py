"""Write the network surfaces' data sets (CONTRACT section 11) to app/data/, numpy only.

    .venv/bin/python scripts/make_network_data.py

Each file is rows of two features and a 0/1 target (240, or 150 for the small noisy set that
overfits), shuffled, with a fixed split: a quarter of the rows marked `test`. Its first line
says how it was made. Deterministic: the same files come out on every machine (numpy's
default_rng is stable across platforms and releases).
"""

from collections.abc import Callable
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "app" / "data"
ROWS = 240
Rows = tuple[np.ndarray, np.ndarray]  # (N, 2) features, (N,) targets


def half_moons(rng: np.random.Generator, rows: int, noise: float) -> Rows:
    t = np.linspace(0.0, np.pi, rows // 2)
    outer = np.column_stack([np.cos(t), np.sin(t)])
    inner = np.column_stack([1.0 - np.cos(t), 0.5 - np.sin(t)])
    features = np.vstack([outer, inner]) + rng.normal(0.0, noise, (rows, 2))
    return features, np.repeat([0.0, 1.0], rows // 2)


def moons(rng: np.random.Generator) -> Rows:
    """Two interleaved half-moons (as scikit-learn's make_moons, noise 0.15)."""
    return half_moons(rng, ROWS, 0.15)


def noisy_moons(rng: np.random.Generator) -> Rows:
    """Two half-moons drowned in noise 0.4 (as make_moons), only 150 rows: a large network
    learns the noise of its few train rows (overfitting)."""
    return half_moons(rng, 150, 0.4)


def circles(rng: np.random.Generator) -> Rows:
    """Two concentric circles, radii 1 (target 0) and 0.5 (target 1), noise 0.08."""
    angle = rng.uniform(0.0, 2.0 * np.pi, ROWS)
    radius = np.repeat([1.0, 0.5], ROWS // 2)
    features = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    return features + rng.normal(0.0, 0.08, (ROWS, 2)), np.repeat([0.0, 1.0], ROWS // 2)


def xor(rng: np.random.Generator) -> Rows:
    """XOR quadrants: uniform on [−1, 1]² outside a 0.1 band around the axes; target 1 where the
    two features have opposite signs."""
    magnitude = rng.uniform(0.1, 1.0, (ROWS, 2))
    sign = rng.choice([-1.0, 1.0], (ROWS, 2))
    features = magnitude * sign
    return features, (sign[:, 0] != sign[:, 1]).astype(np.float64)


DATA_SETS: dict[str, tuple[int, Callable[[np.random.Generator], Rows]]] = {
    "moons": (18, moons),
    "circles": (19, circles),
    "xor": (20, xor),
    "noisy_moons": (21, noisy_moons),
}


def write(name: str, seed: int, make: Callable[[np.random.Generator], Rows]) -> None:
    rng = np.random.default_rng(seed)
    features, target = make(rng)
    rows = len(target)
    test = rows // 4
    order = rng.permutation(rows)
    features, target = features[order], target[order]
    split = np.array(["train"] * rows, dtype=object)
    split[rng.choice(rows, test, replace=False)] = "test"
    doc = (make.__doc__ or "").replace("\n    ", " ")
    lines = [
        f"# made by scripts/make_network_data.py: {doc} {rows} rows shuffled by "
        f"numpy.random.default_rng({seed}), {test} of them drawn as test rows",
        "x1,x2,target,split",
    ]
    lines += [f"{x1:.6f},{x2:.6f},{int(y)},{s}" for (x1, x2), y, s in
              zip(features, target, split, strict=True)]  # fmt: skip
    (OUT / f"{name}.csv").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    for name, (seed, make) in DATA_SETS.items():
        write(name, seed, make)
        print(f"wrote {OUT / name}.csv")
