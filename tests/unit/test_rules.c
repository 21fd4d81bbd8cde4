/*
 * test_rules.c: lib/rules.c, the CVD state machines and cross rules of
 * DESIGN.md section 8 (after CERT/CC's Vultron). Every expectation here is
 * written from DESIGN.md, independently of the tables in lib/rules.c:
 * every RM (from, to) pair with every close reason (exactly 11 transitions,
 * 15 legal steps counting close reasons); every EM (state, trigger) pair
 * (10 edges); rules_em_effective before, at and after the end time; every
 * CS flag for a vendor (all flag sets, RM states, "V next") and for a case
 * (X turns P on); the cross rules for every case flag set, embargo state
 * and trigger, alone and together with the EM table; SA and SN. Every
 * refusal's message is asserted exactly, so it names the rule it applies.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "rules.h"
#include "testutil.h"

#define NRM   RULES_RM_COUNT
#define NEM   RULES_EM_COUNT
#define NTRIG RULES_EM_TRIGGER_COUNT

/* The names as DESIGN.md section 8 spells them. */
static const char *const rm_name[NRM] = {"start",    "received", "valid", "invalid",
                                         "accepted", "deferred", "closed"};
static const char *const em_name[NEM] = {"none", "proposed", "active", "revise", "exited"};
static const char *const trig_name[NTRIG] = {"propose", "accept", "reject", "terminate"};
static const char *const close_name[RULES_CLOSE_COUNT] = {"none",    "withdrawn", "duplicate",
                                                          "invalid", "fixed",     "out of support"};

/* Short names for the RM states in the tables below. */
#define S  RULES_RM_START
#define RC RULES_RM_RECEIVED
#define VA RULES_RM_VALID
#define IN RULES_RM_INVALID
#define AC RULES_RM_ACCEPTED
#define DE RULES_RM_DEFERRED
#define CL RULES_RM_CLOSED

/* DESIGN.md: start -> received; received -> valid | invalid; invalid ->
 * valid | closed; valid -> accepted | deferred; accepted -> deferred |
 * closed; deferred -> accepted | closed. Rows are from, columns to. */
static const int rm_legal[NRM][NRM] = {
    /*            S  RC VA IN AC DE CL */
    [S] = {0, 1, 0, 0, 0, 0, 0},  [RC] = {0, 0, 1, 1, 0, 0, 0}, [VA] = {0, 0, 0, 0, 1, 1, 0},
    [IN] = {0, 0, 1, 0, 0, 0, 1}, [AC] = {0, 0, 0, 0, 0, 1, 1}, [DE] = {0, 0, 0, 0, 1, 0, 1},
    [CL] = {0, 0, 0, 0, 0, 0, 0},
};

START_TEST(rm_every_pair_and_reason)
{
	char want[160];
	int legal = 0, steps = 0;

	for (int from = 0; from < NRM; from++) {
		for (int to = 0; to < NRM; to++) {
			legal += rm_legal[from][to];
			for (int r = 0; r < RULES_CLOSE_COUNT; r++) {
				const char *why = "unset";
				int rc = rules_rm_step(from, to, r, &why);
				int closes_invalid = r == RULES_CLOSE_WITHDRAWN ||
				                     r == RULES_CLOSE_DUPLICATE ||
				                     r == RULES_CLOSE_INVALID;

				if (!rm_legal[from][to]) {
					snprintf(want, sizeof(want),
					         "RM: %s -> %s is not a transition", rm_name[from],
					         rm_name[to]);
				} else if (to != CL) {
					snprintf(want, sizeof(want), "%s",
					         r == RULES_CLOSE_NONE
					             ? ""
					             : "RM: only a step to closed carries a close "
					               "reason");
				} else if (r == RULES_CLOSE_NONE) {
					snprintf(want, sizeof(want),
					         "RM: closing needs a close reason");
				} else if (closes_invalid) {
					if (from == IN)
						want[0] = '\0';
					else
						snprintf(want, sizeof(want),
						         "RM: closing as %s needs invalid first",
						         close_name[r]);
				} else if (from == AC || from == DE) {
					want[0] = '\0';
				} else {
					snprintf(want, sizeof(want),
					         "RM: closing as %s needs accepted or deferred "
					         "first",
					         close_name[r]);
				}
				if (want[0] == '\0') {
					ck_assert_msg(rc == 0, "%s -> %s (%s): %s", rm_name[from],
					              rm_name[to], close_name[r], why);
					ck_assert_ptr_null(why);
					ck_assert_int_eq(rules_rm_step(from, to, r, NULL), 0);
					steps++;
				} else {
					ck_assert_int_eq(rc, CVD_ETRANSITION);
					ck_assert_ptr_nonnull(why);
					ck_assert_str_eq(why, want);
					ck_assert_int_eq(rules_rm_step(from, to, r, NULL),
					                 CVD_ETRANSITION);
				}
			}
		}
	}
	ck_assert_int_eq(legal, 11);
	/* 8 non-closing steps; closing: 3 reasons from invalid, 2 each from
	 * accepted and deferred. */
	ck_assert_int_eq(steps, 8 + 3 + 2 + 2);
}
END_TEST

