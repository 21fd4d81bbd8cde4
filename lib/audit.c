/*
 * audit.c: the auditor's integrity checks and its saved state (see
 * audit.h). Every entry is checked against the one before it (index, time,
 * prev hash), its event signature and format; the Merkle frontier grows
 * with its leaf hash, and every checkpoint the caller presents must be
 * signed as the policy asks and match the frontier at its size. The CVD
 * events go on to lib/audit_process.c.
 *
 * State directory: "state" (text: origin, size, last time, last leaf,
 * frontier hashes, the last accepted checkpoint) and "domain" (the CVD
 * entries, each as u32be length || entry bytes), both replaced atomically.
 */
#include "audit_int.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checkpoint.h"
#include "encoding.h"
#include "error.h"
#include "note.h"
#include "sigbatch.h"

#define STATE_HEADER "cvdlog-audit-state/v1\n"

static int fail(struct audit *a, uint64_t index, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(struct audit *a, uint64_t index, const char *fmt, ...)
{
	va_list ap;

	if (a->a_failed)
		return CVD_ECORRUPT;
	a->a_failed = 1;
	a->a_failure.au_index = index;
	va_start(ap, fmt);
	vsnprintf(a->a_failure.au_what, sizeof(a->a_failure.au_what), fmt, ap);
	va_end(ap);
	return CVD_ECORRUPT;
}

int audit_new(const struct policy *p, uint64_t now_ms, struct audit **out)
{
	struct audit *a = calloc(1, sizeof(*a));

	*out = NULL;
	if (a == NULL)
		return CVD_ENOMEM;
	a->a_policy = *p;
	a->a_now = now_ms;
	a->a_max_skew_ms = AUDIT_DEFAULT_SKEW_MS;
	a->a_batch = 1;
	a->a_failure.au_index = UINT64_MAX;
	if (cases_new(&a->a_cases) != 0) {
		free(a);
		return CVD_ENOMEM;
	}
	*out = a;
	return 0;
}

void audit_free(struct audit *a)
{
	if (a == NULL)
		return;
	audit_process_free(a);
	cases_free(a->a_cases);
	free(a->a_checkpoint);
	free(a->a_domain);
	free(a->a_failure.au_evidence);
	free(a);
}

void audit_set_max_skew(struct audit *a, uint64_t ms)
{
	a->a_max_skew_ms = ms;
}

uint64_t audit_now(const struct audit *a)
{
	return a->a_now;
}

uint64_t audit_size(const struct audit *a)
{
	return a->a_frontier.mf_size;
}

const char *audit_last_checkpoint(const struct audit *a)
{
	return a->a_checkpoint;
}

const struct audit_failure *audit_failure(const struct audit *a)
{
	return a->a_failed ? &a->a_failure : NULL;
}

static int keep_domain(struct audit *a, const uint8_t *buf, size_t len)
{
	if (a->a_domain_len + 4 + len > a->a_domain_cap) {
		size_t cap = a->a_domain_cap ? a->a_domain_cap * 2 : 65536;
		uint8_t *p;
		while (cap < a->a_domain_len + 4 + len)
			cap *= 2;
		p = realloc(a->a_domain, cap);
		if (p == NULL)
			return CVD_ENOMEM;
		a->a_domain = p;
		a->a_domain_cap = cap;
	}
	enc_put32(a->a_domain + a->a_domain_len, (uint32_t)len);
	memcpy(a->a_domain + a->a_domain_len + 4, buf, len);
	a->a_domain_len += 4 + len;
	return 0;
}

static int is_domain(const struct event_view *ev)
{
	return ev->ev_type == EVENT_ROSTER || ev->ev_type == EVENT_CASE ||
	       ev->ev_type == EVENT_ORG || (ev->ev_type == EVENT_GENESIS && ev->ev_roster != NULL);
}

/* check_entry: one entry, with its event signature already checked by
 * audit_entries (sig: 1 good, 0 bad, -1 the entry did not decode there, so
 * it fails here before the signature) and its leaf hash computed there. */
static int check_entry(struct audit *a, const uint8_t *buf, size_t len, int sig,
                       const uint8_t leaf[MERKLE_HASH_LEN])
{
	uint64_t i = a->a_frontier.mf_size;
	uint8_t zero[MERKLE_HASH_LEN] = {0};
	struct event_view ev;
	struct entry e;
	const char *why = NULL;
	int rc;

	if (a->a_failed)
		return CVD_ECORRUPT;
	if (entry_decode(buf, len, &e) != 0)
		return fail(a, i, "entry %" PRIu64 ": malformed entry", i);
	if (e.e_index != i)
		return fail(a, i, "position %" PRIu64 " holds entry %" PRIu64, i, e.e_index);
	if (i > 0 && i == a->a_loaded && memcmp(e.e_prev, a->a_last_leaf, MERKLE_HASH_LEN) != 0)
		return fail(a, i,
		            "fork: entry %" PRIu64 " does not follow entry %" PRIu64
		            " as the previous audit saw it (its prev differs)",
		            i, i - 1);
	if (memcmp(e.e_prev, i == 0 ? zero : a->a_last_leaf, MERKLE_HASH_LEN) != 0)
		return fail(a, i,
		            "entry %" PRIu64 ": prev is not the leaf hash of entry %" PRIu64
		            " (the hash chain is broken)",
		            i, i == 0 ? 0 : i - 1);
	if (i > 0 && e.e_time_ms < a->a_last_time)
		return fail(a, i, "entry %" PRIu64 ": its time goes back before entry %" PRIu64, i,
		            i - 1);
	if (sig != 1) /* 0; -1 cannot reach here: the same bytes decoded above */
		return fail(a, i, "entry %" PRIu64 ": event signature does not verify", i);
	rc = event_decode(e.e_event, e.e_event_len, &ev, &why);
	if (rc == CVD_ENOMEM) {
		event_view_clear(&ev);
		return rc;
	}
	if (rc != 0) {
		event_view_clear(&ev);
		return fail(a, i, "entry %" PRIu64 ": event: %s", i, why);
	}
	rc = 0;
	if (memcmp(ev.ev_signer_key.kv_pk, e.e_author, KEYS_PK_LEN) != 0)
		rc = fail(a, i, "entry %" PRIu64 ": the event names another signer than its author",
		          i);
	else if ((i == 0) != (ev.ev_type == EVENT_GENESIS))
		rc = fail(a, i, "entry %" PRIu64 ": %s", i,
		          i == 0 ? "entry 0 is not a genesis" : "a genesis after entry 0");
	else if (i == 0 && strcmp(ev.ev_origin, a->a_policy.p_origin) != 0)
		rc = fail(a, i, "entry 0: the genesis is for %s, not %s", ev.ev_origin,
		          a->a_policy.p_origin);
	if (rc == 0 && i > 0) {
		/* the node's time against the author's signed time: a node cannot
		 * back-date (or post-date) an entry past the author's own clock */
		uint64_t d = e.e_time_ms > ev.ev_time_ms ? e.e_time_ms - ev.ev_time_ms
		                                         : ev.ev_time_ms - e.e_time_ms;
		if (d > a->a_max_skew_ms) {
			uint64_t idx[1] = {i};
			char when[32];
			rc = audit_add_finding(
			    a, 0, "", "time-skew",
			    "each entry sequenced within the allowed skew of its "
			    "author's signed time",
			    idx, 1, "entry %" PRIu64 " is sequenced %s %s its event's time", i,
			    audit_duration(d, when, sizeof(when)),
			    e.e_time_ms < ev.ev_time_ms ? "before" : "after");
		}
	}
	if (rc == 0 && is_domain(&ev)) {
		rc = keep_domain(a, buf, len);
		if (rc == 0)
			rc = audit_process_entry(a, &e, &ev);
	}
	event_view_clear(&ev);
	if (rc != 0)
		return rc;
	merkle_frontier_append(&a->a_frontier, leaf, NULL, NULL);
	memcpy(a->a_last_leaf, leaf, MERKLE_HASH_LEN);
	a->a_last_time = e.e_time_ms;
	a->a_checked++;
	return 0;
}

int audit_entry(struct audit *a, const uint8_t *buf, size_t len)
{
	const uint8_t *bufs[1] = {buf};
	size_t lens[1] = {len};

	/* through audit_entries, so that one entry is judged by the same
	 * signature rule (audit_set_batch) as many */
	return audit_entries(a, bufs, lens, 1, 1);
}

/* Parallel signature checks: each worker takes one contiguous part, hashes
 * its leaves and checks its signatures as one batch (lib/sigbatch.c), or
 * one by one with libsodium when the audit asks for it (audit_set_batch). */
struct sigjob {
	const struct audit *sj_a;
	const uint8_t *const *sj_bufs;
	const size_t *sj_lens;
	size_t sj_first, sj_end;
	signed char *sj_ok;
	uint8_t (*sj_leaf)[MERKLE_HASH_LEN]; /* each entry's leaf hash, out */
	int sj_rc;
};

static void *sig_worker(void *arg)
{
	struct sigjob *j = arg;
	size_t n = j->sj_end - j->sj_first, m = 0;
	struct entry *e = malloc((n ? n : 1) * sizeof(*e));
	struct sigbatch_item *it = malloc((n ? n : 1) * sizeof(*it));
	size_t *at = malloc((n ? n : 1) * sizeof(*at));
	signed char *ok = malloc(n ? n : 1);
	uint8_t prefix[ENTRY_PREFIX_MAX];
	size_t plen = entry_signed_prefix(j->sj_a->a_policy.p_origin, prefix);

	j->sj_rc = CVD_ENOMEM;
	if (e == NULL || it == NULL || at == NULL || ok == NULL)
		goto out;
	for (size_t i = j->sj_first; i < j->sj_end; i++) {
		merkle_leaf_hash(j->sj_bufs[i], j->sj_lens[i], j->sj_leaf[i]);
		if (entry_decode(j->sj_bufs[i], j->sj_lens[i], &e[m]) != 0) {
			j->sj_ok[i] = -1; /* the sequential pass says what is wrong */
			continue;
		}
		if (plen == 0) { /* an origin over the limit verifies nothing */
			j->sj_ok[i] = 0;
			continue;
		}
		it[m] = (struct sigbatch_item){e[m].e_author, e[m].e_sig, e[m].e_event,
		                               e[m].e_event_len};
		at[m++] = i;
	}
	if (j->sj_a->a_batch) {
		j->sj_rc = sigbatch_check(prefix, plen, it, m, ok);
		if (j->sj_rc != 0)
			goto out;
	} else {
		for (size_t k = 0; k < m; k++) {
			int one = sigbatch_check_one(prefix, plen, &it[k]);
			if (one < 0) {
				j->sj_rc = one;
				goto out;
			}
			ok[k] = (signed char)one;
		}
	}
	for (size_t k = 0; k < m; k++)
		j->sj_ok[at[k]] = ok[k];
	j->sj_rc = 0;
out:
	free(e);
	free(it);
	free(at);
	free(ok);
	return NULL;
}

int audit_entries(struct audit *a, const uint8_t *const *bufs, const size_t *lens, size_t n,
                  unsigned threads)
{
	pthread_t tid[AUDIT_MAX_THREADS];
	struct sigjob jobs[AUDIT_MAX_THREADS];
	signed char *ok;
	uint8_t(*leaf)[MERKLE_HASH_LEN];
	unsigned started = 0;
	int rc = 0;

	if (threads > AUDIT_MAX_THREADS)
		threads = AUDIT_MAX_THREADS;
	if (threads > n)
		threads = (unsigned)n;
	if (threads == 0)
		threads = 1;
	if (n == 0)
		return 0;
	if (a->a_failed)
		return CVD_ECORRUPT;
	ok = malloc(n);
	leaf = malloc(n * sizeof(*leaf));
	if (ok == NULL || leaf == NULL) {
		free(ok);
		free(leaf);
		return CVD_ENOMEM;
	}
	for (unsigned t = 0; t < threads; t++) {
		jobs[t] = (struct sigjob){a,  bufs, lens, n * t / threads, n * (t + 1) / threads,
		                          ok, leaf, 0};
		if (t > 0 && pthread_create(&tid[t], NULL, sig_worker, &jobs[t]) == 0)
			started |= 1u << t;
		else if (t > 0)
			sig_worker(&jobs[t]); /* no thread: do it here */
	}
	sig_worker(&jobs[0]);
	for (unsigned t = 1; t < threads; t++)
		if (started & (1u << t))
			pthread_join(tid[t], NULL);
	for (unsigned t = 0; t < threads; t++)
		if (jobs[t].sj_rc != 0)
			rc = jobs[t].sj_rc;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = check_entry(a, bufs[i], lens[i], ok[i], leaf[i]);
	free(ok);
	free(leaf);
	return rc;
}

void audit_set_batch(struct audit *a, int batch)
{
	a->a_batch = batch;
}

/* evidence: the two signed checkpoints (and a proof) that show the log
 * lied, as text any verifier can check (docs/audit.md). */
static void evidence(struct audit *a, const char *kind, const char *note, size_t len,
                     const uint8_t (*proof)[MERKLE_HASH_LEN], size_t n)
{
	size_t cap = a->a_checkpoint_len + len + n * (2 * MERKLE_HASH_LEN + 2) + 1024;
	char *t = malloc(cap), hex[2 * MERKLE_HASH_LEN + 1];
	int off;

	if (t == NULL)
		return;
	off = snprintf(t, cap,
	               "cvdlog audit evidence v1\n%s\norigin %s\n\n-- checkpoint accepted "
	               "earlier --\n%.*s\n-- checkpoint presented now --\n%.*s\n-- consistency "
	               "proof (%zu hashes) --\n",
	               kind, a->a_policy.p_origin, (int)a->a_checkpoint_len, a->a_checkpoint,
	               (int)len, note, n);
	for (size_t i = 0; i < n && off > 0 && (size_t)off < cap; i++)
		off += snprintf(t + off, cap - (size_t)off, "%s\n",
		                enc_hex(hex, proof[i], MERKLE_HASH_LEN));
	free(a->a_failure.au_evidence);
	a->a_failure.au_evidence = t;
}

int audit_checkpoint(struct audit *a, const char *note, size_t len,
                     const uint8_t (*proof)[MERKLE_HASH_LEN], size_t n)
{
	struct policy_verdict v;
	struct checkpoint old;
	uint8_t root[MERKLE_HASH_LEN];
	char *copy;
	int rc;

	if (a->a_failed)
		return CVD_ECORRUPT;
	rc = policy_verify_checkpoint(&a->a_policy, note, len, &v);
	if (rc != 0) {
		struct note nt;
		struct checkpoint body;
		if (note_parse(note, len, &nt) == 0 &&
		    checkpoint_parse_body(nt.n_text, nt.n_text_len, &body) == 0)
			return fail(a, body.c_size,
			            "checkpoint size %" PRIu64
			            ": %s (not signed as the trust policy requires)",
			            body.c_size, cvd_strerror(rc));
		return fail(a, UINT64_MAX, "checkpoint: %s (not a signed checkpoint of this log)",
		            cvd_strerror(rc));
	}
	if (a->a_checkpoint != NULL) {
		struct policy_verdict ov;
		if (policy_verify_checkpoint(&a->a_policy, a->a_checkpoint, a->a_checkpoint_len,
		                             &ov) != 0)
			return fail(a, UINT64_MAX, "the saved checkpoint no longer verifies");
		old = ov.pv_cp;
		if (v.pv_cp.c_size < old.c_size) {
			evidence(
			    a,
			    "rollback: a signed checkpoint for a smaller tree after a larger one",
			    note, len, NULL, 0);
			return fail(a, v.pv_cp.c_size,
			            "rollback: the log now claims size %" PRIu64
			            " after a signed checkpoint for size %" PRIu64,
			            v.pv_cp.c_size, old.c_size);
		}
		if (v.pv_cp.c_size == old.c_size &&
		    memcmp(v.pv_cp.c_root, old.c_root, MERKLE_HASH_LEN) != 0) {
			evidence(a,
			         "fork: two signed checkpoints for one size with different roots",
			         note, len, NULL, 0);
			return fail(a, v.pv_cp.c_size,
			            "fork: two signed checkpoints for size %" PRIu64 " differ",
			            v.pv_cp.c_size);
		}
		if (proof != NULL && v.pv_cp.c_size > old.c_size &&
		    merkle_verify_consistency(old.c_size, v.pv_cp.c_size, old.c_root,
		                              v.pv_cp.c_root, proof, n) != 0) {
			evidence(
			    a, "fork: the new checkpoint does not extend the one accepted earlier",
			    note, len, proof, n);
			return fail(a, v.pv_cp.c_size,
			            "fork: no consistency from size %" PRIu64 " to %" PRIu64,
			            old.c_size, v.pv_cp.c_size);
		}
	}
	if (v.pv_cp.c_size == a->a_frontier.mf_size) {
		merkle_frontier_root(&a->a_frontier, root);
		if (memcmp(root, v.pv_cp.c_root, MERKLE_HASH_LEN) != 0) {
			if (a->a_checkpoint != NULL && old.c_size > 0 &&
			    a->a_checked < v.pv_cp.c_size) {
				evidence(
				    a,
				    "fork: the entries after the checkpoint accepted earlier do "
				    "not lead to the new one",
				    note, len, proof, n);
				return fail(a, v.pv_cp.c_size,
				            "fork: entries %" PRIu64 "..%" PRIu64
				            " do not extend the checkpoint accepted earlier",
				            old.c_size, v.pv_cp.c_size - 1);
			}
			return fail(a, v.pv_cp.c_size,
			            "checkpoint size %" PRIu64
			            ": the root of the entries differs from the signed root",
			            v.pv_cp.c_size);
		}
	} else if (v.pv_cp.c_size > a->a_frontier.mf_size) {
		return fail(a, a->a_frontier.mf_size,
		            "checkpoint size %" PRIu64 ": only %" PRIu64 " entries were presented",
		            v.pv_cp.c_size, a->a_frontier.mf_size);
	} else {
		/* an older checkpoint than the entries audited: only its place in
		 * history was checked (above); keep the newest */
		return 0;
	}
	copy = malloc(len + 1);
	if (copy == NULL)
		return CVD_ENOMEM;
	memcpy(copy, note, len);
	copy[len] = '\0';
	free(a->a_checkpoint);
	a->a_checkpoint = copy;
	a->a_checkpoint_len = len;
	return 0;
}

int audit_finish(struct audit *a)
{
	a->a_stats.as_entries = a->a_checked;
	a->a_stats.as_size = a->a_frontier.mf_size;
	return audit_process_finish(a);
}

/* ---- state ---- */

static int write_atomic(const char *dir, const char *name, const void *buf, size_t len)
{
	char path[4096], tmp[4200];
	FILE *f;
	int rc = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "wb");
	if (f == NULL)
		return -errno;
	if (len > 0 && fwrite(buf, 1, len, f) != len)
		rc = CVD_EIO;
	if (fflush(f) != 0 || fsync(fileno(f)) != 0)
		rc = CVD_EIO;
	if (fclose(f) != 0)
		rc = CVD_EIO;
	if (rc == 0 && rename(tmp, path) != 0)
		rc = -errno;
	if (rc != 0)
		unlink(tmp);
	return rc;
}

