# Makefile for the wres / wdes toolkit.
#
#   make              build bin/wres and bin/wdes
#   make check        install missing packages, build, run every test (the mk/*.mk
#                     fragments add theirs: check-doc, check-install)
#   make install      bin/wres, bin/wdes, man pages, bash completions (PREFIX, DESTDIR;
#                     mk/install.mk: also uninstall, deb)
#   make demo         install missing packages, build, run both calculators on fixtures/
#   make check-asan   the whole suite again under AddressSanitizer + UBSan
#   make WERROR=1     treat warnings as errors (CI does)
#   make V=1          show the full compiler lines (default: one short line a step)
#   make clean

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

PKGS      := gsl cairo libpng fontconfig xlsxwriter libzip expat libmicrohttpd
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CPPFLAGS  += -D_POSIX_C_SOURCE=200809L -Icommon $(PKG_CFLAGS)
CFLAGS    := $(OPT) $(WARN) $(CFLAGS)
LDLIBS    += -lcsv $(PKG_LIBS) -lglpk -lm -pthread

# The version: git describe when the repository has tags, else VERSION.
WQ_VERSION := $(shell git describe --tags --dirty 2>/dev/null | sed 's/^v//')
ifeq ($(WQ_VERSION),)
WQ_VERSION := $(shell cat VERSION)
endif
CPPFLAGS  += -DWQ_VERSION='"$(WQ_VERSION)"'

# One short line a step (CC file, AR lib, LD program); V=1 shows the commands.
ifneq ($(V),1)
say = @printf '%-3s %s\n' '$(1)' '$(2)';
endif

COMMON_SRC := $(sort $(wildcard common/*.c))
COMMON_OBJ := $(COMMON_SRC:%.c=$(BUILD)/%.o)
WRES_OBJ   := $(patsubst %.c,$(BUILD)/%.o,$(sort $(wildcard wres/*.c)))
WDES_OBJ   := $(patsubst %.c,$(BUILD)/%.o,$(sort $(wildcard wdes/*.c)))
UNIT_SRC   := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN   := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
LIBWQ      := $(BUILD)/libwq.a

.PHONY: all deps deps-test deps-ci check check-unit check-cli check-asan demo clean

all: $(BIN)/wres $(BIN)/wdes

deps:
	@sh tools/install-deps.sh build
deps-test:
	@sh tools/install-deps.sh test
deps-ci:
	@sh tools/install-deps.sh ci

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(LIBWQ): $(COMMON_OBJ)
	@mkdir -p $(dir $@)
	$(call say,AR,$@)$(AR) rcs $@ $^

# The page's files, put into the program (serve_web.h).
WEB_FILES := web/index.html web/app.js web/app.css
$(BUILD)/gen/serve_web.c: $(WEB_FILES) tools/embed-web.sh
	@mkdir -p $(dir $@)
	$(call say,GEN,$@)sh tools/embed-web.sh $(WEB_FILES) >$@.tmp && mv $@.tmp $@
$(BUILD)/gen/serve_web.o: $(BUILD)/gen/serve_web.c
	$(call say,CC,$<)$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<
$(LIBWQ): $(BUILD)/gen/serve_web.o

# cli.c prints the version: rebuilt when it changes.
$(BUILD)/common/cli.o: $(BUILD)/version
$(BUILD)/version: FORCE
	@mkdir -p $(dir $@)
	@echo '$(WQ_VERSION)' | cmp -s - $@ || echo '$(WQ_VERSION)' >$@
FORCE:
.PHONY: FORCE

$(BIN)/wres: $(WRES_OBJ) $(LIBWQ)
	@mkdir -p $(dir $@)
	$(call say,LD,$@)$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) $(LDLIBS)

$(BIN)/wdes: $(WDES_OBJ) $(LIBWQ)
	@mkdir -p $(dir $@)
	$(call say,LD,$@)$(CC) $(CFLAGS) -o $@ $^ $(LDFLAGS) $(LDLIBS)

# Unit tests link the engine and both standards' definitions.
STANDARD_OBJ := $(BUILD)/wres/standard.o $(BUILD)/wdes/standard.o

$(BUILD)/tests/%: tests/unit/%.c $(LIBWQ) $(STANDARD_OBJ)
	@mkdir -p $(dir $@)
	$(call say,LD,$@)$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -o $@ $< $(STANDARD_OBJ) $(LIBWQ) $(LDFLAGS) $(LDLIBS) -lcmocka

# Unit tests run from the top of the repository; they find the reference
# figures under tests/reference and the fixtures under fixtures/.
check-unit: $(UNIT_BIN)
	@fail=0; for t in $(UNIT_BIN); do \
	  echo "== $$t"; LC_ALL=C $$t || fail=1; \
	done; exit $$fail

check-cli: $(BIN)/wres $(BIN)/wdes
	@WQ_BIN=$(BIN) LC_ALL=C sh tests/cli/run.sh
	@WQ_BIN=$(BIN) LC_ALL=C sh tests/cli/publish.sh
	@LC_ALL=C bash tests/cli/outdir.sh $(BIN)
	@WQ_BIN=$(BIN) LC_ALL=C sh tests/cli/levels.sh
	@LC_ALL=C sh tests/cli/threads.sh $(BIN)
	@WQ_BIN=$(BIN) LC_ALL=C sh tests/cli/trend_levels.sh
	@WQ_BIN=$(BIN) LC_ALL=C sh tests/cli/compare.sh

check: deps-test
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory check-unit
	@$(MAKE) --no-print-directory check-cli
	@$(MAKE) --no-print-directory check-hostile
	@sh tests/tools/install_deps.sh

check-asan: deps-test
	@LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  $(MAKE) --no-print-directory check-unit check-cli check-hostile check-serve \
	  SANITIZE=address,undefined BUILD=build/asan BIN=build/asan/bin

demo: deps
	@$(MAKE) --no-print-directory all
	@sh tools/demo.sh $(BIN)

clean:
	rm -rf build bin

# Further targets (fuzzing, valgrind, benchmarks) live in mk/*.mk.
-include $(sort $(wildcard mk/*.mk))

-include $(COMMON_OBJ:.o=.d) $(WRES_OBJ:.o=.d) $(WDES_OBJ:.o=.d) $(UNIT_BIN:=.d)
