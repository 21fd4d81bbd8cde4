/* seal.c: commitments, openings, sealed payloads and the fetch challenge
 * (see seal.h; DESIGN.md section 9). K, X25519 secret keys and decrypted
 * salt || plaintext live only in sodium_malloc'd memory, which sodium_free
 * wipes. */
#include "seal.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "cvdlog.pb-c.h"
#include "entry.h"
#include "error.h"

#define COMMIT_PREFIX "cvdlog/commit/v1\n"
#define FETCH_PREFIX  "cvdlog/fetch/v1\n"
#define X25519_LEN    32
#define TAG_LEN       crypto_aead_xchacha20poly1305_ietf_ABYTES
#define CT_MIN        (SEAL_SALT_LEN + TAG_LEN)
#define CT_MAX        (SEAL_SALT_LEN + SEAL_PLAINTEXT_MAX + TAG_LEN)
/* The longest SealedKey field: tag, 2-byte length, then the reader text
 * (tag, 2-byte length, KEYS_VKEY_MAX bytes) and the sealed key (tag, length,
 * 80 bytes). */
#define KEY_FIELD_MAX (1 + 2 + (1 + 2 + KEYS_VKEY_MAX) + (1 + 1 + SEAL_SEALED_KEY_LEN))
/* The longest valid encoding, so larger input is refused before unpacking. */
#define ENCODED_MAX                                                                \
	((1 + 1 + SEAL_DIGEST_LEN) + (1 + 1 + SEAL_NONCE_LEN) + (1 + 3 + CT_MAX) + \
	 SEAL_MAX_READERS * KEY_FIELD_MAX)
#define FETCH_MSG_MAX \
	(sizeof(FETCH_PREFIX) - 1 + ENTRY_ORIGIN_MAX + 1 + SEAL_CHALLENGE_LEN + SEAL_DIGEST_LEN)

_Static_assert(SEAL_DIGEST_LEN == crypto_hash_sha256_BYTES, "digest is SHA-256");
_Static_assert(SEAL_NONCE_LEN == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, "nonce");
_Static_assert(SEAL_KEY_LEN == crypto_aead_xchacha20poly1305_ietf_KEYBYTES, "K");
_Static_assert(SEAL_SEALED_KEY_LEN == SEAL_KEY_LEN + crypto_box_SEALBYTES, "sealed K");
_Static_assert(X25519_LEN == crypto_box_PUBLICKEYBYTES && X25519_LEN == crypto_box_SECRETKEYBYTES,
               "X25519 keys");

void seal_commit(const uint8_t salt[SEAL_SALT_LEN], const uint8_t *plaintext, size_t len,
                 uint8_t digest[SEAL_DIGEST_LEN])
{
	crypto_hash_sha256_state st;

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const uint8_t *)COMMIT_PREFIX, sizeof(COMMIT_PREFIX) - 1);
	crypto_hash_sha256_update(&st, salt, SEAL_SALT_LEN);
	if (len > 0)
		crypto_hash_sha256_update(&st, plaintext, len);
	crypto_hash_sha256_final(&st, digest);
	sodium_memzero(&st, sizeof(st)); /* it buffered plaintext */
}

int seal_opening_check(const uint8_t digest[SEAL_DIGEST_LEN], const uint8_t salt[SEAL_SALT_LEN],
                       const uint8_t *plaintext, size_t len)
{
	uint8_t d[SEAL_DIGEST_LEN];

	if (plaintext == NULL && len > 0)
		return CVD_EINVAL;
	seal_commit(salt, plaintext, len, d);
	return sodium_memcmp(d, digest, SEAL_DIGEST_LEN) == 0 ? 0 : CVD_EINVAL;
}

/* reader_key_ok: v is a well-formed type 0x01 verifier key (what
 * keys_verifier_parse would give), so its text form parses back to it. */
static int reader_key_ok(const struct keys_verifier *v)
{
	uint8_t id[KEYS_ID_LEN];

	if (v->kv_type != KEYS_TYPE_ED25519 ||
	    memchr(v->kv_name, '\0', sizeof(v->kv_name)) == NULL ||
	    !keys_name_valid(v->kv_name, strlen(v->kv_name)))
		return 0;
	keys_id(v->kv_name, v->kv_type, v->kv_pk, id);
	return memcmp(id, v->kv_id, KEYS_ID_LEN) == 0;
}

