/*
 * fuzz_sigbatch.c: libFuzzer harness for Ed25519 batch verification
 * (lib/sigbatch.c, lib/edwards.c), differential against libsodium.
 *
 * The input describes a batch: byte 0 gives the count (1 to 16), then each
 * signature takes a key number (one of four keys made from fixed seeds at
 * start-up; no private key is in the corpus) and a message length, then the
 * message bytes. Each is signed with libsodium over a fixed prefix and the
 * message. What is left of the input is a list of 4-byte edits (signature,
 * field, offset, value) that flip bits of R, S or the message, or replace
 * R, S or the key with 32 bytes taken from the input (points off the curve,
 * of small order, non-canonical, S >= L, ...).
 *
 * Invariants: sigbatch_verify accepts exactly when libsodium accepts every
 * signature (an edit cannot build the one difference sigbatch.h documents,
 * a small-order component made with the key), and sigbatch_check gives
 * each signature libsodium's answer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "fuzz.h"
#include "sigbatch.h"

#define MAXSIG 16
#define MAXMSG 64
#define NKEYS  4

static const uint8_t PREFIX[] = "cvdlog/event/v1\nfuzz.example/log\n";
static uint8_t pk[NKEYS][32], sk[NKEYS][64];

static void init(void)
{
	for (int k = 0; k < NKEYS; k++) {
		uint8_t seed[32];
		memset(seed, 0x40 + k, sizeof(seed));
		crypto_sign_seed_keypair(pk[k], sk[k], seed);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t msg[MAXSIG][MAXMSG], sig[MAXSIG][64], key[MAXSIG][32];
	uint8_t m[sizeof(PREFIX) + MAXMSG];
	struct sigbatch_item it[MAXSIG];
	signed char ok[MAXSIG];
	size_t n, at = 1;
	int all = 1, rc;

	fuzz_init(init);
	if (size < 1)
		return 0;
	n = 1 + data[0] % MAXSIG;
	for (size_t i = 0; i < n; i++) {
		size_t len;
		int k;
		if (at + 2 > size)
			return 0;
		k = data[at++] % NKEYS;
		len = data[at++] % (MAXMSG + 1);
		if (at + len > size)
			return 0;
		memcpy(msg[i], data + at, len);
		at += len;
		memcpy(m, PREFIX, sizeof(PREFIX) - 1);
		memcpy(m + sizeof(PREFIX) - 1, msg[i], len);
		crypto_sign_detached(sig[i], NULL, m, sizeof(PREFIX) - 1 + len, sk[k]);
		memcpy(key[i], pk[k], 32);
		it[i] = (struct sigbatch_item){key[i], sig[i], msg[i], len};
	}
	/* edits: which signature, what, where, and a value */
	while (at + 4 <= size) {
		size_t i = data[at] % n, off = data[at + 2];
		uint8_t what = data[at + 1] % 6, v = data[at + 3];
		at += 4;
		switch (what) {
		case 0: sig[i][off % 32] ^= v ? v : 1; break;      /* R */
		case 1: sig[i][32 + off % 32] ^= v ? v : 1; break; /* S */
		case 2:                                            /* the message */
			if (it[i].si_msg_len > 0)
				msg[i][off % it[i].si_msg_len] ^= v ? v : 1;
			break;
		default: /* R, S or the key replaced by 32 input bytes */
			if (at + 32 > size)
				return 0;
			memcpy(what == 3   ? sig[i]
			       : what == 4 ? sig[i] + 32
			                   : key[i],
			       data + at, 32);
			at += 32;
		}
	}
	for (size_t i = 0; i < n; i++) {
		int one = sigbatch_check_one(PREFIX, sizeof(PREFIX) - 1, &it[i]);
		check(one == 0 || one == 1);
		all &= one;
	}
	rc = sigbatch_verify(PREFIX, sizeof(PREFIX) - 1, it, n);
	check(rc == 0 || rc == CVD_EBADSIG);
	check((rc == 0) == all);
	check(sigbatch_check(PREFIX, sizeof(PREFIX) - 1, it, n, ok) == 0);
	for (size_t i = 0; i < n; i++)
		check(ok[i] == sigbatch_check_one(PREFIX, sizeof(PREFIX) - 1, &it[i]));
	return 0;
}
