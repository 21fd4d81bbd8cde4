/*
 * test_encoding.c: lib/encoding.c. Strict base64 (RFC 4648 vectors, round
 * trips, non-canonical trailing bits, missing or misplaced padding,
 * whitespace, the URL alphabet, capacity), hex, enc_parse_u64 (leading
 * zeros, overflow at 2^64, empty, signs) and enc_utf8_valid (overlongs,
 * surrogates, code points above U+10FFFF, truncated sequences), each checked
 * against an independent reference on exhaustive short inputs and on
 * truncated, extended and single-byte mutated inputs. Decoders must accept
 * exactly one spelling of a value: whatever they accept re-encodes to the
 * same text.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "encoding.h"
#include "error.h"
#include "testutil.h"

/* b64_decode_str decodes a NUL-terminated string with a generous capacity. */
static int b64_decode_str(const char *s, uint8_t *out, size_t cap, size_t *outlen)
{
	return enc_unb64(out, cap, outlen, s, strlen(s));
}

START_TEST(b64_rfc4648_vectors)
{
	static const struct {
		const char *bin, *b64;
	} v[] = {
	    {"", ""},
	    {"f", "Zg=="},
	    {"fo", "Zm8="},
	    {"foo", "Zm9v"},
	    {"foob", "Zm9vYg=="},
	    {"fooba", "Zm9vYmE="},
	    {"foobar", "Zm9vYmFy"},
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char enc[32];
		uint8_t dec[32];
		size_t n = 99;
		size_t blen = strlen(v[i].bin);

		ck_assert_uint_eq(enc_b64_len(blen), strlen(v[i].b64));
		ck_assert_str_eq(enc_b64(enc, (const uint8_t *)v[i].bin, blen), v[i].b64);
		ck_assert_int_eq(b64_decode_str(v[i].b64, dec, sizeof(dec), &n), 0);
		ck_assert_uint_eq(n, blen);
		ck_assert_mem_eq(dec, v[i].bin, blen);
	}
}
END_TEST

START_TEST(b64_round_trip_all_lengths)
{
	uint64_t seed = 1;
	uint8_t in[200], dec[200];
	char enc[300];

	for (size_t len = 0; len <= sizeof(in); len++) {
		size_t n = 0;
		for (size_t i = 0; i < len; i++)
			in[i] = (uint8_t)rng_next(&seed);
		enc_b64(enc, in, len);
		ck_assert_uint_eq(strlen(enc), enc_b64_len(len));
		ck_assert_uint_eq(strlen(enc) % 4, 0);
		ck_assert_int_eq(enc_unb64(dec, len, &n, enc, strlen(enc)), 0);
		ck_assert_uint_eq(n, len);
		ck_assert_mem_eq(dec, in, len);
	}
}
END_TEST

START_TEST(b64_rejects_noncanonical_trailing_bits)
{
	uint8_t out[16];
	size_t n;

	/* "f" = 0x66 is "Zg=="; Zh, Zi, ... carry set bits in the unused tail. */
	const char *bad[] = {"Zh==", "Zi==", "Zj==", "Zv==",     "Zm9=",    "Zm+=",
	                     "Zm/=", "AB==", "AAB=", "Zm9vYh==", "Zm9vYmF="};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(b64_decode_str(bad[i], out, sizeof(out), &n) == CVD_EINVAL,
		              "accepted non-canonical %s", bad[i]);
	ck_assert_int_eq(b64_decode_str("AA==", out, sizeof(out), &n), 0);
	ck_assert_int_eq(b64_decode_str("AAA=", out, sizeof(out), &n), 0);

	/* Every last character of a 1- and 2-byte group: only the canonical one. */
	const char *alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	for (int c = 0; c < 64; c++) {
		char s1[5] = {'Q', alpha[c], '=', '=', 0};
		char s2[5] = {'Q', 'U', alpha[c], '=', 0};
		ck_assert_int_eq(b64_decode_str(s1, out, sizeof(out), &n) == 0, (c & 0x0f) == 0);
		ck_assert_int_eq(b64_decode_str(s2, out, sizeof(out), &n) == 0, (c & 0x03) == 0);
	}
}
END_TEST

