/*
 * fuzz_rosterproof.c: libFuzzer harness for the client's check of a node's
 * roster answer (lib/rosterproof.c): the roster text and the entries that
 * made it, both from the network. Input: a 2-byte big-endian text length,
 * the text, then entries, each a 2-byte big-endian length and the entry
 * bytes. The origin is fixed: "fuzz.example/log". The seed corpus holds
 * real answers of a node of that origin (a genesis with a roster, an added
 * member, a note and a policy change, taken from `cvdlog export` and
 * `cvdlog roster show`; signatures only, no private key): accepted ones
 * and ones refused for each reason (text behind, a change left out, a
 * note among the entries, out of order, no genesis, none, a flipped
 * signature).
 *
 * Invariants: never a crash or leak; the result is 0, CVD_EINVAL,
 * CVD_EBADSIG or CVD_ENOMEM, with a reason for a refusal; an accepted text
 * is canonical roster text (roster_parse then roster_format gives it back).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "fuzz.h"
#include "roster.h"
#include "rosterproof.h"

#define MAXENT 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *bufs[MAXENT];
	size_t lens[MAXENT], n = 0, tl, at;
	char *text, why[256] = "";
	int rc;

	fuzz_init(NULL);
	if (size < 2)
		return 0;
	tl = (size_t)data[0] << 8 | data[1];
	if (2 + tl > size)
		return 0;
	text = malloc(tl + 1);
	if (text == NULL)
		return 0;
	memcpy(text, data + 2, tl);
	text[tl] = '\0';
	for (at = 2 + tl; at + 2 <= size && n < MAXENT;) {
		size_t l = (size_t)data[at] << 8 | data[at + 1];
		if (at + 2 + l > size)
			break;
		bufs[n] = data + at + 2;
		lens[n++] = l;
		at += 2 + l;
	}
	rc = rosterproof_check("fuzz.example/log", NULL, text, bufs, lens, n, why, sizeof(why));
	check(rc == 0 || rc == CVD_EINVAL || rc == CVD_EBADSIG || rc == CVD_ENOMEM);
	if (rc == CVD_EINVAL || rc == CVD_EBADSIG)
		check(why[0] != '\0');
	if (rc == 0) {
		struct roster *r = NULL;
		char *again = NULL, err[256];
		size_t al;
		check(roster_parse(text, strlen(text), &r, err, sizeof(err)) == 0);
		check(roster_format(r, &again, &al) == 0);
		check(strcmp(again, text) == 0);
		free(again);
		roster_free(r);
	}
	free(text);
	return 0;
}
