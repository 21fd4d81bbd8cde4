/*
 * cmd_read.c: the read-only commands: checkpoint, receipt, consistency,
 * export and status. Whatever they fetch is checked before it is shown or
 * written: proofs against roots, checkpoints against the policy when one is
 * given, exported entries against the checkpoint's root.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkpoint.h"
#include "cli.h"
#include "encoding.h"
#include "entry.h"
#include "error.h"
#include "merkle.h"
#include "note.h"
#include "receipt.h"

/* parse_opts: the options these commands share. */
struct read_opts {
	const char *ro_policy;
	const char *ro_out;
};

static int parse_opts(int argc, char **argv, const char *usage, struct read_opts *o, int nargs)
{
	static const struct option opts[] = {{"policy", required_argument, NULL, 'p'},
	                                     {"out", required_argument, NULL, 'o'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	int c;

	memset(o, 0, sizeof(*o));
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p': o->ro_policy = optarg; break;
		case 'o': o->ro_out = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: return cli_usage(usage, NULL);
		}
	}
	if (argc - optind != nargs)
		return cli_usage(usage, "wrong number of arguments");
	return -1; /* go on */
}

/* checked_checkpoint fetches the latest checkpoint and, given a policy,
 * verifies it; *cp gets its body either way. */
static int checked_checkpoint(struct cli_conn *conn, const struct policy *p, char **note,
                              size_t *len, struct checkpoint *cp)
{
	struct policy_verdict v;
	struct note n;
	int rc = cli_fetch_checkpoint(conn, note, len);

	if (rc != 0)
		return rc;
	if (p != NULL) {
		rc = policy_verify_checkpoint(p, *note, *len, &v);
		*cp = v.pv_cp;
	} else {
		rc = note_parse(*note, *len, &n);
		if (rc == 0)
			rc = checkpoint_parse_body(n.n_text, n.n_text_len, cp);
	}
	if (rc != 0) {
		cli_error("%s: the node's checkpoint is INVALID: %s", cli_node, cvd_strerror(rc));
		free(*note);
		*note = NULL;
	}
	return rc;
}

/* proof_hashes checks a proof response and copies its hashes (at most max)
 * into proof. 0, or -1 with the error printed. */
static int proof_hashes(const Cvdlog__Response *resp, uint8_t proof[][MERKLE_HASH_LEN], size_t max)
{
	if (resp->resp_case != CVDLOG__RESPONSE__RESP_PROOF || resp->proof->n_hashes > max) {
		cli_error("%s: malformed proof response", cli_node);
		return -1;
	}
	for (size_t i = 0; i < resp->proof->n_hashes; i++) {
		if (resp->proof->hashes[i].len != MERKLE_HASH_LEN) {
			cli_error("%s: malformed proof hash", cli_node);
			return -1;
		}
		memcpy(proof[i], resp->proof->hashes[i].data, MERKLE_HASH_LEN);
	}
	return 0;
}

static const char *checkpoint_usage =
    "usage: cvdlog [--node HOST:PORT] checkpoint [--policy POLICY]\n"
    "\n"
    "Prints the node's latest signed checkpoint verbatim. With a policy it is\n"
    "printed only if it meets the policy.\n";

int cmd_checkpoint(int argc, char **argv)
{
	struct read_opts o;
	struct policy pol;
	struct cli_conn *conn = NULL;
	struct checkpoint cp;
	char *note = NULL;
	size_t len;
	int rc = parse_opts(argc, argv, checkpoint_usage, &o, 0), hp;

	if (rc >= 0)
		return rc;
	hp = cli_load_policy(o.ro_policy, &pol);
	if (hp < 0 || cli_connect(cli_node, &conn) != 0)
		return 1;
	rc = checked_checkpoint(conn, hp == 0 ? &pol : NULL, &note, &len, &cp);
	cli_close(conn);
	if (rc != 0)
		return 1;
	fwrite(note, 1, len, stdout);
	free(note);
	return 0;
}

static const char *receipt_usage =
    "usage: cvdlog [--node HOST:PORT] receipt INDEX [--out FILE] [--policy POLICY]\n"
    "\n"
    "Fetches the receipt (.tlog-proof) of entry INDEX against the latest\n"
    "checkpoint, checks it, and writes it to FILE or standard output.\n";

