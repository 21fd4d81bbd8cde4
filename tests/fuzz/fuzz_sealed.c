/*
 * fuzz_sealed.c: libFuzzer harness for sealed payloads (lib/seal.c; DESIGN.md
 * section 9). The input is the bytes of a cvdlog.SealedPayload as a node gets
 * it with a submission, or a reader with a fetch answer. seal_payload_decode
 * must never crash or leak, and seal_payload_clear is called in every case.
 * Invariants: a refusal is CVD_EINVAL, CVD_ETOOLARGE or CVD_ENOMEM with a
 * reason, and leaves the payload zeroed; an accepted payload has a digest, a
 * nonce, a ciphertext of 48..SEAL_PLAINTEXT_MAX + 48 bytes and
 * 1..SEAL_MAX_READERS readers, each a valid type 0x01 key found at its own
 * index (so no public key twice), and seal_payload_encode gives back exactly
 * the input bytes.
 *
 * The harness also opens what it decodes. It derives one reader key at start
 * from a fixed seed, SHA-256("cvdlog/fuzz/sealed reader"), named
 * "fuzz-reader"; the seed corpus holds payloads sealed to its public key (no
 * private key is in the corpus). A fresh random outsider key always gets
 * CVD_ENOTFOUND. The reader either opens to a (salt, plaintext) that opens
 * the digest and is as long as the ciphertext says, or gets CVD_EINVAL, and
 * then cannot regrant either; when it opens, it regrants to the outsider,
 * who then opens to the same salt and plaintext, and the grown payload
 * encodes and decodes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "encoding.h"
#include "error.h"
#include "fuzz.h"
#include "keys.h"
#include "seal.h"

#define READER_SEED "cvdlog/fuzz/sealed reader"
#define READER_NAME "fuzz-reader"

static struct keys_signer *reader, *outsider;
static struct keys_verifier outsider_key;

static void init(void)
{
	uint8_t seed[32], pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
	uint8_t raw[33], id[KEYS_ID_LEN];
	char hex[9], b64[45], text[128];

	crypto_hash_sha256(seed, (const uint8_t *)READER_SEED, strlen(READER_SEED));
	crypto_sign_seed_keypair(pk, sk, seed);
	keys_id(READER_NAME, KEYS_TYPE_ED25519, pk, id);
	raw[0] = KEYS_TYPE_ED25519;
	memcpy(raw + 1, seed, 32);
	snprintf(text, sizeof(text), "PRIVATE+KEY+" READER_NAME "+%s+%s", enc_hex(hex, id, 4),
	         enc_b64(b64, raw, sizeof(raw)));
	if (keys_signer_parse(text, strlen(text), &reader) != 0 ||
	    keys_signer_generate("fuzz-outsider", &outsider) != 0)
		abort();
	keys_signer_verifier(outsider, &outsider_key);
}

static void check_payload(const struct seal_payload *p)
{
	check(p->sp_ciphertext != NULL && p->sp_ciphertext_len >= 48 &&
	      p->sp_ciphertext_len <= SEAL_PLAINTEXT_MAX + 48);
	check(p->sp_nreaders >= 1 && p->sp_nreaders <= SEAL_MAX_READERS && p->sp_readers != NULL);
	for (unsigned i = 0; i < p->sp_nreaders; i++) {
		const struct keys_verifier *v = &p->sp_readers[i].sr_key;
		uint8_t id[KEYS_ID_LEN];
		check(v->kv_type == KEYS_TYPE_ED25519);
		check(keys_name_valid(v->kv_name, strlen(v->kv_name)));
		keys_id(v->kv_name, v->kv_type, v->kv_pk, id);
		check(memcmp(id, v->kv_id, KEYS_ID_LEN) == 0);
		check(seal_payload_find_reader(p, v->kv_pk) == (int)i);
	}
}

/* check_encode: p encodes to exactly want[0..n). */
static void check_encode(const struct seal_payload *p, const uint8_t *want, size_t n)
{
	uint8_t *out = NULL;
	size_t len = 0;

	check(seal_payload_encode(p, &out, &len) == 0);
	check(len == n && memcmp(out, want, n) == 0);
	free(out);
}

/* check_grant: after a regrant, the outsider opens p to (salt, pt), and the
 * grown payload round-trips through encode and decode. */
static void check_grant(const struct seal_payload *p, const uint8_t *salt, const uint8_t *pt,
                        size_t len)
{
	uint8_t salt2[SEAL_SALT_LEN], *pt2 = NULL, *enc = NULL;
	size_t len2 = 0, enc_len = 0;
	struct seal_payload q;

	check(seal_payload_open(p, outsider, salt2, &pt2, &len2) == 0);
	check(len2 == len && memcmp(salt2, salt, SEAL_SALT_LEN) == 0);
	check(len == 0 || memcmp(pt2, pt, len) == 0);
	sodium_free(pt2);
	check(seal_payload_encode(p, &enc, &enc_len) == 0);
	check(seal_payload_decode(enc, enc_len, &q, NULL) == 0);
	check(q.sp_nreaders == p->sp_nreaders);
	check_encode(&q, enc, enc_len);
	seal_payload_clear(&q);
	free(enc);
}

/* check_open: what the outsider and the harness's reader get from p (which
 * a successful regrant grows by one reader). */
static void check_open(struct seal_payload *p)
{
	uint8_t salt[SEAL_SALT_LEN], *pt = (uint8_t *)"x";
	size_t len = 1;
	unsigned n = p->sp_nreaders;
	int rc;

	check(seal_payload_open(p, outsider, salt, &pt, &len) == CVD_ENOTFOUND);
	check(pt == NULL && len == 0);
	rc = seal_payload_open(p, reader, salt, &pt, &len);
	if (seal_payload_find_reader(p, keys_signer_pk(reader)) < 0) {
		check(rc == CVD_ENOTFOUND && pt == NULL);
		check(seal_payload_regrant(p, reader, &outsider_key) == CVD_ENOTFOUND);
		check(p->sp_nreaders == n);
		return;
	}
	if (rc != 0) {
		check((rc == CVD_EINVAL || rc == CVD_ENOMEM) && pt == NULL && len == 0);
		check(seal_payload_regrant(p, reader, &outsider_key) == rc);
		check(p->sp_nreaders == n);
		return;
	}
	check(pt != NULL && len + 48 == p->sp_ciphertext_len);
	check(seal_opening_check(p->sp_digest, salt, pt, len) == 0);
	rc = seal_payload_regrant(p, reader, &outsider_key);
	if (n == SEAL_MAX_READERS) {
		check(rc == CVD_ETOOLARGE && p->sp_nreaders == n);
	} else {
		check(rc == 0 && p->sp_nreaders == n + 1);
		check(seal_payload_regrant(p, reader, &outsider_key) == CVD_EDUP);
		check_grant(p, salt, pt, len);
	}
	sodium_free(pt);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seal_payload p;
	const char *why = NULL;

	fuzz_init(init);
	int rc = seal_payload_decode(data, size, &p, &why);
	if (rc != 0) {
		check(rc == CVD_EINVAL || rc == CVD_ETOOLARGE || rc == CVD_ENOMEM);
		check(why != NULL);
		check(p.sp_nreaders == 0 && p.sp_readers == NULL && p.sp_ciphertext == NULL);
	} else {
		check(why == NULL);
		check_payload(&p);
		check_encode(&p, data, size);
		check_open(&p);
	}
	seal_payload_clear(&p);
	/* NULL for the reason is allowed too, and the answer is the same. */
	check(seal_payload_decode(data, size, &p, NULL) == rc);
	seal_payload_clear(&p);
	return 0;
}
