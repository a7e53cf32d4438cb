"""Fuzzing: the whole HTTP API from its OpenAPI schema, malformed bodies at POST /api/run and
malformed WebSocket messages. No client input may get a 5xx or break the server (CONTRACT 2, 7)."""

import json
import math
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import positive_data_acceptance
from starlette.testclient import WebSocketTestSession

from app.limits import MAX_BODY_BYTES, MAX_MESSAGE_BYTES
from app.schemas import RunRequest
from tests.conftest import test_app as app

schema = schemathesis.openapi.from_asgi("/openapi.json", app)

# Answers besides 200 and 422 that the API gives and its OpenAPI document must declare: GET of an
# unknown surface is 404; a POST body that is not UTF-8 JSON (FastAPI's own "There was an error
# parsing the body"), too large or not typed as JSON is 400, 413 or 415 (app.limits).
OTHER_STATUSES = {
    ("GET", "/api/surfaces/{surface_id}/grid"): {404},
    ("GET", "/api/surfaces/{surface_id}/data"): {404},
}
BODY_ERRORS = {400, 413, 415}


def other_statuses(method: str, path: str) -> set[int]:
    return OTHER_STATUSES.get((method, path), set()) | (BODY_ERRORS if method == "POST" else set())


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_route_answers_within_its_schema_and_never_5xx(case: schemathesis.Case) -> None:
    response = case.call()
    excluded = [
        # A false positive here: the schema can say "a string" but not "a known surface id", "a
        # parameter this optimizer has" or "inside that parameter's range" (they depend on other
        # fields and on the declarations), so schema-valid bodies are rightly answered 422.
        positive_data_acceptance,
    ]
    # Still checked: no 5xx, status codes, content types, headers, response bodies match the
    # schema, schema-invalid bodies are refused.
    case.validate_response(response, excluded_checks=excluded)


