/*
 * test_list.h: every Check suite of the project, in one place (like libuv's
 * test/test-list.h). Each suite_x() is defined in tests/unit/test_x.c.
 * main.c runs them all in this order, each case in its own process.
 */
#ifndef CVD_TEST_LIST_H
#define CVD_TEST_LIST_H

#include <check.h>

#define TEST_SUITES(X) \
	X(encoding)    \
	X(keys)        \
	X(note)        \
	X(merkle)      \
	X(entry)       \
	X(checkpoint)  \
	X(policy)      \
	X(roster)      \
	X(rosterproof) \
	X(rules)       \
	X(cases)       \
	X(audit)       \
	X(sigbatch)    \
	X(receipt)     \
	X(seal)        \
	X(event)       \
	X(codec)       \
	X(vuln)        \
	X(client)      \
	X(store)       \
	X(fuzz_replay) \
	X(workflow)    \
	X(integration)

#define DECLARE_SUITE(name) Suite *suite_##name(void);
TEST_SUITES(DECLARE_SUITE)
#undef DECLARE_SUITE

#endif
