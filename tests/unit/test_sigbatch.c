/*
 * test_sigbatch.c: lib/edwards.c against libsodium's ed25519 API, and
 * lib/sigbatch.c against crypto_sign_verify_detached.
 *
 * The curve: the constants and base point; k*B against
 * crypto_scalarmult_ed25519_base_noclamp, P + Q against
 * crypto_core_ed25519_add, L*B = 0, sums of many multiples against
 * libsodium's one at a time, split into bit ranges; decoding: every
 * string accepted re-encodes to itself and adds like libsodium's point,
 * y >= p and off-curve strings are refused, small-order points found.
 *
 * The batch: RFC 8032 section 7.1 tests 1 to 3; 300 signatures by 7 keys
 * over a shared prefix; each way one signature can be bad (S, R, message,
 * key, S + L, R or A of small order, a non-canonical R) fails the batch,
 * and sigbatch_check names exactly that one. A signature whose R carries
 * a small-order component, made with the key, passes the cofactored batch
 * and fails libsodium: the one documented difference (sigbatch.h); its
 * verdict is the same alone, beside a good signature and in a batch that a
 * bad one makes fail.
 */
#include <check.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "edwards.h"
#include "error.h"
#include "sigbatch.h"
#include "testutil.h"

static const uint8_t ORDER[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
                                  0xa2, 0xde, 0xf9, 0xde, 0x14, 0,    0,    0,    0,    0,    0,
                                  0,    0,    0,    0,    0,    0,    0,    0,    0,    0x10};

static uint64_t seed = 0x5eedba7c4ull;

static void rand_bytes(uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)rng_next(&seed);
}

/* rand_scalar: uniform below L, from 64 fixed-seed bytes. */
static void rand_scalar(uint8_t s[32])
{
	uint8_t w[64];
	rand_bytes(w, sizeof(w));
	crypto_core_ed25519_scalar_reduce(s, w);
}

/* rand_point: a point of the prime-order group (libsodium's hash to curve). */
static void rand_point(uint8_t enc[32], struct edwards_point *p)
{
	uint8_t r[32];
	rand_bytes(r, sizeof(r));
	ck_assert_int_eq(crypto_core_ed25519_from_uniform(enc, r), 0);
	ck_assert_int_eq(edwards_decode(p, enc), 0);
}

static void mul(struct edwards_point *r, const struct edwards_point *p, const uint8_t s[32])
{
	ck_assert_int_eq(edwards_msm(r, p, (const uint8_t(*)[32])s, 1, 0, 256), 0);
}

START_TEST(curve_against_libsodium)
{
	struct edwards_point b, p, q, r;
	uint8_t e[32], want[32], s[32], one[32] = {1};

	/* the base point is libsodium's 1*B, and L*B is the identity */
	edwards_base(&b);
	edwards_encode(e, &b);
	ck_assert_int_eq(crypto_scalarmult_ed25519_base_noclamp(want, one), 0);
	ck_assert_mem_eq(e, want, 32);
	ck_assert(!edwards_is_identity(&b));
	mul(&p, &b, ORDER);
	ck_assert(edwards_is_identity(&p));
	for (int i = 0; i < 64; i++) {
		rand_scalar(s);
		mul(&p, &b, s);
		edwards_encode(e, &p);
		ck_assert_int_eq(crypto_scalarmult_ed25519_base_noclamp(want, s), 0);
		HOT_ASSERT_MEM(e, want, 32);
	}
	/* additions and doublings, aliasing the output */
	for (int i = 0; i < 64; i++) {
		uint8_t pe[32], qe[32];
		rand_point(pe, &p);
		rand_point(qe, &q);
		edwards_add(&r, &p, &q);
		edwards_encode(e, &r);
		ck_assert_int_eq(crypto_core_ed25519_add(want, pe, qe), 0);
		HOT_ASSERT_MEM(e, want, 32);
		/* p + p is 2p, q doubled in place */
		edwards_add(&p, &p, &p);
		edwards_double(&q, &q);
		edwards_encode(e, &q);
		ck_assert_int_eq(crypto_core_ed25519_add(want, qe, qe), 0);
		HOT_ASSERT_MEM(e, want, 32);
		edwards_encode(e, &p);
		ck_assert_int_eq(crypto_core_ed25519_add(want, pe, pe), 0);
		HOT_ASSERT_MEM(e, want, 32);
		ck_assert(!edwards_is_identity(&r));
	}
}
END_TEST

