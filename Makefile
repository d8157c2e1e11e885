# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres
# The end-to-end tests drive Debian's Chromium; Playwright never downloads a browser.
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test install migrate demo admin serve bench clean chromium nu-checker test-e2e

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Where it cannot be installed the browser tests skip, saying why; .ci/run
# installs it first, so CI never skips them.
chromium:
	@test -x $(CHROMIUM) || { $(SUDO) apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q chromium; } || \
		echo "Could not install chromium: the browser tests will be skipped."

# The W3C Nu HTML checker validates every page type in the tests: the vnu-jar
# package from npm (its jar only: --ignore-scripts, so nothing else is fetched)
# run by Debian's Java. Where it cannot be installed that test skips, saying why.
VNU_VERSION := 26.9.27
VNU_JAR := node_modules/vnu-jar/build/dist/vnu.jar
nu-checker:
	@command -v java >/dev/null && command -v npm >/dev/null || { $(SUDO) apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q default-jre-headless npm; } || \
		echo "Could not install Java and npm: the HTML validity test will be skipped."
	@test -f $(VNU_JAR) || npm install --no-save --ignore-scripts --no-audit --no-fund \
		vnu-jar@$(VNU_VERSION) || \
		echo "Could not install vnu-jar: the HTML validity test will be skipped."

migrate: install
	mkdir -p var
	$(PY) manage.py migrate --no-input

# Loads the demo negotiation only when it is absent, so a second `make run` keeps edits.
demo: migrate
	$(PY) manage.py load_demo

run: demo
	@echo "Serving on http://$(HOST):$(PORT)/  (editors: make admin, then http://$(HOST):$(PORT)/admin/)"
	$(PY) manage.py runserver $(HOST):$(PORT)

admin: migrate
	$(PY) manage.py createsuperuser

# The type check of the domain modules (pyproject's [tool.mypy] files), then the
# whole suite on PostgreSQL at DATABASE_URL; SQLite when none answers, unless
# REQUIRE_POSTGRES=1. A type error fails the build before any test runs.
test: install chromium nu-checker
	$(VENV)/bin/mypy
	@url="$${DATABASE_URL:-$(TEST_DATABASE_URL)}"; \
	if $(PY) -m tracker.dbcheck "$$url"; then \
		DATABASE_URL="$$url" $(PY) -m pytest $(PYTEST_ARGS); \
	elif [ "$$REQUIRE_POSTGRES" = "1" ]; then \
		echo "PostgreSQL does not answer at $$url and REQUIRE_POSTGRES=1: failing."; exit 1; \
	else \
		echo "PostgreSQL does not answer at $$url: running the tests on SQLite."; \
		DATABASE_URL="sqlite:///$(CURDIR)/var/test.sqlite3" $(PY) -m pytest $(PYTEST_ARGS); \
	fi

# Only the browser flows (tests marked e2e).
test-e2e:
	$(MAKE) test PYTEST_ARGS="-m e2e $(PYTEST_ARGS)"

# Production serving: prod settings from the environment (docs/deploy.md lists
# them; SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL are required), collected static
# files, gunicorn with WEB_CONCURRENCY threaded workers of WEB_THREADS threads
# each (tracker/gunicorn.py holds its settings and says why). Migrations are a separate deploy step
# (`make migrate` once, not on every app server).
serve: install
	DJANGO_SETTINGS_MODULE=tracker.settings.prod $(PY) manage.py collectstatic --no-input -v 0
	DJANGO_SETTINGS_MODULE=tracker.settings.prod $(VENV)/bin/gunicorn \
		-c python:tracker.gunicorn --bind $(HOST):$(PORT) tracker.wsgi

# Page timings and query counts (demo vs large negotiation), throughput under
# wrk, the diff engine, import and export. Prints figures; see bench/README.md.
bench: install
	bash bench/run.sh

clean:
	rm -rf $(VENV) var
