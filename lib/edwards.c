/*
 * edwards.c: the Ed25519 curve for signature verification (edwards.h):
 * GF(2^255 - 19) in radix 2^51 with 128-bit products, the twisted Edwards
 * curve -x^2 + y^2 = 1 + d x^2 y^2 in extended coordinates (Hisil, Wong,
 * Carter and Dawson 2008, "Twisted Edwards curves revisited", formulas
 * add-2008-hwcd-3 and dbl-2008-hwcd, which are complete on this curve), and
 * Pippenger's bucket method for sums of many scalar multiples.
 *
 * Variable time throughout: public data only.
 */
#include <stdlib.h>
#include <string.h>

#include "edwards.h"
#include "error.h"

#define MASK51 ((uint64_t)0x7ffffffffffff)

typedef unsigned __int128 u128;

/* Constants as their 32-byte little-endian encodings. */
static const uint8_t D_BYTES[32] = {/* d = -121665/121666 */
                                    0xa3, 0x78, 0x59, 0x13, 0xca, 0x4d, 0xeb, 0x75,
                                    0xab, 0xd8, 0x41, 0x41, 0x4d, 0x0a, 0x70, 0x00,
                                    0x98, 0xe8, 0x79, 0x77, 0x79, 0x40, 0xc7, 0x8c,
                                    0x73, 0xfe, 0x6f, 0x2b, 0xee, 0x6c, 0x03, 0x52};
static const uint8_t SQRTM1_BYTES[32] = {/* a square root of -1 */
                                         0xb0, 0xa0, 0x0e, 0x4a, 0x27, 0x1b, 0xee, 0xc4,
                                         0x78, 0xe4, 0x2f, 0xad, 0x06, 0x18, 0x43, 0x2f,
                                         0xa7, 0xd7, 0xfb, 0x3d, 0x99, 0x00, 0x4d, 0x2b,
                                         0x0b, 0xdf, 0xc1, 0x4f, 0x80, 0x24, 0x83, 0x2b};
static const uint8_t BASE_BYTES[32] = {/* B: y = 4/5, x even */
                                       0x58, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
                                       0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
                                       0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
                                       0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66};

/* ---- the field -------------------------------------------------------- */

static uint64_t load64(const uint8_t *s)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = (v << 8) | s[i];
	return v;
}

static void store64(uint8_t *s, uint64_t v)
{
	for (int i = 0; i < 8; i++, v >>= 8)
		s[i] = (uint8_t)v;
}

/* fe_frombytes: bits 0..254 of s (bit 255 is ignored). */
static void fe_frombytes(struct edwards_fe *h, const uint8_t s[32])
{
	h->fe_l[0] = load64(s) & MASK51;
	h->fe_l[1] = (load64(s + 6) >> 3) & MASK51;
	h->fe_l[2] = (load64(s + 12) >> 6) & MASK51;
	h->fe_l[3] = (load64(s + 19) >> 1) & MASK51;
	h->fe_l[4] = (load64(s + 24) >> 12) & MASK51;
}

/* fe_carry: limbs below 2^63 in, at most 2^51 out (only limb 1 can reach
 * it), same value. */
static void fe_carry(struct edwards_fe *h)
{
	uint64_t *l = h->fe_l, c;

	for (int i = 0; i < 4; i++) {
		c = l[i] >> 51;
		l[i] &= MASK51;
		l[i + 1] += c;
	}
	c = l[4] >> 51;
	l[4] &= MASK51;
	l[0] += 19 * c;
	c = l[0] >> 51;
	l[0] &= MASK51;
	l[1] += c;
}

/* fe_tobytes: the value reduced below p, little-endian. */
static void fe_tobytes(uint8_t s[32], const struct edwards_fe *f)
{
	struct edwards_fe h = *f;
	uint64_t *l = h.fe_l, q;

	fe_carry(&h);
	/* q = 1 when the value is at least p, i.e. value + 19 >= 2^255 */
	q = (l[0] + 19) >> 51;
	for (int i = 1; i < 5; i++)
		q = (l[i] + q) >> 51;
	l[0] += 19 * q;
	for (int i = 0; i < 4; i++) {
		l[i + 1] += l[i] >> 51;
		l[i] &= MASK51;
	}
	l[4] &= MASK51; /* drops q * 2^255 */
	store64(s, l[0] | l[1] << 51);
	store64(s + 8, l[1] >> 13 | l[2] << 38);
	store64(s + 16, l[2] >> 26 | l[3] << 25);
	store64(s + 24, l[3] >> 39 | l[4] << 12);
}

