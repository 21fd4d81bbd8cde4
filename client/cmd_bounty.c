/*
 * cmd_bounty.c: `cvdlog bounty decide CASE --programme P (--amount N
 * --currency CUR | --none)`: the vendor's bounty decision.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static int b_decide(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce)
{
	Cvdlog__BountyDecided *m = cli_ctx_body(x, ce, 0);
	const struct cli_args *a = x->cx_a;
	const char *cur = a_get(a, O_CURRENCY);

	if (m == NULL)
		return 1;
	m->programme = (char *)a_get(a, O_PROGRAMME);
	if (a->a_n[O_NONE] > 0) {
		if (a_get(a, O_AMOUNT) != NULL || cur != NULL)
			return cli_error("bounty decide: --none takes no --amount or --currency");
		m->none = 1;
		return 0;
	}
	if (a_get(a, O_AMOUNT) == NULL || cur == NULL)
		return cli_error("bounty decide needs --amount N --currency CUR, or --none");
	if (cli_u64_arg("--amount", a_get(a, O_AMOUNT), &m->amount) != 0)
		return 1;
	if (m->amount == 0)
		return cli_error("--amount: must be positive (or use --none)");
	if (strlen(cur) != 3 || cur[0] < 'A' || cur[0] > 'Z' || cur[1] < 'A' || cur[1] > 'Z' ||
	    cur[2] < 'A' || cur[2] > 'Z')
		return cli_error("--currency: \"%s\" is not an ISO 4217 code (e.g. USD)", cur);
	m->currency = (char *)cur;
	return 0;
}

static const struct cli_verb verbs[] = {
    {"decide", "CASE --programme NAME (--amount N --currency CUR | --none) --key FILE",
     "record the bounty decision; N is in minor units of CUR (50000 USD = 500.00 USD)", 1,
     CLI_CASE_OPTS | OPT(O_PROGRAMME) | OPT(O_AMOUNT) | OPT(O_CURRENCY) | OPT(O_NONE),
     OPT(O_KEY) | OPT(O_PROGRAMME), cli_case_verb, CVDLOG__CASE_EVENT__KIND_BOUNTY_DECIDED,
     b_decide},
};

int cmd_bounty(int argc, char **argv)
{
	return cli_group_main("bounty", "Bounty decisions on a case.", verbs,
	                      sizeof(verbs) / sizeof(verbs[0]), argc, argv);
}
