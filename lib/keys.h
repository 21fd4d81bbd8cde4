/*
 * keys.h: Ed25519 keys in the C2SP signed-note encodings (DESIGN.md section 2).
 *
 *   verifier key:  <name>+<hex keyid 8>+<base64(type || pk[32])>
 *   private key:   PRIVATE+KEY+<name>+<hex keyid 8>+<base64(0x01 || seed[32])>
 *   key ID:        SHA-256(name || 0x0A || type || pk)[:4]
 *
 * Types: KEYS_TYPE_ED25519 (0x01, signed-note signatures) and
 * KEYS_TYPE_COSIG (0x04, C2SP tlog-cosignature/v1). The type is a field of
 * the key, so another algorithm can be added without touching callers.
 *
 * Secrets live in sodium_malloc'd memory and are wiped on free. A signer is
 * created by keys_signer_generate/parse/load and released by keys_signer_free
 * (NULL-safe).
 */
#ifndef CVD_KEYS_H
#define CVD_KEYS_H

#include <stddef.h>
#include <stdint.h>

#define KEYS_NAME_MAX     256
#define KEYS_TYPE_ED25519 0x01
#define KEYS_TYPE_COSIG   0x04
#define KEYS_PK_LEN       32
#define KEYS_SIG_LEN      64
#define KEYS_ID_LEN       4
/* Longest verifier key text: name + '+' + 8 hex + '+' + base64(33 bytes). */
#define KEYS_VKEY_MAX (KEYS_NAME_MAX + 1 + 8 + 1 + 44)

struct keys_verifier {
	char kv_name[KEYS_NAME_MAX + 1];
	uint8_t kv_type;
	uint8_t kv_id[KEYS_ID_LEN];
	uint8_t kv_pk[KEYS_PK_LEN];
};

struct keys_signer; /* opaque: holds the secret key */

/* keys_name_valid: 1 if name[0..len) is a valid key name: non-empty, at most
 * KEYS_NAME_MAX bytes, UTF-8, no '+', no Unicode space, no control char. */
int keys_name_valid(const char *name, size_t len);

/* keys_id computes the key ID of (name, type, pk) into id[4]. */
void keys_id(const char *name, uint8_t type, const uint8_t pk[KEYS_PK_LEN],
             uint8_t id[KEYS_ID_LEN]);

/* keys_verifier_parse parses a verifier key of type 0x01 or 0x04 from
 * s[0..len). Returns 0, or CVD_EINVAL naming nothing (the caller names the
 * file or line) when the text, the type or the key ID is wrong. */
int keys_verifier_parse(const char *s, size_t len, struct keys_verifier *out);

/* keys_verifier_format writes the text form and a NUL into buf (at least
 * KEYS_VKEY_MAX + 1 bytes). Returns buf. */
char *keys_verifier_format(const struct keys_verifier *v, char *buf);

/* keys_verifier_as_cosigner returns the same Ed25519 key as a type 0x04
 * tlog-cosignature verifier (a 0x04 key is returned unchanged). */
void keys_verifier_as_cosigner(const struct keys_verifier *v, struct keys_verifier *out);

/* keys_signer_generate makes a fresh key named name. Returns 0, CVD_EINVAL
 * for a bad name, CVD_ENOMEM. */
int keys_signer_generate(const char *name, struct keys_signer **out);

/* keys_signer_parse reads the private key text s[0..len) (a trailing newline
 * is allowed). Returns 0 or CVD_EINVAL. */
int keys_signer_parse(const char *s, size_t len, struct keys_signer **out);

/* keys_signer_load reads a private key file. Refuses (-EPERM) a file that
 * group or others may read. Returns 0, -errno, CVD_EINVAL. */
int keys_signer_load(const char *path, struct keys_signer **out);

/* keys_signer_save writes path (mode 0600, refusing to overwrite: -EEXIST)
 * and, when pub_path is not NULL, the verifier key to pub_path (0644). */
int keys_signer_save(const struct keys_signer *s, const char *path, const char *pub_path);

void keys_signer_free(struct keys_signer *s);

/* keys_signer_verifier fills v with the signer's type 0x01 verifier key. */
void keys_signer_verifier(const struct keys_signer *s, struct keys_verifier *v);

const char *keys_signer_name(const struct keys_signer *s);
/* keys_signer_vkey writes the signer's verifier key text into buf
 * (KEYS_VKEY_MAX + 1 bytes) and returns buf. */
char *keys_signer_vkey(const struct keys_signer *s, char *buf);
const uint8_t *keys_signer_pk(const struct keys_signer *s);

/* keys_signer_x25519_sk writes the X25519 secret key derived from the
 * signer's Ed25519 key (crypto_sign_ed25519_sk_to_curve25519) into xsk, for
 * crypto_box_seal_open (lib/seal.c). xsk is a secret: keep it in
 * sodium_malloc'd memory and wipe it after use. Cannot fail. */
void keys_signer_x25519_sk(const struct keys_signer *s, uint8_t xsk[32]);

/* keys_sign signs msg with Ed25519. Cannot fail. */
void keys_sign(const struct keys_signer *s, const uint8_t *msg, size_t len,
               uint8_t sig[KEYS_SIG_LEN]);

/* keys_verify: 0 if sig is pk's Ed25519 signature of msg, else CVD_EBADSIG. */
int keys_verify(const uint8_t pk[KEYS_PK_LEN], const uint8_t *msg, size_t len,
                const uint8_t sig[KEYS_SIG_LEN]);

#endif
