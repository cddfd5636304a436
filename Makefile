# The two commands: `make run` (set up and start the demo) and `make test` (set up and pass the tests).
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3

export FLASK_APP := wsgi
# Procfile commands (gunicorn, rq, honcho) come from the venv.
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
# The demo runs on its own ports so it does not collide with a Redis the machine may already run.
export WEB_PORT ?= 5000
export REDIS_PORT ?= 6390
export REDIS_URL ?= redis://127.0.0.1:$(REDIS_PORT)/0
export REDIS_DIR ?= $(CURDIR)/instance
# The demo plan and cases describe 2021; pin "today" inside that campaign so the banner and figures mean something.
export AS_OF_DATE ?= 2021-12-15

.PHONY: run test setup system-deps translations lint db demo update-translations bench

setup: system-deps $(VENV)/.installed translations

system-deps:
	@scripts/install-system-deps.sh

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

translations: $(VENV)/.installed
	@$(BIN)/pybabel compile -d app/translations

db: setup
	@mkdir -p instance
	$(BIN)/flask db upgrade
	$(BIN)/flask plan load

demo: db
	$(BIN)/flask demo users
	$(BIN)/flask demo cases --year 2021 --cases 12000 --seed 1
	$(BIN)/flask demo hand-ins
	$(BIN)/flask demo reversals
	$(BIN)/flask indicators compute
	$(BIN)/flask demo reports

run: demo
	@echo "Open http://127.0.0.1:$(WEB_PORT)/ and sign in with one of the accounts above."
	$(BIN)/honcho start

lint: setup
	$(BIN)/ruff check .
	$(BIN)/bandit -q -r app

# The suite runs twice: on SQLite, then on a throwaway PostgreSQL cluster the tests start themselves.
test: setup
	$(BIN)/ruff check .
	$(BIN)/bandit -q -r app
	@# The two databases' runs side by side (each starts its own Redis, PostgreSQL and browser on free ports), each
	@# log shown when both are done with its slowest tests. The browser tests run once, on SQLite: they check what a
	@# person sees, and what differs by database is the rest of the suite's concern.
	@logs=$$(mktemp -d); \
	$(BIN)/pytest --durations=8 > $$logs/sqlite.log 2>&1 & sqlite=$$!; \
	TEST_DATABASE=postgresql $(BIN)/pytest --durations=8 --ignore=tests/e2e > $$logs/postgresql.log 2>&1 & postgresql=$$!; \
	status=0; wait $$sqlite || status=1; wait $$postgresql || status=1; \
	echo "=== SQLite"; cat $$logs/sqlite.log; echo "=== PostgreSQL"; cat $$logs/postgresql.log; \
	rm -rf $$logs; exit $$status

# After changing user-facing text: refresh the catalogue, then translate the new entries in the .po.
update-translations: setup
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -w 120 -o app/translations/messages.pot .
	$(BIN)/pybabel update -N -w 120 -i app/translations/messages.pot -d app/translations

# Benchmarks print Markdown tables of figures measured in one run; copy them into docs/benchmarks.md.
bench: setup
	$(BIN)/python bench/import_bench.py
	$(BIN)/python bench/indicators_bench.py
	$(BIN)/python bench/reports_bench.py
	$(BIN)/python bench/obligations_bench.py
	$(BIN)/python bench/load_bench.py
	$(BIN)/python bench/load_bench.py --db postgresql
