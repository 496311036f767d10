# mk/serve.mk: `wres serve` tested at the HTTP level (tests/serve; part of
# make check, and of make check-asan with the sanitized programs).
.PHONY: check-serve
check: check-serve
check-serve: $(BIN)/wres $(BIN)/wdes
	@WQ_BIN=$(BIN) LC_ALL=C sh tests/serve/run.sh

# The server itself under valgrind (the calculators it starts are checked by
# check-valgrind's own runs).
.PHONY: check-serve-valgrind
check-valgrind: check-serve-valgrind
check-serve-valgrind: deps-ci $(BIN)/wres $(BIN)/wdes
	@WQ_SERVE_VALGRIND=1 WQ_BIN=$(BIN) LC_ALL=C sh tests/serve/run.sh