START_TEST(decoding)
{
	struct edwards_point p, t, b;
	uint8_t s[32], e[32], want[32], be[32];
	int decoded = 0, torsion = 0;

	edwards_base(&b);
	edwards_encode(be, &b);
	for (int i = 0; i < 400; i++) {
		rand_bytes(s, sizeof(s));
		s[31] &= 0x7f;
		if (i % 2)
			s[31] |= 0x80;
		if (edwards_decode(&p, s) != 0) {
			/* libsodium refuses it too */
			ck_assert_int_ne(crypto_core_ed25519_add(want, s, be), 0);
			continue;
		}
		decoded++;
		edwards_encode(e, &p);
		HOT_ASSERT_MEM(e, s, 32);
		/* the x found is right: the point adds as libsodium's does */
		edwards_add(&t, &p, &b);
		edwards_encode(e, &t);
		ck_assert_int_eq(crypto_core_ed25519_add(want, s, be), 0);
		HOT_ASSERT_MEM(e, want, 32);
		/* L*P is the identity or of small order (most points off the
		 * prime-order group have a small-order component) */
		mul(&t, &p, ORDER);
		ck_assert(edwards_has_small_order(&t));
		ck_assert(!edwards_has_small_order(&p));
		torsion += !edwards_is_identity(&t);
	}
	ck_assert_int_gt(decoded, 120); /* about half the strings are points */
	ck_assert_int_gt(torsion, decoded / 2);

	/* y = p + 1, the non-canonical twin of y = 1 */
	memset(s, 0xff, 32);
	s[0] = 0xee;
	s[31] = 0x7f;
	ck_assert_int_eq(edwards_decode(&p, s), CVD_EINVAL);
	/* y = 1 is the identity; with the sign bit set (x = 0) it is refused */
	memset(s, 0, 32);
	s[0] = 1;
	ck_assert_int_eq(edwards_decode(&p, s), 0);
	ck_assert(edwards_is_identity(&p));
	ck_assert(edwards_has_small_order(&p));
	s[31] = 0x80;
	ck_assert_int_eq(edwards_decode(&p, s), CVD_EINVAL);
	/* y = -1: the point (0, -1) of order 2 */
	memset(s, 0xff, 32);
	s[0] = 0xec;
	s[31] = 0x7f;
	ck_assert_int_eq(edwards_decode(&p, s), 0);
	ck_assert(!edwards_is_identity(&p));
	ck_assert(edwards_has_small_order(&p));
}
END_TEST

/* Sums of many multiples, whole and split at bit 128, against libsodium one
 * multiple at a time. */
START_TEST(multi_scalar)
{
	enum { N = 70 };
	struct edwards_point *p = malloc(N * sizeof(*p)), r, lo, hi;
	uint8_t(*s)[32] = malloc(N * 32), enc[N][32], acc[32], t[32], e[32];
	size_t sizes[] = {1, 2, 3, 17, N};

	for (size_t k = 0; k < N; k++) {
		rand_point(enc[k], &p[k]);
		rand_scalar(s[k]);
	}
	s[3][0] = 0; /* some small and zero scalars */
	memset(s[4], 0, 32);
	memset(s[5], 0, 32);
	s[5][0] = 1;
	for (size_t z = 0; z < sizeof(sizes) / sizeof(*sizes); z++) {
		size_t n = sizes[z];
		int have = 0;
		for (size_t k = 0; k < n; k++) {
			if (crypto_scalarmult_ed25519_noclamp(t, s[k], enc[k]) != 0)
				continue; /* libsodium refuses 0 * P */
			if (have)
				ck_assert_int_eq(crypto_core_ed25519_add(acc, acc, t), 0);
			else
				memcpy(acc, t, 32);
			have = 1;
		}
		ck_assert_int_eq(edwards_msm(&r, p, (const uint8_t(*)[32])s, n, 0, 256), 0);
		edwards_encode(e, &r);
		ck_assert_mem_eq(e, acc, 32);
		ck_assert_int_eq(edwards_msm(&lo, p, (const uint8_t(*)[32])s, n, 0, 128), 0);
		ck_assert_int_eq(edwards_msm(&hi, p, (const uint8_t(*)[32])s, n, 128, 256), 0);
		for (int i = 0; i < 128; i++)
			edwards_double(&hi, &hi);
		edwards_add(&lo, &lo, &hi);
		edwards_encode(e, &lo);
		ck_assert_mem_eq(e, acc, 32);
	}
	/* no points: the identity */
	ck_assert_int_eq(edwards_msm(&r, p, (const uint8_t(*)[32])s, 0, 0, 256), 0);
	ck_assert(edwards_is_identity(&r));
	free(p);
	free(s);
}
END_TEST

