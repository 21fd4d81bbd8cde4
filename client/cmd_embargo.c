/*
 * cmd_embargo.c: `cvdlog embargo propose|accept|reject|terminate CASE`:
 * the embargo management of a case (DESIGN.md section 8: none, proposed,
 * active, revise, exited). Any party to the case may record these; the
 * node applies the state machine and the cross rules.
 */
#include <stdio.h>

#include "cli.h"

static int b_propose(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	Cvdlog__EmbargoProposed *m = cli_ctx_body(x, ce, 0);

	if (m == NULL || cli_date_arg("end", a_get(x->cx_a, O_END), &m->end_ms) != 0)
		return 1;
	return 0;
}

static int b_terminate(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	Cvdlog__EmbargoTerminated *m = cli_ctx_body(x, ce, 0);

	if (m == NULL)
		return 1;
	if (a_get(x->cx_a, O_REASON) != NULL)
		m->reason = (char *)a_get(x->cx_a, O_REASON);
	return 0;
}

#define K(x) CVDLOG__CASE_EVENT__KIND_##x
static const struct cli_verb verbs[] = {
    {"propose", "CASE --end DATE --key FILE",
     "propose an embargo ending at DATE (UTC), or new terms for a running one", 1,
     CLI_SUBMIT_OPTS | OPT(O_END), OPT(O_KEY) | OPT(O_END), cli_case_verb, K(EMBARGO_PROPOSED),
     b_propose},
    {"accept", "CASE --key FILE", "accept the proposed terms (not by the proposer's party)", 1,
     CLI_SUBMIT_OPTS, OPT(O_KEY), cli_case_verb, K(EMBARGO_ACCEPTED), cli_build_empty},
    {"reject", "CASE --key FILE", "reject the proposed terms", 1, CLI_SUBMIT_OPTS, OPT(O_KEY),
     cli_case_verb, K(EMBARGO_REJECTED), cli_build_empty},
    {"terminate", "CASE [--reason TEXT] --key FILE", "end the embargo now (the reason is public)",
     1, CLI_SUBMIT_OPTS | OPT(O_REASON), OPT(O_KEY), cli_case_verb, K(EMBARGO_TERMINATED),
     b_terminate},
};

int cmd_embargo(int argc, char **argv)
{
	return cli_group_main("embargo", "Embargo management of a case.", verbs,
	                      sizeof(verbs) / sizeof(verbs[0]), argc, argv);
}
