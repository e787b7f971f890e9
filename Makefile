# Mätpunkt developer commands. `make demo` and `make test` work on a fresh machine with Python 3.11.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo install test lint format check-deploy messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	touch $@

install: $(VENV)/.installed

demo: install
	MATPUNKT_DEBUG=1 $(BIN)/matpunkt migrate --verbosity 0
	MATPUNKT_DEBUG=1 $(BIN)/matpunkt compilemessages --verbosity 0 --ignore "$(VENV)"
	MATPUNKT_DEBUG=1 $(BIN)/matpunkt load_demo --url http://$(HOST):$(PORT)/
	MATPUNKT_DEBUG=1 $(BIN)/matpunkt runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The whole suite on the database in DATABASE_URL (default: the embedded SQLite).
test: lint
	$(BIN)/matpunkt compilemessages --verbosity 0 --ignore "$(VENV)"
	$(BIN)/pytest

check-deploy: install
	MATPUNKT_SECRET_KEY=$$(python3 -c 'import secrets;print(secrets.token_urlsafe(50))') \
	MATPUNKT_ALLOWED_HOSTS=matpunkt.example.org \
	$(BIN)/matpunkt check --deploy --fail-level WARNING

messages: install
	cd matpunkt && ../$(BIN)/matpunkt makemessages -l sv -l en --ignore "tests/*"

bench: install
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis
