/*
 * cmd_regulator.c: `cvdlog regulator VERB CASE ...`: the EU Cyber
 * Resilience Act Article 14 steps of a vendor PSIRT (DESIGN.md section 8,
 * docs/cases.md section 8): exploitation aware, the early warning, the
 * vulnerability notification and the final report sent to the CSIRT /
 * ENISA, users notified, a corrective measure available; and `regulator
 * status`, the four clocks of each exploited case with the time left.
 * The clocks are computed as the auditor's (lib/audit_process.c cra_fill,
 * docs/audit.md section 4).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "log.h"
#include "roster.h"

#define A(o) a_get(x->cx_a, o)

/* ---- the events ---- */

static int b_aware(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	static const char *const kinds[] = {"vulnerability", "severe-incident", NULL};
	Cvdlog__ExploitationAware *m = cli_ctx_body(x, ce, 0);
	int kind = 1;

	if (m == NULL || (A(O_KIND) != NULL && (kind = cli_word("kind", A(O_KIND), kinds)) == 0) ||
	    (m->evidence = cli_ctx_seal(x, "evidence", "evidence", A(O_EVIDENCE))) == NULL)
		return 1;
	m->severe_incident = kind == 2;
	return 0;
}

static int b_report(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce, Cvdlog__RegulatorStage stage)
{
	Cvdlog__RegulatorReport *m = cli_ctx_body(x, ce, 0);

	if (m == NULL)
		return 1;
	m->stage = stage;
	m->authority = (char *)A(O_AUTHORITY);
	m->reference = (char *)A(O_REFERENCE);
	m->sent_sha256.data = cli_ctx_sha256_file(x, "sent", A(O_SENT));
	if (m->sent_sha256.data == NULL)
		return 1;
	m->sent_sha256.len = 32;
	m->content = cli_ctx_seal(x, "content", "content", A(O_CONTENT));
	return m->content != NULL ? 0 : 1;
}

static int b_early(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	return b_report(x, ce, CVDLOG__REGULATOR_STAGE__EARLY_WARNING);
}

static int b_notification(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	return b_report(x, ce, CVDLOG__REGULATOR_STAGE__NOTIFICATION);
}

static int b_final(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	return b_report(x, ce, CVDLOG__REGULATOR_STAGE__FINAL_REPORT);
}

static int b_intermediate(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	return b_report(x, ce, CVDLOG__REGULATOR_STAGE__INTERMEDIATE);
}

static int b_users(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	Cvdlog__UsersNotified *m = cli_ctx_body(x, ce, 0);

	if (m == NULL)
		return 1;
	m->channel = (char *)A(O_CHANNEL);
	m->notice_sha256.data = cli_ctx_sha256_file(x, "notice", A(O_NOTICE));
	if (m->notice_sha256.data == NULL)
		return 1;
	m->notice_sha256.len = 32;
	return 0;
}

static int b_corrective(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	Cvdlog__CorrectiveMeasure *m = cli_ctx_body(x, ce, 0);

	if (m == NULL)
		return 1;
	if (A(O_DESCRIPTION) != NULL &&
	    (m->description = cli_ctx_seal(x, "description", "description", A(O_DESCRIPTION))) ==
	        NULL)
		return 1;
	return 0;
}

/* ---- regulator status ---- */

enum { CLK_EARLY, CLK_NOTIFY, CLK_FINAL, CLK_USERS, CLK_N };
static const char *const clock_names[CLK_N] = {"early warning", "notification", "final report",
                                               "users notified"};

/* One exploited case: what its log says and its vendor's limits. */
struct cra_case {
	uint64_t id;
	char vendor[ROSTER_ID_MAX + 1];
	uint64_t aware_ms, aware_idx, corrective_ms;
	int severe; /* a severe incident: the final report follows the notification */
	uint64_t due[CLK_N], at[CLK_N], idx[CLK_N]; /* 0: not started / not yet */
	struct roster_policy pol;
};

struct clock_row {
	const struct cra_case *c;
	int k;
};

