/*
 * test_cases.c: lib/cases.c, the CVD domain rules table (DESIGN.md section
 * 8). A small world (vendor acme with admin alice and member bob, vendor
 * other with admin oscar, coordinator cert with admin carol and coordinator
 * cody, auditor audit, a reporter rep and a stranger eve) plays whole cases
 * through cases_apply, and every rule is broken once: each refusal is
 * checked for its error code, for a message naming the rule or field, and
 * for leaving the whole state exactly as it was.
 */
#include <check.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "cvdlog.pb-c.h"
#include "error.h"
#include "event.h"
#include "keys.h"
#include "roster.h"
#include "seal.h"
#include "caseworld.h"
#include "testutil.h"

#define T0   1700000000000ull /* the world's clock starts here, ms */
#define HOUR 3600000ull
#define DAY  (24 * HOUR)

struct world {
	struct cw_world cw;
	struct cases *c;
	uint64_t next; /* the next entry index */
	uint64_t now;  /* the next entry's time */
	char why[CASES_WHY_MAX];
};

/* put builds an event for body (a Cvdlog__Event with its body set), by
 * author, decodes it and applies it as entry w->next at w->now. */
static int put(struct world *w, int author, Cvdlog__Event *e)
{
	struct event_view ev;
	struct cases_entry ce;
	const char *bad;
	uint8_t *buf;
	size_t len;
	int rc;

	buf = cw_pack(&w->cw, author, e, w->now, &len);
	rc = event_decode(buf, len, &ev, &bad);
	ck_assert_msg(rc == 0, "event_decode: %s", bad);
	memset(&ce, 0, sizeof(ce));
	ce.ce_index = w->next;
	ce.ce_time_ms = w->now;
	ce.ce_author = keys_signer_pk(w->cw.k[author]);
	ce.ce_event = &ev;
	rc = cases_apply(w->c, &ce, w->why, sizeof(w->why));
	if (rc == 0) {
		w->next++;
		w->now += 1000;
	}
	event_view_clear(&ev);
	free(buf);
	return rc;
}

static int put_case(struct world *w, int author, Cvdlog__CaseEvent *ce)
{
	Cvdlog__Event e = CVDLOG__EVENT__INIT;
	e.body_case = CVDLOG__EVENT__BODY_CASE_EVENT;
	e.case_event = ce;
	return put(w, author, &e);
}

static void world_init(struct world *w)
{
	Cvdlog__Event e = CVDLOG__EVENT__INIT;
	Cvdlog__Genesis g = CVDLOG__GENESIS__INIT;
	Cvdlog__NodeInfo ni = CVDLOG__NODE_INFO__INIT, *nip = &ni;
	char *canon;

	memset(w, 0, sizeof(*w));
	cw_keys(&w->cw, "example.org/log");
	canon = cw_roster(&w->cw);
	ni.name = "n1";
	ni.vkey = w->cw.vkey[NODE];
	g.origin = "example.org/log";
	g.n_nodes = 1;
	g.nodes = &nip;
	g.roster = canon;
	e.body_case = CVDLOG__EVENT__BODY_GENESIS;
	e.genesis = &g;
	ck_assert_int_eq(cases_new(&w->c), 0);
	w->now = T0;
	ck_assert_msg(put(w, NODE, &e) == 0, "genesis: %s", w->why);
	free(canon);
}

static void world_free(struct world *w)
{
	cases_free(w->c);
	cw_free(&w->cw);
}

/* dump writes everything the state holds, to compare before and after a
 * refusal. */
static void dump(const struct world *w, struct tu_sb *b)
{
	char *rt;
	size_t rl;

	ck_assert_int_eq(roster_format(cases_roster(w->c), &rt, &rl), 0);
	tu_sb_add(b, rt, rl);
	free(rt);
	for (size_t i = 0; i < cases_count(w->c); i++) {
		const struct cases_case *cs = cases_at(w->c, i);
		tu_sb_printf(
		    b,
		    "case %llu em=%d end=%llu pend=%llu prop=%s flags=%u val=%d dup=%llu "
		    "bounty=%d last=%llu n=%zu\n",
		    (unsigned long long)cs->cc_id, cs->cc_em, (unsigned long long)cs->cc_em_end_ms,
		    (unsigned long long)cs->cc_em_pending_ms, cs->cc_em_proposer, cs->cc_flags,
		    cs->cc_validated, (unsigned long long)cs->cc_duplicate_of,
		    cs->cc_bounty_decided, (unsigned long long)cs->cc_last_ms, cs->cc_nentries);
		for (unsigned v = 0; v < cs->cc_nvendors; v++) {
			const struct cases_vendor *cv = &cs->cc_vendors[v];
			tu_sb_printf(b, " vendor %s rm=%d flags=%u vnext=%d closed=%d ack=%llu\n",
			             cv->cv_org, cv->cv_rm, cv->cv_flags, cv->cv_must_v_next,
			             cv->cv_closed, (unsigned long long)cv->cv_ack_ms);
		}
		for (unsigned k = 0; k < cs->cc_ncoords; k++)
			tu_sb_printf(b, " coord %s\n", cs->cc_coords[k]);
		for (unsigned k = 0; k < cs->cc_ncommits; k++)
			tu_sb_printf(b, " commit %s readers=%u opened=%llu\n",
			             cs->cc_commits[k].cm_field, cs->cc_commits[k].cm_nreaders,
			             (unsigned long long)cs->cc_commits[k].cm_opened_at);
		for (unsigned k = 0; k < cs->cc_ndisputes; k++)
			tu_sb_printf(b, " dispute %llu state=%d esc=%s\n",
			             (unsigned long long)cs->cc_disputes[k].cd_id,
			             cs->cc_disputes[k].cd_state,
			             cs->cc_disputes[k].cd_coordinator);
		for (unsigned k = 0; k < cs->cc_nadvisories; k++)
			tu_sb_printf(b, " advisory %s\n", cs->cc_advisories[k].ca_id);
	}
	tu_sb_printf(b, "products %zu\n", cases_product_count(w->c));
}

/* refused: apply must fail with rc and a message containing frag, and the
 * state must not change. */
static void refused_case(struct world *w, int author, Cvdlog__CaseEvent *ce, int rc,
                         const char *frag)
{
	struct tu_sb before = {0}, after = {0};
	uint64_t next = w->next;
	int got;

	dump(w, &before);
	got = put_case(w, author, ce);
	ck_assert_msg(got == rc, "want %s, got %s (%s)", cvd_strerror(rc), cvd_strerror(got),
	              w->why);
	ck_assert_msg(strstr(w->why, frag) != NULL, "message \"%s\" lacks \"%s\"", w->why, frag);
	dump(w, &after);
	ck_assert_str_eq(before.s, after.s);
	ck_assert_uint_eq(w->next, next);
	free(before.s);
	free(after.s);
}

