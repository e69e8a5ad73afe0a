# lmcost: build, test, install. Generated files go to build/ only.
# `make` builds build/liblmcost.a and build/lmcost; `make check` runs every test.

CC      ?= cc
PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS  ?= -O2 -g
ALL_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) -Werror $(CFLAGS) -Iinclude -Isrc -I$(BUILD)
GEN_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L $(CFLAGS) -Iinclude -Isrc -I$(BUILD) -Wno-unused-function
LDLIBS  := -lgmp

LIB_SRC := $(sort $(wildcard src/*.c))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
LM_LIB  := $(sort $(wildcard src/lib/*.lm))
LIB_OBJ := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/parser.o $(BUILD)/obj/lexer.o \
           $(BUILD)/obj/embedded.o
CLI_OBJ := $(CLI_SRC:src/cli/%.c=$(BUILD)/obj/cli/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps demo check check-fast check-asan install uninstall clean bench fuzz
all: $(BUILD)/lmcost

$(BUILD)/parser.c $(BUILD)/parser.h: grammar/parser.y
	@mkdir -p $(BUILD)
	bison -Wall -Werror --defines=$(BUILD)/parser.h -o $(BUILD)/parser.c $<

$(BUILD)/lexer.c $(BUILD)/lexer.h: grammar/lexer.l $(BUILD)/parser.h
	@mkdir -p $(BUILD)
	flex --header-file=$(BUILD)/lexer.h -o $(BUILD)/lexer.c $<

$(BUILD)/embedded.c: $(LM_LIB) tools/embed.sh
	@mkdir -p $(BUILD)
	sh tools/embed.sh $(LM_LIB) > $@

$(BUILD)/obj/%.o: src/%.c $(BUILD)/parser.h $(BUILD)/lexer.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/obj/cli/%.o: src/cli/%.c $(BUILD)/parser.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/obj/parser.o: $(BUILD)/parser.c $(BUILD)/lexer.h
	@mkdir -p $(dir $@)
	$(CC) $(GEN_CFLAGS) -c -o $@ $<

$(BUILD)/obj/lexer.o: $(BUILD)/lexer.c $(BUILD)/parser.h
	@mkdir -p $(dir $@)
	$(CC) $(GEN_CFLAGS) -Wno-sign-compare -c -o $@ $<

$(BUILD)/obj/embedded.o: $(BUILD)/embedded.c
	@mkdir -p $(dir $@)
	$(CC) $(GEN_CFLAGS) -c -o $@ $<

$(BUILD)/liblmcost.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/lmcost: $(CLI_OBJ) $(BUILD)/liblmcost.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/liblmcost.a $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/testlib.h $(BUILD)/liblmcost.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(BUILD)/liblmcost.a $(LDLIBS)

-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/obj/cli/*.d)

clean:
	rm -rf build build-asan
