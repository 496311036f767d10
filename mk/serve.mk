# mk/serve.mk: `wres serve` tested at the HTTP level (tests/serve; part of
# make check, and of make check-asan with the sanitized programs).
.PHONY: check-serve
check: check-serve
check-serve: $(BIN)/wres $(BIN)/wdes
	@WQ_BIN=$(BIN) LC_ALL=C sh tests/serve/run.sh
