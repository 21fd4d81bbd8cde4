/*
 * case_util.c: what the CVD command groups share: a session (key, node,
 * origin), submitting a signed event with its sealed payloads, a case as
 * the node serves it, sealing to a case's readers and opening what the key
 * may read, and the verb tables that parse every group's flags (usage is
 * printed from the tables, so it cannot drift from the code).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "encoding.h"
#include "error.h"
#include "log.h"
#include "receipt.h"
#include "roster.h"
#include "rosterproof.h"
#include "vuln.h"

/* ---- submitting ---- */

int cli_node_error(const Cvdlog__Response *resp)
{
	const ProtobufCEnumValue *v =
	    protobuf_c_enum_descriptor_get_value(&cvdlog__error_code__descriptor, (int)resp->error);
	return cli_error("node refused: %s: %s", v != NULL ? v->name : "UNKNOWN",
	                 resp->message[0] != '\0' ? resp->message : "(no message)");
}

static void pause_ms(unsigned ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};
	nanosleep(&ts, NULL);
}

/* receipt_holds checks that the receipt's entry is our event by our key. */
static int receipt_holds(const char *text, size_t len, const uint8_t *event, size_t elen,
                         const uint8_t *pk)
{
	struct receipt r;
	struct entry e;
	int ok = receipt_parse(text, len, &r) == 0 &&
	         entry_decode(r.r_entry, r.r_entry_len, &e) == 0 && e.e_event_len == elen &&
	         memcmp(e.e_event, event, elen) == 0 && memcmp(e.e_author, pk, KEYS_PK_LEN) == 0;
	receipt_clear(&r);
	return ok;
}

void cli_submitted_clear(struct cli_submitted *r)
{
	free(r->sb_text);
	memset(r, 0, sizeof(*r));
}

int cli_submit_bytes(struct cli_conn *c, const struct keys_signer *key, const char *origin,
                     const uint8_t *event, size_t len, ProtobufCBinaryData *sealed, size_t nsealed,
                     const struct policy *pol, struct cli_submitted *out)
{
	Cvdlog__Request req = CVDLOG__REQUEST__INIT;
	Cvdlog__SubmitRequest sub = CVDLOG__SUBMIT_REQUEST__INIT;
	Cvdlog__Response *resp = NULL;
	struct cli_receipt_report rep;
	uint8_t sig[KEYS_SIG_LEN];
	int rc, status = 1;

	memset(out, 0, sizeof(*out));
	entry_sign_event(key, origin, event, len, sig);
	sub.origin = (char *)origin;
	sub.event.data = (uint8_t *)event;
	sub.event.len = len;
	sub.author.data = (uint8_t *)keys_signer_pk(key);
	sub.author.len = KEYS_PK_LEN;
	sub.signature.data = sig;
	sub.signature.len = KEYS_SIG_LEN;
	sub.n_sealed = nsealed;
	sub.sealed = sealed;
	req.req_case = CVDLOG__REQUEST__REQ_SUBMIT;
	req.submit = &sub;
	for (unsigned attempt = 0;; attempt++) {
		if (cli_call(c, &req, &resp) != 0)
			return 1;
		if (resp->error != CVDLOG__ERROR_CODE__UNAVAILABLE || attempt == 50)
			break;
		cvdlog__response__free_unpacked(resp, NULL);
		resp = NULL;
		pause_ms(10 + attempt * 20);
	}
	if ((resp->error != CVDLOG__ERROR_CODE__OK &&
	     resp->error != CVDLOG__ERROR_CODE__DUPLICATE) ||
	    resp->resp_case != CVDLOG__RESPONSE__RESP_RECEIPT) {
		cli_node_error(resp);
		goto out;
	}
	const char *text = resp->receipt->tlog_proof;
	size_t tlen = strlen(text);
	rc = cli_check_receipt(text, tlen, pol, &rep);
	if (rc != 0) {
		cli_error("%s: the node's receipt is INVALID: %s: %s", cli_node, rep.rr_what,
		          cvd_strerror(rc));
		goto out;
	}
	if (!receipt_holds(text, tlen, event, len, keys_signer_pk(key))) {
		cli_error("%s: the node's receipt is for another event", cli_node);
		goto out;
	}
	out->sb_text = strdup(text);
	if (out->sb_text == NULL) {
		cli_error("out of memory");
		goto out;
	}
	out->sb_text_len = tlen;
	out->sb_index = rep.rr_index;
	out->sb_time_ms = rep.rr_time_ms;
	out->sb_duplicate = resp->error == CVDLOG__ERROR_CODE__DUPLICATE;
	status = 0;
out:
	cvdlog__response__free_unpacked(resp, NULL);
	return status;
}

int cli_print_submitted(const struct cli_submitted *r, const char *path, int checked)
{
	char ts[32];

	if (path != NULL && cli_write_file(path, r->sb_text, r->sb_text_len, 0644) != 0)
		return 1;
	if (r->sb_duplicate)
		printf("already logged\n");
	printf("index %" PRIu64 "\ntime %s\n", r->sb_index, log_format_time(r->sb_time_ms, ts));
	if (path != NULL)
		printf("receipt %s\n", path);
	if (!checked)
		fprintf(stderr, "cvdlog: note: receipt not checked against a trust policy (use "
		                "--policy)\n");
	return 0;
}

/* ---- sessions ---- */

int cli_session_origin(struct cli_conn *c, char *out, size_t cap)
{
	Cvdlog__Request req = CVDLOG__REQUEST__INIT;
	Cvdlog__StatusRequest s = CVDLOG__STATUS_REQUEST__INIT;
	Cvdlog__Response *resp;
	int rc;

	req.req_case = CVDLOG__REQUEST__REQ_STATUS;
	req.status = &s;
	rc = cli_call_expect(c, &req, CVDLOG__RESPONSE__RESP_STATUS, &resp);
	if (rc != 0)
		return rc;
	snprintf(out, cap, "%s", resp->status->origin);
	cvdlog__response__free_unpacked(resp, NULL);
	return 0;
}

