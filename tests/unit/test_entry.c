/*
 * test_entry.c: lib/entry.c on cvdlog.json. Each entries_hex decodes, has
 * index i and the event bytes of events_hex[i], re-encodes byte for byte, has
 * the leaf hash of leaf_hashes_hex, chains to the previous leaf hash (zeros
 * for entry 0) with non-decreasing times, and its event signature verifies
 * with author_vkey's key for `origin` (entry_verify_event) and is reproduced
 * by entry_sign_event with author_skey; the Merkle root of the five leaf
 * hashes is root_hex. Wrong origins, changed events and the size limits are
 * refused, and truncated, extended and mutated entries either fail to decode
 * or re-encode to the same bytes. The commitment vector is checked against
 * SHA-256("cvdlog/commit/v1\n" || salt || plaintext) computed here (there is
 * no lib commit module yet).
 */
#include <check.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "encoding.h"
#include "entry.h"
#include "error.h"
#include "keys.h"
#include "merkle.h"
#include "testutil.h"

#define NENTRIES 5

struct vec {
	json_t *j;
	const char *origin;
	uint8_t *entry[NENTRIES];
	size_t len[NENTRIES];
	uint8_t *event[NENTRIES];
	size_t event_len[NENTRIES];
	uint8_t leaf[NENTRIES][MERKLE_HASH_LEN];
	struct keys_verifier author;
};

static void vec_load(struct vec *v)
{
	json_t *entries, *events, *leaves;

	memset(v, 0, sizeof(*v));
	v->j = tu_vectors("cvdlog.json");
	v->origin = tu_str(v->j, "origin");
	entries = json_object_get(v->j, "entries_hex");
	events = json_object_get(v->j, "events_hex");
	leaves = json_object_get(v->j, "leaf_hashes_hex");
	ck_assert_uint_eq(json_array_size(entries), NENTRIES);
	ck_assert_uint_eq(json_array_size(events), NENTRIES);
	ck_assert_uint_eq(json_array_size(leaves), NENTRIES);
	for (size_t i = 0; i < NENTRIES; i++) {
		v->entry[i] = tu_hex(json_string_value(json_array_get(entries, i)), &v->len[i]);
		v->event[i] =
		    tu_hex(json_string_value(json_array_get(events, i)), &v->event_len[i]);
		tu_hex32(json_string_value(json_array_get(leaves, i)), v->leaf[i]);
	}
	tu_vkey(tu_str(v->j, "author_vkey"), &v->author);
}

static void vec_free(struct vec *v)
{
	for (size_t i = 0; i < NENTRIES; i++) {
		free(v->entry[i]);
		free(v->event[i]);
	}
	json_decref(v->j);
}

START_TEST(vector_entries_decode_and_reencode)
{
	struct vec v;
	vec_load(&v);
	for (size_t i = 0; i < NENTRIES; i++) {
		struct entry e;
		uint8_t *out;

		ck_assert_int_eq(entry_decode(v.entry[i], v.len[i], &e), 0);
		ck_assert_uint_eq(e.e_index, i);
		ck_assert_uint_eq(e.e_event_len, v.event_len[i]);
		ck_assert_mem_eq(e.e_event, v.event[i], v.event_len[i]);
		ck_assert_ptr_eq(e.e_event, v.entry[i] + ENTRY_HEADER_LEN); /* borrowed */
		ck_assert_mem_eq(e.e_author, v.author.kv_pk, KEYS_PK_LEN);
		ck_assert_uint_eq(entry_len(&e), v.len[i]);
		out = malloc(entry_len(&e));
		entry_encode(&e, out);
		ck_assert_mem_eq(out, v.entry[i], v.len[i]);
		free(out);
		/* The fields sit where DESIGN.md section 3 puts them. */
		ck_assert_int_eq(v.entry[i][0], ENTRY_VERSION);
		ck_assert_uint_eq(enc_get64(v.entry[i] + 1), e.e_index);
		ck_assert_uint_eq(enc_get64(v.entry[i] + 9), e.e_time_ms);
		ck_assert_mem_eq(v.entry[i] + 17, e.e_prev, 32);
		ck_assert_mem_eq(v.entry[i] + 49, e.e_author, 32);
		ck_assert_mem_eq(v.entry[i] + 81, e.e_sig, 64);
		ck_assert_uint_eq(enc_get32(v.entry[i] + 145), e.e_event_len);
	}
	vec_free(&v);
}
END_TEST

