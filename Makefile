# sssctl - GNU make + pkg-config. `make` builds build/sssctl; `make check`
# runs every test, also under ASan+UBSan; `make demo` runs the demo.

.SUFFIXES:

CC       = cc
PREFIX   ?= /usr/local
# where the message catalogs are installed (SSSCTL_LOCALEDIR overrides it
# at run time, as the tests do with the build tree's)
LOCALEDIR ?= $(PREFIX)/share/locale
BUILD    ?= build
PKGS      = libgit2 libcmark-gfm yaml-0.1 libpcre2-8 libcrypto xlsxwriter gmime-3.0 liblz4
# cmark-gfm's extensions ship no .pc file on Debian.
EXT_LIBS  = -lcmark-gfm-extensions
SAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

WARN      = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wpointer-arith -Wformat=2 -Wvla -Wno-missing-field-initializers
OPT      ?= -O2 -g
CFLAGS   ?=
ALL_CFLAGS = -std=c11 -pthread -D_DEFAULT_SOURCE -D_GNU_SOURCE $(OPT) $(WARN) \
            -DSSS_LOCALEDIR='"$(LOCALEDIR)"' \
            -Iinclude -I$(BUILD) $(shell pkg-config --cflags $(PKGS)) $(XCFLAGS) $(CFLAGS)
LIBS      = $(shell pkg-config --libs $(PKGS)) $(EXT_LIBS)

