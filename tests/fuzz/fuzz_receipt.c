/*
 * fuzz_receipt.c: libFuzzer harness for receipts, C2SP tlog-proof@v1 files
 * (lib/receipt.c; DESIGN.md section 6). The input is the text of a receipt as
 * a reporter hands it to `cvdlog verify`: receipt_parse splits it, then
 * receipt_verify checks it against a fixed policy (the "policy" member of
 * tests/vectors/cvdlog.json), and receipt_clear is called in every case.
 * Nothing may crash or leak. Invariants: a parsed receipt has at most 64
 * proof hashes, an entry no longer than the input and a non-empty checkpoint
 * that is the tail of the input; receipt_format of the parsed fields
 * reproduces the input byte for byte (the format has one spelling); a
 * receipt that verifies has an entry whose index is the index line, below
 * the checkpoint's tree size, and a checkpoint that meets the policy.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "entry.h"
#include "error.h"
#include "fuzz.h"
#include "merkle.h"
#include "policy.h"
#include "receipt.h"

static struct policy policy;

static void init(void)
{
	fuzz_parse_policy(FUZZ_POLICY_TEXT, &policy);
}

static void check_format(const struct receipt *r, const char *text, size_t size)
{
	char *out = NULL;
	size_t outlen = 0;

	int rc = receipt_format(r->r_entry, r->r_entry_len, r->r_index,
	                        (const uint8_t(*)[MERKLE_HASH_LEN])r->r_proof, r->r_nproof,
	                        r->r_checkpoint, r->r_checkpoint_len, &out, &outlen);
	check(rc == 0);
	check(outlen == size && memcmp(out, text, size) == 0 && out[outlen] == '\0');
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct receipt r;
	struct receipt_info info;
	const char *what = NULL;

	fuzz_init(init);
	int rc = receipt_parse(text, size, &r);
	if (rc != 0) {
		check(rc == CVD_EINVAL || rc == CVD_ETOOLARGE || rc == CVD_ENOMEM);
		receipt_clear(&r);
		return 0;
	}
	check(r.r_nproof <= 64 && r.r_entry_len <= size);
	check(r.r_checkpoint_len > 0 && r.r_checkpoint + r.r_checkpoint_len == text + size);
	check_format(&r, text, size);

	memset(&info, 0, sizeof(info));
	rc = receipt_verify(&r, &policy, &info, &what);
	check(what != NULL);
	if (rc == 0) {
		check(info.ri_entry.e_index == r.r_index);
		check(r.r_index < info.ri_verdict.pv_cp.c_size);
		check(info.ri_verdict.pv_nodes >= policy.p_quorum);
		check(strcmp(info.ri_verdict.pv_cp.c_origin, policy.p_origin) == 0);
	}
	receipt_clear(&r);
	return 0;
}
