/*
 * audit.h: the auditor (DESIGN.md section 10): an outsider holding only the
 * trust policy replays the log and tells whether it is intact and whether
 * each organization kept its published promises.
 *
 * The engine is fed the log in order, entry by entry, and the checkpoints
 * that cover it; it does no I/O of its own (client/cmd_audit.c fetches
 * from a node or reads an export, and writes the reports).
 *
 * Two kinds of result:
 * - a cryptographic failure (struct audit_failure): an entry that is
 *   malformed, badly signed, out of place, out of time order, off the hash
 *   chain, a root that differs from a signed checkpoint, a checkpoint the
 *   policy does not accept, a rollback or a fork. The first one stops the
 *   audit; it names the entry index and, for rollback and fork, carries the
 *   evidence (two signed checkpoints) that any verifier can check.
 * - process findings (struct audit_finding): what the rules table
 *   (lib/cases.c) refuses although the log holds it, and each organization's
 *   policy as the roster stood at each entry: acknowledgement, progress
 *   updates, advisory deadline, embargo kept, reveals before publication,
 *   disputes, support windows. Each names the case, the rule, what was
 *   expected, what happened and the entry indices.
 *
 * Memory: the engine keeps the Merkle frontier (O(log n)) and the CVD state
 * (cases, roster, products); entries that are not CVD events (notes) are
 * checked and dropped. The CVD events themselves are kept in the state
 * directory (audit_save), so an incremental run replays them without
 * fetching or verifying them again.
 */
#ifndef CVD_AUDIT_H
#define CVD_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "cases.h"
#include "merkle.h"
#include "policy.h"

#define AUDIT_TEXT_MAX    240 /* expected / actual texts, with the NUL */
#define AUDIT_MAX_INDICES 4

struct audit;

/* What stopped the audit (exit code 2). */
struct audit_failure {
	uint64_t au_index; /* the entry (or size) it is about; UINT64_MAX: none */
	char au_what[512]; /* e.g. "entry 5: event signature does not verify" */
	char *au_evidence; /* malloc'd evidence text, or NULL (see formats) */
};

/* A broken promise or rule (exit code 1). */
struct audit_finding {
	uint64_t af_case;               /* 0: not about one case */
	char af_org[ROSTER_ID_MAX + 1]; /* whom it is against; "" none */
	const char *af_rule;            /* static, e.g. "acknowledge" */
	char af_expected[AUDIT_TEXT_MAX];
	char af_actual[AUDIT_TEXT_MAX];
	uint64_t af_indices[AUDIT_MAX_INDICES];
	unsigned af_nindices;
};

/* Figures for the summary: durations in ms over the cases that have them. */
struct audit_stats {
	uint64_t as_entries; /* entries checked in this run */
	uint64_t as_size;    /* log size audited */
	uint64_t as_cases, as_open_cases;
	size_t as_n_ack, as_n_fix, as_n_advisory, as_n_embargo, as_n_dispute;
	uint64_t as_ack_p50, as_ack_p90; /* report -> acknowledged */
	uint64_t as_fix_p50, as_fix_p90; /* report -> fix ready */
	uint64_t as_adv_p50, as_adv_p90; /* report -> first advisory */
	uint64_t as_emb_p50, as_emb_p90; /* embargo accepted -> ended */
	uint64_t as_dis_p50, as_dis_p90; /* dispute opened -> resolved */
};

/* One line of a case's timeline, for the reports. */
struct audit_event {
	uint64_t ae_index, ae_time_ms;
	const char *ae_kind;               /* cases_kind_name */
	char ae_author[KEYS_NAME_MAX + 1]; /* "org/member", "reporter" or a key name */
	char ae_detail[AUDIT_TEXT_MAX];    /* public fields, short */
};

/* The EU CRA Article 14 clocks of a case (DESIGN.md section 8), for an org
 * whose roster says `cra on`: early warning, vulnerability notification,
 * final report, users notified. A due time of 0 means the clock has not
 * started (no awareness yet; for the final report, no corrective measure
 * yet); an `at` of 0, nothing submitted yet. */
enum audit_cra_clock {
	AUDIT_CRA_EARLY = 0,
	AUDIT_CRA_NOTIFY,
	AUDIT_CRA_FINAL,
	AUDIT_CRA_USERS,
	AUDIT_CRA_CLOCKS
};