/* sync_dir makes the renames in dir durable. */
static int sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY), rc = 0;

	if (fd < 0)
		return -errno;
	if (fsync(fd) != 0)
		rc = CVD_EIO;
	close(fd);
	return rc;
}

int audit_save(const struct audit *a, const char *dir, char *err, size_t errcap)
{
	char hex[2 * MERKLE_HASH_LEN + 1], *t;
	size_t cap = 1024 + a->a_checkpoint_len + 80 * (a->a_frontier.mf_count + 1);
	int off, rc;

	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		snprintf(err, errcap, "%s: %s", dir, strerror(errno));
		return -errno;
	}
	t = malloc(cap);
	if (t == NULL)
		return CVD_ENOMEM;
	off = snprintf(t, cap,
	               STATE_HEADER "origin %s\nsize %" PRIu64 "\ntime %" PRIu64 "\nleaf %s\n",
	               a->a_policy.p_origin, a->a_frontier.mf_size, a->a_last_time,
	               enc_hex(hex, a->a_last_leaf, MERKLE_HASH_LEN));
	off += snprintf(t + off, cap - (size_t)off, "frontier %u\n", a->a_frontier.mf_count);
	for (unsigned i = 0; i < a->a_frontier.mf_count; i++)
		off += snprintf(t + off, cap - (size_t)off, "%s\n",
		                enc_hex(hex, a->a_frontier.mf_hash[i], MERKLE_HASH_LEN));
	/* the domain file only grows: a crash between the two renames leaves
	 * the old state, which reads the old prefix of the new domain file */
	off += snprintf(t + off, cap - (size_t)off, "domain %zu\n", a->a_domain_len);
	off += snprintf(t + off, cap - (size_t)off, "checkpoint %zu\n%.*s", a->a_checkpoint_len,
	                (int)a->a_checkpoint_len, a->a_checkpoint ? a->a_checkpoint : "");
	rc = write_atomic(dir, "domain", a->a_domain, a->a_domain_len);
	if (rc == 0)
		rc = write_atomic(dir, "state", t, (size_t)off);
	if (rc == 0)
		rc = sync_dir(dir);
	free(t);
	if (rc != 0)
		snprintf(err, errcap, "%s: cannot write the audit state: %s", dir,
		         cvd_strerror(rc));
	return rc;
}