int cli_fetch_receipt(struct cli_conn *conn, uint64_t index, const struct policy *p, char **text,
                      size_t *len, struct cli_receipt_report *rep)
{
	Cvdlog__Request req = CVDLOG__REQUEST__INIT;
	Cvdlog__InclusionRequest inc = CVDLOG__INCLUSION_REQUEST__INIT;
	Cvdlog__Response *resp = NULL;
	uint8_t proof[64][MERKLE_HASH_LEN];
	int rc;

	*text = NULL;
	inc.index = index;
	req.req_case = CVDLOG__REQUEST__REQ_INCLUSION;
	req.inclusion = &inc;
	rc = cli_call_ok(conn, &req, &resp);
	if (rc != 0)
		return rc;
	rc = CVD_EINVAL;
	if (proof_hashes(resp, proof, 64) != 0)
		goto out;
	if (resp->proof->checkpoint == NULL || resp->proof->checkpoint[0] == '\0') {
		cli_error("%s: proof response without a checkpoint", cli_node);
		goto out;
	}
	rc = receipt_format(resp->proof->entry.data, resp->proof->entry.len, index,
	                    (const uint8_t(*)[MERKLE_HASH_LEN])proof, resp->proof->n_hashes,
	                    resp->proof->checkpoint, strlen(resp->proof->checkpoint), text, len);
	if (rc != 0) {
		cli_error("cannot build the receipt: %s", cvd_strerror(rc));
		goto out;
	}
	rc = cli_check_receipt(*text, *len, p, rep);
	if (rc != 0) {
		cli_error("%s: the node's receipt is INVALID: %s: %s", cli_node, rep->rr_what,
		          cvd_strerror(rc));
		free(*text);
		*text = NULL;
	}
out:
	cvdlog__response__free_unpacked(resp, NULL);
	return rc;
}

int cmd_receipt(int argc, char **argv)
{
	struct read_opts o;
	struct policy pol;
	struct cli_conn *conn = NULL;
	struct cli_receipt_report rep;
	char *text = NULL;
	size_t tlen;
	uint64_t index;
	int rc = parse_opts(argc, argv, receipt_usage, &o, 1), hp, status = 1;

	if (rc >= 0)
		return rc;
	if (enc_parse_u64(argv[optind], strlen(argv[optind]), &index) != 0)
		return cli_usage(receipt_usage, "INDEX must be a decimal number");
	hp = cli_load_policy(o.ro_policy, &pol);
	if (hp < 0 || cli_connect(cli_node, &conn) != 0)
		return 1;
	if (cli_fetch_receipt(conn, index, hp == 0 ? &pol : NULL, &text, &tlen, &rep) != 0)
		goto out;
	if (o.ro_out != NULL) {
		if (cli_write_file(o.ro_out, text, tlen, 0644) != 0)
			goto out;
		printf("receipt %s for index %" PRIu64 " at size %" PRIu64 "\n", o.ro_out, index,
		       rep.rr_size);
	} else {
		fwrite(text, 1, tlen, stdout);
	}
	status = 0;
out:
	free(text);
	cli_close(conn);
	return status;
}

static const char *consistency_usage =
    "usage: cvdlog [--node HOST:PORT] consistency OLD_CHECKPOINT_FILE --policy POLICY\n"
    "\n"
    "Verifies OLD_CHECKPOINT_FILE and the node's latest checkpoint against the\n"
    "policy, then fetches and verifies the proof that the old tree is a prefix\n"
    "of the new one. Exit 0 only if it is: any rollback or fork fails.\n";

