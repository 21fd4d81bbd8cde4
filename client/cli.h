/*
 * cli.h: what the cvdlog subcommands share: the command table entries,
 * talking to a node, and small file helpers that name the file on error.
 */
#ifndef CVD_CLI_H
#define CVD_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cases.h"
#include "cvdlog.pb-c.h"
#include "entry.h"
#include "event.h"
#include "keys.h"
#include "policy.h"
#include "seal.h"

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
int cmd_audit(int argc, char **argv);

/* The reports of cvdlog audit (client/audit_report.c, docs/audit.md):
 * before is the size the run started from, status its exit code. */
struct audit;
void audit_report_text(FILE *f, const struct audit *a, uint64_t before, int status);
int audit_report_json_file(const char *path, const struct audit *a, uint64_t before, int status);
int audit_report_html_file(const char *path, const struct audit *a, uint64_t before, int status);
/* The CVD command groups: argv[0] is the group, argv[1] the verb. */
int cmd_report(int argc, char **argv);
int cmd_case(int argc, char **argv);
int cmd_embargo(int argc, char **argv);
int cmd_advisory(int argc, char **argv);
int cmd_dispute(int argc, char **argv);
int cmd_bounty(int argc, char **argv);
int cmd_product(int argc, char **argv);
int cmd_roster(int argc, char **argv);
int cmd_regulator(int argc, char **argv);

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

/* cli_fetch_receipt fetches the receipt of entry index against the latest
 * checkpoint (InclusionRequest) and checks it like cli_check_receipt. On
 * success *text is a malloc'd tlog-proof text of *len bytes. 0 or a
 * negative error, printed. (cmd_read.c) */
int cli_fetch_receipt(struct cli_conn *c, uint64_t index, const struct policy *p, char **text,
                      size_t *len, struct cli_receipt_report *rep);

/* ---- case_parse.c: pure helpers (no network, no key) ---------------- */

/* cli_parse_date: "YYYY-MM-DD" (00:00 UTC) or "YYYY-MM-DDTHH:MM:SSZ", a
 * real date from 1970 on, into ms since the epoch. 0 or CVD_EINVAL. */
int cli_parse_date(const char *s, uint64_t *ms);

/* cli_json_strings parses text[0..len) as one JSON object whose member
 * values are all strings, calling fn with each (key, value) in order, both
 * NUL-terminated and unescaped (an escaped NUL is refused). Stops at the
 * first non-zero fn result and returns it. On a syntax error returns
 * CVD_EINVAL with a message naming the byte offset or member in err. */
int cli_json_strings(const char *text, size_t len,
                     int (*fn)(void *ctx, const char *key, const char *value), void *ctx, char *err,
                     size_t cap);

/* The report proof file (docs/formats.md section 12):
 *   cvdlog report proof v1
 *   opening <field> <base64 salt> <base64 plaintext>     (1..CLI_PROOF_MAX)
 *   <blank line>
 *   <tlog-proof receipt, verbatim> */
#define CLI_PROOF_HEADER "cvdlog report proof v1"
#define CLI_PROOF_MAX    CASES_MAX_COMMITS

struct cli_proof_opening {
	char po_field[CASES_FIELD_MAX + 1];
	uint8_t po_salt[SEAL_SALT_LEN];
	uint8_t *po_plain; /* malloc'd */
	size_t po_len;
};

struct cli_proof {
	unsigned pf_n;
	struct cli_proof_opening pf_open[CLI_PROOF_MAX];
	const char *pf_receipt; /* borrowed from the parsed text */
	size_t pf_receipt_len;
};

/* cli_proof_parse splits text (which must outlive p). Only the layout is
 * checked (header, field names, canonical base64, 32-byte salts, no field
 * twice, at least one opening, a non-empty receipt part), not the receipt.
 * 0, or CVD_EINVAL / CVD_ENOMEM with a static *why; p is cleared on error. */
int cli_proof_parse(const char *text, size_t len, struct cli_proof *p, const char **why);
void cli_proof_clear(struct cli_proof *p);
/* cli_proof_format writes the proof file for p's openings and receipt into
 * a malloc'd, NUL-terminated *out. 0 or CVD_ENOMEM. */
