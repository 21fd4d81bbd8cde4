/*
 * cmd_case.c: `cvdlog case VERB CASE ...`: the vendor's and coordinators'
 * steps on a case (DESIGN.md section 8, docs/cases.md section 3), one row
 * per verb in `verbs` with the builder of its event body, plus `case show`
 * (the timeline and what the caller's key can read) and `case list`.
 * Committed texts are sealed to the case's readers (case_util.c).
 */
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "error.h"
#include "log.h"
#include "vuln.h"

#define A(o) a_get(x->cx_a, o)

static const char *const channels[] = {"security-center", "email", "hackerone", "coordinator",
                                       "other",           "log",   NULL};
static const char *const deadlines[] = {"acknowledge", "progress-update", "advisory", NULL};
static const char *const activities[] = {"data-modification", "service-disruption",
                                         "information-disclosure", "other", NULL};
static const char *const close_reasons[] = {"fixed",          "invalid",   "duplicate",
                                            "out-of-support", "withdrawn", NULL};

static int b_ack(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	Cvdlog__Acknowledged *m = cli_ctx_body(x, ce, 0);

	if (m == NULL || (m->channel = cli_word("channel", A(O_CHANNEL), channels)) == 0)
		return 1;
	return 0;
}

static int b_update(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	Cvdlog__ProgressUpdate *m = cli_ctx_body(x, ce, 0);

	if (m == NULL || (m->channel = cli_word("channel", A(O_CHANNEL), channels)) == 0)
		return 1;
	if (A(O_SUMMARY) != NULL &&
	    (m->summary = cli_ctx_seal(x, "summary", "summary", A(O_SUMMARY))) == NULL)
		return 1;
	return 0;
}

static int b_assign(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	Cvdlog__Assigned *m = cli_ctx_body(x, ce, 0);

	if (m == NULL)
		return 1;
	m->assignee = (char *)A(O_ASSIGNEE);
	return 0;
}

static int b_invite(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	Cvdlog__ParticipantInvited *m = cli_ctx_body(x, ce, 0);

	if (m == NULL)
		return 1;
	m->org = (char *)A(O_ORG);
	return 0;
}

static int b_validate(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	Cvdlog__Validated *m = cli_ctx_body(x, ce, 0);

	if (m == NULL || (A(O_CVSS) != NULL && cli_check_cvss("cvss", A(O_CVSS)) != 0) ||
	    cli_check_list("cwe", x->cx_a, O_CWE, vuln_cwe_valid) != 0)
		return 1;
	m->exploitability = (char *)A(O_EXPLOITABILITY);
	m->impact = (char *)A(O_IMPACT);
	if (A(O_CVSS) != NULL)
		m->cvss = (char *)A(O_CVSS);
	m->n_cwe = x->cx_a->a_n[O_CWE];
	m->cwe = (char **)x->cx_a->a_v[O_CWE];
	return 0;
}

/* b_reason: invalidated and deferred, each with an optional committed
 * reason (their messages have the same layout). */
static int b_reason(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	Cvdlog__Commitment *r = NULL;

	if (A(O_REASON) != NULL && (r = cli_ctx_seal(x, "reason", "reason", A(O_REASON))) == NULL)
		return 1;
	if (x->cx_verb->vb_kind == CVDLOG__CASE_EVENT__KIND_INVALIDATED) {
		Cvdlog__Invalidated *m = cli_ctx_body(x, ce, 0);
		if (m == NULL)
			return 1;
		m->reason = r;
	} else {
		Cvdlog__Deferred *m = cli_ctx_body(x, ce, 0);
		if (m == NULL)
			return 1;
		m->reason = r;
	}
	return 0;
}

static int b_duplicate(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	Cvdlog__DuplicateOf *m = cli_ctx_body(x, ce, 0);

	if (m == NULL || cli_u64_arg("--of", A(O_OF), &m->original_case) != 0)
		return 1;
	return 0;
}

