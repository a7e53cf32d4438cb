"""WS /api/stream: message order and shapes, equality with POST /api/run, supersede, bad input
(CONTRACT section 7)."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketTestSession
from websockets.sync.client import ClientConnection, connect

from app.api import INLINE_WORK
from app.limits import MAX_MESSAGE_BYTES
from app.scene import CHUNK_POINTS, chunk_steps

ADAM = {"surface": "rosenbrock", "steps": 30, "runs": [{"optimizer": "adam"}]}
BIG = {
    "surface": "rosenbrock",
    "steps": 20_000,
    "runs": [{"optimizer": "adam", "params": {"lr": 0.001 * (i + 1)}} for i in range(16)],
}


def run_message(request_id: int, body: dict[str, Any]) -> dict[str, Any]:
    return {"type": "run", "id": request_id, **body}


def collect(ws: WebSocketTestSession, request_id: int) -> list[dict[str, Any]]:
    """Every message up to and including the `end` of `request_id`."""
    messages = []
    while True:
        message = ws.receive_json()
        messages.append(message)
        if message["type"] == "end" and message["id"] == request_id:
            return messages
        assert message["type"] != "error", message


def assemble(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Check start → chunks → end, and join the chunks into one {x, y, loss} per run."""
    start, *chunks, end = messages
    assert start["type"] == "start" and end["type"] == "end"
    assert chunks and all(m["type"] == "chunk" for m in chunks)
    assert {m["id"] for m in messages} == {start["id"]}
    runs = [{"x": [], "y": [], "loss": []} for _ in start["runs"]]
    for chunk in chunks:
        assert set(chunk) == {"type", "id", "offset", "runs"}
        assert len(chunk["runs"]) == len(runs)
        for joined, part in zip(runs, chunk["runs"], strict=True):
            assert set(part) == {"x", "y", "loss"}
            assert len(part["x"]) == len(part["y"]) == len(part["loss"])
            if part["x"]:  # iterates offset .. offset+len−1 of a run still going
                assert len(joined["x"]) == chunk["offset"]
            for key in ("x", "y", "loss"):
                joined[key] += part[key]
    assert len(end["runs"]) == len(runs)
    for joined, result in zip(runs, end["runs"], strict=True):
        assert set(result) == {"status", "steps"}
        assert result["steps"] == len(joined["x"]) - 1
        joined.update(result)
    return runs


def stream(client: TestClient, body: dict[str, Any], request_id: int = 1) -> list[dict[str, Any]]:
    with client.websocket_connect("/api/stream") as ws:
        ws.send_json(run_message(request_id, body))
        return collect(ws, request_id)


def test_messages_come_as_start_chunks_end(client: TestClient) -> None:
    body = {**ADAM, "runs": [{"optimizer": "adam"}, {"optimizer": "sgd", "params": {"lr": 1e-3}}]}
    messages = stream(client, body, request_id=7)
    assert messages[0] == {
        "type": "start",
        "id": 7,
        "runs": [{"optimizer": "adam", "label": "Adam"}, {"optimizer": "sgd", "label": "SGD"}],
    }
    assert messages[1]["offset"] == 0 and len(messages[1]["runs"][0]["x"]) == 1  # the start
    runs = assemble(messages)
    assert [r["status"] for r in runs] == ["ok", "ok"]
    assert [r["steps"] for r in runs] == [30, 30]


def offsets(messages: list[dict[str, Any]]) -> list[int]:
    return [m["offset"] for m in messages if m["type"] == "chunk"]


def test_a_slider_scene_comes_whole_after_its_start(client: TestClient) -> None:
    six = ("sgd", "momentum", "nag", "adagrad", "rmsprop", "adam")
    body = {"surface": "rosenbrock", "steps": 1000, "runs": [{"optimizer": o} for o in six]}
    assert chunk_steps(6, 1000) == (1000, 1000)
    assert offsets(stream(client, body)) == [0, 1]