int cli_proof_format(const struct cli_proof *p, const char *receipt, size_t rlen, char **out,
                     size_t *outlen);
/* cli_proof_check: ev (the receipt's event, decoded) is a report and every
 * opening of p opens the commitment of its field. 0, or CVD_EINVAL with
 * the reason in why. */
int cli_proof_check(const struct cli_proof *p, const struct event_view *ev, char *why, size_t cap);

/* cli_describe_fields writes the set fields of m as " name=value" pairs
 * (enums as words, *_ms as UTC times, commitments as sealed:FIELD, bytes
 * as a short hex prefix) into buf, NUL-terminated, truncated to cap. */
void cli_describe_fields(const ProtobufCMessage *m, char *buf, size_t cap);

/* cli_enum_word: an enum value as the client writes it: SECURITY_CENTER
 * -> "security-center" (TOPIC_ and REVISION_ prefixes dropped). */
const char *cli_enum_word(const ProtobufCEnumDescriptor *d, int v, char *buf, size_t cap);

/* cli_print_text writes a (possibly hostile) text indented by six spaces,
 * each control character but newline and tab shown as '?'. */
void cli_print_text(FILE *f, const uint8_t *p, size_t len);

/* ---- case_util.c: sessions, submitting, sealing, the verb tables ----- */

/* cli_node_error prints "node refused: CODE: message" for a response that
 * is not OK and returns 1. */
int cli_node_error(const Cvdlog__Response *resp);

/* What a submission gave back. */
struct cli_submitted {
	uint64_t sb_index;
	uint64_t sb_time_ms;
	int sb_duplicate; /* the node had logged the same event before */
	char *sb_text;    /* the receipt (tlog-proof text), malloc'd */
	size_t sb_text_len;
};
void cli_submitted_clear(struct cli_submitted *r);

/* cli_submit_bytes signs "cvdlog/event/v1\n" || origin || "\n" || event
 * with key, sends SubmitRequest (with the encoded SealedPayloads sealed[]),
 * retries UNAVAILABLE, checks the receipt (fully under pol, else all but
 * the checkpoint signatures) and that it holds this event by this key.
 * On success out holds the index, time and receipt text (clear it with
 * cli_submitted_clear). 0, or 1 with the error (e.g. the node's refusal)
 * printed. */
int cli_submit_bytes(struct cli_conn *c, const struct keys_signer *key, const char *origin,
                     const uint8_t *event, size_t len, ProtobufCBinaryData *sealed, size_t nsealed,
                     const struct policy *pol, struct cli_submitted *out);

/* cli_print_submitted writes the receipt to path (NULL: none) and prints
 * "already logged" (a duplicate), "index N", "time T" and "receipt PATH"
 * lines, and a note on stderr when the receipt was not checked against a
 * policy. 0 or 1 (printed). */
int cli_print_submitted(const struct cli_submitted *r, const char *path, int checked);

/* A connection with a key and the log's origin. */
struct cli_session {
	struct cli_conn *se_conn;
	struct keys_signer *se_key; /* NULL without --key */
	char se_vkey[KEYS_VKEY_MAX + 1];
	char se_origin[ENTRY_ORIGIN_MAX + 1];
	struct policy se_policy;
	int se_have_policy;
};

/* cli_session_open loads keyfile (may be NULL) and the policy (path, else
 * $CVDLOG_POLICY, else none), connects to cli_node and learns the origin
 * (from the policy, else the node's status). 0 or 1 (printed). Close it in
 * every case. */
int cli_session_open(struct cli_session *s, const char *keyfile, const char *policy_path);
/* cli_session_origin asks the node which log it serves (StatusRequest). */
int cli_session_origin(struct cli_conn *c, char *out, size_t cap);
void cli_session_close(struct cli_session *s);

/* A case as the node serves it (CaseRequest): every entry, each checked
 * (format, event signature for the origin, decodes, signer is the author);
 * the first is the report, at index == the case id. */
