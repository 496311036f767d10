# mk/install.mk: man pages, installation and the Debian package.
#
#   make man         $(BUILD)/man/wres.1 and wdes.1 from man/wq.1.in
#   make install     bin/wres, bin/wdes, their man pages and bash completions
#                    under $(DESTDIR)$(PREFIX) (PREFIX=/usr/local)
#   make uninstall   remove exactly those files (DESTDIR and PREFIX as given)
#   make deb         build/deb/wres-wdes_VERSION_ARCH.deb with dpkg-deb: the
#                    same files under /usr, built with dpkg-buildflags' flags,
#                    stripped, Depends from dpkg-shlibdeps
#   make lint-deb    lintian on it (not part of make check)
#   make check-doc   the man pages against --help and the getopt table
#                    (tests/man/run.sh) and the bash completion
#                    (tests/completion/run.sh); part of make check
#   make check-install  install/uninstall into a scratch DESTDIR and the
#                    .deb's file list (tests/install/run.sh); part of make check

PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MAN1DIR  ?= $(PREFIX)/share/man/man1
COMPDIR  ?= $(PREFIX)/share/bash-completion/completions
INSTALL  ?= install
MAN_DIR  := $(BUILD)/man
MANS     := $(MAN_DIR)/wres.1 $(MAN_DIR)/wdes.1

DEB_DIR     := build/deb
DEB_VERSION := $(shell cat VERSION)
DEB_ARCH    := $(shell dpkg --print-architecture 2>/dev/null)
DEB         := $(DEB_DIR)/wres-wdes_$(DEB_VERSION)_$(DEB_ARCH).deb
DEB_MAINTAINER ?= wres-wdes maintainers <wres-wdes@localhost>

.PHONY: man install uninstall deb lint-deb check-doc check-install

# make check runs these too (after installing the test packages)
check: check-doc check-install

# What tells the two man pages apart (man/wq.1.in names them @UPROG@ ...).
man_wres := -e 's/@UPROG@/WRES/g' -e 's/@TITLE@/Workforce Race Equality Standard/g' \
            -e 's/@FOCUS@/BME/g' -e 's/@COMP@/White/g' -e 's/@OTHER@/wdes/g'
man_wdes := -e 's/@UPROG@/WDES/g' -e 's/@TITLE@/Workforce Disability Equality Standard/g' \
            -e 's/@FOCUS@/Disabled/g' -e 's/@COMP@/Non-disabled/g' -e 's/@OTHER@/wres/g'
man_other_wres := wdes
man_other_wdes := wres

# The levels cap of publication mode, as common/metrics.h defines it.
MAX_LEVELS = $(shell sed -n 's/^\#define SUPPRESS_MAX_LEVELS \([0-9]*\)$$/\1/p' common/metrics.h)

man: $(MANS)

$(MAN_DIR)/%.1: man/wq.1.in $(BUILD)/version common/metrics.h
	@mkdir -p $(dir $@)
	$(call say,GEN,$@)sed -e '/^\.\\" if $(man_other_$*)$$/,/^\.\\" endif$$/d' \
	  -e '/^\.\\" \(if $*\|endif\)$$/d' -e 's/@PROG@/$*/g' $(man_$*) \
	  -e 's/@VERSION@/$(WQ_VERSION)/g' -e 's/@MAX_LEVELS@/$(MAX_LEVELS)/g' $< >$@.tmp && \
	  mv $@.tmp $@

install: all man
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MAN1DIR) $(DESTDIR)$(COMPDIR)
	$(INSTALL) -m 755 $(BIN)/wres $(BIN)/wdes $(DESTDIR)$(BINDIR)/
	$(INSTALL) -m 644 $(MANS) $(DESTDIR)$(MAN1DIR)/
	$(INSTALL) -m 644 completion/wq.bash $(DESTDIR)$(COMPDIR)/wres
	$(INSTALL) -m 644 completion/wq.bash $(DESTDIR)$(COMPDIR)/wdes

# Only the files install wrote; the folders may hold other programs' files.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/wres $(DESTDIR)$(BINDIR)/wdes \
	  $(DESTDIR)$(MAN1DIR)/wres.1 $(DESTDIR)$(MAN1DIR)/wdes.1 \
	  $(DESTDIR)$(COMPDIR)/wres $(DESTDIR)$(COMPDIR)/wdes

# The package's own build (hardening flags from dpkg-buildflags), staged by
# make install under /usr, then as Debian policy wants it: binaries
# stripped, man pages and changelog compressed, copyright, md5sums.
# dpkg-buildflags' flags with every hardening feature (bindnow too)
deb_flags = $(shell DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get $(1) 2>/dev/null)
DEB_OPT      = $(or $(call deb_flags,CFLAGS),-O2 -g)
DEB_CPPFLAGS = $(call deb_flags,CPPFLAGS)
DEB_LDFLAGS  = $(call deb_flags,LDFLAGS)
deb_stamp    = OPT=$(DEB_OPT) CPPFLAGS=$(DEB_CPPFLAGS) LDFLAGS=$(DEB_LDFLAGS)

deb: deps
	@command -v dpkg-deb >/dev/null || { echo "deb: dpkg-deb not found" >&2; exit 1; }
	@rm -rf $(DEB_DIR)/root
	@mkdir -p $(DEB_DIR) && echo '$(deb_stamp)' | cmp -s - $(DEB_DIR)/flags || \
	  { rm -rf $(DEB_DIR)/obj $(DEB_DIR)/bin && echo '$(deb_stamp)' >$(DEB_DIR)/flags; }
	@OPT='$(DEB_OPT)' CPPFLAGS='$(DEB_CPPFLAGS)' LDFLAGS='$(DEB_LDFLAGS)' \
	  $(MAKE) --no-print-directory -s install BUILD=$(DEB_DIR)/obj BIN=$(DEB_DIR)/bin \
	  DESTDIR=$(CURDIR)/$(DEB_DIR)/root PREFIX=/usr WQ_VERSION=$(DEB_VERSION)
	@DEB_DIR=$(DEB_DIR) DEB=$(DEB) DEB_VERSION=$(DEB_VERSION) DEB_ARCH=$(DEB_ARCH) \
	  DEB_MAINTAINER="$(DEB_MAINTAINER)" sh tools/make-deb.sh
	@echo "deb: $(DEB)"

lint-deb: deb
	lintian --info $(DEB)

check-doc: $(BIN)/wres $(BIN)/wdes $(MANS)
	@WQ_BIN=$(BIN) MAN_DIR=$(MAN_DIR) LC_ALL=C sh tests/man/run.sh
	@WQ_BIN=$(BIN) LC_ALL=C bash tests/completion/run.sh

check-install:
	@$(MAKE) --no-print-directory deb
	@MAKE="$(MAKE)" DEB=$(DEB) LC_ALL=C sh tests/install/run.sh