static void fe_set(struct edwards_fe *h, uint64_t v)
{
	memset(h, 0, sizeof(*h));
	h->fe_l[0] = v;
}

static void fe_add(struct edwards_fe *h, const struct edwards_fe *f, const struct edwards_fe *g)
{
	for (int i = 0; i < 5; i++)
		h->fe_l[i] = f->fe_l[i] + g->fe_l[i];
	fe_carry(h);
}

/* fe_sub adds 4p first, so every limb stays positive for inputs < 2^52. */
static void fe_sub(struct edwards_fe *h, const struct edwards_fe *f, const struct edwards_fe *g)
{
	h->fe_l[0] = f->fe_l[0] + 0x1fffffffffffb4 - g->fe_l[0];
	for (int i = 1; i < 5; i++)
		h->fe_l[i] = f->fe_l[i] + 0x1ffffffffffffc - g->fe_l[i];
	fe_carry(h);
}

static void fe_neg(struct edwards_fe *h, const struct edwards_fe *f)
{
	struct edwards_fe zero;
	fe_set(&zero, 0);
	fe_sub(h, &zero, f);
}

/* fe_reduce_wide: carries five 128-bit column sums into h. With inputs
 * below 2^52 each sum is below 2^112, so the carries fit. */
static void fe_reduce_wide(struct edwards_fe *h, u128 r0, u128 r1, u128 r2, u128 r3, u128 r4)
{
	uint64_t *l = h->fe_l, c;

	r1 += r0 >> 51;
	r2 += r1 >> 51;
	r3 += r2 >> 51;
	r4 += r3 >> 51;
	c = (uint64_t)(r4 >> 51);
	l[0] = ((uint64_t)r0 & MASK51) + 19 * c;
	l[1] = (uint64_t)r1 & MASK51;
	l[2] = (uint64_t)r2 & MASK51;
	l[3] = (uint64_t)r3 & MASK51;
	l[4] = (uint64_t)r4 & MASK51;
	l[1] += l[0] >> 51;
	l[0] &= MASK51;
}

static void fe_mul(struct edwards_fe *h, const struct edwards_fe *f, const struct edwards_fe *g)
{
	const uint64_t *a = f->fe_l, *b = g->fe_l;
	uint64_t b1 = 19 * b[1], b2 = 19 * b[2], b3 = 19 * b[3], b4 = 19 * b[4];
	u128 r0, r1, r2, r3, r4;

	r0 = (u128)a[0] * b[0] + (u128)a[1] * b4 + (u128)a[2] * b3 + (u128)a[3] * b2 +
	     (u128)a[4] * b1;
	r1 = (u128)a[0] * b[1] + (u128)a[1] * b[0] + (u128)a[2] * b4 + (u128)a[3] * b3 +
	     (u128)a[4] * b2;
	r2 = (u128)a[0] * b[2] + (u128)a[1] * b[1] + (u128)a[2] * b[0] + (u128)a[3] * b4 +
	     (u128)a[4] * b3;
	r3 = (u128)a[0] * b[3] + (u128)a[1] * b[2] + (u128)a[2] * b[1] + (u128)a[3] * b[0] +
	     (u128)a[4] * b4;
	r4 = (u128)a[0] * b[4] + (u128)a[1] * b[3] + (u128)a[2] * b[2] + (u128)a[3] * b[1] +
	     (u128)a[4] * b[0];
	fe_reduce_wide(h, r0, r1, r2, r3, r4);
}

static void fe_sq(struct edwards_fe *h, const struct edwards_fe *f)
{
	const uint64_t *a = f->fe_l;
	uint64_t d0 = 2 * a[0], d1 = 2 * a[1], d2 = 2 * a[2], d3 = 2 * a[3];
	uint64_t a3_19 = 19 * a[3], a4_19 = 19 * a[4];
	u128 r0, r1, r2, r3, r4;

	r0 = (u128)a[0] * a[0] + (u128)d1 * a4_19 + (u128)d2 * a3_19;
	r1 = (u128)d0 * a[1] + (u128)d2 * a4_19 + (u128)a[3] * a3_19;
	r2 = (u128)d0 * a[2] + (u128)a[1] * a[1] + (u128)d3 * a4_19;
	r3 = (u128)d0 * a[3] + (u128)d1 * a[2] + (u128)a[4] * a4_19;
	r4 = (u128)d0 * a[4] + (u128)d1 * a[3] + (u128)a[2] * a[2];
	fe_reduce_wide(h, r0, r1, r2, r3, r4);
}

