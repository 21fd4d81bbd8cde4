/*
 * test_receipt.c: lib/receipt.c, tlog-proof@v1 receipts, on cvdlog.json.
 * receipt_index_3 parses (entry 3, three proof hashes, the checkpoint
 * verbatim) and verifies under the policy; its proof is the one the Merkle
 * code generates; receipt_format of its parts reproduces it byte for byte,
 * and receipts built the same way for all five entries verify. Any single
 * changed byte of the extra, a wrong index line, a damaged proof, a
 * checkpoint short of the quorum and a policy for another origin (CVD_EORIGIN)
 * are refused. The parser rejects malformed receipts, and truncated, extended
 * and mutated receipts never crash and never verify.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "encoding.h"
#include "entry.h"
#include "error.h"
#include "merkle.h"
#include "policy.h"
#include "receipt.h"
#include "testutil.h"

#define HL       MERKLE_HASH_LEN
#define NENTRIES 5

struct fixture {
	json_t *j;
	struct policy *p;
	const char *receipt, *checkpoint;
	uint8_t *entry[NENTRIES];
	size_t len[NENTRIES];
	uint8_t leaf[NENTRIES][HL];
	/* complete subtrees of the 5-leaf tree, for merkle_get_fn */
	uint8_t sub[3][NENTRIES][HL];
	uint64_t count[3];
};

static int fx_emit(void *ctx, unsigned level, uint64_t index, const uint8_t h[HL])
{
	struct fixture *f = ctx;
	ck_assert_uint_lt(level, 3);
	ck_assert_uint_eq(index, f->count[level]);
	memcpy(f->sub[level][index], h, HL);
	f->count[level]++;
	return 0;
}

static int fx_get(void *ctx, unsigned level, uint64_t index, uint8_t out[HL])
{
	struct fixture *f = ctx;
	if (level >= 3 || index >= f->count[level])
		return CVD_ENOTFOUND;
	memcpy(out, f->sub[level][index], HL);
	return 0;
}

static struct fixture *fx_load(void)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct merkle_frontier mf;

	f->j = tu_vectors("cvdlog.json");
	f->p = malloc(sizeof(*f->p));
	tu_vector_policy(f->j, f->p);
	f->receipt = tu_str(f->j, "receipt_index_3");
	f->checkpoint = tu_str(f->j, "checkpoint");
	json_t *entries = json_object_get(f->j, "entries_hex");
	memset(&mf, 0, sizeof(mf));
	for (size_t i = 0; i < NENTRIES; i++) {
		f->entry[i] = tu_hex(json_string_value(json_array_get(entries, i)), &f->len[i]);
		merkle_leaf_hash(f->entry[i], f->len[i], f->leaf[i]);
		ck_assert_int_eq(merkle_frontier_append(&mf, f->leaf[i], fx_emit, f), 0);
	}
	return f;
}

static void fx_free(struct fixture *f)
{
	for (size_t i = 0; i < NENTRIES; i++)
		free(f->entry[i]);
	free(f->p);
	json_decref(f->j);
	free(f);
}

/* build formats the receipt for entry i of the 5-entry tree. */
static char *build(struct fixture *f, size_t i, size_t *len)
{
	uint8_t proof[MERKLE_PROOF_MAX][HL];
	size_t n;
	char *out = NULL;

	ck_assert_int_eq(merkle_inclusion_proof(fx_get, f, i, NENTRIES, proof, &n), 0);
	ck_assert_int_eq(receipt_format(f->entry[i], f->len[i], i, (const uint8_t(*)[HL])proof, n,
	                                f->checkpoint, strlen(f->checkpoint), &out, len),
	                 0);
	ck_assert_uint_eq(strlen(out), *len);
	return out;
}

/* check parses and verifies text: the verify result (or the parse error). */
static int check(const struct fixture *f, const struct policy *p, const char *text, size_t len,
                 const char **what)
{
	struct receipt r;
	struct receipt_info info;
	const char *dummy;
	int rc = receipt_parse(text, len, &r);
	if (rc == 0)
		rc = receipt_verify(&r, p != NULL ? p : f->p, &info, what != NULL ? what : &dummy);
	receipt_clear(&r);
	return rc;
}