int cli_session_open(struct cli_session *s, const char *keyfile, const char *policy_path)
{
	int rc;

	memset(s, 0, sizeof(*s));
	rc = cli_load_policy(policy_path, &s->se_policy);
	if (rc < 0)
		return 1;
	s->se_have_policy = rc == 0;
	if (keyfile != NULL) {
		rc = keys_signer_load(keyfile, &s->se_key);
		if (rc != 0)
			return cli_error("--key %s: cannot load key: %s%s", keyfile,
			                 cvd_strerror(rc),
			                 rc == -EPERM ? " (readable by others: chmod 600 it)" : "");
		keys_signer_vkey(s->se_key, s->se_vkey);
	}
	if (cli_connect(cli_node, &s->se_conn) != 0)
		return 1;
	if (s->se_have_policy)
		snprintf(s->se_origin, sizeof(s->se_origin), "%s", s->se_policy.p_origin);
	else if (cli_session_origin(s->se_conn, s->se_origin, sizeof(s->se_origin)) != 0)
		return 1;
	return 0;
}

void cli_session_close(struct cli_session *s)
{
	cli_close(s->se_conn);
	keys_signer_free(s->se_key);
	memset(s, 0, sizeof(*s));
}

int cli_submit_event(struct cli_session *s, Cvdlog__Event *ev, ProtobufCBinaryData *sealed,
                     size_t nsealed, struct cli_submitted *out)
{
	uint8_t nonce[EVENT_NONCE_LEN], *buf = NULL;
	struct event_view view;
	const char *why = NULL;
	size_t len;
	int rc, status = 1;

	randombytes_buf(nonce, sizeof(nonce));
	ev->nonce.data = nonce;
	ev->nonce.len = sizeof(nonce);
	ev->time_ms = log_now_ms();
	ev->signer = s->se_vkey;
	len = cvdlog__event__get_packed_size(ev);
	buf = malloc(len ? len : 1);
	if (buf == NULL)
		return cli_error("out of memory");
	cvdlog__event__pack(ev, buf);
	rc = event_decode(buf, len, &view, &why);
	event_view_clear(&view);
	if (rc != 0) {
		cli_error("event: %s", why != NULL ? why : cvd_strerror(rc));
		goto out;
	}
	if (len > ENTRY_EVENT_MAX) {
		cli_error("event: %zu bytes, more than the %d an entry holds", len,
		          ENTRY_EVENT_MAX);
		goto out;
	}
	status = cli_submit_bytes(s->se_conn, s->se_key, s->se_origin, buf, len, sealed, nsealed,
	                          s->se_have_policy ? &s->se_policy : NULL, out);
out:
	free(buf);
	return status;
}

int cli_submit_simple(const struct cli_args *a, Cvdlog__Event *ev)
{
	struct cli_session s;
	struct cli_submitted r;
	int status = 1;

	memset(&r, 0, sizeof(r));
	if (cli_session_open(&s, a_get(a, O_KEY), a_get(a, O_POLICY)) == 0 &&
	    cli_submit_event(&s, ev, NULL, 0, &r) == 0)
		status = cli_print_submitted(&r, a_get(a, O_RECEIPT), s.se_have_policy);
	cli_submitted_clear(&r);
	cli_session_close(&s);
	return status;
}

/* ---- a case as the node serves it ---- */

void cli_case_clear(struct cli_case *cs)
{
	for (size_t i = 0; i < cs->cs_n; i++) {
		event_view_clear(&cs->cs_entries[i].ce_view);
		free(cs->cs_entries[i].ce_buf);
	}
	free(cs->cs_entries);
	memset(cs, 0, sizeof(*cs));
}

/* case_entry_check: one entry of case id, from the node. */
static int case_entry_check(struct cli_session *s, uint64_t id, size_t i, const uint8_t *b,
                            size_t bl, struct cli_case_entry *ce)
{
	const Cvdlog__Event *pb;
	const char *why = NULL;

	memset(&ce->ce_view, 0, sizeof(ce->ce_view));
	ce->ce_buf = malloc(bl ? bl : 1);
	if (ce->ce_buf == NULL)
		return cli_error("out of memory");
	memcpy(ce->ce_buf, b, bl);
	if (entry_decode(ce->ce_buf, bl, &ce->ce_entry) != 0)
		return cli_error("%s: case %" PRIu64 ": a malformed entry", cli_node, id);
	if (entry_verify_event(ce->ce_entry.e_author, ce->ce_entry.e_sig, s->se_origin,
	                       ce->ce_entry.e_event, ce->ce_entry.e_event_len) != 0)
		return cli_error("%s: case %" PRIu64 ": entry %" PRIu64 " has a bad signature",
		                 cli_node, id, ce->ce_entry.e_index);
	if (event_decode(ce->ce_entry.e_event, ce->ce_entry.e_event_len, &ce->ce_view, &why) != 0 ||
	    ce->ce_view.ev_type != EVENT_CASE ||
	    memcmp(ce->ce_view.ev_signer_key.kv_pk, ce->ce_entry.e_author, KEYS_PK_LEN) != 0)
		return cli_error("%s: case %" PRIu64 ": entry %" PRIu64 " is not a case event",
		                 cli_node, id, ce->ce_entry.e_index);
	pb = ce->ce_view.ev_pb;
	ce->ce_case = pb->case_event;
	if (i == 0 ? (ce->ce_case->kind_case != CVDLOG__CASE_EVENT__KIND_REPORT ||
	              ce->ce_entry.e_index != id)
	           : (ce->ce_case->case_id != id || ce->ce_entry.e_index <= id))
		return cli_error("%s: case %" PRIu64 ": entry %" PRIu64 " does not belong to it",
		                 cli_node, id, ce->ce_entry.e_index);
	return 0;
}

/* case_fetch_page asks for the case's entries from start on and appends
 * them to cs (checked); *got is how many came. */