/* fe_sqn: h = f^(2^n), n >= 1. */
static void fe_sqn(struct edwards_fe *h, const struct edwards_fe *f, int n)
{
	fe_sq(h, f);
	while (--n > 0)
		fe_sq(h, h);
}

/* fe_pow2523: in^((p-5)/8) = in^(2^252 - 3), the exponent of the square
 * root in RFC 8032 5.1.3. The chain builds in^(2^250 - 1) first. h may
 * alias in. */
static void fe_pow2523(struct edwards_fe *h, const struct edwards_fe *in)
{
	struct edwards_fe f[1] = {*in}, f2, f9, f11, e5, e10, e20, e40, e50, e100, e200, e250;

	fe_sq(&f2, f);          /* 2 */
	fe_sqn(&f9, &f2, 2);    /* 8 */
	fe_mul(&f9, &f9, f);    /* 9 */
	fe_mul(&f11, &f9, &f2); /* 11 */
	fe_sq(&e5, &f11);       /* 22 */
	fe_mul(&e5, &e5, &f9);  /* 31 = 2^5 - 1 */
	fe_sqn(&e10, &e5, 5);
	fe_mul(&e10, &e10, &e5); /* 2^10 - 1 */
	fe_sqn(&e20, &e10, 10);
	fe_mul(&e20, &e20, &e10); /* 2^20 - 1 */
	fe_sqn(&e40, &e20, 20);
	fe_mul(&e40, &e40, &e20); /* 2^40 - 1 */
	fe_sqn(&e50, &e40, 10);
	fe_mul(&e50, &e50, &e10); /* 2^50 - 1 */
	fe_sqn(&e100, &e50, 50);
	fe_mul(&e100, &e100, &e50); /* 2^100 - 1 */
	fe_sqn(&e200, &e100, 100);
	fe_mul(&e200, &e200, &e100); /* 2^200 - 1 */
	fe_sqn(&e250, &e200, 50);
	fe_mul(&e250, &e250, &e50); /* 2^250 - 1 */
	fe_sqn(h, &e250, 2);
	fe_mul(h, h, f); /* 2^252 - 3 */
}

/* fe_invert: f^(p-2) = f^(2^255 - 21) = (f^(2^252 - 3))^8 * f^3. */
static void fe_invert(struct edwards_fe *h, const struct edwards_fe *f)
{
	struct edwards_fe t, f3;

	fe_pow2523(&t, f);
	fe_sqn(&t, &t, 3);
	fe_sq(&f3, f);
	fe_mul(&f3, &f3, f);
	fe_mul(h, &t, &f3);
}

static int fe_equal(const struct edwards_fe *f, const struct edwards_fe *g)
{
	uint8_t a[32], b[32];
	fe_tobytes(a, f);
	fe_tobytes(b, g);
	return memcmp(a, b, 32) == 0;
}

static int fe_is_zero(const struct edwards_fe *f)
{
	static const uint8_t zero[32];
	uint8_t a[32];
	fe_tobytes(a, f);
	return memcmp(a, zero, 32) == 0;
}

static int fe_is_odd(const struct edwards_fe *f)
{
	uint8_t a[32];
	fe_tobytes(a, f);
	return a[0] & 1;
}

/* ---- points ----------------------------------------------------------- */

/* A point ready to be added: (Y - X, Y + X, 2Z, 2dT). */
struct cached {
	struct edwards_fe c_ymx, c_ypx, c_z2, c_t2d;
};

static void d2_const(struct edwards_fe *d2)
{
	struct edwards_fe d;
	fe_frombytes(&d, D_BYTES);
	fe_add(d2, &d, &d);
}

static void to_cached(struct cached *c, const struct edwards_point *p, const struct edwards_fe *d2)
{
	fe_sub(&c->c_ymx, &p->ep_y, &p->ep_x);
	fe_add(&c->c_ypx, &p->ep_y, &p->ep_x);
	fe_add(&c->c_z2, &p->ep_z, &p->ep_z);
	fe_mul(&c->c_t2d, &p->ep_t, d2);
}

