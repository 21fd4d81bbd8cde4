/*
 * fuzz_cases.c: libFuzzer harness for the CVD rules (lib/cases.c) over
 * event_decode. Each input is a script run against a fresh state: a
 * genesis with a fixed roster (vendors acme and other, coordinator cert,
 * auditor audit; keys generated once per process), then steps of 6 bytes
 *
 *   author, kind, case selector, argument, argument 2, time step
 *
 * from which the harness builds a well-formed event of that kind (so the
 * fuzzer explores the state machines instead of protobuf syntax), or, for
 * kind 0xff, a length byte and that many raw event bytes. Invariants: every
 * event either applies or is refused with CVD_EUNAUTH, CVD_ETRANSITION or
 * CVD_EINVAL and a message that starts with the event's name; a refusal
 * changes no case (compared by a digest of the state); flags only turn on;
 * an SA only on a validated case; the RM state is always one of the 7.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "cvdlog.pb-c.h"
#include "error.h"
#include "event.h"
#include "fuzz.h"
#include "keys.h"
#include "roster.h"
#include "seal.h"

enum { ALICE, BOB, OSCAR, CAROL, CODY, AUD, REP, EVE, NODE, NWHO };
static struct keys_signer *keys[NWHO];
static char vkeys[NWHO][KEYS_VKEY_MAX + 1];
static char *roster_text;
static char *readers[4];

static void setup(void)
{
	static const char *const names[NWHO] = {"alice", "bob", "oscar", "carol",           "cody",
	                                        "aud",   "rep", "eve",   "fuzz.example/log"};
	char buf[8192], err[200];
	struct roster *r;
	size_t len;

	for (int i = 0; i < NWHO; i++) {
		if (keys_signer_generate(names[i], &keys[i]) != 0)
			abort();
		keys_signer_vkey(keys[i], vkeys[i]);
	}
	snprintf(buf, sizeof(buf),
	         "cvdlog-roster/v1\nnode n1 %s\norg acme vendor\nmember alice admin %s\n"
	         "member bob member %s\npolicy embargo-max 30d\norg other vendor\n"
	         "member oscar admin %s\norg cert coordinator\nmember carol admin %s\n"
	         "member cody coordinator %s\norg audit auditor\nmember aud admin %s\n",
	         vkeys[NODE], vkeys[ALICE], vkeys[BOB], vkeys[OSCAR], vkeys[CAROL], vkeys[CODY],
	         vkeys[AUD]);
	if (roster_parse(buf, strlen(buf), &r, err, sizeof(err)) != 0 ||
	    roster_format(r, &roster_text, &len) != 0)
		abort();
	roster_free(r);
	readers[0] = vkeys[ALICE];
	readers[1] = vkeys[BOB];
	readers[2] = vkeys[REP];
	readers[3] = vkeys[OSCAR];
}

struct run {
	struct cases *c;
	uint64_t index, now;
};

/* digest_state: a hash of everything a refusal must leave alone. */
static void digest_state(const struct cases *c, uint8_t out[32])
{
	crypto_hash_sha256_state h;

	crypto_hash_sha256_init(&h);
	for (size_t i = 0; i < cases_count(c); i++) {
		const struct cases_case *cs = cases_at(c, i);
		crypto_hash_sha256_update(&h, (const uint8_t *)cs,
		                          offsetof(struct cases_case, cc_nvendors));
		crypto_hash_sha256_update(&h, (const uint8_t *)cs->cc_vendors,
		                          cs->cc_nvendors * sizeof(*cs->cc_vendors));
		crypto_hash_sha256_update(&h, (const uint8_t *)&cs->cc_ncoords,
		                          sizeof(cs->cc_ncoords));
		crypto_hash_sha256_update(&h, (const uint8_t *)&cs->cc_ncommits,
		                          sizeof(cs->cc_ncommits));
		for (unsigned k = 0; k < cs->cc_ncommits; k++)
			crypto_hash_sha256_update(&h,
			                          (const uint8_t *)&cs->cc_commits[k].cm_nreaders,
			                          sizeof(unsigned) + sizeof(uint64_t));
		crypto_hash_sha256_update(&h, (const uint8_t *)cs->cc_disputes,
		                          cs->cc_ndisputes * sizeof(*cs->cc_disputes));
		crypto_hash_sha256_update(&h, (const uint8_t *)&cs->cc_nadvisories,
		                          sizeof(unsigned));
		crypto_hash_sha256_update(&h, (const uint8_t *)&cs->cc_nentries, sizeof(size_t));
	}
	crypto_hash_sha256_update(&h, (const uint8_t *)roster_text, 0);
	crypto_hash_sha256_final(&h, out);
}