struct cli_case_entry {
	uint8_t *ce_buf; /* malloc'd entry bytes */
	struct entry ce_entry;
	struct event_view ce_view;
	const Cvdlog__CaseEvent *ce_case; /* the event's case body */
};

struct cli_case {
	uint64_t cs_id;
	size_t cs_n;
	struct cli_case_entry *cs_entries;
	const char *cs_vendor;   /* the report's vendor org */
	const char *cs_reporter; /* the report's signer */
};

int cli_case_fetch(struct cli_session *s, uint64_t id, struct cli_case *cs);
void cli_case_clear(struct cli_case *cs);

/* cli_case_find_commit finds the commitment spec names on the case: FIELD
 * (it must be the only commitment of that name; the report's wins), or
 * INDEX:FIELD. On success *cm and *index are set. 0 or 1 (printed). */
int cli_case_find_commit(const struct cli_case *cs, const char *spec, const Cvdlog__Commitment **cm,
                         uint64_t *index);

/* cli_fetch_roster: the node's roster answer in *resp (free it with
 * cvdlog__response__free_unpacked), checked against the entries that made
 * it for origin and, when pol is not NULL, the policy's node keys
 * (rosterproof.h), and parsed into *r when r is not NULL (free with
 * roster_free). 0, or 1 with the error printed. */
struct roster;
int cli_fetch_roster(struct cli_conn *c, const char *origin, const struct policy *pol,
                     Cvdlog__Response **resp, struct roster **r);

/* cli_fetch_sealed answers a fresh challenge with the session key and
 * fetches the payload for digest. quiet: print nothing when the node
 * refuses. 0, CVD_EUNAUTH (refused), or another error (printed). */
int cli_fetch_sealed(struct cli_session *s, const uint8_t digest[SEAL_DIGEST_LEN],
                     struct seal_payload *p, int quiet);
/* cli_fetch_open: cli_fetch_sealed, then open it with the session key.
 * *plain is sodium_malloc'd (sodium_free it). 0 or as above. */
int cli_fetch_open(struct cli_session *s, const uint8_t digest[SEAL_DIGEST_LEN],
                   uint8_t salt[SEAL_SALT_LEN], uint8_t **plain, size_t *len, int quiet);

/* cli_text_arg: a text flag's value, or with "@FILE" the file's content
 * (at most SEAL_PLAINTEXT_MAX bytes). *out is malloc'd. 0 or 1 (printed). */
int cli_text_arg(const char *flag, const char *value, char **out, size_t *len);

/* ---- the verb tables of the command groups ---- */

/* Every flag any group verb takes. */
enum cli_opt {
	O_KEY,
	O_RECEIPT,
	O_POLICY,
	O_PARTICIPANT,
	O_READER,
	O_VENDOR,
	O_CHANNEL,
	O_CONTACT,
	O_PRODUCTS,
	O_DESCRIPTION,
	O_EXPLOITS,
	O_DISCLOSURE_PLANS,
	O_ADDITIONAL,
	O_JSON,
	O_CVSS,
	O_PLANNED,
	O_OUT,
	O_URL,
	O_TEXT,
	O_DISCLOSE,
	O_EXPLOITABILITY,
	O_IMPACT,
	O_CWE,
	O_SUMMARY,
	O_ASSIGNEE,
	O_ORG,
	O_OF,
	O_REASON,
	O_DEADLINE,
	O_UNTIL,
	O_JUSTIFICATION,
	O_PLAN,
	O_MITIGATION,
	O_PRODUCT,
	O_VERSION,
	O_REFERENCE,
	O_FIELD,
	O_ACTIVITY,
	O_DETAILS,
	O_END,
	O_KIND,
	O_ID,
	O_CVE,
	O_CREDIT,
	O_CHANGED,
	O_TOPIC,
	O_STATEMENT,
	O_TO,
	O_OUTCOME,
	O_PROGRAMME,
	O_AMOUNT,
	O_CURRENCY,
	O_NONE,
	O_MODEL,
	O_FIRST_SHIPMENT,
	O_SUPPORT_END,
	O_EU_MARKET,
	O_CASE,
	O_EVIDENCE,
	O_AUTHORITY,
	O_SENT,
	O_CONTENT,
	O_NOTICE,
	O_NOW,
	O_COUNT
};
/* OPT() sets one bit of a uint64_t per flag. */
_Static_assert(O_COUNT <= 64, "more flags than the OPT() bits hold");
#define OPT(x)         (1ull << (x))
#define CLI_MAX_REPEAT 32
#define CLI_MAX_POS    4

