"""The state inspector: `include_state` equals the reference optimizer's own state at each step."""

import numpy as np
import pytest
import pytorch_optimizer as po
import torch
from fastapi.testclient import TestClient

from app.optimizers import OPTIMIZERS

torch.set_default_dtype(torch.float64)
OPTIMIZER_INDEX = {o.id: o for o in OPTIMIZERS}


def trained(optimizer: torch.optim.Optimizer) -> torch.optim.Optimizer:
    """A schedule-free optimizer in train mode (CONTRACT 4b)."""
    optimizer.train()  # type: ignore[attr-defined]
    return optimizer


# optimizer id, our params, torch constructor; on Beale from (1, 1.3) for 60 steps.
CASES = [
    (
        "momentum",
        {"lr": 0.01, "momentum": 0.8},
        lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.8),
    ),
    ("nag", {"lr": 0.01}, lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.9, nesterov=True)),
    (
        "adagrad",
        {"lr": 0.1, "lr_decay": 0.01},
        lambda p: torch.optim.Adagrad(p, lr=0.1, lr_decay=0.01),
    ),
    ("rmsprop", {"lr": 0.01}, lambda p: torch.optim.RMSprop(p, lr=0.01)),
    ("adadelta", {"lr": 1.0}, lambda p: torch.optim.Adadelta(p, lr=1.0)),
    ("adam", {"lr": 0.02}, lambda p: torch.optim.Adam(p, lr=0.02)),
    ("nadam", {"lr": 0.02}, lambda p: torch.optim.NAdam(p, lr=0.02)),
    (
        "adamw",
        {"lr": 0.02, "weight_decay": 0.1},
        lambda p: torch.optim.AdamW(p, lr=0.02, weight_decay=0.1),
    ),
    ("adabelief", {"lr": 0.02}, lambda p: po.AdaBelief(p, lr=0.02)),
    ("lion", {"lr": 0.01}, lambda p: po.Lion(p, lr=0.01)),
    ("amos", {"lr": 0.05, "momentum": 0.5}, lambda p: po.Amos(p, lr=0.05, momentum=0.5)),
    ("amos", {"lr": 0.05}, lambda p: po.Amos(p, lr=0.05)),
    ("sgd", {"weight_decay": 0.1}, lambda p: torch.optim.SGD(p, lr=0.01, weight_decay=0.1)),
    (
        "momentum",
        {"dampening": 0.5, "weight_decay": 0.1},
        lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.9, dampening=0.5, weight_decay=0.1),
    ),
    (
        "adagrad",
        {"initial_accumulator_value": 0.5, "weight_decay": 0.1},
        lambda p: torch.optim.Adagrad(p, lr=0.01, initial_accumulator_value=0.5, weight_decay=0.1),
    ),
    (
        "rmsprop",
        {"momentum": 0.5, "centered": True},
        lambda p: torch.optim.RMSprop(p, lr=0.01, momentum=0.5, centered=True),
    ),
    ("rmsprop", {"centered": True}, lambda p: torch.optim.RMSprop(p, lr=0.01, centered=True)),
    (
        "adam",
        {"lr": 0.02, "amsgrad": True, "weight_decay": 0.1},
        lambda p: torch.optim.Adam(p, lr=0.02, amsgrad=True, weight_decay=0.1),
    ),
    (
        "adamw",
        {"lr": 0.02, "amsgrad": True},
        lambda p: torch.optim.AdamW(p, lr=0.02, amsgrad=True),
    ),
    (
        "nadam",
        {"lr": 0.02, "weight_decay": 0.1, "decoupled_weight_decay": True},
        lambda p: torch.optim.NAdam(p, lr=0.02, weight_decay=0.1, decoupled_weight_decay=True),
    ),
    (
        "adamax",
        {"lr": 0.02, "weight_decay": 0.1},
        lambda p: torch.optim.Adamax(p, lr=0.02, weight_decay=0.1),
    ),
    (
        "radam",
        {"lr": 0.02, "weight_decay": 0.1, "decoupled_weight_decay": True},
        lambda p: torch.optim.RAdam(p, lr=0.02, weight_decay=0.1, decoupled_weight_decay=True),
    ),
    (
        "asgd",
        {"lr": 0.005, "lambd": 0.01, "t0": 20.0},
        lambda p: torch.optim.ASGD(p, lr=0.005, lambd=0.01, t0=20.0),
    ),
    ("rprop", {"lr": 0.01}, lambda p: torch.optim.Rprop(p, lr=0.01)),
    (
        "adafactor",
        {"lr": 0.02, "weight_decay": 0.1},
        lambda p: torch.optim.Adafactor(p, lr=0.02, weight_decay=0.1),
    ),
    (
        "signum",
        {"lr": 0.01, "momentum": 0.5, "weight_decay": 0.1},
        lambda p: po.SignSGD(p, lr=0.01, momentum=0.5, weight_decay=0.1),
    ),
    ("yogi", {"lr": 0.02}, lambda p: po.Yogi(p, lr=0.02)),
    (
        "adan",
        {"lr": 0.01, "weight_decay": 0.1},
        lambda p: po.Adan(p, lr=0.01, weight_decay=0.1),
    ),
    (
        "lamb",
        {"lr": 0.01, "weight_decay": 0.1},
        lambda p: po.Lamb(p, lr=0.01, weight_decay=0.1),
    ),
    ("madgrad", {"lr": 0.01}, lambda p: po.MADGRAD(p, lr=0.01)),
    ("madgrad", {"lr": 0.01, "momentum": 0.0}, lambda p: po.MADGRAD(p, lr=0.01, momentum=0.0)),
    ("ademamix", {"lr": 0.01}, lambda p: po.AdEMAMix(p, lr=0.01)),
    ("prodigy", {}, lambda p: po.Prodigy(p)),
    (
        "prodigy",
        {"lr": 0.5, "bias_correction": True, "safeguard_warmup": True, "weight_decay": 0.1},
        lambda p: po.Prodigy(
            p, lr=0.5, bias_correction=True, safeguard_warmup=True, weight_decay=0.1
        ),
    ),
    (
        "schedulefree_adamw",
        {"lr": 0.01, "warmup_steps": 10},
        lambda p: trained(po.ScheduleFreeAdamW(p, lr=0.01, warmup_steps=10)),
    ),
    (
        "schedulefree_sgd",
        {"lr": 0.01, "weight_decay": 0.1},
        lambda p: trained(po.ScheduleFreeSGD(p, lr=0.01, weight_decay=0.1)),
    ),
]


