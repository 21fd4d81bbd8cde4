/*
 * cases.c: the CVD domain state and its rules table (see cases.h).
 *
 * One row per case event kind in `kinds` below says who may record it and
 * which handler checks its fields and its state machine steps. A handler
 * first checks everything, then changes the state; it never returns a
 * refusal after a change. Commitments are checked before the handler and
 * recorded after it, with the event's readers.
 */
#include "cases.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cvdlog.pb-c.h"
#include "encoding.h"
#include "entry.h"
#include "error.h"
#include "vuln.h"

struct cases {
	struct roster *cs_roster; /* NULL before a genesis with a roster */
	/* the entries that made the roster: the genesis, then each roster change */
	size_t cs_nroster_idx, cs_caproster_idx;
	uint64_t *cs_roster_idx;
	size_t cs_ncases, cs_capcases;
	struct cases_case *cs_cases; /* sorted by id: ids are log indices */
	size_t cs_nproducts, cs_capproducts;
	struct cases_product *cs_products;
	/* every commitment digest in the log: an open-addressing set, a zero
	 * slot is empty (an all-zero digest is refused) */
	size_t cs_ndigests, cs_capdigests;
	uint8_t (*cs_digests)[SEAL_DIGEST_LEN];
};

/* Who may record an event (the rows' cw_who). */
#define WHO_ANYONE   (1u << 0) /* any key: a report */
#define WHO_REPORTER (1u << 1) /* the case's reporter */
#define WHO_VENDOR   (1u << 2) /* a member of the vendor the step is about */
#define WHO_VENDORS  (1u << 3) /* a member of any vendor on the case */
#define WHO_COORD    (1u << 4) /* a member of a coordinator org on the case */
#define WHO_PARTY    (WHO_REPORTER | WHO_VENDORS | WHO_COORD)

/* What a handler sees. */
struct apply {
	struct cases *c;
	const struct cases_entry *e;
	const Cvdlog__CaseEvent *ev;
	const char *name;              /* the kind's name, for messages */
	struct cases_case *cs;         /* NULL for a report */
	struct cases_vendor *v;        /* the participant vendor; NULL for a report */
	char party[ROSTER_ID_MAX + 1]; /* the author's party: an org id, "" = reporter */
	int is_reporter;
	char *why;
	size_t cap;
};

typedef int (*handler_fn)(struct apply *a);

struct kind_row {
	int cw_kind;
	const char *cw_name;
	unsigned cw_who;
	handler_fn cw_fn;
};

static int refuse(struct apply *a, int rc, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (a->cap == 0)
		return rc;
	n = snprintf(a->why, a->cap, "%s: ", a->name);
	if (n < 0 || (size_t)n >= a->cap)
		return rc;
	va_start(ap, fmt);
	vsnprintf(a->why + n, a->cap - (size_t)n, fmt, ap);
	va_end(ap);
	return rc;
}

static int grow(void **arr, size_t *cap, size_t need, size_t size)
{
	size_t n;
	void *p;

	if (need <= *cap)
		return 0;
	n = *cap ? *cap * 2 : 4;
	while (n < need)
		n *= 2;
	p = realloc(*arr, n * size);
	if (p == NULL)
		return CVD_ENOMEM;
	*arr = p;
	*cap = n;
	return 0;
}

/* ---- field checks ---- */

/* text_ok: UTF-8, 1..max bytes (0 allowed when optional), no control char. */
static int text_ok(const char *s, size_t max, int optional)
{
	size_t len = strlen(s);

	if (len == 0)
		return optional;
	if (len > max || !enc_utf8_valid(s, len))
		return 0;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return 1;
}

static int url_ok(const char *s)
{
	size_t len = strlen(s);

	if (len > CASES_URL_MAX ||
	    (strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0))
		return 0;
	for (size_t i = 0; i < len; i++)
		if (s[i] <= 0x20 || s[i] >= 0x7f)
			return 0;
	return len > 8;
}

static int advisory_id_ok(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || len > CASES_ADVISORY_ID_MAX)
		return 0;
	for (size_t i = 0; i < len; i++) {
		char ch = s[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.' || ch == ':'))
			return 0;
	}
	return 1;
}

/* field_name_ok: [a-z][a-z0-9-]{0,31} */
static int field_name_ok(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || len > CASES_FIELD_MAX || s[0] < 'a' || s[0] > 'z')
		return 0;
	for (size_t i = 1; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	return 1;
}

static int cvss_check(struct apply *a, const char *field, const char *vector)
{
	struct vuln_cvss cv;
	char err[128];

	if (vuln_cvss_parse(vector, &cv, err, sizeof(err)) != 0)
		return refuse(a, CVD_EINVAL, "%s: %s", field, err);
	return 0;
}

static int list_check(struct apply *a, const char *field, char **items, size_t n,
                      int (*valid)(const char *))
{
	if (n > CASES_MAX_LIST)
		return refuse(a, CVD_EINVAL, "%s: more than %d", field, CASES_MAX_LIST);
	for (size_t i = 0; i < n; i++) {
		if (!valid(items[i]))
			return refuse(a, CVD_EINVAL, "%s: \"%.80s\" is not valid", field, items[i]);
		for (size_t j = 0; j < i; j++)
			if (strcmp(items[i], items[j]) == 0)
				return refuse(a, CVD_EINVAL, "%s: %.80s listed twice", field,
				              items[i]);
	}
	return 0;
}

static int credit_ok(const char *s)
{
	return text_ok(s, CASES_TEXT_MAX, 0);
}

static int sha256_check(struct apply *a, const char *field, ProtobufCBinaryData d)
{
	if (d.len != 32)
		return refuse(a, CVD_EINVAL, "%s must be 32 bytes", field);
	return 0;
}

static int channel_ok(int ch, int allow_log)
{
	return ch >= CVDLOG__CHANNEL__SECURITY_CENTER &&
	       (ch <= CVDLOG__CHANNEL__OTHER || (allow_log && ch == CVDLOG__CHANNEL__LOG));
}

/* ---- who is who ---- */

static const struct roster_org *member_org(const struct cases *c, const uint8_t *pk)
{
	const struct roster_org *org = NULL;

	if (c->cs_roster == NULL || roster_find_member_by_key(c->cs_roster, pk, &org) == NULL)
		return NULL;
	return org;
}

static int is_member_of(const struct cases *c, const uint8_t *pk, const char *org_id)
{
	const struct roster_org *org = member_org(c, pk);
	return org != NULL && strcmp(org->ro_id, org_id) == 0;
}

static struct cases_vendor *case_vendor(struct cases_case *cs, const char *org)
{
	for (unsigned i = 0; i < cs->cc_nvendors; i++)
		if (strcmp(cs->cc_vendors[i].cv_org, org) == 0)
			return &cs->cc_vendors[i];
	return NULL;
}

static int case_has_coord(const struct cases_case *cs, const char *org)
{
	for (unsigned i = 0; i < cs->cc_ncoords; i++)
		if (strcmp(cs->cc_coords[i], org) == 0)
			return 1;
	return 0;
}

/* authorize sets a->party and checks the row's who against the author. */
static int authorize(struct apply *a, unsigned who)
{
	const struct roster_org *org = member_org(a->c, a->e->ce_author);
	struct cases_case *cs = a->cs;
	int ok = 0;

	a->party[0] = '\0';
	a->is_reporter = cs != NULL && memcmp(cs->cc_reporter, a->e->ce_author, KEYS_PK_LEN) == 0;
	if (cs != NULL && org != NULL &&
	    (case_vendor(cs, org->ro_id) || case_has_coord(cs, org->ro_id)))
		snprintf(a->party, sizeof(a->party), "%s", org->ro_id);
	if (who & WHO_ANYONE)
		ok = 1;
	if ((who & WHO_REPORTER) && a->is_reporter)
		ok = 1;
	if ((who & WHO_VENDOR) && org != NULL && a->v != NULL &&
	    strcmp(org->ro_id, a->v->cv_org) == 0)
		ok = 1;
	if ((who & WHO_VENDORS) && org != NULL && cs != NULL && case_vendor(cs, org->ro_id) != NULL)
		ok = 1;
	if ((who & WHO_COORD) && org != NULL && cs != NULL && case_has_coord(cs, org->ro_id))
		ok = 1;
	if (ok)
		return 0;
	if (who == WHO_REPORTER)
		return refuse(a, CVD_EUNAUTH, "only the case's reporter may do this");
	if (who == WHO_VENDOR)
		return refuse(a, CVD_EUNAUTH, "only a member of vendor org %s may do this",
		              a->v != NULL ? a->v->cv_org : "?");
	if (who == (WHO_VENDOR | WHO_COORD))
		return refuse(
		    a, CVD_EUNAUTH,
		    "only a member of vendor org %s or a coordinator on the case may do this",
		    a->v != NULL ? a->v->cv_org : "?");
	if (who == (WHO_VENDOR | WHO_REPORTER))
		return refuse(a, CVD_EUNAUTH,
		              "only a member of vendor org %s or the case's reporter may do this",
		              a->v != NULL ? a->v->cv_org : "?");
	return refuse(a, CVD_EUNAUTH,
	              "only a party to the case (its reporter, a member of a vendor on it, a "
	              "coordinator on it) may do this");
}

/* ---- commitments ---- */

/* The commitments an event makes, whatever its kind. */
struct commits {
	unsigned n;
	const Cvdlog__Commitment *c[CASES_MAX_COMMITS];
};

