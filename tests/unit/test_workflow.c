/*
 * test_workflow.c: the CVD rules and sealed payloads on a real cvdlogd
 * (DESIGN.md sections 7-9). A node with the caseworld roster takes a report
 * whose description is sealed to acme's members and the reporter. Checked:
 * every refused event (wrong role, illegal transition, missing or wrongly
 * sealed payload, opening that does not match, forged grant) gets its typed
 * error and the log does not grow; a listed reader fetches the payload with
 * a fresh signed challenge, while a replayed challenge, another nonce, an
 * unlisted key and an unknown digest are all refused alike; a grant lets a
 * coordinator read; no file of the node's data directory contains the
 * plaintext; after kill -9 the node rebuilds the case state from the log.
 */
#include <check.h>
#include <dirent.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caseworld.h"
#include "cvdlog.pb-c.h"
#include "entry.h"
#include "error.h"
#include "log.h"
#include "nodeproc.h"
#include "seal.h"
#include "testutil.h"

#define ORIGIN "it.example/log"
#define SECRET "the frobnicator overflows when fed 4097 bytes of 0x41"

struct wf {
	struct cw_world w;
	struct nodeproc n;
	int fd;
};

/* submit signs e by author and sends it with the sealed payloads. */
static Cvdlog__Response *submit(struct wf *f, int author, Cvdlog__Event *e,
                                const struct seal_payload *sealed, unsigned nsealed)
{
	Cvdlog__Request req;
	Cvdlog__SubmitRequest sub;
	ProtobufCBinaryData bins[4];
	Cvdlog__Response *r;
	uint8_t sig[64], *ev;
	size_t len;

	ck_assert_uint_le(nsealed, 4);
	ev = cw_pack(&f->w, author, e, log_now_ms(), &len);
	entry_sign_event(f->w.k[author], ORIGIN, ev, len, sig);
	np_submit_request(&req, &sub, ORIGIN, ev, len, keys_signer_pk(f->w.k[author]), sig);
	for (unsigned i = 0; i < nsealed; i++)
		ck_assert_int_eq(seal_payload_encode(&sealed[i], &bins[i].data, &bins[i].len), 0);
	sub.n_sealed = nsealed;
	sub.sealed = bins;
	r = np_call(f->fd, &req);
	ck_assert_ptr_nonnull(r);
	for (unsigned i = 0; i < nsealed; i++)
		free(bins[i].data);
	free(ev);
	return r;
}

/* refused: the submission gets code with frag in its message and the log
 * keeps its size. */
static void refused(struct wf *f, int author, Cvdlog__Event *e, const struct seal_payload *sealed,
                    unsigned nsealed, Cvdlog__ErrorCode code, const char *frag)
{
	uint64_t size = np_size(&f->n);
	Cvdlog__Response *r = submit(f, author, e, sealed, nsealed);

	ck_assert_msg(r->error == code, "error %d (%s), want %d", r->error, r->message, code);
	ck_assert_msg(strstr(r->message, frag) != NULL, "message \"%s\" lacks \"%s\"", r->message,
	              frag);
	cvdlog__response__free_unpacked(r, NULL);
	ck_assert_uint_eq(np_size(&f->n), size);
}

static uint64_t accepted(struct wf *f, int author, Cvdlog__Event *e,
                         const struct seal_payload *sealed, unsigned nsealed)
{
	Cvdlog__Response *r = submit(f, author, e, sealed, nsealed);
	uint64_t index;

	ck_assert_msg(r->error == 0, "refused: %s", r->message);
	ck_assert_int_eq(r->resp_case, CVDLOG__RESPONSE__RESP_RECEIPT);
	index = r->receipt->index;
	cvdlog__response__free_unpacked(r, NULL);
	return index;
}

static void readers_of(struct wf *f, const int *who, unsigned n, struct keys_verifier *out)
{
	for (unsigned i = 0; i < n; i++)
		keys_signer_verifier(f->w.k[who[i]], &out[i]);
}

