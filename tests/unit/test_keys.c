/*
 * test_keys.c: lib/keys.c, the C2SP signed-note key encodings. Verifier and
 * private keys from note.json and cvdlog.json parse and re-format to the same
 * text; key IDs match SHA-256(name || 0x0A || type || pk)[:4] computed here
 * with libsodium; names follow the rules (no '+', no Unicode space such as
 * U+00A0 or U+3000, no control character, non-empty, at most 256 bytes,
 * valid UTF-8); uppercase hex, wrong key IDs, wrong types and truncated,
 * extended or mutated key texts are rejected; keys_verifier_as_cosigner gives
 * the 0x04 key of note.json; a key saved in a tu_tmpdir() loads back, the
 * private file has mode 0600, a 0644 file is refused and save never
 * overwrites; keys_signer_x25519_sk gives the secret half of the X25519 key
 * crypto_sign_ed25519_pk_to_curve25519 makes of the public key.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "encoding.h"
#include "error.h"
#include "keys.h"
#include "testutil.h"

static int parse_vkey(const char *s, struct keys_verifier *v)
{
	return keys_verifier_parse(s, strlen(s), v);
}

/* assert_same_key compares the meaningful fields (the name buffer past its NUL is
 * not part of the value). */
static void assert_same_key(const struct keys_verifier *a, const struct keys_verifier *b)
{
	ck_assert_str_eq(a->kv_name, b->kv_name);
	ck_assert_int_eq(a->kv_type, b->kv_type);
	ck_assert_mem_eq(a->kv_id, b->kv_id, KEYS_ID_LEN);
	ck_assert_mem_eq(a->kv_pk, b->kv_pk, KEYS_PK_LEN);
}

/* parse_skey: tu_skey, and the key it gives is never NULL. */
static struct keys_signer *parse_skey(const char *s)
{
	struct keys_signer *k = tu_skey(s);
	ck_assert_ptr_nonnull(k);
	return k;
}

/* ref_id: the key ID formula of DESIGN.md section 2, computed here. */
static void ref_id(const char *name, uint8_t type, const uint8_t pk[32], uint8_t id[4])
{
	uint8_t buf[KEYS_NAME_MAX + 2 + 32], h[32];
	size_t n = strlen(name);

	memcpy(buf, name, n);
	buf[n] = 0x0a;
	buf[n + 1] = type;
	memcpy(buf + n + 2, pk, 32);
	crypto_hash_sha256(h, buf, n + 2 + 32);
	memcpy(id, h, 4);
}

/* Each known vkey parses, re-formats to itself and has the right ID. */
START_TEST(vkey_vectors_round_trip)
{
	json_t *note = tu_vectors("note.json");
	json_t *cv = tu_vectors("cvdlog.json");
	json_t *cos = json_object_get(note, "cosignature");
	const char *vkeys[] = {
	    tu_str(note, "vkey"),
	    tu_str(cos, "witness_vkey"),
	    tu_str(cos, "witness_vkey_cosigner"),
	    tu_str(cv, "author_vkey"),
	    tu_str(cv, "node_vkey"),
	    tu_str(cv, "node2_vkey"),
	};
	for (size_t i = 0; i < sizeof(vkeys) / sizeof(vkeys[0]); i++) {
		struct keys_verifier v;
		char buf[KEYS_VKEY_MAX + 1];
		uint8_t id[4];

		ck_assert_int_eq(parse_vkey(vkeys[i], &v), 0);
		ck_assert_str_eq(keys_verifier_format(&v, buf), vkeys[i]);
		ref_id(v.kv_name, v.kv_type, v.kv_pk, id);
		ck_assert_mem_eq(id, v.kv_id, 4);
		keys_id(v.kv_name, v.kv_type, v.kv_pk, id);
		ck_assert_mem_eq(id, v.kv_id, 4);
	}

	struct keys_verifier v;
	ck_assert_int_eq(parse_vkey(tu_str(note, "vkey"), &v), 0);
	ck_assert_str_eq(v.kv_name, "PeterNeumann");
	ck_assert_int_eq(v.kv_type, KEYS_TYPE_ED25519);
	ck_assert_mem_eq(v.kv_id, "\xc7\x4f\x20\xa3", 4);
	ck_assert_int_eq(parse_vkey(tu_str(cos, "witness_vkey_cosigner"), &v), 0);
	ck_assert_int_eq(v.kv_type, KEYS_TYPE_COSIG);
	ck_assert_str_eq(v.kv_name, "witness.example");
	json_decref(note);
	json_decref(cv);
}
END_TEST

