"""A far server for browser tests and benchmarks: a TCP proxy that delays every byte by half a
round trip each way. Chromium's network emulation delays HTTP but not WebSocket frames, and the
page's runs come over a WebSocket."""

import asyncio
import contextlib
import socket
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit


async def pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, delay: float) -> None:
    """Copy reader to writer, each chunk `delay` seconds after it was read, in order."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[tuple[float, bytes] | None] = asyncio.Queue()

    async def deliver() -> None:
        while (item := await queue.get()) is not None:
            at, data = item
            await asyncio.sleep(max(0.0, at - loop.time()))
            writer.write(data)
            await writer.drain()

    delivering = asyncio.ensure_future(deliver())
    try:
        while data := await reader.read(65536):
            queue.put_nowait((loop.time() + delay, data))
        queue.put_nowait(None)
        await delivering
    except (ConnectionError, asyncio.CancelledError):
        delivering.cancel()
    finally:
        writer.close()


@contextlib.contextmanager
def slow_link(url: str, round_trip_ms: float) -> Iterator[str]:
    """The URL of a proxy to the server at `url` adding `round_trip_ms` to every round trip."""
    target = urlsplit(url)
    delay = round_trip_ms / 2000
    loop = asyncio.new_event_loop()
    links: set[tuple[asyncio.StreamWriter, asyncio.StreamWriter]] = set()
    pumping: set[asyncio.Future[list[None]]] = set()

    async def connect(client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter
                      ) -> None:  # fmt: skip
        try:
            server_reader, server_writer = await asyncio.open_connection(
                target.hostname, target.port
            )
        except OSError:
            client_writer.close()
            return
        links.add(link := (client_writer, server_writer))
        both = asyncio.gather(pump(client_reader, server_writer, delay),
                              pump(server_reader, client_writer, delay))  # fmt: skip
        pumping.add(both)
        await both
        links.discard(link)
        pumping.discard(both)

    listener = socket.create_server(("127.0.0.1", 0))
    # the loop runs on its own thread (the caller's may run one already: playwright's)
    thread = threading.Thread(target=loop.run_forever, name="slow-link", daemon=True)
    thread.start()
    serving = asyncio.start_server(connect, sock=listener)
    server = asyncio.run_coroutine_threadsafe(serving, loop).result(timeout=10)

    async def stop() -> None:
        """Stop listening and close every connection (each pump then ends by itself)."""
        server.close()
        for link in list(links):
            for writer in link:
                writer.close()
        await asyncio.gather(*pumping, return_exceptions=True)

    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        asyncio.run_coroutine_threadsafe(stop(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()
