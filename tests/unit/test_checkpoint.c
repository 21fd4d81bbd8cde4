/*
 * test_checkpoint.c: lib/checkpoint.c, the three-line tlog-checkpoint body.
 * The bodies of cvdlog.json's checkpoint and note.json's cosigned body parse
 * to the right origin, size and root and are re-formatted byte for byte;
 * random and extreme values round-trip; missing or extra lines, extension
 * lines, empty or overlong origins, non-canonical sizes and roots, CR and
 * control characters are rejected; every truncation and extension fails, and
 * every single-byte mutation either fails or re-formats to itself (one
 * spelling per checkpoint).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkpoint.h"
#include "encoding.h"
#include "error.h"
#include "testutil.h"

static int parse_str(const char *s, struct checkpoint *c)
{
	return checkpoint_parse_body(s, strlen(s), c);
}

START_TEST(vector_bodies)
{
	json_t *cv = tu_vectors("cvdlog.json");
	json_t *nt = tu_vectors("note.json");
	char *body = tu_note_body(tu_str(cv, "checkpoint"));
	const char *cbody = tu_str(json_object_get(nt, "cosignature"), "body");
	struct checkpoint c;
	uint8_t root[MERKLE_HASH_LEN];
	char out[CHECKPOINT_BODY_MAX];

	ck_assert_int_eq(parse_str(body, &c), 0);
	ck_assert_str_eq(c.c_origin, tu_str(cv, "origin"));
	ck_assert_uint_eq(c.c_size, 5);
	tu_hex32(tu_str(cv, "root_hex"), root);
	ck_assert_mem_eq(c.c_root, root, MERKLE_HASH_LEN);
	ck_assert_uint_eq(checkpoint_body(&c, out), strlen(body));
	ck_assert_str_eq(out, body);

	/* Built from the parts, not from a parse. */
	struct checkpoint b;
	memset(&b, 0, sizeof(b));
	snprintf(b.c_origin, sizeof(b.c_origin), "%s", tu_str(cv, "origin"));
	b.c_size = 5;
	memcpy(b.c_root, root, MERKLE_HASH_LEN);
	ck_assert_uint_eq(checkpoint_body(&b, out), strlen(body));
	ck_assert_str_eq(out, body);

	ck_assert_int_eq(parse_str(cbody, &c), 0);
	ck_assert_str_eq(c.c_origin, "example.org/log");
	ck_assert_uint_eq(c.c_size, 8);
	ck_assert_uint_eq(checkpoint_body(&c, out), strlen(cbody));
	ck_assert_str_eq(out, cbody);
	free(body);
	json_decref(cv);
	json_decref(nt);
}
END_TEST

START_TEST(round_trip_random_and_extremes)
{
	uint64_t seed = 99;
	char out[CHECKPOINT_BODY_MAX];

	for (int t = 0; t < 2000; t++) {
		struct checkpoint c, d;
		memset(&c, 0, sizeof(c));
		size_t olen = 1 + rng_next(&seed) % ENTRY_ORIGIN_MAX;
		if (t == 0)
			olen = ENTRY_ORIGIN_MAX;
		for (size_t i = 0; i < olen; i++)
			c.c_origin[i] = (char)('!' + rng_next(&seed) % 94);
		c.c_size = t == 0 ? UINT64_MAX : t == 1 ? 0 : rng_next(&seed) >> (t % 64);
		for (int i = 0; i < MERKLE_HASH_LEN; i++)
			c.c_root[i] = (uint8_t)rng_next(&seed);
		size_t n = checkpoint_body(&c, out);
		HOT_ASSERT(uint, n, strlen(out));
		HOT_ASSERT(uint, (unsigned)(n < CHECKPOINT_BODY_MAX), 1);
		HOT_ASSERT(int, checkpoint_parse_body(out, n, &d), 0);
		if (strcmp(c.c_origin, d.c_origin) != 0)
			ck_assert_str_eq(c.c_origin, d.c_origin);
		HOT_ASSERT(uint, c.c_size, d.c_size);
		if (memcmp(c.c_root, d.c_root, MERKLE_HASH_LEN) != 0)
			ck_assert_mem_eq(c.c_root, d.c_root, MERKLE_HASH_LEN);
	}
}
END_TEST

