/*
 * test_seal.c: lib/seal.c, confidential fields (DESIGN.md section 9). The
 * commitment digest matches a known answer computed independently with
 * python3's hashlib; openings with a wrong salt, plaintext or digest fail
 * seal_opening_check. Payloads made for several readers (empty, short and
 * SEAL_PLAINTEXT_MAX plaintexts) encode, decode and open for every reader to
 * the committed plaintext, and never show the plaintext; a non-reader gets
 * CVD_ENOTFOUND; a changed ciphertext, nonce, digest or sealed key, and a
 * ciphertext that decrypts to something else than the commitment, fail to
 * open. seal_payload_create refuses bad reader sets. Regrant lets the new
 * reader open, refuses a reader twice, a grantor who is not a reader, a bad
 * key and a 513th reader. The decoder, fed hand-built protobuf, refuses
 * non-canonical encodings, unknown fields (top level and in a SealedKey),
 * wrong sizes, bad reader keys, duplicate, zero and too many readers, and
 * truncated input; mutated encodings are refused or re-encode to the same
 * bytes. The fetch message has the documented layout, its signature verifies
 * and fails for another nonce, digest, origin or key.
 */
#include <check.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entry.h"
#include "error.h"
#include "keys.h"
#include "seal.h"
#include "testutil.h"

#define CT_MAX (SEAL_PLAINTEXT_MAX + 48)

static const char PLAINTEXT[] = "CVE-2026-0001: heap overflow in the TLV parser";
#define PT     ((const uint8_t *)PLAINTEXT)
#define PT_LEN (sizeof(PLAINTEXT) - 1)
#define ORIGIN "psirt.example.com/log"

/* ---- Readers ---- */

#define NREADERS 5

struct readers {
	struct keys_signer *s[NREADERS];
	struct keys_verifier v[NREADERS];
};

static void readers_make(struct readers *r, const char *prefix)
{
	for (int i = 0; i < NREADERS; i++) {
		char name[64];
		snprintf(name, sizeof(name), "%s-%d", prefix, i);
		ck_assert_int_eq(keys_signer_generate(name, &r->s[i]), 0);
		keys_signer_verifier(r->s[i], &r->v[i]);
	}
}

static void readers_free(struct readers *r)
{
	for (int i = 0; i < NREADERS; i++)
		keys_signer_free(r->s[i]);
}

/* real_key: the type 0x01 verifier of an Ed25519 key drawn from *rng (the
 * secret half is dropped): a valid reader nobody here can open for. */
static void real_key(uint64_t *rng, unsigned i, struct keys_verifier *v)
{
	uint8_t seed[32], sk[crypto_sign_SECRETKEYBYTES];

	for (int w = 0; w < 4; w++) {
		uint64_t x = rng_next(rng);
		memcpy(seed + 8 * w, &x, 8);
	}
	memset(v, 0, sizeof(*v));
	crypto_sign_seed_keypair(v->kv_pk, sk, seed);
	snprintf(v->kv_name, sizeof(v->kv_name), "reader-%u", i);
	v->kv_type = KEYS_TYPE_ED25519;
	keys_id(v->kv_name, v->kv_type, v->kv_pk, v->kv_id);
}

/* fake_key: a type 0x01 verifier with random bytes as its public key (not
 * necessarily a curve point: the decoder checks no cryptography). */
static void fake_key(uint64_t *rng, unsigned i, struct keys_verifier *v)
{
	memset(v, 0, sizeof(*v));
	for (int w = 0; w < 4; w++) {
		uint64_t x = rng_next(rng);
		memcpy(v->kv_pk + 8 * w, &x, 8);
	}
	snprintf(v->kv_name, sizeof(v->kv_name), "fake-%u", i);
	v->kv_type = KEYS_TYPE_ED25519;
	keys_id(v->kv_name, v->kv_type, v->kv_pk, v->kv_id);
}

/* open_ok: reader opens p to exactly (salt, pt[0..len)). */
static void open_ok(const struct seal_payload *p, const struct keys_signer *reader,
                    const uint8_t salt[SEAL_SALT_LEN], const uint8_t *pt, size_t len)
{
	uint8_t got_salt[SEAL_SALT_LEN], *got = NULL;
	size_t got_len = 0;

	ck_assert_int_eq(seal_payload_open(p, reader, got_salt, &got, &got_len), 0);
	ck_assert_ptr_nonnull(got);
	ck_assert_uint_eq(got_len, len);
	if (len > 0)
		ck_assert_mem_eq(got, pt, len);
	ck_assert_mem_eq(got_salt, salt, SEAL_SALT_LEN);
	ck_assert_int_eq(seal_opening_check(p->sp_digest, got_salt, got, got_len), 0);
	sodium_free(got);
}

/* open_fails: reader's open returns want and hands out nothing. */
static void open_fails(const struct seal_payload *p, const struct keys_signer *reader, int want)
{
	uint8_t salt[SEAL_SALT_LEN], *got = (uint8_t *)"x";
	size_t got_len = 99;

	memset(salt, 0xee, sizeof(salt));
	ck_assert_int_eq(seal_payload_open(p, reader, salt, &got, &got_len), want);
	ck_assert_ptr_null(got);
	ck_assert_uint_eq(got_len, 0);
	for (size_t i = 0; i < SEAL_SALT_LEN; i++)
		HOT_ASSERT(uint, salt[i], 0xee);
}

/* contains: needle[0..m) occurs in hay[0..n). */
static int contains(const uint8_t *hay, size_t n, const uint8_t *needle, size_t m)
{
	for (size_t i = 0; i + m <= n; i++)
		if (memcmp(hay + i, needle, m) == 0)
			return 1;
	return 0;
}

/* ---- A tiny protobuf writer for hand-built payloads ---- */

struct pb {
	uint8_t *b;
	size_t n, cap;
};

static void pb_raw(struct pb *p, const void *data, size_t len)
{
	if (p->n + len > p->cap) {
		p->cap = (p->n + len) * 2 + 64;
		p->b = realloc(p->b, p->cap);
		ck_assert_ptr_nonnull(p->b);
	}
	if (len > 0)
		memcpy(p->b + p->n, data, len);
	p->n += len;
}

static void pb_varint(struct pb *p, uint64_t v)
{
	do {
		uint8_t c = (uint8_t)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
		pb_raw(p, &c, 1);
		v >>= 7;
	} while (v != 0);
}

static void pb_bytes(struct pb *p, unsigned field, const void *data, size_t len)
{
	pb_varint(p, (uint64_t)field << 3 | 2);
	pb_varint(p, len);
	pb_raw(p, data, len);
}

static void pb_uint(struct pb *p, unsigned field, uint64_t v)
{
	pb_varint(p, (uint64_t)field << 3 | 0);
	pb_varint(p, v);
}

static void pb_free(struct pb *p)
{
	free(p->b);
	memset(p, 0, sizeof(*p));
}

/* A payload's parts, each of a chosen length (from buffers with room). */
struct hand {
	uint8_t digest[64], nonce[64];
	size_t digest_len, nonce_len;
	uint8_t *ct;
	size_t ct_len;
	unsigned nkeys;
	char (*readers)[KEYS_VKEY_MAX + 1];
	uint8_t sealed[SEAL_MAX_READERS + 1][96];
	size_t sealed_len;
};

/* hand_from: the parts of p, all of the right sizes. Free with hand_free. */
static struct hand *hand_from(const struct seal_payload *p)
{
	struct hand *h = calloc(1, sizeof(*h));
	ck_assert_ptr_nonnull(h);
	memcpy(h->digest, p->sp_digest, SEAL_DIGEST_LEN);
	h->digest_len = SEAL_DIGEST_LEN;
	memcpy(h->nonce, p->sp_nonce, SEAL_NONCE_LEN);
	h->nonce_len = SEAL_NONCE_LEN;
	h->ct = calloc(1, CT_MAX + 64);
	ck_assert_ptr_nonnull(h->ct);
	memcpy(h->ct, p->sp_ciphertext, p->sp_ciphertext_len);
	h->ct_len = p->sp_ciphertext_len;
	h->readers = calloc(SEAL_MAX_READERS + 1, sizeof(*h->readers));
	ck_assert_ptr_nonnull(h->readers);
	h->nkeys = p->sp_nreaders;
	for (unsigned i = 0; i < p->sp_nreaders; i++) {
		keys_verifier_format(&p->sp_readers[i].sr_key, h->readers[i]);
		memcpy(h->sealed[i], p->sp_readers[i].sr_sealed, SEAL_SEALED_KEY_LEN);
	}
	h->sealed_len = SEAL_SEALED_KEY_LEN;
	return h;
}

