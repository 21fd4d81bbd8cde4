/* event.c: cvdlog.Event encoding and validation (see event.h). */
#include "event.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "cvdlog.pb-c.h"
#include "encoding.h"
#include "entry.h"
#include "error.h"

const char *event_type_name(enum event_type t)
{
	switch (t) {
	case EVENT_GENESIS: return "genesis";
	case EVENT_NOTE: return "note";
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
	*why = "unknown fields in event";
	if (e->base.n_unknown_fields != 0)
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
		*why = "unknown fields in note";
		if (e->note->base.n_unknown_fields != 0)
			goto out;
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
		if (g->base.n_unknown_fields != 0 ||
		    !keys_name_valid(g->origin, strlen(g->origin)) ||
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
			if (g->nodes[i]->base.n_unknown_fields != 0 ||
			    !keys_name_valid(g->nodes[i]->name, strlen(g->nodes[i]->name)) ||
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
		break;
	}
	default: *why = "missing or unknown event body"; goto out;
	}
	rc = 0;
	*why = NULL;
out:
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
                        const char *const *names, const char *const *vkeys, uint8_t **out,
                        size_t *outlen)
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
	g.n_nodes = nnodes;
	g.nodes = ptrs;
	e.body_case = CVDLOG__EVENT__BODY_GENESIS;
	e.genesis = &g;
	return pack_event(&e, signer, time_ms, out, outlen);
}
