/*
 * rules.c: the CVD state machines and cross rules of DESIGN.md section 8,
 * after CERT/CC's Vultron model (CERTCC/Vultron, vultron/core/states/).
 *
 * Each machine is one static table of its edges; every refusal message is a
 * static string, built at compile time from the state names (RM and EM
 * matrices below), so callers may keep *why forever.
 */
#include "rules.h"

#include <stddef.h>

#include "error.h"

/* The RM state names, twice: a nested X-macro cannot reuse its own list. */
/* clang-format off */
#define RM_LIST_OUTER(X, a) \
	X(a, "start") X(a, "received") X(a, "valid") X(a, "invalid") \
	X(a, "accepted") X(a, "deferred") X(a, "closed")
#define RM_LIST_INNER(X, a) \
	X(a, "start") X(a, "received") X(a, "valid") X(a, "invalid") \
	X(a, "accepted") X(a, "deferred") X(a, "closed")
/* clang-format on */
#define EM_LIST(X, a) X(a, "none") X(a, "proposed") X(a, "active") X(a, "revise") X(a, "exited")
#define EM_TRIG(X, a) X(a, "propose") X(a, "accept") X(a, "reject") X(a, "terminate")
#define NAME(a, n)    n,
#define RM_CELL(f, t) "RM: " f " -> " t " is not a transition",
#define RM_ROW(a, f)  {RM_LIST_INNER(RM_CELL, f)},
#define EM_CELL(s, t) "EM: " t " in " s " is not a transition",
#define EM_ROW(a, s)  {EM_TRIG(EM_CELL, s)},

static const char *const rm_names[RULES_RM_COUNT] = {RM_LIST_OUTER(NAME, _)};
static const char *const em_names[RULES_EM_COUNT] = {EM_LIST(NAME, _)};
static const char *const em_trigger_names[RULES_EM_TRIGGER_COUNT] = {EM_TRIG(NAME, _)};
static const char *const rm_refusals[RULES_RM_COUNT][RULES_RM_COUNT] = {RM_LIST_OUTER(RM_ROW, _)};
static const char *const em_refusals[RULES_EM_COUNT][RULES_EM_TRIGGER_COUNT] = {EM_LIST(EM_ROW, _)};

static const char *const close_names[RULES_CLOSE_COUNT] = {
    "none", "withdrawn", "duplicate", "invalid", "fixed", "out of support",
};

/* What a close reason needs first, and the refusal naming it. */
static const struct {
	enum rules_rm from_a, from_b;
	const char *refusal;
} close_rules[RULES_CLOSE_COUNT] = {
    [RULES_CLOSE_NONE] = {RULES_RM_COUNT, RULES_RM_COUNT, "RM: closing needs a close reason"},
    [RULES_CLOSE_WITHDRAWN] = {RULES_RM_INVALID, RULES_RM_INVALID,
                               "RM: closing as withdrawn needs invalid first"},
    [RULES_CLOSE_DUPLICATE] = {RULES_RM_INVALID, RULES_RM_INVALID,
                               "RM: closing as duplicate needs invalid first"},
    [RULES_CLOSE_INVALID] = {RULES_RM_INVALID, RULES_RM_INVALID,
                             "RM: closing as invalid needs invalid first"},
    [RULES_CLOSE_FIXED] = {RULES_RM_ACCEPTED, RULES_RM_DEFERRED,
                           "RM: closing as fixed needs accepted or deferred first"},
    [RULES_CLOSE_OUT_OF_SUPPORT] = {RULES_RM_ACCEPTED, RULES_RM_DEFERRED,
                                    "RM: closing as out of support needs accepted or deferred "
                                    "first"},
};

/* The 11 RM transitions of DESIGN.md section 8. */
static const struct {
	enum rules_rm from, to;
} rm_table[] = {
    {RULES_RM_START, RULES_RM_RECEIVED},   {RULES_RM_RECEIVED, RULES_RM_VALID},
    {RULES_RM_RECEIVED, RULES_RM_INVALID}, {RULES_RM_INVALID, RULES_RM_VALID},
    {RULES_RM_INVALID, RULES_RM_CLOSED},   {RULES_RM_VALID, RULES_RM_ACCEPTED},
    {RULES_RM_VALID, RULES_RM_DEFERRED},   {RULES_RM_ACCEPTED, RULES_RM_DEFERRED},
    {RULES_RM_ACCEPTED, RULES_RM_CLOSED},  {RULES_RM_DEFERRED, RULES_RM_ACCEPTED},
    {RULES_RM_DEFERRED, RULES_RM_CLOSED},
};

