# Two entry points: `make run` (install, ingest if needed, chat on 127.0.0.1) and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip --disable-pip-version-check
# torch comes as the local CPU wheel; pip looks in PIP_FIND_LINKS (set on these machines)
export PIP_FIND_LINKS ?= /opt/wheels
export ANONYMIZED_TELEMETRY := False
export GRADIO_ANALYTICS_ENABLED := False
export HF_HUB_OFFLINE := 1

.PHONY: install install-test run ingest test test-fast bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(PIP) install -q -r requirements.lock
	$(PIP) install -q --no-deps -e .
	$(BIN)/python -m compileall -q index ingest assistant features interfaces evals benchmarks devtools >/dev/null
	touch $@

$(VENV)/.installed-test: requirements-test.lock $(VENV)/.installed
	$(PIP) install -q -r requirements-test.lock
	@# the browser tests drive Debian's Chromium (Playwright cannot download its own browser here)
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

ingest: install
	$(BIN)/wijzer ingest

run: ingest
	$(BIN)/wijzer chat

test: install-test
	$(BIN)/python -m pytest -q --durations=15 tests

# day-to-day: no real index, no browser, no servers or benchmark (the tests marked slow in tests/conftest.py)
test-fast: install-test
	$(BIN)/python -m pytest -q -m "not slow" tests

bench: install
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

clean:
	rm -rf .wijzer-index
