/*
 * policy.h: the trust policy file and checkpoint verification against it
 * (DESIGN.md section 5).
 *
 *   cvdlog-policy/v1
 *   origin <origin>
 *   node <type 0x01 verifier key named by the origin>   (one or more)
 *   quorum <n>            (default: a majority of the node lines)
 *   witness <vkey>        (type 0x04, or the same key as type 0x01)
 *   witnesses <k>         (default 0; 0 is allowed)
 *
 * '#' starts a comment line; blank lines are allowed; any other keyword is
 * an error naming the line. A checkpoint is valid when >= quorum distinct
 * node keys and >= witnesses distinct witness cosignatures verify, and no
 * signature by a key in the policy fails.
 */
#ifndef CVD_POLICY_H
#define CVD_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "checkpoint.h"
#include "keys.h"

#define POLICY_MAX_KEYS 32
#define POLICY_MAX_LEN  (64 * 1024)

struct policy {
	char p_origin[ENTRY_ORIGIN_MAX + 1];
	struct keys_verifier p_nodes[POLICY_MAX_KEYS];
	unsigned p_nnodes;
	unsigned p_quorum;
	struct keys_verifier p_witnesses[POLICY_MAX_KEYS]; /* as type 0x04 keys */
	unsigned p_nwitnesses;
	unsigned p_witness_quorum;
};

/* What a verified checkpoint carried. */
struct policy_verdict {
	struct checkpoint pv_cp;
	unsigned pv_nodes;     /* distinct node keys that signed */
	unsigned pv_witnesses; /* distinct witnesses that cosigned */
	uint64_t pv_cosig_time[POLICY_MAX_KEYS];
	char pv_cosig_name[POLICY_MAX_KEYS][KEYS_NAME_MAX + 1];
};

/* policy_parse reads a policy. On error returns CVD_EINVAL and writes a
 * message naming the line to err (capacity errcap). */
int policy_parse(const char *text, size_t len, struct policy *p, char *err, size_t errcap);

/* policy_load reads and parses a policy file; errors name the file. */
int policy_load(const char *path, struct policy *p, char *err, size_t errcap);

/* policy_single_node fills p with the policy of a one-node log: origin,
 * node as its only key, quorum 1, no witnesses. node is a type 0x01 key. */
void policy_single_node(struct policy *p, const char *origin, const struct keys_verifier *node);

/* policy_format writes the policy text (NUL-terminated) to buf. Returns the
 * length, or CVD_ETOOLARGE. */
int policy_format(const struct policy *p, char *buf, size_t cap);

/* policy_verify_checkpoint verifies a signed checkpoint note. Returns 0,
 * CVD_EINVAL (not a checkpoint note), CVD_EORIGIN, CVD_EBADSIG (a key of the
 * policy signed and failed), CVD_EQUORUM. v may be NULL. */
int policy_verify_checkpoint(const struct policy *p, const char *note, size_t len,
                             struct policy_verdict *v);

#endif