START_TEST(b64_rejects_bad_padding_and_whitespace)
{
	uint8_t out[64];
	size_t n;
	const char *bad[] = {
	    "Zg",       /* missing padding */
	    "Zg=",      /* short padding */
	    "Zm8",      /* missing padding */
	    "Zm9vYg",   /* missing padding */
	    "Zg===",    /* too much padding */
	    "Z===",     /* padding of three */
	    "====",     /* only padding */
	    "=Zm9",     /* leading padding */
	    "Zg==Zm9v", /* padding in the middle */
	    "Zm=v",     /* padding in the middle of a group */
	    "Zm9v\n",   /* trailing newline */
	    "Zm9v\r\n", /* trailing CRLF */
	    " Zm9v",    /* leading space */
	    "Zm9v ",    /* trailing space */
	    "Zm 9v",    /* inner space */
	    "Zm\t9v",   /* inner tab */
	    "Zm9\nv",   /* inner newline */
	    "Zm9-",     /* URL alphabet */
	    "Zm9_",     /* URL alphabet */
	    "Zm9v.",    /* junk */
	    "Z",        /* one character */
	    "Zm9vY",    /* dangling character */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(b64_decode_str(bad[i], out, sizeof(out), &n) != 0, "accepted \"%s\"",
		              bad[i]);
	/* An embedded NUL is not a terminator: the exact length is decoded. */
	ck_assert_int_ne(enc_unb64(out, sizeof(out), &n, "Zm9v\0AAA", 8), 0);
	ck_assert_int_eq(enc_unb64(out, sizeof(out), &n, "Zm9v\0AAA", 4), 0);
	ck_assert_uint_eq(n, 3);
	/* The empty string is the empty value. */
	n = 99;
	ck_assert_int_eq(enc_unb64(out, 0, &n, "", 0), 0);
	ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(b64_capacity)
{
	uint8_t out[64];
	size_t n;

	/* Exactly fits. */
	ck_assert_int_eq(enc_unb64(out, 3, &n, "Zm9v", 4), 0);
	ck_assert_int_eq(enc_unb64(out, 1, &n, "Zg==", 4), 0);
	ck_assert_int_eq(enc_unb64(out, 2, &n, "Zm8=", 4), 0);
	/* One byte too many, whatever the padding: too large, not malformed. */
	ck_assert_int_eq(enc_unb64(out, 2, &n, "Zm9v", 4), CVD_ETOOLARGE);
	ck_assert_int_eq(enc_unb64(out, 1, &n, "Zm8=", 4), CVD_ETOOLARGE);
	ck_assert_int_eq(enc_unb64(out, 0, &n, "Zg==", 4), CVD_ETOOLARGE);
	ck_assert_int_eq(enc_unb64(out, 32, &n, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 44),
	                 CVD_ETOOLARGE);
	ck_assert_int_eq(enc_unb64(out, 33, &n, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 44),
	                 0);
	ck_assert_uint_eq(n, 33);

	/* A decoder never writes past its capacity (ASan watches the heap). */
	for (size_t cap = 0; cap < 8; cap++) {
		uint8_t *h = malloc(cap > 0 ? cap : 1);
		int rc = enc_unb64(h, cap, &n, "Zm9vYmFy", 8);
		ck_assert_int_eq(rc, cap >= 6 ? 0 : CVD_ETOOLARGE);
		free(h);
	}
}
END_TEST

/* Any accepted spelling re-encodes to itself: for a set of encodings, every
 * prefix, every extension and every single-byte substitution is either
 * rejected or canonical. */
START_TEST(b64_mutations_are_rejected_or_canonical)
{
	uint64_t seed = 7;
	uint8_t in[16], dec[32];
	char enc[32], mut[40], again[64];

	for (size_t len = 0; len <= sizeof(in); len++) {
		size_t elen, n;
		for (size_t i = 0; i < len; i++)
			in[i] = (uint8_t)rng_next(&seed);
		enc_b64(enc, in, len);
		elen = strlen(enc);
		/* Truncations: only those ending on a whole group may decode. */
		for (size_t cut = 0; cut < elen; cut++) {
			int rc = enc_unb64(dec, sizeof(dec), &n, enc, cut);
			if (cut % 4 != 0) {
				ck_assert_int_ne(rc, 0);
			} else if (rc == 0) {
				enc_b64(again, dec, n);
				ck_assert_uint_eq(strlen(again), cut);
				ck_assert_mem_eq(again, enc, cut);
			}
		}
		/* Substitutions at every position by every byte value. */
		for (size_t pos = 0; pos < elen; pos++) {
			for (int c = 0; c < 256; c++) {
				memcpy(mut, enc, elen);
				mut[pos] = (char)c;
				if (enc_unb64(dec, sizeof(dec), &n, mut, elen) != 0)
					continue;
				enc_b64(again, dec, n);
				HOT_ASSERT(uint, strlen(again), elen);
				HOT_ASSERT_MEM(again, mut, elen);
			}
		}
		/* Extensions by one to four characters. */
		const char *tails[] = {"=", "A", "\n", "AAAA", "A===", "====", "\0", " "};
		for (size_t t = 0; t < sizeof(tails) / sizeof(tails[0]); t++) {
			size_t tl = tails[t][0] == 0 ? 1 : strlen(tails[t]);
			memcpy(mut, enc, elen);
			memcpy(mut + elen, tails[t], tl);
			if (enc_unb64(dec, sizeof(dec), &n, mut, elen + tl) != 0)
				continue;
			enc_b64(again, dec, n);
			ck_assert_uint_eq(strlen(again), elen + tl);
			ck_assert_mem_eq(again, mut, elen + tl);
		}
	}
}
END_TEST

START_TEST(hex_round_trip_and_rejects)
{
	uint8_t in[64], out[64];
	char hex[130];
	uint64_t seed = 3;

	for (size_t len = 0; len <= sizeof(in); len++) {
		for (size_t i = 0; i < len; i++)
			in[i] = (uint8_t)rng_next(&seed);
		enc_hex(hex, in, len);
		ck_assert_uint_eq(strlen(hex), 2 * len);
		for (size_t i = 0; i < 2 * len; i++)
			ck_assert_msg(strchr("0123456789abcdef", hex[i]) != NULL,
			              "not lowercase hex");
		ck_assert_int_eq(enc_unhex(out, len, hex, 2 * len), 0);
		ck_assert_mem_eq(out, in, len);
	}
	ck_assert_str_eq(enc_hex(hex, (const uint8_t *)"\x00\x01\xab\xff", 4), "0001abff");

	const struct {
		const char *s;
		size_t n;
	} bad[] = {
	    {"0", 1},    {"000", 1}, {"00", 2},  {"0000", 1},     {"0g", 1}, {"g0", 1},
	    {" 00", 1},  {"00 ", 1}, {"0 0", 1}, {"0x00", 2},     {"-1", 1}, {"0:", 1},
	    {"00\n", 1}, {"zz", 1},  {"", 1},    {"\xff\xff", 1},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(enc_unhex(out, bad[i].n, bad[i].s, strlen(bad[i].s)) == CVD_EINVAL,
		              "accepted \"%s\" as %zu bytes", bad[i].s, bad[i].n);
	ck_assert_int_eq(enc_unhex(out, 0, "", 0), 0);

	/* Single-character substitutions: accepted exactly when a hex digit. */
	strcpy(hex, "0123456789abcdef");
	for (size_t pos = 0; pos < 16; pos++) {
		for (int c = 0; c < 256; c++) {
			char mut[17];
			memcpy(mut, hex, 17);
			mut[pos] = (char)c;
			int is_hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
			             (c >= 'A' && c <= 'F');
			int rc = enc_unhex(out, 8, mut, 16);
			HOT_ASSERT(int, rc == 0, is_hex);
			if (rc == 0) {
				/* Upper and lower case decode alike. */
				unsigned v = (unsigned)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
				unsigned got =
				    pos % 2 == 0 ? out[pos / 2] >> 4u : out[pos / 2] & 15u;
				HOT_ASSERT(uint, got, v);
			}
		}
	}
}
END_TEST

START_TEST(be_integers)
{
	uint8_t b[8];

	enc_put64(b, 0x0102030405060708ull);
	ck_assert_mem_eq(b, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	ck_assert_uint_eq(enc_get64(b), 0x0102030405060708ull);
	enc_put64(b, UINT64_MAX);
	ck_assert_uint_eq(enc_get64(b), UINT64_MAX);
	enc_put32(b, 0xdeadbeefu);
	ck_assert_mem_eq(b, "\xde\xad\xbe\xef", 4);
	ck_assert_uint_eq(enc_get32(b), 0xdeadbeefu);
	enc_put32(b, 0x80000001u);
	ck_assert_uint_eq(enc_get32(b), 0x80000001u);
}
END_TEST

static int parse_str(const char *s, uint64_t *v)
{
	return enc_parse_u64(s, strlen(s), v);
}

START_TEST(parse_u64_cases)
{
	uint64_t v;

	ck_assert_int_eq(parse_str("0", &v), 0);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(parse_str("1", &v), 0);
	ck_assert_uint_eq(v, 1);
	ck_assert_int_eq(parse_str("10", &v), 0);
	ck_assert_uint_eq(v, 10);
	ck_assert_int_eq(parse_str("18446744073709551615", &v), 0);
	ck_assert_uint_eq(v, UINT64_MAX);
	ck_assert_int_eq(parse_str("18446744073709551614", &v), 0);
	ck_assert_uint_eq(v, UINT64_MAX - 1);
	ck_assert_int_eq(parse_str("9999999999999999999", &v), 0);
	ck_assert_uint_eq(v, 9999999999999999999ull);

	const char *bad[] = {
	    "",
	    "18446744073709551616", /* 2^64 */
	    "18446744073709551617",
	    "18446744073709551620",
	    "18446744073709551625",
	    "19000000000000000000",
	    "99999999999999999999",
	    "100000000000000000000",
	    "000000000000000000001",
	    "00",
	    "01",
	    "007",
	    "-1",
	    "+1",
	    "-0",
	    " 1",
	    "1 ",
	    "1\n",
	    "0x10",
	    "1e3",
	    "1.0",
	    "1_000",
	    "١", /* Arabic-Indic digit one */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = 12345;
		ck_assert_msg(parse_str(bad[i], &v) == CVD_EINVAL, "accepted \"%s\"", bad[i]);
		ck_assert_uint_eq(v, 12345);
	}
	/* Exactly len characters are read, no terminator needed. */
	ck_assert_int_eq(enc_parse_u64("1234x", 4, &v), 0);
	ck_assert_uint_eq(v, 1234);
	ck_assert_int_eq(enc_parse_u64("12\0"
	                               "3",
	                               4, &v),
	                 CVD_EINVAL);
}
END_TEST

/* ref_parse: the rule spelled out another way, by comparing digit strings. */
static int ref_parse(const char *s, size_t len, uint64_t *out)
{
	static const char max[] = "18446744073709551615";
	char buf[32];

	if (len == 0 || len > 20 || (len > 1 && s[0] == '0'))
		return -1;
	for (size_t i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return -1;
	if (len == 20 && memcmp(s, max, 20) > 0)
		return -1;
	memcpy(buf, s, len);
	buf[len] = 0;
	*out = strtoull(buf, NULL, 10);
	return 0;
}

START_TEST(parse_u64_mutations_match_reference)
{
	const char *seeds[] = {"0",
	                       "7",
	                       "42",
	                       "1000",
	                       "18446744073709551615",
	                       "18446744073709551616",
	                       "12345678901234567890",
	                       "99999"};
	char mut[32];

	for (size_t k = 0; k < sizeof(seeds) / sizeof(seeds[0]); k++) {
		size_t len = strlen(seeds[k]);
		for (size_t pos = 0; pos < len; pos++) {
			for (int c = 0; c < 256; c++) {
				uint64_t a = 0, b = 0;
				memcpy(mut, seeds[k], len);
				mut[pos] = (char)c;
				int ra = enc_parse_u64(mut, len, &a);
				int rb = ref_parse(mut, len, &b);
				HOT_ASSERT(int, ra == 0, rb == 0);
				HOT_ASSERT(uint, a, b);
			}
		}
		/* Truncations and one-digit extensions. */
		for (size_t cut = 0; cut <= len; cut++) {
			uint64_t a = 0, b = 0;
			ck_assert_int_eq(enc_parse_u64(seeds[k], cut, &a) == 0,
			                 ref_parse(seeds[k], cut, &b) == 0);
			ck_assert_uint_eq(a, b);
		}
		for (int d = '0'; d <= '9'; d++) {
			uint64_t a = 0, b = 0;
			memcpy(mut, seeds[k], len);
			mut[len] = (char)d;
			ck_assert_int_eq(enc_parse_u64(mut, len + 1, &a) == 0,
			                 ref_parse(mut, len + 1, &b) == 0);
			ck_assert_uint_eq(a, b);
		}
	}
	/* Every value near a power of ten and near 2^64. */
	for (uint64_t p = 1; p != 0 && p <= UINT64_MAX / 10; p *= 10) {
		for (uint64_t d = 0; d < 3; d++) {
			char buf[32];
			uint64_t x = p - 1 + d, a;
			int l = snprintf(buf, sizeof(buf), "%llu", (unsigned long long)x);
			ck_assert_int_eq(enc_parse_u64(buf, (size_t)l, &a), 0);
			ck_assert_uint_eq(a, x);
		}
	}
	for (uint64_t d = 0; d < 1000; d++) {
		char buf[32];
		uint64_t x = UINT64_MAX - d, a;
		int l = snprintf(buf, sizeof(buf), "%llu", (unsigned long long)x);
		ck_assert_int_eq(enc_parse_u64(buf, (size_t)l, &a), 0);
		ck_assert_uint_eq(a, x);
	}
}
END_TEST

static int utf8_str(const char *s)
{
	return enc_utf8_valid(s, strlen(s));
}

START_TEST(utf8_cases)
{
	const char *good[] = {
	    "",
	    "plain ASCII",
	    "\x7f",
	    "\xc2\x80",         /* U+0080 */
	    "\xc3\xa9",         /* é */
	    "\xdf\xbf",         /* U+07FF */
	    "\xe0\xa0\x80",     /* U+0800 */
	    "\xe2\x82\xac",     /* € */
	    "\xed\x9f\xbf",     /* U+D7FF, below the surrogates */
	    "\xee\x80\x80",     /* U+E000, above the surrogates */
	    "\xef\xbf\xbf",     /* U+FFFF */
	    "\xf0\x90\x80\x80", /* U+10000 */
	    "\xf0\x9f\x94\x92", /* 🔒 */
	    "\xf4\x8f\xbf\xbf", /* U+10FFFF */
	    "\xe3\x80\x80",     /* U+3000 (a space, but valid UTF-8) */
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(utf8_str(good[i]) == 1, "rejected valid #%zu", i);
	ck_assert_int_eq(enc_utf8_valid("a\0b", 3), 1); /* U+0000 is a scalar value */

	const char *bad[] = {
	    "\x80",                     /* lone continuation */
	    "\xbf",                     /* lone continuation */
	    "a\x80z",                   /* continuation after ASCII */
	    "\xc0\x80",                 /* overlong NUL */
	    "\xc0\xaf",                 /* overlong '/' */
	    "\xc1\xbf",                 /* overlong U+007F */
	    "\xe0\x80\x80",             /* overlong NUL, 3 bytes */
	    "\xe0\x9f\xbf",             /* overlong U+07FF */
	    "\xf0\x80\x80\x80",         /* overlong NUL, 4 bytes */
	    "\xf0\x8f\xbf\xbf",         /* overlong U+FFFF */
	    "\xed\xa0\x80",             /* U+D800 */
	    "\xed\xad\xbf",             /* U+DB7F */
	    "\xed\xb0\x80",             /* U+DC00 */
	    "\xed\xbf\xbf",             /* U+DFFF */
	    "\xed\xa0\xbd\xed\xb4\x92", /* CESU-8 surrogate pair */
	    "\xf4\x90\x80\x80",         /* U+110000 */
	    "\xf5\x80\x80\x80",         /* lead byte F5 */
	    "\xf7\xbf\xbf\xbf",         /* U+1FFFFF */
	    "\xf8\x88\x80\x80\x80",     /* 5-byte form */
	    "\xfc\x84\x80\x80\x80\x80", /* 6-byte form */
	    "\xfe",
	    "\xff",
	    "\xc3",             /* truncated 2-byte */
	    "\xe2\x82",         /* truncated 3-byte */
	    "\xe2",             /* truncated 3-byte */
	    "\xf0\x9f\x94",     /* truncated 4-byte */
	    "\xf0\x9f",         /* truncated 4-byte */
	    "\xf0",             /* truncated 4-byte */
	    "abc\xc3",          /* truncated at the end */
	    "\xc3\x41",         /* bad continuation */
	    "\xe2\x28\xa1",     /* bad second byte */
	    "\xe2\x82\x28",     /* bad third byte */
	    "\xf0\x28\x8c\xbc", /* bad second byte */
	    "\xf0\x90\x28\xbc", /* bad third byte */
	    "\xf0\x90\x8c\x28", /* bad fourth byte */
	    "\xc3\xa9\xc3",     /* good then truncated */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(utf8_str(bad[i]) == 0, "accepted invalid #%zu", i);
	/* The length is respected: a valid prefix of an invalid string. */
	ck_assert_int_eq(enc_utf8_valid("ab\xff", 2), 1);
	ck_assert_int_eq(enc_utf8_valid("\xc3\xa9", 1), 0);
}
END_TEST

/* ref_utf8: Unicode Table 3-7 (well-formed UTF-8 byte sequences) as ranges. */
static int ref_utf8(const uint8_t *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		uint8_t c = s[i];
		uint8_t lo = 0x80, hi = 0xbf;
		size_t n;
		if (c <= 0x7f) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
		} else if (c == 0xe0) {
			n = 2, lo = 0xa0;
		} else if ((c >= 0xe1 && c <= 0xec) || c == 0xee || c == 0xef) {
			n = 2;
		} else if (c == 0xed) {
			n = 2, hi = 0x9f;
		} else if (c == 0xf0) {
			n = 3, lo = 0x90;
		} else if (c >= 0xf1 && c <= 0xf3) {
			n = 3;
		} else if (c == 0xf4) {
			n = 3, hi = 0x8f;
		} else {
			return 0;
		}
		if (len - i - 1 < n)
			return 0;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return 0;
		for (size_t k = 2; k <= n; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xbf)
				return 0;
		i += n + 1;
	}
	return 1;
}

START_TEST(utf8_exhaustive_short_strings)
{
	uint8_t b[4];

	for (unsigned x = 0; x < 256; x++) {
		b[0] = (uint8_t)x;
		HOT_ASSERT(int, enc_utf8_valid((const char *)b, 1), ref_utf8(b, 1));
	}
	for (unsigned x = 0; x < 1u << 16; x++) {
		b[0] = (uint8_t)(x >> 8), b[1] = (uint8_t)x;
		HOT_ASSERT(int, enc_utf8_valid((const char *)b, 2), ref_utf8(b, 2));
	}
	/* All three-byte strings whose first byte is not ASCII (the ASCII ones
	 * reduce to the two-byte case above). */
	for (unsigned x = 0x80u << 16; x < 1u << 24; x++) {
		b[0] = (uint8_t)(x >> 16), b[1] = (uint8_t)(x >> 8), b[2] = (uint8_t)x;
		HOT_ASSERT(int, enc_utf8_valid((const char *)b, 3), ref_utf8(b, 3));
	}
	/* Four-byte strings from lead bytes E0..FF over the boundary bytes. */
	static const uint8_t edge[] = {0x00, 0x41, 0x7f, 0x80, 0x81, 0x8f, 0x90, 0x9f, 0xa0, 0xbf,
	                               0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff};
	const size_t ne = sizeof(edge);
	for (unsigned l = 0xe0; l < 256; l++)
		for (size_t i = 0; i < ne; i++)
			for (size_t j = 0; j < ne; j++)
				for (size_t k = 0; k < ne; k++) {
					b[0] = (uint8_t)l, b[1] = edge[i], b[2] = edge[j];
					b[3] = edge[k];
					HOT_ASSERT(int, enc_utf8_valid((const char *)b, 4),
					           ref_utf8(b, 4));
				}
	/* Every scalar value, encoded by hand, is valid; surrogates are not. */
	for (uint32_t cp = 0x80; cp <= 0x10ffff; cp++) {
		uint8_t e[4];
		size_t n;
		if (cp < 0x800) {
			e[0] = (uint8_t)(0xc0 | cp >> 6), e[1] = (uint8_t)(0x80 | (cp & 0x3f));
			n = 2;
		} else if (cp < 0x10000) {
			e[0] = (uint8_t)(0xe0 | cp >> 12);
			e[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
			e[2] = (uint8_t)(0x80 | (cp & 0x3f));
			n = 3;
		} else {
			e[0] = (uint8_t)(0xf0 | cp >> 18);
			e[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3f));
			e[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
			e[3] = (uint8_t)(0x80 | (cp & 0x3f));
			n = 4;
		}
		int want = !(cp >= 0xd800 && cp <= 0xdfff);
		if (enc_utf8_valid((const char *)e, n) != want)
			ck_abort_msg("U+%04X: got %d", (unsigned)cp, !want);
		/* Every proper prefix of a multi-byte sequence is truncated. */
		for (size_t cut = 1; cut < n; cut++)
			HOT_ASSERT(int, enc_utf8_valid((const char *)e, cut), 0);
	}
}
END_TEST

START_TEST(utf8_random_strings_match_reference)
{
	uint64_t seed = 11;
	uint8_t b[24];

	for (int iter = 0; iter < 200000; iter++) {
		size_t len = (size_t)(rng_next(&seed) % sizeof(b));
		for (size_t i = 0; i < len; i++) {
			uint64_t r = rng_next(&seed);
			/* Mostly high bytes, where the rules are. */
			b[i] = (uint8_t)((r & 3) == 0 ? r >> 8 : 0x80 | ((r >> 8) & 0x7f));
		}
		HOT_ASSERT(int, enc_utf8_valid((const char *)b, len), ref_utf8(b, len));
	}
}
END_TEST

Suite *suite_encoding(void)
{
	Suite *s = suite_create("encoding");
	TCase *tc;

	tc = tcase_create("base64");
	tcase_add_test(tc, b64_rfc4648_vectors);
	tcase_add_test(tc, b64_round_trip_all_lengths);
	tcase_add_test(tc, b64_rejects_noncanonical_trailing_bits);
	tcase_add_test(tc, b64_rejects_bad_padding_and_whitespace);
	tcase_add_test(tc, b64_capacity);
	tcase_add_test(tc, b64_mutations_are_rejected_or_canonical);
	suite_add_tcase(s, tc);

	tc = tcase_create("hex_and_integers");
	tcase_add_test(tc, hex_round_trip_and_rejects);
	tcase_add_test(tc, be_integers);
	tcase_add_test(tc, parse_u64_cases);
	tcase_add_test(tc, parse_u64_mutations_match_reference);
	suite_add_tcase(s, tc);

	tc = tcase_create("utf8");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, utf8_cases);
	tcase_add_test(tc, utf8_exhaustive_short_strings);
	tcase_add_test(tc, utf8_random_strings_match_reference);
	suite_add_tcase(s, tc);
	return s;
}