START_TEST(vector_leaf_hashes_chain_and_root)
{
	struct vec v;
	struct merkle_frontier f;
	uint8_t h[MERKLE_HASH_LEN], zero[MERKLE_HASH_LEN] = {0}, root[MERKLE_HASH_LEN];
	uint64_t last_time = 0;

	vec_load(&v);
	memset(&f, 0, sizeof(f));
	for (size_t i = 0; i < NENTRIES; i++) {
		struct entry e;
		uint8_t buf[1 + 4096];

		ck_assert_int_eq(entry_decode(v.entry[i], v.len[i], &e), 0);
		merkle_leaf_hash(v.entry[i], v.len[i], h);
		ck_assert_mem_eq(h, v.leaf[i], MERKLE_HASH_LEN);
		/* Leaf hash = SHA-256(0x00 || entry), computed here too. */
		ck_assert_uint_lt(v.len[i], sizeof(buf));
		buf[0] = 0;
		memcpy(buf + 1, v.entry[i], v.len[i]);
		crypto_hash_sha256(h, buf, v.len[i] + 1);
		ck_assert_mem_eq(h, v.leaf[i], MERKLE_HASH_LEN);
		/* The hash chain. */
		ck_assert_mem_eq(e.e_prev, i == 0 ? zero : v.leaf[i - 1], MERKLE_HASH_LEN);
		ck_assert_uint_ge(e.e_time_ms, last_time);
		last_time = e.e_time_ms;
		ck_assert_int_eq(merkle_frontier_append(&f, v.leaf[i], NULL, NULL), 0);
	}
	tu_hex32(tu_str(v.j, "root_hex"), root);
	merkle_frontier_root(&f, h);
	ck_assert_mem_eq(h, root, MERKLE_HASH_LEN);
	vec_free(&v);
}
END_TEST

START_TEST(vector_event_signatures)
{
	struct vec v;
	struct keys_signer *k;

	vec_load(&v);
	k = tu_skey(tu_str(v.j, "author_skey"));
	for (size_t i = 0; i < NENTRIES; i++) {
		struct entry e;
		uint8_t sig[KEYS_SIG_LEN], *ev;

		ck_assert_int_eq(entry_decode(v.entry[i], v.len[i], &e), 0);
		ck_assert_int_eq(
		    entry_verify_event(e.e_author, e.e_sig, v.origin, e.e_event, e.e_event_len), 0);
		ck_assert_int_eq(entry_verify_event(v.author.kv_pk, e.e_sig, v.origin, v.event[i],
		                                    v.event_len[i]),
		                 0);
		/* Ed25519 is deterministic: signing again gives the same bytes. */
		entry_sign_event(k, v.origin, v.event[i], v.event_len[i], sig);
		ck_assert_mem_eq(sig, e.e_sig, KEYS_SIG_LEN);
		/* The signed message, built here, verifies with plain libsodium. */
		size_t ol = strlen(v.origin);
		size_t ml = 16 + ol + 1 + e.e_event_len;
		uint8_t *msg = malloc(ml);
		memcpy(msg, "cvdlog/event/v1\n", 16);
		memcpy(msg + 16, v.origin, ol);
		msg[16 + ol] = '\n';
		memcpy(msg + 17 + ol, e.e_event, e.e_event_len);
		ck_assert_int_eq(crypto_sign_verify_detached(e.e_sig, msg, ml, e.e_author), 0);
		free(msg);

		/* Another origin, another entry's event, a changed event byte,
		 * another key: all fail. */
		ck_assert_int_eq(entry_verify_event(e.e_author, e.e_sig, "psirt.example.com/lo",
		                                    e.e_event, e.e_event_len),
		                 CVD_EBADSIG);
		ck_assert_int_eq(entry_verify_event(e.e_author, e.e_sig, "psirt.example.com/log\n",
		                                    e.e_event, e.e_event_len),
		                 CVD_EBADSIG);
		ck_assert_int_eq(
		    entry_verify_event(e.e_author, e.e_sig, "", e.e_event, e.e_event_len),
		    CVD_EBADSIG);
		ck_assert_int_eq(entry_verify_event(e.e_author, e.e_sig, v.origin,
		                                    v.event[(i + 1) % NENTRIES],
		                                    v.event_len[(i + 1) % NENTRIES]),
		                 CVD_EBADSIG);
		ev = malloc(e.e_event_len);
		for (size_t b = 0; b < e.e_event_len; b++) {
			memcpy(ev, e.e_event, e.e_event_len);
			ev[b] ^= 0x01;
			HOT_ASSERT(
			    int,
			    entry_verify_event(e.e_author, e.e_sig, v.origin, ev, e.e_event_len),
			    CVD_EBADSIG);
		}
		ck_assert_int_eq(
		    entry_verify_event(e.e_author, e.e_sig, v.origin, e.e_event, e.e_event_len - 1),
		    CVD_EBADSIG);
		free(ev);
		uint8_t other[KEYS_PK_LEN];
		memcpy(other, e.e_author, KEYS_PK_LEN);
		other[0] ^= 0x01;
		ck_assert_int_eq(
		    entry_verify_event(other, e.e_sig, v.origin, e.e_event, e.e_event_len),
		    CVD_EBADSIG);
	}
	keys_signer_free(k);
	vec_free(&v);
}
END_TEST