static int case_fetch_page(struct cli_session *s, uint64_t id, uint64_t start, struct cli_case *cs,
                           size_t *got)
{
	Cvdlog__Request req = CVDLOG__REQUEST__INIT;
	Cvdlog__CaseRequest cr = CVDLOG__CASE_REQUEST__INIT;
	Cvdlog__Response *resp = NULL;
	struct cli_case_entry *grown;
	Cvdlog__Entries *en;
	int status = 1;

	*got = 0;
	cr.case_id = id;
	cr.start = start;
	req.req_case = CVDLOG__REQUEST__REQ_CASE_ENTRIES;
	req.case_entries = &cr;
	if (cli_call(s->se_conn, &req, &resp) != 0)
		return 1;
	if (resp->error != CVDLOG__ERROR_CODE__OK) {
		if (resp->error == CVDLOG__ERROR_CODE__BAD_REQUEST)
			cli_error("case %" PRIu64 ": %s", id, resp->message);
		else
			cli_node_error(resp);
		goto out;
	}
	if (resp->resp_case != CVDLOG__RESPONSE__RESP_CASE_ENTRIES ||
	    (start == 0 && resp->case_entries->n_entries == 0)) {
		cli_error("%s: case %" PRIu64 ": unexpected answer", cli_node, id);
		goto out;
	}
	en = resp->case_entries;
	grown = realloc(cs->cs_entries, (cs->cs_n + en->n_entries + 1) * sizeof(*grown));
	if (grown == NULL) {
		cli_error("out of memory");
		goto out;
	}
	cs->cs_entries = grown;
	memset(&cs->cs_entries[cs->cs_n], 0, (en->n_entries + 1) * sizeof(*grown));
	for (size_t k = 0; k < en->n_entries; k++) {
		size_t i = cs->cs_n++;
		if (case_entry_check(s, id, i, en->entries[k].data, en->entries[k].len,
		                     &cs->cs_entries[i]) != 0)
			goto out;
		if (i > 0 &&
		    cs->cs_entries[i].ce_entry.e_index <= cs->cs_entries[i - 1].ce_entry.e_index) {
			cli_error("%s: case %" PRIu64 ": entries out of order", cli_node, id);
			goto out;
		}
	}
	*got = en->n_entries;
	status = 0;
out:
	cvdlog__response__free_unpacked(resp, NULL);
	return status;
}

int cli_case_fetch(struct cli_session *s, uint64_t id, struct cli_case *cs)
{
	size_t got;
	int status = 1;

	memset(cs, 0, sizeof(*cs));
	cs->cs_id = id;
	/* A long case comes in several answers: ask again after the last
	 * entry until an answer is empty. */
	if (case_fetch_page(s, id, 0, cs, &got) != 0)
		goto out;
	while (got > 0)
		if (case_fetch_page(s, id, cs->cs_entries[cs->cs_n - 1].ce_entry.e_index + 1, cs,
		                    &got) != 0)
			goto out;
	cs->cs_vendor = cs->cs_entries[0].ce_case->report->vendor;
	cs->cs_reporter = cs->cs_entries[0].ce_view.ev_signer;
	status = 0;
out:
	if (status != 0)
		cli_case_clear(cs);
	return status;
}

int cli_case_find_commit(const struct cli_case *cs, const char *spec, const Cvdlog__Commitment **cm,
                         uint64_t *index)
{
	const char *colon = strchr(spec, ':'), *field = spec;
	uint64_t want = 0;
	unsigned found = 0, in_report = 0;

	if (colon != NULL) {
		if (enc_parse_u64(spec, (size_t)(colon - spec), &want) != 0)
			return cli_error("field \"%s\": want FIELD or INDEX:FIELD", spec);
		field = colon + 1;
	}
	for (size_t i = 0; i < cs->cs_n && !in_report; i++) {
		const Cvdlog__Commitment *c[CASES_MAX_COMMITS + 1];
		unsigned n = cases_event_commitments(cs->cs_entries[i].ce_case, c);
		uint64_t idx = cs->cs_entries[i].ce_entry.e_index;
		if (colon != NULL && idx != want)
			continue;
		for (unsigned k = 0; k < n; k++) {
			if (strcmp(c[k]->field, field) != 0)
				continue;
			found++;
			*cm = c[k];
			*index = idx;
			in_report = i == 0; /* the report's field wins */
		}
	}
	if (found == 0)
		return cli_error("field \"%s\": no such commitment on case %" PRIu64, spec,
		                 cs->cs_id);
	if (found > 1 && !in_report)
		return cli_error("field \"%s\": several entries of case %" PRIu64
		                 " commit to it; name one as INDEX:%s",
		                 spec, cs->cs_id, field);
	return 0;
}

/* ---- sealed payloads ---- */

int cli_fetch_sealed(struct cli_session *s, const uint8_t digest[SEAL_DIGEST_LEN],
                     struct seal_payload *p, int quiet)
{
	Cvdlog__Request req = CVDLOG__REQUEST__INIT;
	Cvdlog__ChallengeRequest chr = CVDLOG__CHALLENGE_REQUEST__INIT;
	Cvdlog__FetchSealedRequest fr = CVDLOG__FETCH_SEALED_REQUEST__INIT;
	Cvdlog__Response *resp = NULL;
	uint8_t nonce[SEAL_CHALLENGE_LEN], sig[KEYS_SIG_LEN];
	const char *why = NULL;
	int rc;

