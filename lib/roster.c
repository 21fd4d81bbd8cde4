/* roster.c: the roster file: parser, canonical formatter, lookups (see
 * roster.h; the format is specified in docs/roster.md). */
#include "roster.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "encoding.h"
#include "error.h"

#define ROSTER_HEADER "cvdlog-roster/v1"
#define QUOTE_MAX     64 /* bytes of a field quoted in an error message */
/* Public keys a roster can hold, and the size of the index that finds
 * duplicates among them (a power of two, at least twice as large). */
#define KEYS_MAX   (ROSTER_MAX_ORGS * ROSTER_MAX_MEMBERS + ROSTER_MAX_NODES)
#define KEYS_SLOTS 32768u

/* ---- names and policy table ---------------------------------------- */

static const char *const kind_names[] = {NULL, "vendor", "coordinator", "auditor"};
static const char *const role_names[] = {NULL, "admin", "member", "coordinator", "auditor"};

const char *roster_kind_name(enum roster_kind kind)
{
	return kind >= ROSTER_KIND_VENDOR && kind <= ROSTER_KIND_AUDITOR ? kind_names[kind] : "?";
}

const char *roster_role_name(enum roster_role role)
{
	return role >= ROSTER_ROLE_ADMIN && role <= ROSTER_ROLE_AUDITOR ? role_names[role] : "?";
}

/* role_allowed: 1 if an org of kind may have a member with role. */
static int role_allowed(enum roster_kind kind, enum roster_role role)
{
	if (role == ROSTER_ROLE_ADMIN)
		return 1;
	switch (kind) {
	case ROSTER_KIND_VENDOR: return role == ROSTER_ROLE_MEMBER;
	case ROSTER_KIND_COORDINATOR: return role == ROSTER_ROLE_COORDINATOR;
	case ROSTER_KIND_AUDITOR: return role == ROSTER_ROLE_AUDITOR;
	}
	return 0;
}

/* The second role each kind allows, for error messages. */
static const char *kind_roles(enum roster_kind kind)
{
	switch (kind) {
	case ROSTER_KIND_VENDOR: return "admin, member";
	case ROSTER_KIND_COORDINATOR: return "admin, coordinator";
	case ROSTER_KIND_AUDITOR: return "admin, auditor";
	}
	return "";
}

enum pkind {
	P_DURATION, /* <n>h|d|y, 1h..10y */
	P_CRA,      /* a duration that may only be tightened: 1h..default */
	P_CVSS,     /* required | optional */
	P_ONOFF,    /* on | off */
};

/* Every policy name, in the order roster_format writes them. */
static const struct {
	const char *name;
	enum pkind kind;
	size_t off; /* of the uint64_t or int in struct roster_policy */
} policies[] = {
    {"ack", P_DURATION, offsetof(struct roster_policy, rp_ack_s)},
    {"update", P_DURATION, offsetof(struct roster_policy, rp_update_s)},
    {"advisory", P_DURATION, offsetof(struct roster_policy, rp_advisory_s)},
    {"embargo-max", P_DURATION, offsetof(struct roster_policy, rp_embargo_max_s)},
    {"support-min", P_DURATION, offsetof(struct roster_policy, rp_support_min_s)},
    {"cvss", P_CVSS, offsetof(struct roster_policy, rp_cvss_required)},
    {"cra", P_ONOFF, offsetof(struct roster_policy, rp_cra)},
    {"cra-early-warning", P_CRA, offsetof(struct roster_policy, rp_cra_early_s)},
    {"cra-notification", P_CRA, offsetof(struct roster_policy, rp_cra_notify_s)},
    {"cra-final", P_CRA, offsetof(struct roster_policy, rp_cra_final_s)},
};
#define NPOLICIES (sizeof(policies) / sizeof(policies[0]))

/* Policy fields by table index (memcpy: the table holds byte offsets). */
static uint64_t pol_get_u64(const struct roster_policy *p, size_t i)
{
	uint64_t v;
	memcpy(&v, (const char *)p + policies[i].off, sizeof(v));
	return v;
}

static void pol_set_u64(struct roster_policy *p, size_t i, uint64_t v)
{
	memcpy((char *)p + policies[i].off, &v, sizeof(v));
}

static int pol_get_int(const struct roster_policy *p, size_t i)
{
	int v;
	memcpy(&v, (const char *)p + policies[i].off, sizeof(v));
	return v;
}

static void pol_set_int(struct roster_policy *p, size_t i, int v)
{
	memcpy((char *)p + policies[i].off, &v, sizeof(v));
}

void roster_policy_defaults(struct roster_policy *p)
{
	memset(p, 0, sizeof(*p));
	p->rp_ack_s = 48 * ROSTER_HOUR_S;
	p->rp_update_s = 30 * ROSTER_DAY_S;
	p->rp_advisory_s = 180 * ROSTER_DAY_S;
	p->rp_embargo_max_s = 90 * ROSTER_DAY_S;
	p->rp_support_min_s = 2 * ROSTER_YEAR_S;
	p->rp_cvss_required = 1;
	p->rp_cra = 0;
	p->rp_cra_early_s = 24 * ROSTER_HOUR_S;
	p->rp_cra_notify_s = 72 * ROSTER_HOUR_S;
	p->rp_cra_final_s = 14 * ROSTER_DAY_S;
}

/* ---- durations ------------------------------------------------------ */

/* duration_format writes s seconds (a whole number of hours) as text into
 * buf (32 bytes): whole years as <n>y, whole days of a week or more as
 * <n>d, anything else as <n>h. */
static char *duration_format(uint64_t s, char *buf)
{
	if (s % ROSTER_YEAR_S == 0)
		snprintf(buf, 32, "%lluy", (unsigned long long)(s / ROSTER_YEAR_S));
	else if (s % ROSTER_DAY_S == 0 && s >= 7 * ROSTER_DAY_S)
		snprintf(buf, 32, "%llud", (unsigned long long)(s / ROSTER_DAY_S));
	else
		snprintf(buf, 32, "%lluh", (unsigned long long)(s / ROSTER_HOUR_S));
	return buf;
}

