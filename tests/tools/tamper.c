/*
 * tamper.c: damages a stopped node's store offline the way a malicious or
 * broken operator could, for the audit tamper tests
 * (tests/integration/audit_tamper.sh). Test tooling only: it goes through
 * node/store.h like the node (never LMDB directly), computes roots with
 * lib/merkle and signs with lib/checkpoint and lib/note.
 *
 * The node checks the hash chain of its last 16 entries, the stored tree
 * against its signed checkpoint and the entry count when it opens, and
 * replays every event through the CVD rules (which decode events but check
 * no signature). Tamper entries before that tail, and keep their events
 * decodable, and the node still serves them; the tree hashes are left as
 * the node wrote them, so the signed root is the one of the honest log.
 *
 *   tamper DIR flip INDEX OFFSET     invert byte OFFSET of entry INDEX
 *   tamper DIR swap I J              store entry I at J and entry J at I
 *   tamper DIR resign INDEX          replace entry INDEX's event signature
 *                                    by a fresh key's over the same message
 *   tamper DIR drop N --key NODEKEY  roll back: delete the last N entries,
 *                                    set the size and store a checkpoint
 *                                    for the smaller tree signed by NODEKEY
 *   tamper PATH checkpoint --key KEY replace every signature of the
 *                                    checkpoint by one of KEY; PATH is a
 *                                    node directory or a checkpoint file
 *                                    (an export's FILE.checkpoint)
 *
 * drop cannot remove the tree hashes of the dropped leaves (store.h has no
 * call for it): the node serves the smaller log, but could not append to
 * it, since the tree refuses to overwrite those rows.
 *
 * Each command prints one line saying what it changed. Exit 0 done, 1 an
 * error (named), 2 usage.
 */
#include <errno.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checkpoint.h"
#include "encoding.h"
#include "entry.h"
#include "error.h"
#include "keys.h"
#include "merkle.h"
#include "note.h"
#include "store.h"

#define MAP_SIZE      ((size_t)64 << 30)    /* the node's default; only address space */
#define NOTE_CAP      4096                  /* a one-signature checkpoint note fits */
#define ENTRY_SIG_OFF (1 + 8 + 8 + 32 + 32) /* docs/formats.md 4.1 */

static const char *usage =
    "usage: tamper DIR flip INDEX OFFSET\n"
    "       tamper DIR swap I J\n"
    "       tamper DIR resign INDEX\n"
    "       tamper DIR drop N --key NODEKEY\n"
    "       tamper PATH checkpoint --key KEY\n"
    "\n"
    "Damages the store of a stopped cvdlogd in DIR, for tests. PATH is a node\n"
    "directory or a checkpoint note file.\n";

static const char *g_path;

static int die_usage(const char *why)
{
	fprintf(stderr, "tamper: %s\n%s", why, usage);
	return 2;
}

/* die names the path and what failed, with rc's text unless 0. Returns 1. */
static int die(const char *what, int rc)
{
	fprintf(stderr, "tamper: %s: %s", g_path, what);
	if (rc != 0)
		fprintf(stderr, ": %s", cvd_strerror(rc));
	fputc('\n', stderr);
	return 1;
}

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;
	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	unsigned long long x = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	*v = x;
	return 0;
}

/* A write transaction on the store in g_path, with its size and origin. */
struct session {
	struct store *ss_store;
	struct store_txn *ss_txn;
	uint64_t ss_size;
	char ss_origin[ENTRY_ORIGIN_MAX + 1];
};

static int session_begin(struct session *s)
{
	const uint8_t *b;
	size_t bl;
	int rc;

	memset(s, 0, sizeof(*s));
	rc = store_open(g_path, MAP_SIZE, 0, &s->ss_store);
	if (rc != 0)
		return die("cannot open the store", rc);
	rc = store_write_begin(s->ss_store, &s->ss_txn);
	if (rc == 0)
		rc = store_get_size(s->ss_txn, &s->ss_size);
	if (rc == 0)
		rc = store_get_meta(s->ss_txn, "origin", &b, &bl);
	if (rc == 0 && (bl == 0 || bl > ENTRY_ORIGIN_MAX))
		rc = CVD_ECORRUPT;
	if (rc != 0) {
		store_abort(s->ss_txn);
		store_close(s->ss_store);
		return die("cannot read size and origin", rc);
	}
	memcpy(s->ss_origin, b, bl);
	s->ss_origin[bl] = '\0';
	return 0;
}

