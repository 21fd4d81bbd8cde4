/*
 * caseworld.h: the small CVD world the case suites share: keys for the
 * members of a roster (vendor acme: admin alice, member bob; vendor other:
 * admin oscar; coordinator cert: admin carol, coordinator cody; auditor
 * audit: admin aud), a reporter rep and a stranger eve who are not in it,
 * and the node; the roster text; commitments with known openings; signed
 * event bytes. Keys are generated per test: none is committed.
 */
#ifndef CVD_CASEWORLD_H
#define CVD_CASEWORLD_H

#include <stddef.h>
#include <stdint.h>

#include "cvdlog.pb-c.h"
#include "keys.h"
#include "seal.h"

enum cw_who { ALICE, BOB, OSCAR, CAROL, CODY, AUD, REP, EVE, NODE, NWHO };

struct cw_world {
	struct keys_signer *k[NWHO];
	char vkey[NWHO][KEYS_VKEY_MAX + 1];
	char *readers[3]; /* alice, bob, rep: the readers of an acme case */
};

/* cw_keys generates every key; the node's is named by origin. */
void cw_keys(struct cw_world *w, const char *origin);
void cw_free(struct cw_world *w);
/* cw_roster: the world's roster in canonical text (malloc'd), node "n1". */
char *cw_roster(const struct cw_world *w);

/* A commitment with its opening. */
struct cw_commit {
	Cvdlog__Commitment c;
	uint8_t salt[SEAL_SALT_LEN];
	uint8_t digest[SEAL_DIGEST_LEN];
	const char *text;
};

void cw_commit(struct cw_commit *k, const char *field, const char *text);
void cw_opening(Cvdlog__Opening *o, struct cw_commit *k);
/* cw_set_readers lists alice, bob and rep on ce. */
void cw_set_readers(struct cw_world *w, Cvdlog__CaseEvent *ce);

/* cw_pack: e with a fresh nonce, time and author's signer, packed into a
 * malloc'd buffer. */
uint8_t *cw_pack(struct cw_world *w, int author, Cvdlog__Event *e, uint64_t time_ms, size_t *len);

#endif
