/* merkle.c: RFC 9162 Merkle tree hashing, proofs and the frontier (see merkle.h). */
#include "merkle.h"

#include <sodium.h>
#include <string.h>

#include "error.h"

void merkle_leaf_hash(const uint8_t *data, size_t len, uint8_t out[MERKLE_HASH_LEN])
{
	crypto_hash_sha256_state st;
	uint8_t prefix = 0x00;

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, &prefix, 1);
	crypto_hash_sha256_update(&st, data, len);
	crypto_hash_sha256_final(&st, out);
}

void merkle_node_hash(const uint8_t left[MERKLE_HASH_LEN], const uint8_t right[MERKLE_HASH_LEN],
                      uint8_t out[MERKLE_HASH_LEN])
{
	uint8_t buf[1 + 2 * MERKLE_HASH_LEN];

	buf[0] = 0x01;
	memcpy(buf + 1, left, MERKLE_HASH_LEN);
	memcpy(buf + 1 + MERKLE_HASH_LEN, right, MERKLE_HASH_LEN);
	crypto_hash_sha256(out, buf, sizeof(buf));
}

void merkle_empty_root(uint8_t out[MERKLE_HASH_LEN])
{
	crypto_hash_sha256(out, NULL, 0);
}

/* Largest power of two strictly less than n (n >= 2). */
static uint64_t split_point(uint64_t n)
{
	uint64_t k = 1;
	while (k < n - k) /* 2k < n, without overflowing for n > 2^63 */
		k <<= 1;
	return k;
}

static unsigned log2u(uint64_t pow2)
{
	unsigned l = 0;
	while ((1ull << l) < pow2)
		l++;
	return l;
}

/*
 * range_hash: MTH(D[lo:hi]) for a range the RFC recursion produces, i.e. one
 * where lo is a multiple of the largest power of two <= hi - lo. A complete
 * aligned range is one get; a ragged right edge folds its complete parts.
 */
static int range_hash(merkle_get_fn get, void *ctx, uint64_t lo, uint64_t hi,
                      uint8_t out[MERKLE_HASH_LEN])
{
	uint8_t parts[64][MERKLE_HASH_LEN];
	unsigned count = 0;
	int rc;

	while (lo < hi) {
		/* Largest aligned power of two that starts at lo and fits. */
		unsigned level = 63;
		while (level > 0 &&
		       ((1ull << level) > hi - lo || (lo & ((1ull << level) - 1)) != 0))
			level--;
		rc = get(ctx, level, lo >> level, parts[count]);
		if (rc != 0)
			return rc;
		count++;
		lo += 1ull << level;
	}
	if (count == 0) {
		merkle_empty_root(out);
		return 0;
	}
	memcpy(out, parts[count - 1], MERKLE_HASH_LEN);
	for (unsigned i = count - 1; i-- > 0;)
		merkle_node_hash(parts[i], out, out);
	return 0;
}

int merkle_root(merkle_get_fn get, void *ctx, uint64_t size, uint8_t out[MERKLE_HASH_LEN])
{
	return range_hash(get, ctx, 0, size, out);
}

int merkle_inclusion_proof(merkle_get_fn get, void *ctx, uint64_t index, uint64_t size,
                           uint8_t proof[][MERKLE_HASH_LEN], size_t *n)
{
	uint8_t top_down[64][MERKLE_HASH_LEN];
	uint64_t lo = 0, hi = size;
	size_t count = 0;
	int rc;

	if (index >= size)
		return CVD_ERANGE;
	while (hi - lo > 1) {
		uint64_t k = split_point(hi - lo);
		if (index - lo < k) {
			rc = range_hash(get, ctx, lo + k, hi, top_down[count]);
			hi = lo + k;
		} else {
			rc = get(ctx, log2u(k), lo / k, top_down[count]);
			lo = lo + k;
		}
		if (rc != 0)
			return rc;
		count++;
	}
	for (size_t i = 0; i < count; i++)
		memcpy(proof[i], top_down[count - 1 - i], MERKLE_HASH_LEN);
	*n = count;
	return 0;
}

int merkle_consistency_proof(merkle_get_fn get, void *ctx, uint64_t old_size, uint64_t new_size,
                             uint8_t proof[][MERKLE_HASH_LEN], size_t *n)
{
	uint8_t top_down[MERKLE_PROOF_MAX][MERKLE_HASH_LEN];
	uint64_t lo = 0, hi = new_size, m = old_size;
	size_t count = 0;
	int whole = 1; /* the RFC's b: m is still the whole old tree */
	int rc;

	if (old_size > new_size)
		return CVD_ERANGE;
	*n = 0;
	if (old_size == 0 || old_size == new_size)
		return 0;
	for (;;) {
		uint64_t len = hi - lo;
		if (m == len) {
			if (!whole) {
				rc = range_hash(get, ctx, lo, hi, top_down[count]);
				if (rc != 0)
					return rc;
				count++;
			}
			break;
		}
		uint64_t k = split_point(len);
		if (m <= k) {
			rc = range_hash(get, ctx, lo + k, hi, top_down[count]);
			hi = lo + k;
		} else {
			rc = get(ctx, log2u(k), lo / k, top_down[count]);
			m -= k;
			lo += k;
			whole = 0;
		}
		if (rc != 0)
			return rc;
		count++;
	}
	for (size_t i = 0; i < count; i++)
		memcpy(proof[i], top_down[count - 1 - i], MERKLE_HASH_LEN);
	*n = count;
	return 0;
}

