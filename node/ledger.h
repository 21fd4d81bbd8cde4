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

#include "keys.h"
#include "merkle.h"

struct ledger;
struct ledger_reader;

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
	const char *li_why;     /* static text for a refusal */
	uint64_t li_index;      /* the entry (or, with CVD_EDUP, the original) */
};

/* ledger_init creates a new log in dir: origin, this node's key and name,
 * genesis entry 0 and its checkpoint. Refuses an existing log. err gets a
 * message. 0 or a negative error. */
int ledger_init(const char *dir, const char *origin, const char *node_name,
                const struct keys_signer *key, const struct ledger_config *cfg, char *err,
                size_t errcap);

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

/* ledger_check_item verifies the event signature and decodes and validates
 * the event. Sets li_status/li_why; returns li_status. */
int ledger_check_item(const struct ledger *l, struct ledger_item *it, uint64_t now_ms);

/* ledger_append sequences every item with li_status == 0 in order, in one
 * transaction with one new signed checkpoint, fsync'd before it returns.
 * Duplicates (same event bytes, in the log or earlier in the batch) get
 * CVD_EDUP and the original index. On a storage failure nothing is stored,
 * every pending item gets the error, and the error is returned. */
int ledger_append(struct ledger *l, struct ledger_item *items, size_t n);

int ledger_read_begin(struct ledger *l, struct ledger_reader **out);
void ledger_read_end(struct ledger_reader *r);

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
