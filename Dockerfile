# Optiscope: docker build -t optiscope . && docker run --rm -p 8000:8000 optiscope
# Read-only root file system: docker run --rm --read-only --tmpfs /tmp -p 8000:8000 optiscope
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HOST=0.0.0.0 \
    PORT=8000 \
    OPTISCOPE_ROOT=/srv/optiscope \
    OPTISCOPE_CACHE=/var/cache/optiscope
# OPTISCOPE_ROOT holds static/ and templates/ (app/settings.py); the compiled-kernel cache
# (NUMBA_CACHE_DIR) is derived from OPTISCOPE_CACHE by app/__init__.py, keyed by the source.

RUN useradd --system --uid 10001 --no-create-home --home-dir /srv/optiscope optiscope \
    && install -d -o optiscope -g optiscope /var/cache/optiscope

# Runtime dependencies only (no [test] extra), installed as a regular, non-editable package.
WORKDIR /tmp/build
COPY pyproject.toml README.md ./
COPY app ./app
RUN pip install . && rm -rf /tmp/build

COPY static /srv/optiscope/static
COPY templates /srv/optiscope/templates

USER optiscope
WORKDIR /srv/optiscope
# Compile the engine and the network loop now, into the image's cache, so a container answers
# within seconds and never compiles while serving; this also fails the build if the installed
# package misses a data file.
RUN python -c "from app.main import warm_networks, warm_up; warm_up(); warm_networks()"

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=4)"
CMD ["python", "-m", "app"]