START_TEST(rm_examples_and_bad_values)
{
	const char *why;

	ck_assert_int_eq(rules_rm_step(RC, AC, RULES_CLOSE_NONE, &why), CVD_ETRANSITION);
	ck_assert_str_eq(why, "RM: received -> accepted is not a transition");
	ck_assert_int_eq(rules_rm_step(IN, CL, RULES_CLOSE_FIXED, &why), CVD_ETRANSITION);
	ck_assert_str_eq(why, "RM: closing as fixed needs accepted or deferred first");
	ck_assert_int_eq(rules_rm_step(DE, CL, RULES_CLOSE_DUPLICATE, &why), CVD_ETRANSITION);
	ck_assert_str_eq(why, "RM: closing as duplicate needs invalid first");
	ck_assert_int_eq(rules_rm_step(CL, CL, RULES_CLOSE_FIXED, &why), CVD_ETRANSITION);
	ck_assert_str_eq(why, "RM: closed -> closed is not a transition");

	/* A whole life: start, received, invalid, valid, accepted, deferred,
	 * accepted, closed as out of support. */
	{
		static const int path[] = {S, RC, IN, VA, AC, DE, AC, CL};
		for (size_t i = 1; i < sizeof(path) / sizeof(path[0]); i++)
			ck_assert_int_eq(rules_rm_step(path[i - 1], path[i],
			                               path[i] == CL ? RULES_CLOSE_OUT_OF_SUPPORT
			                                             : RULES_CLOSE_NONE,
			                               &why),
			                 0);
	}

	ck_assert_int_eq(rules_rm_step((enum rules_rm)NRM, RC, RULES_CLOSE_NONE, &why), CVD_EINVAL);
	ck_assert_str_eq(why, "RM: unknown state");
	ck_assert_int_eq(rules_rm_step(S, (enum rules_rm) - 1, RULES_CLOSE_NONE, &why), CVD_EINVAL);
	ck_assert_int_eq(rules_rm_step(IN, CL, (enum rules_close_reason)RULES_CLOSE_COUNT, &why),
	                 CVD_EINVAL);
	ck_assert_str_eq(why, "RM: unknown close reason");
}
END_TEST

/* DESIGN.md's EM edges; -1: not a transition. */
static const int em_next[NEM][NTRIG] = {
    /*                      propose             accept            reject            terminate */
    [RULES_EM_NONE] = {RULES_EM_PROPOSED, -1, -1, -1},
    [RULES_EM_PROPOSED] = {RULES_EM_PROPOSED, RULES_EM_ACTIVE, RULES_EM_NONE, -1},
    [RULES_EM_ACTIVE] = {RULES_EM_REVISE, -1, -1, RULES_EM_EXITED},
    [RULES_EM_REVISE] = {RULES_EM_REVISE, RULES_EM_ACTIVE, RULES_EM_ACTIVE, RULES_EM_EXITED},
    [RULES_EM_EXITED] = {-1, -1, -1, -1},
};