/* duration_valid: 1 if roster_format can write s and roster_parse reads it
 * back: a whole number of hours, 1h..10y. */
static int duration_valid(uint64_t s)
{
	return s > 0 && s <= ROSTER_DURATION_MAX_S && s % ROSTER_HOUR_S == 0;
}

/* ---- text checks ---------------------------------------------------- */

static int id_valid(const char *s, size_t len)
{
	if (len == 0 || len > ROSTER_ID_MAX)
		return 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
		if (!ok && (i == 0 || (c != '.' && c != '_' && c != '-')))
			return 0;
	}
	return 1;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* has_control: 1 if s[0..len) holds a C0 control other than tab, DEL or a
 * C1 control (U+0080..U+009F, UTF-8 0xC2 0x80..0x9F). */
static int has_control(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return 1;
		if (c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9f)
			return 1;
	}
	return 0;
}

/* display_valid: what a display line may hold after trimming: 1..200 bytes
 * of UTF-8 without control characters other than tab, not starting or
 * ending with a space or tab. */
static int display_valid(const char *s, size_t len)
{
	return len >= 1 && len <= ROSTER_DISPLAY_MAX && enc_utf8_valid(s, len) &&
	       !has_control(s, len) && !is_blank(s[0]) && !is_blank(s[len - 1]);
}

/* ---- errors --------------------------------------------------------- */

static int fail(char *err, size_t cap, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail(char *err, size_t cap, unsigned line, const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	if (err != NULL && cap > 0) {
		err[0] = '\0';
		if (line > 0)
			n = snprintf(err, cap, "line %u: ", line);
		if (n >= 0 && (size_t)n < cap) {
			va_start(ap, fmt);
			vsnprintf(err + n, cap - (size_t)n, fmt, ap);
			va_end(ap);
		}
	}
	return CVD_EINVAL;
}

/* quote_len: how much of a field to quote in a message: at most QUOTE_MAX
 * bytes, cut at a UTF-8 character boundary. */
static int quote_len(const char *s, size_t len)
{
	if (len <= QUOTE_MAX)
		return (int)len;
	len = QUOTE_MAX;
	while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
		len--;
	return (int)len;
}
#define Q(s, l) quote_len((s), (l)), (s)

/* ---- fields shared by the parser and the changes ------------------ */

/* Each check below reports as the parser does, "line N: ..." with line > 0;
 * the changes after genesis (roster_add_member, ...) pass line 0 and get
 * the same message without the prefix. */

/* role_parse: the role named s[0..len), or 0. */
static enum roster_role role_parse(const char *s, size_t len)
{
	for (enum roster_role r = ROSTER_ROLE_ADMIN; r <= ROSTER_ROLE_AUDITOR; r++)
		if (len == strlen(role_names[r]) && memcmp(s, role_names[r], len) == 0)
			return r;
	return 0;
}

/* check_member: id[0..idlen) is a valid member id and role[0..rlen) a role
 * that org o allows; sets *out to the role. */
static int check_member(const struct roster_org *o, const char *id, size_t idlen, const char *role,
                        size_t rlen, enum roster_role *out, char *err, size_t cap, unsigned line)
{
	if (!id_valid(id, idlen))
		return fail(err, cap, line,
		            "invalid member id \"%.*s\" (expected [a-z0-9][a-z0-9._-]{0,62})",
		            Q(id, idlen));
	*out = role_parse(role, rlen);
	if (*out == 0)
		return fail(err, cap, line,
		            "unknown role \"%.*s\" (expected admin, member, coordinator or "
		            "auditor)",
		            Q(role, rlen));
	if (!role_allowed(o->ro_kind, *out))
		return fail(err, cap, line, "role %s is not allowed in %s org \"%s\" (allowed: %s)",
		            role_names[*out], kind_names[o->ro_kind], o->ro_id,
		            kind_roles(o->ro_kind));
	return 0;
}

/* verifier_parse reads a verifier key s[0..len) for a "what" ("member",
 * "node") into v: a type 0x01 key, copied field by field (the name with its
 * NUL only, so two equal rosters are equal bytes). Uniqueness is the
 * caller's. */
static int verifier_parse(const char *s, size_t len, const char *what, struct keys_verifier *v,
                          char *err, size_t cap, unsigned line)
{
	struct keys_verifier k;

	if (keys_verifier_parse(s, len, &k) != 0)
		return fail(err, cap, line, "invalid %s verifier key \"%.*s\"", what, Q(s, len));
	if (k.kv_type != KEYS_TYPE_ED25519)
		return fail(err, cap, line,
		            "%s verifier key must be type 0x01 (Ed25519), not 0x%02x", what,
		            k.kv_type);
	memset(v, 0, sizeof(*v));
	memcpy(v->kv_name, k.kv_name, strlen(k.kv_name));
	v->kv_type = k.kv_type;
	memcpy(v->kv_id, k.kv_id, KEYS_ID_LEN);
	memcpy(v->kv_pk, k.kv_pk, KEYS_PK_LEN);
	return 0;
}

/* policy_find: the index in policies[] of the name s[0..len), or NPOLICIES. */
static size_t policy_find(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < NPOLICIES; i++)
		if (len == strlen(policies[i].name) && memcmp(s, policies[i].name, len) == 0)
			break;
	return i;
}

/* parse_duration reads <n>h|d|y into seconds; 0 for a malformed value,
 * UINT64_MAX for a well-formed one above ROSTER_DURATION_MAX_S. */
static uint64_t parse_duration(const char *s, size_t len)
{
	uint64_t n, unit;

	if (len < 2)
		return 0;
	switch (s[len - 1]) {
	case 'h': unit = ROSTER_HOUR_S; break;
	case 'd': unit = ROSTER_DAY_S; break;
	case 'y': unit = ROSTER_YEAR_S; break;
	default: return 0;
	}
	if (enc_parse_u64(s, len - 1, &n) != 0 || n == 0)
		return 0;
	if (n > ROSTER_DURATION_MAX_S / unit)
		return UINT64_MAX;
	return n * unit;
}