static int b_scope(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	Cvdlog__ScopeConfirmed *m = cli_ctx_body(x, ce, 0);

	if (m == NULL ||
	    (m->products = cli_ctx_seal(x, "products", "products", A(O_PRODUCTS))) == NULL)
		return 1;
	return 0;
}

static int b_extend(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	Cvdlog__DeadlineExtended *m = cli_ctx_body(x, ce, 0);
	int d;

	if (m == NULL || (d = cli_word("deadline", A(O_DEADLINE), deadlines)) == 0 ||
	    cli_date_arg("until", A(O_UNTIL), &m->new_ms) != 0)
		return 1;
	m->deadline = (Cvdlog__Deadline)d;
	m->justification = cli_ctx_seal(x, "justification", "justification", A(O_JUSTIFICATION));
	return m->justification != NULL ? 0 : 1;
}

static int b_fix_plan(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	Cvdlog__FixPlanReady *m = cli_ctx_body(x, ce, 0);

	if (m == NULL || (m->plan = cli_ctx_seal(x, "plan", "plan", A(O_PLAN))) == NULL)
		return 1;
	return 0;
}

static int b_mitigation(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	Cvdlog__MitigationAvailable *m = cli_ctx_body(x, ce, 0);

	if (m == NULL ||
	    (m->mitigation = cli_ctx_seal(x, "mitigation", "mitigation", A(O_MITIGATION))) == NULL)
		return 1;
	return 0;
}

static int b_update_released(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	Cvdlog__UpdateReleased *m = cli_ctx_body(x, ce, 0);

	if (m == NULL)
		return 1;
	m->product = (char *)A(O_PRODUCT);
	m->version = (char *)A(O_VERSION);
	return 0;
}

static int b_exploit_public(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	Cvdlog__ExploitPublic *m = cli_ctx_body(x, ce, 0);

	if (m == NULL)
		return 1;
	if (A(O_REFERENCE) != NULL)
		m->reference = (char *)A(O_REFERENCE);
	return 0;
}

/* b_grant: fetch the payload, re-seal its key to the new reader with ours
 * and send it with the event. */
static int b_grant(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	Cvdlog__ConfidentialityDecision *m;
	const Cvdlog__Commitment *cm;
	struct keys_verifier r;
	struct seal_payload p;
	const char *rk = x->cx_a->a_v[O_READER][0];
	uint8_t *enc = NULL;
	size_t elen;
	uint64_t idx;
	int rc, status = 1;

	if (x->cx_a->a_n[O_READER] != 1)
		return cli_error("grant takes exactly one --reader");
	if (keys_verifier_parse(rk, strlen(rk), &r) != 0 || r.kv_type != KEYS_TYPE_ED25519)
		return cli_error("--reader \"%s\" is not a verifier key (NAME+ID+KEY)", rk);
	if (cli_case_find_commit(&x->cx_case, A(O_FIELD), &cm, &idx) != 0)
		return 1;
	if (cli_fetch_sealed(&x->cx_s, cm->digest.data, &p, 0) != 0)
		return 1;
	rc = seal_payload_regrant(&p, x->cx_s.se_key, &r);
	if (rc == 0)
		rc = seal_payload_encode(&p, &enc, &elen);
	if (rc != 0) {
		cli_error("--field %s: cannot grant it to --reader: %s%s", A(O_FIELD),
		          cvd_strerror(rc), rc == CVD_EDUP ? " (already a reader)" : "");
		goto out;
	}
	m = cli_ctx_body(x, ce, 0);
	if (m == NULL || cli_ctx_add_sealed(x, enc, elen) != 0)
		goto out;
	m->digest = cm->digest;
	m->decision_case = CVDLOG__CONFIDENTIALITY_DECISION__DECISION_GRANT_READER;
	m->grant_reader = (char *)rk;
	status = 0;
out:
	free(enc);
	seal_payload_clear(&p);
	return status;
}

