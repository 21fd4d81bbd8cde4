/*
 * cmd_report.c: `cvdlog report submit|prove|disclosed`: the reporter's
 * side. submit seals each confidential field of the report to every member
 * of the vendor org and to the reporter, logs only the commitments and the
 * public metadata, and prints the case id; prove writes the report proof
 * file (docs/formats.md section 12) that `cvdlog verify` checks offline;
 * disclosed records the reporter's own publication.
 */
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "error.h"
#include "vuln.h"

/* The confidential fields of a report: flag, JSON key, commitment field. */
static const struct {
	enum cli_opt rf_opt;
	const char *rf_json;
	const char *rf_field;
} fields[] = {
    {O_CONTACT, "contact", "contact"},
    {O_PRODUCTS, "products", "products"},
    {O_DESCRIPTION, "description", "description"},
    {O_EXPLOITS, "exploits", "exploits"},
    {O_DISCLOSURE_PLANS, "disclosure_plans", "disclosure-plans"},
    {O_ADDITIONAL, "additional", "additional"},
};

/* The public members of the JSON file. */
static const struct {
	enum cli_opt rj_opt;
	const char *rj_json;
} public_keys[] = {
    {O_CHANNEL, "channel"},
    {O_VENDOR, "vendor"},
    {O_CVSS, "cvss"},
    {O_PLANNED, "planned_disclosure"},
};

static const char *const report_channels[] = {"security-center", "email", "hackerone",
                                              "coordinator",     "other", NULL};

/* The report's values: a flag, else the JSON member. */
struct report_in {
	struct cli_case_ctx *ri_x;
	const char *ri_v[O_COUNT];
	const char *ri_path;
};

static int json_member(void *ctx, const char *key, const char *value)
{
	struct report_in *in = ctx;
	enum cli_opt o = O_COUNT;
	char *copy;

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strcmp(key, fields[i].rf_json) == 0)
			o = fields[i].rf_opt;
	for (size_t i = 0; i < sizeof(public_keys) / sizeof(public_keys[0]); i++)
		if (strcmp(key, public_keys[i].rj_json) == 0)
			o = public_keys[i].rj_opt;
	if (o == O_COUNT)
		return cli_error("--json %s: unknown member \"%s\"", in->ri_path, key);
	if (in->ri_v[o] != NULL)
		return cli_error("--json %s: member \"%s\" given twice", in->ri_path, key);
	copy = cli_ctx_alloc(in->ri_x, strlen(value) + 1);
	if (copy == NULL)
		return 1;
	memcpy(copy, value, strlen(value) + 1);
	in->ri_v[o] = copy;
	return 0;
}

