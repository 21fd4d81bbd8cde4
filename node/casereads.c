/* casereads.c: the CVD domain reads (see casereads.h). */
#include "casereads.h"

#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "entry.h"
#include "error.h"
#include "keys.h"
#include "seal.h"

/* The bytes of entries an answer may carry: a frame less room for the
 * rest of the response. */
#define ANSWER_BUDGET (CODEC_FRAME_MAX - 4096)

/* Entries of one case, up to the snapshot, within the frame budget. */
static int case_entries(struct ledger *l, struct ledger_reader *r, uint64_t id, uint64_t start,
                        uint64_t size, Cvdlog__Response *resp, struct casereads_keep *k,
                        const char **why)
{
	size_t used = 0, n = 0, i;
	ProtobufCBinaryData *bufs;
	uint64_t *idx = NULL;
	int rc;

	rc = ledger_case_entries(l, id, size, &idx, &n);
	if (rc == CVD_ENOTFOUND) {
		*why = "no such case";
		return CVD_EINVAL;
	}
	if (rc != 0)
		return rc;
	k->ck_mem[0] = idx;
	{ /* from start on: the client resumes a long case where it stopped */
		size_t from = 0;
		while (from < n && idx[from] < start)
			from++;
		memmove(idx, idx + from, (n - from) * sizeof(*idx));
		n -= from;
	}
	bufs = calloc(n ? n : 1, sizeof(*bufs));
	if (bufs == NULL)
		return CVD_ENOMEM;
	k->ck_mem[1] = bufs;
	for (i = 0; i < n; i++) {
		const uint8_t *b;
		size_t bl;
		rc = ledger_read_entry(r, idx[i], &b, &bl);
		if (rc != 0)
			return rc;
		if (used + bl + 8 > ANSWER_BUDGET)
			break; /* the client asks again from the last index it got */
		used += bl + 8;
		bufs[i].data = (uint8_t *)b;
		bufs[i].len = bl;
	}
	cvdlog__entries__init(&k->ck_entries);
	k->ck_entries.start = n > 0 ? idx[0] : 0;
	k->ck_entries.n_entries = i;
	k->ck_entries.entries = bufs;
	resp->resp_case = CVDLOG__RESPONSE__RESP_CASE_ENTRIES;
	resp->case_entries = &k->ck_entries;
	return 0;
}

static int case_list(struct ledger *l, uint64_t size, Cvdlog__Response *resp,
                     struct casereads_keep *k)
{
	struct ledger_case_summary *sums = NULL;
	Cvdlog__CaseSummary *items, **ptrs;
	size_t n = 0;
	int rc = ledger_case_list(l, size, &sums, &n);

	if (rc != 0)
		return rc;
	k->ck_mem[0] = sums;
	items = calloc(n ? n : 1, sizeof(*items));
	ptrs = calloc(n ? n : 1, sizeof(*ptrs));
	k->ck_mem[1] = items;
	k->ck_mem[2] = ptrs;
	if (items == NULL || ptrs == NULL)
		return CVD_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		cvdlog__case_summary__init(&items[i]);
		items[i].case_id = sums[i].cs_id;
		items[i].vendor = sums[i].cs_vendor;
		items[i].reporter = sums[i].cs_reporter;
		items[i].rm = (char *)sums[i].cs_rm;
		items[i].em = (char *)sums[i].cs_em;
		items[i].flags = sums[i].cs_flags;
		items[i].opened_ms = sums[i].cs_opened_ms;
		items[i].last_ms = sums[i].cs_last_ms;
		items[i].events = sums[i].cs_events;
		ptrs[i] = &items[i];
	}
	cvdlog__case_list__init(&k->ck_list);
	k->ck_list.n_cases = n;
	k->ck_list.cases = ptrs;
	resp->resp_case = CVDLOG__RESPONSE__RESP_CASE_LIST;
	resp->case_list = &k->ck_list;
	return 0;
}

/* roster: the text and the entries that made it (rosterproof.h), which
 * must all be in the snapshot. */
static int roster(struct ledger *l, struct ledger_reader *r, uint64_t size, Cvdlog__Response *resp,
                  struct casereads_keep *k, const char **why)
{
	char *text = NULL;
	uint64_t *idx = NULL;
	ProtobufCBinaryData *bufs;
	size_t len, n;
	int rc = ledger_roster_text(l, &text, &len, &idx, &n);

