# cvdlog: plain GNU make. Every output goes under build/.
#   make run    install missing packages, build, start a local single node
#   make test   install missing packages, build with ASan+UBSan, run every test
#   make bench  build optimised, run the benchmarks
#   make deps   install missing Debian packages (scripts/deps.sh)
#   make fuzz   run each libFuzzer target for FUZZ_SECONDS (default 600)

CC ?= cc
CLANG ?= clang
PKGS = libsodium lmdb libuv libprotobuf-c
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(PKGS)) -lpthread
TEST_LIBS = $(shell pkg-config --libs check jansson)
WARN = -std=c11 -Wall -Wextra -Werror -Wshadow -Wvla -Wno-missing-field-initializers
DEFS = -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
INCS = -Ilib -Inode -Ibuild/proto
OPT_FLAGS = -O2 -g
SAN_FLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all

PROTO_C = build/proto/cvdlog.pb-c.c
PROTO_H = build/proto/cvdlog.pb-c.h
LIB_SRC = $(sort $(wildcard lib/*.c)) $(PROTO_C)
NODE_SRC = $(filter-out node/main.c,$(sort $(wildcard node/*.c)))
CLIENT_SRC = $(sort $(wildcard client/*.c))
UNIT_SRC = $(sort $(wildcard tests/unit/*.c))
FUZZ_SRC = $(sort $(wildcard tests/fuzz/fuzz_*.c))
BENCH_SRC = tests/bench/bench.c

.PHONY: all deps build build-test run test bench fuzz fuzz-build clean format lint
.DEFAULT_GOAL := all
all: build

deps:
	@sh scripts/deps.sh

build: deps
	@$(MAKE) --no-print-directory build/cvdlogd build/cvdlog

# The optimised programs too: -O2 finds warnings (e.g. maybe-uninitialized)
# that -O1 does not, and `make run` and `make bench` use them.
build-test: deps
	@$(MAKE) --no-print-directory build/asan/cvdlogd build/asan/cvdlog build/asan/unit \
	  build/asan/tamper fuzz-build build/cvdlogd build/cvdlog build/bench build/bench-audit

$(PROTO_C) $(PROTO_H): proto/cvdlog.proto
	@mkdir -p build/proto
	protoc-c --c_out=build/proto -Iproto proto/cvdlog.proto

# variant DIR, FLAGS: objects, library and programs built with FLAGS.
define variant
$(1)/obj/%.o: %.c $(PROTO_H)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(WARN) $$(DEFS) $$(INCS) $$(PKG_CFLAGS) $(2) -MMD -MP -c $$< -o $$@
$(1)/libcvdlog.a: $$(patsubst %.c,$(1)/obj/%.o,$$(LIB_SRC))
	@rm -f $$@
	ar rcs $$@ $$^
$(1)/libnode.a: $$(patsubst %.c,$(1)/obj/%.o,$$(NODE_SRC))
	@rm -f $$@
	ar rcs $$@ $$^
$(1)/cvdlogd: $(1)/obj/node/main.o $(1)/libnode.a $(1)/libcvdlog.a
	$$(CC) $(2) -o $$@ $$^ $$(PKG_LIBS)
$(1)/cvdlog: $$(patsubst %.c,$(1)/obj/%.o,$$(CLIENT_SRC)) $(1)/libcvdlog.a
	$$(CC) $(2) -o $$@ $$^ $$(PKG_LIBS)
-include $$(shell find $(1)/obj -name '*.d' 2>/dev/null)
endef
$(eval $(call variant,build,$(OPT_FLAGS)))
$(eval $(call variant,build/asan,$(SAN_FLAGS)))

# The client's pure helpers (client/case_parse.c) are unit-tested too.
build/asan/unit: $(patsubst %.c,build/asan/obj/%.o,$(UNIT_SRC)) build/asan/obj/client/case_parse.o build/asan/libnode.a build/asan/libcvdlog.a
	$(CC) $(SAN_FLAGS) -o $@ $^ $(PKG_LIBS) $(TEST_LIBS)

# The offline store tamperer of the audit tests (tests/integration/audit_tamper.sh).
build/asan/tamper: build/asan/obj/tests/tools/tamper.o build/asan/libnode.a build/asan/libcvdlog.a
	$(CC) $(SAN_FLAGS) -o $@ $^ $(PKG_LIBS)

build/bench: $(patsubst %.c,build/obj/%.o,$(BENCH_SRC)) build/libnode.a build/libcvdlog.a
	$(CC) $(OPT_FLAGS) -o $@ $^ $(PKG_LIBS) -lm

build/bench-audit: build/obj/tests/bench/bench_audit.o build/libcvdlog.a
	$(CC) $(OPT_FLAGS) -o $@ $^ $(PKG_LIBS)

# libFuzzer targets: clang, one binary per harness, linked with the library
# sources compiled for fuzzing (kept, with dependency files, so a changed
# header rebuilds them and the corpus replay never tests stale code).
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_LIB_OBJ = $(patsubst %.c,build/fuzz/obj/%.o,$(LIB_SRC))
FUZZ_BINS = $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ_SRC))
.SECONDARY: $(FUZZ_LIB_OBJ)
build/fuzz/obj/%.o: %.c $(PROTO_H)
	@mkdir -p $(dir $@)
	$(CLANG) $(WARN) $(DEFS) $(INCS) $(PKG_CFLAGS) -g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -MMD -MP -c $< -o $@
build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIB_OBJ)
	$(CLANG) $(WARN) $(DEFS) $(INCS) $(PKG_CFLAGS) $(FUZZ_FLAGS) -MMD -MP -MF $@.d -o $@ $< $(FUZZ_LIB_OBJ) $(PKG_LIBS)
# Harnesses of code outside lib/ link more: FUZZ_EXTRA_<name> lists those
# sources (compiled for fuzzing like the library), FUZZ_LIBS_<name> more
# libraries (fuzz_json checks the client's JSON reader against jansson).
FUZZ_EXTRA_NAMES = proof json
FUZZ_EXTRA_proof = client/case_parse.c
FUZZ_EXTRA_json = client/case_parse.c
FUZZ_LIBS_json = $(shell pkg-config --libs jansson)
fuzz_extra_obj = $(patsubst %.c,build/fuzz/obj/%.o,$(FUZZ_EXTRA_$(1)))
.SECONDARY: $(foreach n,$(FUZZ_EXTRA_NAMES),$(call fuzz_extra_obj,$(n)))
$(foreach n,$(FUZZ_EXTRA_NAMES),$(eval build/fuzz/fuzz_$(n): $(call fuzz_extra_obj,$(n))))
$(FUZZ_EXTRA_NAMES:%=build/fuzz/fuzz_%): build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIB_OBJ)
	$(CLANG) $(WARN) $(DEFS) $(INCS) $(PKG_CFLAGS) $(FUZZ_FLAGS) -MMD -MP -MF $@.d -o $@ $< \
	  $(call fuzz_extra_obj,$*) $(FUZZ_LIB_OBJ) $(PKG_LIBS) $(FUZZ_LIBS_$*)
-include $(shell find build/fuzz -name '*.d' 2>/dev/null)
fuzz-build: $(FUZZ_BINS)

run: build
	@sh scripts/run-local.sh

# Every test: Check runs the unit suites, the fuzz corpus replay and the
# integration scripts, and prints one summary line at the end.
test: build-test
	@CVDLOG_BIN=build/asan CVDLOG_FUZZ=build/fuzz CK_DEFAULT_TIMEOUT=60 build/asan/unit

bench: deps
	@$(MAKE) --no-print-directory build/cvdlogd build/cvdlog build/bench build/bench-audit
	@sh tests/bench/run.sh

FUZZ_SECONDS ?= 600
fuzz: deps
	@$(MAKE) --no-print-directory fuzz-build
	@for f in $(FUZZ_BINS); do n=$$(basename $$f); n=$${n#fuzz_}; mkdir -p build/fuzz/new/$$n; \
	  echo "fuzz: $$n for $(FUZZ_SECONDS)s"; \
	  $$f -max_total_time=$(FUZZ_SECONDS) -max_len=70000 -artifact_prefix=build/fuzz/crash-$$n- build/fuzz/new/$$n tests/fuzz/corpus/$$n || exit 1; done

lint:
	cppcheck --error-exitcode=1 --enable=warning,performance,portability --inline-suppr -q $(INCS) lib node client

format:
	clang-format -i lib/*.[ch] node/*.[ch] client/*.[ch] tests/unit/*.[ch] tests/fuzz/*.[ch] tests/bench/*.c \
	  tests/tools/*.c

clean:
	rm -rf build
