# Optiscope: `make run` serves the app, `make test` runs every test (browser tests included).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
export HOST PORT

.PHONY: install install-test install-js bundle chromium run test lint typecheck bench fixtures screenshots clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

install: $(VENV)/.installed

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install -q -e '.[test]'
	touch $@

install-test: $(VENV)/.installed-test

# The JavaScript tools, pinned in package.json and package-lock.json: the linter (Biome) and the
# bundler (esbuild). `make run` needs neither: the page's bundle is committed.
node_modules/.installed: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

install-js: node_modules/.installed

# static/js as one file, static/bundle/main.js: run after changing a module (a test checks it).
bundle: install install-js
	$(PY) scripts/bundle.py

# Browser tests drive Debian's chromium (playwright cannot download browsers here), with a
# Hangul font for the Korean page's screenshots; CHROMIUM names another browser.
chromium:
	@test -x "$${CHROMIUM:-/usr/bin/chromium}" || { \
		SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core fonts-nanum; }

run: install
	$(PY) -m app --host $(HOST) --port $(PORT)

test: install-test install-js chromium
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	node_modules/.bin/biome lint --error-on-warnings
	$(PY) -m mypy
	$(PY) -m pytest

lint: install-js
	$(PY) -m ruff check . && $(PY) -m ruff format --check . && node_modules/.bin/biome lint --error-on-warnings

typecheck:
	$(PY) -m mypy

bench: install-test chromium
	$(PY) scripts/bench.py

fixtures: install-test
	$(PY) scripts/make_reference.py

# The opening view, side by side and two lessons, as docs/screenshots/*.png.
screenshots: install-test chromium
	$(PY) scripts/screenshots.py

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache .mypy_cache