/* dur: a duration as "3d 4h", "4h 5m" or "25m", as the auditor writes it. */
static const char *dur(uint64_t ms, char *buf, size_t cap)
{
	uint64_t m = ms / 60000, h = m / 60, d = h / 24;

	if (d > 0)
		snprintf(buf, cap, "%" PRIu64 "d %" PRIu64 "h", d, h % 24);
	else if (h > 0)
		snprintf(buf, cap, "%" PRIu64 "h %" PRIu64 "m", h, m % 60);
	else
		snprintf(buf, cap, "%" PRIu64 "m", m);
	return buf;
}

/* limit: a policy duration as the law and the roster write it: hours up
 * to 72h, then days ("12h", "72h", "14d"). */
static const char *limit(uint64_t s, char *buf, size_t cap)
{
	if (s % ROSTER_DAY_S == 0 && s > 72 * ROSTER_HOUR_S)
		snprintf(buf, cap, "%" PRIu64 "d", (uint64_t)(s / ROSTER_DAY_S));
	else
		snprintf(buf, cap, "%" PRIu64 "h", (uint64_t)(s / ROSTER_HOUR_S));
	return buf;
}

/* cra_scan reads the case's CRA entries (the first of each, as the node
 * records them) and computes the due times exactly as the auditor's
 * cra_fill: early warning and notification after awareness, the final
 * report after the corrective measure (not started without one), users
 * notified by the notification's due time. 0, or 1 without awareness. */
static int cra_scan(const struct cli_case *cs, const struct roster_policy *p, struct cra_case *c)
{
	memset(c, 0, sizeof(*c));
	c->id = cs->cs_id;
	snprintf(c->vendor, sizeof(c->vendor), "%s", cs->cs_vendor);
	c->pol = *p;
	for (size_t i = 0; i < cs->cs_n; i++) {
		const Cvdlog__CaseEvent *ce = cs->cs_entries[i].ce_case;
		uint64_t t = cs->cs_entries[i].ce_entry.e_time_ms;
		uint64_t idx = cs->cs_entries[i].ce_entry.e_index;
		int k = -1;
		switch (ce->kind_case) {
		case CVDLOG__CASE_EVENT__KIND_EXPLOITATION_AWARE:
			if (c->aware_ms == 0) {
				c->aware_ms = t;
				c->aware_idx = idx;
				c->severe = ce->exploitation_aware->severe_incident;
			}
			break;
		case CVDLOG__CASE_EVENT__KIND_CORRECTIVE_MEASURE:
			if (c->corrective_ms == 0)
				c->corrective_ms = t;
			break;
		case CVDLOG__CASE_EVENT__KIND_REGULATOR_REPORT:
			switch (ce->regulator_report->stage) {
			case CVDLOG__REGULATOR_STAGE__EARLY_WARNING: k = CLK_EARLY; break;
			case CVDLOG__REGULATOR_STAGE__NOTIFICATION: k = CLK_NOTIFY; break;
			case CVDLOG__REGULATOR_STAGE__FINAL_REPORT: k = CLK_FINAL; break;
			default: break;
			}
			break;
		case CVDLOG__CASE_EVENT__KIND_USERS_NOTIFIED: k = CLK_USERS; break;
		default: break;
		}
		if (k >= 0 && c->at[k] == 0) {
			c->at[k] = t;
			c->idx[k] = idx;
		}
	}
	if (c->aware_ms == 0)
		return 1;
	cases_cra_due(p, c->aware_ms, c->severe, c->at[CLK_NOTIFY], c->corrective_ms, c->due);
	return 0;
}

/* Rows in the order a PSIRT on duty wants them: clocks still running or
 * overdue, the next due first; then clocks not started; then clocks met. */
static int row_rank(const struct clock_row *r)
{
	if (r->c->at[r->k] != 0)
		return 2;
	return r->c->due[r->k] == 0 ? 1 : 0;
}

