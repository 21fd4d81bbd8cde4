/*
 * fuzz_policy.c: libFuzzer harness for the trust policy file (lib/policy.c;
 * DESIGN.md section 5), the one file a reporter or auditor is given out of
 * band. The input is the text of a policy file. policy_parse must never crash
 * and must always terminate its error message. Invariants for an accepted
 * policy: an origin that is a valid key name, 1..POLICY_MAX_KEYS node keys of
 * type 0x01 named by the origin, 1 <= quorum <= nodes, witness keys of type
 * 0x04 and witnesses <= witness keys; policy_format writes it back as text
 * that policy_parse accepts again, and formatting that second parse gives the
 * same text (the formatted form is a fixed point).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "fuzz.h"
#include "keys.h"
#include "policy.h"

/* Room for POLICY_MAX_KEYS node and witness lines and the rest. */
#define FORMAT_CAP (2 * POLICY_MAX_KEYS * (KEYS_VKEY_MAX + 10) + ENTRY_ORIGIN_MAX + 128)

static struct policy p1, p2;
static char text1[FORMAT_CAP], text2[FORMAT_CAP];

static void check_policy(const struct policy *p)
{
	check(keys_name_valid(p->p_origin, strlen(p->p_origin)));
	check(p->p_nnodes >= 1 && p->p_nnodes <= POLICY_MAX_KEYS);
	check(p->p_quorum >= 1 && p->p_quorum <= p->p_nnodes);
	for (unsigned i = 0; i < p->p_nnodes; i++) {
		check(p->p_nodes[i].kv_type == KEYS_TYPE_ED25519);
		check(strcmp(p->p_nodes[i].kv_name, p->p_origin) == 0);
	}
	check(p->p_nwitnesses <= POLICY_MAX_KEYS);
	check(p->p_witness_quorum <= p->p_nwitnesses);
	for (unsigned i = 0; i < p->p_nwitnesses; i++)
		check(p->p_witnesses[i].kv_type == KEYS_TYPE_COSIG);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[128];

	fuzz_init(NULL);
	memset(err, 'x', sizeof(err));
	int rc = policy_parse((const char *)data, size, &p1, err, sizeof(err));
	if (rc != 0) {
		check(rc == CVD_EINVAL);
		check(memchr(err, '\0', sizeof(err)) != NULL);
		return 0;
	}
	check_policy(&p1);
	int n1 = policy_format(&p1, text1, sizeof(text1));
	check(n1 > 0 && (size_t)n1 < sizeof(text1) && text1[n1] == '\0');
	err[0] = '\0';
	rc = policy_parse(text1, (size_t)n1, &p2, err, sizeof(err));
	if (rc != 0) {
		fprintf(stderr, "fuzz_policy: formatted policy rejected: %s\n%s", err, text1);
		__builtin_trap();
	}
	check_policy(&p2);
	check(strcmp(p1.p_origin, p2.p_origin) == 0 && p1.p_nnodes == p2.p_nnodes &&
	      p1.p_quorum == p2.p_quorum && p1.p_nwitnesses == p2.p_nwitnesses &&
	      p1.p_witness_quorum == p2.p_witness_quorum);
	int n2 = policy_format(&p2, text2, sizeof(text2));
	check(n2 == n1 && memcmp(text1, text2, (size_t)n1) == 0);
	return 0;
}
