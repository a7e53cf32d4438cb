"""Bundle the page's modules (static/js/main.js and all it imports) into static/bundle/main.js.

esbuild (pinned in package.json) does the work. The bundle is committed, so `make run` needs no
node. Its first line names the digest of the modules it was built from, and the server serves it
only while they match (app/assets.py). Not minified: a stack trace in a bug report stays readable,
and gzip takes most of what minifying would (87 against 69 kB).

Usage: python scripts/bundle.py          write static/bundle/main.js
       python scripts/bundle.py --check  exit 1 if the committed bundle is not what a build gives
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.assets import BUNDLE, ENTRY, Assets  # noqa: E402

STATIC = ROOT / "static"
ESBUILD = ROOT / "node_modules" / ".bin" / "esbuild"


def build(static: Path = STATIC) -> bytes:
    """The bundle of `static`'s modules as esbuild writes it, headed by their digest."""
    banner = (
        "// Optiscope's page: static/js/main.js and its imports, bundled by esbuild"
        f" (scripts/bundle.py); sources {Assets(static).sources()}"
    )
    command = [str(ESBUILD), str(static / ENTRY), "--bundle", "--format=esm", "--charset=utf8",
               "--log-level=warning", f"--banner:js={banner}"]  # fmt: skip
    return subprocess.run(command, check=True, capture_output=True).stdout


def main() -> None:
    bundle = build()
    target = STATIC / BUNDLE
    if "--check" in sys.argv[1:]:
        if not target.exists() or target.read_bytes() != bundle:
            sys.exit(f"{target.relative_to(ROOT)} is not built from static/js: run `make bundle`")
        return
    target.parent.mkdir(exist_ok=True)
    target.write_bytes(bundle)
    print(f"{target.relative_to(ROOT)}: {len(bundle) / 1000:.0f} kB")


if __name__ == "__main__":
    main()