/* A report event for the description payload p. */
static void report_event(struct wf *f, Cvdlog__Event *e, Cvdlog__CaseEvent *ce,
                         Cvdlog__ReportSubmitted *r, Cvdlog__Commitment *c,
                         Cvdlog__Commitment **fields, const struct seal_payload *p)
{
	cvdlog__event__init(e);
	cvdlog__case_event__init(ce);
	cvdlog__report_submitted__init(r);
	cvdlog__commitment__init(c);
	c->field = "description";
	c->digest.data = (uint8_t *)p->sp_digest;
	c->digest.len = SEAL_DIGEST_LEN;
	fields[0] = c;
	r->vendor = "acme";
	r->channel = CVDLOG__CHANNEL__EMAIL;
	r->n_fields = 1;
	r->fields = fields;
	ce->kind_case = CVDLOG__CASE_EVENT__KIND_REPORT;
	ce->report = r;
	cw_set_readers(&f->w, ce);
	e->body_case = CVDLOG__EVENT__BODY_CASE_EVENT;
	e->case_event = ce;
}

/* fetch: a fresh challenge on fd, signed by who (over nonce_xor-ed nonce
 * when tamper is set); returns the response. */
static Cvdlog__Response *fetch(struct wf *f, int fd, int who, const uint8_t *digest, int tamper,
                               Cvdlog__Request *keep)
{
	Cvdlog__Request req = CVDLOG__REQUEST__INIT;
	Cvdlog__ChallengeRequest cr = CVDLOG__CHALLENGE_REQUEST__INIT;
	static Cvdlog__FetchSealedRequest fr;
	static uint8_t sig[64], dig[32];
	uint8_t nonce[32];
	Cvdlog__Response *r;

	req.req_case = CVDLOG__REQUEST__REQ_CHALLENGE;
	req.challenge = &cr;
	r = np_call(fd, &req);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->error, 0);
	ck_assert_int_eq(r->resp_case, CVDLOG__RESPONSE__RESP_CHALLENGE);
	ck_assert_uint_eq(r->challenge->nonce.len, 32);
	memcpy(nonce, r->challenge->nonce.data, 32);
	cvdlog__response__free_unpacked(r, NULL);
	if (tamper)
		nonce[0] ^= 1;
	memcpy(dig, digest, 32);
	ck_assert_int_eq(seal_fetch_sign(f->w.k[who], ORIGIN, nonce, dig, sig), 0);
	cvdlog__fetch_sealed_request__init(&fr);
	fr.digest.data = dig;
	fr.digest.len = 32;
	fr.reader = f->w.vkey[who];
	fr.signature.data = sig;
	fr.signature.len = 64;
	cvdlog__request__init(&req);
	req.id = 7;
	req.req_case = CVDLOG__REQUEST__REQ_FETCH_SEALED;
	req.fetch_sealed = &fr;
	if (keep != NULL)
		*keep = req;
	return np_call(fd, &req);
}

static void expect_unauth(Cvdlog__Response *r)
{
	ck_assert_ptr_nonnull(r);
	ck_assert_msg(r->error == CVDLOG__ERROR_CODE__UNAUTHORIZED, "error %d (%s)", r->error,
	              r->message);
	ck_assert_ptr_nonnull(strstr(r->message, "not authorized"));
	cvdlog__response__free_unpacked(r, NULL);
}

/* open_fetched: the payload a fetch returned, opened by who. */
static void expect_plaintext(struct wf *f, Cvdlog__Response *r, int who, const char *want)
{
	struct seal_payload p;
	uint8_t salt[SEAL_SALT_LEN], *pt;
	size_t len;

	ck_assert_ptr_nonnull(r);
	ck_assert_msg(r->error == 0, "fetch refused: %s", r->message);
	ck_assert_int_eq(r->resp_case, CVDLOG__RESPONSE__RESP_SEALED);
	ck_assert_int_eq(seal_payload_decode(r->sealed.data, r->sealed.len, &p, NULL), 0);
	ck_assert_int_eq(seal_payload_open(&p, f->w.k[who], salt, &pt, &len), 0);
	ck_assert_uint_eq(len, strlen(want));
	ck_assert_mem_eq(pt, want, len);
	sodium_free(pt);
	seal_payload_clear(&p);
	cvdlog__response__free_unpacked(r, NULL);
}

/* grep_dir: 1 if any regular file in dir contains needle. */
static int grep_dir(const char *dir, const char *needle)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int found = 0;

	ck_assert_ptr_nonnull(d);
	while (!found && (de = readdir(d)) != NULL) {
		char path[1024], *buf;
		size_t len;
		FILE *fp;
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		fp = fopen(path, "rb");
		if (fp == NULL)
			continue;
		fseek(fp, 0, SEEK_END);
		len = (size_t)ftell(fp);
		fseek(fp, 0, SEEK_SET);
		buf = malloc(len + 1);
		ck_assert_ptr_nonnull(buf);
		len = fread(buf, 1, len, fp);
		fclose(fp);
		for (size_t i = 0; !found && i + strlen(needle) <= len; i++)
			found = memcmp(buf + i, needle, strlen(needle)) == 0;
		free(buf);
	}
	closedir(d);
	return found;
}

