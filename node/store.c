/*
 * store.c: LMDB persistence for the node (see store.h). The only file that
 * includes lmdb.h; LMDB errors become cvd_error codes here and are logged
 * with LMDB's own text.
 */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <lmdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "encoding.h"
#include "error.h"
#include "log.h"

struct store {
	MDB_env *s_env;
	MDB_dbi s_entries, s_tree, s_dedupe, s_meta, s_sealed;
	size_t s_allocated; /* bytes of data.mdb known to be allocated */
};

/* The data file is kept allocated STORE_PREALLOC ahead of what LMDB uses, so
 * a commit rarely changes the file's size or block map: its fdatasync then
 * flushes data pages only, not a file-system journal transaction (on ext4
 * the latter caused 200-350 ms commit stalls under load). LMDB ignores file
 * space beyond its last page. */
#define STORE_PREALLOC ((size_t)64 << 20)

struct store_txn {
	struct store *t_store;
	MDB_txn *t_txn;
};

static int lmdb_err(int rc, const char *what)
{
	if (rc == 0)
		return 0;
	if (rc == MDB_NOTFOUND)
		return CVD_ENOTFOUND;
	log_event("error", "event=lmdb op=%s err=\"%s\"", what, mdb_strerror(rc));
	if (rc == MDB_CORRUPTED || rc == MDB_PAGE_NOTFOUND || rc == MDB_INVALID ||
	    rc == MDB_VERSION_MISMATCH)
		return CVD_ECORRUPT;
	return CVD_EIO;
}

int store_open(const char *dir, size_t map_size, int create, struct store **out)
{
	struct store *s = calloc(1, sizeof(*s));
	char path[4096];
	struct stat st;
	MDB_txn *txn = NULL;
	int rc;

	if (s == NULL)
		return CVD_ENOMEM;
	snprintf(path, sizeof(path), "%s/data.mdb", dir);
	if (!create && stat(path, &st) != 0) {
		free(s);
		return CVD_ENOTFOUND;
	}
	rc = mdb_env_create(&s->s_env);
	if (rc == 0)
		rc = mdb_env_set_maxdbs(s->s_env, 8);
	if (rc == 0)
		rc = mdb_env_set_mapsize(s->s_env, map_size);
	if (rc == 0)
		rc = mdb_env_open(s->s_env, dir, MDB_NOTLS, 0600);
	if (rc != 0)
		goto out;
	rc = mdb_txn_begin(s->s_env, NULL, 0, &txn);
	if (rc == 0)
		rc = mdb_dbi_open(txn, "entries", MDB_CREATE, &s->s_entries);
	if (rc == 0)
		rc = mdb_dbi_open(txn, "tree", MDB_CREATE, &s->s_tree);
	if (rc == 0)
		rc = mdb_dbi_open(txn, "dedupe", MDB_CREATE, &s->s_dedupe);
	if (rc == 0)
		rc = mdb_dbi_open(txn, "meta", MDB_CREATE, &s->s_meta);
	if (rc == 0)
		rc = mdb_dbi_open(txn, "sealed", MDB_CREATE, &s->s_sealed);
	if (rc == 0) {
		rc = mdb_txn_commit(txn);
		txn = NULL;
	}
out:
	if (txn != NULL)
		mdb_txn_abort(txn);
	if (rc != 0) {
		int err = lmdb_err(rc, "open");
		if (s->s_env != NULL)
			mdb_env_close(s->s_env);
		free(s);
		return err;
	}
	*out = s;
	return 0;
}

void store_close(struct store *s)
{
	if (s == NULL)
		return;
	mdb_env_close(s->s_env);
	free(s);
}

static int txn_begin(struct store *s, unsigned flags, struct store_txn **out)
{
	struct store_txn *t = malloc(sizeof(*t));
	int rc;

	if (t == NULL)
		return CVD_ENOMEM;
	t->t_store = s;
	rc = mdb_txn_begin(s->s_env, NULL, flags, &t->t_txn);
	if (rc != 0) {
		free(t);
		return lmdb_err(rc, "txn_begin");
	}
	*out = t;
	return 0;
}

