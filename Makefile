# Mätpunkt developer commands. `make demo` and `make test` work on a fresh machine with Python 3.11.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo install lock test lint format check-deploy messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Every package, its dependencies and the build backend come from the lock, checked against its
# hashes; then Mätpunkt itself, editable, with nothing more.
$(VENV)/.installed: requirements/dev.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@# A dependency added to pyproject.toml but not to the lock fails here: run `make lock`.
	$(BIN)/python -m pip check
	touch $@

install: $(VENV)/.installed

# Regenerate the locks after changing a dependency in pyproject.toml (needs pip-tools, which
# runs from a virtualenv of its own so that it does not end up in the lock).
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" $(VENV)-tools/bin/pip-compile --quiet \
	--generate-hashes --allow-unsafe --all-build-deps --strip-extras \
	--no-emit-index-url --no-emit-find-links
lock:
	test -x $(VENV)-tools/bin/pip-compile || \
		($(PYTHON) -m venv $(VENV)-tools && $(VENV)-tools/bin/pip install --quiet pip-tools==7.7.0)
	$(PIP_COMPILE) --extra test --extra bench -o requirements/dev.txt pyproject.toml
	$(PIP_COMPILE) -o requirements/main.txt pyproject.toml

demo: install
	MATPUNKT_DEBUG=1 $(BIN)/matpunkt migrate --verbosity 0
	MATPUNKT_DEBUG=1 $(BIN)/matpunkt compilemessages --verbosity 0 --ignore "$(VENV)" --ignore "$(VENV)-tools"
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
	$(BIN)/matpunkt compilemessages --verbosity 0 --ignore "$(VENV)" --ignore "$(VENV)-tools"
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
	rm -rf $(VENV) $(VENV)-tools var .pytest_cache .ruff_cache .hypothesis
