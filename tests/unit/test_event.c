/*
 * test_event.c: lib/event.c, the signed cvdlog.Event. event_build_note and
 * event_build_genesis round-trip through event_decode; empty, oversized
 * (> EVENT_NOTE_MAX) and non-UTF-8 texts and bad signers (the signer is the
 * author's type 0x01 verifier key) are refused by both; hand-built encodings
 * exercise the decoder's rules (nonce length, missing body, unknown fields,
 * wrong wire types, canonical encoding: no duplicate or reordered fields, no
 * embedded NULs; genesis node keys). cvdlog.json's placeholder events_hex (no
 * signer, no body) are rejected without crashing. Garbage bytes and
 * truncated, extended and mutated encodings of valid events never crash, and
 * are either rejected or decode consistently: every decoded string is valid
 * and is exactly a length-delimited field of the input (nothing silently cut
 * short), and decoding twice gives the same view. A genesis may carry a
 * roster: it round-trips when it is canonical and its node lines are the
 * genesis nodes, and is refused otherwise. Roster changes, case events and
 * org events decode with their message kept in ev_pb; an event with an
 * unknown field in any nested message (also in a repeated one), an invalid
 * UTF-8 string anywhere in the tree, or no kind set is refused.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cvdlog.pb-c.h"
#include "encoding.h"
#include "entry.h"
#include "error.h"
#include "event.h"
#include "keys.h"
#include "roster.h"
#include "testutil.h"

/* ---- A tiny protobuf writer for hand-built events. ---- */

struct pb {
	uint8_t b[70000];
	size_t n;
};

static void pb_varint(struct pb *p, uint64_t v)
{
	do {
		ck_assert_uint_lt(p->n, sizeof(p->b));
		p->b[p->n++] = (uint8_t)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
		v >>= 7;
	} while (v != 0);
}

static void pb_bytes(struct pb *p, unsigned field, const void *data, size_t len)
{
	pb_varint(p, (uint64_t)field << 3 | 2);
	pb_varint(p, len);
	ck_assert_uint_le(p->n + len, sizeof(p->b));
	memcpy(p->b + p->n, data, len);
	p->n += len;
}

static void pb_str(struct pb *p, unsigned field, const char *s)
{
	pb_bytes(p, field, s, strlen(s));
}

static void pb_uint(struct pb *p, unsigned field, uint64_t v)
{
	pb_varint(p, (uint64_t)field << 3 | 0);
	pb_varint(p, v);
}

/* The author key of cvdlog.json, and a node key of it: valid signers. */
#define SIGNER  "reporter+8d7af334+AYqI4910CfGV/VLbLTy6XXLKZwm/HZQSG/N0iAG0D29c"
#define SIGNER2 "psirt.example.com/log+bd2e07dd+AYE5dw6ofRdfVqNUZsNMfszLjYqRtO43ol32D1uPybOU"

/* Signers event_build_note and event_decode must refuse. */
static const char *const BAD_SIGNERS[] = {
    "alice",                                                                 /* a name, not a key */
    "",                                                                      /* nothing */
    "reporter+8D7AF334+AYqI4910CfGV/VLbLTy6XXLKZwm/HZQSG/N0iAG0D29c",        /* uppercase ID */
    "reporter+8d7af335+AYqI4910CfGV/VLbLTy6XXLKZwm/HZQSG/N0iAG0D29c",        /* wrong ID */
    "reportex+8d7af334+AYqI4910CfGV/VLbLTy6XXLKZwm/HZQSG/N0iAG0D29c",        /* other name */
    "reporter+8d7af334+AYqI4910CfGV/VLbLTy6XXLKZwm/HZQSG/N0iAG0D29c ",       /* trailing space */
    "reporter+8d7af334+AYqI4910CfGV/VLbLTy6XXLKZwm/HZQSG/N0iAG0D29c\n",      /* newline */
    "witness.example+7e81f231+BAOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4", /* type 0x04 */
    "PRIVATE+KEY+reporter+8d7af334+AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEB", /* secret */
};
#define NBAD_SIGNERS (sizeof(BAD_SIGNERS) / sizeof(BAD_SIGNERS[0]))

