/* keys.c: Ed25519 keys in C2SP signed-note encodings (see keys.h). */
#include "keys.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "encoding.h"
#include "error.h"

#define PRIV_PREFIX "PRIVATE+KEY+"

struct keys_signer {
	char ks_name[KEYS_NAME_MAX + 1];
	uint8_t ks_id[KEYS_ID_LEN];
	uint8_t ks_pk[KEYS_PK_LEN];
	uint8_t *ks_sk; /* sodium_malloc: crypto_sign_SECRETKEYBYTES */
};

/* Unicode White_Space code points (what Go's unicode.IsSpace accepts). */
static int is_unicode_space(uint32_t cp)
{
	return (cp >= 0x09 && cp <= 0x0d) || cp == 0x20 || cp == 0x85 || cp == 0xa0 ||
	       cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 || cp == 0x2029 ||
	       cp == 0x202f || cp == 0x205f || cp == 0x3000;
}

int keys_name_valid(const char *name, size_t len)
{
	const unsigned char *s = (const unsigned char *)name;

	if (len == 0 || len > KEYS_NAME_MAX || !enc_utf8_valid(name, len))
		return 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp = s[i];
		size_t n = 1;
		if (cp >= 0xf0) {
			cp = ((cp & 0x07) << 18) | ((s[i + 1] & 0x3fu) << 12) |
			     ((s[i + 2] & 0x3fu) << 6) | (s[i + 3] & 0x3fu);
			n = 4;
		} else if (cp >= 0xe0) {
			cp = ((cp & 0x0f) << 12) | ((s[i + 1] & 0x3fu) << 6) | (s[i + 2] & 0x3fu);
			n = 3;
		} else if (cp >= 0xc0) {
			cp = ((cp & 0x1f) << 6) | (s[i + 1] & 0x3fu);
			n = 2;
		}
		if (cp == '+' || cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || is_unicode_space(cp))
			return 0;
		i += n;
	}
	return 1;
}

void keys_id(const char *name, uint8_t type, const uint8_t pk[KEYS_PK_LEN], uint8_t id[KEYS_ID_LEN])
{
	crypto_hash_sha256_state st;
	uint8_t h[crypto_hash_sha256_BYTES];
	uint8_t sep[2] = {0x0a, type};

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const uint8_t *)name, strlen(name));
	crypto_hash_sha256_update(&st, sep, 2);
	crypto_hash_sha256_update(&st, pk, KEYS_PK_LEN);
	crypto_hash_sha256_final(&st, h);
	memcpy(id, h, KEYS_ID_LEN);
}

/* split_key parses "<name>+<hex8>+<base64(type||key32)>" into its parts. */
static int split_key(const char *s, size_t len, char name[KEYS_NAME_MAX + 1],
                     uint8_t id[KEYS_ID_LEN], uint8_t *type, uint8_t key[32])
{
	/* The name may not contain '+', so the first two '+' split the fields. */
	const char *p1 = memchr(s, '+', len);
	if (p1 == NULL)
		return CVD_EINVAL;
	size_t namelen = (size_t)(p1 - s);
	const char *rest = p1 + 1;
	size_t restlen = len - namelen - 1;
	const char *p2 = memchr(rest, '+', restlen);
	if (p2 == NULL || p2 - rest != 8 || !keys_name_valid(s, namelen))
		return CVD_EINVAL;
	if (enc_unhex(id, KEYS_ID_LEN, rest, 8) != 0)
		return CVD_EINVAL;
	/* Lowercase hex only: one spelling per key. */
	for (int i = 0; i < 8; i++)
		if (rest[i] >= 'A' && rest[i] <= 'F')
			return CVD_EINVAL;
	uint8_t raw[34];
	size_t rawlen = 0;
	const char *b = p2 + 1;
	size_t blen = restlen - 9;
	if (enc_unb64(raw, sizeof(raw), &rawlen, b, blen) != 0 || rawlen != 33)
		return CVD_EINVAL;
	memcpy(name, s, namelen);
	name[namelen] = '\0';
	*type = raw[0];
	memcpy(key, raw + 1, 32);
	return 0;
}

