/*
 * cmd_audit.c: `cvdlog audit`, the outsider's check of a whole log against
 * its trust policy (DESIGN.md section 10, docs/audit.md). Feeds the entries
 * (from a node, or an export file) and the checkpoint to lib/audit.c, keeps
 * the state between runs, writes the reports (audit_report.c) and exits
 * with 0 (sound, compliant), 1 (sound, process findings), 2 (cryptographic
 * failure) or 3 (usage or I/O error). Links lib/ only: no node code.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "cli.h"
#include "encoding.h"
#include "error.h"
#include "log.h"
#include "note.h"

#define EXIT_SOUND    0
#define EXIT_FINDINGS 1
#define EXIT_BROKEN   2
#define EXIT_USAGE    3
#define BATCH         10000

static const char *audit_usage =
    "usage: cvdlog [--node HOST:PORT] audit --policy POLICY [--export FILE] [--state DIR]\n"
    "                                       [--json FILE] [--html FILE] [--now DATE]\n"
    "                                       [--threads N] [--max-skew SECONDS] [--no-batch]\n"
    "\n"
    "Checks the whole log against the trust policy: every entry's format,\n"
    "event signature, index, time order and hash chain; the Merkle root against\n"
    "a checkpoint the policy accepts; with --state DIR, consistency with the\n"
    "checkpoint the previous run saved there (a rollback or fork fails, with the\n"
    "evidence written to DIR); then the process: the rules table at each entry,\n"
    "and each vendor's policy (acknowledgement, updates, advisory deadline,\n"
    "embargo, reveals, disputes, support). Reads the node (--node) or an export\n"
    "(--export FILE, with FILE.checkpoint). A second run with the same --state\n"
    "checks only the new entries. Open deadlines are measured at --now (default:\n"
    "the current time). Reports: text on stdout, --json FILE (docs/audit.md),\n"
    "--html FILE (self-contained). Signatures are verified by N threads (default:\n"
    "one per CPU), in batches (RFC 8032's cofactored rule, about five times\n"
    "faster), or with --no-batch one by one exactly as the node checks them\n"
    "(docs/audit.md section 3.1). An entry sequenced more than --max-skew\n"
    "seconds (default 300, the node's default --skew) from its author's signed\n"
    "time is a time-skew finding.\n"
    "\n"
    "Exit: 0 sound and compliant, 1 sound with process findings, 2 cryptographic\n"
    "failure, 3 usage or I/O error.\n";

struct audit_opts {
	const char *ao_policy, *ao_export, *ao_state, *ao_json, *ao_html, *ao_now;
	unsigned ao_threads;     /* 0: one per online CPU */
	const char *ao_max_skew; /* seconds */
	int ao_no_batch;         /* every signature with libsodium alone */
};

