/*
 * test_store.c: the node's ledger on a real LMDB store: genesis, appends in
 * batches, reopen, duplicates, refusals that store nothing, receipts that
 * verify against the policy, refusal to open a damaged store (with the
 * reason named), and O(log n) store reads per proof. A genesis with a roster
 * lists the roster's nodes, names this node by its line, keeps the canonical
 * text (ledger_genesis_roster) and reopens; bad rosters create nothing.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entry.h"
#include "error.h"
#include "event.h"
#include "keys.h"
#include "ledger.h"
#include "log.h"
#include "merkle.h"
#include "policy.h"
#include "receipt.h"
#include "roster.h"
#include "store.h"
#include "testutil.h"

#define ORIGIN "test.example/log"

static const struct ledger_config cfg = {(size_t)1 << 30, 300000};

struct fixture {
	char *dir;
	struct keys_signer *node;
	struct keys_signer *author;
	struct ledger *l;
	struct policy pol;
};

static void fx_init(struct fixture *f)
{
	char err[256];

	f->dir = tu_tmpdir();
	ck_assert_int_eq(keys_signer_generate(ORIGIN, &f->node), 0);
	ck_assert_int_eq(keys_signer_generate("alice", &f->author), 0);
	ck_assert_msg(ledger_init(f->dir, ORIGIN, "n1", f->node, NULL, &cfg, err, sizeof(err)) == 0,
	              "%s", err);
	ck_assert_msg(ledger_open(f->dir, f->node, &cfg, &f->l, err, sizeof(err)) == 0, "%s", err);
	struct keys_verifier nv;
	keys_signer_verifier(f->node, &nv);
	policy_single_node(&f->pol, ORIGIN, &nv);
}

static void fx_free(struct fixture *f)
{
	ledger_close(f->l);
	keys_signer_free(f->node);
	keys_signer_free(f->author);
	tu_rmrf(f->dir);
	free(f->dir);
}

/* make_item: a signed note event from f->author (event buffer malloc'd). */
static void make_item(struct fixture *f, struct ledger_item *it, const char *text)
{
	uint8_t *ev;
	size_t len;

	memset(it, 0, sizeof(*it));
	char vkey[KEYS_VKEY_MAX + 1];
	ck_assert_int_eq(
	    event_build_note(keys_signer_vkey(f->author, vkey), log_now_ms(), text, &ev, &len), 0);
	it->li_event = ev;
	it->li_event_len = len;
	memcpy(it->li_author, keys_signer_pk(f->author), KEYS_PK_LEN);
	entry_sign_event(f->author, ORIGIN, ev, len, it->li_sig);
}

static void append_checked(struct fixture *f, struct ledger_item *items, size_t n)
{
	uint64_t now = log_now_ms();
	for (size_t i = 0; i < n; i++)
		ledger_check_item(f->l, &items[i], now);
	ck_assert_int_eq(ledger_append(f->l, items, n), 0);
	for (size_t i = 0; i < n; i++)
		ledger_item_release(&items[i]); /* the decoded views */
}

static void free_items(struct ledger_item *items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free((void *)items[i].li_event);
}

static void check_receipt(struct fixture *f, uint64_t index)
{
	struct ledger_reader *r;
	struct receipt rc;
	struct receipt_info info;
	const char *what;
	char *text;
	size_t len;

	ck_assert_int_eq(ledger_read_begin(f->l, &r), 0);
	ck_assert_int_eq(ledger_read_receipt(r, index, &text, &len), 0);
	ledger_read_end(r);
	ck_assert_int_eq(receipt_parse(text, len, &rc), 0);
	ck_assert_msg(receipt_verify(&rc, &f->pol, &info, &what) == 0, "receipt %llu: %s",
	              (unsigned long long)index, what);
	ck_assert_uint_eq(info.ri_entry.e_index, index);
	receipt_clear(&rc);
	free(text);
}