START_TEST(em_every_state_and_trigger)
{
	char want[96];
	int edges = 0;

	for (int s = 0; s < NEM; s++) {
		for (int t = 0; t < NTRIG; t++) {
			enum rules_em to = (enum rules_em)99;
			const char *why = "unset";
			int rc = rules_em_step(s, t, &to, &why);

			if (em_next[s][t] >= 0) {
				ck_assert_msg(rc == 0, "%s in %s: %s", trig_name[t], em_name[s],
				              why);
				ck_assert_int_eq(to, em_next[s][t]);
				ck_assert_ptr_null(why);
				edges++;
			} else {
				snprintf(want, sizeof(want), "EM: %s in %s is not a transition",
				         trig_name[t], em_name[s]);
				ck_assert_int_eq(rc, CVD_ETRANSITION);
				ck_assert_int_eq(to, 99); /* untouched */
				ck_assert_str_eq(why, want);
			}
			ck_assert_int_eq(rules_em_step(s, t, &to, NULL), rc);
		}
	}
	ck_assert_int_eq(edges, 10);

	{
		enum rules_em to;
		const char *why;
		ck_assert_int_eq(rules_em_step((enum rules_em)NEM, RULES_EM_PROPOSE, &to, &why),
		                 CVD_EINVAL);
		ck_assert_str_eq(why, "EM: unknown state");
		ck_assert_int_eq(
		    rules_em_step(RULES_EM_NONE, (enum rules_em_trigger)NTRIG, &to, &why),
		    CVD_EINVAL);
		ck_assert_str_eq(why, "EM: unknown trigger");
	}
}
END_TEST

START_TEST(em_effective_end_time)
{
	static const uint64_t end = 1700000000000ull;

	for (int s = 0; s < NEM; s++) {
		int running = s == RULES_EM_ACTIVE || s == RULES_EM_REVISE;
		int after = running ? RULES_EM_EXITED : s;

		ck_assert_int_eq(rules_em_effective(s, end, 0), s);
		ck_assert_int_eq(rules_em_effective(s, end, end - 1), s);
		ck_assert_int_eq(rules_em_effective(s, end, end), after);
		ck_assert_int_eq(rules_em_effective(s, end, end + 1), after);
		ck_assert_int_eq(rules_em_effective(s, end, UINT64_MAX), after);
		ck_assert_int_eq(rules_em_effective(s, UINT64_MAX, UINT64_MAX - 1), s);
	}
}
END_TEST

static const unsigned vflag[3] = {RULES_CS_V, RULES_CS_F, RULES_CS_D};
static const unsigned cflag[3] = {RULES_CS_P, RULES_CS_X, RULES_CS_A};

START_TEST(cs_vendor_every_flag)
{
	char want[96];
	int allowed = 0;

	/* Every set of vendor flags (even inconsistent ones), every flag, every
	 * RM state, V next or not. Refusals in this order: already on, V next,
	 * F needs V, F needs accepted, D needs F. */
	for (unsigned have = 0; have < 8; have++) {
		unsigned vf = (have & 1 ? RULES_CS_V : 0) | (have & 2 ? RULES_CS_F : 0) |
		              (have & 4 ? RULES_CS_D : 0);
		for (int i = 0; i < 3; i++) {
			for (int rm = 0; rm < NRM; rm++) {
				for (int vnext = 0; vnext < 2; vnext++) {
					unsigned f = vflag[i];
					const char *why = "unset";
					int rc = rules_cs_vendor_set(vf, f, rm, vnext, &why);

					want[0] = '\0';
					if (vf & f)
						snprintf(want, sizeof(want), "CS: %c is already on",
						         "VFD"[i]);
					else if (vnext && f != RULES_CS_V)
						snprintf(
						    want, sizeof(want),
						    "CS: V must come next (P came on while the "
						    "vendor was unaware)");
					else if (f == RULES_CS_F && !(vf & RULES_CS_V))
						snprintf(want, sizeof(want), "CS: F needs V");
					else if (f == RULES_CS_F && rm != AC)
						snprintf(want, sizeof(want),
						         "CS: F needs the vendor in RM accepted");
					else if (f == RULES_CS_D && !(vf & RULES_CS_F))
						snprintf(want, sizeof(want), "CS: D needs F");
					if (want[0] == '\0') {
						ck_assert_msg(rc == 0, "%x +%x rm %d vnext %d: %s",
						              vf, f, rm, vnext, why);
						ck_assert_ptr_null(why);
						allowed++;
					} else {
						ck_assert_int_eq(rc, CVD_ETRANSITION);
						ck_assert_str_eq(why, want);
					}
				}
			}
		}
	}
	ck_assert_int_gt(allowed, 0);
}
END_TEST