/* Each private key gives the verifier key published beside it, and signs. */
START_TEST(skey_vectors_match_vkeys)
{
	json_t *note = tu_vectors("note.json");
	json_t *cv = tu_vectors("cvdlog.json");
	json_t *cos = json_object_get(note, "cosignature");
	const char *pairs[][2] = {
	    {tu_str(note, "skey"), tu_str(note, "vkey")},
	    {tu_str(cos, "witness_skey"), tu_str(cos, "witness_vkey")},
	    {tu_str(cv, "author_skey"), tu_str(cv, "author_vkey")},
	    {tu_str(cv, "node_skey"), tu_str(cv, "node_vkey")},
	    {tu_str(cv, "node2_skey"), tu_str(cv, "node2_vkey")},
	};
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		struct keys_signer *k = parse_skey(pairs[i][0]);
		struct keys_verifier v, want;
		char buf[KEYS_VKEY_MAX + 1];
		uint8_t sig[KEYS_SIG_LEN];
		const uint8_t msg[] = "message";

		keys_signer_verifier(k, &v);
		ck_assert_str_eq(keys_verifier_format(&v, buf), pairs[i][1]);
		ck_assert_int_eq(parse_vkey(pairs[i][1], &want), 0);
		ck_assert_mem_eq(keys_signer_pk(k), want.kv_pk, 32);
		ck_assert_str_eq(keys_signer_name(k), want.kv_name);
		keys_sign(k, msg, sizeof(msg), sig);
		ck_assert_int_eq(keys_verify(want.kv_pk, msg, sizeof(msg), sig), 0);
		ck_assert_int_eq(keys_verify(want.kv_pk, msg, sizeof(msg) - 1, sig), CVD_EBADSIG);
		sig[7] ^= 0x10;
		ck_assert_int_eq(keys_verify(want.kv_pk, msg, sizeof(msg), sig), CVD_EBADSIG);
		keys_signer_free(k);
	}

	/* A trailing newline (a key file) is accepted, with or without CR. */
	char line[512];
	struct keys_signer *k = NULL;
	snprintf(line, sizeof(line), "%s\n", tu_str(note, "skey"));
	ck_assert_int_eq(keys_signer_parse(line, strlen(line), &k), 0);
	keys_signer_free(k);
	k = NULL;
	snprintf(line, sizeof(line), "%s\r\n", tu_str(note, "skey"));
	ck_assert_int_eq(keys_signer_parse(line, strlen(line), &k), 0);
	keys_signer_free(k);
	keys_signer_free(NULL);
	json_decref(note);
	json_decref(cv);
}
END_TEST

START_TEST(cosigner_conversion)
{
	json_t *note = tu_vectors("note.json");
	json_t *cos = json_object_get(note, "cosignature");
	struct keys_verifier v, c, c2;
	char buf[KEYS_VKEY_MAX + 1];
	uint8_t id[4];

	ck_assert_int_eq(parse_vkey(tu_str(cos, "witness_vkey"), &v), 0);
	keys_verifier_as_cosigner(&v, &c);
	ck_assert_str_eq(keys_verifier_format(&c, buf), tu_str(cos, "witness_vkey_cosigner"));
	ck_assert_int_eq(c.kv_type, KEYS_TYPE_COSIG);
	ref_id("witness.example", KEYS_TYPE_COSIG, v.kv_pk, id);
	ck_assert_mem_eq(c.kv_id, id, 4);
	/* A 0x04 key is returned unchanged, in place too. */
	keys_verifier_as_cosigner(&c, &c2);
	assert_same_key(&c2, &c);
	keys_verifier_as_cosigner(&v, &v);
	ck_assert_str_eq(keys_verifier_format(&v, buf), tu_str(cos, "witness_vkey_cosigner"));
	json_decref(note);
}
END_TEST

static int name_ok(const char *s)
{
	return keys_name_valid(s, strlen(s));
}

