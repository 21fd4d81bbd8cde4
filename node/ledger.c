/*
 * ledger.c: the append-only log on the store (see ledger.h). Owns the
 * writer's in-memory state: the Merkle frontier, the last leaf hash (the
 * next entry's prev) and the last sequencing time. They are loaded in
 * O(log n) at open and rolled back if a commit fails.
 */
#include "ledger.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cases.h"
#include "checkpoint.h"
#include "cvdlog.pb-c.h"
#include "encoding.h"
#include "entry.h"
#include "error.h"
#include "event.h"
#include "log.h"
#include "note.h"
#include "policy.h"
#include "receipt.h"
#include "roster.h"
#include "seal.h"
#include "store.h"

#define TAIL_CHECK 16 /* entries of the hash chain checked at open */

struct ledger {
	struct store *l_store;
	const struct keys_signer *l_key;
	struct policy l_self; /* this node's key alone, for its own checkpoints */
	char l_origin[ENTRY_ORIGIN_MAX + 1];
	char l_node_name[KEYS_NAME_MAX + 1];
	uint64_t l_skew_ms;
	struct merkle_frontier l_frontier;
	uint8_t l_last_leaf[MERKLE_HASH_LEN];
	uint64_t l_last_time;
	uint8_t *l_buf; /* scratch for one encoded entry */
	char *l_roster; /* the genesis roster text, NULL when none */
	/* The CVD state after the appended entries (lib/cases.h). Written by
	 * ledger_append only, read by the case queries on other threads:
	 * l_cases_mu guards it. */
	struct cases *l_cases;
	pthread_mutex_t l_cases_mu;
	int l_cases_stale; /* a failed append left it ahead of the store */
};

struct ledger_reader {
	struct store_txn *r_txn;
	uint64_t r_size;
	const char *r_note;
	size_t r_note_len;
};

static int fail(char *err, size_t cap, int rc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (err != NULL && cap > 0)
		vsnprintf(err, cap, fmt, ap);
	va_end(ap);
	return rc;
}

/* dedupe_key: the event's signed time, then the hash of its bytes. The
 * same bytes always give the same key; the time prefix keeps inserts near
 * the end of the table (times are within the allowed clock skew). */
static void dedupe_key(uint64_t event_time, const uint8_t *event, size_t len,
                       uint8_t key[STORE_DEDUPE_KEY_LEN])
{
	enc_put64(key, event_time);
	crypto_hash_sha256(key + 8, event, len);
}

/* sign_checkpoint builds the signed note for (size, root) into buf. */
static int sign_checkpoint(const struct ledger *l, uint64_t size, const uint8_t root[32], char *buf,
                           size_t cap, size_t *len)
{
	struct checkpoint cp;
	size_t bl;
	int n;

	snprintf(cp.c_origin, sizeof(cp.c_origin), "%s", l->l_origin);
	cp.c_size = size;
	memcpy(cp.c_root, root, 32);
	if (cap < CHECKPOINT_BODY_MAX + 1)
		return CVD_ETOOLARGE;
	bl = checkpoint_body(&cp, buf);
	buf[bl] = '\n';
	n = note_sign_line(l->l_key, buf, bl, buf + bl + 1, cap - bl - 1);
	if (n < 0)
		return n;
	*len = bl + 1 + (size_t)n;
	return 0;
}

/* put_entry encodes and stores entry `index` and extends the tree. */
static int put_entry(struct ledger *l, struct store_txn *t, struct entry *e)
{
	uint8_t leaf[MERKLE_HASH_LEN];
	size_t len = entry_len(e);
	int rc;

	entry_encode(e, l->l_buf);
	rc = store_put_entry(t, e->e_index, l->l_buf, len);
	if (rc != 0)
		return rc;
	merkle_leaf_hash(l->l_buf, len, leaf);
	rc = merkle_frontier_append(&l->l_frontier, leaf, store_tree_put, t);
	if (rc != 0)
		return rc;
	memcpy(l->l_last_leaf, leaf, MERKLE_HASH_LEN);
	l->l_last_time = e->e_time_ms;
	return 0;
}

/*
 * check_extends: the tree about to be signed must be consistent with the
 * last checkpoint this node signed (DESIGN.md section 5). By construction it
 * is, since the frontier was checked against that checkpoint at open; this
 * proves it again from the stored hashes before every signature, in
 * O(log n) reads, so no bug can make the node sign a fork.
 */
static int check_extends(struct ledger *l, struct store_txn *t, const uint8_t root[32])
{
	const uint8_t *b;
	size_t len, n;
	struct note *note;
	struct checkpoint old;
	uint8_t proof[MERKLE_PROOF_MAX][MERKLE_HASH_LEN];
	int rc;

	rc = store_get_meta(t, "checkpoint", &b, &len);
	if (rc == CVD_ENOTFOUND)
		return 0; /* genesis: nothing signed yet */
	if (rc != 0)
		return rc;
	note = malloc(sizeof(*note));
	if (note == NULL)
		return CVD_ENOMEM;
	rc = note_parse((const char *)b, len, note);
	if (rc == 0)
		rc = checkpoint_parse_body(note->n_text, note->n_text_len, &old);
	free(note);
	if (rc != 0)
		return CVD_ECORRUPT;
	rc = merkle_consistency_proof(store_tree_get, t, old.c_size, l->l_frontier.mf_size, proof,
	                              &n);
	if (rc == 0)
		rc = merkle_verify_consistency(old.c_size, l->l_frontier.mf_size, old.c_root, root,
		                               (const uint8_t(*)[MERKLE_HASH_LEN])proof, n);
	if (rc != 0) {
		log_event("error",
		          "event=refusing_to_sign reason=\"new tree is not consistent with the "
		          "last signed checkpoint\" old_size=%" PRIu64,
		          old.c_size);
		return CVD_EINCONSISTENT;
	}
	return 0;
}

