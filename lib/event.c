/* event.c: cvdlog.Event encoding and validation (see event.h). */
#include "event.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "cvdlog.pb-c.h"
#include "encoding.h"
#include "entry.h"
#include "error.h"
#include "roster.h"

const char *event_type_name(enum event_type t)
{
	switch (t) {
	case EVENT_GENESIS: return "genesis";
	case EVENT_NOTE: return "note";
	case EVENT_ROSTER: return "roster";
	case EVENT_CASE: return "case";
	case EVENT_ORG: return "org";
	}
	return "unknown";
}

static int check_text(const char *s, size_t max, const char **why, const char *field)
{
	size_t len = strlen(s);
	(void)field;
	if (len == 0) {
		*why = "empty text";
		return CVD_EINVAL;
	}
	if (len > max) {
		*why = "text too long";
		return CVD_ETOOLARGE;
	}
	if (!enc_utf8_valid(s, len)) {
		*why = "text is not UTF-8";
		return CVD_EINVAL;
	}
	return 0;
}

/* canonical: re-packing the decoded message gives exactly the input. */
static int canonical(const Cvdlog__Event *e, const uint8_t *buf, size_t len)
{
	uint8_t *again;
	int same;

	if (cvdlog__event__get_packed_size(e) != len)
		return 0;
	again = malloc(len > 0 ? len : 1);
	if (again == NULL)
		return 0;
	cvdlog__event__pack(e, again);
	same = memcmp(again, buf, len) == 0;
	free(again);
	return same;
}

/* walk checks what protobuf-c leaves unchecked, in every message of the
 * tree under m, generically over the descriptors: no unknown fields, and
 * every string field (also repeated, also a oneof member) is valid UTF-8.
 * A NUL inside a string is the canonical check's (it cuts the re-packed
 * string short). The schema has no recursive message types, so the depth
 * is bounded by the schema. Returns 1, or 0 with a reason in *why. */
static int walk(const ProtobufCMessage *m, int top, const char **why)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;

	if (m->n_unknown_fields != 0) {
		*why = top ? "unknown fields in event"
		           : "unknown fields in a message inside the event";
		return 0;
	}
	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		const char *base = (const char *)m;
		const char *items;
		size_t n = 1;

		if (f->type != PROTOBUF_C_TYPE_STRING && f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			/* A count and a pointer to an array of pointers. */
			memcpy(&n, base + f->quantifier_offset, sizeof(n));
			memcpy(&items, base + f->offset, sizeof(items));
		} else {
			if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
				uint32_t which;
				memcpy(&which, base + f->quantifier_offset, sizeof(which));
				if (which != f->id)
					continue; /* the union holds another member */
			}
			items = base + f->offset;
		}
		for (size_t k = 0; k < n; k++) {
			void *item;
			memcpy(&item, items + k * sizeof(item), sizeof(item));
			if (item == NULL)
				continue; /* an absent sub-message */
			if (f->type == PROTOBUF_C_TYPE_STRING) {
				if (!enc_utf8_valid(item, strlen(item))) {
					*why = "a string field of the event is not UTF-8";
					return 0;
				}
			} else if (!walk(item, 0, why)) {
				return 0;
			}
		}
	}
	return 1;
}

/* genesis_roster checks a genesis roster text: it parses, it is canonical
 * (roster_format gives it back byte for byte) and its node lines list
 * exactly the genesis nodes, in order. Sets ev->ev_roster. */
static int genesis_roster(const Cvdlog__Genesis *g, struct event_view *ev, const char **why)
{
	struct roster *r = NULL;
	char *text = NULL, vkey[KEYS_VKEY_MAX + 1];
	size_t len = strlen(g->roster), tlen;
	int rc;

	rc = roster_parse(g->roster, len, &r, NULL, 0);
	if (rc != 0) {
		*why = "genesis roster does not parse";
		goto out;
	}
	rc = roster_format(r, &text, &tlen);
	if (rc == CVD_ENOMEM)
		goto out;
	if (rc != 0 || tlen != len || memcmp(text, g->roster, len) != 0) {
		rc = CVD_EINVAL;
		*why = "genesis roster is not in canonical form";
		goto out;
	}
	rc = CVD_EINVAL;
	*why = "genesis roster node lines differ from the genesis nodes";
	if (r->r_nnodes != g->n_nodes)
		goto out;
	for (size_t i = 0; i < g->n_nodes; i++)
		if (strcmp(r->r_nodes[i].rn_name, g->nodes[i]->name) != 0 ||
		    strcmp(keys_verifier_format(&r->r_nodes[i].rn_key, vkey), g->nodes[i]->vkey) !=
		        0)
			goto out;
	ev->ev_roster = text;
	text = NULL;
	rc = 0;
out:
	free(text);
	roster_free(r);
	return rc;
}