START_TEST(name_rules)
{
	char longname[KEYS_NAME_MAX + 2];

	const char *good[] = {
	    "a",
	    "PeterNeumann",
	    "psirt.example.com/log",
	    "witness.example",
	    "r\xc3\xa9porter",          /* é */
	    "\xe6\xbc\xa2\xe5\xad\x97", /* CJK */
	    "\xf0\x9f\x94\x92",         /* U+1F512 */
	    "a-b_c.d/e:f@g",
	    "\xe2\x80\x8b", /* U+200B ZERO WIDTH SPACE is not White_Space */
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(name_ok(good[i]), "rejected good name #%zu", i);

	const char *bad[] = {
	    "a+b",
	    "+",
	    "a+",
	    "+a", /* plus */
	    "a b",
	    " a",
	    "a ", /* ASCII space */
	    "a\tb",
	    "a\nb",
	    "a\rb",
	    "a\vb",
	    "a\fb", /* ASCII white space */
	    "a\xc2\x85"
	    "b", /* U+0085 NEL */
	    "a\xc2\xa0"
	    "b", /* U+00A0 NO-BREAK SPACE */
	    "\xc2\xa0",
	    "a\xe1\x9a\x80"
	    "b", /* U+1680 */
	    "a\xe2\x80\x80"
	    "b", /* U+2000 */
	    "a\xe2\x80\x8a"
	    "b", /* U+200A */
	    "a\xe2\x80\xa8"
	    "b", /* U+2028 */
	    "a\xe2\x80\xa9"
	    "b", /* U+2029 */
	    "a\xe2\x80\xaf"
	    "b", /* U+202F */
	    "a\xe2\x81\x9f"
	    "b", /* U+205F */
	    "a\xe3\x80\x80"
	    "b", /* U+3000 IDEOGRAPHIC SPACE */
	    "\xe3\x80\x80",
	    "a\x01"
	    "b",
	    "\x1f",
	    "a\x7f", /* C0 controls and DEL */
	    "a\xc2\x80"
	    "b",
	    "a\xc2\x9f"
	    "b", /* C1 controls */
	    "\xff",
	    "a\xc3",
	    "\xc0\xaf",
	    "\xed\xa0\x80",
	    "\xf4\x90\x80\x80", /* not UTF-8 */
	    "",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!name_ok(bad[i]), "accepted bad name #%zu", i);
	ck_assert_int_eq(keys_name_valid("a\0b", 3), 0); /* NUL is a control char */

	memset(longname, 'n', sizeof(longname));
	ck_assert_int_eq(keys_name_valid(longname, KEYS_NAME_MAX), 1);
	ck_assert_int_eq(keys_name_valid(longname, KEYS_NAME_MAX + 1), 0);
	/* A multi-byte character ending exactly at the limit, and one past it. */
	memcpy(longname + KEYS_NAME_MAX - 2, "\xc3\xa9", 2);
	ck_assert_int_eq(keys_name_valid(longname, KEYS_NAME_MAX), 1);
	memcpy(longname + KEYS_NAME_MAX - 1, "\xc3\xa9", 2);
	ck_assert_int_eq(keys_name_valid(longname, KEYS_NAME_MAX + 1), 0);

	/* Every ASCII byte: only printable non-space non-plus characters. */
	for (int c = 0; c < 128; c++) {
		char s[3] = {'x', (char)c, 'y'};
		int want = c > 0x20 && c < 0x7f && c != '+';
		HOT_ASSERT(int, keys_name_valid(s, 3), want);
	}
	/* Every code point of the Latin-1 Supplement: C1 and NBSP out. */
	for (unsigned cp = 0x80; cp < 0x100; cp++) {
		char s[2] = {(char)(0xc0 | cp >> 6), (char)(0x80 | (cp & 0x3f))};
		int want = cp >= 0xa0 && cp != 0xa0 && cp != 0x85;
		HOT_ASSERT(int, keys_name_valid(s, 2), want);
	}

	/* A bad name cannot be generated. */
	struct keys_signer *k = NULL;
	ck_assert_int_eq(keys_signer_generate("bad name", &k), CVD_EINVAL);
	ck_assert_int_eq(keys_signer_generate("a+b", &k), CVD_EINVAL);
	ck_assert_int_eq(keys_signer_generate("", &k), CVD_EINVAL);
	ck_assert_int_eq(keys_signer_generate("a\xc2\xa0"
	                                      "b",
	                                      &k),
	                 CVD_EINVAL);
	ck_assert_ptr_null(k);
}
END_TEST

/* Keys whose names break the rules, built with a correct ID, are refused. */
START_TEST(vkey_with_bad_name_rejected)
{
	const uint8_t pk[32] = {1, 2, 3};
	const char *names[] = {"a b",
	                       "a\xc2\xa0"
	                       "b",
	                       "a\xe3\x80\x80"
	                       "b",
	                       "a\x01",
	                       "\xff",
	                       ""};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct keys_verifier v;
		char buf[KEYS_VKEY_MAX + 64];
		uint8_t raw[33], id[4];
		char hex[9], b64[45];

		raw[0] = KEYS_TYPE_ED25519;
		memcpy(raw + 1, pk, 32);
		ref_id(names[i], KEYS_TYPE_ED25519, pk, id);
		snprintf(buf, sizeof(buf), "%s+%s+%s", names[i], enc_hex(hex, id, 4),
		         enc_b64(b64, raw, 33));
		ck_assert_msg(parse_vkey(buf, &v) == CVD_EINVAL, "accepted name #%zu", i);
		snprintf(buf, sizeof(buf), "PRIVATE+KEY+%s+%s+%s", names[i], enc_hex(hex, id, 4),
		         enc_b64(b64, raw, 33));
		struct keys_signer *k = NULL;
		ck_assert_int_eq(keys_signer_parse(buf, strlen(buf), &k), CVD_EINVAL);
		ck_assert_ptr_null(k);
	}
}
END_TEST

