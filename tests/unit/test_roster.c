/*
 * test_roster.c: lib/roster.c, the roster file (docs/roster.md). The example
 * of docs/roster.md (the fenced block after its "roster-example" marker
 * line) parses to the orgs, members, policies and nodes the document
 * describes, and round-trips through roster_format; a small roster formats
 * to the exact canonical text. Every policy name is checked with its
 * defaults, its units and its bounds; the CRA limits may be tightened and
 * never loosened. Every error names its line ("line N: ..."), asserted
 * exactly: syntax, ids, duplicate ids and public keys, role and kind
 * mismatches, orgs without an admin, no org, no node, size limits. Node
 * lines may appear anywhere. Fixed-seed random rosters (with random
 * whitespace, comments and line ends) parse to the model they were made
 * from and round-trip; truncated, extended and mutated inputs never crash,
 * always report a line of the input, and whatever parses round-trips.
 * Changes after genesis (roster_add_member, roster_remove_member,
 * roster_set_policy) apply, keep the roster canonical, and each refusal
 * gives its exact message and leaves the roster unchanged; a policy change
 * does exactly what the same policy line does in a file. roster_dup copies
 * deeply. Member and node keys are generated at run time; no private key is
 * stored.
 */
#include <check.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "keys.h"
#include "roster.h"
#include "testutil.h"

#define HDR        "cvdlog-roster/v1\n"
#define DOC_PATH   "docs/roster.md"
#define DOC_MARKER "<!-- roster-example:"
#define H          3600ull
#define D          86400ull
#define Y          (365ull * 86400)
#define NKEYS      10 /* $0..$9 in templates */
#define ERRCAP     512

/* ---- keys -------------------------------------------------------------- */

/* gen_vkeys returns n fresh type 0x01 verifier key texts named name
 * (malloc'd; free with free_vkeys). The private keys are dropped. */
static char **gen_vkeys(unsigned n, const char *name)
{
	char **vk = calloc(n, sizeof(*vk));
	ck_assert_ptr_nonnull(vk);
	for (unsigned i = 0; i < n; i++) {
		struct keys_signer *s;
		ck_assert_int_eq(keys_signer_generate(name, &s), 0);
		vk[i] = malloc(KEYS_VKEY_MAX + 1);
		ck_assert_ptr_nonnull(vk[i]);
		keys_signer_vkey(s, vk[i]);
		keys_signer_free(s);
	}
	return vk;
}

static void free_vkeys(char **vk, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		free(vk[i]);
	free(vk);
}

/* template_keys: $0..$7 distinct keys, $8 the key of $7 as a type 0x04
 * cosigner key, $9 the public key of $0 under another name. */
static char **template_keys(void)
{
	char **vk = gen_vkeys(NKEYS, "k@example");
	struct keys_verifier v;

	tu_vkey(vk[7], &v);
	keys_verifier_as_cosigner(&v, &v);
	keys_verifier_format(&v, vk[8]);
	tu_vkey(vk[0], &v);
	snprintf(v.kv_name, sizeof(v.kv_name), "other.name@example");
	keys_id(v.kv_name, v.kv_type, v.kv_pk, v.kv_id);
	keys_verifier_format(&v, vk[9]);
	return vk;
}

/* expand writes tmpl with every "$N" replaced by vk[N]. */
static void expand(struct tu_sb *b, const char *tmpl, char **vk)
{
	b->len = 0;
	tu_sb_add(b, "", 0);
	for (const char *c = tmpl; *c != '\0'; c++) {
		if (c[0] == '$' && c[1] >= '0' && c[1] <= '9') {
			tu_sb_add(b, vk[c[1] - '0'], strlen(vk[c[1] - '0']));
			c++;
		} else {
			tu_sb_add(b, c, 1);
		}
	}
}

/* ---- helpers ----------------------------------------------------------- */

static int parse_str(const char *s, struct roster **r, char *err)
{
	return roster_parse(s, strlen(s), r, err, ERRCAP);
}

static struct roster *parse_ok(const char *s)
{
	struct roster *r = NULL;
	char err[ERRCAP] = "";
	int rc = parse_str(s, &r, err);
	ck_assert_msg(rc == 0, "refused (%d): %s\n%s", rc, err, s);
	ck_assert_ptr_nonnull(r);
	return r;
}

/* expect_err: s is refused with CVD_EINVAL and the message
 * "line <line>: <msg>" (msg a prefix of the rest when prefix is set). */
static void expect_err_at(const char *s, size_t len, unsigned line, const char *msg, int prefix,
                          const char *what)
{
	struct roster *r = (struct roster *)1;
	char err[ERRCAP], want[ERRCAP];

	memset(err, 'x', sizeof(err));
	int rc = roster_parse(s, len, &r, err, sizeof(err));
	ck_assert_msg(rc == CVD_EINVAL, "%s: accepted (%d), expected line %u: %s", what, rc, line,
	              msg);
	ck_assert_ptr_null(r);
	snprintf(want, sizeof(want), "line %u: %s", line, msg);
	if (prefix)
		ck_assert_msg(strncmp(err, want, strlen(want)) == 0,
		              "%s: got \"%s\", want \"%s...\"", what, err, want);
	else
		ck_assert_msg(strcmp(err, want) == 0, "%s: got \"%s\", want \"%s\"", what, err,
		              want);
}

static void expect_err(const char *s, unsigned line, const char *msg)
{
	expect_err_at(s, strlen(s), line, msg, 0, s);
}

static int keys_same(const struct keys_verifier *a, const struct keys_verifier *b)
{
	return strcmp(a->kv_name, b->kv_name) == 0 && a->kv_type == b->kv_type &&
	       memcmp(a->kv_id, b->kv_id, KEYS_ID_LEN) == 0 &&
	       memcmp(a->kv_pk, b->kv_pk, KEYS_PK_LEN) == 0;
}

#define EQ_UINT(a, b) HOT_ASSERT(uint, a, b)
#define EQ_STR(a, b)                            \
	do {                                    \
		if (strcmp((a), (b)) != 0)      \
			ck_assert_str_eq(a, b); \
	} while (0)
#define EQ_KEY(a, b)                                                   \
	do {                                                           \
		if (!keys_same(a, b)) {                                \
			ck_assert_str_eq((a)->kv_name, (b)->kv_name);  \
			ck_assert_uint_eq((a)->kv_type, (b)->kv_type); \
			ck_assert_mem_eq((a)->kv_pk, (b)->kv_pk, 32);  \
			ck_assert_mem_eq((a)->kv_id, (b)->kv_id, 4);   \
		}                                                      \
	} while (0)

static void assert_policy_eq(const struct roster_policy *a, const struct roster_policy *b)
{
	EQ_UINT(a->rp_ack_s, b->rp_ack_s);
	EQ_UINT(a->rp_update_s, b->rp_update_s);
	EQ_UINT(a->rp_advisory_s, b->rp_advisory_s);
	EQ_UINT(a->rp_embargo_max_s, b->rp_embargo_max_s);
	EQ_UINT(a->rp_support_min_s, b->rp_support_min_s);
	HOT_ASSERT(int, a->rp_cvss_required, b->rp_cvss_required);
	HOT_ASSERT(int, a->rp_cra, b->rp_cra);
	EQ_UINT(a->rp_cra_early_s, b->rp_cra_early_s);
	EQ_UINT(a->rp_cra_notify_s, b->rp_cra_notify_s);
	EQ_UINT(a->rp_cra_final_s, b->rp_cra_final_s);
}

/* assert_roster_eq compares every field, independently of roster_equal. */
static void assert_roster_eq(const struct roster *a, const struct roster *b)
{
	EQ_UINT(a->r_nnodes, b->r_nnodes);
	for (unsigned i = 0; i < a->r_nnodes; i++) {
		EQ_STR(a->r_nodes[i].rn_name, b->r_nodes[i].rn_name);
		EQ_KEY(&a->r_nodes[i].rn_key, &b->r_nodes[i].rn_key);
	}
	EQ_UINT(a->r_norgs, b->r_norgs);
	for (unsigned i = 0; i < a->r_norgs; i++) {
		const struct roster_org *x = &a->r_orgs[i], *y = &b->r_orgs[i];
		EQ_STR(x->ro_id, y->ro_id);
		HOT_ASSERT(int, x->ro_kind, y->ro_kind);
		EQ_STR(x->ro_display, y->ro_display);
		assert_policy_eq(&x->ro_policy, &y->ro_policy);
		EQ_UINT(x->ro_nmembers, y->ro_nmembers);
		for (unsigned j = 0; j < x->ro_nmembers; j++) {
			EQ_STR(x->ro_members[j].rm_id, y->ro_members[j].rm_id);
			HOT_ASSERT(int, x->ro_members[j].rm_role, y->ro_members[j].rm_role);
			EQ_KEY(&x->ro_members[j].rm_key, &y->ro_members[j].rm_key);
		}
	}
}

/* round_trip: r formats to text that parses to an equal roster and formats
 * to the same text again. Returns the canonical text (malloc'd). */
static char *round_trip(const struct roster *r)
{
	char *t1 = NULL, *t2 = NULL, err[ERRCAP] = "";
	size_t l1 = 0, l2 = 0;
	struct roster *q = NULL;

	int rc = roster_format(r, &t1, &l1);
	if (rc != 0)
		ck_abort_msg("roster_format: %d", rc);
	if (strlen(t1) != l1)
		ck_assert_uint_eq(strlen(t1), l1);
	rc = roster_parse(t1, l1, &q, err, sizeof(err));
	if (rc != 0)
		ck_abort_msg("canonical text refused: %s\n%s", err, t1);
	assert_roster_eq(r, q);
	if (!roster_equal(r, q))
		ck_abort_msg("roster_equal says the round trip differs");
	rc = roster_format(q, &t2, &l2);
	if (rc != 0 || l2 != l1 || memcmp(t1, t2, l1) != 0)
		ck_abort_msg("formatting is not a fixed point:\n%s\n---\n%s", t1, t2);
	free(t2);
	roster_free(q);
	return t1;
}

/* read_file reads a whole file (malloc'd, NUL-terminated). */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	long n = ftell(f);
	ck_assert_int_ge(n, 0);
	ck_assert_int_eq(fseek(f, 0, SEEK_SET), 0);
	char *buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	if (len != NULL)
		*len = (size_t)n;
	return buf;
}

/* doc_example returns the fenced block after the marker line of
 * docs/roster.md (malloc'd), without the fences. */
static char *doc_example(void)
{
	char *doc = read_file(DOC_PATH, NULL);
	const char *m = strstr(doc, DOC_MARKER);
	ck_assert_msg(m != NULL, DOC_PATH ": no line starting with \"" DOC_MARKER "\"");
	const char *open = strchr(m, '\n');
	ck_assert_ptr_nonnull(open);
	ck_assert_msg(strncmp(open + 1, "```\n", 4) == 0,
	              DOC_PATH ": the line after the marker must open a ``` block");
	const char *start = open + 5;
	const char *close = strstr(start, "\n```\n");
	ck_assert_msg(close != NULL, DOC_PATH ": the example block is not closed");
	size_t n = (size_t)(close - start) + 1;
	char *ex = malloc(n + 1);
	ck_assert_ptr_nonnull(ex);
	memcpy(ex, start, n);
	ex[n] = '\0';
	free(doc);
	return ex;
}

/* ---- the documented example -------------------------------------------- */

static void assert_member(const struct roster_org *o, unsigned i, const char *id,
                          enum roster_role role)
{
	char name[KEYS_NAME_MAX + 1];
	ck_assert_uint_lt(i, o->ro_nmembers);
	ck_assert_str_eq(o->ro_members[i].rm_id, id);
	ck_assert_int_eq(o->ro_members[i].rm_role, role);
	ck_assert_int_eq(o->ro_members[i].rm_key.kv_type, KEYS_TYPE_ED25519);
	/* The example names member keys <member-id>@<org-id>. */
	snprintf(name, sizeof(name), "%s@%s", id, o->ro_id);
	ck_assert_str_eq(o->ro_members[i].rm_key.kv_name, name);
}

