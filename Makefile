SHELL := /bin/bash
# Waiting room. `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
FLASK  := $(BIN)/flask --app waitingroom
STAMP  := $(VENV)/.installed
NO_BABEL_DATA := fit rom
EXTRACT := -F babel.cfg -k _l -c Translators: --no-location --sort-output

.PHONY: help install demo serve test lint translations catalogs bench clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-13s %s\n", $$1, $$2}'

$(STAMP): setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,postgres,redis]'
	touch $(STAMP)

install: $(STAMP) catalogs  ## Create .venv and install the app with its test tools

catalogs: $(STAMP)  ## Compile the translation catalogs (.po -> .mo)
	$(BIN)/pybabel compile --use-fuzzy -d translations -D messages >/dev/null

demo: install  ## Migrate, seed the demo region and serve it on http://127.0.0.1:$(PORT)
	WAITINGROOM_PUBLIC_URL=$${WAITINGROOM_PUBLIC_URL:-http://127.0.0.1:$(PORT)} $(FLASK) db upgrade
	WAITINGROOM_PUBLIC_URL=$${WAITINGROOM_PUBLIC_URL:-http://127.0.0.1:$(PORT)} $(FLASK) seed-demo
	@echo "Serving on http://127.0.0.1:$(PORT)  (Ctrl-C stops)"
	$(BIN)/gunicorn -k gevent -w 1 -b 127.0.0.1:$(PORT) wsgi:app

test: install  ## Run the whole test suite, browser tests included
	$(BIN)/python -m pytest

lint: install  ## ruff, and a check that messages.pot is up to date
	$(BIN)/ruff check waitingroom tests bench
	$(BIN)/pybabel -q extract $(EXTRACT) -o $(VENV)/messages.pot .
	@diff -q <(grep -A3 '^msgid' $(VENV)/messages.pot) <(grep -A3 '^msgid' translations/messages.pot) >/dev/null \
		|| (echo "translations/messages.pot is stale: run make translations" && exit 1)

translations: install  ## Extract messages and update every catalog
	$(BIN)/pybabel -q extract $(EXTRACT) -o translations/messages.pot .
	$(BIN)/pybabel -q update -i translations/messages.pot -d translations -D messages --no-fuzzy-matching
	@# Babel has no data for Meänkieli and Romani, so update drops their plural rule: put it back.
	@for code in $(NO_BABEL_DATA); do \
		po=translations/$$code/LC_MESSAGES/messages.po; \
		grep -q '^"Plural-Forms:' $$po || sed -i '/^"Language-Team:/a "Plural-Forms: nplurals=2; plural=(n != 1);\\n"' $$po; \
	done

BENCHES := scrub kiosk_weight youth_weight fault_kill live_latency outbox_replay ingest live_load connections summary_scale

bench: install  ## Run every benchmark in turn, printing its figures (not part of make test)
	@for name in $(BENCHES); do \
		echo "== bench.$$name"; \
		$(BIN)/python -m bench.$$name || echo "bench.$$name failed (exit $$?)"; \
	done

clean:  ## Remove the venv, the demo database and caches
	rm -rf $(VENV) instance .pytest_cache .hypothesis