def test_a_long_stream_opens_with_a_short_chunk(client: TestClient) -> None:
    first, size = chunk_steps(len(BIG["runs"]), BIG["steps"])
    assert (first, size) == (CHUNK_POINTS // 16 // 5, CHUNK_POINTS // 16)
    steps = offsets(stream(client, {**BIG, "steps": 4 * size}))
    assert steps == [0, 1, 1 + first, 1 + first + size, 1 + first + 2 * size, 1 + first + 3 * size]


CASES = {
    "every optimizer, steps not a multiple of the chunk": {
        "surface": "rosenbrock",
        "steps": 2 * CHUNK_POINTS // 12 + 123,
        "runs": [
            {"optimizer": o}
            for o in (
                "sgd",
                "momentum",
                "nag",
                "adagrad",
                "rmsprop",
                "adadelta",
                "adam",
                "nadam",
                "adamw",
                "adabelief",
                "lion",
                "amos",
            )
        ],
    },  # fmt: skip
    "noise and schedules": {
        "surface": "himmelblau",
        "start": [0.5, -0.5],
        "steps": CHUNK_POINTS // 2 + 1,
        "noise": {"std": 0.5, "seed": 42},
        "runs": [
            {"optimizer": "momentum", "schedule": {"name": "cosine", "t_max": 700}},
            {"optimizer": "adam", "params": {"lr": 0.05}, "schedule": {"name": "warmup"}},
        ],
    },
    "a diverging run stops early and then sends empty arrays": {
        "surface": "rosenbrock",
        "steps": 2 * CHUNK_POINTS // 2 + 5,
        "runs": [{"optimizer": "sgd", "params": {"lr": 1.0}}, {"optimizer": "nadam"}],
    },
    "exactly one chunk of updates": {
        "surface": "beale",
        "steps": CHUNK_POINTS,
        "runs": [{"optimizer": "adabelief"}],
    },
    "a single step": {"surface": "booth", "steps": 1, "runs": [{"optimizer": "lion"}]},
    "a slider's one run, computed on the event loop": {
        "surface": "rosenbrock",
        "steps": INLINE_WORK,
        "noise": {"std": 0.1, "seed": 1},
        "runs": [{"optimizer": "adam", "params": {"lr": 0.02}}],
    },
    "a small mini-batch run, computed on the event loop": {
        "surface": "engel_food",
        "batch": {"size": 16, "seed": 2},
        "steps": 300,
        "runs": [{"optimizer": "sgd"}, {"optimizer": "rmsprop"}],
    },
}


@pytest.mark.parametrize("body", CASES.values(), ids=CASES.keys())
def test_concatenated_chunks_equal_post_run_exactly(
    client: TestClient, body: dict[str, Any]
) -> None:
    posted = client.post("/api/run", json=body)
    assert posted.status_code == 200, posted.text
    streamed = assemble(stream(client, body))
    for got, want in zip(streamed, posted.json()["runs"], strict=True):
        for key in ("x", "y", "loss", "status", "steps"):
            assert got[key] == want[key], key


def test_a_diverged_run_contributes_empty_arrays_to_later_chunks(client: TestClient) -> None:
    messages = stream(client, CASES["a diverging run stops early and then sends empty arrays"])
    assert messages[-1]["runs"][0]["status"] == "diverged"
    kept = messages[-1]["runs"][0]["steps"]
    later = [m for m in messages if m["type"] == "chunk" and m["offset"] > kept]
    assert len(later) >= 2
    assert all(m["runs"][0] == {"x": [], "y": [], "loss": []} for m in later)
    assert all(len(m["runs"][1]["x"]) > 0 for m in later)


def test_a_newer_run_supersedes_a_big_one_at_once(client: TestClient) -> None:
    with client.websocket_connect("/api/stream") as ws:
        ws.send_json(run_message(1, BIG))
        ws.send_json(run_message(2, ADAM))
        old = []
        while (message := ws.receive_json())["id"] != 2:
            assert message["id"] == 1 and message["type"] != "end"
            old.append(message)
        assert message["type"] == "start"
        rest = [message, *collect(ws, 2)]
        assert all(m["id"] == 2 for m in rest)
        assert assemble(rest)[0]["steps"] == 30
        # the older request was cut short: far fewer than its 20 chunks were sent
        assert len([m for m in old if m["type"] == "chunk"]) < 5


def test_each_run_message_supersedes_the_one_before(client: TestClient) -> None:
    with client.websocket_connect("/api/stream") as ws:
        for request_id in range(1, 6):
            ws.send_json(run_message(request_id, BIG))
        ws.send_json(run_message(6, ADAM))
        seen = []
        while (message := ws.receive_json())["id"] != 6:
            seen.append(message["id"])
        assert seen == sorted(seen)  # never back to an older id
        assert all(m["id"] == 6 for m in collect(ws, 6))


BAD = [
    ("not JSON", "{", None, "message"),
    ("a JSON list", "[1, 2]", None, "message"),
    ("unknown optimizer", json.dumps(run_message(3, {**ADAM, "runs": [{"optimizer": "bogus"}]})), 3, "optimizer"),
    ("missing id", json.dumps({"type": "run", **ADAM}), None, "id"),
    ("id of the wrong type", json.dumps(run_message(1, ADAM) | {"id": "one"}), None, "id"),
    ("wrong type field", json.dumps(run_message(4, ADAM) | {"type": "walk"}), 4, "type"),
    ("missing type", json.dumps({"id": 5, **ADAM}), 5, "type"),
    ("bad steps", json.dumps(run_message(6, {**ADAM, "steps": 0})), 6, "steps"),
    ("NaN start", json.dumps(run_message(8, {**ADAM, "start": [float("nan"), 0]})), 8, "start"),
    ("huge message", json.dumps(run_message(9, ADAM) | {"pad": "x" * MAX_MESSAGE_BYTES}), None, "message"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "request_id", "field"), [b[1:] for b in BAD], ids=[b[0] for b in BAD]
)
def test_bad_input_gets_an_error_naming_the_field_and_the_socket_stays_usable(
    client: TestClient, text: str, request_id: int | None, field: str
) -> None:
    with client.websocket_connect("/api/stream") as ws:
        ws.send_text(text)
        error = ws.receive_json()
        assert set(error) == {"type", "id", "detail"}
        assert error["type"] == "error" and error["id"] == request_id
        assert field in error["detail"]
        ws.send_json(run_message(10, ADAM))
        assert assemble(collect(ws, 10))[0]["steps"] == 30


def test_a_binary_frame_is_an_error_and_the_socket_stays_usable(client: TestClient) -> None:
    with client.websocket_connect("/api/stream") as ws:
        ws.send_bytes(json.dumps(run_message(1, ADAM)).encode())
        error = ws.receive_json()
        assert error["type"] == "error" and "binary" in error["detail"]
        ws.send_json(run_message(2, ADAM))
        assert assemble(collect(ws, 2))[0]["steps"] == 30


def test_a_bad_message_does_not_stop_the_running_stream(client: TestClient) -> None:
    body = {**ADAM, "steps": 3 * CHUNK_POINTS}
    with client.websocket_connect("/api/stream") as ws:
        ws.send_json(run_message(1, body))
        ws.send_text("{")
        messages = []
        while (message := ws.receive_json())["type"] != "end":
            messages.append(message)
        errors = [m for m in messages if m["type"] == "error"]
        assert len(errors) == 1
        runs = assemble([m for m in messages if m["type"] != "error"] + [message])
        assert runs[0]["steps"] == 3 * CHUNK_POINTS


def test_disconnecting_mid_stream_leaves_the_server_working(client: TestClient) -> None:
    with client.websocket_connect("/api/stream") as ws:
        ws.send_json(run_message(1, BIG))
        assert ws.receive_json()["type"] == "start"
        assert ws.receive_json()["type"] == "chunk"
    assert client.get("/healthz").json() == {"status": "ok"}
    assert assemble(stream(client, ADAM, request_id=2))[0]["steps"] == 30


# A real server: TestClient runs the app in a thread and queues frames in memory, so it cannot
# show network timing (send buffers, a client that reads while the server writes).


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = free_port()
    command = [sys.executable, "-m", "app", "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONWARNINGS": ""})  # fmt: skip
    deadline = time.monotonic() + 120  # the first start may compile the kernels
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
                    assert json.load(r) == {"status": "ok"}
                break
            except OSError:
                assert proc.poll() is None, "the server exited"
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
        yield f"127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def receive(ws: ClientConnection) -> dict[str, Any]:
    message = json.loads(ws.recv(timeout=10))
    assert isinstance(message, dict)
    return message


