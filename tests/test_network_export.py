""" "Copy as PyTorch" on a network (issue 18): the script trains the same flat-θ network with
torch and reproduces the app's answer to rel 1e-9 (losses, θ at every iterate, test loss,
accuracies, status)."""

import json
import subprocess
import sys
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

CASES: dict[str, dict[str, Any]] = {
    "moons-tanh-full-batch-four-rules": {
        "surface": "moons", "steps": 40,
        "network": {"hidden": 5, "activation": "tanh", "loss": "cross_entropy", "init_seed": 3},
        "runs": [
            {"optimizer": "adam", "params": {"lr": 0.05}, "schedule": {"name": "cosine"}},
            {"optimizer": "lbfgs", "params": {"lr": 0.5, "history_size": 4}},
            {"optimizer": "newton", "params": {"lr": 0.5, "damping": 1.0}},
            {"optimizer": "lamb", "params": {"lr": 0.02}},
        ],
    },
    "xor-relu-mse-mini-batches": {
        "surface": "xor", "steps": 60, "batch": {"size": 16, "seed": 2},
        "network": {"hidden": 6, "activation": "relu", "loss": "mse", "init_seed": 9},
        "runs": [{"optimizer": "momentum", "params": {"lr": 0.5}}, {"optimizer": "prodigy"}],
    },
}  # fmt: skip


@pytest.mark.parametrize("name", CASES)
def test_the_network_script_reproduces_the_run(client: TestClient, tmp_path, name: str) -> None:
    body = CASES[name]
    script = client.post("/api/pytorch", json=body)
    assert script.status_code == 200, script.text
    path = tmp_path / "network.py"
    path.write_text(script.text)
    done = subprocess.run([sys.executable, str(path), "--json"], capture_output=True, text=True,
                          timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    torch_runs = json.loads(done.stdout)
    ours = client.post("/api/run", json={**body, "include_path": True}).json()["runs"]
    for run in ours:
        reference = torch_runs[run["label"]]
        assert (reference["status"], reference["steps"]) == (run["status"], run["steps"])
        for key in ("loss", "test_loss", "train_accuracy", "test_accuracy"):
            np.testing.assert_allclose(run[key], reference[key], rtol=1e-9, atol=1e-12,
                                       err_msg=f"{run['label']} {key}")  # fmt: skip
        # θ to 1e-9 of its largest entry (as test_network_reference: a coordinate near 0 moves
        # by what the whole vector's rounding allows)
        thetas = np.array(reference["thetas"])
        np.testing.assert_allclose(run["thetas"], thetas, rtol=1e-9,
                                   atol=1e-9 * np.abs(thetas).max(), err_msg=run["label"])  # fmt: skip
