"""Optiscope: watch optimizers move on 2D surfaces."""

import os

# One BLAS thread, chosen before numpy loads OpenBLAS (an operator's own setting wins). OpenBLAS
# keeps a thread per core spinning for a while after each call (the plane's QR and products),
# which took the second core from the compiled kernels' worker threads: a network scene ran at
# one core's speed (145 → 95 ms for 6 × 1000 steps). Our matrices are small; one thread is also
# the fastest for them.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

# Then: choose the compiled-kernel cache before numba reads NUMBA_CACHE_DIR.
import app.kernel_cache  # noqa: F401
