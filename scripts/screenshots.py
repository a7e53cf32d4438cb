"""The main views as a first-time visitor sees them, saved under docs/screenshots/ (1280×800).

Starts the real server and drives headless chromium: the opening view, side by side, two
lessons and a network lesson. (The Insights, inspector, seeds, formula and data shots were
taken by hand.)

Usage: python scripts/screenshots.py
"""

import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.e2e.helpers import marks, open_app, wait_drawn  # noqa: E402
from tests.live import running_app  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def after_click(page: Page, target: str) -> None:
    """Click a control by its text and wait for the redraw it asks for."""
    before = marks(page)
    page.get_by_text(target, exact=True).first.click()
    wait_drawn(page, before)


def main() -> None:
    with running_app() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        open_app(page, f"{url}/")
        page.mouse.move(0, 0)  # no hover label in the shots
        page.screenshot(path=OUT / "overview.png")
        after_click(page, "Side by side")
        page.screenshot(path=OUT / "side-by-side.png")
        after_click(page, "Overlay")
        for lesson, name in [
            ("Escaping a saddle point", "lesson-saddle"),
            ("Learning rate: too big, too small", "lesson-learning-rate"),
        ]:
            after_click(page, lesson)
            page.screenshot(path=OUT / f"{name}.png")
        # a network lesson, tall enough for the plane and the panel beneath it
        page.set_viewport_size({"width": 1280, "height": 1180})
        after_click(page, "Overfitting: train loss falls, test loss rises")
        page.evaluate("window.scrollTo(0, 0)")
        page.mouse.move(0, 0)
        page.screenshot(path=OUT / "network.png")
        browser.close()
    print(f"saved 5 views to {OUT}")


if __name__ == "__main__":
    main()