def beale(p: torch.Tensor) -> torch.Tensor:
    x, y = p[0], p[1]
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2


@pytest.mark.parametrize(
    "case", CASES, ids=[f"{c[0]}-{'-'.join(c[1]) or 'defaults'}" for c in CASES]
)
def test_inspector_state_equals_torch_state_at_every_step(client: TestClient, case) -> None:
    optimizer, params, make = case
    steps = 60
    body = {
        "surface": "beale",
        "start": [1.0, 1.3],
        "steps": steps,
        "include_state": True,
        "runs": [{"optimizer": optimizer, "params": params}],
    }
    run = client.post("/api/run", json=body).json()["runs"][0]
    state = run["state"]
    assert len(state["grad"]) == len(state["update"]) == steps
    # values torch keeps in the parameter group (Prodigy's d, Schedule-Free's weight sum)
    group = {slot.name for slot in OPTIMIZER_INDEX[optimizer].state if slot.group}
    p = torch.tensor([1.0, 1.3], requires_grad=True)
    opt = make([p])
    for k in range(steps):
        opt.zero_grad()
        beale(p).backward()
        np.testing.assert_allclose(state["grad"][k], p.grad.numpy(), rtol=1e-9, atol=1e-12)
        before = p.detach().clone()
        opt.step()
        np.testing.assert_allclose(
            state["update"][k], (p.detach() - before).numpy(), rtol=1e-8, atol=1e-15
        )
        torch_state = opt.state[p]
        names = [n for n in torch_state if n != "step" and isinstance(torch_state[n], torch.Tensor)]
        ours = set(state) - {"grad", "lr", "update"} - {n for n in state if "bias_correction" in n}
        assert ours - group == set(names), optimizer
        values = {n: torch_state[n] for n in names} | {n: opt.param_groups[0][n] for n in group}
        for name, value in values.items():
            mine = np.array(state[name][k])
            np.testing.assert_allclose(
                mine,
                np.asarray(value).reshape(mine.shape),
                rtol=1e-9,
                atol=1e-300,
                err_msg=f"{name} at {k}",
            )


