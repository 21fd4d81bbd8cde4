/*
 * test_note.c: lib/note.c, C2SP signed notes and cosignature/v1 lines, on
 * note.json. The signed note parses and verifies with its vkey; re-signing the
 * text with the skey gives exactly the signed note (Ed25519 is
 * deterministic); every `malformed` note is rejected; the cosignature line
 * verifies with witness_vkey_cosigner and with witness_vkey turned into a
 * cosigner, reports its timestamp, and note_cosign_line reproduces it byte for
 * byte. Truncated, extended and mutated notes (every byte position of the
 * small note changed several ways) never crash, and no mutated note verifies.
 * Also the text rules, signature count and size limits.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "encoding.h"
#include "error.h"
#include "keys.h"
#include "note.h"
#include "testutil.h"

#define EM_DASH "\xe2\x80\x94"

/* verified_by counts the signature lines of n that match v and verify. */
static unsigned verified_by(const struct note *n, const struct keys_verifier *v)
{
	unsigned ok = 0;
	for (unsigned i = 0; i < n->n_nsigs; i++)
		if (note_sig_matches(&n->n_sigs[i], v) &&
		    note_verify_sig(n, &n->n_sigs[i], v, NULL) == 0)
			ok++;
	return ok;
}

START_TEST(signed_note_verifies)
{
	json_t *j = tu_vectors("note.json");
	const char *msg = tu_str(j, "signed"), *text = tu_str(j, "text");
	struct note *n = malloc(sizeof(*n));
	struct keys_verifier v, other;

	tu_vkey(tu_str(j, "vkey"), &v);
	ck_assert_int_eq(note_parse(msg, strlen(msg), n), 0);
	ck_assert_uint_eq(n->n_text_len, strlen(text));
	ck_assert_mem_eq(n->n_text, text, strlen(text));
	ck_assert_ptr_eq(n->n_text, msg); /* borrowed, not copied */
	ck_assert_uint_eq(n->n_nsigs, 1);
	ck_assert_uint_eq(n->n_sigs[0].ns_name_len, strlen("PeterNeumann"));
	ck_assert_mem_eq(n->n_sigs[0].ns_name, "PeterNeumann", n->n_sigs[0].ns_name_len);
	ck_assert_mem_eq(n->n_sigs[0].ns_id, v.kv_id, 4);
	ck_assert_uint_eq(n->n_sigs[0].ns_sig_len, KEYS_SIG_LEN);
	ck_assert_int_eq(note_sig_matches(&n->n_sigs[0], &v), 1);
	ck_assert_int_eq(note_verify_sig(n, &n->n_sigs[0], &v, NULL), 0);

	/* Same name, other key: no match. Same key as a cosigner: no match. */
	tu_vkey(tu_str(json_object_get(j, "cosignature"), "witness_vkey"), &other);
	ck_assert_int_eq(note_sig_matches(&n->n_sigs[0], &other), 0);
	keys_verifier_as_cosigner(&v, &other);
	ck_assert_int_eq(note_sig_matches(&n->n_sigs[0], &other), 0);
	/* Verifying an Ed25519 line as a cosignature fails (wrong length). */
	ck_assert_int_eq(note_verify_sig(n, &n->n_sigs[0], &other, NULL), CVD_EBADSIG);
	free(n);
	json_decref(j);
}
END_TEST

START_TEST(resign_reproduces_signed_note)
{
	json_t *j = tu_vectors("note.json");
	const char *text = tu_str(j, "text"), *want = tu_str(j, "signed");
	struct keys_signer *k = tu_skey(tu_str(j, "skey"));
	char line[256], note[1024];
	int n;

	n = note_sign_line(k, text, strlen(text), line, sizeof(line));
	ck_assert_int_gt(n, 0);
	ck_assert_uint_eq((size_t)n, strlen(line));
	snprintf(note, sizeof(note), "%s\n%s", text, line);
	ck_assert_str_eq(note, want);

	/* Too small a buffer: CVD_ETOOLARGE, for every size short of the line. */
	for (size_t cap = 0; cap <= (size_t)n; cap++)
		HOT_ASSERT(int, note_sign_line(k, text, strlen(text), line, cap), CVD_ETOOLARGE);
	ck_assert_int_eq(note_sign_line(k, text, strlen(text), line, (size_t)n + 1), n);
	keys_signer_free(k);
	json_decref(j);
}
END_TEST

