# mk/browser.mk: tests in a real browser (Debian's Chromium, headless, driven by
# puppeteer-core; axe-core checks WCAG 2.1 AA). The node packages are pinned in
# tests/browser/package-lock.json and installed there by npm ci.
#
#   make browser-deps   npm ci in tests/browser when the lockfile changed
#   make check-browser  the browser tests; part of make check

BROWSER_DIR  := tests/browser
BROWSER_MODS := $(BROWSER_DIR)/node_modules/.package-lock.json

$(BROWSER_MODS): $(BROWSER_DIR)/package-lock.json $(BROWSER_DIR)/package.json
	@cd $(BROWSER_DIR) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

.PHONY: browser-deps check-browser
browser-deps: $(BROWSER_MODS)

check-browser: deps-test browser-deps $(BIN)/wres $(BIN)/wdes
	@WQ_BIN=$(BIN) LC_ALL=C sh $(BROWSER_DIR)/run.sh

check: check-browser
