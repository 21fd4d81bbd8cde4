/*
 * main.c: runs every Check suite listed in test_list.h and ends with Check's
 * summary line. CK_RUN_SUITE / CK_RUN_CASE select a subset as usual.
 */
#include <stdlib.h>

#include <sodium.h>

#include "test_list.h"

int main(void)
{
	SRunner *sr;
	int failed;

	if (sodium_init() < 0)
		return 2;
	sr = srunner_create(NULL);
#define ADD_SUITE(name) srunner_add_suite(sr, suite_##name());
	TEST_SUITES(ADD_SUITE)
#undef ADD_SUITE
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