START_TEST(cs_vendor_examples_and_bad_values)
{
	const char *why;

	/* The ordinary life of one vendor. */
	ck_assert_int_eq(rules_cs_vendor_set(0, RULES_CS_V, RC, 0, &why), 0);
	ck_assert_int_eq(rules_cs_vendor_set(RULES_CS_V, RULES_CS_F, VA, 0, &why), CVD_ETRANSITION);
	ck_assert_str_eq(why, "CS: F needs the vendor in RM accepted");
	ck_assert_int_eq(rules_cs_vendor_set(RULES_CS_V, RULES_CS_F, DE, 0, &why), CVD_ETRANSITION);
	ck_assert_int_eq(rules_cs_vendor_set(RULES_CS_V, RULES_CS_F, AC, 0, &why), 0);
	ck_assert_int_eq(rules_cs_vendor_set(RULES_CS_V, RULES_CS_D, AC, 0, &why), CVD_ETRANSITION);
	ck_assert_str_eq(why, "CS: D needs F");
	ck_assert_int_eq(rules_cs_vendor_set(RULES_CS_V | RULES_CS_F, RULES_CS_D, CL, 0, &why), 0);
	ck_assert_int_eq(rules_cs_vendor_set(RULES_CS_V | RULES_CS_F, RULES_CS_F, AC, 0, &why),
	                 CVD_ETRANSITION);
	ck_assert_str_eq(why, "CS: F is already on");
	ck_assert_int_eq(rules_cs_vendor_set(RULES_CS_VENDOR_ALL, RULES_CS_D, AC, 0, &why),
	                 CVD_ETRANSITION);
	ck_assert_str_eq(why, "CS: D is already on");
	ck_assert_int_eq(rules_cs_vendor_set(RULES_CS_V, RULES_CS_V, AC, 0, &why), CVD_ETRANSITION);
	ck_assert_str_eq(why, "CS: V is already on");

	/* P came on while this vendor was unaware: V first, whatever else. */
	ck_assert_int_eq(rules_cs_vendor_set(0, RULES_CS_V, S, 1, &why), 0);
	ck_assert_ptr_null(why);
	ck_assert_int_eq(rules_cs_vendor_set(0, RULES_CS_F, AC, 1, &why), CVD_ETRANSITION);
	ck_assert_str_eq(why, "CS: V must come next (P came on while the vendor was unaware)");
	ck_assert_int_eq(rules_cs_vendor_set(0, RULES_CS_D, AC, 1, NULL), CVD_ETRANSITION);

	/* Not exactly one vendor flag, or an unknown RM state. */
	{
		static const unsigned bad[] = {
		    0, RULES_CS_P, RULES_CS_X, RULES_CS_A, RULES_CS_V | RULES_CS_F, 1u << 6, ~0u};
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			ck_assert_int_eq(rules_cs_vendor_set(0, bad[i], AC, 0, &why), CVD_EINVAL);
			ck_assert_str_eq(why, "CS: not a vendor flag (V, F, D)");
		}
	}
	ck_assert_int_eq(rules_cs_vendor_set(0, RULES_CS_V, (enum rules_rm)NRM, 0, &why),
	                 CVD_EINVAL);
	ck_assert_str_eq(why, "CS: unknown RM state");
}
END_TEST

