"""`python -m app --host H --port P`: serve the app with uvicorn."""

import argparse
import sys

import uvicorn

from app.settings import settings


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m app", description="Serve Optiscope.")
    parser.add_argument("--host", default=settings.host, help="interface to bind (env HOST)")
    parser.add_argument("--port", type=int, default=settings.port, help="port (env PORT)")
    args = parser.parse_args()
    # Workers serialising path chunks hold the GIL; hand it back to the event loop sooner than the
    # default 5 ms so that first chunks and /healthz are not queued behind them.
    sys.setswitchinterval(0.0005)
    # Per-message deflate would compress every ~1 MB path chunk on the event loop.
    uvicorn.run("app.main:app", host=args.host, port=args.port, log_level="info",
                ws_per_message_deflate=False)  # fmt: skip


if __name__ == "__main__":
    main()
