"""The page's files: each served from memory under a URL that names the release, cached by the
browser for good, and gzipped once for clients that accept it.

`/static/<version>/…`, with `version` a hash of every file served, changes with any file, so its
answers are `immutable` and a reload moves nothing; the ES modules' relative imports stay inside
one version. `/static/…` without a version still answers (tests, old links), revalidated by ETag.

The page's modules (`js/`, ~55 files) also come as one file, `bundle/main.js`, built by esbuild
(`make bundle`) and committed: a browser asks for files one every few milliseconds, so one file
instead of 55 brings the first picture ~0.4 s sooner. The bundle names the digest of the modules
it was built from; a bundle that does not match them is not served (the modules are, with a
warning), so an edit not yet bundled never runs old code.
"""

import gzip
import hashlib
import mimetypes
import posixpath
import re
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COMPRESSIBLE = (".js", ".css", ".svg", ".json", ".html", ".txt", ".map")
MIN_GZIP_BYTES = 1024
FOREVER = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# `import … from "./x.js"`, `export … from "../y.js"`, `import "./z.js"`: a relative specifier
SOURCES = re.compile(rb"^// .*? sources ([0-9a-f]{16})\b")  # the bundle's first line names them
ENTRY, BUNDLE = "js/main.js", "bundle/main.js"
STATIC_IMPORT = re.compile(rb'^\s*(?:import|export)\b[^;"\']*?["\'](\.{1,2}/[^"\']+)["\']', re.M)


@dataclass
class Asset:
    body: bytes
    etag: str
    media_type: str
    compressible: bool
    _gzipped: bytes | None = None

    @property
    def gzipped(self) -> bytes | None:
        """The gzipped body (made on first use: Plotly's takes ~0.4 s, so start-up warms it)."""
        if self.compressible and self._gzipped is None:
            self._gzipped = gzip.compress(self.body, compresslevel=9, mtime=0)
        return self._gzipped


def load(path: Path) -> Asset:
    body = path.read_bytes()
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if path.suffix == ".js":
        media_type = "text/javascript"
    elif path.suffix == ".map":  # the bundle's source map
        media_type = "application/json"
    etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
    compressible = path.suffix in COMPRESSIBLE and len(body) >= MIN_GZIP_BYTES
    return Asset(body, etag, media_type, compressible)


class Assets:
    """Every file under `root`, read and compressed at start-up."""

    def __init__(self, root: Path) -> None:
        files = {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}
        self.assets = {name: load(path) for name, path in files.items()}
        digest = hashlib.sha256()
        for name, asset in sorted(self.assets.items()):
            digest.update(name.encode() + asset.etag.encode())
        self.version = digest.hexdigest()[:12]
        self.prefix = f"/static/{self.version}"

    def sources(self) -> str:
        """A digest of the page's modules (`js/`), as the bundle built from them names it."""
        digest = hashlib.sha256()
        for name, asset in sorted(self.assets.items()):
            if name.startswith("js/"):
                digest.update(name.encode() + asset.etag.encode())
        return digest.hexdigest()[:16]

    def bundled(self) -> bool:
        """Whether `bundle/main.js` was built from the modules as they are now."""
        bundle = self.assets.get(BUNDLE)
        found = SOURCES.match(bundle.body) if bundle else None
        return found is not None and found[1].decode() == self.sources()

    def page_scripts(self) -> tuple[str, list[str]]:
        """The page's script and the modules to preload beside it: the bundle alone when it is
        up to date, else main.js and its whole module graph."""
        if self.bundled():
            return BUNDLE, []
        return ENTRY, self.imports(ENTRY)[1:]

    def imports(self, entry: str) -> list[str]:
        """`entry` and every module it imports statically, transitively (paths under the root):
        the page names them all up front (modulepreload), so the browser fetches the module graph
        at once instead of one level of imports per round trip."""
        if entry not in self.assets:
            return []  # a static folder without the page (a test's copy of the package)
        found, todo = [entry], [entry]
        while todo:
            module = todo.pop()
            for target in STATIC_IMPORT.findall(self.assets[module].body):
                folder = posixpath.dirname(module)
                name = posixpath.normpath(posixpath.join(folder, target.decode()))
                if name in self.assets and name not in found:
                    found.append(name)
                    todo.append(name)
        return found

    def warm(self) -> None:
        for asset in self.assets.values():
            _ = asset.gzipped

    def answer(self, request: Request, path: str) -> Response:
        version, _, rest = path.partition("/")
        pinned = version == self.version
        asset = self.assets.get(rest if pinned else path)
        if asset is None:
            return Response(status_code=404)
        headers = {"ETag": asset.etag, "Cache-Control": FOREVER if pinned else REVALIDATE,
                   "Vary": "Accept-Encoding"}  # fmt: skip
        if request.headers.get("if-none-match") == asset.etag:
            return Response(status_code=304, headers=headers)
        if asset.compressible and "gzip" in request.headers.get("accept-encoding", ""):
            headers["Content-Encoding"] = "gzip"
            return Response(asset.gzipped, media_type=asset.media_type, headers=headers)
        return Response(asset.body, media_type=asset.media_type, headers=headers)


