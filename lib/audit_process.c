/*
 * audit_process.c: the auditor's process checks (DESIGN.md section 10,
 * docs/audit.md): every CVD event goes through the rules table
 * (cases_apply) as the node's did, and each vendor's policy, as the roster
 * stood at that entry, is held against what happened: acknowledgement,
 * progress updates, the advisory deadline (with recorded extensions), the
 * embargo, reveals before publication, disputes, support windows. Also the
 * case timelines and the statistics for the reports.
 */
#include "audit_int.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cvdlog.pb-c.h"
#include "error.h"

#define DAY_MS             86400000ull
#define AUDIT_DISPUTE_DAYS 14 /* a project default: no seed page sets one */

int audit_add_finding(struct audit *a, uint64_t case_id, const char *org, const char *rule,
                      const char *expected, const uint64_t *idx, unsigned nidx,
                      const char *actual_fmt, ...)
{
	struct audit_finding *f;
	va_list ap;

	if (a->a_nfindings == a->a_capfindings) {
		size_t cap = a->a_capfindings ? 2 * a->a_capfindings : 16;
		struct audit_finding *p = realloc(a->a_findings, cap * sizeof(*p));
		if (p == NULL)
			return CVD_ENOMEM;
		a->a_findings = p;
		a->a_capfindings = cap;
	}
	f = &a->a_findings[a->a_nfindings++];
	memset(f, 0, sizeof(*f));
	f->af_case = case_id;
	snprintf(f->af_org, sizeof(f->af_org), "%s", org != NULL ? org : "");
	f->af_rule = rule;
	snprintf(f->af_expected, sizeof(f->af_expected), "%s", expected);
	va_start(ap, actual_fmt);
	vsnprintf(f->af_actual, sizeof(f->af_actual), actual_fmt, ap);
	va_end(ap);
	for (unsigned i = 0; i < nidx && i < AUDIT_MAX_INDICES; i++)
		f->af_indices[f->af_nindices++] = idx[i];
	return 0;
}

size_t audit_finding_count(const struct audit *a)
{
	return a->a_nfindings;
}

const struct audit_finding *audit_finding_at(const struct audit *a, size_t i)
{
	return i < a->a_nfindings ? &a->a_findings[i] : NULL;
}

const struct audit_stats *audit_stats(const struct audit *a)
{
	return &a->a_stats;
}

const struct cases *audit_cases(const struct audit *a)
{
	return a->a_cases;
}

