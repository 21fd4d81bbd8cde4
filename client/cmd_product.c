/*
 * cmd_product.c: `cvdlog product register|incident --org ORG ...`: a vendor
 * org's own records, not tied to one case (OrgEvent): its products (first
 * shipment, EU market placement, support end) and customer-reported
 * security incidents, whose details are sealed to the org's members.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int product_register(const struct cli_verb *v, struct cli_args *a)
{
	Cvdlog__Event ev = CVDLOG__EVENT__INIT;
	Cvdlog__OrgEvent oe = CVDLOG__ORG_EVENT__INIT;
	Cvdlog__ProductRegistered p = CVDLOG__PRODUCT_REGISTERED__INIT;

	(void)v;
	if (cli_date_arg("first-shipment", a_get(a, O_FIRST_SHIPMENT), &p.first_shipment_ms) != 0 ||
	    cli_date_arg("support-end", a_get(a, O_SUPPORT_END), &p.support_end_ms) != 0 ||
	    (a_get(a, O_EU_MARKET) != NULL &&
	     cli_date_arg("eu-market", a_get(a, O_EU_MARKET), &p.eu_market_ms) != 0))
		return 1;
	if (p.support_end_ms <= p.first_shipment_ms)
		return cli_error("--support-end must be after --first-shipment");
	p.model = (char *)a_get(a, O_MODEL);
	oe.org = (char *)a_get(a, O_ORG);
	oe.kind_case = CVDLOG__ORG_EVENT__KIND_PRODUCT_REGISTERED;
	oe.product_registered = &p;
	ev.body_case = CVDLOG__EVENT__BODY_ORG_EVENT;
	ev.org_event = &oe;
	return cli_submit_simple(a, &ev);
}

/* product_incident seals the details to every member of the org and the
 * author, and sends the payload with the event. */
static int product_incident(const struct cli_verb *v, struct cli_args *a)
{
	struct cli_case_ctx *x = calloc(1, sizeof(*x));
	Cvdlog__Event ev = CVDLOG__EVENT__INIT;
	Cvdlog__OrgEvent oe = CVDLOG__ORG_EVENT__INIT;
	Cvdlog__IncidentReported p = CVDLOG__INCIDENT_REPORTED__INIT;
	struct cli_submitted r;
	int status = 1;

	memset(&r, 0, sizeof(r));
	if (x == NULL)
		return cli_error("out of memory");
	x->cx_a = a;
	x->cx_verb = v;
	x->cx_vendor = a_get(a, O_ORG);
	if (a_get(a, O_CASE) != NULL && cli_u64_arg("--case", a_get(a, O_CASE), &p.case_id) != 0)
		goto out;
	if (cli_session_open(&x->cx_s, a_get(a, O_KEY), a_get(a, O_POLICY)) != 0)
		goto out;
	p.product = (char *)a_get(a, O_PRODUCT);
	p.details = cli_ctx_seal(x, "details", "details", a_get(a, O_DETAILS));
	if (p.details == NULL)
		goto out;
	p.n_readers = x->cx_nreaders; /* the node checks every member is one */
	p.readers = x->cx_readers;
	oe.org = (char *)a_get(a, O_ORG);
	oe.kind_case = CVDLOG__ORG_EVENT__KIND_INCIDENT_REPORTED;
	oe.incident_reported = &p;
	ev.body_case = CVDLOG__EVENT__BODY_ORG_EVENT;
	ev.org_event = &oe;
	if (cli_submit_event(&x->cx_s, &ev, x->cx_sealed, x->cx_nsealed, &r) != 0)
		goto out;
	status = cli_print_submitted(&r, a_get(a, O_RECEIPT), x->cx_s.se_have_policy);
out:
	cli_submitted_clear(&r);
	cli_ctx_free(x);
	return status;
}

static const struct cli_verb verbs[] = {
    {"register",
     "--org ORG --model MODEL --first-shipment DATE --support-end DATE [--eu-market DATE] "
     "--key FILE",
     "register a product of the vendor org (once per model)", 0,
     CLI_SUBMIT_OPTS | OPT(O_ORG) | OPT(O_MODEL) | OPT(O_FIRST_SHIPMENT) | OPT(O_SUPPORT_END) |
         OPT(O_EU_MARKET),
     OPT(O_KEY) | OPT(O_ORG) | OPT(O_MODEL) | OPT(O_FIRST_SHIPMENT) | OPT(O_SUPPORT_END),
     product_register, 0, NULL},
    {"incident",
     "--org ORG --product MODEL --details TEXT [--case CASE] [--reader VKEY]... --key FILE",
     "record a customer-reported security incident (details sealed to the org's members)", 0,
     CLI_SUBMIT_OPTS | OPT(O_READER) | OPT(O_ORG) | OPT(O_PRODUCT) | OPT(O_DETAILS) | OPT(O_CASE),
     OPT(O_KEY) | OPT(O_ORG) | OPT(O_PRODUCT) | OPT(O_DETAILS), product_incident, 0, NULL},
};

int cmd_product(int argc, char **argv)
{
	return cli_group_main("product", "A vendor org's product records.", verbs,
	                      sizeof(verbs) / sizeof(verbs[0]), argc, argv);
}