static int row_cmp(const void *pa, const void *pb)
{
	const struct clock_row *a = pa, *b = pb;
	int ra = row_rank(a), rb = row_rank(b);
	uint64_t da = a->c->due[a->k], db = b->c->due[b->k];

	if (ra != rb)
		return ra < rb ? -1 : 1;
	if (da != db)
		return da < db ? -1 : 1;
	if (a->c->id != b->c->id)
		return a->c->id < b->c->id ? -1 : 1;
	return a->k - b->k;
}

static void print_row(const struct clock_row *r, uint64_t now)
{
	const struct cra_case *c = r->c;
	uint64_t due = c->due[r->k], at = c->at[r->k];
	char dt[32], t2[32], d[32], state[160];

	if (at != 0) {
		int n = snprintf(state, sizeof(state), "submitted %s (entry %" PRIu64 ")",
		                 log_format_time(at, t2), c->idx[r->k]);
		if (due != 0 && at > due)
			snprintf(state + n, sizeof(state) - (size_t)n, ", %s late",
			         dur(at - due, d, sizeof(d)));
		else if (due != 0)
			snprintf(state + n, sizeof(state) - (size_t)n, ", on time");
	} else if (due == 0) {
		snprintf(state, sizeof(state), "not started: no corrective measure yet");
	} else if (now > due) {
		snprintf(state, sizeof(state), "overdue by %s", dur(now - due, d, sizeof(d)));
	} else {
		snprintf(state, sizeof(state), "%s left", dur(due - now, d, sizeof(d)));
	}
	printf("%-8" PRIu64 " %-15s %-24s %s\n", c->id, clock_names[r->k],
	       due != 0 ? log_format_time(due, dt) : "-", state);
}

/* fetch_roster: the node's roster as it stands, checked (cli_fetch_roster). */
static int fetch_roster(struct cli_session *s, struct roster **r)
{
	Cvdlog__Response *resp = NULL;

	if (cli_fetch_roster(s->se_conn, s->se_origin, s->se_have_policy ? &s->se_policy : NULL,
	                     &resp, r) != 0)
		return 1;
	cvdlog__response__free_unpacked(resp, NULL);
	return 0;
}

/* cra_policy: the vendor's policy if its roster says cra on, else NULL
 * with the reason in why. */
static const struct roster_policy *cra_policy(const struct roster *r, const char *vendor,
                                              const char **why)
{
	const struct roster_org *o = roster_find_org(r, vendor);

	if (o == NULL || o->ro_kind != ROSTER_KIND_VENDOR) {
		*why = "is not a vendor in the node's roster";
		return NULL;
	}
	if (!o->ro_policy.rp_cra) {
		*why = "has cra off in the roster";
		return NULL;
	}
	return &o->ro_policy;
}

