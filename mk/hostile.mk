# mk/hostile.mk: the hostile-input corpus, the disclosure checks and the
# adversary with a solver, on the fixtures and at dozens of directorates
# (tests/hostile/run.sh; cases in tests/hostile/cases.txt). The latter's
# case sizes: make check-hostile WQ_ADV_LEVELS=40 WQ_ADV_ROWS=20000
# WQ_ADV_TRUSTS=2 WQ_ADV_SAMPLE=150 (tests/hostile/adversary_levels.sh).
#
#   make check-hostile        run them against $(BIN)/wres and $(BIN)/wdes
#   make check-hostile-asan   the same against the AddressSanitizer +
#                             UndefinedBehaviorSanitizer build (build/asan/bin)
#
# Both need python3 and Debian's python3-openpyxl and python3-scipy (make
# deps-test installs them).

.PHONY: check-hostile check-hostile-asan

check-hostile: $(BIN)/wres $(BIN)/wdes
	@WQ_BIN=$(BIN) LC_ALL=C sh tests/hostile/run.sh

check-hostile-asan:
	@LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  $(MAKE) --no-print-directory check-hostile SANITIZE=address,undefined \
	  BUILD=build/asan BIN=build/asan/bin
