/*
 * cmd_verify.c: `cvdlog verify RECEIPT... --policy POLICY`, offline. Exit 0
 * only when every check of receipt_verify passes for every receipt; prints the index, the
 * node's sequencing time, the author's key and the event type, and any
 * witness cosignature times. Also home of cli_check_receipt, which `note`
 * and `receipt` use on what they fetch.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkpoint.h"
#include "cli.h"
#include "encoding.h"
#include "entry.h"
#include "error.h"
#include "event.h"
#include "log.h"
#include "note.h"
#include "receipt.h"

static const char *usage =
    "usage: cvdlog verify FILE... --policy POLICY\n"
    "\n"
    "Checks .tlog-proof receipts offline against a trust policy: the entry\n"
    "and its event signature, the inclusion proof and the checkpoint's\n"
    "signatures. A report proof file (from `cvdlog report prove`) is checked the\n"
    "same way, and each of its openings against the report's commitment; it\n"
    "prints what was reported, by which key and when. Exit 0 only if every file\n"
    "holds.\n";

/* describe_author names the author from the event's signer key, which must
 * be the key that signed the entry. An event that does not decode (e.g.
 * the placeholder events of the vectors) is shown by its raw key. */
static int describe_author(const struct entry *e, struct cli_receipt_report *rep)
{
	struct event_view ev;
	int rc = 0;

	snprintf(rep->rr_type, sizeof(rep->rr_type), "unknown");
	if (event_decode(e->e_event, e->e_event_len, &ev, NULL) == 0) {
		snprintf(rep->rr_type, sizeof(rep->rr_type), "%s", event_type_name(ev.ev_type));
		snprintf(rep->rr_author, sizeof(rep->rr_author), "%s", ev.ev_signer);
		if (memcmp(ev.ev_signer_key.kv_pk, e->e_author, KEYS_PK_LEN) != 0)
			rc = CVD_EBADSIG;
	} else {
		char b64[45];
		snprintf(rep->rr_author, sizeof(rep->rr_author), "(undecoded event) key %s",
		         enc_b64(b64, e->e_author, KEYS_PK_LEN));
	}
	event_view_clear(&ev);
	return rc;
}

int cli_check_receipt(const char *text, size_t len, const struct policy *p,
                      struct cli_receipt_report *rep)
{
	struct receipt r;
	struct receipt_info info;
	struct policy self;
	int rc;

	memset(rep, 0, sizeof(*rep));
	rep->rr_what = "receipt format";
	rc = receipt_parse(text, len, &r);
	if (rc != 0)
		goto out;
	if (p == NULL) {
		/* No trust policy: a policy of no keys checks all but signatures. */
		struct note n;
		rep->rr_what = "checkpoint";
		rc = note_parse(r.r_checkpoint, r.r_checkpoint_len, &n);
		if (rc == 0)
			rc = checkpoint_parse_body(n.n_text, n.n_text_len, &rep->rr_verdict.pv_cp);
		if (rc != 0)
			goto out;
		memset(&self, 0, sizeof(self));
		snprintf(self.p_origin, sizeof(self.p_origin), "%s",
		         rep->rr_verdict.pv_cp.c_origin);
		p = &self;
	}
	rc = receipt_verify(&r, p, &info, &rep->rr_what);
	if (rc != 0)
		goto out;
	rep->rr_index = info.ri_entry.e_index;
	rep->rr_time_ms = info.ri_entry.e_time_ms;
	rep->rr_verdict = info.ri_verdict;
	rep->rr_size = info.ri_verdict.pv_cp.c_size;
	rep->rr_what = "event signer (not the key that signed)";
	rc = describe_author(&info.ri_entry, rep);
	if (rc != 0)
		goto out;
	rep->rr_what = NULL;
out:
	receipt_clear(&r);
	return rc;
}

static void print_checkpoint(const struct cli_receipt_report *rep, const struct policy *pol)
{
	char ts[32];

	printf("checkpoint: %s size %" PRIu64 ", %u of %u node keys (quorum %u)\n", pol->p_origin,
	       rep->rr_size, rep->rr_verdict.pv_nodes, pol->p_nnodes, pol->p_quorum);
	for (unsigned i = 0; i < rep->rr_verdict.pv_witnesses; i++)
		printf("witness:    %s cosigned at %s (upper bound on the time)\n",
		       rep->rr_verdict.pv_cosig_name[i],
		       log_format_time(rep->rr_verdict.pv_cosig_time[i] * 1000, ts));
}

/* verify_proof: a report proof file (docs/formats.md section 12): its
 * receipt verifies, its entry is a report, and every opening matches the
 * report's commitment of that field. */
