from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings

# The app answers only to names it knows (app/security.py); Starlette's test client calls it
# "testserver" (always, for WebSockets).
test_app = create_app(Settings(allowed_hosts=("testserver",)))


@pytest.fixture(scope="session")
def client() -> Iterator[TestClient]:
    with TestClient(test_app) as c:
        yield c
