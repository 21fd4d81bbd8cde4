/*
 * fuzz_roster.c: libFuzzer harness for the roster file (lib/roster.c;
 * docs/roster.md), the hand-written text `cvdlogd init --roster` puts into
 * the genesis entry. The input is the text of a roster file. roster_parse
 * must never crash; a refusal is CVD_EINVAL with a terminated message
 * "line N: ..." naming a line of the input. Invariants for an accepted
 * roster: 1..64 orgs with unique valid ids and a known kind, 1..256 members
 * each with unique valid ids, roles their org's kind allows and at least
 * one admin, policies within their bounds (CRA limits never above the law's,
 * non-vendors on the defaults), 1..32 nodes with unique valid names, every
 * key of type 0x01 and no public key twice; the lookups find every org and
 * member. roster_format writes text that roster_parse accepts again as an
 * equal roster, and formatting that gives the same text (the canonical form
 * is a fixed point). Formatting may refuse only a roster near the size
 * limit (CVD_ETOOLARGE: written-out defaults make the text longer).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "fuzz.h"
#include "keys.h"
#include "roster.h"

/* The most the canonical text adds to its input: ten policy lines and a
 * blank line per org, and a blank line before the nodes. */
#define FORMAT_GROWTH (ROSTER_MAX_ORGS * 300 + 64)

static int id_ok(const char *s, size_t cap)
{
	size_t n = strnlen(s, cap);

	if (n == 0 || n >= cap || n > ROSTER_ID_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      (i > 0 && (c == '.' || c == '_' || c == '-'))))
			return 0;
	}
	return 1;
}

static int dur_ok(uint64_t s, uint64_t max)
{
	return s > 0 && s <= max && s % ROSTER_HOUR_S == 0;
}

static void check_policy(const struct roster_org *o)
{
	const struct roster_policy *p = &o->ro_policy;
	struct roster_policy def;

	roster_policy_defaults(&def);
	if (o->ro_kind != ROSTER_KIND_VENDOR) {
		check(memcmp(p, &def, sizeof(def)) == 0);
		return;
	}
	check(dur_ok(p->rp_ack_s, ROSTER_DURATION_MAX_S));
	check(dur_ok(p->rp_update_s, ROSTER_DURATION_MAX_S));
	check(dur_ok(p->rp_advisory_s, ROSTER_DURATION_MAX_S));
	check(dur_ok(p->rp_embargo_max_s, ROSTER_DURATION_MAX_S));
	check(dur_ok(p->rp_support_min_s, ROSTER_DURATION_MAX_S));
	check(p->rp_cvss_required == 0 || p->rp_cvss_required == 1);
	check(p->rp_cra == 0 || p->rp_cra == 1);
	check(dur_ok(p->rp_cra_early_s, def.rp_cra_early_s));
	check(dur_ok(p->rp_cra_notify_s, def.rp_cra_notify_s));
	check(dur_ok(p->rp_cra_final_s, def.rp_cra_final_s));
}

static int role_ok(enum roster_kind k, enum roster_role r)
{
	return r == ROSTER_ROLE_ADMIN || (k == ROSTER_KIND_VENDOR && r == ROSTER_ROLE_MEMBER) ||
	       (k == ROSTER_KIND_COORDINATOR && r == ROSTER_ROLE_COORDINATOR) ||
	       (k == ROSTER_KIND_AUDITOR && r == ROSTER_ROLE_AUDITOR);
}

/* keys_all collects every public key of r (members, then nodes). */
static unsigned keys_all(const struct roster *r, const uint8_t **pks)
{
	unsigned n = 0;

	for (unsigned i = 0; i < r->r_norgs; i++)
		for (unsigned j = 0; j < r->r_orgs[i].ro_nmembers; j++)
			pks[n++] = r->r_orgs[i].ro_members[j].rm_key.kv_pk;
	for (unsigned i = 0; i < r->r_nnodes; i++)
		pks[n++] = r->r_nodes[i].rn_key.kv_pk;
	return n;
}

static int cmp_pk(const void *a, const void *b)
{
	return memcmp(*(const uint8_t *const *)a, *(const uint8_t *const *)b, KEYS_PK_LEN);
}