/* session_end commits when ok (else aborts) and closes. */
static int session_end(struct session *s, int ok)
{
	int rc = 0;

	if (ok)
		rc = store_commit(s->ss_txn);
	else
		store_abort(s->ss_txn);
	store_close(s->ss_store);
	if (rc != 0)
		return die("commit failed", rc);
	return ok ? 0 : 1;
}

/* get_entry copies entry index into a malloc'd buffer. */
static int get_entry(struct session *s, uint64_t index, uint8_t **buf, size_t *len)
{
	const uint8_t *b;
	char what[64];
	int rc = index < s->ss_size ? store_get_entry(s->ss_txn, index, &b, len) : CVD_ERANGE;

	snprintf(what, sizeof(what), "entry %" PRIu64, index);
	if (rc != 0)
		return die(what, rc);
	*buf = malloc(*len);
	if (*buf == NULL)
		return die("out of memory", 0);
	memcpy(*buf, b, *len);
	return 0;
}

static int cmd_flip(struct session *s, uint64_t index, uint64_t off)
{
	uint8_t *e;
	size_t len;

	if (get_entry(s, index, &e, &len) != 0)
		return session_end(s, 0);
	if (off >= len) {
		free(e);
		fprintf(stderr, "tamper: entry %" PRIu64 " has %zu bytes, no offset %" PRIu64 "\n",
		        index, len, off);
		return session_end(s, 0);
	}
	uint8_t old = e[off];
	e[off] = (uint8_t)~old;
	int rc = store_overwrite_entry(s->ss_txn, index, e, len);
	free(e);
	if (rc != 0) {
		session_end(s, 0);
		return die("cannot write the entry", rc);
	}
	rc = session_end(s, 1);
	if (rc == 0)
		printf("tamper: entry %" PRIu64 ": byte %" PRIu64 " 0x%02x -> 0x%02x\n", index, off,
		       old, (uint8_t)~old);
	return rc;
}

static int cmd_swap(struct session *s, uint64_t i, uint64_t j)
{
	uint8_t *a = NULL, *b = NULL;
	size_t alen, blen;
	int rc;

	if (get_entry(s, i, &a, &alen) != 0 || get_entry(s, j, &b, &blen) != 0) {
		free(a);
		return session_end(s, 0);
	}
	rc = store_overwrite_entry(s->ss_txn, i, b, blen);
	if (rc == 0)
		rc = store_overwrite_entry(s->ss_txn, j, a, alen);
	free(a);
	free(b);
	if (rc != 0) {
		session_end(s, 0);
		return die("cannot write the entries", rc);
	}
	rc = session_end(s, 1);
	if (rc == 0)
		printf("tamper: entries %" PRIu64 " and %" PRIu64 " swapped\n", i, j);
	return rc;
}

static int cmd_resign(struct session *s, uint64_t index)
{
	struct keys_signer *k = NULL;
	struct entry e;
	uint8_t *buf, sig[KEYS_SIG_LEN];
	size_t len;
	int rc;

	if (get_entry(s, index, &buf, &len) != 0)
		return session_end(s, 0);
	rc = entry_decode(buf, len, &e);
	if (rc == 0)
		rc = keys_signer_generate("tamper", &k);
	if (rc != 0) {
		free(buf);
		session_end(s, 0);
		return die("cannot decode the entry or make a key", rc);
	}
	/* The same message, signed by a key that is not the entry's author. */
	entry_sign_event(k, s->ss_origin, e.e_event, e.e_event_len, sig);
	keys_signer_free(k);
	memcpy(buf + ENTRY_SIG_OFF, sig, KEYS_SIG_LEN);
	rc = store_overwrite_entry(s->ss_txn, index, buf, len);
	free(buf);
	if (rc != 0) {
		session_end(s, 0);
		return die("cannot write the entry", rc);
	}
	rc = session_end(s, 1);
	if (rc == 0)
		printf("tamper: entry %" PRIu64 ": event signature replaced by another key's\n",
		       index);
	return rc;
}

