# aftersales — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
WEB_WORKERS ?= 2
DEMO ?= 1
export DJANGO_SETTINGS_MODULE := config.settings

.PHONY: install run test lint typecheck pytest migrate demo messages bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
ifeq ($(DEMO),1)
	$(PY) manage.py demo_data
endif

# Web server (gunicorn) and the task-queue worker (Huey) on http://$(HOST):$(PORT).
# DEMO=0 skips the demo company (for a real installation).
run: demo
	$(PY) manage.py collectstatic --noinput -v0
	@scripts/run.sh "$(PY)" "$(HOST)" "$(PORT)" "$(WEB_WORKERS)"

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install
	$(VENV)/bin/mypy aftersales config

pytest: install
	@scripts/pytest.sh "$(PY)"

# The whole suite: lint, types, tests. DATABASE_URL=postgres://… runs it on PostgreSQL.
test: lint typecheck pytest

messages: install
	cd aftersales && ../$(PY) ../manage.py makemessages -l zh_Hans --no-obsolete && ../$(PY) ../manage.py compilemessages -l zh_Hans

bench: install
	$(PY) bench/intake.py

clean:
	rm -rf $(VENV) var