static int regulator_status(const struct cli_verb *v, struct cli_args *a)
{
	Cvdlog__Request req = CVDLOG__REQUEST__INIT;
	Cvdlog__CaseListRequest lr = CVDLOG__CASE_LIST_REQUEST__INIT;
	Cvdlog__Response *list = NULL;
	struct cli_session s;
	struct roster *r = NULL;
	struct cra_case *cases = NULL;
	struct clock_row *rows = NULL;
	size_t ncases = 0, nwant = 0, nrows = 0;
	uint64_t now = log_now_ms(), one = 0;
	uint64_t *want = NULL;
	const char **closed = NULL; /* per wanted case: its RM from the list, NULL: asked for */
	char t1[32], l1[24], l2[24], l3[24];
	int status = 1;

	(void)v;
	if (a_get(a, O_NOW) != NULL && cli_date_arg("now", a_get(a, O_NOW), &now) != 0)
		return 1;
	if (a->a_npos == 1 && cli_u64_arg("CASE", a->a_pos[0], &one) != 0)
		return 1;
	if (cli_session_open(&s, NULL, a_get(a, O_POLICY)) != 0 || fetch_roster(&s, &r) != 0)
		goto out;
	if (a->a_npos == 1) {
		want = calloc(1, sizeof(*want));
		closed = calloc(1, sizeof(*closed));
		if (want == NULL || closed == NULL) {
			cli_error("out of memory");
			goto out;
		}
		want[nwant++] = one;
	} else {
		/* exploitation aware turns the A flag on: only those cases, of
		 * vendors with cra on, need their entries fetched */
		req.req_case = CVDLOG__REQUEST__REQ_CASE_LIST;
		req.case_list = &lr;
		if (cli_call_expect(s.se_conn, &req, CVDLOG__RESPONSE__RESP_CASE_LIST, &list) != 0)
			goto out;
		want = calloc(list->case_list->n_cases + 1, sizeof(*want));
		closed = calloc(list->case_list->n_cases + 1, sizeof(*closed));
		if (want == NULL || closed == NULL) {
			cli_error("out of memory");
			goto out;
		}
		for (size_t i = 0; i < list->case_list->n_cases; i++) {
			const Cvdlog__CaseSummary *c = list->case_list->cases[i];
			const char *why;
			if (strchr(c->flags, 'A') == NULL || cra_policy(r, c->vendor, &why) == NULL)
				continue;
			closed[nwant] = c->rm;
			want[nwant++] = c->case_id;
		}
	}
	cases = calloc(nwant + 1, sizeof(*cases));
	rows = calloc(nwant * CLK_N + 1, sizeof(*rows));
	if (cases == NULL || rows == NULL) {
		cli_error("out of memory");
		goto out;
	}
	for (size_t i = 0; i < nwant; i++) {
		struct cli_case cs;
		const struct roster_policy *p;
		const char *why = "";
		struct cra_case *c = &cases[ncases];
		int all_met = 1;

		if (cli_case_fetch(&s, want[i], &cs) != 0)
			goto out;
		p = cra_policy(r, cs.cs_vendor, &why);
		if (p == NULL || cra_scan(&cs, p, c) != 0) {
			if (a->a_npos == 1 && p == NULL)
				printf("case %" PRIu64 ": no CRA Article 14 clocks: vendor %s %s\n",
				       want[i], cs.cs_vendor, why);
			else if (a->a_npos == 1)
				printf("case %" PRIu64
				       ": no CRA Article 14 clocks: no exploitation "
				       "aware on the case\n",
				       want[i]);
			cli_case_clear(&cs);
			continue;
		}
		cli_case_clear(&cs);
		for (int k = 0; k < CLK_N; k++)
			if (c->at[k] == 0)
				all_met = 0;
		/* a closed case whose clocks are all met owes nothing more */
		if (closed[i] != NULL && strcmp(closed[i], "closed") == 0 && all_met)
			continue;
		ncases++;
		for (int k = 0; k < CLK_N; k++)
			rows[nrows++] = (struct clock_row){c, k};
	}
	if (ncases == 0) {
		if (a->a_npos == 0)
			printf("no open case with exploitation aware under cra on\n");
		status = 0;
		goto out;
	}
	printf("CRA Article 14 clocks at %s\n", log_format_time(now, t1));
	for (size_t i = 0; i < ncases; i++) {
		const struct cra_case *c = &cases[i];
		printf("case %" PRIu64 " (vendor %s): exploitation aware %s (entry %" PRIu64
		       "); limits: early warning %s, notification %s, final report %s after a "
		       "corrective measure\n",
		       c->id, c->vendor, log_format_time(c->aware_ms, t1), c->aware_idx,
		       limit(c->pol.rp_cra_early_s, l1, sizeof(l1)),
		       limit(c->pol.rp_cra_notify_s, l2, sizeof(l2)),
		       limit(c->pol.rp_cra_final_s, l3, sizeof(l3)));
	}
	qsort(rows, nrows, sizeof(*rows), row_cmp);
	printf("%-8s %-15s %-24s %s\n", "case", "clock", "due", "state");
	for (size_t i = 0; i < nrows; i++)
		print_row(&rows[i], now);
	status = 0;
out:
	free(rows);
	free(cases);
	free(want);
	free(closed);
	if (list != NULL)
		cvdlog__response__free_unpacked(list, NULL);
	roster_free(r);
	cli_session_close(&s);
	return status;
}