START_TEST(docs_example_parses)
{
	char *ex = doc_example();
	struct roster *r = parse_ok(ex);
	struct roster_policy def;
	json_t *j = tu_vectors("cvdlog.json");
	struct keys_verifier n1, n2;

	roster_policy_defaults(&def);
	ck_assert_uint_eq(r->r_nnodes, 3);
	ck_assert_str_eq(r->r_nodes[0].rn_name, "node-1");
	ck_assert_str_eq(r->r_nodes[1].rn_name, "node-2");
	ck_assert_str_eq(r->r_nodes[2].rn_name, "node-3");
	/* node-1 and node-2 are the nodes of tests/vectors/cvdlog.json. */
	tu_vkey(tu_str(j, "node_vkey"), &n1);
	tu_vkey(tu_str(j, "node2_vkey"), &n2);
	ck_assert_mem_eq(r->r_nodes[0].rn_key.kv_pk, n1.kv_pk, KEYS_PK_LEN);
	ck_assert_mem_eq(r->r_nodes[1].rn_key.kv_pk, n2.kv_pk, KEYS_PK_LEN);
	for (unsigned i = 0; i < 3; i++)
		ck_assert_str_eq(r->r_nodes[i].rn_key.kv_name, "psirt.example.com/log");

	ck_assert_uint_eq(r->r_norgs, 4);
	const struct roster_org *mi = &r->r_orgs[0], *zt = &r->r_orgs[1], *cvd = &r->r_orgs[2],
	                        *au = &r->r_orgs[3];

	ck_assert_str_eq(mi->ro_id, "mikan-psirt");
	ck_assert_int_eq(mi->ro_kind, ROSTER_KIND_VENDOR);
	ck_assert_str_eq(mi->ro_display, "Mikan Mobile PSIRT (Mikan Security Center)");
	ck_assert_uint_eq(mi->ro_policy.rp_ack_s, 48 * H);
	ck_assert_uint_eq(mi->ro_policy.rp_update_s, 30 * D);
	ck_assert_uint_eq(mi->ro_policy.rp_advisory_s, 180 * D);
	ck_assert_uint_eq(mi->ro_policy.rp_embargo_max_s, 90 * D);
	ck_assert_uint_eq(mi->ro_policy.rp_support_min_s, 2 * Y);
	ck_assert_int_eq(mi->ro_policy.rp_cvss_required, 1);
	ck_assert_int_eq(mi->ro_policy.rp_cra, 1);
	ck_assert_uint_eq(mi->ro_policy.rp_cra_early_s, 12 * H);
	ck_assert_uint_eq(mi->ro_policy.rp_cra_notify_s, 72 * H);
	ck_assert_uint_eq(mi->ro_policy.rp_cra_final_s, 14 * D);
	ck_assert_uint_eq(mi->ro_nmembers, 3);
	assert_member(mi, 0, "li.wei", ROSTER_ROLE_ADMIN);
	assert_member(mi, 1, "chen.jing", ROSTER_ROLE_MEMBER);
	assert_member(mi, 2, "zhao.min", ROSTER_ROLE_MEMBER);

	ck_assert_str_eq(zt->ro_id, "zenit-psirt");
	ck_assert_int_eq(zt->ro_kind, ROSTER_KIND_VENDOR);
	ck_assert_str_eq(zt->ro_display, "Zenit Networks PSIRT");
	ck_assert_uint_eq(zt->ro_policy.rp_ack_s, 48 * H);
	ck_assert_uint_eq(zt->ro_policy.rp_update_s, 14 * D);
	ck_assert_uint_eq(zt->ro_policy.rp_advisory_s, 180 * D);
	ck_assert_uint_eq(zt->ro_policy.rp_embargo_max_s, 60 * D);
	ck_assert_uint_eq(zt->ro_policy.rp_support_min_s, 2 * Y);
	ck_assert_int_eq(zt->ro_policy.rp_cvss_required, 1);
	ck_assert_int_eq(zt->ro_policy.rp_cra, 0);
	ck_assert_uint_eq(zt->ro_policy.rp_cra_early_s, 24 * H);
	ck_assert_uint_eq(zt->ro_policy.rp_cra_notify_s, 72 * H);
	ck_assert_uint_eq(zt->ro_policy.rp_cra_final_s, 14 * D);
	ck_assert_uint_eq(zt->ro_nmembers, 2);
	assert_member(zt, 0, "wang.fang", ROSTER_ROLE_ADMIN);
	assert_member(zt, 1, "liu.yang", ROSTER_ROLE_MEMBER);

	ck_assert_str_eq(cvd->ro_id, "mobile-cvd");
	ck_assert_int_eq(cvd->ro_kind, ROSTER_KIND_COORDINATOR);
	ck_assert_str_eq(cvd->ro_display, "Mobile Industry CVD Programme");
	assert_policy_eq(&cvd->ro_policy, &def);
	ck_assert_uint_eq(cvd->ro_nmembers, 2);
	assert_member(cvd, 0, "ops", ROSTER_ROLE_ADMIN);
	assert_member(cvd, 1, "triage", ROSTER_ROLE_COORDINATOR);

	ck_assert_str_eq(au->ro_id, "ledger-audit");
	ck_assert_int_eq(au->ro_kind, ROSTER_KIND_AUDITOR);
	ck_assert_str_eq(au->ro_display, "Independent Ledger Audit Ltd.");
	assert_policy_eq(&au->ro_policy, &def);
	ck_assert_uint_eq(au->ro_nmembers, 2);
	assert_member(au, 0, "lead", ROSTER_ROLE_ADMIN);
	assert_member(au, 1, "reviewer", ROSTER_ROLE_AUDITOR);

	char *canon = round_trip(r);
	ck_assert_ptr_nonnull(strstr(canon, "\norg mikan-psirt vendor\n"
	                                    "display Mikan Mobile PSIRT (Mikan Security Center)\n"
	                                    "policy ack 48h\npolicy update 30d\n"
	                                    "policy advisory 180d\npolicy embargo-max 90d\n"
	                                    "policy support-min 2y\npolicy cvss required\n"
	                                    "policy cra on\npolicy cra-early-warning 12h\n"
	                                    "policy cra-notification 72h\n"
	                                    "policy cra-final 14d\nmember li.wei admin "));
	free(canon);
	roster_free(r);
	json_decref(j);
	free(ex);
}
END_TEST

/* The canonical text of a small roster, byte for byte. */
START_TEST(canonical_text)
{
	char **vk = template_keys();
	struct tu_sb t = {0}, want = {0};

	/* Equal durations in other units, defaults and reordered policy lines
	 * all come out in the one canonical spelling and order. */
	expand(&t,
	       HDR "# comment\n  org b-org coordinator\n\tmember x coordinator $1\n"
	           "member adm admin $7\n"
	           "node n1 $2\norg a.org vendor\n  display  Ünïcode  PSIRT #1 \n"
	           "policy update 2d\npolicy ack 2d\npolicy support-min 730d\n"
	           "policy embargo-max 168h\npolicy advisory 8760h\npolicy cvss optional\n"
	           "policy cra-final 336h\n"
	           "member z member $3\nmember y admin $4\nmember a admin $5\n"
	           "org b-org2 coordinator\nmember a admin $0\nnode n0 $6\n",
	       vk);
	struct roster *r = parse_ok(t.s);
	expand(&want,
	       HDR "\nnode n1 $2\nnode n0 $6\n"
	           "\norg b-org coordinator\nmember x coordinator $1\nmember adm admin $7\n"
	           "\norg a.org vendor\ndisplay Ünïcode  PSIRT #1\n"
	           "policy ack 48h\npolicy update 48h\npolicy advisory 1y\n"
	           "policy embargo-max 7d\npolicy support-min 2y\npolicy cvss optional\n"
	           "policy cra off\npolicy cra-early-warning 24h\n"
	           "policy cra-notification 72h\npolicy cra-final 14d\n"
	           "member z member $3\nmember y admin $4\nmember a admin $5\n"
	           "\norg b-org2 coordinator\nmember a admin $0\n",
	       vk);
	char *canon = round_trip(r);
	ck_assert_str_eq(canon, want.s);
	free(canon);
	roster_free(r);
	free(t.s);
	free(want.s);
	free_vkeys(vk, NKEYS);
}
END_TEST

/* ---- policy ------------------------------------------------------------ */

START_TEST(policy_defaults)
{
	struct roster_policy p;
	char **vk = template_keys();
	struct tu_sb t = {0};

	memset(&p, 0xa5, sizeof(p));
	roster_policy_defaults(&p);
	ck_assert_uint_eq(p.rp_ack_s, 48 * H);
	ck_assert_uint_eq(p.rp_update_s, 30 * D);
	ck_assert_uint_eq(p.rp_advisory_s, 180 * D);
	ck_assert_uint_eq(p.rp_embargo_max_s, 90 * D);
	ck_assert_uint_eq(p.rp_support_min_s, 2 * Y);
	ck_assert_int_eq(p.rp_cvss_required, 1);
	ck_assert_int_eq(p.rp_cra, 0);
	ck_assert_uint_eq(p.rp_cra_early_s, 24 * H);
	ck_assert_uint_eq(p.rp_cra_notify_s, 72 * H);
	ck_assert_uint_eq(p.rp_cra_final_s, 14 * D);

	/* Orgs without policy lines, of every kind, carry the defaults; a policy
	 * line changes its own org only. */
	expand(&t,
	       HDR "org v vendor\nmember a admin $0\norg c coordinator\nmember a admin $1\n"
	           "org u auditor\nmember a admin $2\norg w vendor\npolicy ack 1h\n"
	           "member a admin $3\norg x vendor\nmember a admin $4\nnode n $5\n",
	       vk);
	struct roster *r = parse_ok(t.s);
	ck_assert_uint_eq(r->r_norgs, 5);
	for (unsigned i = 0; i < 5; i++) {
		if (i == 3) {
			ck_assert_uint_eq(r->r_orgs[i].ro_policy.rp_ack_s, H);
			ck_assert_uint_eq(r->r_orgs[i].ro_policy.rp_update_s, 30 * D);
		} else {
			assert_policy_eq(&r->r_orgs[i].ro_policy, &p);
		}
	}
	free(round_trip(r));
	roster_free(r);
	free(t.s);
	free_vkeys(vk, NKEYS);
}
END_TEST

/* policy_text: a vendor roster whose policy line (line 4) is
 * "policy <name> <value>". */
static void policy_text(struct tu_sb *t, char **vk, const char *name, const char *value)
{
	struct tu_sb tmpl = {0};
	tu_sb_printf(&tmpl, HDR "org v vendor\nmember a admin $0\npolicy %s %s\nnode n $1\n", name,
	             value);
	expand(t, tmpl.s, vk);
	free(tmpl.s);
}

static uint64_t get_policy(const struct roster_policy *p, const char *name)
{
	static const char *const names[] = {
	    "ack",  "update", "advisory",          "embargo-max",      "support-min",
	    "cvss", "cra",    "cra-early-warning", "cra-notification", "cra-final",
	};
	const uint64_t v[] = {
	    p->rp_ack_s,         p->rp_update_s,      p->rp_advisory_s,
	    p->rp_embargo_max_s, p->rp_support_min_s, (uint64_t)p->rp_cvss_required,
	    (uint64_t)p->rp_cra, p->rp_cra_early_s,   p->rp_cra_notify_s,
	    p->rp_cra_final_s,
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i], name) == 0)
			return v[i];
	ck_abort_msg("no policy %s", name);
	return 0;
}

/* policy_accepts: "policy name value" sets name to want and nothing else. */
static void policy_accepts(char **vk, const char *name, const char *value, uint64_t want)
{
	struct tu_sb t = {0};
	struct roster_policy def;

	policy_text(&t, vk, name, value);
	struct roster *r = parse_ok(t.s);
	roster_policy_defaults(&def);
	ck_assert_msg(get_policy(&r->r_orgs[0].ro_policy, name) == want,
	              "policy %s %s: got %llu, want %llu", name, value,
	              (unsigned long long)get_policy(&r->r_orgs[0].ro_policy, name),
	              (unsigned long long)want);
	/* Setting it back to the default gives the default policy. */
	struct roster_policy got = r->r_orgs[0].ro_policy;
	const char *names[] = {
	    "ack",  "update", "advisory",          "embargo-max",      "support-min",
	    "cvss", "cra",    "cra-early-warning", "cra-notification", "cra-final"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i], name) != 0)
			ck_assert_uint_eq(get_policy(&got, names[i]), get_policy(&def, names[i]));
	free(round_trip(r));
	roster_free(r);
	free(t.s);
}

static void policy_refuses(char **vk, const char *name, const char *value, const char *msg)
{
	struct tu_sb t = {0};
	policy_text(&t, vk, name, value);
	expect_err_at(t.s, t.len, 4, msg, 1, t.s);
	free(t.s);
}