int keys_verifier_parse(const char *s, size_t len, struct keys_verifier *out)
{
	uint8_t id[KEYS_ID_LEN];
	struct keys_verifier v;

	if (split_key(s, len, v.kv_name, v.kv_id, &v.kv_type, v.kv_pk) != 0)
		return CVD_EINVAL;
	if (v.kv_type != KEYS_TYPE_ED25519 && v.kv_type != KEYS_TYPE_COSIG)
		return CVD_EINVAL;
	keys_id(v.kv_name, v.kv_type, v.kv_pk, id);
	if (memcmp(id, v.kv_id, KEYS_ID_LEN) != 0)
		return CVD_EINVAL;
	*out = v;
	return 0;
}

char *keys_verifier_format(const struct keys_verifier *v, char *buf)
{
	uint8_t raw[33];
	char hex[9], b64[45];

	raw[0] = v->kv_type;
	memcpy(raw + 1, v->kv_pk, 32);
	snprintf(buf, KEYS_VKEY_MAX + 1, "%s+%s+%s", v->kv_name, enc_hex(hex, v->kv_id, 4),
	         enc_b64(b64, raw, 33));
	return buf;
}

void keys_verifier_as_cosigner(const struct keys_verifier *v, struct keys_verifier *out)
{
	*out = *v;
	out->kv_type = KEYS_TYPE_COSIG;
	keys_id(out->kv_name, KEYS_TYPE_COSIG, out->kv_pk, out->kv_id);
}

static int signer_from_seed(const char *name, const uint8_t seed[32], struct keys_signer **out)
{
	struct keys_signer *s = sodium_malloc(sizeof(*s));
	if (s == NULL)
		return CVD_ENOMEM;
	s->ks_sk = sodium_malloc(crypto_sign_SECRETKEYBYTES);
	if (s->ks_sk == NULL) {
		sodium_free(s);
		return CVD_ENOMEM;
	}
	snprintf(s->ks_name, sizeof(s->ks_name), "%s", name);
	crypto_sign_seed_keypair(s->ks_pk, s->ks_sk, seed);
	keys_id(s->ks_name, KEYS_TYPE_ED25519, s->ks_pk, s->ks_id);
	*out = s;
	return 0;
}

int keys_signer_generate(const char *name, struct keys_signer **out)
{
	uint8_t *seed;
	int rc;

	if (!keys_name_valid(name, strlen(name)))
		return CVD_EINVAL;
	seed = sodium_malloc(32);
	if (seed == NULL)
		return CVD_ENOMEM;
	randombytes_buf(seed, 32);
	rc = signer_from_seed(name, seed, out);
	sodium_free(seed);
	return rc;
}

int keys_signer_parse(const char *s, size_t len, struct keys_signer **out)
{
	size_t plen = strlen(PRIV_PREFIX);
	char name[KEYS_NAME_MAX + 1];
	uint8_t id[KEYS_ID_LEN], want[KEYS_ID_LEN], type;
	uint8_t *seed = NULL;
	struct keys_signer *sg = NULL;
	int rc = CVD_EINVAL;

	while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r'))
		len--;
	if (len < plen || memcmp(s, PRIV_PREFIX, plen) != 0)
		return CVD_EINVAL;
	seed = sodium_malloc(32);
	if (seed == NULL)
		return CVD_ENOMEM;
	if (split_key(s + plen, len - plen, name, id, &type, seed) != 0 ||
	    type != KEYS_TYPE_ED25519)
		goto out;
	rc = signer_from_seed(name, seed, &sg);
	if (rc != 0)
		goto out;
	keys_id(name, KEYS_TYPE_ED25519, sg->ks_pk, want);
	if (memcmp(id, want, KEYS_ID_LEN) != 0) {
		keys_signer_free(sg);
		rc = CVD_EINVAL;
		goto out;
	}
	*out = sg;
	rc = 0;
out:
	sodium_free(seed);
	return rc;
}

int keys_signer_load(const char *path, struct keys_signer **out)
{
	struct stat st;
	char *buf = NULL;
	ssize_t n;
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) != 0) {
		rc = -errno;
		goto out;
	}
	if ((st.st_mode & 077) != 0) {
		rc = -EPERM;
		goto out;
	}
	buf = sodium_malloc(1024);
	if (buf == NULL) {
		rc = CVD_ENOMEM;
		goto out;
	}
	n = read(fd, buf, 1024);
	if (n < 0) {
		rc = -errno;
		goto out;
	}
	rc = (n == 1024) ? CVD_EINVAL : keys_signer_parse(buf, (size_t)n, out);
	sodium_memzero(buf, 1024);