static void hand_free(struct hand *h)
{
	free(h->ct);
	free(h->readers);
	free(h);
}

/* hand_key writes SealedKey i of h (as field 4) into out. */
static void hand_key(struct pb *out, const struct hand *h, unsigned i)
{
	struct pb k = {0};
	pb_bytes(&k, 1, h->readers[i], strlen(h->readers[i]));
	pb_bytes(&k, 2, h->sealed[i], h->sealed_len);
	pb_bytes(out, 4, k.b, k.n);
	pb_free(&k);
}

/* hand_encode: h's fields in canonical order. */
static void hand_encode(struct pb *out, const struct hand *h)
{
	out->n = 0;
	pb_bytes(out, 1, h->digest, h->digest_len);
	pb_bytes(out, 2, h->nonce, h->nonce_len);
	pb_bytes(out, 3, h->ct, h->ct_len);
	for (unsigned i = 0; i < h->nkeys; i++)
		hand_key(out, h, i);
}

/* decode: seal_payload_decode of a heap copy of exactly len bytes (so ASan
 * sees any read past the end). On failure, p is cleared and there is a
 * reason; on success there is none. Clears p when keep is NULL. */
static int decode(const uint8_t *buf, size_t len, const char **why, struct seal_payload *keep)
{
	uint8_t *c = malloc(len > 0 ? len : 1);
	struct seal_payload p;
	const char *w = "unset";
	int rc;

	ck_assert_ptr_nonnull(c);
	if (len > 0)
		memcpy(c, buf, len);
	rc = seal_payload_decode(c, len, &p, &w);
	if (rc != 0) {
		if (w == NULL || p.sp_nreaders != 0 || p.sp_readers != NULL ||
		    p.sp_ciphertext != NULL)
			ck_abort_msg("refused (%d) without a reason or with p not cleared", rc);
	} else if (w != NULL) {
		ck_abort_msg("accepted with a reason: %s", w);
	}
	free(c);
	if (why != NULL)
		*why = w;
	if (keep != NULL)
		*keep = p;
	else
		seal_payload_clear(&p);
	return rc;
}

/* refused: decoding b gives rc with a reason containing what. */
static void refused(const struct pb *b, int rc, const char *what, const char *label)
{
	const char *why = NULL;
	int got = decode(b->b, b->n, &why, NULL);
	ck_assert_msg(got == rc, "%s: decode returned %d, want %d (%s)", label, got, rc,
	              got != 0 ? why : "accepted");
	ck_assert_msg(strstr(why, what) != NULL, "%s: reason \"%s\" does not say \"%s\"", label,
	              why, what);
}

/* make_payload seals PLAINTEXT to the first n readers of r. */
static void make_payload(const struct readers *r, unsigned n, struct seal_payload *p,
                         uint8_t salt[SEAL_SALT_LEN])
{
	ck_assert_int_eq(seal_payload_create(PT, PT_LEN, r->v, n, p, salt), 0);
}

/* ---- Commitments and openings ---- */

/* Known answers, computed independently of libsodium and of this code:
 *   python3 -c 'import hashlib; print(hashlib.sha256(b"cvdlog/commit/v1\n"
 *       + bytes(range(32)) + b"CVE-2026-0001: heap overflow in the TLV parser")
 *       .hexdigest())'
 *   python3 -c 'import hashlib; print(hashlib.sha256(b"cvdlog/commit/v1\n"
 *       + bytes(32)).hexdigest())'
 */
START_TEST(commit_known_answer)
{
	uint8_t salt[SEAL_SALT_LEN], zero[SEAL_SALT_LEN] = {0}, d[SEAL_DIGEST_LEN], want[32];

	for (int i = 0; i < SEAL_SALT_LEN; i++)
		salt[i] = (uint8_t)i;
	seal_commit(salt, PT, PT_LEN, d);
	tu_hex32("d9cffa2b2fb12f4aee6f89c31f7e85ad3c4ce56cff19f163481628e9150b3bb3", want);
	ck_assert_mem_eq(d, want, 32);
	ck_assert_int_eq(seal_opening_check(want, salt, PT, PT_LEN), 0);

	/* An empty plaintext, which may be NULL. */
	tu_hex32("7956fa92690d048b534841c91c27fbf3b1be8d4c4bf1898d0ef6de3a3c64abb6", want);
	seal_commit(zero, NULL, 0, d);
	ck_assert_mem_eq(d, want, 32);
	seal_commit(zero, PT, 0, d);
	ck_assert_mem_eq(d, want, 32);
	ck_assert_int_eq(seal_opening_check(want, zero, NULL, 0), 0);
}
END_TEST

START_TEST(opening_check_refuses_wrong_salt_or_plaintext)
{
	uint8_t salt[SEAL_SALT_LEN], d[SEAL_DIGEST_LEN], buf[PT_LEN + 1];

	randombytes_buf(salt, sizeof(salt));
	seal_commit(salt, PT, PT_LEN, d);
	ck_assert_int_eq(seal_opening_check(d, salt, PT, PT_LEN), 0);

	/* Any bit of the salt. */
	for (size_t i = 0; i < SEAL_SALT_LEN * 8; i++) {
		salt[i / 8] ^= (uint8_t)(1u << (i % 8));
		HOT_ASSERT(int, seal_opening_check(d, salt, PT, PT_LEN), CVD_EINVAL);
		salt[i / 8] ^= (uint8_t)(1u << (i % 8));
	}
	/* Any byte of the plaintext, a shorter and a longer one. */
	memcpy(buf, PT, PT_LEN);
	for (size_t i = 0; i < PT_LEN; i++) {
		buf[i] ^= 0x20;
		HOT_ASSERT(int, seal_opening_check(d, salt, buf, PT_LEN), CVD_EINVAL);
		buf[i] ^= 0x20;
	}
	ck_assert_int_eq(seal_opening_check(d, salt, PT, PT_LEN - 1), CVD_EINVAL);
	buf[PT_LEN] = '\0';
	ck_assert_int_eq(seal_opening_check(d, salt, buf, PT_LEN + 1), CVD_EINVAL);
	ck_assert_int_eq(seal_opening_check(d, salt, NULL, 0), CVD_EINVAL);
	ck_assert_int_eq(seal_opening_check(d, salt, NULL, PT_LEN), CVD_EINVAL);
	/* The same opening against another digest. */
	d[31] ^= 1;
	ck_assert_int_eq(seal_opening_check(d, salt, PT, PT_LEN), CVD_EINVAL);
}
END_TEST

/* ---- Create, encode, decode, open ---- */