	memset(p, 0, sizeof(*p));
	if (s->se_key == NULL)
		return cli_error("reading sealed fields needs --key"), CVD_EINVAL;
	req.req_case = CVDLOG__REQUEST__REQ_CHALLENGE;
	req.challenge = &chr;
	rc = cli_call_expect(s->se_conn, &req, CVDLOG__RESPONSE__RESP_CHALLENGE, &resp);
	if (rc != 0)
		return rc;
	if (resp->challenge->nonce.len != SEAL_CHALLENGE_LEN) {
		cvdlog__response__free_unpacked(resp, NULL);
		return cli_error("%s: malformed challenge", cli_node), CVD_EINVAL;
	}
	memcpy(nonce, resp->challenge->nonce.data, SEAL_CHALLENGE_LEN);
	cvdlog__response__free_unpacked(resp, NULL);
	resp = NULL;
	if (seal_fetch_sign(s->se_key, s->se_origin, nonce, digest, sig) != 0)
		return cli_error("origin \"%s\" is not a log origin", s->se_origin), CVD_EINVAL;
	fr.digest.data = (uint8_t *)digest;
	fr.digest.len = SEAL_DIGEST_LEN;
	fr.reader = s->se_vkey;
	fr.signature.data = sig;
	fr.signature.len = KEYS_SIG_LEN;
	req.req_case = CVDLOG__REQUEST__REQ_FETCH_SEALED;
	req.fetch_sealed = &fr;
	rc = cli_call(s->se_conn, &req, &resp);
	if (rc != 0)
		return rc;
	if (resp->error == CVDLOG__ERROR_CODE__UNAUTHORIZED) {
		if (!quiet)
			cli_node_error(resp);
		rc = CVD_EUNAUTH;
	} else if (resp->error != CVDLOG__ERROR_CODE__OK) {
		cli_node_error(resp);
		rc = CVD_EINVAL;
	} else if (resp->resp_case != CVDLOG__RESPONSE__RESP_SEALED ||
	           seal_payload_decode(resp->sealed.data, resp->sealed.len, p, &why) != 0 ||
	           memcmp(p->sp_digest, digest, SEAL_DIGEST_LEN) != 0) {
		seal_payload_clear(p);
		cli_error("%s: the sealed payload is malformed or for another digest%s%s", cli_node,
		          why != NULL ? ": " : "", why != NULL ? why : "");
		rc = CVD_EINVAL;
	}
	cvdlog__response__free_unpacked(resp, NULL);
	return rc;
}

int cli_fetch_open(struct cli_session *s, const uint8_t digest[SEAL_DIGEST_LEN],
                   uint8_t salt[SEAL_SALT_LEN], uint8_t **plain, size_t *len, int quiet)
{
	struct seal_payload p;
	int rc = cli_fetch_sealed(s, digest, &p, quiet);

	if (rc != 0)
		return rc;
	rc = seal_payload_open(&p, s->se_key, salt, plain, len);
	seal_payload_clear(&p);
	if (rc == CVD_ENOTFOUND && quiet)
		return CVD_EUNAUTH;
	if (rc != 0)
		cli_error("the sealed payload does not open with this key: %s", cvd_strerror(rc));
	return rc;
}

int cli_text_arg(const char *flag, const char *value, char **out, size_t *len)
{
	if (value[0] == '@') {
		if (cli_read_file(value + 1, SEAL_PLAINTEXT_MAX, out, len) != 0)
			return cli_error("--%s: cannot read %s", flag, value + 1);
	} else {
		*len = strlen(value);
		*out = strdup(value);
		if (*out == NULL)
			return cli_error("out of memory");
		if (*len > SEAL_PLAINTEXT_MAX)
			return cli_error("--%s: more than %d bytes", flag, SEAL_PLAINTEXT_MAX);
	}
	if (*len == 0 || !enc_utf8_valid(*out, *len)) {
		free(*out);
		*out = NULL;
		return cli_error("--%s: 1..%d bytes of UTF-8 text needed", flag,
		                 SEAL_PLAINTEXT_MAX);
	}
	return 0;
}

/* ---- small argument helpers ---- */

int cli_word(const char *flag, const char *value, const char *const *words)
{
	char list[256] = "";

	for (int i = 0; words[i] != NULL; i++) {
		if (strcmp(value, words[i]) == 0)
			return i + 1;
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", i ? "|" : "",
		         words[i]);
	}
	cli_error("--%s: \"%s\" is not one of %s", flag, value, list);
	return 0;
}

int cli_u64_arg(const char *name, const char *value, uint64_t *out)
{
	if (enc_parse_u64(value, strlen(value), out) != 0)
		return cli_error("%s: \"%s\" is not a decimal number", name, value);
	return 0;
}

int cli_date_arg(const char *flag, const char *value, uint64_t *out)
{
	if (cli_parse_date(value, out) != 0)
		return cli_error("--%s: \"%s\" is not a date: YYYY-MM-DD (00:00 UTC) or "
		                 "YYYY-MM-DDTHH:MM:SSZ",
		                 flag, value);
	return 0;
}

/* ---- the verb tables ---- */