static int put_head(struct ledger *l, struct store_txn *t)
{
	uint8_t root[32], sz[8];
	char note[1024];
	size_t nlen;
	int rc;

	merkle_frontier_root(&l->l_frontier, root);
	rc = check_extends(l, t, root);
	if (rc != 0)
		return rc;
	rc = sign_checkpoint(l, l->l_frontier.mf_size, root, note, sizeof(note), &nlen);
	if (rc != 0)
		return rc;
	enc_put64(sz, l->l_frontier.mf_size);
	rc = store_put_meta(t, "size", sz, 8);
	if (rc == 0)
		rc = store_put_meta(t, "checkpoint", (const uint8_t *)note, nlen);
	return rc;
}

static struct ledger *ledger_new(const char *origin, const struct keys_signer *key,
                                 const struct ledger_config *cfg)
{
	struct ledger *l = calloc(1, sizeof(*l));
	if (l == NULL)
		return NULL;
	l->l_buf = malloc(ENTRY_MAX);
	if (l->l_buf == NULL || cases_new(&l->l_cases) != 0 ||
	    pthread_mutex_init(&l->l_cases_mu, NULL) != 0) {
		cases_free(l->l_cases);
		free(l->l_buf);
		free(l);
		return NULL;
	}
	l->l_key = key;
	l->l_skew_ms = cfg->lc_skew_ms;
	snprintf(l->l_origin, sizeof(l->l_origin), "%s", origin);
	struct keys_verifier v;
	keys_signer_verifier(key, &v);
	policy_single_node(&l->l_self, origin, &v);
	return l;
}

void ledger_close(struct ledger *l)
{
	if (l == NULL)
		return;
	store_close(l->l_store);
	free(l->l_buf);
	free(l->l_roster);
	cases_free(l->l_cases);
	pthread_mutex_destroy(&l->l_cases_mu);
	free(l);
}

/* check_roster: what ledger_init asks of a roster (ledger.h). Sets
 * *node_name to the name of this node's line. */
static int check_roster(const struct roster *r, const char *origin, const struct keys_signer *key,
                        const char **node_name, char *err, size_t errcap)
{
	const struct roster_node *me;
	char mine[KEYS_VKEY_MAX + 1];

	for (unsigned i = 0; i < r->r_nnodes; i++)
		if (strcmp(r->r_nodes[i].rn_key.kv_name, origin) != 0)
			return fail(err, errcap, CVD_EINVAL,
			            "roster node %s: its key is named %s, not by the origin %s",
			            r->r_nodes[i].rn_name, r->r_nodes[i].rn_key.kv_name, origin);
	me = roster_find_node_by_key(r, keys_signer_pk(key));
	if (me == NULL)
		return fail(err, errcap, CVD_EUNAUTH,
		            "this node's key %s is not on a node line of the roster",
		            keys_signer_vkey(key, mine));
	if (*node_name != NULL && strcmp(*node_name, me->rn_name) != 0)
		return fail(err, errcap, CVD_EINVAL,
		            "node name %s differs from the roster's node line for this node's key "
		            "(%s)",
		            *node_name, me->rn_name);
	*node_name = me->rn_name;
	return 0;
}