#define OK(w, who, ce) ck_assert_msg(put_case(w, who, ce) == 0, "%s", (w)->why)

/* report files a report from rep to acme with a description; returns the
 * case id. */
static uint64_t report(struct world *w, struct cw_commit *desc)
{
	Cvdlog__CaseEvent ce = CVDLOG__CASE_EVENT__INIT;
	Cvdlog__ReportSubmitted r = CVDLOG__REPORT_SUBMITTED__INIT;
	Cvdlog__Commitment *f[1];
	uint64_t id = w->next;

	cw_commit(desc, "description", "heap overflow in the frobnicator");
	f[0] = &desc->c;
	r.vendor = "acme";
	r.channel = CVDLOG__CHANNEL__EMAIL;
	r.n_fields = 1;
	r.fields = f;
	ce.kind_case = CVDLOG__CASE_EVENT__KIND_REPORT;
	ce.report = &r;
	cw_set_readers(&w->cw, &ce);
	OK(w, REP, &ce);
	return id;
}

/* simple: a case event of a kind with an empty body message. */
#define SIMPLE(ce, id, KIND, field, type, INIT)           \
	type field##_m = INIT;                            \
	cvdlog__case_event__init(&(ce));                  \
	(ce).case_id = (id);                              \
	(ce).kind_case = CVDLOG__CASE_EVENT__KIND_##KIND; \
	(ce).field = &field##_m

static void ack(struct world *w, uint64_t id, int who)
{
	Cvdlog__CaseEvent ce;
	SIMPLE(ce, id, ACKNOWLEDGED, acknowledged, Cvdlog__Acknowledged,
	       CVDLOG__ACKNOWLEDGED__INIT);
	acknowledged_m.channel = CVDLOG__CHANNEL__EMAIL;
	OK(w, who, &ce);
}

static Cvdlog__Validated validated_body(void)
{
	Cvdlog__Validated v = CVDLOG__VALIDATED__INIT;
	static char *cwe[] = {"CWE-787"};
	v.exploitability = "remote, no authentication";
	v.impact = "code execution";
	v.cvss = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
	v.n_cwe = 1;
	v.cwe = cwe;
	return v;
}

static void validate(struct world *w, uint64_t id)
{
	Cvdlog__CaseEvent ce = CVDLOG__CASE_EVENT__INIT;
	Cvdlog__Validated v = validated_body();
	ce.case_id = id;
	ce.kind_case = CVDLOG__CASE_EVENT__KIND_VALIDATED;
	ce.validated = &v;
	OK(w, BOB, &ce);
}

static void simple(struct world *w, uint64_t id, int kind, int who)
{
	/* every empty body message has the same shape: one INIT fits all */
	Cvdlog__Accepted body = CVDLOG__ACCEPTED__INIT;
	Cvdlog__CaseEvent ce = CVDLOG__CASE_EVENT__INIT;
	ce.case_id = id;
	ce.kind_case = kind;
	ce.accepted = &body; /* a union: the pointer serves any kind */
	{                    /* the kind is the oneof's field number: its message type */
		const ProtobufCFieldDescriptor *fd =
		    protobuf_c_message_descriptor_get_field(&cvdlog__case_event__descriptor, kind);
		ck_assert_msg(fd != NULL && fd->type == PROTOBUF_C_TYPE_MESSAGE &&
		                  ((const ProtobufCMessageDescriptor *)fd->descriptor)->n_fields ==
		                      0,
		              "simple: kind %d has no empty body", kind);
		body.base.descriptor = fd->descriptor;
	}
	ck_assert_msg(put_case(w, who, &ce) == 0, "%s: %s", cases_kind_name(kind), w->why);
}

static void propose(struct world *w, uint64_t id, int who, uint64_t end)
{
	Cvdlog__CaseEvent ce;
	SIMPLE(ce, id, EMBARGO_PROPOSED, embargo_proposed, Cvdlog__EmbargoProposed,
	       CVDLOG__EMBARGO_PROPOSED__INIT);
	embargo_proposed_m.end_ms = end;
	OK(w, who, &ce);
}

START_TEST(xiaomi_flow)
{
	struct world w;
	struct cw_commit desc, plan;
	Cvdlog__CaseEvent ce;
	const struct cases_case *cs;
	uint64_t id;

	world_init(&w);
	id = report(&w, &desc);
	cs = cases_find(w.c, id);
	ck_assert_ptr_nonnull(cs);
	ck_assert_int_eq(cs->cc_vendors[0].cv_rm, RULES_RM_RECEIVED);
	ck_assert_mem_eq(cs->cc_reporter, keys_signer_pk(w.cw.k[REP]), KEYS_PK_LEN);
	ck_assert_uint_eq(cs->cc_ncommits, 1);
	ck_assert_uint_eq(cs->cc_commits[0].cm_nreaders, 3);

	ack(&w, id, BOB);
	{
		SIMPLE(ce, id, ASSIGNED, assigned, Cvdlog__Assigned, CVDLOG__ASSIGNED__INIT);
		assigned_m.assignee = "bob";
		OK(&w, ALICE, &ce);
	}
	validate(&w, id);
	simple(&w, id, CVDLOG__CASE_EVENT__KIND_ACCEPTED, ALICE);
	{
		SIMPLE(ce, id, FIX_PLAN_READY, fix_plan_ready, Cvdlog__FixPlanReady,
		       CVDLOG__FIX_PLAN_READY__INIT);
		cw_commit(&plan, "plan", "patch in 4.2.1");
		fix_plan_ready_m.plan = &plan.c;
		cw_set_readers(&w.cw, &ce);
		OK(&w, BOB, &ce);
	}
	simple(&w, id, CVDLOG__CASE_EVENT__KIND_FIX_READY, BOB);
	{
		Cvdlog__Opening op, *ops[1] = {&op};
		static char *cve[] = {"CVE-2026-12345"}, *cwe[] = {"CWE-787"};
		static uint8_t sha[32] = {1};
		SIMPLE(ce, id, ADVISORY_PUBLISHED, advisory_published, Cvdlog__AdvisoryPublished,
		       CVDLOG__ADVISORY_PUBLISHED__INIT);
		advisory_published_m.kind = CVDLOG__ADVISORY_KIND__SA;
		advisory_published_m.advisory_id = "ACME-SA-2026-001";
		advisory_published_m.url = "https://acme.example/sa/2026-001";
		advisory_published_m.n_cve = 1;
		advisory_published_m.cve = cve;
		advisory_published_m.n_cwe = 1;
		advisory_published_m.cwe = cwe;
		advisory_published_m.cvss =
		    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
		advisory_published_m.text_sha256.data = sha;
		advisory_published_m.text_sha256.len = 32;
		cw_opening(&op, &desc);
		advisory_published_m.n_openings = 1;
		advisory_published_m.openings = ops;
		OK(&w, ALICE, &ce);
	}
	simple(&w, id, CVDLOG__CASE_EVENT__KIND_FIX_DEPLOYED, BOB);
	{
		SIMPLE(ce, id, CASE_CLOSED, case_closed, Cvdlog__CaseClosed,
		       CVDLOG__CASE_CLOSED__INIT);
		case_closed_m.reason = CVDLOG__CLOSE_REASON__FIXED;
		OK(&w, ALICE, &ce);
	}
	cs = cases_find(w.c, id);
	ck_assert_int_eq(cs->cc_vendors[0].cv_rm, RULES_RM_CLOSED);
	ck_assert_int_eq(cs->cc_vendors[0].cv_closed, RULES_CLOSE_FIXED);
	ck_assert_uint_eq(cs->cc_vendors[0].cv_flags, RULES_CS_V | RULES_CS_F | RULES_CS_D);
	ck_assert_uint_eq(cs->cc_flags, RULES_CS_P); /* the SA made it public */
	ck_assert_uint_eq(cs->cc_commits[0].cm_opened_at, cs->cc_advisories[0].ca_index);
	ck_assert_uint_eq(cs->cc_commits[1].cm_opened_at, 0);
	ck_assert_uint_eq(cs->cc_nentries, 10);
	ck_assert_uint_eq(cs->cc_entries[0], id);
	ck_assert_uint_eq(cs->cc_vendors[0].cv_ack_ms, T0 + 2000);
	world_free(&w);
}
END_TEST