START_TEST(policy_names_and_bounds)
{
	char **vk = template_keys();
	const char *durations[] = {"ack", "update", "advisory", "embargo-max", "support-min"};
	char msg[256];

	for (size_t i = 0; i < sizeof(durations) / sizeof(durations[0]); i++) {
		const char *n = durations[i];
		policy_accepts(vk, n, "1h", H);
		policy_accepts(vk, n, "48h", 48 * H);
		policy_accepts(vk, n, "2d", 2 * D);
		policy_accepts(vk, n, "1d", D);
		policy_accepts(vk, n, "1y", Y);
		policy_accepts(vk, n, "365d", Y);
		policy_accepts(vk, n, "10y", 10 * Y);
		policy_accepts(vk, n, "3650d", 10 * Y);
		policy_accepts(vk, n, "87600h", 10 * Y);
		policy_accepts(vk, n, "87599h", 10 * Y - H);
		policy_accepts(vk, n, "3649d", 10 * Y - D);
		policy_accepts(vk, n, "25h", 25 * H);
		policy_accepts(vk, n, "9y", 9 * Y);

		const char *too_long[] = {"11y", "3651d", "87601h", "99999999999999999y",
		                          "18446744073709551615h"};
		for (size_t k = 0; k < sizeof(too_long) / sizeof(too_long[0]); k++) {
			snprintf(msg, sizeof(msg), "%s %s is longer than the maximum of 10y", n,
			         too_long[k]);
			policy_refuses(vk, n, too_long[k], msg);
		}
		const char *bad[] = {"0h",    "0d",
		                     "0y",    "01d",
		                     "007h",  "h",
		                     "d",     "1",
		                     "48",    "1w",
		                     "1m",    "1s",
		                     "-1d",   "+1d",
		                     "1.5d",  "1H",
		                     "1D",    "1Y",
		                     "d1",    "1dd",
		                     "1hd",   "18446744073709551616h",
		                     "0x10h", "１d"};
		for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
			snprintf(msg, sizeof(msg), "invalid duration \"%s\" for %s (expected <n>h",
			         bad[k], n);
			policy_refuses(vk, n, bad[k], msg);
		}
	}
	policy_accepts(vk, "cvss", "required", 1);
	policy_accepts(vk, "cvss", "optional", 0);
	const char *cvss_bad[] = {"Required", "yes", "no", "1", "0", "v3.1", "require"};
	for (size_t k = 0; k < sizeof(cvss_bad) / sizeof(cvss_bad[0]); k++) {
		snprintf(msg, sizeof(msg), "invalid cvss \"%s\" (expected required or optional)",
		         cvss_bad[k]);
		policy_refuses(vk, "cvss", cvss_bad[k], msg);
	}
	policy_accepts(vk, "cra", "on", 1);
	policy_accepts(vk, "cra", "off", 0);
	const char *cra_bad[] = {"ON", "Off", "yes", "1", "true", "onn"};
	for (size_t k = 0; k < sizeof(cra_bad) / sizeof(cra_bad[0]); k++) {
		snprintf(msg, sizeof(msg), "invalid cra \"%s\" (expected on or off)", cra_bad[k]);
		policy_refuses(vk, "cra", cra_bad[k], msg);
	}
	/* Names are exact and lower case. */
	policy_refuses(vk, "Ack", "1d", "unknown policy \"Ack\"");
	policy_refuses(vk, "acknowledge", "1d", "unknown policy \"acknowledge\"");
	policy_refuses(vk, "cra-early", "1h", "unknown policy \"cra-early\"");
	policy_refuses(vk, "ack 1d", "2d", "expected \"policy <name> <value>\"");
	free_vkeys(vk, NKEYS);
}
END_TEST

START_TEST(cra_limits_tighten_only)
{
	char **vk = template_keys();
	const struct {
		const char *name;
		uint64_t limit;
		const char *limit_text;
	} cra[] = {
	    {"cra-early-warning", 24 * H, "24h"},
	    {"cra-notification", 72 * H, "72h"},
	    {"cra-final", 14 * D, "14d"},
	};
	char val[32], msg[256];

	for (size_t i = 0; i < 3; i++) {
		/* Every whole hour up to the limit is a tightening (or the limit). */
		for (uint64_t h = 1; h <= cra[i].limit / H; h++) {
			snprintf(val, sizeof(val), "%lluh", (unsigned long long)h);
			policy_accepts(vk, cra[i].name, val, h * H);
		}
		for (uint64_t d = 1; d <= cra[i].limit / D; d++) {
			snprintf(val, sizeof(val), "%llud", (unsigned long long)d);
			policy_accepts(vk, cra[i].name, val, d * D);
		}
		/* One hour, one day, one year over: loosening is refused. */
		const char *over[3];
		char o1[32], o2[32];
		snprintf(o1, sizeof(o1), "%lluh", (unsigned long long)(cra[i].limit / H + 1));
		snprintf(o2, sizeof(o2), "%llud", (unsigned long long)(cra[i].limit / D + 1));
		over[0] = o1;
		over[1] = o2;
		over[2] = "1y";
		for (size_t k = 0; k < 3; k++) {
			snprintf(msg, sizeof(msg), "%s %s: may only tighten the CRA limit of %s",
			         cra[i].name, over[k], cra[i].limit_text);
			policy_refuses(vk, cra[i].name, over[k], msg);
		}
		snprintf(msg, sizeof(msg), "%s 11y is longer than the maximum of 10y", cra[i].name);
		policy_refuses(vk, cra[i].name, "11y", msg);
		snprintf(msg, sizeof(msg), "invalid duration \"0h\" for %s", cra[i].name);
		policy_refuses(vk, cra[i].name, "0h", msg);
	}
	/* All three tightened, with cra on and with cra off. */
	for (int on = 0; on <= 1; on++) {
		struct tu_sb t = {0};
		struct tu_sb tmpl = {0};
		tu_sb_printf(&tmpl,
		             HDR "org v vendor\npolicy cra %s\npolicy cra-final 1d\n"
		                 "policy cra-notification 3d\npolicy cra-early-warning 1h\n"
		                 "member a admin $0\nnode n $1\n",
		             on ? "on" : "off");
		expand(&t, tmpl.s, vk);
		struct roster *r = parse_ok(t.s);
		ck_assert_int_eq(r->r_orgs[0].ro_policy.rp_cra, on);
		ck_assert_uint_eq(r->r_orgs[0].ro_policy.rp_cra_early_s, H);
		ck_assert_uint_eq(r->r_orgs[0].ro_policy.rp_cra_notify_s, 72 * H);
		ck_assert_uint_eq(r->r_orgs[0].ro_policy.rp_cra_final_s, D);
		free(round_trip(r));
		roster_free(r);
		free(t.s);
		free(tmpl.s);
	}
	free_vkeys(vk, NKEYS);
}
END_TEST

/* ---- errors ------------------------------------------------------------ */

struct err_case {
	const char *tmpl; /* "$N" is key N of template_keys */
	unsigned line;
	const char *msg; /* the whole message after "line N: " */
};

/* A valid tail: an org with an admin, and a node. */
#define OK_ORG  "org ok vendor\nmember a admin $6\n"
#define OK_NODE "node okn $5\n"

static const struct err_case err_cases[] = {
    /* header */
    {"", 1, "expected \"cvdlog-roster/v1\""},
    {"\n", 1, "expected \"cvdlog-roster/v1\""},
    {"cvdlog-roster/v2\n" OK_ORG OK_NODE, 1, "expected \"cvdlog-roster/v1\""},
    {"cvdlog-policy/v1\n" OK_ORG OK_NODE, 1, "expected \"cvdlog-roster/v1\""},
    {"# roster\ncvdlog-roster/v1\n" OK_ORG OK_NODE, 1, "expected \"cvdlog-roster/v1\""},
    {" cvdlog-roster/v1\n" OK_ORG OK_NODE, 1, "expected \"cvdlog-roster/v1\""},
    {"\xef\xbb\xbf" HDR OK_ORG OK_NODE, 1, "expected \"cvdlog-roster/v1\""},
    {"cvdlog-roster/v1x\n" OK_ORG OK_NODE, 1, "expected \"cvdlog-roster/v1\""},
    /* keywords and characters */
    {HDR OK_ORG OK_NODE "bogus 1\n", 5, "unknown keyword \"bogus\""},
    {HDR OK_ORG "Org x vendor\n" OK_NODE, 4, "unknown keyword \"Org\""},
    {HDR OK_ORG "members b member $0\n" OK_NODE, 4, "unknown keyword \"members\""},
    {HDR OK_ORG "orgx vendor\n" OK_NODE, 4, "unknown keyword \"orgx\""},
    {HDR OK_ORG "a\n" OK_NODE, 4, "unknown keyword \"a\""},
    {HDR OK_ORG "; comment\n" OK_NODE, 4, "unknown keyword \";\""},
    {HDR OK_ORG OK_NODE "# bad \x01 comment\n", 5, "control character"},
    {HDR OK_ORG "display a\x7f"
                "b\n" OK_NODE,
     4, "control character"},
    {HDR OK_ORG "display a\xc2\x85"
                "b\n" OK_NODE,
     4, "control character"},
    {HDR OK_ORG "display a\rb\n" OK_NODE, 4, "control character"},
    {HDR OK_ORG "display a\r\r\n" OK_NODE, 4, "control character"},
    {HDR OK_ORG "display a\xff"
                "b\n" OK_NODE,
     4, "not UTF-8"},
    {HDR OK_ORG "# \xc0\xaf overlong\n" OK_NODE, 4, "not UTF-8"},
    {HDR OK_ORG "display \xed\xa0\x80\n" OK_NODE, 4, "not UTF-8"},
    /* org lines */
    {HDR "org\n" OK_ORG OK_NODE, 2, "expected \"org <org-id> <kind>\""},
    {HDR "org a\n" OK_ORG OK_NODE, 2, "expected \"org <org-id> <kind>\""},
    {HDR "org a vendor x\n" OK_ORG OK_NODE, 2, "expected \"org <org-id> <kind>\""},
    {HDR "org A vendor\n" OK_ORG OK_NODE, 2,
     "invalid org id \"A\" (expected [a-z0-9][a-z0-9._-]{0,62})"},
    {HDR "org -a vendor\n" OK_ORG OK_NODE, 2,
     "invalid org id \"-a\" (expected [a-z0-9][a-z0-9._-]{0,62})"},
    {HDR "org .a vendor\n" OK_ORG OK_NODE, 2,
     "invalid org id \".a\" (expected [a-z0-9][a-z0-9._-]{0,62})"},
    {HDR "org a/b vendor\n" OK_ORG OK_NODE, 2,
     "invalid org id \"a/b\" (expected [a-z0-9][a-z0-9._-]{0,62})"},
    {HDR "org a+b vendor\n" OK_ORG OK_NODE, 2,
     "invalid org id \"a+b\" (expected [a-z0-9][a-z0-9._-]{0,62})"},
    {HDR "org é vendor\n" OK_ORG OK_NODE, 2,
     "invalid org id \"é\" (expected [a-z0-9][a-z0-9._-]{0,62})"},
    {HDR
     "org 0123456789012345678901234567890123456789012345678901234567890123 vendor\n" OK_ORG OK_NODE,
     2,
     "invalid org id \"0123456789012345678901234567890123456789012345678901234567890123\" "
     "(expected [a-z0-9][a-z0-9._-]{0,62})"},
    {HDR "org a person\n" OK_ORG OK_NODE, 2,
     "unknown org kind \"person\" (expected vendor, coordinator or auditor)"},
    {HDR "org a Vendor\n" OK_ORG OK_NODE, 2,
     "unknown org kind \"Vendor\" (expected vendor, coordinator or auditor)"},
    {HDR "org a cert\n" OK_ORG OK_NODE, 2,
     "unknown org kind \"cert\" (expected vendor, coordinator or auditor)"},
    {HDR OK_ORG OK_NODE "org ok coordinator\nmember a admin $0\n", 5,
     "org \"ok\" already defined on line 2"},
    /* lines that need an org */
    {HDR "display Foo\n" OK_ORG OK_NODE, 2, "display line before any org line"},
    {HDR "member a admin $0\n" OK_ORG OK_NODE, 2, "member line before any org line"},
    {HDR OK_NODE "policy ack 1d\n" OK_ORG, 3, "policy line before any org line"},
    /* display */
    {HDR OK_ORG "display\n" OK_NODE, 4, "expected \"display <text>\""},
    {HDR OK_ORG "display \t \n" OK_NODE, 4, "expected \"display <text>\""},
    {HDR OK_ORG "display A\n" OK_NODE "display B\n", 6,
     "second display line for org \"ok\" (the first is on line 4)"},
    {HDR OK_ORG "display "
                "0123456789012345678901234567890123456789012345678901234567890123456789"
                "0123456789012345678901234567890123456789012345678901234567890123456789"
                "012345678901234567890123456789012345678901234567890123456789X\n" OK_NODE,
     4, "display text is longer than 200 bytes"},
    {HDR OK_ORG "displayed x\n" OK_NODE, 4, "unknown keyword \"displayed\""},
    /* member */
    {HDR OK_ORG "member\n" OK_NODE, 4, "expected \"member <member-id> <role> <verifier key>\""},
    {HDR OK_ORG "member b\n" OK_NODE, 4, "expected \"member <member-id> <role> <verifier key>\""},
    {HDR OK_ORG "member b member\n" OK_NODE, 4,
     "expected \"member <member-id> <role> <verifier key>\""},
    {HDR OK_ORG "member b member $0 x\n" OK_NODE, 4,
     "expected \"member <member-id> <role> <verifier key>\""},
    {HDR OK_ORG "member B member $0\n" OK_NODE, 4,
     "invalid member id \"B\" (expected [a-z0-9][a-z0-9._-]{0,62})"},
    {HDR OK_ORG "member _b member $0\n" OK_NODE, 4,
     "invalid member id \"_b\" (expected [a-z0-9][a-z0-9._-]{0,62})"},
    {HDR OK_ORG "member b@x member $0\n" OK_NODE, 4,
     "invalid member id \"b@x\" (expected [a-z0-9][a-z0-9._-]{0,62})"},
    {HDR OK_ORG "member b owner $0\n" OK_NODE, 4,
     "unknown role \"owner\" (expected admin, member, coordinator or auditor)"},
    {HDR OK_ORG "member b Admin $0\n" OK_NODE, 4,
     "unknown role \"Admin\" (expected admin, member, coordinator or auditor)"},
    {HDR OK_ORG "member a member $0\n" OK_NODE, 4, "member \"a\" already in org \"ok\" on line 3"},
    {HDR OK_ORG "member a admin $0\n" OK_NODE, 4, "member \"a\" already in org \"ok\" on line 3"},
    {HDR OK_ORG "member b member garbage\n" OK_NODE, 4, "invalid member verifier key \"garbage\""},
    {HDR OK_ORG "member b member k@example+00000000+AAAA\n" OK_NODE, 4,
     "invalid member verifier key \"k@example+00000000+AAAA\""},
    {HDR OK_ORG "member b member $8\n" OK_NODE, 4,
     "member verifier key must be type 0x01 (Ed25519), not 0x04"},
    /* roles and kinds */
    {HDR "org v vendor\nmember a admin $0\nmember b coordinator $1\n" OK_NODE, 4,
     "role coordinator is not allowed in vendor org \"v\" (allowed: admin, member)"},
    {HDR "org v vendor\nmember a admin $0\nmember b auditor $1\n" OK_NODE, 4,
     "role auditor is not allowed in vendor org \"v\" (allowed: admin, member)"},
    {HDR "org c coordinator\nmember a admin $0\nmember b member $1\n" OK_NODE, 4,
     "role member is not allowed in coordinator org \"c\" (allowed: admin, coordinator)"},
    {HDR "org c coordinator\nmember a admin $0\nmember b auditor $1\n" OK_NODE, 4,
     "role auditor is not allowed in coordinator org \"c\" (allowed: admin, coordinator)"},
    {HDR "org u auditor\nmember a admin $0\nmember b member $1\n" OK_NODE, 4,
     "role member is not allowed in auditor org \"u\" (allowed: admin, auditor)"},
    {HDR "org u auditor\nmember a admin $0\nmember b coordinator $1\n" OK_NODE, 4,
     "role coordinator is not allowed in auditor org \"u\" (allowed: admin, auditor)"},
    /* policy */
    {HDR "org c coordinator\nmember a admin $0\npolicy ack 1d\n" OK_NODE, 4,
     "policy lines are for vendor orgs only (\"c\" is a coordinator)"},
    {HDR "org u auditor\npolicy cra on\nmember a admin $0\n" OK_NODE, 3,
     "policy lines are for vendor orgs only (\"u\" is an auditor)"},
    {HDR OK_ORG "policy\n" OK_NODE, 4, "expected \"policy <name> <value>\""},
    {HDR OK_ORG "policy ack\n" OK_NODE, 4, "expected \"policy <name> <value>\""},
    {HDR OK_ORG "policy ack 1d 2d\n" OK_NODE, 4, "expected \"policy <name> <value>\""},
    {HDR OK_ORG "policy ack 1d\n" OK_NODE "policy ack 1d\n", 6, "policy ack already set on line 4"},
    {HDR OK_ORG "policy cra on\npolicy cra off\n" OK_NODE, 5, "policy cra already set on line 4"},
    {HDR OK_ORG "policy embargo 90d\n" OK_NODE, 4, "unknown policy \"embargo\""},
    /* node */
    {HDR OK_ORG "node\n" OK_NODE, 4, "expected \"node <node-name> <verifier key>\""},
    {HDR OK_ORG "node n\n" OK_NODE, 4, "expected \"node <node-name> <verifier key>\""},
    {HDR OK_ORG "node n $0 x\n" OK_NODE, 4, "expected \"node <node-name> <verifier key>\""},
    {HDR OK_ORG "node N $0\n" OK_NODE, 4,
     "invalid node name \"N\" (expected [a-z0-9][a-z0-9._-]{0,62})"},
    {HDR OK_ORG "node psirt.example.com/log $0\n" OK_NODE, 4,
     "invalid node name \"psirt.example.com/log\" (expected [a-z0-9][a-z0-9._-]{0,62})"},
    {HDR OK_NODE OK_ORG "node okn $0\n", 5, "node \"okn\" already defined on line 2"},
    {HDR OK_ORG "node n $0x\n" OK_NODE, 4, "invalid node verifier key \""},
    {HDR OK_ORG "node n $8\n" OK_NODE, 4,
     "node verifier key must be type 0x01 (Ed25519), not 0x04"},
    /* one public key, one identity */
    {HDR OK_ORG "member b member $6\n" OK_NODE, 4, "public key already used on line 3"},
    {HDR OK_ORG "org c coordinator\nmember b admin $6\n" OK_NODE, 5,
     "public key already used on line 3"},
    {HDR OK_ORG "node n $6\n" OK_NODE, 4, "public key already used on line 3"},
    {HDR OK_NODE "org c auditor\nmember b admin $5\n", 4, "public key already used on line 2"},
    {HDR OK_NODE OK_ORG "node n2 $5\n", 5, "public key already used on line 2"},
    {HDR "org c vendor\nmember a admin $0\n\n\nmember b member $9\n" OK_NODE, 6,
     "public key already used on line 3"},
    {HDR "org c vendor\nmember a admin $0\nnode n $9\n", 4, "public key already used on line 3"},
    /* checks of the whole file */
    {HDR, 1, "no org line in the roster"},
    {HDR "\n\n# nothing\n", 4, "no org line in the roster"},
    {HDR OK_NODE, 2, "no org line in the roster"},
    {HDR OK_NODE "# end", 3, "no org line in the roster"},
    {HDR OK_ORG, 3, "no node line in the roster"},
    {HDR OK_ORG "\n# no node\n\n", 6, "no node line in the roster"},
    {HDR OK_ORG "org e vendor\n" OK_NODE, 4, "org \"e\" has no admin"},
    {HDR OK_ORG "org e vendor\nmember b member $0\n" OK_NODE, 4, "org \"e\" has no admin"},
    {HDR "org c coordinator\nmember b coordinator $0\n" OK_ORG OK_NODE, 2,
     "org \"c\" has no admin"},
    {HDR "org u auditor\n\nmember b auditor $0\n" OK_ORG OK_NODE, 2, "org \"u\" has no admin"},
    /* The first org without an admin is named; a missing node comes later. */
    {HDR OK_ORG "org e vendor\norg f vendor\n", 4, "org \"e\" has no admin"},
    /* Line errors come before the checks of the whole file. */
    {HDR "org e vendor\nbogus\n", 3, "unknown keyword \"bogus\""},
};