int ledger_init(const char *dir, const char *origin, const char *node_name,
                const struct keys_signer *key, const struct roster *roster,
                const struct ledger_config *cfg, char *err, size_t errcap)
{
	struct ledger *l = NULL;
	struct store_txn *t = NULL;
	struct keys_verifier v;
	struct event_view ev;
	char vkey[KEYS_VKEY_MAX + 1], (*vk)[KEYS_VKEY_MAX + 1] = NULL, *rtext = NULL;
	const char *names[POLICY_MAX_KEYS], *vkeys[POLICY_MAX_KEYS], *why;
	unsigned nnodes = 1;
	uint8_t *event = NULL;
	size_t elen, rlen;
	struct entry e;
	int rc;

	if (err != NULL && errcap > 0)
		err[0] = '\0';
	if (!keys_name_valid(origin, strlen(origin)) || strlen(origin) > ENTRY_ORIGIN_MAX)
		return fail(err, errcap, CVD_EINVAL, "invalid origin \"%s\"", origin);
	if (strcmp(keys_signer_name(key), origin) != 0)
		return fail(err, errcap, CVD_EINVAL, "node key must be named by the origin");
	if (roster != NULL) {
		rc = check_roster(roster, origin, key, &node_name, err, errcap);
		if (rc != 0)
			return rc;
	}
	if (node_name == NULL || !keys_name_valid(node_name, strlen(node_name)))
		return fail(err, errcap, CVD_EINVAL, "invalid node name \"%s\"",
		            node_name != NULL ? node_name : "");
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return fail(err, errcap, -errno, "%s: %s", dir, strerror(errno));
	l = ledger_new(origin, key, cfg);
	vk = calloc(POLICY_MAX_KEYS, sizeof(*vk));
	if (l == NULL || vk == NULL) {
		rc = fail(err, errcap, CVD_ENOMEM, "out of memory");
		goto out;
	}
	keys_signer_verifier(key, &v);
	keys_verifier_format(&v, vkey);
	names[0] = node_name;
	vkeys[0] = vkey;
	if (roster != NULL) {
		rc = roster_format(roster, &rtext, &rlen);
		if (rc != 0) {
			fail(err, errcap, rc, "cannot write the roster as text: %s",
			     cvd_strerror(rc));
			goto out;
		}
		nnodes = roster->r_nnodes;
		for (unsigned i = 0; i < nnodes; i++) {
			names[i] = roster->r_nodes[i].rn_name;
			vkeys[i] = keys_verifier_format(&roster->r_nodes[i].rn_key, vk[i]);
		}
	}
	uint64_t gtime = log_now_ms();
	rc = event_build_genesis(vkey, gtime, origin, nnodes, names, vkeys, rtext, &event, &elen);
	if (rc != 0)
		goto out;
	/* What open will check: refuse now a genesis it would refuse then. */
	rc = event_decode(event, elen, &ev, &why);
	event_view_clear(&ev);
	if (rc != 0) {
		fail(err, errcap, rc, "the genesis would be invalid: %s", why);
		goto out;
	}
	rc = store_open(dir, cfg->lc_map_size, 1, &l->l_store);
	if (rc != 0) {
		fail(err, errcap, rc, "%s: cannot open store: %s", dir, cvd_strerror(rc));
		goto out;
	}
	rc = store_write_begin(l->l_store, &t);
	if (rc != 0)
		goto out;
	const uint8_t *b;
	size_t bl;
	if (store_get_meta(t, "origin", &b, &bl) == 0) {
		rc = fail(err, errcap, -EEXIST, "%s already holds a log", dir);
		goto out;
	}
	memset(&e, 0, sizeof(e));
	e.e_index = 0;
	e.e_time_ms = log_now_ms();
	memcpy(e.e_author, keys_signer_pk(key), KEYS_PK_LEN);
	entry_sign_event(key, origin, event, elen, e.e_sig);
	e.e_event = event;
	e.e_event_len = (uint32_t)elen;
	rc = store_put_meta(t, "origin", (const uint8_t *)origin, strlen(origin));
	if (rc == 0)
		rc = put_entry(l, t, &e);
	if (rc == 0) {
		uint8_t dk[STORE_DEDUPE_KEY_LEN];
		dedupe_key(gtime, event, elen, dk);
		rc = store_put_dedupe(t, dk, 0);
	}
	if (rc == 0)
		rc = put_head(l, t);
	if (rc != 0)
		goto out;
	rc = store_commit(t);
	t = NULL;
out:
	if (rc != 0 && err != NULL && err[0] == '\0')
		fail(err, errcap, rc, "%s: %s", dir, cvd_strerror(rc));
	store_abort(t);
	free(event);
	free(rtext);
	free(vk);
	ledger_close(l);
	return rc;
}

/* check_genesis: entry 0 is a genesis for our origin that lists our key;
 * keeps its roster text, if any. */
static int check_genesis(struct ledger *l, struct store_txn *t, char *err, size_t errcap)
{
	const uint8_t *buf;
	size_t len;
	struct entry e;
	struct event_view ev;
	char mine[KEYS_VKEY_MAX + 1];
	struct keys_verifier v;
	int rc, found = 0;

	rc = store_get_entry(t, 0, &buf, &len);
	if (rc != 0 || entry_decode(buf, len, &e) != 0)
		return fail(err, errcap, CVD_ECORRUPT, "entry 0 is missing or malformed");
	rc = event_decode(e.e_event, e.e_event_len, &ev, NULL);
	if (rc != 0 || ev.ev_type != EVENT_GENESIS || strcmp(ev.ev_origin, l->l_origin) != 0) {
		event_view_clear(&ev);
		return fail(err, errcap, CVD_ECORRUPT, "entry 0 is not the genesis of %s",
		            l->l_origin);
	}
	keys_signer_verifier(l->l_key, &v);
	keys_verifier_format(&v, mine);
	for (unsigned i = 0; i < ev.ev_nnodes && !found; i++) {
		if (strcmp(ev.ev_node_vkeys[i], mine) == 0) {
			found = 1;
			snprintf(l->l_node_name, sizeof(l->l_node_name), "%s", ev.ev_node_names[i]);
		}
	}
	/* The roster text was checked by event_decode (canonical, its node
	 * lines are the genesis nodes); keep it for ledger_genesis_roster. */
	free(l->l_roster);
	l->l_roster = ev.ev_roster;
	ev.ev_roster = NULL;
	event_view_clear(&ev);
	if (!found)
		return fail(err, errcap, CVD_EUNAUTH, "this node's key %s is not in the genesis",
		            mine);
	return 0;
}

