/*
 * test_audit.c: lib/audit.c and lib/audit_process.c on logs built here,
 * entry by entry, with times chosen freely (a real node stamps its own
 * time, so late acknowledgements and advisories can only be made here).
 * Integrity: a clean log passes; a flipped byte, a swapped entry, a broken
 * signature, a broken chain, time going back, a checkpoint by a key outside
 * the policy, a rollback and a fork are each caught with the index named,
 * and the state saved by one run lets the next check only new entries.
 * Process: each finding appears exactly when its deadline is missed.
 */
#include <check.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "caseworld.h"
#include "checkpoint.h"
#include "cvdlog.pb-c.h"
#include "entry.h"
#include "error.h"
#include "note.h"
#include "policy.h"
#include "testutil.h"

#define ORIGIN "audit.example/log"
#define T0     1750000000000ull
#define HOUR   3600000ull
#define DAY    (24 * HOUR)

/* A log held in memory, as a node would have written it. */
struct tlog {
	struct cw_world w;
	struct policy pol;
	uint8_t *e[256];
	size_t len[256];
	size_t n;
	struct merkle_frontier f;
	uint8_t prev[32];
};

/* tlog_add_at: the event signed with time ev_time, sequenced at time. */
static void tlog_add_at(struct tlog *t, int author, Cvdlog__Event *ev, uint64_t ev_time,
                        uint64_t time);

static void tlog_add(struct tlog *t, int author, Cvdlog__Event *ev, uint64_t time)
{
	tlog_add_at(t, author, ev, time, time);
}

static void tlog_add_at(struct tlog *t, int author, Cvdlog__Event *ev, uint64_t ev_time,
                        uint64_t time)
{
	struct entry e;
	uint8_t *evb, leaf[32];
	size_t evlen;

	ck_assert_uint_lt(t->n, 256);
	evb = cw_pack(&t->w, author, ev, ev_time, &evlen);
	memset(&e, 0, sizeof(e));
	e.e_index = t->n;
	e.e_time_ms = time;
	memcpy(e.e_prev, t->prev, 32);
	memcpy(e.e_author, keys_signer_pk(t->w.k[author]), KEYS_PK_LEN);
	entry_sign_event(t->w.k[author], ORIGIN, evb, evlen, e.e_sig);
	e.e_event = evb;
	e.e_event_len = (uint32_t)evlen;
	t->len[t->n] = entry_len(&e);
	t->e[t->n] = malloc(t->len[t->n]);
	entry_encode(&e, t->e[t->n]);
	merkle_leaf_hash(t->e[t->n], t->len[t->n], leaf);
	merkle_frontier_append(&t->f, leaf, NULL, NULL);
	memcpy(t->prev, leaf, 32);
	t->n++;
	free(evb);
}

static void tlog_case(struct tlog *t, int author, Cvdlog__CaseEvent *ce, uint64_t time)
{
	Cvdlog__Event e = CVDLOG__EVENT__INIT;
	e.body_case = CVDLOG__EVENT__BODY_CASE_EVENT;
	e.case_event = ce;
	tlog_add(t, author, &e, time);
}

static void tlog_note(struct tlog *t, const char *text, uint64_t time)
{
	Cvdlog__Event e = CVDLOG__EVENT__INIT;
	Cvdlog__Note n = CVDLOG__NOTE__INIT;
	n.text = (char *)text;
	e.body_case = CVDLOG__EVENT__BODY_NOTE;
	e.note = &n;
	tlog_add(t, EVE, &e, time);
}

static void tlog_init(struct tlog *t)
{
	Cvdlog__Event e = CVDLOG__EVENT__INIT;
	Cvdlog__Genesis g = CVDLOG__GENESIS__INIT;
	Cvdlog__NodeInfo ni = CVDLOG__NODE_INFO__INIT, *nip = &ni;
	struct keys_verifier v;
	char *roster;

	memset(t, 0, sizeof(*t));
	cw_keys(&t->w, ORIGIN);
	keys_signer_verifier(t->w.k[NODE], &v);
	policy_single_node(&t->pol, ORIGIN, &v);
	roster = cw_roster(&t->w);
	ni.name = "n1";
	ni.vkey = t->w.vkey[NODE];
	g.origin = ORIGIN;
	g.n_nodes = 1;
	g.nodes = &nip;
	g.roster = roster;
	e.body_case = CVDLOG__EVENT__BODY_GENESIS;
	e.genesis = &g;
	tlog_add(t, NODE, &e, T0);
	free(roster);
}