START_TEST(vkey_rejects_uppercase_wrong_id_and_type)
{
	json_t *note = tu_vectors("note.json");
	struct keys_verifier v;
	const char *vk = tu_str(note, "vkey");
	char buf[KEYS_VKEY_MAX + 64];

	/* Uppercase hex key ID, same bytes. */
	ck_assert_int_eq(
	    parse_vkey("PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", &v),
	    CVD_EINVAL);
	ck_assert_int_eq(
	    parse_vkey("PeterNeumann+c74f20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", &v),
	    CVD_EINVAL);
	/* Wrong key ID. */
	ck_assert_int_eq(
	    parse_vkey("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", &v),
	    CVD_EINVAL);
	/* Right key under another name: the ID no longer matches. */
	ck_assert_int_eq(
	    parse_vkey("PeterNeumanN+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", &v),
	    CVD_EINVAL);
	/* A key ID of the wrong length. */
	ck_assert_int_eq(
	    parse_vkey("PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", &v),
	    CVD_EINVAL);
	ck_assert_int_eq(
	    parse_vkey("PeterNeumann+c74f20a3a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", &v),
	    CVD_EINVAL);

	/* Types other than 0x01 and 0x04, each with a matching key ID. */
	ck_assert_int_eq(parse_vkey(vk, &v), 0);
	for (int type = 0; type < 256; type++) {
		uint8_t raw[33], id[4];
		char hex[9], b64[45];
		struct keys_verifier w;

		raw[0] = (uint8_t)type;
		memcpy(raw + 1, v.kv_pk, 32);
		ref_id(v.kv_name, (uint8_t)type, v.kv_pk, id);
		snprintf(buf, sizeof(buf), "%s+%s+%s", v.kv_name, enc_hex(hex, id, 4),
		         enc_b64(b64, raw, 33));
		int want = type == KEYS_TYPE_ED25519 || type == KEYS_TYPE_COSIG ? 0 : CVD_EINVAL;
		HOT_ASSERT(int, parse_vkey(buf, &w), want);
	}
	/* A key of 31 or 33 bytes after the type byte. */
	ck_assert_int_eq(
	    parse_vkey("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10Q=", &v),
	    CVD_EINVAL);
	ck_assert_int_eq(
	    parse_vkey("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWAA==",
	               &v),
	    CVD_EINVAL);
	json_decref(note);
}
END_TEST

