/*
 * ledger.h: the log itself, on top of the store: creating it (genesis),
 * opening and checking it, appending verified events in batches under one
 * signed checkpoint, and answering reads (checkpoint, entries, proofs,
 * receipts). No networking here.
 *
 * Threads: ledger_check_item may run on any thread at once. ledger_append is
 * the single writer: one call at a time. Reads go through a struct
 * ledger_reader (a snapshot: a checkpoint and the entries it covers), which
 * may be opened on any thread, also while an append runs.
 */
#ifndef CVD_LEDGER_H
#define CVD_LEDGER_H

#include <stddef.h>
#include <stdint.h>

#include <protobuf-c/protobuf-c.h>

#include "cases.h"
#include "event.h"
#include "keys.h"
#include "merkle.h"
#include "seal.h"

#define LEDGER_MAX_SEALED CASES_MAX_COMMITS /* sealed payloads per submission */

struct ledger;
struct ledger_reader;
struct roster;

struct ledger_config {
	size_t lc_map_size;  /* LMDB map size in bytes */
	uint64_t lc_skew_ms; /* allowed |event time - node time| */
};

/* One submitted event and what became of it. */
struct ledger_item {
	const uint8_t *li_event; /* borrowed */
	size_t li_event_len;
	uint8_t li_author[KEYS_PK_LEN];
	uint8_t li_sig[KEYS_SIG_LEN];
	uint64_t li_event_time; /* the event's own time: set by ledger_check_item */
	int li_status;          /* 0, CVD_EDUP, or why it was refused */
	const char *li_why;     /* static text for a refusal (see ledger_item_why) */
	uint64_t li_index;      /* the entry (or, with CVD_EDUP, the original) */
	/* Owned by the item (ledger_item_release frees them); items are copied
	 * by value between queues, so nothing here points into the item. */
	struct event_view li_view; /* decoded by ledger_check_item */
	int li_have_view;
	unsigned li_nsealed; /* encoded SealedPayloads sent with it */
	uint8_t **li_sealed; /* ... as sent: stored verbatim */
	size_t *li_sealed_len;
	struct seal_payload *li_payloads; /* ... decoded by ledger_check_item */
	char li_whybuf[CASES_WHY_MAX];    /* a refusal by the CVD rules */
};

/* ledger_item_set_sealed copies n encoded payloads into it. 0 or
 * CVD_ENOMEM (then release the item). */
int ledger_item_set_sealed(struct ledger_item *it, ProtobufCBinaryData *sealed, size_t n);
/* ledger_item_release frees what the item owns; the item may be reused. */
void ledger_item_release(struct ledger_item *it);
/* ledger_item_why: the refusal message, or NULL. */
const char *ledger_item_why(const struct ledger_item *it);

/* A case as ledger_case_list reports it (strings are copies). */
struct ledger_case_summary {
	uint64_t cs_id;
	char cs_vendor[ROSTER_ID_MAX + 1];
	char cs_reporter[KEYS_VKEY_MAX + 1];
	const char *cs_rm, *cs_em; /* static names */
	char cs_flags[8];          /* e.g. "VFP" */
	uint64_t cs_opened_ms, cs_last_ms, cs_events;
};

/* ledger_init creates a new log in dir: origin, this node's key and name,
 * genesis entry 0 and its checkpoint. Refuses an existing log. err gets a
 * message. 0 or a negative error.
 *
 * Without a roster (roster NULL) the genesis lists this node alone, as
 * node_name, and its roster is "". With one, the genesis carries
 * roster_format's canonical text and lists the roster's node lines as its
 * nodes, in order. Then every node key must be named by the origin and this
 * node's key must be one of them (CVD_EUNAUTH otherwise); node_name, when
 * not NULL, must be that node line's name (CVD_EINVAL), and NULL takes it.
 * These checks come before anything is created. The roster is borrowed. */
int ledger_init(const char *dir, const char *origin, const char *node_name,
                const struct keys_signer *key, const struct roster *roster,
                const struct ledger_config *cfg, char *err, size_t errcap);

/* ledger_open opens and checks the log in dir: the last checkpoint is this
 * node's and matches the stored size, the Merkle root recomputed from the
 * stored subtree hashes (O(log n)) equals the checkpoint's, the tail of the
 * hash chain links up, and the genesis lists this node's key. A damaged
 * store is refused with CVD_ECORRUPT and a message saying what is wrong.
 * key is borrowed and must outlive the ledger. */