static void tlog_free(struct tlog *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->e[i]);
	cw_free(&t->w);
}

/* tlog_checkpoint: a note for the first size entries, signed by key. */
static char *tlog_checkpoint(struct tlog *t, size_t size, struct keys_signer *key, size_t *len)
{
	struct merkle_frontier f;
	struct checkpoint cp;
	uint8_t leaf[32];
	char *buf = malloc(4096);
	size_t bl;
	int n;

	memset(&f, 0, sizeof(f));
	for (size_t i = 0; i < size; i++) {
		merkle_leaf_hash(t->e[i], t->len[i], leaf);
		merkle_frontier_append(&f, leaf, NULL, NULL);
	}
	snprintf(cp.c_origin, sizeof(cp.c_origin), "%s", ORIGIN);
	cp.c_size = size;
	merkle_frontier_root(&f, cp.c_root);
	bl = checkpoint_body(&cp, buf);
	buf[bl] = '\n';
	n = note_sign_line(key != NULL ? key : t->w.k[NODE], buf, bl, buf + bl + 1, 4096 - bl - 1);
	ck_assert_int_gt(n, 0);
	*len = bl + 1 + (size_t)n;
	return buf;
}

/* How run() feeds the entries: 0 audit_entry one at a time; audit_entries
 * with 1 batch in this thread, with 3 threads' batches, or (3) with 2
 * threads and no batches (libsodium one by one). */
static int run_mode;
enum { RUN_MODES = 4 };
static uint64_t run_max_skew_ms; /* 0: the default */

/* run audits entries [from, size) with a checkpoint for size; returns the
 * engine (the caller frees it). */
static struct audit *run(struct tlog *t, size_t size, uint64_t now, const char *state, int *rc)
{
	struct audit *a;
	char err[256], *note;
	size_t nlen;

	ck_assert_int_eq(audit_new(&t->pol, now, &a), 0);
	if (run_max_skew_ms > 0)
		audit_set_max_skew(a, run_max_skew_ms);
	if (state != NULL) {
		int lr = audit_load(a, state, err, sizeof(err));
		ck_assert_msg(lr == 0 || lr == CVD_ENOTFOUND, "%s", err);
	}
	*rc = 0;
	if (run_mode == 0) {
		for (size_t i = audit_size(a); i < size && *rc == 0; i++)
			*rc = audit_entry(a, t->e[i], t->len[i]);
	} else if (audit_size(a) < size) {
		size_t from = audit_size(a);
		audit_set_batch(a, run_mode != 3);
		*rc = audit_entries(a, (const uint8_t *const *)t->e + from, t->len + from,
		                    size - from,
		                    run_mode == 1   ? 1
		                    : run_mode == 2 ? 3
		                                    : 2);
	}
	if (*rc == 0) {
		note = tlog_checkpoint(t, size, NULL, &nlen);
		*rc = audit_checkpoint(a, note, nlen, NULL, 0);
		free(note);
	}
	if (*rc == 0)
		*rc = audit_finish(a);
	return a;
}

/* expect_failure: every run mode fails with frag in the reason. */
static void expect_failure(struct tlog *t, const char *frag)
{
	for (run_mode = 0; run_mode < RUN_MODES; run_mode++) {
		int rc;
		struct audit *a = run(t, t->n, T0, NULL, &rc);

		ck_assert_int_eq(rc, CVD_ECORRUPT);
		ck_assert_ptr_nonnull(audit_failure(a));
		ck_assert_msg(strstr(audit_failure(a)->au_what, frag) != NULL,
		              "mode %d: \"%s\" lacks \"%s\"", run_mode, audit_failure(a)->au_what,
		              frag);
		audit_free(a);
	}
	run_mode = 0;
}

