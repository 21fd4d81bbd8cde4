/*
 * cmd_advisory.c: `cvdlog advisory publish|revise CASE`: the vendor's
 * security advisory (SA, needs a validated case) or notice (SN), with the
 * SHA-256 of its text and the openings of the sealed fields it discloses,
 * and its revisions.
 */
#include <sodium.h>
#include <stdio.h>

#include "cli.h"
#include "vuln.h"

#define A(o) a_get(x->cx_a, o)

static const char *const kinds[] = {"SA", "SN", NULL};
static const char *const changes[] = {"scope", "cve", "credit", "other", NULL};

static int b_publish(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	Cvdlog__AdvisoryPublished *m = cli_ctx_body(x, ce, 0);
	const struct cli_args *a = x->cx_a;
	int kind;

	if (m == NULL || (kind = cli_word("kind", A(O_KIND), kinds)) == 0 ||
	    cli_check_list("cve", a, O_CVE, vuln_cve_valid) != 0 ||
	    cli_check_list("cwe", a, O_CWE, vuln_cwe_valid) != 0 ||
	    (A(O_CVSS) != NULL && cli_check_cvss("cvss", A(O_CVSS)) != 0))
		return 1;
	m->kind = (Cvdlog__AdvisoryKind)kind;
	m->advisory_id = (char *)A(O_ID);
	m->url = (char *)A(O_URL);
	m->n_cve = a->a_n[O_CVE];
	m->cve = (char **)a->a_v[O_CVE];
	if (A(O_CVSS) != NULL)
		m->cvss = (char *)A(O_CVSS);
	m->n_cwe = a->a_n[O_CWE];
	m->cwe = (char **)a->a_v[O_CWE];
	m->n_credits = a->a_n[O_CREDIT];
	m->credits = (char **)a->a_v[O_CREDIT];
	return cli_ctx_disclosures(x, &m->text_sha256, &m->openings, &m->n_openings);
}

static int b_revise(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	Cvdlog__AdvisoryRevised *m = cli_ctx_body(x, ce, 0);
	const struct cli_args *a = x->cx_a;
	int what;

	if (m == NULL || (what = cli_word("changed", A(O_CHANGED), changes)) == 0 ||
	    cli_check_list("cve", a, O_CVE, vuln_cve_valid) != 0)
		return 1;
	m->advisory_id = (char *)A(O_ID);
	m->what_changed = (Cvdlog__RevisionTopic)what;
	m->n_cve = a->a_n[O_CVE];
	m->cve = (char **)a->a_v[O_CVE];
	m->text_sha256.data = cli_ctx_sha256_file(x, "text", A(O_TEXT));
	if (m->text_sha256.data == NULL)
		return 1;
	m->text_sha256.len = crypto_hash_sha256_BYTES;
	return 0;
}

#define K(x) CVDLOG__CASE_EVENT__KIND_##x
static const struct cli_verb verbs[] = {
    {"publish",
     "CASE --kind SA|SN --id ID --url URL --text FILE [--cve ID]... [--cvss VECTOR] "
     "[--cwe ID]... [--credit TEXT]... [--disclose [INDEX:]FIELD]... --key FILE",
     "publish an advisory (SA: needs a validated case) or notice (SN); the SHA-256 of FILE "
     "and the openings of the disclosed fields go into the log",
     1,
     CLI_CASE_OPTS | OPT(O_KIND) | OPT(O_ID) | OPT(O_URL) | OPT(O_TEXT) | OPT(O_CVE) | OPT(O_CVSS) |
         OPT(O_CWE) | OPT(O_CREDIT) | OPT(O_DISCLOSE),
     OPT(O_KEY) | OPT(O_KIND) | OPT(O_ID) | OPT(O_URL) | OPT(O_TEXT), cli_case_verb,
     K(ADVISORY_PUBLISHED), b_publish},
    {"revise", "CASE --id ID --text FILE --changed scope|cve|credit|other [--cve ID]... --key FILE",
     "revise a published advisory: its new SHA-256, what changed, the CVE ids after it", 1,
     CLI_CASE_OPTS | OPT(O_ID) | OPT(O_TEXT) | OPT(O_CHANGED) | OPT(O_CVE),
     OPT(O_KEY) | OPT(O_ID) | OPT(O_TEXT) | OPT(O_CHANGED), cli_case_verb, K(ADVISORY_REVISED),
     b_revise},
};

int cmd_advisory(int argc, char **argv)
{
	return cli_group_main("advisory", "The vendor's advisories on a case.", verbs,
	                      sizeof(verbs) / sizeof(verbs[0]), argc, argv);
}