unsigned cases_event_commitments(const Cvdlog__CaseEvent *ev, const Cvdlog__Commitment **out)
{
	const Cvdlog__Commitment *one = NULL;

	switch (ev->kind_case) {
	case CVDLOG__CASE_EVENT__KIND_REPORT: {
		size_t n = ev->report->n_fields;
		if (n > CASES_MAX_COMMITS)
			n = CASES_MAX_COMMITS + 1;
		for (size_t i = 0; i < n; i++)
			out[i] = ev->report->fields[i];
		return (unsigned)n;
	}
	case CVDLOG__CASE_EVENT__KIND_PROGRESS_UPDATE: one = ev->progress_update->summary; break;
	case CVDLOG__CASE_EVENT__KIND_INVALIDATED: one = ev->invalidated->reason; break;
	case CVDLOG__CASE_EVENT__KIND_DEFERRED: one = ev->deferred->reason; break;
	case CVDLOG__CASE_EVENT__KIND_SCOPE_CONFIRMED: one = ev->scope_confirmed->products; break;
	case CVDLOG__CASE_EVENT__KIND_DEADLINE_EXTENDED:
		one = ev->deadline_extended->justification;
		break;
	case CVDLOG__CASE_EVENT__KIND_FIX_PLAN_READY: one = ev->fix_plan_ready->plan; break;
	case CVDLOG__CASE_EVENT__KIND_MITIGATION_AVAILABLE:
		one = ev->mitigation_available->mitigation;
		break;
	case CVDLOG__CASE_EVENT__KIND_DISPUTE_OPENED: one = ev->dispute_opened->statement; break;
	case CVDLOG__CASE_EVENT__KIND_DISPUTE_RESPONSE:
		one = ev->dispute_response->statement;
		break;
	case CVDLOG__CASE_EVENT__KIND_DISPUTE_RESOLVED:
		one = ev->dispute_resolved->statement;
		break;
	case CVDLOG__CASE_EVENT__KIND_CONDUCT_VIOLATION:
		one = ev->conduct_violation->details;
		break;
	case CVDLOG__CASE_EVENT__KIND_EXPLOITATION_AWARE:
		one = ev->exploitation_aware->evidence;
		break;
	case CVDLOG__CASE_EVENT__KIND_REGULATOR_REPORT: one = ev->regulator_report->content; break;
	case CVDLOG__CASE_EVENT__KIND_CORRECTIVE_MEASURE:
		one = ev->corrective_measure->description;
		break;
	default: break;
	}
	if (one == NULL)
		return 0;
	out[0] = one;
	return 1;
}

static int gather_commits(struct apply *a, struct commits *k)
{
	const Cvdlog__Commitment *all[CASES_MAX_COMMITS + 1];
	unsigned n = cases_event_commitments(a->ev, all);

	if (n > CASES_MAX_COMMITS)
		return refuse(a, CVD_EINVAL, "fields: more than %d", CASES_MAX_COMMITS);
	k->n = n;
	memcpy(k->c, all, n * sizeof(all[0]));
	return 0;
}

static const struct seal_payload *find_sealed(const struct cases_entry *e, const uint8_t *digest)
{
	for (unsigned i = 0; i < e->ce_nsealed; i++)
		if (memcmp(e->ce_sealed[i].sp_digest, digest, SEAL_DIGEST_LEN) == 0)
			return &e->ce_sealed[i];
	return NULL;
}

static const uint8_t zero_digest[SEAL_DIGEST_LEN];

static size_t digest_slot(const uint8_t (*set)[SEAL_DIGEST_LEN], size_t cap, const uint8_t *d)
{
	uint64_t h;
	size_t i;

	memcpy(&h, d, sizeof(h)); /* digests are SHA-256 output: already spread */
	for (i = (size_t)h & (cap - 1);; i = (i + 1) & (cap - 1))
		if (memcmp(set[i], d, SEAL_DIGEST_LEN) == 0 ||
		    memcmp(set[i], zero_digest, SEAL_DIGEST_LEN) == 0)
			return i;
}

static int digest_in_use(const struct cases *c, const uint8_t *d)
{
	if (c->cs_capdigests == 0)
		return 0;
	return memcmp(c->cs_digests[digest_slot(c->cs_digests, c->cs_capdigests, d)], d,
	              SEAL_DIGEST_LEN) == 0;
}

/* digest_add keeps the set at most half full. */
static int digest_add(struct cases *c, const uint8_t *d)
{
	if (2 * (c->cs_ndigests + 1) > c->cs_capdigests) {
		size_t ncap = c->cs_capdigests ? 2 * c->cs_capdigests : 64;
		uint8_t(*set)[SEAL_DIGEST_LEN] = calloc(ncap, SEAL_DIGEST_LEN);
		if (set == NULL)
			return CVD_ENOMEM;
		for (size_t i = 0; i < c->cs_capdigests; i++)
			if (memcmp(c->cs_digests[i], zero_digest, SEAL_DIGEST_LEN) != 0)
				memcpy(set[digest_slot(set, ncap, c->cs_digests[i])],
				       c->cs_digests[i], SEAL_DIGEST_LEN);
		free(c->cs_digests);
		c->cs_digests = set;
		c->cs_capdigests = ncap;
	}
	memcpy(c->cs_digests[digest_slot(c->cs_digests, c->cs_capdigests, d)], d, SEAL_DIGEST_LEN);
	c->cs_ndigests++;
	return 0;
}

/* check_commits: names, digests, readers (who must be able to read), and
 * with ce_check_sealed the payloads. readers[] gets the parsed reader keys. */
static int check_commits(struct apply *a, const struct commits *k, const char *vendor,
                         const uint8_t *reporter, char **rtext, size_t nrtext,
                         struct keys_verifier *readers, unsigned *nreaders)
{
	const struct roster_org *org;

	*nreaders = 0;
	if (k->n == 0) {
		if (nrtext != 0)
			return refuse(a, CVD_EINVAL,
			              "readers: listed on an event without commitments");
		if (a->e->ce_check_sealed && a->e->ce_nsealed != 0 &&
		    (a->ev == NULL || a->ev->kind_case != CVDLOG__CASE_EVENT__KIND_CONFIDENTIALITY))
			return refuse(a, CVD_EINVAL,
			              "sealed payload sent with an event without commitments");
		return 0;
	}
	for (unsigned i = 0; i < k->n; i++) {
		const Cvdlog__Commitment *cm = k->c[i];
		if (!field_name_ok(cm->field))
			return refuse(a, CVD_EINVAL, "commitment field name \"%.40s\" is not valid",
			              cm->field);
		if (cm->digest.len != SEAL_DIGEST_LEN ||
		    memcmp(cm->digest.data, zero_digest, SEAL_DIGEST_LEN) == 0)
			return refuse(a, CVD_EINVAL,
			              "commitment %s: digest must be 32 bytes, not all zero",
			              cm->field);
		for (unsigned j = 0; j < i; j++) {
			if (strcmp(k->c[j]->field, cm->field) == 0)
				return refuse(a, CVD_EINVAL, "commitment field %s given twice",
				              cm->field);
			if (memcmp(k->c[j]->digest.data, cm->digest.data, SEAL_DIGEST_LEN) == 0)
				return refuse(a, CVD_EINVAL, "commitment digest given twice");
		}
		if (digest_in_use(a->c, cm->digest.data))
			return refuse(a, CVD_EINVAL, "commitment %s: digest already in the log",
			              cm->field);
	}
	if (nrtext == 0 || nrtext > SEAL_MAX_READERS)
		return refuse(a, CVD_EINVAL, "readers: 1..%d verifier keys needed with commitments",
		              SEAL_MAX_READERS);
	for (size_t i = 0; i < nrtext; i++) {
		struct keys_verifier *r = &readers[i];
		if (keys_verifier_parse(rtext[i], strlen(rtext[i]), r) != 0 ||
		    r->kv_type != KEYS_TYPE_ED25519)
			return refuse(a, CVD_EINVAL, "readers: \"%.60s\" is not a verifier key",
			              rtext[i]);
		for (size_t j = 0; j < i; j++)
			if (memcmp(readers[j].kv_pk, r->kv_pk, KEYS_PK_LEN) == 0)
				return refuse(a, CVD_EINVAL, "readers: a key is listed twice");
		(*nreaders)++;
	}
	/* The reporter and every member of the vendor must be able to read. */
	org = roster_find_org(a->c->cs_roster, vendor);
	for (unsigned m = 0; org != NULL && m <= org->ro_nmembers; m++) {
		if (m == org->ro_nmembers && reporter == NULL)
			break; /* an org's own record has no reporter */
		const uint8_t *pk =
		    m < org->ro_nmembers ? org->ro_members[m].rm_key.kv_pk : reporter;
		int found = 0;
		for (unsigned i = 0; i < *nreaders && !found; i++)
			found = memcmp(readers[i].kv_pk, pk, KEYS_PK_LEN) == 0;
		if (!found && m < org->ro_nmembers)
			return refuse(a, CVD_EINVAL,
			              "readers: member %s of vendor org %s is not a reader",
			              org->ro_members[m].rm_id, vendor);
		if (!found)
			return refuse(a, CVD_EINVAL,
			              "readers: the case's reporter is not a reader");
	}
	if (!a->e->ce_check_sealed)
		return 0;
	if (a->e->ce_nsealed != k->n)
		return refuse(a, CVD_EINVAL, "%u sealed payloads sent for %u commitments",
		              a->e->ce_nsealed, k->n);
	for (unsigned i = 0; i < k->n; i++) {
		const struct seal_payload *p = find_sealed(a->e, k->c[i]->digest.data);
		if (p == NULL)
			return refuse(a, CVD_EINVAL, "commitment %s: no sealed payload for it",
			              k->c[i]->field);
		if (p->sp_nreaders != *nreaders)
			return refuse(
			    a, CVD_EINVAL,
			    "commitment %s: its payload is not sealed to exactly the readers",
			    k->c[i]->field);
		for (unsigned r = 0; r < *nreaders; r++)
			if (seal_payload_find_reader(p, readers[r].kv_pk) < 0)
				return refuse(a, CVD_EINVAL,
				              "commitment %s: its payload is not sealed to exactly "
				              "the readers",
				              k->c[i]->field);
	}
	return 0;
}

static int record_commits(struct cases *c, struct cases_case *cs, const struct commits *k,
                          uint64_t index, const struct keys_verifier *readers, unsigned nreaders)
{
	size_t cap = cs->cc_ncommits;

	if (k->n == 0)
		return 0;
	if (grow((void **)&cs->cc_commits, &cap, cs->cc_ncommits + k->n, sizeof(*cs->cc_commits)))
		return CVD_ENOMEM;
	for (unsigned i = 0; i < k->n; i++) {
		struct cases_commit *cm = &cs->cc_commits[cs->cc_ncommits];
		memset(cm, 0, sizeof(*cm));
		memcpy(cm->cm_digest, k->c[i]->digest.data, SEAL_DIGEST_LEN);
		snprintf(cm->cm_field, sizeof(cm->cm_field), "%s", k->c[i]->field);
		cm->cm_index = index;
		cm->cm_readers = malloc(nreaders * sizeof(*cm->cm_readers));
		if (cm->cm_readers == NULL)
			return CVD_ENOMEM;
		for (unsigned r = 0; r < nreaders; r++)
			memcpy(cm->cm_readers[r], readers[r].kv_pk, KEYS_PK_LEN);
		cm->cm_nreaders = nreaders;
		cs->cc_ncommits++;
		if (digest_add(c, cm->cm_digest) != 0)
			return CVD_ENOMEM;
	}
	return 0;
}