/* check_tail: the last entries link by prev hash and match the tree. */
static int check_tail(struct ledger *l, struct store_txn *t, uint64_t size, char *err,
                      size_t errcap)
{
	uint64_t first = size > TAIL_CHECK ? size - TAIL_CHECK : 0;
	uint8_t prev[32], leaf[32], stored[32];

	for (uint64_t i = first; i < size; i++) {
		const uint8_t *buf;
		size_t len;
		struct entry e;
		if (store_get_entry(t, i, &buf, &len) != 0 || entry_decode(buf, len, &e) != 0)
			return fail(err, errcap, CVD_ECORRUPT,
			            "entry %" PRIu64 " is missing or malformed", i);
		if (e.e_index != i)
			return fail(err, errcap, CVD_ECORRUPT,
			            "entry %" PRIu64 " carries index %" PRIu64, i, e.e_index);
		merkle_leaf_hash(buf, len, leaf);
		if (store_get_hash(t, 0, i, stored) != 0 || memcmp(leaf, stored, 32) != 0)
			return fail(err, errcap, CVD_ECORRUPT,
			            "entry %" PRIu64 " does not match its leaf hash in the tree",
			            i);
		if (i == 0) {
			memset(prev, 0, 32);
		} else if (i == first) {
			if (store_get_hash(t, 0, i - 1, prev) != 0)
				return fail(err, errcap, CVD_ECORRUPT,
				            "leaf hash %" PRIu64 " missing", i - 1);
		}
		if (memcmp(e.e_prev, prev, 32) != 0)
			return fail(err, errcap, CVD_ECORRUPT,
			            "hash chain broken: entry %" PRIu64
			            " prev is not the leaf hash of entry %" PRIu64,
			            i, i - 1);
		memcpy(prev, leaf, 32);
		if (i == size - 1) {
			memcpy(l->l_last_leaf, leaf, 32);
			l->l_last_time = e.e_time_ms;
		}
	}
	return 0;
}

/* replay_cases applies entries [0, size) to c, a fresh state: the CVD
 * rules accepted each of them when it was appended, so a refusal now means
 * the store (or the rules) changed under the log. */
static int replay_cases(struct ledger *l, struct store_txn *t, uint64_t size, struct cases *c,
                        char *err, size_t errcap)
{
	char why[CASES_WHY_MAX];
	int rc = 0;

	(void)l;
	for (uint64_t i = 0; i < size && rc == 0; i++) {
		struct event_view ev;
		struct entry e;
		const uint8_t *b;
		const char *bad = NULL;
		size_t bl;

		rc = store_get_entry(t, i, &b, &bl);
		if (rc == 0 && entry_decode(b, bl, &e) != 0)
			rc = CVD_ECORRUPT;
		if (rc != 0)
			return fail(err, errcap, CVD_ECORRUPT, "entry %" PRIu64 " cannot be read",
			            i);
		rc = event_decode(e.e_event, e.e_event_len, &ev, &bad);
		if (rc != 0) {
			event_view_clear(&ev);
			return fail(err, errcap, CVD_ECORRUPT, "entry %" PRIu64 ": event: %s", i,
			            bad ? bad : cvd_strerror(rc));
		}
		rc = cases_apply_logged(c, &e, &ev, why, sizeof(why));
		event_view_clear(&ev);
		if (rc == CVD_ENOMEM)
			return rc;
		if (rc != 0)
			return fail(err, errcap, CVD_ECORRUPT,
			            "entry %" PRIu64 " breaks the CVD rules on replay: %s", i, why);
	}
	return 0;
}

/* rebuild_cases replaces the CVD state with a replay of the store, after a
 * failed append left it ahead of the log. */
static int rebuild_cases(struct ledger *l)
{
	struct store_txn *t = NULL;
	struct cases *c = NULL;
	char err[256];
	uint64_t size;
	int rc = cases_new(&c);

	if (rc == 0)
		rc = store_read_begin(l->l_store, &t);
	if (rc == 0)
		rc = store_get_size(t, &size);
	if (rc == 0)
		rc = replay_cases(l, t, size, c, err, sizeof(err));
	store_read_end(t);
	if (rc != 0) {
		cases_free(c);
		log_event("error", "event=cases_rebuild_failed err=\"%s\"", cvd_strerror(rc));
		return rc;
	}
	pthread_mutex_lock(&l->l_cases_mu);
	cases_free(l->l_cases);
	l->l_cases = c;
	l->l_cases_stale = 0;
	pthread_mutex_unlock(&l->l_cases_mu);
	return 0;
}

int ledger_open(const char *dir, const struct keys_signer *key, const struct ledger_config *cfg,
                struct ledger **out, char *err, size_t errcap)
{
	struct ledger *l = NULL;
	struct store *s = NULL;
	struct store_txn *t = NULL;
	struct policy_verdict pv;
	const uint8_t *b;
	size_t bl;
	uint64_t size, count;
	uint8_t root[32];
	char origin[ENTRY_ORIGIN_MAX + 1];
	int rc;

