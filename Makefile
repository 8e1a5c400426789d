# Infomat — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Root cannot run Chromium's sandbox; the demo and tests disable it (a real kiosk runs unprivileged).
ROOT_ENV := $(shell [ "$$(id -u)" = 0 ] && echo QTWEBENGINE_DISABLE_SANDBOX=1)
# The second test pass: real X input (xdotool) on a virtual screen; -noreset keeps the
# server up between windows, -br so a closed window's pixels do not linger.
XVFB := xvfb-run -a -s "-screen 0 1920x1080x24 -noreset -br"

.PHONY: run test lint docs screenshots bench bundle bundle-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[test]"
	touch $@ $(VENV)/.installed-run

$(VENV)/.installed-build: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[build]"
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	@scripts/system-deps.sh run
	$(ROOT_ENV) $(BIN)/kiosk run $(ARGS)

test: $(VENV)/.installed-test
	@scripts/system-deps.sh test
	$(BIN)/ruff check .
	$(ROOT_ENV) $(BIN)/python -m pytest $(PYTEST_ARGS)
	$(ROOT_ENV) $(XVFB) env QT_QPA_PLATFORM=xcb $(BIN)/python -m pytest -m xvfb $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

docs: $(VENV)/.installed-run
	$(BIN)/kiosk config-docs --output docs/configuration.md
	$(BIN)/python scripts/icons_sheet.py

screenshots: $(VENV)/.installed-test
	@scripts/system-deps.sh test
	$(ROOT_ENV) $(BIN)/python scripts/screenshots.py

bench: $(VENV)/.installed-test
	$(ROOT_ENV) $(BIN)/python benchmarks/run_all.py

# One-folder bundle dist/infomat/ (build.spec); bundle-test runs the frozen self-test.
bundle: $(VENV)/.installed-build
	$(BIN)/pyinstaller --noconfirm --clean --log-level ERROR build.spec
	$(BIN)/python scripts/check_bundle.py dist/infomat

bundle-test:
	@[ -x dist/infomat/infomat ] || $(MAKE) bundle
	@scripts/system-deps.sh run
	$(ROOT_ENV) HOME=$$(mktemp -d) dist/infomat/infomat self-test

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
