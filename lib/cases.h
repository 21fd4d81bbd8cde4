/*
 * cases.h: the CVD domain state of a log and the one table of rules that
 * decides which events may enter it (DESIGN.md section 8): who may do what
 * (roster roles, the case's reporter, coordinators on the case), the field
 * rules of every event (CVE, CWE, CVSS, times, texts, commitments, openings)
 * and the state machines of lib/rules.h.
 *
 * struct cases is the state after some prefix of the log: the roster as it
 * stands (genesis roster plus roster events), each case (its vendors and
 * their report-management state and case-state flags, the embargo, the
 * public flags, commitments and who may read them, disputes, advisories,
 * the log indices of its entries) and each org's registered products.
 * cases_apply feeds it one entry. The node calls it in sequencing order
 * before logging an event and logs nothing it refuses; the auditor calls it
 * again while replaying the log. The same table decides both.
 *
 * Caveats:
 * - cases_apply either refuses an event and changes nothing, or applies it
 *   whole. Only CVD_ENOMEM may leave the state half-applied: the caller
 *   must then rebuild it from the log (cases_free + replay).
 * - The node applies an event before its entry is durable. If the storage
 *   commit then fails, the state is ahead of the log: rebuild it.
 * - Pointers returned by the lookups are valid until the next cases_apply.
 */
#ifndef CVD_CASES_H
#define CVD_CASES_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "keys.h"
#include "roster.h"
#include "rules.h"
#include "seal.h"

#define CASES_MAX_COMMITS     16  /* commitments in one event */
#define CASES_MAX_LIST        32  /* CVE, CWE, credit ids in one event */
#define CASES_TEXT_MAX        200 /* bytes of a short public text field */
#define CASES_URL_MAX         2048
#define CASES_FIELD_MAX       32 /* bytes of a commitment's field name */
#define CASES_ADVISORY_ID_MAX 64
#define CASES_WHY_MAX         200 /* a refusal message, with its NUL */

/* One entry as cases_apply sees it. */
struct cases_entry {
	uint64_t ce_index;                 /* the entry's log index */
	uint64_t ce_time_ms;               /* the node's sequencing time */
	const uint8_t *ce_author;          /* Ed25519 public key, 32 bytes */
	const struct event_view *ce_event; /* decoded by event_decode */
	/* Sealed payloads submitted with the event (node only). When
	 * ce_check_sealed is set, every commitment the event makes must come
	 * with exactly one payload for its digest whose readers are exactly the
	 * event's readers, and a grant must come with the commitment's payload
	 * carrying the new reader; when it is 0 (replay), payloads are not
	 * looked at. */
	int ce_check_sealed;
	const struct seal_payload *ce_sealed;
	unsigned ce_nsealed;
};

/* A vendor org taking part in a case: its report-management state, its
 * case-state flags (V, F, D) and the times the auditor measures from. */
struct cases_vendor {
	char cv_org[ROSTER_ID_MAX + 1];
	enum rules_rm cv_rm;
	unsigned cv_flags;
	int cv_must_v_next; /* P came on while this vendor was unaware */
	enum rules_close_reason cv_closed;
	uint64_t cv_received_ms, cv_ack_ms, cv_validated_ms, cv_fix_plan_ms, cv_last_update_ms;
};

struct cases_commit {
	uint8_t cm_digest[SEAL_DIGEST_LEN];
	char cm_field[CASES_FIELD_MAX + 1];
	uint64_t cm_index;     /* the entry that made it */
	uint64_t cm_opened_at; /* the entry that revealed its opening; 0: none */
	unsigned cm_nreaders;
	uint8_t (*cm_readers)[KEYS_PK_LEN];
};

enum cases_dispute_state {
	CASES_DISPUTE_OPEN = 1,
	CASES_DISPUTE_ANSWERED,
	CASES_DISPUTE_ESCALATED,
	CASES_DISPUTE_RESOLVED,
};

struct cases_dispute {
	uint64_t cd_id; /* the index of its "dispute opened" entry */
	int cd_topic;
	enum cases_dispute_state cd_state;
	int cd_escalated;                       /* stays set once resolved */
	char cd_opener[ROSTER_ID_MAX + 1];      /* the opener's party */
	char cd_coordinator[ROSTER_ID_MAX + 1]; /* escalated to; "" */
	uint64_t cd_opened_ms, cd_resolved_ms;
};

struct cases_advisory {
	char ca_id[CASES_ADVISORY_ID_MAX + 1];
	int ca_sa; /* 1: SA, 0: SN */
	uint64_t ca_index;
};

