"""Optiscope: watch optimizers move on 2D surfaces."""

import hashlib
import os
from pathlib import Path


def _numba_cache_dir() -> str:
    """A cache folder keyed by the package's source, so no stale compiled kernel is ever loaded.

    numba's own cache only checks the file of the cached function, not the files of the functions
    it calls (an edited update rule would keep running its old compiled code).
    """
    digest = hashlib.sha256()
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    root = os.environ.get("OPTISCOPE_CACHE", str(Path.home() / ".cache" / "optiscope"))
    return str(Path(root) / "numba" / digest.hexdigest()[:16])


os.environ.setdefault("NUMBA_CACHE_DIR", _numba_cache_dir())
