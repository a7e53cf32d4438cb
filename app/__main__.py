"""`python -m app --host H --port P [--workers N]`: serve the app with uvicorn."""

import argparse
import os
import sys

import uvicorn

from app.server import server_options
from app.settings import Settings


def port(text: str) -> int:
    """A TCP port number, or a usage error naming it (uvicorn would wrap 80000 to 14464)."""
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1..65535)")
    return int(text)


def workers(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 64:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of workers (1..64)")
    return int(text)


def main() -> None:
    defaults = Settings()
    parser = argparse.ArgumentParser(prog="python -m app", description="Serve Optiscope.")
    parser.add_argument("--host", default=defaults.host, help="interface to bind (env HOST)")
    parser.add_argument("--port", type=port, default=defaults.port, help="port (env PORT)")
    parser.add_argument(
        "--workers", type=workers, default=1,
        help="server processes: one uses about one core under load; give the machine's core "
        "count to use them all (docs/deploy.md)",
    )  # fmt: skip
    args = parser.parse_args()
    # The app reads its settings when it is made, in this process or in each worker process.
    os.environ["HOST"], os.environ["PORT"] = args.host, str(args.port)
    # Workers serialising path chunks hold the GIL; hand it back to the event loop sooner than the
    # default 5 ms so that first chunks and /healthz are not queued behind them.
    sys.setswitchinterval(0.0005)
    uvicorn.run("app.main:app", host=args.host, port=args.port, workers=args.workers,
                log_level="info", **server_options())  # fmt: skip


if __name__ == "__main__":
    main()
