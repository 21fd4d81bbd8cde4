/* caseworld.c: the shared CVD test world (see caseworld.h). */
#include "caseworld.h"

#include <check.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "roster.h"
#include "testutil.h"

static const char *const names[NWHO] = {"alice", "bob", "oscar", "carol", "cody",
                                        "aud",   "rep", "eve",   NULL};

void cw_keys(struct cw_world *w, const char *origin)
{
	memset(w, 0, sizeof(*w));
	for (int i = 0; i < NWHO; i++) {
		ck_assert_int_eq(keys_signer_generate(i == NODE ? origin : names[i], &w->k[i]), 0);
		keys_signer_vkey(w->k[i], w->vkey[i]);
	}
	w->readers[0] = w->vkey[ALICE];
	w->readers[1] = w->vkey[BOB];
	w->readers[2] = w->vkey[REP];
}

void cw_free(struct cw_world *w)
{
	for (int i = 0; i < NWHO; i++)
		keys_signer_free(w->k[i]);
}

char *cw_roster(const struct cw_world *w)
{
	struct tu_sb r = {0};
	struct roster *parsed;
	char *canon, err[200];
	size_t clen;

	tu_sb_printf(&r, "cvdlog-roster/v1\nnode n1 %s\n", w->vkey[NODE]);
	tu_sb_printf(&r, "org acme vendor\nmember alice admin %s\nmember bob member %s\n",
	             w->vkey[ALICE], w->vkey[BOB]);
	tu_sb_printf(&r, "policy embargo-max 90d\npolicy cra on\n");
	tu_sb_printf(&r, "org other vendor\nmember oscar admin %s\n", w->vkey[OSCAR]);
	tu_sb_printf(&r,
	             "org cert coordinator\nmember carol admin %s\nmember cody coordinator %s\n",
	             w->vkey[CAROL], w->vkey[CODY]);
	tu_sb_printf(&r, "org audit auditor\nmember aud admin %s\n", w->vkey[AUD]);
	ck_assert_msg(roster_parse(r.s, r.len, &parsed, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(roster_format(parsed, &canon, &clen), 0);
	roster_free(parsed);
	free(r.s);
	return canon;
}

void cw_commit(struct cw_commit *k, const char *field, const char *text)
{
	cvdlog__commitment__init(&k->c);
	randombytes_buf(k->salt, sizeof(k->salt));
	seal_commit(k->salt, (const uint8_t *)text, strlen(text), k->digest);
	k->c.field = (char *)field;
	k->c.digest.data = k->digest;
	k->c.digest.len = sizeof(k->digest);
	k->text = text;
}

void cw_opening(Cvdlog__Opening *o, struct cw_commit *k)
{
	cvdlog__opening__init(o);
	o->digest.data = k->digest;
	o->digest.len = SEAL_DIGEST_LEN;
	o->salt.data = k->salt;
	o->salt.len = SEAL_SALT_LEN;
	o->plaintext.data = (uint8_t *)k->text;
	o->plaintext.len = strlen(k->text);
}

void cw_set_readers(struct cw_world *w, Cvdlog__CaseEvent *ce)
{
	ce->n_readers = 3;
	ce->readers = w->readers;
}

uint8_t *cw_pack(struct cw_world *w, int author, Cvdlog__Event *e, uint64_t time_ms, size_t *len)
{
	uint8_t nonce[EVENT_NONCE_LEN], *buf;

	randombytes_buf(nonce, sizeof(nonce));
	e->nonce.data = nonce;
	e->nonce.len = sizeof(nonce);
	e->time_ms = time_ms;
	e->signer = w->vkey[author];
	*len = cvdlog__event__get_packed_size(e);
	buf = malloc(*len);
	ck_assert_ptr_nonnull(buf);
	cvdlog__event__pack(e, buf);
	e->nonce.data = NULL;
	e->nonce.len = 0;
	return buf;
}