static void check_roster(const struct roster *r)
{
	static const uint8_t *pks[ROSTER_MAX_ORGS * ROSTER_MAX_MEMBERS + ROSTER_MAX_NODES];

	check(r->r_norgs >= 1 && r->r_norgs <= ROSTER_MAX_ORGS);
	check(r->r_nnodes >= 1 && r->r_nnodes <= ROSTER_MAX_NODES);
	for (unsigned i = 0; i < r->r_norgs; i++) {
		const struct roster_org *o = &r->r_orgs[i];
		unsigned admins = 0;
		check(id_ok(o->ro_id, sizeof(o->ro_id)));
		check(o->ro_kind >= ROSTER_KIND_VENDOR && o->ro_kind <= ROSTER_KIND_AUDITOR);
		check(strnlen(o->ro_display, sizeof(o->ro_display)) <= ROSTER_DISPLAY_MAX);
		check(roster_find_org(r, o->ro_id) == o);
		for (unsigned k = 0; k < i; k++)
			check(strcmp(r->r_orgs[k].ro_id, o->ro_id) != 0);
		check_policy(o);
		check(o->ro_nmembers >= 1 && o->ro_nmembers <= ROSTER_MAX_MEMBERS);
		for (unsigned j = 0; j < o->ro_nmembers; j++) {
			const struct roster_member *m = &o->ro_members[j];
			const struct roster_org *found = NULL;
			check(id_ok(m->rm_id, sizeof(m->rm_id)));
			check(role_ok(o->ro_kind, m->rm_role));
			check(m->rm_key.kv_type == KEYS_TYPE_ED25519);
			admins += m->rm_role == ROSTER_ROLE_ADMIN;
			for (unsigned k = 0; k < j; k++)
				check(strcmp(o->ro_members[k].rm_id, m->rm_id) != 0);
			check(roster_find_member_by_key(r, m->rm_key.kv_pk, &found) == m &&
			      found == o);
		}
		check(admins >= 1);
	}
	for (unsigned i = 0; i < r->r_nnodes; i++) {
		check(id_ok(r->r_nodes[i].rn_name, sizeof(r->r_nodes[i].rn_name)));
		check(r->r_nodes[i].rn_key.kv_type == KEYS_TYPE_ED25519);
		for (unsigned k = 0; k < i; k++)
			check(strcmp(r->r_nodes[k].rn_name, r->r_nodes[i].rn_name) != 0);
	}
	unsigned n = keys_all(r, pks);
	qsort(pks, n, sizeof(pks[0]), cmp_pk);
	for (unsigned i = 1; i < n; i++)
		check(memcmp(pks[i - 1], pks[i], KEYS_PK_LEN) != 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct roster *r1 = NULL, *r2 = NULL;
	char err[128], *t1 = NULL, *t2 = NULL;
	size_t l1 = 0, l2 = 0;
	unsigned line = 0, lines = 0;

	fuzz_init(NULL);
	memset(err, 'x', sizeof(err));
	int rc = roster_parse((const char *)data, size, &r1, err, sizeof(err));
	if (rc != 0) {
		check(rc == CVD_EINVAL && r1 == NULL);
		check(memchr(err, '\0', sizeof(err)) != NULL);
		for (size_t i = 0; i < size; i++)
			lines += data[i] == '\n';
		if (size == 0 || data[size - 1] != '\n')
			lines++;
		check(sscanf(err, "line %u: ", &line) == 1 && line >= 1 && line <= lines);
		return 0;
	}
	check_roster(r1);
	rc = roster_format(r1, &t1, &l1);
	if (rc == CVD_ETOOLARGE) {
		check(t1 == NULL && size + FORMAT_GROWTH > ROSTER_MAX_LEN);
		roster_free(r1);
		return 0;
	}
	check(rc == 0 && t1 != NULL && strlen(t1) == l1 && l1 <= ROSTER_MAX_LEN);
	err[0] = '\0';
	rc = roster_parse(t1, l1, &r2, err, sizeof(err));
	if (rc != 0) {
		fprintf(stderr, "fuzz_roster: formatted roster rejected: %s\n%s", err, t1);
		__builtin_trap();
	}
	check_roster(r2);
	check(roster_equal(r1, r2) && roster_equal(r2, r1));
	rc = roster_format(r2, &t2, &l2);
	check(rc == 0 && l2 == l1 && memcmp(t1, t2, l1) == 0);
	free(t1);
	free(t2);
	roster_free(r1);
	roster_free(r2);
	return 0;
}
