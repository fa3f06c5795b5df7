# Centre d'aide Roulettino. Everything a fresh machine needs is installed from here.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
CHROMIUM := /usr/bin/chromium
ADDR ?= 127.0.0.1:8000

# Material prints an end-of-life notice on every run; README explains the choice.
export NO_MKDOCS_2_WARNING := 1
# Reproducible builds: MkDocs dates the sitemap and its gzip copy with this.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

NPM_TEST := node_modules/.test-stamp
NPM_BENCH := node_modules/.bench-stamp

.PHONY: serve build check golden test test-js lint bench chromium clean

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[site,test]'
	@touch $@

## serve: build and serve the site on http://127.0.0.1:8000 (ADDR=host:port for another, e.g. make serve ADDR=127.0.0.1:8001), reloading on every change; a build error shows in the browser
# kb_tools/plugin/serve.py: MkDocs' server (strict, live reload) with a French error page
# ADDR goes through the environment, as typed (never expanded nor pasted into the shell's command line)
serve: override export ADDR := $(value ADDR)
serve: $(STAMP)
	@$(BIN)/python -m kb_tools.plugin.serve

## build: the published site in site/ (replaced only when the whole build succeeds)
# kb_tools/site_build.py: a fresh folder, a lock, an atomic swap (see the file)
build: $(STAMP)
	@$(BIN)/python -m kb_tools.site_build site

## check: validate the trees, catalogues, pages of docs/ and the nav, as the build would (under 1 s)
check: $(STAMP)
	@$(BIN)/python -m kb_tools check

## new: a new tree, trees/ID.yml, commented to guide you: make new ID=application-mobile
# ID reaches kb_tools through the environment, never pasted into the shell line:
# kb_tools validates it (lower case, digits, hyphens) and never overwrites a tree
.PHONY: new
new: $(STAMP)
	@if [ -z "$$ID" ]; then echo "Donnez l’identifiant du nouvel arbre : make new ID=application-mobile" >&2; exit 2; fi
	@$(BIN)/python -m kb_tools new -- "$$ID"

## stats: figures from the beacons KB_FEEDBACK_ENDPOINT collected (README): make stats FILE=signaux.jsonl
# FILE reaches kb_tools through the environment, never pasted into the shell line
.PHONY: stats
stats: $(STAMP)
	@if [ -z "$$FILE" ]; then echo "Nommez le journal des signaux : make stats FILE=signaux.jsonl" >&2; exit 2; fi
	@$(BIN)/python -m kb_tools stats -- "$$FILE"

## stale: the trees and pages no one has reviewed for 180 days (DAYS=90 for another delay), or ever, per owner (OWNER="Support paiements": one team's)
# DAYS and OWNER reach kb_tools through the environment, never pasted into the shell line: kb_tools validates them
.PHONY: stale
stale: $(STAMP)
	@$(BIN)/python -m kb_tools report --stale="$${DAYS:-180}" $${OWNER:+--owner="$$OWNER"}

## golden: write again the messages sent to support (tests/golden/messages/), then show what changed
golden: $(STAMP)
	@UPDATE_GOLDEN=1 $(BIN)/python -m pytest -q -p no:cacheprovider tests/content/test_golden_messages.py
	@git status --short -- tests/golden/messages

## test: lint, the flow's JavaScript unit tests, then the whole suite (unit, build and browser tests)
test: $(STAMP) $(NPM_TEST) chromium lint test-js
	$(BIN)/python -m pytest

# the flow's pure modules (overrides/assets/javascripts/kb/) under node, with the
# player's clock in two zones: the flow keeps to the catalogue's own
test-js:
	TZ=UTC node --test tests/js/*.test.js
	TZ=America/New_York node --test tests/js/*.test.js

## bench: speed, weight and search figures, then ONE summary table with the command of each row, runnable as printed (not pass/fail); KB_BENCH_SIZES=100,1000 for quicker growth figures (default 100,1000,5000 generated pages for build, serve, search; check's nodes scaled to them; serve at 5,000 takes long)
bench: $(STAMP) $(NPM_BENCH) chromium
	$(BIN)/python -m benchmarks

# axe-core for the accessibility tests and ESLint for lint (from npm, pinned in package-lock.json)
$(NPM_TEST): package.json package-lock.json
	npm ci --omit=dev --no-audit --no-fund --loglevel=error
	@touch $@

# and Lighthouse 12.2.3 (newer ones need Node 22) for the benchmarks
$(NPM_BENCH): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@ $(NPM_TEST)

lint: $(STAMP) $(NPM_TEST)
	$(BIN)/ruff check kb_tools tests
	node_modules/.bin/eslint overrides/assets/javascripts tests/js eslint.config.js
	$(BIN)/mypy
	$(BIN)/zizmor --offline --quiet .github/workflows/publish.yml

chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  echo "Installation de Chromium (Debian)..."; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

clean:
	rm -rf site .site-build $(VENV) node_modules
