/*
 * store.h: the node's durable state in LMDB. This is the only module that
 * knows LMDB; everything else sees these calls.
 *
 * Tables:
 *   entries  u64be index               -> entry bytes, exactly as hashed
 *   tree     u8 level || u64be index   -> 32-byte hash of that complete subtree
 *   dedupe   u64be event time || SHA-256(event bytes) -> u64be index of its
 *            entry (the event's own signed time first, so inserts land near
 *            the end of the table instead of on random pages)
 *   meta     "origin", "size" (u64be), "checkpoint" (the signed note)
 *   sealed   commitment digest -> the encoded SealedPayload, exactly as the
 *            client sent it (replaced when a grant adds a reader); beside
 *            the log, never a leaf (DESIGN.md section 9)
 *
 * One writer at a time (store_write_begin .. store_commit/store_abort, on
 * any single thread); any number of readers on any thread (the environment
 * is opened MDB_NOTLS). A committed write is fsync'd before store_commit
 * returns. Read results point into the map and stay valid until the read
 * transaction ends.
 */
#ifndef CVD_STORE_H
#define CVD_STORE_H

#include <stddef.h>
#include <stdint.h>

struct store;
struct store_txn;

/* store_open opens (creating if create) the LMDB environment in dir with a
 * map of map_size bytes. 0, CVD_ENOTFOUND (no store and !create), CVD_EIO. */
int store_open(const char *dir, size_t map_size, int create, struct store **out);
void store_close(struct store *s);

int store_read_begin(struct store *s, struct store_txn **out);
void store_read_end(struct store_txn *t);

int store_write_begin(struct store *s, struct store_txn **out);
/* store_commit makes the writes durable (fsync); on failure nothing of the
 * transaction is stored. The txn is released either way. */
int store_commit(struct store_txn *t);
void store_abort(struct store_txn *t);

/* Reads. CVD_ENOTFOUND when absent, CVD_ECORRUPT for a value of the wrong
 * shape, CVD_EIO for LMDB failures. */
int store_get_entry(struct store_txn *t, uint64_t index, const uint8_t **buf, size_t *len);
int store_get_hash(struct store_txn *t, unsigned level, uint64_t index, uint8_t out[32]);
#define STORE_DEDUPE_KEY_LEN 40
int store_get_dedupe(struct store_txn *t, const uint8_t key[STORE_DEDUPE_KEY_LEN], uint64_t *index);
#define STORE_DIGEST_LEN 32
int store_get_sealed(struct store_txn *t, const uint8_t digest[STORE_DIGEST_LEN],
                     const uint8_t **buf, size_t *len);
int store_get_meta(struct store_txn *t, const char *name, const uint8_t **buf, size_t *len);
int store_get_size(struct store_txn *t, uint64_t *size);
/* store_count_entries: number of rows in the entries table (O(1)). */
int store_count_entries(struct store_txn *t, uint64_t *count);

/* merkle_get_fn adapter: ctx is a struct store_txn *. */
int store_tree_get(void *ctx, unsigned level, uint64_t index, uint8_t out[32]);
/* merkle_emit_fn adapter: ctx is a write struct store_txn *. */
int store_tree_put(void *ctx, unsigned level, uint64_t index, const uint8_t hash[32]);

/* Writes (write txn only). store_put_entry refuses to overwrite. */
int store_put_entry(struct store_txn *t, uint64_t index, const uint8_t *buf, size_t len);
int store_put_dedupe(struct store_txn *t, const uint8_t key[STORE_DEDUPE_KEY_LEN], uint64_t index);
/* store_put_sealed stores or replaces the payload for digest. */
int store_put_sealed(struct store_txn *t, const uint8_t digest[STORE_DIGEST_LEN],
                     const uint8_t *buf, size_t len);
int store_put_meta(struct store_txn *t, const char *name, const uint8_t *buf, size_t len);

/* Test and repair tooling only: delete or overwrite rows offline. */
int store_del_entry(struct store_txn *t, uint64_t index);
int store_overwrite_entry(struct store_txn *t, uint64_t index, const uint8_t *buf, size_t len);

#endif
