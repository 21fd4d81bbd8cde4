/*
 * cli.h: what the cvdlog subcommands share: the command table entries,
 * talking to a node, and small file helpers that name the file on error.
 */
#ifndef CVD_CLI_H
#define CVD_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "cvdlog.pb-c.h"
#include "keys.h"
#include "policy.h"

#define CLI_DEFAULT_NODE "127.0.0.1:7411"

/* Every subcommand: argv[0] is its name. Returns the exit code. */
int cmd_keygen(int argc, char **argv);
int cmd_note(int argc, char **argv);
int cmd_checkpoint(int argc, char **argv);
int cmd_receipt(int argc, char **argv);
int cmd_consistency(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_status(int argc, char **argv);

/* The node address: --node, else $CVDLOG_NODE, else CLI_DEFAULT_NODE. */
extern const char *cli_node;

/* cli_error prints "cvdlog: <msg>" to stderr and returns 1. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* cli_usage prints msg (if any) and the usage text to stderr; returns 2. */
int cli_usage(const char *usage, const char *msg);

/* A connection to a node; requests are answered in order. */
struct cli_conn;
int cli_connect(const char *addr, struct cli_conn **out);
void cli_close(struct cli_conn *c);
/* cli_call sends req and waits for its response (free with
 * cvdlog__response__free_unpacked). Negative error on I/O failure, with a
 * message already printed. */
int cli_call(struct cli_conn *c, Cvdlog__Request *req, Cvdlog__Response **out);
/* cli_call_ok: cli_call, then print the node's typed error and fail
 * unless the response is OK. */
int cli_call_ok(struct cli_conn *c, Cvdlog__Request *req, Cvdlog__Response **out);
/* cli_call_expect: cli_call_ok, then fail (printed) unless the answer is
 * of type want. */
int cli_call_expect(struct cli_conn *c, Cvdlog__Request *req, Cvdlog__Response__RespCase want,
                    Cvdlog__Response **out);
const char *cli_error_name(int code);

/* Files. cli_read_file: whole file, NUL-terminated, at most max bytes. */
int cli_read_file(const char *path, size_t max, char **out, size_t *len);
/* cli_write_file: atomically (temp file + rename), with mode. */
int cli_write_file(const char *path, const void *buf, size_t len, int mode);

/* cli_load_policy: path, or $CVDLOG_POLICY when path is NULL; 1 if neither
 * is set (p untouched), 0 loaded, -1 error printed. */
int cli_load_policy(const char *path, struct policy *p);

/* cli_fetch_checkpoint: the node's latest checkpoint note, malloc'd. */
int cli_fetch_checkpoint(struct cli_conn *c, char **note, size_t *len);

/* What checking a receipt found. */
struct cli_receipt_report {
	uint64_t rr_index;
	uint64_t rr_time_ms;
	char rr_author[KEYS_VKEY_MAX + 1]; /* verifier key, or base64 key if unnamed */
	char rr_type[32];
	uint64_t rr_size;
	struct policy_verdict rr_verdict;
	const char *rr_what; /* the step that failed */
};

/* cli_check_receipt verifies a tlog-proof text. With a policy: everything
 * (receipt_verify). Without one (p == NULL): all but the checkpoint
 * signatures, using the checkpoint's own origin. 0 or a negative error with
 * rr_what set. */
int cli_check_receipt(const char *text, size_t len, const struct policy *p,
                      struct cli_receipt_report *rep);

#endif
