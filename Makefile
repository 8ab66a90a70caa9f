# The two commands of the README: `make run` and `make test`. Everything else serves them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
TOOLS := .tools
UV_VERSION := 0.13.9
UV := $(TOOLS)/bin/uv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_LINK_MODE := copy

TEST_ENV := DJANGO_SETTINGS_MODULE=ewg.settings_test
# Two processes (pytest-xdist), each with its own test database: the suite takes about two thirds of the time. A
# process that runs out of tests takes over the other's remaining ones (worksteal), so neither idles at the end.
PYTEST_ARGS ?= -n 2 --dist worksteal

.PHONY: help run test bench lint fmt migrations-check preflight install install-dev vendor messages clean

help:
	@echo "make run     install, start PostgreSQL, migrate, load the demo data and serve on http://127.0.0.1:8000 (PORT=...)"
	@echo "make test    lint, migration check and the whole test suite on PostgreSQL and Redis"
	@echo "make bench   the benchmark suite (SCALES=\"S M\" by default; SCALES=L for 200,000 cases), not part of make test"
	@echo "make vendor  refresh the vendored front-end assets (KERN UX, htmx, booklet fonts, axe-core) from npm"
	@echo "make messages  update and compile the translation catalogues"

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.run-deps: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --no-default-groups --group embedded --inexact --python $(PYTHON) --quiet
	@touch $@

$(VENV)/.dev-deps: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --python $(PYTHON) --quiet
	@touch $@ $(VENV)/.run-deps

install: $(VENV)/.run-deps
install-dev: $(VENV)/.dev-deps

# The port is checked before anything is installed; ewg/launcher.py starts and stops everything else.
run:
	@$(PYTHON) ewg/launcher.py --check-port
	@$(MAKE) --no-print-directory install
	@exec $(PY) -m ewg.launcher

preflight: install-dev
	$(TEST_ENV) $(PY) tests/preflight.py

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: install-dev
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run

test: preflight lint migrations-check
	$(TEST_ENV) $(VENV)/bin/pytest $(PYTEST_ARGS)

# Each scale in a database of its own (ewg_bench_s, _m, _l on the server of BENCH_DATABASE_SERVER), loaded on the
# first run and reused later; each run is bounded by `timeout`. Results: var/bench/perfbench-<scale>.{json,md}.
SCALES ?= S M
BENCH_DATABASE_SERVER ?= postgres://postgres@127.0.0.1:5432
bench: preflight
	@for scale in $(SCALES); do \
		db=ewg_bench_$$(echo $$scale | tr 'SML' 'sml'); \
		$(PY) -c "import psycopg,sys; c=psycopg.connect('$(BENCH_DATABASE_SERVER)/postgres', autocommit=True); \
c.execute('CREATE DATABASE ' + sys.argv[1]) if not c.execute('SELECT 1 FROM pg_database WHERE datname = %s', [sys.argv[1]]).fetchone() else None" $$db || exit 1; \
		DJANGO_SETTINGS_MODULE=ewg.settings_bench DATABASE_URL=$(BENCH_DATABASE_SERVER)/$$db $(PY) manage.py migrate --noinput -v 0 || exit 1; \
		DJANGO_SETTINGS_MODULE=ewg.settings_bench DATABASE_URL=$(BENCH_DATABASE_SERVER)/$$db timeout 900 $(PY) manage.py perfbench --scale $$scale || exit 1; \
	done

# The booklet's fonts for the scripts Fira Sans lacks: Vazirmatn (Arabic and Persian) and Noto Sans Ethiopic
# (Tigrinya), only the script's own subset of each @fontsource package, regular and bold; Fira Sans supplies Latin
# letters, digits and punctuation around them. Not Noto Sans Arabic: it draws dots as separate glyphs, and a PDF made
# with it reads back as the wrong letters (copy, search, screen readers).
vendor:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	cp static/vendor/package.json static/vendor/package-lock.json "$$tmp"/ && \
	(cd "$$tmp" && npm ci --no-audit --no-fund --silent) && \
	kern="$$tmp/node_modules/@kern-ux/native" && \
	rm -rf static/vendor/kern static/vendor/htmx && mkdir -p static/vendor/kern/fonts static/vendor/htmx && \
	cp "$$kern/dist/kern.min.css" "$$kern/LICENSE.md" static/vendor/kern/ && \
	cp "$$kern/dist/fonts/fira-sans.css" static/vendor/kern/fonts/ && \
	for font in $$(grep -o 'fira-sans/[A-Za-z-]*\.woff2' "$$kern/dist/fonts/fira-sans.css" | sort -u); do \
		mkdir -p static/vendor/kern/fonts/fira-sans && cp "$$kern/dist/fonts/$$font" static/vendor/kern/fonts/$$font; \
	done && \
	cp "$$tmp/node_modules/htmx.org/dist/htmx.min.js" "$$tmp/node_modules/htmx.org/LICENSE" static/vendor/htmx/ && \
	rm -rf static/vendor/fonts && \
	for family in vazirmatn:arabic noto-sans-ethiopic:ethiopic; do \
		name=$${family%%:*} && subset=$${family#*:} && mkdir -p static/vendor/fonts/$$name && \
		cp "$$tmp/node_modules/@fontsource/$$name/LICENSE" static/vendor/fonts/$$name/OFL.txt || exit 1; \
		for weight in 400 700; do \
			cp "$$tmp/node_modules/@fontsource/$$name/files/$$name-$$subset-$$weight-normal.woff2" static/vendor/fonts/$$name/ || exit 1; \
		done; \
	done && \
	cp "$$tmp/node_modules/axe-core/axe.min.js" tests/browser/vendor/ && \
	cp "$$tmp/node_modules/axe-core/LICENSE" tests/browser/vendor/LICENSE-axe-core && \
	echo "vendored: $$(cd "$$tmp" && node -e 'const l=require("./package-lock.json").packages;for(const k in l){if(k)console.log(k.replace("node_modules/",""),l[k].version)}' | tr '\n' ' ')"

messages: install-dev
	$(PY) manage.py makemessages --locale de --locale en --ignore '.venv/*' --ignore '.tools/*' --ignore 'tests/*' --no-obsolete
	$(PY) manage.py compilemessages --ignore '.venv/*' --ignore '.tools/*'

clean:
	rm -rf $(VENV) $(TOOLS) var .pytest_cache .ruff_cache