START_TEST(skey_rejects_uppercase_wrong_id_and_type)
{
	json_t *note = tu_vectors("note.json");
	const char *sk = tu_str(note, "skey");
	char buf[256];
	struct keys_signer *k = NULL;
	const char *bad[] = {
	    "PRIVATE+KEY+PeterNeumann+C74F20A3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",
	    "PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",
	    "PRIVATE+KEY+PeterNeumanN+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",
	    "private+key+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz",
	    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDF=",
	    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", /* a vkey */
	    "PRIVATE+KEY+",
	    "PRIVATE+KEY",
	    "",
	    "\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(keys_signer_parse(bad[i], strlen(bad[i]), &k) == CVD_EINVAL,
		              "accepted bad private key #%zu", i);
		ck_assert_ptr_null(k);
	}
	/* Type 0x04 private key (same seed, matching ID) is not an Ed25519 key. */
	uint8_t raw[33];
	size_t n;
	const char *b64 = sk + strlen("PRIVATE+KEY+PeterNeumann+c74f20a3+");
	ck_assert_int_eq(enc_unb64(raw, sizeof(raw), &n, b64, strlen(b64)), 0);
	ck_assert_uint_eq(n, 33);
	ck_assert_int_eq(raw[0], 0x01);
	raw[0] = 0x04;
	char b[45];
	snprintf(buf, sizeof(buf), "PRIVATE+KEY+PeterNeumann+c74f20a3+%s", enc_b64(b, raw, 33));
	ck_assert_int_eq(keys_signer_parse(buf, strlen(buf), &k), CVD_EINVAL);
	/* Trailing junk other than newlines. */
	snprintf(buf, sizeof(buf), "%s ", sk);
	ck_assert_int_eq(keys_signer_parse(buf, strlen(buf), &k), CVD_EINVAL);
	snprintf(buf, sizeof(buf), "%s\nx", sk);
	ck_assert_int_eq(keys_signer_parse(buf, strlen(buf), &k), CVD_EINVAL);
	ck_assert_ptr_null(k);
	json_decref(note);
}
END_TEST

/* Every prefix, one-character extension and single-byte substitution of
 * a key text is rejected (or, for a vkey, re-formats to itself). */
START_TEST(key_texts_truncated_extended_mutated)
{
	json_t *note = tu_vectors("note.json");
	json_t *cos = json_object_get(note, "cosignature");
	const char *vkeys[] = {tu_str(note, "vkey"), tu_str(cos, "witness_vkey_cosigner")};
	const char *skey = tu_str(note, "skey");
	char mut[300], back[KEYS_VKEY_MAX + 1];
	struct keys_verifier v;
	struct keys_signer *k;

	for (size_t i = 0; i < 2; i++) {
		size_t len = strlen(vkeys[i]);
		for (size_t cut = 0; cut < len; cut++)
			HOT_ASSERT(int, keys_verifier_parse(vkeys[i], cut, &v), CVD_EINVAL);
		for (int c = 0; c < 256; c++) {
			memcpy(mut, vkeys[i], len);
			mut[len] = (char)c;
			HOT_ASSERT(int, keys_verifier_parse(mut, len + 1, &v), CVD_EINVAL);
		}
		for (size_t pos = 0; pos < len; pos++) {
			for (int c = 0; c < 256; c++) {
				if (c == (unsigned char)vkeys[i][pos])
					continue;
				memcpy(mut, vkeys[i], len);
				mut[pos] = (char)c;
				if (keys_verifier_parse(mut, len, &v) != 0)
					continue;
				/* Accepted: must be canonical, hence identical. */
				keys_verifier_format(&v, back);
				ck_assert_msg(strlen(back) == len && memcmp(back, mut, len) == 0,
				              "accepted a second spelling at %zu: %s", pos, back);
			}
		}
	}

	size_t len = strlen(skey);
	for (size_t cut = 0; cut < len; cut++) {
		k = NULL;
		HOT_ASSERT(int, keys_signer_parse(skey, cut, &k), CVD_EINVAL);
	}
	for (int c = 0; c < 256; c++) {
		k = NULL;
		memcpy(mut, skey, len);
		mut[len] = (char)c;
		int rc = keys_signer_parse(mut, len + 1, &k);
		HOT_ASSERT(int, rc, c == '\n' || c == '\r' ? 0 : CVD_EINVAL);
		keys_signer_free(k);
	}
	for (size_t pos = 0; pos < len; pos++) {
		static const uint8_t flips[] = {0x01, 0x02, 0x20, 0x40, 0x80, 0xff};
		for (size_t f = 0; f < sizeof(flips); f++) {
			k = NULL;
			memcpy(mut, skey, len);
			mut[pos] = (char)(mut[pos] ^ flips[f]);
			int rc = keys_signer_parse(mut, len, &k);
			ck_assert_msg(rc == CVD_EINVAL, "accepted mutated private key at %zu", pos);
			keys_signer_free(k);
		}
	}
	json_decref(note);
}
END_TEST

