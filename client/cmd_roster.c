/*
 * cmd_roster.c: `cvdlog roster show|add-member|remove-member|set-policy`:
 * the roster as it stands (the genesis roster changed by roster events),
 * and the changes an org's admin signs (docs/roster.md section 10).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static int roster_show(const struct cli_verb *v, struct cli_args *a)
{
	Cvdlog__Response *resp = NULL;
	struct cli_session s;

	(void)v;
	if (cli_session_open(&s, NULL, a_get(a, O_POLICY)) != 0) {
		cli_session_close(&s);
		return 1;
	}
	if (cli_fetch_roster(s.se_conn, s.se_origin, s.se_have_policy ? &s.se_policy : NULL, &resp,
	                     NULL) != 0) {
		cli_session_close(&s);
		return 1;
	}
	fputs(resp->roster->text, stdout);
	fprintf(stderr, "cvdlog: roster as of log size %" PRIu64 "\n", resp->roster->size);
	cvdlog__response__free_unpacked(resp, NULL);
	cli_session_close(&s);
	return 0;
}

static int roster_change(const struct cli_verb *v, struct cli_args *a)
{
	Cvdlog__Event ev = CVDLOG__EVENT__INIT;
	Cvdlog__RosterChange rc = CVDLOG__ROSTER_CHANGE__INIT;
	Cvdlog__MemberAdd add = CVDLOG__MEMBER_ADD__INIT;
	Cvdlog__MemberRemove rm = CVDLOG__MEMBER_REMOVE__INIT;
	Cvdlog__PolicySet ps = CVDLOG__POLICY_SET__INIT;
	char **p = (char **)a->a_pos;

	rc.org = p[0];
	rc.change_case = (Cvdlog__RosterChange__ChangeCase)v->vb_kind;
	switch (v->vb_kind) {
	case CVDLOG__ROSTER_CHANGE__CHANGE_ADD_MEMBER:
		add.id = p[1];
		add.role = p[2];
		add.vkey = p[3];
		rc.add_member = &add;
		break;
	case CVDLOG__ROSTER_CHANGE__CHANGE_REMOVE_MEMBER:
		rm.id = p[1];
		rc.remove_member = &rm;
		break;
	default:
		ps.name = p[1];
		ps.value = p[2];
		rc.set_policy = &ps;
		break;
	}
	ev.body_case = CVDLOG__EVENT__BODY_ROSTER;
	ev.roster = &rc;
	return cli_submit_simple(a, &ev);
}

#define C(x) CVDLOG__ROSTER_CHANGE__CHANGE_##x
static const struct cli_verb verbs[] = {
    {"show", "[--policy FILE]",
     "print the roster as it stands (canonical roster text), checked against the entries that "
     "made it",
     0, OPT(O_POLICY), 0, roster_show, 0, NULL},
    {"add-member", "ORG ID ROLE VKEY --key FILE",
     "add a member (ROLE: admin, member, coordinator, auditor as the org's kind allows)", 4,
     CLI_SUBMIT_OPTS, OPT(O_KEY), roster_change, C(ADD_MEMBER), NULL},
    {"remove-member", "ORG ID --key FILE", "remove a member (not the org's last admin)", 2,
     CLI_SUBMIT_OPTS, OPT(O_KEY), roster_change, C(REMOVE_MEMBER), NULL},
    {"set-policy", "ORG NAME VALUE --key FILE",
     "set a vendor policy line, e.g. ack 48h, embargo-max 60d, cvss optional, cra on", 3,
     CLI_SUBMIT_OPTS, OPT(O_KEY), roster_change, C(SET_POLICY), NULL},
};

int cmd_roster(int argc, char **argv)
{
	return cli_group_main("roster",
	                      "The roster of organizations, members, policies and nodes. Changes "
	                      "are signed by an admin of the org they change.",
	                      verbs, sizeof(verbs) / sizeof(verbs[0]), argc, argv);
}