START_TEST(rejects_malformed_bodies)
{
	struct checkpoint c;
	const char *r = "p8AapNuFvCgipsSWgvj5T8GK6oAAbtpJp1MBEOPxwzw=";
	char buf[1024];
	const char *bad[] = {
	    "",
	    "\n",
	    "o\n5\n",                                                   /* two lines */
	    "o\n5\n%s",                                                 /* no final newline */
	    "o\n5\n%s\n\n",                                             /* blank fourth line */
	    "o\n5\n%s\nextension\n",                                    /* extension line */
	    "\n5\n%s\n",                                                /* empty origin */
	    "o\n\n%s\n",                                                /* empty size */
	    "o\n05\n%s\n",                                              /* leading zero */
	    "o\n-5\n%s\n",                                              /* sign */
	    "o\n+5\n%s\n",                                              /* sign */
	    "o\n5 \n%s\n",                                              /* trailing space */
	    "o\n 5\n%s\n",                                              /* leading space */
	    "o\n0x5\n%s\n",                                             /* hex */
	    "o\n18446744073709551616\n%s\n",                            /* 2^64 */
	    "o\n5\n\n",                                                 /* empty root */
	    "o\n5\np8AapNuFvCgipsSWgvj5T8GK6oAAbtpJp1MBEOPxwzw\n",      /* unpadded */
	    "o\n5\np8AapNuFvCgipsSWgvj5T8GK6oAAbtpJp1MBEOPxwzx=\n",     /* trailing bits */
	    "o\n5\np8AapNuFvCgipsSWgvj5T8GK6oAAbtpJp1MBEOPxw===\n",     /* 31 bytes */
	    "o\n5\np8AapNuFvCgipsSWgvj5T8GK6oAAbtpJp1MBEOPxwzw=AAAA\n", /* 35 bytes */
	    "o\n5\nAAAA\n",                                             /* 3 bytes */
	    "o\n5\np8Aa_NuFvCgipsSWgvj5T8GK6oAAbtpJp1MBEOPxwzw=\n",     /* URL alphabet */
	    "o\n5\n%s \n",                                              /* trailing space */
	    "o\r\n5\n%s\n",                                             /* CR */
	    "o\n5\r\n%s\n",                                             /* CR */
	    "o\n5\n%s\r\n",                                             /* CR */
	    "o\tx\n5\n%s\n",                                            /* tab */
	    "o\x7f\n5\n%s\n",                                           /* DEL */
	    "o\xff\n5\n%s\n",                                           /* not UTF-8 */
	    "5\n%s\n",                                                  /* no origin line */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(buf, sizeof(buf), bad[i], r);
		ck_assert_msg(parse_str(buf, &c) == CVD_EINVAL, "accepted bad body #%zu: %s", i,
		              buf);
	}
	snprintf(buf, sizeof(buf), "o\n5\n%s\n", r);
	ck_assert_int_eq(parse_str(buf, &c), 0);
	/* A NUL inside is a control character, not the end. */
	char nb[64];
	memcpy(nb, "o\0\n5\n", 5);
	memcpy(nb + 5, r, 44);
	nb[49] = '\n';
	ck_assert_int_eq(checkpoint_parse_body(nb, 50, &c), CVD_EINVAL);
	nb[1] = 'x';
	ck_assert_int_eq(checkpoint_parse_body(nb, 50, &c), 0);
	ck_assert_str_eq(c.c_origin, "ox");

	/* Origins of ENTRY_ORIGIN_MAX bytes, and one more. */
	char origin[ENTRY_ORIGIN_MAX + 2];
	memset(origin, 'o', sizeof(origin));
	origin[ENTRY_ORIGIN_MAX] = 0;
	snprintf(buf, sizeof(buf), "%s\n5\n%s\n", origin, r);
	ck_assert_int_eq(parse_str(buf, &c), 0);
	ck_assert_uint_eq(strlen(c.c_origin), ENTRY_ORIGIN_MAX);
	origin[ENTRY_ORIGIN_MAX] = 'o';
	origin[ENTRY_ORIGIN_MAX + 1] = 0;
	snprintf(buf, sizeof(buf), "%s\n5\n%s\n", origin, r);
	ck_assert_int_eq(parse_str(buf, &c), CVD_EINVAL);
	/* Non-ASCII origins are fine when UTF-8. */
	snprintf(buf, sizeof(buf), "r\xc3\xa9sum\xc3\xa9.example/log\n5\n%s\n", r);
	ck_assert_int_eq(parse_str(buf, &c), 0);
}
END_TEST

START_TEST(truncated_extended_mutated_bodies)
{
	json_t *cv = tu_vectors("cvdlog.json");
	char *body = tu_note_body(tu_str(cv, "checkpoint"));
	size_t len = strlen(body);
	char *buf = malloc(len + 8), out[CHECKPOINT_BODY_MAX];
	struct checkpoint c;
	unsigned accepted = 0;

	for (size_t cut = 0; cut < len; cut++) {
		char *p = malloc(cut + 1);
		memcpy(p, body, cut);
		HOT_ASSERT(int, checkpoint_parse_body(p, cut, &c), CVD_EINVAL);
		free(p);
	}
	const char *tails[] = {"\n", "x\n", "x", " ", "\r\n", "5\n"};
	for (size_t t = 0; t < sizeof(tails) / sizeof(tails[0]); t++) {
		snprintf(buf, len + 8, "%s%s", body, tails[t]);
		ck_assert_msg(parse_str(buf, &c) == CVD_EINVAL, "accepted extension #%zu", t);
	}
	for (size_t pos = 0; pos < len; pos++) {
		for (int v = 0; v < 256; v++) {
			if (v == (unsigned char)body[pos])
				continue;
			memcpy(buf, body, len);
			buf[pos] = (char)v;
			if (checkpoint_parse_body(buf, len, &c) != 0)
				continue;
			accepted++;
			size_t n = checkpoint_body(&c, out);
			if (n != len || memcmp(out, buf, len) != 0)
				ck_abort_msg("byte %zu = 0x%02x accepted as a second spelling", pos,
				             v);
		}
	}
	ck_assert_uint_gt(accepted, 0); /* origin, size and root bytes can change */
	free(buf);
	free(body);
	json_decref(cv);
}
END_TEST

Suite *suite_checkpoint(void)
{
	Suite *s = suite_create("checkpoint");
	TCase *tc;

	tc = tcase_create("vectors_and_round_trip");
	tcase_add_test(tc, vector_bodies);
	tcase_add_test(tc, round_trip_random_and_extremes);
	suite_add_tcase(s, tc);

	tc = tcase_create("hostile_input");
	tcase_add_test(tc, rejects_malformed_bodies);
	tcase_add_test(tc, truncated_extended_mutated_bodies);
	suite_add_tcase(s, tc);
	return s;
}
