# lmcost: build, test, install. Generated files go to build/ only.
# `make` builds build/liblmcost.a, build/liblmcost.so (with its soname links), build/lmcost.pc
# and build/lmcost; `make check` runs every test.

CC      ?= cc
PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS  ?= -O2 -g
ALL_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) -Werror $(CFLAGS) -Iinclude -Isrc -I$(BUILD)
GEN_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L $(CFLAGS) -Iinclude -Isrc -I$(BUILD) -Wno-unused-function
# jansson reads Hugging Face config.json files (src/sem/hf.c).
JANSSON_LIBS := $(shell pkg-config --libs jansson 2>/dev/null || echo -ljansson)
LDLIBS  := -lgmp $(JANSSON_LIBS)
# The library's objects serve both the archive and the shared library: position
# independent, and hidden unless include/lmcost.h marks them LMCOST_API.
LIB_CFLAGS := -fPIC -fvisibility=hidden

# The release version is include/lmcost.h's LMCOST_VERSION. SOVERSION is the ABI's: raise it
# whenever a change breaks programs linked against an earlier liblmcost.so (a function
# removed or its signature or meaning changed), independently of the release version.
VERSION   := $(shell sed -n 's/^\#define LMCOST_VERSION "\(.*\)"/\1/p' include/lmcost.h)
SOVERSION := 0
SONAME    := liblmcost.so.$(SOVERSION)
SHLIB     := liblmcost.so.$(VERSION)

BINDIR     ?= $(PREFIX)/bin
INCLUDEDIR ?= $(PREFIX)/include
LIBDIR     ?= $(PREFIX)/lib
MANDIR     ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
# What a static link of liblmcost.a needs besides it: packages with a .pc file go in
# Requires.private, the others in Libs.private (threads: the GMP reserve's mutex).
PC_REQUIRES_PRIVATE := gmp jansson
PC_LIBS_PRIVATE     := -pthread
# A directory under PREFIX as the .pc file writes it, relative to ${prefix}, so that
# `pkg-config --define-prefix` (or --define-variable=prefix=...) can move it.
pc_dir = $(patsubst $(PREFIX)/%,$${prefix}/%,$(1))