static struct audit_case *find_case(const struct audit *a, uint64_t id)
{
	size_t lo = 0, hi = a->a_ncases;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (a->a_acases[mid].ac_id == id)
			return &a->a_acases[mid];
		if (a->a_acases[mid].ac_id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct audit_event *audit_timeline(const struct audit *a, uint64_t id, size_t *n)
{
	const struct audit_case *c = find_case(a, id);

	*n = c != NULL ? c->ac_nevents : 0;
	return c != NULL ? c->ac_events : NULL;
}

void audit_process_free(struct audit *a)
{
	for (size_t i = 0; i < a->a_ncases; i++)
		free(a->a_acases[i].ac_events);
	free(a->a_acases);
	free(a->a_findings);
	a->a_acases = NULL;
	a->a_findings = NULL;
}

static const struct roster_policy *vendor_policy(const struct audit *a, const char *org)
{
	const struct roster *r = cases_roster(a->a_cases);
	const struct roster_org *o = r != NULL ? roster_find_org(r, org) : NULL;
	return o != NULL ? &o->ro_policy : NULL;
}

/* dur: a duration as "3d 4h" (or "25m"), for messages. */
const char *audit_duration(uint64_t ms, char *buf, size_t cap)
{
	uint64_t m = ms / 60000, h = m / 60, d = h / 24;

	if (d > 0)
		snprintf(buf, cap, "%" PRIu64 "d %" PRIu64 "h", d, h % 24);
	else if (h > 0)
		snprintf(buf, cap, "%" PRIu64 "h %" PRIu64 "m", h, m % 60);
	else if (m > 0)
		snprintf(buf, cap, "%" PRIu64 "m", m);
	else if (ms >= 1000)
		snprintf(buf, cap, "%" PRIu64 "s", ms / 1000);
	else
		snprintf(buf, cap, "%" PRIu64 "ms", ms);
	return buf;
}

/* author_label: "org/member", "reporter" or a key name. */
static void author_label(const struct audit *a, const struct cases_case *cs, const uint8_t *pk,
                         const struct event_view *ev, char *out, size_t cap)
{
	const struct roster *r = cases_roster(a->a_cases);
	const struct roster_org *org = NULL;
	const struct roster_member *m = r != NULL ? roster_find_member_by_key(r, pk, &org) : NULL;

	if (m != NULL && org != NULL)
		snprintf(out, cap, "%.63s/%.63s", org->ro_id, m->rm_id);
	else if (cs != NULL && memcmp(cs->cc_reporter, pk, KEYS_PK_LEN) == 0)
		snprintf(out, cap, "reporter");
	else
		snprintf(out, cap, "%s", ev->ev_signer_key.kv_name);
}

static int add_event(struct audit_case *c, const struct entry *e, const char *kind,
                     const char *author, const char *detail)
{
	struct audit_event *ev;

	if (c->ac_nevents == c->ac_capevents) {
		size_t cap = c->ac_capevents ? 2 * c->ac_capevents : 8;
		struct audit_event *p = realloc(c->ac_events, cap * sizeof(*p));
		if (p == NULL)
			return CVD_ENOMEM;
		c->ac_events = p;
		c->ac_capevents = cap;
	}
	ev = &c->ac_events[c->ac_nevents++];
	memset(ev, 0, sizeof(*ev));
	ev->ae_index = e->e_index;
	ev->ae_time_ms = e->e_time_ms;
	ev->ae_kind = kind;
	snprintf(ev->ae_author, sizeof(ev->ae_author), "%s", author);
	snprintf(ev->ae_detail, sizeof(ev->ae_detail), "%s", detail);
	return 0;
}

static struct audit_case *new_case(struct audit *a, uint64_t id, const char *vendor, uint64_t t,
                                   const struct roster_policy *p)
{
	struct audit_case *c;

	if (a->a_ncases == a->a_capcases) {
		size_t cap = a->a_capcases ? 2 * a->a_capcases : 16;
		struct audit_case *n = realloc(a->a_acases, cap * sizeof(*n));
		if (n == NULL)
			return NULL;
		a->a_acases = n;
		a->a_capcases = cap;
	}
	c = &a->a_acases[a->a_ncases++]; /* ids grow: the array stays sorted */
	memset(c, 0, sizeof(*c));
	c->ac_id = id;
	snprintf(c->ac_vendor, sizeof(c->ac_vendor), "%s", vendor);
	c->ac_report_ms = t;
	c->ac_ack_due = t + (p != NULL ? p->rp_ack_s * 1000 : 0);
	c->ac_update_due = 0; /* the update clock starts at the acknowledgement */
	(void)p;
	return c;
}

/* advisory_due: the later of validated and fix plan, plus the policy's
 * time, or an extension; 0 while either is missing. */
static uint64_t advisory_due(const struct audit_case *c, const struct roster_policy *p)
{
	uint64_t from;

	if (c->ac_validated_ms == 0 || c->ac_fix_plan_ms == 0 || p == NULL)
		return 0;
	from = c->ac_validated_ms > c->ac_fix_plan_ms ? c->ac_validated_ms : c->ac_fix_plan_ms;
	if (c->ac_advisory_ext > from + p->rp_advisory_s * 1000)
		return c->ac_advisory_ext;
	return from + p->rp_advisory_s * 1000;
}

/* vendor_overdue: a deadline of the vendor already missed at t. */
static int vendor_overdue(const struct audit_case *c, const struct roster_policy *p, uint64_t t)
{
	uint64_t due = advisory_due(c, p);

	if (c->ac_ack_ms == 0 ? t > c->ac_ack_due : c->ac_ack_ms > c->ac_ack_due)
		return 1;
	return due != 0 && c->ac_first_advisory == 0 && t > due;
}

/* A short description of the public fields, for the timeline. */
static void detail_of(const Cvdlog__CaseEvent *ce, char *out, size_t cap)
{
	out[0] = '\0';
	switch (ce->kind_case) {
	case CVDLOG__CASE_EVENT__KIND_REPORT:
		snprintf(out, cap, "vendor %s, %zu sealed fields", ce->report->vendor,
		         ce->report->n_fields);
		break;
	case CVDLOG__CASE_EVENT__KIND_VALIDATED:
		snprintf(out, cap, "%s%s%s", ce->validated->cvss,
		         ce->validated->n_cwe > 0 ? " " : "",
		         ce->validated->n_cwe > 0 ? ce->validated->cwe[0] : "");
		break;
	case CVDLOG__CASE_EVENT__KIND_ADVISORY_PUBLISHED:
		snprintf(out, cap, "%s %s%s%s",
		         ce->advisory_published->kind == CVDLOG__ADVISORY_KIND__SA ? "SA" : "SN",
		         ce->advisory_published->advisory_id,
		         ce->advisory_published->n_cve > 0 ? " " : "",
		         ce->advisory_published->n_cve > 0 ? ce->advisory_published->cve[0] : "");
		break;
	case CVDLOG__CASE_EVENT__KIND_EMBARGO_PROPOSED:
		snprintf(out, cap, "until %" PRIu64, ce->embargo_proposed->end_ms);
		break;
	case CVDLOG__CASE_EVENT__KIND_PARTICIPANT_INVITED:
		snprintf(out, cap, "%s", ce->participant_invited->org);
		break;
	case CVDLOG__CASE_EVENT__KIND_DISPUTE_ESCALATED:
		snprintf(out, cap, "dispute %" PRIu64 " to %s", ce->dispute_escalated->dispute,
		         ce->dispute_escalated->coordinator);
		break;
	case CVDLOG__CASE_EVENT__KIND_REPORTER_DISCLOSED:
		snprintf(out, cap, "%s", ce->reporter_disclosed->url);
		break;
	case CVDLOG__CASE_EVENT__KIND_REGULATOR_REPORT: {
		static const char *const st[5] = {"?", "early warning", "notification",
		                                  "final report", "intermediate report"};
		int k = ce->regulator_report->stage;
		snprintf(out, cap, "%s to %s, ref %s", st[k >= 1 && k <= 4 ? k : 0],
		         ce->regulator_report->authority, ce->regulator_report->reference);
		break;
	}
	case CVDLOG__CASE_EVENT__KIND_USERS_NOTIFIED:
		snprintf(out, cap, "%s", ce->users_notified->channel);
		break;
	default: break;
	}
}

/* Checks made before the event changes the state. */
static int before(struct audit *a, struct audit_case *c, const struct cases_case *cs,
                  const struct entry *e, const Cvdlog__CaseEvent *ce, int is_reporter)
{
	const struct roster_policy *p = vendor_policy(a, c->ac_vendor);
	uint64_t t = e->e_time_ms, idx[2] = {c->ac_id, e->e_index};
	char d1[32], d2[32];
	int rc = 0;

	/* a vendor contact while the case is open resets the update clock */
	if (!c->ac_closed && p != NULL && !is_reporter &&
	    (ce->kind_case == CVDLOG__CASE_EVENT__KIND_ACKNOWLEDGED ||
	     ce->kind_case == CVDLOG__CASE_EVENT__KIND_PROGRESS_UPDATE)) {
		uint64_t due =
		    c->ac_update_ext > c->ac_update_due ? c->ac_update_ext : c->ac_update_due;
		if (c->ac_update_due != 0 && t > due)
			rc = audit_add_finding(
			    a, c->ac_id, c->ac_vendor, "progress-update",
			    "a progress update at least every update period while "
			    "open",
			    idx, 2, "no update for %s past the due date",
			    audit_duration(t - due, d1, sizeof(d1)));
		c->ac_update_due = t + p->rp_update_s * 1000;
		c->ac_update_ext = 0;
	}
	switch (ce->kind_case) {
	case CVDLOG__CASE_EVENT__KIND_ACKNOWLEDGED:
		if (c->ac_ack_ms == 0 &&
		    (ce->participant[0] == '\0' || strcmp(ce->participant, c->ac_vendor) == 0)) {
			c->ac_ack_ms = t;
			if (t > c->ac_ack_due && rc == 0)
				rc = audit_add_finding(
				    a, c->ac_id, c->ac_vendor, "acknowledge",
				    "acknowledged within the policy's time", idx, 2,
				    "acknowledged %s after the report, %s late",
				    audit_duration(t - c->ac_report_ms, d1, sizeof(d1)),
				    audit_duration(t - c->ac_ack_due, d2, sizeof(d2)));
		}
		break;
	case CVDLOG__CASE_EVENT__KIND_DEADLINE_EXTENDED: {
		const Cvdlog__DeadlineExtended *x = ce->deadline_extended;
		if (x->deadline == CVDLOG__DEADLINE__ACKNOWLEDGE && c->ac_ack_ms == 0)
			c->ac_ack_due = x->new_ms > c->ac_ack_due ? x->new_ms : c->ac_ack_due;
		else if (x->deadline == CVDLOG__DEADLINE__PROGRESS_UPDATE)
			c->ac_update_ext = x->new_ms;
		else if (x->deadline == CVDLOG__DEADLINE__ADVISORY)
			c->ac_advisory_ext = x->new_ms;
		break;
	}
	case CVDLOG__CASE_EVENT__KIND_ADVISORY_PUBLISHED:
	case CVDLOG__CASE_EVENT__KIND_REPORTER_DISCLOSED: {
		int by_reporter = ce->kind_case == CVDLOG__CASE_EVENT__KIND_REPORTER_DISCLOSED;
		enum rules_em em = rules_em_effective(cs->cc_em, cs->cc_em_end_ms, t);
		if (rc == 0 && (em == RULES_EM_ACTIVE || em == RULES_EM_REVISE)) {
			uint64_t i3[3] = {c->ac_id, c->ac_embargo_idx, e->e_index};
			rc = audit_add_finding(
			    a, c->ac_id, by_reporter ? "reporter" : c->ac_vendor, "embargo-broken",
			    "no disclosure before the embargo ends unless it is "
			    "terminated",
			    i3, 3, "%s while the embargo ran (until %s more)",
			    by_reporter ? "the reporter disclosed" : "an advisory came",
			    audit_duration(cs->cc_em_end_ms - t, d1, sizeof(d1)));
		}
		if (rc == 0 && by_reporter && c->ac_first_advisory == 0 && em != RULES_EM_EXITED &&
		    em != RULES_EM_ACTIVE && em != RULES_EM_REVISE) {
			/* (during an embargo, embargo-broken says it) */
			/* confidential until the vendor's SA or SN (DESIGN.md 8) */
			if (vendor_overdue(c, p, t))
				rc = audit_add_finding(
				    a, c->ac_id, c->ac_vendor, "confidentiality",
				    "the vendor keeps its deadlines, so the report stays "
				    "confidential until its SA or SN",
				    idx, 2,
				    "the reporter disclosed after the vendor missed a "
				    "deadline");
			else
				rc = audit_add_finding(
				    a, c->ac_id, "reporter", "confidentiality",
				    "confidential until the vendor's SA or SN", idx, 2,
				    "the reporter disclosed before any advisory, with "
				    "no embargo over and no vendor deadline missed");
		}
		if (!by_reporter) {
			uint64_t due = advisory_due(c, p);
			if (c->ac_first_advisory == 0) {
				c->ac_first_advisory = t;
				c->ac_first_advisory_idx = e->e_index;
			}
			if (ce->advisory_published->kind == CVDLOG__ADVISORY_KIND__SA) {
				if (rc == 0 && !c->ac_sa_published && due != 0 && t > due &&
				    !c->ac_flagged_advisory) {
					c->ac_flagged_advisory = 1;
					rc = audit_add_finding(
					    a, c->ac_id, c->ac_vendor, "advisory-deadline",
					    "an SA within the policy's time after the later "
					    "of validated and fix plan",
					    idx, 2, "the SA came %s late",
					    audit_duration(t - due, d1, sizeof(d1)));
				}
				c->ac_sa_published = 1;
			}
		}
		break;
	}
	case CVDLOG__CASE_EVENT__KIND_CONFIDENTIALITY:
		if (rc == 0 &&
		    ce->confidentiality->decision_case ==
		        CVDLOG__CONFIDENTIALITY_DECISION__DECISION_DECLASSIFY &&
		    c->ac_first_advisory == 0)
			rc = audit_add_finding(a, c->ac_id, is_reporter ? "reporter" : c->ac_vendor,
			                       "early-reveal",
			                       "no opening revealed before publication", idx, 2,
			                       "a commitment was declassified before any advisory");
		break;
	case CVDLOG__CASE_EVENT__KIND_EMBARGO_ACCEPTED:
		for (unsigned v = 0; rc == 0 && v < cs->cc_nvendors; v++)
			if (cs->cc_vendors[v].cv_flags & RULES_CS_F)
				rc = audit_add_finding(
				    a, c->ac_id, cs->cc_vendors[v].cv_org, "embargo-after-fix",
				    "no embargo started once a fix "
				    "is ready",
				    idx, 2, "an embargo was accepted after fix ready");
		break;
	default: break;
	}
	return rc;
}

/* Bookkeeping after the event was applied. */
static void after(struct audit_case *c, const struct cases_case *cs, const struct entry *e,
                  const Cvdlog__CaseEvent *ce)
{
	const struct cases_vendor *v = &cs->cc_vendors[0];

	if (c->ac_validated_ms == 0 && v->cv_validated_ms != 0)
		c->ac_validated_ms = v->cv_validated_ms;
	if (c->ac_fix_plan_ms == 0 && v->cv_fix_plan_ms != 0)
		c->ac_fix_plan_ms = v->cv_fix_plan_ms;
	if (c->ac_fix_ms == 0 && (v->cv_flags & RULES_CS_F))
		c->ac_fix_ms = e->e_time_ms;
	c->ac_closed = v->cv_rm == RULES_RM_CLOSED;
	if (ce->kind_case == CVDLOG__CASE_EVENT__KIND_EMBARGO_ACCEPTED) {
		c->ac_embargo_start = e->e_time_ms;
		c->ac_embargo_idx = e->e_index;
	}
}

/* A case closed as out of support while a product of it was supported. */
static int out_of_support(struct audit *a, const struct audit_case *c, const struct entry *e,
                          const Cvdlog__CaseEvent *ce)
{
	uint64_t idx[2] = {c->ac_id, e->e_index};
	char d[32];

	if (ce->kind_case != CVDLOG__CASE_EVENT__KIND_CASE_CLOSED ||
	    ce->case_closed->reason != CVDLOG__CLOSE_REASON__OUT_OF_SUPPORT)
		return 0;
	/* the case's products: those its updates and incidents name */
	for (size_t i = 0; i < c->ac_nevents; i++) {
		const char *prod = NULL;
		if (strcmp(c->ac_events[i].ae_kind, "security update released") == 0 ||
		    strcmp(c->ac_events[i].ae_kind, "incident reported") == 0)
			prod = c->ac_events[i].ae_detail;
		for (size_t k = 0; prod != NULL && k < cases_product_count(a->a_cases); k++) {
			const struct cases_product *p = cases_product_at(a->a_cases, k);
			if (strcmp(p->cp_org, c->ac_vendor) == 0 &&
			    strcmp(p->cp_model, prod) == 0 && p->cp_support_end_ms > e->e_time_ms)
				return audit_add_finding(
				    a, c->ac_id, c->ac_vendor, "out-of-support",
				    "closed as out of support only after the product's "
				    "support ends",
				    idx, 2, "%s is supported for %s more", p->cp_model,
				    audit_duration(p->cp_support_end_ms - e->e_time_ms, d,
				                   sizeof(d)));
		}
	}
	return 0;
}

static int org_event(struct audit *a, const struct entry *e, const Cvdlog__OrgEvent *oe)
{
	const struct roster_policy *p = vendor_policy(a, oe->org);
	uint64_t idx[1] = {e->e_index};
	struct audit_case *c;
	char d[32];

	if (oe->kind_case == CVDLOG__ORG_EVENT__KIND_PRODUCT_REGISTERED && p != NULL) {
		const Cvdlog__ProductRegistered *pr = oe->product_registered;
		uint64_t span = pr->support_end_ms - pr->first_shipment_ms;
		if (span < p->rp_support_min_s * 1000 &&
		    audit_add_finding(a, 0, oe->org, "support-window",
		                      "support for at least the policy's time after first shipment",
		                      idx, 1, "%s is supported for %s after first shipment",
		                      pr->model, audit_duration(span, d, sizeof(d))) != 0)
			return CVD_ENOMEM;
		if (p->rp_cra && pr->eu_market_ms != 0 &&
		    pr->support_end_ms < pr->eu_market_ms + 5 * 365 * DAY_MS)
			return audit_add_finding(
			    a, 0, oe->org, "cra-support-period",
			    "at least five years of support for a product placed on "
			    "the EU market (CRA Art. 13(8))",
			    idx, 1, "%s: %s of support after EU placement", pr->model,
			    audit_duration(pr->support_end_ms > pr->eu_market_ms
			                       ? pr->support_end_ms - pr->eu_market_ms
			                       : 0,
			                   d, sizeof(d)));
	}
	if (oe->kind_case == CVDLOG__ORG_EVENT__KIND_INCIDENT_REPORTED &&
	    oe->incident_reported->case_id != 0 &&
	    (c = find_case(a, oe->incident_reported->case_id)) != NULL)
		return add_event(c, e, "incident reported", oe->org,
		                 oe->incident_reported->product);
	return 0;
}

static int cra_late(struct audit *a, struct audit_case *c, const struct cases_case *cs,
                    const struct entry *e);

int audit_process_entry(struct audit *a, const struct entry *e, const struct event_view *ev)
{
	const Cvdlog__Event *pb = ev->ev_pb;
	const Cvdlog__CaseEvent *ce = NULL;
	struct audit_case *c = NULL;
	const struct cases_case *cs = NULL;
	struct audit_case saved;
	size_t nfindings = 0;
	char why[CASES_WHY_MAX], author[KEYS_NAME_MAX + 1], detail[AUDIT_TEXT_MAX];
	int rc = 0, applied;

	if (ev->ev_type == EVENT_CASE) {
		ce = pb->case_event;
		if (ce->kind_case != CVDLOG__CASE_EVENT__KIND_REPORT) {
			c = find_case(a, ce->case_id);
			cs = cases_find(a->a_cases, ce->case_id);
		}
		if (c != NULL && cs != NULL) {
			saved = *c; /* before() changes no pointer of it */
			nfindings = a->a_nfindings;
			rc = before(a, c, cs, e, ce, memcmp(cs->cc_reporter, e->e_author, 32) == 0);
		}
		if (rc != 0)
			return rc;
	}
	rc = cases_apply_logged(a->a_cases, e, ev, why, sizeof(why));
	if (rc == CVD_ENOMEM)
		return rc;
	applied = rc == 0;
	if (!applied && c != NULL && cs != NULL) {
		/* a refused event is not held against anyone's deadlines */
		*c = saved;
		a->a_nfindings = nfindings;
	}
	if (!applied) {
		/* the node logged what the rules refuse */
		uint64_t idx[2] = {ce != NULL ? ce->case_id : 0, e->e_index};
		rc = audit_add_finding(
		    a, ce != NULL ? ce->case_id : 0, "", "rules",
		    "every event allowed by the rules table at its place in the log", idx, 2, "%s",
		    why);
		if (rc != 0)
			return rc;
	}
	if (ev->ev_type == EVENT_ORG)
		return applied ? org_event(a, e, pb->org_event) : 0;
	if (ce == NULL || !applied)
		return 0;
	if (ce->kind_case == CVDLOG__CASE_EVENT__KIND_REPORT) {
		cs = cases_find(a->a_cases, e->e_index);
		c = new_case(a, e->e_index, ce->report->vendor, e->e_time_ms,
		             vendor_policy(a, ce->report->vendor));
		if (c == NULL)
			return CVD_ENOMEM;
	}
	if (c == NULL || cs == NULL)
		return 0;
	after(c, cs, e, ce);
	author_label(a, cs, e->e_author, ev, author, sizeof(author));
	detail_of(ce, detail, sizeof(detail));
	if (ce->kind_case == CVDLOG__CASE_EVENT__KIND_UPDATE_RELEASED)
		snprintf(detail, sizeof(detail), "%s", ce->update_released->product);
	rc = add_event(c, e, cases_kind_name(ce->kind_case), author, detail);
	if (rc == 0)
		rc = out_of_support(a, c, e, ce);
	if (rc == 0 && (ce->kind_case == CVDLOG__CASE_EVENT__KIND_REGULATOR_REPORT ||
	                ce->kind_case == CVDLOG__CASE_EVENT__KIND_USERS_NOTIFIED))
		rc = cra_late(a, c, cs, e);
	return rc;
}

/* ---- EU CRA Article 14 ---- */

static const char *const cra_rules[AUDIT_CRA_CLOCKS] = {"cra-early-warning", "cra-notification",
                                                        "cra-final-report", "cra-users-notified"};
static const char *const cra_names[AUDIT_CRA_CLOCKS] = {"early warning", "notification",
                                                        "final report", "users notified"};

const char *audit_cra_clock_name(enum audit_cra_clock k)
{
	return (unsigned)k < AUDIT_CRA_CLOCKS ? cra_names[k] : "?";
}

/* The stage of a RegulatorReport for each clock (users: none). */
static const int clock_stage[AUDIT_CRA_CLOCKS] = {CVDLOG__REGULATOR_STAGE__EARLY_WARNING,
                                                  CVDLOG__REGULATOR_STAGE__NOTIFICATION,
                                                  CVDLOG__REGULATOR_STAGE__FINAL_REPORT, 0};

static int cra_fill(const struct cases_case *cs, const struct roster_policy *p, struct audit_cra *c)
{
	memset(c, 0, sizeof(*c));
	if (p == NULL || !p->rp_cra || cs->cc_aware_ms == 0)
		return CVD_ENOTFOUND;
	c->acr_aware_ms = cs->cc_aware_ms;
	cases_cra_due(p, cs->cc_aware_ms, cs->cc_severe,
	              cs->cc_stage_ms[CVDLOG__REGULATOR_STAGE__NOTIFICATION], cs->cc_corrective_ms,
	              c->acr_due);
	for (int k = 0; k < AUDIT_CRA_USERS; k++) {
		c->acr_at[k] = cs->cc_stage_ms[clock_stage[k]];
		c->acr_idx[k] = cs->cc_stage_idx[clock_stage[k]];
	}
	c->acr_at[AUDIT_CRA_USERS] = cs->cc_users_ms;
	c->acr_idx[AUDIT_CRA_USERS] = cs->cc_users_idx;
	return 0;
}

int audit_cra_clocks(const struct audit *a, uint64_t case_id, struct audit_cra *c)
{
	const struct audit_case *ac = find_case(a, case_id);
	const struct cases_case *cs = cases_find(a->a_cases, case_id);

	if (ac == NULL || cs == NULL)
		return CVD_ENOTFOUND;
	return cra_fill(cs, vendor_policy(a, ac->ac_vendor), c);
}

/* cra_late: a submission that met a clock after its due time (once). */
static int cra_late(struct audit *a, struct audit_case *c, const struct cases_case *cs,
                    const struct entry *e)
{
	struct audit_cra cr;
	char d[32], d2[32];

	if (cra_fill(cs, vendor_policy(a, c->ac_vendor), &cr) != 0)
		return 0;
	for (int k = 0; k < AUDIT_CRA_CLOCKS; k++) {
		uint64_t idx[3] = {c->ac_id, cs->cc_aware_idx, e->e_index};
		if (cr.acr_idx[k] != e->e_index || cr.acr_due[k] == 0 ||
		    cr.acr_at[k] <= cr.acr_due[k])
			continue;
		return audit_add_finding(
		    a, c->ac_id, c->ac_vendor, cra_rules[k], "within the CRA Article 14 time", idx,
		    3, "the %s came %s after awareness, %s late", cra_names[k],
		    audit_duration(cr.acr_at[k] - cr.acr_aware_ms, d, sizeof(d)),
		    audit_duration(cr.acr_at[k] - cr.acr_due[k], d2, sizeof(d2)));
	}
	return 0;
}

/* cra_missing: clocks run out at --now with nothing submitted. */
static int cra_missing(struct audit *a, struct audit_case *c, const struct cases_case *cs)
{
	struct audit_cra cr;
	char d[32];
	int rc = 0;

	if (cra_fill(cs, vendor_policy(a, c->ac_vendor), &cr) != 0)
		return 0;
	for (int k = 0; k < AUDIT_CRA_CLOCKS && rc == 0; k++) {
		uint64_t idx[2] = {c->ac_id, cs->cc_aware_idx};
		if (cr.acr_at[k] != 0 || cr.acr_due[k] == 0 || a->a_now <= cr.acr_due[k])
			continue;
		rc = audit_add_finding(a, c->ac_id, c->ac_vendor, cra_rules[k],
		                       "within the CRA Article 14 time", idx, 2,
		                       "no %s, %s past the due time", cra_names[k],
		                       audit_duration(a->a_now - cr.acr_due[k], d, sizeof(d)));
	}
	return rc;
}

/* ---- the end of the log ---- */

static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return a < b ? -1 : a > b;
}

/* pct: the p-th percentile (nearest rank) of v[0..n), sorted here. */
static uint64_t pct(uint64_t *v, size_t n, unsigned p)
{
	size_t rank;

	if (n == 0)
		return 0;
	qsort(v, n, sizeof(*v), cmp_u64);
	rank = (p * n + 99) / 100;
	return v[rank > 0 ? rank - 1 : 0];
}

static int open_deadlines(struct audit *a, struct audit_case *c, const struct cases_case *cs)
{
	const struct roster_policy *p = vendor_policy(a, c->ac_vendor);
	uint64_t now = a->a_now, due, idx[1] = {c->ac_id};
	char d[32];
	int rc = 0;

	if (c->ac_ack_ms == 0 && now > c->ac_ack_due)
		rc = audit_add_finding(a, c->ac_id, c->ac_vendor, "acknowledge",
		                       "acknowledged within the policy's time", idx, 1,
		                       "not acknowledged, %s past the due date",
		                       audit_duration(now - c->ac_ack_due, d, sizeof(d)));
	due = c->ac_update_ext > c->ac_update_due ? c->ac_update_ext : c->ac_update_due;
	if (rc == 0 && !c->ac_closed && c->ac_update_due != 0 && now > due)
		rc = audit_add_finding(a, c->ac_id, c->ac_vendor, "progress-update",
		                       "a progress update at least every update period while open",
		                       idx, 1, "no update for %s past the due date",
		                       audit_duration(now - due, d, sizeof(d)));
	due = advisory_due(c, p);
	if (rc == 0 && due != 0 && !c->ac_sa_published && now > due && !c->ac_flagged_advisory &&
	    cs->cc_vendors[0].cv_closed != RULES_CLOSE_INVALID &&
	    cs->cc_vendors[0].cv_closed != RULES_CLOSE_DUPLICATE) {
		c->ac_flagged_advisory = 1;
		rc = audit_add_finding(
		    a, c->ac_id, c->ac_vendor, "advisory-deadline",
		    "an SA within the policy's time after the later of validated "
		    "and fix plan",
		    idx, 1, "no SA, %s past the due date", audit_duration(now - due, d, sizeof(d)));
	}
	if (rc == 0) {
		enum rules_em em = rules_em_effective(cs->cc_em, cs->cc_em_end_ms, now);
		int running = em == RULES_EM_ACTIVE || em == RULES_EM_REVISE, deployed = 0;
		for (unsigned v = 0; v < cs->cc_nvendors; v++)
			deployed |= (cs->cc_vendors[v].cv_flags & RULES_CS_D) != 0;
		if (running && (cs->cc_flags & (RULES_CS_P | RULES_CS_X)))
			rc = audit_add_finding(
			    a, c->ac_id, c->ac_vendor, "embargo-left-running",
			    "an embargo terminated once the case is public", idx, 1,
			    "the embargo still runs although the case is public");
		else if (running && (cs->cc_flags & RULES_CS_A))
			rc = audit_add_finding(
			    a, c->ac_id, c->ac_vendor, "embargo-left-running",
			    "no embargo running while attacks are observed", idx, 1,
			    "the embargo still runs although attacks are observed");
		else if (running && deployed)
			rc = audit_add_finding(a, c->ac_id, c->ac_vendor, "embargo-after-deploy",
			                       "no embargo running once the fix is deployed", idx,
			                       1, "the embargo still runs after fix deployed");
	}
	for (unsigned i = 0; rc == 0 && i < cs->cc_ndisputes; i++) {
		const struct cases_dispute *dp = &cs->cc_disputes[i];
		uint64_t di[2] = {c->ac_id, dp->cd_id};
		uint64_t age = now > dp->cd_opened_ms ? now - dp->cd_opened_ms : 0;
		/* an answer is due within the vendor's acknowledgement time, a
		 * resolution within AUDIT_DISPUTE_DAYS (docs/audit.md) */
		uint64_t answer_s = p != NULL ? p->rp_ack_s : 48 * 3600;
		uint64_t resolve_s = AUDIT_DISPUTE_DAYS * 86400ull;
		const char *other =
		    strcmp(dp->cd_opener, c->ac_vendor) == 0 ? "reporter" : c->ac_vendor;
		if (dp->cd_state == CASES_DISPUTE_RESOLVED)
			continue;
		if (dp->cd_state == CASES_DISPUTE_OPEN && age > answer_s * 1000)
			rc = audit_add_finding(a, c->ac_id, other, "dispute-unanswered",
			                       "a dispute answered within the acknowledgement time",
			                       di, 2,
			                       "dispute %" PRIu64 " open for %s without an answer",
			                       dp->cd_id, audit_duration(age, d, sizeof(d)));
		else if (dp->cd_state != CASES_DISPUTE_OPEN && age > resolve_s * 1000)
			rc = audit_add_finding(
			    a, c->ac_id, dp->cd_escalated ? dp->cd_coordinator : c->ac_vendor,
			    "dispute-unresolved", "a dispute resolved within 14 days", di, 2,
			    "dispute %" PRIu64 " unresolved after %s", dp->cd_id,
			    audit_duration(age, d, sizeof(d)));
	}
	return rc;
}

int audit_process_finish(struct audit *a)
{
	struct audit_stats *s = &a->a_stats;
	uint64_t *ack, *fix, *adv, *emb, *dis;
	size_t n = a->a_ncases, nd = 0;
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		const struct cases_case *cs = cases_find(a->a_cases, a->a_acases[i].ac_id);
		if (cs != NULL)
			nd += cs->cc_ndisputes;
	}
	ack = calloc(n + 1, sizeof(uint64_t));
	fix = calloc(n + 1, sizeof(uint64_t));
	adv = calloc(n + 1, sizeof(uint64_t));
	emb = calloc(n + 1, sizeof(uint64_t));
	dis = calloc(nd + 1, sizeof(uint64_t));
	if (ack == NULL || fix == NULL || adv == NULL || emb == NULL || dis == NULL) {
		rc = CVD_ENOMEM;
		goto out;
	}
	s->as_cases = n;
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct audit_case *c = &a->a_acases[i];
		const struct cases_case *cs = cases_find(a->a_cases, c->ac_id);
		if (cs == NULL)
			continue;
		rc = open_deadlines(a, c, cs);
		if (rc == 0)
			rc = cra_missing(a, c, cs);
		if (!c->ac_closed)
			s->as_open_cases++;
		if (c->ac_ack_ms)
			ack[s->as_n_ack++] = c->ac_ack_ms - c->ac_report_ms;
		if (c->ac_fix_ms)
			fix[s->as_n_fix++] = c->ac_fix_ms - c->ac_report_ms;
		if (c->ac_first_advisory)
			adv[s->as_n_advisory++] = c->ac_first_advisory - c->ac_report_ms;
		if (c->ac_embargo_start &&
		    rules_em_effective(cs->cc_em, cs->cc_em_end_ms, a->a_now) == RULES_EM_EXITED &&
		    cs->cc_em_end_ms > c->ac_embargo_start)
			emb[s->as_n_embargo++] = cs->cc_em_end_ms - c->ac_embargo_start;
		for (unsigned k = 0; k < cs->cc_ndisputes; k++)
			if (cs->cc_disputes[k].cd_state == CASES_DISPUTE_RESOLVED)
				dis[s->as_n_dispute++] = cs->cc_disputes[k].cd_resolved_ms -
				                         cs->cc_disputes[k].cd_opened_ms;
	}
	s->as_ack_p50 = pct(ack, s->as_n_ack, 50);
	s->as_ack_p90 = pct(ack, s->as_n_ack, 90);
	s->as_fix_p50 = pct(fix, s->as_n_fix, 50);
	s->as_fix_p90 = pct(fix, s->as_n_fix, 90);
	s->as_adv_p50 = pct(adv, s->as_n_advisory, 50);
	s->as_adv_p90 = pct(adv, s->as_n_advisory, 90);
	s->as_emb_p50 = pct(emb, s->as_n_embargo, 50);
	s->as_emb_p90 = pct(emb, s->as_n_embargo, 90);
	s->as_dis_p50 = pct(dis, s->as_n_dispute, 50);
	s->as_dis_p90 = pct(dis, s->as_n_dispute, 90);
out:
	free(ack);
	free(fix);
	free(adv);
	free(emb);
	free(dis);
	return rc;
}
