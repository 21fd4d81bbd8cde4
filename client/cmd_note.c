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

/* origin_of asks the node which log it serves. */
static int origin_of(struct cli_conn *c, char *out, size_t cap)
{
	Cvdlog__Request req = CVDLOG__REQUEST__INIT;
	Cvdlog__StatusRequest s = CVDLOG__STATUS_REQUEST__INIT;
	Cvdlog__Response *resp;
	int rc;

	req.req_case = CVDLOG__REQUEST__REQ_STATUS;
	req.status = &s;
	rc = cli_call_expect(c, &req, CVDLOG__RESPONSE__RESP_STATUS, &resp);
	if (rc != 0)
		return rc;
	snprintf(out, cap, "%s", resp->status->origin);
	cvdlog__response__free_unpacked(resp, NULL);
	return rc;
}

static void pause_ms(unsigned ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};
	nanosleep(&ts, NULL);
}

/* receipt_holds checks that the receipt's entry is our event by our key. */
static int receipt_holds(const char *text, size_t len, const uint8_t *event, size_t elen,
                         const uint8_t *pk)
{
	struct receipt r;
	struct entry e;
	int ok = receipt_parse(text, len, &r) == 0 &&
	         entry_decode(r.r_entry, r.r_entry_len, &e) == 0 && e.e_event_len == elen &&
	         memcmp(e.e_event, event, elen) == 0 && memcmp(e.e_author, pk, KEYS_PK_LEN) == 0;
	receipt_clear(&r);
	return ok;
}

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
	char origin[ENTRY_ORIGIN_MAX + 1], path[4096], ts[32];
	uint8_t *event = NULL, sig[KEYS_SIG_LEN];
	size_t elen;
	Cvdlog__Response *resp = NULL;
	struct cli_receipt_report rep;
	int c, rc, status = 1;

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
	else if (origin_of(conn, origin, sizeof(origin)) != 0)
		goto out;
	entry_sign_event(key, origin, event, elen, sig);

	Cvdlog__Request req = CVDLOG__REQUEST__INIT;
	Cvdlog__SubmitRequest sub = CVDLOG__SUBMIT_REQUEST__INIT;
	sub.origin = origin;
	sub.event.data = event;
	sub.event.len = elen;
	sub.author.data = (uint8_t *)keys_signer_pk(key);
	sub.author.len = KEYS_PK_LEN;
	sub.signature.data = sig;
	sub.signature.len = KEYS_SIG_LEN;
	req.req_case = CVDLOG__REQUEST__REQ_SUBMIT;
	req.submit = &sub;
	for (unsigned attempt = 0;; attempt++) {
		if (cli_call(conn, &req, &resp) != 0)
			goto out;
		if (resp->error != CVDLOG__ERROR_CODE__UNAVAILABLE || attempt == 50)
			break;
		cvdlog__response__free_unpacked(resp, NULL);
		resp = NULL;
		pause_ms(10 + attempt * 20);
	}
	if ((resp->error != CVDLOG__ERROR_CODE__OK &&
	     resp->error != CVDLOG__ERROR_CODE__DUPLICATE) ||
	    resp->resp_case != CVDLOG__RESPONSE__RESP_RECEIPT) {
		cli_error("%s: refused: %s: %s", cli_node, cli_error_name(resp->error),
		          resp->message);
		goto out;
	}
	const char *text = resp->receipt->tlog_proof;
	size_t tlen = strlen(text);
	rc = cli_check_receipt(text, tlen, have_policy == 0 ? &pol : NULL, &rep);
	if (rc != 0) {
		cli_error("%s: the node's receipt is INVALID: %s: %s", cli_node, rep.rr_what,
		          cvd_strerror(rc));
		goto out;
	}
	if (!receipt_holds(text, tlen, event, elen, keys_signer_pk(key))) {
		cli_error("%s: the node's receipt is for another event", cli_node);
		goto out;
	}
	if (out == NULL)
		snprintf(path, sizeof(path), "receipt-%" PRIu64 ".tlog-proof", rep.rr_index);
	else
		snprintf(path, sizeof(path), "%s", out);
	if (cli_write_file(path, text, tlen, 0644) != 0)
		goto out;
	if (resp->error == CVDLOG__ERROR_CODE__DUPLICATE)
		printf("already logged\n");
	printf("index %" PRIu64 "\ntime %s\nreceipt %s\n", rep.rr_index,
	       log_format_time(rep.rr_time_ms, ts), path);
	if (have_policy != 0)
		fprintf(
		    stderr,
		    "cvdlog: note: receipt not checked against a trust policy (use --policy)\n");
	status = 0;
out:
	if (resp != NULL)
		cvdlog__response__free_unpacked(resp, NULL);
	cli_close(conn);
	free(event);
	keys_signer_free(key);
	return status;
}