/* keys_signer_x25519_sk gives the X25519 secret key whose public key is the
 * birational map of the signer's Ed25519 public key, for every vector key
 * and a fresh one, and crypto_box_seal to that public key opens with it. */
START_TEST(x25519_secret_matches_public_key)
{
	json_t *cv = tu_vectors("cvdlog.json");
	const char *skeys[] = {tu_str(cv, "author_skey"), tu_str(cv, "node_skey"), NULL};
	struct keys_signer *fresh = NULL;

	ck_assert_int_eq(keys_signer_generate("fresh", &fresh), 0);
	for (size_t i = 0; i < sizeof(skeys) / sizeof(skeys[0]); i++) {
		struct keys_signer *k = skeys[i] != NULL ? parse_skey(skeys[i]) : fresh;
		uint8_t xpk[32], derived[32], box[16 + crypto_box_SEALBYTES], out[16];
		uint8_t *xsk = sodium_malloc(32);

		ck_assert_ptr_nonnull(xsk);
		keys_signer_x25519_sk(k, xsk);
		ck_assert_int_eq(crypto_sign_ed25519_pk_to_curve25519(xpk, keys_signer_pk(k)), 0);
		ck_assert_int_eq(crypto_scalarmult_base(derived, xsk), 0);
		ck_assert_mem_eq(derived, xpk, 32);
		ck_assert_int_eq(crypto_box_seal(box, (const uint8_t *)"sixteen bytes!!!", 16, xpk),
		                 0);
		ck_assert_int_eq(crypto_box_seal_open(out, box, sizeof(box), xpk, xsk), 0);
		ck_assert_mem_eq(out, "sixteen bytes!!!", 16);
		sodium_free(xsk);
		if (k != fresh)
			keys_signer_free(k);
	}
	keys_signer_free(fresh);
	json_decref(cv);
}
END_TEST

START_TEST(generate_sign_verify)
{
	struct keys_signer *a = NULL, *b = NULL;
	struct keys_verifier va, vb, p;
	char buf[KEYS_VKEY_MAX + 1];
	uint8_t sig[KEYS_SIG_LEN];
	const uint8_t msg[] = "cvdlog";

	ck_assert_int_eq(keys_signer_generate("alice", &a), 0);
	ck_assert_int_eq(keys_signer_generate("alice", &b), 0);
	keys_signer_verifier(a, &va);
	keys_signer_verifier(b, &vb);
	ck_assert_str_eq(keys_signer_name(a), "alice");
	ck_assert_int_eq(va.kv_type, KEYS_TYPE_ED25519);
	ck_assert_mem_ne(va.kv_pk, vb.kv_pk, 32); /* fresh randomness */
	ck_assert_int_eq(parse_vkey(keys_verifier_format(&va, buf), &p), 0);
	assert_same_key(&p, &va);
	keys_sign(a, msg, sizeof(msg), sig);
	ck_assert_int_eq(keys_verify(va.kv_pk, msg, sizeof(msg), sig), 0);
	ck_assert_int_eq(keys_verify(vb.kv_pk, msg, sizeof(msg), sig), CVD_EBADSIG);
	/* Every single-bit change of the signature fails. */
	for (int bit = 0; bit < KEYS_SIG_LEN * 8; bit++) {
		sig[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		HOT_ASSERT(int, keys_verify(va.kv_pk, msg, sizeof(msg), sig), CVD_EBADSIG);
		sig[bit / 8] ^= (uint8_t)(1u << (bit % 8));
	}
	/* An empty message can be signed too. */
	keys_sign(a, NULL, 0, sig);
	ck_assert_int_eq(keys_verify(va.kv_pk, NULL, 0, sig), 0);
	/* The longest name. */
	char longname[KEYS_NAME_MAX + 1];
	memset(longname, 'n', KEYS_NAME_MAX);
	longname[KEYS_NAME_MAX] = 0;
	struct keys_signer *l = NULL;
	ck_assert_int_eq(keys_signer_generate(longname, &l), 0);
	keys_signer_verifier(l, &p);
	keys_verifier_format(&p, buf);
	ck_assert_uint_eq(strlen(buf), KEYS_VKEY_MAX);
	ck_assert_int_eq(parse_vkey(buf, &vb), 0);
	assert_same_key(&vb, &p);
	keys_signer_free(l);
	keys_signer_free(a);
	keys_signer_free(b);
}
END_TEST

static char *path_in(const char *dir, const char *name)
{
	char *p = malloc(strlen(dir) + strlen(name) + 2);
	ck_assert_ptr_nonnull(p);
	sprintf(p, "%s/%s", dir, name);
	return p;
}

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = calloc(1, 4096);
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_lt(fread(buf, 1, 4095, f), 4095);
	fclose(f);
	return buf;
}