static int b_declassify(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	Cvdlog__ConfidentialityDecision *m = cli_ctx_body(x, ce, 0);
	Cvdlog__Opening *o;

	if (m == NULL || (o = cli_ctx_opening(x, A(O_FIELD))) == NULL)
		return 1;
	m->digest = o->digest;
	m->decision_case = CVDLOG__CONFIDENTIALITY_DECISION__DECISION_DECLASSIFY;
	m->declassify = o;
	return 0;
}

static int b_conduct(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	Cvdlog__ConductViolation *m = cli_ctx_body(x, ce, 0);
	int act;

	if (m == NULL || (act = cli_word("activity", A(O_ACTIVITY), activities)) == 0)
		return 1;
	m->activity = (Cvdlog__ConductActivity)act;
	m->details = cli_ctx_seal(x, "details", "details", A(O_DETAILS));
	return m->details != NULL ? 0 : 1;
}

static int b_close(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	Cvdlog__CaseClosed *m = cli_ctx_body(x, ce, 0);
	int r;

	if (m == NULL || (r = cli_word("reason", A(O_REASON), close_reasons)) == 0)
		return 1;
	m->reason = (Cvdlog__CloseReason)r;
	return 0;
}

/* ---- case show, case list ---- */

static const char *field_of(const struct cli_case *cs, const uint8_t *digest, uint64_t *idx)
{
	for (size_t i = 0; i < cs->cs_n; i++) {
		const Cvdlog__Commitment *c[CASES_MAX_COMMITS + 1];
		unsigned n = cases_event_commitments(cs->cs_entries[i].ce_case, c);
		for (unsigned k = 0; k < n; k++)
			if (c[k]->digest.len == SEAL_DIGEST_LEN &&
			    memcmp(c[k]->digest.data, digest, SEAL_DIGEST_LEN) == 0) {
				*idx = cs->cs_entries[i].ce_entry.e_index;
				return c[k]->field;
			}
	}
	return "?";
}

static size_t print_openings(const struct cli_case *cs, uint64_t at, Cvdlog__Opening **op, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t idx = 0;
		const char *f = field_of(cs, op[i]->digest.data, &idx);
		printf("  opened at %" PRIu64 ": %s (entry %" PRIu64 ")\n", at, f, idx);
		cli_print_text(stdout, op[i]->plaintext.data, op[i]->plaintext.len);
	}
	return n;
}