static int verify_proof(const char *path, const char *text, size_t len, const struct policy *pol)
{
	struct cli_receipt_report rep;
	struct cli_proof pf;
	struct receipt r;
	struct entry e;
	struct event_view ev;
	const Cvdlog__ReportSubmitted *m;
	const char *why;
	char ts[32], w[64], reason[256];
	int rc, status = 1;

	memset(&r, 0, sizeof(r));
	memset(&ev, 0, sizeof(ev));
	rc = cli_proof_parse(text, len, &pf, &why);
	if (rc != 0)
		return cli_error("%s: INVALID report proof: %s", path, why);
	rc = cli_check_receipt(pf.pf_receipt, pf.pf_receipt_len, pol, &rep);
	if (rc != 0) {
		cli_error("%s: INVALID: receipt: %s: %s", path, rep.rr_what, cvd_strerror(rc));
		goto out;
	}
	if (receipt_parse(pf.pf_receipt, pf.pf_receipt_len, &r) != 0 ||
	    entry_decode(r.r_entry, r.r_entry_len, &e) != 0 ||
	    event_decode(e.e_event, e.e_event_len, &ev, NULL) != 0) {
		cli_error("%s: INVALID: the receipt's event does not decode", path);
		goto out;
	}
	if (cli_proof_check(&pf, &ev, reason, sizeof(reason)) != 0) {
		cli_error("%s: INVALID: %s", path, reason);
		goto out;
	}
	m = ((const Cvdlog__Event *)ev.ev_pb)->case_event->report;
	printf("report proof %s is valid\n", path);
	printf("case:       %" PRIu64 "\n", rep.rr_index);
	printf("reported:   %s (node sequencing time, UTC)\n", log_format_time(rep.rr_time_ms, ts));
	printf("by:         %s\n", rep.rr_author);
	printf("vendor:     %s\n", m->vendor);
	printf("channel:    %s\n",
	       cli_enum_word(&cvdlog__channel__descriptor, (int)m->channel, w, sizeof(w)));
	if (m->reporter_cvss[0] != '\0')
		printf("cvss:       %s\n", m->reporter_cvss);
	if (m->planned_disclosure_ms != 0)
		printf("planned disclosure: %s\n", log_format_time(m->planned_disclosure_ms, ts));
	print_checkpoint(&rep, pol);
	for (size_t i = 0; i < m->n_fields; i++) {
		unsigned k;
		for (k = 0; k < pf.pf_n && strcmp(pf.pf_open[k].po_field, m->fields[i]->field); k++)
			;
		if (k == pf.pf_n) {
			printf("field %s: committed, not opened in this proof\n",
			       m->fields[i]->field);
			continue;
		}
		printf("field %s (opening matches the commitment):\n", m->fields[i]->field);
		cli_print_text(stdout, pf.pf_open[k].po_plain, pf.pf_open[k].po_len);
	}
	status = 0;
out:
	event_view_clear(&ev);
	receipt_clear(&r);
	cli_proof_clear(&pf);
	return status;
}

static int verify_one(const char *path, const struct policy *pol)
{
	struct cli_receipt_report rep;
	char *text = NULL, ts[32];
	size_t len, hl = strlen(CLI_PROOF_HEADER);
	int rc;

	if (cli_read_file(path, RECEIPT_MAX_LEN + 2 * CLI_PROOF_MAX * SEAL_PLAINTEXT_MAX, &text,
	                  &len) != 0)
		return 1;
	if (len > hl && memcmp(text, CLI_PROOF_HEADER, hl) == 0 && text[hl] == '\n') {
		rc = verify_proof(path, text, len, pol);
		free(text);
		return rc;
	}
	rc = cli_check_receipt(text, len, pol, &rep);
	free(text);
	if (rc != 0)
		return cli_error("%s: INVALID: %s: %s", path, rep.rr_what, cvd_strerror(rc));
	printf("receipt %s is valid\n", path);
	printf("index:      %" PRIu64 "\n", rep.rr_index);
	printf("time:       %s (node sequencing time, UTC)\n", log_format_time(rep.rr_time_ms, ts));
	printf("author:     %s\n", rep.rr_author);
	printf("event:      %s\n", rep.rr_type);
	print_checkpoint(&rep, pol);
	return 0;
}

int cmd_verify(int argc, char **argv)
{
	static const struct option opts[] = {{"policy", required_argument, NULL, 'p'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	const char *policy_path = NULL;
	struct policy pol;
	int c, rc, bad = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p': policy_path = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: return cli_usage(usage, NULL);
		}
	}
	if (optind == argc)
		return cli_usage(usage, "verify needs at least one RECEIPT file");
	rc = cli_load_policy(policy_path, &pol);
	if (rc == 1)
		return cli_usage(usage, "verify needs --policy (or $CVDLOG_POLICY)");
	if (rc != 0)
		return 1;
	for (int i = optind; i < argc; i++)
		bad |= verify_one(argv[i], &pol);
	return bad;
}