struct cli_args {
	const char *a_v[O_COUNT][CLI_MAX_REPEAT];
	unsigned a_n[O_COUNT];
	const char *a_pos[CLI_MAX_POS];
	unsigned a_npos;
};

/* a_get: the flag's value (the only one), or NULL. */
static inline const char *a_get(const struct cli_args *a, enum cli_opt o)
{
	return a->a_n[o] > 0 ? a->a_v[o][0] : NULL;
}

struct cli_verb;
struct cli_case_ctx;
typedef int (*cli_verb_fn)(const struct cli_verb *v, struct cli_args *a);
/* A builder fills ce's kind (and may seal, open, add payloads). 0 or 1/2
 * (an exit code, printed). */
typedef int (*cli_case_build_fn)(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce);

struct cli_verb {
	const char *vb_name;
	const char *vb_synopsis; /* after "cvdlog GROUP VERB" */
	const char *vb_help;     /* one line */
	unsigned vb_npos;        /* positional arguments */
	uint64_t vb_allowed;     /* OPT() bits */
	uint64_t vb_required;
	cli_verb_fn vb_fn;
	int vb_kind;                /* the CaseEvent kind it logs, if any */
	cli_case_build_fn vb_build; /* with cli_case_verb */
	unsigned vb_optpos;         /* of vb_npos, how many trailing ones may be left out */
};

/* Flags every verb that logs an event takes, and --reader for those that
 * seal (extra readers beyond the vendor's members, reporter and author). */
#define CLI_SUBMIT_OPTS (OPT(O_KEY) | OPT(O_RECEIPT) | OPT(O_POLICY))
#define CLI_CASE_OPTS   (CLI_SUBMIT_OPTS | OPT(O_PARTICIPANT))
#define CLI_SEAL_OPTS   (CLI_CASE_OPTS | OPT(O_READER))

/* cli_group_main runs "cvdlog GROUP VERB ARGS": --help, the verb's
 * --help, flags (refusing ones the verb does not take, repeats of
 * non-repeatable ones, missing required ones and a wrong number of
 * positional arguments: exit 2), then the verb's function. */
int cli_group_main(const char *group, const char *about, const struct cli_verb *verbs, size_t n,
                   int argc, char **argv);

/* A case event being built by a verb: the session, the case, the sealed
 * payloads and readers of its commitments, and memory freed at the end. */
struct cli_case_ctx {
	struct cli_session cx_s;
	struct cli_case cx_case; /* empty for a report */
	const struct cli_args *cx_a;
	const struct cli_verb *cx_verb;
	const char *cx_vendor;   /* whose members read commitments */
	const char *cx_reporter; /* vkey; NULL: the author is the reporter */
	int cx_have_readers;
	unsigned cx_nreaders;
	char **cx_readers; /* verifier key texts */
	struct keys_verifier *cx_reader_keys;
	size_t cx_nsealed;
	ProtobufCBinaryData cx_sealed[CASES_MAX_COMMITS + 1];
	const char *cx_receipt_fmt; /* default receipt path, "%llu" = index */
	size_t cx_nmem;
	void *cx_mem[256];
};

/* cli_ctx_free: closes the session, frees the case and the memory, then
 * x itself (calloc'd). NULL-safe. */
void cli_ctx_free(struct cli_case_ctx *x);
/* cli_ctx_alloc: zeroed memory freed with the context; NULL (printed) when
 * out of memory. */
void *cli_ctx_alloc(struct cli_case_ctx *x, size_t n);
/* cli_ctx_seal seals text (a flag value, "@FILE" reads a file) to the
 * case's readers (computed on first use: every member of the vendor org
 * from the node's roster, the reporter, the author, --reader keys) and
 * returns the Commitment for the event, or NULL (printed). */