START_TEST(event_signature_limits)
{
	struct keys_signer *k = NULL;
	struct keys_verifier kv;
	uint8_t sig[KEYS_SIG_LEN];
	uint8_t *ev = calloc(1, ENTRY_EVENT_MAX + 1);
	char origin[ENTRY_ORIGIN_MAX + 2];

	ck_assert_int_eq(keys_signer_generate("author", &k), 0);
	keys_signer_verifier(k, &kv);
	memset(origin, 'o', sizeof(origin));
	origin[ENTRY_ORIGIN_MAX] = 0;
	/* The largest event and origin sign and verify. */
	entry_sign_event(k, origin, ev, ENTRY_EVENT_MAX, sig);
	ck_assert_int_eq(entry_verify_event(kv.kv_pk, sig, origin, ev, ENTRY_EVENT_MAX), 0);
	/* One byte over either limit is too large. */
	ck_assert_int_eq(entry_verify_event(kv.kv_pk, sig, origin, ev, ENTRY_EVENT_MAX + 1),
	                 CVD_ETOOLARGE);
	origin[ENTRY_ORIGIN_MAX] = 'o';
	origin[ENTRY_ORIGIN_MAX + 1] = 0;
	ck_assert_int_eq(entry_verify_event(kv.kv_pk, sig, origin, ev, 10), CVD_ETOOLARGE);
	/* An empty event is a message too. */
	entry_sign_event(k, "o", NULL, 0, sig);
	ck_assert_int_eq(entry_verify_event(kv.kv_pk, sig, "o", NULL, 0), 0);
	ck_assert_int_eq(entry_verify_event(kv.kv_pk, sig, "o", ev, 1), CVD_EBADSIG);
	free(ev);
	keys_signer_free(k);
}
END_TEST

START_TEST(encode_decode_round_trip_and_limits)
{
	struct entry e, d;
	uint8_t *ev = malloc(ENTRY_EVENT_MAX + 1), *buf = malloc(ENTRY_MAX + 2);

	for (size_t i = 0; i <= ENTRY_EVENT_MAX; i++)
		ev[i] = (uint8_t)(i * 7);
	memset(&e, 0, sizeof(e));
	e.e_index = UINT64_MAX;
	e.e_time_ms = 0x0102030405060708ull;
	memset(e.e_prev, 0xaa, 32);
	memset(e.e_author, 0xbb, 32);
	memset(e.e_sig, 0xcc, 64);
	const uint32_t lens[] = {0, 1, 21, 1000, ENTRY_EVENT_MAX};
	for (size_t k = 0; k < sizeof(lens) / sizeof(lens[0]); k++) {
		e.e_event = ev;
		e.e_event_len = lens[k];
		ck_assert_uint_eq(entry_len(&e), ENTRY_HEADER_LEN + lens[k]);
		entry_encode(&e, buf);
		ck_assert_int_eq(entry_decode(buf, entry_len(&e), &d), 0);
		ck_assert_uint_eq(d.e_index, e.e_index);
		ck_assert_uint_eq(d.e_time_ms, e.e_time_ms);
		ck_assert_mem_eq(d.e_prev, e.e_prev, 32);
		ck_assert_mem_eq(d.e_author, e.e_author, 32);
		ck_assert_mem_eq(d.e_sig, e.e_sig, 64);
		ck_assert_uint_eq(d.e_event_len, lens[k]);
		if (lens[k] > 0)
			ck_assert_mem_eq(d.e_event, ev, lens[k]);
		ck_assert_ptr_eq(d.e_event, buf + ENTRY_HEADER_LEN);
	}
	ck_assert_uint_eq(ENTRY_HEADER_LEN + ENTRY_EVENT_MAX, 65535);
	/* One byte more than an entry may hold: refused even when consistent. */
	enc_put32(buf + ENTRY_HEADER_LEN - 4, ENTRY_EVENT_MAX + 1);
	ck_assert_int_eq(entry_decode(buf, ENTRY_MAX + 1, &d), CVD_EINVAL);
	free(ev);
	free(buf);
}
END_TEST

