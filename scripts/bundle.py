"""Bundle the page's modules (static/js/main.js and all it imports) into static/bundle/main.js.

esbuild (pinned in package.json) does the work. The bundle is committed, so `make run` needs no
node. Its first line names the digest of the modules it was built from, and the server serves it
only while they match (app/assets.py). Minified (69 kB gzipped, against 87), with a source map
beside it that points at the modules (served too), so DevTools shows and steps through them.

Usage: python scripts/bundle.py          write static/bundle/main.js and main.js.map
       python scripts/bundle.py --check  exit 1 if the committed files are not what a build gives
"""

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.assets import BUNDLE, ENTRY, Assets  # noqa: E402

STATIC = ROOT / "static"
ESBUILD = ROOT / "node_modules" / ".bin" / "esbuild"


def build(static: Path = STATIC) -> dict[str, bytes]:
    """The bundle of `static`'s modules and its source map as esbuild writes them, by name, the
    bundle headed by the modules' digest."""
    banner = (
        "// Optiscope's page: static/js/main.js and its imports, bundled by esbuild"
        f" (scripts/bundle.py); sources {Assets(static).sources()}"
    )
    # built in a folder beside bundle/, so that the map's paths to the modules are the same
    with tempfile.TemporaryDirectory(dir=static) as folder:
        out = Path(folder) / "main.js"
        command = [str(ESBUILD), str(static / ENTRY), "--bundle", "--format=esm", "--minify",
                   "--charset=utf8", "--sourcemap", "--sources-content=false",
                   "--log-level=warning", f"--banner:js={banner}", f"--outfile={out}"]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True)
        return {name: (Path(folder) / name).read_bytes() for name in ("main.js", "main.js.map")}


def main() -> None:
    built = build()
    folder = (STATIC / BUNDLE).parent
    if "--check" in sys.argv[1:]:
        for name, body in built.items():
            target = folder / name
            if not target.exists() or target.read_bytes() != body:
                sys.exit(f"{target.relative_to(ROOT)} is not built from static/js: `make bundle`")
        return
    folder.mkdir(exist_ok=True)
    for name, body in built.items():
        (folder / name).write_bytes(body)
        print(f"{(folder / name).relative_to(ROOT)}: {len(body) / 1000:.0f} kB")


if __name__ == "__main__":
    main()