/* Every role rule. */
START_TEST(roles)
{
	struct world w;
	struct cw_commit desc, st;
	Cvdlog__CaseEvent ce;
	uint64_t id;

	world_init(&w);
	id = report(&w, &desc);
	{
		SIMPLE(ce, id, ACKNOWLEDGED, acknowledged, Cvdlog__Acknowledged,
		       CVDLOG__ACKNOWLEDGED__INIT);
		acknowledged_m.channel = CVDLOG__CHANNEL__EMAIL;
		refused_case(&w, REP, &ce, CVD_EUNAUTH, "only a member of vendor org acme");
		refused_case(&w, OSCAR, &ce, CVD_EUNAUTH, "only a member of vendor org acme");
		refused_case(&w, CODY, &ce, CVD_EUNAUTH, "only a member of vendor org acme");
		refused_case(&w, AUD, &ce, CVD_EUNAUTH, "only a member of vendor org acme");
		refused_case(&w, EVE, &ce, CVD_EUNAUTH, "acknowledged: only a member");
	}
	ack(&w, id, ALICE);
	{
		Cvdlog__Validated v = validated_body();
		cvdlog__case_event__init(&ce);
		ce.case_id = id;
		ce.kind_case = CVDLOG__CASE_EVENT__KIND_VALIDATED;
		ce.validated = &v;
		refused_case(&w, OSCAR, &ce, CVD_EUNAUTH, "vendor org acme");
	}
	{
		SIMPLE(ce, id, DISPUTE_OPENED, dispute_opened, Cvdlog__DisputeOpened,
		       CVDLOG__DISPUTE_OPENED__INIT);
		cw_commit(&st, "statement", "you did not answer");
		dispute_opened_m.topic = CVDLOG__DISPUTE_TOPIC__TOPIC_ACKNOWLEDGEMENT;
		dispute_opened_m.statement = &st.c;
		cw_set_readers(&w.cw, &ce);
		refused_case(&w, EVE, &ce, CVD_EUNAUTH, "only a party to the case");
		refused_case(&w, CODY, &ce, CVD_EUNAUTH,
		             "only a party to the case"); /* not on it */
	}
	{
		static uint8_t sha[32] = {2};
		SIMPLE(ce, id, REPORTER_DISCLOSED, reporter_disclosed, Cvdlog__ReporterDisclosed,
		       CVDLOG__REPORTER_DISCLOSED__INIT);
		reporter_disclosed_m.url = "https://rep.example/blog";
		reporter_disclosed_m.text_sha256.data = sha;
		reporter_disclosed_m.text_sha256.len = 32;
		refused_case(&w, ALICE, &ce, CVD_EUNAUTH, "only the case's reporter");
	}
	{
		static uint8_t sha[32] = {3};
		SIMPLE(ce, id, ADVISORY_PUBLISHED, advisory_published, Cvdlog__AdvisoryPublished,
		       CVDLOG__ADVISORY_PUBLISHED__INIT);
		advisory_published_m.kind = CVDLOG__ADVISORY_KIND__SN;
		advisory_published_m.advisory_id = "SN-1";
		advisory_published_m.url = "https://acme.example/sn/1";
		advisory_published_m.text_sha256.data = sha;
		advisory_published_m.text_sha256.len = 32;
		refused_case(&w, REP, &ce, CVD_EUNAUTH, "only a member of vendor org acme");
		refused_case(&w, CAROL, &ce, CVD_EUNAUTH, "only a member of vendor org acme");
		OK(&w, BOB, &ce); /* an SN may come at any time */
	}
	world_free(&w);
}
END_TEST