static int word_is(const char *s, size_t len, const char *word)
{
	return len == strlen(word) && memcmp(s, word, len) == 0;
}

/* policy_value parses the value s[0..len) of policy i and sets it in pol;
 * pol is unchanged on failure. Durations are 1h..10y, and a CRA limit may
 * only be tightened: at most its default, the law's limit. */
static int policy_value(size_t i, const char *s, size_t len, struct roster_policy *pol, char *err,
                        size_t cap, unsigned line)
{
	struct roster_policy def;
	char limit[32];

	roster_policy_defaults(&def);
	switch (policies[i].kind) {
	case P_DURATION:
	case P_CRA: {
		uint64_t v = parse_duration(s, len);
		if (v == 0)
			return fail(err, cap, line,
			            "invalid duration \"%.*s\" for %s (expected <n>h, <n>d or "
			            "<n>y with n a positive integer without leading zeros)",
			            Q(s, len), policies[i].name);
		if (v == UINT64_MAX)
			return fail(err, cap, line, "%s %.*s is longer than the maximum of 10y",
			            policies[i].name, Q(s, len));
		if (policies[i].kind == P_CRA && v > pol_get_u64(&def, i))
			return fail(err, cap, line, "%s %.*s: may only tighten the CRA limit of %s",
			            policies[i].name, Q(s, len),
			            duration_format(pol_get_u64(&def, i), limit));
		pol_set_u64(pol, i, v);
		break;
	}
	case P_CVSS:
		if (word_is(s, len, "required"))
			pol_set_int(pol, i, 1);
		else if (word_is(s, len, "optional"))
			pol_set_int(pol, i, 0);
		else
			return fail(err, cap, line,
			            "invalid cvss \"%.*s\" (expected required or optional)",
			            Q(s, len));
		break;
	case P_ONOFF:
		if (word_is(s, len, "on"))
			pol_set_int(pol, i, 1);
		else if (word_is(s, len, "off"))
			pol_set_int(pol, i, 0);
		else
			return fail(err, cap, line, "invalid %s \"%.*s\" (expected on or off)",
			            policies[i].name, Q(s, len));
		break;
	}
	return 0;
}

/* ---- parser --------------------------------------------------------- */

struct field {
	const char *f_s;
	size_t f_len;
};

struct keyref {
	uint8_t kr_pk[KEYS_PK_LEN];
	unsigned kr_line;
};

struct parser {
	struct roster *p_r;
	char *p_err;
	size_t p_errcap;
	unsigned p_line;
	unsigned p_orgcap;
	unsigned p_org_line[ROSTER_MAX_ORGS]; /* the org line of each org */
	unsigned p_memcap;                    /* of the current org's array */
	unsigned p_member_line[ROSTER_MAX_MEMBERS];
	unsigned p_display_line;
	unsigned p_policy_line[NPOLICIES];
	unsigned p_node_line[ROSTER_MAX_NODES];
	/* Every public key so far, with an open-addressing index on it. */
	struct keyref *p_keys;
	unsigned p_nkeys, p_keycap;
	uint16_t *p_slots; /* 1 + index into p_keys; 0 is empty */
	uint8_t p_hashkey[crypto_shorthash_KEYBYTES];
};

#define PFAIL(p, ...) fail((p)->p_err, (p)->p_errcap, (p)->p_line, __VA_ARGS__)

/* split splits s[0..len) at runs of spaces and tabs into at most max
 * fields; returns the number of fields, or max + 1 if there are more. */
static unsigned split(const char *s, size_t len, struct field *f, unsigned max)
{
	const char *e = s + len;
	unsigned n = 0;

	for (;;) {
		while (s < e && is_blank(*s))
			s++;
		if (s == e)
			return n;
		if (n == max)
			return max + 1;
		f[n].f_s = s;
		while (s < e && !is_blank(*s))
			s++;
		f[n].f_len = (size_t)(s - f[n].f_s);
		n++;
	}
}

static int field_is(const struct field *f, const char *word)
{
	return word_is(f->f_s, f->f_len, word);
}

/* key_seen: the line of an earlier use of pk, or 0 after recording it for
 * line. Returns -1 when out of memory. */
static long key_seen(struct parser *p, const uint8_t pk[KEYS_PK_LEN])
{
	uint8_t h[crypto_shorthash_BYTES];
	uint32_t slot;

	crypto_shorthash(h, pk, KEYS_PK_LEN, p->p_hashkey);
	slot = ((uint32_t)h[0] | (uint32_t)h[1] << 8 | (uint32_t)h[2] << 16) & (KEYS_SLOTS - 1);
	for (;; slot = (slot + 1) & (KEYS_SLOTS - 1)) {
		uint16_t i = p->p_slots[slot];
		if (i == 0)
			break;
		if (memcmp(p->p_keys[i - 1].kr_pk, pk, KEYS_PK_LEN) == 0)
			return p->p_keys[i - 1].kr_line;
	}
	if (p->p_nkeys == p->p_keycap) {
		unsigned cap = p->p_keycap == 0 ? 64 : p->p_keycap * 2;
		struct keyref *k = realloc(p->p_keys, (size_t)cap * sizeof(*k));
		if (k == NULL)
			return -1;
		p->p_keys = k;
		p->p_keycap = cap;
	}
	memcpy(p->p_keys[p->p_nkeys].kr_pk, pk, KEYS_PK_LEN);
	p->p_keys[p->p_nkeys].kr_line = p->p_line;
	p->p_slots[slot] = (uint16_t)++p->p_nkeys;
	return 0;
}

/* parse_key reads a verifier key field for a "what" line ("member",
 * "node") into v: a type 0x01 key whose public key the roster has not seen. */
static int parse_key(struct parser *p, const struct field *f, const char *what,
                     struct keys_verifier *v)
{
	long seen;
	int rc;

