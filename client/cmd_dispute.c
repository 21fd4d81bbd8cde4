/*
 * cmd_dispute.c: `cvdlog dispute open|respond|escalate|resolve`: disputes
 * on a case. A dispute's id is the log index of its "dispute opened"
 * entry; `open` prints it. Statements are sealed like report fields.
 */
#include <inttypes.h>
#include <stdio.h>

#include "cli.h"

#define A(o) a_get(x->cx_a, o)

static const char *const topics[] = {"acknowledgement", "validity", "duplicate", "severity",
                                     "bounty",          "credit",   "embargo",   "disclosure-date",
                                     "conduct",         NULL};
static const char *const outcomes[] = {"upheld", "rejected", "settled", "withdrawn", NULL};

static int b_open(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	Cvdlog__DisputeOpened *m = cli_ctx_body(x, ce, 0);
	int t;

	if (m == NULL || (t = cli_word("topic", A(O_TOPIC), topics)) == 0)
		return 1;
	m->topic = (Cvdlog__DisputeTopic)t;
	m->statement = cli_ctx_seal(x, "statement", "statement", A(O_STATEMENT));
	return m->statement != NULL ? 0 : 1;
}

static int dispute_id(struct cli_case_ctx *x, uint64_t *id)
{
	return cli_u64_arg("DISPUTE", x->cx_a->a_pos[1], id);
}

static int b_respond(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	Cvdlog__DisputeResponse *m = cli_ctx_body(x, ce, 0);

	if (m == NULL || dispute_id(x, &m->dispute) != 0)
		return 1;
	m->statement = cli_ctx_seal(x, "statement", "statement", A(O_STATEMENT));
	return m->statement != NULL ? 0 : 1;
}

static int b_escalate(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	Cvdlog__DisputeEscalated *m = cli_ctx_body(x, ce, 0);

	if (m == NULL || dispute_id(x, &m->dispute) != 0)
		return 1;
	m->coordinator = (char *)A(O_TO);
	return 0;
}

static int b_resolve(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	Cvdlog__DisputeResolved *m = cli_ctx_body(x, ce, 0);
	int o;

	if (m == NULL || dispute_id(x, &m->dispute) != 0 ||
	    (o = cli_word("outcome", A(O_OUTCOME), outcomes)) == 0)
		return 1;
	m->outcome = (Cvdlog__DisputeOutcome)o;
	if (A(O_STATEMENT) != NULL &&
	    (m->statement = cli_ctx_seal(x, "statement", "statement", A(O_STATEMENT))) == NULL)
		return 1;
	return 0;
}

static void print_dispute(const struct cli_submitted *r)
{
	printf("dispute %" PRIu64 "\n", r->sb_index);
}

static int dispute_open(const struct cli_verb *v, struct cli_args *a)
{
	return cli_case_submit(v, a, b_open, print_dispute);
}

#define K(x) CVDLOG__CASE_EVENT__KIND_##x
#define SEAL CLI_SEAL_OPTS
static const struct cli_verb verbs[] = {
    {"open",
     "CASE --topic acknowledgement|validity|duplicate|severity|bounty|credit|embargo|"
     "disclosure-date|conduct --statement TEXT --key FILE",
     "open a dispute (sealed statement); prints its id", 1, SEAL | OPT(O_TOPIC) | OPT(O_STATEMENT),
     OPT(O_KEY) | OPT(O_TOPIC) | OPT(O_STATEMENT), dispute_open, K(DISPUTE_OPENED), NULL},
    {"respond", "CASE DISPUTE --statement TEXT --key FILE",
     "answer a dispute (not by the party that opened it)", 2, SEAL | OPT(O_STATEMENT),
     OPT(O_KEY) | OPT(O_STATEMENT), cli_case_verb, K(DISPUTE_RESPONSE), b_respond},
    {"escalate", "CASE DISPUTE --to ORG --key FILE",
     "escalate a dispute to a coordinator org, which joins the case", 2, CLI_CASE_OPTS | OPT(O_TO),
     OPT(O_KEY) | OPT(O_TO), cli_case_verb, K(DISPUTE_ESCALATED), b_escalate},
    {"resolve",
     "CASE DISPUTE --outcome upheld|rejected|settled|withdrawn [--statement TEXT] --key FILE",
     "resolve a dispute (the escalation's coordinator, else the vendor; withdrawn: the "
     "opener)",
     2, SEAL | OPT(O_OUTCOME) | OPT(O_STATEMENT), OPT(O_KEY) | OPT(O_OUTCOME), cli_case_verb,
     K(DISPUTE_RESOLVED), b_resolve},
};

int cmd_dispute(int argc, char **argv)
{
	return cli_group_main("dispute",
	                      "Disputes on a case. DISPUTE is the log index of its "
	                      "\"dispute opened\" entry.",
	                      verbs, sizeof(verbs) / sizeof(verbs[0]), argc, argv);
}