START_TEST(cs_case_every_flag)
{
	char want[64];

	for (unsigned have = 0; have < 8; have++) {
		unsigned cf = (have & 1 ? RULES_CS_P : 0) | (have & 2 ? RULES_CS_X : 0) |
		              (have & 4 ? RULES_CS_A : 0);
		for (int i = 0; i < 3; i++) {
			unsigned f = cflag[i], out = 12345;
			const char *why = "unset";
			int rc = rules_cs_case_set(cf, f, &out, &why);

			if (cf & f) {
				snprintf(want, sizeof(want), "CS: %c is already on", "PXA"[i]);
				ck_assert_int_eq(rc, CVD_ETRANSITION);
				ck_assert_str_eq(why, want);
				ck_assert_uint_eq(out, 12345); /* untouched */
			} else {
				ck_assert_int_eq(rc, 0);
				ck_assert_ptr_null(why);
				ck_assert_uint_eq(out, cf | f | (f == RULES_CS_X ? RULES_CS_P : 0));
			}
		}
	}
}
END_TEST

START_TEST(cs_case_examples_and_bad_values)
{
	unsigned out = 0;
	const char *why;

	/* X sets P in the same step; P then X keeps P; X then P is a repeat. */
	ck_assert_int_eq(rules_cs_case_set(0, RULES_CS_X, &out, &why), 0);
	ck_assert_uint_eq(out, RULES_CS_X | RULES_CS_P);
	ck_assert_int_eq(rules_cs_case_set(out, RULES_CS_P, &out, &why), CVD_ETRANSITION);
	ck_assert_str_eq(why, "CS: P is already on");
	ck_assert_int_eq(rules_cs_case_set(RULES_CS_P, RULES_CS_X, &out, &why), 0);
	ck_assert_uint_eq(out, RULES_CS_X | RULES_CS_P);
	ck_assert_int_eq(rules_cs_case_set(RULES_CS_A, RULES_CS_P, &out, &why), 0);
	ck_assert_uint_eq(out, RULES_CS_A | RULES_CS_P);
	ck_assert_int_eq(rules_cs_case_set(out, RULES_CS_A, &out, NULL), CVD_ETRANSITION);

	{
		static const unsigned bad[] = {
		    0, RULES_CS_V, RULES_CS_F, RULES_CS_D, RULES_CS_P | RULES_CS_X, 1u << 6, ~0u};
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			out = 777;
			ck_assert_int_eq(rules_cs_case_set(0, bad[i], &out, &why), CVD_EINVAL);
			ck_assert_str_eq(why, "CS: not a case flag (P, X, A)");
			ck_assert_uint_eq(out, 777);
		}
	}
}
END_TEST

/* The cross rule's refusal for (case flags, state, trigger), from DESIGN.md:
 * P or X on: no propose, no accept; A on: nothing that starts a new embargo
 * (propose from none or proposed, accept from proposed). NULL: allowed. */
static const char *cross_want(unsigned cf, int em, int t)
{
	if (t == RULES_EM_REJECT || t == RULES_EM_TERMINATE)
		return NULL;
	if (cf & RULES_CS_P)
		return t == RULES_EM_PROPOSE ? "cross: no embargo propose once P is on"
		                             : "cross: no embargo accept once P is on";
	if (cf & RULES_CS_X)
		return t == RULES_EM_PROPOSE ? "cross: no embargo propose once X is on"
		                             : "cross: no embargo accept once X is on";
	if ((cf & RULES_CS_A) && (em == RULES_EM_NONE || em == RULES_EM_PROPOSED))
		return "cross: no new embargo once A is on";
	return NULL;
}