int event_decode(const uint8_t *buf, size_t len, struct event_view *ev, const char **why)
{
	const char *dummy;
	Cvdlog__Event *e;
	int rc = CVD_EINVAL;

	if (why == NULL)
		why = &dummy;
	memset(ev, 0, sizeof(*ev));
	if (len > ENTRY_EVENT_MAX) {
		*why = "event too large";
		return CVD_ETOOLARGE;
	}
	e = cvdlog__event__unpack(NULL, len, buf);
	if (e == NULL) {
		*why = "not a cvdlog.Event";
		return CVD_EINVAL;
	}
	if (!walk(&e->base, 1, why))
		goto out;
	*why = "nonce must be 16 bytes";
	if (e->nonce.len != EVENT_NONCE_LEN)
		goto out;
	*why = "signer must be the author's type 0x01 verifier key";
	if (keys_verifier_parse(e->signer, strlen(e->signer), &ev->ev_signer_key) != 0 ||
	    ev->ev_signer_key.kv_type != KEYS_TYPE_ED25519)
		goto out;
	*why = "event is not in canonical protobuf encoding";
	if (!canonical(e, buf, len))
		goto out;
	memcpy(ev->ev_nonce, e->nonce.data, EVENT_NONCE_LEN);
	snprintf(ev->ev_signer, sizeof(ev->ev_signer), "%s", e->signer);
	ev->ev_time_ms = e->time_ms;
	switch (e->body_case) {
	case CVDLOG__EVENT__BODY_NOTE:
		ev->ev_type = EVENT_NOTE;
		rc = check_text(e->note->text, EVENT_NOTE_MAX, why, "text");
		if (rc != 0)
			goto out;
		rc = CVD_ENOMEM;
		ev->ev_text = strdup(e->note->text);
		if (ev->ev_text == NULL)
			goto out;
		break;
	case CVDLOG__EVENT__BODY_GENESIS: {
		Cvdlog__Genesis *g = e->genesis;
		ev->ev_type = EVENT_GENESIS;
		*why = "invalid genesis";
		if (!keys_name_valid(g->origin, strlen(g->origin)) ||
		    strlen(g->origin) > ENTRY_ORIGIN_MAX || g->n_nodes == 0 ||
		    g->n_nodes > POLICY_MAX_KEYS)
			goto out;
		rc = CVD_ENOMEM;
		ev->ev_origin = strdup(g->origin);
		ev->ev_node_names = calloc(g->n_nodes, sizeof(char *));
		ev->ev_node_vkeys = calloc(g->n_nodes, sizeof(char *));
		if (ev->ev_origin == NULL || ev->ev_node_names == NULL || ev->ev_node_vkeys == NULL)
			goto out;
		for (size_t i = 0; i < g->n_nodes; i++) {
			struct keys_verifier v;
			rc = CVD_EINVAL;
			*why = "invalid genesis node";
			if (!keys_name_valid(g->nodes[i]->name, strlen(g->nodes[i]->name)) ||
			    keys_verifier_parse(g->nodes[i]->vkey, strlen(g->nodes[i]->vkey), &v) !=
			        0 ||
			    v.kv_type != KEYS_TYPE_ED25519 || strcmp(v.kv_name, g->origin) != 0)
				goto out;
			rc = CVD_ENOMEM;
			ev->ev_node_names[i] = strdup(g->nodes[i]->name);
			ev->ev_node_vkeys[i] = strdup(g->nodes[i]->vkey);
			ev->ev_nnodes++;
			if (ev->ev_node_names[i] == NULL || ev->ev_node_vkeys[i] == NULL)
				goto out;
		}
		if (g->roster[0] != '\0') {
			rc = genesis_roster(g, ev, why);
			if (rc != 0)
				goto out;
		}
		break;
	}
	case CVDLOG__EVENT__BODY_ROSTER:
		ev->ev_type = EVENT_ROSTER;
		*why = "missing roster change kind";
		if (e->roster->change_case == CVDLOG__ROSTER_CHANGE__CHANGE__NOT_SET)
			goto out;
		break;
	case CVDLOG__EVENT__BODY_CASE_EVENT:
		ev->ev_type = EVENT_CASE;
		*why = "missing case event kind";
		if (e->case_event->kind_case == CVDLOG__CASE_EVENT__KIND__NOT_SET)
			goto out;
		break;
	case CVDLOG__EVENT__BODY_ORG_EVENT:
		ev->ev_type = EVENT_ORG;
		*why = "missing org event kind";
		if (e->org_event->kind_case == CVDLOG__ORG_EVENT__KIND__NOT_SET)
			goto out;
		break;
	default: *why = "missing or unknown event body"; goto out;
	}
	ev->ev_pb = e; /* the view owns it from here */
	e = NULL;
	rc = 0;
	*why = NULL;
out:
	if (e != NULL)
		cvdlog__event__free_unpacked(e, NULL);
	return rc;
}