static char *read_all(const char *path, size_t *len, int *rc)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	*rc = 0;
	if (f == NULL) {
		*rc = errno == ENOENT ? CVD_ENOTFOUND : -errno;
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
	    (buf = malloc((size_t)n + 1)) == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
		*rc = CVD_EIO;
	} else {
		buf[n] = '\0';
		*len = (size_t)n;
	}
	fclose(f);
	return buf;
}

/* line: the next line of s (without its newline) into out. */
static int next_line(const char **s, const char *end, char *out, size_t cap)
{
	const char *nl = memchr(*s, '\n', (size_t)(end - *s));
	size_t n;

	if (nl == NULL)
		return -1;
	n = (size_t)(nl - *s);
	if (n >= cap)
		return -1;
	memcpy(out, *s, n);
	out[n] = '\0';
	*s = nl + 1;
	return 0;
}

/* field_u64: line is exactly name followed by a decimal (no sign, no
 * leading zero, nothing after it). */
static int field_u64(const char *line, const char *name, uint64_t *v)
{
	size_t n = strlen(name);

	if (strncmp(line, name, n) != 0)
		return -1;
	return enc_parse_u64(line + n, strlen(line + n), v) == 0 ? 0 : -1;
}

static int parse_state(struct audit *a, const char *t, size_t len)
{
	const char *s = t, *end = t + len;
	char line[256], origin[ENTRY_ORIGIN_MAX + 16];
	uint64_t size, time, u;
	unsigned count;
	size_t clen;

	if (len < strlen(STATE_HEADER) || memcmp(t, STATE_HEADER, strlen(STATE_HEADER)) != 0)
		return -1;
	s += strlen(STATE_HEADER);
	if (next_line(&s, end, origin, sizeof(origin)) != 0 || strncmp(origin, "origin ", 7) != 0 ||
	    strcmp(origin + 7, a->a_policy.p_origin) != 0)
		return -1;
	if (next_line(&s, end, line, sizeof(line)) != 0 || field_u64(line, "size ", &size) != 0)
		return -1;
	if (next_line(&s, end, line, sizeof(line)) != 0 || field_u64(line, "time ", &time) != 0)
		return -1;
	if (next_line(&s, end, line, sizeof(line)) != 0 || strncmp(line, "leaf ", 5) != 0 ||
	    enc_unhex(a->a_last_leaf, MERKLE_HASH_LEN, line + 5, strlen(line + 5)) != 0)
		return -1;
	if (next_line(&s, end, line, sizeof(line)) != 0 || field_u64(line, "frontier ", &u) != 0 ||
	    u > 64 || (uint64_t)__builtin_popcountll(size) != u)
		return -1;
	count = (unsigned)u;
	for (unsigned i = 0; i < count; i++)
		if (next_line(&s, end, line, sizeof(line)) != 0 ||
		    enc_unhex(a->a_frontier.mf_hash[i], MERKLE_HASH_LEN, line, strlen(line)) != 0)
			return -1;
	if (next_line(&s, end, line, sizeof(line)) != 0)
		return -1;
	a->a_domain_want = SIZE_MAX; /* without a domain line: the whole file */
	if (field_u64(line, "domain ", &u) == 0) {
		a->a_domain_want = (size_t)u;
		if (next_line(&s, end, line, sizeof(line)) != 0)
			return -1;
	}
	if (field_u64(line, "checkpoint ", &u) != 0 || u != (uint64_t)(end - s))
		return -1;
	clen = (size_t)u;
	a->a_frontier.mf_size = size;
	a->a_frontier.mf_count = count;
	a->a_loaded = size;
	a->a_last_time = time;
	if (clen > 0) {
		struct policy_verdict v;
		uint8_t root[MERKLE_HASH_LEN];
		if (policy_verify_checkpoint(&a->a_policy, s, clen, &v) != 0 ||
		    v.pv_cp.c_size != size)
			return -1;
		merkle_frontier_root(&a->a_frontier, root);
		if (memcmp(root, v.pv_cp.c_root, MERKLE_HASH_LEN) != 0)
			return -1;
		a->a_checkpoint = malloc(clen + 1);
		if (a->a_checkpoint == NULL)
			return -1;
		memcpy(a->a_checkpoint, s, clen);
		a->a_checkpoint[clen] = '\0';
		a->a_checkpoint_len = clen;
	}
	return 0;
}