START_TEST(vector_receipt_parses_and_verifies)
{
	struct fixture *f = fx_load();
	struct receipt r;
	struct receipt_info info;
	const char *what = NULL;
	uint8_t proof[MERKLE_PROOF_MAX][HL];
	size_t n;

	ck_assert_int_eq(receipt_parse(f->receipt, strlen(f->receipt), &r), 0);
	ck_assert_uint_eq(r.r_index, 3);
	ck_assert_uint_eq(r.r_entry_len, f->len[3]);
	ck_assert_mem_eq(r.r_entry, f->entry[3], f->len[3]);
	ck_assert_uint_eq(r.r_nproof, 3);
	ck_assert_uint_eq(r.r_checkpoint_len, strlen(f->checkpoint));
	ck_assert_mem_eq(r.r_checkpoint, f->checkpoint, r.r_checkpoint_len);
	/* The checkpoint is borrowed from the text. */
	ck_assert_ptr_eq(r.r_checkpoint, f->receipt + strlen(f->receipt) - r.r_checkpoint_len);
	/* The proof is what the Merkle code serves for (3, 5). */
	ck_assert_int_eq(merkle_inclusion_proof(fx_get, f, 3, NENTRIES, proof, &n), 0);
	ck_assert_uint_eq(n, r.r_nproof);
	ck_assert_mem_eq(r.r_proof, proof, n * HL);

	ck_assert_int_eq(receipt_verify(&r, f->p, &info, &what), 0);
	ck_assert_uint_eq(info.ri_entry.e_index, 3);
	ck_assert_uint_eq(info.ri_entry.e_event_len, f->len[3] - ENTRY_HEADER_LEN);
	ck_assert_ptr_eq(info.ri_entry.e_event, r.r_entry + ENTRY_HEADER_LEN);
	ck_assert_uint_eq(info.ri_verdict.pv_cp.c_size, 5);
	ck_assert_uint_eq(info.ri_verdict.pv_nodes, 2);
	ck_assert_uint_eq(info.ri_verdict.pv_witnesses, 0);
	ck_assert_str_eq(info.ri_verdict.pv_cp.c_origin, "psirt.example.com/log");
	struct entry e;
	ck_assert_int_eq(entry_decode(f->entry[3], f->len[3], &e), 0);
	ck_assert_uint_eq(info.ri_entry.e_time_ms, e.e_time_ms);
	receipt_clear(&r);
	receipt_clear(&r); /* idempotent */
	fx_free(f);
}
END_TEST

START_TEST(format_reproduces_vector_and_all_entries_verify)
{
	struct fixture *f = fx_load();
	struct receipt r;
	size_t len;
	char *out;

	/* From the vector's own parts. */
	ck_assert_int_eq(receipt_parse(f->receipt, strlen(f->receipt), &r), 0);
	ck_assert_int_eq(receipt_format(r.r_entry, r.r_entry_len, r.r_index,
	                                (const uint8_t(*)[HL])r.r_proof, r.r_nproof, r.r_checkpoint,
	                                r.r_checkpoint_len, &out, &len),
	                 0);
	ck_assert_uint_eq(len, strlen(f->receipt));
	ck_assert_str_eq(out, f->receipt);
	free(out);
	receipt_clear(&r);

	/* From the entries and a generated proof. */
	out = build(f, 3, &len);
	ck_assert_str_eq(out, f->receipt);
	free(out);
	for (size_t i = 0; i < NENTRIES; i++) {
		const char *what = NULL;
		out = build(f, i, &len);
		ck_assert_msg(check(f, NULL, out, len, &what) == 0, "entry %zu: %s", i,
		              what != NULL ? what : "?");
		/* Each receipt holds its own entry: swapping the extra fails. */
		for (size_t k = 0; k < NENTRIES; k++) {
			if (k == i)
				continue;
			uint8_t proof[MERKLE_PROOF_MAX][HL];
			size_t n, l2;
			char *swapped;
			ck_assert_int_eq(merkle_inclusion_proof(fx_get, f, i, NENTRIES, proof, &n),
			                 0);
			ck_assert_int_eq(
			    receipt_format(f->entry[k], f->len[k], i, (const uint8_t(*)[HL])proof,
			                   n, f->checkpoint, strlen(f->checkpoint), &swapped, &l2),
			    0);
			ck_assert_int_ne(check(f, NULL, swapped, l2, NULL), 0);
			free(swapped);
		}
		free(out);
	}
	fx_free(f);
}
END_TEST