struct cases_case {
	uint64_t cc_id; /* the index of its report entry */
	uint8_t cc_reporter[KEYS_PK_LEN];
	char cc_reporter_vkey[KEYS_VKEY_MAX + 1];
	int cc_channel;
	uint64_t cc_opened_ms, cc_last_ms;
	uint64_t cc_duplicate_of; /* 0: not a duplicate */
	/* embargo */
	enum rules_em cc_em;
	uint64_t cc_em_end_ms;     /* end of the terms in force */
	uint64_t cc_em_pending_ms; /* end of the proposed terms */
	char cc_em_proposer[ROSTER_ID_MAX + 1];
	unsigned cc_flags; /* P, X, A */
	int cc_validated;
	int cc_bounty_decided;
	/* EU CRA Article 14: times (ms) and entries, 0 when not yet */
	uint64_t cc_aware_ms, cc_aware_idx; /* exploitation aware */
	uint64_t cc_corrective_ms, cc_corrective_idx;
	uint64_t cc_stage_ms[5], cc_stage_idx[5]; /* by RegulatorStage 1..4 */
	int cc_severe;                            /* the awareness is of a severe incident */
	uint64_t cc_users_ms, cc_users_idx;       /* users notified (first) */
	unsigned cc_nvendors;                     /* cc_vendors[0] is the vendor reported to */
	struct cases_vendor *cc_vendors;
	unsigned cc_ncoords;
	char (*cc_coords)[ROSTER_ID_MAX + 1];
	unsigned cc_ncommits;
	struct cases_commit *cc_commits;
	unsigned cc_ndisputes;
	struct cases_dispute *cc_disputes;
	unsigned cc_nadvisories;
	struct cases_advisory *cc_advisories;
	size_t cc_nentries;
	uint64_t *cc_entries; /* log indices of the case's entries, in order */
};

struct cases_product {
	char cp_org[ROSTER_ID_MAX + 1];
	char cp_model[CASES_TEXT_MAX + 1];
	uint64_t cp_first_shipment_ms, cp_eu_market_ms, cp_support_end_ms;
	uint64_t cp_index;
};

struct cases;

/* cases_new: an empty state, before the genesis. 0 or CVD_ENOMEM. */
int cases_new(struct cases **out);
void cases_free(struct cases *c);

/* cases_apply checks entry e against the state and, when it is allowed,
 * applies it. Genesis (index 0) sets the roster (a log without one accepts
 * only notes); a note changes nothing. Returns 0; CVD_EUNAUTH (the author's
 * role does not allow the event); CVD_ETRANSITION (a state machine or cross
 * rule refuses it); CVD_EINVAL (a field is malformed, a reference unknown,
 * an opening does not match); CVD_ENOMEM. On a refusal, why (capacity cap,
 * CASES_WHY_MAX is enough) names the rule or the field, e.g. "acknowledged:
 * only a member of vendor org acme may do this". */
int cases_apply(struct cases *c, const struct cases_entry *e, char *why, size_t cap);

/* cases_apply_logged: cases_apply for entry e, already in a log, whose
 * event ev is decoded (a replay: sealed payloads are not looked at). */
struct entry;
int cases_apply_logged(struct cases *c, const struct entry *e, const struct event_view *ev,
                       char *why, size_t cap);

/* Lookups. */
const struct roster *cases_roster(const struct cases *c); /* NULL before a roster */
/* cases_roster_entries: the indices of the entries that made the roster,
 * in log order (the genesis, then each roster change); their count. */
size_t cases_roster_entries(const struct cases *c, const uint64_t **idx);
size_t cases_count(const struct cases *c);
const struct cases_case *cases_at(const struct cases *c, size_t i); /* by case id order */
const struct cases_case *cases_find(const struct cases *c, uint64_t id);
size_t cases_product_count(const struct cases *c);
const struct cases_product *cases_product_at(const struct cases *c, size_t i);
/* cases_find_commit: the commitment with digest in case cs, or NULL. */
const struct cases_commit *cases_find_commit(const struct cases_case *cs,
                                             const uint8_t digest[SEAL_DIGEST_LEN]);

/* The EU CRA Article 14 clocks (DESIGN.md section 8): due times in ms for
 * the early warning, the notification, the final report and the user
 * notice, from the awareness time, given the vendor's policy. The final
 * report is due rp_cra_final_s after the corrective measure, or, for a
 * severe incident, CASES_CRA_MONTH_DAYS after the notification; 0 while
 * that start is missing. "Without undue delay" for users is read as the
 * notification's due time. The node does not enforce clocks; the auditor
 * and `cvdlog regulator status` use this one function. */
enum cases_cra_clock {
	CASES_CRA_EARLY,
	CASES_CRA_NOTIFY,
	CASES_CRA_FINAL,
	CASES_CRA_USERS,
	CASES_CRA_CLOCKS
};
#define CASES_CRA_MONTH_DAYS 30 /* "one month" of Art. 14(4)(c), read as 30 days */
void cases_cra_due(const struct roster_policy *p, uint64_t aware_ms, int severe,
                   uint64_t notification_ms, uint64_t corrective_ms,
                   uint64_t due[CASES_CRA_CLOCKS]);

struct Cvdlog__CaseEvent;
struct Cvdlog__Commitment;

/* cases_event_commitments stores in out (CASES_MAX_COMMITS + 1 slots) the
 * commitments a case event makes, in order, and returns their number; a
 * report with more than CASES_MAX_COMMITS fields gives CASES_MAX_COMMITS + 1
 * (which cases_apply refuses). The client seals exactly these. */
unsigned cases_event_commitments(const struct Cvdlog__CaseEvent *ev,
                                 const struct Cvdlog__Commitment **out);

/* The name of a case event kind as the client and docs write it
 * ("acknowledged", "embargo proposed"); "?" for an unknown kind. kind is
 * the CaseEvent oneof case number (proto/cvdlog.proto). */
const char *cases_kind_name(int kind);

#endif