START_TEST(genesis_and_appends_survive_reopen)
{
	struct fixture f;
	struct ledger_item items[50];
	char err[256];

	fx_init(&f);
	ck_assert_uint_eq(ledger_size(f.l), 1);
	check_receipt(&f, 0);
	for (int i = 0; i < 50; i++) {
		char text[32];
		snprintf(text, sizeof(text), "note %d", i);
		make_item(&f, &items[i], text);
	}
	append_checked(&f, items, 20);
	append_checked(&f, items + 20, 30);
	for (int i = 0; i < 50; i++) {
		ck_assert_int_eq(items[i].li_status, 0);
		ck_assert_uint_eq(items[i].li_index, (uint64_t)i + 1);
	}
	ck_assert_uint_eq(ledger_size(f.l), 51);
	ledger_close(f.l);
	f.l = NULL;
	ck_assert_msg(ledger_open(f.dir, f.node, &cfg, &f.l, err, sizeof(err)) == 0, "%s", err);
	ck_assert_uint_eq(ledger_size(f.l), 51);
	for (uint64_t i = 0; i < 51; i++)
		check_receipt(&f, i);
	free_items(items, 50);
	fx_free(&f);
}
END_TEST

START_TEST(duplicate_returns_original_index)
{
	struct fixture f;
	struct ledger_item items[3];

	fx_init(&f);
	make_item(&f, &items[0], "once");
	append_checked(&f, items, 1);
	ck_assert_uint_eq(items[0].li_index, 1);
	/* The same event again, alone and twice within one batch. */
	items[1] = items[0];
	items[2] = items[0];
	append_checked(&f, items + 1, 2);
	ck_assert_int_eq(items[1].li_status, CVD_EDUP);
	ck_assert_uint_eq(items[1].li_index, 1);
	ck_assert_int_eq(items[2].li_status, CVD_EDUP);
	ck_assert_uint_eq(ledger_size(f.l), 2);
	/* Within one batch: the second copy points at the first. */
	struct ledger_item b[2];
	make_item(&f, &b[0], "twice in a batch");
	b[1] = b[0];
	append_checked(&f, b, 2);
	ck_assert_int_eq(b[0].li_status, 0);
	ck_assert_int_eq(b[1].li_status, CVD_EDUP);
	ck_assert_uint_eq(b[1].li_index, b[0].li_index);
	ck_assert_uint_eq(ledger_size(f.l), 3);
	free_items(items, 1);
	free_items(b, 1);
	fx_free(&f);
}
END_TEST

