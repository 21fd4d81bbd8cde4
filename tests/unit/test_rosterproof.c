/*
 * test_rosterproof.c: lib/rosterproof.c, a node's roster answer checked
 * against the entries that made it. A genesis with the caseworld roster
 * and two roster changes by acme's admin give exactly the roster text the
 * rules give (and cases_roster_entries lists them); refused: a text with a
 * member the entries never added, a text missing the last change, no
 * entries, a first entry that is not the genesis, entries out of order, a
 * change signed for another origin, a change by a member who is not an
 * admin, a note among the roster entries, a broken entry, and (with a
 * trust policy) a genesis not signed by one of the policy's node keys.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "caseworld.h"
#include "cases.h"
#include "entry.h"
#include "error.h"
#include "event.h"
#include "keys.h"
#include "policy.h"
#include "roster.h"
#include "rosterproof.h"
#include "testutil.h"

#define ORIGIN "example.org/log"
#define T0     1750000000000ull

struct hist {
	struct cw_world w;
	uint8_t *buf[8];
	size_t len[8], n;
	char *text; /* what the entries give */
};

/* add: event e by author as entry index, signed for origin. */
static void add(struct hist *h, int author, Cvdlog__Event *e, uint64_t index, const char *origin)
{
	struct entry en;
	size_t evlen;
	uint8_t *ev = cw_pack(&h->w, author, e, T0 + index, &evlen);

	memset(&en, 0, sizeof(en));
	en.e_index = index;
	en.e_time_ms = T0 + index;
	memcpy(en.e_author, keys_signer_pk(h->w.k[author]), KEYS_PK_LEN);
	entry_sign_event(h->w.k[author], origin, ev, evlen, en.e_sig);
	en.e_event = ev;
	en.e_event_len = (uint32_t)evlen;
	h->len[h->n] = entry_len(&en);
	h->buf[h->n] = malloc(h->len[h->n]);
	entry_encode(&en, h->buf[h->n]);
	h->n++;
	free(ev);
}

static void add_member(struct hist *h, int author, const char *id, int who, uint64_t index,
                       const char *origin)
{
	Cvdlog__Event e = CVDLOG__EVENT__INIT;
	Cvdlog__RosterChange rc = CVDLOG__ROSTER_CHANGE__INIT;
	Cvdlog__MemberAdd ma = CVDLOG__MEMBER_ADD__INIT;

	rc.org = "acme";
	rc.change_case = CVDLOG__ROSTER_CHANGE__CHANGE_ADD_MEMBER;
	rc.add_member = &ma;
	ma.id = (char *)id;
	ma.role = "member";
	ma.vkey = h->w.vkey[who];
	e.body_case = CVDLOG__EVENT__BODY_ROSTER;
	e.roster = &rc;
	add(h, author, &e, index, origin);
}

/* hist_init: genesis (0), a note (1), dave added (2), erin added (5); the
 * roster entries are 0, 2 and 5 (the note is not one). */
static void hist_init(struct hist *h)
{
	Cvdlog__Event e = CVDLOG__EVENT__INIT;
	Cvdlog__Genesis g = CVDLOG__GENESIS__INIT;
	Cvdlog__NodeInfo ni = CVDLOG__NODE_INFO__INIT, *nip = &ni;
	struct cases *c;
	char *canon, why[CASES_WHY_MAX];
	const uint64_t *idx;
	size_t tl;

	memset(h, 0, sizeof(*h));
	cw_keys(&h->w, ORIGIN);
	canon = cw_roster(&h->w);
	ni.name = "n1";
	ni.vkey = h->w.vkey[NODE];
	g.origin = ORIGIN;
	g.n_nodes = 1;
	g.nodes = &nip;
	g.roster = canon;
	e.body_case = CVDLOG__EVENT__BODY_GENESIS;
	e.genesis = &g;
	add(h, NODE, &e, 0, ORIGIN);
	free(canon);
	add_member(h, ALICE, "dave", EVE, 2, ORIGIN);
	add_member(h, ALICE, "erin", REP, 5, ORIGIN);

	/* what the rules give, as the node computes it */
	ck_assert_int_eq(cases_new(&c), 0);
	for (size_t i = 0; i < h->n; i++) {
		struct entry en;
		struct event_view ev;
		const char *bad;
		ck_assert_int_eq(entry_decode(h->buf[i], h->len[i], &en), 0);
		ck_assert_int_eq(event_decode(en.e_event, en.e_event_len, &ev, &bad), 0);
		ck_assert_msg(cases_apply_logged(c, &en, &ev, why, sizeof(why)) == 0, "%s", why);
		event_view_clear(&ev);
	}
	ck_assert_uint_eq(cases_roster_entries(c, &idx), 3);
	ck_assert(idx[0] == 0 && idx[1] == 2 && idx[2] == 5);
	ck_assert_int_eq(roster_format(cases_roster(c), &h->text, &tl), 0);
	ck_assert_ptr_nonnull(strstr(h->text, "dave"));
	cases_free(c);
}

static void hist_free(struct hist *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->buf[i]);
	free(h->text);
	cw_free(&h->w);
}

static int check(struct hist *h, const char *text, char *why)
{
	return rosterproof_check(ORIGIN, NULL, text, (const uint8_t *const *)h->buf, h->len, h->n,
	                         why, CASES_WHY_MAX + 64);
}

static void expect(int rc, int want, const char *why, const char *frag)
{
	ck_assert_msg(rc == want, "rc %d, want %d (%s), why \"%s\"", rc, want, frag, why);
	ck_assert_msg(strstr(why, frag) != NULL, "\"%s\" lacks \"%s\"", why, frag);
}