/* check_payload: p is what seal_payload_decode accepts (the checks that do
 * not depend on the wire form). */
static int check_payload(const struct seal_payload *p, const char **why)
{
	if (p->sp_nreaders == 0 || p->sp_readers == NULL) {
		*why = "no reader";
		return CVD_EINVAL;
	}
	if (p->sp_nreaders > SEAL_MAX_READERS) {
		*why = "more than SEAL_MAX_READERS readers";
		return CVD_ETOOLARGE;
	}
	if (p->sp_ciphertext == NULL || p->sp_ciphertext_len < CT_MIN) {
		*why = "ciphertext shorter than salt and tag (48 bytes)";
		return CVD_EINVAL;
	}
	if (p->sp_ciphertext_len > CT_MAX) {
		*why = "ciphertext longer than SEAL_PLAINTEXT_MAX + 48 bytes";
		return CVD_ETOOLARGE;
	}
	for (unsigned i = 0; i < p->sp_nreaders; i++) {
		const uint8_t *pk = p->sp_readers[i].sr_key.kv_pk;
		if (!reader_key_ok(&p->sp_readers[i].sr_key)) {
			*why = "reader must be a type 0x01 verifier key";
			return CVD_EINVAL;
		}
		for (unsigned j = 0; j < i; j++) {
			if (memcmp(p->sp_readers[j].sr_key.kv_pk, pk, KEYS_PK_LEN) == 0) {
				*why = "a reader's public key appears twice";
				return CVD_EINVAL;
			}
		}
	}
	return 0;
}

int seal_payload_find_reader(const struct seal_payload *p, const uint8_t pk[KEYS_PK_LEN])
{
	for (unsigned i = 0; i < p->sp_nreaders; i++)
		if (memcmp(p->sp_readers[i].sr_key.kv_pk, pk, KEYS_PK_LEN) == 0)
			return (int)i;
	return -1;
}

int seal_payload_create(const uint8_t *plaintext, size_t len, const struct keys_verifier *readers,
                        unsigned nreaders, struct seal_payload *p, uint8_t salt_out[SEAL_SALT_LEN])
{
	uint8_t *k = NULL, *m = NULL, xpk[X25519_LEN];
	unsigned long long clen;
	int rc;

	memset(p, 0, sizeof(*p));
	if (nreaders == 0 || readers == NULL || (plaintext == NULL && len > 0) ||
	    len > SEAL_PLAINTEXT_MAX)
		return CVD_EINVAL;
	if (nreaders > SEAL_MAX_READERS)
		return CVD_ETOOLARGE;
	for (unsigned i = 0; i < nreaders; i++) {
		if (!reader_key_ok(&readers[i]))
			return CVD_EINVAL;
		for (unsigned j = 0; j < i; j++)
			if (memcmp(readers[j].kv_pk, readers[i].kv_pk, KEYS_PK_LEN) == 0)
				return CVD_EINVAL;
	}

	rc = CVD_ENOMEM;
	k = sodium_malloc(SEAL_KEY_LEN);
	m = sodium_malloc(SEAL_SALT_LEN + len);
	p->sp_ciphertext = malloc(CT_MIN + len);
	p->sp_readers = calloc(nreaders, sizeof(*p->sp_readers));
	if (k == NULL || m == NULL || p->sp_ciphertext == NULL || p->sp_readers == NULL)
		goto out;
	crypto_aead_xchacha20poly1305_ietf_keygen(k);
	randombytes_buf(m, SEAL_SALT_LEN);
	if (len > 0)
		memcpy(m + SEAL_SALT_LEN, plaintext, len);
	seal_commit(m, plaintext, len, p->sp_digest);
	randombytes_buf(p->sp_nonce, SEAL_NONCE_LEN);
	crypto_aead_xchacha20poly1305_ietf_encrypt(p->sp_ciphertext, &clen, m, SEAL_SALT_LEN + len,
	                                           p->sp_digest, SEAL_DIGEST_LEN, NULL, p->sp_nonce,
	                                           k);
	p->sp_ciphertext_len = (size_t)clen;
	for (unsigned i = 0; i < nreaders; i++) {
		struct seal_reader *r = &p->sp_readers[i];
		/* Both refuse keys that are not points of the main subgroup. */
		rc = CVD_EINVAL;
		if (crypto_sign_ed25519_pk_to_curve25519(xpk, readers[i].kv_pk) != 0 ||
		    crypto_box_seal(r->sr_sealed, k, SEAL_KEY_LEN, xpk) != 0)
			goto out;
		r->sr_key = readers[i];
		p->sp_nreaders++;
	}
	if (salt_out != NULL)
		memcpy(salt_out, m, SEAL_SALT_LEN);
	rc = 0;
out:
	sodium_free(k);
	sodium_free(m);
	if (rc != 0)
		seal_payload_clear(p);
	return rc;
}