	if (err != NULL && errcap > 0)
		err[0] = '\0';
	rc = store_open(dir, cfg->lc_map_size, 0, &s);
	if (rc == CVD_ENOTFOUND)
		return fail(err, errcap, rc, "%s: no log here (run cvdlogd init first)", dir);
	if (rc != 0)
		return fail(err, errcap, rc, "%s: cannot open store: %s", dir, cvd_strerror(rc));
	rc = store_read_begin(s, &t);
	if (rc != 0)
		goto out;
	if (store_get_meta(t, "origin", &b, &bl) != 0 || bl == 0 || bl > ENTRY_ORIGIN_MAX) {
		rc = fail(err, errcap, CVD_ECORRUPT, "store has no origin");
		goto out;
	}
	memcpy(origin, b, bl);
	origin[bl] = '\0';
	if (strcmp(keys_signer_name(key), origin) != 0) {
		rc = fail(err, errcap, CVD_EUNAUTH, "node key is named %s, the log's origin is %s",
		          keys_signer_name(key), origin);
		goto out;
	}
	l = ledger_new(origin, key, cfg);
	if (l == NULL) {
		rc = CVD_ENOMEM;
		goto out;
	}
	if (store_get_size(t, &size) != 0 || size == 0) {
		rc = fail(err, errcap, CVD_ECORRUPT, "store has no size");
		goto out;
	}
	if (store_get_meta(t, "checkpoint", &b, &bl) != 0) {
		rc = fail(err, errcap, CVD_ECORRUPT, "store has no signed checkpoint");
		goto out;
	}
	rc = policy_verify_checkpoint(&l->l_self, (const char *)b, bl, &pv);
	if (rc != 0) {
		rc = fail(err, errcap, CVD_ECORRUPT,
		          "last checkpoint does not verify with this node's key: %s",
		          cvd_strerror(rc));
		goto out;
	}
	if (pv.pv_cp.c_size != size) {
		rc = fail(err, errcap, CVD_ECORRUPT,
		          "stored size %" PRIu64 " differs from the last checkpoint's %" PRIu64,
		          size, pv.pv_cp.c_size);
		goto out;
	}
	if (store_count_entries(t, &count) != 0 || count != size) {
		rc = fail(err, errcap, CVD_ECORRUPT,
		          "%" PRIu64 " entries stored, the last checkpoint covers %" PRIu64, count,
		          size);
		goto out;
	}
	rc = merkle_frontier_load(&l->l_frontier, store_tree_get, t, size);
	if (rc != 0) {
		rc = fail(err, errcap, CVD_ECORRUPT, "Merkle tree hashes missing for size %" PRIu64,
		          size);
		goto out;
	}
	merkle_frontier_root(&l->l_frontier, root);
	if (memcmp(root, pv.pv_cp.c_root, 32) != 0) {
		rc = fail(err, errcap, CVD_ECORRUPT,
		          "Merkle root of the stored tree does not match the last signed "
		          "checkpoint (size %" PRIu64 ")",
		          size);
		goto out;
	}
	rc = check_tail(l, t, size, err, errcap);
	if (rc == 0)
		rc = check_genesis(l, t, err, errcap);
	if (rc == 0)
		rc = replay_cases(l, t, size, l->l_cases, err, errcap);
	if (rc != 0)
		goto out;
	store_read_end(t);
	t = NULL;
	l->l_store = s;
	*out = l;
	return 0;
out:
	if (rc != 0 && err != NULL && err[0] == '\0')
		fail(err, errcap, rc, "%s: %s", dir, cvd_strerror(rc));
	store_read_end(t);
	store_close(s);
	if (l != NULL)
		l->l_store = NULL;
	ledger_close(l);
	return rc;
}

const char *ledger_origin(const struct ledger *l)
{
	return l->l_origin;
}

const char *ledger_node_name(const struct ledger *l)
{
	return l->l_node_name;
}

const char *ledger_genesis_roster(const struct ledger *l)
{
	return l->l_roster;
}

uint64_t ledger_size(const struct ledger *l)
{
	return l->l_frontier.mf_size;
}

static int refuse(struct ledger_item *it, int rc, const char *why)
{
	it->li_status = rc;
	it->li_why = why;
	return rc;
}

int ledger_check_item(const struct ledger *l, struct ledger_item *it, uint64_t now_ms)
{
	struct event_view ev;
	const char *why = NULL;
	int rc;

	if (it->li_event_len > ENTRY_EVENT_MAX)
		return refuse(it, CVD_ETOOLARGE, "event larger than 65,386 bytes");
	if (entry_verify_event(it->li_author, it->li_sig, l->l_origin, it->li_event,
	                       it->li_event_len) != 0)
		return refuse(it, CVD_EBADSIG,
		              "event signature does not verify for this log's origin");
	if (it->li_have_view) {
		event_view_clear(&it->li_view);
		it->li_have_view = 0;
	}
	rc = event_decode(it->li_event, it->li_event_len, &ev, &why);
	it->li_event_time = ev.ev_time_ms;
	if (rc == 0 && memcmp(ev.ev_signer_key.kv_pk, it->li_author, KEYS_PK_LEN) != 0) {
		rc = CVD_EUNAUTH;
		why = "the event names another signer than the key that signed it";
	}
	if (rc == 0 && ev.ev_type == EVENT_GENESIS) {
		rc = CVD_EUNAUTH;
		why = "genesis is only entry 0";
	}
	if (rc == 0) {
		uint64_t d =
		    ev.ev_time_ms > now_ms ? ev.ev_time_ms - now_ms : now_ms - ev.ev_time_ms;
		if (d > l->l_skew_ms) {
			rc = CVD_EINVAL;
			why = "event time is too far from the node's clock";
		}
	}
	if (rc == 0 && it->li_nsealed > 0 && it->li_payloads == NULL) {
		it->li_payloads = calloc(it->li_nsealed, sizeof(*it->li_payloads));
		if (it->li_payloads == NULL) {
			rc = CVD_ENOMEM;
			why = "out of memory";
		}
		for (unsigned i = 0; rc == 0 && i < it->li_nsealed; i++) {
			rc = seal_payload_decode(it->li_sealed[i], it->li_sealed_len[i],
			                         &it->li_payloads[i], &why);
			if (rc == 0 && it->li_payloads[i].sp_nreaders > SEAL_MAX_READERS)
				rc = CVD_EINVAL;
		}
	}
	if (rc != 0) {
		event_view_clear(&ev);
		return refuse(it, rc, why);
	}
	it->li_view = ev;
	it->li_have_view = 1;
	it->li_status = 0;
	it->li_why = NULL;
	return 0;
}