/* ---- the batch -------------------------------------------------------- */

enum { NSIG = 300, NKEY = 7, MSGMAX = 200 };

struct signed_set {
	uint8_t pk[NKEY][32], sk[NKEY][64];
	uint8_t msg[NSIG][MSGMAX], sig[NSIG][64];
	struct sigbatch_item it[NSIG];
	uint8_t prefix[40];
	size_t prefix_len;
};

static struct signed_set *make_set(void)
{
	struct signed_set *ss = calloc(1, sizeof(*ss));
	uint8_t *m = malloc(sizeof(ss->prefix) + MSGMAX);

	ck_assert_ptr_nonnull(ss);
	memcpy(ss->prefix, "cvdlog/event/v1\ntest.example/log\n", 33);
	ss->prefix_len = 33;
	for (int k = 0; k < NKEY; k++) {
		uint8_t sd[32];
		rand_bytes(sd, sizeof(sd));
		crypto_sign_seed_keypair(ss->pk[k], ss->sk[k], sd);
	}
	for (int i = 0; i < NSIG; i++) {
		size_t len = i % 11 == 0 ? 0 : 1 + rng_next(&seed) % (MSGMAX - 1);
		rand_bytes(ss->msg[i], len);
		memcpy(m, ss->prefix, ss->prefix_len);
		memcpy(m + ss->prefix_len, ss->msg[i], len);
		crypto_sign_detached(ss->sig[i], NULL, m, ss->prefix_len + len, ss->sk[i % NKEY]);
		ss->it[i] = (struct sigbatch_item){ss->pk[i % NKEY], ss->sig[i], ss->msg[i], len};
	}
	free(m);
	return ss;
}

/* expect_only_bad: the batch fails, and sigbatch_check finds exactly i. */
static void expect_only_bad(struct signed_set *ss, size_t i, const char *what)
{
	signed char ok[NSIG];

	ck_assert_msg(sigbatch_verify(ss->prefix, ss->prefix_len, ss->it, NSIG) == CVD_EBADSIG,
	              "the batch passed with %s", what);
	ck_assert_int_eq(sigbatch_check(ss->prefix, ss->prefix_len, ss->it, NSIG, ok), 0);
	for (size_t k = 0; k < NSIG; k++)
		ck_assert_msg(ok[k] == (k != i), "%s: signature %zu judged %d", what, k, ok[k]);
}

