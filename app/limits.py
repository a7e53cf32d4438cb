"""Request limits that keep the server alive: body size and content type, message rates.

A pure ASGI middleware, so an oversized body is refused while it streams in, before any of it is
parsed.
"""

import json
import time
from collections.abc import Mapping
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 256 * 1024  # a full 16-run request with every parameter is ~4 KiB
MAX_MESSAGE_BYTES = 64 * 1024
MESSAGES_PER_SECOND = 60  # a slider sends one per animation frame at most


def too_large() -> HTTPException:
    return HTTPException(413, f"body: larger than the limit of {MAX_BODY_BYTES} bytes")


async def refuse(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class BodyLimits:
    """POST bodies must be JSON and at most MAX_BODY_BYTES (413/415 naming the limit).

    A body typed as anything but JSON (a form, text/plain: what a cross-site page can post without
    a preflight) is refused; an untyped one (curl -d) is read as JSON.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        media_type = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
        if media_type not in (b"application/json", b""):
            await refuse(send, 415, "content-type: send the body as application/json")
            return
        if not media_type:
            scope = {
                **scope,
                "headers": [*scope["headers"], (b"content-type", b"application/json")],
            }
        length = headers.get(b"content-length", b"0")
        if not length.isdigit() or int(length) > MAX_BODY_BYTES:
            await refuse(send, 413, too_large().detail)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > MAX_BODY_BYTES:
                raise too_large()  # FastAPI passes HTTPExceptions from body reading through
            return message

        await self.app(scope, limited, send)


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