#define K(x)        CVDLOG__CASE_EVENT__KIND_##x
#define SUB         CLI_CASE_OPTS
#define SEAL        CLI_SEAL_OPTS
#define REQ(o)      OPT(O_KEY) | OPT(o)
#define REPORT_OPTS (SEAL | OPT(O_AUTHORITY) | OPT(O_REFERENCE) | OPT(O_SENT) | OPT(O_CONTENT))
#define REPORT_REQ  (REQ(O_AUTHORITY) | OPT(O_REFERENCE) | OPT(O_SENT) | OPT(O_CONTENT))
#define REPORT_SYN  "CASE --authority A --reference R --sent FILE --content TEXT --key FILE"
static const struct cli_verb verbs[] = {
    {"aware", "CASE --evidence TEXT [--kind vulnerability|severe-incident] --key FILE",
     "the vendor became aware of active exploitation (reliable evidence, sealed), or of a severe "
     "incident (--kind severe-incident: the final report is then due a month after the "
     "notification): the CRA clocks start; turns the case's A flag on",
     1, SEAL | OPT(O_EVIDENCE) | OPT(O_KIND), REQ(O_EVIDENCE), cli_case_verb, K(EXPLOITATION_AWARE),
     b_aware},
    {"early-warning", REPORT_SYN,
     "record the early warning sent to the CSIRT / ENISA (Art. 14(2)(a)): the authority, the "
     "submission reference, the SHA-256 of FILE as sent, and its content (sealed)",
     1, REPORT_OPTS, REPORT_REQ, cli_case_verb, K(REGULATOR_REPORT), b_early},
    {"notification", REPORT_SYN,
     "record the vulnerability notification (Art. 14(2)(b)); needs exploitation aware", 1,
     REPORT_OPTS, REPORT_REQ, cli_case_verb, K(REGULATOR_REPORT), b_notification},
    {"final-report", REPORT_SYN,
     "record the final report (Art. 14(2)(c)); needs the notification first", 1, REPORT_OPTS,
     REPORT_REQ, cli_case_verb, K(REGULATOR_REPORT), b_final},
    {"intermediate", REPORT_SYN,
     "record an intermediate report the CSIRT asked for (Art. 14(2)(c)); after the "
     "notification, before the final report; no deadline of its own",
     1, REPORT_OPTS, REPORT_REQ, cli_case_verb, K(REGULATOR_REPORT), b_intermediate},
    {"users-notified", "CASE --channel C --notice FILE --key FILE",
     "affected users were informed (Art. 14(8)): the channel (e.g. \"security bulletin\") and "
     "the SHA-256 of the notice FILE",
     1, SUB | OPT(O_CHANNEL) | OPT(O_NOTICE), REQ(O_CHANNEL) | OPT(O_NOTICE), cli_case_verb,
     K(USERS_NOTIFIED), b_users},
    {"corrective", "CASE [--description TEXT] --key FILE",
     "a corrective or mitigating measure is available (sealed description): the final report's "
     "clock starts",
     1, SEAL | OPT(O_DESCRIPTION), OPT(O_KEY), cli_case_verb, K(CORRECTIVE_MEASURE), b_corrective},
    {"status", "[CASE] [--now DATE]",
     "each clock of the exploited cases of vendors with cra on (open ones, or closed ones still "
     "owing a submission; or CASE): due time, and what was submitted or the time left or "
     "overdue at --now (default now), the next due first",
     1, OPT(O_NOW) | OPT(O_POLICY), 0, regulator_status, 0, NULL, 1},
};

int cmd_regulator(int argc, char **argv)
{
	return cli_group_main(
	    "regulator",
	    "EU Cyber Resilience Act Article 14 reporting of an actively exploited "
	    "vulnerability, by a member of the case's vendor (whose roster says "
	    "cra on): early warning, notification and final report to the CSIRT "
	    "/ ENISA, users notified. CASE is the log index of its report.",
	    verbs, sizeof(verbs) / sizeof(verbs[0]), argc, argv);
}
