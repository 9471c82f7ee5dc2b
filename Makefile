# consult: `make run` serves the demo; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install test-install lint clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP) messages

# Compiled catalogues (.mo) are built, never committed.
messages: $(STAMP)
	@if ls translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
		$(BIN)/pybabel compile -d translations >/dev/null; fi

test-install: $(STAMP) messages

run: $(STAMP) messages
	$(BIN)/consult db upgrade
	$(BIN)/consult demo
	$(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

test: $(STAMP) messages
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check consult tests bench

clean:
	rm -rf $(VENV) instance
