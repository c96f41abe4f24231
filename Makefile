# Two commands: `make run` (serve on SQLite, zero configuration) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed
# Compiled modules are cached (__pycache__, git-ignored) even where the
# environment says not to: the suite starts dozens of servers and commands,
# and each would compile the project again.
export PYTHONDONTWRITEBYTECODE :=

.PHONY: run dev serve attack test weight test-postgres setup migrate lint format eval bench bench-peer load load-postgres load-search-log load-search-log-postgres fixtures homophones clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	touch $(STAMP)

setup: $(STAMP)

# The embedded SQLite default may be created here, on purpose; any other
# missing database file is an error (portal/settings.py: SQLITE_CREATE).
CREATE_DEFAULT_DB := $(if $(DATABASE_URL),,SQLITE_CREATE=1)

migrate: setup
	$(CREATE_DEFAULT_DB) $(BIN)/python manage.py migrate --noinput

# The production stack on the embedded default: gunicorn (gthread, several
# workers), DEBUG off, WhiteNoise's hashed and compressed files, a secret key
# created once in .secret_key. Plain HTTP on loopback, so no HTTPS redirect.
run: migrate
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py load_catalogue
	$(BIN)/python manage.py purge_search_log
	DJANGO_SECURE_SSL_REDIRECT=$${DJANGO_SECURE_SSL_REDIRECT:-0} \
	DJANGO_SECURE_COOKIES=$${DJANGO_SECURE_COOKIES:-0} \
	$(BIN)/gunicorn --bind $(HOST):$(PORT) --access-logfile -

