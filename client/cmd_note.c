/*
 * cmd_note.c: `cvdlog note --key FILE TEXT [--receipt OUT] [--policy P]`:
 * signs a note event, submits it, waits for the receipt, checks that the
 * receipt holds exactly the event it signed (and, with a policy, the
 * checkpoint's signatures), then writes it as a .tlog-proof file.
 * Retrying is safe: the node answers a resubmitted event with the original
 * receipt.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "entry.h"
#include "error.h"
#include "event.h"
#include "log.h"
#include "receipt.h"

static const char *usage =
    "usage: cvdlog [--node HOST:PORT] note --key FILE [--receipt OUT] [--policy POLICY] TEXT\n"
    "\n"
    "Logs TEXT as a note signed with the key in FILE, waits until it is durable\n"
    "under a signed checkpoint, and writes the receipt to OUT (default\n"
    "receipt-INDEX.tlog-proof). With a policy (or $CVDLOG_POLICY) the receipt is\n"
    "checked against it before it is written.\n";

int cmd_note(int argc, char **argv)
{
	static const struct option opts[] = {{"key", required_argument, NULL, 'k'},
	                                     {"receipt", required_argument, NULL, 'r'},
	                                     {"policy", required_argument, NULL, 'p'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	const char *keyfile = NULL, *out = NULL, *policy_path = NULL;
	struct keys_signer *key = NULL;
	struct cli_conn *conn = NULL;
	struct policy pol;
	int have_policy;
	char origin[ENTRY_ORIGIN_MAX + 1], path[4096];
	uint8_t *event = NULL;
	size_t elen;
	struct cli_submitted res;
	int c, rc, status = 1;

	memset(&res, 0, sizeof(res));
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'k': keyfile = optarg; break;
		case 'r': out = optarg; break;
		case 'p': policy_path = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: return cli_usage(usage, NULL);
		}
	}
	if (keyfile == NULL || optind != argc - 1)
		return cli_usage(usage, "note needs --key FILE and one TEXT argument");
	have_policy = cli_load_policy(policy_path, &pol);
	if (have_policy < 0)
		return 1;
	rc = keys_signer_load(keyfile, &key);
	if (rc != 0)
		return cli_error("%s: cannot load key: %s%s", keyfile, cvd_strerror(rc),
		                 rc == -EPERM ? " (readable by others: chmod 600 it)" : "");
	char vkey[KEYS_VKEY_MAX + 1];
	rc = event_build_note(keys_signer_vkey(key, vkey), log_now_ms(), argv[optind], &event,
	                      &elen);
	if (rc != 0) {
		cli_error("note text must be 1 to %d bytes of UTF-8", EVENT_NOTE_MAX);
		goto out;
	}
	if (cli_connect(cli_node, &conn) != 0)
		goto out;
	if (have_policy == 0)
		snprintf(origin, sizeof(origin), "%s", pol.p_origin);
	else if (cli_session_origin(conn, origin, sizeof(origin)) != 0)
		goto out;
	if (cli_submit_bytes(conn, key, origin, event, elen, NULL, 0,
	                     have_policy == 0 ? &pol : NULL, &res) != 0)
		goto out;
	if (out == NULL)
		snprintf(path, sizeof(path), "receipt-%" PRIu64 ".tlog-proof", res.sb_index);
	else
		snprintf(path, sizeof(path), "%s", out);
	status = cli_print_submitted(&res, path, have_policy == 0);
out:
	cli_submitted_clear(&res);
	cli_close(conn);
	free(event);
	keys_signer_free(key);
	return status;
}
