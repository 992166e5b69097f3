# The README's commands. `make install` is idempotent: it re-runs pip only when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-deps bench bench-smoke eval adapter clean

# The ONNX file of the embedding model is made once per model (a no-op when it exists): see ingest/onnx_export.py.
install: $(STAMP)
	$(BIN)/python -m ingest.onnx_export || echo "without it the embedder uses PyTorch: same vectors, slower start and more memory"

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch first, pinned, so pip takes the CPU wheel rather than a multi-GB GPU build.
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: install
	$(BIN)/pmr ingest
	$(BIN)/pmr serve --host $(HOST) --port $(PORT)

# The browser test needs Debian's Chromium and ChromeDriver; installed here when missing and we are root.
test-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "installing chromium and chromium-driver for the browser test"; \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
				|| echo "could not install chromium; the browser test will be skipped"; \
		else echo "chromium not installed and not root: the browser test will be skipped"; fi; \
	fi

# One worker per core; a test file stays on one worker, so its module fixtures are built once.
test: install test-deps
	$(BIN)/pytest -n auto --dist loadfile

eval: install
	$(BIN)/pmr eval

# Retrain the query adapter (assistant/query_adapter.npz) after the guides or its training question sets change.
adapter: install
	$(BIN)/python -m tests.eval.train_adapter

bench: install
	$(BIN)/python -m tests.bench.run --out docs/benchmarks.md

bench-smoke: install
	$(BIN)/python -m tests.bench.run --smoke

clean:
	rm -rf .pmr-data .pytest_cache