/* check_openings: each opening matches a commitment of this case. */
static int check_openings(struct apply *a, Cvdlog__Opening **op, size_t n)
{
	if (n > CASES_MAX_COMMITS * 4)
		return refuse(a, CVD_EINVAL, "openings: too many");
	for (size_t i = 0; i < n; i++) {
		const struct cases_commit *cm;
		if (op[i]->digest.len != SEAL_DIGEST_LEN || op[i]->salt.len != SEAL_SALT_LEN)
			return refuse(a, CVD_EINVAL,
			              "opening %zu: digest and salt must be 32 bytes", i + 1);
		if (op[i]->plaintext.len > SEAL_PLAINTEXT_MAX)
			return refuse(a, CVD_EINVAL, "opening %zu: plaintext too long", i + 1);
		cm = cases_find_commit(a->cs, op[i]->digest.data);
		if (cm == NULL)
			return refuse(a, CVD_EINVAL, "opening %zu: no such commitment on this case",
			              i + 1);
		if (seal_opening_check(op[i]->digest.data, op[i]->salt.data, op[i]->plaintext.data,
		                       op[i]->plaintext.len) != 0)
			return refuse(a, CVD_EINVAL,
			              "opening %zu (%s) does not match its commitment", i + 1,
			              cm->cm_field);
		for (size_t j = 0; j < i; j++)
			if (memcmp(op[j]->digest.data, op[i]->digest.data, SEAL_DIGEST_LEN) == 0)
				return refuse(a, CVD_EINVAL, "opening %zu: commitment opened twice",
				              i + 1);
	}
	return 0;
}

static void mark_opened(struct apply *a, Cvdlog__Opening **op, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct cases_commit *cm =
		    (struct cases_commit *)cases_find_commit(a->cs, op[i]->digest.data);
		if (cm != NULL && cm->cm_opened_at == 0)
			cm->cm_opened_at = a->e->ce_index;
	}
}

/* ---- state helpers ---- */

static int rm_step(struct apply *a, enum rules_rm to, enum rules_close_reason reason)
{
	const char *why;
	int rc = rules_rm_step(a->v->cv_rm, to, reason, &why);
	if (rc != 0)
		return refuse(a, rc, "%s (vendor %s)", why, a->v->cv_org);
	return 0;
}

static int rm_open(struct apply *a)
{
	if (a->v->cv_rm == RULES_RM_START || a->v->cv_rm == RULES_RM_CLOSED)
		return refuse(a, CVD_ETRANSITION, "RM: vendor %s is %s", a->v->cv_org,
		              rules_rm_name(a->v->cv_rm));
	return 0;
}

static int cs_vendor(struct apply *a, unsigned flag)
{
	const char *why;
	int rc = rules_cs_vendor_set(a->v->cv_flags, flag, a->v->cv_rm, a->v->cv_must_v_next, &why);
	if (rc != 0)
		return refuse(a, rc, "%s (vendor %s)", why, a->v->cv_org);
	return 0;
}

static void cs_vendor_set(struct apply *a, unsigned flag)
{
	a->v->cv_flags |= flag;
	if (flag == RULES_CS_V)
		a->v->cv_must_v_next = 0;
}

/* case_flag_on: turn on P, X or A (already on is fine for P set by a
 * publication). Vendors unaware when P comes on must record V next. */
static void case_flags_set(struct cases_case *cs, unsigned flags)
{
	if ((flags & RULES_CS_P) && !(cs->cc_flags & RULES_CS_P))
		for (unsigned i = 0; i < cs->cc_nvendors; i++)
			if (!(cs->cc_vendors[i].cv_flags & RULES_CS_V))
				cs->cc_vendors[i].cv_must_v_next = 1;
	cs->cc_flags |= flags;
}

static int em_trigger(struct apply *a, enum rules_em_trigger t, enum rules_em *to)
{
	const char *why;
	int rc = rules_embargo_allowed(a->cs->cc_flags, a->cs->cc_em, t, &why);
	if (rc == 0)
		rc = rules_em_step(a->cs->cc_em, t, to, &why);
	if (rc != 0)
		return refuse(a, rc, "%s", why);
	return 0;
}

static uint64_t embargo_max_ms(const struct apply *a)
{
	uint64_t m = UINT64_MAX;
	for (unsigned i = 0; i < a->cs->cc_nvendors; i++) {
		const struct roster_org *o =
		    roster_find_org(a->c->cs_roster, a->cs->cc_vendors[i].cv_org);
		if (o != NULL && o->ro_policy.rp_embargo_max_s * 1000 < m)
			m = o->ro_policy.rp_embargo_max_s * 1000;
	}
	return m;
}

static struct cases_dispute *find_dispute(struct cases_case *cs, uint64_t id)
{
	for (unsigned i = 0; i < cs->cc_ndisputes; i++)
		if (cs->cc_disputes[i].cd_id == id)
			return &cs->cc_disputes[i];
	return NULL;
}

/* ---- handlers, one per kind ---- */

static int h_report(struct apply *a)
{
	const Cvdlog__ReportSubmitted *r = a->ev->report;
	const struct roster_org *org = roster_find_org(a->c->cs_roster, r->vendor);
	struct cases *c = a->c;
	struct cases_case *cs;
	char vkey[KEYS_VKEY_MAX + 1];
	int has_description = 0;

	if (a->ev->case_id != 0 || a->ev->participant[0] != '\0')
		return refuse(a, CVD_EINVAL, "case_id and participant must be unset on a report");
	if (org == NULL || org->ro_kind != ROSTER_KIND_VENDOR)
		return refuse(a, CVD_EINVAL, "vendor: no vendor org \"%.64s\" in the roster",
		              r->vendor);
	if (!channel_ok(r->channel, 0))
		return refuse(a, CVD_EINVAL,
		              "channel: not one of security-center, email, hackerone, "
		              "coordinator, other");
	for (size_t i = 0; i < r->n_fields; i++)
		has_description |= strcmp(r->fields[i]->field, "description") == 0;
	if (!has_description)
		return refuse(a, CVD_EINVAL, "fields: a report needs a committed description");
	if (r->reporter_cvss[0] != '\0' && cvss_check(a, "reporter_cvss", r->reporter_cvss) != 0)
		return CVD_EINVAL;
	if (r->planned_disclosure_ms != 0 && r->planned_disclosure_ms < a->e->ce_time_ms)
		return refuse(a, CVD_EINVAL, "planned_disclosure: in the past");
	if (grow((void **)&c->cs_cases, &c->cs_capcases, c->cs_ncases + 1, sizeof(*c->cs_cases)))
		return CVD_ENOMEM;
	cs = &c->cs_cases[c->cs_ncases];
	memset(cs, 0, sizeof(*cs));
	cs->cc_vendors = calloc(1, sizeof(*cs->cc_vendors));
	if (cs->cc_vendors == NULL)
		return CVD_ENOMEM;
	c->cs_ncases++;
	cs->cc_id = a->e->ce_index;
	memcpy(cs->cc_reporter, a->e->ce_author, KEYS_PK_LEN);
	snprintf(cs->cc_reporter_vkey, sizeof(vkey), "%s", a->e->ce_event->ev_signer);
	cs->cc_channel = r->channel;
	cs->cc_opened_ms = a->e->ce_time_ms;
	cs->cc_nvendors = 1;
	snprintf(cs->cc_vendors[0].cv_org, sizeof(cs->cc_vendors[0].cv_org), "%s", org->ro_id);
	cs->cc_vendors[0].cv_rm = RULES_RM_RECEIVED;
	cs->cc_vendors[0].cv_received_ms = a->e->ce_time_ms;
	a->cs = cs;
	return 0;
}

static int h_acknowledged(struct apply *a)
{
	if (!channel_ok(a->ev->acknowledged->channel, 1))
		return refuse(a, CVD_EINVAL, "channel: unset or unknown");
	if (a->v->cv_ack_ms != 0)
		return refuse(a, CVD_ETRANSITION, "vendor %s has acknowledged already",
		              a->v->cv_org);
	if (a->v->cv_rm == RULES_RM_START && rm_step(a, RULES_RM_RECEIVED, RULES_CLOSE_NONE) != 0)
		return CVD_ETRANSITION;
	if (!(a->v->cv_flags & RULES_CS_V) && cs_vendor(a, RULES_CS_V) != 0)
		return CVD_ETRANSITION;
	if (a->v->cv_rm == RULES_RM_START) {
		a->v->cv_rm = RULES_RM_RECEIVED;
		a->v->cv_received_ms = a->e->ce_time_ms;
	}
	cs_vendor_set(a, RULES_CS_V);
	a->v->cv_ack_ms = a->e->ce_time_ms;
	a->v->cv_last_update_ms = a->e->ce_time_ms;
	return 0;
}

static int h_progress_update(struct apply *a)
{
	if (!channel_ok(a->ev->progress_update->channel, 1))
		return refuse(a, CVD_EINVAL, "channel: unset or unknown");
	if (rm_open(a) != 0)
		return CVD_ETRANSITION;
	a->v->cv_last_update_ms = a->e->ce_time_ms;
	return 0;
}

static int h_assigned(struct apply *a)
{
	const struct roster_org *org = roster_find_org(a->c->cs_roster, a->v->cv_org);
	const char *who = a->ev->assigned->assignee;
	int found = 0;

	for (unsigned i = 0; org != NULL && i < org->ro_nmembers && !found; i++)
		found = strcmp(org->ro_members[i].rm_id, who) == 0;
	if (!found)
		return refuse(a, CVD_EINVAL, "assignee: \"%.64s\" is not a member of %s", who,
		              a->v->cv_org);
	return rm_open(a);
}