static int b_report(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	Cvdlog__ReportSubmitted *m;
	Cvdlog__Commitment **cms;
	struct report_in in;
	const char *json = a_get(x->cx_a, O_JSON);
	char err[256];
	int ch;

	memset(&in, 0, sizeof(in));
	in.ri_x = x;
	if (json != NULL) {
		char *text;
		size_t len;
		int rc;
		if (cli_read_file(json, 1u << 20, &text, &len) != 0)
			return 1;
		in.ri_path = json;
		rc = cli_json_strings(text, len, json_member, &in, err, sizeof(err));
		free(text);
		if (rc == CVD_EINVAL && err[0] != '\0')
			return cli_error("--json %s: %s", json, err);
		if (rc != 0)
			return 1;
	}
	for (int o = 0; o < O_COUNT; o++) /* a flag wins over the file */
		if (a_get(x->cx_a, (enum cli_opt)o) != NULL)
			in.ri_v[o] = a_get(x->cx_a, (enum cli_opt)o);
	if (in.ri_v[O_VENDOR] == NULL)
		return cli_error("report submit needs --vendor ORG (or \"vendor\" in --json)");
	if (in.ri_v[O_DESCRIPTION] == NULL)
		return cli_error("report submit needs --description TEXT (or \"description\" in "
		                 "--json)");
	m = cli_ctx_body(x, ce, 0);
	cms = cli_ctx_alloc(x, sizeof(fields) / sizeof(fields[0]) * sizeof(*cms));
	if (m == NULL || cms == NULL)
		return 1;
	m->vendor = (char *)in.ri_v[O_VENDOR];
	x->cx_vendor = m->vendor;
	ch = cli_word("channel", in.ri_v[O_CHANNEL] != NULL ? in.ri_v[O_CHANNEL] : "other",
	              report_channels);
	if (ch == 0)
		return 1;
	m->channel = (Cvdlog__Channel)ch;
	if (in.ri_v[O_CVSS] != NULL) {
		if (cli_check_cvss("cvss", in.ri_v[O_CVSS]) != 0)
			return 1;
		m->reporter_cvss = (char *)in.ri_v[O_CVSS];
	}
	if (in.ri_v[O_PLANNED] != NULL &&
	    cli_date_arg("planned-disclosure", in.ri_v[O_PLANNED], &m->planned_disclosure_ms) != 0)
		return 1;
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		const char *v = in.ri_v[fields[i].rf_opt];
		if (v == NULL)
			continue;
		if (a_get(x->cx_a, fields[i].rf_opt) != NULL)
			cms[m->n_fields] =
			    cli_ctx_seal(x, fields[i].rf_field, fields[i].rf_field, v);
		else /* a JSON value is the text itself, never "@FILE" */
			cms[m->n_fields] = cli_ctx_seal_raw(x, fields[i].rf_field,
			                                    fields[i].rf_json, v, strlen(v));
		if (cms[m->n_fields] == NULL)
			return 1;
		m->n_fields++;
	}
	m->fields = cms;
	x->cx_receipt_fmt = "case-%llu.receipt";
	return 0;
}

static void print_case(const struct cli_submitted *r)
{
	printf("case %" PRIu64 "\n", r->sb_index);
}

static int report_submit(const struct cli_verb *v, struct cli_args *a)
{
	return cli_case_submit(v, a, b_report, print_case);
}

static int b_disclosed(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	Cvdlog__ReporterDisclosed *m = cli_ctx_body(x, ce, 0);
	const struct cli_args *a = x->cx_a;

	if (m == NULL)
		return 1;
	m->url = (char *)a_get(a, O_URL);
	return cli_ctx_disclosures(x, &m->text_sha256, &m->openings, &m->n_openings);
}

/* report_prove: the report's receipt and the opening of each of its
 * fields, which the key must be able to read. */
static int report_prove(const struct cli_verb *v, struct cli_args *a)
{
	struct cli_session s;
	struct cli_case cs;
	struct cli_proof pf;
	struct cli_receipt_report rep;
	const Cvdlog__Commitment *c[CASES_MAX_COMMITS + 1];
	const char *out = a_get(a, O_OUT);
	char *receipt = NULL, *file = NULL;
	size_t rlen, flen;
	uint64_t id;
	unsigned n;
	int status = 1;

	(void)v;
	memset(&cs, 0, sizeof(cs));
	memset(&pf, 0, sizeof(pf));
	if (cli_u64_arg("CASE", a->a_pos[0], &id) != 0)
		return 1;
	if (cli_session_open(&s, a_get(a, O_KEY), a_get(a, O_POLICY)) != 0 ||
	    cli_case_fetch(&s, id, &cs) != 0 ||
	    cli_fetch_receipt(s.se_conn, id, s.se_have_policy ? &s.se_policy : NULL, &receipt,
	                      &rlen, &rep) != 0)
		goto out;
	n = cases_event_commitments(cs.cs_entries[0].ce_case, c);
	for (unsigned i = 0; i < n; i++) {
		struct cli_proof_opening *o = &pf.pf_open[pf.pf_n];
		uint8_t *plain = NULL;
		size_t len;
		if (cli_fetch_open(&s, c[i]->digest.data, o->po_salt, &plain, &len, 0) != 0) {
			cli_error("case %" PRIu64 ": cannot read field %s with --key", id,
			          c[i]->field);
			goto out;
		}
		o->po_plain = malloc(len ? len : 1);
		if (o->po_plain != NULL)
			memcpy(o->po_plain, plain, len);
		sodium_free(plain);
		if (o->po_plain == NULL) {
			cli_error("out of memory");
			goto out;
		}
		o->po_len = len;
		snprintf(o->po_field, sizeof(o->po_field), "%s", c[i]->field);
		pf.pf_n++;
	}
	if (cli_proof_format(&pf, receipt, rlen, &file, &flen) != 0) {
		cli_error("out of memory");
		goto out;
	}
	/* the file holds the report's plaintext: only its owner reads it */
	if (cli_write_file(out, file, flen, 0600) != 0)
		goto out;
	printf("proof %s: case %" PRIu64 ", %u field%s opened, receipt at tree size %" PRIu64 "\n",
	       out, id, pf.pf_n, pf.pf_n == 1 ? "" : "s", rep.rr_size);
	status = 0;
out:
	if (file != NULL) {
		sodium_memzero(file, flen);
		free(file);
	}
	free(receipt);
	cli_proof_clear(&pf);
	cli_case_clear(&cs);
	cli_session_close(&s);
	return status;
}

