"""Tuning each optimizer's lr, one lr for all, Copy as PyTorch and the GIF export (issue 9)."""

import json
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Page

from tests.e2e.helpers import marks, open_app, paths, query, set_range, wait_drawn, wait_until

pytestmark = pytest.mark.e2e

SCENE = "?surface=rosenbrock&steps=150&opt=sgd,adam"
RUNS = [{"optimizer": "sgd"}, {"optimizer": "adam"}]


def post(server_url: str, route: str, body: dict[str, Any]) -> bytes:
    request = urllib.request.Request(
        f"{server_url}{route}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as answer:
        return bytes(answer.read())


def tuned_lrs(server_url: str, criterion: str) -> dict[str, float]:
    body = {"surface": "rosenbrock", "steps": 150, "runs": RUNS, "tune": {"criterion": criterion}}
    answer = json.loads(post(server_url, "/api/tune", body))
    return {run["optimizer"]: run["lr"] for run in answer["runs"]}


def lr_in_url(page: Page, optimizer: str) -> float:
    pairs = dict(item.split(":") for item in query(page)[f"p.{optimizer}"].split(","))
    return float(pairs["lr"])


def wait_tuned(page: Page, before: int) -> None:
    wait_until(page, "document.querySelector('[data-testid=tuning]').dataset.state === 'ready'", 30)
    wait_drawn(page, before)


def test_tune_each_applies_the_lrs_the_api_chooses_and_reruns(
    new_page: Any, server_url: str
) -> None:
    page = open_app(new_page(), server_url + SCENE)
    before = marks(page)
    page.locator("label[for=lr-mode-tune]").click()
    wait_tuned(page, before)
    expected = tuned_lrs(server_url, "final_loss")
    for optimizer, lr in expected.items():
        badge = page.get_by_test_id(f"tuned-lr-{optimizer}")
        assert badge.is_visible()
        assert float(badge.get_attribute("data-lr") or "nan") == lr
        assert lr_in_url(page, optimizer) == lr
    # The main view shows the runs with the tuned lrs.
    body = {
        "surface": "rosenbrock",
        "steps": 150,
        "runs": [{"optimizer": o, "params": {"lr": lr}} for o, lr in expected.items()],
    }
    runs = {r["optimizer"]: r for r in json.loads(post(server_url, "/api/run", body))["runs"]}
    for optimizer, trace in paths(page).items():
        assert trace["x"] == runs[optimizer]["x"]
        assert trace["y"] == runs[optimizer]["y"]
    assert "lr" in page.get_by_test_id("tune-results").inner_text()

    # Another criterion, another answer.
    before = marks(page)
    page.get_by_test_id("tune-criterion").select_option("auc")
    wait_until(page, "document.querySelector('[data-testid=tuning]').dataset.state === 'busy'")
    expected = tuned_lrs(server_url, "auc")
    wait_tuned(page, before)
    for optimizer, lr in expected.items():
        assert (
            float(page.get_by_test_id(f"tuned-lr-{optimizer}").get_attribute("data-lr") or "nan")
            == lr
        )
        assert lr_in_url(page, optimizer) == lr

    # A manual change of one lr takes its badge away (it no longer shows a tuned run).
    before = marks(page)
    set_range(page, "param-adam-lr", -2)
    wait_drawn(page, before)
    assert not page.get_by_test_id("tuned-lr-adam").is_visible()
    assert page.get_by_test_id("tuned-lr-sgd").is_visible()


def test_same_lr_for_all_sets_every_enabled_optimizer(new_page: Any, server_url: str) -> None:
    page = open_app(new_page(), server_url + SCENE)
    before = marks(page)
    page.locator("label[for=lr-mode-same]").click()
    wait_drawn(page, before)
    before = marks(page)
    set_range(page, "lr-all", -2.5)  # log10 slider: 10^-2.5, shown to 3 digits
    wait_drawn(page, before)
    wait_until(page, "new URLSearchParams(location.search).get('p.sgd').includes('lr:0.00316')")
    assert lr_in_url(page, "sgd") == lr_in_url(page, "adam") == 0.00316
    # Moving one optimizer's own slider goes back to manual.
    before = marks(page)
    set_range(page, "param-adam-lr", -2)
    wait_drawn(page, before)
    assert page.locator("#lr-mode-manual").is_checked()
    assert lr_in_url(page, "adam") == 0.01 and lr_in_url(page, "sgd") == 0.00316


def pytorch_script(server_url: str) -> str:
    body = {"surface": "rosenbrock", "steps": 150, "runs": RUNS}
    return post(server_url, "/api/pytorch", body).decode()


def test_copy_as_pytorch_puts_the_script_on_the_clipboard(new_page: Any, server_url: str) -> None:
    page = open_app(new_page(permissions=["clipboard-read", "clipboard-write"]), server_url + SCENE)
    page.get_by_test_id("copy-pytorch").click()
    wait_until(page, "document.getElementById('toast').textContent.includes('copied')")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == pytorch_script(server_url)
    assert "torch.optim" in copied or "pytorch_optimizer" in copied


def test_copy_as_pytorch_falls_back_to_a_dialog(
    new_page: Any, server_url: str, tmp_path: Path
) -> None:
    page = open_app(new_page(), server_url + SCENE)
    page.evaluate(
        "() => { navigator.clipboard.writeText = () => Promise.reject(new Error('denied')); }"
    )
    page.get_by_test_id("copy-pytorch").click()
    text = page.get_by_test_id("pytorch-text")
    text.wait_for(state="visible")
    assert text.input_value() == pytorch_script(server_url)
    with page.expect_download() as download:
        page.get_by_test_id("pytorch-download").click()
    assert download.value.suggested_filename == "optiscope.py"
    saved = tmp_path / "optiscope.py"
    download.value.save_as(saved)
    assert saved.read_text() == pytorch_script(server_url)
    page.keyboard.press("Escape")
    text.wait_for(state="hidden")


def test_gif_export_downloads_an_animation_of_the_main_view(
    new_page: Any, server_url: str, tmp_path: Path
) -> None:
    page = open_app(new_page(), server_url + SCENE + "&step=60")
    box = page.evaluate(
        "(() => { const p = document.querySelector('[data-testid=main-plot]');"
        " return [Math.round(p.clientWidth), Math.round(p.clientHeight)]; })()"
    )
    with page.expect_download(timeout=90_000) as download:
        page.get_by_test_id("export-gif").click()
        page.get_by_test_id("gif-progress").wait_for(state="visible")
        wait_until(
            page,
            "/frame \\d+ \\/ 40/.test(document.querySelector('[data-testid=gif-progress]').innerText)",
        )
    assert download.value.suggested_filename == "optiscope.gif"
    saved = tmp_path / "optiscope.gif"
    download.value.save_as(saved)
    with Image.open(saved) as gif:
        assert gif.format == "GIF"
        assert gif.is_animated and gif.n_frames >= 30
        assert list(gif.size) == box
        gif.seek(0)
        first = gif.convert("RGB").tobytes()
        gif.seek(gif.n_frames - 1)
        assert gif.convert("RGB").tobytes() != first  # the paths move
    page.get_by_test_id("gif-progress").wait_for(state="hidden")
    wait_until(page, "document.querySelector('[data-testid=step-slider]').value === '60'")


def test_gif_export_can_be_cancelled(new_page: Any, server_url: str) -> None:
    page = open_app(new_page(), server_url + SCENE + "&step=60")
    downloads: list[Any] = []
    page.on("download", lambda d: downloads.append(d))
    page.get_by_test_id("export-gif").click()
    wait_until(
        page, "/frame [1-9]/.test(document.querySelector('[data-testid=gif-progress]').innerText)"
    )
    page.get_by_test_id("gif-cancel").click()
    page.get_by_test_id("gif-progress").wait_for(state="hidden")
    wait_until(page, "document.querySelector('[data-testid=step-slider]').value === '60'")
    page.wait_for_timeout(300)
    assert not downloads