/* open_key recovers K (SEAL_KEY_LEN bytes, sodium_malloc'd by the caller)
 * from reader entry r with the reader's signing key. */
static int open_key(const struct seal_reader *r, const struct keys_signer *s, uint8_t *k)
{
	uint8_t xpk[X25519_LEN], *xsk;
	int rc = CVD_EINVAL;

	if (crypto_sign_ed25519_pk_to_curve25519(xpk, keys_signer_pk(s)) != 0)
		return CVD_EINVAL;
	xsk = sodium_malloc(X25519_LEN);
	if (xsk == NULL)
		return CVD_ENOMEM;
	keys_signer_x25519_sk(s, xsk);
	if (crypto_box_seal_open(k, r->sr_sealed, SEAL_SEALED_KEY_LEN, xpk, xsk) == 0)
		rc = 0;
	sodium_free(xsk);
	return rc;
}

/* decrypt opens p's ciphertext with K into a sodium_malloc'd *m of *mlen
 * bytes (salt || plaintext) and checks that it opens p's digest. */
static int decrypt(const struct seal_payload *p, const uint8_t *k, uint8_t **m, size_t *mlen)
{
	unsigned long long n = 0;
	uint8_t *buf;

	if (p->sp_ciphertext == NULL || p->sp_ciphertext_len < CT_MIN ||
	    p->sp_ciphertext_len > CT_MAX)
		return CVD_EINVAL;
	buf = sodium_malloc(p->sp_ciphertext_len - TAG_LEN);
	if (buf == NULL)
		return CVD_ENOMEM;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(buf, &n, NULL, p->sp_ciphertext,
	                                               p->sp_ciphertext_len, p->sp_digest,
	                                               SEAL_DIGEST_LEN, p->sp_nonce, k) != 0 ||
	    n < SEAL_SALT_LEN ||
	    seal_opening_check(p->sp_digest, buf, buf + SEAL_SALT_LEN, (size_t)n - SEAL_SALT_LEN) !=
	        0) {
		sodium_free(buf);
		return CVD_EINVAL;
	}
	*m = buf;
	*mlen = (size_t)n;
	return 0;
}

int seal_payload_open(const struct seal_payload *p, const struct keys_signer *reader,
                      uint8_t salt[SEAL_SALT_LEN], uint8_t **plaintext, size_t *len)
{
	uint8_t *k = NULL, *m = NULL, *pt;
	size_t mlen = 0, ptlen;
	int idx, rc;

	*plaintext = NULL;
	*len = 0;
	idx = seal_payload_find_reader(p, keys_signer_pk(reader));
	if (idx < 0)
		return CVD_ENOTFOUND;
	k = sodium_malloc(SEAL_KEY_LEN);
	if (k == NULL)
		return CVD_ENOMEM;
	rc = open_key(&p->sp_readers[idx], reader, k);
	if (rc != 0)
		goto out;
	rc = decrypt(p, k, &m, &mlen);
	if (rc != 0)
		goto out;
	ptlen = mlen - SEAL_SALT_LEN;
	rc = CVD_ENOMEM;
	pt = sodium_malloc(ptlen > 0 ? ptlen : 1);
	if (pt == NULL)
		goto out;
	memcpy(pt, m + SEAL_SALT_LEN, ptlen);
	memcpy(salt, m, SEAL_SALT_LEN);
	*plaintext = pt;
	*len = ptlen;
	rc = 0;
out:
	sodium_free(k);
	sodium_free(m);
	return rc;
}

