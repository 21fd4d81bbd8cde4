/*
 * encoding.h: strict base64 (RFC 4648, padded, canonical) and hex, and
 * big-endian integers, over libsodium.
 *
 * Decoders reject anything that would not re-encode to the same text, so a
 * value has exactly one accepted spelling (signatures and hashes in notes and
 * receipts must not be malleable).
 */
#ifndef CVD_ENCODING_H
#define CVD_ENCODING_H

#include <stddef.h>
#include <stdint.h>

/* enc_b64_len: characters (without NUL) that enc_b64 writes for n bytes. */
size_t enc_b64_len(size_t n);

/* enc_b64 writes the padded base64 of in[0..n) and a NUL to out, which has
 * room for enc_b64_len(n) + 1 bytes. Returns out. Not constant-time: for
 * public data only (use sodium_bin2base64 for secrets). */
char *enc_b64(char *out, const uint8_t *in, size_t n);

/* enc_unb64 decodes exactly len characters of s into out (capacity cap).
 * Sets *outlen. Returns 0, or CVD_EINVAL for non-canonical or bad input,
 * CVD_ETOOLARGE when it does not fit. */
int enc_unb64(uint8_t *out, size_t cap, size_t *outlen, const char *s, size_t len);

/* enc_hex writes 2n lowercase hex digits and a NUL. Returns out. */
char *enc_hex(char *out, const uint8_t *in, size_t n);

/* enc_unhex decodes exactly 2n hex digits. Returns 0 or CVD_EINVAL. */
int enc_unhex(uint8_t *out, size_t n, const char *s, size_t len);

static inline void enc_put64(uint8_t *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

static inline void enc_put32(uint8_t *p, uint32_t v)
{
	for (int i = 3; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

static inline uint64_t enc_get64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static inline uint32_t enc_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* enc_parse_u64 parses a decimal with no sign, no leading zeros (except "0")
 * and no overflow from exactly len characters. Returns 0 or CVD_EINVAL. */
int enc_parse_u64(const char *s, size_t len, uint64_t *out);

/* enc_utf8_valid: 1 if s[0..len) is valid UTF-8 (no overlongs, no
 * surrogates), else 0. */
int enc_utf8_valid(const char *s, size_t len);

#endif