START_TEST(round_trip_several_readers)
{
	struct readers r;
	static const size_t lens[] = {0, 1, PT_LEN, 1000, SEAL_PLAINTEXT_MAX};
	uint8_t *big = malloc(SEAL_PLAINTEXT_MAX);

	ck_assert_ptr_nonnull(big);
	for (size_t i = 0; i < SEAL_PLAINTEXT_MAX; i++)
		big[i] = (uint8_t)('a' + i % 26);
	memcpy(big, PLAINTEXT, PT_LEN);
	readers_make(&r, "reader");
	for (size_t t = 0; t < sizeof(lens) / sizeof(lens[0]); t++) {
		struct seal_payload p, q;
		uint8_t salt[SEAL_SALT_LEN], d[SEAL_DIGEST_LEN], *enc = NULL, *enc2 = NULL;
		size_t len = lens[t], enc_len = 0, enc2_len = 0;

		ck_assert_int_eq(
		    seal_payload_create(len > 0 ? big : NULL, len, r.v, NREADERS, &p, salt), 0);
		seal_commit(salt, big, len, d);
		ck_assert_mem_eq(p.sp_digest, d, SEAL_DIGEST_LEN);
		ck_assert_uint_eq(p.sp_ciphertext_len, len + 48);
		ck_assert_uint_eq(p.sp_nreaders, NREADERS);
		for (unsigned i = 0; i < NREADERS; i++) {
			ck_assert_mem_eq(p.sp_readers[i].sr_key.kv_pk, r.v[i].kv_pk, KEYS_PK_LEN);
			ck_assert_int_eq(seal_payload_find_reader(&p, r.v[i].kv_pk), (int)i);
			/* A sealed box per reader, each with its own ephemeral key. */
			if (i > 0)
				ck_assert_mem_ne(p.sp_readers[i].sr_sealed,
				                 p.sp_readers[i - 1].sr_sealed,
				                 SEAL_SEALED_KEY_LEN);
		}

		ck_assert_int_eq(seal_payload_encode(&p, &enc, &enc_len), 0);
		/* What nodes hold shows neither the plaintext nor the salt. */
		if (len >= 16)
			ck_assert(!contains(enc, enc_len, big, 16));
		ck_assert(!contains(enc, enc_len, salt, SEAL_SALT_LEN));
		/* The encoder writes the canonical form, field by field. */
		struct hand *h = hand_from(&p);
		struct pb want = {0};
		hand_encode(&want, h);
		ck_assert_uint_eq(enc_len, want.n);
		ck_assert_mem_eq(enc, want.b, want.n);
		pb_free(&want);
		hand_free(h);

		ck_assert_int_eq(decode(enc, enc_len, NULL, &q), 0);
		ck_assert_mem_eq(q.sp_digest, p.sp_digest, SEAL_DIGEST_LEN);
		ck_assert_mem_eq(q.sp_nonce, p.sp_nonce, SEAL_NONCE_LEN);
		ck_assert_uint_eq(q.sp_ciphertext_len, p.sp_ciphertext_len);
		ck_assert_mem_eq(q.sp_ciphertext, p.sp_ciphertext, p.sp_ciphertext_len);
		ck_assert_uint_eq(q.sp_nreaders, NREADERS);
		for (unsigned i = 0; i < NREADERS; i++) {
			ck_assert_str_eq(q.sp_readers[i].sr_key.kv_name, r.v[i].kv_name);
			ck_assert_int_eq(q.sp_readers[i].sr_key.kv_type, KEYS_TYPE_ED25519);
			ck_assert_mem_eq(q.sp_readers[i].sr_key.kv_id, r.v[i].kv_id, KEYS_ID_LEN);
			ck_assert_mem_eq(q.sp_readers[i].sr_key.kv_pk, r.v[i].kv_pk, KEYS_PK_LEN);
			ck_assert_mem_eq(q.sp_readers[i].sr_sealed, p.sp_readers[i].sr_sealed,
			                 SEAL_SEALED_KEY_LEN);
		}
		ck_assert_int_eq(seal_payload_encode(&q, &enc2, &enc2_len), 0);
		ck_assert_uint_eq(enc2_len, enc_len);
		ck_assert_mem_eq(enc2, enc, enc_len);

		for (unsigned i = 0; i < NREADERS; i++) {
			open_ok(&p, r.s[i], salt, big, len);
			open_ok(&q, r.s[i], salt, big, len);
		}
		free(enc);
		free(enc2);
		seal_payload_clear(&p);
		seal_payload_clear(&q);
		ck_assert_ptr_null(q.sp_readers);
		ck_assert_uint_eq(q.sp_nreaders, 0);
	}

	/* Two payloads of the same plaintext share nothing (fresh salt, K and
	 * nonce); salt_out may be NULL, the reader learns the salt on opening. */
	struct seal_payload a, b;
	uint8_t sa[SEAL_SALT_LEN], sb[SEAL_SALT_LEN], *got = NULL;
	size_t got_len = 0;
	make_payload(&r, 1, &a, sa);
	make_payload(&r, 1, &b, NULL);
	ck_assert_mem_ne(a.sp_digest, b.sp_digest, SEAL_DIGEST_LEN);
	ck_assert_mem_ne(a.sp_nonce, b.sp_nonce, SEAL_NONCE_LEN);
	ck_assert_mem_ne(a.sp_ciphertext, b.sp_ciphertext, a.sp_ciphertext_len);
	ck_assert_int_eq(seal_payload_open(&b, r.s[0], sb, &got, &got_len), 0);
	ck_assert_uint_eq(got_len, PT_LEN);
	ck_assert_mem_eq(got, PT, PT_LEN);
	ck_assert_mem_ne(sa, sb, SEAL_SALT_LEN);
	ck_assert_int_eq(seal_opening_check(b.sp_digest, sb, got, got_len), 0);
	sodium_free(got);
	seal_payload_clear(&a);
	seal_payload_clear(&b);
	seal_payload_clear(NULL);
	readers_free(&r);
	free(big);
}
END_TEST

START_TEST(non_reader_gets_not_found)
{
	struct readers r;
	struct keys_signer *same_name = NULL;
	struct seal_payload p;
	uint8_t salt[SEAL_SALT_LEN];

	readers_make(&r, "reader");
	make_payload(&r, 2, &p, salt);
	open_ok(&p, r.s[0], salt, PT, PT_LEN);
	open_fails(&p, r.s[2], CVD_ENOTFOUND);
	open_fails(&p, r.s[4], CVD_ENOTFOUND);
	ck_assert_int_eq(seal_payload_find_reader(&p, r.v[2].kv_pk), -1);
	/* Readers are found by public key: the same name does not help. */
	ck_assert_int_eq(keys_signer_generate(r.v[0].kv_name, &same_name), 0);
	ck_assert_str_eq(keys_signer_name(same_name), r.v[0].kv_name);
	open_fails(&p, same_name, CVD_ENOTFOUND);
	keys_signer_free(same_name);
	seal_payload_clear(&p);
	readers_free(&r);
}
END_TEST

START_TEST(tampered_payload_does_not_open)
{
	struct readers r;
	struct seal_payload p;
	uint8_t salt[SEAL_SALT_LEN], saved[SEAL_SEALED_KEY_LEN];

	readers_make(&r, "reader");
	make_payload(&r, 3, &p, salt);
	const size_t n = p.sp_ciphertext_len;
	/* Salt, plaintext, tag: first and last byte of each. */
	const size_t ct_pos[] = {0, 31, 32, n - 17, n - 16, n - 1};
	for (size_t i = 0; i < sizeof(ct_pos) / sizeof(ct_pos[0]); i++) {
		p.sp_ciphertext[ct_pos[i]] ^= 0x04;
		open_fails(&p, r.s[1], CVD_EINVAL);
		p.sp_ciphertext[ct_pos[i]] ^= 0x04;
	}
	p.sp_ciphertext_len = n - 1;
	open_fails(&p, r.s[1], CVD_EINVAL);
	p.sp_ciphertext_len = 47;
	open_fails(&p, r.s[1], CVD_EINVAL);
	p.sp_ciphertext_len = n;
	for (size_t i = 0; i < SEAL_NONCE_LEN; i++) {
		p.sp_nonce[i] ^= 0x80;
		open_fails(&p, r.s[0], CVD_EINVAL);
		p.sp_nonce[i] ^= 0x80;
	}
	/* The digest is the associated data, and what the opening must match. */
	for (size_t i = 0; i < SEAL_DIGEST_LEN; i++) {
		p.sp_digest[i] ^= 0x01;
		open_fails(&p, r.s[2], CVD_EINVAL);
		p.sp_digest[i] ^= 0x01;
	}
	/* Reader 1's sealed key: ephemeral public key, box, MAC. */
	const size_t sk_pos[] = {0, 31, 32, 40, 63, 64, 79};
	for (size_t i = 0; i < sizeof(sk_pos) / sizeof(sk_pos[0]); i++) {
		p.sp_readers[1].sr_sealed[sk_pos[i]] ^= 0x10;
		open_fails(&p, r.s[1], CVD_EINVAL);
		open_ok(&p, r.s[0], salt, PT, PT_LEN); /* the others still open */
		p.sp_readers[1].sr_sealed[sk_pos[i]] ^= 0x10;
	}
	/* Reader 1's entry holding the key sealed to reader 0. */
	memcpy(saved, p.sp_readers[1].sr_sealed, sizeof(saved));
	memcpy(p.sp_readers[1].sr_sealed, p.sp_readers[0].sr_sealed, sizeof(saved));
	open_fails(&p, r.s[1], CVD_EINVAL);
	memcpy(p.sp_readers[1].sr_sealed, saved, sizeof(saved));
	/* Everything restored: all open again. */
	for (int i = 0; i < 3; i++)
		open_ok(&p, r.s[i], salt, PT, PT_LEN);
	seal_payload_clear(&p);
	readers_free(&r);
}
END_TEST

