# Showsite: every target sets up what it needs and is safe to run again.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
BYTECODE := $(VENV)/.bytecode
HOST ?= 127.0.0.1
PORT ?= 8000
# Two workers (this machine has two cores); files stay whole, so a module-scoped
# browser starts once per worker. PYTEST_ARGS= runs in one process.
PYTEST_ARGS ?= -n auto --dist loadfile

# Development: DEBUG on, built-in dev secret key, SQLite unless DATABASE_URL says otherwise.
DEV_ENV := DEBUG=$${DEBUG:-true}
# make serve: production settings over plain HTTP on loopback, with a local secret key.
SERVE_ENV := DEBUG=false SECURE_SSL_REDIRECT=false SERVE_MEDIA=true \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} \
	SECRET_KEY=$${SECRET_KEY:-$$(cat .local-secret-key)}

.PHONY: install lock setup run worker test lint format serve bench backup restore clean

APPS := core showsite catalog livefacts articles images comments newsroom follows jobs accounts bench

# Installs come from uv.lock (every package pinned, with hashes), dev tools included
# (the "dev" dependency group), the project itself editable. uv is pinned and lives in
# the venv; it uses the venv's Python and never downloads one. --inexact leaves what
# the lock does not list (pip, uv itself) in place.
UV_VERSION := 0.13.9
UV_STAMP := $(VENV)/.uv-$(UV_VERSION)
UV := UV_PROJECT_ENVIRONMENT=$(VENV) UV_PYTHON=$(BIN)/python UV_PYTHON_DOWNLOADS=never \
	$(BIN)/uv

$(UV_STAMP):
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	@touch $@

# --locked: a pyproject.toml edited without `make lock` fails here, not in production.
$(INSTALLED): pyproject.toml uv.lock $(UV_STAMP)
	$(UV) sync --locked --inexact
	@touch $@

# Byte-compile the installed packages once per install. uv installs without bytecode,
# and with PYTHONDONTWRITEBYTECODE set (as on our machines, and in many containers)
# Python never writes it: each gunicorn worker then compiles ~1,000 modules from
# source at start, seconds of CPU and (without gunicorn.conf.py's preload) about
# 14 MiB more resident memory per worker on PostgreSQL + Redis.
$(BYTECODE): $(INSTALLED)
	$(UV) sync --locked --inexact --compile-bytecode
	@touch $@

# After editing the dependencies in pyproject.toml: resolve again, rewrite uv.lock.
lock: $(UV_STAMP)
	$(UV) lock

# Byte-compile the project on every install: with PYTHONDONTWRITEBYTECODE set (as on
# our machines) Python never writes .pyc itself and compiles every module of ours on
# each start (~0.1 s of `manage.py check`). Unchanged files are skipped.
install: $(BYTECODE)
	@$(BIN)/python -m compileall -q $(APPS) tests manage.py

setup: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(DEV_ENV) $(BIN)/python manage.py load_demo

run: setup
	@echo "Showsite on http://$(HOST):$(PORT)/ (admin: /admin/, logins above)"
	$(DEV_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# make worker: run background jobs from the queue at JOBS_URL (redis://…/<db>), with
# the same development settings as make run (which needs no worker: without JOBS_URL
# jobs run in its own process after each commit).
worker: install
	$(DEV_ENV) $(BIN)/python manage.py jobs_worker

test: install
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=tests.settings
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

.local-secret-key:
	@$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

serve: install .local-secret-key
	$(SERVE_ENV) $(BIN)/python manage.py migrate --noinput
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(SERVE_ENV) $(BIN)/gunicorn showsite.wsgi --workers 2 --bind $(HOST):$(PORT) \
		--access-logfile -

# make backup: the database and media into a new folder under BACKUP_ROOT (backups/).
# make restore BACKUP=backups/showsite-…: put one back (asks before replacing content).
backup: install
	$(DEV_ENV) $(BIN)/python manage.py backup

restore: install
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=<backup folder>" >&2; exit 1; }
	$(DEV_ENV) $(BIN)/python manage.py restore "$(BACKUP)"

# make bench [QUICK=1] [SCALE=100000]: wrk against gunicorn, page cache off and on.
# make bench MODE=crawler [SCALE=1000]: the page cache's hit rate for a crawler while
# comments are approved (needs CACHE_URL=redis://...).
bench: install
	@command -v wrk >/dev/null || { echo "make bench needs wrk: sudo apt-get install wrk (brew install wrk on macOS)" >&2; exit 1; }
	$(BIN)/python -m bench.run $(if $(QUICK),--quick) $(if $(SCALE),--scale $(SCALE)) \
		$(if $(MODE),--mode $(MODE))

clean:
	rm -rf $(VENV) staticfiles test-artifacts .pytest_cache .ruff_cache *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
