/*
 * entry.h: the log entry and the event signature (DESIGN.md section 3).
 *
 *   version=1 (1) | index (8) | time_ms (8) | prev (32) | author pk (32) |
 *   signature (64) | event length n (4) | event bytes (n)
 *
 * all integers big-endian. An entry is at most 65,535 bytes, so event bytes
 * are at most ENTRY_EVENT_MAX. Leaf hash = SHA-256(0x00 || entry); prev is the
 * leaf hash of the previous entry (zeros for entry 0).
 *
 * The event signature covers "cvdlog/event/v1\n" || origin || "\n" || event.
 * Nothing here interprets the event bytes: see event.h.
 */
#ifndef CVD_ENTRY_H
#define CVD_ENTRY_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"
#include "merkle.h"

#define ENTRY_VERSION    1
#define ENTRY_HEADER_LEN (1 + 8 + 8 + 32 + 32 + 64 + 4)
#define ENTRY_MAX        65535
#define ENTRY_EVENT_MAX  (ENTRY_MAX - ENTRY_HEADER_LEN)
#define ENTRY_ORIGIN_MAX 256

struct entry {
	uint64_t e_index;
	uint64_t e_time_ms;
	uint8_t e_prev[MERKLE_HASH_LEN];
	uint8_t e_author[KEYS_PK_LEN];
	uint8_t e_sig[KEYS_SIG_LEN];
	uint32_t e_event_len;
	const uint8_t *e_event; /* borrowed: points into the decoded buffer */
};

/* entry_decode parses buf[0..len) exactly: version 1, length consistent,
 * event within ENTRY_EVENT_MAX. e->e_event points into buf. 0 or CVD_EINVAL. */
int entry_decode(const uint8_t *buf, size_t len, struct entry *e);

/* entry_len: encoded size of e. */
size_t entry_len(const struct entry *e);

/* entry_encode writes entry_len(e) bytes to out. */
void entry_encode(const struct entry *e, uint8_t *out);

/* entry_sign_event signs event bytes for origin. */
void entry_sign_event(const struct keys_signer *s, const char *origin, const uint8_t *event,
                      size_t len, uint8_t sig[KEYS_SIG_LEN]);

/* entry_signed_prefix: what an event signature covers before the event
 * bytes ("cvdlog/event/v1\n", the origin, "\n"; DESIGN.md section 3) into
 * out; its length, or 0 when origin is over ENTRY_ORIGIN_MAX. */
#define ENTRY_PREFIX_MAX (16 + ENTRY_ORIGIN_MAX + 1)
size_t entry_signed_prefix(const char *origin, uint8_t out[ENTRY_PREFIX_MAX]);

/* entry_verify_event checks author's signature of event for origin.
 * 0, CVD_EBADSIG, CVD_ETOOLARGE (event or origin over the limits), CVD_ENOMEM. */
int entry_verify_event(const uint8_t author[KEYS_PK_LEN], const uint8_t sig[KEYS_SIG_LEN],
                       const char *origin, const uint8_t *event, size_t len);

#endif
