# mk/fuzz.mk: libFuzzer targets (tests/fuzz/), built with clang.
#
#   make fuzz            build, then fuzz every target for FUZZ_SECONDS (60) each
#   make fuzz-smoke      the same for 15 s each (CI); fails on any crash, leak,
#                        timeout or out-of-memory
#   make fuzz-regress    run every target once over tests/fuzz/regressions/<target>/
#                        and tests/fuzz/seeds/<target>/, no fuzzing; fails on a crash
#   make fuzz-build      only build build/fuzz/fuzz_*
#   make fuzz-clean      remove build/fuzz (corpus, crashes, logs included)
#
# The engine's sources are compiled in directly with the fuzzing flags (not
# the gcc-built libwq.a). New corpus entries go to build/fuzz/corpus/<target>/,
# crashing inputs to build/fuzz/crashes/<target>/, logs to build/fuzz/logs/.
# Needs clang with the compiler-rt sanitizer and libFuzzer runtimes: on Debian
# the packages clang and libclang-rt-14-dev (or libclang-rt-dev).

FUZZ_CC      ?= clang
FUZZ_DIR     ?= build/fuzz
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 15
FUZZ_TARGETS ?= fuzz_csv fuzz_vocab fuzz_date fuzz_ini fuzz_xlsx
FUZZ_SAN     := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
                -fno-omit-frame-pointer -g -O1
# The same warnings as the gcc build (-Werror with WERROR=1); clang's
# -Wformat=2 also checks the va_list helpers' format attributes.
FUZZ_CFLAGS  := $(FUZZ_SAN) $(WARN)
FUZZ_ENV     := LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
                FUZZ_DIR=$(FUZZ_DIR)

FUZZ_ENGINE_OBJ := $(COMMON_SRC:%.c=$(FUZZ_DIR)/obj/%.o) \
                   $(FUZZ_DIR)/obj/wres/standard.o $(FUZZ_DIR)/obj/wdes/standard.o
FUZZ_LIB     := $(FUZZ_DIR)/libwq-fuzz.a
FUZZ_BINS    := $(FUZZ_TARGETS:%=$(FUZZ_DIR)/%)
FUZZ_TOOLCHAIN := $(FUZZ_DIR)/.toolchain-ok

.PHONY: fuzz fuzz-smoke fuzz-regress fuzz-build fuzz-clean

# Check once that clang can build and link a libFuzzer target.
$(FUZZ_TOOLCHAIN):
	@if ! command -v $(FUZZ_CC) >/dev/null 2>&1; then \
	  echo "fuzz: '$(FUZZ_CC)' not found. Install clang with libFuzzer, e.g." >&2; \
	  echo "      apt-get install clang libclang-rt-14-dev" >&2; exit 1; fi
	@mkdir -p $(dir $@)
	@printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n);\nint LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' \
	  > $(FUZZ_DIR)/probe.c
	@if ! $(FUZZ_CC) $(FUZZ_SAN) -o $(FUZZ_DIR)/probe $(FUZZ_DIR)/probe.c >$(FUZZ_DIR)/probe.log 2>&1; then \
	  echo "fuzz: $(FUZZ_CC) cannot link -fsanitize=fuzzer,address,undefined:" >&2; \
	  sed 's/^/    /' $(FUZZ_DIR)/probe.log | head -5 >&2; \
	  echo "      install the compiler-rt runtimes, e.g. apt-get install libclang-rt-14-dev" >&2; \
	  exit 1; fi
	@rm -f $(FUZZ_DIR)/probe $(FUZZ_DIR)/probe.c $(FUZZ_DIR)/probe.log
	@touch $@

$(FUZZ_DIR)/obj/%.o: %.c | $(FUZZ_TOOLCHAIN)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

$(FUZZ_LIB): $(FUZZ_ENGINE_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(FUZZ_DIR)/fuzz_%: $(FUZZ_DIR)/obj/tests/fuzz/fuzz_%.o $(FUZZ_LIB)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $< $(FUZZ_LIB) $(LDFLAGS) $(LDLIBS)

fuzz-build: deps-ci
	@$(MAKE) --no-print-directory $(FUZZ_BINS)

fuzz: fuzz-build
	@$(FUZZ_ENV) sh tests/fuzz/run.sh fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-smoke: fuzz-build
	@$(FUZZ_ENV) sh tests/fuzz/run.sh fuzz $(FUZZ_SMOKE_SECONDS) $(FUZZ_TARGETS)

fuzz-regress: fuzz-build
	@$(FUZZ_ENV) sh tests/fuzz/run.sh regress $(FUZZ_TARGETS)

fuzz-clean:
	rm -rf $(FUZZ_DIR)

-include $(FUZZ_ENGINE_OBJ:.o=.d) $(FUZZ_TARGETS:%=$(FUZZ_DIR)/obj/tests/fuzz/%.d)

# Keep the targets' objects (they are intermediate files to make).
.SECONDARY: $(FUZZ_TARGETS:%=$(FUZZ_DIR)/obj/tests/fuzz/%.o)