static int parse(int argc, char **argv, struct audit_opts *o)
{
	static const struct option longs[] = {{"policy", required_argument, NULL, 'p'},
	                                      {"export", required_argument, NULL, 'e'},
	                                      {"state", required_argument, NULL, 's'},
	                                      {"json", required_argument, NULL, 'j'},
	                                      {"html", required_argument, NULL, 'H'},
	                                      {"now", required_argument, NULL, 'n'},
	                                      {"threads", required_argument, NULL, 't'},
	                                      {"max-skew", required_argument, NULL, 'k'},
	                                      {"no-batch", no_argument, NULL, 'B'},
	                                      {"help", no_argument, NULL, 'h'},
	                                      {NULL, 0, NULL, 0}};
	int c;

	memset(o, 0, sizeof(*o));
	optind = 1;
	while ((c = getopt_long(argc, argv, "", longs, NULL)) != -1) {
		switch (c) {
		case 'p': o->ao_policy = optarg; break;
		case 'e': o->ao_export = optarg; break;
		case 's': o->ao_state = optarg; break;
		case 'j': o->ao_json = optarg; break;
		case 'H': o->ao_html = optarg; break;
		case 'n': o->ao_now = optarg; break;
		case 'k': o->ao_max_skew = optarg; break;
		case 'B': o->ao_no_batch = 1; break;
		case 't': {
			uint64_t v;
			if (enc_parse_u64(optarg, strlen(optarg), &v) != 0 || v == 0 ||
			    v > AUDIT_MAX_THREADS) {
				cli_usage(audit_usage, "--threads: 1 to 16");
				return EXIT_USAGE;
			}
			o->ao_threads = (unsigned)v;
			break;
		}
		case 'h': fputs(audit_usage, stdout); return 0;
		default: cli_usage(audit_usage, NULL); return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		cli_usage(audit_usage, "audit takes no positional arguments");
		return EXIT_USAGE;
	}
	return -1;
}

static void progress(uint64_t done, uint64_t total, int tty)
{
	if (tty && total > 0 && (done % 4096 == 0 || done == total))
		fprintf(stderr, "\raudit: %" PRIu64 "/%" PRIu64 " entries (%3.0f%%)", done, total,
		        100.0 * (double)done / (double)total);
}

/* from_node: the checkpoint, a consistency proof from the saved one, and
 * the entries after the saved size. 0, EXIT_BROKEN (the audit failed) or
 * EXIT_USAGE (I/O, printed). */
static int from_node(struct audit *a, int tty, unsigned threads)
{
	struct cli_conn *conn = NULL;
	Cvdlog__Response *resp = NULL;
	uint8_t(*proof)[MERKLE_HASH_LEN] = NULL;
	struct note n;
	struct checkpoint cp;
	char *note = NULL;
	size_t nlen, nproof = 0;
	uint64_t next = audit_size(a);
	int status = EXIT_USAGE;

	if (cli_connect(cli_node, &conn) != 0 || cli_fetch_checkpoint(conn, &note, &nlen) != 0)
		goto out;
	if (note_parse(note, nlen, &n) != 0 ||
	    checkpoint_parse_body(n.n_text, n.n_text_len, &cp) != 0) {
		/* let the engine say what is wrong with it */
		status = audit_checkpoint(a, note, nlen, NULL, 0) != 0 ? EXIT_BROKEN : EXIT_USAGE;
		goto out;
	}
	if (audit_last_checkpoint(a) != NULL && cp.c_size > next) {
		Cvdlog__Request req = CVDLOG__REQUEST__INIT;
		Cvdlog__ConsistencyRequest cr = CVDLOG__CONSISTENCY_REQUEST__INIT;
		cr.old_size = next;
		cr.new_size = cp.c_size;
		req.req_case = CVDLOG__REQUEST__REQ_CONSISTENCY;
		req.consistency = &cr;
		if (cli_call_expect(conn, &req, CVDLOG__RESPONSE__RESP_PROOF, &resp) != 0)
			goto out;
		nproof = resp->proof->n_hashes;
		proof = calloc(nproof + 1, MERKLE_HASH_LEN);
		if (proof == NULL || nproof > MERKLE_PROOF_MAX)
			goto out;
		for (size_t i = 0; i < nproof; i++) {
			if (resp->proof->hashes[i].len != MERKLE_HASH_LEN) {
				cli_error("%s: malformed consistency proof", cli_node);
				goto out;
			}
			memcpy(proof[i], resp->proof->hashes[i].data, MERKLE_HASH_LEN);
		}
		cvdlog__response__free_unpacked(resp, NULL);
		resp = NULL;
	}
	while (next < cp.c_size) {
		Cvdlog__Request req = CVDLOG__REQUEST__INIT;
		Cvdlog__GetEntriesRequest ge = CVDLOG__GET_ENTRIES_REQUEST__INIT;
		ge.start = next;
		ge.count = (uint32_t)(cp.c_size - next > BATCH ? BATCH : cp.c_size - next);
		req.req_case = CVDLOG__REQUEST__REQ_ENTRIES;
		req.entries = &ge;
		if (cli_call_expect(conn, &req, CVDLOG__RESPONSE__RESP_ENTRIES, &resp) != 0)
			goto out;
		if (resp->entries->start != next || resp->entries->n_entries == 0) {
			cli_error("%s: malformed entries response at %" PRIu64, cli_node, next);
			goto out;
		}
		{
			size_t cnt = resp->entries->n_entries;
			const uint8_t *bufs[BATCH];
			size_t lens[BATCH];
			int rc;
			if (cnt > cp.c_size - next)
				cnt = (size_t)(cp.c_size - next);
			if (cnt > BATCH)
				cnt = BATCH;
			for (size_t i = 0; i < cnt; i++) {
				bufs[i] = resp->entries->entries[i].data;
				lens[i] = resp->entries->entries[i].len;
			}
			rc = audit_entries(a, bufs, lens, cnt, threads);
			if (rc == CVD_ECORRUPT) {
				status = EXIT_BROKEN;
				goto out;
			}
			if (rc != 0) {
				cli_error("audit: %s", cvd_strerror(rc));
				goto out;
			}
			next += cnt;
			progress(next, cp.c_size, tty);
		}
		cvdlog__response__free_unpacked(resp, NULL);
		resp = NULL;
	}
	if (tty && cp.c_size > 0)
		fputc('\n', stderr);
	status = audit_checkpoint(a, note, nlen, proof, nproof) == 0 ? 0 : EXIT_BROKEN;
out:
	if (resp != NULL)
		cvdlog__response__free_unpacked(resp, NULL);
	free(proof);
	free(note);
	cli_close(conn);
	return status;
}

/* from_export: FILE holds (u32be length, entry) records from entry 0;
 * FILE.checkpoint the checkpoint. Entries before the saved size are
 * skipped (the saved frontier stands for them). */
static int from_export(struct audit *a, const char *path, int tty, unsigned threads)
{
	char cpath[4200], *note = NULL;
	uint8_t hdr[4], *buf = NULL;
	const uint8_t **bufs = NULL;
	size_t nlen, *lens = NULL, n = 0, used = 0, cap = (size_t)BATCH * 1024;
	uint64_t index = 0, skip = audit_size(a), total = 0;
	FILE *f = fopen(path, "rb");
	int status = EXIT_USAGE, rc, done = 0;

	snprintf(cpath, sizeof(cpath), "%s.checkpoint", path);
	if (f == NULL) {
		cli_error("%s: cannot open", path);
		return EXIT_USAGE;
	}
	if (fseek(f, 0, SEEK_END) == 0) {
		long sz = ftell(f);
		total = sz > 0 ? (uint64_t)sz : 0;
		rewind(f);
	}
	if (cli_read_file(cpath, 64 * 1024, &note, &nlen) != 0)
		goto out;
	buf = malloc(cap);
	bufs = calloc(BATCH, sizeof(*bufs));
	lens = calloc(BATCH, sizeof(*lens));
	if (buf == NULL || bufs == NULL || lens == NULL)
		goto out;
	while (!done) {
		size_t got = fread(hdr, 1, 4, f);
		uint32_t len = got == 4 ? enc_get32(hdr) : 0;
		if (got == 0 && feof(f)) {
			done = 1;
		} else if (got != 4 || len == 0 || len > ENTRY_MAX ||
		           fread(buf + used, 1, len, f) != len) {
			cli_error("%s: record %" PRIu64 " is truncated or malformed", path, index);
			status = EXIT_BROKEN;
			goto out;
		} else if (index++ >= skip) {
			bufs[n] = buf + used;
			lens[n++] = len;
			used += len;
		}
		if (n > 0 && (done || n == BATCH || cap - used < ENTRY_MAX)) {
			rc = audit_entries(a, bufs, lens, n, threads);
			if (rc == CVD_ECORRUPT) {
				status = EXIT_BROKEN;
				goto out;
			}
			if (rc != 0) {
				cli_error("audit: %s", cvd_strerror(rc));
				goto out;
			}
			n = 0;
			used = 0;
			if (tty && total > 0)
				fprintf(stderr,
				        "\raudit: %" PRIu64 " entries (%3.0f%% of the file)", index,
				        100.0 * (double)ftell(f) / (double)total);
		}
	}
	if (tty && total > 0)
		fputc('\n', stderr);
	status = audit_checkpoint(a, note, nlen, NULL, 0) == 0 ? 0 : EXIT_BROKEN;
out:
	fclose(f);
	free(buf);
	free(bufs);
	free(lens);
	free(note);
	return status;
}

int cmd_audit(int argc, char **argv)
{
	struct audit_opts o;
	struct policy pol;
	struct audit *a = NULL;
	const struct audit_failure *fl;
	char err[512];
	uint64_t now = log_now_ms(), before;
	int rc = parse(argc, argv, &o), status = EXIT_USAGE, tty = isatty(STDERR_FILENO);
	unsigned threads;

	if (rc >= 0)
		return rc;
	threads = o.ao_threads;
	if (threads == 0) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		threads = cpus < 1                   ? 1
		          : cpus > AUDIT_MAX_THREADS ? AUDIT_MAX_THREADS
		                                     : (unsigned)cpus;
	}
	if (o.ao_policy == NULL && getenv("CVDLOG_POLICY") == NULL) {
		cli_usage(audit_usage, "audit needs --policy POLICY (or $CVDLOG_POLICY)");
		return EXIT_USAGE;
	}
	rc = cli_load_policy(o.ao_policy, &pol);
	if (rc == 1)
		cli_usage(audit_usage,
		          "audit needs --policy POLICY (or a non-empty $CVDLOG_POLICY)");
	if (rc != 0)
		return EXIT_USAGE;
	if (o.ao_now != NULL && cli_parse_date(o.ao_now, &now) != 0) {
		cli_usage(audit_usage, "--now: YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ");
		return EXIT_USAGE;
	}
	if (audit_new(&pol, now, &a) != 0) {
		cli_error("out of memory");
		return EXIT_USAGE;
	}
	if (o.ao_max_skew != NULL) {
		uint64_t sk;
		if (enc_parse_u64(o.ao_max_skew, strlen(o.ao_max_skew), &sk) != 0 ||
		    sk > 366ull * 86400) {
			cli_usage(audit_usage, "--max-skew: seconds, at most a year");
			audit_free(a);
			return EXIT_USAGE;
		}
		audit_set_max_skew(a, sk * 1000);
	}
	audit_set_batch(a, !o.ao_no_batch);
	if (o.ao_state != NULL) {
		rc = audit_load(a, o.ao_state, err, sizeof(err));
		if (rc != 0 && rc != CVD_ENOTFOUND) {
			cli_error("%s", err);
			goto out;
		}
	}
	before = audit_size(a);
	status = o.ao_export != NULL ? from_export(a, o.ao_export, tty, threads)
	                             : from_node(a, tty, threads);
	if (status == EXIT_USAGE)
		goto out;
	fl = audit_failure(a);
	if (fl != NULL) {
		status = EXIT_BROKEN;
		printf("cvdlog audit: FAILED: %s\n", fl->au_what);
		if (fl->au_evidence != NULL) {
			char path[4200];
			snprintf(path, sizeof(path), "%s/evidence-%" PRIu64 ".txt",
			         o.ao_state != NULL ? o.ao_state : ".", fl->au_index);
			if (cli_write_file(path, fl->au_evidence, strlen(fl->au_evidence), 0644) ==
			    0)
				printf("evidence: %s (two signed checkpoints; docs/audit.md)\n",
				       path);
		}
	} else if (audit_finish(a) != 0) {
		cli_error("audit: out of memory");
		status = EXIT_USAGE;
		goto out;
	} else {
		status = audit_finding_count(a) > 0 ? EXIT_FINDINGS : EXIT_SOUND;
	}
	audit_report_text(stdout, a, before, status);
	if (o.ao_json != NULL && audit_report_json_file(o.ao_json, a, before, status) != 0)
		status = EXIT_USAGE;
	if (o.ao_html != NULL && audit_report_html_file(o.ao_html, a, before, status) != 0)
		status = EXIT_USAGE;
	if (fl == NULL && o.ao_state != NULL && audit_save(a, o.ao_state, err, sizeof(err)) != 0) {
		cli_error("%s", err);
		status = EXIT_USAGE;
	}
out:
	audit_free(a);
	return status;
}