/* forge builds, without seal_payload_create, a payload for reader v whose
 * ciphertext is PLAINTEXT under a good K and whose digest (also the
 * associated data) commits to committed. */
static void forge(const struct keys_verifier *v, const char *committed, struct seal_payload *p,
                  uint8_t salt[SEAL_SALT_LEN])
{
	uint8_t k[SEAL_KEY_LEN], m[SEAL_SALT_LEN + PT_LEN], xpk[32];
	unsigned long long clen;

	memset(p, 0, sizeof(*p));
	crypto_aead_xchacha20poly1305_ietf_keygen(k);
	randombytes_buf(salt, SEAL_SALT_LEN);
	memcpy(m, salt, SEAL_SALT_LEN);
	memcpy(m + SEAL_SALT_LEN, PT, PT_LEN);
	seal_commit(salt, (const uint8_t *)committed, strlen(committed), p->sp_digest);
	randombytes_buf(p->sp_nonce, SEAL_NONCE_LEN);
	p->sp_ciphertext = malloc(sizeof(m) + 16);
	ck_assert_ptr_nonnull(p->sp_ciphertext);
	crypto_aead_xchacha20poly1305_ietf_encrypt(p->sp_ciphertext, &clen, m, sizeof(m),
	                                           p->sp_digest, SEAL_DIGEST_LEN, NULL, p->sp_nonce,
	                                           k);
	p->sp_ciphertext_len = (size_t)clen;
	p->sp_readers = calloc(1, sizeof(*p->sp_readers));
	ck_assert_ptr_nonnull(p->sp_readers);
	p->sp_readers[0].sr_key = *v;
	ck_assert_int_eq(crypto_sign_ed25519_pk_to_curve25519(xpk, v->kv_pk), 0);
	ck_assert_int_eq(crypto_box_seal(p->sp_readers[0].sr_sealed, k, SEAL_KEY_LEN, xpk), 0);
	p->sp_nreaders = 1;
}

/* A ciphertext that authenticates but holds something else than what the
 * digest commits to is refused, by open and by regrant. */
START_TEST(open_refuses_ciphertext_of_another_commitment)
{
	struct readers r;
	struct seal_payload p;
	uint8_t salt[SEAL_SALT_LEN];

	readers_make(&r, "reader");
	/* The forger's payload is well made when it commits to PLAINTEXT. */
	forge(&r.v[0], PLAINTEXT, &p, salt);
	open_ok(&p, r.s[0], salt, PT, PT_LEN);
	seal_payload_clear(&p);

	forge(&r.v[0], "CVE-2026-0001: a harmless typo", &p, salt);
	open_fails(&p, r.s[0], CVD_EINVAL);
	ck_assert_int_eq(seal_payload_regrant(&p, r.s[0], &r.v[1]), CVD_EINVAL);
	ck_assert_uint_eq(p.sp_nreaders, 1);
	seal_payload_clear(&p);
	readers_free(&r);
}
END_TEST

/* create_fails: seal_payload_create refuses with want and leaves p zeroed. */
static void create_fails(const uint8_t *pt, size_t len, const struct keys_verifier *v, unsigned n,
                         int want, const char *label)
{
	struct seal_payload p;
	uint8_t salt[SEAL_SALT_LEN];

	memset(&p, 0xa5, sizeof(p));
	memset(salt, 0xee, sizeof(salt));
	int rc = seal_payload_create(pt, len, v, n, &p, salt);
	ck_assert_msg(rc == want, "%s: create returned %d, want %d", label, rc, want);
	ck_assert_ptr_null(p.sp_readers);
	ck_assert_ptr_null(p.sp_ciphertext);
	ck_assert_uint_eq(p.sp_nreaders, 0);
	ck_assert_uint_eq(salt[0], 0xee);
}

START_TEST(create_refuses_bad_reader_sets)
{
	struct readers r;
	struct keys_verifier v[3], *many;
	struct seal_payload p;
	uint8_t salt[SEAL_SALT_LEN], *big = calloc(1, SEAL_PLAINTEXT_MAX + 1);
	uint64_t rng = 42;

	ck_assert_ptr_nonnull(big);
	readers_make(&r, "reader");
	create_fails(PT, PT_LEN, r.v, 0, CVD_EINVAL, "no reader");
	create_fails(PT, PT_LEN, NULL, 1, CVD_EINVAL, "NULL readers");
	create_fails(NULL, 1, r.v, 1, CVD_EINVAL, "NULL plaintext");
	create_fails(big, SEAL_PLAINTEXT_MAX + 1, r.v, 1, CVD_EINVAL, "plaintext too long");
	v[0] = r.v[0], v[1] = r.v[1], v[2] = r.v[0];
	create_fails(PT, PT_LEN, v, 3, CVD_EINVAL, "same key twice");
	v[2] = r.v[0];
	snprintf(v[2].kv_name, sizeof(v[2].kv_name), "alias");
	keys_id(v[2].kv_name, v[2].kv_type, v[2].kv_pk, v[2].kv_id);
	create_fails(PT, PT_LEN, v, 3, CVD_EINVAL, "same public key, another name");
	keys_verifier_as_cosigner(&r.v[2], &v[2]);
	create_fails(PT, PT_LEN, v, 3, CVD_EINVAL, "type 0x04 key");
	v[2] = r.v[2];
	v[2].kv_id[0] ^= 1;
	create_fails(PT, PT_LEN, v, 3, CVD_EINVAL, "wrong key ID");
	v[2] = r.v[2];
	snprintf(v[2].kv_name, sizeof(v[2].kv_name), "a+b");
	keys_id(v[2].kv_name, v[2].kv_type, v[2].kv_pk, v[2].kv_id);
	create_fails(PT, PT_LEN, v, 3, CVD_EINVAL, "bad name");
	/* The identity point: a well-formed key with no X25519 counterpart. */
	v[2] = r.v[2];
	memset(v[2].kv_pk, 0, KEYS_PK_LEN);
	v[2].kv_pk[0] = 1;
	keys_id(v[2].kv_name, v[2].kv_type, v[2].kv_pk, v[2].kv_id);
	create_fails(PT, PT_LEN, v, 3, CVD_EINVAL, "small-order key");
	v[2] = r.v[2];
	ck_assert_int_eq(seal_payload_create(PT, PT_LEN, v, 3, &p, salt), 0);
	seal_payload_clear(&p);

	/* SEAL_MAX_READERS readers, not one more. */
	many = calloc(SEAL_MAX_READERS + 1, sizeof(*many));
	ck_assert_ptr_nonnull(many);
	many[0] = r.v[0];
	for (unsigned i = 1; i <= SEAL_MAX_READERS; i++)
		real_key(&rng, i, &many[i]);
	create_fails(PT, PT_LEN, many, SEAL_MAX_READERS + 1, CVD_ETOOLARGE, "513 readers");
	ck_assert_int_eq(
	    seal_payload_create(big, SEAL_PLAINTEXT_MAX, many, SEAL_MAX_READERS, &p, salt), 0);
	ck_assert_uint_eq(p.sp_nreaders, SEAL_MAX_READERS);
	open_ok(&p, r.s[0], salt, big, SEAL_PLAINTEXT_MAX);
	seal_payload_clear(&p);
	free(many);
	free(big);
	readers_free(&r);
}
END_TEST

/* ---- Regrant ---- */