/* add_cached: r = p + q (add-2008-hwcd-3 with k = 2d). */
static void add_cached(struct edwards_point *r, const struct edwards_point *p,
                       const struct cached *q)
{
	struct edwards_fe a, b, c, d, e, f, g, h;

	fe_sub(&a, &p->ep_y, &p->ep_x);
	fe_mul(&a, &a, &q->c_ymx);
	fe_add(&b, &p->ep_y, &p->ep_x);
	fe_mul(&b, &b, &q->c_ypx);
	fe_mul(&c, &p->ep_t, &q->c_t2d);
	fe_mul(&d, &p->ep_z, &q->c_z2);
	fe_sub(&e, &b, &a);
	fe_sub(&f, &d, &c);
	fe_add(&g, &d, &c);
	fe_add(&h, &b, &a);
	fe_mul(&r->ep_x, &e, &f);
	fe_mul(&r->ep_y, &g, &h);
	fe_mul(&r->ep_t, &e, &h);
	fe_mul(&r->ep_z, &f, &g);
}

void edwards_add(struct edwards_point *r, const struct edwards_point *p,
                 const struct edwards_point *q)
{
	struct edwards_fe d2;
	struct cached c;

	d2_const(&d2);
	to_cached(&c, q, &d2);
	add_cached(r, p, &c);
}

/* dbl-2008-hwcd with a = -1, every intermediate negated (the products come
 * out the same). */
void edwards_double(struct edwards_point *r, const struct edwards_point *p)
{
	struct edwards_fe a, b, c, e, f, g, h;

	fe_sq(&a, &p->ep_x);
	fe_sq(&b, &p->ep_y);
	fe_sq(&c, &p->ep_z);
	fe_add(&c, &c, &c);
	fe_add(&h, &a, &b);
	fe_add(&e, &p->ep_x, &p->ep_y);
	fe_sq(&e, &e);
	fe_sub(&e, &h, &e);
	fe_sub(&g, &a, &b);
	fe_add(&f, &c, &g);
	fe_mul(&r->ep_x, &e, &f);
	fe_mul(&r->ep_y, &g, &h);
	fe_mul(&r->ep_t, &e, &h);
	fe_mul(&r->ep_z, &f, &g);
}

void edwards_identity(struct edwards_point *p)
{
	fe_set(&p->ep_x, 0);
	fe_set(&p->ep_y, 1);
	fe_set(&p->ep_z, 1);
	fe_set(&p->ep_t, 0);
}

int edwards_is_identity(const struct edwards_point *p)
{
	return fe_is_zero(&p->ep_x) && fe_equal(&p->ep_y, &p->ep_z);
}

int edwards_has_small_order(const struct edwards_point *p)
{
	struct edwards_point q;

	edwards_double(&q, p);
	edwards_double(&q, &q);
	edwards_double(&q, &q);
	return edwards_is_identity(&q);
}

int edwards_decode(struct edwards_point *p, const uint8_t s[EDWARDS_LEN])
{
	struct edwards_fe y, u, v, v3, vxx, x, d, one, t;
	uint8_t check[32];
	int sign = s[31] >> 7;

	fe_frombytes(&y, s);
	fe_tobytes(check, &y);
	check[31] |= (uint8_t)(sign << 7);
	if (memcmp(check, s, 32) != 0)
		return CVD_EINVAL; /* y >= p: not the canonical encoding */
	fe_set(&one, 1);
	fe_frombytes(&d, D_BYTES);
	fe_sq(&u, &y);
	fe_mul(&v, &u, &d);
	fe_sub(&u, &u, &one); /* u = y^2 - 1 */
	fe_add(&v, &v, &one); /* v = d y^2 + 1 */
	/* x = u v^3 (u v^7)^((p-5)/8) */
	fe_sq(&v3, &v);
	fe_mul(&v3, &v3, &v);
	fe_sq(&t, &v3);
	fe_mul(&t, &t, &v);
	fe_mul(&t, &t, &u);
	fe_pow2523(&t, &t);
	fe_mul(&x, &t, &v3);
	fe_mul(&x, &x, &u);
	fe_sq(&vxx, &x);
	fe_mul(&vxx, &vxx, &v);
	if (!fe_equal(&vxx, &u)) {
		struct edwards_fe nu, i;
		fe_neg(&nu, &u);
		if (!fe_equal(&vxx, &nu))
			return CVD_EINVAL; /* no square root: not on the curve */
		fe_frombytes(&i, SQRTM1_BYTES);
		fe_mul(&x, &x, &i);
	}
	if (fe_is_zero(&x) && sign)
		return CVD_EINVAL;
	if (fe_is_odd(&x) != sign)
		fe_neg(&x, &x);
	p->ep_x = x;
	p->ep_y = y;
	fe_set(&p->ep_z, 1);
	fe_mul(&p->ep_t, &x, &y);
	return 0;
}