#define K(x) CVDLOG__CASE_EVENT__KIND_##x
static const struct cli_verb verbs[] = {
    {"submit",
     "--vendor ORG --description TEXT [--channel CH] [--contact TEXT] [--products TEXT] "
     "[--exploits TEXT] [--disclosure-plans TEXT] [--additional TEXT] [--json FILE] "
     "[--cvss VECTOR] [--planned-disclosure DATE] [--reader VKEY]... --key FILE [--receipt FILE]",
     "submit a report; the fields are sealed to the vendor's members and to you. CH: "
     "security-center, email, hackerone, coordinator, other (default). --json FILE gives the "
     "same as an object of strings (contact, products, description, exploits, "
     "disclosure_plans, additional, channel, vendor, cvss, planned_disclosure); flags win. "
     "Prints the case id and writes the receipt (default case-ID.receipt)",
     0,
     CLI_SUBMIT_OPTS | OPT(O_READER) | OPT(O_VENDOR) | OPT(O_CHANNEL) | OPT(O_CONTACT) |
         OPT(O_PRODUCTS) | OPT(O_DESCRIPTION) | OPT(O_EXPLOITS) | OPT(O_DISCLOSURE_PLANS) |
         OPT(O_ADDITIONAL) | OPT(O_JSON) | OPT(O_CVSS) | OPT(O_PLANNED),
     OPT(O_KEY), report_submit, K(REPORT), NULL},
    {"prove", "CASE --key FILE --out FILE [--policy POLICY]",
     "write a proof of what you reported and when: the openings of the report's fields and "
     "its receipt, for `cvdlog verify FILE --policy P` (the file holds the plaintext: mode "
     "0600)",
     1, OPT(O_KEY) | OPT(O_OUT) | OPT(O_POLICY), OPT(O_KEY) | OPT(O_OUT), report_prove, 0, NULL},
    {"disclosed", "CASE --url URL --text FILE [--disclose [INDEX:]FIELD]... --key FILE",
     "record your own publication: its URL, the SHA-256 of its text and the openings of the "
     "fields it discloses",
     1, CLI_SUBMIT_OPTS | OPT(O_URL) | OPT(O_TEXT) | OPT(O_DISCLOSE),
     OPT(O_KEY) | OPT(O_URL) | OPT(O_TEXT), cli_case_verb, K(REPORTER_DISCLOSED), b_disclosed},
};

int cmd_report(int argc, char **argv)
{
	return cli_group_main("report", "The reporter's commands.", verbs,
	                      sizeof(verbs) / sizeof(verbs[0]), argc, argv);
}