START_TEST(transitions)
{
	struct world w;
	struct cw_commit desc;
	Cvdlog__CaseEvent ce;
	uint64_t id;

	world_init(&w);
	id = report(&w, &desc);
	{
		Cvdlog__Accepted a = CVDLOG__ACCEPTED__INIT;
		cvdlog__case_event__init(&ce);
		ce.case_id = id;
		ce.kind_case = CVDLOG__CASE_EVENT__KIND_ACCEPTED;
		ce.accepted = &a;
		refused_case(&w, BOB, &ce, CVD_ETRANSITION,
		             "RM: received -> accepted is not a transition");
	}
	{
		SIMPLE(ce, id, CASE_CLOSED, case_closed, Cvdlog__CaseClosed,
		       CVDLOG__CASE_CLOSED__INIT);
		case_closed_m.reason = CVDLOG__CLOSE_REASON__FIXED;
		refused_case(&w, BOB, &ce, CVD_ETRANSITION, "RM: received -> closed");
	}
	{
		Cvdlog__FixReady f = CVDLOG__FIX_READY__INIT;
		cvdlog__case_event__init(&ce);
		ce.case_id = id;
		ce.kind_case = CVDLOG__CASE_EVENT__KIND_FIX_READY;
		ce.fix_ready = &f;
		refused_case(&w, BOB, &ce, CVD_ETRANSITION, "fix ready");
	}
	{
		SIMPLE(ce, id, UPDATE_RELEASED, update_released, Cvdlog__UpdateReleased,
		       CVDLOG__UPDATE_RELEASED__INIT);
		update_released_m.product = "Phone 12";
		update_released_m.version = "4.2.1";
		refused_case(&w, BOB, &ce, CVD_ETRANSITION, "needs fix ready");
	}
	ack(&w, id, BOB);
	{
		SIMPLE(ce, id, ACKNOWLEDGED, acknowledged, Cvdlog__Acknowledged,
		       CVDLOG__ACKNOWLEDGED__INIT);
		acknowledged_m.channel = CVDLOG__CHANNEL__EMAIL;
		refused_case(&w, BOB, &ce, CVD_ETRANSITION, "acknowledged already");
	}
	{
		static uint8_t sha[32] = {4};
		static char *cve[] = {"CVE-2026-0001"};
		SIMPLE(ce, id, ADVISORY_PUBLISHED, advisory_published, Cvdlog__AdvisoryPublished,
		       CVDLOG__ADVISORY_PUBLISHED__INIT);
		advisory_published_m.kind = CVDLOG__ADVISORY_KIND__SA;
		advisory_published_m.advisory_id = "SA-1";
		advisory_published_m.url = "https://acme.example/sa/1";
		advisory_published_m.cvss = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
		advisory_published_m.n_cve = 1;
		advisory_published_m.cve = cve;
		advisory_published_m.text_sha256.data = sha;
		advisory_published_m.text_sha256.len = 32;
		refused_case(&w, BOB, &ce, CVD_ETRANSITION, "SA");
		validate(&w, id);
		advisory_published_m.cvss = "";
		refused_case(&w, BOB, &ce, CVD_EINVAL, "requires a CVSS vector");
	}
	{
		SIMPLE(ce, id, DUPLICATE_OF, duplicate_of, Cvdlog__DuplicateOf,
		       CVDLOG__DUPLICATE_OF__INIT);
		duplicate_of_m.original_case = id + 50;
		refused_case(&w, BOB, &ce, CVD_EINVAL, "is not an earlier case");
	}
	{
		SIMPLE(ce, 999, ACKNOWLEDGED, acknowledged, Cvdlog__Acknowledged,
		       CVDLOG__ACKNOWLEDGED__INIT);
		acknowledged_m.channel = CVDLOG__CHANNEL__EMAIL;
		refused_case(&w, BOB, &ce, CVD_EINVAL, "case 999: no such case");
		ce.case_id = id;
		ce.participant = "other";
		refused_case(&w, OSCAR, &ce, CVD_EINVAL, "vendor other is not on case");
	}
	world_free(&w);
}
END_TEST

START_TEST(fields)
{
	struct world w;
	struct cw_commit desc;
	Cvdlog__CaseEvent ce;
	uint64_t id;
	static const char *bad_cvss[] = {
	    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H",                        /* A missing */
	    "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",                    /* bad value */
	    "CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",               /* twice */
	    "CVSS:4.0/AC:L/AV:N/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", /* order */
	    "CVSS:2.0/AV:N/AC:L/Au:N/C:C/I:C/A:C",
	};
	static const char *bad_cwe[] = {"CWE-0", "CWE-787 ", "cwe-787", "CWE-123456"};

	world_init(&w);
	id = report(&w, &desc);
	ack(&w, id, BOB);
	for (size_t i = 0; i < sizeof(bad_cvss) / sizeof(bad_cvss[0]); i++) {
		Cvdlog__Validated v = validated_body();
		cvdlog__case_event__init(&ce);
		ce.case_id = id;
		ce.kind_case = CVDLOG__CASE_EVENT__KIND_VALIDATED;
		ce.validated = &v;
		v.cvss = (char *)bad_cvss[i];
		refused_case(&w, BOB, &ce, CVD_EINVAL, "validated: cvss");
	}
	for (size_t i = 0; i < sizeof(bad_cwe) / sizeof(bad_cwe[0]); i++) {
		Cvdlog__Validated v = validated_body();
		char *cwe[] = {(char *)bad_cwe[i]};
		cvdlog__case_event__init(&ce);
		ce.case_id = id;
		ce.kind_case = CVDLOG__CASE_EVENT__KIND_VALIDATED;
		ce.validated = &v;
		v.cwe = cwe;
		refused_case(&w, BOB, &ce, CVD_EINVAL, "validated: cwe");
	}
	{
		Cvdlog__Validated v = validated_body();
		cvdlog__case_event__init(&ce);
		ce.case_id = id;
		ce.kind_case = CVDLOG__CASE_EVENT__KIND_VALIDATED;
		ce.validated = &v;
		v.impact = "";
		refused_case(&w, BOB, &ce, CVD_EINVAL, "impact");
	}
	validate(&w, id);
	{
		static uint8_t sha[32] = {5};
		static const char *bad_cve[] = {"CVE-2026-123", "CVE-2026-01234", "cve-2026-1234",
		                                "CVE-26-1234"};
		SIMPLE(ce, id, ADVISORY_PUBLISHED, advisory_published, Cvdlog__AdvisoryPublished,
		       CVDLOG__ADVISORY_PUBLISHED__INIT);
		advisory_published_m.kind = CVDLOG__ADVISORY_KIND__SA;
		advisory_published_m.advisory_id = "SA-2";
		advisory_published_m.url = "https://acme.example/sa/2";
		advisory_published_m.cvss = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
		advisory_published_m.text_sha256.data = sha;
		advisory_published_m.text_sha256.len = 32;
		for (size_t i = 0; i < sizeof(bad_cve) / sizeof(bad_cve[0]); i++) {
			char *cve[] = {(char *)bad_cve[i]};
			advisory_published_m.n_cve = 1;
			advisory_published_m.cve = cve;
			refused_case(&w, BOB, &ce, CVD_EINVAL, "advisory published: cve");
		}
		advisory_published_m.n_cve = 0;
		advisory_published_m.url = "ftp://acme.example/x";
		refused_case(&w, BOB, &ce, CVD_EINVAL, "url");
		advisory_published_m.url = "https://acme.example/sa/2";
		advisory_published_m.text_sha256.len = 31;
		refused_case(&w, BOB, &ce, CVD_EINVAL, "text sha256");
		advisory_published_m.text_sha256.len = 32;
		advisory_published_m.kind = 0;
		refused_case(&w, BOB, &ce, CVD_EINVAL, "kind");
		advisory_published_m.kind = CVDLOG__ADVISORY_KIND__SA;
		/* an opening that does not match its commitment */
		{
			Cvdlog__Opening op, *ops[1] = {&op};
			cw_opening(&op, &desc);
			op.plaintext.data = (uint8_t *)"something else";
			op.plaintext.len = 14;
			advisory_published_m.n_openings = 1;
			advisory_published_m.openings = ops;
			refused_case(&w, BOB, &ce, CVD_EINVAL, "does not match its commitment");
			cw_opening(&op, &desc);
			op.salt.data = (uint8_t *)"0123456789abcdef0123456789abcdef";
			refused_case(&w, BOB, &ce, CVD_EINVAL, "does not match its commitment");
			cw_opening(&op, &desc);
			OK(&w, BOB, &ce);
		}
	}
	world_free(&w);
}
END_TEST

