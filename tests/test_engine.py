"""Engine: trajectory semantics of CONTRACT section 3, chunking, batching over threads."""

import numpy as np
import pytest

from app.engine import Batch, Simulation, gradient_noise, run_final, run_paths
from app.landscape import Landscape
from app.optimizers import OPTIMIZER_INDEX, PARAM_SIZE
from app.surfaces import SURFACE_INDEX


def sgd_batch(surface: str, starts, lr: float, steps: int, std: float = 0.0, seed: int = 0):
    starts = np.atleast_2d(np.asarray(starts, dtype=np.float64))
    hyper = np.zeros((1, PARAM_SIZE))
    hyper[0, 0] = lr
    return Batch(
        land=Landscape(SURFACE_INDEX[surface]),
        opt=np.array([OPTIMIZER_INDEX["sgd"]]),
        hyper=hyper,
        lrs=np.full((1, steps), lr),
        config=np.zeros(len(starts), dtype=np.int64),
        starts=starts,
        noise=gradient_noise(std, seed, steps),
    )


def test_sgd_with_noise_follows_the_documented_recipe_exactly() -> None:
    steps, lr, std, seed = 50, 0.05, 0.7, 1234
    paths, _, _ = run_paths(sgd_batch("elongated_bowl", [-3.0, 1.0], lr, steps, std, seed))
    xi = np.random.default_rng(seed).standard_normal((steps, 2))
    p = np.array([-3.0, 1.0])
    expected = [p.copy()]
    for k in range(steps):
        grad = np.array([p[0], 25.0 * p[1]]) + std * xi[k]
        p = p + -lr * grad
        expected.append(p.copy())
    np.testing.assert_array_equal(paths[0][:, :2], np.array(expected))
    assert paths[0][3, 2] == 0.5 * (expected[3][0] ** 2 + 25 * expected[3][1] ** 2)


def test_divergence_stops_before_the_first_bad_iterate() -> None:
    paths, _, sim = run_paths(sgd_batch("saddle", [0.5, 0.5], 1.0, 100))
    # y triples every step (y ← y + 2y): the last kept iterate is the last with |y| ≤ 1e6.
    ys = paths[0][:, 1]
    assert not sim.alive[0] and sim.kept[0] == len(ys) - 1
    assert abs(ys[-1]) <= 1e6 < abs(3 * ys[-1])


def test_chunks_concatenate_to_the_full_path() -> None:
    batch = sgd_batch("rosenbrock", [-1.2, 1.0], 0.001, 2500, std=0.3, seed=5)
    full, _, _ = run_paths(batch)
    sim = Simulation(batch)
    parts = [chunk.run(0) for chunk in sim.chunks(333)]
    assert sum(len(p) for p in parts) == len(full[0])
    np.testing.assert_array_equal(np.concatenate(parts), full[0])


def test_large_batches_split_over_threads_give_the_same_numbers() -> None:
    rng = np.random.default_rng(0)
    starts = rng.uniform(-2, 2, (1500, 2))
    batch = sgd_batch("himmelblau", starts, 0.01, 200)
    together = run_final(batch)
    for r in (0, 700, 1499):
        alone, _, _ = run_paths(sgd_batch("himmelblau", starts[r], 0.01, 200))
        assert together.kept[r] == len(alone[0]) - 1
        if together.alive[r]:
            np.testing.assert_array_equal(together.pos[r], alone[0][-1, :2])


@pytest.mark.parametrize("std", [0.0, 2.5])
def test_noise_is_shared_by_all_runs_of_a_batch(std: float) -> None:
    noise = gradient_noise(std, 9, 10)
    assert noise.shape == (10, 2)
    expected = std * np.random.default_rng(9).standard_normal((10, 2)) if std else 0.0
    np.testing.assert_array_equal(noise, expected)