START_TEST(cross_every_combination)
{
	for (unsigned have = 0; have < 8; have++) {
		unsigned cf = (have & 1 ? RULES_CS_P : 0) | (have & 2 ? RULES_CS_X : 0) |
		              (have & 4 ? RULES_CS_A : 0);
		/* Vendor flags in the case word change nothing. */
		for (unsigned extra = 0; extra < 2; extra++) {
			unsigned word = cf | (extra ? RULES_CS_VENDOR_ALL : 0);
			for (int em = 0; em < NEM; em++) {
				for (int t = 0; t < NTRIG; t++) {
					const char *why = "unset";
					const char *want = cross_want(cf, em, t);
					int rc = rules_embargo_allowed(word, em, t, &why);

					if (want == NULL) {
						ck_assert_msg(rc == 0, "flags %x %s in %s: %s",
						              word, trig_name[t], em_name[em], why);
						ck_assert_ptr_null(why);
					} else {
						ck_assert_int_eq(rc, CVD_ETRANSITION);
						ck_assert_str_eq(why, want);
					}
				}
			}
		}
	}
}
END_TEST

/* The triggers that pass both the EM table and the cross rules, as a bit set
 * of (1 << trigger), for a state under the given case flags. */
static unsigned passing(unsigned cf, enum rules_em em)
{
	unsigned set = 0;
	for (int t = 0; t < NTRIG; t++) {
		enum rules_em to;
		if (rules_em_step(em, t, &to, NULL) == 0 &&
		    rules_embargo_allowed(cf, em, t, NULL) == 0)
			set |= 1u << t;
	}
	return set;
}

START_TEST(cross_with_em_table)
{
	const unsigned PR = 1u << RULES_EM_PROPOSE, AC_ = 1u << RULES_EM_ACCEPT;
	const unsigned RJ = 1u << RULES_EM_REJECT, TE = 1u << RULES_EM_TERMINATE;
	static const unsigned pub[] = {RULES_CS_P, RULES_CS_X | RULES_CS_P, RULES_CS_X,
	                               RULES_CS_P | RULES_CS_A,
	                               RULES_CS_P | RULES_CS_X | RULES_CS_A};

	/* Once P or X is on: a pending proposal may only be rejected, an active
	 * embargo only terminated (a pending revision rejected, back to the old
	 * terms, or the embargo terminated); nothing new starts. */
	for (size_t i = 0; i < sizeof(pub) / sizeof(pub[0]); i++) {
		ck_assert_uint_eq(passing(pub[i], RULES_EM_NONE), 0);
		ck_assert_uint_eq(passing(pub[i], RULES_EM_PROPOSED), RJ);
		ck_assert_uint_eq(passing(pub[i], RULES_EM_ACTIVE), TE);
		ck_assert_uint_eq(passing(pub[i], RULES_EM_REVISE), RJ | TE);
		ck_assert_uint_eq(passing(pub[i], RULES_EM_EXITED), 0);
	}
	/* A alone: no new embargo; a running one may still be revised. */
	ck_assert_uint_eq(passing(RULES_CS_A, RULES_EM_NONE), 0);
	ck_assert_uint_eq(passing(RULES_CS_A, RULES_EM_PROPOSED), RJ);
	ck_assert_uint_eq(passing(RULES_CS_A, RULES_EM_ACTIVE), PR | TE);
	ck_assert_uint_eq(passing(RULES_CS_A, RULES_EM_REVISE), PR | AC_ | RJ | TE);
	/* No flag: the EM table alone. */
	ck_assert_uint_eq(passing(0, RULES_EM_NONE), PR);
	ck_assert_uint_eq(passing(0, RULES_EM_PROPOSED), PR | AC_ | RJ);
	ck_assert_uint_eq(passing(0, RULES_EM_EXITED), 0);

	{
		const char *why;
		ck_assert_int_eq(
		    rules_embargo_allowed(0, (enum rules_em)NEM, RULES_EM_REJECT, &why),
		    CVD_EINVAL);
		ck_assert_str_eq(why, "EM: unknown state");
		ck_assert_int_eq(
		    rules_embargo_allowed(0, RULES_EM_NONE, (enum rules_em_trigger)NTRIG, &why),
		    CVD_EINVAL);
		ck_assert_str_eq(why, "EM: unknown trigger");
	}
}
END_TEST