	rc = verifier_parse(f->f_s, f->f_len, what, v, p->p_err, p->p_errcap, p->p_line);
	if (rc != 0)
		return rc;
	seen = key_seen(p, v->kv_pk);
	if (seen < 0)
		return CVD_ENOMEM;
	if (seen > 0)
		return PFAIL(p, "public key already used on line %ld", seen);
	return 0;
}

static struct roster_org *cur_org(struct parser *p)
{
	return p->p_r->r_norgs > 0 ? &p->p_r->r_orgs[p->p_r->r_norgs - 1] : NULL;
}

static int line_org(struct parser *p, const struct field *f, unsigned nf)
{
	struct roster *r = p->p_r;
	struct roster_org *o;
	enum roster_kind kind = 0;

	if (nf != 3)
		return PFAIL(p, "expected \"org <org-id> <kind>\"");
	if (!id_valid(f[1].f_s, f[1].f_len))
		return PFAIL(p, "invalid org id \"%.*s\" (expected [a-z0-9][a-z0-9._-]{0,62})",
		             Q(f[1].f_s, f[1].f_len));
	for (enum roster_kind k = ROSTER_KIND_VENDOR; k <= ROSTER_KIND_AUDITOR; k++)
		if (field_is(&f[2], kind_names[k]))
			kind = k;
	if (kind == 0)
		return PFAIL(p,
		             "unknown org kind \"%.*s\" (expected vendor, coordinator or auditor)",
		             Q(f[2].f_s, f[2].f_len));
	for (unsigned i = 0; i < r->r_norgs; i++)
		if (field_is(&f[1], r->r_orgs[i].ro_id))
			return PFAIL(p, "org \"%s\" already defined on line %u", r->r_orgs[i].ro_id,
			             p->p_org_line[i]);
	if (r->r_norgs == ROSTER_MAX_ORGS)
		return PFAIL(p, "more than %d orgs", ROSTER_MAX_ORGS);
	if (r->r_norgs == p->p_orgcap) {
		unsigned cap = p->p_orgcap == 0 ? 4 : p->p_orgcap * 2;
		o = realloc(r->r_orgs, (size_t)cap * sizeof(*o));
		if (o == NULL)
			return CVD_ENOMEM;
		r->r_orgs = o;
		p->p_orgcap = cap;
	}
	o = &r->r_orgs[r->r_norgs];
	memset(o, 0, sizeof(*o));
	memcpy(o->ro_id, f[1].f_s, f[1].f_len);
	o->ro_kind = kind;
	roster_policy_defaults(&o->ro_policy);
	p->p_org_line[r->r_norgs++] = p->p_line;
	p->p_memcap = 0;
	p->p_display_line = 0;
	memset(p->p_policy_line, 0, sizeof(p->p_policy_line));
	return 0;
}

/* line_display: text is the rest of the line after "display", trimmed. */
static int line_display(struct parser *p, const char *text, size_t len)
{
	struct roster_org *o = cur_org(p);

	if (o == NULL)
		return PFAIL(p, "display line before any org line");
	if (len == 0)
		return PFAIL(p, "expected \"display <text>\"");
	if (p->p_display_line != 0)
		return PFAIL(p, "second display line for org \"%s\" (the first is on line %u)",
		             o->ro_id, p->p_display_line);
	if (len > ROSTER_DISPLAY_MAX)
		return PFAIL(p, "display text is longer than %d bytes", ROSTER_DISPLAY_MAX);
	memcpy(o->ro_display, text, len);
	o->ro_display[len] = '\0';
	p->p_display_line = p->p_line;
	return 0;
}

static int line_member(struct parser *p, const struct field *f, unsigned nf)
{
	struct roster_org *o = cur_org(p);
	struct roster_member *m;
	enum roster_role role;
	int rc;

	if (o == NULL)
		return PFAIL(p, "member line before any org line");
	if (nf != 4)
		return PFAIL(p, "expected \"member <member-id> <role> <verifier key>\"");
	rc = check_member(o, f[1].f_s, f[1].f_len, f[2].f_s, f[2].f_len, &role, p->p_err,
	                  p->p_errcap, p->p_line);
	if (rc != 0)
		return rc;
	for (unsigned i = 0; i < o->ro_nmembers; i++)
		if (field_is(&f[1], o->ro_members[i].rm_id))
			return PFAIL(p, "member \"%s\" already in org \"%s\" on line %u",
			             o->ro_members[i].rm_id, o->ro_id, p->p_member_line[i]);
	if (o->ro_nmembers == ROSTER_MAX_MEMBERS)
		return PFAIL(p, "more than %d members in org \"%s\"", ROSTER_MAX_MEMBERS, o->ro_id);
	if (o->ro_nmembers == p->p_memcap) {
		unsigned cap = p->p_memcap == 0 ? 4 : p->p_memcap * 2;
		m = realloc(o->ro_members, (size_t)cap * sizeof(*m));
		if (m == NULL)
			return CVD_ENOMEM;
		o->ro_members = m;
		p->p_memcap = cap;
	}
	m = &o->ro_members[o->ro_nmembers];
	memset(m, 0, sizeof(*m));
	rc = parse_key(p, &f[3], "member", &m->rm_key);
	if (rc != 0)
		return rc;
	memcpy(m->rm_id, f[1].f_s, f[1].f_len);
	m->rm_role = role;
	p->p_member_line[o->ro_nmembers++] = p->p_line;
	return 0;
}

