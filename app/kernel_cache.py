"""Where numba keeps the compiled kernels, decided once at import, before any kernel is declared.

A folder keyed by the package's source, so no stale kernel is ever loaded: numba's own cache only
checks the file of a cached function, not of the functions it calls, and an edited update rule
would keep running its old code. A read-only deployment (`docker run --read-only`) gets a
temporary folder, seeded with the kernels already compiled into the read-only one, or, with
nothing writable, kernels compiled in memory at start-up. numba itself would silently fall back to
`app/__pycache__` (not keyed by the source) or fail at start-up.
"""

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

PACKAGE = Path(__file__).parent


def source_digest() -> str:
    digest = hashlib.sha256()
    for source in sorted(PACKAGE.glob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def writable(folder: Path) -> bool:
    """Whether files can be made in `folder` (made if missing): tried, not guessed from modes."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def preferred_folder() -> Path:
    if "NUMBA_CACHE_DIR" in os.environ:  # set by hand: then it is not keyed by the source
        return Path(os.environ["NUMBA_CACHE_DIR"])
    root = os.environ.get("OPTISCOPE_CACHE", str(Path.home() / ".cache" / "optiscope"))
    return Path(root) / "numba" / source_digest()


def choose() -> tuple[Path | None, str]:
    """The cache folder to use (None: compile in memory), and what to say about it in the log."""
    folder = preferred_folder()
    if writable(folder):
        return folder, ""
    try:
        fallback = Path(tempfile.gettempdir()) / "optiscope-numba" / folder.name
    except FileNotFoundError:  # Python found no writable temporary folder either
        return (
            None,
            f"no writable kernel cache ({folder}, no temporary folder): compiling in memory",
        )
    if writable(fallback):
        if folder.is_dir():  # kernels compiled at build time: copy them rather than recompile
            shutil.copytree(folder, fallback, dirs_exist_ok=True)
        return fallback, f"kernel cache {folder} is read-only: using {fallback}"
    return None, f"no writable kernel cache ({folder}, {fallback}): compiling in memory"


FOLDER, NOTE = choose()
if FOLDER is not None:
    os.environ["NUMBA_CACHE_DIR"] = str(FOLDER)
