/*
 * fuzz.h: what every libFuzzer harness in tests/fuzz/ shares: the
 * LLVMFuzzerTestOneInput prototype, UBSan options that make every report
 * fatal, check() for invariants, fuzz_init() for the one-time sodium_init
 * (and a harness's own one-time setup), and the "policy" of
 * tests/vectors/cvdlog.json with fuzz_parse_policy(), for the harnesses that
 * verify checkpoints. Each harness is its own binary and includes this once,
 * so the functions are defined here: __ubsan_default_options, and static
 * ones (static inline where a harness may not use them).
 */
#ifndef CVD_FUZZ_H
#define CVD_FUZZ_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__ubsan_default_options(void);

/* The library objects are built in UBSan's recover mode: make every report
 * fatal so the fuzzer stops and saves the input. */
const char *__ubsan_default_options(void)
{
	return "halt_on_error=1:print_stacktrace=1";
}

/* check: a broken invariant traps, so the fuzzer saves the input. */
static void check(int ok)
{
	if (!ok)
		__builtin_trap();
}

/* fuzz_init runs before the first input only: sodium_init, then setup (if
 * not NULL) for what a harness prepares once. */
static void fuzz_init(void (*setup)(void))
{
	static int initialized;

	if (initialized)
		return;
	if (sodium_init() < 0)
		abort();
	if (setup != NULL)
		setup();
	initialized = 1;
}

/* tests/vectors/cvdlog.json "policy". */
#define FUZZ_POLICY_TEXT                                                                     \
	"cvdlog-policy/v1\n"                                                                 \
	"origin psirt.example.com/log\n"                                                     \
	"node psirt.example.com/log+bd2e07dd+AYE5dw6ofRdfVqNUZsNMfszLjYqRtO43ol32D1uPybOU\n" \
	"node psirt.example.com/log+d4728819+Ae1JKMYo0cLG6ukDOJBZlWEpWSc6XGP5NjbBRhSshzfR\n" \
	"quorum 2\n"

/* fuzz_parse_policy parses a fixed policy text into p, or aborts. */
static inline void fuzz_parse_policy(const char *text, struct policy *p)
{
	char err[256];

	if (policy_parse(text, strlen(text), p, err, sizeof(err)) != 0)
		abort();
}

#endif