def test_bias_corrections_and_lr_are_reported(client: TestClient) -> None:
    body = {
        "surface": "booth",
        "steps": 3,
        "include_state": True,
        "runs": [
            {
                "optimizer": "adam",
                "params": {"lr": 0.1, "beta1": 0.5},
                "schedule": {"name": "step", "step_size": 2, "gamma": 0.1},
            }
        ],
    }
    state = client.post("/api/run", json=body).json()["runs"][0]["state"]
    assert state["bias_correction1"] == pytest.approx([0.5, 0.75, 0.875])
    assert state["lr"] == pytest.approx([0.1, 0.1, 0.01])


def test_sgd_has_no_optimizer_state_but_still_gradients(client: TestClient) -> None:
    body = {"surface": "booth", "steps": 2, "include_state": True, "runs": [{"optimizer": "sgd"}]}
    state = client.post("/api/run", json=body).json()["runs"][0]["state"]
    assert set(state) == {"grad", "lr", "update"}


@pytest.mark.parametrize("line_search", ["strong_wolfe", "none"])
def test_lbfgs_state_equals_torch_state_at_every_step(client: TestClient, line_search) -> None:
    """torch keeps L-BFGS's state under the first parameter; the history itself (old_dirs,
    old_stps, ro, al) is not inspected, only how many pairs it holds."""
    steps, lr = 15, (1.0 if line_search == "strong_wolfe" else 0.05)
    params = {"lr": lr, "history_size": 3, "line_search": line_search}
    body = {"surface": "beale", "start": [1.0, 1.3], "steps": steps, "include_state": True,
            "runs": [{"optimizer": "lbfgs", "params": params}]}  # fmt: skip
    state = client.post("/api/run", json=body).json()["runs"][0]["state"]
    assert set(state) == {"grad", "lr", "update", "d", "t", "H_diag", "prev_flat_grad",
                          "prev_loss", "n_iter", "func_evals", "history"}  # fmt: skip
    p = torch.tensor([1.0, 1.3], requires_grad=True)
    opt = torch.optim.LBFGS([p], lr=lr, max_iter=1, max_eval=25, history_size=3,
                            line_search_fn=None if line_search == "none" else line_search)  # fmt: skip

    def closure() -> torch.Tensor:
        opt.zero_grad()
        loss = beale(p)
        loss.backward()
        return loss

    for k in range(steps):
        before = p.detach().clone()
        opt.step(closure)
        np.testing.assert_allclose(state["update"][k], (p.detach() - before).numpy(), rtol=1e-8)
        ours = opt.state[p]
        expected = {name: float(ours[name]) for name in ("t", "H_diag", "prev_loss")}
        expected |= {"n_iter": ours["n_iter"], "func_evals": ours["func_evals"],
                     "history": len(ours["old_dirs"])}  # fmt: skip
        for name, value in expected.items():
            assert state[name][k] == pytest.approx(value, rel=1e-9), f"{name} at {k}"
        for name in ("d", "prev_flat_grad"):  # atol: near the minimum they are ~1e-8
            np.testing.assert_allclose(state[name][k], ours[name].numpy(), rtol=1e-9, atol=1e-14)
