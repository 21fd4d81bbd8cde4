/* encoding.c: strict base64, hex, decimal and UTF-8 checks (see encoding.h). */
#include "encoding.h"

#include <sodium.h>
#include <string.h>

#include "error.h"

size_t enc_b64_len(size_t n)
{
	return (n + 2) / 3 * 4;
}

char *enc_b64(char *out, const uint8_t *in, size_t n)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *p = out;
	size_t i = 0;

	/* Table lookups: fast, not constant-time. Secrets go through
	 * sodium_bin2base64 instead (keys.c). */
	for (; i + 3 <= n; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
		*p++ = tab[v >> 18];
		*p++ = tab[(v >> 12) & 63];
		*p++ = tab[(v >> 6) & 63];
		*p++ = tab[v & 63];
	}
	if (i < n) {
		uint32_t v = (uint32_t)in[i] << 16 | (i + 1 < n ? (uint32_t)in[i + 1] << 8 : 0);
		*p++ = tab[v >> 18];
		*p++ = tab[(v >> 12) & 63];
		*p++ = i + 1 < n ? tab[(v >> 6) & 63] : '=';
		*p++ = '=';
	}
	*p = '\0';
	return out;
}

int enc_unb64(uint8_t *out, size_t cap, size_t *outlen, const char *s, size_t len)
{
	size_t n = 0, pad = 0;
	const char *end = NULL;

	if (len % 4 != 0)
		return CVD_EINVAL;
	/* Alphabet and '=' only: libsodium 1.0.18 reads the text as signed
	 * chars and decodes every byte >= 0x80 as '/'. */
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '+' || c == '/' || c == '='))
			return CVD_EINVAL;
	}
	while (pad < 2 && pad < len && s[len - 1 - pad] == '=')
		pad++;
	if (len / 4 * 3 - pad > cap)
		return CVD_ETOOLARGE;
	if (sodium_base642bin(out, cap, s, len, NULL, &n, &end, sodium_base64_VARIANT_ORIGINAL) !=
	    0)
		return CVD_EINVAL;
	if (end != s + len)
		return CVD_EINVAL;
	/* Canonical: unused bits of the last group must be zero. */
	size_t tail = n % 3;
	if (tail != 0) {
		char check[5];
		sodium_bin2base64(check, sizeof(check), out + n - tail, tail,
		                  sodium_base64_VARIANT_ORIGINAL);
		if (memcmp(check, s + len - 4, 4) != 0)
			return CVD_EINVAL;
	}
	*outlen = n;
	return 0;
}

char *enc_hex(char *out, const uint8_t *in, size_t n)
{
	sodium_bin2hex(out, 2 * n + 1, in, n);
	return out;
}

int enc_unhex(uint8_t *out, size_t n, const char *s, size_t len)
{
	size_t got = 0;
	const char *end = NULL;

	if (len != 2 * n)
		return CVD_EINVAL;
	if (sodium_hex2bin(out, n, s, len, NULL, &got, &end) != 0 || got != n || end != s + len)
		return CVD_EINVAL;
	return 0;
}

int enc_parse_u64(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;

	if (len == 0 || len > 20 || (len > 1 && s[0] == '0'))
		return CVD_EINVAL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return CVD_EINVAL;
		unsigned d = (unsigned)(s[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return CVD_EINVAL;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

int enc_utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned c = s[i];
		size_t n;
		uint32_t cp;
		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return 0;
		}
		if (i + n >= len)
			return 0;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += n + 1;
	}
	return 1;
}