/* Every byte of the entry in the extra, changed three ways: the receipt
 * still parses (the base64 is re-encoded) but never verifies. */
START_TEST(changed_extra_fails)
{
	struct fixture *f = fx_load();
	uint8_t proof[MERKLE_PROOF_MAX][HL], *e = malloc(f->len[3]);
	size_t n;
	static const uint8_t xors[] = {0x01, 0x80, 0xff};

	ck_assert_int_eq(merkle_inclusion_proof(fx_get, f, 3, NENTRIES, proof, &n), 0);
	for (size_t pos = 0; pos < f->len[3]; pos++) {
		for (size_t x = 0; x < sizeof(xors); x++) {
			char *out;
			size_t len;
			const char *what = NULL;
			memcpy(e, f->entry[3], f->len[3]);
			e[pos] ^= xors[x];
			ck_assert_int_eq(
			    receipt_format(e, f->len[3], 3, (const uint8_t(*)[HL])proof, n,
			                   f->checkpoint, strlen(f->checkpoint), &out, &len),
			    0);
			int rc = check(f, NULL, out, len, &what);
			if (rc == 0)
				ck_abort_msg("entry byte %zu ^ 0x%02x verifies", pos, xors[x]);
			if (what == NULL)
				ck_abort_msg("entry byte %zu: no failing step named", pos);
			free(out);
		}
	}
	/* A shorter and a longer entry. */
	for (int d = -1; d <= 1; d += 2) {
		char *out;
		size_t len;
		uint8_t *g = calloc(1, f->len[3] + 1);
		memcpy(g, f->entry[3], f->len[3]);
		ck_assert_int_eq(receipt_format(g, f->len[3] + (size_t)d, 3,
		                                (const uint8_t(*)[HL])proof, n, f->checkpoint,
		                                strlen(f->checkpoint), &out, &len),
		                 0);
		ck_assert_int_ne(check(f, NULL, out, len, NULL), 0);
		free(out);
		free(g);
	}
	free(e);
	fx_free(f);
}
END_TEST

/* Replaces the first occurrence of from in text by to (malloc'd). */
static char *replace(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	ck_assert_ptr_nonnull(at);
	size_t a = (size_t)(at - text), fl = strlen(from), tl = strlen(to);
	char *out = malloc(strlen(text) - fl + tl + 1);
	memcpy(out, text, a);
	memcpy(out + a, to, tl);
	strcpy(out + a + tl, at + fl);
	return out;
}