START_TEST(integrity)
{
	struct tlog t;
	struct audit *a;
	uint8_t *save;
	int rc;

	tlog_init(&t);
	for (int i = 0; i < 20; i++)
		tlog_note(&t, "hello", T0 + (uint64_t)i * 1000);
	for (run_mode = 0; run_mode < RUN_MODES; run_mode++) {
		a = run(&t, t.n, T0, NULL, &rc);
		ck_assert_int_eq(rc, 0);
		ck_assert_ptr_null(audit_failure(a));
		ck_assert_uint_eq(audit_size(a), 21);
		audit_free(a);
	}
	run_mode = 0;

	/* one byte of entry 7's event */
	t.e[7][t.len[7] - 3] ^= 1;
	expect_failure(&t, "entry 7: event signature does not verify");
	t.e[7][t.len[7] - 3] ^= 1;
	/* one byte of entry 7's time: the event signature does not cover it,
	 * entry 8's prev catches it */
	t.e[7][10] ^= 1;
	expect_failure(&t, "entry 8: prev is not the leaf hash of entry 7");
	t.e[7][10] ^= 1;
	/* the signature replaced */
	save = malloc(64);
	memcpy(save, t.e[5] + 81, 64);
	memset(t.e[5] + 81, 0x55, 64);
	expect_failure(&t, "entry 5: event signature does not verify");
	memcpy(t.e[5] + 81, save, 64);
	free(save);
	/* two entries swapped */
	{
		uint8_t *p = t.e[3];
		size_t l = t.len[3];
		t.e[3] = t.e[4];
		t.len[3] = t.len[4];
		t.e[4] = p;
		t.len[4] = l;
		expect_failure(&t, "position 3 holds entry 4");
		t.e[4] = t.e[3];
		t.len[4] = t.len[3];
		t.e[3] = p;
		t.len[3] = l;
	}
	tlog_free(&t);
}
END_TEST

