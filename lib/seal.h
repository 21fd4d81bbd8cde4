/*
 * seal.h: commitments, openings and sealed payloads (DESIGN.md section 9,
 * normative), and the signed challenge a reader answers to fetch one.
 *
 *   digest  = SHA-256("cvdlog/commit/v1\n" || salt[32] || plaintext)
 *   payload = XChaCha20-Poly1305(key K, nonce[24], salt || plaintext,
 *                                associated data = digest)
 *   for each reader: crypto_box_seal(K, X25519 key derived from the
 *                                    reader's Ed25519 key)
 *   fetch   = Ed25519 over "cvdlog/fetch/v1\n" || origin || "\n" ||
 *             nonce[32] || digest[32], by the reader's key
 *
 * The wire and stored form of a payload is the cvdlog.SealedPayload
 * protobuf (proto/cvdlog.proto); seal_payload_decode validates it (canonical
 * encoding, sizes, reader keys parse, no reader twice) and
 * seal_payload_encode writes it. Nodes only ever handle the encoded bytes,
 * the digest and the reader list: they hold no reader key and can decrypt
 * nothing.
 */
#ifndef CVD_SEAL_H
#define CVD_SEAL_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"

#define SEAL_DIGEST_LEN     32
#define SEAL_SALT_LEN       32
#define SEAL_NONCE_LEN      24          /* XChaCha20-Poly1305 nonce */
#define SEAL_KEY_LEN        32          /* K */
#define SEAL_SEALED_KEY_LEN 80          /* crypto_box_seal(K): 32 + 48 */
#define SEAL_CHALLENGE_LEN  32          /* the node's fetch nonce */
#define SEAL_PLAINTEXT_MAX  (64 * 1024) /* bytes of one confidential field */
#define SEAL_MAX_READERS    512

/* seal_commit computes the commitment digest of (salt, plaintext). */
void seal_commit(const uint8_t salt[SEAL_SALT_LEN], const uint8_t *plaintext, size_t len,
                 uint8_t digest[SEAL_DIGEST_LEN]);

/* seal_opening_check: 0 when (salt, plaintext) opens digest, CVD_EINVAL
 * otherwise (constant-time comparison). */
int seal_opening_check(const uint8_t digest[SEAL_DIGEST_LEN], const uint8_t salt[SEAL_SALT_LEN],
                       const uint8_t *plaintext, size_t len);

/* A decoded payload. Arrays are malloc'd; seal_payload_clear frees them. */
struct seal_reader {
	struct keys_verifier sr_key; /* type 0x01 */
	uint8_t sr_sealed[SEAL_SEALED_KEY_LEN];
};

struct seal_payload {
	uint8_t sp_digest[SEAL_DIGEST_LEN];
	uint8_t sp_nonce[SEAL_NONCE_LEN];
	uint8_t *sp_ciphertext; /* salt || plaintext || 16-byte tag */
	size_t sp_ciphertext_len;
	unsigned sp_nreaders;
	struct seal_reader *sp_readers;
};

/* seal_payload_create draws salt and K at random, commits to plaintext,
 * encrypts and seals K to each of the nreaders keys (type 0x01, no key
 * twice). On success fills p (clear it with seal_payload_clear) and
 * salt_out (the opening's salt; may be NULL); on failure p is zeroed.
 * plaintext may be NULL when len is 0. 0, CVD_EINVAL (no reader, a bad or
 * repeated key, including one that is not a point X25519 can use,
 * plaintext over SEAL_PLAINTEXT_MAX), CVD_ETOOLARGE (more than
 * SEAL_MAX_READERS readers), CVD_ENOMEM. */
int seal_payload_create(const uint8_t *plaintext, size_t len, const struct keys_verifier *readers,
                        unsigned nreaders, struct seal_payload *p, uint8_t salt_out[SEAL_SALT_LEN]);

