# Every target sets up what it needs: on a fresh machine with Python 3.11+, `make run` and
# `make test` are enough.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
# Parallel workers for pytest; "0" runs in one process.
PYTEST_WORKERS ?= auto

.PHONY: help install run test lint migrate demo clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP) ## Create the virtualenv and install dependencies

migrate: install
	$(PY) manage.py migrate --no-input

demo: migrate ## Migrate and write the demo schedule (idempotent)
	$(PY) manage.py seed_demo
	$(PY) manage.py setup_groups
	$(PY) manage.py seed_members_demo

run: demo ## Set up everything and serve the demo at http://127.0.0.1:8000/
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install ## Run the test suite (DATABASE_URL selects PostgreSQL)
	$(BIN)/pytest -n $(PYTEST_WORKERS) -q $(PYTEST_ARGS)

lint: install ## ruff, Django's system checks, and a check for missing migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py makemigrations --check --dry-run

clean: ## Remove the virtualenv, local database and media
	rm -rf $(VENV) db.sqlite3 media staticfiles