int seal_payload_regrant(struct seal_payload *p, const struct keys_signer *grantor,
                         const struct keys_verifier *reader)
{
	uint8_t *k = NULL, *m = NULL, xpk[X25519_LEN], sealed[SEAL_SEALED_KEY_LEN];
	struct seal_reader *grown;
	size_t mlen;
	int idx, rc;

	if (!reader_key_ok(reader) || crypto_sign_ed25519_pk_to_curve25519(xpk, reader->kv_pk) != 0)
		return CVD_EINVAL;
	idx = seal_payload_find_reader(p, keys_signer_pk(grantor));
	if (idx < 0)
		return CVD_ENOTFOUND;
	if (seal_payload_find_reader(p, reader->kv_pk) >= 0)
		return CVD_EDUP;
	if (p->sp_nreaders >= SEAL_MAX_READERS)
		return CVD_ETOOLARGE;
	k = sodium_malloc(SEAL_KEY_LEN);
	if (k == NULL)
		return CVD_ENOMEM;
	rc = open_key(&p->sp_readers[idx], grantor, k);
	if (rc != 0)
		goto out;
	/* Grant only a K that opens the payload to the committed plaintext. */
	rc = decrypt(p, k, &m, &mlen);
	if (rc != 0)
		goto out;
	rc = CVD_EINVAL;
	if (crypto_box_seal(sealed, k, SEAL_KEY_LEN, xpk) != 0)
		goto out;
	rc = CVD_ENOMEM;
	grown = realloc(p->sp_readers, (p->sp_nreaders + 1) * sizeof(*grown));
	if (grown == NULL)
		goto out;
	p->sp_readers = grown;
	grown[p->sp_nreaders].sr_key = *reader;
	memcpy(grown[p->sp_nreaders].sr_sealed, sealed, SEAL_SEALED_KEY_LEN);
	p->sp_nreaders++;
	rc = 0;
out:
	sodium_free(k);
	sodium_free(m);
	return rc;
}

/* canonical: 1 when re-packing the decoded message gives exactly the input,
 * 0 when not, CVD_ENOMEM. */
static int canonical(const Cvdlog__SealedPayload *msg, const uint8_t *buf, size_t len)
{
	uint8_t *again;
	int same;

	if (cvdlog__sealed_payload__get_packed_size(msg) != len)
		return 0;
	again = malloc(len > 0 ? len : 1);
	if (again == NULL)
		return CVD_ENOMEM;
	cvdlog__sealed_payload__pack(msg, again);
	same = memcmp(again, buf, len) == 0;
	free(again);
	return same;
}