LIB_SRC  := $(sort $(wildcard lib/*.c lib/*/*.c))
CMD_SRC  := $(sort $(wildcard cmd/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/embedded.o
CMD_OBJ  := $(CMD_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
EMBED    := $(sort $(wildcard sow/*.yml)) $(sort $(wildcard templates/*))

# the message catalogs, built from po/*.po (see "messages" below)
LINGUAS   = ja
MO       := $(LINGUAS:%=$(BUILD)/locale/%/LC_MESSAGES/sssctl.mo)

all: $(BUILD)/sssctl $(MO)

$(BUILD)/sssctl: $(CMD_OBJ) $(BUILD)/libsss.a
	$(CC) $(ALL_CFLAGS) -o $@ $(CMD_OBJ) $(BUILD)/libsss.a $(LIBS)

$(BUILD)/libsss.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $(LIB_OBJ)

$(BUILD)/%.o: %.c $(wildcard include/sss/*.h) $(wildcard lib/*.h lib/*/*.h) $(wildcard cmd/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The default catalog and templates are compiled into the binary so that
# `sssctl init` works without an installed share directory.
$(BUILD)/embedded.c: $(EMBED) Makefile
	@mkdir -p $(dir $@)
	@{ echo '#include "sss/embedded.h"'; \
	  n=0; for f in $(EMBED); do \
	    echo "static const unsigned char e$$n[] = {"; \
	    od -An -v -tx1 "$$f" | sed 's/ *\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	    echo "0x00};"; n=$$((n+1)); done; \
	  echo 'const struct sss_embedded_file sss_embedded[] = {'; \
	  n=0; for f in $(EMBED); do \
	    echo "{\"$$f\", (const char *)e$$n, sizeof(e$$n) - 1},"; n=$$((n+1)); done; \
	  echo '{0, 0, 0}};'; } > $@.tmp && mv $@.tmp $@

$(BUILD)/embedded.o: $(BUILD)/embedded.c include/sss/embedded.h
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libsss.a tests/unit/unit.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(BUILD)/libsss.a $(LIBS) -lcmocka

# the option parser is the command layer's: its test builds it from source
$(BUILD)/tests/test_options: cmd/options.c cmd/options.h cmd/cmd.h

unit: $(UNIT_BIN)

# ---- messages (gettext) ----------------------------------------------------
# The msgids are the English texts in the sources: what _() and N_() mark,
# the formats of the error makers and printf-like wrappers, the option
# tables' value names and notes. `make pot` refreshes po/sssctl.pot (and
# merges it into po/ja.po); tests/e2e/t-i18n.sh fails on a message
# po/ja.po does not translate.
XGETTEXT_KEYWORDS = --keyword=_ --keyword=N_ \
  --keyword=sss_error:2 --flag=sss_error:2:c-format \
  --keyword=sss_error_prefix:2 --flag=sss_error_prefix:2:c-format \
  --keyword=cmd_usage_error:2 --flag=cmd_usage_error:2:c-format \
  --keyword=message:1 --flag=message:1:c-format \
  --keyword=warning:1 --flag=warning:1:c-format \
  --keyword=at:4 --flag=at:4:c-format --keyword=bad:3 --flag=bad:3:c-format \
  --keyword=bad_value:3 \
  --keyword=sss_config_bad:3 --flag=sss_config_bad:3:c-format \
  --keyword=cmd_warning:1 --flag=cmd_warning:1:c-format \
  --keyword=refuse:2 --flag=refuse:2:c-format \
  --keyword=sss_git_note:2 --flag=sss_git_note:2:c-format \
  --keyword=OPT_STRING:4 --keyword=OPT_CALLBACK:4 \
  --keyword=OPT_OPERANDS:1 --keyword=OPT_NOTE:1
PO_SRC    = $(LIB_SRC) $(CMD_SRC) $(sort $(wildcard cmd/*.h include/sss/*.h))

$(BUILD)/locale/%/LC_MESSAGES/sssctl.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@.tmp $< && mv $@.tmp $@

pot:
	@xgettext --from-code=UTF-8 --language=C --no-wrap --sort-by-file \
	  --add-comments=TRANSLATORS: --package-name=sssctl \
	  $(XGETTEXT_KEYWORDS) -o po/sssctl.pot $(PO_SRC)
	@for l in $(LINGUAS); do msgmerge --quiet --update --backup=none \
	  --no-wrap po/$$l.po po/sssctl.pot; done

# what tests/e2e/t-i18n.sh extracts the msgids with
xgettext-args:
	@echo --from-code=UTF-8 --language=C $(XGETTEXT_KEYWORDS) $(PO_SRC)


# ---- the README's two commands -------------------------------------------
# deps-build: what building and the demo need; deps: that and the test tools
deps-build:
	@sh tests/deps.sh build

deps:
	@sh tests/deps.sh check

demo: deps-build
	@$(MAKE) --no-print-directory -j$(JOBS) all
	@sh tests/demo.sh $(BUILD)/sssctl

# JOBS: parallel compiles and test suites (the machines have 2 cores)
JOBS ?= 2
check: deps
	@$(MAKE) --no-print-directory -j$(JOBS) all unit
	@$(MAKE) --no-print-directory -j$(JOBS) BUILD=build-asan OPT='-O1 -g' XCFLAGS='$(SAN_FLAGS)' all unit
	@JOBS=$(JOBS) sh tests/run.sh build build-asan

check-fast: all unit
	@sh tests/run.sh build

# Not part of check: the benchmark (tests/bench), long fuzzing runs and
# the valgrind pass over a representative subset.
bench: deps all
	@sh tests/bench/run.sh $(BUILD)/sssctl
	@sh tests/bench/sync.sh $(BUILD)/sssctl
	@sh tests/bench/import.sh $(BUILD)/sssctl

FUZZ_SECONDS ?= 60
fuzz: deps
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS)

check-valgrind: deps all
	@sh tests/valgrind.sh $(BUILD)/sssctl

# PREFIX and DESTDIR as usual. The catalog and templates are also built
# into the binary (init needs nothing installed); the copies under
# share/sssctl are for reading and copying. The zsh function is told where
# the bash completion it uses went.
MANDIR      ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/vendor-completions
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/sssctl/sow \
	  $(DESTDIR)$(PREFIX)/share/sssctl/templates $(DESTDIR)$(MANDIR)/man1 \
	  $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 755 $(BUILD)/sssctl $(DESTDIR)$(PREFIX)/bin/sssctl
	install -m 644 sow/*.yml $(DESTDIR)$(PREFIX)/share/sssctl/sow/
	install -m 644 templates/* $(DESTDIR)$(PREFIX)/share/sssctl/templates/
	install -m 644 cmd/man/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 completion/sssctl.bash $(DESTDIR)$(BASHCOMPDIR)/sssctl
	sed 's|@BASH_COMPLETION@|$(BASHCOMPDIR)/sssctl|' completion/_sssctl >$(DESTDIR)$(ZSHCOMPDIR)/_sssctl
	chmod 644 $(DESTDIR)$(ZSHCOMPDIR)/_sssctl
	@# the message catalogs, when the build made them (po/)
	@for mo in $(BUILD)/locale/*/LC_MESSAGES/sssctl.mo; do \
	  [ -f "$$mo" ] || continue; \
	  l=$${mo#$(BUILD)/locale/}; l=$${l%%/*}; \
	  d=$(DESTDIR)$(if $(LOCALEDIR),$(LOCALEDIR),$(PREFIX)/share/locale)/$$l/LC_MESSAGES; \
	  echo "install -m 644 $$mo $$d/sssctl.mo"; \
	  install -d $$d && install -m 644 $$mo $$d/sssctl.mo || exit 1; \
	done

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/sssctl $(DESTDIR)$(BASHCOMPDIR)/sssctl \
	  $(DESTDIR)$(ZSHCOMPDIR)/_sssctl $(DESTDIR)$(PREFIX)/share/locale/*/LC_MESSAGES/sssctl.mo
	rm -f $(patsubst cmd/man/%,$(DESTDIR)$(MANDIR)/man1/%,$(wildcard cmd/man/*.1))
	rm -rf $(DESTDIR)$(PREFIX)/share/sssctl

format:
	clang-format -i $(LIB_SRC) $(CMD_SRC) $(UNIT_SRC) include/sss/*.h cmd/*.h

clean:
	rm -rf build build-asan build-fuzz

.PHONY: all unit pot xgettext-args deps deps-build demo check check-fast bench fuzz check-valgrind install uninstall format clean