START_TEST(errors_name_the_line)
{
	char **vk = template_keys();
	struct tu_sb t = {0};

	for (size_t i = 0; i < sizeof(err_cases) / sizeof(err_cases[0]); i++) {
		expand(&t, err_cases[i].tmpl, vk);
		char what[64];
		snprintf(what, sizeof(what), "case %zu", i);
		int prefix = strcmp(err_cases[i].msg, "invalid node verifier key \"") == 0;
		expect_err_at(t.s, t.len, err_cases[i].line, err_cases[i].msg, prefix, what);
		/* The same with CR LF line ends names the same line. */
		struct tu_sb crlf = {0};
		for (size_t k = 0; k < t.len; k++) {
			if (t.s[k] == '\n')
				tu_sb_add(&crlf, "\r", 1);
			tu_sb_add(&crlf, &t.s[k], 1);
		}
		tu_sb_add(&crlf, "", 0);
		snprintf(what, sizeof(what), "case %zu (CR LF)", i);
		if (strstr(err_cases[i].tmpl, "\r") == NULL)
			expect_err_at(crlf.s, crlf.len, err_cases[i].line, err_cases[i].msg, prefix,
			              what);
		free(crlf.s);
	}
	free(t.s);
	free_vkeys(vk, NKEYS);
}
END_TEST

/* The ids at their limits, and the same member id in two orgs. */
START_TEST(ids_at_their_limits)
{
	char **vk = template_keys();
	struct tu_sb t = {0};
	const char *id63 = "a12345678901234567890123456789012345678901234567890123456789.-_";

	ck_assert_uint_eq(strlen(id63), 63);
	struct tu_sb tmpl = {0};
	tu_sb_printf(&tmpl,
	             HDR
	             "org %s vendor\nmember %s admin $0\norg 0 coordinator\nmember %s admin $1\n"
	             "member 9 coordinator $2\nnode %s $3\nnode 0 $4\n"
	             "org 0.-_ auditor\nmember 0 admin $7\n",
	             id63, id63, id63, id63);
	expand(&t, tmpl.s, vk);
	struct roster *r = parse_ok(t.s);
	ck_assert_str_eq(r->r_orgs[0].ro_id, id63);
	ck_assert_str_eq(r->r_orgs[0].ro_members[0].rm_id, id63);
	ck_assert_str_eq(r->r_orgs[1].ro_members[0].rm_id, id63);
	ck_assert_str_eq(r->r_nodes[0].rn_name, id63);
	ck_assert_str_eq(r->r_orgs[2].ro_id, "0.-_");
	free(round_trip(r));
	roster_free(r);

	/* A 200-byte display (UTF-8: 100 two-byte characters) is the longest. */
	tmpl.len = 0;
	tu_sb_printf(&tmpl, HDR "org v vendor\ndisplay ");
	for (int i = 0; i < 100; i++)
		tu_sb_printf(&tmpl, "é");
	tu_sb_printf(&tmpl, "\nmember a admin $0\nnode n $1\n");
	expand(&t, tmpl.s, vk);
	r = parse_ok(t.s);
	ck_assert_uint_eq(strlen(r->r_orgs[0].ro_display), 200);
	free(round_trip(r));
	roster_free(r);
	tmpl.len = 0;
	tu_sb_printf(&tmpl, HDR "org v vendor\ndisplay x");
	for (int i = 0; i < 100; i++)
		tu_sb_printf(&tmpl, "é");
	tu_sb_printf(&tmpl, "\nmember a admin $0\nnode n $1\n");
	expand(&t, tmpl.s, vk);
	expect_err(t.s, 3, "display text is longer than 200 bytes");
	free(t.s);
	free(tmpl.s);
	free_vkeys(vk, NKEYS);
}
END_TEST

/* Node lines anywhere after line 1: between orgs, between the members of
 * an org (the following members still belong to it), first, last. */
START_TEST(node_lines_anywhere)
{
	char **vk = template_keys();
	struct tu_sb t = {0};
	const char *shapes[] = {
	    HDR "node n1 $0\nnode n2 $1\norg v vendor\ndisplay V\npolicy ack 1d\n"
	        "member a admin $2\nmember b member $3\norg c coordinator\nmember a admin $4\n",
	    HDR "org v vendor\nnode n1 $0\ndisplay V\nnode n2 $1\npolicy ack 1d\n"
	        "member a admin $2\norg c coordinator\nmember a admin $4\n",
	    HDR "org v vendor\ndisplay V\npolicy ack 1d\nmember a admin $2\nnode n1 $0\n"
	        "member b member $3\nnode n2 $1\norg c coordinator\nmember a admin $4\n",
	    HDR "org v vendor\ndisplay V\npolicy ack 1d\nmember a admin $2\n"
	        "member b member $3\norg c coordinator\nmember a admin $4\nnode n1 $0\n"
	        "node n2 $1",
	    HDR "org v vendor\ndisplay V\npolicy ack 1d\nmember a admin $2\n"
	        "member b member $3\nnode n1 $0\norg c coordinator\nnode n2 $1\n"
	        "member a admin $4\n",
	};
	struct roster *ref = NULL;

	for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		expand(&t, shapes[i], vk);
		struct roster *r = parse_ok(t.s);
		ck_assert_uint_eq(r->r_nnodes, 2);
		ck_assert_str_eq(r->r_nodes[0].rn_name, "n1");
		ck_assert_str_eq(r->r_nodes[1].rn_name, "n2");
		ck_assert_uint_eq(r->r_norgs, 2);
		ck_assert_str_eq(r->r_orgs[0].ro_display, "V");
		ck_assert_uint_eq(r->r_orgs[0].ro_policy.rp_ack_s, D);
		if (i != 1) {
			ck_assert_uint_eq(r->r_orgs[0].ro_nmembers, 2);
			if (ref == NULL)
				ref = r;
			else
				assert_roster_eq(ref, r);
		} else {
			ck_assert_uint_eq(r->r_orgs[0].ro_nmembers, 1);
		}
		free(round_trip(r));
		if (r != ref)
			roster_free(r);
	}
	roster_free(ref);
	free(t.s);
	free_vkeys(vk, NKEYS);
}
END_TEST

/* Indentation, separators, trailing blanks, comments, blank lines, CR LF,
 * no final newline: all the same roster. */
START_TEST(whitespace_comments_line_ends)
{
	char **vk = template_keys();
	struct tu_sb t = {0};
	const char *shapes[] = {
	    HDR "org v vendor\ndisplay Team #1 (24/7)\npolicy ack 1d\nmember a admin $0\n"
	        "node n $1\n",
	    "cvdlog-roster/v1 \t\n# c\n\n\torg\tv\tvendor\t\n  display   Team #1 (24/7)  \n"
	    "    # indented comment\n \t policy  ack \t 1d\n\t\tmember a  admin\t$0   \n"
	    "\n\n node n $1",
	    "cvdlog-roster/v1\r\norg v vendor\r\ndisplay Team #1 (24/7)\r\npolicy ack 24h\r\n"
	    "member a admin $0\r\nnode n $1\r\n",
	    "cvdlog-roster/v1\r\n#\r\n\r\norg v vendor \r\ndisplay Team #1 (24/7)\t\r\n"
	    "policy ack 1d\r\nmember a admin $0\r\nnode n $1",
	    HDR "#org x vendor\norg v vendor\n##\ndisplay Team #1 (24/7)\n#member a admin $0\n"
	        "policy ack 1d\nmember a admin $0\nnode n $1\n\n\n\n",
	};
	struct roster *ref = NULL;

	for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		expand(&t, shapes[i], vk);
		struct roster *r = parse_ok(t.s);
		ck_assert_str_eq(r->r_orgs[0].ro_display, "Team #1 (24/7)");
		if (ref == NULL) {
			ref = r;
			continue;
		}
		assert_roster_eq(ref, r);
		roster_free(r);
	}
	/* Inner blanks of a display are kept. */
	expand(&t, HDR "org v vendor\ndisplay  a \t b  c \nmember a admin $0\nnode n $1\n", vk);
	struct roster *r = parse_ok(t.s);
	ck_assert_str_eq(r->r_orgs[0].ro_display, "a \t b  c");
	free(round_trip(r));
	roster_free(r);
	roster_free(ref);
	free(t.s);
	free_vkeys(vk, NKEYS);
}
END_TEST