int ledger_item_set_sealed(struct ledger_item *it, ProtobufCBinaryData *sealed, size_t n)
{
	if (n == 0)
		return 0;
	it->li_sealed = calloc(n, sizeof(*it->li_sealed));
	it->li_sealed_len = calloc(n, sizeof(*it->li_sealed_len));
	if (it->li_sealed == NULL || it->li_sealed_len == NULL)
		return CVD_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		it->li_sealed[i] = malloc(sealed[i].len ? sealed[i].len : 1);
		if (it->li_sealed[i] == NULL)
			return CVD_ENOMEM;
		memcpy(it->li_sealed[i], sealed[i].data, sealed[i].len);
		it->li_sealed_len[i] = sealed[i].len;
		it->li_nsealed++;
	}
	return 0;
}

void ledger_item_release(struct ledger_item *it)
{
	if (it->li_have_view)
		event_view_clear(&it->li_view);
	it->li_have_view = 0;
	for (unsigned i = 0; it->li_payloads != NULL && i < it->li_nsealed; i++)
		seal_payload_clear(&it->li_payloads[i]);
	for (unsigned i = 0; it->li_sealed != NULL && i < it->li_nsealed; i++)
		free(it->li_sealed[i]);
	free(it->li_payloads);
	free(it->li_sealed);
	free(it->li_sealed_len);
	it->li_payloads = NULL;
	it->li_sealed = NULL;
	it->li_sealed_len = NULL;
	it->li_nsealed = 0;
}

const char *ledger_item_why(const struct ledger_item *it)
{
	if (it->li_whybuf[0] != '\0')
		return it->li_whybuf;
	return it->li_why;
}

/* grant_extends: a grant's payload must be the stored one, same digest,
 * nonce, ciphertext and readers, plus the new reader's sealed key. */
static int grant_extends(struct store_txn *t, const struct seal_payload *p)
{
	struct seal_payload old;
	const uint8_t *b;
	size_t bl;
	int rc = store_get_sealed(t, p->sp_digest, &b, &bl), same;

	if (rc != 0)
		return rc == CVD_ENOTFOUND ? CVD_EINVAL : rc;
	if (seal_payload_decode(b, bl, &old, NULL) != 0)
		return CVD_ECORRUPT;
	same = old.sp_ciphertext_len == p->sp_ciphertext_len &&
	       memcmp(old.sp_nonce, p->sp_nonce, SEAL_NONCE_LEN) == 0 &&
	       memcmp(old.sp_ciphertext, p->sp_ciphertext, p->sp_ciphertext_len) == 0 &&
	       p->sp_nreaders == old.sp_nreaders + 1;
	for (unsigned i = 0; same && i < old.sp_nreaders; i++) {
		int j = seal_payload_find_reader(p, old.sp_readers[i].sr_key.kv_pk);
		same = j >= 0 && memcmp(p->sp_readers[j].sr_sealed, old.sp_readers[i].sr_sealed,
		                        SEAL_SEALED_KEY_LEN) == 0;
	}
	seal_payload_clear(&old);
	return same ? 0 : CVD_EINVAL;
}

static int apply_rules_view(struct ledger *l, struct store_txn *t, struct ledger_item *it,
                            const struct entry *e, const struct event_view *ev);

/* apply_rules runs the CVD rules on one item about to become entry e.
 * 0: apply it; else the item is refused (li_status set) or, for
 * CVD_ENOMEM/CVD_EIO/CVD_ECORRUPT, the whole append fails. */
static int apply_rules(struct ledger *l, struct store_txn *t, struct ledger_item *it,
                       const struct entry *e)
{
	struct event_view local;
	const struct event_view *ev = &it->li_view;
	const char *bad = NULL;
	int rc;

	if (!it->li_have_view) { /* an item that skipped ledger_check_item */
		rc = event_decode(it->li_event, it->li_event_len, &local, &bad);
		if (rc != 0) {
			event_view_clear(&local);
			it->li_status = rc;
			it->li_why = bad;
			return rc;
		}
		ev = &local;
	}
	rc = apply_rules_view(l, t, it, e, ev);
	if (ev == &local)
		event_view_clear(&local);
	return rc;
}

static int apply_rules_view(struct ledger *l, struct store_txn *t, struct ledger_item *it,
                            const struct entry *e, const struct event_view *ev)
{
	const Cvdlog__Event *pb = ev->ev_pb;
	struct cases_entry ce;
	int rc;

	if (it->li_nsealed > 0 && it->li_payloads == NULL) {
		it->li_status = CVD_EINVAL;
		it->li_why = "sealed payloads were not checked";
		return CVD_EINVAL;
	}
	if (ev->ev_type == EVENT_CASE &&
	    pb->case_event->kind_case == CVDLOG__CASE_EVENT__KIND_CONFIDENTIALITY &&
	    pb->case_event->confidentiality->decision_case ==
	        CVDLOG__CONFIDENTIALITY_DECISION__DECISION_GRANT_READER &&
	    it->li_nsealed == 1) {
		rc = grant_extends(t, &it->li_payloads[0]);
		if (rc == CVD_EINVAL) {
			it->li_status = rc;
			it->li_why =
			    "confidentiality decision: the payload sent is not the stored one "
			    "with the new reader added";
			return rc;
		}
		if (rc != 0)
			return rc;
	}
	memset(&ce, 0, sizeof(ce));
	ce.ce_index = e->e_index;
	ce.ce_time_ms = e->e_time_ms;
	ce.ce_author = it->li_author;
	ce.ce_event = ev;
	ce.ce_check_sealed = 1;
	ce.ce_sealed = it->li_payloads;
	ce.ce_nsealed = it->li_nsealed;
	pthread_mutex_lock(&l->l_cases_mu);
	l->l_cases_stale = 1; /* until the append commits */
	rc = cases_apply(l->l_cases, &ce, it->li_whybuf, sizeof(it->li_whybuf));
	pthread_mutex_unlock(&l->l_cases_mu);
	if (rc == CVD_ENOMEM)
		return rc;
	if (rc != 0) {
		it->li_status = rc;
		it->li_why = NULL;
		return rc;
	}
	for (unsigned i = 0; i < it->li_nsealed; i++) {
		rc = store_put_sealed(t, it->li_payloads[i].sp_digest, it->li_sealed[i],
		                      it->li_sealed_len[i]);
		if (rc != 0)
			return rc;
	}
	return 0;
}

