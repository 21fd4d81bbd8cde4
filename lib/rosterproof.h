/*
 * rosterproof.h: checking a node's roster answer against the log. A
 * client seals a report to the vendor's members as the node names them; a
 * node that added its own key there would read every report. So the node
 * sends, with the roster text, the entries that made it (the genesis, then
 * each roster change), and the client checks them: each is an entry whose
 * event signature verifies for the log's origin, in increasing index order
 * from entry 0, and replaying them through the rules table (lib/cases.c,
 * where only an org's admin may change it) gives exactly the text sent.
 *
 * What it does not show: that no later roster change was left out (only an
 * audit does); inclusion in the log (the entries carry no proofs). Without
 * a trust policy, the origin is whatever the node said.
 */
#ifndef CVD_ROSTERPROOF_H
#define CVD_ROSTERPROOF_H

#include <stddef.h>
#include <stdint.h>

/* rosterproof_check: 0 when the entries give text, else CVD_EINVAL (or
 * CVD_EBADSIG for a signature) with the reason in why, or CVD_ENOMEM. With
 * a trust policy pol (else NULL), the genesis must also be signed by one
 * of its node keys, so that it is this log's genesis and not that of
 * another log under the same origin. */
struct policy;
int rosterproof_check(const char *origin, const struct policy *pol, const char *text,
                      const uint8_t *const *bufs, const size_t *lens, size_t n, char *why,
                      size_t cap);

#endif