static int line_policy(struct parser *p, const struct field *f, unsigned nf)
{
	struct roster_org *o = cur_org(p);
	size_t i;
	int rc;

	if (o == NULL)
		return PFAIL(p, "policy line before any org line");
	if (o->ro_kind != ROSTER_KIND_VENDOR)
		return PFAIL(p, "policy lines are for vendor orgs only (\"%s\" is %s %s)", o->ro_id,
		             o->ro_kind == ROSTER_KIND_AUDITOR ? "an" : "a",
		             kind_names[o->ro_kind]);
	if (nf != 3)
		return PFAIL(p, "expected \"policy <name> <value>\"");
	i = policy_find(f[1].f_s, f[1].f_len);
	if (i == NPOLICIES)
		return PFAIL(p, "unknown policy \"%.*s\"", Q(f[1].f_s, f[1].f_len));
	if (p->p_policy_line[i] != 0)
		return PFAIL(p, "policy %s already set on line %u", policies[i].name,
		             p->p_policy_line[i]);
	rc = policy_value(i, f[2].f_s, f[2].f_len, &o->ro_policy, p->p_err, p->p_errcap, p->p_line);
	if (rc != 0)
		return rc;
	p->p_policy_line[i] = p->p_line;
	return 0;
}

static int line_node(struct parser *p, const struct field *f, unsigned nf)
{
	struct roster *r = p->p_r;
	struct roster_node *n;
	int rc;

	if (nf != 3)
		return PFAIL(p, "expected \"node <node-name> <verifier key>\"");
	if (!id_valid(f[1].f_s, f[1].f_len))
		return PFAIL(p, "invalid node name \"%.*s\" (expected [a-z0-9][a-z0-9._-]{0,62})",
		             Q(f[1].f_s, f[1].f_len));
	for (unsigned i = 0; i < r->r_nnodes; i++)
		if (field_is(&f[1], r->r_nodes[i].rn_name))
			return PFAIL(p, "node \"%s\" already defined on line %u",
			             r->r_nodes[i].rn_name, p->p_node_line[i]);
	if (r->r_nnodes == ROSTER_MAX_NODES)
		return PFAIL(p, "more than %d nodes", ROSTER_MAX_NODES);
	n = &r->r_nodes[r->r_nnodes];
	memset(n, 0, sizeof(*n));
	rc = parse_key(p, &f[2], "node", &n->rn_key);
	if (rc != 0)
		return rc;
	memcpy(n->rn_name, f[1].f_s, f[1].f_len);
	p->p_node_line[r->r_nnodes++] = p->p_line;
	return 0;
}

/* parse_line handles one line after the header, without its line end. */
static int parse_line(struct parser *p, const char *s, size_t l)
{
	struct field f[5];
	unsigned nf;

	if (!enc_utf8_valid(s, l))
		return PFAIL(p, "not UTF-8");
	if (has_control(s, l))
		return PFAIL(p, "control character");
	while (l > 0 && is_blank(*s))
		s++, l--;
	while (l > 0 && is_blank(s[l - 1]))
		l--;
	if (l == 0 || s[0] == '#')
		return 0;
	nf = split(s, l, f, 4);
	if (field_is(&f[0], "display")) {
		const char *t = f[0].f_s + f[0].f_len;
		while (t < s + l && is_blank(*t))
			t++;
		return line_display(p, t, (size_t)(s + l - t));
	}
	if (field_is(&f[0], "org"))
		return line_org(p, f, nf);
	if (field_is(&f[0], "member"))
		return line_member(p, f, nf);
	if (field_is(&f[0], "policy"))
		return line_policy(p, f, nf);
	if (field_is(&f[0], "node"))
		return line_node(p, f, nf);
	return PFAIL(p, "unknown keyword \"%.*s\"", Q(f[0].f_s, f[0].f_len));
}

void roster_free(struct roster *r)
{
	if (r == NULL)
		return;
	for (unsigned i = 0; i < r->r_norgs; i++)
		free(r->r_orgs[i].ro_members);
	free(r->r_orgs);
	free(r);
}

int roster_parse(const char *text, size_t len, struct roster **out, char *err, size_t errcap)
{
	struct parser *p = NULL;
	const char *s = text, *end = text + len;
	int rc;

	*out = NULL;
	if (err != NULL && errcap > 0)
		err[0] = '\0';
	if (len > ROSTER_MAX_LEN) {
		/* Name the line that holds the first byte over the limit. */
		unsigned line = 1;
		for (size_t i = 0; i < ROSTER_MAX_LEN; i++)
			line += text[i] == '\n';
		return fail(err, errcap, line, "roster is larger than %d bytes", ROSTER_MAX_LEN);
	}
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return CVD_ENOMEM;
	p->p_err = err;
	p->p_errcap = errcap;
	p->p_r = calloc(1, sizeof(*p->p_r));
	p->p_slots = calloc(KEYS_SLOTS, sizeof(*p->p_slots));
	if (p->p_r == NULL || p->p_slots == NULL) {
		rc = CVD_ENOMEM;
		goto out;
	}
	randombytes_buf(p->p_hashkey, sizeof(p->p_hashkey));
	do {
		const char *nl = s < end ? memchr(s, '\n', (size_t)(end - s)) : NULL;
		const char *e = nl != NULL ? nl : end;
		size_t l = (size_t)(e - s);
		p->p_line++;
		if (l > 0 && s[l - 1] == '\r')
			l--;
		if (p->p_line == 1) {
			while (l > 0 && is_blank(s[l - 1]))
				l--;
			if (l != strlen(ROSTER_HEADER) || memcmp(s, ROSTER_HEADER, l) != 0) {
				rc = PFAIL(p, "expected \"%s\"", ROSTER_HEADER);
				goto out;
			}
		} else {
			rc = parse_line(p, s, l);
			if (rc != 0)
				goto out;
		}
		s = nl != NULL ? nl + 1 : end;
	} while (s < end);

	/* Checks of the whole file. */
	if (p->p_r->r_norgs == 0) {
		rc = PFAIL(p, "no org line in the roster");
		goto out;
	}
	for (unsigned i = 0; i < p->p_r->r_norgs; i++) {
		const struct roster_org *o = &p->p_r->r_orgs[i];
		unsigned j = 0;
		while (j < o->ro_nmembers && o->ro_members[j].rm_role != ROSTER_ROLE_ADMIN)
			j++;
		if (j == o->ro_nmembers) {
			rc = fail(err, errcap, p->p_org_line[i], "org \"%s\" has no admin",
			          o->ro_id);
			goto out;
		}
	}
	if (p->p_r->r_nnodes == 0) {
		rc = PFAIL(p, "no node line in the roster");
		goto out;
	}
	*out = p->p_r;
	p->p_r = NULL;
	rc = 0;
out:
	if (p != NULL) {
		roster_free(p->p_r);
		free(p->p_keys);
		free(p->p_slots);
		free(p);
	}
	return rc;
}

