# Two commands: `make run` (serve on SQLite, zero configuration) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test test-postgres setup migrate lint format eval fixtures clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	touch $(STAMP)

setup: $(STAMP)

migrate: setup
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput

run: migrate
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_catalogue
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup
	$(BIN)/python -m pytest

# The same suite against a throw-away PostgreSQL cluster on loopback.
test-postgres: setup
	scripts/with-postgres $(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Regenerate fixtures/catalogue.json from the vendor text (never edit it by hand).
fixtures: setup
	rm -f .fixtures.sqlite3
	DJANGO_DEBUG=1 DATABASE_URL=sqlite:///.fixtures.sqlite3 $(BIN)/python manage.py migrate --noinput -v0
	DJANGO_DEBUG=1 DATABASE_URL=sqlite:///.fixtures.sqlite3 $(BIN)/python manage.py import_catalogue fixtures/source/model-studio-error-codes.txt
	DJANGO_DEBUG=1 DATABASE_URL=sqlite:///.fixtures.sqlite3 $(BIN)/python manage.py export_catalogue -o fixtures/catalogue.json
	rm -f .fixtures.sqlite3

clean:
	rm -rf $(VENV) .pytest_cache staticfiles