static const struct {
	const char *name;
	int arg; /* getopt has_arg */
	int repeat;
} optinfo[O_COUNT] = {
    [O_KEY] = {"key", 1, 0},
    [O_RECEIPT] = {"receipt", 1, 0},
    [O_POLICY] = {"policy", 1, 0},
    [O_PARTICIPANT] = {"participant", 1, 0},
    [O_READER] = {"reader", 1, 1},
    [O_VENDOR] = {"vendor", 1, 0},
    [O_CHANNEL] = {"channel", 1, 0},
    [O_CONTACT] = {"contact", 1, 0},
    [O_PRODUCTS] = {"products", 1, 0},
    [O_DESCRIPTION] = {"description", 1, 0},
    [O_EXPLOITS] = {"exploits", 1, 0},
    [O_DISCLOSURE_PLANS] = {"disclosure-plans", 1, 0},
    [O_ADDITIONAL] = {"additional", 1, 0},
    [O_JSON] = {"json", 1, 0},
    [O_CVSS] = {"cvss", 1, 0},
    [O_PLANNED] = {"planned-disclosure", 1, 0},
    [O_OUT] = {"out", 1, 0},
    [O_URL] = {"url", 1, 0},
    [O_TEXT] = {"text", 1, 0},
    [O_DISCLOSE] = {"disclose", 1, 1},
    [O_EXPLOITABILITY] = {"exploitability", 1, 0},
    [O_IMPACT] = {"impact", 1, 0},
    [O_CWE] = {"cwe", 1, 1},
    [O_SUMMARY] = {"summary", 1, 0},
    [O_ASSIGNEE] = {"assignee", 1, 0},
    [O_ORG] = {"org", 1, 0},
    [O_OF] = {"of", 1, 0},
    [O_REASON] = {"reason", 1, 0},
    [O_DEADLINE] = {"deadline", 1, 0},
    [O_UNTIL] = {"until", 1, 0},
    [O_JUSTIFICATION] = {"justification", 1, 0},
    [O_PLAN] = {"plan", 1, 0},
    [O_MITIGATION] = {"mitigation", 1, 0},
    [O_PRODUCT] = {"product", 1, 0},
    [O_VERSION] = {"version", 1, 0},
    [O_REFERENCE] = {"reference", 1, 0},
    [O_FIELD] = {"field", 1, 0},
    [O_ACTIVITY] = {"activity", 1, 0},
    [O_DETAILS] = {"details", 1, 0},
    [O_END] = {"end", 1, 0},
    [O_KIND] = {"kind", 1, 0},
    [O_ID] = {"id", 1, 0},
    [O_CVE] = {"cve", 1, 1},
    [O_CREDIT] = {"credit", 1, 1},
    [O_CHANGED] = {"changed", 1, 0},
    [O_TOPIC] = {"topic", 1, 0},
    [O_STATEMENT] = {"statement", 1, 0},
    [O_TO] = {"to", 1, 0},
    [O_OUTCOME] = {"outcome", 1, 0},
    [O_PROGRAMME] = {"programme", 1, 0},
    [O_AMOUNT] = {"amount", 1, 0},
    [O_CURRENCY] = {"currency", 1, 0},
    [O_NONE] = {"none", 0, 0},
    [O_MODEL] = {"model", 1, 0},
    [O_FIRST_SHIPMENT] = {"first-shipment", 1, 0},
    [O_SUPPORT_END] = {"support-end", 1, 0},
    [O_EU_MARKET] = {"eu-market", 1, 0},
    [O_CASE] = {"case", 1, 0},
    [O_EVIDENCE] = {"evidence", 1, 0},
    [O_AUTHORITY] = {"authority", 1, 0},
    [O_SENT] = {"sent", 1, 0},
    [O_CONTENT] = {"content", 1, 0},
    [O_NOTICE] = {"notice", 1, 0},
    [O_NOW] = {"now", 1, 0},
};

/* wrap prints text word-wrapped at 78 columns, each line indented. */
static void wrap(FILE *f, const char *indent, const char *text)
{
	size_t col = 0, in = strlen(indent);

	while (*text != '\0') {
		size_t w = strcspn(text, " ");
		if (col > 0 && col + 1 + w > 78) {
			fputc('\n', f);
			col = 0;
		}
		if (col == 0) {
			fputs(indent, f);
			col = in;
		} else {
			fputc(' ', f);
			col++;
		}
		fwrite(text, 1, w, f);
		col += w;
		text += w;
		while (*text == ' ')
			text++;
	}
	fputc('\n', f);
}

static void group_usage(FILE *f, const char *group, const char *about, const struct cli_verb *v,
                        size_t n)
{
	char line[1024];

	fprintf(f, "usage: cvdlog [--node HOST:PORT] %s VERB ARGS\n\n", group);
	wrap(f, "", about);
	fprintf(f, "\nVerbs:\n");
	for (size_t i = 0; i < n; i++) {
		snprintf(line, sizeof(line), "%s %s %s", group, v[i].vb_name, v[i].vb_synopsis);
		wrap(f, "  ", line);
		wrap(f, "      ", v[i].vb_help);
	}
	fprintf(f, "\nEach verb takes --help. Verbs that log an event take --key FILE, and\n"
	           "--receipt FILE (write the receipt) and --policy POLICY (check it;\n"
	           "default $CVDLOG_POLICY). DATE is YYYY-MM-DD (00:00 UTC) or\n"
	           "YYYY-MM-DDTHH:MM:SSZ. A committed TEXT may be @FILE to read a file.\n");
}

static void verb_usage(FILE *f, const char *group, const struct cli_verb *v)
{
	char line[2048];
	size_t len;

	snprintf(line, sizeof(line), "usage: cvdlog [--node HOST:PORT] %s %s %s", group, v->vb_name,
	         v->vb_synopsis);
	wrap(f, "", line);
	fputc('\n', f);
	wrap(f, "", v->vb_help);
	len = (size_t)snprintf(line, sizeof(line), "Flags:");
	for (int o = 0; o < O_COUNT; o++) {
		if (!(v->vb_allowed & OPT(o)))
			continue;
		len +=
		    (size_t)snprintf(line + len, sizeof(line) - len, " --%s%s%s", optinfo[o].name,
		                     (v->vb_required & OPT(o)) ? " (required)" : "",
		                     optinfo[o].repeat ? " (repeatable)" : "");
	}
	if (v->vb_allowed != 0) {
		fputc('\n', f);
		wrap(f, "", line);
	}
	fprintf(f, "\nDATE: YYYY-MM-DD (00:00 UTC) or YYYY-MM-DDTHH:MM:SSZ. A committed TEXT\n"
	           "may be @FILE. --receipt FILE writes the receipt; --policy (default\n"
	           "$CVDLOG_POLICY) checks it.\n");
}

/* getopt_long returns FLAG_VAL + the flag's enum cli_opt */
#define FLAG_VAL 256