static int case_show(const struct cli_verb *v, struct cli_args *a)
{
	struct cli_session s;
	struct cli_case cs;
	uint64_t id;
	char ts[32], desc[2048];
	size_t opened = 0;
	int status = 1;

	(void)v;
	memset(&cs, 0, sizeof(cs));
	if (cli_u64_arg("CASE", a->a_pos[0], &id) != 0)
		return 1;
	if (cli_session_open(&s, a_get(a, O_KEY), a_get(a, O_POLICY)) != 0 ||
	    cli_case_fetch(&s, id, &cs) != 0)
		goto out;
	printf("case %" PRIu64 ": vendor %s, reporter %s\n", id, cs.cs_vendor, cs.cs_reporter);
	for (size_t i = 0; i < cs.cs_n; i++) {
		const struct cli_case_entry *e = &cs.cs_entries[i];
		const Cvdlog__CaseEvent *ce = e->ce_case;
		const ProtobufCFieldDescriptor *f = protobuf_c_message_descriptor_get_field(
		    &cvdlog__case_event__descriptor, (unsigned)ce->kind_case);
		desc[0] = '\0';
		if (f != NULL)
			cli_describe_fields(
			    *(const ProtobufCMessage *const *)((const char *)ce + f->offset), desc,
			    sizeof(desc));
		printf("%" PRIu64 " %s %s %s%s%s%s\n", e->ce_entry.e_index,
		       log_format_time(e->ce_entry.e_time_ms, ts), e->ce_view.ev_signer_key.kv_name,
		       cases_kind_name(ce->kind_case), ce->participant[0] ? " participant=" : "",
		       ce->participant, desc);
	}
	if (s.se_key != NULL) {
		printf("readable with %s:\n", s.se_vkey);
		for (size_t i = 0; i < cs.cs_n; i++) {
			const Cvdlog__Commitment *c[CASES_MAX_COMMITS + 1];
			unsigned n = cases_event_commitments(cs.cs_entries[i].ce_case, c);
			for (unsigned k = 0; k < n; k++) {
				uint8_t salt[SEAL_SALT_LEN], *plain = NULL;
				size_t len;
				int rc =
				    cli_fetch_open(&s, c[k]->digest.data, salt, &plain, &len, 1);
				printf("  %s (entry %" PRIu64 ")%s\n", c[k]->field,
				       cs.cs_entries[i].ce_entry.e_index,
				       rc == CVD_EUNAUTH ? ": not a reader"
				       : rc != 0         ? ": error"
				                         : ":");
				if (rc == 0)
					cli_print_text(stdout, plain, len);
				if (plain != NULL)
					sodium_free(plain);
			}
		}
	}
	printf("opened in the log:\n");
	for (size_t i = 0; i < cs.cs_n; i++) {
		const Cvdlog__CaseEvent *ce = cs.cs_entries[i].ce_case;
		uint64_t at = cs.cs_entries[i].ce_entry.e_index;
		if (ce->kind_case == CVDLOG__CASE_EVENT__KIND_ADVISORY_PUBLISHED)
			opened += print_openings(&cs, at, ce->advisory_published->openings,
			                         ce->advisory_published->n_openings);
		else if (ce->kind_case == CVDLOG__CASE_EVENT__KIND_REPORTER_DISCLOSED)
			opened += print_openings(&cs, at, ce->reporter_disclosed->openings,
			                         ce->reporter_disclosed->n_openings);
		else if (ce->kind_case == CVDLOG__CASE_EVENT__KIND_CONFIDENTIALITY &&
		         ce->confidentiality->decision_case ==
		             CVDLOG__CONFIDENTIALITY_DECISION__DECISION_DECLASSIFY)
			opened += print_openings(&cs, at, &ce->confidentiality->declassify, 1);
	}
	if (opened == 0)
		printf("  (nothing yet)\n");
	status = 0;
out:
	cli_case_clear(&cs);
	cli_session_close(&s);
	return status;
}

static int case_list(const struct cli_verb *v, struct cli_args *a)
{
	Cvdlog__Request req = CVDLOG__REQUEST__INIT;
	Cvdlog__CaseListRequest lr = CVDLOG__CASE_LIST_REQUEST__INIT;
	Cvdlog__Response *resp = NULL;
	struct cli_conn *conn = NULL;
	char t1[32], t2[32];

	(void)v;
	(void)a;
	if (cli_connect(cli_node, &conn) != 0)
		return 1;
	req.req_case = CVDLOG__REQUEST__REQ_CASE_LIST;
	req.case_list = &lr;
	if (cli_call_expect(conn, &req, CVDLOG__RESPONSE__RESP_CASE_LIST, &resp) != 0) {
		cli_close(conn);
		return 1;
	}
	printf("%-8s %-20s %-9s %-8s %-6s %-24s %-24s %s\n", "case", "vendor", "rm", "em", "flags",
	       "opened", "last", "events");
	for (size_t i = 0; i < resp->case_list->n_cases; i++) {
		const Cvdlog__CaseSummary *c = resp->case_list->cases[i];
		printf("%-8" PRIu64 " %-20s %-9s %-8s %-6s %-24s %-24s %" PRIu64 "\n", c->case_id,
		       c->vendor, c->rm, c->em, c->flags[0] ? c->flags : "-",
		       log_format_time(c->opened_ms, t1), log_format_time(c->last_ms, t2),
		       c->events);
	}
	cvdlog__response__free_unpacked(resp, NULL);
	cli_close(conn);
	return 0;
}

