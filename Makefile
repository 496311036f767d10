# Makefile for the wres / wdes toolkit.
#
#   make              build bin/wres and bin/wdes
#   make check        install missing packages, build, run every test
#   make demo         install missing packages, build, run both calculators on fixtures/
#   make check-asan   the whole suite again under AddressSanitizer + UBSan
#   make WERROR=1     treat warnings as errors (CI does)
#   make clean
#
# SHARED points at the shared specification and reference figures.

SHARED    ?= ../shared
CC        ?= cc
OPT       ?= -O2 -g
WARN      := -std=c11 -Wall -Wextra -pedantic -Wstrict-prototypes -Wshadow -Wformat=2
ifeq ($(WERROR),1)
WARN      += -Werror
endif
ifneq ($(SANITIZE),)
OPT       := -O1 -g -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
endif
BUILD     ?= build/default
BIN       ?= bin

PKGS      := gsl cairo xlsxwriter
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CPPFLAGS  += -D_POSIX_C_SOURCE=200809L -Icommon $(PKG_CFLAGS)
CFLAGS    := $(OPT) $(WARN) $(CFLAGS)
LDLIBS    += -lcsv $(PKG_LIBS) -lglpk -lm

COMMON_SRC := $(sort $(wildcard common/*.c))
COMMON_OBJ := $(COMMON_SRC:%.c=$(BUILD)/%.o)
WRES_OBJ   := $(patsubst %.c,$(BUILD)/%.o,$(sort $(wildcard wres/*.c)))
WDES_OBJ   := $(patsubst %.c,$(BUILD)/%.o,$(sort $(wildcard wdes/*.c)))
UNIT_SRC   := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN   := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
LIBWQ      := $(BUILD)/libwq.a

.PHONY: all deps deps-test deps-ci check-shared check check-unit check-cli check-asan demo clean

all: $(BIN)/wres $(BIN)/wdes

deps:
	@sh tools/install-deps.sh build
deps-test:
	@sh tools/install-deps.sh test
deps-ci:
	@sh tools/install-deps.sh ci

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(LIBWQ): $(COMMON_OBJ)
	@mkdir -p $(dir $@)
	$(AR) rcs $@ $^

$(BIN)/wres: $(WRES_OBJ) $(LIBWQ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) $(LDLIBS)

$(BIN)/wdes: $(WDES_OBJ) $(LIBWQ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) $(LDLIBS)

# Unit tests link the engine and both standards' definitions.
STANDARD_OBJ := $(BUILD)/wres/standard.o $(BUILD)/wdes/standard.o

$(BUILD)/tests/%: tests/unit/%.c $(LIBWQ) $(STANDARD_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -o $@ $< $(STANDARD_OBJ) $(LIBWQ) $(LDFLAGS) $(LDLIBS) -lcmocka

# The tests compare with the published figures in $(SHARED): say so once,
# plainly, when they are not there, rather than failing test by test.
check-shared:
	@test -f $(SHARED)/reference/statistics/proportions.csv || { \
	  echo "make: no shared reference figures at $(SHARED)/reference: the tests need" \
	       "the shared folder beside this repository (../shared) or SHARED=path" >&2; exit 1; }

# Unit tests run from the top of the repository; they find the shared
# reference vectors through WQ_SHARED and the fixtures through fixtures/.
check-unit: check-shared $(UNIT_BIN)
	@fail=0; for t in $(UNIT_BIN); do \
	  echo "== $$t"; WQ_SHARED=$(SHARED) LC_ALL=C $$t || fail=1; \
	done; exit $$fail

check-cli: check-shared $(BIN)/wres $(BIN)/wdes
	@WQ_SHARED=$(SHARED) WQ_BIN=$(BIN) LC_ALL=C sh tests/cli/run.sh

check: deps-test
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory check-unit
	@$(MAKE) --no-print-directory check-cli
	@$(MAKE) --no-print-directory check-hostile

check-asan: deps-test
	@LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  $(MAKE) --no-print-directory check-unit check-cli check-hostile \
	  SANITIZE=address,undefined BUILD=build/asan BIN=build/asan/bin

demo: deps
	@$(MAKE) --no-print-directory all
	@sh tools/demo.sh $(BIN)

clean:
	rm -rf build bin

# Further targets (fuzzing, valgrind, benchmarks) live in mk/*.mk.
-include $(sort $(wildcard mk/*.mk))

-include $(COMMON_OBJ:.o=.d) $(WRES_OBJ:.o=.d) $(WDES_OBJ:.o=.d) $(UNIT_BIN:=.d)