/* ---- limits ------------------------------------------------------------ */

START_TEST(size_limits)
{
	unsigned nk = 2 * ROSTER_MAX_MEMBERS + 1, next = 0;
	char **vk = gen_vkeys(nk, "k");
	struct tu_sb t = {0};
	char err[ERRCAP];
	struct roster *r;

	/* 64 orgs; a 65th is refused on its line. */
	tu_sb_printf(&t, HDR "node n %s\n", vk[next++]);
	for (unsigned i = 0; i < ROSTER_MAX_ORGS; i++)
		tu_sb_printf(&t, "org o%u coordinator\nmember a admin %s\n", i, vk[next++]);
	r = parse_ok(t.s);
	ck_assert_uint_eq(r->r_norgs, ROSTER_MAX_ORGS);
	free(round_trip(r));
	roster_free(r);
	tu_sb_printf(&t, "org o64 vendor\nmember a admin %s\n", vk[next++]);
	expect_err(t.s, 2 + 2 * ROSTER_MAX_ORGS + 1, "more than 64 orgs");

	/* 32 nodes; a 33rd is refused. */
	t.len = 0;
	tu_sb_printf(&t, HDR "org v vendor\nmember a admin %s\n", vk[0]);
	for (unsigned i = 0; i < ROSTER_MAX_NODES; i++)
		tu_sb_printf(&t, "node n%u %s\n", i, vk[1 + i]);
	r = parse_ok(t.s);
	ck_assert_uint_eq(r->r_nnodes, ROSTER_MAX_NODES);
	ck_assert_uint_eq(ROSTER_MAX_NODES, POLICY_MAX_KEYS);
	free(round_trip(r));
	roster_free(r);
	tu_sb_printf(&t, "node n32 %s\n", vk[1 + ROSTER_MAX_NODES]);
	expect_err(t.s, 4 + ROSTER_MAX_NODES, "more than 32 nodes");

	/* 256 members in one org; a 257th is refused. */
	t.len = 0;
	tu_sb_printf(&t, HDR "node n %s\norg v vendor\n", vk[0]);
	for (unsigned i = 0; i < ROSTER_MAX_MEMBERS; i++)
		tu_sb_printf(&t, "member m%u %s %s\n", i, i == 200 ? "admin" : "member", vk[1 + i]);
	r = parse_ok(t.s);
	ck_assert_uint_eq(r->r_orgs[0].ro_nmembers, ROSTER_MAX_MEMBERS);
	ck_assert_int_eq(r->r_orgs[0].ro_members[200].rm_role, ROSTER_ROLE_ADMIN);
	free(round_trip(r));
	roster_free(r);
	tu_sb_printf(&t, "member m256 member %s\n", vk[1 + ROSTER_MAX_MEMBERS]);
	expect_err(t.s, 4 + ROSTER_MAX_MEMBERS, "more than 256 members in org \"v\"");
	/* The limit is per org: a second org has its own 256. */
	t.len = 0;
	tu_sb_printf(&t, HDR "node n %s\n", vk[0]);
	for (unsigned o = 0; o < 2; o++) {
		tu_sb_printf(&t, "org v%u vendor\n", o);
		for (unsigned i = 0; i < ROSTER_MAX_MEMBERS; i++)
			tu_sb_printf(&t, "member m%u %s %s\n", i, i == 0 ? "admin" : "member",
			             vk[1 + o * ROSTER_MAX_MEMBERS + i]);
	}
	r = parse_ok(t.s);
	ck_assert_uint_eq(r->r_orgs[0].ro_nmembers, ROSTER_MAX_MEMBERS);
	ck_assert_uint_eq(r->r_orgs[1].ro_nmembers, ROSTER_MAX_MEMBERS);
	roster_free(r);

	/* The file size: exactly ROSTER_MAX_LEN bytes parse (padded with comment
	 * lines), one more byte is refused, naming the line with that byte. */
	t.len = 0;
	tu_sb_printf(&t, HDR "org v vendor\nmember a admin %s\nnode n %s\n", vk[0], vk[1]);
	unsigned lines = 4;
	while (t.len + 80 < ROSTER_MAX_LEN) {
		tu_sb_printf(&t, "# %075u\n", lines);
		lines++;
	}
	while (t.len < ROSTER_MAX_LEN - 1)
		tu_sb_add(&t, "#", 1);
	tu_sb_add(&t, "\n", 1);
	ck_assert_uint_eq(t.len, ROSTER_MAX_LEN);
	lines++; /* the padding line: now the number of lines; one more byte starts the next */
	r = NULL;
	ck_assert_int_eq(roster_parse(t.s, t.len, &r, err, sizeof(err)), 0);
	roster_free(r);
	tu_sb_add(&t, "#", 1);
	expect_err_at(t.s, t.len, lines + 1, "roster is larger than 262144 bytes", 0, "oversize");
	free(t.s);
	free_vkeys(vk, nk);
}
END_TEST

/* A roster near the size limit whose canonical text, with every policy
 * written out, would be over it: roster_format refuses it rather than write
 * a file that would not parse back. */
START_TEST(format_too_large)
{
	unsigned nk = 3600;
	char **vk = gen_vkeys(nk, "k");
	struct tu_sb t = {0};
	unsigned next = 0;

	tu_sb_printf(&t, HDR "node n %s\n", vk[next++]);
	for (unsigned o = 0; o < ROSTER_MAX_ORGS && next < nk; o++) {
		tu_sb_printf(&t, "org v%u vendor\n", o);
		for (unsigned i = 0; i < ROSTER_MAX_MEMBERS && next < nk; i++) {
			if (t.len + 100 > ROSTER_MAX_LEN)
				break;
			tu_sb_printf(&t, "member m%u %s %s\n", i, i == 0 ? "admin" : "member",
			             vk[next++]);
		}
		if (t.len + 100 > ROSTER_MAX_LEN)
			break;
	}
	ck_assert_uint_le(t.len, ROSTER_MAX_LEN);
	ck_assert_uint_gt(t.len, ROSTER_MAX_LEN - 200);
	struct roster *r = parse_ok(t.s);
	ck_assert_uint_gt(r->r_norgs, 10);
	char *out = (char *)1;
	size_t len = 1;
	ck_assert_int_eq(roster_format(r, &out, &len), CVD_ETOOLARGE);
	ck_assert_ptr_null(out);
	ck_assert_uint_eq(len, 0);
	roster_free(r);
	free(t.s);
	free_vkeys(vk, nk);
}
END_TEST

/* roster_format refuses fields it cannot write so that they parse back. */
START_TEST(format_refuses_invalid_fields)
{
	char **vk = template_keys();
	struct tu_sb t = {0};
	char *out;
	size_t len;

	expand(&t,
	       HDR "org v vendor\ndisplay V\nmember a admin $0\nmember b member $1\n"
	           "org c coordinator\nmember a admin $2\nnode n $3\n",
	       vk);
	struct roster *r = parse_ok(t.s);
	struct roster_org *v = &r->r_orgs[0], *c = &r->r_orgs[1];
	const struct roster_org saved_v = *v, saved_c = *c;
	const struct roster_member saved_m = v->ro_members[1];
	const struct roster_node saved_n = r->r_nodes[0];

	for (int k = 0; k < 19; k++) {
		switch (k) {
		case 0: v->ro_kind = 0; break;
		case 1: v->ro_kind = 4; break;
		case 2: v->ro_policy.rp_ack_s = 0; break;
		case 3: v->ro_policy.rp_ack_s = 1800; break;
		case 4: v->ro_policy.rp_support_min_s = 10 * Y + H; break;
		case 5: v->ro_policy.rp_cra_early_s = 25 * H; break;
		case 6: v->ro_policy.rp_cvss_required = 2; break;
		case 7: v->ro_policy.rp_cra = -1; break;
		case 8: v->ro_members[1].rm_role = ROSTER_ROLE_AUDITOR; break;
		case 9: v->ro_members[1].rm_role = 0; break;
		case 10: strcpy(v->ro_members[1].rm_id, "B"); break;
		case 11: memset(v->ro_members[1].rm_id, 'a', sizeof(v->ro_members[1].rm_id)); break;
		case 12: strcpy(v->ro_id, ""); break;
		case 13: strcpy(v->ro_display, " V"); break;
		case 14: memset(v->ro_display, 'x', sizeof(v->ro_display)); break;
		case 15: v->ro_members[1].rm_key.kv_type = KEYS_TYPE_COSIG; break;
		case 16: strcpy(r->r_nodes[0].rn_name, "a b"); break;
		case 17: strcpy(r->r_nodes[0].rn_key.kv_name, "a+b"); break;
		case 18: c->ro_kind = 0; break;
		}
		out = (char *)1;
		int rc = roster_format(r, &out, &len);
		ck_assert_msg(rc == CVD_EINVAL, "change %d: roster_format returned %d", k, rc);
		ck_assert_ptr_null(out);
		*v = saved_v;
		*c = saved_c;
		v->ro_members[1] = saved_m;
		r->r_nodes[0] = saved_n;
	}
	/* A coordinator's policy is not written, so it is not checked either. */
	c->ro_policy.rp_ack_s = 1;
	ck_assert_int_eq(roster_format(r, &out, &len), 0);
	free(out);
	roster_free(r);
	free(t.s);
	free_vkeys(vk, NKEYS);
}
END_TEST

/* ---- API --------------------------------------------------------------- */

START_TEST(lookups_and_names)
{
	char *ex = doc_example();
	struct roster *r = parse_ok(ex);
	const struct roster_org *o;
	uint8_t pk[KEYS_PK_LEN];

	ck_assert_ptr_eq(roster_find_org(r, "mikan-psirt"), &r->r_orgs[0]);
	ck_assert_ptr_eq(roster_find_org(r, "ledger-audit"), &r->r_orgs[3]);
	ck_assert_ptr_null(roster_find_org(r, "mikan"));
	ck_assert_ptr_null(roster_find_org(r, "mikan-psirt2"));
	ck_assert_ptr_null(roster_find_org(r, ""));
	ck_assert_ptr_null(roster_find_org(r, "node-1"));
	for (unsigned i = 0; i < r->r_norgs; i++) {
		for (unsigned j = 0; j < r->r_orgs[i].ro_nmembers; j++) {
			const struct roster_member *m = &r->r_orgs[i].ro_members[j];
			o = NULL;
			ck_assert_ptr_eq(roster_find_member_by_key(r, m->rm_key.kv_pk, &o), m);
			ck_assert_ptr_eq(o, &r->r_orgs[i]);
			ck_assert_ptr_eq(roster_find_member_by_key(r, m->rm_key.kv_pk, NULL), m);
		}
	}
	/* Node keys are not members. */
	o = &r->r_orgs[0];
	ck_assert_ptr_null(roster_find_member_by_key(r, r->r_nodes[0].rn_key.kv_pk, &o));
	ck_assert_ptr_null(o);
	memset(pk, 0, sizeof(pk));
	ck_assert_ptr_null(roster_find_member_by_key(r, pk, NULL));

	ck_assert_str_eq(roster_kind_name(ROSTER_KIND_VENDOR), "vendor");
	ck_assert_str_eq(roster_kind_name(ROSTER_KIND_COORDINATOR), "coordinator");
	ck_assert_str_eq(roster_kind_name(ROSTER_KIND_AUDITOR), "auditor");
	ck_assert_str_eq(roster_kind_name(0), "?");
	ck_assert_str_eq(roster_kind_name(4), "?");
	ck_assert_str_eq(roster_role_name(ROSTER_ROLE_ADMIN), "admin");
	ck_assert_str_eq(roster_role_name(ROSTER_ROLE_MEMBER), "member");
	ck_assert_str_eq(roster_role_name(ROSTER_ROLE_COORDINATOR), "coordinator");
	ck_assert_str_eq(roster_role_name(ROSTER_ROLE_AUDITOR), "auditor");
	ck_assert_str_eq(roster_role_name(0), "?");
	ck_assert_str_eq(roster_role_name(5), "?");

	roster_free(NULL);
	roster_free(r);
	free(ex);
}
END_TEST

