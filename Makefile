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

.PHONY: install system-packages run test lint typecheck pytest migrate demo messages bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[dev]'
	touch $@

# PDF documents (WeasyPrint) need Pango, HarfBuzz's font subsetter and a Chinese font;
# installed with apt when missing and we are root, otherwise a warning says what to install.
SYSTEM_PACKAGES := fontconfig fonts-wqy-microhei libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0

system-packages:
	@if ! fc-list :lang=zh family 2>/dev/null | grep -q . || ! ldconfig -p | grep -q libharfbuzz-subset; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "== installing $(SYSTEM_PACKAGES)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	  else \
	    echo "warning: PDF documents need: apt-get install $(SYSTEM_PACKAGES)" >&2; \
	  fi; \
	fi

install: system-packages $(VENV)/.installed

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
