/* rosterproof.c: a node's roster answer against its entries (rosterproof.h). */
#include "rosterproof.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "entry.h"
#include "error.h"
#include "event.h"
#include "keys.h"
#include "policy.h"
#include "roster.h"

/* node_key: 1 when pk is one of the policy's node keys. */
static int node_key(const struct policy *pol, const uint8_t *pk)
{
	for (unsigned k = 0; k < pol->p_nnodes; k++)
		if (memcmp(pol->p_nodes[k].kv_pk, pk, KEYS_PK_LEN) == 0)
			return 1;
	return 0;
}

int rosterproof_check(const char *origin, const struct policy *pol, const char *text,
                      const uint8_t *const *bufs, const size_t *lens, size_t n, char *why,
                      size_t cap)
{
	struct cases *c = NULL;
	char *mine = NULL, rule[CASES_WHY_MAX];
	size_t len;
	uint64_t last = 0;
	int rc = cases_new(&c);

	if (rc != 0)
		return rc;
	rc = CVD_EINVAL;
	if (n == 0) {
		snprintf(why, cap, "no roster entries were sent");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct event_view ev;
		struct entry e;
		const char *bad = NULL;

		rc = CVD_EINVAL; /* for each refusal below that does not set it */
		if (entry_decode(bufs[i], lens[i], &e) != 0) {
			snprintf(why, cap, "roster entry %zu is malformed", i);
			goto out;
		}
		if (i == 0 ? e.e_index != 0 : e.e_index <= last) {
			snprintf(why, cap, "roster entry %zu has index %" PRIu64 " (want %s)", i,
			         e.e_index, i == 0 ? "0, the genesis" : "increasing indices");
			goto out;
		}
		last = e.e_index;
		if (i == 0 && pol != NULL && !node_key(pol, e.e_author)) {
			snprintf(why, cap,
			         "the genesis is not signed by a node key of the trust policy");
			goto out;
		}
		if (entry_verify_event(e.e_author, e.e_sig, origin, e.e_event, e.e_event_len) !=
		    0) {
			snprintf(why, cap,
			         "entry %" PRIu64 ": event signature does not verify for %s",
			         e.e_index, origin);
			rc = CVD_EBADSIG;
			goto out;
		}
		rc = event_decode(e.e_event, e.e_event_len, &ev, &bad);
		if (rc == 0 &&
		    (i == 0 ? ev.ev_type != EVENT_GENESIS : ev.ev_type != EVENT_ROSTER)) {
			bad = i == 0 ? "not a genesis" : "not a roster change";
			rc = CVD_EINVAL;
		}
		if (rc == 0 && memcmp(ev.ev_signer_key.kv_pk, e.e_author, 32) != 0) {
			bad = "the event names another signer than its author";
			rc = CVD_EINVAL;
		}
		if (rc != 0) {
			event_view_clear(&ev);
			if (rc == CVD_ENOMEM)
				goto out;
			snprintf(why, cap, "entry %" PRIu64 ": %s", e.e_index,
			         bad ? bad : "bad event");
			rc = CVD_EINVAL;
			goto out;
		}
		rc = cases_apply_logged(c, &e, &ev, rule, sizeof(rule));
		event_view_clear(&ev);
		if (rc == CVD_ENOMEM)
			goto out;
		if (rc != 0) {
			snprintf(why, cap, "entry %" PRIu64 " breaks the rules: %s", e.e_index,
			         rule);
			rc = CVD_EINVAL;
			goto out;
		}
	}
	if (cases_roster(c) == NULL) {
		snprintf(why, cap, "the genesis holds no roster");
		rc = CVD_EINVAL;
		goto out;
	}
	rc = roster_format(cases_roster(c), &mine, &len);
	if (rc != 0)
		goto out;
	if (strcmp(mine, text) != 0) {
		snprintf(why, cap, "the roster text is not what its entries give");
		rc = CVD_EINVAL;
	}
out:
	free(mine);
	cases_free(c);
	return rc;
}