int roster_load(const char *path, struct roster **out, char *err, size_t errcap)
{
	char *buf = NULL, msg[512];
	size_t n;
	int rc;
	FILE *f;

	*out = NULL;
	f = fopen(path, "rb");
	if (f == NULL) {
		rc = -errno;
		if (err != NULL && errcap > 0)
			snprintf(err, errcap, "%s: %s", path, strerror(-rc));
		return rc;
	}
	buf = malloc(ROSTER_MAX_LEN + 1);
	if (buf == NULL) {
		rc = CVD_ENOMEM;
		goto out;
	}
	n = fread(buf, 1, ROSTER_MAX_LEN + 1, f);
	if (ferror(f)) {
		rc = CVD_EIO;
		if (err != NULL && errcap > 0)
			snprintf(err, errcap, "%s: read error", path);
		goto out;
	}
	rc = roster_parse(buf, n, out, msg, sizeof(msg));
	if (rc != 0 && err != NULL && errcap > 0)
		snprintf(err, errcap, "%s: %s", path, rc == CVD_EINVAL ? msg : cvd_strerror(rc));
out:
	free(buf);
	fclose(f);
	return rc;
}

/* ---- formatter ------------------------------------------------------ */

struct sbuf {
	char *b_s;
	size_t b_len, b_cap;
	int b_rc;
};

static void emit(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void emit(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->b_rc != 0)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->b_rc = CVD_EINTERNAL;
		return;
	}
	if (b->b_len + (size_t)n > ROSTER_MAX_LEN) {
		b->b_rc = CVD_ETOOLARGE;
		return;
	}
	if (b->b_len + (size_t)n + 1 > b->b_cap) {
		size_t cap = (b->b_len + (size_t)n + 1) * 2;
		char *s = realloc(b->b_s, cap);
		if (s == NULL) {
			b->b_rc = CVD_ENOMEM;
			return;
		}
		b->b_s = s;
		b->b_cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(b->b_s + b->b_len, b->b_cap - b->b_len, fmt, ap);
	va_end(ap);
	b->b_len += (size_t)n;
}

/* str_ok: s is NUL-terminated within cap bytes and passes valid(). */
static int str_ok(const char *s, size_t cap, int (*valid)(const char *, size_t))
{
	size_t n = strnlen(s, cap);
	return n < cap && valid(s, n);
}

static int key_ok(const struct keys_verifier *k)
{
	size_t n = strnlen(k->kv_name, sizeof(k->kv_name));
	return k->kv_type == KEYS_TYPE_ED25519 && n < sizeof(k->kv_name) &&
	       keys_name_valid(k->kv_name, n);
}

static int policy_ok(const struct roster_policy *pol)
{
	struct roster_policy def;

	roster_policy_defaults(&def);
	for (size_t i = 0; i < NPOLICIES; i++) {
		switch (policies[i].kind) {
		case P_DURATION:
			if (!duration_valid(pol_get_u64(pol, i)))
				return 0;
			break;
		case P_CRA:
			if (!duration_valid(pol_get_u64(pol, i)) ||
			    pol_get_u64(pol, i) > pol_get_u64(&def, i))
				return 0;
			break;
		case P_CVSS:
		case P_ONOFF:
			if (pol_get_int(pol, i) != 0 && pol_get_int(pol, i) != 1)
				return 0;
			break;
		}
	}
	return 1;
}

int roster_format(const struct roster *r, char **out, size_t *len)
{
	struct sbuf b = {0};
	char key[KEYS_VKEY_MAX + 1], dur[32];
	int rc;

	*out = NULL;
	*len = 0;
	if (r->r_nnodes > ROSTER_MAX_NODES || r->r_norgs > ROSTER_MAX_ORGS) {
		rc = CVD_EINVAL;
		goto out;
	}
	emit(&b, ROSTER_HEADER "\n");
	if (r->r_nnodes > 0)
		emit(&b, "\n");
	for (unsigned i = 0; i < r->r_nnodes; i++) {
		const struct roster_node *n = &r->r_nodes[i];
		if (!str_ok(n->rn_name, sizeof(n->rn_name), id_valid) || !key_ok(&n->rn_key)) {
			rc = CVD_EINVAL;
			goto out;
		}
		emit(&b, "node %s %s\n", n->rn_name, keys_verifier_format(&n->rn_key, key));
	}
	for (unsigned i = 0; i < r->r_norgs; i++) {
		const struct roster_org *o = &r->r_orgs[i];
		if (!str_ok(o->ro_id, sizeof(o->ro_id), id_valid) ||
		    o->ro_kind < ROSTER_KIND_VENDOR || o->ro_kind > ROSTER_KIND_AUDITOR ||
		    o->ro_nmembers > ROSTER_MAX_MEMBERS ||
		    (o->ro_display[0] != '\0' &&
		     !str_ok(o->ro_display, sizeof(o->ro_display), display_valid))) {
			rc = CVD_EINVAL;
			goto out;
		}
		emit(&b, "\norg %s %s\n", o->ro_id, kind_names[o->ro_kind]);
		if (o->ro_display[0] != '\0')
			emit(&b, "display %s\n", o->ro_display);
		if (o->ro_kind == ROSTER_KIND_VENDOR) {
			if (!policy_ok(&o->ro_policy)) {
				rc = CVD_EINVAL;
				goto out;
			}
			for (size_t k = 0; k < NPOLICIES; k++) {
				int v = pol_get_int(&o->ro_policy, k);
				switch (policies[k].kind) {
				case P_DURATION:
				case P_CRA:
					emit(&b, "policy %s %s\n", policies[k].name,
					     duration_format(pol_get_u64(&o->ro_policy, k), dur));
					break;
				case P_CVSS:
					emit(&b, "policy cvss %s\n", v ? "required" : "optional");
					break;
				case P_ONOFF:
					emit(&b, "policy %s %s\n", policies[k].name,
					     v ? "on" : "off");
					break;
				}
			}
		}
		for (unsigned j = 0; j < o->ro_nmembers; j++) {
			const struct roster_member *m = &o->ro_members[j];
			if (!str_ok(m->rm_id, sizeof(m->rm_id), id_valid) ||
			    !role_allowed(o->ro_kind, m->rm_role) || !key_ok(&m->rm_key)) {
				rc = CVD_EINVAL;
				goto out;
			}
			emit(&b, "member %s %s %s\n", m->rm_id, role_names[m->rm_role],
			     keys_verifier_format(&m->rm_key, key));
		}
	}
	rc = b.b_rc;
	if (rc == 0) {
		*out = b.b_s;
		*len = b.b_len;
		b.b_s = NULL;
	}
out:
	free(b.b_s);
	return rc;
}

