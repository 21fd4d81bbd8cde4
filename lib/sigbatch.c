/*
 * sigbatch.c: Ed25519 batch verification (sigbatch.h). The scalar
 * arithmetic and hashing are libsodium's; the curve is lib/edwards.c.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "edwards.h"
#include "error.h"
#include "sigbatch.h"

/* L, the order of B, little-endian */
static const uint8_t ORDER[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
                                  0xa2, 0xde, 0xf9, 0xde, 0x14, 0,    0,    0,    0,    0,    0,
                                  0,    0,    0,    0,    0,    0,    0,    0,    0,    0x10};

/* below_order: 1 when the 32-byte little-endian s is below L. */
static int below_order(const uint8_t s[32])
{
	for (int i = 31; i >= 0; i--)
		if (s[i] != ORDER[i])
			return s[i] < ORDER[i];
	return 0;
}

/* decode_strict: a point that decodes canonically and is not of small
 * order, as libsodium requires of R and A. */
static int decode_strict(struct edwards_point *p, const uint8_t s[32])
{
	if (edwards_decode(p, s) != 0 || edwards_has_small_order(p))
		return CVD_EBADSIG;
	return 0;
}

/* find_key: the number of key pk among the nkeys seen (keys, indexed by
 * slot, an open-addressing table of mask + 1 > 2n entries holding number +
 * 1, 0 when empty). A new key is entered as number nkeys, which the caller
 * then adds to keys. */
static size_t find_key(const uint8_t **keys, size_t nkeys, size_t *slot, size_t mask,
                       const uint8_t *pk)
{
	uint64_t h = 0;
	size_t i;

	for (int b = 0; b < 8; b++)
		h = h << 8 | pk[b];
	for (i = (size_t)(h ^ h >> 29) & mask; slot[i] != 0; i = (i + 1) & mask)
		if (memcmp(keys[slot[i] - 1], pk, 32) == 0)
			return slot[i] - 1;
	slot[i] = nkeys + 1;
	return nkeys;
}

int sigbatch_verify(const uint8_t *prefix, size_t prefix_len, const struct sigbatch_item *items,
                    size_t n)
{
	/* points and scalars: the n R_i, then one A per distinct key, then B */
	struct edwards_point *pt = NULL, lo, hi;
	uint8_t(*sc)[32] = NULL, (*z)[16] = NULL, sum_zs[32] = {0};
	const uint8_t **keys = NULL;
	size_t nkeys = 0, *slot = NULL, mask = 1;
	int rc = CVD_ENOMEM;

	if (n == 0)
		return 0;
	pt = malloc((2 * n + 1) * sizeof(*pt));
	sc = calloc(2 * n + 1, sizeof(*sc));
	z = malloc(n * sizeof(*z));
	keys = malloc(n * sizeof(*keys));
	while (mask < 2 * n)
		mask <<= 1;
	slot = calloc(mask, sizeof(*slot)); /* key number + 1 by hash, 0 empty */
	mask--;
	if (pt == NULL || sc == NULL || z == NULL || keys == NULL || slot == NULL)
		goto out;
	randombytes_buf(z, n * sizeof(*z));
	for (size_t i = 0; i < n; i++)
		z[i][0] |= 1; /* never 0: a batch of one is then an exact check */
	rc = CVD_EBADSIG;
	for (size_t i = 0; i < n; i++) {
		const struct sigbatch_item *it = &items[i];
		const uint8_t *s = it->si_sig + 32;
		crypto_hash_sha512_state st;
		uint8_t h[64], k[32], t[32];
		size_t key;

		if (!below_order(s) || decode_strict(&pt[i], it->si_sig) != 0)
			goto out;
		key = find_key(keys, nkeys, slot, mask, it->si_pk);
		if (key == nkeys) {
			if (decode_strict(&pt[n + key], it->si_pk) != 0)
				goto out;
			keys[nkeys++] = it->si_pk;
		}
		crypto_hash_sha512_init(&st);
		crypto_hash_sha512_update(&st, it->si_sig, 32);
		crypto_hash_sha512_update(&st, it->si_pk, 32);
		if (prefix_len > 0)
			crypto_hash_sha512_update(&st, prefix, prefix_len);
		if (it->si_msg_len > 0)
			crypto_hash_sha512_update(&st, it->si_msg, it->si_msg_len);
		crypto_hash_sha512_final(&st, h);
		crypto_core_ed25519_scalar_reduce(k, h);
		memcpy(sc[i], z[i], 16); /* the R_i term: z_i (upper half zero) */
		crypto_core_ed25519_scalar_mul(t, sc[i], k);
		crypto_core_ed25519_scalar_add(sc[n + key], sc[n + key], t);
		crypto_core_ed25519_scalar_mul(t, sc[i], s);
		crypto_core_ed25519_scalar_add(sum_zs, sum_zs, t);
	}
	edwards_base(&pt[n + nkeys]);
	crypto_core_ed25519_scalar_negate(sc[n + nkeys], sum_zs);
	/* the low 128 bits of every scalar, then the high bits of the A and
	 * B terms (the z_i have none), shifted up by 128 doublings */
	if (edwards_msm(&lo, pt, (const uint8_t(*)[32])sc, n + nkeys + 1, 0, 128) != 0 ||
	    edwards_msm(&hi, pt + n, (const uint8_t(*)[32])(sc + n), nkeys + 1, 128, 256) != 0) {
		rc = CVD_ENOMEM;
		goto out;
	}
	for (int i = 0; i < 128; i++)
		edwards_double(&hi, &hi);
	edwards_add(&lo, &lo, &hi);
	rc = edwards_has_small_order(&lo) ? 0 : CVD_EBADSIG;
out:
	free(pt);
	free(sc);
	free(z);
	free(keys);
	free(slot);
	return rc;
}

int sigbatch_check_one(const uint8_t *prefix, size_t prefix_len, const struct sigbatch_item *item)
{
	uint8_t *m = malloc(prefix_len + item->si_msg_len + 1);
	int ok;

	if (m == NULL)
		return CVD_ENOMEM;
	if (prefix_len > 0)
		memcpy(m, prefix, prefix_len);
	if (item->si_msg_len > 0)
		memcpy(m + prefix_len, item->si_msg, item->si_msg_len);
	ok = crypto_sign_verify_detached(item->si_sig, m, prefix_len + item->si_msg_len,
	                                 item->si_pk) == 0;
	free(m);
	return ok;
}

int sigbatch_check(const uint8_t *prefix, size_t prefix_len, const struct sigbatch_item *items,
                   size_t n, signed char *ok)
{
	int rc = sigbatch_verify(prefix, prefix_len, items, n);

	if (rc == CVD_ENOMEM)
		return rc;
	/* a failed batch: each signature as a batch of one, under the same
	 * rule, so that no signature's verdict depends on its neighbours */
	for (size_t i = 0; i < n; i++) {
		int one = rc == 0 ? 0 : sigbatch_verify(prefix, prefix_len, &items[i], 1);
		if (one == CVD_ENOMEM)
			return one;
		ok[i] = one == 0;
	}
	return 0;
}