def test_openapi_declares_every_status_the_api_answers(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path, operations in paths.items():
        for method, operation in operations.items():
            for status in other_statuses(method.upper(), path):
                assert str(status) in operation["responses"], (method, path, status)


# Malformed bodies at POST /api/run ---------------------------------------------------------------

VALID = {
    "surface": "rosenbrock",
    "start": [-1.2, 1.0],
    "steps": 5,
    "noise": {"std": 0.0, "seed": 0},
    "runs": [{"optimizer": "adam", "params": {"lr": 0.01}, "schedule": {"name": "cosine"}}],
}

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
not_a_list = st.none() | st.booleans() | st.integers() | st.text(max_size=10) | st.dictionaries(st.text(max_size=5), scalars, max_size=3)  # fmt: skip
not_an_object = st.booleans() | st.integers() | st.floats() | st.text(max_size=10) | st.lists(scalars, max_size=3)  # fmt: skip
huge = st.sampled_from([1e308, -1e308, 10**30, -(10**30), 2**64])  # all beyond every limit

# Each entry: a path into VALID and values that must be refused there. (null is not among them
# where the field is optional: null then means "the default".)
WRONG = [
    (("surface",), st.none() | st.booleans() | st.integers() | st.lists(scalars, max_size=3) | st.text(max_size=30).filter(lambda s: s not in {"rosenbrock"}).map(lambda s: "no-" + s)),
    (("start",), not_a_list.filter(lambda v: v is not None) | st.lists(st.floats(), max_size=1) | st.lists(st.floats(), min_size=3, max_size=5) | st.tuples(huge, st.just(0.0))),
    (("steps",), st.booleans() | st.text(max_size=5) | st.floats(allow_nan=False).filter(lambda v: v != int(v) if math.isfinite(v) else True) | st.integers(max_value=0) | st.integers(min_value=20_001) | huge),
    (("noise",), not_an_object),
    (("noise", "std"), st.floats(max_value=-1e-9) | st.floats(min_value=100.0001) | st.text(max_size=5) | st.none() | huge),
    (("noise", "seed"), st.integers(max_value=-1) | st.integers(min_value=2**32) | st.floats(allow_nan=False) | st.text(max_size=5)),
    (("runs",), not_a_list | st.just([]) | st.lists(st.just({"optimizer": "sgd"}), min_size=17, max_size=20)),
    (("runs", 0), st.none() | not_an_object | st.dictionaries(st.text(max_size=8).filter(lambda k: k != "optimizer"), json_values, max_size=3)),
    (("runs", 0, "optimizer"), st.none() | st.integers() | st.text(max_size=20).map(lambda s: "no-" + s)),
    (("runs", 0, "params"), not_an_object),
    (("runs", 0, "params", "lr"), st.floats(max_value=0.0) | st.floats(min_value=1e3) | st.text(max_size=5) | st.none() | huge),
    (("runs", 0, "schedule"), not_an_object),
    (("runs", 0, "schedule", "name"), st.none() | st.integers() | st.text(max_size=20).map(lambda s: "no-" + s)),
]  # fmt: skip


def with_value(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    body = json.loads(json.dumps(VALID))
    target = body
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return body


def dumps(body: Any) -> bytes:
    return json.dumps(body, allow_nan=True).encode()  # NaN/Infinity go out as raw literals


wrong_field = st.sampled_from(WRONG).flatmap(
    lambda w: w[1].map(lambda v: dumps(with_value(w[0], v)))
)
extra_field = st.text(min_size=1, max_size=10).filter(lambda k: k not in RunRequest.model_fields).map(lambda k: dumps({**VALID, k: 1}))  # fmt: skip
missing_field = st.sampled_from(["surface", "runs"]).map(lambda k: dumps({x: v for x, v in VALID.items() if x != k}))  # fmt: skip
random_json = json_values.filter(lambda v: not isinstance(v, dict) or "runs" not in v).map(dumps)
raw_literals = st.sampled_from(["NaN", "Infinity", "-Infinity", "1e999", "-1e999"]).flatmap(
    lambda lit: st.sampled_from([
        dumps(VALID).replace(b"-1.2", lit.encode()),
        dumps(VALID).replace(b'"steps": 5', b'"steps": ' + lit.encode()),
        dumps(VALID).replace(b'"std": 0.0', b'"std": ' + lit.encode()),
        dumps(VALID).replace(b'"lr": 0.01', b'"lr": ' + lit.encode()),
        lit.encode(),
    ])
)  # fmt: skip
deep = st.integers(100, 100_000).flatmap(lambda n: st.sampled_from([b"[" * n + b"]" * n, b"[" * n, b'{"a":' * n + b"1" + b"}" * n]))  # fmt: skip
long_strings = st.sampled_from([
    dumps({**VALID, "surface": "x" * 200_000}),
    dumps({**VALID, "surface": {"expression": "x+" * 2_000 + "y"}}),
    dumps(with_value(("runs", 0, "optimizer"), "a" * 100_000)),
    dumps({**VALID, "pad": "y" * (MAX_BODY_BYTES + 1)}),
    b'{"steps": ' + b"9" * 10_000 + b"}",
    dumps(VALID) + b" trailing",
    b"",
    b"\xff\xfe\x00garbage",
    dumps(VALID)[:-1],
])  # fmt: skip
bodies = (
    wrong_field | extra_field | missing_field | random_json | raw_literals | deep | long_strings
)
content_types = st.sampled_from(["application/json"] * 6 + ["application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "text/json"])  # fmt: skip


@pytest.fixture(scope="module")
def lenient() -> Iterator[TestClient]:
    """A client that turns server errors into 500 answers instead of raising them here."""
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@given(body=bodies, content_type=content_types)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_malformed_run_bodies_get_4xx(lenient: TestClient, body: bytes, content_type: str) -> None:
    response = lenient.post("/api/run", content=body, headers={"content-type": content_type})
    assert 400 <= response.status_code < 500, (
        response.status_code,
        body[:200],
        response.text[:300],
    )
    assert "detail" in response.json()


def test_the_server_is_healthy_after_the_malformed_bodies(lenient: TestClient) -> None:
    assert lenient.get("/healthz").json() == {"status": "ok"}
    assert lenient.post("/api/run", json=VALID).status_code == 200


# Malformed WebSocket messages ---------------------------------------------------------------------

RUN = {"type": "run", "id": 1, **VALID}
ws_texts = (
    st.text(max_size=50)  # whatever it is, it is not a valid run message
    | random_json.map(bytes.decode)
    | wrong_field.map(lambda b: json.dumps({"type": "run", "id": 1, **json.loads(b)}))
    | st.sampled_from(["type", "id"]).map(lambda k: json.dumps({x: v for x, v in RUN.items() if x != k}))
    | st.sampled_from([None, "run", 1.5, -1, 2**60, True, [1]]).map(lambda v: json.dumps({**RUN, "id": v}))
    | st.sampled_from(["walk", "", None, 1, "RUN"]).map(lambda v: json.dumps({**RUN, "type": v}))
    | raw_literals.map(lambda b: b.decode().replace('"surface"', '"type": "run", "id": 1, "surface"'))
    | st.just(json.dumps({**RUN, "pad": "z" * MAX_MESSAGE_BYTES}))
)  # fmt: skip
ws_frames = ws_texts | st.binary(max_size=100)


@pytest.fixture(scope="module")
def socket(client: TestClient) -> Iterator[WebSocketTestSession]:
    with client.websocket_connect("/api/stream") as ws:
        yield ws


@given(frame=ws_frames)
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_malformed_messages_get_an_error_on_the_same_socket(
    socket: WebSocketTestSession, frame: str | bytes
) -> None:
    if isinstance(frame, bytes):
        socket.send_bytes(frame)
    else:
        socket.send_text(frame)
    answer = socket.receive_json()
    assert answer["type"] == "error" and set(answer) == {"type", "id", "detail"}, (frame[:200], answer)  # fmt: skip
    assert isinstance(answer["detail"], str) and answer["detail"]


def test_the_socket_still_streams_after_the_malformed_messages(
    socket: WebSocketTestSession, client: TestClient
) -> None:
    socket.send_json({**RUN, "id": 99})
    while (message := socket.receive_json())["type"] != "end":
        assert message["type"] != "error", message
    assert message["id"] == 99 and message["runs"][0]["steps"] == VALID["steps"]
    assert client.get("/healthz").json() == {"status": "ok"}


def test_a_deeply_nested_message_gets_an_error(client: TestClient) -> None:
    with client.websocket_connect("/api/stream") as ws:
        ws.send_text("[" * 50_000)
        assert ws.receive_json()["type"] == "error"
        ws.send_json({**RUN, "id": 2})
        assert ws.receive_json()["type"] == "start"
