/* receipt.c: tlog-proof@v1 receipts (see receipt.h). */
#include "receipt.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "encoding.h"
#include "error.h"

int receipt_format(const uint8_t *entry, size_t entry_len, uint64_t index,
                   const uint8_t proof[][MERKLE_HASH_LEN], size_t nproof, const char *checkpoint,
                   size_t checkpoint_len, char **out, size_t *outlen)
{
	size_t cap = strlen(RECEIPT_HEADER) + 8 + enc_b64_len(entry_len) + 32 + nproof * 46 +
	             checkpoint_len + 8;
	char *buf, *p;

	if (nproof > 64)
		return CVD_EINVAL;
	buf = malloc(cap);
	if (buf == NULL)
		return CVD_ENOMEM;
	p = buf + sprintf(buf, RECEIPT_HEADER "\nextra ");
	enc_b64(p, entry, entry_len);
	p += strlen(p);
	p += sprintf(p, "\nindex %" PRIu64 "\n", index);
	for (size_t i = 0; i < nproof; i++) {
		enc_b64(p, proof[i], MERKLE_HASH_LEN);
		p += strlen(p);
		*p++ = '\n';
	}
	*p++ = '\n';
	memcpy(p, checkpoint, checkpoint_len);
	p += checkpoint_len;
	*p = '\0';
	*out = buf;
	*outlen = (size_t)(p - buf);
	return 0;
}

/* next_line returns the line at *p (without '\n') and advances past it. */
static int next_line(const char **p, const char *end, const char **line, size_t *len)
{
	const char *nl = memchr(*p, '\n', (size_t)(end - *p));
	if (nl == NULL)
		return CVD_EINVAL;
	*line = *p;
	*len = (size_t)(nl - *p);
	*p = nl + 1;
	return 0;
}

int receipt_parse(const char *text, size_t len, struct receipt *r)
{
	const char *p = text, *end = text + len, *line;
	size_t l;

	memset(r, 0, sizeof(*r));
	if (len > RECEIPT_MAX_LEN)
		return CVD_ETOOLARGE;
	if (next_line(&p, end, &line, &l) != 0 || l != strlen(RECEIPT_HEADER) ||
	    memcmp(line, RECEIPT_HEADER, l) != 0)
		return CVD_EINVAL;
	if (next_line(&p, end, &line, &l) != 0 || l < 6 || memcmp(line, "extra ", 6) != 0)
		return CVD_EINVAL;
	r->r_entry = malloc(l);
	if (r->r_entry == NULL)
		return CVD_ENOMEM;
	if (enc_unb64(r->r_entry, l, &r->r_entry_len, line + 6, l - 6) != 0)
		return CVD_EINVAL;
	if (next_line(&p, end, &line, &l) != 0 || l < 6 || memcmp(line, "index ", 6) != 0 ||
	    enc_parse_u64(line + 6, l - 6, &r->r_index) != 0)
		return CVD_EINVAL;
	for (;;) {
		size_t hl = 0;
		if (next_line(&p, end, &line, &l) != 0)
			return CVD_EINVAL;
		if (l == 0)
			break;
		if (r->r_nproof == 64)
			return CVD_EINVAL;
		if (enc_unb64(r->r_proof[r->r_nproof], MERKLE_HASH_LEN, &hl, line, l) != 0 ||
		    hl != MERKLE_HASH_LEN)
			return CVD_EINVAL;
		r->r_nproof++;
	}
	if (p == end)
		return CVD_EINVAL;
	r->r_checkpoint = p;
	r->r_checkpoint_len = (size_t)(end - p);
	return 0;
}

void receipt_clear(struct receipt *r)
{
	free(r->r_entry);
	r->r_entry = NULL;
}

int receipt_verify(const struct receipt *r, const struct policy *p, struct receipt_info *info,
                   const char **what)
{
	uint8_t leaf[MERKLE_HASH_LEN];
	int rc;

	*what = "entry";
	rc = entry_decode(r->r_entry, r->r_entry_len, &info->ri_entry);
	if (rc != 0)
		return rc;
	*what = "index";
	if (info->ri_entry.e_index != r->r_index)
		return CVD_EINVAL;
	/* The checkpoint first: a receipt of another log is CVD_EORIGIN, not a
	 * bad event signature (the event is signed for that log's origin). */
	*what = "checkpoint";
	rc = policy_verify_checkpoint(p, r->r_checkpoint, r->r_checkpoint_len, &info->ri_verdict);
	if (rc != 0)
		return rc;
	*what = "event signature";
	rc = entry_verify_event(info->ri_entry.e_author, info->ri_entry.e_sig, p->p_origin,
	                        info->ri_entry.e_event, info->ri_entry.e_event_len);
	if (rc != 0)
		return rc;
	*what = "inclusion proof";
	merkle_leaf_hash(r->r_entry, r->r_entry_len, leaf);
	return merkle_verify_inclusion(r->r_index, info->ri_verdict.pv_cp.c_size, leaf,
	                               (const uint8_t(*)[MERKLE_HASH_LEN])r->r_proof, r->r_nproof,
	                               info->ri_verdict.pv_cp.c_root);
}