int cmd_consistency(int argc, char **argv)
{
	struct read_opts o;
	struct policy pol;
	struct policy_verdict oldv;
	struct checkpoint cp;
	struct cli_conn *conn = NULL;
	Cvdlog__Request req = CVDLOG__REQUEST__INIT;
	Cvdlog__ConsistencyRequest cr = CVDLOG__CONSISTENCY_REQUEST__INIT;
	Cvdlog__Response *resp = NULL;
	uint8_t proof[MERKLE_PROOF_MAX][MERKLE_HASH_LEN];
	char *old = NULL, *note = NULL;
	size_t olen, nlen;
	int rc = parse_opts(argc, argv, consistency_usage, &o, 1), status = 1;

	if (rc >= 0)
		return rc;
	rc = cli_load_policy(o.ro_policy, &pol);
	if (rc == 1)
		return cli_usage(consistency_usage,
		                 "consistency needs --policy (or $CVDLOG_POLICY)");
	if (rc != 0 || cli_read_file(argv[optind], 1 << 20, &old, &olen) != 0)
		return 1;
	rc = policy_verify_checkpoint(&pol, old, olen, &oldv);
	if (rc != 0) {
		cli_error("%s: not a valid checkpoint for this policy: %s", argv[optind],
		          cvd_strerror(rc));
		goto out;
	}
	if (cli_connect(cli_node, &conn) != 0 ||
	    checked_checkpoint(conn, &pol, &note, &nlen, &cp) != 0)
		goto out;
	if (cp.c_size < oldv.pv_cp.c_size) {
		cli_error("ROLLBACK: the node's checkpoint has size %" PRIu64
		          ", smaller than the old %" PRIu64,
		          cp.c_size, oldv.pv_cp.c_size);
		goto out;
	}
	cr.old_size = oldv.pv_cp.c_size;
	cr.new_size = cp.c_size;
	req.req_case = CVDLOG__REQUEST__REQ_CONSISTENCY;
	req.consistency = &cr;
	if (cli_call_ok(conn, &req, &resp) != 0)
		goto out;
	if (proof_hashes(resp, proof, MERKLE_PROOF_MAX) != 0)
		goto out;
	rc = merkle_verify_consistency(oldv.pv_cp.c_size, cp.c_size, oldv.pv_cp.c_root, cp.c_root,
	                               (const uint8_t(*)[MERKLE_HASH_LEN])proof,
	                               resp->proof->n_hashes);
	if (rc != 0) {
		cli_error("FORK: the latest checkpoint (size %" PRIu64
		          ") is not consistent with %s (size %" PRIu64 ")",
		          cp.c_size, argv[optind], oldv.pv_cp.c_size);
		goto out;
	}
	printf("consistent: size %" PRIu64 " -> %" PRIu64 " (%zu proof hashes)\n",
	       oldv.pv_cp.c_size, cp.c_size, resp->proof->n_hashes);
	if (o.ro_out != NULL && cli_write_file(o.ro_out, note, nlen, 0644) != 0)
		goto out;
	status = 0;
out:
	if (resp != NULL)
		cvdlog__response__free_unpacked(resp, NULL);
	free(old);
	free(note);
	cli_close(conn);
	return status;
}

static const char *export_usage =
    "usage: cvdlog [--node HOST:PORT] export --out FILE [--policy POLICY]\n"
    "\n"
    "Downloads every entry up to the latest checkpoint and writes them to FILE\n"
    "as repeated (u32 big-endian length, entry bytes); see docs/formats.md.\n"
    "Each entry is checked (format, index, hash chain) and the root of all of\n"
    "them must equal the checkpoint's, which is written to FILE.checkpoint.\n";