START_TEST(advisory_sa_and_sn)
{
	const char *why = "unset";

	ck_assert_int_eq(rules_advisory_allowed(1, 0, &why), CVD_ETRANSITION);
	ck_assert_str_eq(why, "advisory: an SA needs a validated case");
	ck_assert_int_eq(rules_advisory_allowed(1, 1, &why), 0);
	ck_assert_ptr_null(why);
	ck_assert_int_eq(rules_advisory_allowed(0, 0, &why), 0);
	ck_assert_ptr_null(why);
	ck_assert_int_eq(rules_advisory_allowed(0, 1, &why), 0);
	ck_assert_int_eq(rules_advisory_allowed(1, 0, NULL), CVD_ETRANSITION);
}
END_TEST

START_TEST(names)
{
	for (int i = 0; i < NRM; i++)
		ck_assert_str_eq(rules_rm_name(i), rm_name[i]);
	for (int i = 0; i < NEM; i++)
		ck_assert_str_eq(rules_em_name(i), em_name[i]);
	for (int i = 0; i < NTRIG; i++)
		ck_assert_str_eq(rules_em_trigger_name(i), trig_name[i]);
	for (int i = 0; i < RULES_CLOSE_COUNT; i++)
		ck_assert_str_eq(rules_close_reason_name(i), close_name[i]);
	ck_assert_str_eq(rules_rm_name((enum rules_rm)NRM), "?");
	ck_assert_str_eq(rules_rm_name((enum rules_rm) - 1), "?");
	ck_assert_str_eq(rules_em_name((enum rules_em)NEM), "?");
	ck_assert_str_eq(rules_em_trigger_name((enum rules_em_trigger)NTRIG), "?");
	ck_assert_str_eq(rules_close_reason_name((enum rules_close_reason)RULES_CLOSE_COUNT), "?");

	ck_assert_str_eq(rules_cs_flag_name(RULES_CS_V), "V");
	ck_assert_str_eq(rules_cs_flag_name(RULES_CS_F), "F");
	ck_assert_str_eq(rules_cs_flag_name(RULES_CS_D), "D");
	ck_assert_str_eq(rules_cs_flag_name(RULES_CS_P), "P");
	ck_assert_str_eq(rules_cs_flag_name(RULES_CS_X), "X");
	ck_assert_str_eq(rules_cs_flag_name(RULES_CS_A), "A");
	ck_assert_str_eq(rules_cs_flag_name(0), "?");
	ck_assert_str_eq(rules_cs_flag_name(RULES_CS_P | RULES_CS_X), "?");
	ck_assert_str_eq(rules_cs_flag_name(1u << 6), "?");
	/* The six flags are distinct bits, split into vendor and case sets. */
	ck_assert_uint_eq(RULES_CS_VENDOR_ALL & RULES_CS_CASE_ALL, 0);
	ck_assert_uint_eq(RULES_CS_VENDOR_ALL | RULES_CS_CASE_ALL, 0x3f);
}
END_TEST

Suite *suite_rules(void)
{
	Suite *s = suite_create("rules");
	TCase *tc;

	tc = tcase_create("rm");
	tcase_add_test(tc, rm_every_pair_and_reason);
	tcase_add_test(tc, rm_examples_and_bad_values);
	suite_add_tcase(s, tc);

	tc = tcase_create("em");
	tcase_add_test(tc, em_every_state_and_trigger);
	tcase_add_test(tc, em_effective_end_time);
	suite_add_tcase(s, tc);

	tc = tcase_create("cs");
	tcase_add_test(tc, cs_vendor_every_flag);
	tcase_add_test(tc, cs_vendor_examples_and_bad_values);
	tcase_add_test(tc, cs_case_every_flag);
	tcase_add_test(tc, cs_case_examples_and_bad_values);
	suite_add_tcase(s, tc);

	tc = tcase_create("cross");
	tcase_add_test(tc, cross_every_combination);
	tcase_add_test(tc, cross_with_em_table);
	tcase_add_test(tc, advisory_sa_and_sn);
	suite_add_tcase(s, tc);

	tc = tcase_create("names");
	tcase_add_test(tc, names);
	suite_add_tcase(s, tc);

	return s;
}