# Django's development server: DEBUG and auto-reload, on loopback only (the
# debug page shows settings and tracebacks to whoever can reach it).
dev: migrate
	@case "$(HOST)" in 127.0.0.1|localhost|::1|"[::1]") ;; \
	  *) echo "make dev serves on loopback only (HOST=$(HOST) refused); use make run" >&2; exit 1;; esac
	$(BIN)/python manage.py load_catalogue
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The production server: TLS defaults on (HTTPS redirect, secure cookies,
# HSTS), gunicorn as in gunicorn.conf.py. It refuses to start on a missing
# database file or pending migrations: run `make migrate` first.
serve: setup
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py check_ready
	$(BIN)/python manage.py load_catalogue
	$(BIN)/python manage.py purge_search_log
	$(BIN)/gunicorn --bind $(HOST):$(PORT) --access-logfile -

# PYTEST_ARGS passes options on, e.g. PYTEST_ARGS='-m "not browser"'.
# TEST_WORKERS processes share the test files (pytest-xdist; a file stays in
# one process, so its module-scoped servers start once), dealt out in the
# order tests/conftest.py gives them: the slow files first.
PYTEST_ARGS ?=
TEST_WORKERS ?= 2

test: setup
	$(BIN)/python -m pytest --numprocesses $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

# The home page with its CSS, JS and icon, gzip-compressed: prints the figure,
# fails over the 60 KB budget.
weight: setup
	$(BIN)/python -m pytest tests/test_weight.py -k budget

# The same suite against a throw-away PostgreSQL cluster on loopback, in
# TEST_WORKERS processes; then, alone, the tests that stop and restart the
# whole cluster (marked stops_cluster; none selected is no failure).
test-postgres: setup
	scripts/with-postgres sh -c '\
	  PORTAL_CLUSTER_TESTS=apart $(BIN)/python -m pytest --numprocesses $(TEST_WORKERS) --no-loadscope-reorder \
	    --dist loadfile $(PYTEST_ARGS) && \
	  { PORTAL_CLUSTER_TESTS=only $(BIN)/python -m pytest $(PYTEST_ARGS) || [ $$? -eq 5 ]; }'

# Search quality: the synthetic dev set, then the real-world set split into its
# tuning and check halves (errors/evaluation.py: half_of), each reported apart,
# with the share of honest "no good match" on cases the catalogue cannot answer.
# EVAL=path/to/cases.jsonl evaluates one file of your own instead.
EVAL_DB := DJANGO_DEBUG=1 DATABASE_URL=sqlite:///.eval.sqlite3
eval: setup
	rm -f .eval.sqlite3
	SQLITE_CREATE=1 $(EVAL_DB) $(BIN)/python manage.py migrate --noinput -v0
	$(EVAL_DB) $(BIN)/python manage.py load_catalogue
ifdef EVAL
	$(EVAL_DB) $(BIN)/python manage.py evaluate_search $(EVAL)
else
	$(EVAL_DB) $(BIN)/python manage.py evaluate_search tests/data/eval/dev_queries.jsonl
	$(EVAL_DB) $(BIN)/python manage.py evaluate_search --split tests/data/eval/real_world.jsonl
	$(EVAL_DB) $(BIN)/python manage.py evaluate_search tests/data/eval/blind/synthetic_blind.jsonl
	$(EVAL_DB) $(BIN)/python manage.py evaluate_search tests/data/eval/blind/per_entry_blind.jsonl
endif
	rm -f .eval.sqlite3

# Search over HTTP on gunicorn as `make run` starts it, on distinct queries it
# has never seen: p50/p95/p99 and requests/s at 1 and 16 clients, API and
# HTML page, at 311 / 10,000 / 100,000 entries, and RSS per worker.
# Quick: make bench BENCH_SIZES=311 (README "Benchmarks" lists the knobs).
bench: setup
	$(BIN)/python scripts/bench_http.py

# The same queries against the portal and against Datasette 0.65 (FTS5 and
# facets) on the same catalogue, in one run; Datasette lives in its own
# throw-away virtualenv.
PEER_VENV := .bench-peer-venv
$(PEER_VENV)/bin/datasette:
	$(PYTHON) -m venv $(PEER_VENV)
	$(PEER_VENV)/bin/python -m pip install --quiet "datasette>=0.65,<0.66"

bench-peer: setup $(PEER_VENV)/bin/datasette
	$(BIN)/python scripts/bench_peer.py

# 16 clients for 60 s against gunicorn while an admin saves (loopback only).
load: setup
	$(BIN)/python scripts/load.py

load-postgres: setup
	scripts/with-postgres $(BIN)/python scripts/load.py

# What recording searches (SEARCH_LOG) costs: make load's traffic against two
# gunicorns at once, recording off and on; fails over 10% of p50.
load-search-log: setup
	$(BIN)/python scripts/search_log_cost.py

load-search-log-postgres: setup
	scripts/with-postgres $(BIN)/python scripts/search_log_cost.py

# Hostile traffic against gunicorn on loopback, bounded in time: adversarial
# pastes during a load run, half-open connections, the debug page, parallel
# logins. Prints figures; exit status 1 when a target is missed.
attack: setup
	$(BIN)/python scripts/attack.py

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Regenerate errors/search/homophones.json (the glossary terms' pinyin
# slips, errors.search.homophones) after changing the Chinese terms, and
# print what the reading reads and misreads (scripts/homophones_check.py); the two
# libraries live in their own throw-away virtualenv, not the portal's.
# (The pins are scripts/homophones.py's PINS: it refuses other versions.)
HOMOPHONES_VENV := .homophones-venv
homophones:
	test -x $(HOMOPHONES_VENV)/bin/python || $(PYTHON) -m venv $(HOMOPHONES_VENV)
	$(HOMOPHONES_VENV)/bin/python -m pip install --quiet "pypinyin==0.55.0" "jieba==0.42.1"
	$(HOMOPHONES_VENV)/bin/python scripts/homophones.py
	$(HOMOPHONES_VENV)/bin/python scripts/homophones_check.py

# Regenerate fixtures/catalogue.json from the vendor text (never edit it by hand).
fixtures: setup
	rm -f .fixtures.sqlite3
	SQLITE_CREATE=1 DATABASE_URL=sqlite:///.fixtures.sqlite3 $(BIN)/python manage.py migrate --noinput -v0
	DJANGO_DEBUG=1 DATABASE_URL=sqlite:///.fixtures.sqlite3 $(BIN)/python manage.py import_catalogue fixtures/source/model-studio-error-codes.txt
	DJANGO_DEBUG=1 DATABASE_URL=sqlite:///.fixtures.sqlite3 $(BIN)/python manage.py export_catalogue -o fixtures/catalogue.json
	rm -f .fixtures.sqlite3

clean:
	rm -rf $(VENV) $(PEER_VENV) $(HOMOPHONES_VENV) .pytest_cache staticfiles