START_TEST(wrong_index_origin_proof_and_quorum)
{
	struct fixture *f = fx_load();
	const char *what;
	char *t;

	/* Wrong index lines. */
	const char *idx[] = {"\nindex 0\n", "\nindex 2\n", "\nindex 4\n", "\nindex 5\n",
	                     "\nindex 18446744073709551615\n"};
	for (size_t i = 0; i < sizeof(idx) / sizeof(idx[0]); i++) {
		t = replace(f->receipt, "\nindex 3\n", idx[i]);
		what = NULL;
		int rc = check(f, NULL, t, strlen(t), &what);
		ck_assert_msg(rc == CVD_EINVAL, "index case %zu: %d", i, rc);
		ck_assert_str_eq(what, "index");
		free(t);
	}
	/* The entry's own index field changed to match a wrong index line:
	 * the event signature still holds (it does not cover the entry), but
	 * the proof does not. */
	{
		struct fixture *g = f;
		uint8_t *e = malloc(g->len[3]), proof[MERKLE_PROOF_MAX][HL];
		size_t n, len;
		char *out;
		memcpy(e, g->entry[3], g->len[3]);
		enc_put64(e + 1, 4);
		ck_assert_int_eq(merkle_inclusion_proof(fx_get, g, 3, NENTRIES, proof, &n), 0);
		ck_assert_int_eq(receipt_format(e, g->len[3], 4, (const uint8_t(*)[HL])proof, n,
		                                g->checkpoint, strlen(g->checkpoint), &out, &len),
		                 0);
		what = NULL;
		ck_assert_int_eq(check(g, NULL, out, len, &what), CVD_EPROOF);
		ck_assert_str_eq(what, "inclusion proof");
		free(out);
		free(e);
	}

	/* A policy for another origin: the receipt is for another log. */
	struct policy *o = malloc(sizeof(*o));
	*o = *f->p;
	snprintf(o->p_origin, sizeof(o->p_origin), "other.example.com/log");
	what = NULL;
	ck_assert_int_eq(check(f, o, f->receipt, strlen(f->receipt), &what), CVD_EORIGIN);
	snprintf(o->p_origin, sizeof(o->p_origin), "psirt.example.com/log2");
	ck_assert_int_eq(check(f, o, f->receipt, strlen(f->receipt), &what), CVD_EORIGIN);
	/* Quorum 3 of 2 signatures; one signature of quorum 2. */
	*o = *f->p;
	o->p_quorum = 3;
	what = NULL;
	ck_assert_int_eq(check(f, o, f->receipt, strlen(f->receipt), &what), CVD_EQUORUM);
	ck_assert_str_eq(what, "checkpoint");
	t = replace(f->receipt, f->checkpoint, tu_str(f->j, "checkpoint_one_node_fails_quorum_2"));
	ck_assert_int_eq(check(f, NULL, t, strlen(t), &what), CVD_EQUORUM);
	free(t);
	free(o);

	/* Damaged proofs: each hash with a flipped bit, dropped, an extra hash. */
	struct receipt r;
	ck_assert_int_eq(receipt_parse(f->receipt, strlen(f->receipt), &r), 0);
	uint8_t good[3][HL];
	memcpy(good, r.r_proof, sizeof(good));
	for (size_t i = 0; i < 3; i++) {
		for (unsigned bit = 0; bit < 256; bit += 37) {
			struct receipt_info info;
			memcpy(r.r_proof, good, sizeof(good));
			r.r_proof[i][bit / 8] ^= (uint8_t)(1u << (bit % 8));
			HOT_ASSERT(int, receipt_verify(&r, f->p, &info, &what), CVD_EPROOF);
		}
	}
	for (size_t i = 0; i < 3; i++) {
		struct receipt_info info;
		memcpy(r.r_proof, good, i * HL);
		memcpy(r.r_proof[i], good[i + 1], (2 - i) * HL);
		r.r_nproof = 2;
		ck_assert_int_eq(receipt_verify(&r, f->p, &info, &what), CVD_EPROOF);
		ck_assert_str_eq(what, "inclusion proof");
	}
	{
		struct receipt_info info;
		memcpy(r.r_proof, good, sizeof(good));
		memcpy(r.r_proof[3], good[0], HL);
		r.r_nproof = 4;
		ck_assert_int_eq(receipt_verify(&r, f->p, &info, &what), CVD_EPROOF);
		r.r_nproof = 3;
		ck_assert_int_eq(receipt_verify(&r, f->p, &info, &what), 0);
	}
	receipt_clear(&r);
	fx_free(f);
}
END_TEST

