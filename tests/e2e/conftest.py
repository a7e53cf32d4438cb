"""Browser tests: the real server in a subprocess, Debian's chromium driven by playwright.

The `page` fixture fails its test on any console error or uncaught exception, and blocks every
request that is not for the server (the page must work offline).
"""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from tests.live import running_app

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 800}


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    with running_app() as url:
        yield url


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"no chromium at {CHROMIUM}: `make chromium` installs it"
        )  # never a silent skip
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


class PageProblems:
    """Console errors, uncaught exceptions and requests for anything but the server."""

    def __init__(self, server_url: str) -> None:
        self.servers = [server_url]  # a test may add a proxy to it (tests/slow_link.py)
        self.errors: list[str] = []
        self.foreign: list[str] = []

    def watch(self, page: Page) -> None:
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        page.route("**/*", self.route)

    def route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith((*self.servers, "data:", "blob:")):
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()


@pytest.fixture
def problems(server_url: str) -> PageProblems:
    return PageProblems(server_url)


@pytest.fixture
def new_page(browser: Browser, problems: PageProblems) -> Iterator[Any]:
    """Opens pages in fresh contexts (no storage shared), each watched for problems."""
    contexts = []

    def open_page(**options: Any) -> Page:
        context = browser.new_context(**{"viewport": VIEWPORT, "accept_downloads": True, **options})
        contexts.append(context)
        page = context.new_page()
        problems.watch(page)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not problems.errors, f"console errors: {problems.errors}"
    assert not problems.foreign, f"requests beyond the server: {problems.foreign}"


@pytest.fixture
def page(new_page: Any, server_url: str) -> Page:
    """The app, opened and drawn."""
    from tests.e2e.helpers import open_app

    return open_app(new_page(), server_url)
