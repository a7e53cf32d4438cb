"""The HTTP server's own limits, which no ASGI middleware can set: a deadline for receiving a
whole request, keep-alive and concurrency limits, and the WebSocket frame size.

uvicorn has no request deadline of its own: `timeout_keep_alive` only covers the idle time
between requests and is reset by every byte, so a client that trickles a header or a body one
byte at a time (or says nothing at all) holds its connection forever. Its `http` option takes a
protocol class, which here carries the deadline: armed when a connection opens and when a request
begins, disarmed once the request is in or the connection becomes a WebSocket.
"""

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

REQUEST_DEADLINE = 10.0  # seconds to send a whole request (headers and body)
KEEP_ALIVE = 5  # seconds an idle connection is kept between requests
MAX_CONNECTIONS = 256  # past this, uvicorn answers 503
WS_MAX_BYTES = 256 * 1024  # a frame past this closes the socket (the app refuses > 64 KiB)


class DeadlineProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with REQUEST_DEADLINE on receiving each request."""

    deadline: asyncio.TimerHandle | None = None

    def arm(self) -> None:
        self.disarm()
        self.deadline = self.loop.call_later(REQUEST_DEADLINE, self.expire)

    def disarm(self) -> None:
        if self.deadline is not None:
            self.deadline.cancel()
            self.deadline = None

    def expire(self) -> None:
        """Too slow: drop the connection (an app waiting for the body sees a disconnect)."""
        self.deadline = None
        if not self.transport.is_closing():
            self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.arm()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self.arm()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self.disarm()

    def on_response_complete(self) -> None:
        """Idle again: uvicorn's keep-alive timeout takes over until the next request."""
        super().on_response_complete()
        self.disarm()

    def handle_websocket_upgrade(self) -> None:
        self.disarm()
        super().handle_websocket_upgrade()

    def connection_lost(self, exc: Exception | None) -> None:
        self.disarm()
        super().connection_lost(exc)


def server_options() -> dict[str, Any]:
    """uvicorn.run's keyword arguments for these limits."""
    return {
        "http": DeadlineProtocol,
        "timeout_keep_alive": KEEP_ALIVE,
        "limit_concurrency": MAX_CONNECTIONS,
        "ws_max_size": WS_MAX_BYTES,
        # Per-message deflate would compress every ~1 MB path chunk on the event loop.
        "ws_per_message_deflate": False,
    }
