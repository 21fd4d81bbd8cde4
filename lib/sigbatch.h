/*
 * sigbatch.h: Ed25519 batch verification, for the auditor, which checks
 * every signature of a log and spends nearly all its time doing so.
 *
 * One random linear combination checks a whole batch (Bernstein, Duif,
 * Lange, Schwabe and Yang, "High-speed high-security signatures", section
 * 5): with random 128-bit z_i,
 *
 *     [8] ( (-sum z_i S_i) B + sum z_i R_i + sum_keys (sum z_i h_i) A ) = 0
 *
 * where h_i = SHA-512(R_i || A_i || M_i). Signatures by one key share one
 * term, so a log signed by a few hundred keys costs little more than the
 * R_i. A batch with one bad signature fails except with probability 2^-128.
 *
 * What "valid" means here: RFC 8032 section 5.1.7 with its cofactored
 * equation, plus libsodium's encoding rules (S < L, R and A canonical and
 * not of small order). libsodium's crypto_sign_verify_detached, which
 * the node, the client and `cvdlog verify` use, checks the cofactorless
 * equation instead. The two differ only on signatures whose R or A has a
 * small-order component, which only the key holder can make (on purpose);
 * honest signers never do. sigbatch_check_one gives libsodium's answer.
 *
 * Each z_i is odd, so a batch of one signature is an exact check of it
 * (z_i is invertible mod L): sigbatch_check judges each signature of a
 * failed batch that way, and a signature's verdict never depends on the
 * batch it is in.
 */
#ifndef CVD_SIGBATCH_H
#define CVD_SIGBATCH_H

#include <stddef.h>
#include <stdint.h>

/* One signature: 32-byte key, 64-byte signature and the message, which is
 * the batch's prefix followed by si_msg. */
struct sigbatch_item {
	const uint8_t *si_pk;
	const uint8_t *si_sig;
	const uint8_t *si_msg;
	size_t si_msg_len;
};

/* sigbatch_verify: 0 when every signature is valid (above), CVD_EBADSIG
 * when at least one is not (which one is not said), CVD_ENOMEM. prefix may
 * be NULL when prefix_len is 0. n = 0 gives 0. */
int sigbatch_verify(const uint8_t *prefix, size_t prefix_len, const struct sigbatch_item *items,
                    size_t n);

/* sigbatch_check: ok[i] = 1 when signature i is valid (above), else 0.
 * One batch first; if it fails, each signature as a batch of one. 0 or
 * CVD_ENOMEM (ok is then unset). */
int sigbatch_check(const uint8_t *prefix, size_t prefix_len, const struct sigbatch_item *items,
                   size_t n, signed char *ok);

/* sigbatch_check_one: the libsodium answer for one item: 1 valid, 0 not,
 * or CVD_ENOMEM. */
int sigbatch_check_one(const uint8_t *prefix, size_t prefix_len, const struct sigbatch_item *item);

#endif