START_TEST(reports)
{
	struct world w;
	struct cw_commit desc;
	Cvdlog__CaseEvent ce = CVDLOG__CASE_EVENT__INIT;
	Cvdlog__ReportSubmitted r = CVDLOG__REPORT_SUBMITTED__INIT;
	Cvdlog__Commitment *f[2];
	char *two[2];

	world_init(&w);
	cw_commit(&desc, "description", "xss in the portal");
	f[0] = &desc.c;
	r.vendor = "acme";
	r.channel = CVDLOG__CHANNEL__HACKERONE;
	r.n_fields = 1;
	r.fields = f;
	ce.kind_case = CVDLOG__CASE_EVENT__KIND_REPORT;
	ce.report = &r;
	/* a reader left out */
	two[0] = w.cw.vkey[ALICE];
	two[1] = w.cw.vkey[REP];
	ce.n_readers = 2;
	ce.readers = two;
	refused_case(&w, REP, &ce, CVD_EINVAL, "member bob of vendor org acme is not a reader");
	two[0] = w.cw.vkey[ALICE];
	two[1] = w.cw.vkey[BOB];
	refused_case(&w, REP, &ce, CVD_EINVAL, "the case's reporter is not a reader");
	ce.n_readers = 0;
	refused_case(&w, REP, &ce, CVD_EINVAL, "readers");
	cw_set_readers(&w.cw, &ce);
	r.vendor = "cert";
	refused_case(&w, REP, &ce, CVD_EINVAL, "no vendor org \"cert\"");
	r.vendor = "acme";
	r.channel = CVDLOG__CHANNEL__LOG;
	refused_case(&w, REP, &ce, CVD_EINVAL, "channel");
	r.channel = CVDLOG__CHANNEL__HACKERONE;
	desc.c.field = "summary";
	refused_case(&w, REP, &ce, CVD_EINVAL, "needs a committed description");
	desc.c.field = "Description";
	refused_case(&w, REP, &ce, CVD_EINVAL, "field name");
	desc.c.field = "description";
	r.reporter_cvss = "CVSS:3.1/AV:N";
	refused_case(&w, REP, &ce, CVD_EINVAL, "reporter_cvss");
	r.reporter_cvss = "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N";
	r.planned_disclosure_ms = T0 - DAY;
	refused_case(&w, REP, &ce, CVD_EINVAL, "planned_disclosure");
	r.planned_disclosure_ms = T0 + 90 * DAY;
	ce.case_id = 7;
	refused_case(&w, REP, &ce, CVD_EINVAL, "case_id");
	ce.case_id = 0;
	f[1] = &desc.c;
	r.n_fields = 2;
	refused_case(&w, REP, &ce, CVD_EINVAL, "given twice");
	r.n_fields = 1;
	OK(&w, REP, &ce);
	/* the same digest cannot be committed again */
	refused_case(&w, REP, &ce, CVD_EINVAL, "already in the log");
	world_free(&w);
}
END_TEST

START_TEST(embargo)
{
	struct world w;
	struct cw_commit desc;
	Cvdlog__CaseEvent ce;
	uint64_t id;

	world_init(&w);
	id = report(&w, &desc);
	ack(&w, id, BOB);
	{
		SIMPLE(ce, id, EMBARGO_PROPOSED, embargo_proposed, Cvdlog__EmbargoProposed,
		       CVDLOG__EMBARGO_PROPOSED__INIT);
		embargo_proposed_m.end_ms = 0;
		refused_case(&w, REP, &ce, CVD_EINVAL, "an embargo needs an end");
		embargo_proposed_m.end_ms = w.now - 1;
		refused_case(&w, REP, &ce, CVD_EINVAL, "an embargo needs an end");
		embargo_proposed_m.end_ms = w.now + 91 * DAY;
		refused_case(&w, REP, &ce, CVD_EINVAL, "maximum embargo of 90 days");
	}
	propose(&w, id, REP, w.now + 30 * DAY);
	{
		Cvdlog__EmbargoAccepted a = CVDLOG__EMBARGO_ACCEPTED__INIT;
		cvdlog__case_event__init(&ce);
		ce.case_id = id;
		ce.kind_case = CVDLOG__CASE_EVENT__KIND_EMBARGO_ACCEPTED;
		ce.embargo_accepted = &a;
		refused_case(&w, REP, &ce, CVD_EUNAUTH, "proposer's own party");
	}
	simple(&w, id, CVDLOG__CASE_EVENT__KIND_EMBARGO_ACCEPTED, ALICE);
	ck_assert_int_eq(cases_find(w.c, id)->cc_em, RULES_EM_ACTIVE);
	simple(&w, id, CVDLOG__CASE_EVENT__KIND_PUBLIC_AWARE, REP);
	{
		SIMPLE(ce, id, EMBARGO_PROPOSED, embargo_proposed, Cvdlog__EmbargoProposed,
		       CVDLOG__EMBARGO_PROPOSED__INIT);
		embargo_proposed_m.end_ms = w.now + DAY;
		refused_case(&w, ALICE, &ce, CVD_ETRANSITION, "P");
	}
	{
		SIMPLE(ce, id, EMBARGO_TERMINATED, embargo_terminated, Cvdlog__EmbargoTerminated,
		       CVDLOG__EMBARGO_TERMINATED__INIT);
		embargo_terminated_m.reason = "public";
		OK(&w, ALICE, &ce);
	}
	ck_assert_int_eq(cases_find(w.c, id)->cc_em, RULES_EM_EXITED);
	world_free(&w);
}
END_TEST