static void simple_event(Cvdlog__Event *e, Cvdlog__CaseEvent *ce, uint64_t id, int kind,
                         ProtobufCMessage *body)
{
	cvdlog__event__init(e);
	cvdlog__case_event__init(ce);
	ce->case_id = id;
	ce->kind_case = kind;
	ce->accepted = (Cvdlog__Accepted *)body; /* a union: any body pointer */
	e->body_case = CVDLOG__EVENT__BODY_CASE_EVENT;
	e->case_event = ce;
}

START_TEST(sealed_report_rules_and_fetch)
{
	static const int acme_and_rep[] = {ALICE, BOB, REP}, short_list[] = {ALICE, REP};
	struct wf f;
	struct keys_verifier rd[4];
	struct seal_payload p, wrong, forged;
	uint8_t salt[SEAL_SALT_LEN];
	Cvdlog__Event e;
	Cvdlog__CaseEvent ce;
	Cvdlog__ReportSubmitted rs;
	Cvdlog__Commitment c, *fields[1];
	Cvdlog__Request replay;
	uint64_t id;
	char *roster;
	int fd2;

	cw_keys(&f.w, ORIGIN);
	roster = cw_roster(&f.w);
	np_init_roster(&f.n, roster, f.w.k[NODE]);
	free(roster);
	np_start(&f.n, NULL);
	f.fd = np_connect(&f.n);
	ck_assert_uint_eq(np_size(&f.n), 1);

	readers_of(&f, acme_and_rep, 3, rd);
	ck_assert_int_eq(
	    seal_payload_create((const uint8_t *)SECRET, strlen(SECRET), rd, 3, &p, salt), 0);
	report_event(&f, &e, &ce, &rs, &c, fields, &p);
	/* no payload, a payload sealed to fewer readers than listed */
	refused(&f, REP, &e, NULL, 0, CVDLOG__ERROR_CODE__BAD_REQUEST,
	        "0 sealed payloads sent for 1 commitments");
	readers_of(&f, short_list, 2, rd);
	ck_assert_int_eq(
	    seal_payload_create((const uint8_t *)SECRET, strlen(SECRET), rd, 2, &wrong, NULL), 0);
	c.digest.data = wrong.sp_digest;
	refused(&f, REP, &e, &wrong, 1, CVDLOG__ERROR_CODE__BAD_REQUEST,
	        "not sealed to exactly the readers");
	/* a payload that is not for the committed digest */
	c.digest.data = p.sp_digest;
	refused(&f, REP, &e, &wrong, 1, CVDLOG__ERROR_CODE__BAD_REQUEST,
	        "no sealed payload for it");
	id = accepted(&f, REP, &e, &p, 1);
	ck_assert_uint_eq(id, 1);
	/* a payload riding on an event that commits to nothing is not stored */
	{
		Cvdlog__Event ne = CVDLOG__EVENT__INIT;
		Cvdlog__Note note = CVDLOG__NOTE__INIT;
		note.text = "hello";
		ne.body_case = CVDLOG__EVENT__BODY_NOTE;
		ne.note = &note;
		refused(&f, EVE, &ne, &wrong, 1, CVDLOG__ERROR_CODE__BAD_REQUEST,
		        "note: sealed payload sent with an event without commitments");
	}

	/* roles and transitions, each leaving the log as it is */
	{
		Cvdlog__Acknowledged ack = CVDLOG__ACKNOWLEDGED__INIT;
		ack.channel = CVDLOG__CHANNEL__EMAIL;
		simple_event(&e, &ce, id, CVDLOG__CASE_EVENT__KIND_ACKNOWLEDGED, &ack.base);
		refused(&f, REP, &e, NULL, 0, CVDLOG__ERROR_CODE__UNAUTHORIZED,
		        "only a member of vendor org acme");
		refused(&f, EVE, &e, NULL, 0, CVDLOG__ERROR_CODE__UNAUTHORIZED,
		        "only a member of vendor org acme");
		accepted(&f, BOB, &e, NULL, 0);
	}
	{
		Cvdlog__Accepted acc = CVDLOG__ACCEPTED__INIT;
		simple_event(&e, &ce, id, CVDLOG__CASE_EVENT__KIND_ACCEPTED, &acc.base);
		refused(&f, ALICE, &e, NULL, 0, CVDLOG__ERROR_CODE__INVALID_TRANSITION,
		        "RM: received -> accepted is not a transition");
	}
	{
		Cvdlog__AdvisoryPublished ad = CVDLOG__ADVISORY_PUBLISHED__INIT;
		Cvdlog__Opening op = CVDLOG__OPENING__INIT, *ops[1] = {&op};
		static uint8_t sha[32] = {9};
		ad.kind = CVDLOG__ADVISORY_KIND__SN;
		ad.advisory_id = "ACME-SN-1";
		ad.url = "https://acme.example/sn/1";
		ad.text_sha256.data = sha;
		ad.text_sha256.len = 32;
		op.digest.data = p.sp_digest;
		op.digest.len = 32;
		op.salt.data = salt;
		op.salt.len = 32;
		op.plaintext.data = (uint8_t *)"not what was reported";
		op.plaintext.len = 21;
		ad.n_openings = 1;
		ad.openings = ops;
		simple_event(&e, &ce, id, CVDLOG__CASE_EVENT__KIND_ADVISORY_PUBLISHED, &ad.base);
		refused(&f, ALICE, &e, NULL, 0, CVDLOG__ERROR_CODE__BAD_REQUEST,
		        "does not match its commitment");
	}

	/* fetching: a listed reader with a fresh challenge */
	expect_plaintext(&f, fetch(&f, f.fd, BOB, p.sp_digest, 0, &replay), BOB, SECRET);
	/* the same signed request again, here and on another connection */
	expect_unauth(np_call(f.fd, &replay));
	fd2 = np_connect(&f.n);
	expect_unauth(np_call(fd2, &replay));
	/* a signature over another nonce, an unlisted key, an unknown digest */
	expect_unauth(fetch(&f, fd2, ALICE, p.sp_digest, 1, NULL));
	expect_unauth(fetch(&f, fd2, CODY, p.sp_digest, 0, NULL));
	expect_unauth(fetch(&f, fd2, ALICE, wrong.sp_digest, 0, NULL));
	expect_plaintext(&f, fetch(&f, fd2, REP, p.sp_digest, 0, NULL), REP, SECRET);

	/* a grant: alice re-seals the key to cody */
	{
		Cvdlog__ConfidentialityDecision cd = CVDLOG__CONFIDENTIALITY_DECISION__INIT;
		struct keys_verifier cody;
		keys_signer_verifier(f.w.k[CODY], &cody);
		cd.digest.data = p.sp_digest;
		cd.digest.len = 32;
		cd.decision_case = CVDLOG__CONFIDENTIALITY_DECISION__DECISION_GRANT_READER;
		cd.grant_reader = f.w.vkey[CODY];
		simple_event(&e, &ce, id, CVDLOG__CASE_EVENT__KIND_CONFIDENTIALITY, &cd.base);
		/* a fresh payload naming cody is not the stored one */
		rd[0] = cody;
		readers_of(&f, acme_and_rep, 3, rd + 1);
		ck_assert_int_eq(seal_payload_create((const uint8_t *)"x", 1, rd, 4, &forged, NULL),
		                 0);
		memcpy(forged.sp_digest, p.sp_digest, 32);
		refused(&f, ALICE, &e, &forged, 1, CVDLOG__ERROR_CODE__BAD_REQUEST,
		        "not the stored one with the new reader added");
		refused(&f, EVE, &e, NULL, 0, CVDLOG__ERROR_CODE__UNAUTHORIZED, "");
		ck_assert_int_eq(seal_payload_regrant(&p, f.w.k[ALICE], &cody), 0);
		refused(&f, ALICE, &e, NULL, 0, CVDLOG__ERROR_CODE__BAD_REQUEST,
		        "sealed to the new reader");
		accepted(&f, ALICE, &e, &p, 1);
	}
	expect_plaintext(&f, fetch(&f, fd2, CODY, p.sp_digest, 0, NULL), CODY, SECRET);

	/* the node holds no plaintext */
	ck_assert_int_eq(grep_dir(f.n.np_dir, SECRET), 0);
	ck_assert_int_eq(grep_dir(f.n.np_dir, "frobnicator"), 0);
	close(fd2);

	/* kill -9 and restart: the state comes back from the log */
	close(f.fd);
	np_kill(&f.n, SIGKILL);
	np_start(&f.n, NULL);
	f.fd = np_connect(&f.n);
	{
		Cvdlog__Accepted acc = CVDLOG__ACCEPTED__INIT;
		Cvdlog__Acknowledged ack = CVDLOG__ACKNOWLEDGED__INIT;
		ack.channel = CVDLOG__CHANNEL__EMAIL;
		simple_event(&e, &ce, id, CVDLOG__CASE_EVENT__KIND_ACKNOWLEDGED, &ack.base);
		refused(&f, BOB, &e, NULL, 0, CVDLOG__ERROR_CODE__INVALID_TRANSITION,
		        "acknowledged already");
		simple_event(&e, &ce, id, CVDLOG__CASE_EVENT__KIND_ACCEPTED, &acc.base);
		refused(&f, ALICE, &e, NULL, 0, CVDLOG__ERROR_CODE__INVALID_TRANSITION,
		        "RM: received -> accepted");
	}
	expect_plaintext(&f, fetch(&f, f.fd, CODY, p.sp_digest, 0, NULL), CODY, SECRET);
	{
		Cvdlog__Request req = CVDLOG__REQUEST__INIT;
		Cvdlog__CaseListRequest cl = CVDLOG__CASE_LIST_REQUEST__INIT;
		Cvdlog__CaseRequest cr = CVDLOG__CASE_REQUEST__INIT;
		Cvdlog__Response *r;
		req.req_case = CVDLOG__REQUEST__REQ_CASE_LIST;
		req.case_list = &cl;
		r = np_call(f.fd, &req);
		ck_assert_int_eq(r->error, 0);
		ck_assert_uint_eq(r->case_list->n_cases, 1);
		ck_assert_uint_eq(r->case_list->cases[0]->case_id, id);
		ck_assert_str_eq(r->case_list->cases[0]->vendor, "acme");
		ck_assert_str_eq(r->case_list->cases[0]->rm, "received");
		ck_assert_str_eq(r->case_list->cases[0]->flags, "V");
		ck_assert_uint_eq(r->case_list->cases[0]->events, 3);
		cvdlog__response__free_unpacked(r, NULL);
		cr.case_id = id;
		req.req_case = CVDLOG__REQUEST__REQ_CASE_ENTRIES;
		req.case_entries = &cr;
		r = np_call(f.fd, &req);
		ck_assert_int_eq(r->error, 0);
		ck_assert_uint_eq(r->case_entries->n_entries, 3);
		cvdlog__response__free_unpacked(r, NULL);
		cr.case_id = 2; /* the acknowledgement: not a case */
		r = np_call(f.fd, &req);
		ck_assert_int_eq(r->error, CVDLOG__ERROR_CODE__BAD_REQUEST);
		cvdlog__response__free_unpacked(r, NULL);
	}
	close(f.fd);
	seal_payload_clear(&p);
	seal_payload_clear(&wrong);
	seal_payload_clear(&forged);
	np_cleanup(&f.n);
	cw_free(&f.w);
}
END_TEST