START_TEST(refused_events_store_nothing)
{
	struct fixture f;
	struct ledger_item it[8];
	uint8_t *ev;
	size_t len;
	char avk[KEYS_VKEY_MAX + 1];

	fx_init(&f);
	keys_signer_vkey(f.author, avk);
	make_item(&f, &it[0], "bad signature");
	it[0].li_sig[0] ^= 1;
	make_item(&f, &it[1], "signed for another origin");
	entry_sign_event(f.author, "other.example/log", it[1].li_event, it[1].li_event_len,
	                 it[1].li_sig);
	/* Garbage bytes, correctly signed: not an Event. */
	memset(&it[2], 0, sizeof(it[2]));
	ev = malloc(8);
	memcpy(ev, "\xff\xff\xff\xff garb", 8);
	it[2].li_event = ev;
	it[2].li_event_len = 8;
	memcpy(it[2].li_author, keys_signer_pk(f.author), 32);
	entry_sign_event(f.author, ORIGIN, ev, 8, it[2].li_sig);
	/* A genesis after entry 0. */
	const char *names[] = {"n1"}, *vkeys[] = {"x"};
	char vk[KEYS_VKEY_MAX + 1];
	struct keys_verifier v;
	keys_signer_verifier(f.node, &v);
	vkeys[0] = keys_verifier_format(&v, vk);
	ck_assert_int_eq(
	    event_build_genesis(avk, log_now_ms(), ORIGIN, 1, names, vkeys, NULL, &ev, &len), 0);
	memset(&it[3], 0, sizeof(it[3]));
	it[3].li_event = ev;
	it[3].li_event_len = len;
	memcpy(it[3].li_author, keys_signer_pk(f.author), 32);
	entry_sign_event(f.author, ORIGIN, ev, len, it[3].li_sig);
	/* An event far in the past. */
	ck_assert_int_eq(event_build_note(avk, 1000, "old", &ev, &len), 0);
	memset(&it[4], 0, sizeof(it[4]));
	it[4].li_event = ev;
	it[4].li_event_len = len;
	memcpy(it[4].li_author, keys_signer_pk(f.author), 32);
	entry_sign_event(f.author, ORIGIN, ev, len, it[4].li_sig);
	/* An event naming bob as its signer, signed by alice (front-running). */
	struct keys_signer *bob;
	char bvk[KEYS_VKEY_MAX + 1];
	ck_assert_int_eq(keys_signer_generate("bob", &bob), 0);
	ck_assert_int_eq(
	    event_build_note(keys_signer_vkey(bob, bvk), log_now_ms(), "mine", &ev, &len), 0);
	keys_signer_free(bob);
	memset(&it[5], 0, sizeof(it[5]));
	it[5].li_event = ev;
	it[5].li_event_len = len;
	memcpy(it[5].li_author, keys_signer_pk(f.author), 32);
	entry_sign_event(f.author, ORIGIN, ev, len, it[5].li_sig);
	/* A valid event with its nonce field repeated: not canonical. */
	ck_assert_int_eq(event_build_note(avk, log_now_ms(), "twice", &ev, &len), 0);
	uint8_t *dup = malloc(len + 18);
	memcpy(dup, ev, 18); /* field 1: tag, length 16, nonce */
	memcpy(dup + 18, ev, len);
	free(ev);
	memset(&it[6], 0, sizeof(it[6]));
	it[6].li_event = dup;
	it[6].li_event_len = len + 18;
	memcpy(it[6].li_author, keys_signer_pk(f.author), 32);
	entry_sign_event(f.author, ORIGIN, dup, len + 18, it[6].li_sig);

	/* An event an hour past the node's clock (the default --skew is 300 s). */
	ck_assert_int_eq(
	    event_build_note(avk, log_now_ms() + 3600000, "from the future", &ev, &len), 0);
	memset(&it[7], 0, sizeof(it[7]));
	it[7].li_event = ev;
	it[7].li_event_len = len;
	memcpy(it[7].li_author, keys_signer_pk(f.author), 32);
	entry_sign_event(f.author, ORIGIN, ev, len, it[7].li_sig);

	append_checked(&f, it, 8);
	ck_assert_int_eq(it[0].li_status, CVD_EBADSIG);
	ck_assert_int_eq(it[1].li_status, CVD_EBADSIG);
	ck_assert_int_eq(it[2].li_status, CVD_EINVAL);
	ck_assert_int_eq(it[3].li_status, CVD_EUNAUTH);
	ck_assert_int_eq(it[4].li_status, CVD_EINVAL);
	ck_assert_int_eq(it[5].li_status, CVD_EUNAUTH);
	ck_assert_int_eq(it[6].li_status, CVD_EINVAL);
	ck_assert_str_eq(it[6].li_why, "event is not in canonical protobuf encoding");
	ck_assert_int_eq(it[7].li_status, CVD_EINVAL);
	ck_assert_str_eq(it[4].li_why, "event time is too far from the node's clock");
	ck_assert_str_eq(it[7].li_why, "event time is too far from the node's clock");
	for (int i = 0; i < 8; i++)
		ck_assert_ptr_nonnull(it[i].li_why);
	ck_assert_uint_eq(ledger_size(f.l), 1);
	free_items(it, 8);
	fx_free(&f);
}
END_TEST

/* damage runs fn on the closed store, then expects open to refuse with a
 * message containing want. */
static void expect_refusal(struct fixture *f, void (*fn)(struct store_txn *), const char *want)
{
	struct store *s;
	struct store_txn *t;
	char err[512];
	struct ledger *l = NULL;
	int rc;

	ledger_close(f->l);
	f->l = NULL;
	ck_assert_int_eq(store_open(f->dir, cfg.lc_map_size, 0, &s), 0);
	ck_assert_int_eq(store_write_begin(s, &t), 0);
	fn(t);
	ck_assert_int_eq(store_commit(t), 0);
	store_close(s);
	rc = ledger_open(f->dir, f->node, &cfg, &l, err, sizeof(err));
	ck_assert_int_ne(rc, 0);
	ck_assert_ptr_null(l);
	ck_assert_msg(strstr(err, want) != NULL, "error \"%s\" lacks \"%s\"", err, want);
}

static void flip_last_entry(struct store_txn *t)
{
	const uint8_t *b;
	size_t len;
	uint8_t copy[ENTRY_MAX];
	ck_assert_int_eq(store_get_entry(t, 10, &b, &len), 0);
	memcpy(copy, b, len);
	copy[len - 1] ^= 0x01;
	ck_assert_int_eq(store_overwrite_entry(t, 10, copy, len), 0);
}

static void drop_last_entry(struct store_txn *t)
{
	ck_assert_int_eq(store_del_entry(t, 10), 0);
}

