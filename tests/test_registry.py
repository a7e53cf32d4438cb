"""The declaration is the registry (issue 17): an optimizer and a surface added by their
declarations alone work end to end, and a declaration missing a piece fails naming it.

The throwaway declarations are written into a copy of the package (as a contributor would write
them, nothing else touched) and exercised through the HTTP API in a separate interpreter."""

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent

SIGN_DESCENT = '''

@rule_kernel
def sign_descent_rule(p: Vec, g: Vec, s: Vec, h: Vec, t: float, lr: float, d: Vec) -> None:
    """signSGD (Bernstein et al. 2018): Δ = −lr·sign(g)."""
    for i in range(p.shape[0]):
        d[i] = -lr * (1.0 if g[i] > 0.0 else -1.0 if g[i] < 0.0 else 0.0)


SIGN_DESCENT = Optimizer(
    "sign_descent", "signSGD", "sign-based", "Steps by the gradient's sign alone.",
    "x ← x − lr·sign(g)", sign_descent_rule, (lr(0.05),),
    reference="pytorch_optimizer.SignSGD(ps, lr={lr}, momentum=0.0)",
)  # fmt: skip

'''

BOWL = """

@kernel
def bowl(x: float, y: float) -> tuple[float, float, float]:
    return x * x + 4.0 * y * y, 2.0 * x, 8.0 * y


@kernel
def bowl_hessian(x: float, y: float) -> tuple[float, float, float]:
    return 2.0, 0.0, 8.0

"""
BOWL_ENTRY = """    Surface("bowl", "Bowl", "x^2 + 4*y^2", r"x^2 + 4y^2", ((-3, 3), (-3, 3)), ((0.0, 0.0),),
            (2.0, 1.0), "A plain bowl.", kernel=bowl, hessian=bowl_hessian),
"""

PROBE = textwrap.dedent("""
    import json, sys
    from fastapi.testclient import TestClient
    from app.main import create_app
    from app.settings import Settings

    client = TestClient(create_app(Settings(allowed_hosts=("testserver",))))
    out = {}
    out["optimizers"] = [o["id"] for o in client.get("/api/optimizers").json()]
    out["surfaces"] = {s["id"]: s for s in client.get("/api/surfaces").json()}
    grid = client.get("/api/surfaces/bowl/grid", params={"n": 5}).json()
    out["grid"] = grid
    body = {"surface": "bowl", "steps": 12, "include_state": True,
            "runs": [{"optimizer": "sign_descent", "params": {"lr": 0.3}},
                     {"optimizer": "newton"}, {"optimizer": "sgd", "params": {"lr": 0.1}}]}
    run = client.post("/api/run", json=body)
    out["run"] = [run.status_code, run.json()]
    script = client.post("/api/pytorch", json={k: v for k, v in body.items() if k != "include_state"})
    out["script"] = [script.status_code, script.text]
    json.dump(out, sys.stdout)
""")


def declare(package: Path, surface_entry: str = BOWL_ENTRY) -> None:
    """The contributor's edit: each declaration beside its kids, and its name in the tuple."""
    optimizers = package / "optimizers.py"
    text = optimizers.read_text()
    text = text.replace(
        "\nOPTIMIZERS: tuple[Optimizer, ...] = (",
        SIGN_DESCENT + "\nOPTIMIZERS: tuple[Optimizer, ...] = (",
    )
    text = text.replace("    LBFGS, NEWTON,\n)", "    LBFGS, NEWTON, SIGN_DESCENT,\n)")
    optimizers.write_text(text)
    surfaces = package / "surfaces.py"
    text = surfaces.read_text()
    text = text.replace(
        "\nSURFACES: tuple[Surface, ...] = (\n",
        BOWL + "\nSURFACES: tuple[Surface, ...] = (\n" + surface_entry,
    )
    surfaces.write_text(text)


def probe(tmp_path: Path, surface_entry: str = BOWL_ENTRY) -> subprocess.CompletedProcess[str]:
    shutil.copytree(ROOT / "app", tmp_path / "app", ignore=shutil.ignore_patterns("__pycache__"))
    declare(tmp_path / "app", surface_entry)
    env = {
        "OPTISCOPE_CACHE": str(tmp_path / "cache"),
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
    }
    return subprocess.run([sys.executable, "-c", PROBE], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=900)  # fmt: skip


@pytest.fixture(scope="module")
def added(tmp_path_factory: pytest.TempPathFactory) -> dict:
    done = probe(tmp_path_factory.mktemp("registry"))
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def test_a_new_optimizer_and_surface_are_listed(added: dict) -> None:
    assert "sign_descent" in added["optimizers"]
    bowl = added["surfaces"]["bowl"]
    assert bowl["formula"] == "x^2 + 4*y^2" and bowl["domain"] == {"x": [-3, 3], "y": [-3, 3]}
    assert "kernel" not in bowl and "hessian" not in bowl
    xs, ys = np.meshgrid(added["grid"]["x"], added["grid"]["y"])
    np.testing.assert_allclose(added["grid"]["z"], xs**2 + 4 * ys**2, rtol=1e-12)


def test_each_runs_its_own_rule_on_its_own_surface(added: dict) -> None:
    status, answer = added["run"]
    assert status == 200, answer
    sign, newton, sgd = answer["runs"]
    x, y = 2.0, 1.0
    for k in range(1, 13):  # signSGD: both coordinates move by lr per step, by their signs
        x, y = x - 0.3 * np.sign(2 * x), y - 0.3 * np.sign(8 * y)
        assert (sign["x"][k], sign["y"][k]) == pytest.approx((x, y), rel=1e-12, abs=1e-12)
    assert newton["x"][1] == pytest.approx(0.0, abs=1e-12)  # the declared Hessian: one step home
    assert newton["y"][1] == pytest.approx(0.0, abs=1e-12)
    assert sgd["x"][1] == pytest.approx(2.0 - 0.1 * 4.0) and sgd["y"][1] == pytest.approx(0.2)
    assert sgd["loss"][0] == pytest.approx(8.0)


def test_the_export_of_both_reproduces_the_run(added: dict, tmp_path: Path) -> None:
    status, script = added["script"]
    assert status == 200, script
    assert "pytorch_optimizer.SignSGD(ps, lr=0.3, momentum=0.0)" in script
    path = tmp_path / "scene.py"
    path.write_text(script)
    done = subprocess.run([sys.executable, str(path), "--json"], capture_output=True, text=True,
                          timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    reference = json.loads(done.stdout)
    for run in added["run"][1]["runs"]:
        np.testing.assert_allclose(run["x"], reference[run["label"]]["x"], rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(run["y"], reference[run["label"]]["y"], rtol=1e-9, atol=1e-12)


def test_a_surface_declared_without_its_hessian_is_named(tmp_path: Path) -> None:
    done = probe(tmp_path, BOWL_ENTRY.replace(", hessian=bowl_hessian", ""))
    assert done.returncode != 0
    assert "surface declarations: bowl: no hessian" in done.stderr
