/* note.c: C2SP signed notes and cosignature/v1 lines (see note.h). */
#include "note.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "encoding.h"
#include "error.h"

#define SIG_PREFIX     "\xe2\x80\x94 " /* U+2014 EM DASH, space */
#define SIG_PREFIX_LEN 4
#define COSIG_CONTEXT  "cosignature/v1\ntime "

int note_text_valid(const char *text, size_t len)
{
	if (len == 0 || text[len - 1] != '\n' || !enc_utf8_valid(text, len))
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if ((c < 0x20 && c != '\n') || c == 0x7f)
			return 0;
	}
	return 1;
}

static int parse_sig_line(const char *line, size_t len, struct note_sig *s)
{
	uint8_t raw[KEYS_ID_LEN + NOTE_SIG_MAX];
	size_t rawlen = 0;

	if (len < SIG_PREFIX_LEN || memcmp(line, SIG_PREFIX, SIG_PREFIX_LEN) != 0)
		return CVD_EINVAL;
	line += SIG_PREFIX_LEN;
	len -= SIG_PREFIX_LEN;
	const char *sp = memchr(line, ' ', len);
	if (sp == NULL)
		return CVD_EINVAL;
	size_t namelen = (size_t)(sp - line);
	if (!keys_name_valid(line, namelen))
		return CVD_EINVAL;
	if (enc_unb64(raw, sizeof(raw), &rawlen, sp + 1, len - namelen - 1) != 0 ||
	    rawlen < KEYS_ID_LEN + 1)
		return CVD_EINVAL;
	s->ns_name = line;
	s->ns_name_len = namelen;
	memcpy(s->ns_id, raw, KEYS_ID_LEN);
	s->ns_sig_len = rawlen - KEYS_ID_LEN;
	memcpy(s->ns_sig, raw + KEYS_ID_LEN, s->ns_sig_len);
	return 0;
}

int note_parse(const char *msg, size_t len, struct note *n)
{
	size_t split = 0;
	int found = 0;

	if (len > NOTE_MAX_LEN)
		return CVD_ETOOLARGE;
	/* The text ends at the last blank line ("\n\n"). */
	for (size_t i = len; i-- > 1;) {
		if (msg[i] == '\n' && msg[i - 1] == '\n') {
			split = i - 1;
			found = 1;
			break;
		}
	}
	if (!found)
		return CVD_EINVAL;
	n->n_text = msg;
	n->n_text_len = split + 1;
	if (!note_text_valid(n->n_text, n->n_text_len))
		return CVD_EINVAL;
	const char *p = msg + split + 2, *end = msg + len;
	if (p == end || end[-1] != '\n' || !enc_utf8_valid(p, (size_t)(end - p)))
		return CVD_EINVAL;
	n->n_nsigs = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (n->n_nsigs == NOTE_MAX_SIGS)
			return CVD_ETOOLARGE;
		if (parse_sig_line(p, (size_t)(nl - p), &n->n_sigs[n->n_nsigs]) != 0)
			return CVD_EINVAL;
		n->n_nsigs++;
		p = nl + 1;
	}
	return 0;
}

int note_sig_matches(const struct note_sig *s, const struct keys_verifier *v)
{
	return s->ns_name_len == strlen(v->kv_name) &&
	       memcmp(s->ns_name, v->kv_name, s->ns_name_len) == 0 &&
	       memcmp(s->ns_id, v->kv_id, KEYS_ID_LEN) == 0;
}

/* cosig_msg: "cosignature/v1\ntime <t>\n" || text, malloc'd. */
static char *cosig_msg(uint64_t t, const char *text, size_t len, size_t *mlen)
{
	char head[64];
	int hl = snprintf(head, sizeof(head), COSIG_CONTEXT "%" PRIu64 "\n", t);
	char *m = malloc((size_t)hl + len + 1);

	if (m == NULL)
		return NULL;
	memcpy(m, head, (size_t)hl);
	memcpy(m + hl, text, len);
	*mlen = (size_t)hl + len;
	return m;
}

int note_verify_sig(const struct note *n, const struct note_sig *s, const struct keys_verifier *v,
                    uint64_t *time)
{
	if (v->kv_type == KEYS_TYPE_ED25519) {
		if (s->ns_sig_len != KEYS_SIG_LEN)
			return CVD_EBADSIG;
		return keys_verify(v->kv_pk, (const uint8_t *)n->n_text, n->n_text_len, s->ns_sig);
	}
	if (v->kv_type == KEYS_TYPE_COSIG) {
		size_t mlen;
		char *m;
		int rc;
		if (s->ns_sig_len != 8 + KEYS_SIG_LEN)
			return CVD_EBADSIG;
		uint64_t t = enc_get64(s->ns_sig);
		m = cosig_msg(t, n->n_text, n->n_text_len, &mlen);
		if (m == NULL)
			return CVD_ENOMEM;
		rc = keys_verify(v->kv_pk, (const uint8_t *)m, mlen, s->ns_sig + 8);
		free(m);
		if (rc == 0 && time != NULL)
			*time = t;
		return rc;
	}
	return CVD_EBADSIG;
}

static int format_line(const char *name, const uint8_t *raw, size_t rawlen, char *buf, size_t cap)
{
	char b64[(KEYS_ID_LEN + NOTE_SIG_MAX + 2) / 3 * 4 + 1];
	int n = snprintf(buf, cap, SIG_PREFIX "%s %s\n", name, enc_b64(b64, raw, rawlen));

	if (n < 0 || (size_t)n >= cap)
		return CVD_ETOOLARGE;
	return n;
}

int note_sign_line(const struct keys_signer *signer, const char *text, size_t len, char *buf,
                   size_t cap)
{
	struct keys_verifier v;
	uint8_t raw[KEYS_ID_LEN + KEYS_SIG_LEN];

	keys_signer_verifier(signer, &v);
	memcpy(raw, v.kv_id, KEYS_ID_LEN);
	keys_sign(signer, (const uint8_t *)text, len, raw + KEYS_ID_LEN);
	return format_line(v.kv_name, raw, sizeof(raw), buf, cap);
}

int note_cosign_line(const struct keys_signer *signer, uint64_t t, const char *text, size_t len,
                     char *buf, size_t cap)
{
	struct keys_verifier v, cv;
	uint8_t raw[KEYS_ID_LEN + 8 + KEYS_SIG_LEN];
	size_t mlen;
	char *m = cosig_msg(t, text, len, &mlen);

	if (m == NULL)
		return CVD_ENOMEM;
	keys_signer_verifier(signer, &v);
	keys_verifier_as_cosigner(&v, &cv);
	memcpy(raw, cv.kv_id, KEYS_ID_LEN);
	enc_put64(raw + KEYS_ID_LEN, t);
	keys_sign(signer, (const uint8_t *)m, mlen, raw + KEYS_ID_LEN + 8);
	free(m);
	return format_line(v.kv_name, raw, sizeof(raw), buf, cap);
}