START_TEST(parser_rejects_malformed)
{
	struct fixture *f = fx_load();
	struct receipt r;
	const char *fixes[][2] = {
	    {"c2sp.org/tlog-proof@v1\n", "c2sp.org/tlog-proof@v2\n"},
	    {"c2sp.org/tlog-proof@v1\n", "c2sp.org/tlog-proof@v1\r\n"},
	    {"c2sp.org/tlog-proof@v1\n", "c2sp.org/tlog-proof@v1 \n"},
	    {"c2sp.org/tlog-proof@v1\n", ""},
	    {"\nextra ", "\nextra  "},
	    {"\nextra ", "\nextra\t"},
	    {"\nextra ", "\nExtra "},
	    {"\nextra ", "\nextra"},
	    {"\nextra AQ", "\nextra \nQ"},
	    {"gwE=\n", "gwE\n"},   /* unpadded */
	    {"gwE=\n", "gwF=\n"},  /* trailing bits */
	    {"gwE=\n", "gwE= \n"}, /* trailing space */
	    {"\nindex 3\n", "\nindex 03\n"},
	    {"\nindex 3\n", "\nindex +3\n"},
	    {"\nindex 3\n", "\nindex -3\n"},
	    {"\nindex 3\n", "\nindex 3 \n"},
	    {"\nindex 3\n", "\nindex\n"},
	    {"\nindex 3\n", "\nindex \n"},
	    {"\nindex 3\n", "\nindex 18446744073709551616\n"},
	    {"\nindex 3\n", "\n"},
	    {"lxpIwqxDB/X+iLWtHu37Z/ZEUpxMA4iyepFd25FJaTc=\n",
	     "lxpIwqxDB/X+iLWtHu37Z/ZEUpxMA4iyepFd25FJaTc\n"},
	    {"lxpIwqxDB/X+iLWtHu37Z/ZEUpxMA4iyepFd25FJaTc=\n",
	     "lxpIwqxDB/X+iLWtHu37Z/ZEUpxMA4iyepFd25FJaTd=\n"},
	    {"lxpIwqxDB/X+iLWtHu37Z/ZEUpxMA4iyepFd25FJaTc=\n",
	     "lxpIwqxDB/X+iLWtHu37Z/ZEUpxMA4iyepFd25FJaQ==\n"}, /* 31 bytes */
	    {"lxpIwqxDB/X+iLWtHu37Z/ZEUpxMA4iyepFd25FJaTc=\n",
	     "lxpIwqxDB/X+iLWtHu37Z/ZEUpxMA4iyepFd25FJaTcA\n"}, /* not a multiple of 4 */
	    {"lxpIwqxDB/X+iLWtHu37Z/ZEUpxMA4iyepFd25FJaTc=\n",
	     "lxpIwqxDB/X+iLWtHu37Z/ZEUpxMA4iyepFd25FJaTcAAAA=\n"},
	    {"lxpIwqxDB/X+iLWtHu37Z/ZEUpxMA4iyepFd25FJaTc=\n",
	     " lxpIwqxDB/X+iLWtHu37Z/ZEUpxMA4iyepFd25FJaTc=\n"},
	    {"lxpIwqxDB/X+iLWtHu37Z/ZEUpxMA4iyepFd25FJaTc=\n",
	     "lxpIwqxDB/X+iLWtHu37Z/ZEUpxMA4iyepFd25FJaTc=\r\n"},
	};
	for (size_t i = 0; i < sizeof(fixes) / sizeof(fixes[0]); i++) {
		char *t = replace(f->receipt, fixes[i][0], fixes[i][1]);
		int rc = receipt_parse(t, strlen(t), &r);
		receipt_clear(&r);
		ck_assert_msg(rc == CVD_EINVAL, "malformed case %zu parsed (%d)", i, rc);
		free(t);
	}
	/* Nothing after the blank line; no blank line at all. */
	const char *cut = strstr(f->receipt, "\n\npsirt");
	ck_assert_ptr_nonnull(cut);
	size_t at = (size_t)(cut - f->receipt) + 2;
	ck_assert_int_eq(receipt_parse(f->receipt, at, &r), CVD_EINVAL);
	receipt_clear(&r);
	ck_assert_int_eq(receipt_parse(f->receipt, at - 1, &r), CVD_EINVAL);
	receipt_clear(&r);
	ck_assert_int_eq(receipt_parse("", 0, &r), CVD_EINVAL);
	receipt_clear(&r);

	/* 64 proof hashes parse; 65 do not; format refuses 65. */
	uint8_t(*proof)[HL] = calloc(65, HL);
	char *out;
	size_t len;
	ck_assert_int_eq(receipt_format(f->entry[3], f->len[3], 3, (const uint8_t(*)[HL])proof, 64,
	                                f->checkpoint, strlen(f->checkpoint), &out, &len),
	                 0);
	ck_assert_int_eq(receipt_parse(out, len, &r), 0);
	ck_assert_uint_eq(r.r_nproof, 64);
	receipt_clear(&r);
	char *more = replace(out, "\n\n", "\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n");
	ck_assert_int_eq(receipt_parse(more, strlen(more), &r), CVD_EINVAL);
	receipt_clear(&r);
	free(more);
	free(out);
	out = NULL;
	ck_assert_int_eq(receipt_format(f->entry[3], f->len[3], 3, (const uint8_t(*)[HL])proof, 65,
	                                f->checkpoint, strlen(f->checkpoint), &out, &len),
	                 CVD_EINVAL);
	ck_assert_ptr_null(out);
	free(proof);

	/* An empty proof (a one-entry tree) formats and parses. */
	ck_assert_int_eq(receipt_format(f->entry[0], f->len[0], 0, NULL, 0, f->checkpoint,
	                                strlen(f->checkpoint), &out, &len),
	                 0);
	ck_assert_int_eq(receipt_parse(out, len, &r), 0);
	ck_assert_uint_eq(r.r_nproof, 0);
	receipt_clear(&r);
	free(out);

	/* Over the size limit. */
	char *big = malloc(RECEIPT_MAX_LEN + 2);
	memset(big, 'A', RECEIPT_MAX_LEN + 1);
	memcpy(big, f->receipt, strlen(f->receipt));
	ck_assert_int_eq(receipt_parse(big, RECEIPT_MAX_LEN + 1, &r), CVD_ETOOLARGE);
	receipt_clear(&r);
	free(big);
	fx_free(f);
}
END_TEST

