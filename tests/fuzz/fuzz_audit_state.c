/*
 * fuzz_audit_state.c: libFuzzer harness for the auditor's saved state
 * (audit_load in lib/audit.c): DIR/state (text: origin, size, time, last
 * leaf, frontier, the last accepted checkpoint) and DIR/domain (the CVD
 * entries seen before, each u32be length || entry bytes, replayed through
 * the process checks). The input is split into the two files, written into
 * a directory of this process under /dev/shm (or /tmp), removed at exit:
 *
 *   u16be n | state (n bytes) | domain (the rest)
 *
 * When n is more than what follows, all of it is the state and there is no
 * domain file; an input shorter than 2 bytes writes neither file.
 *
 * audit_load, with the fixed trust policy of tests/vectors/cvdlog.json
 * (fuzz.h), must never crash or leak. Invariants: without a state file it
 * is CVD_ENOTFOUND and the engine is still at size 0; any other failure is
 * CVD_ECORRUPT, CVD_ENOMEM, CVD_EIO or -errno with a message. A load that
 * succeeds gives an engine whose audit_size() is the frontier's size, with
 * one frontier hash per bit of the size; whose last checkpoint, if any,
 * verifies under the policy for that size and the frontier's root; and
 * whose domain is the input's (every entry before the size). It saves,
 * loads again to the same size, saves the same state again, and
 * audit_finish runs on it.
 *
 * The seed corpus holds states audit_save wrote for small logs of
 * psirt.example.com/log (a genesis with a roster, reports, acknowledgements,
 * notes) with checkpoints signed by the vectors' two node keys, with and
 * without a checkpoint, and a few damaged ones (no private key is in it).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit_int.h"
#include "encoding.h"
#include "error.h"
#include "fuzz.h"
#include "policy.h"

#define NOW_MS 1760000000000ull /* 2025-10-09: the time deadlines are measured at */

static struct policy policy;
static char dir[256], saved[300];

static void rm_files(const char *d)
{
	static const char *const names[] = {"state", "domain", "state.tmp", "domain.tmp"};
	char path[400];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", d, names[i]);
		unlink(path);
	}
}

static void cleanup(void)
{
	rm_files(saved);
	rmdir(saved);
	rm_files(dir);
	rmdir(dir);
}

static void init(void)
{
	struct stat st;

	fuzz_parse_policy(FUZZ_POLICY_TEXT, &policy);
	snprintf(dir, sizeof(dir), "%s/cvdlog-fuzz-audit-XXXXXX",
	         stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) && access("/dev/shm", W_OK) == 0
	             ? "/dev/shm"
	             : "/tmp");
	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(saved, sizeof(saved), "%s/saved", dir);
	atexit(cleanup);
}

static void write_file(const char *name, const uint8_t *buf, size_t len)
{
	char path[400];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (f == NULL || (len > 0 && fwrite(buf, 1, len, f) != len) || fclose(f) != 0)
		abort();
}

static uint8_t *read_file(const char *d, const char *name, size_t *len)
{
	char path[400];
	FILE *f;
	uint8_t *buf;
	long n;

	snprintf(path, sizeof(path), "%s/%s", d, name);
	f = fopen(path, "rb");
	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0 || (buf = malloc((size_t)n + 1)) == NULL ||
	    fread(buf, 1, (size_t)n, f) != (size_t)n)
		abort();
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* check_loaded: what a successful load gives, domain[0..dlen) the input's
 * domain file. */