static int h_participant_invited(struct apply *a)
{
	const char *id = a->ev->participant_invited->org;
	const struct roster_org *org = roster_find_org(a->c->cs_roster, id);
	struct cases_case *cs = a->cs;
	size_t cap;

	if (org == NULL || org->ro_kind == ROSTER_KIND_AUDITOR)
		return refuse(a, CVD_EINVAL, "org: no vendor or coordinator org \"%.64s\"", id);
	if (case_vendor(cs, id) != NULL || case_has_coord(cs, id))
		return refuse(a, CVD_ETRANSITION, "org %s is on the case already", id);
	if (org->ro_kind == ROSTER_KIND_VENDOR) {
		struct cases_vendor *v;
		cap = cs->cc_nvendors;
		if (grow((void **)&cs->cc_vendors, &cap, cs->cc_nvendors + 1, sizeof(*v)))
			return CVD_ENOMEM;
		v = &cs->cc_vendors[cs->cc_nvendors++];
		memset(v, 0, sizeof(*v));
		snprintf(v->cv_org, sizeof(v->cv_org), "%s", id);
		v->cv_rm = RULES_RM_START;
		v->cv_must_v_next = (cs->cc_flags & RULES_CS_P) != 0;
		a->v = &cs->cc_vendors[0]; /* the array may have moved */
	} else {
		cap = cs->cc_ncoords;
		if (grow((void **)&cs->cc_coords, &cap, cs->cc_ncoords + 1, sizeof(*cs->cc_coords)))
			return CVD_ENOMEM;
		snprintf(cs->cc_coords[cs->cc_ncoords++], sizeof(cs->cc_coords[0]), "%s", id);
	}
	return 0;
}

static int h_validated(struct apply *a)
{
	const Cvdlog__Validated *m = a->ev->validated;

	if (!text_ok(m->exploitability, CASES_TEXT_MAX, 0))
		return refuse(a, CVD_EINVAL, "exploitability: 1..%d bytes of text needed",
		              CASES_TEXT_MAX);
	if (!text_ok(m->impact, CASES_TEXT_MAX, 0))
		return refuse(a, CVD_EINVAL, "impact: 1..%d bytes of text needed", CASES_TEXT_MAX);
	if (m->cvss[0] != '\0' && cvss_check(a, "cvss", m->cvss) != 0)
		return CVD_EINVAL;
	if (list_check(a, "cwe", m->cwe, m->n_cwe, vuln_cwe_valid) != 0)
		return CVD_EINVAL;
	if (rm_step(a, RULES_RM_VALID, RULES_CLOSE_NONE) != 0)
		return CVD_ETRANSITION;
	a->v->cv_rm = RULES_RM_VALID;
	a->v->cv_validated_ms = a->e->ce_time_ms;
	a->cs->cc_validated = 1;
	return 0;
}

static int h_invalidated(struct apply *a)
{
	if (rm_step(a, RULES_RM_INVALID, RULES_CLOSE_NONE) != 0)
		return CVD_ETRANSITION;
	a->v->cv_rm = RULES_RM_INVALID;
	return 0;
}

static int h_duplicate_of(struct apply *a)
{
	uint64_t orig = a->ev->duplicate_of->original_case;
	const struct cases_case *o = cases_find(a->c, orig);

	if (o == NULL || orig >= a->cs->cc_id)
		return refuse(a, CVD_EINVAL, "original_case: %llu is not an earlier case",
		              (unsigned long long)orig);
	if (rm_step(a, RULES_RM_INVALID, RULES_CLOSE_NONE) != 0)
		return CVD_ETRANSITION;
	a->v->cv_rm = RULES_RM_INVALID;
	a->cs->cc_duplicate_of = orig;
	return 0;
}

static int h_deferred(struct apply *a)
{
	if (rm_step(a, RULES_RM_DEFERRED, RULES_CLOSE_NONE) != 0)
		return CVD_ETRANSITION;
	a->v->cv_rm = RULES_RM_DEFERRED;
	return 0;
}

static int h_accepted(struct apply *a)
{
	if (rm_step(a, RULES_RM_ACCEPTED, RULES_CLOSE_NONE) != 0)
		return CVD_ETRANSITION;
	a->v->cv_rm = RULES_RM_ACCEPTED;
	return 0;
}

/* needs_analysed: valid, accepted or deferred. */
static int needs_analysed(struct apply *a)
{
	enum rules_rm s = a->v->cv_rm;
	if (s != RULES_RM_VALID && s != RULES_RM_ACCEPTED && s != RULES_RM_DEFERRED)
		return refuse(a, CVD_ETRANSITION,
		              "needs vendor %s valid, accepted or deferred (it is %s)",
		              a->v->cv_org, rules_rm_name(s));
	return 0;
}

static int h_scope_confirmed(struct apply *a)
{
	if (a->ev->scope_confirmed->products == NULL)
		return refuse(a, CVD_EINVAL, "products: a committed list of products is needed");
	return needs_analysed(a);
}

static int h_deadline_extended(struct apply *a)
{
	const Cvdlog__DeadlineExtended *m = a->ev->deadline_extended;

	if (m->deadline < CVDLOG__DEADLINE__ACKNOWLEDGE || m->deadline > CVDLOG__DEADLINE__ADVISORY)
		return refuse(a, CVD_EINVAL, "deadline: unset or unknown");
	if (m->new_ms <= a->e->ce_time_ms)
		return refuse(a, CVD_EINVAL, "new date: must be in the future");
	if (m->justification == NULL)
		return refuse(a, CVD_EINVAL, "justification: a committed justification is needed");
	return rm_open(a);
}

static int h_fix_plan_ready(struct apply *a)
{
	if (needs_analysed(a) != 0)
		return CVD_ETRANSITION;
	if (a->v->cv_fix_plan_ms == 0)
		a->v->cv_fix_plan_ms = a->e->ce_time_ms;
	return 0;
}

static int h_mitigation_available(struct apply *a)
{
	return rm_open(a);
}

static int h_fix_ready(struct apply *a)
{
	if (cs_vendor(a, RULES_CS_F) != 0)
		return CVD_ETRANSITION;
	cs_vendor_set(a, RULES_CS_F);
	return 0;
}

static int h_fix_deployed(struct apply *a)
{
	if (cs_vendor(a, RULES_CS_D) != 0)
		return CVD_ETRANSITION;
	cs_vendor_set(a, RULES_CS_D);
	return 0;
}

static int h_update_released(struct apply *a)
{
	const Cvdlog__UpdateReleased *m = a->ev->update_released;

	if (!text_ok(m->product, CASES_TEXT_MAX, 0) || !text_ok(m->version, CASES_TEXT_MAX, 0))
		return refuse(a, CVD_EINVAL, "product and version: 1..%d bytes of text each",
		              CASES_TEXT_MAX);
	if (!(a->v->cv_flags & RULES_CS_F))
		return refuse(a, CVD_ETRANSITION, "needs fix ready (F) for vendor %s first",
		              a->v->cv_org);
	return 0;
}

static int h_embargo_proposed(struct apply *a)
{
	uint64_t end = a->ev->embargo_proposed->end_ms, max = embargo_max_ms(a);
	enum rules_em to;

	if (end <= a->e->ce_time_ms)
		return refuse(a, CVD_EINVAL, "end: an embargo needs an end in the future");
	if (end - a->e->ce_time_ms > max)
		return refuse(a, CVD_EINVAL,
		              "end: longer than the policy's maximum embargo of %llu days",
		              (unsigned long long)(max / 86400000));
	if (em_trigger(a, RULES_EM_PROPOSE, &to) != 0)
		return CVD_ETRANSITION;
	a->cs->cc_em = to;
	a->cs->cc_em_pending_ms = end;
	snprintf(a->cs->cc_em_proposer, sizeof(a->cs->cc_em_proposer), "%s", a->party);
	return 0;
}

static int h_embargo_accepted(struct apply *a)
{
	enum rules_em to;

	if (strcmp(a->party, a->cs->cc_em_proposer) == 0 &&
	    (a->cs->cc_em == RULES_EM_PROPOSED || a->cs->cc_em == RULES_EM_REVISE))
		return refuse(a, CVD_EUNAUTH,
		              "the proposer's own party may not accept its proposal");
	if (em_trigger(a, RULES_EM_ACCEPT, &to) != 0)
		return CVD_ETRANSITION;
	if (a->cs->cc_em_pending_ms <= a->e->ce_time_ms)
		return refuse(a, CVD_ETRANSITION, "the proposed end has passed");
	a->cs->cc_em = to;
	a->cs->cc_em_end_ms = a->cs->cc_em_pending_ms;
	a->cs->cc_em_pending_ms = 0;
	return 0;
}

static int h_embargo_rejected(struct apply *a)
{
	enum rules_em to;

	if (em_trigger(a, RULES_EM_REJECT, &to) != 0)
		return CVD_ETRANSITION;
	a->cs->cc_em = to;
	a->cs->cc_em_pending_ms = 0;
	return 0;
}

static int h_embargo_terminated(struct apply *a)
{
	enum rules_em to;

	if (!text_ok(a->ev->embargo_terminated->reason, CASES_TEXT_MAX, 1))
		return refuse(a, CVD_EINVAL, "reason: at most %d bytes of text", CASES_TEXT_MAX);
	if (em_trigger(a, RULES_EM_TERMINATE, &to) != 0)
		return CVD_ETRANSITION;
	a->cs->cc_em = to;
	a->cs->cc_em_end_ms = a->e->ce_time_ms;
	a->cs->cc_em_pending_ms = 0;
	return 0;
}

static int case_flag(struct apply *a, unsigned flag)
{
	unsigned next;
	const char *why;
	int rc = rules_cs_case_set(a->cs->cc_flags, flag, &next, &why);

	if (rc != 0)
		return refuse(a, rc, "%s", why);
	case_flags_set(a->cs, next);
	return 0;
}

static int h_public_aware(struct apply *a)
{
	return case_flag(a, RULES_CS_P);
}

static int h_exploit_public(struct apply *a)
{
	if (!text_ok(a->ev->exploit_public->reference, CASES_URL_MAX, 1))
		return refuse(a, CVD_EINVAL, "reference: at most %d bytes of text", CASES_URL_MAX);
	return case_flag(a, RULES_CS_X);
}

static int h_attacks_observed(struct apply *a)
{
	return case_flag(a, RULES_CS_A);
}