/* roster_equal tells apart rosters that differ in any one field. */
START_TEST(equal_detects_each_difference)
{
	char **vk = template_keys();
	struct tu_sb t = {0};
	const char *base = HDR "node n $0\nnode m $1\norg v vendor\ndisplay V\n"
	                       "member a admin $2\nmember b member $3\norg c coordinator\n"
	                       "member a admin $4\n";
	const char *variants[] = {
	    HDR "node m $1\nnode n $0\norg v vendor\ndisplay V\n"
	        "member a admin $2\nmember b member $3\norg c coordinator\nmember a admin $4\n",
	    HDR "node n $0\nnode m $1\norg v vendor\ndisplay W\n"
	        "member a admin $2\nmember b member $3\norg c coordinator\nmember a admin $4\n",
	    HDR "node n $0\nnode m $1\norg v vendor\n"
	        "member a admin $2\nmember b member $3\norg c coordinator\nmember a admin $4\n",
	    HDR "node n $0\nnode m $1\norg v vendor\ndisplay V\npolicy cra on\n"
	        "member a admin $2\nmember b member $3\norg c coordinator\nmember a admin $4\n",
	    HDR "node n $0\nnode m $1\norg v vendor\ndisplay V\npolicy ack 47h\n"
	        "member a admin $2\nmember b member $3\norg c coordinator\nmember a admin $4\n",
	    HDR "node n $0\nnode m $1\norg v vendor\ndisplay V\n"
	        "member a admin $2\nmember b admin $3\norg c coordinator\nmember a admin $4\n",
	    HDR "node n $0\nnode m $1\norg v vendor\ndisplay V\n"
	        "member b member $3\nmember a admin $2\norg c coordinator\nmember a admin $4\n",
	    HDR "node n $0\nnode m $1\norg v vendor\ndisplay V\n"
	        "member a admin $2\nmember b member $5\norg c coordinator\nmember a admin $4\n",
	    HDR "node n $0\nnode m $1\norg v vendor\ndisplay V\n"
	        "member a admin $2\nmember b member $3\norg c auditor\nmember a admin $4\n",
	    HDR "node n $0\nnode m $1\norg v vendor\ndisplay V\n"
	        "member a admin $2\nmember b member $3\norg d coordinator\nmember a admin $4\n",
	    HDR "node n $0\norg v vendor\ndisplay V\n"
	        "member a admin $2\nmember b member $3\norg c coordinator\nmember a admin $4\n",
	    HDR "node n $0\nnode m $1\norg v vendor\ndisplay V\n"
	        "member a admin $2\nmember b member $3\n",
	    HDR "node n $0\nnode m $1\norg v vendor\ndisplay V\n"
	        "member a admin $2\norg c coordinator\nmember a admin $4\n",
	    HDR "node n $0\nnode m $1\norg v vendor\ndisplay V\n"
	        "member a admin $2\nmember b2 member $3\norg c coordinator\nmember a admin $4\n",
	    HDR "node n $9\nnode m $1\norg v vendor\ndisplay V\n"
	        "member a admin $2\nmember b member $3\norg c coordinator\nmember a admin $4\n",
	};

	expand(&t, base, vk);
	struct roster *a = parse_ok(t.s), *b = parse_ok(t.s);
	ck_assert_int_eq(roster_equal(a, b), 1);
	roster_free(b);
	for (size_t i = 0; i < sizeof(variants) / sizeof(variants[0]); i++) {
		expand(&t, variants[i], vk);
		b = parse_ok(t.s);
		ck_assert_msg(!roster_equal(a, b) && !roster_equal(b, a), "variant %zu equal", i);
		roster_free(b);
	}
	roster_free(a);
	free(t.s);
	free_vkeys(vk, NKEYS);
}
END_TEST

START_TEST(load_files)
{
	char *ex = doc_example();
	char *dir = tu_tmpdir();
	char path[600], err[1024];
	struct roster *r = (struct roster *)1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/roster", dir);
	f = fopen(path, "w");
	fputs(ex, f);
	fclose(f);
	ck_assert_int_eq(roster_load(path, &r, err, sizeof(err)), 0);
	struct roster *q = parse_ok(ex);
	assert_roster_eq(r, q);
	roster_free(q);
	roster_free(r);

	/* A line error names the file and the line. */
	f = fopen(path, "w");
	fprintf(f, "%smember x owner k\n", ex);
	fclose(f);
	unsigned lines = 0;
	for (const char *c = ex; *c != '\0'; c++)
		lines += *c == '\n';
	char want[700];
	snprintf(want, sizeof(want),
	         "%s: line %u: unknown role \"owner\" (expected admin, member, coordinator or "
	         "auditor)",
	         path, lines + 1);
	r = (struct roster *)1;
	ck_assert_int_eq(roster_load(path, &r, err, sizeof(err)), CVD_EINVAL);
	ck_assert_ptr_null(r);
	ck_assert_str_eq(err, want);

	/* Over the size limit. */
	f = fopen(path, "w");
	fputs(ex, f);
	for (int i = 0; i < ROSTER_MAX_LEN / 8 + 1; i++)
		fputs("#######\n", f);
	fclose(f);
	ck_assert_int_eq(roster_load(path, &r, err, sizeof(err)), CVD_EINVAL);
	ck_assert_ptr_nonnull(strstr(err, path));
	ck_assert_ptr_nonnull(strstr(err, "roster is larger than 262144 bytes"));

	/* Missing file, and a directory (open works, read fails). */
	snprintf(path, sizeof(path), "%s/missing", dir);
	ck_assert_int_eq(roster_load(path, &r, err, sizeof(err)), -ENOENT);
	ck_assert_ptr_null(r);
	ck_assert_ptr_nonnull(strstr(err, path));
	ck_assert_int_eq(roster_load(dir, &r, err, sizeof(err)), CVD_EIO);
	ck_assert_ptr_null(r);
	ck_assert_ptr_nonnull(strstr(err, dir));
	ck_assert_int_eq(roster_load(path, &r, NULL, 0), -ENOENT);

	tu_rmrf(dir);
	free(dir);
	free(ex);
}
END_TEST

/* Small or missing error buffers are never overrun. */
START_TEST(small_error_buffers)
{
	char **vk = template_keys();
	struct tu_sb t = {0};
	struct roster *r;

	expand(&t, HDR "org v vendor\nmember a owner $0\nnode n $1\n", vk);
	ck_assert_int_eq(roster_parse(t.s, t.len, &r, NULL, 0), CVD_EINVAL);
	for (size_t cap = 1; cap < 100; cap++) {
		char *small = malloc(cap);
		memset(small, 'x', cap);
		ck_assert_int_eq(roster_parse(t.s, t.len, &r, small, cap), CVD_EINVAL);
		ck_assert_uint_lt(strnlen(small, cap), cap);
		free(small);
	}
	/* A successful parse leaves an empty message. */
	char err[16];
	expand(&t, HDR "org v vendor\nmember a admin $0\nnode n $1\n", vk);
	memset(err, 'x', sizeof(err));
	ck_assert_int_eq(roster_parse(t.s, t.len, &r, err, sizeof(err)), 0);
	ck_assert_str_eq(err, "");
	roster_free(r);
	free(t.s);
	free_vkeys(vk, NKEYS);
}
END_TEST

/* ---- random rosters ---------------------------------------------------- */

static const char *const blanks[] = {" ", "  ", "\t", " \t", "\t\t "};
#define BLANK(seed) blanks[rng_next(seed) % 5]

/* gen_duration writes a random valid duration of at most max seconds into
 * buf and returns its value. */
static uint64_t gen_duration(uint64_t *seed, uint64_t max, char *buf)
{
	for (;;) {
		int unit = (int)(rng_next(seed) % 3);
		uint64_t u = unit == 0 ? H : unit == 1 ? D : Y;
		if (u > max)
			continue;
		uint64_t top = max / u;
		if (rng_next(seed) % 2 && top > 10)
			top = 10; /* small values are common in real files */
		uint64_t n = 1 + rng_next(seed) % top;
		snprintf(buf, 32, "%llu%c", (unsigned long long)n, "hdy"[unit]);
		return n * u;
	}
}

/* gen_roster writes a random valid roster with noise into t and the roster
 * it must parse to into m (whose arrays the caller frees). */
static void gen_roster(uint64_t *seed, char **pool, struct tu_sb *t, struct roster *m)
{
	static const char *const displays[] = {
	    "Mikan PSIRT", "Zenit Networks PSIRT", "CERT/CC", "Ünïcode 安全 团队",
	    "a#b",         "tab\tinside",          "x",       "Emoji 🔐 team",
	};
	static const char *const pnames[] = {
	    "ack",  "update", "advisory",          "embargo-max",      "support-min",
	    "cvss", "cra",    "cra-early-warning", "cra-notification", "cra-final",
	};
	unsigned next = 0, nodes_left, nnodes;
	char val[32];

	memset(m, 0, sizeof(*m));
	t->len = 0;
	tu_sb_printf(t, rng_next(seed) % 4 == 0 ? "cvdlog-roster/v1\r\n" : HDR);
	m->r_norgs = 1 + (unsigned)(rng_next(seed) % 6);
	m->r_orgs = calloc(m->r_norgs, sizeof(*m->r_orgs));
	nnodes = nodes_left = 1 + (unsigned)(rng_next(seed) % 4);
	for (unsigned i = 0; i < nnodes; i++) {
		snprintf(m->r_nodes[i].rn_name, sizeof(m->r_nodes[i].rn_name), "n%u.x-%u", i,
		         (unsigned)(rng_next(seed) % 100));
		tu_vkey(pool[next++], &m->r_nodes[i].rn_key);
	}
	m->r_nnodes = nnodes;
#define MAYBE_NODE()                                                                             \
	do {                                                                                     \
		if (nodes_left > 0 && rng_next(seed) % 4 == 0) {                                 \
			unsigned ni = nnodes - nodes_left--;                                     \
			tu_sb_printf(t, "%snode%s%s%s%s%s\n", BLANK(seed), BLANK(seed),          \
			             m->r_nodes[ni].rn_name, BLANK(seed), pool[ni],              \
			             rng_next(seed) % 3 ? "" : BLANK(seed));                     \
		}                                                                                \
		if (rng_next(seed) % 6 == 0)                                                     \
			tu_sb_printf(t, "%s\n", rng_next(seed) % 2 ? "" : "# member x admin y"); \
	} while (0)
	for (unsigned i = 0; i < m->r_norgs; i++) {
		struct roster_org *o = &m->r_orgs[i];
		snprintf(o->ro_id, sizeof(o->ro_id), "org%u-%u", i,
		         (unsigned)(rng_next(seed) % 1000));
		o->ro_kind = 1 + (enum roster_kind)(rng_next(seed) % 3);
		roster_policy_defaults(&o->ro_policy);
		MAYBE_NODE();
		tu_sb_printf(t, "org%s%s%s%s\n", BLANK(seed), o->ro_id, BLANK(seed),
		             roster_kind_name(o->ro_kind));
		MAYBE_NODE();
		if (rng_next(seed) % 2) {
			const char *d = displays[rng_next(seed) % 8];
			snprintf(o->ro_display, sizeof(o->ro_display), "%s", d);
			tu_sb_printf(t, "display%s%s%s\n", BLANK(seed), d,
			             rng_next(seed) % 2 ? "" : BLANK(seed));
			MAYBE_NODE();
		}
		if (o->ro_kind == ROSTER_KIND_VENDOR) {
			/* A random subset in a random order. */
			unsigned order[10];
			for (unsigned k = 0; k < 10; k++)
				order[k] = k;
			for (unsigned k = 9; k > 0; k--) {
				unsigned j = (unsigned)(rng_next(seed) % (k + 1)), x = order[k];
				order[k] = order[j];
				order[j] = x;
			}
			struct roster_policy *p = &o->ro_policy;
			uint64_t *dur[] = {&p->rp_ack_s,
			                   &p->rp_update_s,
			                   &p->rp_advisory_s,
			                   &p->rp_embargo_max_s,
			                   &p->rp_support_min_s,
			                   NULL,
			                   NULL,
			                   &p->rp_cra_early_s,
			                   &p->rp_cra_notify_s,
			                   &p->rp_cra_final_s};
			const uint64_t cra_max[] = {0, 0, 0, 0, 0, 0, 0, 24 * H, 72 * H, 14 * D};
			for (unsigned k = 0; k < 10; k++) {
				unsigned pi = order[k];
				if (rng_next(seed) % 2)
					continue;
				if (pi == 5) {
					p->rp_cvss_required = (int)(rng_next(seed) % 2);
					snprintf(val, sizeof(val), "%s",
					         p->rp_cvss_required ? "required" : "optional");
				} else if (pi == 6) {
					p->rp_cra = (int)(rng_next(seed) % 2);
					snprintf(val, sizeof(val), "%s", p->rp_cra ? "on" : "off");
				} else {
					*dur[pi] =
					    gen_duration(seed, pi >= 7 ? cra_max[pi] : 10 * Y, val);
				}
				tu_sb_printf(t, "policy%s%s%s%s\n", BLANK(seed), pnames[pi],
				             BLANK(seed), val);
				MAYBE_NODE();
			}
		}
		o->ro_nmembers = 1 + (unsigned)(rng_next(seed) % 5);
		o->ro_members = calloc(o->ro_nmembers, sizeof(*o->ro_members));
		unsigned admin = (unsigned)(rng_next(seed) % o->ro_nmembers);
		enum roster_role other = o->ro_kind == ROSTER_KIND_VENDOR ? ROSTER_ROLE_MEMBER
		                         : o->ro_kind == ROSTER_KIND_COORDINATOR
		                             ? ROSTER_ROLE_COORDINATOR
		                             : ROSTER_ROLE_AUDITOR;
		for (unsigned j = 0; j < o->ro_nmembers; j++) {
			struct roster_member *mb = &o->ro_members[j];
			snprintf(mb->rm_id, sizeof(mb->rm_id), "m%u_%u", j,
			         (unsigned)(rng_next(seed) % 10));
			mb->rm_role =
			    j == admin || rng_next(seed) % 3 == 0 ? ROSTER_ROLE_ADMIN : other;
			tu_vkey(pool[next], &mb->rm_key);
			tu_sb_printf(t, "%smember%s%s%s%s%s%s\n", rng_next(seed) % 2 ? "\t" : "",
			             BLANK(seed), mb->rm_id, BLANK(seed),
			             roster_role_name(mb->rm_role), BLANK(seed), pool[next]);
			next++;
			MAYBE_NODE();
		}
	}
	while (nodes_left > 0) {
		unsigned ni = nnodes - nodes_left--;
		tu_sb_printf(t, "node %s %s\n", m->r_nodes[ni].rn_name, pool[ni]);
	}
#undef MAYBE_NODE
	/* Sometimes no final newline. */
	if (rng_next(seed) % 5 == 0 && t->len > 0 && t->s[t->len - 1] == '\n')
		t->s[--t->len] = '\0';
}