/* ---- comparison and lookups ---------------------------------------- */

static int key_eq(const struct keys_verifier *a, const struct keys_verifier *b)
{
	return strcmp(a->kv_name, b->kv_name) == 0 && a->kv_type == b->kv_type &&
	       memcmp(a->kv_id, b->kv_id, KEYS_ID_LEN) == 0 &&
	       memcmp(a->kv_pk, b->kv_pk, KEYS_PK_LEN) == 0;
}

static int policy_eq(const struct roster_policy *a, const struct roster_policy *b)
{
	for (size_t i = 0; i < NPOLICIES; i++) {
		if (policies[i].kind == P_CVSS || policies[i].kind == P_ONOFF) {
			if (pol_get_int(a, i) != pol_get_int(b, i))
				return 0;
		} else if (pol_get_u64(a, i) != pol_get_u64(b, i)) {
			return 0;
		}
	}
	return 1;
}

int roster_equal(const struct roster *a, const struct roster *b)
{
	if (a->r_norgs != b->r_norgs || a->r_nnodes != b->r_nnodes)
		return 0;
	for (unsigned i = 0; i < a->r_nnodes; i++)
		if (strcmp(a->r_nodes[i].rn_name, b->r_nodes[i].rn_name) != 0 ||
		    !key_eq(&a->r_nodes[i].rn_key, &b->r_nodes[i].rn_key))
			return 0;
	for (unsigned i = 0; i < a->r_norgs; i++) {
		const struct roster_org *x = &a->r_orgs[i], *y = &b->r_orgs[i];
		if (strcmp(x->ro_id, y->ro_id) != 0 || x->ro_kind != y->ro_kind ||
		    strcmp(x->ro_display, y->ro_display) != 0 ||
		    !policy_eq(&x->ro_policy, &y->ro_policy) || x->ro_nmembers != y->ro_nmembers)
			return 0;
		for (unsigned j = 0; j < x->ro_nmembers; j++)
			if (strcmp(x->ro_members[j].rm_id, y->ro_members[j].rm_id) != 0 ||
			    x->ro_members[j].rm_role != y->ro_members[j].rm_role ||
			    !key_eq(&x->ro_members[j].rm_key, &y->ro_members[j].rm_key))
				return 0;
	}
	return 1;
}

const struct roster_org *roster_find_org(const struct roster *r, const char *id)
{
	for (unsigned i = 0; i < r->r_norgs; i++)
		if (strcmp(r->r_orgs[i].ro_id, id) == 0)
			return &r->r_orgs[i];
	return NULL;
}

const struct roster_member *roster_find_member_by_key(const struct roster *r,
                                                      const uint8_t pk[KEYS_PK_LEN],
                                                      const struct roster_org **org)
{
	for (unsigned i = 0; i < r->r_norgs; i++) {
		const struct roster_org *o = &r->r_orgs[i];
		for (unsigned j = 0; j < o->ro_nmembers; j++) {
			if (memcmp(o->ro_members[j].rm_key.kv_pk, pk, KEYS_PK_LEN) == 0) {
				if (org != NULL)
					*org = o;
				return &o->ro_members[j];
			}
		}
	}
	if (org != NULL)
		*org = NULL;
	return NULL;
}

const struct roster_node *roster_find_node_by_key(const struct roster *r,
                                                  const uint8_t pk[KEYS_PK_LEN])
{
	for (unsigned i = 0; i < r->r_nnodes; i++)
		if (memcmp(r->r_nodes[i].rn_key.kv_pk, pk, KEYS_PK_LEN) == 0)
			return &r->r_nodes[i];
	return NULL;
}

/* ---- changes after genesis ------------------------------------------ */

int roster_dup(const struct roster *r, struct roster **out)
{
	struct roster *d;
	int rc = CVD_ENOMEM;

	*out = NULL;
	d = calloc(1, sizeof(*d));
	if (d == NULL)
		return CVD_ENOMEM;
	memcpy(d->r_nodes, r->r_nodes, sizeof(d->r_nodes));
	d->r_nnodes = r->r_nnodes;
	d->r_orgs = calloc(r->r_norgs > 0 ? r->r_norgs : 1, sizeof(*d->r_orgs));
	if (d->r_orgs == NULL)
		goto out;
	for (unsigned i = 0; i < r->r_norgs; i++) {
		const struct roster_org *o = &r->r_orgs[i];
		struct roster_org *c = &d->r_orgs[i];
		*c = *o;
		c->ro_nmembers = 0;
		c->ro_members =
		    malloc((o->ro_nmembers > 0 ? o->ro_nmembers : 1) * sizeof(*c->ro_members));
		d->r_norgs++; /* so roster_free frees this org's array */
		if (c->ro_members == NULL)
			goto out;
		memcpy(c->ro_members, o->ro_members, o->ro_nmembers * sizeof(*c->ro_members));
		c->ro_nmembers = o->ro_nmembers;
	}
	*out = d;
	d = NULL;
	rc = 0;
out:
	roster_free(d);
	return rc;
}