/* An embargo whose end passes counts as exited: no new one afterwards. */
START_TEST(embargo_expires)
{
	struct world w;
	struct cw_commit desc;
	Cvdlog__CaseEvent ce;
	uint64_t id;

	world_init(&w);
	id = report(&w, &desc);
	propose(&w, id, ALICE, w.now + 10 * DAY);
	simple(&w, id, CVDLOG__CASE_EVENT__KIND_EMBARGO_ACCEPTED, REP);
	w.now += 11 * DAY;
	{
		SIMPLE(ce, id, EMBARGO_PROPOSED, embargo_proposed, Cvdlog__EmbargoProposed,
		       CVDLOG__EMBARGO_PROPOSED__INIT);
		embargo_proposed_m.end_ms = w.now + DAY;
		refused_case(&w, ALICE, &ce, CVD_ETRANSITION, "exited");
	}
	world_free(&w);
}
END_TEST

/* Attacks observed: no new embargo may start. */
START_TEST(embargo_after_attacks)
{
	struct world w;
	struct cw_commit desc;
	Cvdlog__CaseEvent ce;
	uint64_t id;

	world_init(&w);
	id = report(&w, &desc);
	simple(&w, id, CVDLOG__CASE_EVENT__KIND_ATTACKS_OBSERVED, BOB);
	{
		SIMPLE(ce, id, EMBARGO_PROPOSED, embargo_proposed, Cvdlog__EmbargoProposed,
		       CVDLOG__EMBARGO_PROPOSED__INIT);
		embargo_proposed_m.end_ms = w.now + DAY;
		refused_case(&w, ALICE, &ce, CVD_ETRANSITION, "A");
	}
	world_free(&w);
}
END_TEST

/* ZTE with GSMA CVD: a coordinator and a second vendor join; a dispute on
 * the bounty is escalated to the coordinator and resolved by it. */
START_TEST(multiparty_dispute)
{
	struct world w;
	struct cw_commit desc, st, st2, st3;
	Cvdlog__CaseEvent ce;
	const struct cases_case *cs;
	uint64_t id, dispute;

	world_init(&w);
	id = report(&w, &desc);
	ack(&w, id, ALICE);
	{
		SIMPLE(ce, id, PARTICIPANT_INVITED, participant_invited, Cvdlog__ParticipantInvited,
		       CVDLOG__PARTICIPANT_INVITED__INIT);
		participant_invited_m.org = "audit";
		refused_case(&w, ALICE, &ce, CVD_EINVAL, "no vendor or coordinator org");
		participant_invited_m.org = "cert";
		refused_case(&w, REP, &ce, CVD_EUNAUTH, "coordinator on the case");
		OK(&w, ALICE, &ce);
		refused_case(&w, ALICE, &ce, CVD_ETRANSITION, "on the case already");
		participant_invited_m.org = "other";
		OK(&w, CODY, &ce); /* the coordinator brings in the second vendor */
	}
	/* a multi-party embargo: proposed by the coordinator, accepted by acme */
	propose(&w, id, CODY, w.now + 60 * DAY);
	simple(&w, id, CVDLOG__CASE_EVENT__KIND_EMBARGO_ACCEPTED, OSCAR);
	/* other is not aware yet: P makes V its next step */
	simple(&w, id, CVDLOG__CASE_EVENT__KIND_PUBLIC_AWARE, REP);
	cs = cases_find(w.c, id);
	ck_assert_int_eq(cs->cc_vendors[1].cv_must_v_next, 1);
	{
		Cvdlog__FixReady f = CVDLOG__FIX_READY__INIT;
		cvdlog__case_event__init(&ce);
		ce.case_id = id;
		ce.participant = "other";
		ce.kind_case = CVDLOG__CASE_EVENT__KIND_FIX_READY;
		ce.fix_ready = &f;
		refused_case(&w, OSCAR, &ce, CVD_ETRANSITION, "vendor other");
	}
	{
		SIMPLE(ce, id, ACKNOWLEDGED, acknowledged, Cvdlog__Acknowledged,
		       CVDLOG__ACKNOWLEDGED__INIT);
		acknowledged_m.channel = CVDLOG__CHANNEL__COORDINATOR;
		ce.participant = "other";
		refused_case(&w, ALICE, &ce, CVD_EUNAUTH, "vendor org other");
		OK(&w, OSCAR, &ce);
	}
	cs = cases_find(w.c, id);
	ck_assert_int_eq(cs->cc_vendors[1].cv_rm, RULES_RM_RECEIVED);
	ck_assert_uint_eq(cs->cc_vendors[1].cv_flags, RULES_CS_V);
	/* the bounty and its dispute */
	{
		SIMPLE(ce, id, BOUNTY_DECIDED, bounty_decided, Cvdlog__BountyDecided,
		       CVDLOG__BOUNTY_DECIDED__INIT);
		bounty_decided_m.programme = "ZTE bug bounty";
		bounty_decided_m.amount = 50000;
		bounty_decided_m.currency = "usd";
		refused_case(&w, ALICE, &ce, CVD_EINVAL, "currency");
		bounty_decided_m.currency = "USD";
		OK(&w, ALICE, &ce);
	}
	dispute = w.next;
	{
		SIMPLE(ce, id, DISPUTE_OPENED, dispute_opened, Cvdlog__DisputeOpened,
		       CVDLOG__DISPUTE_OPENED__INIT);
		cw_commit(&st, "statement", "the bounty ignores the severity");
		dispute_opened_m.topic = CVDLOG__DISPUTE_TOPIC__TOPIC_BOUNTY;
		dispute_opened_m.statement = &st.c;
		cw_set_readers(&w.cw, &ce);
		OK(&w, REP, &ce);
	}
	{
		SIMPLE(ce, id, DISPUTE_RESPONSE, dispute_response, Cvdlog__DisputeResponse,
		       CVDLOG__DISPUTE_RESPONSE__INIT);
		cw_commit(&st2, "statement", "our table says medium");
		dispute_response_m.dispute = dispute;
		dispute_response_m.statement = &st2.c;
		cw_set_readers(&w.cw, &ce);
		refused_case(&w, REP, &ce, CVD_EUNAUTH, "opened a dispute may not answer");
		dispute_response_m.dispute = dispute + 1;
		refused_case(&w, ALICE, &ce, CVD_EINVAL, "is not a dispute on this case");
		dispute_response_m.dispute = dispute;
		OK(&w, ALICE, &ce);
	}
	{
		SIMPLE(ce, id, DISPUTE_ESCALATED, dispute_escalated, Cvdlog__DisputeEscalated,
		       CVDLOG__DISPUTE_ESCALATED__INIT);
		dispute_escalated_m.dispute = dispute;
		dispute_escalated_m.coordinator = "other";
		refused_case(&w, REP, &ce, CVD_EINVAL, "no coordinator org");
		dispute_escalated_m.coordinator = "cert";
		OK(&w, REP, &ce);
		refused_case(&w, REP, &ce, CVD_ETRANSITION, "escalated already");
	}
	{
		SIMPLE(ce, id, DISPUTE_RESOLVED, dispute_resolved, Cvdlog__DisputeResolved,
		       CVDLOG__DISPUTE_RESOLVED__INIT);
		cw_commit(&st3, "statement", "raised to high");
		dispute_resolved_m.dispute = dispute;
		dispute_resolved_m.outcome = CVDLOG__DISPUTE_OUTCOME__SETTLED;
		dispute_resolved_m.statement = &st3.c;
		cw_set_readers(&w.cw, &ce);
		refused_case(&w, ALICE, &ce, CVD_EUNAUTH, "resolved by coordinator cert");
		OK(&w, CODY, &ce);
		cw_commit(&st3, "statement", "again");
		refused_case(&w, CODY, &ce, CVD_ETRANSITION, "resolved already");
	}
	cs = cases_find(w.c, id);
	ck_assert_uint_eq(cs->cc_ndisputes, 1);
	ck_assert_int_eq(cs->cc_disputes[0].cd_state, CASES_DISPUTE_RESOLVED);
	ck_assert_str_eq(cs->cc_disputes[0].cd_coordinator, "cert");
	world_free(&w);
}
END_TEST