static const uint8_t NONCE[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

/* pb_head writes nonce, time and signer, as event_build_* do. */
static void pb_head(struct pb *p, const char *signer)
{
	p->n = 0;
	pb_bytes(p, 1, NONCE, 16);
	pb_uint(p, 2, 1700000000123ull);
	if (signer != NULL)
		pb_str(p, 3, signer);
}

/* pb_note appends a note body holding text[0..len). */
static void pb_note(struct pb *p, const char *text, size_t len)
{
	struct pb inner;
	inner.n = 0;
	pb_bytes(&inner, 1, text, len);
	pb_bytes(p, 17, inner.b, inner.n);
}

/* pb_genesis writes the head of a SIGNER2 event and a genesis body holding
 * origin[0..olen) and the one node message node. */
static void pb_genesis(struct pb *p, const char *origin, size_t olen, const struct pb *node)
{
	struct pb gen;
	gen.n = 0;
	pb_bytes(&gen, 1, origin, olen);
	pb_bytes(&gen, 2, node->b, node->n);
	pb_head(p, SIGNER2);
	pb_bytes(p, 16, gen.b, gen.n);
}

/* ---- Consistency of a decoded view with the bytes it came from. ---- */

/* is_field: s (as a C string) occurs in buf as a whole length-delimited
 * value, i.e. preceded by a varint equal to strlen(s). */
static int is_field(const uint8_t *buf, size_t len, const char *s)
{
	size_t l = strlen(s);
	for (size_t pos = 1; pos + l <= len; pos++) {
		if (memcmp(buf + pos, s, l) != 0)
			continue;
		for (size_t k = 1; k <= 3 && k <= pos; k++) {
			uint64_t v = 0;
			int ok = 1;
			for (size_t i = 0; i < k; i++) {
				uint8_t c = buf[pos - k + i];
				if ((i + 1 < k) != ((c & 0x80) != 0))
					ok = 0;
				v |= (uint64_t)(c & 0x7f) << (7 * i);
			}
			if (ok && v == l)
				return 1;
		}
	}
	return 0;
}

/* view_consistent checks what event_decode promises about an accepted view. */
static void view_consistent(const struct event_view *ev, const uint8_t *buf, size_t len)
{
	struct keys_verifier sk;
	tu_vkey(ev->ev_signer, &sk);
	ck_assert_int_eq(sk.kv_type, KEYS_TYPE_ED25519);
	ck_assert_int_eq(ev->ev_signer_key.kv_type, KEYS_TYPE_ED25519);
	ck_assert_str_eq(ev->ev_signer_key.kv_name, sk.kv_name);
	ck_assert_mem_eq(ev->ev_signer_key.kv_pk, sk.kv_pk, KEYS_PK_LEN);
	ck_assert_msg(is_field(buf, len, ev->ev_signer), "signer is not a field of the input");
	const Cvdlog__Event *pb = ev->ev_pb;
	ck_assert_ptr_nonnull(pb);
	ck_assert_str_eq(pb->signer, ev->ev_signer);
	ck_assert_uint_eq(pb->time_ms, ev->ev_time_ms);
	if (ev->ev_type != EVENT_GENESIS)
		ck_assert_ptr_null(ev->ev_roster);
	switch (ev->ev_type) {
	case EVENT_NOTE: {
		ck_assert_ptr_nonnull(ev->ev_text);
		size_t l = strlen(ev->ev_text);
		ck_assert_uint_gt(l, 0);
		ck_assert_uint_le(l, EVENT_NOTE_MAX);
		ck_assert_int_eq(enc_utf8_valid(ev->ev_text, l), 1);
		ck_assert_msg(is_field(buf, len, ev->ev_text), "text is not a field of the input");
		ck_assert_ptr_null(ev->ev_origin);
		ck_assert_uint_eq(ev->ev_nnodes, 0);
		break;
	}
	case EVENT_GENESIS:
		ck_assert_ptr_null(ev->ev_text);
		ck_assert_ptr_nonnull(ev->ev_origin);
		ck_assert(keys_name_valid(ev->ev_origin, strlen(ev->ev_origin)));
		ck_assert_uint_le(strlen(ev->ev_origin), ENTRY_ORIGIN_MAX);
		ck_assert_msg(is_field(buf, len, ev->ev_origin), "origin is not a field");
		ck_assert_uint_ge(ev->ev_nnodes, 1);
		ck_assert_uint_le(ev->ev_nnodes, POLICY_MAX_KEYS);
		for (unsigned i = 0; i < ev->ev_nnodes; i++) {
			struct keys_verifier v;
			const char *vk = ev->ev_node_vkeys[i];
			ck_assert(
			    keys_name_valid(ev->ev_node_names[i], strlen(ev->ev_node_names[i])));
			tu_vkey(vk, &v);
			ck_assert_str_eq(v.kv_name, ev->ev_origin);
			ck_assert_msg(is_field(buf, len, ev->ev_node_names[i]), "name not a field");
			ck_assert_msg(is_field(buf, len, vk), "vkey not a field");
		}
		ck_assert_int_eq(pb->body_case, CVDLOG__EVENT__BODY_GENESIS);
		if (ev->ev_roster != NULL) {
			struct roster *r = NULL;
			char *t = NULL;
			size_t tl;
			ck_assert_msg(is_field(buf, len, ev->ev_roster), "roster is not a field");
			ck_assert_int_eq(
			    roster_parse(ev->ev_roster, strlen(ev->ev_roster), &r, NULL, 0), 0);
			ck_assert_int_eq(roster_format(r, &t, &tl), 0);
			ck_assert_str_eq(t, ev->ev_roster);
			ck_assert_uint_eq(r->r_nnodes, ev->ev_nnodes);
			for (unsigned i = 0; i < ev->ev_nnodes; i++)
				ck_assert_str_eq(r->r_nodes[i].rn_name, ev->ev_node_names[i]);
			free(t);
			roster_free(r);
		} else {
			ck_assert_str_eq(pb->genesis->roster, "");
		}
		break;
	case EVENT_ROSTER:
	case EVENT_CASE:
	case EVENT_ORG:
		ck_assert_ptr_null(ev->ev_text);
		ck_assert_ptr_null(ev->ev_origin);
		ck_assert_uint_eq(ev->ev_nnodes, 0);
		if (ev->ev_type == EVENT_ROSTER)
			ck_assert(pb->body_case == CVDLOG__EVENT__BODY_ROSTER &&
			          pb->roster->change_case !=
			              CVDLOG__ROSTER_CHANGE__CHANGE__NOT_SET);
		else if (ev->ev_type == EVENT_CASE)
			ck_assert(pb->body_case == CVDLOG__EVENT__BODY_CASE_EVENT &&
			          pb->case_event->kind_case != CVDLOG__CASE_EVENT__KIND__NOT_SET);
		else
			ck_assert(pb->body_case == CVDLOG__EVENT__BODY_ORG_EVENT &&
			          pb->org_event->kind_case != CVDLOG__ORG_EVENT__KIND__NOT_SET);
		break;
	default: ck_abort_msg("decoded an event of type %d", (int)ev->ev_type);
	}
}

/* decode_any: decode a heap copy of exactly len bytes; on success check the
 * view and that a second decode agrees. Returns the decode result. */
static int decode_any(const uint8_t *buf, size_t len)
{
	uint8_t *c = malloc(len > 0 ? len : 1);
	struct event_view a, b;
	const char *why = NULL;
	int rc;

	memcpy(c, buf, len);
	rc = event_decode(c, len, &a, &why);
	if (rc != 0) {
		if (rc != CVD_EINVAL && rc != CVD_ETOOLARGE)
			ck_abort_msg("event_decode returned %d", rc);
		if (why == NULL)
			ck_abort_msg("rejected without a reason");
	} else {
		view_consistent(&a, c, len);
		ck_assert_int_eq(event_decode(c, len, &b, NULL), 0);
		ck_assert_int_eq(a.ev_type, b.ev_type);
		ck_assert_uint_eq(a.ev_time_ms, b.ev_time_ms);
		ck_assert_mem_eq(a.ev_nonce, b.ev_nonce, EVENT_NONCE_LEN);
		ck_assert_str_eq(a.ev_signer, b.ev_signer);
		event_view_clear(&b);
	}
	event_view_clear(&a);
	free(c);
	return rc;
}

static int decode_pb(const struct pb *p, const char **why)
{
	struct event_view ev;
	int rc = event_decode(p->b, p->n, &ev, why);
	if (rc == 0)
		view_consistent(&ev, p->b, p->n);
	event_view_clear(&ev);
	return rc;
}

/* ---- Tests ---- */

START_TEST(note_round_trip)
{
	uint8_t *a = NULL, *b = NULL;
	size_t na, nb;
	struct event_view ev;
	const char *why = "unset";

	ck_assert_int_eq(event_build_note(SIGNER, 1700000000123ull, "hello, world", &a, &na), 0);
	ck_assert_ptr_nonnull(a);
	ck_assert_uint_le(na, ENTRY_EVENT_MAX);
	ck_assert_int_eq(event_decode(a, na, &ev, &why), 0);
	ck_assert_ptr_null(why);
	ck_assert_int_eq(ev.ev_type, EVENT_NOTE);
	ck_assert_str_eq(event_type_name(ev.ev_type), "note");
	ck_assert_uint_eq(ev.ev_time_ms, 1700000000123ull);
	ck_assert_str_eq(ev.ev_signer, SIGNER);
	ck_assert_str_eq(ev.ev_signer_key.kv_name, "reporter");
	ck_assert_str_eq(ev.ev_text, "hello, world");
	ck_assert_ptr_null(ev.ev_origin);
	view_consistent(&ev, a, na);
	uint8_t nonce[EVENT_NONCE_LEN];
	memcpy(nonce, ev.ev_nonce, sizeof(nonce));
	event_view_clear(&ev);
	ck_assert_ptr_null(ev.ev_text);
	event_view_clear(&ev); /* twice is fine */

	/* A fresh nonce each time: the same note is two distinct events. */
	ck_assert_int_eq(event_build_note(SIGNER, 1700000000123ull, "hello, world", &b, &nb), 0);
	ck_assert_uint_eq(na, nb);
	ck_assert_mem_ne(a, b, na);
	ck_assert_int_eq(event_decode(b, nb, &ev, NULL), 0);
	ck_assert_mem_ne(ev.ev_nonce, nonce, EVENT_NONCE_LEN);
	event_view_clear(&ev);
	free(a);
	free(b);

	/* Boundary texts, a non-ASCII signer, time 0 and the largest time. */
	char *max = malloc(EVENT_NOTE_MAX + 1);
	memset(max, 'x', EVENT_NOTE_MAX);
	max[EVENT_NOTE_MAX] = 0;
	const char *texts[] = {"x", max, "caf\xc3\xa9 \xf0\x9f\x94\x92\n\ttabs and\nlines"};
	const uint64_t times[] = {0, UINT64_MAX, 42};
	struct keys_signer *ks = NULL;
	char vk[KEYS_VKEY_MAX + 1];
	ck_assert_int_eq(keys_signer_generate("r\xc3\xa9porter", &ks), 0);
	keys_signer_vkey(ks, vk);
	keys_signer_free(ks);
	for (size_t i = 0; i < 3; i++) {
		ck_assert_int_eq(event_build_note(vk, times[i], texts[i], &a, &na), 0);
		ck_assert_int_eq(event_decode(a, na, &ev, NULL), 0);
		ck_assert_str_eq(ev.ev_text, texts[i]);
		ck_assert_str_eq(ev.ev_signer, vk);
		ck_assert_str_eq(ev.ev_signer_key.kv_name, "r\xc3\xa9porter");
		ck_assert_uint_eq(ev.ev_time_ms, times[i]);
		view_consistent(&ev, a, na);
		event_view_clear(&ev);
		free(a);
	}
	/* A 4-byte UTF-8 character ending exactly at the limit. */
	memcpy(max + EVENT_NOTE_MAX - 4, "\xf0\x9f\x94\x92", 4);
	ck_assert_int_eq(event_build_note(SIGNER, 1, max, &a, &na), 0);
	free(a);
	free(max);
	ck_assert_str_eq(event_type_name(EVENT_GENESIS), "genesis");
	ck_assert_str_eq(event_type_name((enum event_type)99), "unknown");
}
END_TEST

START_TEST(build_note_rejects)
{
	uint8_t *out = (uint8_t *)"untouched";
	size_t n = 12345;
	char *big = malloc(EVENT_NOTE_MAX + 2);

	ck_assert_int_eq(event_build_note(SIGNER, 1, "", &out, &n), CVD_EINVAL);
	memset(big, 'x', EVENT_NOTE_MAX + 1);
	big[EVENT_NOTE_MAX + 1] = 0;
	/* Refused as too large (event.h names only CVD_EINVAL; either is a refusal). */
	int rc = event_build_note(SIGNER, 1, big, &out, &n);
	ck_assert_msg(rc == CVD_ETOOLARGE || rc == CVD_EINVAL, "oversized text: %d", rc);
	const char *bad_text[] = {"\xff",         "abc\xc3",          "\xc0\xaf",
	                          "\xed\xa0\x80", "\xf4\x90\x80\x80", "ok then \x80"};
	for (size_t i = 0; i < sizeof(bad_text) / sizeof(bad_text[0]); i++)
		ck_assert_msg(event_build_note(SIGNER, 1, bad_text[i], &out, &n) == CVD_EINVAL,
		              "accepted text #%zu", i);
	for (size_t i = 0; i < NBAD_SIGNERS; i++)
		ck_assert_msg(event_build_note(BAD_SIGNERS[i], 1, "text", &out, &n) == CVD_EINVAL,
		              "accepted signer #%zu", i);
	/* The longest valid verifier key is a fine signer. */
	char longname[KEYS_NAME_MAX + 1], vk[KEYS_VKEY_MAX + 1];
	struct keys_signer *ks = NULL;
	uint8_t *ok;
	memset(longname, 'n', KEYS_NAME_MAX);
	longname[KEYS_NAME_MAX] = 0;
	ck_assert_int_eq(keys_signer_generate(longname, &ks), 0);
	keys_signer_vkey(ks, vk);
	keys_signer_free(ks);
	ck_assert_uint_eq(strlen(vk), KEYS_VKEY_MAX);
	ck_assert_int_eq(event_build_note(vk, 1, "text", &ok, &n), 0);
	struct event_view ev;
	ck_assert_int_eq(event_decode(ok, n, &ev, NULL), 0);
	ck_assert_str_eq(ev.ev_signer, vk);
	event_view_clear(&ev);
	free(ok);
	/* Nothing was handed out on failure. */
	ck_assert_str_eq((const char *)out, "untouched");
	free(big);
}
END_TEST

START_TEST(decoder_rules_on_hand_built_events)
{
	struct pb *p = malloc(sizeof(*p));
	const char *why;

	/* The reference: what event_build_note writes, built by hand. */
	pb_head(p, SIGNER);
	pb_note(p, "hi", 2);
	ck_assert_int_eq(decode_pb(p, &why), 0);

	/* Nonce of 0, 15, 17 bytes, or none. */
	const size_t nonce_lens[] = {0, 15, 17};
	for (size_t i = 0; i < 3; i++) {
		uint8_t nn[17] = {0};
		p->n = 0;
		pb_bytes(p, 1, nn, nonce_lens[i]);
		pb_str(p, 3, SIGNER);
		pb_note(p, "hi", 2);
		ck_assert_int_eq(decode_pb(p, &why), CVD_EINVAL);
		ck_assert_ptr_nonnull(why);
	}
	p->n = 0;
	pb_str(p, 3, SIGNER);
	pb_note(p, "hi", 2);
	ck_assert_int_eq(decode_pb(p, &why), CVD_EINVAL);

	/* No signer; bad signers. */
	pb_head(p, NULL);
	pb_note(p, "hi", 2);
	ck_assert_int_eq(decode_pb(p, &why), CVD_EINVAL);
	for (size_t i = 0; i < NBAD_SIGNERS; i++) {
		pb_head(p, BAD_SIGNERS[i]);
		pb_note(p, "hi", 2);
		ck_assert_msg(decode_pb(p, &why) == CVD_EINVAL, "accepted signer #%zu", i);
	}

	/* No body. */
	pb_head(p, SIGNER);
	ck_assert_int_eq(decode_pb(p, &why), CVD_EINVAL);
	ck_assert_ptr_nonnull(why);

	/* Unknown fields, in the event and in the note. */
	pb_head(p, SIGNER);
	pb_note(p, "hi", 2);
	pb_uint(p, 4, 7);
	ck_assert_int_eq(decode_pb(p, &why), CVD_EINVAL);
	pb_head(p, SIGNER);
	pb_uint(p, 99, 1);
	pb_note(p, "hi", 2);
	ck_assert_int_eq(decode_pb(p, &why), CVD_EINVAL);
	{
		struct pb inner;
		inner.n = 0;
		pb_str(&inner, 1, "hi");
		pb_uint(&inner, 2, 1);
		pb_head(p, SIGNER);
		pb_bytes(p, 17, inner.b, inner.n);
		ck_assert_int_eq(decode_pb(p, &why), CVD_EINVAL);
	}
	/* An unknown body (field 21), and a roster change (field 18) without
	 * its change. */
	pb_head(p, SIGNER);
	pb_bytes(p, 21, "\x0a\x02hi", 4);
	ck_assert_int_eq(decode_pb(p, &why), CVD_EINVAL);
	pb_head(p, SIGNER);
	pb_bytes(p, 18, "\x0a\x02hi", 4);
	ck_assert_int_eq(decode_pb(p, &why), CVD_EINVAL);

	/* Wrong wire types. */
	p->n = 0;
	pb_bytes(p, 1, NONCE, 16);
	pb_bytes(p, 2, "12345678", 8); /* time as bytes */
	pb_str(p, 3, SIGNER);
	pb_note(p, "hi", 2);
	ck_assert_int_eq(decode_pb(p, &why), CVD_EINVAL);
	pb_head(p, NULL);
	pb_uint(p, 3, 5); /* signer as a varint */
	pb_note(p, "hi", 2);
	ck_assert_int_eq(decode_pb(p, &why), CVD_EINVAL);
	pb_head(p, SIGNER);
	pb_uint(p, 17, 5); /* note as a varint */
	ck_assert_int_eq(decode_pb(p, &why), CVD_EINVAL);

	/* Note texts: empty, not UTF-8, too long, the longest. */
	pb_head(p, SIGNER);
	pb_note(p, "", 0);
	ck_assert_int_eq(decode_pb(p, &why), CVD_EINVAL);
	pb_head(p, SIGNER);
	pb_note(p, "\xc3", 1);
	ck_assert_int_eq(decode_pb(p, &why), CVD_EINVAL);
	char *big = malloc(EVENT_NOTE_MAX + 1);
	memset(big, 'x', EVENT_NOTE_MAX + 1);
	pb_head(p, SIGNER);
	pb_note(p, big, EVENT_NOTE_MAX + 1);
	ck_assert_int_ne(decode_pb(p, &why), 0);
	pb_head(p, SIGNER);
	pb_note(p, big, EVENT_NOTE_MAX);
	ck_assert_int_eq(decode_pb(p, &why), 0);
	free(big);

	/* A NUL inside a string would cut the decoded text short of what was
	 * signed: it must be refused, in every string field. */
	pb_head(p, SIGNER);
	pb_note(p, "shown\0hidden", 12);
	ck_assert_int_eq(decode_pb(p, &why), CVD_EINVAL);
	pb_head(p, NULL);
	pb_bytes(p, 3, "alice\0x", 7);
	pb_note(p, "hi", 2);
	ck_assert_int_eq(decode_pb(p, &why), CVD_EINVAL);
	pb_head(p, SIGNER);
	pb_note(p, "\0", 1);
	ck_assert_int_eq(decode_pb(p, &why), CVD_EINVAL);

	/* Over the event size limit: too large, whatever it holds. */
	uint8_t *huge = calloc(1, ENTRY_EVENT_MAX + 1);
	struct event_view ev;
	ck_assert_int_eq(event_decode(huge, ENTRY_EVENT_MAX + 1, &ev, &why), CVD_ETOOLARGE);
	event_view_clear(&ev);
	free(huge);
	/* The empty input. */
	ck_assert_int_eq(event_decode((const uint8_t *)"", 0, &ev, &why), CVD_EINVAL);
	event_view_clear(&ev);

	/* Only the canonical encoding is an event: a field twice, fields out
	 * of order, an explicit default, a non-minimal varint. */
	pb_head(p, SIGNER);
	pb_uint(p, 2, 5);
	pb_note(p, "hi", 2);
	ck_assert_int_eq(decode_pb(p, &why), CVD_EINVAL);
	p->n = 0;
	pb_uint(p, 2, 1700000000123ull);
	pb_bytes(p, 1, NONCE, 16);
	pb_str(p, 3, SIGNER);
	pb_note(p, "hi", 2);
	ck_assert_int_eq(decode_pb(p, &why), CVD_EINVAL);
	p->n = 0;
	pb_bytes(p, 1, NONCE, 16);
	pb_uint(p, 2, 0);
	pb_str(p, 3, SIGNER);
	pb_note(p, "hi", 2);
	ck_assert_int_eq(decode_pb(p, &why), CVD_EINVAL);
	p->n = 0;
	pb_bytes(p, 1, NONCE, 16);
	pb_str(p, 3, SIGNER);
	pb_note(p, "hi", 2);
	ck_assert_int_eq(decode_pb(p, &why), 0); /* time 0, left out: fine */
	p->n = 0;
	pb_bytes(p, 1, NONCE, 16);
	p->b[p->n++] = 0x10, p->b[p->n++] = 0x85, p->b[p->n++] = 0x00; /* 5 in two bytes */
	pb_str(p, 3, SIGNER);
	pb_note(p, "hi", 2);
	ck_assert_int_eq(decode_pb(p, &why), CVD_EINVAL);
	pb_head(p, SIGNER);
	pb_note(p, "h", 1);
	pb_note(p, "i", 1); /* the body twice (protobuf would merge) */
	ck_assert_int_eq(decode_pb(p, &why), CVD_EINVAL);
	free(p);
}
END_TEST

static void vkeys_from_vectors(json_t *j, const char *vk[2])
{
	vk[0] = tu_str(j, "node_vkey");
	vk[1] = tu_str(j, "node2_vkey");
}

START_TEST(genesis_round_trip_and_rules)
{
	json_t *j = tu_vectors("cvdlog.json");
	const char *origin = tu_str(j, "origin"), *vk[2];
	const char *names[2] = {"node-a", "node-b"};
	struct event_view ev;
	uint8_t *out;
	size_t n;
	const char *why;

	vkeys_from_vectors(j, vk);
	ck_assert_int_eq(
	    event_build_genesis(SIGNER2, 1700000000000ull, origin, 2, names, vk, NULL, &out, &n),
	    0);
	ck_assert_int_eq(event_decode(out, n, &ev, &why), 0);
	ck_assert_int_eq(ev.ev_type, EVENT_GENESIS);
	ck_assert_str_eq(event_type_name(ev.ev_type), "genesis");
	ck_assert_str_eq(ev.ev_signer, SIGNER2);
	ck_assert_str_eq(ev.ev_signer_key.kv_name, "psirt.example.com/log");
	ck_assert_uint_eq(ev.ev_time_ms, 1700000000000ull);
	ck_assert_str_eq(ev.ev_origin, origin);
	ck_assert_uint_eq(ev.ev_nnodes, 2);
	ck_assert_str_eq(ev.ev_node_names[0], "node-a");
	ck_assert_str_eq(ev.ev_node_names[1], "node-b");
	ck_assert_str_eq(ev.ev_node_vkeys[0], vk[0]);
	ck_assert_str_eq(ev.ev_node_vkeys[1], vk[1]);
	ck_assert_ptr_null(ev.ev_text);
	view_consistent(&ev, out, n);
	event_view_clear(&ev);
	ck_assert_uint_eq(ev.ev_nnodes, 0);
	ck_assert_ptr_null(ev.ev_node_names);
	free(out);

	/* The builder refuses no nodes and too many. */
	ck_assert_int_eq(event_build_genesis(SIGNER2, 1, origin, 0, names, vk, NULL, &out, &n),
	                 CVD_EINVAL);
	const char *many_names[POLICY_MAX_KEYS + 1], *many_vk[POLICY_MAX_KEYS + 1];
	for (int i = 0; i <= POLICY_MAX_KEYS; i++) {
		many_names[i] = "n";
		many_vk[i] = vk[0];
	}
	ck_assert_int_eq(event_build_genesis(SIGNER2, 1, origin, POLICY_MAX_KEYS + 1, many_names,
	                                     many_vk, NULL, &out, &n),
	                 CVD_EINVAL);
	ck_assert_int_eq(event_build_genesis(SIGNER2, 1, origin, POLICY_MAX_KEYS, many_names,
	                                     many_vk, NULL, &out, &n),
	                 0);
	ck_assert_int_eq(event_decode(out, n, &ev, &why), 0);
	ck_assert_uint_eq(ev.ev_nnodes, POLICY_MAX_KEYS);
	event_view_clear(&ev);
	free(out);

	/* What the decoder refuses in a genesis. */
	const char *author = tu_str(j, "author_vkey");
	struct {
		const char *origin, *name, *vkey;
	} bad[] = {
	    {origin, "node-a", author},             /* vkey not named by the origin */
	    {origin, "node-a", "garbage"},          /* not a vkey */
	    {origin, "node a", vk[0]},              /* bad node name */
	    {origin, "", vk[0]},                    /* empty node name */
	    {"other.example/log", "node-a", vk[0]}, /* origin does not name the key */
	    {"bad origin", "node-a", vk[0]},        /* bad origin */
	    {"", "node-a", vk[0]},                  /* empty origin */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *nm[1] = {bad[i].name}, *k[1] = {bad[i].vkey};
		ck_assert_int_eq(
		    event_build_genesis(SIGNER2, 1, bad[i].origin, 1, nm, k, NULL, &out, &n), 0);
		why = NULL;
		ck_assert_msg(event_decode(out, n, &ev, &why) == CVD_EINVAL,
		              "accepted genesis #%zu", i);
		ck_assert_ptr_nonnull(why);
		event_view_clear(&ev);
		free(out);
	}
	/* Origins of ENTRY_ORIGIN_MAX bytes and one more (with matching keys). */
	for (int extra = 0; extra <= 1; extra++) {
		char o[ENTRY_ORIGIN_MAX + 2], key[KEYS_VKEY_MAX + 2];
		struct keys_signer *ks = NULL;
		struct keys_verifier kv;
		memset(o, 'o', sizeof(o));
		o[ENTRY_ORIGIN_MAX + extra] = 0;
		if (extra == 0) {
			ck_assert_int_eq(keys_signer_generate(o, &ks), 0);
			keys_signer_verifier(ks, &kv);
			keys_verifier_format(&kv, key);
			keys_signer_free(ks);
		} else {
			snprintf(key, sizeof(key), "%s", vk[0]);
		}
		const char *nm[1] = {"n"}, *k[1] = {key};
		ck_assert_int_eq(event_build_genesis(SIGNER2, 1, o, 1, nm, k, NULL, &out, &n), 0);
		ck_assert_int_eq(event_decode(out, n, &ev, &why), extra == 0 ? 0 : CVD_EINVAL);
		event_view_clear(&ev);
		free(out);
	}
	/* A genesis over the event size limit is too large to build. */
	char *longname = malloc(2200);
	memset(longname, 'n', 2199);
	longname[2199] = 0;
	for (int i = 0; i < POLICY_MAX_KEYS; i++)
		many_names[i] = longname;
	ck_assert_int_eq(event_build_genesis(SIGNER2, 1, origin, POLICY_MAX_KEYS, many_names,
	                                     many_vk, NULL, &out, &n),
	                 CVD_ETOOLARGE);
	free(longname);

	/* A NUL inside a node name or vkey is refused too. */
	{
		struct pb *p = malloc(sizeof(*p)), node;
		node.n = 0;
		pb_bytes(&node, 1, "node\0a", 6);
		pb_str(&node, 2, vk[0]);
		pb_genesis(p, origin, strlen(origin), &node);
		ck_assert_int_eq(decode_pb(p, &why), CVD_EINVAL);
		node.n = 0;
		pb_str(&node, 1, "node-a");
		char vknul[KEYS_VKEY_MAX + 8];
		size_t vl = strlen(vk[0]);
		memcpy(vknul, vk[0], vl);
		memcpy(vknul + vl, "\0junk", 5);
		pb_bytes(&node, 2, vknul, vl + 5);
		pb_genesis(p, origin, strlen(origin), &node);
		ck_assert_int_eq(decode_pb(p, &why), CVD_EINVAL);
		/* ...and the same without the NUL part is fine. */
		node.n = 0;
		pb_str(&node, 1, "node-a");
		pb_str(&node, 2, vk[0]);
		pb_genesis(p, "psirt.example.com/log", 21, &node);
		ck_assert_int_eq(decode_pb(p, &why), 0);
		/* Origin with a NUL and a tail. */
		pb_genesis(p, "psirt.example.com/log\0x", 23, &node);
		ck_assert_int_eq(decode_pb(p, &why), CVD_EINVAL);
		free(p);
	}
	json_decref(j);
}
END_TEST

/* ---- Genesis rosters ---- */

/* genesis_roster_text: a roster whose node lines are node-a and node-b with
 * the vector node keys (named by the origin), as a file would hold it (not
 * canonical): malloc'd. */
static char *genesis_roster_text(const char *vk[2])
{
	struct tu_sb t = {0};
	tu_sb_printf(&t,
	             "cvdlog-roster/v1\n# a comment\nnode node-a %s\nnode node-b %s\n"
	             "org v vendor\n  member a admin %s\n",
	             vk[0], vk[1], SIGNER);
	return t.s;
}

static char *canonical_roster(const char *text)
{
	struct roster *r = NULL;
	char *out = NULL;
	size_t n;
	ck_assert_int_eq(roster_parse(text, strlen(text), &r, NULL, 0), 0);
	ck_assert_int_eq(roster_format(r, &out, &n), 0);
	roster_free(r);
	return out;
}

/* genesis_refused: the genesis of these nodes and roster is refused with why. */
static void genesis_refused(const char *origin, unsigned n, const char *const *names,
                            const char *const *vk, const char *roster, const char *want)
{
	struct event_view ev;
	uint8_t *out;
	size_t len;
	const char *why = NULL;

	ck_assert_int_eq(event_build_genesis(SIGNER2, 1, origin, n, names, vk, roster, &out, &len),
	                 0);
	ck_assert_int_eq(event_decode(out, len, &ev, &why), CVD_EINVAL);
	ck_assert_ptr_nonnull(why);
	ck_assert_str_eq(why, want);
	ck_assert_ptr_null(ev.ev_pb);
	event_view_clear(&ev);
	ck_assert_ptr_null(ev.ev_roster);
	free(out);
}

START_TEST(genesis_with_roster)
{
	json_t *j = tu_vectors("cvdlog.json");
	const char *origin = tu_str(j, "origin"), *vk[2], *names[2] = {"node-a", "node-b"};
	char *file, *canon;
	struct event_view ev;
	uint8_t *out;
	size_t n;
	const char *why = "unset";

	vkeys_from_vectors(j, vk);
	file = genesis_roster_text(vk);
	canon = canonical_roster(file);
	ck_assert_str_ne(file, canon);

	/* The canonical text round-trips and is kept in the view. */
	ck_assert_int_eq(
	    event_build_genesis(SIGNER2, 1700000000000ull, origin, 2, names, vk, canon, &out, &n),
	    0);
	ck_assert_int_eq(event_decode(out, n, &ev, &why), 0);
	ck_assert_ptr_null(why);
	ck_assert_int_eq(ev.ev_type, EVENT_GENESIS);
	ck_assert_ptr_nonnull(ev.ev_roster);
	ck_assert_str_eq(ev.ev_roster, canon);
	ck_assert_ptr_ne(ev.ev_roster, canon);
	ck_assert_uint_eq(ev.ev_nnodes, 2);
	ck_assert_str_eq(((const Cvdlog__Event *)ev.ev_pb)->genesis->roster, canon);
	view_consistent(&ev, out, n);
	ck_assert_int_eq(decode_any(out, n), 0);
	event_view_clear(&ev);
	ck_assert_ptr_null(ev.ev_roster);
	ck_assert_ptr_null(ev.ev_pb);
	free(out);
	/* No roster and "" are the same: ev_roster NULL. */
	for (int k = 0; k < 2; k++) {
		ck_assert_int_eq(event_build_genesis(SIGNER2, 1, origin, 2, names, vk,
		                                     k == 0 ? NULL : "", &out, &n),
		                 0);
		ck_assert_int_eq(event_decode(out, n, &ev, &why), 0);
		ck_assert_ptr_null(ev.ev_roster);
		ck_assert_ptr_nonnull(ev.ev_pb);
		event_view_clear(&ev);
		free(out);
	}

	/* Not canonical: the file text, a byte more, a byte less. */
	genesis_refused(origin, 2, names, vk, file, "genesis roster is not in canonical form");
	struct tu_sb t = {0};
	tu_sb_printf(&t, "%s\n", canon);
	genesis_refused(origin, 2, names, vk, t.s, "genesis roster is not in canonical form");
	t.s[strlen(canon) - 1] = '\0';
	genesis_refused(origin, 2, names, vk, t.s, "genesis roster is not in canonical form");
	free(t.s);
	genesis_refused(origin, 2, names, vk, "cvdlog-roster/v1\n",
	                "genesis roster does not parse");
	genesis_refused(origin, 2, names, vk, "not a roster", "genesis roster does not parse");

	/* Node lines that are not exactly the genesis nodes. */
	const char *diff = "genesis roster node lines differ from the genesis nodes";
	const char *one_name[1] = {"node-a"}, *one_vk[1] = {vk[0]};
	genesis_refused(origin, 1, one_name, one_vk, canon, diff); /* a node missing */
	const char *swapped_names[2] = {"node-b", "node-a"}, *swapped_vk[2] = {vk[1], vk[0]};
	genesis_refused(origin, 2, swapped_names, swapped_vk, canon, diff); /* order */
	const char *renamed[2] = {"node-a", "node-c"};
	genesis_refused(origin, 2, renamed, vk, canon, diff); /* a name */
	const char *crossed_vk[2] = {vk[1], vk[0]};
	genesis_refused(origin, 2, names, crossed_vk, canon, diff); /* keys crossed */
	const char *three_names[3] = {"node-a", "node-b", "node-c"};
	struct keys_signer *ks;
	char k3[KEYS_VKEY_MAX + 1];
	ck_assert_int_eq(keys_signer_generate(origin, &ks), 0);
	keys_signer_vkey(ks, k3);
	keys_signer_free(ks);
	const char *three_vk[3] = {vk[0], vk[1], k3};
	genesis_refused(origin, 3, three_names, three_vk, canon, diff); /* one more */

	free(canon);
	free(file);
	json_decref(j);
}
END_TEST

/* ---- Roster, case and org events ---- */

/* pack_pb: the canonical encoding of e with the test head (malloc'd). */
static uint8_t *pack_pb(Cvdlog__Event *e, size_t *len)
{
	uint8_t *out;
	e->nonce.data = (uint8_t *)NONCE;
	e->nonce.len = 16;
	e->time_ms = 1700000000123ull;
	e->signer = (char *)SIGNER;
	*len = cvdlog__event__get_packed_size(e);
	out = malloc(*len);
	ck_assert_ptr_nonnull(out);
	cvdlog__event__pack(e, out);
	return out;
}

/* decode_why: decode buf; returns the result and the reason (static). */
static int decode_why(const uint8_t *buf, size_t len, const char **why)
{
	*why = NULL;
	int rc = decode_any(buf, len);
	struct event_view ev;
	int rc2 = event_decode(buf, len, &ev, why);
	ck_assert_int_eq(rc, rc2);
	if (rc == 0) {
		ck_assert_ptr_nonnull(ev.ev_pb);
	} else {
		ck_assert_ptr_null(ev.ev_pb);
		ck_assert_ptr_nonnull(*why);
	}
	event_view_clear(&ev);
	return rc;
}

START_TEST(roster_case_org_bodies)
{
	Cvdlog__Event e = CVDLOG__EVENT__INIT;
	Cvdlog__RosterChange rc = CVDLOG__ROSTER_CHANGE__INIT;
	Cvdlog__MemberAdd add = CVDLOG__MEMBER_ADD__INIT;
	Cvdlog__CaseEvent ce = CVDLOG__CASE_EVENT__INIT;
	Cvdlog__Validated val = CVDLOG__VALIDATED__INIT;
	Cvdlog__OrgEvent oe = CVDLOG__ORG_EVENT__INIT;
	Cvdlog__ProductRegistered prod = CVDLOG__PRODUCT_REGISTERED__INIT;
	struct event_view ev;
	const char *why;
	uint8_t *b;
	size_t n;

	/* A roster change. */
	rc.org = "v";
	add.id = "b";
	add.role = "member";
	add.vkey = SIGNER2;
	rc.change_case = CVDLOG__ROSTER_CHANGE__CHANGE_ADD_MEMBER;
	rc.add_member = &add;
	e.body_case = CVDLOG__EVENT__BODY_ROSTER;
	e.roster = &rc;
	b = pack_pb(&e, &n);
	ck_assert_int_eq(event_decode(b, n, &ev, &why), 0);
	ck_assert_int_eq(ev.ev_type, EVENT_ROSTER);
	ck_assert_str_eq(event_type_name(ev.ev_type), "roster");
	const Cvdlog__Event *pb = ev.ev_pb;
	ck_assert_str_eq(pb->roster->org, "v");
	ck_assert_str_eq(pb->roster->add_member->vkey, SIGNER2);
	view_consistent(&ev, b, n);
	event_view_clear(&ev);
	free(b);
	rc.change_case = CVDLOG__ROSTER_CHANGE__CHANGE__NOT_SET;
	b = pack_pb(&e, &n);
	ck_assert_int_eq(decode_why(b, n, &why), CVD_EINVAL);
	ck_assert_str_eq(why, "missing roster change kind");
	free(b);

	/* A case event. */
	static char *cwe[] = {"CWE-79", "CWE-89"};
	ce.case_id = 7;
	val.exploitability = "remote, no auth";
	val.n_cwe = 2;
	val.cwe = cwe;
	ce.kind_case = CVDLOG__CASE_EVENT__KIND_VALIDATED;
	ce.validated = &val;
	e.body_case = CVDLOG__EVENT__BODY_CASE_EVENT;
	e.case_event = &ce;
	b = pack_pb(&e, &n);
	ck_assert_int_eq(event_decode(b, n, &ev, &why), 0);
	ck_assert_int_eq(ev.ev_type, EVENT_CASE);
	ck_assert_str_eq(event_type_name(ev.ev_type), "case");
	pb = ev.ev_pb;
	ck_assert_uint_eq(pb->case_event->case_id, 7);
	ck_assert_uint_eq(pb->case_event->validated->n_cwe, 2);
	ck_assert_str_eq(pb->case_event->validated->cwe[1], "CWE-89");
	view_consistent(&ev, b, n);
	event_view_clear(&ev);
	free(b);
	/* An invalid UTF-8 string in a repeated field of a nested message. */
	cwe[1] = "CWE-\xff";
	b = pack_pb(&e, &n);
	ck_assert_int_eq(decode_why(b, n, &why), CVD_EINVAL);
	ck_assert_str_eq(why, "a string field of the event is not UTF-8");
	free(b);
	cwe[1] = "CWE-89";
	val.exploitability = "remote \xed\xa0\x80"; /* a surrogate */
	b = pack_pb(&e, &n);
	ck_assert_int_eq(decode_why(b, n, &why), CVD_EINVAL);
	ck_assert_str_eq(why, "a string field of the event is not UTF-8");
	free(b);
	val.exploitability = "remote";
	ce.participant = "v\xc3";
	b = pack_pb(&e, &n);
	ck_assert_int_eq(decode_why(b, n, &why), CVD_EINVAL);
	ck_assert_str_eq(why, "a string field of the event is not UTF-8");
	free(b);
	ce.participant = "";
	/* No kind. */
	ce.kind_case = CVDLOG__CASE_EVENT__KIND__NOT_SET;
	b = pack_pb(&e, &n);
	ck_assert_int_eq(decode_why(b, n, &why), CVD_EINVAL);
	ck_assert_str_eq(why, "missing case event kind");
	free(b);

	/* An org event. */
	oe.org = "v";
	prod.model = "Phone 12";
	prod.first_shipment_ms = 1;
	oe.kind_case = CVDLOG__ORG_EVENT__KIND_PRODUCT_REGISTERED;
	oe.product_registered = &prod;
	e.body_case = CVDLOG__EVENT__BODY_ORG_EVENT;
	e.org_event = &oe;
	b = pack_pb(&e, &n);
	ck_assert_int_eq(event_decode(b, n, &ev, &why), 0);
	ck_assert_int_eq(ev.ev_type, EVENT_ORG);
	ck_assert_str_eq(event_type_name(ev.ev_type), "org");
	ck_assert_str_eq(((const Cvdlog__Event *)ev.ev_pb)->org_event->product_registered->model,
	                 "Phone 12");
	view_consistent(&ev, b, n);
	event_view_clear(&ev);
	free(b);
	prod.model = "Phone \xc0\xaf"; /* overlong */
	b = pack_pb(&e, &n);
	ck_assert_int_eq(decode_why(b, n, &why), CVD_EINVAL);
	ck_assert_str_eq(why, "a string field of the event is not UTF-8");
	free(b);
	oe.kind_case = CVDLOG__ORG_EVENT__KIND__NOT_SET;
	b = pack_pb(&e, &n);
	ck_assert_int_eq(decode_why(b, n, &why), CVD_EINVAL);
	ck_assert_str_eq(why, "missing org event kind");
	free(b);
}
END_TEST

/* pb_commitment writes a Commitment {field, digest} and, when unknown is
 * set, an unknown field 9 after them (where protobuf-c re-packs unknown
 * fields, so the encoding stays canonical and only the tree check sees it). */
static void pb_commitment(struct pb *c, const char *field, int unknown)
{
	uint8_t digest[32];
	memset(digest, 0xab, sizeof(digest));
	c->n = 0;
	pb_str(c, 1, field);
	pb_bytes(c, 2, digest, sizeof(digest));
	if (unknown)
		pb_uint(c, 9, 1);
}

/* pb_report: an event whose body is CaseEvent {report: ReportSubmitted
 * {vendor, channel, fields: [c1, c2]}}. */
static void pb_report(struct pb *p, const struct pb *c1, const struct pb *c2, int unknown_in_report)
{
	struct pb rep, ce;
	rep.n = 0;
	pb_str(&rep, 1, "v");
	pb_uint(&rep, 2, 1);
	pb_bytes(&rep, 3, c1->b, c1->n);
	pb_bytes(&rep, 3, c2->b, c2->n);
	if (unknown_in_report)
		pb_str(&rep, 99, "x");
	ce.n = 0;
	pb_bytes(&ce, 10, rep.b, rep.n);
	pb_head(p, SIGNER);
	pb_bytes(p, 19, ce.b, ce.n);
}

START_TEST(nested_unknown_fields_and_strings)
{
	struct pb *p = malloc(sizeof(*p)), c1, c2, bad;
	const char *why;

	/* The reference: accepted, and a case event. */
	pb_commitment(&c1, "description", 0);
	pb_commitment(&c2, "contact", 0);
	pb_report(p, &c1, &c2, 0);
	ck_assert_int_eq(decode_why(p->b, p->n, &why), 0);
	struct event_view ev;
	ck_assert_int_eq(event_decode(p->b, p->n, &ev, &why), 0);
	ck_assert_int_eq(ev.ev_type, EVENT_CASE);
	const Cvdlog__Event *pb = ev.ev_pb;
	ck_assert_uint_eq(pb->case_event->report->n_fields, 2);
	ck_assert_str_eq(pb->case_event->report->fields[1]->field, "contact");
	event_view_clear(&ev);

	/* An unknown field in the second element of a repeated sub-message,
	 * in the first, and in the message holding them. */
	pb_commitment(&bad, "contact", 1);
	pb_report(p, &c1, &bad, 0);
	ck_assert_int_eq(decode_why(p->b, p->n, &why), CVD_EINVAL);
	ck_assert_str_eq(why, "unknown fields in a message inside the event");
	pb_report(p, &bad, &c2, 0);
	ck_assert_int_eq(decode_why(p->b, p->n, &why), CVD_EINVAL);
	ck_assert_str_eq(why, "unknown fields in a message inside the event");
	pb_report(p, &c1, &c2, 1);
	ck_assert_int_eq(decode_why(p->b, p->n, &why), CVD_EINVAL);
	ck_assert_str_eq(why, "unknown fields in a message inside the event");
	/* Invalid UTF-8 in a string of a repeated sub-message. */
	pb_commitment(&bad, "con\xe2\x28\xa1tact", 0);
	pb_report(p, &c1, &bad, 0);
	ck_assert_int_eq(decode_why(p->b, p->n, &why), CVD_EINVAL);
	ck_assert_str_eq(why, "a string field of the event is not UTF-8");

	/* An unknown field in a roster change's member, and at the top. */
	{
		struct pb add, rc;
		add.n = 0;
		pb_str(&add, 1, "b");
		pb_str(&add, 2, "member");
		pb_str(&add, 3, SIGNER2);
		rc.n = 0;
		pb_str(&rc, 1, "v");
		pb_bytes(&rc, 2, add.b, add.n);
		pb_head(p, SIGNER);
		pb_bytes(p, 18, rc.b, rc.n);
		ck_assert_int_eq(decode_why(p->b, p->n, &why), 0);
		pb_uint(&add, 4, 3);
		rc.n = 0;
		pb_str(&rc, 1, "v");
		pb_bytes(&rc, 2, add.b, add.n);
		pb_head(p, SIGNER);
		pb_bytes(p, 18, rc.b, rc.n);
		ck_assert_int_eq(decode_why(p->b, p->n, &why), CVD_EINVAL);
		ck_assert_str_eq(why, "unknown fields in a message inside the event");
		pb_head(p, SIGNER);
		pb_note(p, "hi", 2);
		pb_uint(p, 30, 1);
		ck_assert_int_eq(decode_why(p->b, p->n, &why), CVD_EINVAL);
		ck_assert_str_eq(why, "unknown fields in event");
	}
	/* A case event with only its case id: no kind. */
	{
		struct pb ce;
		ce.n = 0;
		pb_uint(&ce, 1, 5);
		pb_head(p, SIGNER);
		pb_bytes(p, 19, ce.b, ce.n);
		ck_assert_int_eq(decode_why(p->b, p->n, &why), CVD_EINVAL);
		ck_assert_str_eq(why, "missing case event kind");
		/* An empty kind message is a kind: Accepted {}. */
		pb_bytes(&ce, 19, "", 0);
		pb_head(p, SIGNER);
		pb_bytes(p, 19, ce.b, ce.n);
		ck_assert_int_eq(decode_why(p->b, p->n, &why), 0);
	}
	free(p);
}
END_TEST

START_TEST(placeholder_vector_events_rejected)
{
	json_t *j = tu_vectors("cvdlog.json");
	json_t *events = json_object_get(j, "events_hex");
	size_t i;
	json_t *e;

	ck_assert_uint_eq(json_array_size(events), 5);
	json_array_foreach(events, i, e)
	{
		size_t len;
		uint8_t *b = tu_hex(json_string_value(e), &len);
		struct event_view ev;
		const char *why = NULL;
		ck_assert_int_eq(event_decode(b, len, &ev, &why), CVD_EINVAL);
		ck_assert_ptr_nonnull(why);
		event_view_clear(&ev);
		ck_assert_int_eq(decode_any(b, len), CVD_EINVAL);
		/* Its truncations too. */
		for (size_t cut = 0; cut < len; cut++)
			ck_assert_int_eq(decode_any(b, cut), CVD_EINVAL);
		free(b);
	}
	json_decref(j);
}
END_TEST

START_TEST(garbage_never_crashes)
{
	uint64_t seed = 31337;
	uint8_t buf[300];
	unsigned accepted = 0;

	for (int t = 0; t < 20000; t++) {
		size_t len = (size_t)(rng_next(&seed) % sizeof(buf));
		for (size_t i = 0; i < len; i++)
			buf[i] = (uint8_t)rng_next(&seed);
		if (decode_any(buf, len) == 0)
			accepted++;
	}
	/* Protobuf-shaped garbage: random valid-looking fields. */
	for (int t = 0; t < 20000; t++) {
		struct pb p;
		p.n = 0;
		int nf = (int)(rng_next(&seed) % 6);
		for (int f = 0; f < nf; f++) {
			unsigned field = (unsigned)(rng_next(&seed) % 20);
			uint8_t data[40];
			size_t dl = (size_t)(rng_next(&seed) % sizeof(data));
			for (size_t i = 0; i < dl; i++)
				data[i] = (uint8_t)(rng_next(&seed) % 4 == 0
				                        ? rng_next(&seed)
				                        : 'a' + rng_next(&seed) % 26);
			if (rng_next(&seed) % 3 == 0)
				pb_uint(&p, field, rng_next(&seed) >> (rng_next(&seed) % 64));
			else
				pb_bytes(&p, field, data, dl);
		}
		if (decode_any(p.b, p.n) == 0)
			accepted++;
	}
	(void)accepted;
}
END_TEST

START_TEST(truncated_extended_mutated_events)
{
	json_t *j = tu_vectors("cvdlog.json");
	const char *vk[2], *names[2] = {"node-a", "node-b"};
	uint8_t *ev[2];
	size_t len[2];
	uint64_t seed = 4242;

	vkeys_from_vectors(j, vk);
	ck_assert_int_eq(
	    event_build_note(SIGNER, 1700000000123ull, "the quick brown fox", &ev[0], &len[0]), 0);
	ck_assert_int_eq(event_build_genesis(SIGNER2, 1, tu_str(j, "origin"), 2, names, vk, NULL,
	                                     &ev[1], &len[1]),
	                 0);
	for (int k = 0; k < 2; k++) {
		uint8_t *buf = malloc(len[k] + 256);
		ck_assert_int_eq(decode_any(ev[k], len[k]), 0);
		/* Every proper prefix lacks the body, which is written last. */
		for (size_t cut = 0; cut < len[k]; cut++)
			ck_assert_int_eq(decode_any(ev[k], cut), CVD_EINVAL);
		/* Extensions: known fields again, unknown fields, junk. */
		struct pb tail;
		const int kinds = 6;
		for (int kind = 0; kind < kinds; kind++) {
			tail.n = 0;
			switch (kind) {
			case 0: pb_uint(&tail, 2, 99); break;         /* time again */
			case 1: pb_uint(&tail, 5, 1); break;          /* unknown */
			case 2: pb_str(&tail, 3, SIGNER2); break;     /* signer again */
			case 3: pb_note(&tail, "second", 6); break;   /* a note body */
			case 4: pb_bytes(&tail, 1, NONCE, 15); break; /* a short nonce */
			case 5: pb_bytes(&tail, 3, "b\0b", 3); break; /* a signer with a NUL */
			}
			memcpy(buf, ev[k], len[k]);
			memcpy(buf + len[k], tail.b, tail.n);
			int rc = decode_any(buf, len[k] + tail.n);
			/* Each repeats or adds a field after the body: never canonical. */
			ck_assert_int_eq(rc, CVD_EINVAL);
		}
		for (int t = 0; t < 2000; t++) {
			size_t extra = 1 + (size_t)(rng_next(&seed) % 63);
			memcpy(buf, ev[k], len[k]);
			for (size_t i = 0; i < extra; i++)
				buf[len[k] + i] = (uint8_t)rng_next(&seed);
			decode_any(buf, len[k] + extra);
		}
		/* Every byte, every value. */
		for (size_t pos = 0; pos < len[k]; pos++) {
			for (int v = 0; v < 256; v++) {
				memcpy(buf, ev[k], len[k]);
				buf[pos] = (uint8_t)v;
				decode_any(buf, len[k]);
			}
		}
		free(buf);
		free(ev[k]);
	}
	json_decref(j);
}
END_TEST

Suite *suite_event(void)
{
	Suite *s = suite_create("event");
	TCase *tc;

	tc = tcase_create("build_and_decode");
	tcase_add_test(tc, note_round_trip);
	tcase_add_test(tc, build_note_rejects);
	tcase_add_test(tc, decoder_rules_on_hand_built_events);
	tcase_add_test(tc, genesis_round_trip_and_rules);
	tcase_add_test(tc, genesis_with_roster);
	tcase_add_test(tc, roster_case_org_bodies);
	tcase_add_test(tc, nested_unknown_fields_and_strings);
	suite_add_tcase(s, tc);

	tc = tcase_create("hostile_input");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, placeholder_vector_events_rejected);
	tcase_add_test(tc, garbage_never_crashes);
	tcase_add_test(tc, truncated_extended_mutated_events);
	suite_add_tcase(s, tc);
	return s;
}
