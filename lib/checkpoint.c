/* checkpoint.c: the tlog-checkpoint body (see checkpoint.h). */
#include "checkpoint.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "encoding.h"
#include "error.h"
#include "note.h"

size_t checkpoint_body(const struct checkpoint *c, char *buf)
{
	char b64[45];
	int n = snprintf(buf, CHECKPOINT_BODY_MAX, "%s\n%" PRIu64 "\n%s\n", c->c_origin, c->c_size,
	                 enc_b64(b64, c->c_root, MERKLE_HASH_LEN));
	return (size_t)n;
}

int checkpoint_parse_body(const char *text, size_t len, struct checkpoint *c)
{
	const char *line[3], *p = text, *end = text + len;
	size_t linelen[3];
	size_t rootlen = 0;

	if (!note_text_valid(text, len))
		return CVD_EINVAL;
	for (int i = 0; i < 3; i++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			return CVD_EINVAL;
		line[i] = p;
		linelen[i] = (size_t)(nl - p);
		p = nl + 1;
	}
	if (p != end || linelen[0] == 0 || linelen[0] > ENTRY_ORIGIN_MAX)
		return CVD_EINVAL;
	if (enc_parse_u64(line[1], linelen[1], &c->c_size) != 0)
		return CVD_EINVAL;
	if (enc_unb64(c->c_root, MERKLE_HASH_LEN, &rootlen, line[2], linelen[2]) != 0 ||
	    rootlen != MERKLE_HASH_LEN)
		return CVD_EINVAL;
	memcpy(c->c_origin, line[0], linelen[0]);
	c->c_origin[linelen[0]] = '\0';
	return 0;
}