int store_read_begin(struct store *s, struct store_txn **out)
{
	return txn_begin(s, MDB_RDONLY, out);
}

void store_read_end(struct store_txn *t)
{
	if (t == NULL)
		return;
	mdb_txn_abort(t->t_txn);
	free(t);
}

int store_write_begin(struct store *s, struct store_txn **out)
{
	return txn_begin(s, 0, out);
}

/* reserve_ahead grows the allocation when LMDB's use comes within half a
 * step of it. Best effort: a file system without fallocate just grows the
 * file on demand as before. */
static void reserve_ahead(struct store *s)
{
	MDB_envinfo info;
	MDB_stat st;
	int fd;

	if (mdb_env_info(s->s_env, &info) != 0 || mdb_env_stat(s->s_env, &st) != 0 ||
	    mdb_env_get_fd(s->s_env, &fd) != 0)
		return;
	size_t used = (info.me_last_pgno + 1) * (size_t)st.ms_psize;
	if (used + STORE_PREALLOC / 2 < s->s_allocated)
		return;
	size_t want = used + STORE_PREALLOC;
	if (want > info.me_mapsize)
		want = info.me_mapsize;
	if (want > s->s_allocated && posix_fallocate(fd, 0, (off_t)want) == 0)
		s->s_allocated = want;
}

int store_commit(struct store_txn *t)
{
	struct store *s = t->t_store;
	int rc = mdb_txn_commit(t->t_txn);
	free(t);
	if (rc == 0)
		reserve_ahead(s);
	return lmdb_err(rc, "commit");
}

void store_abort(struct store_txn *t)
{
	store_read_end(t);
}

static int get(struct store_txn *t, MDB_dbi dbi, void *key, size_t klen, MDB_val *val)
{
	MDB_val k = {klen, key};
	return lmdb_err(mdb_get(t->t_txn, dbi, &k, val), "get");
}

static int put(struct store_txn *t, MDB_dbi dbi, void *key, size_t klen, const void *buf,
               size_t len, unsigned flags)
{
	MDB_val k = {klen, key}, v = {len, (void *)buf};
	int rc = mdb_put(t->t_txn, dbi, &k, &v, flags);
	if (rc == MDB_KEYEXIST)
		return CVD_EDUP;
	return lmdb_err(rc, "put");
}

int store_get_entry(struct store_txn *t, uint64_t index, const uint8_t **buf, size_t *len)
{
	uint8_t key[8];
	MDB_val v;
	int rc;

	enc_put64(key, index);
	rc = get(t, t->t_store->s_entries, key, sizeof(key), &v);
	if (rc != 0)
		return rc;
	*buf = v.mv_data;
	*len = v.mv_size;
	return 0;
}

static void tree_key(uint8_t key[9], unsigned level, uint64_t index)
{
	key[0] = (uint8_t)level;
	enc_put64(key + 1, index);
}

int store_get_hash(struct store_txn *t, unsigned level, uint64_t index, uint8_t out[32])
{
	uint8_t key[9];
	MDB_val v;
	int rc;

	tree_key(key, level, index);
	rc = get(t, t->t_store->s_tree, key, sizeof(key), &v);
	if (rc != 0)
		return rc;
	if (v.mv_size != 32)
		return CVD_ECORRUPT;
	memcpy(out, v.mv_data, 32);
	return 0;
}

int store_tree_get(void *ctx, unsigned level, uint64_t index, uint8_t out[32])
{
	int rc = store_get_hash(ctx, level, index, out);
	/* A hash the tree shape says must exist is missing: the store is damaged. */
	return rc == CVD_ENOTFOUND ? CVD_ECORRUPT : rc;
}