static int apply_bytes(struct run *r, int author, const uint8_t *ev, size_t len)
{
	struct event_view v;
	struct cases_entry e;
	const char *bad;
	char why[CASES_WHY_MAX];
	uint8_t before[32], after[32];
	unsigned flags_before[64] = {0};
	int rc;

	if (event_decode(ev, len, &v, &bad) != 0) {
		event_view_clear(&v);
		return CVD_EINVAL;
	}
	for (size_t i = 0; i < cases_count(r->c) && i < 64; i++)
		flags_before[i] = cases_at(r->c, i)->cc_flags;
	digest_state(r->c, before);
	memset(&e, 0, sizeof(e));
	e.ce_index = r->index;
	e.ce_time_ms = r->now;
	e.ce_author = keys_signer_pk(keys[author]);
	e.ce_event = &v;
	rc = cases_apply(r->c, &e, why, sizeof(why));
	event_view_clear(&v);
	if (rc == CVD_ENOMEM)
		abort();
	if (rc != 0) {
		check(rc == CVD_EUNAUTH || rc == CVD_ETRANSITION || rc == CVD_EINVAL);
		check(why[0] != '\0');
		digest_state(r->c, after);
		check(memcmp(before, after, 32) == 0);
		return rc;
	}
	for (size_t i = 0; i < cases_count(r->c) && i < 64; i++) {
		const struct cases_case *cs = cases_at(r->c, i);
		check((cs->cc_flags & flags_before[i]) == flags_before[i]);
		for (unsigned k = 0; k < cs->cc_nadvisories; k++)
			check(!cs->cc_advisories[k].ca_sa || cs->cc_validated);
		for (unsigned k = 0; k < cs->cc_nvendors; k++)
			check(cs->cc_vendors[k].cv_rm < RULES_RM_COUNT);
	}
	r->index++;
	return 0;
}

static int apply_event(struct run *r, int author, Cvdlog__Event *e)
{
	uint8_t nonce[16], *buf;
	size_t len;
	int rc;

	randombytes_buf(nonce, sizeof(nonce));
	e->nonce.data = nonce;
	e->nonce.len = 16;
	e->time_ms = r->now;
	e->signer = vkeys[author];
	len = cvdlog__event__get_packed_size(e);
	buf = malloc(len ? len : 1);
	if (buf == NULL)
		abort();
	cvdlog__event__pack(e, buf);
	rc = apply_bytes(r, author, buf, len);
	free(buf);
	return rc;
}

static const char *const texts[] = {
    "",
    "x",
    "CVE-2026-12345",
    "CWE-79",
    "https://a.example/x",
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
    "USD",
    "bob",
    "cert",
    "other",
    "audit",
    "acme"};
#define NTEXTS (sizeof(texts) / sizeof(texts[0]))