START_TEST(roster_changes)
{
	struct world w;
	Cvdlog__Event e = CVDLOG__EVENT__INIT;
	Cvdlog__RosterChange rc = CVDLOG__ROSTER_CHANGE__INIT;
	Cvdlog__MemberAdd add = CVDLOG__MEMBER_ADD__INIT;
	Cvdlog__PolicySet ps = CVDLOG__POLICY_SET__INIT;
	struct cw_commit desc;

	world_init(&w);
	e.body_case = CVDLOG__EVENT__BODY_ROSTER;
	e.roster = &rc;
	rc.org = "acme";
	rc.change_case = CVDLOG__ROSTER_CHANGE__CHANGE_ADD_MEMBER;
	rc.add_member = &add;
	add.id = "eve";
	add.role = "member";
	add.vkey = w.cw.vkey[EVE];
	ck_assert_int_eq(put(&w, BOB, &e), CVD_EUNAUTH); /* a member, not an admin */
	ck_assert_ptr_nonnull(strstr(w.why, "only an admin of org acme"));
	ck_assert_int_eq(put(&w, OSCAR, &e), CVD_EUNAUTH); /* another org's admin */
	add.role = "coordinator";
	ck_assert_int_eq(put(&w, ALICE, &e), CVD_EINVAL); /* not a vendor role */
	add.role = "member";
	ck_assert_msg(put(&w, ALICE, &e) == 0, "%s", w.why);
	/* eve now acts for acme, and every acme report must be sealed to her */
	{
		Cvdlog__CaseEvent ce = CVDLOG__CASE_EVENT__INIT;
		Cvdlog__ReportSubmitted r = CVDLOG__REPORT_SUBMITTED__INIT;
		Cvdlog__Commitment *f[1];
		cw_commit(&desc, "description", "sql injection");
		f[0] = &desc.c;
		r.vendor = "acme";
		r.channel = CVDLOG__CHANNEL__EMAIL;
		r.n_fields = 1;
		r.fields = f;
		ce.kind_case = CVDLOG__CASE_EVENT__KIND_REPORT;
		ce.report = &r;
		cw_set_readers(&w.cw, &ce);
		refused_case(&w, REP, &ce, CVD_EINVAL,
		             "member eve of vendor org acme is not a reader");
	}
	/* policy: the maximum embargo is tightened to 10 days */
	rc.change_case = CVDLOG__ROSTER_CHANGE__CHANGE_SET_POLICY;
	rc.set_policy = &ps;
	ps.name = "embargo-max";
	ps.value = "10d";
	ck_assert_int_eq(put(&w, BOB, &e), CVD_EUNAUTH);
	ck_assert_msg(put(&w, ALICE, &e) == 0, "%s", w.why);
	ck_assert_uint_eq(roster_find_org(cases_roster(w.c), "acme")->ro_policy.rp_embargo_max_s,
	                  10 * 86400);
	ps.value = "soon";
	ck_assert_int_eq(put(&w, ALICE, &e), CVD_EINVAL);
	ck_assert_ptr_nonnull(strstr(w.why, "roster: "));
	world_free(&w);
}
END_TEST

/* An org's own records: products and incidents, by its members only; an
 * incident's details are sealed to every member of the org. */
START_TEST(org_records)
{
	struct world w;
	struct cw_commit det;
	Cvdlog__Event e = CVDLOG__EVENT__INIT;
	Cvdlog__OrgEvent oe = CVDLOG__ORG_EVENT__INIT;
	Cvdlog__ProductRegistered pr = CVDLOG__PRODUCT_REGISTERED__INIT;
	Cvdlog__IncidentReported in = CVDLOG__INCIDENT_REPORTED__INIT;

	world_init(&w);
	e.body_case = CVDLOG__EVENT__BODY_ORG_EVENT;
	e.org_event = &oe;
	oe.org = "acme";
	oe.kind_case = CVDLOG__ORG_EVENT__KIND_PRODUCT_REGISTERED;
	oe.product_registered = &pr;
	pr.model = "Phone 12";
	pr.first_shipment_ms = T0 - 400 * DAY;
	pr.support_end_ms = T0 + 400 * DAY;
	ck_assert_int_eq(put(&w, OSCAR, &e), CVD_EUNAUTH);
	ck_assert_int_eq(put(&w, REP, &e), CVD_EUNAUTH);
	pr.support_end_ms = pr.first_shipment_ms;
	ck_assert_int_eq(put(&w, BOB, &e), CVD_EINVAL);
	ck_assert_ptr_nonnull(strstr(w.why, "support end"));
	pr.support_end_ms = T0 + 400 * DAY;
	ck_assert_msg(put(&w, BOB, &e) == 0, "%s", w.why);
	ck_assert_int_eq(put(&w, ALICE, &e), CVD_EINVAL); /* once per model */
	ck_assert_uint_eq(cases_product_count(w.c), 1);
	ck_assert_str_eq(cases_product_at(w.c, 0)->cp_model, "Phone 12");

	oe.kind_case = CVDLOG__ORG_EVENT__KIND_INCIDENT_REPORTED;
	oe.incident_reported = &in;
	cw_commit(&det, "details", "customer saw a crash loop");
	in.product = "Phone 12";
	in.details = &det.c;
	in.n_readers = 1;
	in.readers = w.cw.readers; /* alice only: bob is missing */
	ck_assert_int_eq(put(&w, BOB, &e), CVD_EINVAL);
	ck_assert_ptr_nonnull(strstr(w.why, "member bob of vendor org acme is not a reader"));
	in.n_readers = 2;
	ck_assert_msg(put(&w, BOB, &e) == 0, "%s", w.why);
	ck_assert_int_eq(put(&w, BOB, &e), CVD_EINVAL); /* the digest is used */
	world_free(&w);
}
END_TEST