ENTRY_BYTES = 512  # a kept answer's headers and bookkeeping


class ReleaseETags:
    """GET answers under `prefixes` (listings, grids, data rows) depend only on the release and
    the URL, so they carry an ETag made of both, and a browser's revalidation is a 304 that
    computes nothing: a reload does not fetch the page's data again. The latest answers are kept
    as sent (gzipped or not; `budget` bytes in all): a class opening the page at once computes
    and compresses its first grid once (~10 ms of the server's time each, else), not per pupil."""

    def __init__(
        self, app: ASGIApp, version: str, prefixes: tuple[str, ...], budget: int = 32 << 20
    ) -> None:
        self.app, self.version, self.prefixes = app, version, prefixes
        self.kept: OrderedDict[tuple[bytes, bool], tuple[Message, bytes]] = OrderedDict()
        self.budget, self.used = budget, 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or not scope["path"].startswith(self.prefixes)
        ):
            await self.app(scope, receive, send)
            return
        url = scope["path"].encode() + b"?" + scope["query_string"]
        etag = f'"{self.version}-{hashlib.sha256(url).hexdigest()[:16]}"'
        headers = [(b"etag", etag.encode()), (b"cache-control", REVALIDATE.encode())]
        request = Headers(scope=scope)
        if request.get("if-none-match") == etag:
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        key = (url, "gzip" in request.get("accept-encoding", ""))
        if (answer := self.kept.get(key)) is not None:
            self.kept.move_to_end(key)
            # copies: the middlewares outside add their headers to the message they are given
            await send({**answer[0], "headers": list(answer[0]["headers"])})
            await send({"type": "http.response.body", "body": answer[1]})
            return
        start: Message = {}
        body: list[bytes] = []

        async def tagged(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start" and message["status"] == 200:
                message["headers"] = [*message.get("headers", []), *headers]
                start = {**message, "headers": list(message["headers"])}
            elif message["type"] == "http.response.body" and start:
                body.append(message.get("body", b""))
                if not message.get("more_body", False):
                    self.keep(key, start, b"".join(body))
            await send(message)

        await self.app(scope, receive, tagged)

    @staticmethod
    def weight(key: tuple[bytes, bool], body: bytes) -> int:
        """Bytes an answer holds kept: its body, its URL (a query string is anyone's to make
        long: 2,000 of 60 kB with tiny bodies grew the server by 100 MB) and the headers."""
        return len(body) + len(key[0]) + ENTRY_BYTES

    def keep(self, key: tuple[bytes, bool], start: Message, body: bytes) -> None:
        """Keep an answer, dropping the least recently sent beyond the budget."""
        if self.weight(key, body) > self.budget:
            return
        if (old := self.kept.pop(key, None)) is not None:
            self.used -= self.weight(key, old[1])
        self.kept[key] = (start, body)
        self.used += self.weight(key, body)
        while self.used > self.budget:
            dropped, (_, dropped_body) = self.kept.popitem(last=False)
            self.used -= self.weight(dropped, dropped_body)
