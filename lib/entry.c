/* entry.c: entry encoding and the event signature (see entry.h). */
#include "entry.h"

#include <stdlib.h>
#include <string.h>

#include "encoding.h"
#include "error.h"

#define EVENT_CONTEXT "cvdlog/event/v1\n"
_Static_assert(sizeof(EVENT_CONTEXT) - 1 + ENTRY_ORIGIN_MAX + 1 == ENTRY_PREFIX_MAX,
               "ENTRY_PREFIX_MAX covers the context, the origin and a newline");

int entry_decode(const uint8_t *buf, size_t len, struct entry *e)
{
	const uint8_t *p = buf;

	if (len < ENTRY_HEADER_LEN || len > ENTRY_MAX || p[0] != ENTRY_VERSION)
		return CVD_EINVAL;
	p++;
	e->e_index = enc_get64(p);
	p += 8;
	e->e_time_ms = enc_get64(p);
	p += 8;
	memcpy(e->e_prev, p, 32);
	p += 32;
	memcpy(e->e_author, p, 32);
	p += 32;
	memcpy(e->e_sig, p, 64);
	p += 64;
	e->e_event_len = enc_get32(p);
	p += 4;
	if (e->e_event_len != len - ENTRY_HEADER_LEN)
		return CVD_EINVAL;
	e->e_event = p;
	return 0;
}

size_t entry_len(const struct entry *e)
{
	return ENTRY_HEADER_LEN + e->e_event_len;
}

void entry_encode(const struct entry *e, uint8_t *out)
{
	uint8_t *p = out;

	*p++ = ENTRY_VERSION;
	enc_put64(p, e->e_index);
	p += 8;
	enc_put64(p, e->e_time_ms);
	p += 8;
	memcpy(p, e->e_prev, 32);
	p += 32;
	memcpy(p, e->e_author, 32);
	p += 32;
	memcpy(p, e->e_sig, 64);
	p += 64;
	enc_put32(p, e->e_event_len);
	p += 4;
	memcpy(p, e->e_event, e->e_event_len);
}

size_t entry_signed_prefix(const char *origin, uint8_t out[ENTRY_PREFIX_MAX])
{
	size_t clen = strlen(EVENT_CONTEXT), olen = strlen(origin);

	if (olen > ENTRY_ORIGIN_MAX)
		return 0;
	memcpy(out, EVENT_CONTEXT, clen);
	memcpy(out + clen, origin, olen);
	out[clen + olen] = '\n';
	return clen + olen + 1;
}

/* signed_msg builds the signed message in a malloc'd buffer. */
static uint8_t *signed_msg(const char *origin, const uint8_t *event, size_t len, size_t *msglen)
{
	uint8_t prefix[ENTRY_PREFIX_MAX], *m;
	size_t plen = entry_signed_prefix(origin, prefix);

	if (plen == 0 || (m = malloc(plen + len + 1)) == NULL)
		return NULL;
	memcpy(m, prefix, plen);
	if (len > 0)
		memcpy(m + plen, event, len);
	*msglen = plen + len;
	return m;
}

void entry_sign_event(const struct keys_signer *s, const char *origin, const uint8_t *event,
                      size_t len, uint8_t sig[KEYS_SIG_LEN])
{
	size_t mlen;
	uint8_t *m = signed_msg(origin, event, len, &mlen);

	/* Out of memory here is not recoverable for a signer: abort loudly. */
	if (m == NULL)
		abort();
	keys_sign(s, m, mlen, sig);
	free(m);
}

int entry_verify_event(const uint8_t author[KEYS_PK_LEN], const uint8_t sig[KEYS_SIG_LEN],
                       const char *origin, const uint8_t *event, size_t len)
{
	size_t mlen;
	uint8_t *m;
	int rc;

	if (len > ENTRY_EVENT_MAX || strlen(origin) > ENTRY_ORIGIN_MAX)
		return CVD_ETOOLARGE;
	m = signed_msg(origin, event, len, &mlen);
	if (m == NULL)
		return CVD_ENOMEM;
	rc = keys_verify(author, m, mlen, sig);
	free(m);
	return rc;
}
