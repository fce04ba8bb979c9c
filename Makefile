# sssctl - GNU make + pkg-config. `make` builds build/sssctl; `make check`
# runs every test, also under ASan+UBSan; `make demo` runs the demo.

.SUFFIXES:

CC       = cc
PREFIX   ?= /usr/local
BUILD    ?= build
PKGS      = libgit2 libcmark-gfm yaml-0.1 libpcre2-8 libcrypto gmime-3.0
# cmark-gfm's extensions ship no .pc file on Debian.
EXT_LIBS  = -lcmark-gfm-extensions
SAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

WARN      = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wpointer-arith -Wformat=2 -Wvla -Wno-missing-field-initializers
OPT      ?= -O2 -g
CFLAGS   ?=
ALL_CFLAGS = -std=c11 -pthread -D_DEFAULT_SOURCE -D_GNU_SOURCE $(OPT) $(WARN) \
            -Iinclude -I$(BUILD) $(shell pkg-config --cflags $(PKGS)) $(XCFLAGS) $(CFLAGS)
LIBS      = $(shell pkg-config --libs $(PKGS)) $(EXT_LIBS)

LIB_SRC  := $(sort $(wildcard lib/*.c lib/*/*.c))
CMD_SRC  := $(sort $(wildcard cmd/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/embedded.o
CMD_OBJ  := $(CMD_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
EMBED    := $(sort $(wildcard sow/*.yml)) $(sort $(wildcard templates/*))

all: $(BUILD)/sssctl

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

# ---- the README's two commands -------------------------------------------
deps:
	@sh tests/deps.sh

demo: deps
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

FUZZ_SECONDS ?= 60
fuzz: deps
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS)

check-valgrind: deps all
	@sh tests/valgrind.sh $(BUILD)/sssctl

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/sssctl/sow \
	  $(DESTDIR)$(PREFIX)/share/sssctl/templates $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BUILD)/sssctl $(DESTDIR)$(PREFIX)/bin/sssctl
	install -m 644 sow/*.yml $(DESTDIR)$(PREFIX)/share/sssctl/sow/
	install -m 644 templates/* $(DESTDIR)$(PREFIX)/share/sssctl/templates/
	install -m 644 cmd/man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/

format:
	clang-format -i $(LIB_SRC) $(CMD_SRC) $(UNIT_SRC) include/sss/*.h cmd/*.h

clean:
	rm -rf build build-asan build-fuzz

.PHONY: all unit deps demo check check-fast bench fuzz check-valgrind install format clean
