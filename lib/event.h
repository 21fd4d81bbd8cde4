/*
 * event.h: the signed cvdlog.Event (proto/cvdlog.proto), built and checked.
 *
 * This is the one place that turns event bytes into typed values. A decoded
 * event is validated: it is the canonical protobuf encoding of its fields
 * (re-packing it gives the same bytes: no duplicate or reordered fields, no
 * embedded NULs, no explicit defaults), it has a 16-byte nonce, its signer
 * is a type 0x01 C2SP verifier key (the author's: the node checks it is the
 * key that signed), exactly one known body, no unknown field in any message
 * of the tree, every string field anywhere valid UTF-8, and the per-body
 * rules hold: a note's text is non-empty UTF-8 of at most EVENT_NOTE_MAX
 * bytes; a genesis has a valid origin and nodes, and its roster, when not
 * "", is canonical roster text (docs/roster.md 8) whose node lines list
 * exactly the genesis nodes; a roster change, case event or org event has
 * its kind (oneof) set. The field rules of those three bodies (ids, roles,
 * transitions) are checked one layer up, on ev_pb. The canonical check only
 * compares: callers keep, sign and hash the original bytes, never a
 * re-encoding.
 */
#ifndef CVD_EVENT_H
#define CVD_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"
#include "policy.h"

#define EVENT_NONCE_LEN 16
#define EVENT_NOTE_MAX  8192

enum event_type {
	EVENT_GENESIS = 1, /* "genesis": entry 0 */
	EVENT_NOTE = 2,    /* "note" */
	EVENT_ROSTER = 3,  /* "roster": a Cvdlog__RosterChange */
	EVENT_CASE = 4,    /* "case": a Cvdlog__CaseEvent */
	EVENT_ORG = 5,     /* "org": a Cvdlog__OrgEvent */
};

struct event_view {
	enum event_type ev_type;
	uint64_t ev_time_ms;
	uint8_t ev_nonce[EVENT_NONCE_LEN];
	char ev_signer[KEYS_VKEY_MAX + 1];  /* the author's verifier key text */
	struct keys_verifier ev_signer_key; /* ... parsed */
	char *ev_text;                      /* note: malloc'd copy of the text */
	char *ev_origin;                    /* genesis: malloc'd */
	unsigned ev_nnodes;
	char **ev_node_names; /* genesis */
	char **ev_node_vkeys; /* genesis */
	char *ev_roster;      /* genesis: malloc'd canonical roster text; NULL for "" */
	/* The decoded message, a Cvdlog__Event * (cvdlog.pb-c.h), for the bodies
	 * of every type: set on success only, independent of the input buffer,
	 * owned by the view and freed by event_view_clear. Read it, never
	 * change or free it. */
	void *ev_pb;
};

/* event_decode parses and validates buf[0..len). On error returns
 * CVD_EINVAL (CVD_ETOOLARGE for an oversized event or text, CVD_ENOMEM)
 * and a static reason in *why (may be NULL). Call event_view_clear
 * afterwards in every case. */
int event_decode(const uint8_t *buf, size_t len, struct event_view *ev, const char **why);

void event_view_clear(struct event_view *ev);

/* event_type_name: "genesis", "note", "roster", "case", "org", or "unknown". */
const char *event_type_name(enum event_type t);

/* event_build_note encodes a note event into a malloc'd *out. signer is the
 * author's verifier key text (keys_verifier_format). The text is validated
 * as event_decode would. 0, CVD_EINVAL, CVD_ETOOLARGE, CVD_ENOMEM. */
int event_build_note(const char *signer, uint64_t time_ms, const char *text, uint8_t **out,
                     size_t *outlen);

/* event_build_genesis encodes the genesis event for origin and its nodes
 * (names[i], vkeys[i], 1..POLICY_MAX_KEYS of them) and the roster text
 * (NULL or "" for none; to decode it must be roster_format's text of a
 * roster whose node lines are these nodes). Only the node count is checked
 * here: event_decode checks the rest. 0, CVD_EINVAL, CVD_ETOOLARGE,
 * CVD_ENOMEM. */
int event_build_genesis(const char *signer, uint64_t time_ms, const char *origin, unsigned nnodes,
                        const char *const *names, const char *const *vkeys, const char *roster,
                        uint8_t **out, size_t *outlen);

#endif