/* text_arg: s is UTF-8 without control characters (other than tab), so a
 * message may quote it; else an error naming the field. */
static int text_arg(const char *s, const char *field, char *err, size_t cap)
{
	size_t len = strlen(s);

	if (!enc_utf8_valid(s, len) || has_control(s, len))
		return fail(err, cap, 0, "%s is not UTF-8 text without control characters", field);
	return 0;
}

/* change_org: the org of a change, by id; the message names the field. */
static int change_org(struct roster *r, const char *org, struct roster_org **out, char *err,
                      size_t cap)
{
	int rc = text_arg(org, "org", err, cap);

	*out = NULL;
	if (rc != 0)
		return rc;
	for (unsigned i = 0; i < r->r_norgs; i++)
		if (strcmp(r->r_orgs[i].ro_id, org) == 0)
			*out = &r->r_orgs[i];
	if (*out == NULL)
		return fail(err, cap, 0, "unknown org \"%.*s\"", Q(org, strlen(org)));
	return 0;
}

int roster_add_member(struct roster *r, const char *org, const char *id, const char *role,
                      const char *vkey, char *err, size_t errcap)
{
	struct roster_org *o;
	struct roster_member m, *grown;
	const struct roster_member *other;
	const struct roster_org *other_org;
	const struct roster_node *node;
	int rc;

	if (err != NULL && errcap > 0)
		err[0] = '\0';
	rc = change_org(r, org, &o, err, errcap);
	if (rc == 0)
		rc = text_arg(id, "member id", err, errcap);
	if (rc == 0)
		rc = text_arg(role, "role", err, errcap);
	if (rc == 0)
		rc = text_arg(vkey, "verifier key", err, errcap);
	if (rc != 0)
		return rc;
	memset(&m, 0, sizeof(m));
	rc = check_member(o, id, strlen(id), role, strlen(role), &m.rm_role, err, errcap, 0);
	if (rc != 0)
		return rc;
	for (unsigned i = 0; i < o->ro_nmembers; i++)
		if (strcmp(o->ro_members[i].rm_id, id) == 0)
			return fail(err, errcap, 0, "member \"%s\" already in org \"%s\"", id,
			            o->ro_id);
	if (o->ro_nmembers == ROSTER_MAX_MEMBERS)
		return fail(err, errcap, 0, "more than %d members in org \"%s\"",
		            ROSTER_MAX_MEMBERS, o->ro_id);
	rc = verifier_parse(vkey, strlen(vkey), "member", &m.rm_key, err, errcap, 0);
	if (rc != 0)
		return rc;
	other = roster_find_member_by_key(r, m.rm_key.kv_pk, &other_org);
	if (other != NULL)
		return fail(err, errcap, 0,
		            "member verifier key: public key already used by member \"%s\" of "
		            "org \"%s\"",
		            other->rm_id, other_org->ro_id);
	node = roster_find_node_by_key(r, m.rm_key.kv_pk);
	if (node != NULL)
		return fail(err, errcap, 0,
		            "member verifier key: public key already used by node \"%s\"",
		            node->rn_name);
	memcpy(m.rm_id, id, strlen(id));
	/* Exactly the size needed: roster arrays carry no capacity. */
	grown = realloc(o->ro_members, (o->ro_nmembers + 1) * sizeof(*grown));
	if (grown == NULL)
		return CVD_ENOMEM;
	o->ro_members = grown;
	o->ro_members[o->ro_nmembers++] = m;
	return 0;
}

int roster_remove_member(struct roster *r, const char *org, const char *id, char *err,
                         size_t errcap)
{
	struct roster_org *o;
	unsigned i, admins = 0;
	int rc;

	if (err != NULL && errcap > 0)
		err[0] = '\0';
	rc = change_org(r, org, &o, err, errcap);
	if (rc == 0)
		rc = text_arg(id, "member id", err, errcap);
	if (rc != 0)
		return rc;
	for (i = 0; i < o->ro_nmembers; i++)
		if (strcmp(o->ro_members[i].rm_id, id) == 0)
			break;
	if (i == o->ro_nmembers)
		return fail(err, errcap, 0, "no member \"%.*s\" in org \"%s\"", Q(id, strlen(id)),
		            o->ro_id);
	for (unsigned j = 0; j < o->ro_nmembers; j++)
		admins += o->ro_members[j].rm_role == ROSTER_ROLE_ADMIN;
	if (o->ro_members[i].rm_role == ROSTER_ROLE_ADMIN && admins == 1)
		return fail(err, errcap, 0,
		            "member \"%s\" is the last admin of org \"%s\" and cannot be removed",
		            id, o->ro_id);
	memmove(&o->ro_members[i], &o->ro_members[i + 1],
	        (o->ro_nmembers - i - 1) * sizeof(o->ro_members[0]));
	o->ro_nmembers--;
	return 0;
}

int roster_set_policy(struct roster *r, const char *org, const char *name, const char *value,
                      char *err, size_t errcap)
{
	struct roster_org *o;
	size_t i;
	int rc;

	if (err != NULL && errcap > 0)
		err[0] = '\0';
	rc = change_org(r, org, &o, err, errcap);
	if (rc == 0)
		rc = text_arg(name, "policy name", err, errcap);
	if (rc == 0)
		rc = text_arg(value, "policy value", err, errcap);
	if (rc != 0)
		return rc;
	if (o->ro_kind != ROSTER_KIND_VENDOR)
		return fail(err, errcap, 0, "policies are for vendor orgs only (\"%s\" is %s %s)",
		            o->ro_id, o->ro_kind == ROSTER_KIND_AUDITOR ? "an" : "a",
		            kind_names[o->ro_kind]);
	i = policy_find(name, strlen(name));
	if (i == NPOLICIES)
		return fail(err, errcap, 0, "unknown policy \"%.*s\"", Q(name, strlen(name)));
	return policy_value(i, value, strlen(value), &o->ro_policy, err, errcap, 0);
}
