# Two commands: `make run` (serve on SQLite, zero configuration) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run serve test weight test-postgres setup migrate lint format eval bench load load-postgres fixtures clean

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

# The production server: DEBUG off (DJANGO_SECRET_KEY required), gunicorn with
# $$WEB_CONCURRENCY workers, static files hashed and compressed by WhiteNoise.
serve: setup
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_catalogue
	$(BIN)/gunicorn portal.wsgi --bind $(HOST):$(PORT) --access-logfile -

test: setup
	$(BIN)/python -m pytest

# The home page with its CSS, JS and icon, gzip-compressed: prints the figure,
# fails over the 60 KB budget.
weight: setup
	$(BIN)/python -m pytest tests/test_weight.py -k budget

# The same suite against a throw-away PostgreSQL cluster on loopback.
test-postgres: setup
	scripts/with-postgres $(BIN)/python -m pytest

# Search quality: the synthetic dev set, then the real-world set split into its
# tuning and check halves (errors/evaluation.py: half_of), each reported apart,
# with the share of honest "no good match" on cases the catalogue cannot answer.
# EVAL=path/to/cases.jsonl evaluates one file of your own instead.
EVAL_DB := DJANGO_DEBUG=1 DATABASE_URL=sqlite:///.eval.sqlite3
eval: setup
	rm -f .eval.sqlite3
	$(EVAL_DB) $(BIN)/python manage.py migrate --noinput -v0
	$(EVAL_DB) $(BIN)/python manage.py load_catalogue
ifdef EVAL
	$(EVAL_DB) $(BIN)/python manage.py evaluate_search $(EVAL)
else
	$(EVAL_DB) $(BIN)/python manage.py evaluate_search tests/data/eval/dev_queries.jsonl
	$(EVAL_DB) $(BIN)/python manage.py evaluate_search --split tests/data/eval/real_world.jsonl
endif
	rm -f .eval.sqlite3

# Search latency at 1,000 / 10,000 / 100,000 entries on throw-away databases.
bench: setup
	$(BIN)/python scripts/bench.py

# 16 clients for 60 s against gunicorn while an admin saves (loopback only).
load: setup
	$(BIN)/python scripts/load.py

load-postgres: setup
	scripts/with-postgres $(BIN)/python scripts/load.py

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