int seal_payload_decode(const uint8_t *buf, size_t len, struct seal_payload *p, const char **why)
{
	const char *dummy;
	Cvdlog__SealedPayload *msg;
	int rc = CVD_EINVAL, same;

	if (why == NULL)
		why = &dummy;
	memset(p, 0, sizeof(*p));
	if (len > ENCODED_MAX) {
		*why = "sealed payload too large";
		return CVD_ETOOLARGE;
	}
	msg = cvdlog__sealed_payload__unpack(NULL, len, buf);
	if (msg == NULL) {
		*why = "not a cvdlog.SealedPayload";
		return CVD_EINVAL;
	}
	*why = "unknown fields in sealed payload";
	if (msg->base.n_unknown_fields != 0)
		goto out;
	*why = "digest must be 32 bytes";
	if (msg->digest.len != SEAL_DIGEST_LEN)
		goto out;
	*why = "nonce must be 24 bytes";
	if (msg->nonce.len != SEAL_NONCE_LEN)
		goto out;
	*why = "ciphertext shorter than salt and tag (48 bytes)";
	if (msg->ciphertext.len < CT_MIN)
		goto out;
	*why = "ciphertext longer than SEAL_PLAINTEXT_MAX + 48 bytes";
	if (msg->ciphertext.len > CT_MAX) {
		rc = CVD_ETOOLARGE;
		goto out;
	}
	*why = "no reader";
	if (msg->n_keys == 0)
		goto out;
	*why = "more than SEAL_MAX_READERS readers";
	if (msg->n_keys > SEAL_MAX_READERS) {
		rc = CVD_ETOOLARGE;
		goto out;
	}

	rc = CVD_ENOMEM;
	*why = "out of memory";
	p->sp_ciphertext = malloc(msg->ciphertext.len);
	p->sp_readers = calloc(msg->n_keys, sizeof(*p->sp_readers));
	if (p->sp_ciphertext == NULL || p->sp_readers == NULL)
		goto out;
	memcpy(p->sp_digest, msg->digest.data, SEAL_DIGEST_LEN);
	memcpy(p->sp_nonce, msg->nonce.data, SEAL_NONCE_LEN);
	memcpy(p->sp_ciphertext, msg->ciphertext.data, msg->ciphertext.len);
	p->sp_ciphertext_len = msg->ciphertext.len;
	for (size_t i = 0; i < msg->n_keys; i++) {
		const Cvdlog__SealedKey *sk = msg->keys[i];
		struct seal_reader *r = &p->sp_readers[i];
		char text[KEYS_VKEY_MAX + 1];

		rc = CVD_EINVAL;
		*why = "unknown fields in sealed key";
		if (sk->base.n_unknown_fields != 0)
			goto out;
		*why = "reader must be a type 0x01 verifier key";
		if (keys_verifier_parse(sk->reader, strlen(sk->reader), &r->sr_key) != 0 ||
		    r->sr_key.kv_type != KEYS_TYPE_ED25519)
			goto out;
		/* keys_verifier_parse accepts one spelling only; encode relies on it. */
		*why = "reader key text is not canonical";
		if (strcmp(keys_verifier_format(&r->sr_key, text), sk->reader) != 0)
			goto out;
		*why = "sealed key must be 80 bytes";
		if (sk->sealed_key.len != SEAL_SEALED_KEY_LEN)
			goto out;
		memcpy(r->sr_sealed, sk->sealed_key.data, SEAL_SEALED_KEY_LEN);
		p->sp_nreaders++;
	}
	rc = check_payload(p, why);
	if (rc != 0)
		goto out;
	same = canonical(msg, buf, len);
	rc = same < 0 ? same : CVD_EINVAL;
	*why = same < 0 ? "out of memory" : "sealed payload is not in canonical protobuf encoding";
	if (same != 1)
		goto out;
	rc = 0;
	*why = NULL;
out:
	cvdlog__sealed_payload__free_unpacked(msg, NULL);
	if (rc != 0)
		seal_payload_clear(p);
	return rc;
}

int seal_payload_encode(const struct seal_payload *p, uint8_t **out, size_t *len)
{
	Cvdlog__SealedPayload msg = CVDLOG__SEALED_PAYLOAD__INIT;
	Cvdlog__SealedKey *keys = NULL, **ptrs = NULL;
	char(*texts)[KEYS_VKEY_MAX + 1] = NULL;
	const char *why;
	size_t n;
	int rc;

	*out = NULL;
	*len = 0;
	if (check_payload(p, &why) != 0)
		return CVD_EINVAL;
	rc = CVD_ENOMEM;
	keys = calloc(p->sp_nreaders, sizeof(*keys));
	ptrs = calloc(p->sp_nreaders, sizeof(*ptrs));
	texts = calloc(p->sp_nreaders, sizeof(*texts));
	if (keys == NULL || ptrs == NULL || texts == NULL)
		goto out;
	for (unsigned i = 0; i < p->sp_nreaders; i++) {
		cvdlog__sealed_key__init(&keys[i]);
		keys[i].reader = keys_verifier_format(&p->sp_readers[i].sr_key, texts[i]);
		keys[i].sealed_key.data = (uint8_t *)p->sp_readers[i].sr_sealed;
		keys[i].sealed_key.len = SEAL_SEALED_KEY_LEN;
		ptrs[i] = &keys[i];
	}
	msg.digest.data = (uint8_t *)p->sp_digest;
	msg.digest.len = SEAL_DIGEST_LEN;
	msg.nonce.data = (uint8_t *)p->sp_nonce;
	msg.nonce.len = SEAL_NONCE_LEN;
	msg.ciphertext.data = p->sp_ciphertext;
	msg.ciphertext.len = p->sp_ciphertext_len;
	msg.n_keys = p->sp_nreaders;
	msg.keys = ptrs;
	n = cvdlog__sealed_payload__get_packed_size(&msg);
	*out = malloc(n);
	if (*out == NULL)
		goto out;
	*len = cvdlog__sealed_payload__pack(&msg, *out);
	rc = 0;
out:
	free(keys);
	free(ptrs);
	free(texts);
	return rc;
}