Cvdlog__Commitment *cli_ctx_seal(struct cli_case_ctx *x, const char *field, const char *flag,
                                 const char *value);
/* cli_ctx_seal_raw: the same for text[0..len) as is (no "@FILE"). */
Cvdlog__Commitment *cli_ctx_seal_raw(struct cli_case_ctx *x, const char *field, const char *flag,
                                     const char *text, size_t len);
/* cli_ctx_opening fetches and opens the commitment spec names (see
 * cli_case_find_commit) into an Opening for the event; NULL (printed). */
Cvdlog__Opening *cli_ctx_opening(struct cli_case_ctx *x, const char *spec);
/* cli_ctx_disclosures: the text file's SHA-256 (*sha, 32 bytes) and the
 * openings of every --disclose field, for an advisory or a reporter
 * disclosure. 0, or 1 with the error printed. */
int cli_ctx_disclosures(struct cli_case_ctx *x, ProtobufCBinaryData *sha,
                        Cvdlog__Opening ***openings, size_t *n);
/* cli_ctx_sha256_file: SHA-256 of a file into ctx memory; NULL (printed). */
uint8_t *cli_ctx_sha256_file(struct cli_case_ctx *x, const char *flag, const char *path);
/* cli_ctx_add_sealed sends one more encoded payload (copied) with the event. */
int cli_ctx_add_sealed(struct cli_case_ctx *x, const uint8_t *buf, size_t len);

/* cli_case_verb: the verb function of table rows with a vb_build:
 * cli_case_submit(v, a, v->vb_build, NULL). */
int cli_case_verb(const struct cli_verb *v, struct cli_args *a);

/* cli_case_submit: the whole of a case verb: parses the CASE argument
 * (argument 0; a report has none), opens the session with --key, fetches
 * the case, builds the event with build, adds readers when it sealed
 * something, submits it and prints the result (the new index, the receipt
 * when --receipt is given). post, if not NULL, prints more after success
 * (e.g. "case N"). Returns the exit code. */
int cli_case_submit(const struct cli_verb *v, const struct cli_args *a, cli_case_build_fn build,
                    void (*post)(const struct cli_submitted *r));

/* cli_submit_event fills ev's nonce, time and signer, encodes it, checks
 * it as the node would decode it and submits it with sealed[] (see
 * cli_submit_bytes). 0 or 1 (printed). */
int cli_submit_event(struct cli_session *s, Cvdlog__Event *ev, ProtobufCBinaryData *sealed,
                     size_t nsealed, struct cli_submitted *out);
/* cli_submit_simple: a session for --key/--policy of a, then
 * cli_submit_event and cli_print_submitted with --receipt. For events
 * without commitments (roster, product). Returns the exit code. */
int cli_submit_simple(const struct cli_args *a, Cvdlog__Event *ev);

/* cli_check_cvss, cli_check_cwe, cli_check_cve: client-side checks of
 * the flag's values with the node's rules; 0 or 1 (printed). */
int cli_check_cvss(const char *flag, const char *vector);
int cli_check_list(const char *flag, const struct cli_args *a, enum cli_opt o,
                   int (*valid)(const char *));

/* cli_ctx_body allocates the body message of kind (a CaseEvent oneof
 * number; x->cx_verb->vb_kind when kind is 0), initialised, and sets it
 * as ce's kind. NULL (printed) when out of memory. */
void *cli_ctx_body(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce, int kind);
/* cli_build_empty: a builder for kinds without fields (accept, ...). */
int cli_build_empty(struct cli_case_ctx *x, Cvdlog__CaseEvent *ce);

/* cli_word maps a flag's word to an enum value via a NULL-terminated
 * list of words whose position i means value i + 1; 0 (printed, naming
 * the flag and the words) when none matches. */
int cli_word(const char *flag, const char *value, const char *const *words);

/* cli_u64_arg parses a decimal flag or argument; 0 or 1 (printed). */
int cli_u64_arg(const char *name, const char *value, uint64_t *out);
/* cli_date_arg: cli_parse_date with the flag named on error; 0 or 1. */
int cli_date_arg(const char *flag, const char *value, uint64_t *out);

#endif
