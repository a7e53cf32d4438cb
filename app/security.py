"""Who may drive the server: security headers on every answer, a Host header that names this
server (no DNS rebinding), and an Origin that is its own on WebSockets and POSTs (no other
website can run work here or read a stream). Pure ASGI middleware: a `@app.middleware` function
would cost each request extra tasks and event-loop turns, which /healthz feels under load."""

import ipaddress
import json

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.settings import Settings

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; connect-src 'self' ws: wss:; worker-src 'self' blob:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every HTTP answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).update(SECURITY_HEADERS)
            await send(message)

        await self.app(scope, receive, with_headers)


def host_name(host: str) -> str:
    """The name in a Host header, without its port: `[::1]:8000` → `::1`."""
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def is_address(name: str) -> bool:
    """An IP address cannot be rebound to another server, unlike a name an attacker controls."""
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class SiteGuard:
    """Refuses a Host that names another site (400) and a foreign Origin on a WebSocket (closed
    before it opens: 403) or on a POST (403)."""

    def __init__(self, app: ASGIApp, config: Settings) -> None:
        self.app = app
        self.hosts = {*LOCAL_NAMES, config.host.lower(), *(h.lower() for h in config.allowed_hosts)}
        self.origins = {o.lower().rstrip("/") for o in config.allowed_origins}

    def host_allowed(self, host: str) -> bool:
        name = host_name(host.lower())
        return (
            not name  # no Host at all: not a browser
            or "*" in self.hosts
            or name in self.hosts
            or name.endswith(".localhost")
            or is_address(name)
        )

    def origin_allowed(self, origin: str, host: str) -> bool:
        """The page's own origin (any scheme: a TLS proxy may stand between), or a listed one."""
        origin = origin.lower().rstrip("/")
        return origin.partition("://")[2] == host.lower() or origin in self.origins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        host = headers.get("host", "")
        origin = headers.get("origin")
        checks_origin = scope["type"] == "websocket" or scope["method"] not in SAFE_METHODS
        if not self.host_allowed(host):
            detail = (f"host: this server does not answer to {host_name(host)!r}; its operator can "
                      "add the name to OPTISCOPE_ALLOWED_HOSTS")  # fmt: skip
            await refuse(scope, receive, send, 400, detail)
        elif checks_origin and origin is not None and not self.origin_allowed(origin, host):
            detail = (f"origin: pages from {origin} may not use this server; its operator can "
                      "add the origin to OPTISCOPE_ALLOWED_ORIGINS")  # fmt: skip
            await refuse(scope, receive, send, 403, detail)
        else:
            await self.app(scope, receive, send)


async def refuse(scope: Scope, receive: Receive, send: Send, status: int, detail: str) -> None:
    """An HTTP error answer, or a WebSocket closed before it opens (the client sees a 403)."""
    if scope["type"] == "websocket":
        await receive()  # websocket.connect
        await send({"type": "websocket.close", "code": 1008, "reason": detail[:120]})
        return
    await answer(send, status, detail)


async def answer(send: Send, status: int, detail: str, extra: tuple[tuple[bytes, bytes], ...] = ()
                 ) -> None:  # fmt: skip
    body = json.dumps({"detail": detail}).encode()
    headers = [(b"content-type", b"application/json"),
               (b"content-length", str(len(body)).encode()), *extra]  # fmt: skip
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