static int h_confidentiality(struct apply *a)
{
	const Cvdlog__ConfidentialityDecision *m = a->ev->confidentiality;
	struct cases_commit *cm;
	int author_reads = 0;

	if (m->digest.len != SEAL_DIGEST_LEN ||
	    (cm = (struct cases_commit *)cases_find_commit(a->cs, m->digest.data)) == NULL)
		return refuse(a, CVD_EINVAL, "digest: no such commitment on this case");
	for (unsigned i = 0; i < cm->cm_nreaders; i++)
		author_reads |= memcmp(cm->cm_readers[i], a->e->ce_author, KEYS_PK_LEN) == 0;
	if (m->decision_case == CVDLOG__CONFIDENTIALITY_DECISION__DECISION_GRANT_READER) {
		struct keys_verifier r;
		const struct seal_payload *p;
		uint8_t(*grown)[KEYS_PK_LEN];
		if (keys_verifier_parse(m->grant_reader, strlen(m->grant_reader), &r) != 0 ||
		    r.kv_type != KEYS_TYPE_ED25519)
			return refuse(a, CVD_EINVAL, "grant_reader: not a verifier key");
		if (!author_reads)
			return refuse(a, CVD_EUNAUTH, "only a reader of %s may grant it to another",
			              cm->cm_field);
		for (unsigned i = 0; i < cm->cm_nreaders; i++)
			if (memcmp(cm->cm_readers[i], r.kv_pk, KEYS_PK_LEN) == 0)
				return refuse(a, CVD_ETRANSITION,
				              "the key is a reader of %s already", cm->cm_field);
		if (cm->cm_nreaders >= SEAL_MAX_READERS)
			return refuse(a, CVD_EINVAL, "%s has the most readers allowed",
			              cm->cm_field);
		if (a->e->ce_check_sealed) {
			p = a->e->ce_nsealed == 1 ? find_sealed(a->e, m->digest.data) : NULL;
			if (p == NULL || p->sp_nreaders != cm->cm_nreaders + 1 ||
			    seal_payload_find_reader(p, r.kv_pk) < 0)
				return refuse(
				    a, CVD_EINVAL,
				    "a grant must come with the payload of %s sealed to the new "
				    "reader",
				    cm->cm_field);
		}
		grown = realloc(cm->cm_readers, (cm->cm_nreaders + 1) * sizeof(*grown));
		if (grown == NULL)
			return CVD_ENOMEM;
		cm->cm_readers = grown;
		memcpy(cm->cm_readers[cm->cm_nreaders++], r.kv_pk, KEYS_PK_LEN);
		return 0;
	}
	if (m->decision_case == CVDLOG__CONFIDENTIALITY_DECISION__DECISION_DECLASSIFY) {
		Cvdlog__Opening *op = m->declassify;
		if (a->e->ce_check_sealed && a->e->ce_nsealed != 0)
			return refuse(a, CVD_EINVAL,
			              "a declassification carries no sealed payload");
		if (op->digest.len != SEAL_DIGEST_LEN ||
		    memcmp(op->digest.data, m->digest.data, SEAL_DIGEST_LEN) != 0)
			return refuse(a, CVD_EINVAL,
			              "declassify: the opening is for another commitment");
		if (cm->cm_opened_at != 0)
			return refuse(a, CVD_ETRANSITION, "%s is public already", cm->cm_field);
		if (check_openings(a, &op, 1) != 0)
			return CVD_EINVAL;
		mark_opened(a, &op, 1);
		return 0;
	}
	return refuse(a, CVD_EINVAL, "decision: grant_reader or declassify needed");
}

static int find_advisory(const struct cases_case *cs, const char *id)
{
	for (unsigned i = 0; i < cs->cc_nadvisories; i++)
		if (strcmp(cs->cc_advisories[i].ca_id, id) == 0)
			return (int)i;
	return -1;
}

static int h_advisory_published(struct apply *a)
{
	const Cvdlog__AdvisoryPublished *m = a->ev->advisory_published;
	const struct roster_org *org = roster_find_org(a->c->cs_roster, a->v->cv_org);
	struct cases_case *cs = a->cs;
	struct cases_advisory *ad;
	const char *why;
	size_t cap;
	int rc;

	if (m->kind != CVDLOG__ADVISORY_KIND__SA && m->kind != CVDLOG__ADVISORY_KIND__SN)
		return refuse(a, CVD_EINVAL, "kind: SA or SN needed");
	if (!advisory_id_ok(m->advisory_id))
		return refuse(a, CVD_EINVAL, "advisory id: 1..%d of A-Z a-z 0-9 . _ : - needed",
		              CASES_ADVISORY_ID_MAX);
	if (find_advisory(cs, m->advisory_id) >= 0)
		return refuse(a, CVD_EINVAL, "advisory id %s is published on this case already",
		              m->advisory_id);
	if (!url_ok(m->url))
		return refuse(a, CVD_EINVAL, "url: an http(s) URL of printable ASCII needed");
	if (list_check(a, "cve", m->cve, m->n_cve, vuln_cve_valid) != 0 ||
	    list_check(a, "cwe", m->cwe, m->n_cwe, vuln_cwe_valid) != 0 ||
	    list_check(a, "credits", m->credits, m->n_credits, credit_ok) != 0)
		return CVD_EINVAL;
	if (m->cvss[0] != '\0' && cvss_check(a, "cvss", m->cvss) != 0)
		return CVD_EINVAL;
	if (m->kind == CVDLOG__ADVISORY_KIND__SA && m->cvss[0] == '\0' && org != NULL &&
	    org->ro_policy.rp_cvss_required)
		return refuse(a, CVD_EINVAL,
		              "cvss: vendor %s's policy requires a CVSS vector on an SA",
		              a->v->cv_org);
	if (sha256_check(a, "text sha256", m->text_sha256) != 0)
		return CVD_EINVAL;
	if (check_openings(a, m->openings, m->n_openings) != 0)
		return CVD_EINVAL;
	rc = rules_advisory_allowed(m->kind == CVDLOG__ADVISORY_KIND__SA, cs->cc_validated, &why);
	if (rc != 0)
		return refuse(a, rc, "%s", why);
	cap = cs->cc_nadvisories;
	if (grow((void **)&cs->cc_advisories, &cap, cs->cc_nadvisories + 1, sizeof(*ad)))
		return CVD_ENOMEM;
	ad = &cs->cc_advisories[cs->cc_nadvisories++];
	memset(ad, 0, sizeof(*ad));
	snprintf(ad->ca_id, sizeof(ad->ca_id), "%s", m->advisory_id);
	ad->ca_sa = m->kind == CVDLOG__ADVISORY_KIND__SA;
	ad->ca_index = a->e->ce_index;
	mark_opened(a, m->openings, m->n_openings);
	case_flags_set(cs, RULES_CS_P);
	return 0;
}

static int h_advisory_revised(struct apply *a)
{
	const Cvdlog__AdvisoryRevised *m = a->ev->advisory_revised;

	if (find_advisory(a->cs, m->advisory_id) < 0)
		return refuse(a, CVD_EINVAL, "advisory id: \"%.64s\" is not published on this case",
		              m->advisory_id);
	if (sha256_check(a, "text sha256", m->text_sha256) != 0)
		return CVD_EINVAL;
	if (m->what_changed < CVDLOG__REVISION_TOPIC__REVISION_SCOPE ||
	    m->what_changed > CVDLOG__REVISION_TOPIC__REVISION_OTHER)
		return refuse(a, CVD_EINVAL, "what changed: scope, cve, credit or other needed");
	return list_check(a, "cve", m->cve, m->n_cve, vuln_cve_valid);
}

static int h_reporter_disclosed(struct apply *a)
{
	const Cvdlog__ReporterDisclosed *m = a->ev->reporter_disclosed;

	if (!url_ok(m->url))
		return refuse(a, CVD_EINVAL, "url: an http(s) URL of printable ASCII needed");
	if (sha256_check(a, "text sha256", m->text_sha256) != 0)
		return CVD_EINVAL;
	if (check_openings(a, m->openings, m->n_openings) != 0)
		return CVD_EINVAL;
	mark_opened(a, m->openings, m->n_openings);
	case_flags_set(a->cs, RULES_CS_P);
	return 0;
}

static int currency_ok(const char *s)
{
	return strlen(s) == 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' &&
	       s[2] >= 'A' && s[2] <= 'Z';
}

static int h_bounty_decided(struct apply *a)
{
	const Cvdlog__BountyDecided *m = a->ev->bounty_decided;

	if (!text_ok(m->programme, CASES_TEXT_MAX, 0))
		return refuse(a, CVD_EINVAL, "programme: 1..%d bytes of text needed",
		              CASES_TEXT_MAX);
	if (m->none && (m->amount != 0 || m->currency[0] != '\0'))
		return refuse(a, CVD_EINVAL, "amount: none takes no amount or currency");
	if (!m->none && (m->amount == 0 || !currency_ok(m->currency)))
		return refuse(a, CVD_EINVAL,
		              "amount: a positive amount and an ISO 4217 currency, or "
		              "none");
	a->cs->cc_bounty_decided = 1;
	return 0;
}

static int h_dispute_opened(struct apply *a)
{
	const Cvdlog__DisputeOpened *m = a->ev->dispute_opened;
	struct cases_case *cs = a->cs;
	struct cases_dispute *d;
	size_t cap = cs->cc_ndisputes;

	if (m->topic < CVDLOG__DISPUTE_TOPIC__TOPIC_ACKNOWLEDGEMENT ||
	    m->topic > CVDLOG__DISPUTE_TOPIC__TOPIC_CONDUCT)
		return refuse(a, CVD_EINVAL, "topic: unset or unknown");
	if (m->statement == NULL)
		return refuse(a, CVD_EINVAL, "statement: a committed statement is needed");
	if (grow((void **)&cs->cc_disputes, &cap, cs->cc_ndisputes + 1, sizeof(*d)))
		return CVD_ENOMEM;
	d = &cs->cc_disputes[cs->cc_ndisputes++];
	memset(d, 0, sizeof(*d));
	d->cd_id = a->e->ce_index;
	d->cd_topic = m->topic;
	d->cd_state = CASES_DISPUTE_OPEN;
	d->cd_opened_ms = a->e->ce_time_ms;
	snprintf(d->cd_opener, sizeof(d->cd_opener), "%s", a->party);
	return 0;
}

static int open_dispute(struct apply *a, uint64_t id, struct cases_dispute **out)
{
	*out = find_dispute(a->cs, id);
	if (*out == NULL)
		return refuse(a, CVD_EINVAL, "dispute: %llu is not a dispute on this case",
		              (unsigned long long)id);
	if ((*out)->cd_state == CASES_DISPUTE_RESOLVED)
		return refuse(a, CVD_ETRANSITION, "dispute %llu is resolved already",
		              (unsigned long long)id);
	return 0;
}

static int h_dispute_response(struct apply *a)
{
	const Cvdlog__DisputeResponse *m = a->ev->dispute_response;
	struct cases_dispute *d;

	int rc = open_dispute(a, m->dispute, &d);

	if (rc != 0)
		return rc;
	if (m->statement == NULL)
		return refuse(a, CVD_EINVAL, "statement: a committed statement is needed");
	if (strcmp(d->cd_opener, a->party) == 0)
		return refuse(a, CVD_EUNAUTH, "the party that opened a dispute may not answer it");
	if (d->cd_state == CASES_DISPUTE_OPEN)
		d->cd_state = CASES_DISPUTE_ANSWERED;
	return 0;
}