START_TEST(regrant_adds_a_reader)
{
	struct readers r, others;
	struct seal_payload p, q;
	struct keys_verifier alias, bad;
	uint8_t salt[SEAL_SALT_LEN], *enc = NULL, *enc2 = NULL;
	size_t enc_len = 0, enc2_len = 0;

	readers_make(&r, "reader");
	readers_make(&others, "other");
	make_payload(&r, 2, &p, salt);
	open_fails(&p, r.s[2], CVD_ENOTFOUND);
	ck_assert_int_eq(seal_payload_regrant(&p, r.s[0], &r.v[2]), 0);
	ck_assert_uint_eq(p.sp_nreaders, 3);
	ck_assert_int_eq(seal_payload_find_reader(&p, r.v[2].kv_pk), 2);
	open_ok(&p, r.s[2], salt, PT, PT_LEN);
	open_ok(&p, r.s[0], salt, PT, PT_LEN);
	open_ok(&p, r.s[1], salt, PT, PT_LEN);
	/* A granted reader can grant in turn. */
	ck_assert_int_eq(seal_payload_regrant(&p, r.s[2], &r.v[3]), 0);
	open_ok(&p, r.s[3], salt, PT, PT_LEN);
	ck_assert_int_eq(seal_payload_encode(&p, &enc, &enc_len), 0);
	ck_assert_int_eq(decode(enc, enc_len, NULL, &q), 0);
	ck_assert_uint_eq(q.sp_nreaders, 4);
	open_ok(&q, r.s[3], salt, PT, PT_LEN);
	seal_payload_clear(&q);

	/* Refusals leave p as it was. */
	ck_assert_int_eq(seal_payload_regrant(&p, r.s[1], &r.v[0]), CVD_EDUP);
	ck_assert_int_eq(seal_payload_regrant(&p, r.s[0], &r.v[3]), CVD_EDUP);
	ck_assert_int_eq(seal_payload_regrant(&p, r.s[0], &r.v[0]), CVD_EDUP);
	alias = r.v[1];
	snprintf(alias.kv_name, sizeof(alias.kv_name), "alias");
	keys_id(alias.kv_name, alias.kv_type, alias.kv_pk, alias.kv_id);
	ck_assert_int_eq(seal_payload_regrant(&p, r.s[0], &alias), CVD_EDUP);
	ck_assert_int_eq(seal_payload_regrant(&p, r.s[4], &r.v[4]), CVD_ENOTFOUND);
	ck_assert_int_eq(seal_payload_regrant(&p, others.s[0], &r.v[4]), CVD_ENOTFOUND);
	keys_verifier_as_cosigner(&r.v[4], &bad);
	ck_assert_int_eq(seal_payload_regrant(&p, r.s[0], &bad), CVD_EINVAL);
	bad = r.v[4];
	bad.kv_id[3] ^= 0x40;
	ck_assert_int_eq(seal_payload_regrant(&p, r.s[0], &bad), CVD_EINVAL);
	bad = r.v[4];
	memset(bad.kv_pk, 0, KEYS_PK_LEN);
	bad.kv_pk[0] = 1; /* the identity point */
	keys_id(bad.kv_name, bad.kv_type, bad.kv_pk, bad.kv_id);
	ck_assert_int_eq(seal_payload_regrant(&p, r.s[0], &bad), CVD_EINVAL);
	/* A grantor whose own sealed key is damaged cannot recover K. */
	p.sp_readers[0].sr_sealed[50] ^= 1;
	ck_assert_int_eq(seal_payload_regrant(&p, r.s[0], &r.v[4]), CVD_EINVAL);
	p.sp_readers[0].sr_sealed[50] ^= 1;
	ck_assert_int_eq(seal_payload_encode(&p, &enc2, &enc2_len), 0);
	ck_assert_uint_eq(enc2_len, enc_len);
	ck_assert_mem_eq(enc2, enc, enc_len);
	open_fails(&p, r.s[4], CVD_ENOTFOUND);

	free(enc);
	free(enc2);
	seal_payload_clear(&p);
	readers_free(&r);
	readers_free(&others);
}
END_TEST

START_TEST(regrant_refuses_a_513th_reader)
{
	struct readers r;
	struct keys_verifier *many = calloc(SEAL_MAX_READERS, sizeof(*many));
	struct seal_payload p;
	uint8_t salt[SEAL_SALT_LEN], *enc = NULL;
	size_t enc_len = 0;
	uint64_t rng = 7;

	ck_assert_ptr_nonnull(many);
	readers_make(&r, "reader");
	many[0] = r.v[0];
	for (unsigned i = 1; i < SEAL_MAX_READERS; i++)
		real_key(&rng, i, &many[i]);
	ck_assert_int_eq(seal_payload_create(PT, PT_LEN, many, SEAL_MAX_READERS - 1, &p, salt), 0);
	ck_assert_int_eq(seal_payload_regrant(&p, r.s[0], &many[SEAL_MAX_READERS - 1]), 0);
	ck_assert_uint_eq(p.sp_nreaders, SEAL_MAX_READERS);
	ck_assert_int_eq(seal_payload_regrant(&p, r.s[0], &r.v[1]), CVD_ETOOLARGE);
	ck_assert_uint_eq(p.sp_nreaders, SEAL_MAX_READERS);
	open_fails(&p, r.s[1], CVD_ENOTFOUND);
	/* The full payload still encodes and decodes. */
	ck_assert_int_eq(seal_payload_encode(&p, &enc, &enc_len), 0);
	ck_assert_int_eq(decode(enc, enc_len, NULL, NULL), 0);
	free(enc);
	seal_payload_clear(&p);
	free(many);
	readers_free(&r);
}
END_TEST

/* ---- The decoder ---- */

/* fixture: a payload of PLAINTEXT for readers 0 and 1 of r, as hand parts. */
static struct hand *fixture(struct readers *r, struct seal_payload *p, uint8_t salt[SEAL_SALT_LEN])
{
	readers_make(r, "reader");
	make_payload(r, 2, p, salt);
	return hand_from(p);
}

START_TEST(decode_refuses_non_canonical)
{
	struct readers r;
	struct seal_payload p;
	uint8_t salt[SEAL_SALT_LEN];
	struct hand *h = fixture(&r, &p, salt);
	struct pb b = {0}, k = {0};
	const char *canon = "not in canonical protobuf encoding";
	char withnul[KEYS_VKEY_MAX + 8];

	hand_encode(&b, h);
	ck_assert_int_eq(decode(b.b, b.n, NULL, NULL), 0);

	b.n = 0; /* nonce before digest */
	pb_bytes(&b, 2, h->nonce, h->nonce_len);
	pb_bytes(&b, 1, h->digest, h->digest_len);
	pb_bytes(&b, 3, h->ct, h->ct_len);
	hand_key(&b, h, 0);
	hand_key(&b, h, 1);
	refused(&b, CVD_EINVAL, canon, "fields out of order");

	b.n = 0; /* a key before the ciphertext */
	pb_bytes(&b, 1, h->digest, h->digest_len);
	pb_bytes(&b, 2, h->nonce, h->nonce_len);
	hand_key(&b, h, 0);
	pb_bytes(&b, 3, h->ct, h->ct_len);
	hand_key(&b, h, 1);
	refused(&b, CVD_EINVAL, canon, "key before ciphertext");

	b.n = 0; /* the digest twice: the last one would win */
	pb_bytes(&b, 1, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 32);
	hand_encode(&k, h);
	pb_raw(&b, k.b, k.n);
	refused(&b, CVD_EINVAL, canon, "digest twice");

	b.n = 0; /* a length as a two-byte varint */
	pb_varint(&b, 1 << 3 | 2);
	pb_raw(&b, "\xa0\x00", 2);
	pb_raw(&b, h->digest, 32);
	pb_bytes(&b, 2, h->nonce, h->nonce_len);
	pb_bytes(&b, 3, h->ct, h->ct_len);
	hand_key(&b, h, 0);
	hand_key(&b, h, 1);
	refused(&b, CVD_EINVAL, canon, "non-minimal length");

	b.n = 0; /* a tag as a two-byte varint */
	pb_raw(&b, "\x8a\x00\x20", 3);
	pb_raw(&b, h->digest, 32);
	pb_bytes(&b, 2, h->nonce, h->nonce_len);
	pb_bytes(&b, 3, h->ct, h->ct_len);
	hand_key(&b, h, 0);
	hand_key(&b, h, 1);
	refused(&b, CVD_EINVAL, canon, "non-minimal tag");

	/* In a SealedKey: the sealed key before the reader. */
	b.n = 0;
	pb_bytes(&b, 1, h->digest, h->digest_len);
	pb_bytes(&b, 2, h->nonce, h->nonce_len);
	pb_bytes(&b, 3, h->ct, h->ct_len);
	hand_key(&b, h, 0);
	k.n = 0;
	pb_bytes(&k, 2, h->sealed[1], h->sealed_len);
	pb_bytes(&k, 1, h->readers[1], strlen(h->readers[1]));
	pb_bytes(&b, 4, k.b, k.n);
	refused(&b, CVD_EINVAL, canon, "sealed key before reader");

	/* A reader key followed by a NUL and more text. */
	snprintf(withnul, sizeof(withnul), "%s", h->readers[1]);
	size_t wl = strlen(withnul);
	memcpy(withnul + wl, "\0junk", 5);
	b.n = 0;
	pb_bytes(&b, 1, h->digest, h->digest_len);
	pb_bytes(&b, 2, h->nonce, h->nonce_len);
	pb_bytes(&b, 3, h->ct, h->ct_len);
	hand_key(&b, h, 0);
	k.n = 0;
	pb_bytes(&k, 1, withnul, wl + 5);
	pb_bytes(&k, 2, h->sealed[1], h->sealed_len);
	pb_bytes(&b, 4, k.b, k.n);
	refused(&b, CVD_EINVAL, canon, "NUL in reader key");

	pb_free(&b);
	pb_free(&k);
	hand_free(h);
	seal_payload_clear(&p);
	readers_free(&r);
}
END_TEST

