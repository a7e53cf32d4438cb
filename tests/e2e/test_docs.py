"""/docs: Swagger UI from the app itself, under the app's CSP, with no request elsewhere."""

from typing import Any

from tests.e2e.helpers import wait_until


def test_api_docs_render_every_route_from_same_origin_assets(new_page: Any, server_url: str
                                                              ) -> None:  # fmt: skip
    page = new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{server_url}/docs")
    wait_until(page, "() => document.querySelectorAll('.opblock').length >= 10", timeout=20)
    assert page.locator(".opblock-summary-path", has_text="/api/basins").count() == 1
    assert requests and all(url.startswith(server_url) for url in requests), requests
    # the `new_page` fixture fails the test on any console error (a CSP refusal is one)
