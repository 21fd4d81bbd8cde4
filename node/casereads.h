/*
 * casereads.h: the node's answers to the CVD domain reads of the wire
 * protocol (DESIGN.md section 7): a case's entries, the case list, the
 * roster as it stands, and a sealed payload for a reader who signed the
 * connection's fresh challenge (DESIGN.md section 9). server.c owns the
 * connection and the challenge nonce; this file only builds responses.
 */
#ifndef CVD_CASEREADS_H
#define CVD_CASEREADS_H

#include <stdint.h>

#include "cvdlog.pb-c.h"
#include "ledger.h"

/* What a response borrows until it is packed. */
struct casereads_keep {
	void *ck_mem[4];
	Cvdlog__Entries ck_entries;
	Cvdlog__CaseList ck_list;
	Cvdlog__RosterText ck_roster;
};

/* casereads_answer fills resp for req (case_entries, case_list, roster or
 * fetch_sealed) from snapshot r. nonce is the connection's live challenge
 * (NULL when none); the caller has already retired it, so it serves this
 * one fetch at most. On error returns a negative code and a static *why
 * (may be NULL). Call casereads_release(keep) after packing, in any case. */
int casereads_answer(struct ledger *l, struct ledger_reader *r, const Cvdlog__Request *req,
                     const uint8_t *nonce, Cvdlog__Response *resp, struct casereads_keep *keep,
                     const char **why);
void casereads_release(struct casereads_keep *keep);

#endif