void seal_payload_clear(struct seal_payload *p)
{
	if (p == NULL)
		return;
	free(p->sp_ciphertext);
	free(p->sp_readers);
	memset(p, 0, sizeof(*p));
}

/* origin_ok: a log origin, as a genesis event names it (lib/event.c). */
static int origin_ok(const char *origin)
{
	size_t len;

	if (origin == NULL)
		return 0;
	len = strlen(origin);
	return len <= ENTRY_ORIGIN_MAX && keys_name_valid(origin, len);
}

/* fetch_msg_write writes the fetch message into buf (FETCH_MSG_MAX bytes)
 * for a checked origin and returns its length. */
static size_t fetch_msg_write(uint8_t *buf, const char *origin,
                              const uint8_t nonce[SEAL_CHALLENGE_LEN],
                              const uint8_t digest[SEAL_DIGEST_LEN])
{
	size_t n = 0, olen = strlen(origin);

	memcpy(buf, FETCH_PREFIX, sizeof(FETCH_PREFIX) - 1);
	n += sizeof(FETCH_PREFIX) - 1;
	memcpy(buf + n, origin, olen);
	n += olen;
	buf[n++] = '\n';
	memcpy(buf + n, nonce, SEAL_CHALLENGE_LEN);
	n += SEAL_CHALLENGE_LEN;
	memcpy(buf + n, digest, SEAL_DIGEST_LEN);
	return n + SEAL_DIGEST_LEN;
}

int seal_fetch_msg(const char *origin, const uint8_t nonce[SEAL_CHALLENGE_LEN],
                   const uint8_t digest[SEAL_DIGEST_LEN], uint8_t **msg, size_t *len)
{
	uint8_t buf[FETCH_MSG_MAX];
	size_t n;

	*msg = NULL;
	*len = 0;
	if (!origin_ok(origin))
		return CVD_EINVAL;
	n = fetch_msg_write(buf, origin, nonce, digest);
	*msg = malloc(n);
	if (*msg == NULL)
		return CVD_ENOMEM;
	memcpy(*msg, buf, n);
	*len = n;
	return 0;
}

int seal_fetch_sign(const struct keys_signer *reader, const char *origin,
                    const uint8_t nonce[SEAL_CHALLENGE_LEN], const uint8_t digest[SEAL_DIGEST_LEN],
                    uint8_t sig[KEYS_SIG_LEN])
{
	uint8_t buf[FETCH_MSG_MAX];

	if (!origin_ok(origin))
		return CVD_EINVAL;
	keys_sign(reader, buf, fetch_msg_write(buf, origin, nonce, digest), sig);
	return 0;
}

int seal_fetch_verify(const uint8_t pk[KEYS_PK_LEN], const char *origin,
                      const uint8_t nonce[SEAL_CHALLENGE_LEN],
                      const uint8_t digest[SEAL_DIGEST_LEN], const uint8_t sig[KEYS_SIG_LEN])
{
	uint8_t buf[FETCH_MSG_MAX];

	if (!origin_ok(origin))
		return CVD_EBADSIG;
	return keys_verify(pk, buf, fetch_msg_write(buf, origin, nonce, digest), sig);
}