static void break_root(struct store_txn *t)
{
	const uint8_t *b;
	size_t len;
	ck_assert_int_eq(store_get_meta(t, "checkpoint", &b, &len), 0);
	char copy[1024];
	memcpy(copy, b, len);
	/* Change one character of the root line: signature no longer verifies. */
	char *nl = memchr(copy, '\n', len);
	nl = memchr(nl + 1, '\n', len - (size_t)(nl + 1 - copy));
	nl[1] = nl[1] == 'A' ? 'B' : 'A';
	ck_assert_int_eq(store_put_meta(t, "checkpoint", (uint8_t *)copy, len), 0);
}

static void fill_ten(struct fixture *f)
{
	struct ledger_item items[10];
	for (int i = 0; i < 10; i++) {
		char text[16];
		snprintf(text, sizeof(text), "n%d", i);
		make_item(f, &items[i], text);
	}
	append_checked(f, items, 10);
	free_items(items, 10);
}

START_TEST(damaged_store_is_refused)
{
	struct fixture f;
	char err[256];
	struct ledger *l;
	struct keys_signer *other;

	fx_init(&f);
	fill_ten(&f);
	expect_refusal(&f, flip_last_entry, "does not match its leaf hash");
	fx_free(&f);

	fx_init(&f);
	fill_ten(&f);
	expect_refusal(&f, drop_last_entry, "entries stored");
	fx_free(&f);

	fx_init(&f);
	fill_ten(&f);
	expect_refusal(&f, break_root, "does not verify");
	fx_free(&f);

	/* Another key named by the same origin is not this log's node. */
	fx_init(&f);
	ledger_close(f.l);
	f.l = NULL;
	ck_assert_int_eq(keys_signer_generate(ORIGIN, &other), 0);
	ck_assert_int_ne(ledger_open(f.dir, other, &cfg, &l, err, sizeof(err)), 0);
	ck_assert_msg(strstr(err, "does not verify") != NULL, "%s", err);
	keys_signer_free(other);
	fx_free(&f);
}
END_TEST

START_TEST(failed_commit_stores_nothing_and_rolls_back)
{
	/* A 1 MiB map: a batch of 200 notes of 8 KiB cannot fit. */
	const struct ledger_config small = {(size_t)1 << 20, 300000};
	struct fixture f;
	enum { N = 200 };
	struct ledger_item *items = calloc(N + 1, sizeof(*items));
	char *text = malloc(EVENT_NOTE_MAX + 1), err[256];

	f.dir = tu_tmpdir();
	ck_assert_int_eq(keys_signer_generate(ORIGIN, &f.node), 0);
	ck_assert_int_eq(keys_signer_generate("alice", &f.author), 0);
	ck_assert_msg(ledger_init(f.dir, ORIGIN, "n1", f.node, NULL, &small, err, sizeof(err)) == 0,
	              "%s", err);
	ck_assert_msg(ledger_open(f.dir, f.node, &small, &f.l, err, sizeof(err)) == 0, "%s", err);
	struct keys_verifier nv;
	keys_signer_verifier(f.node, &nv);
	policy_single_node(&f.pol, ORIGIN, &nv);
	for (int i = 0; i <= N; i++) {
		if (i == 1) {
			/* right after its original, before the map fills up */
			continue;
		}
		memset(text, 'a' + i % 26, EVENT_NOTE_MAX);
		snprintf(text, 16, "%d", i);
		text[strlen(text)] = ' ';
		text[EVENT_NOTE_MAX] = '\0';
		make_item(&f, &items[i], text);
	}
	items[1] = items[0]; /* a duplicate of an entry of this very batch */
	uint64_t now = log_now_ms();
	for (int i = 0; i <= N; i++)
		ledger_check_item(f.l, &items[i], now);
	ck_assert_int_ne(ledger_append(f.l, items, N + 1), 0);
	for (size_t i = 0; i < N + 1; i++)
		ledger_item_release(&items[i]);
	for (int i = 0; i <= N; i++) {
		ck_assert_int_ne(items[i].li_status, 0);
		ck_assert_int_ne(items[i].li_status, CVD_EDUP);
	}
	ck_assert_uint_eq(ledger_size(f.l), 1);
	/* The in-memory state was rolled back: a small batch still commits and
	 * its receipt verifies; the log reopens cleanly. */
	ledger_check_item(f.l, &items[2], now);
	ck_assert_int_eq(ledger_append(f.l, items + 2, 1), 0);
	ledger_item_release(&items[2]);
	ck_assert_uint_eq(items[2].li_index, 1);
	check_receipt(&f, 1);
	ledger_close(f.l);
	f.l = NULL;
	ck_assert_msg(ledger_open(f.dir, f.node, &small, &f.l, err, sizeof(err)) == 0, "%s", err);
	ck_assert_uint_eq(ledger_size(f.l), 2);
	items[1].li_event = NULL; /* shared with items[0] */
	free_items(items, N + 1);
	free(items);
	free(text);
	fx_free(&f);
}
END_TEST