/* The EM edges of DESIGN.md section 8. */
static const struct {
	enum rules_em from;
	enum rules_em_trigger t;
	enum rules_em to;
} em_table[] = {
    {RULES_EM_NONE, RULES_EM_PROPOSE, RULES_EM_PROPOSED},
    {RULES_EM_PROPOSED, RULES_EM_PROPOSE, RULES_EM_PROPOSED}, /* replaces the pending terms */
    {RULES_EM_PROPOSED, RULES_EM_ACCEPT, RULES_EM_ACTIVE},
    {RULES_EM_PROPOSED, RULES_EM_REJECT, RULES_EM_NONE},
    {RULES_EM_ACTIVE, RULES_EM_PROPOSE, RULES_EM_REVISE},
    {RULES_EM_REVISE, RULES_EM_PROPOSE, RULES_EM_REVISE},
    {RULES_EM_REVISE, RULES_EM_ACCEPT, RULES_EM_ACTIVE}, /* new terms */
    {RULES_EM_REVISE, RULES_EM_REJECT, RULES_EM_ACTIVE}, /* old terms */
    {RULES_EM_ACTIVE, RULES_EM_TERMINATE, RULES_EM_EXITED},
    {RULES_EM_REVISE, RULES_EM_TERMINATE, RULES_EM_EXITED},
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static int refuse(int err, const char *msg, const char **why)
{
	if (why != NULL)
		*why = msg;
	return err;
}

static int ok(const char **why)
{
	if (why != NULL)
		*why = NULL;
	return 0;
}

/* is_one_of: flag is exactly one bit of set. */
static int is_one_of(unsigned flag, unsigned set)
{
	return flag != 0 && (flag & (flag - 1)) == 0 && (flag & set) == flag;
}

int rules_rm_step(enum rules_rm from, enum rules_rm to, enum rules_close_reason reason,
                  const char **why)
{
	size_t i;

	if ((unsigned)from >= RULES_RM_COUNT || (unsigned)to >= RULES_RM_COUNT)
		return refuse(CVD_EINVAL, "RM: unknown state", why);
	if ((unsigned)reason >= RULES_CLOSE_COUNT)
		return refuse(CVD_EINVAL, "RM: unknown close reason", why);
	for (i = 0; i < NELEM(rm_table); i++)
		if (rm_table[i].from == from && rm_table[i].to == to)
			break;
	if (i == NELEM(rm_table))
		return refuse(CVD_ETRANSITION, rm_refusals[from][to], why);
	if (to != RULES_RM_CLOSED) {
		if (reason != RULES_CLOSE_NONE)
			return refuse(CVD_ETRANSITION,
			              "RM: only a step to closed carries a close reason", why);
		return ok(why);
	}
	if (from != close_rules[reason].from_a && from != close_rules[reason].from_b)
		return refuse(CVD_ETRANSITION, close_rules[reason].refusal, why);
	return ok(why);
}

int rules_em_step(enum rules_em from, enum rules_em_trigger t, enum rules_em *to, const char **why)
{
	size_t i;

	if ((unsigned)from >= RULES_EM_COUNT)
		return refuse(CVD_EINVAL, "EM: unknown state", why);
	if ((unsigned)t >= RULES_EM_TRIGGER_COUNT)
		return refuse(CVD_EINVAL, "EM: unknown trigger", why);
	for (i = 0; i < NELEM(em_table); i++) {
		if (em_table[i].from == from && em_table[i].t == t) {
			*to = em_table[i].to;
			return ok(why);
		}
	}
	return refuse(CVD_ETRANSITION, em_refusals[from][t], why);
}

enum rules_em rules_em_effective(enum rules_em s, uint64_t end_ms, uint64_t now_ms)
{
	if ((s == RULES_EM_ACTIVE || s == RULES_EM_REVISE) && now_ms >= end_ms)
		return RULES_EM_EXITED;
	return s;
}

int rules_cs_vendor_set(unsigned vendor_flags, unsigned flag, enum rules_rm vendor_rm,
                        int must_be_v_next, const char **why)
{
	static const char *const already[] = {"CS: V is already on", "CS: F is already on",
	                                      "CS: D is already on"};

	if (!is_one_of(flag, RULES_CS_VENDOR_ALL))
		return refuse(CVD_EINVAL, "CS: not a vendor flag (V, F, D)", why);
	if ((unsigned)vendor_rm >= RULES_RM_COUNT)
		return refuse(CVD_EINVAL, "CS: unknown RM state", why);
	if (vendor_flags & flag)
		return refuse(CVD_ETRANSITION,
		              already[flag == RULES_CS_V   ? 0
		                      : flag == RULES_CS_F ? 1
		                                           : 2],
		              why);
	if (must_be_v_next && flag != RULES_CS_V)
		return refuse(CVD_ETRANSITION,
		              "CS: V must come next (P came on while the vendor was unaware)", why);
	if (flag == RULES_CS_F) {
		if (!(vendor_flags & RULES_CS_V))
			return refuse(CVD_ETRANSITION, "CS: F needs V", why);
		if (vendor_rm != RULES_RM_ACCEPTED)
			return refuse(CVD_ETRANSITION, "CS: F needs the vendor in RM accepted",
			              why);
	}
	if (flag == RULES_CS_D && !(vendor_flags & RULES_CS_F))
		return refuse(CVD_ETRANSITION, "CS: D needs F", why);
	return ok(why);
}

int rules_cs_case_set(unsigned case_flags, unsigned flag, unsigned *new_flags, const char **why)
{
	static const char *const already[] = {"CS: P is already on", "CS: X is already on",
	                                      "CS: A is already on"};

	if (!is_one_of(flag, RULES_CS_CASE_ALL))
		return refuse(CVD_EINVAL, "CS: not a case flag (P, X, A)", why);
	if (case_flags & flag)
		return refuse(CVD_ETRANSITION,
		              already[flag == RULES_CS_P   ? 0
		                      : flag == RULES_CS_X ? 1
		                                           : 2],
		              why);
	*new_flags = case_flags | flag | (flag == RULES_CS_X ? RULES_CS_P : 0);
	return ok(why);
}

int rules_embargo_allowed(unsigned case_flags, enum rules_em em, enum rules_em_trigger t,
                          const char **why)
{
	if ((unsigned)em >= RULES_EM_COUNT)
		return refuse(CVD_EINVAL, "EM: unknown state", why);
	if ((unsigned)t >= RULES_EM_TRIGGER_COUNT)
		return refuse(CVD_EINVAL, "EM: unknown trigger", why);
	if (t != RULES_EM_PROPOSE && t != RULES_EM_ACCEPT)
		return ok(why);
	if (case_flags & RULES_CS_P)
		return refuse(CVD_ETRANSITION,
		              t == RULES_EM_PROPOSE ? "cross: no embargo propose once P is on"
		                                    : "cross: no embargo accept once P is on",
		              why);
	if (case_flags & RULES_CS_X)
		return refuse(CVD_ETRANSITION,
		              t == RULES_EM_PROPOSE ? "cross: no embargo propose once X is on"
		                                    : "cross: no embargo accept once X is on",
		              why);
	if ((case_flags & RULES_CS_A) && (em == RULES_EM_NONE || em == RULES_EM_PROPOSED))
		return refuse(CVD_ETRANSITION, "cross: no new embargo once A is on", why);
	return ok(why);
}

int rules_advisory_allowed(int is_sa, int case_validated, const char **why)
{
	if (is_sa && !case_validated)
		return refuse(CVD_ETRANSITION, "advisory: an SA needs a validated case", why);
	return ok(why);
}

const char *rules_rm_name(enum rules_rm s)
{
	return (unsigned)s < RULES_RM_COUNT ? rm_names[s] : "?";
}

const char *rules_close_reason_name(enum rules_close_reason r)
{
	return (unsigned)r < RULES_CLOSE_COUNT ? close_names[r] : "?";
}

const char *rules_em_name(enum rules_em s)
{
	return (unsigned)s < RULES_EM_COUNT ? em_names[s] : "?";
}

const char *rules_em_trigger_name(enum rules_em_trigger t)
{
	return (unsigned)t < RULES_EM_TRIGGER_COUNT ? em_trigger_names[t] : "?";
}

const char *rules_cs_flag_name(unsigned flag)
{
	switch (flag) {
	case RULES_CS_V: return "V";
	case RULES_CS_F: return "F";
	case RULES_CS_D: return "D";
	case RULES_CS_P: return "P";
	case RULES_CS_X: return "X";
	case RULES_CS_A: return "A";
	default: return "?";
	}
}