/* Field and state rules on the node, each refused with its error while the
 * log keeps its size (DESIGN.md section 8 "Validation"). */
START_TEST(field_rules_on_the_node)
{
	static const int acme_and_rep[] = {ALICE, BOB, REP};
	struct wf f;
	struct keys_verifier rd[3];
	struct seal_payload p;
	Cvdlog__Event e;
	Cvdlog__CaseEvent ce;
	Cvdlog__ReportSubmitted rs;
	Cvdlog__Commitment c, *fields[1];
	Cvdlog__Validated v = CVDLOG__VALIDATED__INIT;
	Cvdlog__AdvisoryPublished ad = CVDLOG__ADVISORY_PUBLISHED__INIT;
	Cvdlog__EmbargoProposed ep = CVDLOG__EMBARGO_PROPOSED__INIT;
	Cvdlog__PublicAware pa = CVDLOG__PUBLIC_AWARE__INIT;
	Cvdlog__Acknowledged ack = CVDLOG__ACKNOWLEDGED__INIT;
	static char *bad_cwe[] = {"CWE-0787"}, *good_cwe[] = {"CWE-787"},
	            *bad_cve[] = {"CVE-2026-123"};
	static uint8_t sha[32] = {7};
	static const char *const bad_cvss[] = {
	    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H",
	    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:Q",
	    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SA:N/SI:N",
	    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N",
	};
	uint64_t id;
	char *roster;

	cw_keys(&f.w, ORIGIN);
	roster = cw_roster(&f.w);
	np_init_roster(&f.n, roster, f.w.k[NODE]);
	free(roster);
	np_start(&f.n, NULL);
	f.fd = np_connect(&f.n);
	readers_of(&f, acme_and_rep, 3, rd);
	ck_assert_int_eq(seal_payload_create((const uint8_t *)"x", 1, rd, 3, &p, NULL), 0);
	report_event(&f, &e, &ce, &rs, &c, fields, &p);
	rs.reporter_cvss = "CVSS:3.1/AV:N";
	refused(&f, REP, &e, &p, 1, CVDLOG__ERROR_CODE__BAD_REQUEST, "reporter_cvss");
	rs.reporter_cvss = "";
	id = accepted(&f, REP, &e, &p, 1);
	ack.channel = CVDLOG__CHANNEL__EMAIL;
	simple_event(&e, &ce, id, CVDLOG__CASE_EVENT__KIND_ACKNOWLEDGED, &ack.base);
	accepted(&f, ALICE, &e, NULL, 0);

	/* an SA before validation; malformed CVE */
	ad.kind = CVDLOG__ADVISORY_KIND__SA;
	ad.advisory_id = "ACME-SA-1";
	ad.url = "https://acme.example/sa/1";
	ad.cvss = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
	ad.text_sha256.data = sha;
	ad.text_sha256.len = 32;
	simple_event(&e, &ce, id, CVDLOG__CASE_EVENT__KIND_ADVISORY_PUBLISHED, &ad.base);
	refused(&f, ALICE, &e, NULL, 0, CVDLOG__ERROR_CODE__INVALID_TRANSITION,
	        "an SA needs a validated case");
	/* malformed CWE and CVSS v3.1 / v4.0 at validation */
	v.exploitability = "remote";
	v.impact = "code execution";
	v.cvss = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
	v.n_cwe = 1;
	v.cwe = bad_cwe;
	simple_event(&e, &ce, id, CVDLOG__CASE_EVENT__KIND_VALIDATED, &v.base);
	refused(&f, BOB, &e, NULL, 0, CVDLOG__ERROR_CODE__BAD_REQUEST, "validated: cwe");
	v.cwe = good_cwe;
	for (size_t i = 0; i < sizeof(bad_cvss) / sizeof(bad_cvss[0]); i++) {
		v.cvss = (char *)bad_cvss[i];
		refused(&f, BOB, &e, NULL, 0, CVDLOG__ERROR_CODE__BAD_REQUEST, "validated: cvss");
	}
	v.cvss = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
	accepted(&f, BOB, &e, NULL, 0);
	ad.n_cve = 1;
	ad.cve = bad_cve;
	simple_event(&e, &ce, id, CVDLOG__CASE_EVENT__KIND_ADVISORY_PUBLISHED, &ad.base);
	refused(&f, ALICE, &e, NULL, 0, CVDLOG__ERROR_CODE__BAD_REQUEST,
	        "cve: \"CVE-2026-123\" is not valid");
	/* embargoes: no end, too long, after public aware */
	simple_event(&e, &ce, id, CVDLOG__CASE_EVENT__KIND_EMBARGO_PROPOSED, &ep.base);
	refused(&f, REP, &e, NULL, 0, CVDLOG__ERROR_CODE__BAD_REQUEST,
	        "an embargo needs an end in the future");
	ep.end_ms = log_now_ms() + 91ull * 86400000;
	refused(&f, REP, &e, NULL, 0, CVDLOG__ERROR_CODE__BAD_REQUEST,
	        "maximum embargo of 90 days");
	simple_event(&e, &ce, id, CVDLOG__CASE_EVENT__KIND_PUBLIC_AWARE, &pa.base);
	accepted(&f, REP, &e, NULL, 0);
	ep.end_ms = log_now_ms() + 10ull * 86400000;
	simple_event(&e, &ce, id, CVDLOG__CASE_EVENT__KIND_EMBARGO_PROPOSED, &ep.base);
	refused(&f, REP, &e, NULL, 0, CVDLOG__ERROR_CODE__INVALID_TRANSITION, "P");
	close(f.fd);
	seal_payload_clear(&p);
	np_cleanup(&f.n);
	cw_free(&f.w);
}
END_TEST

Suite *suite_workflow(void)
{
	Suite *s = suite_create("workflow");
	TCase *tc = tcase_create("node");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, sealed_report_rules_and_fetch);
	tcase_add_test(tc, field_rules_on_the_node);
	suite_add_tcase(s, tc);
	return s;
}
