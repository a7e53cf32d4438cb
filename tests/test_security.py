"""Only this site drives the server: Host names it, Origins are its own, bodies are JSON."""

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from app.main import create_app
from app.security import host_name
from app.settings import Settings

RUN = {"surface": "booth", "steps": 3, "runs": [{"optimizer": "sgd"}]}
MESSAGE = {"type": "run", "id": 1, **RUN}


@pytest.mark.parametrize(
    ("host", "name"),
    [("localhost:8000", "localhost"), ("[::1]:8000", "::1"), ("10.0.0.5", "10.0.0.5"),
     ("::1", "::1"), ("Example.org:80", "Example.org")],
)  # fmt: skip
def test_host_name_drops_the_port(host: str, name: str) -> None:
    assert host_name(host) == name


@pytest.mark.parametrize("host", ["localhost:8000", "127.0.0.1", "[::1]:8000", "192.168.1.20:8000",
                                  "app.localhost"])  # fmt: skip
def test_local_names_and_addresses_are_answered(client: TestClient, host: str) -> None:
    assert client.get("/healthz", headers={"host": host}).status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "attacker.test:8000", "localhost.evil.example"])
def test_a_host_name_nobody_configured_is_refused_naming_the_setting(
    client: TestClient, host: str
) -> None:
    """DNS rebinding: a name the attacker controls, pointed at this machine."""
    answer = client.get("/api/optimizers", headers={"host": host})
    assert answer.status_code == 400
    assert "OPTISCOPE_ALLOWED_HOSTS" in answer.json()["detail"]


def test_the_allowed_hosts_setting_adds_names() -> None:
    app = create_app(Settings(allowed_hosts=("optiscope.school.test",)))
    with TestClient(app, base_url="http://optiscope.school.test") as client:
        assert client.get("/healthz").status_code == 200
        assert client.get("/healthz", headers={"host": "other.test"}).status_code == 400


@pytest.mark.parametrize(
    ("content_type", "body"),
    [("text/plain", b'{"surface": "booth"}'), ("application/x-www-form-urlencoded", b"a=b"),
     ("multipart/form-data; boundary=x", b"--x--"), (None, b'{"surface": "booth"}')],
)  # fmt: skip
def test_bodies_a_cross_site_page_can_send_without_preflight_are_415(
    client: TestClient, content_type: str | None, body: bytes
) -> None:
    headers = {"content-type": content_type} if content_type else {}
    answer = client.post("/api/run", content=body, headers=headers)
    assert answer.status_code == 415
    assert "application/json" in answer.json()["detail"]


def test_a_post_from_a_foreign_origin_is_403_and_from_its_own_page_200(
    client: TestClient,
) -> None:
    foreign = client.post("/api/run", json=RUN, headers={"origin": "https://evil.example"})
    assert foreign.status_code == 403 and "origin" in foreign.json()["detail"]
    own = client.post("/api/run", json=RUN, headers={"origin": "http://testserver"})
    assert own.status_code == 200


def test_a_websocket_from_a_foreign_origin_gets_no_stream(client: TestClient) -> None:
    for origin in ("https://evil.example", "http://127.0.0.1.evil.example", "null"):
        with (
            pytest.raises(WebSocketDisconnect) as refused,
            client.websocket_connect("/api/stream", headers={"origin": origin}) as ws,
        ):
            ws.send_json(MESSAGE)
            ws.receive_json()
        assert refused.value.code == 1008 and refused.value.reason.startswith("origin")


def test_a_websocket_from_its_own_page_or_a_listed_origin_streams() -> None:
    app = create_app(
        Settings(allowed_hosts=("testserver",), allowed_origins=("https://notes.example",))
    )
    with TestClient(app) as client:
        for origin in ("http://testserver", "https://notes.example"):
            with client.websocket_connect("/api/stream", headers={"origin": origin}) as ws:
                ws.send_json(MESSAGE)
                assert ws.receive_json()["type"] == "start"
