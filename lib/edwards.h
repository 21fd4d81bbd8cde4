/*
 * edwards.h: the Ed25519 curve (RFC 8032 section 5.1) as signature
 * verification needs it, and nothing more: the field GF(2^255 - 19), points
 * in extended coordinates, decoding with RFC 8032's checks, and a
 * multi-scalar multiplication for batch verification (lib/sigbatch.c).
 *
 * Caveats:
 * - Everything here runs in variable time. It is for public data only
 *   (keys, signatures, public scalars): never pass it a secret.
 * - libsodium stays the implementation for signing and for checking one
 *   signature; this exists because libsodium (and every Debian package) has
 *   no batch verification. tests/unit/test_sigbatch.c checks each operation
 *   against libsodium's ed25519 API.
 */
#ifndef CVD_EDWARDS_H
#define CVD_EDWARDS_H

#include <stddef.h>
#include <stdint.h>

#define EDWARDS_LEN 32 /* an encoded point or scalar */

/* An element of GF(2^255 - 19): five 51-bit limbs, little-endian. Every
 * function returns limbs below 2^52 and accepts any such input. */
struct edwards_fe {
	uint64_t fe_l[5];
};

/* A point (x, y) = (X/Z, Y/Z) with T = XY/Z. */
struct edwards_point {
	struct edwards_fe ep_x, ep_y, ep_z, ep_t;
};

/* edwards_decode: the point a 32-byte string encodes (RFC 8032 5.1.3).
 * 0, or CVD_EINVAL when y is not below p, no x exists, or x = 0 has the
 * sign bit set (every string accepted has exactly one encoding). */
int edwards_decode(struct edwards_point *p, const uint8_t s[EDWARDS_LEN]);

/* edwards_encode: the canonical encoding of p (RFC 8032 5.1.2). */
void edwards_encode(uint8_t s[EDWARDS_LEN], const struct edwards_point *p);

/* edwards_base: the base point B of RFC 8032. */
void edwards_base(struct edwards_point *p);

/* edwards_identity: the neutral element (0, 1). */
void edwards_identity(struct edwards_point *p);

/* edwards_add: r = p + q; edwards_double: r = 2p. r may alias p or q. */
void edwards_add(struct edwards_point *r, const struct edwards_point *p,
                 const struct edwards_point *q);
void edwards_double(struct edwards_point *r, const struct edwards_point *p);

/* edwards_is_identity: 1 when p is the neutral element, else 0. */
int edwards_is_identity(const struct edwards_point *p);

/* edwards_has_small_order: 1 when 8p is the neutral element (p is one of
 * the eight points of small order), else 0. */
int edwards_has_small_order(const struct edwards_point *p);

/* edwards_msm: r = sum of k_i * p_i over n points, where k_i is bits
 * [lo, hi) of the 32-byte little-endian scalar s[i] (lo < hi <= 256).
 * Pippenger's bucket method. 0, or CVD_ENOMEM (r is then unset). */
int edwards_msm(struct edwards_point *r, const struct edwards_point *p,
                const uint8_t (*s)[EDWARDS_LEN], size_t n, unsigned lo, unsigned hi);

#endif