/* sign_note writes body (with its '\n') and one signature line by k into
 * out (NOTE_CAP bytes). Returns the length or a negative error. */
static int sign_note(const struct keys_signer *k, const char *body, size_t blen, char *out)
{
	int n;

	if (blen + 2 > NOTE_CAP)
		return CVD_ETOOLARGE;
	memcpy(out, body, blen);
	out[blen] = '\n';
	n = note_sign_line(k, body, blen, out + blen + 1, NOTE_CAP - blen - 1);
	return n < 0 ? n : (int)(blen + 1) + n;
}

static int cmd_drop(struct session *s, uint64_t n, const struct keys_signer *k)
{
	struct checkpoint cp;
	char body[CHECKPOINT_BODY_MAX], note[NOTE_CAP];
	uint8_t sz[8];
	uint64_t keep;
	int rc = 0, len;

	if (n == 0 || n >= s->ss_size) {
		fprintf(stderr,
		        "tamper: %s: size %" PRIu64 ": cannot drop %" PRIu64
		        " entries (entry 0 stays)\n",
		        g_path, s->ss_size, n);
		return session_end(s, 0);
	}
	keep = s->ss_size - n;
	for (uint64_t i = keep; i < s->ss_size && rc == 0; i++)
		rc = store_del_entry(s->ss_txn, i);
	if (rc != 0) {
		session_end(s, 0);
		return die("cannot delete the entries", rc);
	}
	/* The smaller tree's root, from the subtree hashes the node stored. */
	snprintf(cp.c_origin, sizeof(cp.c_origin), "%s", s->ss_origin);
	cp.c_size = keep;
	rc = merkle_root(store_tree_get, s->ss_txn, keep, cp.c_root);
	if (rc != 0) {
		session_end(s, 0);
		return die("cannot compute the smaller root", rc);
	}
	len = sign_note(k, body, checkpoint_body(&cp, body), note);
	enc_put64(sz, keep);
	rc = len < 0 ? len : store_put_meta(s->ss_txn, "size", sz, 8);
	if (rc == 0)
		rc = store_put_meta(s->ss_txn, "checkpoint", (const uint8_t *)note, (size_t)len);
	if (rc != 0) {
		session_end(s, 0);
		return die("cannot store the new checkpoint", rc);
	}
	uint64_t was = s->ss_size;
	rc = session_end(s, 1);
	if (rc == 0)
		printf("tamper: dropped entries %" PRIu64 "..%" PRIu64 "; size %" PRIu64
		       ", checkpoint re-signed by %s\n",
		       keep, was - 1, keep, keys_signer_name(k));
	return rc;
}

/* resign_note replaces the signatures of note[0..len) by one of k into out. */
static int resign_note(const char *note, size_t len, const struct keys_signer *k, char *out,
                       uint64_t *size)
{
	struct note *n = malloc(sizeof(*n));
	struct checkpoint cp = {.c_size = 0};
	int rc;

	if (n == NULL)
		return CVD_ENOMEM;
	rc = note_parse(note, len, n);
	if (rc == 0)
		rc = checkpoint_parse_body(n->n_text, n->n_text_len, &cp);
	if (rc == 0)
		rc = sign_note(k, n->n_text, n->n_text_len, out);
	free(n);
	*size = cp.c_size;
	return rc;
}

static int write_file(const char *path, const char *buf, size_t len)
{
	char tmp[4096];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tamper-tmp", path);
	f = fopen(tmp, "w");
	if (f == NULL)
		return -errno;
	if (fwrite(buf, 1, len, f) != len || fclose(f) != 0) {
		unlink(tmp);
		return CVD_EIO;
	}
	return rename(tmp, path) == 0 ? 0 : -errno;
}

static int cmd_checkpoint_file(const struct keys_signer *k)
{
	char *in, out[NOTE_CAP];
	uint64_t size = 0;
	size_t len;
	FILE *f = fopen(g_path, "r");
	int rc;

	if (f == NULL)
		return die("cannot read", -errno);
	in = malloc(NOTE_MAX_LEN + 1);
	if (in == NULL) {
		fclose(f);
		return die("out of memory", 0);
	}
	len = fread(in, 1, NOTE_MAX_LEN + 1, f);
	fclose(f);
	rc = resign_note(in, len, k, out, &size);
	free(in);
	if (rc < 0)
		return die("not a checkpoint note", rc);
	rc = write_file(g_path, out, (size_t)rc);
	if (rc != 0)
		return die("cannot write", rc);
	printf("tamper: checkpoint size %" PRIu64 " re-signed by %s\n", size, keys_signer_name(k));
	return 0;
}

