"""GET /api/surfaces/{id}/grid agrees with the torch surfaces of scripts/make_reference.py."""

import numpy as np
import pytest
import torch
from fastapi.testclient import TestClient

from scripts.make_reference import SURFACES


@pytest.mark.parametrize("surface", sorted(SURFACES))
def test_grid_values_match_the_torch_formula(client: TestClient, surface: str) -> None:
    grid = client.get(f"/api/surfaces/{surface}/grid", params={"n": 7}).json()
    xs, ys = np.meshgrid(grid["x"], grid["y"])  # (7, 7): z[i][j] = f(x[j], y[i])
    points = torch.tensor(np.stack([xs, ys]), dtype=torch.float64)
    expected = SURFACES[surface](points).numpy()
    z = np.asarray(grid["z"], dtype=float)
    # atol: minima such as ackley's f(0, 0) = e - e come out as 0 or a few ulps of the terms.
    np.testing.assert_allclose(z, expected, rtol=1e-12, atol=1e-12 * np.abs(expected).max())