START_TEST(decode_refuses_unknown_fields)
{
	struct readers r;
	struct seal_payload p;
	uint8_t salt[SEAL_SALT_LEN];
	struct hand *h = fixture(&r, &p, salt);
	struct pb b = {0}, k = {0};

	hand_encode(&b, h);
	pb_uint(&b, 5, 1);
	refused(&b, CVD_EINVAL, "unknown fields in sealed payload", "field 5 at the end");

	b.n = 0;
	pb_bytes(&b, 1, h->digest, h->digest_len);
	pb_bytes(&b, 2, h->nonce, h->nonce_len);
	pb_bytes(&b, 3, h->ct, h->ct_len);
	pb_bytes(&b, 15, "x", 1);
	hand_key(&b, h, 0);
	hand_key(&b, h, 1);
	refused(&b, CVD_EINVAL, "unknown fields in sealed payload", "field 15 in the middle");

	for (int variant = 0; variant < 2; variant++) {
		b.n = 0;
		pb_bytes(&b, 1, h->digest, h->digest_len);
		pb_bytes(&b, 2, h->nonce, h->nonce_len);
		pb_bytes(&b, 3, h->ct, h->ct_len);
		hand_key(&b, h, 0);
		k.n = 0;
		pb_bytes(&k, 1, h->readers[1], strlen(h->readers[1]));
		pb_bytes(&k, 2, h->sealed[1], h->sealed_len);
		if (variant == 0)
			pb_uint(&k, 3, 0);
		else
			pb_bytes(&k, 1000, "vkey", 4);
		pb_bytes(&b, 4, k.b, k.n);
		refused(&b, CVD_EINVAL, "unknown fields in sealed key", "unknown field in key");
	}

	/* A known field with the wrong wire type; field number 0. */
	b.n = 0;
	pb_uint(&b, 1, 32);
	refused(&b, CVD_EINVAL, "not a cvdlog.SealedPayload", "digest as a varint");
	b.n = 0;
	pb_raw(&b, "\x02\x01x", 3);
	refused(&b, CVD_EINVAL, "not a cvdlog.SealedPayload", "field 0");

	pb_free(&b);
	pb_free(&k);
	hand_free(h);
	seal_payload_clear(&p);
	readers_free(&r);
}
END_TEST

START_TEST(decode_refuses_wrong_sizes)
{
	struct readers r;
	struct seal_payload p, q;
	uint8_t salt[SEAL_SALT_LEN];
	struct hand *h = fixture(&r, &p, salt);
	struct pb b = {0};
	static const size_t digest_lens[] = {0, 1, 31, 33, 64};
	static const size_t nonce_lens[] = {0, 12, 23, 25, 32};
	static const size_t sealed_lens[] = {0, 32, 48, 79, 81, 96};

	for (size_t i = 0; i < sizeof(digest_lens) / sizeof(digest_lens[0]); i++) {
		h->digest_len = digest_lens[i];
		hand_encode(&b, h);
		refused(&b, CVD_EINVAL, "digest must be 32 bytes", "digest size");
	}
	h->digest_len = SEAL_DIGEST_LEN;
	for (size_t i = 0; i < sizeof(nonce_lens) / sizeof(nonce_lens[0]); i++) {
		h->nonce_len = nonce_lens[i];
		hand_encode(&b, h);
		refused(&b, CVD_EINVAL, "nonce must be 24 bytes", "nonce size");
	}
	h->nonce_len = SEAL_NONCE_LEN;
	for (size_t i = 0; i < sizeof(sealed_lens) / sizeof(sealed_lens[0]); i++) {
		h->sealed_len = sealed_lens[i];
		hand_encode(&b, h);
		refused(&b, CVD_EINVAL, "sealed key must be 80 bytes", "sealed key size");
	}
	h->sealed_len = SEAL_SEALED_KEY_LEN;

	/* The ciphertext: salt and tag at least, SEAL_PLAINTEXT_MAX at most. */
	const size_t ct_lens[] = {0, 1, 47};
	for (size_t i = 0; i < sizeof(ct_lens) / sizeof(ct_lens[0]); i++) {
		h->ct_len = ct_lens[i];
		hand_encode(&b, h);
		refused(&b, CVD_EINVAL, "ciphertext shorter", "short ciphertext");
	}
	h->ct_len = CT_MAX + 1;
	hand_encode(&b, h);
	refused(&b, CVD_ETOOLARGE, "ciphertext longer", "long ciphertext");
	const size_t ok_lens[] = {48, 49, CT_MAX};
	for (size_t i = 0; i < sizeof(ok_lens) / sizeof(ok_lens[0]); i++) {
		h->ct_len = ok_lens[i];
		hand_encode(&b, h);
		ck_assert_int_eq(decode(b.b, b.n, NULL, &q), 0);
		ck_assert_uint_eq(q.sp_ciphertext_len, ok_lens[i]);
		ck_assert_mem_eq(q.sp_ciphertext, h->ct, ok_lens[i]);
		seal_payload_clear(&q);
	}

	/* Empty and oversized input. */
	ck_assert_int_eq(decode((const uint8_t *)"", 0, NULL, NULL), CVD_EINVAL);
	uint8_t *huge = calloc(1, 1 << 20);
	ck_assert_ptr_nonnull(huge);
	const char *why = NULL;
	ck_assert_int_eq(decode(huge, 1 << 20, &why, NULL), CVD_ETOOLARGE);
	ck_assert_str_eq(why, "sealed payload too large");
	free(huge);

	pb_free(&b);
	hand_free(h);
	seal_payload_clear(&p);
	readers_free(&r);
}
END_TEST

/* The largest valid payload (the longest ciphertext, SEAL_MAX_READERS readers
 * with the longest names) is accepted: the input size bound is not tighter
 * than the format. */
START_TEST(decode_accepts_the_largest_payload)
{
	struct readers r;
	struct seal_payload p, q;
	uint8_t salt[SEAL_SALT_LEN];
	struct hand *h = fixture(&r, &p, salt);
	struct pb b = {0};
	uint8_t *enc = NULL;
	size_t enc_len = 0;
	uint64_t rng = 99;

	h->ct_len = CT_MAX;
	h->nkeys = SEAL_MAX_READERS;
	for (unsigned i = 0; i < SEAL_MAX_READERS; i++) {
		struct keys_verifier v;
		fake_key(&rng, i, &v);
		memset(v.kv_name, 'n', KEYS_NAME_MAX);
		snprintf(v.kv_name + KEYS_NAME_MAX - 4, 5, "%04u", i);
		keys_id(v.kv_name, v.kv_type, v.kv_pk, v.kv_id);
		keys_verifier_format(&v, h->readers[i]);
		ck_assert_uint_eq(strlen(h->readers[i]), KEYS_VKEY_MAX);
	}
	hand_encode(&b, h);
	ck_assert_int_eq(decode(b.b, b.n, NULL, &q), 0);
	ck_assert_uint_eq(q.sp_nreaders, SEAL_MAX_READERS);
	ck_assert_uint_eq(strlen(q.sp_readers[SEAL_MAX_READERS - 1].sr_key.kv_name), KEYS_NAME_MAX);
	ck_assert_int_eq(seal_payload_encode(&q, &enc, &enc_len), 0);
	ck_assert_uint_eq(enc_len, b.n);
	ck_assert_mem_eq(enc, b.b, b.n);
	free(enc);
	seal_payload_clear(&q);
	pb_free(&b);
	hand_free(h);
	seal_payload_clear(&p);
	readers_free(&r);
}
END_TEST

