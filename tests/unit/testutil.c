/* testutil.c: shared helpers for the unit suites (see testutil.h). */
#define _XOPEN_SOURCE 700
#include "testutil.h"

#include <check.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "encoding.h"
#include "keys.h"
#include "policy.h"

json_t *tu_vectors(const char *name)
{
	char path[256];
	json_error_t err;
	json_t *j;

	snprintf(path, sizeof(path), "tests/vectors/%s", name);
	j = json_load_file(path, 0, &err);
	ck_assert_msg(j != NULL, "%s: %s (line %d)", path, err.text, err.line);
	return j;
}

const char *tu_str(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	ck_assert_msg(json_is_string(v), "vector member %s missing", key);
	return json_string_value(v);
}

uint8_t *tu_hex(const char *hex, size_t *len)
{
	size_t n = strlen(hex) / 2;
	uint8_t *out = malloc(n + 1);
	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(enc_unhex(out, n, hex, strlen(hex)), 0);
	*len = n;
	return out;
}

void tu_hex32(const char *hex, uint8_t out[32])
{
	ck_assert_int_eq(enc_unhex(out, 32, hex, strlen(hex)), 0);
}

struct keys_signer *tu_skey(const char *text)
{
	struct keys_signer *k = NULL;
	ck_assert_int_eq(keys_signer_parse(text, strlen(text), &k), 0);
	return k;
}

void tu_vkey(const char *text, struct keys_verifier *v)
{
	ck_assert_int_eq(keys_verifier_parse(text, strlen(text), v), 0);
}

void tu_vector_policy(json_t *j, struct policy *p)
{
	const char *text = tu_str(j, "policy");
	char err[256];

	ck_assert_int_eq(policy_parse(text, strlen(text), p, err, sizeof(err)), 0);
}

char *tu_note_body(const char *note)
{
	const char *sep = strstr(note, "\n\n");
	ck_assert_ptr_nonnull(sep);
	size_t n = (size_t)(sep - note) + 1;
	char *b = malloc(n + 1);
	memcpy(b, note, n);
	b[n] = 0;
	return b;
}

char *tu_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *path = malloc(512);
	ck_assert_ptr_nonnull(path);
	snprintf(path, 512, "%s/cvdlog-test-XXXXXX", base != NULL ? base : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(path));
	return path;
}

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

void tu_rmrf(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

void tu_sb_add(struct tu_sb *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		ck_assert_ptr_nonnull(b->s);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void tu_sb_printf(struct tu_sb *b, const char *fmt, ...)
{
	va_list ap;
	char small[256], *big = NULL;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	ck_assert_int_ge(n, 0);
	if ((size_t)n >= sizeof(small)) {
		big = malloc((size_t)n + 1);
		ck_assert_ptr_nonnull(big);
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	tu_sb_add(b, big != NULL ? big : small, (size_t)n);
	free(big);
}