	if (rc == CVD_ENOTFOUND) {
		*why = "this log has no roster";
		return CVD_EINVAL;
	}
	if (rc != 0)
		return rc;
	k->ck_mem[0] = text;
	k->ck_mem[1] = idx;
	if (n > 0 && idx[n - 1] >= size) {
		*why = "the roster is changing; retry";
		return CVD_EBUSY; /* a change committed after this snapshot */
	}
	bufs = calloc(n ? n : 1, sizeof(*bufs));
	if (bufs == NULL)
		return CVD_ENOMEM;
	k->ck_mem[2] = bufs;
	for (size_t i = 0, used = len; i < n; i++) {
		const uint8_t *b;
		size_t bl;
		rc = ledger_read_entry(r, idx[i], &b, &bl);
		if (rc != 0)
			return rc;
		used += bl + 8;
		if (used > ANSWER_BUDGET) {
			*why = "the roster's entries are over the frame size";
			return CVD_ETOOLARGE;
		}
		bufs[i].data = (uint8_t *)b;
		bufs[i].len = bl;
	}
	cvdlog__roster_text__init(&k->ck_roster);
	k->ck_roster.text = text;
	k->ck_roster.size = size;
	k->ck_roster.n_entries = n;
	k->ck_roster.entries = bufs;
	resp->resp_case = CVDLOG__RESPONSE__RESP_ROSTER;
	resp->roster = &k->ck_roster;
	return 0;
}

/* fetch_sealed: only for a listed reader who signed this connection's
 * fresh nonce together with the digest. Every refusal looks the same to
 * the asker except a malformed request. */
static int fetch_sealed(struct ledger *l, struct ledger_reader *r,
                        const Cvdlog__FetchSealedRequest *f, const uint8_t *nonce,
                        Cvdlog__Response *resp, const char **why)
{
	struct keys_verifier v;
	struct seal_payload p;
	const uint8_t *buf;
	size_t len;
	int rc;

	if (f->digest.len != SEAL_DIGEST_LEN || f->signature.len != KEYS_SIG_LEN ||
	    keys_verifier_parse(f->reader, strlen(f->reader), &v) != 0 ||
	    v.kv_type != KEYS_TYPE_ED25519) {
		*why =
		    "fetch needs a 32-byte digest, a reader verifier key and a 64-byte signature";
		return CVD_EINVAL;
	}
	*why = "not authorized: ask for a fresh challenge and sign it with a key listed on the "
	       "payload";
	if (nonce == NULL)
		return CVD_EUNAUTH;
	if (seal_fetch_verify(v.kv_pk, ledger_origin(l), nonce, f->digest.data,
	                      f->signature.data) != 0)
		return CVD_EUNAUTH;
	rc = ledger_read_sealed(r, f->digest.data, &buf, &len);
	if (rc == CVD_ENOTFOUND)
		return CVD_EUNAUTH;
	if (rc != 0)
		return rc;
	rc = seal_payload_decode(buf, len, &p, NULL);
	if (rc != 0) {
		*why = "stored payload does not decode";
		return CVD_ECORRUPT;
	}
	rc = seal_payload_find_reader(&p, v.kv_pk) >= 0 ? 0 : CVD_EUNAUTH;
	seal_payload_clear(&p);
	if (rc != 0)
		return rc;
	resp->resp_case = CVDLOG__RESPONSE__RESP_SEALED;
	resp->sealed.data = (uint8_t *)buf; /* valid until the reader ends */
	resp->sealed.len = len;
	*why = NULL;
	return 0;
}

int casereads_answer(struct ledger *l, struct ledger_reader *r, const Cvdlog__Request *req,
                     const uint8_t *nonce, Cvdlog__Response *resp, struct casereads_keep *keep,
                     const char **why)
{
	const char *cnote;
	size_t clen;
	uint64_t size;

	memset(keep, 0, sizeof(*keep));
	*why = NULL;
	ledger_read_checkpoint(r, &cnote, &clen, &size);
	switch (req->req_case) {
	case CVDLOG__REQUEST__REQ_CASE_ENTRIES:
		return case_entries(l, r, req->case_entries->case_id, req->case_entries->start,
		                    size, resp, keep, why);
	case CVDLOG__REQUEST__REQ_CASE_LIST: return case_list(l, size, resp, keep);
	case CVDLOG__REQUEST__REQ_ROSTER: return roster(l, r, size, resp, keep, why);
	case CVDLOG__REQUEST__REQ_FETCH_SEALED:
		return fetch_sealed(l, r, req->fetch_sealed, nonce, resp, why);
	default: return CVD_EINVAL;
	}
}

void casereads_release(struct casereads_keep *keep)
{
	for (size_t i = 0; i < sizeof(keep->ck_mem) / sizeof(keep->ck_mem[0]); i++)
		free(keep->ck_mem[i]);
	memset(keep, 0, sizeof(*keep));
}