/* seal_payload_open decrypts p with the reader's signing key: finds the
 * reader entry for the key's public key, opens K, decrypts, and checks that
 * (salt, plaintext) opens p->sp_digest. On success *plaintext is a
 * sodium_malloc'd buffer of *len bytes (the caller frees it with
 * sodium_free; at least 1 byte is allocated when *len is 0) and salt holds
 * the salt; on failure *plaintext is NULL, *len 0 and salt untouched.
 * CVD_ENOTFOUND (the key is not a reader), CVD_EINVAL (does not decrypt or
 * does not match the digest), CVD_ENOMEM. */
int seal_payload_open(const struct seal_payload *p, const struct keys_signer *reader,
                      uint8_t salt[SEAL_SALT_LEN], uint8_t **plaintext, size_t *len);

/* seal_payload_regrant re-seals p's K to one more reader, using the
 * granting reader's signing key to recover K; K must decrypt p to an opening
 * of p->sp_digest. CVD_ENOTFOUND (grantor not a reader), CVD_EDUP (already a
 * reader), CVD_EINVAL (a bad reader key, or K does not open p),
 * CVD_ETOOLARGE (over SEAL_MAX_READERS), CVD_ENOMEM. On success the new
 * reader is appended to p; on failure p is unchanged. */
int seal_payload_regrant(struct seal_payload *p, const struct keys_signer *grantor,
                         const struct keys_verifier *reader);

/* seal_payload_find_reader: the index of the reader with this public key,
 * or -1. */
int seal_payload_find_reader(const struct seal_payload *p, const uint8_t pk[KEYS_PK_LEN]);

/* seal_payload_decode parses and validates one encoded SealedPayload
 * (canonical protobuf, no unknown fields; digest 32, nonce 24, ciphertext
 * 48..SEAL_PLAINTEXT_MAX + 48 bytes; 1..SEAL_MAX_READERS readers, each a
 * type 0x01 verifier key with an 80-byte sealed key, no public key twice).
 * It checks no cryptography: a reader finds out on opening. On error p is
 * cleared, *why names the field; on success *why is NULL (why may be NULL).
 * 0, CVD_EINVAL, CVD_ETOOLARGE (too many readers, ciphertext or input too
 * long), CVD_ENOMEM. */
int seal_payload_decode(const uint8_t *buf, size_t len, struct seal_payload *p, const char **why);

/* seal_payload_encode writes p as canonical SealedPayload bytes into a
 * malloc'd *out; seal_payload_decode gives p back. 0, CVD_EINVAL (p breaks a
 * rule seal_payload_decode checks), CVD_ENOMEM. */
int seal_payload_encode(const struct seal_payload *p, uint8_t **out, size_t *len);

/* seal_payload_clear frees p's arrays and zeroes it. NULL-safe. */
void seal_payload_clear(struct seal_payload *p);

/* seal_fetch_msg writes the fetch challenge message into a malloc'd *msg.
 * 0, CVD_EINVAL (origin is not a log origin: a valid key name of at most
 * ENTRY_ORIGIN_MAX bytes, as in a genesis event), CVD_ENOMEM. */
int seal_fetch_msg(const char *origin, const uint8_t nonce[SEAL_CHALLENGE_LEN],
                   const uint8_t digest[SEAL_DIGEST_LEN], uint8_t **msg, size_t *len);

/* seal_fetch_sign / seal_fetch_verify: the reader's signature over the
 * fetch message. sign: 0 or CVD_EINVAL (bad origin). verify: 0 or
 * CVD_EBADSIG (also for a bad origin). */
int seal_fetch_sign(const struct keys_signer *reader, const char *origin,
                    const uint8_t nonce[SEAL_CHALLENGE_LEN], const uint8_t digest[SEAL_DIGEST_LEN],
                    uint8_t sig[KEYS_SIG_LEN]);
int seal_fetch_verify(const uint8_t pk[KEYS_PK_LEN], const char *origin,
                      const uint8_t nonce[SEAL_CHALLENGE_LEN],
                      const uint8_t digest[SEAL_DIGEST_LEN], const uint8_t sig[KEYS_SIG_LEN]);

#endif
