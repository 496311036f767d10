# mk/valgrind.mk: memory checking under valgrind, and the I/O error tests.
#
#   make check-valgrind   every unit test (build/default/tests/) and a
#                         representative set of bin/wres and bin/wdes commands
#                         (metrics in csv/json/table, check, report, trend, and
#                         the error paths) under valgrind --error-exitcode=99
#                         --leak-check=full --errors-for-leak-kinds=definite
#                         with tests/valgrind.supp; fails on any error or
#                         definite leak. VALGRIND_JOBS (2) run at a time.
#   make check-io         a report (and a trend) written into a full filesystem
#                         fails with 73 or 74 and leaves nothing behind, and a
#                         previous report survives a failed rewrite
#                         (tests/io/run.sh: a small tmpfs when mount works,
#                         otherwise an LD_PRELOAD shim that fills the disk);
#                         then inputs refused in bounded memory under
#                         ulimit -v, and out of memory at every point of a
#                         run exit 71, never a crash (tests/io/oom.sh, with
#                         the failing allocator tests/io/fail_malloc.c).
# Needs valgrind (Debian package: valgrind); check-io needs a C compiler only
# when it falls back to the shim.

VALGRIND      ?= valgrind
VALGRIND_JOBS ?= 2

.PHONY: check-valgrind check-io

check-valgrind: deps-ci
	@$(MAKE) --no-print-directory $(UNIT_BIN) $(BIN)/wres $(BIN)/wdes
	@VALGRIND=$(VALGRIND) VALGRIND_JOBS=$(VALGRIND_JOBS) \
	  sh tests/valgrind/run.sh $(BIN) $(UNIT_BIN)

check-io: $(BIN)/wres $(BIN)/wdes
	@CC="$(CC)" sh tests/io/run.sh $(BIN)
	@CC="$(CC)" sh tests/io/oom.sh $(BIN)