int cli_group_main(const char *group, const char *about, const struct cli_verb *verbs, size_t n,
                   int argc, char **argv)
{
	struct option opts[O_COUNT + 2];
	const struct cli_verb *v = NULL;
	struct cli_args *a;
	int c, rc;

	if (argc < 2) {
		group_usage(stderr, group, about, verbs, n);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		group_usage(stdout, group, about, verbs, n);
		return 0;
	}
	for (size_t i = 0; i < n && v == NULL; i++)
		if (strcmp(argv[1], verbs[i].vb_name) == 0)
			v = &verbs[i];
	if (v == NULL) {
		fprintf(stderr, "cvdlog: %s: unknown verb \"%s\"\n", group, argv[1]);
		group_usage(stderr, group, about, verbs, n);
		return 2;
	}
	for (int o = 0; o < O_COUNT; o++)
		opts[o] = (struct option){optinfo[o].name, optinfo[o].arg, NULL, FLAG_VAL + o};
	opts[O_COUNT] = (struct option){"help", 0, NULL, 'h' + 1000};
	opts[O_COUNT + 1] = (struct option){NULL, 0, NULL, 0};
	a = calloc(1, sizeof(*a));
	if (a == NULL)
		return cli_error("out of memory");
	rc = 2;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
		if (c == 'h' + 1000) {
			verb_usage(stdout, group, v);
			rc = 0;
			goto out;
		}
		/* getopt's own answers ('?' is 63) stay apart from the flags */
		c -= FLAG_VAL;
		if (c < 0 || c >= O_COUNT) {
			fprintf(stderr, "cvdlog: %s %s: unknown flag or missing value: %s\n", group,
			        v->vb_name, argv[optind] != NULL ? argv[optind] : argv[argc - 1]);
			verb_usage(stderr, group, v);
			goto out;
		}
		if (!(v->vb_allowed & OPT(c))) {
			fprintf(stderr, "cvdlog: %s %s does not take --%s\n", group, v->vb_name,
			        optinfo[c].name);
			verb_usage(stderr, group, v);
			goto out;
		}
		if (a->a_n[c] > 0 && !optinfo[c].repeat) {
			fprintf(stderr, "cvdlog: --%s given twice\n", optinfo[c].name);
			goto out;
		}
		if (a->a_n[c] == CLI_MAX_REPEAT) {
			fprintf(stderr, "cvdlog: --%s given more than %d times\n", optinfo[c].name,
			        CLI_MAX_REPEAT);
			goto out;
		}
		a->a_v[c][a->a_n[c]++] = optarg != NULL ? optarg : "";
	}
	for (int i = optind + 1; i < argc; i++) {
		if (a->a_npos == CLI_MAX_POS || a->a_npos == v->vb_npos) {
			fprintf(stderr, "cvdlog: %s %s: unexpected argument \"%s\"\n", group,
			        v->vb_name, argv[i]);
			verb_usage(stderr, group, v);
			goto out;
		}
		a->a_pos[a->a_npos++] = argv[i];
	}
	if (a->a_npos + v->vb_optpos < v->vb_npos) {
		fprintf(stderr, "cvdlog: %s %s needs %s\n", group, v->vb_name, v->vb_synopsis);
		goto out;
	}
	for (int o = 0; o < O_COUNT; o++)
		if ((v->vb_required & OPT(o)) && a->a_n[o] == 0) {
			fprintf(stderr, "cvdlog: %s %s needs --%s\n", group, v->vb_name,
			        optinfo[o].name);
			verb_usage(stderr, group, v);
			goto out;
		}
	rc = v->vb_fn(v, a);
out:
	free(a);
	return rc;
}

/* ---- building a case event ---- */

void *cli_ctx_alloc(struct cli_case_ctx *x, size_t n)
{
	void *p;

	if (x->cx_nmem == sizeof(x->cx_mem) / sizeof(x->cx_mem[0]) ||
	    (p = calloc(1, n ? n : 1)) == NULL) {
		cli_error("out of memory");
		return NULL;
	}
	x->cx_mem[x->cx_nmem++] = p;
	return p;
}

static int add_reader(struct cli_case_ctx *x, const struct keys_verifier *k)
{
	char *text;

	for (unsigned i = 0; i < x->cx_nreaders; i++)
		if (memcmp(x->cx_reader_keys[i].kv_pk, k->kv_pk, KEYS_PK_LEN) == 0)
			return 0;
	if (x->cx_nreaders == SEAL_MAX_READERS)
		return cli_error("more than %d readers", SEAL_MAX_READERS);
	text = cli_ctx_alloc(x, KEYS_VKEY_MAX + 1);
	if (text == NULL)
		return 1;
	x->cx_reader_keys[x->cx_nreaders] = *k;
	x->cx_readers[x->cx_nreaders++] = keys_verifier_format(k, text);
	return 0;
}

