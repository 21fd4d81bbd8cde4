/*
 * checkpoint.h: the C2SP tlog-checkpoint body (DESIGN.md section 5):
 *
 *   <origin>\n<tree size, decimal>\n<base64 root hash>\n
 *
 * exactly these three lines, no extension lines. Signing and verifying the
 * note around it is note.h's and policy.h's job.
 */
#ifndef CVD_CHECKPOINT_H
#define CVD_CHECKPOINT_H

#include <stddef.h>
#include <stdint.h>

#include "entry.h"
#include "merkle.h"

#define CHECKPOINT_BODY_MAX (ENTRY_ORIGIN_MAX + 1 + 20 + 1 + 44 + 1 + 1)

struct checkpoint {
	char c_origin[ENTRY_ORIGIN_MAX + 1];
	uint64_t c_size;
	uint8_t c_root[MERKLE_HASH_LEN];
};

/* checkpoint_body writes the body and a NUL into buf (CHECKPOINT_BODY_MAX
 * bytes). Returns its length. */
size_t checkpoint_body(const struct checkpoint *c, char *buf);

/* checkpoint_parse_body parses exactly three lines. 0 or CVD_EINVAL. */
int checkpoint_parse_body(const char *text, size_t len, struct checkpoint *c);

#endif
