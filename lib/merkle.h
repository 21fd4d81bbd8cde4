/*
 * merkle.h: the RFC 6962 / RFC 9162 Merkle tree with SHA-256 (DESIGN.md
 * section 4): hashing, proof generation over any store of subtree hashes,
 * and proof verification.
 *
 * Storage model: the tree is kept as the hashes of its *complete* subtrees,
 * addressed by (level, index): the subtree covering leaves
 * [index << level, (index + 1) << level). Level 0 holds the leaf hashes.
 * A store only ever writes such a hash once, when the subtree completes, so
 * appends are O(1) amortized writes and any root or proof needs O(log n)
 * reads (merkle_get_fn). struct merkle_frontier holds the complete subtrees
 * on the right edge (at most 64 hashes) so appends need no reads at all.
 *
 * Proofs are arrays of 32-byte hashes ordered from the leaf's sibling up
 * (RFC 9162 section 2.1.3 and 2.1.4); the longest has 2*64 entries.
 */
#ifndef CVD_MERKLE_H
#define CVD_MERKLE_H

#include <stddef.h>
#include <stdint.h>

#define MERKLE_HASH_LEN  32
#define MERKLE_PROOF_MAX 128

/* merkle_leaf_hash: SHA-256(0x00 || data). */
void merkle_leaf_hash(const uint8_t *data, size_t len, uint8_t out[MERKLE_HASH_LEN]);

/* merkle_node_hash: SHA-256(0x01 || left || right). out may alias either. */
void merkle_node_hash(const uint8_t left[MERKLE_HASH_LEN], const uint8_t right[MERKLE_HASH_LEN],
                      uint8_t out[MERKLE_HASH_LEN]);

/* merkle_empty_root: SHA-256(""), the root of the empty tree. */
void merkle_empty_root(uint8_t out[MERKLE_HASH_LEN]);

/* merkle_get_fn returns the hash of the complete subtree (level, index) in
 * out: 0, or a negative error passed back to the caller unchanged. */
typedef int (*merkle_get_fn)(void *ctx, unsigned level, uint64_t index,
                             uint8_t out[MERKLE_HASH_LEN]);

/* merkle_root computes the root of the first size leaves. O(log size) gets. */
int merkle_root(merkle_get_fn get, void *ctx, uint64_t size, uint8_t out[MERKLE_HASH_LEN]);

/* merkle_inclusion_proof writes the proof for leaf index in a tree of size
 * leaves into proof and its length into *n. CVD_ERANGE unless index < size. */
int merkle_inclusion_proof(merkle_get_fn get, void *ctx, uint64_t index, uint64_t size,
                           uint8_t proof[][MERKLE_HASH_LEN], size_t *n);

/* merkle_consistency_proof: the proof that the tree of old_size leaves is a
 * prefix of the tree of new_size leaves. Empty when old_size is 0 or equal to
 * new_size. CVD_ERANGE when old_size > new_size. */
int merkle_consistency_proof(merkle_get_fn get, void *ctx, uint64_t old_size, uint64_t new_size,
                             uint8_t proof[][MERKLE_HASH_LEN], size_t *n);

/* merkle_verify_inclusion: RFC 9162 section 2.1.3.2. 0 or CVD_EPROOF. */
int merkle_verify_inclusion(uint64_t index, uint64_t size, const uint8_t leaf[MERKLE_HASH_LEN],
                            const uint8_t proof[][MERKLE_HASH_LEN], size_t n,
                            const uint8_t root[MERKLE_HASH_LEN]);

/* merkle_verify_consistency: RFC 9162 section 2.1.4.2, extended with the
 * trivial cases (old_size 0: empty proof; equal sizes: empty proof and equal
 * roots). 0 or CVD_EPROOF. */
int merkle_verify_consistency(uint64_t old_size, uint64_t new_size,
                              const uint8_t old_root[MERKLE_HASH_LEN],
                              const uint8_t new_root[MERKLE_HASH_LEN],
                              const uint8_t proof[][MERKLE_HASH_LEN], size_t n);

/* The right edge of the tree: the roots of the complete subtrees that make
 * up the first mf_size leaves, largest (leftmost) first. */
struct merkle_frontier {
	uint64_t mf_size;
	unsigned mf_count;
	uint8_t mf_hash[64][MERKLE_HASH_LEN];
};

/* merkle_emit_fn is told each complete subtree hash that an append creates,
 * leaf first, so a store can persist it. Returns 0 or a negative error. */
typedef int (*merkle_emit_fn)(void *ctx, unsigned level, uint64_t index,
                              const uint8_t hash[MERKLE_HASH_LEN]);

/* merkle_frontier_load fills f for a tree of size leaves from stored
 * hashes: popcount(size) gets. */
int merkle_frontier_load(struct merkle_frontier *f, merkle_get_fn get, void *ctx, uint64_t size);

/* merkle_frontier_append adds one leaf hash; emit may be NULL. On an emit
 * error the frontier is left unchanged. */
int merkle_frontier_append(struct merkle_frontier *f, const uint8_t leaf[MERKLE_HASH_LEN],
                           merkle_emit_fn emit, void *ctx);

/* merkle_frontier_root: the root of the f->mf_size leaves. */
void merkle_frontier_root(const struct merkle_frontier *f, uint8_t out[MERKLE_HASH_LEN]);

#endif