static int h_dispute_escalated(struct apply *a)
{
	const Cvdlog__DisputeEscalated *m = a->ev->dispute_escalated;
	const struct roster_org *org = roster_find_org(a->c->cs_roster, m->coordinator);
	struct cases_case *cs = a->cs;
	struct cases_dispute *d;
	size_t cap;

	int rc = open_dispute(a, m->dispute, &d);

	if (rc != 0)
		return rc;
	if (d->cd_escalated)
		return refuse(a, CVD_ETRANSITION, "dispute %llu is escalated already",
		              (unsigned long long)m->dispute);
	if (org == NULL || org->ro_kind != ROSTER_KIND_COORDINATOR)
		return refuse(a, CVD_EINVAL, "coordinator: no coordinator org \"%.64s\"",
		              m->coordinator);
	if (!case_has_coord(cs, org->ro_id)) {
		cap = cs->cc_ncoords;
		if (grow((void **)&cs->cc_coords, &cap, cs->cc_ncoords + 1, sizeof(*cs->cc_coords)))
			return CVD_ENOMEM;
		snprintf(cs->cc_coords[cs->cc_ncoords++], sizeof(cs->cc_coords[0]), "%s",
		         org->ro_id);
	}
	d->cd_escalated = 1;
	d->cd_state = CASES_DISPUTE_ESCALATED;
	snprintf(d->cd_coordinator, sizeof(d->cd_coordinator), "%s", org->ro_id);
	return 0;
}

static int h_dispute_resolved(struct apply *a)
{
	const Cvdlog__DisputeResolved *m = a->ev->dispute_resolved;
	struct cases_dispute *d;
	int withdraw = m->outcome == CVDLOG__DISPUTE_OUTCOME__WITHDRAWN_BY_OPENER;

	int rc = open_dispute(a, m->dispute, &d);

	if (rc != 0)
		return rc;
	if (m->outcome < CVDLOG__DISPUTE_OUTCOME__UPHELD ||
	    m->outcome > CVDLOG__DISPUTE_OUTCOME__WITHDRAWN_BY_OPENER)
		return refuse(a, CVD_EINVAL,
		              "outcome: upheld, rejected, settled or withdrawn needed");
	if (withdraw) {
		if (strcmp(d->cd_opener, a->party) != 0 ||
		    (d->cd_opener[0] == '\0' && !a->is_reporter))
			return refuse(a, CVD_EUNAUTH,
			              "only the party that opened a dispute may withdraw it");
	} else if (d->cd_escalated) {
		if (!is_member_of(a->c, a->e->ce_author, d->cd_coordinator))
			return refuse(a, CVD_EUNAUTH,
			              "an escalated dispute is resolved by coordinator %s",
			              d->cd_coordinator);
	} else if (!is_member_of(a->c, a->e->ce_author, a->cs->cc_vendors[0].cv_org)) {
		return refuse(a, CVD_EUNAUTH,
		              "only a member of vendor org %s may resolve it (or a "
		              "coordinator once escalated)",
		              a->cs->cc_vendors[0].cv_org);
	}
	d->cd_state = CASES_DISPUTE_RESOLVED;
	d->cd_resolved_ms = a->e->ce_time_ms;
	return 0;
}

static int h_conduct_violation(struct apply *a)
{
	const Cvdlog__ConductViolation *m = a->ev->conduct_violation;

	if (m->activity < CVDLOG__CONDUCT_ACTIVITY__DATA_MODIFICATION ||
	    m->activity > CVDLOG__CONDUCT_ACTIVITY__OTHER_ACTIVITY)
		return refuse(a, CVD_EINVAL, "activity: unset or unknown");
	if (m->details == NULL)
		return refuse(a, CVD_EINVAL, "details: committed details are needed");
	return 0;
}

static int h_case_closed(struct apply *a)
{
	static const enum rules_close_reason map[] = {
	    [CVDLOG__CLOSE_REASON__FIXED] = RULES_CLOSE_FIXED,
	    [CVDLOG__CLOSE_REASON__INVALID] = RULES_CLOSE_INVALID,
	    [CVDLOG__CLOSE_REASON__DUPLICATE_REPORT] = RULES_CLOSE_DUPLICATE,
	    [CVDLOG__CLOSE_REASON__OUT_OF_SUPPORT] = RULES_CLOSE_OUT_OF_SUPPORT,
	    [CVDLOG__CLOSE_REASON__WITHDRAWN] = RULES_CLOSE_WITHDRAWN,
	};
	int r = a->ev->case_closed->reason;

	if (r < CVDLOG__CLOSE_REASON__FIXED || r > CVDLOG__CLOSE_REASON__WITHDRAWN)
		return refuse(a, CVD_EINVAL,
		              "reason: fixed, invalid, duplicate, out-of-support or "
		              "withdrawn needed");
	if (rm_step(a, RULES_RM_CLOSED, map[r]) != 0)
		return CVD_ETRANSITION;
	a->v->cv_rm = RULES_RM_CLOSED;
	a->v->cv_closed = map[r];
	return 0;
}

/* ---- EU CRA Article 14 (DESIGN.md section 8) ---- */

void cases_cra_due(const struct roster_policy *p, uint64_t aware_ms, int severe,
                   uint64_t notification_ms, uint64_t corrective_ms, uint64_t due[CASES_CRA_CLOCKS])
{
	due[CASES_CRA_EARLY] = aware_ms + p->rp_cra_early_s * 1000;
	due[CASES_CRA_NOTIFY] = aware_ms + p->rp_cra_notify_s * 1000;
	if (severe)
		due[CASES_CRA_FINAL] =
		    notification_ms != 0 ? notification_ms + CASES_CRA_MONTH_DAYS * 86400000ull : 0;
	else
		due[CASES_CRA_FINAL] =
		    corrective_ms != 0 ? corrective_ms + p->rp_cra_final_s * 1000 : 0;
	due[CASES_CRA_USERS] = due[CASES_CRA_NOTIFY];
}

static int h_exploitation_aware(struct apply *a)
{
	struct cases_case *cs = a->cs;

	if (a->ev->exploitation_aware->evidence == NULL)
		return refuse(a, CVD_EINVAL, "evidence: a committed evidence summary is needed");
	if (cs->cc_aware_ms != 0)
		return refuse(a, CVD_ETRANSITION, "CRA: recorded already (entry %llu)",
		              (unsigned long long)cs->cc_aware_idx);
	cs->cc_aware_ms = a->e->ce_time_ms;
	cs->cc_aware_idx = a->e->ce_index;
	cs->cc_severe = a->ev->exploitation_aware->severe_incident;
	case_flags_set(cs, RULES_CS_A);
	return 0;
}

static int h_regulator_report(struct apply *a)
{
	static const char *const stage_names[5] = {"?", "early warning", "notification",
	                                           "final report", "intermediate report"};
	const Cvdlog__RegulatorReport *m = a->ev->regulator_report;
	struct cases_case *cs = a->cs;
	int st = m->stage;

	if (st < CVDLOG__REGULATOR_STAGE__EARLY_WARNING ||
	    st > CVDLOG__REGULATOR_STAGE__INTERMEDIATE)
		return refuse(a, CVD_EINVAL,
		              "stage: early-warning, notification, intermediate or final-report");
	if (!text_ok(m->authority, CASES_TEXT_MAX, 0) || !text_ok(m->reference, CASES_TEXT_MAX, 0))
		return refuse(a, CVD_EINVAL, "authority and reference: 1..%d bytes of text each",
		              CASES_TEXT_MAX);
	if (sha256_check(a, "sent sha256", m->sent_sha256) != 0)
		return CVD_EINVAL;
	if (m->content == NULL)
		return refuse(a, CVD_EINVAL,
		              "content: a committed copy of what was sent is needed");
	if (cs->cc_aware_ms == 0)
		return refuse(a, CVD_ETRANSITION,
		              "CRA: no %s before the vendor records exploitation aware",
		              stage_names[st]);
	if ((st == CVDLOG__REGULATOR_STAGE__FINAL_REPORT ||
	     st == CVDLOG__REGULATOR_STAGE__INTERMEDIATE) &&
	    cs->cc_stage_ms[CVDLOG__REGULATOR_STAGE__NOTIFICATION] == 0)
		return refuse(a, CVD_ETRANSITION, "CRA: no %s before the notification",
		              stage_names[st]);
	if (st == CVDLOG__REGULATOR_STAGE__INTERMEDIATE &&
	    cs->cc_stage_ms[CVDLOG__REGULATOR_STAGE__FINAL_REPORT] != 0)
		return refuse(a, CVD_ETRANSITION,
		              "CRA: no intermediate report after the final one");
	if (st == CVDLOG__REGULATOR_STAGE__INTERMEDIATE && cs->cc_stage_ms[st] == 0) {
		cs->cc_stage_ms[st] = a->e->ce_time_ms; /* the first one; more may follow */
		cs->cc_stage_idx[st] = a->e->ce_index;
		return 0;
	}
	if (st == CVDLOG__REGULATOR_STAGE__INTERMEDIATE)
		return 0;
	if (cs->cc_stage_ms[st] != 0)
		return refuse(a, CVD_ETRANSITION, "CRA: the %s was submitted already (entry %llu)",
		              stage_names[st], (unsigned long long)cs->cc_stage_idx[st]);
	cs->cc_stage_ms[st] = a->e->ce_time_ms;
	cs->cc_stage_idx[st] = a->e->ce_index;
	return 0;
}

static int h_users_notified(struct apply *a)
{
	const Cvdlog__UsersNotified *m = a->ev->users_notified;
	struct cases_case *cs = a->cs;

	if (!text_ok(m->channel, CASES_TEXT_MAX, 0))
		return refuse(a, CVD_EINVAL, "channel: 1..%d bytes of text needed", CASES_TEXT_MAX);
	if (sha256_check(a, "notice sha256", m->notice_sha256) != 0)
		return CVD_EINVAL;
	if (cs->cc_aware_ms == 0)
		return refuse(a, CVD_ETRANSITION,
		              "CRA: users are notified of an actively exploited vulnerability: "
		              "record exploitation aware first");
	if (cs->cc_users_ms == 0) {
		cs->cc_users_ms = a->e->ce_time_ms;
		cs->cc_users_idx = a->e->ce_index;
	}
	return 0;
}