int cli_fetch_roster(struct cli_conn *c, const char *origin, const struct policy *pol,
                     Cvdlog__Response **resp, struct roster **r)
{
	Cvdlog__Request req = CVDLOG__REQUEST__INIT;
	Cvdlog__RosterRequest rr = CVDLOG__ROSTER_REQUEST__INIT;
	const uint8_t **bufs = NULL;
	size_t *lens = NULL, n;
	char err[256];
	int status = 1;

	*resp = NULL;
	if (r != NULL)
		*r = NULL;
	req.req_case = CVDLOG__REQUEST__REQ_ROSTER;
	req.roster = &rr;
	if (cli_call_expect(c, &req, CVDLOG__RESPONSE__RESP_ROSTER, resp) != 0)
		return 1;
	n = (*resp)->roster->n_entries;
	bufs = malloc((n ? n : 1) * sizeof(*bufs));
	lens = malloc((n ? n : 1) * sizeof(*lens));
	if (bufs == NULL || lens == NULL) {
		cli_error("out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		bufs[i] = (*resp)->roster->entries[i].data;
		lens[i] = (*resp)->roster->entries[i].len;
	}
	if (rosterproof_check(origin, pol, (*resp)->roster->text, bufs, lens, n, err,
	                      sizeof(err)) != 0) {
		cli_error("%s: the node's roster does not follow from the log: %s", cli_node, err);
		goto out;
	}
	if (r != NULL && roster_parse((*resp)->roster->text, strlen((*resp)->roster->text), r, err,
	                              sizeof(err)) != 0) {
		cli_error("%s: the node's roster does not parse: %s", cli_node, err);
		goto out;
	}
	status = 0;
out:
	free(bufs);
	free(lens);
	if (status != 0) {
		cvdlog__response__free_unpacked(*resp, NULL);
		*resp = NULL;
	}
	return status;
}

/* ctx_readers: every member of the vendor (the node's current roster,
 * checked against the entries that made it: cli_fetch_roster),
 * the reporter, the author and the --reader keys. */
static int ctx_readers(struct cli_case_ctx *x)
{
	Cvdlog__Response *resp = NULL;
	struct roster *r = NULL;
	const struct roster_org *org;
	struct keys_verifier k;
	int status = 1;

	if (x->cx_have_readers)
		return 0;
	x->cx_readers = cli_ctx_alloc(x, SEAL_MAX_READERS * sizeof(char *));
	x->cx_reader_keys = cli_ctx_alloc(x, SEAL_MAX_READERS * sizeof(struct keys_verifier));
	if (x->cx_readers == NULL || x->cx_reader_keys == NULL)
		return 1;
	if (cli_fetch_roster(x->cx_s.se_conn, x->cx_s.se_origin,
	                     x->cx_s.se_have_policy ? &x->cx_s.se_policy : NULL, &resp, &r) != 0)
		return 1;
	org = roster_find_org(r, x->cx_vendor);
	if (org == NULL) {
		cli_error("vendor org \"%s\" is not in the node's roster", x->cx_vendor);
		goto out;
	}
	if (org->ro_kind != ROSTER_KIND_VENDOR) {
		cli_error("org \"%s\" is a %s org, not a vendor", x->cx_vendor,
		          roster_kind_name(org->ro_kind));
		goto out;
	}
	for (unsigned i = 0; i < org->ro_nmembers; i++)
		if (add_reader(x, &org->ro_members[i].rm_key) != 0)
			goto out;
	if (x->cx_reporter != NULL) {
		if (keys_verifier_parse(x->cx_reporter, strlen(x->cx_reporter), &k) != 0) {
			cli_error("the case's reporter key does not parse");
			goto out;
		}
		if (add_reader(x, &k) != 0)
			goto out;
	}
	keys_signer_verifier(x->cx_s.se_key, &k);
	if (add_reader(x, &k) != 0)
		goto out;
	for (unsigned i = 0; i < x->cx_a->a_n[O_READER]; i++) {
		const char *t = x->cx_a->a_v[O_READER][i];
		if (keys_verifier_parse(t, strlen(t), &k) != 0 || k.kv_type != KEYS_TYPE_ED25519) {
			cli_error("--reader \"%s\" is not a verifier key (NAME+ID+KEY)", t);
			goto out;
		}
		if (add_reader(x, &k) != 0)
			goto out;
	}
	x->cx_have_readers = 1;
	status = 0;
out:
	roster_free(r);
	cvdlog__response__free_unpacked(resp, NULL);
	return status;
}

int cli_ctx_add_sealed(struct cli_case_ctx *x, const uint8_t *buf, size_t len)
{
	uint8_t *copy;

	if (x->cx_nsealed == sizeof(x->cx_sealed) / sizeof(x->cx_sealed[0]))
		return cli_error("too many sealed payloads for one event");
	copy = cli_ctx_alloc(x, len);
	if (copy == NULL)
		return 1;
	memcpy(copy, buf, len);
	x->cx_sealed[x->cx_nsealed].data = copy;
	x->cx_sealed[x->cx_nsealed++].len = len;
	return 0;
}

Cvdlog__Commitment *cli_ctx_seal_raw(struct cli_case_ctx *x, const char *field, const char *flag,
                                     const char *text, size_t len)
{
	Cvdlog__Commitment *cm = NULL;
	struct seal_payload p;
	uint8_t *enc = NULL, *digest;
	size_t elen;
	int rc;

	memset(&p, 0, sizeof(p));
	if (len == 0 || !enc_utf8_valid(text, len)) {
		cli_error("--%s: 1..%d bytes of UTF-8 text needed", flag, SEAL_PLAINTEXT_MAX);
		return NULL;
	}
	if (ctx_readers(x) != 0)
		return NULL;
	rc = seal_payload_create((const uint8_t *)text, len, x->cx_reader_keys, x->cx_nreaders, &p,
	                         NULL);
	if (rc == 0)
		rc = seal_payload_encode(&p, &enc, &elen);
	if (rc != 0) {
		cli_error("--%s: cannot seal it: %s", flag, cvd_strerror(rc));
		goto out;
	}
	cm = cli_ctx_alloc(x, sizeof(*cm));
	digest = cli_ctx_alloc(x, SEAL_DIGEST_LEN);
	if (cm == NULL || digest == NULL || cli_ctx_add_sealed(x, enc, elen) != 0) {
		cm = NULL;
		goto out;
	}
	cvdlog__commitment__init(cm);
	memcpy(digest, p.sp_digest, SEAL_DIGEST_LEN);
	cm->field = (char *)field;
	cm->digest.data = digest;
	cm->digest.len = SEAL_DIGEST_LEN;
out:
	free(enc);
	seal_payload_clear(&p);
	return cm;
}

Cvdlog__Commitment *cli_ctx_seal(struct cli_case_ctx *x, const char *field, const char *flag,
                                 const char *value)
{
	Cvdlog__Commitment *cm;
	char *text = NULL;
	size_t len;

	if (cli_text_arg(flag, value, &text, &len) != 0)
		return NULL;
	cm = cli_ctx_seal_raw(x, field, flag, text, len);
	sodium_memzero(text, len);
	free(text);
	return cm;
}

Cvdlog__Opening *cli_ctx_opening(struct cli_case_ctx *x, const char *spec)
{
	const Cvdlog__Commitment *cm;
	Cvdlog__Opening *o;
	uint8_t *salt, *plain = NULL, *copy;
	size_t len;
	uint64_t idx;

	if (cli_case_find_commit(&x->cx_case, spec, &cm, &idx) != 0)
		return NULL;
	o = cli_ctx_alloc(x, sizeof(*o));
	salt = cli_ctx_alloc(x, SEAL_SALT_LEN);
	if (o == NULL || salt == NULL)
		return NULL;
	if (cli_fetch_open(&x->cx_s, cm->digest.data, salt, &plain, &len, 0) != 0)
		return NULL;
	copy = cli_ctx_alloc(x, len);
	if (copy != NULL)
		memcpy(copy, plain, len);
	sodium_free(plain);
	if (copy == NULL)
		return NULL;
	cvdlog__opening__init(o);
	o->digest = cm->digest;
	o->salt.data = salt;
	o->salt.len = SEAL_SALT_LEN;
	o->plaintext.data = copy;
	o->plaintext.len = len;
	return o;
}

int cli_ctx_disclosures(struct cli_case_ctx *x, ProtobufCBinaryData *sha,
                        Cvdlog__Opening ***openings, size_t *n)
{
	const struct cli_args *a = x->cx_a;

	sha->data = cli_ctx_sha256_file(x, "text", a_get(a, O_TEXT));
	if (sha->data == NULL)
		return 1;
	sha->len = crypto_hash_sha256_BYTES;
	*n = a->a_n[O_DISCLOSE];
	*openings = cli_ctx_alloc(x, (*n + 1) * sizeof(**openings));
	if (*openings == NULL)
		return 1;
	for (size_t i = 0; i < *n; i++)
		if (((*openings)[i] = cli_ctx_opening(x, a->a_v[O_DISCLOSE][i])) == NULL)
			return 1;
	return 0;
}

uint8_t *cli_ctx_sha256_file(struct cli_case_ctx *x, const char *flag, const char *path)
{
	uint8_t *h = cli_ctx_alloc(x, crypto_hash_sha256_BYTES);
	char *text;
	size_t len;

	if (h == NULL)
		return NULL;
	if (cli_read_file(path, 64u << 20, &text, &len) != 0) {
		cli_error("--%s: cannot read %s", flag, path);
		return NULL;
	}
	crypto_hash_sha256(h, (const uint8_t *)text, len);
	free(text);
	return h;
}

int cli_case_submit(const struct cli_verb *v, const struct cli_args *a, cli_case_build_fn build,
                    void (*post)(const struct cli_submitted *r))
{
	struct cli_case_ctx *x = calloc(1, sizeof(*x));
	Cvdlog__Event ev = CVDLOG__EVENT__INIT;
	Cvdlog__CaseEvent ce = CVDLOG__CASE_EVENT__INIT;
	struct cli_submitted r;
	char path[4096];
	const char *rpath = a_get(a, O_RECEIPT);
	uint64_t id = 0;
	int status = 1;

	memset(&r, 0, sizeof(r));
	if (x == NULL)
		return cli_error("out of memory");
	x->cx_a = a;
	x->cx_verb = v;
	if (v->vb_kind != CVDLOG__CASE_EVENT__KIND_REPORT &&
	    cli_u64_arg("CASE", a->a_pos[0], &id) != 0)
		goto out;
	if (cli_session_open(&x->cx_s, a_get(a, O_KEY), a_get(a, O_POLICY)) != 0)
		goto out;
	if (v->vb_kind != CVDLOG__CASE_EVENT__KIND_REPORT) {
		if (cli_case_fetch(&x->cx_s, id, &x->cx_case) != 0)
			goto out;
		x->cx_vendor = x->cx_case.cs_vendor;
		x->cx_reporter = x->cx_case.cs_reporter;
	}
	ce.case_id = id;
	if (a_get(a, O_PARTICIPANT) != NULL)
		ce.participant = (char *)a_get(a, O_PARTICIPANT);
	status = build(x, &ce);
	if (status != 0)
		goto out;
	status = 1;
	if (x->cx_have_readers && x->cx_nsealed > 0 &&
	    ce.kind_case != CVDLOG__CASE_EVENT__KIND_CONFIDENTIALITY) {
		ce.n_readers = x->cx_nreaders;
		ce.readers = x->cx_readers;
	}
	ev.body_case = CVDLOG__EVENT__BODY_CASE_EVENT;
	ev.case_event = &ce;
	if (cli_submit_event(&x->cx_s, &ev, x->cx_sealed, x->cx_nsealed, &r) != 0)
		goto out;
	if (rpath == NULL && x->cx_receipt_fmt != NULL) {
		snprintf(path, sizeof(path), x->cx_receipt_fmt, (unsigned long long)r.sb_index);
		rpath = path;
	}
	if (post != NULL)
		post(&r);
	status = cli_print_submitted(&r, rpath, x->cx_s.se_have_policy);
out:
	cli_submitted_clear(&r);
	cli_ctx_free(x);
	return status;
}

void cli_ctx_free(struct cli_case_ctx *x)
{
	if (x == NULL)
		return;
	cli_case_clear(&x->cx_case);
	cli_session_close(&x->cx_s);
	for (size_t i = 0; i < x->cx_nmem; i++)
		free(x->cx_mem[i]);
	free(x);
}

int cli_case_verb(const struct cli_verb *v, struct cli_args *a)
{
	return cli_case_submit(v, a, v->vb_build, NULL);
}

int cli_check_cvss(const char *flag, const char *vector)
{
	struct vuln_cvss cv;
	char err[128];

	if (vuln_cvss_parse(vector, &cv, err, sizeof(err)) != 0)
		return cli_error("--%s: %s", flag, err);
	return 0;
}

int cli_check_list(const char *flag, const struct cli_args *a, enum cli_opt o,
                   int (*valid)(const char *))
{
	for (unsigned i = 0; i < a->a_n[o]; i++)
		if (!valid(a->a_v[o][i]))
			return cli_error("--%s: \"%s\" is not valid", flag, a->a_v[o][i]);
	return 0;
}

/* cli_ctx_body: the oneof member of CaseEvent for kind, found through
 * its descriptor, so one function serves every kind. */
void *cli_ctx_body(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce, int kind)
{
	const ProtobufCFieldDescriptor *f;
	const ProtobufCMessageDescriptor *d;
	void *m;

	if (kind == 0)
		kind = x->cx_verb->vb_kind;
	f = protobuf_c_message_descriptor_get_field(&cvdlog__case_event__descriptor,
	                                            (unsigned)kind);
	d = f->descriptor;
	m = cli_ctx_alloc(x, d->sizeof_message);
	if (m == NULL)
		return NULL;
	protobuf_c_message_init(d, m);
	ce->kind_case = (Cvdlog__CaseEvent__KindCase)kind;
	*(void **)((char *)ce + f->offset) = m;
	return m;
}

int cli_build_empty(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	return cli_ctx_body(x, ce, 0) != NULL ? 0 : 1;
}