static const ProtobufCMessageDescriptor *const bodies[49] = {
    [10] = &cvdlog__report_submitted__descriptor,
    [11] = &cvdlog__acknowledged__descriptor,
    [12] = &cvdlog__progress_update__descriptor,
    [13] = &cvdlog__assigned__descriptor,
    [14] = &cvdlog__participant_invited__descriptor,
    [15] = &cvdlog__validated__descriptor,
    [16] = &cvdlog__invalidated__descriptor,
    [17] = &cvdlog__duplicate_of__descriptor,
    [18] = &cvdlog__deferred__descriptor,
    [19] = &cvdlog__accepted__descriptor,
    [20] = &cvdlog__scope_confirmed__descriptor,
    [21] = &cvdlog__deadline_extended__descriptor,
    [22] = &cvdlog__fix_plan_ready__descriptor,
    [23] = &cvdlog__mitigation_available__descriptor,
    [24] = &cvdlog__fix_ready__descriptor,
    [25] = &cvdlog__fix_deployed__descriptor,
    [26] = &cvdlog__update_released__descriptor,
    [27] = &cvdlog__embargo_proposed__descriptor,
    [28] = &cvdlog__embargo_accepted__descriptor,
    [29] = &cvdlog__embargo_rejected__descriptor,
    [30] = &cvdlog__embargo_terminated__descriptor,
    [31] = &cvdlog__public_aware__descriptor,
    [32] = &cvdlog__exploit_public__descriptor,
    [33] = &cvdlog__attacks_observed__descriptor,
    [34] = &cvdlog__confidentiality_decision__descriptor,
    [35] = &cvdlog__advisory_published__descriptor,
    [36] = &cvdlog__advisory_revised__descriptor,
    [37] = &cvdlog__reporter_disclosed__descriptor,
    [38] = &cvdlog__bounty_decided__descriptor,
    [39] = &cvdlog__dispute_opened__descriptor,
    [40] = &cvdlog__dispute_response__descriptor,
    [41] = &cvdlog__dispute_escalated__descriptor,
    [42] = &cvdlog__dispute_resolved__descriptor,
    [43] = &cvdlog__conduct_violation__descriptor,
    [44] = &cvdlog__case_closed__descriptor,
    [45] = &cvdlog__exploitation_aware__descriptor,
    [46] = &cvdlog__regulator_report__descriptor,
    [47] = &cvdlog__users_notified__descriptor,
    [48] = &cvdlog__corrective_measure__descriptor,
};