int ledger_append(struct ledger *l, struct ledger_item *items, size_t n)
{
	struct merkle_frontier saved_frontier = l->l_frontier;
	uint8_t saved_leaf[32];
	uint64_t saved_time = l->l_last_time, now = log_now_ms();
	struct store_txn *t = NULL;
	size_t appended = 0;
	int rc;

	memcpy(saved_leaf, l->l_last_leaf, 32);
	rc = store_write_begin(l->l_store, &t);
	if (rc != 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		struct ledger_item *it = &items[i];
		struct entry e;
		uint8_t dk[STORE_DEDUPE_KEY_LEN];
		uint64_t orig;
		if (it->li_status != 0)
			continue;
		dedupe_key(it->li_event_time, it->li_event, it->li_event_len, dk);
		rc = store_get_dedupe(t, dk, &orig);
		if (rc == 0) {
			it->li_status = CVD_EDUP;
			it->li_why = "event already logged";
			it->li_index = orig;
			continue;
		}
		if (rc != CVD_ENOTFOUND)
			goto out;
		e.e_index = l->l_frontier.mf_size;
		e.e_time_ms = now > l->l_last_time ? now : l->l_last_time;
		it->li_whybuf[0] = '\0';
		rc = apply_rules(l, t, it, &e);
		if (rc != 0 && it->li_status != 0) {
			rc = 0;
			continue; /* refused by the rules: nothing stored */
		}
		if (rc != 0)
			goto out;
		memcpy(e.e_prev, l->l_last_leaf, 32);
		memcpy(e.e_author, it->li_author, KEYS_PK_LEN);
		memcpy(e.e_sig, it->li_sig, KEYS_SIG_LEN);
		e.e_event = it->li_event;
		e.e_event_len = (uint32_t)it->li_event_len;
		rc = put_entry(l, t, &e);
		if (rc == 0)
			rc = store_put_dedupe(t, dk, e.e_index);
		if (rc != 0)
			goto out;
		it->li_index = e.e_index;
		appended++;
	}
	if (appended > 0) {
		rc = put_head(l, t);
		if (rc != 0)
			goto out;
		rc = store_commit(t);
	} else {
		store_abort(t);
		rc = 0;
	}
	t = NULL;
	if (rc == 0) {
		pthread_mutex_lock(&l->l_cases_mu);
		l->l_cases_stale = 0;
		pthread_mutex_unlock(&l->l_cases_mu);
	}
out:
	store_abort(t);
	if (rc != 0 && l->l_cases_stale)
		rebuild_cases(l); /* the state is ahead of the log: replay it */
	if (rc != 0) {
		l->l_frontier = saved_frontier;
		memcpy(l->l_last_leaf, saved_leaf, 32);
		l->l_last_time = saved_time;
		for (size_t i = 0; i < n; i++) {
			/* Pending items, and duplicates of entries of this very batch,
			 * were not logged. */
			int lost = items[i].li_status == 0 ||
			           (items[i].li_status == CVD_EDUP &&
			            items[i].li_index >= saved_frontier.mf_size);
			if (lost) {
				/* a key that exists already is a damaged store here, not
				 * a duplicate event: the client must not take it for one */
				items[i].li_status = rc == CVD_EDUP ? CVD_ECORRUPT : rc;
				items[i].li_why = "storage failure: nothing was logged";
			}
		}
		log_event("error", "event=append_failed batch=%zu err=\"%s\"", n, cvd_strerror(rc));
	}
	return rc;
}

int ledger_read_begin(struct ledger *l, struct ledger_reader **out)
{
	struct ledger_reader *r = calloc(1, sizeof(*r));
	const uint8_t *b;
	int rc;

	if (r == NULL)
		return CVD_ENOMEM;
	rc = store_read_begin(l->l_store, &r->r_txn);
	if (rc == 0)
		rc = store_get_size(r->r_txn, &r->r_size);
	if (rc == 0)
		rc = store_get_meta(r->r_txn, "checkpoint", &b, &r->r_note_len);
	if (rc != 0) {
		ledger_read_end(r);
		return rc == CVD_ENOTFOUND ? CVD_ECORRUPT : rc;
	}
	r->r_note = (const char *)b;
	*out = r;
	return 0;
}

void ledger_read_end(struct ledger_reader *r)
{
	if (r == NULL)
		return;
	store_read_end(r->r_txn);
	free(r);
}

int ledger_read_checkpoint(struct ledger_reader *r, const char **note, size_t *len, uint64_t *size)
{
	*note = r->r_note;
	*len = r->r_note_len;
	*size = r->r_size;
	return 0;
}