START_TEST(batch_rfc8032)
{
	static const char *v[3][4] = {
	    {"d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
	     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e3"
	     "9701"
	     "cf9b46bd25bf5f0595bbe24655141438e7a100b"},
	    {"3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
	     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3"
	     "613d"
	     "0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
	    {"fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
	     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f"
	     "7609"
	     "84dc6594a7c15e9716ed28dc027beceea1ec40a"}};
	struct sigbatch_item it[3];
	uint8_t *buf[3][3];
	size_t len[3];

	for (int i = 0; i < 3; i++) {
		size_t l;
		buf[i][0] = tu_hex(v[i][0], &l);
		buf[i][1] = tu_hex(v[i][1], &len[i]);
		buf[i][2] = tu_hex(v[i][2], &l);
		it[i] = (struct sigbatch_item){buf[i][0], buf[i][2], buf[i][1], len[i]};
		ck_assert_int_eq(sigbatch_check_one(NULL, 0, &it[i]), 1);
		ck_assert_int_eq(sigbatch_verify(NULL, 0, &it[i], 1), 0);
	}
	ck_assert_int_eq(sigbatch_verify(NULL, 0, it, 3), 0);
	ck_assert_int_eq(sigbatch_verify(NULL, 0, it, 0), 0);
	buf[1][2][63] ^= 0x01; /* S of test 2 */
	ck_assert_int_eq(sigbatch_verify(NULL, 0, it, 3), CVD_EBADSIG);
	for (int i = 0; i < 3; i++)
		for (int k = 0; k < 3; k++)
			free(buf[i][k]);
}
END_TEST

START_TEST(batch_valid_and_each_bad_one)
{
	struct signed_set *ss = make_set();
	signed char ok[NSIG];
	uint8_t save[64], small[32];
	struct edwards_point p;

	ck_assert_int_eq(sigbatch_verify(ss->prefix, ss->prefix_len, ss->it, NSIG), 0);
	ck_assert_int_eq(sigbatch_check(ss->prefix, ss->prefix_len, ss->it, NSIG, ok), 0);
	for (int k = 0; k < NSIG; k++)
		ck_assert_int_eq(ok[k], 1);
	/* the prefix is part of the message */
	ck_assert_int_eq(sigbatch_verify(NULL, 0, ss->it, NSIG), CVD_EBADSIG);
	ck_assert_int_eq(sigbatch_verify(ss->prefix, ss->prefix_len - 1, ss->it, NSIG),
	                 CVD_EBADSIG);

	ss->sig[17][40] ^= 0x04; /* S */
	expect_only_bad(ss, 17, "a bit of S flipped");
	ss->sig[17][40] ^= 0x04;
	ss->sig[18][5] ^= 0x10; /* R */
	expect_only_bad(ss, 18, "a bit of R flipped");
	ss->sig[18][5] ^= 0x10;
	ss->msg[19][3] ^= 0x01;
	expect_only_bad(ss, 19, "a bit of the message flipped");
	ss->msg[19][3] ^= 0x01;
	ss->it[20].si_pk = ss->pk[(20 + 1) % NKEY];
	expect_only_bad(ss, 20, "another key");
	ss->it[20].si_pk = ss->pk[20 % NKEY];
	ss->it[21].si_msg_len--;
	expect_only_bad(ss, 21, "the message one byte short");
	ss->it[21].si_msg_len++;

	/* S + L: the same residue, not canonical; libsodium refuses it */
	memcpy(save, ss->sig[22], 64);
	{
		unsigned c = 0; /* S + L (L + S < 2^256 for S < L) */
		for (int k = 0; k < 32; k++) {
			c += (unsigned)save[32 + k] + ORDER[k];
			ss->sig[22][32 + k] = (uint8_t)c;
			c >>= 8;
		}
	}
	ck_assert_int_eq(sigbatch_check_one(ss->prefix, ss->prefix_len, &ss->it[22]), 0);
	expect_only_bad(ss, 22, "S + L");
	memcpy(ss->sig[22], save, 64);
	memcpy(save, ss->sig[23], 64);

	/* R of small order (the point (0, -1)), and a non-canonical R */
	memset(small, 0xff, 32);
	small[0] = 0xec;
	small[31] = 0x7f;
	memcpy(ss->sig[23], small, 32);
	expect_only_bad(ss, 23, "R of order 2");
	memset(ss->sig[23], 0xff, 32); /* y = p + 2 */
	ss->sig[23][0] = 0xef;
	ss->sig[23][31] = 0x7f;
	ck_assert_int_eq(edwards_decode(&p, ss->sig[23]), CVD_EINVAL);
	expect_only_bad(ss, 23, "R with y >= p");
	memcpy(ss->sig[23], save, 64);
	/* a key of small order */
	ss->it[25].si_pk = small;
	expect_only_bad(ss, 25, "a key of order 2");
	ss->it[25].si_pk = ss->pk[25 % NKEY];
	ck_assert_int_eq(sigbatch_verify(ss->prefix, ss->prefix_len, ss->it, NSIG), 0);
	free(ss);
}
END_TEST

/* Every signature by another key, some keys twice at a distance: each key
 * is found again (the hash table of sigbatch.c), a bad one still named. */
START_TEST(batch_distinct_keys)
{
	enum { N = 400 };
	static uint8_t pk[N][32], sk[N][64], msg[N][32], sig[N][64];
	struct sigbatch_item it[N];
	signed char ok[N];

	for (int i = 0; i < N; i++) {
		uint8_t sd[32];
		int k = i % 7 == 6 ? i - 5 : i; /* some keys again, later */
		rand_bytes(sd, sizeof(sd));
		if (k == i)
			crypto_sign_seed_keypair(pk[i], sk[i], sd);
		rand_bytes(msg[i], sizeof(msg[i]));
		crypto_sign_detached(sig[i], NULL, msg[i], sizeof(msg[i]), sk[k]);
		it[i] = (struct sigbatch_item){pk[k], sig[i], msg[i], sizeof(msg[i])};
	}
	ck_assert_int_eq(sigbatch_verify(NULL, 0, it, N), 0);
	it[137].si_pk = pk[138];
	ck_assert_int_eq(sigbatch_verify(NULL, 0, it, N), CVD_EBADSIG);
	ck_assert_int_eq(sigbatch_check(NULL, 0, it, N, ok), 0);
	for (int i = 0; i < N; i++)
		ck_assert_int_eq(ok[i], i != 137);
}
END_TEST

/* A signature made with the key whose R = rB + T, T of order 8: the
 * cofactored equation holds, the cofactorless one (libsodium) does not. */
START_TEST(batch_cofactored_difference)
{
	uint8_t pk[32], sk[64], sd[32], h[64], a[32], r[32], k[32], sig[64], re[32];
	uint8_t wide[64] = {0}, msg[] = "made on purpose", pe[32];
	struct edwards_point rb, t, b;
	struct sigbatch_item it;
	crypto_hash_sha512_state st;

	rand_bytes(sd, 32);
	crypto_sign_seed_keypair(pk, sk, sd);
	crypto_hash_sha512(h, sd, 32); /* the secret scalar a, as RFC 8032 5.1.5 */
	h[0] &= 248;
	h[31] &= 127;
	h[31] |= 64;
	memcpy(wide, h, 32);
	crypto_core_ed25519_scalar_reduce(a, wide);
	/* a point of order 8: L times a point off the prime-order group */
	for (;;) {
		rand_bytes(pe, 32);
		if (edwards_decode(&t, pe) != 0)
			continue;
		mul(&t, &t, ORDER); /* what is left is of small order */
		edwards_double(&b, &t);
		edwards_double(&b, &b);
		if (!edwards_is_identity(&b))
			break; /* 4t is not 0: t has order 8 */
	}
	rand_scalar(r);
	edwards_base(&b);
	mul(&rb, &b, r);
	for (int twist = 0; twist < 2; twist++) {
		struct edwards_point rr = rb;
		if (twist)
			edwards_add(&rr, &rb, &t);
		edwards_encode(re, &rr);
		crypto_hash_sha512_init(&st);
		crypto_hash_sha512_update(&st, re, 32);
		crypto_hash_sha512_update(&st, pk, 32);
		crypto_hash_sha512_update(&st, msg, sizeof(msg));
		crypto_hash_sha512_final(&st, h);
		crypto_core_ed25519_scalar_reduce(k, h);
		memcpy(sig, re, 32);
		crypto_core_ed25519_scalar_mul(sig + 32, k, a);
		crypto_core_ed25519_scalar_add(sig + 32, sig + 32, r);
		it = (struct sigbatch_item){pk, sig, msg, sizeof(msg)};
		/* twist 0 is an ordinary signature: both accept it */
		ck_assert_int_eq(sigbatch_check_one(NULL, 0, &it), !twist);
		ck_assert_int_eq(sigbatch_verify(NULL, 0, &it, 1), 0);
	}
	/* the verdict does not depend on the batch: alone, with a good
	 * signature, and in a batch that fails because of a bad one */
	{
		struct signed_set *ss = make_set();
		struct sigbatch_item mix[3] = {{pk, sig, msg, sizeof(msg)}, ss->it[0], ss->it[1]};
		uint8_t m0[MSGMAX + 40], m1[MSGMAX + 40];
		signed char ok[3];

		/* the set's signatures cover its prefix: give them their whole
		 * message, and break the third */
		memcpy(m0, ss->prefix, ss->prefix_len);
		memcpy(m0 + ss->prefix_len, ss->msg[0], ss->it[0].si_msg_len);
		memcpy(m1, ss->prefix, ss->prefix_len);
		memcpy(m1 + ss->prefix_len, ss->msg[1], ss->it[1].si_msg_len);
		mix[1].si_msg = m0;
		mix[1].si_msg_len += ss->prefix_len;
		mix[2].si_msg = m1;
		mix[2].si_msg_len += ss->prefix_len;
		ck_assert_int_eq(sigbatch_check(NULL, 0, mix, 2, ok), 0);
		ck_assert(ok[0] == 1 && ok[1] == 1);
		m1[3] ^= 1;
		ck_assert_int_eq(sigbatch_verify(NULL, 0, mix, 3), CVD_EBADSIG);
		ck_assert_int_eq(sigbatch_check(NULL, 0, mix, 3, ok), 0);
		ck_assert_msg(ok[0] == 1 && ok[1] == 1 && ok[2] == 0, "verdicts %d %d %d", ok[0],
		              ok[1], ok[2]);
		free(ss);
	}
}
END_TEST

Suite *suite_sigbatch(void)
{
	Suite *s = suite_create("sigbatch");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, curve_against_libsodium);
	tcase_add_test(tc, decoding);
	tcase_add_test(tc, multi_scalar);
	tcase_add_test(tc, batch_rfc8032);
	tcase_add_test(tc, batch_valid_and_each_bad_one);
	tcase_add_test(tc, batch_distinct_keys);
	tcase_add_test(tc, batch_cofactored_difference);
	suite_add_tcase(s, tc);
	return s;
}