static void check_loaded(const struct audit *a, const uint8_t *domain, size_t dlen)
{
	const struct merkle_frontier *f = &a->a_frontier;
	const char *cp = audit_last_checkpoint(a);

	check(audit_size(a) == f->mf_size && a->a_loaded == f->mf_size);
	check(f->mf_count <= 64 && (unsigned)__builtin_popcountll(f->mf_size) == f->mf_count);
	check(audit_failure(a) == NULL && a->a_checked == 0);
	if (cp != NULL) {
		struct policy_verdict v;
		uint8_t root[MERKLE_HASH_LEN];
		check(strlen(cp) == a->a_checkpoint_len && a->a_checkpoint_len > 0);
		check(policy_verify_checkpoint(&policy, cp, a->a_checkpoint_len, &v) == 0);
		check(v.pv_cp.c_size == audit_size(a));
		merkle_frontier_root(f, root);
		check(memcmp(root, v.pv_cp.c_root, MERKLE_HASH_LEN) == 0);
	}
	check(a->a_domain_len == dlen && (dlen == 0 || memcmp(a->a_domain, domain, dlen) == 0));
	for (size_t off = 0; off < dlen;) {
		struct entry e;
		uint32_t n = enc_get32(domain + off);
		check(entry_decode(domain + off + 4, n, &e) == 0 && e.e_index < audit_size(a));
		off += 4 + n;
	}
}

/* check_resave: a saved state loads again to the same engine state, and
 * saves to the same bytes. */
static void check_resave(const struct audit *a)
{
	struct audit *b;
	char err[512];
	uint8_t *s1, *d1, *s2, *d2;
	size_t s1len, d1len, s2len, d2len;

	check(audit_save(a, saved, err, sizeof(err)) == 0);
	s1 = read_file(saved, "state", &s1len);
	d1 = read_file(saved, "domain", &d1len);
	check(d1len == a->a_domain_len && (d1len == 0 || memcmp(d1, a->a_domain, d1len) == 0));
	if (audit_new(&policy, NOW_MS, &b) != 0)
		abort();
	check(audit_load(b, saved, err, sizeof(err)) == 0);
	check(audit_size(b) == audit_size(a) && b->a_last_time == a->a_last_time);
	check(memcmp(b->a_last_leaf, a->a_last_leaf, MERKLE_HASH_LEN) == 0);
	check(b->a_frontier.mf_count == a->a_frontier.mf_count);
	check(memcmp(b->a_frontier.mf_hash, a->a_frontier.mf_hash,
	             a->a_frontier.mf_count * MERKLE_HASH_LEN) == 0);
	check(audit_save(b, saved, err, sizeof(err)) == 0);
	s2 = read_file(saved, "state", &s2len);
	d2 = read_file(saved, "domain", &d2len);
	check(s1len == s2len && memcmp(s1, s2, s1len) == 0);
	check(d1len == d2len && (d1len == 0 || memcmp(d1, d2, d1len) == 0));
	audit_free(b);
	free(s1);
	free(d1);
	free(s2);
	free(d2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *domain = NULL;
	size_t slen = 0, dlen = 0;
	struct audit *a;
	char err[512];
	int rc, have_state = size >= 2, have_domain = 0;

	fuzz_init(init);
	rm_files(dir);
	if (have_state) {
		slen = (size_t)data[0] << 8 | data[1];
		have_domain = slen <= size - 2;
		if (!have_domain)
			slen = size - 2;
		write_file("state", data + 2, slen);
	}
	if (have_domain) {
		domain = data + 2 + slen;
		dlen = size - 2 - slen;
		write_file("domain", domain, dlen);
	}
	if (audit_new(&policy, NOW_MS, &a) != 0)
		abort();
	err[0] = '\0';
	rc = audit_load(a, dir, err, sizeof(err));
	if (!have_state) {
		check(rc == CVD_ENOTFOUND && audit_size(a) == 0 &&
		      audit_last_checkpoint(a) == NULL);
	} else if (rc != 0) {
		check(rc == CVD_ECORRUPT || rc == CVD_ENOMEM || rc == CVD_EIO ||
		      (rc < 0 && rc > -1000));
		check(err[0] != '\0' && memchr(err, '\0', sizeof(err)) != NULL);
	} else {
		check(have_domain);
		check_loaded(a, domain, dlen);
		check_resave(a);
		rc = audit_finish(a);
		check(rc == 0 || rc == CVD_ENOMEM);
	}
	audit_free(a);
	return 0;
}