int audit_load(struct audit *a, const char *dir, char *err, size_t errcap)
{
	char path[4096];
	char *state, *domain;
	size_t slen = 0, dlen = 0, off = 0;
	int rc;

	snprintf(path, sizeof(path), "%s/state", dir);
	state = read_all(path, &slen, &rc);
	if (state == NULL) {
		if (rc != CVD_ENOTFOUND)
			snprintf(err, errcap, "%s: %s", path, cvd_strerror(rc));
		return rc;
	}
	rc = parse_state(a, state, slen);
	free(state);
	if (rc != 0) {
		snprintf(
		    err, errcap,
		    "%s: not an audit state for %s, or damaged (its checkpoint must verify and "
		    "match its tree)",
		    path, a->a_policy.p_origin);
		return CVD_ECORRUPT;
	}
	/* the CVD events seen before: replayed, not fetched again */
	snprintf(path, sizeof(path), "%s/domain", dir);
	domain = read_all(path, &dlen, &rc);
	if (domain == NULL) {
		snprintf(err, errcap, "%s: %s", path, cvd_strerror(rc));
		return rc == CVD_ENOTFOUND ? CVD_ECORRUPT : rc;
	}
	if (a->a_domain_want != SIZE_MAX) {
		if (dlen < a->a_domain_want) {
			free(domain);
			snprintf(err, errcap, "%s: shorter than the state says", path);
			return CVD_ECORRUPT;
		}
		dlen = a->a_domain_want; /* a longer file: a save that did not finish */
	}
	rc = 0;
	while (rc == 0 && off < dlen) {
		struct event_view ev;
		struct entry e;
		const char *why;
		uint32_t n;
		if (dlen - off < 4 || (n = enc_get32((uint8_t *)domain + off)) > dlen - off - 4 ||
		    entry_decode((uint8_t *)domain + off + 4, n, &e) != 0 ||
		    e.e_index >= a->a_frontier.mf_size) {
			rc = CVD_ECORRUPT;
			break;
		}
		if (event_decode(e.e_event, e.e_event_len, &ev, &why) != 0 || !is_domain(&ev))
			rc = CVD_ECORRUPT;
		if (rc == 0)
			rc = keep_domain(a, (uint8_t *)domain + off + 4, n);
		if (rc == 0)
			rc = audit_process_entry(a, &e, &ev);
		event_view_clear(&ev);
		off += 4 + n;
	}
	free(domain);
	if (rc != 0)
		snprintf(err, errcap, "%s: damaged (%s)", path, cvd_strerror(rc));
	return rc;
}
