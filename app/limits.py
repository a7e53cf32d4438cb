"""Request limits that keep the server alive: body size and content type, message rates.

A pure ASGI middleware, so an oversized body is refused while it streams in, before any of it is
parsed.
"""

import time
from collections.abc import Mapping
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.security import answer

MAX_BODY_BYTES = 256 * 1024  # a full 16-run request with every parameter is ~4 KiB
MAX_MESSAGE_BYTES = 64 * 1024
MESSAGES_PER_SECOND = 60  # a slider sends one per animation frame at most


DRAIN_BYTES = 16 * 2**20  # an oversized body is read (and dropped) up to this much before 413


def too_large() -> str:
    return f"body: larger than the limit of {MAX_BODY_BYTES} bytes"


async def drain(receive: Receive, received: int) -> None:
    """Read the rest of a refused body, up to DRAIN_BYTES in all: a client that is still sending
    (urllib does, and sends `Connection: close`) would otherwise see the connection reset instead
    of the 413. A longer body is cut off; the request deadline (app/server.py) bounds the time."""
    while received <= DRAIN_BYTES:
        message = await receive()
        received += len(message.get("body", b""))
        if message["type"] != "http.request" or not message.get("more_body", False):
            return


class BodyLimits:
    """POST bodies must be JSON (415 for any other type and for none: a cross-site page can post
    a form, text/plain or an untyped blob without a preflight) and at most MAX_BODY_BYTES (413),
    both naming the limit."""

    def __init__(self, app: ASGIApp, paths: frozenset[str]) -> None:
        self.app = app
        self.paths = paths  # the routes that take a POST body; others answer 405 as usual

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] not in self.paths:
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        media_type = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
        if media_type != b"application/json":
            await drain(receive, 0)
            await answer(send, 415, "content-type: send the body as application/json")
            return
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            await drain(receive, 0)
            await answer(send, 413, too_large())
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client left before sending it all
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > MAX_BODY_BYTES:
                if more:
                    await drain(receive, len(body))
                await answer(send, 413, too_large())
                return
            if not more:
                break
        await self.app(scope, replay(bytes(body), receive), send)


def replay(body: bytes, receive: Receive) -> Receive:
    """A receive that gives the body read already, then whatever the client sends next (its
    disconnect, which long work waits for)."""
    sent = False

    async def again() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return again


class RateLimit:
    """A token bucket: `rate` messages a second on average, bursts of up to `rate`."""

    def __init__(self, rate: float = MESSAGES_PER_SECOND) -> None:
        self.rate = rate
        self.tokens = rate
        self.last = time.monotonic()

    def allow(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.rate, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens < 1.0:
            return False
        self.tokens -= 1.0
        return True


def message_text(message: Mapping[str, Any]) -> str | None:
    """The text of a received WebSocket frame, or None for a binary frame."""
    text = message.get("text")
    return text if isinstance(text, str) else None