int cmd_export(int argc, char **argv)
{
	struct read_opts o;
	struct policy pol;
	struct checkpoint cp;
	struct cli_conn *conn = NULL;
	struct merkle_frontier *mf = NULL;
	Cvdlog__Response *resp = NULL;
	uint8_t prev[MERKLE_HASH_LEN] = {0}, root[MERKLE_HASH_LEN];
	char *note = NULL, tmp[4096], cpath[4200];
	FILE *f = NULL;
	size_t nlen;
	uint64_t next = 0;
	int rc = parse_opts(argc, argv, export_usage, &o, 0), hp, status = 1;
	int tty = isatty(STDERR_FILENO);

	if (rc >= 0)
		return rc;
	if (o.ro_out == NULL)
		return cli_usage(export_usage, "export needs --out FILE");
	hp = cli_load_policy(o.ro_policy, &pol);
	if (hp < 0 || cli_connect(cli_node, &conn) != 0)
		return 1;
	if (checked_checkpoint(conn, hp == 0 ? &pol : NULL, &note, &nlen, &cp) != 0)
		goto out;
	mf = calloc(1, sizeof(*mf));
	snprintf(tmp, sizeof(tmp), "%s.tmp", o.ro_out);
	f = fopen(tmp, "wb");
	if (mf == NULL || f == NULL) {
		cli_error("%s: cannot create", tmp);
		goto out;
	}
	while (next < cp.c_size) {
		Cvdlog__Request req = CVDLOG__REQUEST__INIT;
		Cvdlog__GetEntriesRequest ge = CVDLOG__GET_ENTRIES_REQUEST__INIT;
		ge.start = next;
		ge.count = (uint32_t)(cp.c_size - next > 100000 ? 100000 : cp.c_size - next);
		req.req_case = CVDLOG__REQUEST__REQ_ENTRIES;
		req.entries = &ge;
		if (cli_call_ok(conn, &req, &resp) != 0)
			goto out;
		if (resp->resp_case != CVDLOG__RESPONSE__RESP_ENTRIES ||
		    resp->entries->start != next || resp->entries->n_entries == 0) {
			cli_error("%s: malformed entries response at %" PRIu64, cli_node, next);
			goto out;
		}
		for (size_t i = 0; i < resp->entries->n_entries && next < cp.c_size; i++, next++) {
			ProtobufCBinaryData *b = &resp->entries->entries[i];
			struct entry e;
			uint8_t hdr[4], leaf[MERKLE_HASH_LEN];
			if (entry_decode(b->data, b->len, &e) != 0 || e.e_index != next ||
			    memcmp(e.e_prev, prev, MERKLE_HASH_LEN) != 0) {
				cli_error("entry %" PRIu64
				          ": malformed, misplaced or off the hash chain",
				          next);
				goto out;
			}
			merkle_leaf_hash(b->data, b->len, leaf);
			merkle_frontier_append(mf, leaf, NULL, NULL);
			memcpy(prev, leaf, MERKLE_HASH_LEN);
			enc_put32(hdr, (uint32_t)b->len);
			if (fwrite(hdr, 1, 4, f) != 4 || fwrite(b->data, 1, b->len, f) != b->len) {
				cli_error("%s: write failed", tmp);
				goto out;
			}
		}
		cvdlog__response__free_unpacked(resp, NULL);
		resp = NULL;
		if (tty)
			fprintf(stderr, "\rexport: %" PRIu64 "/%" PRIu64 " entries (%3.0f%%)", next,
			        cp.c_size, 100.0 * (double)next / (double)cp.c_size);
	}
	if (tty)
		fputc('\n', stderr);
	merkle_frontier_root(mf, root);
	if (memcmp(root, cp.c_root, MERKLE_HASH_LEN) != 0) {
		cli_error("the exported entries do not hash to the checkpoint's root");
		goto out;
	}
	if (fflush(f) != 0 || fsync(fileno(f)) != 0 || fclose(f) != 0) {
		f = NULL;
		cli_error("%s: write failed", tmp);
		goto out;
	}
	f = NULL;
	if (rename(tmp, o.ro_out) != 0) {
		cli_error("%s: cannot rename", o.ro_out);
		goto out;
	}
	snprintf(cpath, sizeof(cpath), "%s.checkpoint", o.ro_out);
	if (cli_write_file(cpath, note, nlen, 0644) != 0)
		goto out;
	printf("exported %" PRIu64 " entries to %s; root matches the checkpoint (%s)%s\n", next,
	       o.ro_out, cpath, hp == 0 ? ", which meets the policy" : "");
	status = 0;
out:
	if (resp != NULL)
		cvdlog__response__free_unpacked(resp, NULL);
	if (f != NULL) {
		fclose(f);
		unlink(tmp);
	}
	free(mf);
	free(note);
	cli_close(conn);
	return status;
}

static const char *status_usage = "usage: cvdlog [--node HOST:PORT] status\n";

int cmd_status(int argc, char **argv)
{
	struct read_opts o;
	struct cli_conn *conn = NULL;
	Cvdlog__Request req = CVDLOG__REQUEST__INIT;
	Cvdlog__StatusRequest s = CVDLOG__STATUS_REQUEST__INIT;
	Cvdlog__Response *resp = NULL;
	int rc = parse_opts(argc, argv, status_usage, &o, 0);

	if (rc >= 0)
		return rc;
	if (cli_connect(cli_node, &conn) != 0)
		return 1;
	req.req_case = CVDLOG__REQUEST__REQ_STATUS;
	req.status = &s;
	rc = cli_call_expect(conn, &req, CVDLOG__RESPONSE__RESP_STATUS, &resp);
	cli_close(conn);
	if (rc != 0)
		return 1;
	printf("origin %s\nsize %" PRIu64 "\nnode %s\nuptime_ms %" PRIu64 "\npending %" PRIu64
	       "\nconnections %" PRIu64 "\n",
	       resp->status->origin, resp->status->size, resp->status->node_name,
	       resp->status->uptime_ms, resp->status->pending, resp->status->connections);
	cvdlog__response__free_unpacked(resp, NULL);
	return 0;
}