START_TEST(init_refuses_existing_log_and_open_refuses_missing)
{
	struct fixture f;
	char err[256];
	struct ledger *l;

	fx_init(&f);
	ck_assert_int_ne(ledger_init(f.dir, ORIGIN, "n1", f.node, NULL, &cfg, err, sizeof(err)), 0);
	ck_assert_msg(strstr(err, "already holds a log") != NULL, "%s", err);
	char *empty = tu_tmpdir();
	ck_assert_int_eq(ledger_open(empty, f.node, &cfg, &l, err, sizeof(err)), CVD_ENOTFOUND);
	ck_assert_msg(strstr(err, "no log here") != NULL, "%s", err);
	tu_rmrf(empty);
	free(empty);
	fx_free(&f);
}
END_TEST

struct counter {
	struct store_txn *txn;
	unsigned gets;
};

static int counting_get(void *ctx, unsigned level, uint64_t index, uint8_t out[32])
{
	struct counter *c = ctx;
	c->gets++;
	return store_tree_get(c->txn, level, index, out);
}

static unsigned log2_ceil(uint64_t n)
{
	unsigned l = 0;
	while ((1ull << l) < n)
		l++;
	return l;
}

/* A genesis with a roster: its node lines are the genesis nodes, this
 * node's name comes from its line, the text is kept and checked at open. */
START_TEST(genesis_with_roster)
{
	struct keys_signer *node, *other, *admin, *stranger;
	char err[256], k1[KEYS_VKEY_MAX + 1], k2[KEYS_VKEY_MAX + 1], ka[KEYS_VKEY_MAX + 1];
	char *dir = tu_tmpdir(), *canon = NULL;
	struct tu_sb t = {0};
	struct roster *r = NULL;
	struct ledger *l = NULL;
	struct ledger_reader *rd;
	size_t clen;

	ck_assert_int_eq(keys_signer_generate(ORIGIN, &node), 0);
	ck_assert_int_eq(keys_signer_generate(ORIGIN, &other), 0);
	ck_assert_int_eq(keys_signer_generate("a@v", &admin), 0);
	ck_assert_int_eq(keys_signer_generate(ORIGIN, &stranger), 0);
	keys_signer_vkey(node, k1);
	keys_signer_vkey(other, k2);
	keys_signer_vkey(admin, ka);
	tu_sb_printf(&t,
	             "cvdlog-roster/v1\nnode n2 %s\nnode n1 %s\norg v vendor\nmember a admin %s\n",
	             k2, k1, ka);
	ck_assert_int_eq(roster_parse(t.s, t.len, &r, err, sizeof(err)), 0);
	ck_assert_int_eq(roster_format(r, &canon, &clen), 0);

	/* Refused before anything is created: this node's key is not on a node
	 * line, another name than its line's, a node key of another origin. */
	ck_assert_int_eq(ledger_init(dir, ORIGIN, NULL, stranger, r, &cfg, err, sizeof(err)),
	                 CVD_EUNAUTH);
	ck_assert_msg(strstr(err, "is not on a node line of the roster") != NULL, "%s", err);
	ck_assert_int_eq(ledger_init(dir, ORIGIN, "n2", node, r, &cfg, err, sizeof(err)),
	                 CVD_EINVAL);
	ck_assert_msg(strstr(err, "node name n2 differs from the roster's node line") != NULL, "%s",
	              err);
	snprintf(r->r_nodes[0].rn_key.kv_name, sizeof(r->r_nodes[0].rn_key.kv_name), "x.example");
	ck_assert_int_eq(ledger_init(dir, ORIGIN, NULL, node, r, &cfg, err, sizeof(err)),
	                 CVD_EINVAL);
	ck_assert_msg(strstr(err, "roster node n2: its key is named x.example") != NULL, "%s", err);
	snprintf(r->r_nodes[0].rn_key.kv_name, sizeof(r->r_nodes[0].rn_key.kv_name), ORIGIN);
	ck_assert_int_eq(ledger_open(dir, node, &cfg, &l, err, sizeof(err)), CVD_ENOTFOUND);

	/* Created: the name is the node line's, the text canonical. */
	ck_assert_msg(ledger_init(dir, ORIGIN, NULL, node, r, &cfg, err, sizeof(err)) == 0, "%s",
	              err);
	ck_assert_msg(ledger_open(dir, node, &cfg, &l, err, sizeof(err)) == 0, "%s", err);
	ck_assert_str_eq(ledger_node_name(l), "n1");
	ck_assert_ptr_nonnull(ledger_genesis_roster(l));
	ck_assert_str_eq(ledger_genesis_roster(l), canon);
	ck_assert_str_ne(ledger_genesis_roster(l), t.s);
	ck_assert_int_eq(ledger_read_begin(l, &rd), 0);
	const uint8_t *buf;
	size_t len;
	struct entry e;
	struct event_view ev;
	ck_assert_int_eq(ledger_read_entry(rd, 0, &buf, &len), 0);
	ck_assert_int_eq(entry_decode(buf, len, &e), 0);
	ck_assert_int_eq(event_decode(e.e_event, e.e_event_len, &ev, NULL), 0);
	ck_assert_uint_eq(ev.ev_nnodes, 2);
	ck_assert_str_eq(ev.ev_node_names[0], "n2");
	ck_assert_str_eq(ev.ev_node_vkeys[0], k2);
	ck_assert_str_eq(ev.ev_node_names[1], "n1");
	ck_assert_str_eq(ev.ev_node_vkeys[1], k1);
	ck_assert_str_eq(ev.ev_roster, canon);
	event_view_clear(&ev);
	ledger_read_end(rd);
	ledger_close(l);
	/* A log without a roster has none. */
	struct fixture f;
	fx_init(&f);
	ck_assert_ptr_null(ledger_genesis_roster(f.l));
	fx_free(&f);

	roster_free(r);
	free(canon);
	free(t.s);
	keys_signer_free(node);
	keys_signer_free(other);
	keys_signer_free(admin);
	keys_signer_free(stranger);
	tu_rmrf(dir);
	free(dir);
}
END_TEST