/* Every prefix, several extensions and every byte changed several ways:
 * no crash, no leak (receipt_clear in every case), nothing verifies. */
START_TEST(truncated_extended_mutated_receipts)
{
	struct fixture *f = fx_load();
	const char *text = f->receipt;
	size_t len = strlen(text);
	char *buf = malloc(len + 64);
	static const uint8_t xors[] = {0x01, 0x04, 0x20, 0x80};
	static const char sets[] = {'\n', ' ', '\0', '='};
	unsigned parsed = 0;

	for (size_t cut = 0; cut < len; cut++) {
		char *c = malloc(cut + 1);
		memcpy(c, text, cut);
		struct receipt r;
		if (receipt_parse(c, cut, &r) == 0) {
			struct receipt_info info;
			const char *what;
			parsed++;
			if (receipt_verify(&r, f->p, &info, &what) == 0)
				ck_abort_msg("receipt cut at %zu verifies", cut);
		}
		receipt_clear(&r);
		free(c);
	}
	ck_assert_uint_gt(parsed, 0); /* cuts inside the checkpoint parse */
	const char *tails[] = {"x", "\n", " ", "\xe2\x80\x94 x AAAAAAA="};
	for (size_t t = 0; t < sizeof(tails) / sizeof(tails[0]); t++) {
		snprintf(buf, len + 64, "%s%s", text, tails[t]);
		ck_assert_int_ne(check(f, NULL, buf, strlen(buf), NULL), 0);
	}
	/* A whole unknown signature line appended is still a valid checkpoint. */
	snprintf(buf, len + 64, "%s\xe2\x80\x94 x AAAAAAA=\n", text);
	ck_assert_int_eq(check(f, NULL, buf, strlen(buf), NULL), 0);

	for (size_t pos = 0; pos < len; pos++) {
		for (size_t k = 0; k < sizeof(xors) + sizeof(sets); k++) {
			char ch =
			    k < sizeof(xors) ? (char)(text[pos] ^ xors[k]) : sets[k - sizeof(xors)];
			if (ch == text[pos])
				continue;
			memcpy(buf, text, len);
			buf[pos] = ch;
			if (check(f, NULL, buf, len, NULL) == 0)
				ck_abort_msg("receipt with byte %zu = 0x%02x verifies", pos,
				             (unsigned char)ch);
		}
	}
	free(buf);
	fx_free(f);
}
END_TEST

Suite *suite_receipt(void)
{
	Suite *s = suite_create("receipt");
	TCase *tc;

	tc = tcase_create("vectors");
	tcase_add_test(tc, vector_receipt_parses_and_verifies);
	tcase_add_test(tc, format_reproduces_vector_and_all_entries_verify);
	suite_add_tcase(s, tc);

	tc = tcase_create("refusals");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, changed_extra_fails);
	tcase_add_test(tc, wrong_index_origin_proof_and_quorum);
	tcase_add_test(tc, parser_rejects_malformed);
	suite_add_tcase(s, tc);

	tc = tcase_create("hostile_input");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, truncated_extended_mutated_receipts);
	suite_add_tcase(s, tc);
	return s;
}