# The library's stages, in dependency order (README, "Modules"): each folder may use the
# folders before it, never one after it.
STAGES  := base poly lang print sem rows
LIB_SRC := $(foreach d,$(STAGES),$(sort $(wildcard src/$(d)/*.c))) $(sort $(wildcard src/api*.c))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
LM_LIB  := $(sort $(wildcard src/lib/*.lm))
LIB_OBJ := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/parser.o $(BUILD)/obj/lexer.o \
           $(BUILD)/obj/embedded.o
CLI_OBJ := $(CLI_SRC:src/cli/%.c=$(BUILD)/obj/cli/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps demo check check-fast check-asan install uninstall clean bench fuzz \
        unit-tests build-cli build-tests asan tsan memcheck
all: $(BUILD)/lmcost $(BUILD)/$(SHLIB)

$(BUILD)/parser.c $(BUILD)/parser.h &: grammar/parser.y
	@mkdir -p $(BUILD)
	bison -Wall -Werror --defines=$(BUILD)/parser.h -o $(BUILD)/parser.c $<

$(BUILD)/lexer.c $(BUILD)/lexer.h &: grammar/lexer.l $(BUILD)/parser.h
	@mkdir -p $(BUILD)
	flex --header-file=$(BUILD)/lexer.h -o $(BUILD)/lexer.c $<

$(BUILD)/embedded.c: $(LM_LIB) tools/embed.sh
	@mkdir -p $(BUILD)
	sh tools/embed.sh $(LM_LIB) > $@

# The compiler and flags each build directory was built with: a change rebuilds every object
# (an object without -fPIC from an earlier build cannot go into the shared library).
$(BUILD)/flags: FORCE
	@mkdir -p $(BUILD)
	@echo '$(CC) $(ALL_CFLAGS) $(LIB_CFLAGS) $(GEN_CFLAGS)' | cmp -s - $@ 2>/dev/null || \
	    echo '$(CC) $(ALL_CFLAGS) $(LIB_CFLAGS) $(GEN_CFLAGS)' > $@

$(BUILD)/obj/%.o: src/%.c $(BUILD)/parser.h $(BUILD)/lexer.h $(BUILD)/flags
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LIB_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/obj/cli/%.o: src/cli/%.c $(BUILD)/parser.h $(BUILD)/flags
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/obj/parser.o: $(BUILD)/parser.c $(BUILD)/lexer.h $(BUILD)/flags
	@mkdir -p $(dir $@)
	$(CC) $(GEN_CFLAGS) $(LIB_CFLAGS) -c -o $@ $<

$(BUILD)/obj/lexer.o: $(BUILD)/lexer.c $(BUILD)/parser.h $(BUILD)/flags
	@mkdir -p $(dir $@)
	$(CC) $(GEN_CFLAGS) $(LIB_CFLAGS) -Wno-sign-compare -c -o $@ $<

$(BUILD)/obj/embedded.o: $(BUILD)/embedded.c $(BUILD)/flags
	@mkdir -p $(dir $@)
	$(CC) $(GEN_CFLAGS) $(LIB_CFLAGS) -c -o $@ $<

$(BUILD)/liblmcost.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

# The shared library exports the lmcost_ functions alone (src/lmcost.map), under the
# soname liblmcost.so.SOVERSION; liblmcost.so is the link for `-llmcost`.
$(BUILD)/$(SHLIB): $(LIB_OBJ) src/lmcost.map
	$(CC) $(CFLAGS) $(LDFLAGS) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=src/lmcost.map \
	    -Wl,-z,defs -o $@ $(LIB_OBJ) $(LDLIBS)
	ln -sf $(SHLIB) $(BUILD)/$(SONAME)
	ln -sf $(SONAME) $(BUILD)/liblmcost.so

$(BUILD)/lmcost: $(CLI_OBJ) $(BUILD)/liblmcost.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/liblmcost.a $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/testlib.h $(BUILD)/liblmcost.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -pthread -Itests/unit -o $@ $< $(BUILD)/liblmcost.a $(LDLIBS)

-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/obj/*/*.d)

# An object of ours without its .d file was built before header dependencies were
# tracked, or by an interrupted compile: rebuild it rather than trust it.
.PHONY: FORCE
FORCE:
untracked = $(foreach o,$(1),$(if $(wildcard $(o:.o=.d)),,$(if $(wildcard $(o)),$(o))))
$(call untracked,$(LIB_SRC:src/%.c=$(BUILD)/obj/%.o) $(CLI_OBJ)): FORCE

clean:
	rm -rf build build-asan build-tsan build-fuzz

# ---- dependencies, tests, demo, install -------------------------------------------------
# The targets below run sub-makes so that `make -j check` still installs the tools
# (`deps`) before anything is compiled.

ASAN_BUILD   := build-asan
# LM_CHECK_CANONICAL: every public algebra operation asserts its result canonical.
ASAN_CFLAGS  := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
                -fno-sanitize-recover=all -DLM_CHECK_CANONICAL
ASAN_LDFLAGS := -fsanitize=address,undefined
TSAN_BUILD   := build-tsan
TSAN_CFLAGS  := -O1 -g -fsanitize=thread
SUBMAKE      := $(MAKE) --no-print-directory

# Check for the build and test tools; install what is missing (apt-get, as root).
deps:
	@sh tools/deps.sh

unit-tests: $(UNIT_BIN)

# `all`, and `all` with the unit tests, without "Nothing to be done" when up to date.
build-cli: all
	@:
build-tests: all unit-tests
	@:

# The library, the CLI and the unit tests built with ASan + UBSan, into build-asan/.
asan:
	+@$(SUBMAKE) BUILD=$(ASAN_BUILD) CFLAGS='$(ASAN_CFLAGS)' LDFLAGS='$(ASAN_LDFLAGS)' \
	    build-tests

# The library built with ThreadSanitizer, into build-tsan/ (tests/embed/threads.sh).
tsan:
	+@$(SUBMAKE) BUILD=$(TSAN_BUILD) CFLAGS='$(TSAN_CFLAGS)' $(TSAN_BUILD)/liblmcost.a

demo: deps
	+@$(SUBMAKE) build-cli
	$(BUILD)/lmcost report
	@echo "(the binary is $(BUILD)/lmcost; 'make install' puts lmcost on the PATH)"

# Everything: unit, golden, check scripts, valgrind, then unit + golden under ASan/UBSan.
check: deps
	+@$(SUBMAKE) build-tests
	+@$(SUBMAKE) asan
	@sh tests/run.sh -b $(BUILD) -a $(ASAN_BUILD)

# Unit, golden and check scripts on the normal build only.
check-fast: deps
	+@$(SUBMAKE) build-tests
	@sh tests/run.sh --fast -b $(BUILD)

# Unit and golden tests on the ASan/UBSan build only.
check-asan: deps
	+@$(SUBMAKE) asan
	@sh tests/run.sh --asan-only -a $(ASAN_BUILD)

# The golden cases under valgrind only.
memcheck: all
	@sh tests/memcheck.sh -b $(BUILD)

# The binary, the header, both libraries (the soname and development links too), the
# pkg-config file (written for PREFIX: `pkg-config --cflags --libs lmcost`; with --static
# also what the archive needs) and the manual pages (lmcost(1), lmcost(3)). Run ldconfig afterwards for a system
# directory.
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(LIBDIR) \
	    $(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3
	install -m 755 $(BUILD)/lmcost $(DESTDIR)$(BINDIR)/lmcost
	install -m 644 include/lmcost.h $(DESTDIR)$(INCLUDEDIR)/lmcost.h
	install -m 644 $(BUILD)/liblmcost.a $(DESTDIR)$(LIBDIR)/liblmcost.a
	install -m 755 $(BUILD)/$(SHLIB) $(DESTDIR)$(LIBDIR)/$(SHLIB)
	ln -sf $(SHLIB) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/liblmcost.so
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(call pc_dir,$(LIBDIR))|' \
	    -e 's|@INCLUDEDIR@|$(call pc_dir,$(INCLUDEDIR))|' \
	    -e 's|@VERSION@|$(VERSION)|' -e 's|@REQUIRES_PRIVATE@|$(PC_REQUIRES_PRIVATE)|' \
	    -e 's|@LIBS_PRIVATE@|$(PC_LIBS_PRIVATE)|' tools/lmcost.pc.in \
	    > $(DESTDIR)$(PKGCONFIGDIR)/lmcost.pc
	chmod 644 $(DESTDIR)$(PKGCONFIGDIR)/lmcost.pc
	install -m 644 doc/lmcost.1 $(DESTDIR)$(MANDIR)/man1/lmcost.1
	install -m 644 doc/lmcost.3 $(DESTDIR)$(MANDIR)/man3/lmcost.3

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/lmcost $(DESTDIR)$(INCLUDEDIR)/lmcost.h \
	    $(DESTDIR)$(LIBDIR)/liblmcost.a $(DESTDIR)$(LIBDIR)/$(SHLIB) \
	    $(DESTDIR)$(LIBDIR)/$(SONAME) $(DESTDIR)$(LIBDIR)/liblmcost.so \
	    $(DESTDIR)$(PKGCONFIGDIR)/lmcost.pc $(DESTDIR)$(MANDIR)/man1/lmcost.1 \
	    $(DESTDIR)$(MANDIR)/man3/lmcost.3

# ---- fuzzing (tests/fuzz/README.md) -----------------------------------------------------
# `make fuzz` builds the libFuzzer harnesses tests/fuzz/fuzz_*.c with clang into
# build-fuzz/ (the library compiled with ASan + UBSan and coverage) and runs each for
# FUZZ_SECONDS, from the seed corpus tests/fuzz/corpus/NAME/ (read only) and a working
# corpus build-fuzz/corpus/NAME/. Crashes go to build-fuzz/artifacts/.

FUZZ_BUILD    := build-fuzz
FUZZ_SECONDS  ?= 60
FUZZ_CC       ?= clang
FUZZ_FLAGS    := -g -O1 -fno-omit-frame-pointer -fno-sanitize-recover=all
FUZZ_CFLAGS   := -std=c11 -D_POSIX_C_SOURCE=200809L $(FUZZ_FLAGS) \
                 -fsanitize=fuzzer-no-link,address,undefined -Iinclude -Isrc -I$(BUILD)
FUZZ_NAMES    := $(sort $(basename $(notdir $(wildcard tests/fuzz/fuzz_*.c))))
FUZZ_LIB_OBJ  := $(LIB_SRC:src/%.c=$(FUZZ_BUILD)/obj/%.o) $(FUZZ_BUILD)/obj/parser.o \
                 $(FUZZ_BUILD)/obj/lexer.o $(FUZZ_BUILD)/obj/embedded.o
FUZZ_BIN      := $(FUZZ_NAMES:%=$(FUZZ_BUILD)/%)
FUZZ_RUN_OPTS ?= -timeout=20 -rss_limit_mb=2048 -max_len=8192

.PHONY: fuzz-build
.SECONDARY: $(FUZZ_LIB_OBJ)
fuzz-build: $(FUZZ_BIN)
$(call untracked,$(LIB_SRC:src/%.c=$(FUZZ_BUILD)/obj/%.o)): FORCE

$(FUZZ_BUILD)/obj/%.o: src/%.c $(BUILD)/parser.h $(BUILD)/lexer.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

-include $(wildcard $(FUZZ_BUILD)/obj/*.d $(FUZZ_BUILD)/obj/*/*.d)

$(FUZZ_BUILD)/obj/%.o: $(BUILD)/%.c $(BUILD)/parser.h $(BUILD)/lexer.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Wno-unused-function -c -o $@ $<

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h $(FUZZ_LIB_OBJ)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_LIB_OBJ) $(LDLIBS)

fuzz: fuzz-build
	@for f in $(FUZZ_NAMES); do \
	    mkdir -p $(FUZZ_BUILD)/corpus/$$f $(FUZZ_BUILD)/artifacts; \
	    echo "== $$f: $(FUZZ_SECONDS) s"; \
	    $(FUZZ_BUILD)/$$f -max_total_time=$(FUZZ_SECONDS) $(FUZZ_RUN_OPTS) \
	        -dict=tests/fuzz/lm.dict -artifact_prefix=$(FUZZ_BUILD)/artifacts/$$f- \
	        $(FUZZ_BUILD)/corpus/$$f tests/fuzz/corpus/$$f || exit 1; \
	done

# ---- benchmark (bench/README.md) ----------------------------------------------------------
# lmcost against SymPy (derive) and plain Python integers (sweep, huge); prints the ratios.
bench: all
	sh bench/run.sh