int merkle_verify_inclusion(uint64_t index, uint64_t size, const uint8_t leaf[MERKLE_HASH_LEN],
                            const uint8_t proof[][MERKLE_HASH_LEN], size_t n,
                            const uint8_t root[MERKLE_HASH_LEN])
{
	uint8_t r[MERKLE_HASH_LEN];
	uint64_t fn = index, sn;

	if (index >= size)
		return CVD_EPROOF;
	sn = size - 1;
	memcpy(r, leaf, MERKLE_HASH_LEN);
	for (size_t i = 0; i < n; i++) {
		if (sn == 0)
			return CVD_EPROOF;
		if ((fn & 1) || fn == sn) {
			merkle_node_hash(proof[i], r, r);
			while (!(fn & 1) && fn != 0) {
				fn >>= 1;
				sn >>= 1;
			}
		} else {
			merkle_node_hash(r, proof[i], r);
		}
		fn >>= 1;
		sn >>= 1;
	}
	if (sn != 0 || sodium_memcmp(r, root, MERKLE_HASH_LEN) != 0)
		return CVD_EPROOF;
	return 0;
}

int merkle_verify_consistency(uint64_t old_size, uint64_t new_size,
                              const uint8_t old_root[MERKLE_HASH_LEN],
                              const uint8_t new_root[MERKLE_HASH_LEN],
                              const uint8_t proof[][MERKLE_HASH_LEN], size_t n)
{
	uint8_t fr[MERKLE_HASH_LEN], sr[MERKLE_HASH_LEN];
	uint64_t fn, sn;
	size_t i = 0;

	if (old_size > new_size)
		return CVD_EPROOF;
	if (old_size == 0)
		return n == 0 ? 0 : CVD_EPROOF;
	if (old_size == new_size)
		return (n == 0 && sodium_memcmp(old_root, new_root, MERKLE_HASH_LEN) == 0)
		           ? 0
		           : CVD_EPROOF;
	if (n == 0)
		return CVD_EPROOF;
	fn = old_size - 1;
	sn = new_size - 1;
	/* An old tree that is a power of two is itself the first proof node. */
	if ((old_size & (old_size - 1)) == 0) {
		memcpy(fr, old_root, MERKLE_HASH_LEN);
	} else {
		memcpy(fr, proof[0], MERKLE_HASH_LEN);
		i = 1;
	}
	memcpy(sr, fr, MERKLE_HASH_LEN);
	while (fn & 1) {
		fn >>= 1;
		sn >>= 1;
	}
	for (; i < n; i++) {
		if (sn == 0)
			return CVD_EPROOF;
		if ((fn & 1) || fn == sn) {
			merkle_node_hash(proof[i], fr, fr);
			merkle_node_hash(proof[i], sr, sr);
			while (!(fn & 1) && fn != 0) {
				fn >>= 1;
				sn >>= 1;
			}
		} else {
			merkle_node_hash(sr, proof[i], sr);
		}
		fn >>= 1;
		sn >>= 1;
	}
	if (sn != 0 || sodium_memcmp(fr, old_root, MERKLE_HASH_LEN) != 0 ||
	    sodium_memcmp(sr, new_root, MERKLE_HASH_LEN) != 0)
		return CVD_EPROOF;
	return 0;
}

int merkle_frontier_load(struct merkle_frontier *f, merkle_get_fn get, void *ctx, uint64_t size)
{
	uint64_t start = 0;
	unsigned count = 0;
	int rc;

	for (int level = 63; level >= 0; level--) {
		if (!(size & (1ull << level)))
			continue;
		rc = get(ctx, (unsigned)level, start >> level, f->mf_hash[count]);
		if (rc != 0)
			return rc;
		count++;
		start += 1ull << level;
	}
	f->mf_size = size;
	f->mf_count = count;
	return 0;
}

int merkle_frontier_append(struct merkle_frontier *f, const uint8_t leaf[MERKLE_HASH_LEN],
                           merkle_emit_fn emit, void *ctx)
{
	uint8_t h[MERKLE_HASH_LEN];
	uint64_t index = f->mf_size;
	unsigned level = 0, count = f->mf_count;
	int rc;

	memcpy(h, leaf, MERKLE_HASH_LEN);
	if (emit != NULL && (rc = emit(ctx, 0, index, h)) != 0)
		return rc;
	/* Each trailing one bit of the old size completes one more subtree. */
	while (index & 1) {
		merkle_node_hash(f->mf_hash[--count], h, h);
		index >>= 1;
		level++;
		if (emit != NULL && (rc = emit(ctx, level, index, h)) != 0)
			return rc;
	}
	memcpy(f->mf_hash[count], h, MERKLE_HASH_LEN);
	f->mf_count = count + 1;
	f->mf_size++;
	return 0;
}

void merkle_frontier_root(const struct merkle_frontier *f, uint8_t out[MERKLE_HASH_LEN])
{
	if (f->mf_count == 0) {
		merkle_empty_root(out);
		return;
	}
	memcpy(out, f->mf_hash[f->mf_count - 1], MERKLE_HASH_LEN);
	for (unsigned i = f->mf_count - 1; i-- > 0;)
		merkle_node_hash(f->mf_hash[i], out, out);
}
