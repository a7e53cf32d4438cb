"""The real server in a subprocess (`python -m app`), for browser tests, server-level tests
(deadlines, bodies on the wire, read-only folders), benchmarks and screenshots."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(url: str, server: subprocess.Popen[bytes], timeout: float = 240.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=1) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the server did not answer {url}/healthz within {timeout} s")


@contextmanager
def running_app(
    root: Path = ROOT,
    port: int = 0,
    env: dict[str, str] | None = None,
    args: tuple[str, ...] = (),
    python: str = sys.executable,
) -> Iterator[str]:
    """The app of the checkout at `root` (its own page and static files), healthy, on `port` (0: a
    free one), with extra environment and arguments; yields its URL and stops it on the way out."""
    port = port or free_port()
    server = subprocess.Popen(
        [python, "-m", "app", "--host", "127.0.0.1", "--port", str(port), *args],
        cwd=root,
        env={**os.environ, "OPTISCOPE_ROOT": str(root), **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, server)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
