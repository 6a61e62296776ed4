# Every target sets up what it needs: on a fresh machine with Python 3.11+, `make run` and
# `make test` are enough.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
# The address the portal is served at: every absolute URL it prints (the API, feeds, subscribe
# links, the sitemap) is built on it. `make run PORT=9000` serves and links at :9000.
SITE_URL ?= http://$(HOST):$(PORT)
# Given to the commands that serve or set the Site (not to the tests, which choose their own).
run demo migrate serve check-restore: export SITE_URL := $(SITE_URL)
# Parallel workers for pytest; "0" runs in one process. Idle workers take tests queued for a busy
# one (--dist worksteal): a few tests run for minutes, and none should leave a core idle at the end.
PYTEST_WORKERS ?= auto

# Production shape (`make serve`): gunicorn workers and the task worker.
WEB_CONCURRENCY ?= 3
PROD := DJANGO_SETTINGS_MODULE=portal.settings.production

# `make check-restore`: the port its short-lived gunicorn answers /healthz on.
CHECK_PORT ?= 8099

.PHONY: help install run serve test lint migrate demo check-restore clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP) ## Create the virtualenv and install dependencies

migrate: install
	$(PY) manage.py migrate --no-input

demo: migrate ## Migrate and write the demo schedule at SITE_URL (idempotent)
	$(PY) manage.py seed_demo
	$(PY) manage.py setup_groups
	$(PY) manage.py seed_members_demo

run: demo ## Set up everything and serve the demo at SITE_URL (http://127.0.0.1:8000/)
	$(PY) manage.py runserver $(HOST):$(PORT)

serve: install ## Production shape: collectstatic, migrate, gunicorn + task worker (DATABASE_URL, REDIS_URL, SECRET_KEY)
	@test -n "$$SECRET_KEY" || { echo "make serve: SECRET_KEY is not set; production settings refuse to start without one (see .env.example)." >&2; exit 1; }
	$(PROD) $(PY) manage.py collectstatic --no-input --verbosity 0
	$(PROD) $(PY) manage.py migrate --no-input
	@# Plain http on this machine: no https redirect, cookies allowed over http (override to test).
	$(PROD) SECURE_SSL_REDIRECT=$${SECURE_SSL_REDIRECT:-false} \
	  SESSION_COOKIE_SECURE=$${SESSION_COOKIE_SECURE:-false} CSRF_COOKIE_SECURE=$${CSRF_COOKIE_SECURE:-false} \
	  sh -c '$(PY) manage.py db_worker & worker=$$!; trap "kill $$worker" EXIT INT TERM; \
	  HOST=$(HOST) PORT=$(PORT) WEB_CONCURRENCY=$(WEB_CONCURRENCY) $(BIN)/gunicorn -c portal/gunicorn.conf.py portal.wsgi'

# On a server: production's virtualenv and environment as they are (nothing installed), the
# database that DATABASE_URL names (docs/deploy.md, "Backups and restore").
check-restore: ## Check the database DATABASE_URL names (a restored backup): migrations, deploy checks, /healthz
	$(PROD) $(PY) manage.py migrate --check
	$(PROD) $(PY) manage.py check --deploy --database default --fail-level WARNING
	@# /healthz from a gunicorn started on that database, asked under SITE_URL's host name.
	$(PROD) GUNICORN_BIND=127.0.0.1:$(CHECK_PORT) WEB_CONCURRENCY=1 GUNICORN_ACCESSLOG= \
	  sh -c '$(BIN)/gunicorn -c portal/gunicorn.conf.py portal.wsgi & web=$$!; trap "kill $$web" EXIT; \
	  host=$${SITE_URL#*://}; sleep 2; \
	  curl --fail --silent --show-error --retry 30 --retry-delay 1 --retry-connrefused \
	    --header "Host: $${host%%/*}" http://127.0.0.1:$(CHECK_PORT)/healthz && echo'

test: install ## Run the test suite (DATABASE_URL selects PostgreSQL)
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal -q $(PYTEST_ARGS)

lint: install ## ruff, import contracts, Django's system checks, and a check for missing migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py makemigrations --check --dry-run

clean: ## Remove the virtualenv, local database and media
	rm -rf $(VENV) db.sqlite3 media staticfiles