#define K(x)   CVDLOG__CASE_EVENT__KIND_##x
#define SUB    CLI_CASE_OPTS
#define SEAL   CLI_SEAL_OPTS
#define REQ(o) OPT(O_KEY) | OPT(o)
static const struct cli_verb verbs[] = {
    {"ack", "CASE --channel CH --key FILE",
     "acknowledge the report; CH is how the reporter was told: security-center, email, "
     "hackerone, coordinator, other, log",
     1, SUB | OPT(O_CHANNEL), REQ(O_CHANNEL), cli_case_verb, K(ACKNOWLEDGED), b_ack},
    {"update", "CASE --channel CH [--summary TEXT] --key FILE",
     "record a progress update to the reporter (the summary is sealed)", 1,
     SEAL | OPT(O_CHANNEL) | OPT(O_SUMMARY), REQ(O_CHANNEL), cli_case_verb, K(PROGRESS_UPDATE),
     b_update},
    {"assign", "CASE --assignee MEMBER --key FILE", "assign the case to a member of the vendor", 1,
     SUB | OPT(O_ASSIGNEE), REQ(O_ASSIGNEE), cli_case_verb, K(ASSIGNED), b_assign},
    {"invite", "CASE --org ORG --key FILE",
     "bring another vendor or a coordinator (e.g. a CERT) into the case", 1, SUB | OPT(O_ORG),
     REQ(O_ORG), cli_case_verb, K(PARTICIPANT_INVITED), b_invite},
    {"validate",
     "CASE --exploitability TEXT --impact TEXT [--cvss VECTOR] [--cwe CWE-N]... --key FILE",
     "the report is valid: public exploitability, impact, CVSS vector and CWE ids", 1,
     SUB | OPT(O_EXPLOITABILITY) | OPT(O_IMPACT) | OPT(O_CVSS) | OPT(O_CWE),
     REQ(O_EXPLOITABILITY) | OPT(O_IMPACT), cli_case_verb, K(VALIDATED), b_validate},
    {"invalidate", "CASE [--reason TEXT] --key FILE", "the report is invalid (sealed reason)", 1,
     SEAL | OPT(O_REASON), OPT(O_KEY), cli_case_verb, K(INVALIDATED), b_reason},
    {"duplicate", "CASE --of CASE --key FILE", "the report duplicates an earlier case", 1,
     SUB | OPT(O_OF), REQ(O_OF), cli_case_verb, K(DUPLICATE_OF), b_duplicate},
    {"defer", "CASE [--reason TEXT] --key FILE", "defer the case (sealed reason)", 1,
     SEAL | OPT(O_REASON), OPT(O_KEY), cli_case_verb, K(DEFERRED), b_reason},
    {"accept", "CASE --key FILE", "accept the case for a fix", 1, SUB, OPT(O_KEY), cli_case_verb,
     K(ACCEPTED), cli_build_empty},
    {"scope", "CASE --products TEXT --key FILE", "confirm the affected products (sealed)", 1,
     SEAL | OPT(O_PRODUCTS), REQ(O_PRODUCTS), cli_case_verb, K(SCOPE_CONFIRMED), b_scope},
    {"extend",
     "CASE --deadline acknowledge|progress-update|advisory --until DATE --justification TEXT --key "
     "FILE",
     "extend a deadline (sealed justification)", 1,
     SEAL | OPT(O_DEADLINE) | OPT(O_UNTIL) | OPT(O_JUSTIFICATION),
     REQ(O_DEADLINE) | OPT(O_UNTIL) | OPT(O_JUSTIFICATION), cli_case_verb, K(DEADLINE_EXTENDED),
     b_extend},
    {"fix-plan", "CASE --plan TEXT --key FILE", "the fix plan is ready (sealed)", 1,
     SEAL | OPT(O_PLAN), REQ(O_PLAN), cli_case_verb, K(FIX_PLAN_READY), b_fix_plan},
    {"mitigation", "CASE --mitigation TEXT --key FILE",
     "a mitigation short of a fix is available (sealed)", 1, SEAL | OPT(O_MITIGATION),
     REQ(O_MITIGATION), cli_case_verb, K(MITIGATION_AVAILABLE), b_mitigation},
    {"fix-ready", "CASE --key FILE", "the fix is ready (F)", 1, SUB, OPT(O_KEY), cli_case_verb,
     K(FIX_READY), cli_build_empty},
    {"fix-deployed", "CASE --key FILE", "the fix is deployed (D)", 1, SUB, OPT(O_KEY),
     cli_case_verb, K(FIX_DEPLOYED), cli_build_empty},
    {"update-released", "CASE --product MODEL --version V --key FILE",
     "a security update is released", 1, SUB | OPT(O_PRODUCT) | OPT(O_VERSION),
     REQ(O_PRODUCT) | OPT(O_VERSION), cli_case_verb, K(UPDATE_RELEASED), b_update_released},
    {"public-aware", "CASE --key FILE", "the public is aware of the vulnerability (P)", 1, SUB,
     OPT(O_KEY), cli_case_verb, K(PUBLIC_AWARE), cli_build_empty},
    {"exploit-public", "CASE [--reference URL] --key FILE", "an exploit is public (X, and P)", 1,
     SUB | OPT(O_REFERENCE), OPT(O_KEY), cli_case_verb, K(EXPLOIT_PUBLIC), b_exploit_public},
    {"attacks-observed", "CASE --key FILE", "attacks are observed (A)", 1, SUB, OPT(O_KEY),
     cli_case_verb, K(ATTACKS_OBSERVED), cli_build_empty},
    {"grant", "CASE --field [INDEX:]NAME --reader VKEY --key FILE",
     "let one more key read a sealed field (re-seals its key; yours must read it)", 1,
     SUB | OPT(O_FIELD) | OPT(O_READER), REQ(O_FIELD) | OPT(O_READER), cli_case_verb,
     K(CONFIDENTIALITY), b_grant},
    {"declassify", "CASE --field [INDEX:]NAME --key FILE",
     "make a sealed field public: its opening goes into the log", 1, SUB | OPT(O_FIELD),
     REQ(O_FIELD), cli_case_verb, K(CONFIDENTIALITY), b_declassify},
    {"conduct",
     "CASE --activity data-modification|service-disruption|information-disclosure|other --details "
     "TEXT --key FILE",
     "record a conduct violation (sealed details)", 1, SEAL | OPT(O_ACTIVITY) | OPT(O_DETAILS),
     REQ(O_ACTIVITY) | OPT(O_DETAILS), cli_case_verb, K(CONDUCT_VIOLATION), b_conduct},
    {"close", "CASE --reason fixed|invalid|duplicate|out-of-support|withdrawn --key FILE",
     "close the case for the vendor", 1, SUB | OPT(O_REASON), REQ(O_REASON), cli_case_verb,
     K(CASE_CLOSED), b_close},
    {"show", "CASE [--key FILE]",
     "the case's timeline, what the key can decrypt, and what the log has opened", 1,
     OPT(O_KEY) | OPT(O_POLICY), 0, case_show, 0, NULL},
    {"list", "", "one line per case: id, vendor, RM, EM, flags, opened, last, events", 0, 0, 0,
     case_list, 0, NULL},
};

int cmd_case(int argc, char **argv)
{
	return cli_group_main("case",
	                      "Record and read the steps of a case. CASE is the log index of "
	                      "its report.",
	                      verbs, sizeof(verbs) / sizeof(verbs[0]), argc, argv);
}