START_TEST(checkpoints_rollback_fork)
{
	struct tlog t, u;
	struct keys_signer *other;
	struct audit *a;
	char *dir = tu_tmpdir(), err[256], *note;
	size_t nlen;
	int rc;

	tlog_init(&t);
	for (int i = 0; i < 10; i++)
		tlog_note(&t, "a", T0 + (uint64_t)i);
	/* a checkpoint by a key outside the policy, with the same name */
	ck_assert_int_eq(keys_signer_generate(ORIGIN, &other), 0);
	ck_assert_int_eq(audit_new(&t.pol, T0, &a), 0);
	for (size_t i = 0; i < t.n; i++)
		ck_assert_int_eq(audit_entry(a, t.e[i], t.len[i]), 0);
	note = tlog_checkpoint(&t, t.n, other, &nlen);
	ck_assert_int_eq(audit_checkpoint(a, note, nlen, NULL, 0), CVD_ECORRUPT);
	ck_assert_ptr_nonnull(strstr(audit_failure(a)->au_what, "not signed as the trust policy"));
	ck_assert_ptr_nonnull(strstr(audit_failure(a)->au_what, "checkpoint size 11"));
	ck_assert_uint_eq(audit_failure(a)->au_index, 11);
	free(note);
	audit_free(a);
	keys_signer_free(other);

	/* run 1 saves size 11; run 2 sees 5 new entries only */
	a = run(&t, t.n, T0, dir, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(audit_save(a, dir, err, sizeof(err)), 0);
	audit_free(a);
	for (int i = 0; i < 5; i++)
		tlog_note(&t, "b", T0 + 100 + (uint64_t)i);
	a = run(&t, t.n, T0, dir, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(audit_stats(a)->as_entries, 5);
	ck_assert_int_eq(audit_save(a, dir, err, sizeof(err)), 0);
	audit_free(a);

	/* rollback: a signed checkpoint for 12 entries after one for 16 */
	ck_assert_int_eq(audit_new(&t.pol, T0, &a), 0);
	ck_assert_int_eq(audit_load(a, dir, err, sizeof(err)), 0);
	note = tlog_checkpoint(&t, 12, NULL, &nlen);
	ck_assert_int_eq(audit_checkpoint(a, note, nlen, NULL, 0), CVD_ECORRUPT);
	ck_assert_ptr_nonnull(strstr(audit_failure(a)->au_what, "rollback"));
	ck_assert_uint_eq(audit_failure(a)->au_index, 12);
	ck_assert_ptr_nonnull(audit_failure(a)->au_evidence);
	ck_assert_ptr_nonnull(strstr(audit_failure(a)->au_evidence, note));
	free(note);
	audit_free(a);

	/* fork: the same first 16 positions with another entry 15 */
	memset(&u, 0, sizeof(u));
	u = t;
	u.n = 15;
	{
		uint8_t leaf[32];
		memset(&u.f, 0, sizeof(u.f));
		for (size_t i = 0; i < 15; i++) {
			merkle_leaf_hash(t.e[i], t.len[i], leaf);
			merkle_frontier_append(&u.f, leaf, NULL, NULL);
		}
		memcpy(u.prev, leaf, 32);
	}
	tlog_note(&u, "another history", T0 + 200);
	ck_assert_int_eq(audit_new(&t.pol, T0, &a), 0);
	ck_assert_int_eq(audit_load(a, dir, err, sizeof(err)), 0);
	note = tlog_checkpoint(&u, 16, NULL, &nlen);
	ck_assert_int_eq(audit_checkpoint(a, note, nlen, NULL, 0), CVD_ECORRUPT);
	ck_assert_ptr_nonnull(strstr(audit_failure(a)->au_what, "fork"));
	ck_assert_ptr_nonnull(strstr(audit_failure(a)->au_evidence, note));
	free(note);
	audit_free(a);
	/* and a longer forked history does not extend the saved checkpoint */
	tlog_note(&u, "more", T0 + 300);
	a = run(&u, u.n, T0, dir, &rc);
	ck_assert_int_eq(rc, CVD_ECORRUPT);
	ck_assert_ptr_nonnull(strstr(audit_failure(a)->au_what, "fork"));
	audit_free(a);
	free(u.e[15]);
	free(u.e[16]);
	tlog_free(&t);
	tu_rmrf(dir);
	free(dir);
}
END_TEST

static size_t count_rule(const struct audit *a, const char *rule)
{
	size_t n = 0;
	for (size_t i = 0; i < audit_finding_count(a); i++)
		n += strcmp(audit_finding_at(a, i)->af_rule, rule) == 0;
	return n;
}

static uint64_t report_at(struct tlog *t, uint64_t time)
{
	Cvdlog__CaseEvent ce = CVDLOG__CASE_EVENT__INIT;
	Cvdlog__ReportSubmitted r = CVDLOG__REPORT_SUBMITTED__INIT;
	Cvdlog__Commitment *f[1];
	struct cw_commit desc;
	uint64_t id = t->n;

	cw_commit(&desc, "description", "a bug");
	f[0] = &desc.c;
	r.vendor = "acme";
	r.channel = CVDLOG__CHANNEL__EMAIL;
	r.n_fields = 1;
	r.fields = f;
	ce.kind_case = CVDLOG__CASE_EVENT__KIND_REPORT;
	ce.report = &r;
	cw_set_readers(&t->w, &ce);
	tlog_case(t, REP, &ce, time);
	return id;
}

static void ack_at(struct tlog *t, uint64_t id, uint64_t time)
{
	Cvdlog__CaseEvent ce = CVDLOG__CASE_EVENT__INIT;
	Cvdlog__Acknowledged ack = CVDLOG__ACKNOWLEDGED__INIT;
	ack.channel = CVDLOG__CHANNEL__EMAIL;
	ce.case_id = id;
	ce.kind_case = CVDLOG__CASE_EVENT__KIND_ACKNOWLEDGED;
	ce.acknowledged = &ack;
	tlog_case(t, BOB, &ce, time);
}

START_TEST(acknowledgement_deadline)
{
	struct tlog t;
	struct audit *a;
	uint64_t c1, c2, c3;
	int rc;

	tlog_init(&t);
	c1 = report_at(&t, T0 + HOUR);     /* acked after 47 h: in time */
	c2 = report_at(&t, T0 + 2 * HOUR); /* acked after 50 h: late */
	c3 = report_at(&t, T0 + 3 * HOUR); /* never acked */
	ack_at(&t, c1, T0 + 48 * HOUR);
	ack_at(&t, c2, T0 + 52 * HOUR);
	/* measured before c3's deadline: only the late ack */
	a = run(&t, t.n, T0 + 50 * HOUR, NULL, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(count_rule(a, "acknowledge"), 1);
	ck_assert_uint_eq(audit_finding_at(a, 0)->af_case, c2);
	ck_assert_ptr_nonnull(strstr(audit_finding_at(a, 0)->af_actual, "2d 2h after the report"));
	ck_assert_uint_eq(audit_stats(a)->as_n_ack, 2);
	audit_free(a);
	/* measured later: c3 was never acknowledged */
	a = run(&t, t.n, T0 + 60 * HOUR, NULL, &rc);
	ck_assert_uint_eq(count_rule(a, "acknowledge"), 2);
	ck_assert_uint_eq(audit_finding_at(a, audit_finding_count(a) - 1)->af_case, c3);
	audit_free(a);
	tlog_free(&t);
}
END_TEST

START_TEST(updates_and_advisory_deadline)
{
	struct tlog t;
	struct audit *a;
	Cvdlog__CaseEvent ce;
	Cvdlog__Validated v = CVDLOG__VALIDATED__INIT;
	Cvdlog__FixPlanReady fp = CVDLOG__FIX_PLAN_READY__INIT;
	Cvdlog__Accepted acc = CVDLOG__ACCEPTED__INIT;
	Cvdlog__AdvisoryPublished ad = CVDLOG__ADVISORY_PUBLISHED__INIT;
	Cvdlog__ProgressUpdate up = CVDLOG__PROGRESS_UPDATE__INIT;
	static uint8_t sha[32] = {1};
	uint64_t id;
	int rc;

	tlog_init(&t);
	id = report_at(&t, T0 + HOUR);
	ack_at(&t, id, T0 + 2 * HOUR);
	cvdlog__case_event__init(&ce);
	ce.case_id = id;
	v.exploitability = "remote";
	v.impact = "rce";
	v.cvss = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
	ce.kind_case = CVDLOG__CASE_EVENT__KIND_VALIDATED;
	ce.validated = &v;
	tlog_case(&t, BOB, &ce, T0 + 3 * HOUR);
	ce.kind_case = CVDLOG__CASE_EVENT__KIND_ACCEPTED;
	ce.accepted = &acc;
	tlog_case(&t, BOB, &ce, T0 + 4 * HOUR);
	ce.kind_case = CVDLOG__CASE_EVENT__KIND_FIX_PLAN_READY;
	ce.fix_plan_ready = &fp;
	tlog_case(&t, BOB, &ce, T0 + 10 * DAY);
	/* updates every 25 days, then a 40-day gap: one finding */
	up.channel = CVDLOG__CHANNEL__EMAIL;
	ce.kind_case = CVDLOG__CASE_EVENT__KIND_PROGRESS_UPDATE;
	ce.progress_update = &up;
	tlog_case(&t, BOB, &ce, T0 + 25 * DAY);
	tlog_case(&t, BOB, &ce, T0 + 50 * DAY);
	tlog_case(&t, BOB, &ce, T0 + 90 * DAY);
	tlog_case(&t, BOB, &ce, T0 + 115 * DAY);
	tlog_case(&t, BOB, &ce, T0 + 140 * DAY);
	tlog_case(&t, BOB, &ce, T0 + 165 * DAY);
	tlog_case(&t, BOB, &ce, T0 + 190 * DAY);
	/* the SA 200 days after the fix plan: 20 days late */
	ad.kind = CVDLOG__ADVISORY_KIND__SA;
	ad.advisory_id = "SA-1";
	ad.url = "https://acme.example/sa/1";
	ad.cvss = v.cvss;
	ad.text_sha256.data = sha;
	ad.text_sha256.len = 32;
	ce.kind_case = CVDLOG__CASE_EVENT__KIND_ADVISORY_PUBLISHED;
	ce.advisory_published = &ad;
	tlog_case(&t, ALICE, &ce, T0 + 210 * DAY);
	a = run(&t, t.n, T0 + 211 * DAY, NULL, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(count_rule(a, "progress-update"), 1);
	ck_assert_uint_eq(count_rule(a, "advisory-deadline"), 1);
	ck_assert_uint_eq(count_rule(a, "acknowledge"), 0);
	ck_assert_uint_eq(audit_finding_count(a), 2);
	for (size_t i = 0; i < audit_finding_count(a); i++)
		if (strcmp(audit_finding_at(a, i)->af_rule, "advisory-deadline") == 0)
			ck_assert_ptr_nonnull(
			    strstr(audit_finding_at(a, i)->af_actual, "20d 0h late"));
	ck_assert_uint_eq(audit_stats(a)->as_n_advisory, 1);
	audit_free(a);
	tlog_free(&t);
}
END_TEST

/* The node logged an event the rules refuse: a finding, and the state goes
 * on as if it were not there. */
START_TEST(rules_broken_by_the_log)
{
	struct tlog t;
	struct audit *a;
	Cvdlog__CaseEvent ce = CVDLOG__CASE_EVENT__INIT;
	Cvdlog__Accepted acc = CVDLOG__ACCEPTED__INIT;
	uint64_t id;
	int rc;

	tlog_init(&t);
	id = report_at(&t, T0 + HOUR);
	ack_at(&t, id, T0 + 2 * HOUR);
	ce.case_id = id;
	ce.kind_case = CVDLOG__CASE_EVENT__KIND_ACCEPTED;
	ce.accepted = &acc;
	tlog_case(&t, REP, &ce, T0 + 3 * HOUR); /* a reporter cannot accept */
	a = run(&t, t.n, T0 + 4 * HOUR, NULL, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(audit_finding_count(a), 1);
	ck_assert_str_eq(audit_finding_at(a, 0)->af_rule, "rules");
	ck_assert_ptr_nonnull(strstr(audit_finding_at(a, 0)->af_actual, "only a member"));
	ck_assert_uint_eq(audit_finding_at(a, 0)->af_indices[1], 3);
	audit_free(a);
	tlog_free(&t);
}
END_TEST

static void regulator_at(struct tlog *t, uint64_t id, int stage, uint64_t time,
                         struct cw_commit *content)
{
	Cvdlog__CaseEvent ce = CVDLOG__CASE_EVENT__INIT;
	Cvdlog__RegulatorReport rr = CVDLOG__REGULATOR_REPORT__INIT;
	static uint8_t sha[32] = {5};

	rr.stage = stage;
	rr.authority = "ENISA SRP";
	rr.reference = "SRP-1";
	rr.sent_sha256.data = sha;
	rr.sent_sha256.len = 32;
	rr.content = &content->c;
	ce.case_id = id;
	ce.kind_case = CVDLOG__CASE_EVENT__KIND_REGULATOR_REPORT;
	ce.regulator_report = &rr;
	cw_set_readers(&t->w, &ce);
	tlog_case(t, ALICE, &ce, time);
}

/* EU CRA Article 14 clocks (acme says cra on): a late early warning, a
 * notification in time, a late user notice, a final report never sent
 * after the corrective measure; each finding once, and the clocks. */
START_TEST(cra_clocks)
{
	struct tlog t;
	struct audit *a;
	struct audit_cra cr;
	struct cw_commit ev, c1, c2, d;
	Cvdlog__CaseEvent ce = CVDLOG__CASE_EVENT__INIT;
	Cvdlog__ExploitationAware aw = CVDLOG__EXPLOITATION_AWARE__INIT;
	Cvdlog__UsersNotified un = CVDLOG__USERS_NOTIFIED__INIT;
	Cvdlog__CorrectiveMeasure cm = CVDLOG__CORRECTIVE_MEASURE__INIT;
	static uint8_t sha[32] = {6};
	uint64_t id, aware = T0 + 2 * HOUR;
	int rc;

	tlog_init(&t);
	id = report_at(&t, T0);
	ack_at(&t, id, T0 + HOUR);
	ce.case_id = id;
	ce.kind_case = CVDLOG__CASE_EVENT__KIND_EXPLOITATION_AWARE;
	ce.exploitation_aware = &aw;
	cw_commit(&ev, "evidence", "logs");
	aw.evidence = &ev.c;
	cw_set_readers(&t.w, &ce);
	tlog_case(&t, BOB, &ce, aware);
	cw_commit(&c1, "content", "early warning");
	regulator_at(&t, id, CVDLOG__REGULATOR_STAGE__EARLY_WARNING, aware + 25 * HOUR, &c1);
	cw_commit(&c2, "content", "notification");
	regulator_at(&t, id, CVDLOG__REGULATOR_STAGE__NOTIFICATION, aware + 70 * HOUR, &c2);
	cvdlog__case_event__init(&ce);
	ce.case_id = id;
	ce.kind_case = CVDLOG__CASE_EVENT__KIND_USERS_NOTIFIED;
	ce.users_notified = &un;
	un.channel = "security bulletin";
	un.notice_sha256.data = sha;
	un.notice_sha256.len = 32;
	tlog_case(&t, BOB, &ce, aware + 80 * HOUR);
	cvdlog__case_event__init(&ce);
	ce.case_id = id;
	ce.kind_case = CVDLOG__CASE_EVENT__KIND_CORRECTIVE_MEASURE;
	ce.corrective_measure = &cm;
	cw_commit(&d, "description", "firmware 1.2.3");
	cm.description = &d.c;
	cw_set_readers(&t.w, &ce);
	tlog_case(&t, BOB, &ce, aware + 5 * DAY);
	/* before the final report is due: two late submissions */
	a = run(&t, t.n, aware + 10 * DAY, NULL, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(count_rule(a, "cra-early-warning"), 1);
	ck_assert_uint_eq(count_rule(a, "cra-users-notified"), 1);
	ck_assert_uint_eq(count_rule(a, "cra-notification"), 0);
	ck_assert_uint_eq(count_rule(a, "cra-final-report"), 0);
	ck_assert_uint_eq(audit_finding_count(a), 2);
	for (size_t i = 0; i < audit_finding_count(a); i++) {
		const struct audit_finding *f = audit_finding_at(a, i);
		if (strcmp(f->af_rule, "cra-early-warning") == 0)
			ck_assert_ptr_nonnull(
			    strstr(f->af_actual, "1d 1h after awareness, 1h 0m late"));
		else
			ck_assert_ptr_nonnull(
			    strstr(f->af_actual, "3d 8h after awareness, 8h 0m late"));
	}
	ck_assert_int_eq(audit_cra_clocks(a, id, &cr), 0);
	ck_assert_uint_eq(cr.acr_aware_ms, aware);
	ck_assert_uint_eq(cr.acr_due[AUDIT_CRA_EARLY], aware + 24 * HOUR);
	ck_assert_uint_eq(cr.acr_due[AUDIT_CRA_NOTIFY], aware + 72 * HOUR);
	ck_assert_uint_eq(cr.acr_due[AUDIT_CRA_FINAL], aware + 19 * DAY);
	ck_assert_uint_eq(cr.acr_at[AUDIT_CRA_NOTIFY], aware + 70 * HOUR);
	ck_assert_uint_eq(cr.acr_at[AUDIT_CRA_FINAL], 0);
	audit_free(a);
	/* after it is due: the final report is missing */
	a = run(&t, t.n, aware + 20 * DAY, NULL, &rc);
	ck_assert_uint_eq(count_rule(a, "cra-final-report"), 1);
	ck_assert_uint_eq(audit_finding_count(a), 3);
	audit_free(a);

	/* a severe incident: the final report is due a month after the
	 * notification, whatever the corrective measure */
	{
		uint64_t id2 = report_at(&t, aware + 21 * DAY),
		         aware2 = aware + 21 * DAY + 2 * HOUR;
		struct cw_commit ev2, n2, e2;
		ack_at(&t, id2, aware + 21 * DAY + HOUR);
		cvdlog__case_event__init(&ce);
		ce.case_id = id2;
		ce.kind_case = CVDLOG__CASE_EVENT__KIND_EXPLOITATION_AWARE;
		ce.exploitation_aware = &aw;
		cw_commit(&ev2, "evidence", "incident logs");
		aw.evidence = &ev2.c;
		aw.severe_incident = 1;
		cw_set_readers(&t.w, &ce);
		tlog_case(&t, BOB, &ce, aware2);
		cw_commit(&e2, "content", "early warning 2");
		regulator_at(&t, id2, CVDLOG__REGULATOR_STAGE__EARLY_WARNING, aware2 + HOUR, &e2);
		cw_commit(&n2, "content", "notification 2");
		regulator_at(&t, id2, CVDLOG__REGULATOR_STAGE__NOTIFICATION, aware2 + 2 * HOUR,
		             &n2);
		a = run(&t, t.n, aware2 + 10 * DAY, NULL, &rc);
		ck_assert_int_eq(rc, 0);
		ck_assert_int_eq(audit_cra_clocks(a, id2, &cr), 0);
		ck_assert_uint_eq(cr.acr_due[AUDIT_CRA_FINAL], aware2 + 2 * HOUR + 30 * DAY);
		audit_free(a);
	}
	tlog_free(&t);
}
END_TEST

/* A crash between the two renames of audit_save leaves the old state with
 * the new (longer) domain file: the next run reads the old prefix. */
START_TEST(state_survives_a_torn_save)
{
	struct tlog t;
	struct audit *a;
	char *d1 = tu_tmpdir(), *d2 = tu_tmpdir(), err[256], cmd[2048];
	uint64_t id;
	int rc;

	tlog_init(&t);
	id = report_at(&t, T0 + HOUR);
	a = run(&t, t.n, T0 + 2 * HOUR, d1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(audit_save(a, d1, err, sizeof(err)), 0);
	audit_free(a);
	ack_at(&t, id, T0 + 3 * HOUR);
	(void)report_at(&t, T0 + 4 * HOUR);
	snprintf(cmd, sizeof(cmd), "cp %s/state %s/domain %s/", d1, d1, d2);
	ck_assert_int_eq(system(cmd), 0);
	a = run(&t, t.n, T0 + 5 * HOUR, d2, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(audit_save(a, d2, err, sizeof(err)), 0);
	audit_free(a);
	/* torn: d1's state, d2's domain */
	snprintf(cmd, sizeof(cmd), "cp %s/domain %s/domain", d2, d1);
	ck_assert_int_eq(system(cmd), 0);
	a = run(&t, t.n, T0 + 5 * HOUR, d1, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(audit_stats(a)->as_entries, 2); /* only the two new ones */
	ck_assert_uint_eq(audit_stats(a)->as_cases, 2);
	ck_assert_uint_eq(audit_stats(a)->as_n_ack, 1);
	audit_free(a);
	tu_rmrf(d1);
	tu_rmrf(d2);
	free(d1);
	free(d2);
	tlog_free(&t);
}
END_TEST

/* The node's sequencing time against the author's signed time. */
START_TEST(time_skew)
{
	struct tlog t;
	struct audit *a;
	Cvdlog__Event e = CVDLOG__EVENT__INIT;
	Cvdlog__Note n = CVDLOG__NOTE__INIT;
	int rc;

	tlog_init(&t);
	n.text = "on time";
	e.body_case = CVDLOG__EVENT__BODY_NOTE;
	e.note = &n;
	tlog_add_at(&t, EVE, &e, T0 + 1000, T0 + 1000 + 299000); /* within 300 s */
	n.text = "back-dated by the node";
	tlog_add_at(&t, EVE, &e, T0 + 3600000, T0 + 3600000 - 0); /* equal */
	n.text = "sequenced 10 minutes after the author signed it";
	tlog_add_at(&t, EVE, &e, T0 + 3600000, T0 + 3600000 + 600000);
	n.text = "42 s and 7 ms early";
	tlog_add_at(&t, EVE, &e, T0 + 5000000, T0 + 5000000 - 42000);
	tlog_add_at(&t, EVE, &e, T0 + 5100000, T0 + 5100000 - 7);
	a = run(&t, t.n, T0 + DAY, NULL, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(audit_finding_count(a), 1);
	ck_assert_str_eq(audit_finding_at(a, 0)->af_rule, "time-skew");
	ck_assert_uint_eq(audit_finding_at(a, 0)->af_indices[0], 3);
	ck_assert_ptr_nonnull(strstr(audit_finding_at(a, 0)->af_actual, "10m after"));
	audit_free(a);
	/* a tighter limit (cvdlog audit --max-skew) finds the small ones, in
	 * seconds and milliseconds */
	run_max_skew_ms = 5;
	a = run(&t, t.n, T0 + DAY, NULL, &rc);
	run_max_skew_ms = 0;
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(audit_finding_count(a), 4);
	ck_assert_ptr_nonnull(strstr(audit_finding_at(a, 0)->af_actual, "4m after"));
	ck_assert_ptr_nonnull(strstr(audit_finding_at(a, 2)->af_actual, "42s before"));
	ck_assert_ptr_nonnull(strstr(audit_finding_at(a, 3)->af_actual, "7ms before"));
	audit_free(a);
	tlog_free(&t);
}
END_TEST

Suite *suite_audit(void)
{
	Suite *s = suite_create("audit");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, integrity);
	tcase_add_test(tc, checkpoints_rollback_fork);
	tcase_add_test(tc, acknowledgement_deadline);
	tcase_add_test(tc, updates_and_advisory_deadline);
	tcase_add_test(tc, rules_broken_by_the_log);
	tcase_add_test(tc, cra_clocks);
	tcase_add_test(tc, state_survives_a_torn_save);
	tcase_add_test(tc, time_skew);
	suite_add_tcase(s, tc);
	return s;
}