/* EU CRA Article 14: order (no notification before awareness, no final
 * report before the notification) and roles (the vendor PSIRT only). */
START_TEST(cra_order_and_roles)
{
	struct world w;
	struct cw_commit desc, ev, content, content2, content3;
	Cvdlog__CaseEvent ce;
	Cvdlog__ExploitationAware aw = CVDLOG__EXPLOITATION_AWARE__INIT;
	Cvdlog__RegulatorReport rr = CVDLOG__REGULATOR_REPORT__INIT;
	Cvdlog__UsersNotified un = CVDLOG__USERS_NOTIFIED__INIT;
	static uint8_t sha[32] = {3};
	const struct cases_case *cs;
	uint64_t id;

	world_init(&w);
	id = report(&w, &desc);
	/* a notification before awareness */
	cvdlog__case_event__init(&ce);
	ce.case_id = id;
	ce.kind_case = CVDLOG__CASE_EVENT__KIND_REGULATOR_REPORT;
	ce.regulator_report = &rr;
	rr.stage = CVDLOG__REGULATOR_STAGE__NOTIFICATION;
	rr.authority = "ENISA SRP";
	rr.reference = "SRP-2026-0001";
	rr.sent_sha256.data = sha;
	rr.sent_sha256.len = 32;
	cw_commit(&content, "content", "notification text");
	rr.content = &content.c;
	cw_set_readers(&w.cw, &ce);
	refused_case(&w, ALICE, &ce, CVD_ETRANSITION,
	             "no notification before the vendor records exploitation aware");
	un.channel = "bulletin";
	un.notice_sha256.data = sha;
	un.notice_sha256.len = 32;
	{
		Cvdlog__CaseEvent ue = CVDLOG__CASE_EVENT__INIT;
		ue.case_id = id;
		ue.kind_case = CVDLOG__CASE_EVENT__KIND_USERS_NOTIFIED;
		ue.users_notified = &un;
		refused_case(&w, ALICE, &ue, CVD_ETRANSITION, "record exploitation aware first");
	}
	/* awareness: the vendor only; it turns A on */
	{
		Cvdlog__CaseEvent ae = CVDLOG__CASE_EVENT__INIT;
		ae.case_id = id;
		ae.kind_case = CVDLOG__CASE_EVENT__KIND_EXPLOITATION_AWARE;
		ae.exploitation_aware = &aw;
		cw_commit(&ev, "evidence", "honeypot logs");
		aw.evidence = &ev.c;
		cw_set_readers(&w.cw, &ae);
		refused_case(&w, REP, &ae, CVD_EUNAUTH, "only a member of vendor org acme");
		refused_case(&w, OSCAR, &ae, CVD_EUNAUTH, "only a member of vendor org acme");
		OK(&w, BOB, &ae);
		cw_commit(&ev, "evidence", "more logs");
		refused_case(&w, BOB, &ae, CVD_ETRANSITION, "recorded already");
	}
	cs = cases_find(w.c, id);
	ck_assert_uint_ne(cs->cc_flags & RULES_CS_A, 0);
	ck_assert_uint_ne(cs->cc_aware_ms, 0);
	/* the final report before the notification */
	rr.stage = CVDLOG__REGULATOR_STAGE__FINAL_REPORT;
	refused_case(&w, ALICE, &ce, CVD_ETRANSITION, "no final report before the notification");
	rr.stage = CVDLOG__REGULATOR_STAGE__EARLY_WARNING;
	refused_case(&w, REP, &ce, CVD_EUNAUTH, "only a member of vendor org acme");
	rr.sent_sha256.len = 31;
	refused_case(&w, ALICE, &ce, CVD_EINVAL, "sent sha256");
	rr.sent_sha256.len = 32;
	OK(&w, ALICE, &ce);
	cw_commit(&content2, "content", "notification text 2");
	rr.content = &content2.c;
	refused_case(&w, ALICE, &ce, CVD_ETRANSITION, "the early warning was submitted already");
	rr.stage = CVDLOG__REGULATOR_STAGE__NOTIFICATION;
	OK(&w, ALICE, &ce);
	/* intermediate reports: any number between notification and final */
	{
		struct cw_commit i1, i2, i3;
		rr.stage = CVDLOG__REGULATOR_STAGE__INTERMEDIATE;
		cw_commit(&i1, "content", "intermediate 1");
		rr.content = &i1.c;
		OK(&w, ALICE, &ce);
		cw_commit(&i2, "content", "intermediate 2");
		rr.content = &i2.c;
		OK(&w, ALICE, &ce);
		rr.stage = CVDLOG__REGULATOR_STAGE__FINAL_REPORT;
		cw_commit(&content3, "content", "final report text");
		rr.content = &content3.c;
		OK(&w, ALICE, &ce);
		rr.stage = CVDLOG__REGULATOR_STAGE__INTERMEDIATE;
		cw_commit(&i3, "content", "intermediate 3");
		rr.content = &i3.c;
		refused_case(&w, ALICE, &ce, CVD_ETRANSITION,
		             "no intermediate report after the final one");
	}
	cs = cases_find(w.c, id);
	ck_assert_uint_ne(cs->cc_stage_ms[CVDLOG__REGULATOR_STAGE__FINAL_REPORT], 0);
	world_free(&w);
}
END_TEST

Suite *suite_cases(void)
{
	Suite *s = suite_create("cases");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, xiaomi_flow);
	tcase_add_test(tc, roles);
	tcase_add_test(tc, transitions);
	tcase_add_test(tc, fields);
	tcase_add_test(tc, reports);
	tcase_add_test(tc, embargo);
	tcase_add_test(tc, embargo_expires);
	tcase_add_test(tc, embargo_after_attacks);
	tcase_add_test(tc, multiparty_dispute);
	tcase_add_test(tc, roster_changes);
	tcase_add_test(tc, org_records);
	tcase_add_test(tc, cra_order_and_roles);
	suite_add_tcase(s, tc);
	return s;
}