START_TEST(proofs_read_logarithmically)
{
	struct fixture f;
	enum { N = 3000 };
	struct ledger_item *items = calloc(N, sizeof(*items));
	struct store *s;
	uint8_t proof[MERKLE_PROOF_MAX][32];
	size_t n;

	fx_init(&f);
	for (int i = 0; i < N; i++) {
		char text[16];
		snprintf(text, sizeof(text), "n%d", i);
		make_item(&f, &items[i], text);
	}
	append_checked(&f, items, N);
	ck_assert_uint_eq(ledger_size(f.l), N + 1);
	ledger_close(f.l);
	f.l = NULL;
	ck_assert_int_eq(store_open(f.dir, cfg.lc_map_size, 0, &s), 0);
	struct counter c = {NULL, 0};
	ck_assert_int_eq(store_read_begin(s, &c.txn), 0);
	unsigned bound = 2 * log2_ceil(N + 1) + 2;
	for (uint64_t size = 1; size <= N + 1; size += 97) {
		for (uint64_t i = 0; i < size; i += 31) {
			c.gets = 0;
			ck_assert_int_eq(
			    merkle_inclusion_proof(counting_get, &c, i, size, proof, &n), 0);
			ck_assert_msg(c.gets <= bound, "inclusion(%llu,%llu): %u reads > %u",
			              (unsigned long long)i, (unsigned long long)size, c.gets,
			              bound);
			c.gets = 0;
			ck_assert_int_eq(
			    merkle_consistency_proof(counting_get, &c, i + 1, size, proof, &n), 0);
			ck_assert_msg(c.gets <= bound, "consistency(%llu,%llu): %u reads > %u",
			              (unsigned long long)i + 1, (unsigned long long)size, c.gets,
			              bound);
		}
	}
	store_read_end(c.txn);
	store_close(s);
	free_items(items, N);
	free(items);
	fx_free(&f);
}
END_TEST

Suite *suite_store(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("ledger");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, genesis_and_appends_survive_reopen);
	tcase_add_test(tc, duplicate_returns_original_index);
	tcase_add_test(tc, refused_events_store_nothing);
	tcase_add_test(tc, damaged_store_is_refused);
	tcase_add_test(tc, failed_commit_stores_nothing_and_rolls_back);
	tcase_add_test(tc, init_refuses_existing_log_and_open_refuses_missing);
	tcase_add_test(tc, proofs_read_logarithmically);
	tcase_add_test(tc, genesis_with_roster);
	suite_add_tcase(s, tc);
	return s;
}