START_TEST(random_rosters_round_trip)
{
	char **pool = gen_vkeys(40, "member@example.org");
	uint64_t seed = 0x726f7374657231ull; /* "roster1" */
	struct tu_sb t = {0};
	char err[ERRCAP];

	for (int iter = 0; iter < 400; iter++) {
		struct roster m, *r = NULL;
		gen_roster(&seed, pool, &t, &m);
		int rc = roster_parse(t.s, t.len, &r, err, sizeof(err));
		if (rc != 0)
			ck_abort_msg("iteration %d refused: %s\n%s", iter, err, t.s);
		assert_roster_eq(&m, r);
		if (!roster_equal(&m, r))
			ck_abort_msg("iteration %d: roster_equal differs from the model", iter);
		free(round_trip(r));
		roster_free(r);
		for (unsigned i = 0; i < m.r_norgs; i++)
			free(m.r_orgs[i].ro_members);
		free(m.r_orgs);
	}
	free(t.s);
	free_vkeys(pool, 40);
}
END_TEST

/* ---- hostile input ----------------------------------------------------- */

/* check_any: parsing s[0..len) does not crash; a refusal is CVD_EINVAL with
 * "line N: " for N within the input; an accepted roster round-trips. */
static void check_any(const char *s, size_t len, const char *what, size_t pos)
{
	struct roster *r = NULL;
	char err[ERRCAP];
	unsigned lines = 0, line = 0;

	/* Lines as the parser counts them: a final newline ends the last line. */
	for (size_t i = 0; i < len; i++)
		lines += s[i] == '\n';
	if (len == 0 || s[len - 1] != '\n')
		lines++;
	memset(err, 'x', sizeof(err));
	int rc = roster_parse(s, len, &r, err, sizeof(err));
	if (rc == 0) {
		free(round_trip(r));
		roster_free(r);
		return;
	}
	if (rc != CVD_EINVAL || r != NULL || sscanf(err, "line %u: ", &line) != 1 || line == 0 ||
	    line > lines || strnlen(err, sizeof(err)) == sizeof(err))
		ck_abort_msg("%s %zu: rc %d, message \"%.*s\" (%u lines)", what, pos, rc, 200, err,
		             lines);
}

START_TEST(truncated_extended_mutated)
{
	char *ex = doc_example();
	size_t len = strlen(ex);
	char *buf = malloc(len + 256);
	static const uint8_t xors[] = {0x01, 0x20, 0x80, 0xff};
	static const char sets[] = {'\n', ' ', '\t', '#', '\0', '+', '\r', 'a', '-'};
	static const char *const tails[] = {
	    "x",      "\n",       "# c\n",          "node", "node x y\n", "\xff", "org z vendor\n",
	    "member", "\r\n\r\n", "display again\n"};

	for (size_t cut = 0; cut <= len; cut++)
		check_any(ex, cut, "cut at", cut);
	for (size_t k = 0; k < sizeof(tails) / sizeof(tails[0]); k++) {
		snprintf(buf, len + 256, "%s%s", ex, tails[k]);
		check_any(buf, strlen(buf), "tail", k);
	}
	for (size_t pos = 0; pos < len; pos++) {
		for (size_t k = 0; k < sizeof(xors) + sizeof(sets); k++) {
			memcpy(buf, ex, len);
			buf[pos] =
			    k < sizeof(xors) ? (char)(ex[pos] ^ xors[k]) : sets[k - sizeof(xors)];
			check_any(buf, len, "byte", pos);
		}
	}
	/* Fixed-seed random edits: several byte changes, deletions, duplicated
	 * chunks. */
	uint64_t seed = 0x6d7574617465ull;
	char *work = malloc(2 * len + 1024);
	for (int iter = 0; iter < 3000; iter++) {
		size_t n = len;
		memcpy(work, ex, len);
		int edits = 1 + (int)(rng_next(&seed) % 6);
		for (int e = 0; e < edits && n > 0; e++) {
			size_t at = (size_t)(rng_next(&seed) % n);
			switch (rng_next(&seed) % 4) {
			case 0: work[at] = (char)rng_next(&seed); break;
			case 1: {
				size_t cnt = 1 + (size_t)(rng_next(&seed) % 40);
				if (cnt > n - at)
					cnt = n - at;
				memmove(work + at, work + at + cnt, n - at - cnt);
				n -= cnt;
				break;
			}
			case 2: {
				size_t cnt = 1 + (size_t)(rng_next(&seed) % 120);
				if (cnt > n - at)
					cnt = n - at;
				if (n + cnt > 2 * len + 1000)
					break;
				memmove(work + at + cnt, work + at, n - at);
				n += cnt;
				break;
			}
			case 3: work[at] = sets[rng_next(&seed) % sizeof(sets)]; break;
			}
		}
		check_any(work, n, "random edit", (size_t)iter);
	}
	free(work);
	free(buf);
	free(ex);
}
END_TEST

/* ---- changes after genesis ------------------------------------------- */

/* A roster for the change tests: vendor v (admin a, member b), coordinator c
 * (admin x), auditor u (admin y), node n. Keys $0..$5; $6, $7 are fresh. */
#define CHANGE_BASE                                                            \
	HDR "node n $0\norg v vendor\nmember a admin $1\nmember b member $2\n" \
	    "org c coordinator\nmember x admin $3\norg u auditor\nmember y admin $4\n"

/* snap: r's canonical text, to check later that a refused change left r as
 * it was (malloc'd). */
static char *snap(const struct roster *r)
{
	char *t = NULL;
	size_t n;
	ck_assert_int_eq(roster_format(r, &t, &n), 0);
	return t;
}

static void assert_unchanged(const struct roster *r, const struct roster *before, const char *text)
{
	char *now = snap(r);
	assert_roster_eq(r, before);
	ck_assert_int_eq(roster_equal(r, before), 1);
	ck_assert_str_eq(now, text);
	free(now);
}

/* refused: rc is CVD_EINVAL, err is exactly msg, and r equals before. */
static void refused(int rc, const char *err, const char *msg, const struct roster *r,
                    const struct roster *before, const char *text)
{
	ck_assert_msg(rc == CVD_EINVAL, "accepted (%d), want \"%s\"", rc, msg);
	ck_assert_str_eq(err, msg);
	assert_unchanged(r, before, text);
}

static struct roster *change_base(char **vk, struct roster **before, char **text)
{
	struct tu_sb t = {0};
	expand(&t, CHANGE_BASE, vk);
	struct roster *r = parse_ok(t.s);
	*before = parse_ok(t.s);
	*text = snap(r);
	free(t.s);
	return r;
}