struct audit_cra {
	uint64_t acr_aware_ms; /* 0: no exploitation aware on the case */
	uint64_t acr_due[AUDIT_CRA_CLOCKS], acr_at[AUDIT_CRA_CLOCKS];
	uint64_t acr_idx[AUDIT_CRA_CLOCKS]; /* the entry that met it, 0 none */
};

/* audit_cra_clocks fills c for the case; 0, or CVD_ENOTFOUND when the case
 * has no awareness or its vendor's roster has cra off. */
int audit_cra_clocks(const struct audit *a, uint64_t case_id, struct audit_cra *c);
const char *audit_cra_clock_name(enum audit_cra_clock k); /* "early warning", ... */

/* audit_new: an engine for the log the policy trusts. now_ms is the time
 * open deadlines are measured against (usually the wall clock). */
int audit_new(const struct policy *p, uint64_t now_ms, struct audit **out);
/* audit_set_max_skew: an entry whose sequencing time is further than ms
 * from its author's signed time is a "time-skew" finding (default: the
 * node's default --skew, 300 s). */
#define AUDIT_DEFAULT_SKEW_MS 300000ull
void audit_set_max_skew(struct audit *a, uint64_t ms);
/* audit_set_batch: 1 (the default) checks audit_entries' signatures in
 * batches (sigbatch.h: RFC 8032's cofactored rule); 0 checks each with
 * libsodium alone, exactly as the node does, about five times slower. */
void audit_set_batch(struct audit *a, int batch);
void audit_free(struct audit *a);

/* audit_load reads the state saved by audit_save in dir (none yet: returns
 * CVD_ENOTFOUND and the engine starts at entry 0). After it the engine
 * expects entry audit_size() next. CVD_ECORRUPT for a damaged state file
 * (message in err); after any other failure than CVD_ENOTFOUND the engine
 * may be half-loaded: free it. */
int audit_load(struct audit *a, const char *dir, char *err, size_t errcap);
/* audit_save writes the state atomically into dir (created 0700). */
int audit_save(const struct audit *a, const char *dir, char *err, size_t errcap);

/* The size audited so far, and the last checkpoint accepted (NULL before
 * any). */
uint64_t audit_size(const struct audit *a);
uint64_t audit_now(const struct audit *a); /* the time open deadlines are measured at */
const char *audit_last_checkpoint(const struct audit *a);

/* audit_entry checks the next entry: format, index, time order, prev hash,
 * event signature (by the rule audit_set_batch chose) and format, and
 * applies it to the CVD state and the process checks. 0, CVD_ENOMEM, or
 * CVD_ECORRUPT with audit_failure() set. */
int audit_entry(struct audit *a, const uint8_t *buf, size_t len);

/* audit_entries checks n entries in order, as audit_entry does, with the
 * event signatures verified first by `threads` threads (1: this one), each
 * on its part in one batch. */
#define AUDIT_MAX_THREADS 16
int audit_entries(struct audit *a, const uint8_t *const *bufs, const size_t *lens, size_t n,
                  unsigned threads);

/* audit_checkpoint checks a signed checkpoint note against the policy and,
 * when its size is the size audited so far, its root against the entries.
 * A checkpoint for a smaller size than one accepted before is a rollback;
 * one for the same size with another root a fork: both fail with the
 * evidence. proof (n hashes) is the consistency proof from the last
 * accepted checkpoint to this one, when the caller has one (may be NULL).
 * 0 or CVD_ECORRUPT (failure set). */
int audit_checkpoint(struct audit *a, const char *note, size_t len,
                     const uint8_t (*proof)[MERKLE_HASH_LEN], size_t n);

/* audit_finish runs the checks that need the end of the log (deadlines
 * still open at now_ms, disputes never resolved, embargoes left running)
 * and the statistics. Call once, after the last entry and checkpoint. */
int audit_finish(struct audit *a);

const struct audit_failure *audit_failure(const struct audit *a); /* NULL: none */
size_t audit_finding_count(const struct audit *a);
const struct audit_finding *audit_finding_at(const struct audit *a, size_t i);
const struct audit_stats *audit_stats(const struct audit *a);
const struct cases *audit_cases(const struct audit *a);
/* The timeline of case id (its CVD events in log order); n = 0 for none.
 * Valid until audit_free. */
const struct audit_event *audit_timeline(const struct audit *a, uint64_t id, size_t *n);

#endif