/* Decoding on an exact-size heap copy, so ASan sees any over-read. */
static int decode_copy(const uint8_t *p, size_t len, struct entry *e, uint8_t **keep)
{
	uint8_t *c = malloc(len > 0 ? len : 1);
	memcpy(c, p, len);
	int rc = entry_decode(c, len, e);
	*keep = c;
	return rc;
}

START_TEST(truncated_extended_mutated_entries)
{
	struct vec v;
	vec_load(&v);
	for (size_t i = 0; i < NENTRIES; i++) {
		size_t len = v.len[i];
		uint8_t *buf = malloc(len + 16), *c, *out = malloc(len + 16);
		struct entry e;

		for (size_t cut = 0; cut < len; cut++) {
			HOT_ASSERT(int, decode_copy(v.entry[i], cut, &e, &c), CVD_EINVAL);
			free(c);
		}
		for (size_t extra = 1; extra <= 16; extra++) {
			memcpy(buf, v.entry[i], len);
			memset(buf + len, 0, extra);
			HOT_ASSERT(int, decode_copy(buf, len + extra, &e, &c), CVD_EINVAL);
			free(c);
		}
		/* Every byte, every value: a decodable result re-encodes to
		 * exactly the mutated bytes; the version and length bytes only
		 * decode when unchanged. */
		for (size_t pos = 0; pos < len; pos++) {
			for (int val = 0; val < 256; val++) {
				if (val == v.entry[i][pos])
					continue;
				memcpy(buf, v.entry[i], len);
				buf[pos] = (uint8_t)val;
				int rc = entry_decode(buf, len, &e);
				int structural = pos == 0 || (pos >= 145 && pos < 149);
				HOT_ASSERT(int, rc, structural ? CVD_EINVAL : 0);
				if (rc != 0)
					continue;
				HOT_ASSERT(uint, entry_len(&e), len);
				entry_encode(&e, out);
				HOT_ASSERT_MEM(out, buf, len);
			}
		}
		free(buf);
		free(out);
	}
	vec_free(&v);
}
END_TEST

/* ref_commit: SHA-256("cvdlog/commit/v1\n" || salt || plaintext), computed
 * here. */
static void ref_commit(const uint8_t salt[32], const char *pt, uint8_t out[32])
{
	crypto_hash_sha256_state st;

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const uint8_t *)"cvdlog/commit/v1\n", 17);
	crypto_hash_sha256_update(&st, salt, 32);
	crypto_hash_sha256_update(&st, (const uint8_t *)pt, strlen(pt));
	crypto_hash_sha256_final(&st, out);
}

START_TEST(commitment_vector)
{
	json_t *j = tu_vectors("cvdlog.json");
	json_t *c = json_object_get(j, "commitment");
	const char *pt = tu_str(c, "plaintext");
	uint8_t salt[32], want[32], got[32];

	tu_hex32(tu_str(c, "salt_hex"), salt);
	tu_hex32(tu_str(c, "commitment_hex"), want);
	ref_commit(salt, pt, got);
	ck_assert_mem_eq(got, want, 32);
	/* Any other salt or plaintext commits to something else. */
	salt[31] ^= 1;
	ref_commit(salt, pt, got);
	ck_assert_mem_ne(got, want, 32);
	json_decref(j);
}
END_TEST

Suite *suite_entry(void)
{
	Suite *s = suite_create("entry");
	TCase *tc;

	tc = tcase_create("vectors");
	tcase_add_test(tc, vector_entries_decode_and_reencode);
	tcase_add_test(tc, vector_leaf_hashes_chain_and_root);
	tcase_add_test(tc, vector_event_signatures);
	tcase_add_test(tc, commitment_vector);
	suite_add_tcase(s, tc);

	tc = tcase_create("format_and_limits");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, event_signature_limits);
	tcase_add_test(tc, encode_decode_round_trip_and_limits);
	tcase_add_test(tc, truncated_extended_mutated_entries);
	suite_add_tcase(s, tc);
	return s;
}