START_TEST(change_add_member)
{
	char **vk = template_keys(), err[ERRCAP], *text, *canon;
	struct roster *before, *r = change_base(vk, &before, &text);
	struct keys_verifier k;
	const struct roster_org *o;

	/* Appended to the org; the result is canonical roster text again. */
	ck_assert_int_eq(roster_add_member(r, "v", "c2", "member", vk[5], err, sizeof(err)), 0);
	ck_assert_str_eq(err, "");
	ck_assert_uint_eq(r->r_orgs[0].ro_nmembers, 3);
	ck_assert_str_eq(r->r_orgs[0].ro_members[2].rm_id, "c2");
	ck_assert_int_eq(r->r_orgs[0].ro_members[2].rm_role, ROSTER_ROLE_MEMBER);
	tu_vkey(vk[5], &k);
	EQ_KEY(&r->r_orgs[0].ro_members[2].rm_key, &k);
	ck_assert_ptr_eq(roster_find_member_by_key(r, k.kv_pk, &o), &r->r_orgs[0].ro_members[2]);
	ck_assert_ptr_eq(o, &r->r_orgs[0]);
	ck_assert_int_eq(roster_equal(r, before), 0);
	canon = round_trip(r);
	ck_assert_ptr_nonnull(strstr(canon, "member c2 member "));
	free(canon);
	/* A second admin for the coordinator, with err NULL. */
	ck_assert_int_eq(roster_add_member(r, "c", "ops", "coordinator", vk[6], NULL, 0), 0);
	ck_assert_int_eq(r->r_orgs[1].ro_members[1].rm_role, ROSTER_ROLE_COORDINATOR);
	roster_free(before);
	free(text);
	before = NULL;
	ck_assert_int_eq(roster_dup(r, &before), 0);
	text = snap(r);

	/* Each refusal names its field and changes nothing. */
	struct {
		const char *org, *id, *role, *vkey, *msg;
	} bad[] = {
	    {"zz", "d", "member", vk[7], "unknown org \"zz\""},
	    {"V", "d", "member", vk[7], "unknown org \"V\""},
	    {"v", "D", "member", vk[7],
	     "invalid member id \"D\" (expected [a-z0-9][a-z0-9._-]{0,62})"},
	    {"v", "", "member", vk[7],
	     "invalid member id \"\" (expected [a-z0-9][a-z0-9._-]{0,62})"},
	    {"v", "d", "owner", vk[7],
	     "unknown role \"owner\" (expected admin, member, coordinator or auditor)"},
	    {"v", "d", "coordinator", vk[7],
	     "role coordinator is not allowed in vendor org \"v\" (allowed: admin, member)"},
	    {"c", "d", "member", vk[7],
	     "role member is not allowed in coordinator org \"c\" (allowed: admin, coordinator)"},
	    {"u", "d", "coordinator", vk[7],
	     "role coordinator is not allowed in auditor org \"u\" (allowed: admin, auditor)"},
	    {"v", "b", "admin", vk[7], "member \"b\" already in org \"v\""},
	    {"v", "d", "member", "garbage", "invalid member verifier key \"garbage\""},
	    {"v", "d", "member", vk[8],
	     "member verifier key must be type 0x01 (Ed25519), not 0x04"},
	    /* $9 is $0's public key under another name: the node's key. */
	    {"v", "d", "member", vk[9],
	     "member verifier key: public key already used by node \"n\""},
	    {"u", "d", "auditor", vk[3],
	     "member verifier key: public key already used by member \"x\" of org \"c\""},
	    {"v", "d", "member", vk[2],
	     "member verifier key: public key already used by member \"b\" of org \"v\""},
	    {"v", "d\n", "member", vk[7], "member id is not UTF-8 text without control characters"},
	    {"v\xff", "d", "member", vk[7], "org is not UTF-8 text without control characters"},
	    {"v", "d", "mem\xc3", vk[7], "role is not UTF-8 text without control characters"},
	    {"v", "d", "member", "k\x7f",
	     "verifier key is not UTF-8 text without control characters"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(err, 'x', sizeof(err));
		int rc = roster_add_member(r, bad[i].org, bad[i].id, bad[i].role, bad[i].vkey, err,
		                           sizeof(err));
		refused(rc, err, bad[i].msg, r, before, text);
		ck_assert_int_eq(
		    roster_add_member(r, bad[i].org, bad[i].id, bad[i].role, bad[i].vkey, NULL, 0),
		    CVD_EINVAL);
	}
	/* A short buffer gets a truncated, terminated message. */
	ck_assert_int_eq(roster_add_member(r, "zz", "d", "member", vk[7], err, 5), CVD_EINVAL);
	ck_assert_str_eq(err, "unkn");

	/* Up to ROSTER_MAX_MEMBERS members, and not one more. */
	char **many = gen_vkeys(ROSTER_MAX_MEMBERS, "m@v");
	for (unsigned i = r->r_orgs[0].ro_nmembers; i < ROSTER_MAX_MEMBERS; i++) {
		char id[16];
		snprintf(id, sizeof(id), "m%u", i);
		int rc = roster_add_member(r, "v", id, "member", many[i], err, sizeof(err));
		if (rc != 0)
			ck_abort_msg("member %u refused: %s", i, err);
	}
	ck_assert_uint_eq(r->r_orgs[0].ro_nmembers, ROSTER_MAX_MEMBERS);
	roster_free(before);
	free(text);
	ck_assert_int_eq(roster_dup(r, &before), 0);
	text = snap(r);
	refused(roster_add_member(r, "v", "last", "member", vk[7], err, sizeof(err)), err,
	        "more than 256 members in org \"v\"", r, before, text);
	free(round_trip(r));
	free_vkeys(many, ROSTER_MAX_MEMBERS);

	roster_free(before);
	roster_free(r);
	free(text);
	free_vkeys(vk, NKEYS);
}
END_TEST

START_TEST(change_remove_member)
{
	char **vk = template_keys(), err[ERRCAP], *text;
	struct roster *before, *r = change_base(vk, &before, &text);
	struct keys_verifier k;

	/* The last admin stays, whatever else the org holds. */
	refused(roster_remove_member(r, "v", "a", err, sizeof(err)), err,
	        "member \"a\" is the last admin of org \"v\" and cannot be removed", r, before,
	        text);
	refused(roster_remove_member(r, "c", "x", err, sizeof(err)), err,
	        "member \"x\" is the last admin of org \"c\" and cannot be removed", r, before,
	        text);
	refused(roster_remove_member(r, "v", "zz", err, sizeof(err)), err,
	        "no member \"zz\" in org \"v\"", r, before, text);
	refused(roster_remove_member(r, "v", "x", err, sizeof(err)), err,
	        "no member \"x\" in org \"v\"", r, before, text);
	refused(roster_remove_member(r, "zz", "a", err, sizeof(err)), err, "unknown org \"zz\"", r,
	        before, text);
	refused(roster_remove_member(r, "v", "a\t", err, sizeof(err)), err,
	        "no member \"a\t\" in org \"v\"", r, before, text);
	refused(roster_remove_member(r, "v", "a\x01", err, sizeof(err)), err,
	        "member id is not UTF-8 text without control characters", r, before, text);

	/* A non-admin goes; its key is free again. */
	ck_assert_int_eq(roster_remove_member(r, "v", "b", err, sizeof(err)), 0);
	ck_assert_uint_eq(r->r_orgs[0].ro_nmembers, 1);
	ck_assert_str_eq(r->r_orgs[0].ro_members[0].rm_id, "a");
	tu_vkey(vk[2], &k);
	ck_assert_ptr_null(roster_find_member_by_key(r, k.kv_pk, NULL));
	ck_assert_int_eq(roster_add_member(r, "c", "b", "coordinator", vk[2], err, sizeof(err)), 0);
	/* With a second admin the first may go; the order of the rest is kept. */
	ck_assert_int_eq(roster_add_member(r, "v", "a2", "admin", vk[5], err, sizeof(err)), 0);
	ck_assert_int_eq(roster_add_member(r, "v", "m", "member", vk[6], err, sizeof(err)), 0);
	ck_assert_int_eq(roster_remove_member(r, "v", "a", NULL, 0), 0);
	ck_assert_uint_eq(r->r_orgs[0].ro_nmembers, 2);
	ck_assert_str_eq(r->r_orgs[0].ro_members[0].rm_id, "a2");
	ck_assert_str_eq(r->r_orgs[0].ro_members[1].rm_id, "m");
	free(round_trip(r));
	roster_free(before);
	free(text);
	ck_assert_int_eq(roster_dup(r, &before), 0);
	text = snap(r);
	refused(roster_remove_member(r, "v", "a2", err, sizeof(err)), err,
	        "member \"a2\" is the last admin of org \"v\" and cannot be removed", r, before,
	        text);
	ck_assert_int_eq(roster_remove_member(r, "v", "m", err, sizeof(err)), 0);
	ck_assert_uint_eq(r->r_orgs[0].ro_nmembers, 1);

	roster_free(before);
	roster_free(r);
	free(text);
	free_vkeys(vk, NKEYS);
}
END_TEST

/* set_as_file: roster_set_policy(name, value) on a vendor does exactly what
 * the line "policy name value" does in a file: the same policy, or the same
 * message without its "line 4: " prefix. */
static void set_as_file(char **vk, const char *name, const char *value)
{
	struct tu_sb t = {0};
	struct roster *fr = NULL, *r, *before;
	char ferr[ERRCAP] = "", err[ERRCAP] = "", *text;

	policy_text(&t, vk, name, value);
	int frc = roster_parse(t.s, t.len, &fr, ferr, sizeof(ferr));
	expand(&t, HDR "org v vendor\nmember a admin $0\nnode n $1\n", vk);
	r = parse_ok(t.s);
	before = parse_ok(t.s);
	text = snap(r);
	int rc = roster_set_policy(r, "v", name, value, err, sizeof(err));
	ck_assert_msg(rc == frc, "policy %s %s: file %d (%s), change %d (%s)", name, value, frc,
	              ferr, rc, err);
	if (rc == 0) {
		assert_policy_eq(&r->r_orgs[0].ro_policy, &fr->r_orgs[0].ro_policy);
		free(round_trip(r));
	} else {
		ck_assert_msg(strncmp(ferr, "line 4: ", 8) == 0, "%s", ferr);
		ck_assert_str_eq(err, ferr + 8);
		assert_unchanged(r, before, text);
	}
	roster_free(fr);
	roster_free(r);
	roster_free(before);
	free(text);
	free(t.s);
}

START_TEST(change_set_policy)
{
	char **vk = template_keys(), err[ERRCAP], *text;
	struct roster *before, *r = change_base(vk, &before, &text);
	static const char *const cases[][2] = {
	    {"ack", "24h"},
	    {"ack", "2d"},
	    {"ack", "10y"},
	    {"ack", "11y"},
	    {"ack", "0h"},
	    {"ack", "01h"},
	    {"ack", "48"},
	    {"ack", "48H"},
	    {"ack", "-1h"},
	    {"update", "14d"},
	    {"advisory", "1y"},
	    {"embargo-max", "60d"},
	    {"support-min", "5y"},
	    {"cvss", "optional"},
	    {"cvss", "required"},
	    {"cvss", "yes"},
	    {"cra", "on"},
	    {"cra", "off"},
	    {"cra", "On"},
	    {"cra-early-warning", "12h"},
	    {"cra-early-warning", "24h"},
	    {"cra-early-warning", "25h"},
	    {"cra-early-warning", "2d"},
	    {"cra-notification", "3d"},
	    {"cra-notification", "4d"},
	    {"cra-final", "14d"},
	    {"cra-final", "15d"},
	    {"cra-final", "2w"},
	    {"frobnicate", "1h"},
	    {"ACK", "1h"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		set_as_file(vk, cases[i][0], cases[i][1]);

	/* The exact messages of a few, and the org checks the file has not. */
	refused(roster_set_policy(r, "v", "cra-final", "15d", err, sizeof(err)), err,
	        "cra-final 15d: may only tighten the CRA limit of 14d", r, before, text);
	/* Values a line cannot hold (it splits fields at blanks) are refused. */
	refused(roster_set_policy(r, "v", "ack", "48 h", err, sizeof(err)), err,
	        "invalid duration \"48 h\" for ack (expected <n>h, <n>d or <n>y with n a "
	        "positive integer without leading zeros)",
	        r, before, text);
	refused(roster_set_policy(r, "v", "ack", "", err, sizeof(err)), err,
	        "invalid duration \"\" for ack (expected <n>h, <n>d or <n>y with n a "
	        "positive integer without leading zeros)",
	        r, before, text);
	refused(roster_set_policy(r, "v", "cvss", " required", err, sizeof(err)), err,
	        "invalid cvss \" required\" (expected required or optional)", r, before, text);
	refused(roster_set_policy(r, "v", "frobnicate", "1h", err, sizeof(err)), err,
	        "unknown policy \"frobnicate\"", r, before, text);
	refused(roster_set_policy(r, "c", "ack", "24h", err, sizeof(err)), err,
	        "policies are for vendor orgs only (\"c\" is a coordinator)", r, before, text);
	refused(roster_set_policy(r, "u", "ack", "24h", err, sizeof(err)), err,
	        "policies are for vendor orgs only (\"u\" is an auditor)", r, before, text);
	refused(roster_set_policy(r, "zz", "ack", "24h", err, sizeof(err)), err,
	        "unknown org \"zz\"", r, before, text);
	refused(roster_set_policy(r, "v", "ack", "24h\n", err, sizeof(err)), err,
	        "policy value is not UTF-8 text without control characters", r, before, text);
	refused(roster_set_policy(r, "v", "a\xe2\x82", "1h", err, sizeof(err)), err,
	        "policy name is not UTF-8 text without control characters", r, before, text);

	/* Set, set again (the last wins), tighten a CRA limit and loosen it back
	 * to the law's limit. */
	ck_assert_int_eq(roster_set_policy(r, "v", "ack", "24h", err, sizeof(err)), 0);
	ck_assert_uint_eq(r->r_orgs[0].ro_policy.rp_ack_s, 24 * H);
	ck_assert_int_eq(roster_set_policy(r, "v", "ack", "3d", NULL, 0), 0);
	ck_assert_uint_eq(r->r_orgs[0].ro_policy.rp_ack_s, 3 * D);
	ck_assert_int_eq(roster_set_policy(r, "v", "cra-final", "7d", err, sizeof(err)), 0);
	ck_assert_uint_eq(r->r_orgs[0].ro_policy.rp_cra_final_s, 7 * D);
	ck_assert_int_eq(roster_set_policy(r, "v", "cra-final", "14d", err, sizeof(err)), 0);
	ck_assert_uint_eq(r->r_orgs[0].ro_policy.rp_cra_final_s, 14 * D);
	ck_assert_int_eq(roster_set_policy(r, "v", "cra", "on", err, sizeof(err)), 0);
	ck_assert_int_eq(r->r_orgs[0].ro_policy.rp_cra, 1);
	/* Nothing else changed: the file with these policy lines is r. */
	struct tu_sb t = {0};
	expand(&t,
	       HDR "node n $0\norg v vendor\npolicy ack 3d\npolicy cra on\nmember a admin $1\n"
	           "member b member $2\norg c coordinator\nmember x admin $3\norg u auditor\n"
	           "member y admin $4\n",
	       vk);
	struct roster *want = parse_ok(t.s);
	assert_roster_eq(r, want);
	roster_free(want);
	free(t.s);
	free(round_trip(r));

	roster_free(before);
	roster_free(r);
	free(text);
	free_vkeys(vk, NKEYS);
}
END_TEST

START_TEST(dup_is_deep_and_equal)
{
	char *ex = doc_example(), *a, *b;
	struct roster *r = parse_ok(ex), *d = (struct roster *)1;
	char **vk = gen_vkeys(1, "new@mikan-psirt");

	ck_assert_int_eq(roster_dup(r, &d), 0);
	ck_assert_ptr_nonnull(d);
	ck_assert_ptr_ne(d, r);
	assert_roster_eq(r, d);
	ck_assert_int_eq(roster_equal(r, d), 1);
	ck_assert_ptr_ne(d->r_orgs, r->r_orgs);
	for (unsigned i = 0; i < r->r_norgs; i++)
		ck_assert_ptr_ne(d->r_orgs[i].ro_members, r->r_orgs[i].ro_members);
	a = snap(r);
	b = snap(d);
	ck_assert_str_eq(a, b);
	/* Changing the copy leaves the original as it was. */
	ck_assert_int_eq(roster_add_member(d, "mikan-psirt", "new", "member", vk[0], NULL, 0), 0);
	ck_assert_int_eq(roster_remove_member(d, "zenit-psirt", "liu.yang", NULL, 0), 0);
	ck_assert_int_eq(roster_set_policy(d, "mikan-psirt", "ack", "24h", NULL, 0), 0);
	ck_assert_int_eq(roster_equal(r, d), 0);
	free(b);
	b = snap(r);
	ck_assert_str_eq(a, b);
	roster_free(d);
	/* A roster with an org of no members (built by hand) copies too. */
	unsigned n = r->r_orgs[3].ro_nmembers;
	r->r_orgs[3].ro_nmembers = 0;
	ck_assert_int_eq(roster_dup(r, &d), 0);
	ck_assert_uint_eq(d->r_orgs[3].ro_nmembers, 0);
	r->r_orgs[3].ro_nmembers = n;
	roster_free(d);
	free(a);
	free(b);
	roster_free(r);
	free(ex);
	free_vkeys(vk, 1);
}
END_TEST

Suite *suite_roster(void)
{
	Suite *s = suite_create("roster");
	TCase *tc;

	tc = tcase_create("example");
	tcase_add_test(tc, docs_example_parses);
	tcase_add_test(tc, canonical_text);
	tcase_add_test(tc, lookups_and_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("policy");
	tcase_add_test(tc, policy_defaults);
	tcase_add_test(tc, policy_names_and_bounds);
	tcase_add_test(tc, cra_limits_tighten_only);
	suite_add_tcase(s, tc);

	tc = tcase_create("parser");
	tcase_add_test(tc, errors_name_the_line);
	tcase_add_test(tc, ids_at_their_limits);
	tcase_add_test(tc, node_lines_anywhere);
	tcase_add_test(tc, whitespace_comments_line_ends);
	tcase_add_test(tc, equal_detects_each_difference);
	tcase_add_test(tc, load_files);
	tcase_add_test(tc, small_error_buffers);
	suite_add_tcase(s, tc);

	tc = tcase_create("changes");
	tcase_add_test(tc, change_add_member);
	tcase_add_test(tc, change_remove_member);
	tcase_add_test(tc, change_set_policy);
	tcase_add_test(tc, dup_is_deep_and_equal);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, size_limits);
	tcase_add_test(tc, format_too_large);
	tcase_add_test(tc, format_refuses_invalid_fields);
	suite_add_tcase(s, tc);

	tc = tcase_create("round_trip_and_hostile_input");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, random_rosters_round_trip);
	tcase_add_test(tc, truncated_extended_mutated);
	suite_add_tcase(s, tc);
	return s;
}
