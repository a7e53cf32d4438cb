"""axe-core on the opening page, at desktop and phone sizes and in each language: no serious or
critical violation."""

from typing import Any

import pytest

from tests.e2e.helpers import PHONE, open_app, serious_violations

SIZES = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": PHONE,
}


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_the_opening_page_has_no_serious_accessibility_violation(
    new_page: Any, server_url: str, size: dict[str, Any], lang: str
) -> None:
    page = open_app(new_page(**size), f"{server_url}/?lang={lang}")
    # The insights are built after the first paint (open_app waits for it): scanned too.
    assert page.locator("#insights-heading").count() == 1
    assert not (serious := serious_violations(page)), serious


VIEWS = {"race": ("/#insights=race", None), "inspector": ("/", "inspector-toggle")}


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_the_views_with_wide_tables_have_no_serious_violation_on_a_phone(
    new_page: Any, server_url: str, view: tuple[str, str | None]
) -> None:
    """The inspector's and the race's tables scroll sideways on a phone: each must be reachable by
    keyboard (axe: scrollable-region-focusable), as every other part of the page (a network's:
    tests/e2e/test_network.py, where its kernels are compiled)."""
    path, toggle = view
    page = open_app(new_page(**SIZES["phone"]), f"{server_url}{path}")
    if toggle:
        page.get_by_test_id(toggle).click()
        page.wait_for_selector("[data-testid=inspector-table] tr")
    page.wait_for_timeout(1500)  # the insights' tab and the network panel are drawn
    assert not (serious := serious_violations(page)), serious
