# consult: `make run` serves the demo; `make test` sets up and runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# pip-tools lives in a venv of its own: it is needed only to write the lock.
TOOLS := .venv-tools
PIP_TOOLS := pip-tools==7.6.2
LOCK_ARGS ?=
PYTEST_ARGS ?=

.PHONY: run test test-setup install test-install lint lock audit clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Every package, test tools included, comes from requirements.lock, each file
# checked against its hash; consult itself is then installed without resolving
# anything (its build backend, setuptools, is in the lock too).
$(STAMP): requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python .ci/lock-matches.py
	$(BIN)/pip check
	touch $(STAMP)

install: $(STAMP) messages

# Compiled catalogues (.mo) are built, never committed.
messages: $(STAMP)
	@if ls translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
		$(BIN)/pybabel compile -d translations >/dev/null; fi

test-install: $(STAMP) messages

# Fonts, Debian's Chromium and axe-core: installed where possible, else named.
test-setup: $(STAMP)
	bash .ci/test-setup.sh

run: $(STAMP) messages
	$(BIN)/consult db upgrade
	$(BIN)/consult demo
	$(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

# Every test, browser tests included (CONSULT_REQUIRE_BROWSER turns a missing
# browser into a failure). pytest's exit code 5, "no test collected", fails too.
test: test-setup messages
	@CONSULT_REQUIRE_BROWSER=1 $(BIN)/python -m pytest -q $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: no test was collected" >&2; exit 1; fi; \
	exit $$status

lint: $(STAMP)
	$(BIN)/ruff check consult tests bench

# Known vulnerabilities in the locked packages (see .ci/audit).
audit: $(STAMP)
	bash .ci/audit

# Rewrite requirements.lock from pyproject.toml (dependencies and the test
# extra), with hashes. Pins already in the lock are kept; to move one:
#   make lock LOCK_ARGS="--upgrade-package flask"   (or LOCK_ARGS=--upgrade for all)
lock:
	test -x $(TOOLS)/bin/pip-compile || ($(PYTHON) -m venv $(TOOLS) && \
		$(TOOLS)/bin/pip install --quiet '$(PIP_TOOLS)')
	CUSTOM_COMPILE_COMMAND="make lock" $(TOOLS)/bin/pip-compile --quiet --generate-hashes \
		--allow-unsafe --strip-extras --extra test --no-emit-index-url --no-emit-find-links \
		$(LOCK_ARGS) -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) $(TOOLS) instance
