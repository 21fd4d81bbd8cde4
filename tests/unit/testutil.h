/*
 * testutil.h: helpers shared by the unit suites: hot-loop assertions and a
 * fixed-seed random generator, known-answer vectors from
 * tests/vectors/<name>.json (jansson), hex decoding, key and policy parsing
 * that fails the test on error, signed-note bodies, temporary directories.
 * Paths are relative to the repository root, where `make test` runs.
 */
#ifndef CVD_TESTUTIL_H
#define CVD_TESTUTIL_H

#include <check.h>
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct keys_signer;
struct keys_verifier;
struct policy;

/* Check's ck_assert_* records a mark point on every success (a pipe write when
 * cases run forked), so hot loops test first and call ck_assert_* only to
 * report a failure, with both values. */
#define HOT_ASSERT(type, a, b)                       \
	do {                                         \
		if (!((a) == (b)))                   \
			ck_assert_##type##_eq(a, b); \
	} while (0)
#define HOT_ASSERT_MEM(a, b, n)                    \
	do {                                       \
		if (memcmp(a, b, n) != 0)          \
			ck_assert_mem_eq(a, b, n); \
	} while (0)

/* splitmix64: a fixed-seed generator, so every run tests the same inputs. */
static inline uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* tu_vectors loads tests/vectors/<name> (e.g. "merkle.json"); aborts the
 * test on failure. Free with json_decref. */
json_t *tu_vectors(const char *name);

/* tu_str: the string member key of obj; fails the test if absent. */
const char *tu_str(json_t *obj, const char *key);

/* tu_hex decodes a hex string into a malloc'd buffer; *len gets its size. */
uint8_t *tu_hex(const char *hex, size_t *len);

/* tu_hex32 decodes exactly 32 bytes of hex into out. */
void tu_hex32(const char *hex, uint8_t out[32]);

/* tu_skey parses a private key text (free with keys_signer_free), tu_vkey a
 * verifier key text into v; either fails the test if the text is refused. */
struct keys_signer *tu_skey(const char *text);
void tu_vkey(const char *text, struct keys_verifier *v);

/* tu_vector_policy parses the "policy" member of cvdlog.json (j) into p;
 * fails the test if it is refused. */
void tu_vector_policy(json_t *j, struct policy *p);

/* tu_note_body returns the text part of a signed note: up to its first blank
 * line, with the newline before it (malloc'd). Fails the test if there is no
 * blank line. */
char *tu_note_body(const char *note);

/* tu_tmpdir makes a fresh directory under $TMPDIR (or /tmp); returns a
 * malloc'd path. tu_rmrf removes it with everything below. */
char *tu_tmpdir(void);
void tu_rmrf(const char *path);

/* A growing, NUL-terminated text buffer; start zeroed, free(b.s) after. */
struct tu_sb {
	char *s;
	size_t len, cap;
};

/* tu_sb_add appends n bytes; tu_sb_printf appends formatted text. */
void tu_sb_add(struct tu_sb *b, const char *s, size_t n);
void tu_sb_printf(struct tu_sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
