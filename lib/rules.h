/*
 * rules.h: the CVD state machines and cross rules of DESIGN.md section 8
 * ("State machines", "cross rules", "an SA needs a validated case"), after
 * CERT/CC's Vultron model (CERTCC/Vultron, vultron/core/states/): report
 * management (RM) per participant, embargo management (EM) per case, and
 * the case state (CS) flags.
 *
 * Pure and table-driven: no I/O, no allocation, no global state. Every
 * refusal returns CVD_ETRANSITION (CVD_EINVAL for a value outside its enum
 * or flag set) and, when why is not NULL, points *why at a static message
 * naming the rule, e.g. "RM: received -> accepted is not a transition".
 * On success *why is set to NULL.
 *
 * The node calls these before logging a case event; the auditor calls them
 * again while replaying the log. Findings that are not refusals (an embargo
 * left running after A, started after F, still running after D; reporter
 * disclosure) belong to the auditor and are not decided here.
 */
#ifndef CVD_RULES_H
#define CVD_RULES_H

#include <stdint.h>

/* Report management, one per participant. */
enum rules_rm {
	RULES_RM_START = 0,
	RULES_RM_RECEIVED,
	RULES_RM_VALID,
	RULES_RM_INVALID,
	RULES_RM_ACCEPTED,
	RULES_RM_DEFERRED,
	RULES_RM_CLOSED,
	RULES_RM_COUNT
};

/* Why a report is closed (the "case closed" event); NONE on any other step. */
enum rules_close_reason {
	RULES_CLOSE_NONE = 0,
	RULES_CLOSE_WITHDRAWN,      /* from invalid */
	RULES_CLOSE_DUPLICATE,      /* from invalid */
	RULES_CLOSE_INVALID,        /* from invalid */
	RULES_CLOSE_FIXED,          /* from accepted or deferred */
	RULES_CLOSE_OUT_OF_SUPPORT, /* from accepted or deferred */
	RULES_CLOSE_COUNT
};

/* Embargo management, one per case. */
enum rules_em {
	RULES_EM_NONE = 0,
	RULES_EM_PROPOSED,
	RULES_EM_ACTIVE,
	RULES_EM_REVISE,
	RULES_EM_EXITED,
	RULES_EM_COUNT
};

enum rules_em_trigger {
	RULES_EM_PROPOSE = 0,
	RULES_EM_ACCEPT,
	RULES_EM_REJECT,
	RULES_EM_TERMINATE,
	RULES_EM_TRIGGER_COUNT
};

/* Case state flags, one bit each. V, F, D are per vendor; P, X, A per case. */
#define RULES_CS_V          (1u << 0) /* vendor aware */
#define RULES_CS_F          (1u << 1) /* fix ready */
#define RULES_CS_D          (1u << 2) /* fix deployed */
#define RULES_CS_P          (1u << 3) /* public aware */
#define RULES_CS_X          (1u << 4) /* exploit public */
#define RULES_CS_A          (1u << 5) /* attacks observed */
#define RULES_CS_VENDOR_ALL (RULES_CS_V | RULES_CS_F | RULES_CS_D)
#define RULES_CS_CASE_ALL   (RULES_CS_P | RULES_CS_X | RULES_CS_A)

/* The per-case flags (P, X, A) of one case. */
struct rules_cs {
	unsigned case_flags;
};

/* rules_rm_step checks one RM step of a participant, from -> to. Exactly the
 * 11 transitions of DESIGN.md section 8 are allowed. A step to CLOSED needs a
 * reason: withdrawn, duplicate and invalid need from == INVALID; fixed and
 * out_of_support need from == ACCEPTED or DEFERRED. Any other step needs
 * reason NONE. Returns 0; CVD_ETRANSITION (not a transition, closing without
 * a reason or with a reason its from state does not allow, a reason on a
 * non-closing step); CVD_EINVAL (from, to or reason outside its enum). */
int rules_rm_step(enum rules_rm from, enum rules_rm to, enum rules_close_reason reason,
                  const char **why);

/* rules_em_step applies trigger t to embargo state from and stores the next
 * state in *to (untouched on error). Returns 0; CVD_ETRANSITION (t is not
 * allowed in from, e.g. anything in EXITED, which is final); CVD_EINVAL
 * (from or t outside its enum). Cross rules are rules_embargo_allowed's. */
int rules_em_step(enum rules_em from, enum rules_em_trigger t, enum rules_em *to, const char **why);

/* rules_em_effective returns the embargo state in force at now_ms: ACTIVE or
 * REVISE whose end_ms (the end of the terms in force) is at or before now_ms
 * counts as EXITED; any other state is returned as is. */
enum rules_em rules_em_effective(enum rules_em s, uint64_t end_ms, uint64_t now_ms);

/* rules_cs_vendor_set checks turning on one vendor flag (RULES_CS_V, _F or
 * _D) given that vendor's current flags and RM state. Flags only turn on;
 * F needs V and vendor_rm == ACCEPTED; D needs F. If must_be_v_next is
 * non-zero (P came on while this vendor was unaware), the flag must be V.
 * Returns 0; CVD_ETRANSITION (already on, a precondition missing, not V
 * when V must come next); CVD_EINVAL (flag is not exactly one of V, F, D,
 * or vendor_rm outside its enum). */
int rules_cs_vendor_set(unsigned vendor_flags, unsigned flag, enum rules_rm vendor_rm,
                        int must_be_v_next, const char **why);

/* rules_cs_case_set checks turning on one case flag (RULES_CS_P, _X or _A)
 * and stores the resulting case flags in *new_flags (untouched on error).
 * Flags only turn on; X also turns on P in the same step if it is off.
 * Returns 0; CVD_ETRANSITION (already on); CVD_EINVAL (flag is not exactly
 * one of P, X, A). */
int rules_cs_case_set(unsigned case_flags, unsigned flag, unsigned *new_flags, const char **why);

/* rules_embargo_allowed applies the cross rules to trigger t in embargo
 * state em (the EM table itself is rules_em_step's). Once P or X is on, no
 * PROPOSE and no ACCEPT: a pending proposal may only be rejected, an active
 * embargo only terminated. Once A is on, no new embargo may start: PROPOSE
 * from NONE or PROPOSED and ACCEPT from PROPOSED are refused, while an
 * embargo already running may still be revised, rejected or terminated.
 * Returns 0; CVD_ETRANSITION (refused by a cross rule); CVD_EINVAL (em or t
 * outside its enum). */
int rules_embargo_allowed(unsigned case_flags, enum rules_em em, enum rules_em_trigger t,
                          const char **why);

/* rules_advisory_allowed checks publishing an advisory: an SA (is_sa
 * non-zero) needs a validated case (some vendor reached RM VALID or beyond);
 * an SN may come at any time. Returns 0 or CVD_ETRANSITION. */
int rules_advisory_allowed(int is_sa, int case_validated, const char **why);

/* Static lower-case names ("received", "propose", "X"; a close reason such
 * as "out of support"); "?" for a value outside its enum, or for a flag
 * that is not exactly one known bit. */
const char *rules_rm_name(enum rules_rm s);
const char *rules_close_reason_name(enum rules_close_reason r);
const char *rules_em_name(enum rules_em s);
const char *rules_em_trigger_name(enum rules_em_trigger t);
const char *rules_cs_flag_name(unsigned flag);

#endif
