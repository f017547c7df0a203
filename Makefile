# dckg: the only entry points CI and people use.
#   make run   - set up, build the graph, serve it on http://127.0.0.1:8000
#   make test  - set up (incl. Chromium for browser tests) and run the whole suite
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
VENDOR  := api/static/vendor
STAMP   := $(VENV)/.installed
HOST    ?= 127.0.0.1
PORT    ?= 8000

.PHONY: install assets browser build run test bench lint clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP) assets

# Web assets from the npm registry, copied into api/static/vendor (served locally, never from a CDN).
assets: $(VENDOR)/.done
$(VENDOR)/.done: package.json
	npm install --no-audit --no-fund --silent
	mkdir -p $(VENDOR)
	cp node_modules/@zazuko/yasgui/build/yasgui.min.js node_modules/@zazuko/yasgui/build/yasgui.min.css $(VENDOR)/
	cp node_modules/vis-network/standalone/umd/vis-network.min.js $(VENDOR)/
	touch $@

# Debian's Chromium for the explorer tests (Playwright drives it with executable_path).
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

build: install
	$(BIN)/dckg build

run: build
	$(BIN)/dckg serve --host $(HOST) --port $(PORT)

test: install browser
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/build.py
	$(BIN)/python bench/queries.py
	$(BIN)/python bench/api.py

clean:
	rm -rf .dckg $(VENDOR) node_modules