static int h_corrective_measure(struct apply *a)
{
	struct cases_case *cs = a->cs;

	if (rm_open(a) != 0)
		return CVD_ETRANSITION;
	if (cs->cc_corrective_ms != 0)
		return refuse(a, CVD_ETRANSITION, "CRA: recorded already (entry %llu)",
		              (unsigned long long)cs->cc_corrective_idx);
	cs->cc_corrective_ms = a->e->ce_time_ms;
	cs->cc_corrective_idx = a->e->ce_index;
	return 0;
}

/* The rules table: who may record each case event, and its handler. */
#define K(x) CVDLOG__CASE_EVENT__KIND_##x
static const struct kind_row kinds[] = {
    {K(REPORT), "report submitted", WHO_ANYONE, h_report},
    {K(ACKNOWLEDGED), "acknowledged", WHO_VENDOR, h_acknowledged},
    {K(PROGRESS_UPDATE), "progress update", WHO_VENDOR, h_progress_update},
    {K(ASSIGNED), "assigned", WHO_VENDOR, h_assigned},
    {K(PARTICIPANT_INVITED), "participant invited", WHO_VENDOR | WHO_COORD, h_participant_invited},
    {K(VALIDATED), "validated", WHO_VENDOR, h_validated},
    {K(INVALIDATED), "invalidated", WHO_VENDOR, h_invalidated},
    {K(DUPLICATE_OF), "duplicate of", WHO_VENDOR, h_duplicate_of},
    {K(DEFERRED), "deferred", WHO_VENDOR, h_deferred},
    {K(ACCEPTED), "accepted", WHO_VENDOR, h_accepted},
    {K(SCOPE_CONFIRMED), "scope confirmed", WHO_VENDOR, h_scope_confirmed},
    {K(DEADLINE_EXTENDED), "deadline extended", WHO_VENDOR, h_deadline_extended},
    {K(FIX_PLAN_READY), "fix plan ready", WHO_VENDOR, h_fix_plan_ready},
    {K(MITIGATION_AVAILABLE), "mitigation available", WHO_VENDOR, h_mitigation_available},
    {K(FIX_READY), "fix ready", WHO_VENDOR, h_fix_ready},
    {K(FIX_DEPLOYED), "fix deployed", WHO_VENDOR, h_fix_deployed},
    {K(UPDATE_RELEASED), "security update released", WHO_VENDOR, h_update_released},
    {K(EMBARGO_PROPOSED), "embargo proposed", WHO_PARTY, h_embargo_proposed},
    {K(EMBARGO_ACCEPTED), "embargo accepted", WHO_PARTY, h_embargo_accepted},
    {K(EMBARGO_REJECTED), "embargo rejected", WHO_PARTY, h_embargo_rejected},
    {K(EMBARGO_TERMINATED), "embargo terminated", WHO_PARTY, h_embargo_terminated},
    {K(PUBLIC_AWARE), "public aware", WHO_PARTY, h_public_aware},
    {K(EXPLOIT_PUBLIC), "exploit public", WHO_PARTY, h_exploit_public},
    {K(ATTACKS_OBSERVED), "attacks observed", WHO_PARTY, h_attacks_observed},
    {K(CONFIDENTIALITY), "confidentiality decision", WHO_VENDOR | WHO_REPORTER, h_confidentiality},
    {K(ADVISORY_PUBLISHED), "advisory published", WHO_VENDOR, h_advisory_published},
    {K(ADVISORY_REVISED), "advisory revised", WHO_VENDOR, h_advisory_revised},
    {K(REPORTER_DISCLOSED), "reporter disclosed", WHO_REPORTER, h_reporter_disclosed},
    {K(BOUNTY_DECIDED), "bounty decided", WHO_VENDOR, h_bounty_decided},
    {K(DISPUTE_OPENED), "dispute opened", WHO_PARTY, h_dispute_opened},
    {K(DISPUTE_RESPONSE), "dispute response", WHO_PARTY, h_dispute_response},
    {K(DISPUTE_ESCALATED), "dispute escalated", WHO_PARTY, h_dispute_escalated},
    {K(DISPUTE_RESOLVED), "dispute resolved", WHO_PARTY, h_dispute_resolved},
    {K(CONDUCT_VIOLATION), "conduct violation", WHO_VENDOR | WHO_COORD, h_conduct_violation},
    {K(CASE_CLOSED), "case closed", WHO_VENDOR, h_case_closed},
    {K(EXPLOITATION_AWARE), "exploitation aware", WHO_VENDOR, h_exploitation_aware},
    {K(REGULATOR_REPORT), "regulator report", WHO_VENDOR, h_regulator_report},
    {K(USERS_NOTIFIED), "users notified", WHO_VENDOR, h_users_notified},
    {K(CORRECTIVE_MEASURE), "corrective measure available", WHO_VENDOR, h_corrective_measure},
};
#undef K

static const struct kind_row *find_kind(int kind)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (kinds[i].cw_kind == kind)
			return &kinds[i];
	return NULL;
}

const char *cases_kind_name(int kind)
{
	const struct kind_row *k = find_kind(kind);
	return k != NULL ? k->cw_name : "?";
}

/* ---- dispatch ---- */

static int apply_case(struct cases *c, const struct cases_entry *e, const Cvdlog__CaseEvent *ev,
                      char *why, size_t cap)
{
	struct keys_verifier *readers = NULL;
	const struct kind_row *k = find_kind(ev->kind_case);
	struct apply a = {.c = c, .e = e, .ev = ev, .why = why, .cap = cap};
	struct commits cm = {0};
	unsigned nreaders = 0;
	enum rules_em em_before = RULES_EM_NONE;
	size_t ecap;
	int rc;

	a.name = k != NULL ? k->cw_name : "case event";
	if (k == NULL)
		return refuse(&a, CVD_EINVAL, "unknown kind");
	if (c->cs_roster == NULL)
		return refuse(&a, CVD_EUNAUTH, "this log has no roster: only notes may be logged");
	if (ev->kind_case != CVDLOG__CASE_EVENT__KIND_REPORT) {
		const char *p = ev->participant[0] != '\0' ? ev->participant : NULL;
		a.cs = (struct cases_case *)cases_find(c, ev->case_id);
		if (a.cs == NULL)
			return refuse(&a, CVD_EINVAL, "case %llu: no such case",
			              (unsigned long long)ev->case_id);
		a.v = p != NULL ? case_vendor(a.cs, p) : &a.cs->cc_vendors[0];
		if (a.v == NULL)
			return refuse(&a, CVD_EINVAL,
			              "participant: vendor %.64s is not on case %llu", p,
			              (unsigned long long)ev->case_id);
		/* an embargo whose end has passed has exited (rules_em_effective);
		 * kept only if the event is applied */
		em_before = a.cs->cc_em;
		a.cs->cc_em = rules_em_effective(a.cs->cc_em, a.cs->cc_em_end_ms, e->ce_time_ms);
	} else {
		const struct roster_org *v = roster_find_org(c->cs_roster, ev->report->vendor);
		if (v == NULL || v->ro_kind != ROSTER_KIND_VENDOR)
			return refuse(&a, CVD_EINVAL,
			              "vendor: no vendor org \"%.64s\" in the roster",
			              ev->report->vendor);
	}
	rc = authorize(&a, k->cw_who);
	if (rc == 0)
		rc = gather_commits(&a, &cm);
	if (rc != 0)
		goto out;
	if (cm.n > 0) {
		readers = calloc(ev->n_readers ? ev->n_readers : 1, sizeof(*readers));
		if (readers == NULL) {
			rc = CVD_ENOMEM;
			goto out;
		}
	}
	rc = check_commits(&a, &cm, a.cs != NULL ? a.cs->cc_vendors[0].cv_org : ev->report->vendor,
	                   a.cs != NULL ? a.cs->cc_reporter : e->ce_author, ev->readers,
	                   ev->n_readers, readers, &nreaders);
	if (rc != 0)
		goto out;
	rc = k->cw_fn(&a);
	if (rc != 0)
		goto out;
	em_before = a.cs->cc_em; /* applied: keep the effective embargo state */
	/* applied: from here on only CVD_ENOMEM may fail */
	rc = record_commits(c, a.cs, &cm, e->ce_index, readers, nreaders);
	if (rc != 0)
		goto out;
	ecap = a.cs->cc_nentries;
	if (grow((void **)&a.cs->cc_entries, &ecap, a.cs->cc_nentries + 1, sizeof(uint64_t))) {
		rc = CVD_ENOMEM;
		goto out;
	}
	a.cs->cc_entries[a.cs->cc_nentries++] = e->ce_index;
	a.cs->cc_last_ms = e->ce_time_ms;
out:
	if (rc != 0 && rc != CVD_ENOMEM && a.cs != NULL &&
	    ev->kind_case != CVDLOG__CASE_EVENT__KIND_REPORT)
		a.cs->cc_em = em_before; /* refused: nothing changes */
	free(readers);
	return rc;
}

static int apply_roster(struct cases *c, const struct cases_entry *e,
                        const Cvdlog__RosterChange *rc_, char *why, size_t cap)
{
	const struct roster_org *org;
	struct apply a = {.c = c, .e = e, .name = "roster", .why = why, .cap = cap};
	char err[CASES_WHY_MAX];
	int rc;

	if (c->cs_roster == NULL)
		return refuse(&a, CVD_EUNAUTH, "this log has no roster");
	org = roster_find_org(c->cs_roster, rc_->org);
	if (org == NULL)
		return refuse(&a, CVD_EINVAL, "org: no org \"%.64s\"", rc_->org);
	{
		const struct roster_org *mine = NULL;
		const struct roster_member *m =
		    roster_find_member_by_key(c->cs_roster, e->ce_author, &mine);
		if (m == NULL || mine != org || m->rm_role != ROSTER_ROLE_ADMIN)
			return refuse(&a, CVD_EUNAUTH, "only an admin of org %s may change it",
			              org->ro_id);
	}
	err[0] = '\0';
	switch (rc_->change_case) {
	case CVDLOG__ROSTER_CHANGE__CHANGE_ADD_MEMBER:
		rc = roster_add_member(c->cs_roster, rc_->org, rc_->add_member->id,
		                       rc_->add_member->role, rc_->add_member->vkey, err,
		                       sizeof(err));
		break;
	case CVDLOG__ROSTER_CHANGE__CHANGE_REMOVE_MEMBER:
		rc = roster_remove_member(c->cs_roster, rc_->org, rc_->remove_member->id, err,
		                          sizeof(err));
		break;
	case CVDLOG__ROSTER_CHANGE__CHANGE_SET_POLICY:
		rc = roster_set_policy(c->cs_roster, rc_->org, rc_->set_policy->name,
		                       rc_->set_policy->value, err, sizeof(err));
		break;
	default: return refuse(&a, CVD_EINVAL, "no change given");
	}
	if (rc == CVD_ENOMEM)
		return rc;
	if (rc != 0)
		return refuse(&a, CVD_EINVAL, "%s", err);
	return 0;
}