@pytest.mark.parametrize("wait_for_chunks", [0, 3])
def test_a_newer_run_starts_within_a_second_on_a_real_server(
    server: str, wait_for_chunks: int
) -> None:
    with connect(f"ws://{server}/api/stream", max_size=2**26) as ws:
        ws.send(json.dumps(run_message(1, BIG)))
        for _ in range(wait_for_chunks + 1):  # the start, then chunks of the big request
            assert receive(ws)["id"] == 1
        sent = time.monotonic()
        ws.send(json.dumps(run_message(2, ADAM)))
        while (message := receive(ws))["id"] != 2:
            assert message["id"] == 1 and message["type"] != "end"
        elapsed = time.monotonic() - sent
        assert message["type"] == "start"
        assert elapsed < 1.0, f"the newer start took {elapsed:.3f} s"
        rest = [message]
        while rest[-1]["type"] != "end":
            rest.append(receive(ws))
            assert rest[-1]["id"] == 2
        assert assemble(rest)[0]["steps"] == 30


def test_a_real_server_survives_a_client_that_vanishes_mid_stream(server: str) -> None:
    with connect(f"ws://{server}/api/stream", max_size=2**26) as ws:
        ws.send(json.dumps(run_message(1, BIG)))
        assert receive(ws)["type"] == "start"
    with urllib.request.urlopen(f"http://{server}/healthz", timeout=5) as r:
        assert json.load(r) == {"status": "ok"}
    with connect(f"ws://{server}/api/stream", max_size=2**26) as ws:
        ws.send(json.dumps(run_message(2, ADAM)))
        messages = [receive(ws)]
        while messages[-1]["type"] != "end":
            messages.append(receive(ws))
        assert assemble(messages)[0]["steps"] == 30
