/*
 * fuzz_event.c: libFuzzer harness for the signed event decoder (lib/event.c
 * over the generated protobuf-c code; DESIGN.md section 3). The input is the
 * event bytes of an entry or of a submit request, i.e. what a client signed.
 * event_decode must never crash or leak, and event_view_clear is called in
 * every case, success or not. Invariants: a failure is CVD_EINVAL,
 * CVD_ETOOLARGE or CVD_ENOMEM with a reason string and no ev_pb; an accepted
 * event has its decoded message in ev_pb, with the body of its type; its
 * signer is the text of a type 0x01 verifier key that parses to
 * ev_signer_key, a note's text is non-empty UTF-8 of at most EVENT_NOTE_MAX
 * bytes, a genesis has a valid origin and 1..POLICY_MAX_KEYS nodes whose
 * verifier keys are type 0x01 keys named by the origin, and its roster, if
 * any, parses, formats back to the same text and lists the genesis nodes; a
 * roster change, case event or org event has its kind set, and its string
 * fields that the harness reads (the org ids) are valid UTF-8.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cvdlog.pb-c.h"
#include "encoding.h"
#include "entry.h"
#include "error.h"
#include "event.h"
#include "fuzz.h"
#include "keys.h"
#include "policy.h"
#include "roster.h"

static int utf8(const char *s)
{
	return enc_utf8_valid(s, strlen(s));
}

static void check_roster(const struct event_view *ev)
{
	struct roster *r = NULL;
	char *text = NULL, vk[KEYS_VKEY_MAX + 1];
	size_t len;

	check(roster_parse(ev->ev_roster, strlen(ev->ev_roster), &r, NULL, 0) == 0);
	check(roster_format(r, &text, &len) == 0 && strcmp(text, ev->ev_roster) == 0);
	check(r->r_nnodes == ev->ev_nnodes);
	for (unsigned i = 0; i < ev->ev_nnodes; i++) {
		check(strcmp(r->r_nodes[i].rn_name, ev->ev_node_names[i]) == 0);
		check(strcmp(keys_verifier_format(&r->r_nodes[i].rn_key, vk),
		             ev->ev_node_vkeys[i]) == 0);
	}
	free(text);
	roster_free(r);
}

static void check_event(const struct event_view *ev)
{
	const Cvdlog__Event *pb = ev->ev_pb;
	struct keys_verifier v;

	check(keys_verifier_parse(ev->ev_signer, strlen(ev->ev_signer), &v) == 0);
	check(v.kv_type == KEYS_TYPE_ED25519 && ev->ev_signer_key.kv_type == KEYS_TYPE_ED25519);
	check(strcmp(v.kv_name, ev->ev_signer_key.kv_name) == 0);
	check(memcmp(v.kv_pk, ev->ev_signer_key.kv_pk, KEYS_PK_LEN) == 0);
	check(pb != NULL && strcmp(pb->signer, ev->ev_signer) == 0);
	check(ev->ev_type == EVENT_GENESIS || ev->ev_roster == NULL);
	switch (ev->ev_type) {
	case EVENT_NOTE: {
		check(ev->ev_text != NULL && ev->ev_origin == NULL && ev->ev_nnodes == 0);
		size_t len = strlen(ev->ev_text);
		check(len >= 1 && len <= EVENT_NOTE_MAX && enc_utf8_valid(ev->ev_text, len));
		break;
	}
	case EVENT_GENESIS:
		check(ev->ev_text == NULL && ev->ev_origin != NULL);
		check(keys_name_valid(ev->ev_origin, strlen(ev->ev_origin)));
		check(strlen(ev->ev_origin) <= ENTRY_ORIGIN_MAX);
		check(ev->ev_nnodes >= 1 && ev->ev_nnodes <= POLICY_MAX_KEYS);
		for (unsigned i = 0; i < ev->ev_nnodes; i++) {
			const char *vk = ev->ev_node_vkeys[i];
			check(keys_name_valid(ev->ev_node_names[i], strlen(ev->ev_node_names[i])));
			check(keys_verifier_parse(vk, strlen(vk), &v) == 0);
			check(v.kv_type == KEYS_TYPE_ED25519 &&
			      strcmp(v.kv_name, ev->ev_origin) == 0);
		}
		check(pb->body_case == CVDLOG__EVENT__BODY_GENESIS);
		if (ev->ev_roster != NULL)
			check_roster(ev);
		else
			check(pb->genesis->roster[0] == '\0');
		break;
	case EVENT_ROSTER:
	case EVENT_CASE:
	case EVENT_ORG:
		check(ev->ev_text == NULL && ev->ev_origin == NULL && ev->ev_nnodes == 0);
		if (ev->ev_type == EVENT_ROSTER)
			check(pb->body_case == CVDLOG__EVENT__BODY_ROSTER &&
			      pb->roster->change_case != CVDLOG__ROSTER_CHANGE__CHANGE__NOT_SET &&
			      utf8(pb->roster->org));
		else if (ev->ev_type == EVENT_CASE)
			check(pb->body_case == CVDLOG__EVENT__BODY_CASE_EVENT &&
			      pb->case_event->kind_case != CVDLOG__CASE_EVENT__KIND__NOT_SET &&
			      utf8(pb->case_event->participant));
		else
			check(pb->body_case == CVDLOG__EVENT__BODY_ORG_EVENT &&
			      pb->org_event->kind_case != CVDLOG__ORG_EVENT__KIND__NOT_SET &&
			      utf8(pb->org_event->org));
		break;
	default: __builtin_trap();
	}
	check(strcmp(event_type_name(ev->ev_type), "unknown") != 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct event_view ev;
	const char *why = NULL;

	fuzz_init(NULL);
	int rc = event_decode(data, size, &ev, &why);
	if (rc == 0) {
		check(why == NULL);
		check_event(&ev);
	} else {
		check(rc == CVD_EINVAL || rc == CVD_ETOOLARGE || rc == CVD_ENOMEM);
		check(why != NULL && ev.ev_pb == NULL);
	}
	event_view_clear(&ev);
	/* NULL for the reason is allowed too. */
	rc = event_decode(data, size, &ev, NULL);
	event_view_clear(&ev);
	return 0;
}