void event_view_clear(struct event_view *ev)
{
	free(ev->ev_text);
	free(ev->ev_origin);
	for (unsigned i = 0; i < ev->ev_nnodes; i++) {
		free(ev->ev_node_names[i]);
		free(ev->ev_node_vkeys[i]);
	}
	free(ev->ev_node_names);
	free(ev->ev_node_vkeys);
	free(ev->ev_roster);
	if (ev->ev_pb != NULL)
		cvdlog__event__free_unpacked(ev->ev_pb, NULL);
	memset(ev, 0, sizeof(*ev));
}

static int pack_event(Cvdlog__Event *e, const char *signer, uint64_t time_ms, uint8_t **out,
                      size_t *outlen)
{
	uint8_t nonce[EVENT_NONCE_LEN];
	size_t n;
	int rc = 0;

	randombytes_buf(nonce, sizeof(nonce));
	e->nonce.data = nonce;
	e->nonce.len = sizeof(nonce);
	e->time_ms = time_ms;
	e->signer = (char *)signer;
	n = cvdlog__event__get_packed_size(e);
	if (n > ENTRY_EVENT_MAX)
		rc = CVD_ETOOLARGE;
	else if ((*out = malloc(n > 0 ? n : 1)) == NULL)
		rc = CVD_ENOMEM;
	else
		*outlen = cvdlog__event__pack(e, *out);
	e->nonce.data = NULL; /* the caller's message must not keep our stack */
	e->nonce.len = 0;
	return rc;
}

int event_build_note(const char *signer, uint64_t time_ms, const char *text, uint8_t **out,
                     size_t *outlen)
{
	Cvdlog__Event e = CVDLOG__EVENT__INIT;
	Cvdlog__Note note = CVDLOG__NOTE__INIT;
	const char *why;
	int rc;

	struct keys_verifier v;
	if (keys_verifier_parse(signer, strlen(signer), &v) != 0 || v.kv_type != KEYS_TYPE_ED25519)
		return CVD_EINVAL;
	rc = check_text(text, EVENT_NOTE_MAX, &why, "text");
	if (rc != 0)
		return rc;
	note.text = (char *)text;
	e.body_case = CVDLOG__EVENT__BODY_NOTE;
	e.note = &note;
	return pack_event(&e, signer, time_ms, out, outlen);
}

int event_build_genesis(const char *signer, uint64_t time_ms, const char *origin, unsigned nnodes,
                        const char *const *names, const char *const *vkeys, const char *roster,
                        uint8_t **out, size_t *outlen)
{
	Cvdlog__Event e = CVDLOG__EVENT__INIT;
	Cvdlog__Genesis g = CVDLOG__GENESIS__INIT;
	Cvdlog__NodeInfo infos[POLICY_MAX_KEYS], *ptrs[POLICY_MAX_KEYS];

	if (nnodes == 0 || nnodes > POLICY_MAX_KEYS)
		return CVD_EINVAL;
	for (unsigned i = 0; i < nnodes; i++) {
		cvdlog__node_info__init(&infos[i]);
		infos[i].name = (char *)names[i];
		infos[i].vkey = (char *)vkeys[i];
		ptrs[i] = &infos[i];
	}
	g.origin = (char *)origin;
	if (roster != NULL)
		g.roster = (char *)roster;
	g.n_nodes = nnodes;
	g.nodes = ptrs;
	e.body_case = CVDLOG__EVENT__BODY_GENESIS;
	e.genesis = &g;
	return pack_event(&e, signer, time_ms, out, outlen);
}