static int cmd_checkpoint_store(struct session *s, const struct keys_signer *k)
{
	const uint8_t *b;
	size_t bl;
	char out[NOTE_CAP];
	uint64_t size = 0;
	int rc = store_get_meta(s->ss_txn, "checkpoint", &b, &bl);

	if (rc == 0)
		rc = resign_note((const char *)b, bl, k, out, &size);
	if (rc >= 0)
		rc = store_put_meta(s->ss_txn, "checkpoint", (const uint8_t *)out, (size_t)rc);
	if (rc != 0) {
		session_end(s, 0);
		return die("cannot re-sign the stored checkpoint", rc);
	}
	rc = session_end(s, 1);
	if (rc == 0)
		printf("tamper: checkpoint size %" PRIu64 " re-signed by %s\n", size,
		       keys_signer_name(k));
	return rc;
}

/* take_key removes "--key FILE" from the end of argv and loads it. */
static int take_key(int *argc, char **argv, struct keys_signer **k)
{
	int rc;

	if (*argc < 2 || strcmp(argv[*argc - 2], "--key") != 0)
		return die_usage("this command needs --key FILE");
	rc = keys_signer_load(argv[*argc - 1], k);
	if (rc != 0) {
		fprintf(stderr, "tamper: %s: %s\n", argv[*argc - 1], cvd_strerror(rc));
		return 1;
	}
	*argc -= 2;
	return 0;
}

int main(int argc, char **argv)
{
	struct keys_signer *k = NULL;
	struct session s;
	struct stat st;
	uint64_t a = 0, b = 0;
	const char *cmd;
	int rc;

	if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc < 3)
		return die_usage("need PATH and a command");
	if (sodium_init() < 0) {
		fputs("tamper: cannot initialise libsodium\n", stderr);
		return 1;
	}
	g_path = argv[1];
	cmd = argv[2];
	if (strcmp(cmd, "drop") == 0 || strcmp(cmd, "checkpoint") == 0) {
		rc = take_key(&argc, argv, &k);
		if (rc != 0)
			return rc;
	}
	if ((argc > 3 && parse_u64(argv[3], &a) != 0) ||
	    (argc > 4 && parse_u64(argv[4], &b) != 0)) {
		keys_signer_free(k);
		return die_usage("indices, offsets and counts are decimal numbers");
	}
	if (strcmp(cmd, "checkpoint") == 0 && argc == 3 && stat(g_path, &st) == 0 &&
	    S_ISREG(st.st_mode)) {
		rc = cmd_checkpoint_file(k);
		keys_signer_free(k);
		return rc;
	}
	struct {
		const char *name;
		int nargs;
	} const table[] = {{"flip", 2}, {"swap", 2}, {"resign", 1}, {"drop", 1}, {"checkpoint", 0}};
	int known = 0;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		if (strcmp(cmd, table[i].name) != 0)
			continue;
		known = 1;
		if (argc - 3 != table[i].nargs) {
			keys_signer_free(k);
			return die_usage("wrong number of arguments");
		}
	}
	if (!known) {
		keys_signer_free(k);
		return die_usage("unknown command");
	}
	if (strcmp(cmd, "swap") == 0 && a == b)
		return die_usage("swap needs two different indices");
	if (session_begin(&s) != 0) {
		keys_signer_free(k);
		return 1;
	}
	if (strcmp(cmd, "flip") == 0)
		rc = cmd_flip(&s, a, b);
	else if (strcmp(cmd, "swap") == 0)
		rc = cmd_swap(&s, a, b);
	else if (strcmp(cmd, "resign") == 0)
		rc = cmd_resign(&s, a);
	else if (strcmp(cmd, "drop") == 0)
		rc = cmd_drop(&s, a, k);
	else
		rc = cmd_checkpoint_store(&s, k);
	keys_signer_free(k);
	return rc;
}
