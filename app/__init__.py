"""Optiscope: watch optimizers move on 2D surfaces."""

# First of all: choose the compiled-kernel cache before numba reads NUMBA_CACHE_DIR.
import app.kernel_cache  # noqa: F401