int ledger_open(const char *dir, const struct keys_signer *key, const struct ledger_config *cfg,
                struct ledger **out, char *err, size_t errcap);
void ledger_close(struct ledger *l);

const char *ledger_origin(const struct ledger *l);
/* ledger_node_name: this node's name as the genesis lists it. */
const char *ledger_node_name(const struct ledger *l);
uint64_t ledger_size(const struct ledger *l); /* writer's view */
/* ledger_genesis_roster: the genesis roster's canonical text (docs/roster.md;
 * checked at open by event_decode), or NULL when the genesis has none.
 * Borrowed until ledger_close. */
const char *ledger_genesis_roster(const struct ledger *l);

/* ledger_check_item verifies the event signature, decodes and validates the
 * event (kept in li_view) and decodes the sealed payloads. The CVD rules
 * (lib/cases.h) need the state in sequencing order: ledger_append applies
 * them. Sets li_status/li_why; returns li_status. */
int ledger_check_item(const struct ledger *l, struct ledger_item *it, uint64_t now_ms);

/* ledger_append sequences every item with li_status == 0 in order, in one
 * transaction with one new signed checkpoint, fsync'd before it returns.
 * Each item must pass the CVD rules (cases_apply) against the state left by
 * the entries before it; a refused item gets the rule's error and message
 * and stores nothing. Its sealed payloads are stored by digest; a grant's
 * payload must be the stored one with exactly the new reader added.
 * Duplicates (same event bytes, in the log or earlier in the batch) get
 * CVD_EDUP and the original index. On a storage failure nothing is stored,
 * every pending item gets the error, and the error is returned. */
int ledger_append(struct ledger *l, struct ledger_item *items, size_t n);

int ledger_read_begin(struct ledger *l, struct ledger_reader **out);
void ledger_read_end(struct ledger_reader *r);

/* ledger_read_sealed: the stored payload for digest (borrowed until
 * ledger_read_end), CVD_ENOTFOUND when none. */
int ledger_read_sealed(struct ledger_reader *r, const uint8_t digest[SEAL_DIGEST_LEN],
                       const uint8_t **buf, size_t *len);

/* The CVD state, as applied by the appends so far; only entries below
 * `below` (a snapshot's size) are reported. Safe on any thread. */
/* ledger_case_entries: a malloc'd copy of the case's entry indices.
 * CVD_ENOTFOUND when no such case. */
int ledger_case_entries(struct ledger *l, uint64_t id, uint64_t below, uint64_t **idx, size_t *n);
/* ledger_case_list: a malloc'd array of every case opened below `below`. */
int ledger_case_list(struct ledger *l, uint64_t below, struct ledger_case_summary **out, size_t *n);
/* ledger_roster_text: the roster as it stands, canonical text, malloc'd,
 * and the indices of the entries that made it (genesis, then each roster
 * change; malloc'd, *n of them), taken together. CVD_ENOTFOUND when the
 * log has no roster; CVD_ENOMEM. */
int ledger_roster_text(struct ledger *l, char **text, size_t *len, uint64_t **idx, size_t *n);

/* The snapshot's checkpoint note (borrowed until ledger_read_end). */
int ledger_read_checkpoint(struct ledger_reader *r, const char **note, size_t *len, uint64_t *size);
int ledger_read_entry(struct ledger_reader *r, uint64_t index, const uint8_t **buf, size_t *len);
/* Proofs for sizes up to the snapshot's size (0 means that size). */
int ledger_read_inclusion(struct ledger_reader *r, uint64_t index, uint64_t size,
                          uint8_t proof[][MERKLE_HASH_LEN], size_t *n);
int ledger_read_consistency(struct ledger_reader *r, uint64_t old_size, uint64_t new_size,
                            uint8_t proof[][MERKLE_HASH_LEN], size_t *n);
/* ledger_read_receipt builds the tlog-proof text for index against the
 * snapshot's checkpoint into a malloc'd *text. */
int ledger_read_receipt(struct ledger_reader *r, uint64_t index, char **text, size_t *len);

#endif
