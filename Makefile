# The two quick-start commands are `make run` and `make test`; each creates .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PORT ?= 8501

.PHONY: run test validate i18n lint geodata chromium haproxy screenshot clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# deploy/replica is the one way the app is started (here, in the Dockerfile and in Compose).
run: $(STAMP)
	PYTHON=$(BIN)/python TC_PORT=$(PORT) deploy/replica

validate: $(STAMP)
	$(BIN)/python -m tumen_crossing validate

# After a change of words (vocab.py or geodata/): bring geodata/locale/ up to date for translators.
i18n: $(STAMP)
	$(BIN)/python -m tumen_crossing i18n

# Rebuild the river, border and crossing shapes from geodata/upstream/ (see geodata/README.md).
geodata: $(STAMP)
	$(BIN)/python -m tumen_crossing build-geodata

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Browser tests drive Debian's Chromium; install it when missing and we are allowed to.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Chromium first: sudo apt-get install -y chromium" >&2; exit 1; fi; }

# axe-core (accessibility rules) for the browser tests, from the npm registry, outside git.
AXE_VERSION := 4.14.1
AXE := .cache/axe-core-$(AXE_VERSION)/axe.min.js
$(AXE):
	mkdir -p .cache
	cd .cache && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null \
	  && rm -rf package && tar xzf axe-core-$(AXE_VERSION).tgz \
	  && rm -rf axe-core-$(AXE_VERSION) && mv package axe-core-$(AXE_VERSION) \
	  && rm axe-core-$(AXE_VERSION).tgz


# The load balancer of docs/DEPLOY.md (Debian's HAProxy), for `make scale-test` and its test.
haproxy:
	@command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null; \
	  else echo "Install HAProxy first: sudo apt-get install -y haproxy" >&2; exit 1; fi; }

test: $(STAMP) chromium haproxy $(AXE) lint validate
	$(BIN)/python -m pytest

# Refresh the README screenshot from the last browser test run.
screenshot:
	cp test-artifacts/click-road-bridge.png docs/screenshot.png
	for l in ru ko; do cp test-artifacts/lang-$$l-1280.png docs/lang-$$l.png; done
	for d in 1970 2024-07-01 2025-10-01; do cp test-artifacts/date-$$d.png docs/date-$$d.png; done

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache .ruff_cache

# Measurement harnesses (see bench/README.md); results land in bench/results/ (git-ignored).
.PHONY: bench loadtest lighthouse
bench: $(STAMP)
	$(BIN)/python bench/run.py

# Lighthouse from npm (pinned in bench/node/package.json; node_modules stays out of git),
# driving Debian's Chromium: ours vs before vs the bare page, 3 runs each (bench/README.md).
LIGHTHOUSE := bench/node/node_modules/.bin/lighthouse
$(LIGHTHOUSE): bench/node/package.json bench/node/package-lock.json
	npm install --prefix bench/node --no-audit --no-fund
	touch $(LIGHTHOUSE)

lighthouse: $(STAMP) chromium $(LIGHTHOUSE)
	CHROME_PATH=/usr/bin/chromium $(BIN)/python bench/lighthouse.py

loadtest: $(STAMP)
	$(BIN)/python bench/loadtest.py

# Replicas behind HAProxy on 127.0.0.1: load, crash, rolling restart, downloads (docs/DEPLOY.md).
# Starts and stops everything itself; bounded by the harness's --time-limit and by `timeout`.
.PHONY: scale-test
scale-test: $(STAMP) chromium haproxy
	timeout --kill-after=20 1000 $(BIN)/python bench/scaletest.py --time-limit 900

# Mutation testing of the pure core (viewstate, history, claims, trade, dates, measure): slow, so
# never part of `make test`. Prints the surviving mutants; `mutmut show NAME` shows one.
.PHONY: mutation
mutation: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[mutation]'
	$(BIN)/mutmut run --max-children 2
	$(BIN)/mutmut results
