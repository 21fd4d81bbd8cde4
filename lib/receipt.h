/*
 * receipt.h: receipts as C2SP tlog-proof@v1 files (DESIGN.md section 6):
 *
 *   c2sp.org/tlog-proof@v1
 *   extra <base64 of the entry bytes>
 *   index <n>
 *   <base64 hash>            (inclusion proof, leaf's sibling first)
 *   ...
 *   <empty line>
 *   <checkpoint note, verbatim>
 *
 * receipt_verify trusts nothing in the file until checked: the entry parses,
 * its index equals the index line, its event signature verifies for the
 * policy's origin, the leaf hash and proof reach the checkpoint's root, and
 * the checkpoint meets the policy.
 */
#ifndef CVD_RECEIPT_H
#define CVD_RECEIPT_H

#include <stddef.h>
#include <stdint.h>

#include "entry.h"
#include "merkle.h"
#include "policy.h"

#define RECEIPT_HEADER  "c2sp.org/tlog-proof@v1"
#define RECEIPT_MAX_LEN (256 * 1024)

struct receipt {
	uint8_t *r_entry; /* malloc'd; receipt_clear frees it */
	size_t r_entry_len;
	uint64_t r_index;
	uint8_t r_proof[64][MERKLE_HASH_LEN];
	size_t r_nproof;
	const char *r_checkpoint; /* borrowed from the parsed text */
	size_t r_checkpoint_len;
};

/* receipt_format builds the text into a malloc'd, NUL-terminated *out.
 * 0, CVD_ENOMEM, CVD_EINVAL (more than 64 proof hashes). */
int receipt_format(const uint8_t *entry, size_t entry_len, uint64_t index,
                   const uint8_t proof[][MERKLE_HASH_LEN], size_t nproof, const char *checkpoint,
                   size_t checkpoint_len, char **out, size_t *outlen);

/* receipt_parse splits text[0..len) (which must outlive r). 0, CVD_EINVAL,
 * CVD_ETOOLARGE, CVD_ENOMEM. Call receipt_clear afterwards in every case. */
int receipt_parse(const char *text, size_t len, struct receipt *r);

void receipt_clear(struct receipt *r);

/* What a verified receipt proves. */
struct receipt_info {
	struct entry ri_entry; /* e_event points into r->r_entry */
	struct policy_verdict ri_verdict;
};

/* receipt_verify checks r against p. Returns 0 or the first failure:
 * CVD_EINVAL (entry or checkpoint malformed, index mismatch), CVD_EBADSIG
 * (event signature or a checkpoint signature), CVD_EORIGIN, CVD_EQUORUM,
 * CVD_EPROOF. *what names the failing step for the user. */
int receipt_verify(const struct receipt *r, const struct policy *p, struct receipt_info *info,
                   const char **what);

#endif