START_TEST(decode_refuses_bad_reader_sets)
{
	struct readers r;
	struct seal_payload p, q;
	uint8_t salt[SEAL_SALT_LEN];
	struct hand *h = fixture(&r, &p, salt);
	struct pb b = {0};
	struct keys_verifier v;
	char good[KEYS_VKEY_MAX + 1];
	uint64_t rng = 5;

	snprintf(good, sizeof(good), "%s", h->readers[1]);
	/* Reader texts that are not a type 0x01 verifier key. */
	const char *bad[] = {
	    "",
	    "alice",
	    "psirt.example.com/log+bd2e07dd+AYE5dw6ofRdfVqNUZsNMfszLjYqRtO43ol32D1uPybOU\n",
	    "psirt.example.com/log+BD2E07DD+AYE5dw6ofRdfVqNUZsNMfszLjYqRtO43ol32D1uPybOU",
	    "psirt.example.com/log+bd2e07de+AYE5dw6ofRdfVqNUZsNMfszLjYqRtO43ol32D1uPybOU",
	    "witness.example+7e81f231+BAOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4",
	    "PRIVATE+KEY+reporter+8d7af334+AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEB",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(h->readers[1], KEYS_VKEY_MAX + 1, "%s", bad[i]);
		hand_encode(&b, h);
		refused(&b, CVD_EINVAL, "reader must be a type 0x01 verifier key", bad[i]);
	}
	/* This reader's own key as a tlog-cosignature (0x04) key. */
	keys_verifier_as_cosigner(&r.v[1], &v);
	keys_verifier_format(&v, h->readers[1]);
	hand_encode(&b, h);
	refused(&b, CVD_EINVAL, "reader must be a type 0x01 verifier key", "0x04 key");
	/* Sanity: the node key of cvdlog.json is a good reader. */
	snprintf(h->readers[1], KEYS_VKEY_MAX + 1, "%s", bad[2]);
	h->readers[1][strlen(h->readers[1]) - 1] = '\0';
	hand_encode(&b, h);
	ck_assert_int_eq(decode(b.b, b.n, NULL, NULL), 0);

	/* Zero readers. */
	h->nkeys = 0;
	hand_encode(&b, h);
	refused(&b, CVD_EINVAL, "no reader", "zero readers");
	/* The same key twice, and the same public key under another name. */
	h->nkeys = 3;
	snprintf(h->readers[1], KEYS_VKEY_MAX + 1, "%s", good);
	memcpy(h->readers[2], h->readers[0], sizeof(h->readers[0]));
	memcpy(h->sealed[2], h->sealed[1], SEAL_SEALED_KEY_LEN);
	hand_encode(&b, h);
	refused(&b, CVD_EINVAL, "appears twice", "same key twice");
	v = r.v[0];
	snprintf(v.kv_name, sizeof(v.kv_name), "alias");
	keys_id(v.kv_name, v.kv_type, v.kv_pk, v.kv_id);
	keys_verifier_format(&v, h->readers[2]);
	hand_encode(&b, h);
	refused(&b, CVD_EINVAL, "appears twice", "same public key, other name");
	keys_verifier_format(&r.v[2], h->readers[2]);
	hand_encode(&b, h);
	ck_assert_int_eq(decode(b.b, b.n, NULL, NULL), 0);

	/* SEAL_MAX_READERS readers are fine, one more is too many. */
	for (unsigned i = 2; i <= SEAL_MAX_READERS; i++) {
		fake_key(&rng, i, &v);
		keys_verifier_format(&v, h->readers[i]);
		memcpy(h->sealed[i], h->sealed[1], SEAL_SEALED_KEY_LEN);
	}
	h->nkeys = SEAL_MAX_READERS;
	hand_encode(&b, h);
	ck_assert_int_eq(decode(b.b, b.n, NULL, &q), 0);
	ck_assert_uint_eq(q.sp_nreaders, SEAL_MAX_READERS);
	/* The real readers still open what the decoder gave back. */
	open_ok(&q, r.s[1], salt, PT, PT_LEN);
	seal_payload_clear(&q);
	h->nkeys = SEAL_MAX_READERS + 1;
	hand_encode(&b, h);
	refused(&b, CVD_ETOOLARGE, "more than SEAL_MAX_READERS", "513 readers");

	pb_free(&b);
	hand_free(h);
	seal_payload_clear(&p);
	readers_free(&r);
}
END_TEST

/* Every prefix of an encoding, and every one-byte change of it, is refused
 * or decodes to a payload that re-encodes to exactly those bytes; a reader
 * never opens a changed payload to anything but the committed plaintext. */
START_TEST(decode_truncated_and_mutated)
{
	struct readers r;
	struct seal_payload p, q;
	uint8_t salt[SEAL_SALT_LEN], *enc = NULL, *buf;
	size_t n = 0;
	static const uint8_t xors[] = {0x01, 0x80, 0xff};
	unsigned accepted = 0, refused_open = 0, cut_ok = 0;

	readers_make(&r, "reader");
	make_payload(&r, 2, &p, salt);
	ck_assert_int_eq(seal_payload_encode(&p, &enc, &n), 0);
	buf = malloc(n);
	ck_assert_ptr_nonnull(buf);

	for (size_t cut = 0; cut < n; cut++) {
		if (decode(enc, cut, NULL, &q) == 0) {
			/* Only a cut between the two keys leaves a valid payload. */
			ck_assert_uint_eq(q.sp_nreaders, 1);
			ck_assert_int_eq(seal_payload_find_reader(&q, r.v[0].kv_pk), 0);
			cut_ok++;
		}
		seal_payload_clear(&q);
	}
	ck_assert_uint_eq(cut_ok, 1);

	for (size_t pos = 0; pos < n; pos++) {
		for (size_t x = 0; x < sizeof(xors); x++) {
			uint8_t *out = NULL, salt2[SEAL_SALT_LEN], *pt = NULL;
			size_t out_len = 0, pt_len = 0;

			memcpy(buf, enc, n);
			buf[pos] ^= xors[x];
			if (decode(buf, n, NULL, &q) != 0)
				continue;
			accepted++;
			ck_assert_int_eq(seal_payload_encode(&q, &out, &out_len), 0);
			if (out_len != n || memcmp(out, buf, n) != 0)
				ck_abort_msg("byte %zu ^ 0x%02x: re-encoding differs", pos,
				             xors[x]);
			free(out);
			int rc = seal_payload_open(&q, r.s[0], salt2, &pt, &pt_len);
			if (rc == 0) {
				HOT_ASSERT(uint, pt_len, PT_LEN);
				HOT_ASSERT_MEM(pt, PT, PT_LEN);
				HOT_ASSERT_MEM(salt2, salt, SEAL_SALT_LEN);
				sodium_free(pt);
			} else {
				HOT_ASSERT(int, rc, CVD_EINVAL);
				refused_open++;
			}
			seal_payload_clear(&q);
		}
	}
	/* Changes inside digest, nonce, ciphertext and sealed keys decode. */
	ck_assert_uint_ge(accepted, 3 * (SEAL_DIGEST_LEN + SEAL_NONCE_LEN + PT_LEN));
	ck_assert_uint_ge(refused_open, 3 * (SEAL_DIGEST_LEN + SEAL_NONCE_LEN + PT_LEN));
	free(buf);
	free(enc);
	seal_payload_clear(&p);
	readers_free(&r);
}
END_TEST

/* encode_fails: seal_payload_encode refuses p with CVD_EINVAL. */
static void encode_fails(const struct seal_payload *p, const char *label)
{
	uint8_t *out = (uint8_t *)"x";
	size_t len = 99;

	ck_assert_msg(seal_payload_encode(p, &out, &len) == CVD_EINVAL, "%s: encoded", label);
	ck_assert_ptr_null(out);
	ck_assert_uint_eq(len, 0);
}