/* apply_incident_details: the details are sealed to at least every member
 * of the org (an org's own record: no reporter). */
static int apply_incident_details(struct apply *a, const struct roster_org *org,
                                  const Cvdlog__IncidentReported *p)
{
	struct commits k = {.n = 1, .c = {p->details}};
	struct keys_verifier *readers;
	unsigned nreaders;
	int rc;

	readers = calloc(p->n_readers ? p->n_readers : 1, sizeof(*readers));
	if (readers == NULL)
		return CVD_ENOMEM;
	rc = check_commits(a, &k, org->ro_id, NULL, p->readers, p->n_readers, readers, &nreaders);
	free(readers);
	if (rc == 0)
		rc = digest_add(a->c, p->details->digest.data);
	return rc;
}

static int apply_org(struct cases *c, const struct cases_entry *e, const Cvdlog__OrgEvent *oe,
                     char *why, size_t cap)
{
	struct apply a = {.c = c, .e = e, .name = "org event", .why = why, .cap = cap};
	const struct roster_org *org;

	if (c->cs_roster == NULL)
		return refuse(&a, CVD_EUNAUTH, "this log has no roster");
	org = roster_find_org(c->cs_roster, oe->org);
	if (org == NULL || org->ro_kind != ROSTER_KIND_VENDOR)
		return refuse(&a, CVD_EINVAL, "org: no vendor org \"%.64s\"", oe->org);
	if (oe->kind_case == CVDLOG__ORG_EVENT__KIND_PRODUCT_REGISTERED) {
		const Cvdlog__ProductRegistered *p = oe->product_registered;
		struct cases_product *cp;
		a.name = "product registered";
		if (!is_member_of(c, e->ce_author, org->ro_id))
			return refuse(&a, CVD_EUNAUTH, "only a member of vendor org %s may do this",
			              org->ro_id);
		if (!text_ok(p->model, CASES_TEXT_MAX, 0))
			return refuse(&a, CVD_EINVAL, "model: 1..%d bytes of text needed",
			              CASES_TEXT_MAX);
		if (p->first_shipment_ms == 0 || p->support_end_ms <= p->first_shipment_ms)
			return refuse(&a, CVD_EINVAL,
			              "dates: a first shipment and a later support end are needed");
		if (e->ce_check_sealed && e->ce_nsealed != 0)
			return refuse(&a, CVD_EINVAL,
			              "sealed payload sent with an event without commitments");
		for (size_t i = 0; i < c->cs_nproducts; i++)
			if (strcmp(c->cs_products[i].cp_org, org->ro_id) == 0 &&
			    strcmp(c->cs_products[i].cp_model, p->model) == 0)
				return refuse(&a, CVD_EINVAL, "model: %.64s is registered already",
				              p->model);
		if (grow((void **)&c->cs_products, &c->cs_capproducts, c->cs_nproducts + 1,
		         sizeof(*cp)))
			return CVD_ENOMEM;
		cp = &c->cs_products[c->cs_nproducts++];
		memset(cp, 0, sizeof(*cp));
		snprintf(cp->cp_org, sizeof(cp->cp_org), "%s", org->ro_id);
		snprintf(cp->cp_model, sizeof(cp->cp_model), "%s", p->model);
		cp->cp_first_shipment_ms = p->first_shipment_ms;
		cp->cp_eu_market_ms = p->eu_market_ms;
		cp->cp_support_end_ms = p->support_end_ms;
		cp->cp_index = e->ce_index;
		return 0;
	}
	if (oe->kind_case == CVDLOG__ORG_EVENT__KIND_INCIDENT_REPORTED) {
		const Cvdlog__IncidentReported *p = oe->incident_reported;
		const struct cases_case *cs;
		a.name = "incident reported";
		if (!is_member_of(c, e->ce_author, org->ro_id))
			return refuse(&a, CVD_EUNAUTH, "only a member of vendor org %s may do this",
			              org->ro_id);
		if (!text_ok(p->product, CASES_TEXT_MAX, 0))
			return refuse(&a, CVD_EINVAL, "product: 1..%d bytes of text needed",
			              CASES_TEXT_MAX);
		if (p->details == NULL)
			return refuse(&a, CVD_EINVAL, "details: a committed description is needed");
		if (p->case_id != 0 && ((cs = cases_find(c, p->case_id)) == NULL ||
		                        strcmp(cs->cc_vendors[0].cv_org, org->ro_id) != 0))
			return refuse(&a, CVD_EINVAL, "case_id: not a case of vendor %s",
			              org->ro_id);
		return apply_incident_details(&a, org, p);
	}
	return refuse(&a, CVD_EINVAL, "unknown kind");
}

/* roster_entry_add: index made the roster what it is (0 or CVD_ENOMEM). */
static int roster_entry_add(struct cases *c, uint64_t index)
{
	if (c->cs_nroster_idx == c->cs_caproster_idx) {
		size_t cap = c->cs_caproster_idx ? 2 * c->cs_caproster_idx : 8;
		uint64_t *grown = realloc(c->cs_roster_idx, cap * sizeof(*grown));
		if (grown == NULL)
			return CVD_ENOMEM;
		c->cs_roster_idx = grown;
		c->cs_caproster_idx = cap;
	}
	c->cs_roster_idx[c->cs_nroster_idx++] = index;
	return 0;
}

int cases_apply(struct cases *c, const struct cases_entry *e, char *why, size_t cap)
{
	const struct event_view *ev = e->ce_event;
	const Cvdlog__Event *pb = ev->ev_pb;
	char err[CASES_WHY_MAX];

	if (cap > 0)
		why[0] = '\0';
	if (e->ce_check_sealed && e->ce_nsealed != 0 && ev->ev_type != EVENT_CASE &&
	    ev->ev_type != EVENT_ORG) {
		snprintf(why, cap, "%s: sealed payload sent with an event without commitments",
		         event_type_name(ev->ev_type));
		return CVD_EINVAL;
	}
	switch (ev->ev_type) {
	case EVENT_NOTE: return 0;
	case EVENT_GENESIS:
		if (e->ce_index != 0 || c->cs_roster != NULL) {
			snprintf(why, cap, "genesis: only entry 0 is a genesis");
			return CVD_EINVAL;
		}
		if (ev->ev_roster == NULL)
			return 0;
		if (roster_parse(ev->ev_roster, strlen(ev->ev_roster), &c->cs_roster, err,
		                 sizeof(err)) != 0) {
			snprintf(why, cap, "genesis: roster: %s", err);
			return CVD_EINVAL;
		}
		if (roster_entry_add(c, 0) != 0) {
			roster_free(c->cs_roster);
			c->cs_roster = NULL;
			return CVD_ENOMEM;
		}
		return 0;
	case EVENT_ROSTER: {
		/* the list grows first, so a change is never applied unrecorded */
		int rc = roster_entry_add(c, e->ce_index);
		if (rc == 0 && (rc = apply_roster(c, e, pb->roster, why, cap)) != 0)
			c->cs_nroster_idx--;
		return rc;
	}
	case EVENT_CASE: return apply_case(c, e, pb->case_event, why, cap);
	case EVENT_ORG: return apply_org(c, e, pb->org_event, why, cap);
	}
	snprintf(why, cap, "unknown event type");
	return CVD_EINVAL;
}

int cases_apply_logged(struct cases *c, const struct entry *e, const struct event_view *ev,
                       char *why, size_t cap)
{
	struct cases_entry ce;

	memset(&ce, 0, sizeof(ce));
	ce.ce_index = e->e_index;
	ce.ce_time_ms = e->e_time_ms;
	ce.ce_author = e->e_author;
	ce.ce_event = ev;
	return cases_apply(c, &ce, why, cap);
}

/* ---- lifecycle and lookups ---- */

int cases_new(struct cases **out)
{
	*out = calloc(1, sizeof(**out));
	return *out != NULL ? 0 : CVD_ENOMEM;
}

static void case_clear(struct cases_case *cs)
{
	for (unsigned i = 0; i < cs->cc_ncommits; i++)
		free(cs->cc_commits[i].cm_readers);
	free(cs->cc_commits);
	free(cs->cc_vendors);
	free(cs->cc_coords);
	free(cs->cc_disputes);
	free(cs->cc_advisories);
	free(cs->cc_entries);
}

void cases_free(struct cases *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->cs_ncases; i++)
		case_clear(&c->cs_cases[i]);
	free(c->cs_cases);
	free(c->cs_products);
	free(c->cs_digests);
	roster_free(c->cs_roster);
	free(c->cs_roster_idx);
	free(c);
}

size_t cases_roster_entries(const struct cases *c, const uint64_t **idx)
{
	*idx = c->cs_roster_idx;
	return c->cs_nroster_idx;
}

const struct roster *cases_roster(const struct cases *c)
{
	return c->cs_roster;
}

size_t cases_count(const struct cases *c)
{
	return c->cs_ncases;
}

const struct cases_case *cases_at(const struct cases *c, size_t i)
{
	return i < c->cs_ncases ? &c->cs_cases[i] : NULL;
}

const struct cases_case *cases_find(const struct cases *c, uint64_t id)
{
	size_t lo = 0, hi = c->cs_ncases;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->cs_cases[mid].cc_id == id)
			return &c->cs_cases[mid];
		if (c->cs_cases[mid].cc_id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

size_t cases_product_count(const struct cases *c)
{
	return c->cs_nproducts;
}

const struct cases_product *cases_product_at(const struct cases *c, size_t i)
{
	return i < c->cs_nproducts ? &c->cs_products[i] : NULL;
}

const struct cases_commit *cases_find_commit(const struct cases_case *cs,
                                             const uint8_t digest[SEAL_DIGEST_LEN])
{
	for (unsigned i = 0; i < cs->cc_ncommits; i++)
		if (memcmp(cs->cc_commits[i].cm_digest, digest, SEAL_DIGEST_LEN) == 0)
			return &cs->cc_commits[i];
	return NULL;
}
