/*
 * fuzz_entry.c: libFuzzer harness for the log entry decoder (lib/entry.c,
 * DESIGN.md section 3). The input is taken as the bytes of one entry, as read
 * back from the store or from a receipt's extra line. Invariants: whenever
 * entry_decode accepts the input, entry_len equals the input length, the
 * event length is within ENTRY_EVENT_MAX, the event pointer lies inside the
 * input, and entry_encode reproduces the input byte for byte (one accepted
 * encoding per entry, so leaf hashes cannot be forged by re-encoding);
 * merkle_leaf_hash of the input equals that of the re-encoding. Rejected
 * inputs must be rejected without reading outside the buffer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "entry.h"
#include "error.h"
#include "fuzz.h"
#include "merkle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct entry e;
	uint8_t leaf[MERKLE_HASH_LEN], leaf2[MERKLE_HASH_LEN];

	fuzz_init(NULL);
	int rc = entry_decode(data, size, &e);
	if (rc != 0) {
		check(rc == CVD_EINVAL);
		return 0;
	}
	check(entry_len(&e) == size);
	check(size <= ENTRY_MAX && e.e_event_len <= ENTRY_EVENT_MAX);
	check(e.e_event == data + ENTRY_HEADER_LEN);
	uint8_t *out = malloc(size);
	check(out != NULL);
	entry_encode(&e, out);
	if (memcmp(out, data, size) != 0)
		abort();
	merkle_leaf_hash(data, size, leaf);
	merkle_leaf_hash(out, size, leaf2);
	check(memcmp(leaf, leaf2, MERKLE_HASH_LEN) == 0);
	free(out);
	return 0;
}