START_TEST(encode_refuses_what_decode_would)
{
	struct readers r;
	struct seal_payload p;
	struct keys_verifier saved;
	uint8_t salt[SEAL_SALT_LEN], *out = NULL;
	size_t len = 0;

	readers_make(&r, "reader");
	make_payload(&r, 3, &p, salt);
	saved = p.sp_readers[2].sr_key;

	p.sp_nreaders = 0;
	encode_fails(&p, "no reader");
	p.sp_nreaders = SEAL_MAX_READERS + 1;
	encode_fails(&p, "too many readers");
	p.sp_nreaders = 3;
	p.sp_ciphertext_len = 47;
	encode_fails(&p, "short ciphertext");
	p.sp_ciphertext_len = CT_MAX + 1;
	encode_fails(&p, "long ciphertext");
	p.sp_ciphertext_len = PT_LEN + 48;
	p.sp_readers[2].sr_key = p.sp_readers[0].sr_key;
	encode_fails(&p, "same reader twice");
	keys_verifier_as_cosigner(&saved, &p.sp_readers[2].sr_key);
	encode_fails(&p, "type 0x04 reader");
	p.sp_readers[2].sr_key = saved;
	p.sp_readers[2].sr_key.kv_id[1] ^= 1;
	encode_fails(&p, "wrong key ID");
	p.sp_readers[2].sr_key = saved;
	memset(p.sp_readers[2].sr_key.kv_name, 'x', sizeof(saved.kv_name));
	encode_fails(&p, "name without NUL");
	p.sp_readers[2].sr_key = saved;
	ck_assert_int_eq(seal_payload_encode(&p, &out, &len), 0);
	ck_assert_int_eq(decode(out, len, NULL, NULL), 0);
	free(out);
	seal_payload_clear(&p);
	readers_free(&r);
}
END_TEST

/* ---- Fetch ---- */

START_TEST(fetch_message_and_signature)
{
	struct readers r;
	uint8_t nonce[SEAL_CHALLENGE_LEN], digest[SEAL_DIGEST_LEN], sig[KEYS_SIG_LEN], *msg = NULL;
	uint8_t want[256];
	size_t len = 0, wn = 0;
	const uint8_t *pk;

	readers_make(&r, "reader");
	pk = r.v[0].kv_pk;
	randombytes_buf(nonce, sizeof(nonce));
	randombytes_buf(digest, sizeof(digest));

	/* "cvdlog/fetch/v1\n" || origin || "\n" || nonce || digest */
	memcpy(want, "cvdlog/fetch/v1\n" ORIGIN "\n", 16 + strlen(ORIGIN) + 1);
	wn = 16 + strlen(ORIGIN) + 1;
	memcpy(want + wn, nonce, 32);
	memcpy(want + wn + 32, digest, 32);
	wn += 64;
	ck_assert_int_eq(seal_fetch_msg(ORIGIN, nonce, digest, &msg, &len), 0);
	ck_assert_uint_eq(len, wn);
	ck_assert_mem_eq(msg, want, wn);

	ck_assert_int_eq(seal_fetch_sign(r.s[0], ORIGIN, nonce, digest, sig), 0);
	ck_assert_int_eq(keys_verify(pk, msg, len, sig), 0);
	ck_assert_int_eq(seal_fetch_verify(pk, ORIGIN, nonce, digest, sig), 0);
	free(msg);

	/* Another nonce, digest, origin, key or signature. */
	for (size_t i = 0; i < SEAL_CHALLENGE_LEN; i++) {
		nonce[i] ^= 0x08;
		HOT_ASSERT(int, seal_fetch_verify(pk, ORIGIN, nonce, digest, sig), CVD_EBADSIG);
		nonce[i] ^= 0x08;
	}
	for (size_t i = 0; i < SEAL_DIGEST_LEN; i++) {
		digest[i] ^= 0x08;
		HOT_ASSERT(int, seal_fetch_verify(pk, ORIGIN, nonce, digest, sig), CVD_EBADSIG);
		digest[i] ^= 0x08;
	}
	ck_assert_int_eq(seal_fetch_verify(pk, ORIGIN, digest, nonce, sig), CVD_EBADSIG);
	ck_assert_int_eq(seal_fetch_verify(pk, ORIGIN "2", nonce, digest, sig), CVD_EBADSIG);
	ck_assert_int_eq(seal_fetch_verify(pk, "psirt.example.com/lo", nonce, digest, sig),
	                 CVD_EBADSIG);
	ck_assert_int_eq(seal_fetch_verify(pk, "other.example/log", nonce, digest, sig),
	                 CVD_EBADSIG);
	ck_assert_int_eq(seal_fetch_verify(r.v[1].kv_pk, ORIGIN, nonce, digest, sig), CVD_EBADSIG);
	sig[10] ^= 1;
	ck_assert_int_eq(seal_fetch_verify(pk, ORIGIN, nonce, digest, sig), CVD_EBADSIG);
	sig[10] ^= 1;
	ck_assert_int_eq(seal_fetch_verify(pk, ORIGIN, nonce, digest, sig), 0);

	/* Origins that are not log origins. */
	char longest[ENTRY_ORIGIN_MAX + 2];
	memset(longest, 'o', sizeof(longest) - 1);
	longest[sizeof(longest) - 1] = '\0';
	const char *bad[] = {"", "a b", "a+b", "log\n", longest};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		msg = (uint8_t *)"x";
		ck_assert_int_eq(seal_fetch_msg(bad[i], nonce, digest, &msg, &len), CVD_EINVAL);
		ck_assert_ptr_null(msg);
		ck_assert_int_eq(seal_fetch_sign(r.s[0], bad[i], nonce, digest, sig), CVD_EINVAL);
		ck_assert_int_eq(seal_fetch_verify(pk, bad[i], nonce, digest, sig), CVD_EBADSIG);
	}
	ck_assert_int_eq(seal_fetch_msg(NULL, nonce, digest, &msg, &len), CVD_EINVAL);
	/* The longest origin is fine. */
	longest[ENTRY_ORIGIN_MAX] = '\0';
	ck_assert_int_eq(seal_fetch_sign(r.s[0], longest, nonce, digest, sig), 0);
	ck_assert_int_eq(seal_fetch_verify(pk, longest, nonce, digest, sig), 0);
	ck_assert_int_eq(seal_fetch_msg(longest, nonce, digest, &msg, &len), 0);
	ck_assert_uint_eq(len, 16 + ENTRY_ORIGIN_MAX + 1 + 64);
	ck_assert_int_eq(keys_verify(pk, msg, len, sig), 0);
	free(msg);
	readers_free(&r);
}
END_TEST

Suite *suite_seal(void)
{
	Suite *s = suite_create("seal");
	TCase *tc;

	tc = tcase_create("commitment");
	tcase_add_test(tc, commit_known_answer);
	tcase_add_test(tc, opening_check_refuses_wrong_salt_or_plaintext);
	suite_add_tcase(s, tc);

	tc = tcase_create("payload");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, round_trip_several_readers);
	tcase_add_test(tc, non_reader_gets_not_found);
	tcase_add_test(tc, tampered_payload_does_not_open);
	tcase_add_test(tc, open_refuses_ciphertext_of_another_commitment);
	tcase_add_test(tc, create_refuses_bad_reader_sets);
	tcase_add_test(tc, encode_refuses_what_decode_would);
	suite_add_tcase(s, tc);

	tc = tcase_create("regrant");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, regrant_adds_a_reader);
	tcase_add_test(tc, regrant_refuses_a_513th_reader);
	suite_add_tcase(s, tc);

	tc = tcase_create("decode");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, decode_refuses_non_canonical);
	tcase_add_test(tc, decode_refuses_unknown_fields);
	tcase_add_test(tc, decode_refuses_wrong_sizes);
	tcase_add_test(tc, decode_accepts_the_largest_payload);
	tcase_add_test(tc, decode_refuses_bad_reader_sets);
	tcase_add_test(tc, decode_truncated_and_mutated);
	suite_add_tcase(s, tc);

	tc = tcase_create("fetch");
	tcase_add_test(tc, fetch_message_and_signature);
	suite_add_tcase(s, tc);
	return s;
}