START_TEST(history_gives_the_text)
{
	struct hist h;
	char why[CASES_WHY_MAX + 64] = "", *forged, *cut;

	hist_init(&h);
	ck_assert_msg(check(&h, h.text, why) == 0, "%s", why);

	/* a member the entries never added (the node's own key, say) */
	forged = malloc(strlen(h.text) + 512);
	strcpy(forged, h.text);
	{
		char *at = strstr(forged, "member dave");
		ck_assert_ptr_nonnull(at);
		char line[512];
		snprintf(line, sizeof(line), "member mallory member %s\n", h.w.vkey[NODE]);
		memmove(at + strlen(line), at, strlen(at) + 1);
		memcpy(at, line, strlen(line));
	}
	expect(check(&h, forged, why), CVD_EINVAL, why, "not what its entries give");
	free(forged);

	/* the last change left out of the text, or out of the entries */
	h.n--;
	expect(check(&h, h.text, why), CVD_EINVAL, why, "not what its entries give");
	h.n++;
	cut = strdup(h.text);
	*strstr(cut, "member erin") = '\0';
	expect(check(&h, cut, why), CVD_EINVAL, why, "not what its entries give");
	free(cut);
	hist_free(&h);
}
END_TEST

/* With a trust policy, the genesis must be signed by one of its node keys:
 * a genesis of another log under the same origin is refused. */
START_TEST(genesis_by_a_node_of_the_policy)
{
	struct hist h;
	struct policy pol;
	char why[CASES_WHY_MAX + 64] = "";

	hist_init(&h);
	memset(&pol, 0, sizeof(pol));
	snprintf(pol.p_origin, sizeof(pol.p_origin), "%s", ORIGIN);
	keys_signer_verifier(h.w.k[NODE], &pol.p_nodes[0]);
	pol.p_nnodes = 1;
	pol.p_quorum = 1;
	ck_assert_msg(rosterproof_check(ORIGIN, &pol, h.text, (const uint8_t *const *)h.buf, h.len,
	                                h.n, why, sizeof(why)) == 0,
	              "%s", why);
	keys_signer_verifier(h.w.k[EVE], &pol.p_nodes[0]);
	expect(rosterproof_check(ORIGIN, &pol, h.text, (const uint8_t *const *)h.buf, h.len, h.n,
	                         why, sizeof(why)),
	       CVD_EINVAL, why, "not signed by a node key of the trust policy");
	hist_free(&h);
}
END_TEST

START_TEST(bad_histories_are_refused)
{
	struct hist h;
	char why[CASES_WHY_MAX + 64] = "";
	uint8_t *keep;
	size_t keeplen;

	hist_init(&h);
	/* no entries */
	expect(rosterproof_check(ORIGIN, NULL, h.text, NULL, NULL, 0, why, sizeof(why)), CVD_EINVAL,
	       why, "no roster entries");
	/* the genesis missing: the first entry is a change */
	expect(rosterproof_check(ORIGIN, NULL, h.text, (const uint8_t *const *)h.buf + 1, h.len + 1,
	                         2, why, sizeof(why)),
	       CVD_EINVAL, why, "want 0, the genesis");
	/* out of order */
	keep = h.buf[1];
	keeplen = h.len[1];
	h.buf[1] = h.buf[2];
	h.len[1] = h.len[2];
	h.buf[2] = keep;
	h.len[2] = keeplen;
	expect(check(&h, h.text, why), CVD_EINVAL, why, "increasing indices");
	h.buf[2] = h.buf[1];
	h.len[2] = h.len[1];
	h.buf[1] = keep;
	h.len[1] = keeplen;
	/* the whole history checked for another origin */
	expect(rosterproof_check("other.example/log", NULL, h.text, (const uint8_t *const *)h.buf,
	                         h.len, h.n, why, sizeof(why)),
	       CVD_EBADSIG, why, "does not verify");
	/* a broken entry */
	h.buf[1][h.len[1] - 1] ^= 1;
	expect(check(&h, h.text, why), CVD_EBADSIG, why, "entry 2: event signature");
	h.buf[1][h.len[1] - 1] ^= 1;
	h.len[2] = 10;
	expect(check(&h, h.text, why), CVD_EINVAL, why, "malformed");
	hist_free(&h);

	/* a change by bob, a member but not an admin */
	hist_init(&h);
	free(h.buf[2]);
	h.n = 2;
	add_member(&h, BOB, "erin", REP, 5, ORIGIN);
	expect(check(&h, h.text, why), CVD_EINVAL, why, "only an admin of org acme");
	hist_free(&h);

	/* a note passed off as a roster entry */
	hist_init(&h);
	{
		Cvdlog__Event e = CVDLOG__EVENT__INIT;
		Cvdlog__Note nt = CVDLOG__NOTE__INIT;
		nt.text = "not a roster change";
		e.body_case = CVDLOG__EVENT__BODY_NOTE;
		e.note = &nt;
		add(&h, ALICE, &e, 7, ORIGIN);
	}
	expect(check(&h, h.text, why), CVD_EINVAL, why, "not a roster change");
	hist_free(&h);
}
END_TEST

Suite *suite_rosterproof(void)
{
	Suite *s = suite_create("rosterproof");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, history_gives_the_text);
	tcase_add_test(tc, genesis_by_a_node_of_the_policy);
	tcase_add_test(tc, bad_histories_are_refused);
	suite_add_tcase(s, tc);
	return s;
}