void edwards_encode(uint8_t s[EDWARDS_LEN], const struct edwards_point *p)
{
	struct edwards_fe zi, x, y;

	fe_invert(&zi, &p->ep_z);
	fe_mul(&x, &p->ep_x, &zi);
	fe_mul(&y, &p->ep_y, &zi);
	fe_tobytes(s, &y);
	s[31] |= (uint8_t)(fe_is_odd(&x) << 7);
}

void edwards_base(struct edwards_point *p)
{
	int rc = edwards_decode(p, BASE_BYTES);
	(void)rc; /* a constant that decodes; test_sigbatch checks it */
}

/* ---- sums of multiples ------------------------------------------------ */

/* digit: bits [b, b + c) of s, cut at hi. */
static unsigned digit(const uint8_t s[32], unsigned b, unsigned c, unsigned hi)
{
	unsigned byte = b / 8;
	uint32_t w = 0;

	if (b + c > hi)
		c = hi - b;
	for (unsigned k = 0; k < 3 && byte + k < 32; k++)
		w |= (uint32_t)s[byte + k] << (8 * k);
	return (w >> (b % 8)) & ((1u << c) - 1);
}

/* window_bits: the window width that minimises the additions for n points
 * and a bits-long scalar: about bits/c * (n + 2^(c+1)). */
static unsigned window_bits(size_t n, unsigned bits)
{
	unsigned best = 1;
	double best_cost = 0;

	for (unsigned c = 1; c <= 12; c++) {
		double cost = (double)((bits + c - 1) / c) * ((double)n + (double)(2u << c));
		if (c == 1 || cost < best_cost) {
			best = c;
			best_cost = cost;
		}
	}
	return best;
}

int edwards_msm(struct edwards_point *r, const struct edwards_point *p,
                const uint8_t (*s)[EDWARDS_LEN], size_t n, unsigned lo, unsigned hi)
{
	unsigned c = window_bits(n, hi - lo), nb = 1u << c, nwin = (hi - lo + c - 1) / c;
	struct edwards_point *bucket = malloc(nb * sizeof(*bucket));
	struct cached *pc = malloc((n ? n : 1) * sizeof(*pc));
	unsigned char *used = malloc(nb);
	struct edwards_point acc;
	struct edwards_fe d2;
	int rc = CVD_ENOMEM;

	if (bucket == NULL || pc == NULL || used == NULL)
		goto out;
	d2_const(&d2);
	for (size_t i = 0; i < n; i++)
		to_cached(&pc[i], &p[i], &d2);
	edwards_identity(&acc);
	/* windows from the top: acc = 2^c acc + the window's sum */
	for (unsigned w = nwin; w-- > 0;) {
		unsigned b = lo + w * c;
		struct edwards_point run, sum;
		struct cached tmp;
		int have_run = 0, have_sum = 0;

		if (w + 1 < nwin)
			for (unsigned k = 0; k < c; k++)
				edwards_double(&acc, &acc);
		memset(used, 0, nb);
		for (size_t i = 0; i < n; i++) {
			unsigned dg = digit(s[i], b, c, hi);
			if (dg == 0)
				continue;
			if (used[dg])
				add_cached(&bucket[dg], &bucket[dg], &pc[i]);
			else
				bucket[dg] = p[i];
			used[dg] = 1;
		}
		/* sum of j * bucket[j]: a running sum from the top bucket down */
		for (unsigned j = nb - 1; j >= 1; j--) {
			if (used[j]) {
				if (have_run) {
					to_cached(&tmp, &bucket[j], &d2);
					add_cached(&run, &run, &tmp);
				} else {
					run = bucket[j];
					have_run = 1;
				}
			}
			if (have_run) {
				if (have_sum) {
					to_cached(&tmp, &run, &d2);
					add_cached(&sum, &sum, &tmp);
				} else {
					sum = run;
					have_sum = 1;
				}
			}
		}
		if (have_sum) {
			to_cached(&tmp, &sum, &d2);
			add_cached(&acc, &acc, &tmp);
		}
	}
	*r = acc;
	rc = 0;
out:
	free(bucket);
	free(pc);
	free(used);
	return rc;
}
