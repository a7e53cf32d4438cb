"""The network's second-order pieces against torch: its exact Hessian, and Newton and L-BFGS
trained on a network through the API (CONTRACT 4b and 11: the same rules as on a surface, on θ)."""

from typing import Any

import numpy as np
import pytest
import torch
from fastapi.testclient import TestClient

from app.mlp import ACTIVATIONS, LOSSES, network_hessian
from app.networks import NETWORK_INDEX, Model

torch.set_default_dtype(torch.float64)


def torch_loss(model: Model, rows: np.ndarray | None = None):  # type: ignore[no-untyped-def]
    """CONTRACT 11's loss of the flat θ over the train rows (or some of them), in torch."""
    data = model.data.train_rows if rows is None else model.data.train_rows[:, rows]
    t = torch.from_numpy(np.ascontiguousarray(data[:2].T))
    y = torch.from_numpy(np.ascontiguousarray(data[2]))
    h = model.hidden
    act = {"tanh": torch.tanh, "relu": torch.relu, "sigmoid": torch.sigmoid}[model.activation]

    def loss(theta: torch.Tensor) -> torch.Tensor:
        hidden = act(torch.nn.functional.linear(t, theta[: 2 * h].view(h, 2), theta[2 * h : 3 * h]))
        z = torch.nn.functional.linear(hidden, theta[3 * h : 4 * h].view(1, h), theta[4 * h :])
        z = z.squeeze(1)
        if model.loss == "cross_entropy":
            return (torch.logaddexp(torch.zeros_like(z), z) - y * z).mean()
        return ((torch.sigmoid(z) - y) ** 2).mean()

    return loss


@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_hessian_equals_torch_autograd(activation: str, loss: str) -> None:
    model = Model(NETWORK_INDEX["moons"], 5, activation, loss, 3)
    theta = model.initial() * 1.7
    rows = np.array([4, 9, 1, 30, 77, 12], dtype=np.int64)
    data = np.ascontiguousarray(model.data.train_rows)
    for batch, count in ((rows, len(rows)), (np.zeros(1, dtype=np.int64), -1)):
        ours = np.empty((theta.size, theta.size))
        network_hessian(theta, model.hidden, *model.codes[1:], data, batch, count, ours,
                        np.empty(theta.size))  # fmt: skip
        f = torch_loss(model, batch if count >= 0 else None)
        theirs = torch.autograd.functional.hessian(f, torch.from_numpy(theta)).numpy()
        np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)


def torch_run(model: Model, optimizer: str, params: dict[str, Any], steps: int) -> np.ndarray:
    """θ at every iterate: LBFGS by step(closure), Newton by autograd's Hessian and a solve."""
    f = torch_loss(model)
    theta = torch.from_numpy(model.initial()).requires_grad_()
    thetas = [theta.detach().clone()]
    if optimizer == "lbfgs":
        search = None if params["line_search"] == "none" else "strong_wolfe"
        opt = torch.optim.LBFGS([theta], lr=params["lr"], max_iter=1, max_eval=25,
                                history_size=params["history_size"], line_search_fn=search)  # fmt: skip

        def closure() -> torch.Tensor:
            opt.zero_grad()
            value = f(theta)
            value.backward()
            return value

        for _ in range(steps):
            opt.step(closure)
            thetas.append(theta.detach().clone())
    else:
        for _ in range(steps):
            x = theta.detach()
            g = torch.autograd.functional.jacobian(f, x)
            h = torch.autograd.functional.hessian(f, x)
            h = h + params["damping"] * torch.eye(x.numel())
            theta = (x - params["lr"] * torch.linalg.solve(h, g)).requires_grad_()
            thetas.append(theta.detach().clone())
    return torch.stack(thetas).numpy()


@pytest.mark.parametrize(
    ("optimizer", "params"),
    [
        ("lbfgs", {"lr": 1.0, "history_size": 10, "line_search": "strong_wolfe"}),
        ("lbfgs", {"lr": 0.5, "history_size": 3, "line_search": "none"}),
        ("newton", {"lr": 0.5, "damping": 1.0}),
    ],
)
def test_second_order_rules_train_a_network_as_torch_does(
    client: TestClient, optimizer: str, params: dict[str, Any]
) -> None:
    steps = 15
    network = {"hidden": 4, "activation": "tanh", "loss": "cross_entropy", "init_seed": 5}
    answer = client.post("/api/run", json={
        "surface": "circles", "steps": steps, "network": network, "include_path": True,
        "runs": [{"optimizer": optimizer, "params": params}],
    })  # fmt: skip
    assert answer.status_code == 200, answer.text
    run = answer.json()["runs"][0]
    assert run["status"] == "ok" and run["steps"] == steps
    model = Model(NETWORK_INDEX["circles"], 4, "tanh", "cross_entropy", 5)
    np.testing.assert_allclose(run["thetas"], torch_run(model, optimizer, params, steps),
                               rtol=1e-9, atol=1e-12)  # fmt: skip
