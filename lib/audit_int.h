/*
 * audit_int.h: what lib/audit.c (the log's integrity, the state file) and
 * lib/audit_process.c (the process checks, timelines, statistics) share.
 * Not a public interface.
 */
#ifndef CVD_AUDIT_INT_H
#define CVD_AUDIT_INT_H

#include "audit.h"
#include "entry.h"
#include "event.h"

/* One case as the process checks follow it. */
struct audit_case {
	uint64_t ac_id;
	char ac_vendor[ROSTER_ID_MAX + 1];
	uint64_t ac_report_ms;
	uint64_t ac_ack_ms;     /* 0: not yet */
	uint64_t ac_ack_due;    /* report + ack policy, or an extension */
	uint64_t ac_update_due; /* next progress update due while open */
	uint64_t ac_update_ext; /* an extension of it, 0 none */
	uint64_t ac_validated_ms, ac_fix_plan_ms, ac_fix_ms;
	uint64_t ac_advisory_ext;   /* an extended advisory date, 0 none */
	uint64_t ac_first_advisory; /* first SA or SN, ms; 0 none */
	uint64_t ac_first_advisory_idx;
	int ac_sa_published;
	int ac_closed;
	int ac_flagged_advisory;   /* the advisory deadline finding was made */
	uint64_t ac_embargo_start; /* the active embargo's acceptance, 0 none */
	uint64_t ac_embargo_idx;
	size_t ac_nevents, ac_capevents;
	struct audit_event *ac_events;
};

struct audit {
	struct policy a_policy;
	uint64_t a_now;
	/* the log's integrity */
	struct merkle_frontier a_frontier;
	uint8_t a_last_leaf[MERKLE_HASH_LEN];
	uint64_t a_last_time;
	char *a_checkpoint; /* the last accepted signed note */
	size_t a_checkpoint_len;
	uint64_t a_checked;     /* entries checked in this run */
	uint64_t a_loaded;      /* the size the saved state ended at; 0 none */
	uint64_t a_max_skew_ms; /* entry time vs the author's signed time */
	int a_batch;            /* signatures checked in batches (sigbatch.h) */
	size_t a_domain_want;   /* bytes of the domain file the state covers */
	struct audit_failure a_failure;
	int a_failed;
	/* the CVD events kept for the state (u32 length || entry bytes) */
	uint8_t *a_domain;
	size_t a_domain_len, a_domain_cap;
	/* the process */
	struct cases *a_cases;
	size_t a_ncases, a_capcases;
	struct audit_case *a_acases; /* sorted by id */
	size_t a_nfindings, a_capfindings;
	struct audit_finding *a_findings;
	struct audit_stats a_stats;
};

/* audit_process_entry runs the process checks for one CVD entry around
 * cases_apply (which it calls). e is the decoded entry, ev its event. */
int audit_process_entry(struct audit *a, const struct entry *e, const struct event_view *ev);
/* audit_process_finish: the end-of-log checks and the statistics. */
int audit_process_finish(struct audit *a);
void audit_process_free(struct audit *a);

/* audit_duration: a duration as "3d 4h", "2h 5m", "25m", "42s" or "7ms",
 * for messages. */
const char *audit_duration(uint64_t ms, char *buf, size_t cap);

/* audit_add_finding appends one finding (printf-style actual text). */
int audit_add_finding(struct audit *a, uint64_t case_id, const char *org, const char *rule,
                      const char *expected, const uint64_t *idx, unsigned nidx,
                      const char *actual_fmt, ...) __attribute__((format(printf, 8, 9)));

#endif