START_TEST(malformed_vectors_rejected)
{
	json_t *j = tu_vectors("note.json");
	json_t *bad = json_object_get(j, "malformed");
	struct note *n = malloc(sizeof(*n));
	size_t i;
	json_t *m;

	ck_assert_uint_gt(json_array_size(bad), 0);
	json_array_foreach(bad, i, m)
	{
		const char *s = json_string_value(m);
		ck_assert_ptr_nonnull(s);
		ck_assert_msg(note_parse(s, strlen(s), n) == CVD_EINVAL, "accepted malformed #%zu",
		              i);
	}
	free(n);
	json_decref(j);
}
END_TEST

static int parse_str(const char *s, struct note *n)
{
	return note_parse(s, strlen(s), n);
}

START_TEST(structure_rules)
{
	struct note *n = malloc(sizeof(*n));

	/* The shortest signature: a key ID and one byte. */
	ck_assert_int_eq(parse_str("t\n\n" EM_DASH " a AAAAAAA=\n", n), 0);
	ck_assert_uint_eq(n->n_nsigs, 1);
	ck_assert_uint_eq(n->n_sigs[0].ns_sig_len, 1);

	const char *bad[] = {
	    "",
	    "\n",
	    "\n\n",
	    "t\n\n",                               /* no signature */
	    "t\n\n\n",                             /* empty signature line */
	    "t\n\n" EM_DASH " a AAAAAAA=",         /* no final newline */
	    "t\n\n" EM_DASH " a AAAAAAA=\n\n",     /* blank line at the end */
	    "t\n\n" EM_DASH " a AAAAAAA=\nx\n",    /* junk line */
	    "t\n\n" EM_DASH " a AAAAAA==\n",       /* only a key ID */
	    "t\n\n" EM_DASH " a AAAA\n",           /* shorter than a key ID */
	    "t\n\n" EM_DASH " a \n",               /* no signature bytes */
	    "t\n\n" EM_DASH " a\n",                /* no space */
	    "t\n\n" EM_DASH "  a AAAAAAA=\n",      /* empty name */
	    "t\n\n" EM_DASH " a  AAAAAAA=\n",      /* two spaces */
	    "t\n\n" EM_DASH " a AAAAAAA= \n",      /* trailing space */
	    "t\n\n" EM_DASH " a AAAAAAA=\r\n",     /* CRLF */
	    "t\n\n" EM_DASH " a+b AAAAAAA=\n",     /* bad name */
	    "t\n\n" EM_DASH " a AAAAAAB=\n",       /* non-canonical base64 */
	    "t\n\n" EM_DASH " a AAAAAAA\n",        /* unpadded base64 */
	    "t\n\n- a AAAAAAA=\n",                 /* ASCII dash */
	    "t\n\n" EM_DASH "a AAAAAAA=\n",        /* no space after the dash */
	    "t\n\n\xe2\x80\x93 a AAAAAAA=\n",      /* en dash */
	    "t\r\n\n" EM_DASH " a AAAAAAA=\n",     /* CR in the text */
	    "t\tu\n\n" EM_DASH " a AAAAAAA=\n",    /* tab in the text */
	    "\x7f\n\n" EM_DASH " a AAAAAAA=\n",    /* DEL in the text */
	    "\xff\n\n" EM_DASH " a AAAAAAA=\n",    /* text not UTF-8 */
	    "t\n\n" EM_DASH " \xff AAAAAAA=\n",    /* name not UTF-8 */
	    "t\n\n" EM_DASH " a AAAAAAA=\n\xc3\n", /* signature block not UTF-8 */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(parse_str(bad[i], n) != 0, "accepted bad note #%zu", i);
	/* An embedded NUL in the text is a control character. */
	static const char nul_note[] = "t\0u\n\n" EM_DASH " a AAAAAAA=\n";
	ck_assert_int_eq(note_parse(nul_note, sizeof(nul_note) - 1, n), CVD_EINVAL);

	/* The text may hold blank lines: the last blank line splits. */
	const char *multi = "a\n\nb\n\n" EM_DASH " k AAAAAAA=\n";
	ck_assert_int_eq(parse_str(multi, n), 0);
	ck_assert_uint_eq(n->n_text_len, 5);
	ck_assert_mem_eq(n->n_text, "a\n\nb\n", 5);

	/* The longest signature that fits, and one byte more. */
	uint8_t raw[KEYS_ID_LEN + NOTE_SIG_MAX + 1];
	char b64[256], msg[512];
	memset(raw, 7, sizeof(raw));
	snprintf(msg, sizeof(msg), "t\n\n" EM_DASH " k %s\n", enc_b64(b64, raw, sizeof(raw) - 1));
	ck_assert_int_eq(parse_str(msg, n), 0);
	ck_assert_uint_eq(n->n_sigs[0].ns_sig_len, NOTE_SIG_MAX);
	snprintf(msg, sizeof(msg), "t\n\n" EM_DASH " k %s\n", enc_b64(b64, raw, sizeof(raw)));
	ck_assert_int_eq(parse_str(msg, n), CVD_EINVAL);
	free(n);
}
END_TEST

START_TEST(signature_count_and_size_limits)
{
	struct note *n = malloc(sizeof(*n));
	const char *line = EM_DASH " k AAAAAAA=\n";
	size_t ll = strlen(line);
	char *msg = malloc(8 + (NOTE_MAX_SIGS + 1) * ll);

	strcpy(msg, "t\n\n");
	for (int i = 0; i < NOTE_MAX_SIGS; i++)
		strcat(msg, line);
	ck_assert_int_eq(parse_str(msg, n), 0);
	ck_assert_uint_eq(n->n_nsigs, NOTE_MAX_SIGS);
	strcat(msg, line);
	ck_assert_int_eq(parse_str(msg, n), CVD_ETOOLARGE);
	free(msg);

	/* A note of NOTE_MAX_LEN bytes parses; one byte more is too large. */
	size_t textlen = NOTE_MAX_LEN - 1 - ll;
	msg = malloc(NOTE_MAX_LEN + 1);
	memset(msg, 'x', textlen);
	msg[textlen - 1] = '\n';
	msg[textlen] = '\n';
	memcpy(msg + textlen + 1, line, ll);
	ck_assert_int_eq(note_parse(msg, NOTE_MAX_LEN, n), 0);
	ck_assert_uint_eq(n->n_text_len, textlen);
	memmove(msg + 1, msg, NOTE_MAX_LEN);
	ck_assert_int_eq(note_parse(msg, NOTE_MAX_LEN + 1, n), CVD_ETOOLARGE);
	free(msg);
	free(n);
}
END_TEST

START_TEST(text_validity)
{
	const struct {
		const char *s;
		size_t len;
		int ok;
	} v[] = {
	    {"", 0, 0},
	    {"a", 1, 0},
	    {"\n", 1, 1},
	    {"a\n", 2, 1},
	    {"a\nb\n", 4, 1},
	    {"a\n\nb\n", 5, 1},
	    {"a\r\n", 3, 0},
	    {"a\tb\n", 4, 0},
	    {"\x7f\n", 2, 0},
	    {"\x01\n", 2, 0},
	    {"a\0\n", 3, 0},
	    {"\xff\n", 2, 0},
	    {"\xc3\xa9\n", 3, 1},
	    {"\xc3\n", 2, 0},
	    {"a\n\xc3\xa9", 4, 0},
	    {"\xe2\x80\x94 em dash\n", 12, 1},
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		ck_assert_msg(note_text_valid(v[i].s, v[i].len) == v[i].ok, "case %zu", i);
}
END_TEST

START_TEST(cosignature_vector)
{
	json_t *j = tu_vectors("note.json");
	json_t *c = json_object_get(j, "cosignature");
	const char *body = tu_str(c, "body"), *line = tu_str(c, "line");
	uint64_t t = (uint64_t)json_integer_value(json_object_get(c, "time"));
	struct keys_verifier cos, plain, conv;
	struct note *n = malloc(sizeof(*n));
	char msg[1024], out[256];
	uint64_t got = 0;

	ck_assert_uint_eq(t, 1700000000);
	tu_vkey(tu_str(c, "witness_vkey_cosigner"), &cos);
	tu_vkey(tu_str(c, "witness_vkey"), &plain);
	keys_verifier_as_cosigner(&plain, &conv);
	snprintf(msg, sizeof(msg), "%s\n%s", body, line);
	ck_assert_int_eq(parse_str(msg, n), 0);
	ck_assert_uint_eq(n->n_nsigs, 1);
	ck_assert_uint_eq(n->n_sigs[0].ns_sig_len, 8 + KEYS_SIG_LEN);

	ck_assert_int_eq(note_sig_matches(&n->n_sigs[0], &cos), 1);
	ck_assert_int_eq(note_verify_sig(n, &n->n_sigs[0], &cos, &got), 0);
	ck_assert_uint_eq(got, t);
	got = 0;
	ck_assert_int_eq(note_sig_matches(&n->n_sigs[0], &conv), 1);
	ck_assert_int_eq(note_verify_sig(n, &n->n_sigs[0], &conv, &got), 0);
	ck_assert_uint_eq(got, t);
	ck_assert_int_eq(note_verify_sig(n, &n->n_sigs[0], &cos, NULL), 0);
	/* The 0x01 form of the key has another key ID: not this line. */
	ck_assert_int_eq(note_sig_matches(&n->n_sigs[0], &plain), 0);
	ck_assert_int_eq(note_verify_sig(n, &n->n_sigs[0], &plain, NULL), CVD_EBADSIG);

	/* Reproduce the line. */
	struct keys_signer *k = tu_skey(tu_str(c, "witness_skey"));
	int len = note_cosign_line(k, t, body, strlen(body), out, sizeof(out));
	ck_assert_int_eq(len, (int)strlen(line));
	ck_assert_str_eq(out, line);
	ck_assert_int_eq(note_cosign_line(k, t, body, strlen(body), out, (size_t)len),
	                 CVD_ETOOLARGE);

	/* Another time: a different line, which verifies and reports that time;
	 * the timestamp of one line moved onto another fails. */
	char line2[256];
	ck_assert_int_gt(note_cosign_line(k, t + 1, body, strlen(body), line2, sizeof(line2)), 0);
	ck_assert_str_ne(line2, line);
	snprintf(msg, sizeof(msg), "%s\n%s", body, line2);
	ck_assert_int_eq(parse_str(msg, n), 0);
	ck_assert_int_eq(note_verify_sig(n, &n->n_sigs[0], &cos, &got), 0);
	ck_assert_uint_eq(got, t + 1);
	n->n_sigs[0].ns_sig[7] ^= 1; /* time t + 1 -> t, signature of t + 1 */
	got = 12345;
	ck_assert_int_eq(note_verify_sig(n, &n->n_sigs[0], &cos, &got), CVD_EBADSIG);
	ck_assert_uint_eq(got, 12345);

	/* Time 0 and the largest time work too. */
	const uint64_t times[] = {0, UINT64_MAX};
	for (size_t i = 0; i < 2; i++) {
		ck_assert_int_gt(
		    note_cosign_line(k, times[i], body, strlen(body), line2, sizeof(line2)), 0);
		snprintf(msg, sizeof(msg), "%s\n%s", body, line2);
		ck_assert_int_eq(parse_str(msg, n), 0);
		ck_assert_int_eq(note_verify_sig(n, &n->n_sigs[0], &cos, &got), 0);
		ck_assert_uint_eq(got, times[i]);
	}
	keys_signer_free(k);
	free(n);
	json_decref(j);
}
END_TEST

/* A note signed by several keys: each verifies, unknown ones are skipped,
 * and a forged line by a known key fails. */
START_TEST(multiple_signatures)
{
	json_t *j = tu_vectors("note.json");
	const char *text = tu_str(j, "text");
	struct keys_signer *a = tu_skey(tu_str(j, "skey")), *b = NULL;
	struct keys_verifier va, vb;
	struct note *n = malloc(sizeof(*n));
	char la[256], lb[256], msg[2048];

	ck_assert_int_eq(keys_signer_generate("second", &b), 0);
	keys_signer_verifier(a, &va);
	keys_signer_verifier(b, &vb);
	ck_assert_int_gt(note_sign_line(a, text, strlen(text), la, sizeof(la)), 0);
	ck_assert_int_gt(note_sign_line(b, text, strlen(text), lb, sizeof(lb)), 0);
	snprintf(msg, sizeof(msg), "%s\n%s%s", text, lb, la);
	ck_assert_int_eq(parse_str(msg, n), 0);
	ck_assert_uint_eq(n->n_nsigs, 2);
	ck_assert_uint_eq(verified_by(n, &va), 1);
	ck_assert_uint_eq(verified_by(n, &vb), 1);

	/* b's signature relabelled as a's: matches a, fails. */
	char forged[512];
	const char *sp = strchr(lb + 4, ' ');
	uint8_t raw[KEYS_ID_LEN + KEYS_SIG_LEN];
	size_t rl;
	char b64[128];
	ck_assert_int_eq(enc_unb64(raw, sizeof(raw), &rl, sp + 1, strlen(sp + 1) - 1), 0);
	memcpy(raw, va.kv_id, 4);
	snprintf(forged, sizeof(forged), EM_DASH " %s %s\n", va.kv_name, enc_b64(b64, raw, rl));
	snprintf(msg, sizeof(msg), "%s\n%s", text, forged);
	ck_assert_int_eq(parse_str(msg, n), 0);
	ck_assert_int_eq(note_sig_matches(&n->n_sigs[0], &va), 1);
	ck_assert_int_eq(note_verify_sig(n, &n->n_sigs[0], &va, NULL), CVD_EBADSIG);

	keys_signer_free(a);
	keys_signer_free(b);
	free(n);
	json_decref(j);
}
END_TEST

/* Every prefix and several extensions of the signed note: no crash; no
 * proper prefix parses; nothing but the original verifies. */
START_TEST(truncated_and_extended_notes)
{
	json_t *j = tu_vectors("note.json");
	const char *msg = tu_str(j, "signed");
	size_t len = strlen(msg);
	struct note *n = malloc(sizeof(*n));
	struct keys_verifier v;
	char *buf = malloc(len + 512);

	tu_vkey(tu_str(j, "vkey"), &v);
	for (size_t cut = 0; cut < len; cut++) {
		/* A heap copy of exactly cut bytes, so ASan sees any over-read. */
		char *p = malloc(cut > 0 ? cut : 1);
		memcpy(p, msg, cut);
		int rc = note_parse(p, cut, n);
		HOT_ASSERT(int, rc, CVD_EINVAL);
		free(p);
	}
	const char *tails[] = {
	    "x",
	    "\n",
	    " ",
	    "\n\n",
	    EM_DASH,
	    EM_DASH " PeterNeumann "
	            "x08go/ZJkuBS9UG/"
	            "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=",
	    EM_DASH " PeterNeumann AAAA\n"};
	for (size_t i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
		size_t tl = strlen(tails[i]);
		char *p = malloc(len + tl);
		memcpy(p, msg, len);
		memcpy(p + len, tails[i], tl);
		ck_assert_msg(note_parse(p, len + tl, n) != 0, "accepted extension #%zu", i);
		free(p);
	}
	/* Extended by a whole valid line: parses, and still verifies once. */
	snprintf(buf, len + 512, "%s" EM_DASH " other AAAAAAA=\n", msg);
	ck_assert_int_eq(note_parse(buf, strlen(buf), n), 0);
	ck_assert_uint_eq(n->n_nsigs, 2);
	ck_assert_uint_eq(verified_by(n, &v), 1);
	/* The text extended before the signatures: the signature fails. */
	snprintf(buf, len + 512, "x%s", msg);
	ck_assert_int_eq(note_parse(buf, strlen(buf), n), 0);
	ck_assert_uint_eq(verified_by(n, &v), 0);
	ck_assert_int_eq(note_verify_sig(n, &n->n_sigs[0], &v, NULL), CVD_EBADSIG);
	free(buf);
	free(n);
	json_decref(j);
}
END_TEST

/* Every byte of the signed note and of a cosigned note changed in several
 * ways: no crash, and no changed note carries a valid signature. */
START_TEST(mutated_notes_never_verify)
{
	json_t *j = tu_vectors("note.json");
	json_t *c = json_object_get(j, "cosignature");
	struct keys_verifier v, cos;
	struct note *n = malloc(sizeof(*n));
	char cosigned[1024];
	static const uint8_t xors[] = {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0xff};
	static const char sets[] = {'\n', ' ', '\0', 'A', '/', '=', '+'};

	tu_vkey(tu_str(j, "vkey"), &v);
	tu_vkey(tu_str(c, "witness_vkey_cosigner"), &cos);
	snprintf(cosigned, sizeof(cosigned), "%s\n%s", tu_str(c, "body"), tu_str(c, "line"));
	const char *msgs[] = {tu_str(j, "signed"), cosigned};
	const struct keys_verifier *keys[] = {&v, &cos};

	for (size_t m = 0; m < 2; m++) {
		size_t len = strlen(msgs[m]);
		char *p = malloc(len);
		unsigned tried = 0;
		for (size_t pos = 0; pos < len; pos++) {
			for (size_t k = 0; k < sizeof(xors) + sizeof(sets); k++) {
				char ch = k < sizeof(xors) ? (char)(msgs[m][pos] ^ xors[k])
				                           : sets[k - sizeof(xors)];
				if (ch == msgs[m][pos])
					continue;
				memcpy(p, msgs[m], len);
				p[pos] = ch;
				tried++;
				if (note_parse(p, len, n) != 0)
					continue;
				if (verified_by(n, keys[m]) != 0)
					ck_abort_msg(
					    "note %zu verifies with byte %zu set to 0x%02x", m, pos,
					    (unsigned char)ch);
			}
		}
		ck_assert_uint_gt(tried, len * 9);
		free(p);
	}
	/* The unchanged notes do verify. */
	for (size_t m = 0; m < 2; m++) {
		ck_assert_int_eq(note_parse(msgs[m], strlen(msgs[m]), n), 0);
		ck_assert_uint_eq(verified_by(n, keys[m]), 1);
	}
	free(n);
	json_decref(j);
}
END_TEST

Suite *suite_note(void)
{
	Suite *s = suite_create("note");
	TCase *tc;

	tc = tcase_create("vectors");
	tcase_add_test(tc, signed_note_verifies);
	tcase_add_test(tc, resign_reproduces_signed_note);
	tcase_add_test(tc, malformed_vectors_rejected);
	tcase_add_test(tc, cosignature_vector);
	suite_add_tcase(s, tc);

	tc = tcase_create("format_rules");
	tcase_add_test(tc, structure_rules);
	tcase_add_test(tc, signature_count_and_size_limits);
	tcase_add_test(tc, text_validity);
	tcase_add_test(tc, multiple_signatures);
	suite_add_tcase(s, tc);

	tc = tcase_create("hostile_input");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, truncated_and_extended_notes);
	tcase_add_test(tc, mutated_notes_never_verify);
	suite_add_tcase(s, tc);
	return s;
}