/* step builds one event of kind k from the argument bytes. */
static void step(struct run *r, const uint8_t *s)
{
	int author = s[0] % NWHO, kind = 10 + s[1] % 39;
	uint64_t id = 0;
	uint8_t a = s[3], b = s[4];
	const char *t1 = texts[a % NTEXTS], *t2 = texts[b % NTEXTS];
	Cvdlog__Event e = CVDLOG__EVENT__INIT;
	Cvdlog__CaseEvent ce = CVDLOG__CASE_EVENT__INIT;
	Cvdlog__Commitment cm = CVDLOG__COMMITMENT__INIT, *cms[1] = {&cm};
	Cvdlog__Opening op = CVDLOG__OPENING__INIT, *ops[1] = {&op};
	uint8_t digest[32] = {0}, salt[32] = {0}, sha[32] = {1};
	char *list1[1] = {(char *)t1};
	union {
		Cvdlog__ReportSubmitted report;
		Cvdlog__Acknowledged ack;
		Cvdlog__ProgressUpdate update;
		Cvdlog__Assigned assigned;
		Cvdlog__ParticipantInvited invited;
		Cvdlog__Validated validated;
		Cvdlog__DuplicateOf dup;
		Cvdlog__ScopeConfirmed scope;
		Cvdlog__DeadlineExtended extended;
		Cvdlog__UpdateReleased released;
		Cvdlog__EmbargoProposed proposed;
		Cvdlog__EmbargoTerminated terminated;
		Cvdlog__ExploitPublic exploit;
		Cvdlog__ConfidentialityDecision conf;
		Cvdlog__AdvisoryPublished advisory;
		Cvdlog__AdvisoryRevised revised;
		Cvdlog__ReporterDisclosed disclosed;
		Cvdlog__BountyDecided bounty;
		Cvdlog__DisputeOpened dopen;
		Cvdlog__DisputeResponse dresp;
		Cvdlog__DisputeEscalated desc;
		Cvdlog__DisputeResolved dres;
		Cvdlog__ConductViolation conduct;
		Cvdlog__CaseClosed closed;
		Cvdlog__ExploitationAware aware;
		Cvdlog__RegulatorReport regulator;
		Cvdlog__UsersNotified users;
		Cvdlog__CorrectiveMeasure corrective;
		Cvdlog__Accepted empty;
	} body;
	const struct cases_case *cs;

	r->now += (uint64_t)s[5] * 3600000ull; /* up to ~10 days a step */
	if (cases_count(r->c) > 0) {
		cs = cases_at(r->c, s[2] % cases_count(r->c));
		id = cs->cc_id;
		if (cs->cc_ncommits > 0) {
			const struct cases_commit *k = &cs->cc_commits[a % cs->cc_ncommits];
			memcpy(digest, k->cm_digest, 32);
		}
	}
	/* a commitment of this step (its digest is fresh: index and time) */
	{
		uint8_t pt[16];
		memcpy(pt, &r->index, 8);
		memcpy(pt + 8, &r->now, 8);
		seal_commit(salt, pt, sizeof(pt), (uint8_t *)sha + 0);
		cm.field = (char *)(kind == 10 ? "description" : "statement");
		cm.digest.data = sha;
		cm.digest.len = 32;
	}
	/* every member of the union starts with its ProtobufCMessage */
	protobuf_c_message_init(bodies[kind], &body);
	ce.case_id = (s[2] & 0x80) ? s[2] : id;
	if (b & 0x40)
		ce.participant = "other";
	ce.kind_case = kind;
	ce.accepted = &body.empty;
	switch (kind) {
	case 10:
		ce.case_id = 0;
		ce.participant = "";
		body.report.vendor = (char *)((a & 1) ? "acme" : t1);
		body.report.channel = 1 + b % 6;
		body.report.n_fields = 1;
		body.report.fields = cms;
		body.report.reporter_cvss = (char *)((b & 2) ? t2 : "");
		break;
	case 11: body.ack.channel = a % 8; break;
	case 12:
		body.update.channel = a % 8;
		if (b & 1)
			body.update.summary = &cm;
		break;
	case 13: body.assigned.assignee = (char *)t1; break;
	case 14: body.invited.org = (char *)t1; break;
	case 15:
		body.validated.exploitability = (char *)t1;
		body.validated.impact = (char *)t2;
		body.validated.cvss = (char *)((a & 1) ? texts[5] : t2);
		body.validated.n_cwe = b & 1;
		body.validated.cwe = list1;
		break;
	case 17: body.dup.original_case = a; break;
	case 20:
		if (a & 1)
			body.scope.products = &cm;
		break;
	case 21:
		body.extended.deadline = a % 5;
		body.extended.new_ms = r->now + (uint64_t)b * 86400000ull;
		if (a & 8)
			body.extended.justification = &cm;
		break;
	case 26:
		body.released.product = (char *)t1;
		body.released.version = (char *)t2;
		break;
	case 27: body.proposed.end_ms = r->now + (uint64_t)a * 86400000ull / 4; break;
	case 30: body.terminated.reason = (char *)t1; break;
	case 32: body.exploit.reference = (char *)t1; break;
	case 34:
		body.conf.digest.data = digest;
		body.conf.digest.len = 32;
		if (b & 1) {
			body.conf.decision_case =
			    CVDLOG__CONFIDENTIALITY_DECISION__DECISION_GRANT_READER;
			body.conf.grant_reader = vkeys[a % NWHO];
		} else {
			body.conf.decision_case =
			    CVDLOG__CONFIDENTIALITY_DECISION__DECISION_DECLASSIFY;
			op.digest.data = digest;
			op.digest.len = 32;
			op.salt.data = salt;
			op.salt.len = 32;
			body.conf.declassify = &op;
		}
		break;
	case 35:
		body.advisory.kind = a % 3;
		body.advisory.advisory_id = (char *)((b & 1) ? "SA-1" : t2);
		body.advisory.url = (char *)texts[4];
		body.advisory.n_cve = (b >> 1) & 1;
		body.advisory.cve = list1;
		body.advisory.cvss = (char *)((b & 4) ? texts[5] : "");
		body.advisory.text_sha256.data = sha;
		body.advisory.text_sha256.len = 32;
		if (b & 8) { /* an opening that does not match (the salt is zero) */
			op.digest.data = digest;
			op.digest.len = 32;
			op.salt.data = salt;
			op.salt.len = 32;
			body.advisory.n_openings = 1;
			body.advisory.openings = ops;
		}
		break;
	case 36:
		body.revised.advisory_id = "SA-1";
		body.revised.text_sha256.data = sha;
		body.revised.text_sha256.len = 32;
		body.revised.what_changed = a % 6;
		break;
	case 37:
		body.disclosed.url = (char *)t1;
		body.disclosed.text_sha256.data = sha;
		body.disclosed.text_sha256.len = 32;
		break;
	case 38:
		body.bounty.programme = (char *)t1;
		body.bounty.none = b & 1;
		body.bounty.amount = (b & 2) ? a : 0;
		body.bounty.currency = (char *)t2;
		break;
	case 39:
		body.dopen.topic = a % 11;
		if (b & 1)
			body.dopen.statement = &cm;
		break;
	case 40:
		body.dresp.dispute = r->index - 1 - a % 4;
		body.dresp.statement = &cm;
		break;
	case 41:
		body.desc.dispute = r->index - 1 - a % 4;
		body.desc.coordinator = (char *)t2;
		break;
	case 42:
		body.dres.dispute = r->index - 1 - a % 4;
		body.dres.outcome = b % 6;
		break;
	case 43:
		body.conduct.activity = a % 6;
		if (b & 1)
			body.conduct.details = &cm;
		break;
	case 44: body.closed.reason = a % 7; break;
	case 45:
		if (b & 1)
			body.aware.evidence = &cm;
		break;
	case 46:
		body.regulator.stage = a % 5;
		body.regulator.authority = (char *)t1;
		body.regulator.reference = (char *)t2;
		body.regulator.sent_sha256.data = sha;
		body.regulator.sent_sha256.len = (b & 2) ? 31 : 32;
		if (b & 1)
			body.regulator.content = &cm;
		break;
	case 47:
		body.users.channel = (char *)t1;
		body.users.notice_sha256.data = sha;
		body.users.notice_sha256.len = 32;
		break;
	case 48:
		if (b & 1)
			body.corrective.description = &cm;
		break;
	case 16: break;
	case 18: break;
	case 19: break;
	case 22: break;
	case 23: break;
	case 24: break;
	case 25: break;
	case 28: break;
	case 29: break;
	case 31: break;
	case 33: break;
	}
	e.body_case = CVDLOG__EVENT__BODY_CASE_EVENT;
	e.case_event = &ce;
	/* commitments need readers (the acme readers, maybe one short) */
	ce.n_readers = (b & 0x20) ? 2 : 3;
	ce.readers = readers;
	apply_event(r, author, &e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Cvdlog__Event e = CVDLOG__EVENT__INIT;
	Cvdlog__Genesis g = CVDLOG__GENESIS__INIT;
	Cvdlog__NodeInfo ni = CVDLOG__NODE_INFO__INIT, *nip = &ni;
	struct run r;

	fuzz_init(setup);
	memset(&r, 0, sizeof(r));
	if (cases_new(&r.c) != 0)
		abort();
	r.now = 1700000000000ull;
	ni.name = "n1";
	ni.vkey = vkeys[NODE];
	g.origin = "fuzz.example/log";
	g.n_nodes = 1;
	g.nodes = &nip;
	g.roster = roster_text;
	e.body_case = CVDLOG__EVENT__BODY_GENESIS;
	e.genesis = &g;
	check(apply_event(&r, NODE, &e) == 0);
	while (size >= 6) {
		if (data[1] == 0xff) { /* raw event bytes */
			size_t n = data[2];
			if (size < 3 + n)
				break;
			apply_bytes(&r, data[0] % NWHO, data + 3, n);
			data += 3 + n;
			size -= 3 + n;
			continue;
		}
		step(&r, data);
		data += 6;
		size -= 6;
	}
	cases_free(r.c);
	return 0;
}