out:
	sodium_free(buf);
	close(fd);
	return rc;
}

static int write_file(const char *path, const char *text, mode_t mode)
{
	size_t len = strlen(text), off = 0;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	int rc = 0;

	if (fd < 0)
		return -errno;
	while (off < len) {
		ssize_t n = write(fd, text + off, len - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			break;
		}
		off += (size_t)n;
	}
	if (rc == 0 && fsync(fd) != 0)
		rc = -errno;
	close(fd);
	if (rc != 0)
		unlink(path);
	return rc;
}

int keys_signer_save(const struct keys_signer *s, const char *path, const char *pub_path)
{
	size_t cap = strlen(PRIV_PREFIX) + KEYS_VKEY_MAX + 2;
	char *text = sodium_malloc(cap);
	uint8_t raw[33];
	char hex[9], *b64 = NULL, vkey[KEYS_VKEY_MAX + 2];
	struct keys_verifier v;
	int rc;

	b64 = sodium_malloc(45);
	if (text == NULL || b64 == NULL) {
		rc = CVD_ENOMEM;
		goto out;
	}
	raw[0] = KEYS_TYPE_ED25519;
	memcpy(raw + 1, s->ks_sk, 32); /* libsodium's sk is seed || pk */
	/* The seed is secret: libsodium's constant-time encoder. */
	sodium_bin2base64(b64, 45, raw, 33, sodium_base64_VARIANT_ORIGINAL);
	sodium_memzero(raw, sizeof(raw));
	snprintf(text, cap, PRIV_PREFIX "%s+%s+%s\n", s->ks_name, enc_hex(hex, s->ks_id, 4), b64);
	rc = write_file(path, text, 0600);
	if (rc != 0 || pub_path == NULL)
		goto out;
	keys_signer_verifier(s, &v);
	keys_verifier_format(&v, vkey);
	strcat(vkey, "\n");
	rc = write_file(pub_path, vkey, 0644);
	if (rc != 0)
		unlink(path);
out:
	if (text != NULL)
		sodium_memzero(text, cap);
	sodium_free(text);
	sodium_free(b64);
	return rc;
}

void keys_signer_free(struct keys_signer *s)
{
	if (s == NULL)
		return;
	sodium_free(s->ks_sk);
	sodium_free(s);
}

void keys_signer_verifier(const struct keys_signer *s, struct keys_verifier *v)
{
	memcpy(v->kv_name, s->ks_name, sizeof(v->kv_name));
	v->kv_type = KEYS_TYPE_ED25519;
	memcpy(v->kv_id, s->ks_id, KEYS_ID_LEN);
	memcpy(v->kv_pk, s->ks_pk, KEYS_PK_LEN);
}

char *keys_signer_vkey(const struct keys_signer *s, char *buf)
{
	struct keys_verifier v;
	keys_signer_verifier(s, &v);
	return keys_verifier_format(&v, buf);
}

const char *keys_signer_name(const struct keys_signer *s)
{
	return s->ks_name;
}

const uint8_t *keys_signer_pk(const struct keys_signer *s)
{
	return s->ks_pk;
}

void keys_signer_x25519_sk(const struct keys_signer *s, uint8_t xsk[32])
{
	/* Always 0: the conversion hashes the seed half of the secret key. */
	(void)crypto_sign_ed25519_sk_to_curve25519(xsk, s->ks_sk);
}

void keys_sign(const struct keys_signer *s, const uint8_t *msg, size_t len,
               uint8_t sig[KEYS_SIG_LEN])
{
	crypto_sign_detached(sig, NULL, msg, len, s->ks_sk);
}

int keys_verify(const uint8_t pk[KEYS_PK_LEN], const uint8_t *msg, size_t len,
                const uint8_t sig[KEYS_SIG_LEN])
{
	return crypto_sign_verify_detached(sig, msg, len, pk) == 0 ? 0 : CVD_EBADSIG;
}
