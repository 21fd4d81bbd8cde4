/*
 * fuzz_proof.c: libFuzzer harness for the report proof file of `cvdlog
 * report prove` and `cvdlog verify` (client/case_parse.c, linked here with
 * the library; docs/formats.md section 12). The input is the whole file.
 * cli_proof_parse must never crash or leak, and cli_proof_clear is called in
 * every case. Invariants: a refusal is CVD_EINVAL or CVD_ENOMEM with a
 * reason and leaves the proof cleared; an accepted proof has 1..CLI_PROOF_MAX
 * openings, each with a field name of the form [a-z][a-z0-9-]{0,31} that no
 * other opening has and a plaintext of at most SEAL_PLAINTEXT_MAX bytes, and
 * a non-empty receipt part that ends the input after an empty line; and
 * cli_proof_format gives back exactly the input bytes (every token is
 * canonical).
 *
 * Then the harness checks it as `cvdlog verify` does, against the fixed
 * trust policy of tests/vectors/cvdlog.json (fuzz.h): the receipt part
 * parses, its entry's event decodes, and cli_proof_check runs on it whether
 * the receipt verifies or not. When it accepts, the event is a report and
 * every opening opens a commitment of its field, computed here from the
 * definition (SHA-256("cvdlog/commit/v1\n" || salt || plaintext));
 * otherwise it is CVD_EINVAL with a reason. The seed corpus holds proofs
 * whose receipts verify under that policy (made from the vectors' keys; no
 * private key is in the corpus) with matching and non-matching openings.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../client/cli.h"
#include "cvdlog.pb-c.h"
#include "entry.h"
#include "error.h"
#include "event.h"
#include "fuzz.h"
#include "receipt.h"
#include "seal.h"

#define COMMIT_PREFIX "cvdlog/commit/v1\n"

static struct policy policy;

static void init(void)
{
	fuzz_parse_policy(FUZZ_POLICY_TEXT, &policy);
}

static int field_ok(const char *f)
{
	size_t n = strlen(f);

	if (n < 1 || n > CASES_FIELD_MAX || f[0] < 'a' || f[0] > 'z')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((f[i] >= 'a' && f[i] <= 'z') || (f[i] >= '0' && f[i] <= '9') || f[i] == '-'))
			return 0;
	return 1;
}

static void check_layout(const struct cli_proof *p, const char *text, size_t size)
{
	check(p->pf_n >= 1 && p->pf_n <= CLI_PROOF_MAX);
	for (unsigned i = 0; i < p->pf_n; i++) {
		const struct cli_proof_opening *o = &p->pf_open[i];
		check(memchr(o->po_field, '\0', sizeof(o->po_field)) != NULL);
		check(field_ok(o->po_field));
		for (unsigned k = 0; k < i; k++)
			check(strcmp(p->pf_open[k].po_field, o->po_field) != 0);
		check(o->po_plain != NULL && o->po_len <= SEAL_PLAINTEXT_MAX);
	}
	check(p->pf_receipt != NULL && p->pf_receipt_len >= 1);
	check(p->pf_receipt >= text + 2 && p->pf_receipt + p->pf_receipt_len == text + size);
	check(p->pf_receipt[-1] == '\n' && p->pf_receipt[-2] == '\n');
}

/* check_format: the parsed proof formats back to exactly the input. */
static void check_format(const struct cli_proof *p, const char *text, size_t size)
{
	char *out = NULL;
	size_t n = 0;

	check(cli_proof_format(p, p->pf_receipt, p->pf_receipt_len, &out, &n) == 0);
	check(n == size && memcmp(out, text, size) == 0 && out[n] == '\0');
	free(out);
}

/* opens: some commitment of the report named o's field has o's digest. */
static int opens(const Cvdlog__ReportSubmitted *r, const struct cli_proof_opening *o)
{
	uint8_t d[SEAL_DIGEST_LEN];
	crypto_hash_sha256_state st;

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const uint8_t *)COMMIT_PREFIX, strlen(COMMIT_PREFIX));
	crypto_hash_sha256_update(&st, o->po_salt, SEAL_SALT_LEN);
	crypto_hash_sha256_update(&st, o->po_plain, o->po_len);
	crypto_hash_sha256_final(&st, d);
	for (size_t k = 0; k < r->n_fields; k++)
		if (strcmp(r->fields[k]->field, o->po_field) == 0 &&
		    r->fields[k]->digest.len == SEAL_DIGEST_LEN &&
		    memcmp(r->fields[k]->digest.data, d, SEAL_DIGEST_LEN) == 0)
			return 1;
	return 0;
}

/* check_event: cli_proof_check on the receipt's event, which `cvdlog
 * verify` runs only when the receipt verifies; the invariant holds for any
 * event, so it is checked for every one that decodes. */
static void check_event(const struct cli_proof *p, const struct event_view *ev)
{
	const Cvdlog__Event *pb = ev->ev_pb;
	char why[256];
	int rc;

	why[0] = '\0';
	rc = cli_proof_check(p, ev, why, sizeof(why));
	if (rc != 0) {
		check(rc == CVD_EINVAL && why[0] != '\0' && memchr(why, '\0', sizeof(why)) != NULL);
		return;
	}
	check(ev->ev_type == EVENT_CASE && pb->body_case == CVDLOG__EVENT__BODY_CASE_EVENT);
	check(pb->case_event->kind_case == CVDLOG__CASE_EVENT__KIND_REPORT);
	for (unsigned i = 0; i < p->pf_n; i++)
		check(opens(pb->case_event->report, &p->pf_open[i]));
}

static void check_receipt(const struct cli_proof *p)
{
	struct receipt r;
	struct receipt_info info;
	struct entry e;
	struct event_view ev;
	const char *what = NULL;
	int verified;

	if (receipt_parse(p->pf_receipt, p->pf_receipt_len, &r) != 0) {
		receipt_clear(&r);
		return;
	}
	verified = receipt_verify(&r, &policy, &info, &what) == 0;
	check(verified || what != NULL);
	/* a verified receipt's entry is the one the file holds */
	if (entry_decode(r.r_entry, r.r_entry_len, &e) == 0) {
		check(!verified || memcmp(e.e_author, info.ri_entry.e_author, KEYS_PK_LEN) == 0);
		if (event_decode(e.e_event, e.e_event_len, &ev, NULL) == 0)
			check_event(p, &ev);
		event_view_clear(&ev);
	} else {
		check(!verified);
	}
	receipt_clear(&r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *why = NULL;
	struct cli_proof p;
	int rc;

	fuzz_init(init);
	rc = cli_proof_parse(text, size, &p, &why);
	if (rc != 0) {
		check(rc == CVD_EINVAL || rc == CVD_ENOMEM);
		check(why != NULL && p.pf_n == 0 && p.pf_receipt == NULL && p.pf_receipt_len == 0);
	} else {
		check(why == NULL);
		check_layout(&p, text, size);
		check_format(&p, text, size);
		check_receipt(&p);
	}
	cli_proof_clear(&p);
	return 0;
}