int store_tree_put(void *ctx, unsigned level, uint64_t index, const uint8_t hash[32])
{
	uint8_t key[9];
	tree_key(key, level, index);
	return put(ctx, ((struct store_txn *)ctx)->t_store->s_tree, key, sizeof(key), hash, 32,
	           MDB_NOOVERWRITE);
}

int store_get_dedupe(struct store_txn *t, const uint8_t key[STORE_DEDUPE_KEY_LEN], uint64_t *index)
{
	MDB_val v;
	int rc = get(t, t->t_store->s_dedupe, (void *)key, STORE_DEDUPE_KEY_LEN, &v);

	if (rc != 0)
		return rc;
	if (v.mv_size != 8)
		return CVD_ECORRUPT;
	*index = enc_get64(v.mv_data);
	return 0;
}

int store_get_meta(struct store_txn *t, const char *name, const uint8_t **buf, size_t *len)
{
	MDB_val v;
	int rc = get(t, t->t_store->s_meta, (void *)name, strlen(name), &v);

	if (rc != 0)
		return rc;
	*buf = v.mv_data;
	*len = v.mv_size;
	return 0;
}

int store_get_size(struct store_txn *t, uint64_t *size)
{
	const uint8_t *b;
	size_t n;
	int rc = store_get_meta(t, "size", &b, &n);

	if (rc != 0)
		return rc;
	if (n != 8)
		return CVD_ECORRUPT;
	*size = enc_get64(b);
	return 0;
}

int store_count_entries(struct store_txn *t, uint64_t *count)
{
	MDB_stat st;
	int rc = mdb_stat(t->t_txn, t->t_store->s_entries, &st);

	if (rc != 0)
		return lmdb_err(rc, "stat");
	*count = st.ms_entries;
	return 0;
}

int store_put_entry(struct store_txn *t, uint64_t index, const uint8_t *buf, size_t len)
{
	uint8_t key[8];
	enc_put64(key, index);
	/* Entries are appended in index order: MDB_APPEND keeps pages full. */
	return put(t, t->t_store->s_entries, key, sizeof(key), buf, len,
	           MDB_NOOVERWRITE | MDB_APPEND);
}

int store_get_sealed(struct store_txn *t, const uint8_t digest[STORE_DIGEST_LEN],
                     const uint8_t **buf, size_t *len)
{
	MDB_val v;
	int rc = get(t, t->t_store->s_sealed, (void *)digest, STORE_DIGEST_LEN, &v);

	if (rc != 0)
		return rc;
	*buf = v.mv_data;
	*len = v.mv_size;
	return 0;
}

int store_put_sealed(struct store_txn *t, const uint8_t digest[STORE_DIGEST_LEN],
                     const uint8_t *buf, size_t len)
{
	return put(t, t->t_store->s_sealed, (void *)digest, STORE_DIGEST_LEN, buf, len, 0);
}

int store_put_dedupe(struct store_txn *t, const uint8_t key[STORE_DEDUPE_KEY_LEN], uint64_t index)
{
	uint8_t v[8];
	enc_put64(v, index);
	return put(t, t->t_store->s_dedupe, (void *)key, STORE_DEDUPE_KEY_LEN, v, 8,
	           MDB_NOOVERWRITE);
}

int store_put_meta(struct store_txn *t, const char *name, const uint8_t *buf, size_t len)
{
	return put(t, t->t_store->s_meta, (void *)name, strlen(name), buf, len, 0);
}

int store_del_entry(struct store_txn *t, uint64_t index)
{
	uint8_t key[8];
	MDB_val k = {8, key};
	enc_put64(key, index);
	return lmdb_err(mdb_del(t->t_txn, t->t_store->s_entries, &k, NULL), "del");
}

int store_overwrite_entry(struct store_txn *t, uint64_t index, const uint8_t *buf, size_t len)
{
	uint8_t key[8];
	enc_put64(key, index);
	return put(t, t->t_store->s_entries, key, sizeof(key), buf, len, 0);
}
