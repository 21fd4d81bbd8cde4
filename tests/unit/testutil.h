/*
 * testutil.h: helpers shared by the unit suites: known-answer vectors from
 * tests/vectors/<name>.json (jansson), hex decoding, temporary directories.
 * Paths are relative to the repository root, where `make test` runs.
 */
#ifndef CVD_TESTUTIL_H
#define CVD_TESTUTIL_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* tu_vectors loads tests/vectors/<name> (e.g. "merkle.json"); aborts the
 * test on failure. Free with json_decref. */
json_t *tu_vectors(const char *name);

/* tu_str: the string member key of obj; fails the test if absent. */
const char *tu_str(json_t *obj, const char *key);

/* tu_hex decodes a hex string into a malloc'd buffer; *len gets its size. */
uint8_t *tu_hex(const char *hex, size_t *len);

/* tu_hex32 decodes exactly 32 bytes of hex into out. */
void tu_hex32(const char *hex, uint8_t out[32]);

/* tu_tmpdir makes a fresh directory under $TMPDIR (or /tmp); returns a
 * malloc'd path. tu_rmrf removes it with everything below. */
char *tu_tmpdir(void);
void tu_rmrf(const char *path);

#endif