START_TEST(save_load_round_trip)
{
	json_t *note = tu_vectors("note.json");
	char *dir = tu_tmpdir();
	char *priv = path_in(dir, "key"), *pub = path_in(dir, "key.pub");
	struct keys_signer *k = parse_skey(tu_str(note, "skey")), *back = NULL;
	struct keys_verifier v1, v2;
	struct stat st;
	char *text;

	umask(022);
	ck_assert_int_eq(keys_signer_save(k, priv, pub), 0);
	ck_assert_int_eq(stat(priv, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0600);
	ck_assert_int_eq(stat(pub, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0644);

	/* The files hold exactly the Go sumdb/note encodings, one line each. */
	text = read_text(priv);
	ck_assert_uint_eq(strlen(text), strlen(tu_str(note, "skey")) + 1);
	ck_assert_mem_eq(text, tu_str(note, "skey"), strlen(tu_str(note, "skey")));
	ck_assert_int_eq(text[strlen(text) - 1], '\n');
	free(text);
	text = read_text(pub);
	ck_assert_uint_eq(strlen(text), strlen(tu_str(note, "vkey")) + 1);
	ck_assert_mem_eq(text, tu_str(note, "vkey"), strlen(tu_str(note, "vkey")));
	free(text);

	ck_assert_int_eq(keys_signer_load(priv, &back), 0);
	keys_signer_verifier(k, &v1);
	keys_signer_verifier(back, &v2);
	assert_same_key(&v1, &v2);
	keys_signer_free(back);
	back = NULL;

	/* Save refuses to overwrite either file, and leaves the old ones alone. */
	struct keys_signer *other = NULL;
	ck_assert_int_eq(keys_signer_generate("other", &other), 0);
	ck_assert_int_eq(keys_signer_save(other, priv, NULL), -EEXIST);
	ck_assert_int_eq(keys_signer_load(priv, &back), 0);
	keys_signer_verifier(back, &v2);
	assert_same_key(&v1, &v2);
	keys_signer_free(back);
	back = NULL;
	/* A new private path with an existing public path: nothing is left. */
	char *priv2 = path_in(dir, "key2");
	ck_assert_int_eq(keys_signer_save(other, priv2, pub), -EEXIST);
	ck_assert_int_eq(access(priv2, F_OK), -1);
	/* Without a public path only the private file is written. */
	ck_assert_int_eq(keys_signer_save(other, priv2, NULL), 0);
	ck_assert_int_eq(stat(priv2, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0600);
	ck_assert_int_eq(keys_signer_load(priv2, &back), 0);
	ck_assert_str_eq(keys_signer_name(back), "other");
	keys_signer_free(back);
	/* Even with a permissive umask the private file is 0600. */
	char *priv3 = path_in(dir, "key3");
	umask(0);
	ck_assert_int_eq(keys_signer_save(other, priv3, NULL), 0);
	ck_assert_int_eq(stat(priv3, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0600);
	umask(022);

	keys_signer_free(other);
	keys_signer_free(k);
	free(priv3);
	free(priv2);
	free(priv);
	free(pub);
	tu_rmrf(dir);
	free(dir);
	json_decref(note);
}
END_TEST

static void write_mode(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	ck_assert_int_eq(chmod(path, mode), 0);
}

START_TEST(load_refuses_readable_files_and_garbage)
{
	json_t *note = tu_vectors("note.json");
	char *dir = tu_tmpdir();
	char *p = path_in(dir, "k");
	struct keys_signer *k = NULL;
	char line[256];

	snprintf(line, sizeof(line), "%s\n", tu_str(note, "skey"));
	write_mode(p, line, 0644);
	ck_assert_int_eq(keys_signer_load(p, &k), -EPERM);
	ck_assert_ptr_null(k);
	ck_assert_int_eq(chmod(p, 0640), 0);
	ck_assert_int_eq(keys_signer_load(p, &k), -EPERM);
	ck_assert_int_eq(chmod(p, 0604), 0);
	ck_assert_int_eq(keys_signer_load(p, &k), -EPERM);
	ck_assert_int_eq(chmod(p, 0601), 0);
	ck_assert_int_eq(keys_signer_load(p, &k), -EPERM);
	ck_assert_int_eq(chmod(p, 0400), 0);
	ck_assert_int_eq(keys_signer_load(p, &k), 0);
	keys_signer_free(k);
	k = NULL;
	ck_assert_int_eq(chmod(p, 0600), 0);
	ck_assert_int_eq(keys_signer_load(p, &k), 0);
	keys_signer_free(k);
	k = NULL;

	char *missing = path_in(dir, "missing");
	ck_assert_int_eq(keys_signer_load(missing, &k), -ENOENT);
	free(missing);

	/* Garbage, a truncated key, a vkey and an oversized file. */
	write_mode(p, "not a key\n", 0600);
	ck_assert_int_eq(keys_signer_load(p, &k), CVD_EINVAL);
	snprintf(line, sizeof(line), "%.40s\n", tu_str(note, "skey"));
	write_mode(p, line, 0600);
	ck_assert_int_eq(keys_signer_load(p, &k), CVD_EINVAL);
	write_mode(p, tu_str(note, "vkey"), 0600);
	ck_assert_int_eq(keys_signer_load(p, &k), CVD_EINVAL);
	write_mode(p, "", 0600);
	ck_assert_int_eq(keys_signer_load(p, &k), CVD_EINVAL);
	char *big = malloc(5000);
	snprintf(big, 5000, "%s", tu_str(note, "skey"));
	memset(big + strlen(big), '\n', 4000);
	big[4100] = 0;
	write_mode(p, big, 0600);
	ck_assert_int_eq(keys_signer_load(p, &k), CVD_EINVAL);
	free(big);
	/* A directory is not a key file. */
	ck_assert_int_ne(keys_signer_load(dir, &k), 0);
	ck_assert_ptr_null(k);

	free(p);
	tu_rmrf(dir);
	free(dir);
	json_decref(note);
}
END_TEST

Suite *suite_keys(void)
{
	Suite *s = suite_create("keys");
	TCase *tc;

	tc = tcase_create("vectors");
	tcase_add_test(tc, vkey_vectors_round_trip);
	tcase_add_test(tc, skey_vectors_match_vkeys);
	tcase_add_test(tc, cosigner_conversion);
	suite_add_tcase(s, tc);

	tc = tcase_create("names");
	tcase_add_test(tc, name_rules);
	tcase_add_test(tc, vkey_with_bad_name_rejected);
	suite_add_tcase(s, tc);

	tc = tcase_create("rejects");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, vkey_rejects_uppercase_wrong_id_and_type);
	tcase_add_test(tc, skey_rejects_uppercase_wrong_id_and_type);
	tcase_add_test(tc, key_texts_truncated_extended_mutated);
	suite_add_tcase(s, tc);

	tc = tcase_create("generate_and_files");
	tcase_add_test(tc, generate_sign_verify);
	tcase_add_test(tc, x25519_secret_matches_public_key);
	tcase_add_test(tc, save_load_round_trip);
	tcase_add_test(tc, load_refuses_readable_files_and_garbage);
	suite_add_tcase(s, tc);
	return s;
}