int ledger_read_entry(struct ledger_reader *r, uint64_t index, const uint8_t **buf, size_t *len)
{
	if (index >= r->r_size)
		return CVD_ERANGE;
	return store_get_entry(r->r_txn, index, buf, len);
}

int ledger_read_inclusion(struct ledger_reader *r, uint64_t index, uint64_t size,
                          uint8_t proof[][MERKLE_HASH_LEN], size_t *n)
{
	if (size == 0)
		size = r->r_size;
	if (size > r->r_size || index >= size)
		return CVD_ERANGE;
	return merkle_inclusion_proof(store_tree_get, r->r_txn, index, size, proof, n);
}

int ledger_read_consistency(struct ledger_reader *r, uint64_t old_size, uint64_t new_size,
                            uint8_t proof[][MERKLE_HASH_LEN], size_t *n)
{
	if (new_size == 0)
		new_size = r->r_size;
	if (new_size > r->r_size || old_size > new_size)
		return CVD_ERANGE;
	return merkle_consistency_proof(store_tree_get, r->r_txn, old_size, new_size, proof, n);
}

int ledger_read_receipt(struct ledger_reader *r, uint64_t index, char **text, size_t *len)
{
	uint8_t proof[64][MERKLE_HASH_LEN];
	const uint8_t *buf;
	size_t blen, n;
	int rc;

	rc = ledger_read_entry(r, index, &buf, &blen);
	if (rc == 0)
		rc = ledger_read_inclusion(r, index, r->r_size, proof, &n);
	if (rc != 0)
		return rc;
	return receipt_format(buf, blen, index, (const uint8_t(*)[MERKLE_HASH_LEN])proof, n,
	                      r->r_note, r->r_note_len, text, len);
}

int ledger_read_sealed(struct ledger_reader *r, const uint8_t digest[SEAL_DIGEST_LEN],
                       const uint8_t **buf, size_t *len)
{
	return store_get_sealed(r->r_txn, digest, buf, len);
}

int ledger_case_entries(struct ledger *l, uint64_t id, uint64_t below, uint64_t **idx, size_t *n)
{
	const struct cases_case *cs;
	int rc = 0;

	*idx = NULL;
	*n = 0;
	pthread_mutex_lock(&l->l_cases_mu);
	cs = cases_find(l->l_cases, id);
	if (cs == NULL || id >= below) {
		rc = CVD_ENOTFOUND;
		goto out;
	}
	*idx = malloc((cs->cc_nentries ? cs->cc_nentries : 1) * sizeof(uint64_t));
	if (*idx == NULL) {
		rc = CVD_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < cs->cc_nentries && cs->cc_entries[i] < below; i++)
		(*idx)[(*n)++] = cs->cc_entries[i];
out:
	pthread_mutex_unlock(&l->l_cases_mu);
	return rc;
}

int ledger_case_list(struct ledger *l, uint64_t below, struct ledger_case_summary **out, size_t *n)
{
	struct ledger_case_summary *sums;
	uint64_t now = log_now_ms();
	size_t count;
	int rc = 0;

	*out = NULL;
	*n = 0;
	pthread_mutex_lock(&l->l_cases_mu);
	count = cases_count(l->l_cases);
	sums = calloc(count ? count : 1, sizeof(*sums));
	if (sums == NULL) {
		rc = CVD_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < count; i++) {
		const struct cases_case *cs = cases_at(l->l_cases, i);
		struct ledger_case_summary *s = &sums[*n];
		const struct cases_vendor *v = &cs->cc_vendors[0];
		unsigned flags = v->cv_flags | cs->cc_flags;
		size_t k = 0, events = 0;
		if (cs->cc_id >= below)
			break;
		s->cs_id = cs->cc_id;
		snprintf(s->cs_vendor, sizeof(s->cs_vendor), "%s", v->cv_org);
		snprintf(s->cs_reporter, sizeof(s->cs_reporter), "%s", cs->cc_reporter_vkey);
		s->cs_rm = rules_rm_name(v->cv_rm);
		/* an embargo whose end has passed shows as exited */
		s->cs_em = rules_em_name(rules_em_effective(cs->cc_em, cs->cc_em_end_ms, now));
		for (unsigned b = 0; b < 6; b++)
			if (flags & (1u << b))
				s->cs_flags[k++] = "VFDPXA"[b];
		s->cs_opened_ms = cs->cc_opened_ms;
		while (events < cs->cc_nentries && cs->cc_entries[events] < below)
			events++;
		s->cs_events = events;
		s->cs_last_ms = cs->cc_last_ms;
		(*n)++;
	}
	*out = sums;
out:
	pthread_mutex_unlock(&l->l_cases_mu);
	return rc;
}

int ledger_roster_text(struct ledger *l, char **text, size_t *len, uint64_t **idx, size_t *n)
{
	const struct roster *r;
	const uint64_t *from;
	int rc;

	*idx = NULL;
	*n = 0;
	pthread_mutex_lock(&l->l_cases_mu);
	r = cases_roster(l->l_cases);
	rc = r != NULL ? roster_format(r, text, len) : CVD_ENOTFOUND;
	if (rc == 0) {
		size_t k = cases_roster_entries(l->l_cases, &from);
		*idx = malloc((k ? k : 1) * sizeof(**idx));
		if (*idx == NULL) {
			free(*text);
			*text = NULL;
			rc = CVD_ENOMEM;
		} else {
			memcpy(*idx, from, k * sizeof(**idx));
			*n = k;
		}
	}
	pthread_mutex_unlock(&l->l_cases_mu);
	return rc;
}
