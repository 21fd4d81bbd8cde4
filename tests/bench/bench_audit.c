/*
 * bench_audit.c: `make bench`, the auditor's part: writes a log of N
 * entries (default 1,000,000: a genesis, then signed notes by 64 authors)
 * as an export file with its signed checkpoint and trust policy, then runs
 * `build/cvdlog audit --export` on it with one thread and with one per CPU
 * (signatures in batches, lib/sigbatch.c), and with one thread --no-batch
 * (libsodium one by one), and prints entries/s (wall clock), entries/s per
 * core (CPU time) and the peak memory, next to this machine's Ed25519
 * verifications/s on one core, one by one and batched, measured in the
 * same run. Asserts nothing.
 *
 *   build/bench-audit DIR [N]
 */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "checkpoint.h"
#include "encoding.h"
#include "entry.h"
#include "event.h"
#include "keys.h"
#include "merkle.h"
#include "note.h"
#include "sigbatch.h"

#define ORIGIN   "bench.example/log"
#define NAUTHORS 64
#define CHUNK    65536

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct keys_signer *authors[NAUTHORS];
static char avkeys[NAUTHORS][KEYS_VKEY_MAX + 1];

/* One chunk of entries: events built and signed in parallel, then chained
 * in order. */
struct chunk {
	uint64_t c_first;
	size_t c_n;
	uint8_t **c_ev;
	size_t *c_evlen;
	uint8_t (*c_sig)[KEYS_SIG_LEN];
	unsigned c_part, c_parts;
};

static void *sign_part(void *arg)
{
	struct chunk *c = arg;

	for (size_t i = c->c_part; i < c->c_n; i += c->c_parts) {
		uint64_t idx = c->c_first + i;
		char text[64];
		int a = (int)(idx % NAUTHORS);
		snprintf(text, sizeof(text), "bench note %llu", (unsigned long long)idx);
		if (event_build_note(avkeys[a], 1750000000000ull + idx, text, &c->c_ev[i],
		                     &c->c_evlen[i]) != 0)
			abort();
		entry_sign_event(authors[a], ORIGIN, c->c_ev[i], c->c_evlen[i], c->c_sig[i]);
	}
	return NULL;
}

static double verify_rate(void)
{
	uint8_t pk[32], sk[64], sig[64], msg[200] = {1};
	double t0, t;
	int n = 0;

	crypto_sign_keypair(pk, sk);
	crypto_sign_detached(sig, NULL, msg, sizeof(msg), sk);
	t0 = now_s();
	do {
		for (int i = 0; i < 1000; i++)
			if (crypto_sign_verify_detached(sig, msg, sizeof(msg), pk) != 0)
				abort();
		n += 1000;
		t = now_s() - t0;
	} while (t < 1.5);
	return n / t;
}

/* batch_rate: signatures/s of sigbatch_verify on one core, in batches of
 * 4096 by nkeys keys (64 as the log's notes; 4096: every one by another
 * key, the worst case). */
enum { B = 4096 };
static double batch_rate(int nkeys)
{
	static uint8_t pk[B][32], sk[B][64], msg[B][64], sig[B][64];
	static struct sigbatch_item it[B];
	double t0, t;
	int n = 0;

	for (int k = 0; k < nkeys; k++)
		crypto_sign_keypair(pk[k], sk[k]);
	for (int i = 0; i < B; i++) {
		randombytes_buf(msg[i], sizeof(msg[i]));
		crypto_sign_detached(sig[i], NULL, msg[i], sizeof(msg[i]), sk[i % nkeys]);
		it[i] = (struct sigbatch_item){pk[i % nkeys], sig[i], msg[i], sizeof(msg[i])};
	}
	t0 = now_s();
	do {
		if (sigbatch_verify(NULL, 0, it, B) != 0)
			abort();
		n += B;
		t = now_s() - t0;
	} while (t < 1.5);
	return n / t;
}

static int make_log(const char *dir, uint64_t n)
{
	char path[4096], *note, vkey[KEYS_VKEY_MAX + 1];
	struct keys_signer *node;
	struct merkle_frontier *mf = calloc(1, sizeof(*mf));
	struct checkpoint cp;
	struct entry e;
	uint8_t prev[32] = {0}, *buf = malloc(ENTRY_MAX), hdr[4];
	const char *names[1] = {"bench"}, *vkeys[1];
	FILE *f;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned parts = cpus < 1 ? 1 : cpus > 8 ? 8 : (unsigned)cpus;
	double t0 = now_s();

	if (mf == NULL || buf == NULL || keys_signer_generate(ORIGIN, &node) != 0)
		return -1;
	for (int i = 0; i < NAUTHORS; i++) {
		char name[32];
		snprintf(name, sizeof(name), "author%d", i);
		if (keys_signer_generate(name, &authors[i]) != 0)
			return -1;
		keys_signer_vkey(authors[i], avkeys[i]);
	}
	snprintf(path, sizeof(path), "%s/log", dir);
	f = fopen(path, "wb");
	if (f == NULL)
		return -1;
	vkeys[0] = keys_signer_vkey(node, vkey);
	for (uint64_t first = 0; first < n; first += CHUNK) {
		struct chunk c[8];
		pthread_t tid[8];
		size_t cn = n - first < CHUNK ? (size_t)(n - first) : CHUNK;
		uint8_t **ev = calloc(cn, sizeof(*ev));
		size_t *evlen = calloc(cn, sizeof(*evlen));
		uint8_t(*sig)[KEYS_SIG_LEN] = calloc(cn, KEYS_SIG_LEN);
		for (unsigned p = 0; p < parts; p++) {
			c[p] = (struct chunk){first, cn, ev, evlen, sig, p, parts};
			pthread_create(&tid[p], NULL, sign_part, &c[p]);
		}
		for (unsigned p = 0; p < parts; p++)
			pthread_join(tid[p], NULL);
		if (first == 0) { /* entry 0 is the genesis, by the node */
			free(ev[0]);
			if (event_build_genesis(vkey, 1750000000000ull, ORIGIN, 1, names, vkeys,
			                        NULL, &ev[0], &evlen[0]) != 0)
				return -1;
			entry_sign_event(node, ORIGIN, ev[0], evlen[0], sig[0]);
		}
		for (size_t i = 0; i < cn; i++) {
			uint8_t leaf[32];
			memset(&e, 0, sizeof(e));
			e.e_index = first + i;
			e.e_time_ms = 1750000000000ull + first + i;
			memcpy(e.e_prev, prev, 32);
			memcpy(e.e_author,
			       e.e_index == 0 ? keys_signer_pk(node)
			                      : keys_signer_pk(authors[e.e_index % NAUTHORS]),
			       32);
			memcpy(e.e_sig, sig[i], KEYS_SIG_LEN);
			e.e_event = ev[i];
			e.e_event_len = (uint32_t)evlen[i];
			entry_encode(&e, buf);
			merkle_leaf_hash(buf, entry_len(&e), leaf);
			merkle_frontier_append(mf, leaf, NULL, NULL);
			memcpy(prev, leaf, 32);
			enc_put32(hdr, (uint32_t)entry_len(&e));
			fwrite(hdr, 1, 4, f);
			fwrite(buf, 1, entry_len(&e), f);
			free(ev[i]);
		}
		free(ev);
		free(evlen);
		free(sig);
		if (isatty(STDERR_FILENO))
			fprintf(stderr, "\rbench-audit: writing the log %3.0f%%",
			        100.0 * (double)(first + cn) / (double)n);
	}
	if (isatty(STDERR_FILENO))
		fputc('\n', stderr);
	fclose(f);
	/* checkpoint and policy */
	snprintf(cp.c_origin, sizeof(cp.c_origin), "%s", ORIGIN);
	cp.c_size = n;
	merkle_frontier_root(mf, cp.c_root);
	note = malloc(4096);
	{
		size_t bl = checkpoint_body(&cp, note);
		int sl;
		note[bl] = '\n';
		sl = note_sign_line(node, note, bl, note + bl + 1, 4096 - bl - 1);
		snprintf(path, sizeof(path), "%s/log.checkpoint", dir);
		f = fopen(path, "wb");
		fwrite(note, 1, bl + 1 + (size_t)sl, f);
		fclose(f);
	}
	snprintf(path, sizeof(path), "%s/policy", dir);
	f = fopen(path, "w");
	fprintf(f, "cvdlog-policy/v1\norigin %s\nnode %s\nquorum 1\n", ORIGIN, vkey);
	fclose(f);
	printf("  %-28s %llu entries in %.1f s (%u threads)\n", "log written",
	       (unsigned long long)n, now_s() - t0, parts);
	free(note);
	free(mf);
	free(buf);
	keys_signer_free(node);
	for (int i = 0; i < NAUTHORS; i++)
		keys_signer_free(authors[i]);
	return 0;
}

/* run_audit: build/cvdlog audit on the log; wall and CPU seconds, peak RSS. */
static int run_audit(const char *dir, unsigned threads, int no_batch, double *wall, double *cpu,
                     long *rss_kb)
{
	char log[4096], policy[4096], th[16];
	struct rusage ru;
	int status;
	double t0 = now_s();
	pid_t pid;

	snprintf(log, sizeof(log), "%s/log", dir);
	snprintf(policy, sizeof(policy), "%s/policy", dir);
	snprintf(th, sizeof(th), "%u", threads);
	fflush(stdout); /* or the child would write our buffer again */
	pid = fork();
	if (pid == 0) {
		if (freopen("/dev/null", "w", stdout) == NULL)
			_exit(127);
		execl("build/cvdlog", "cvdlog", "audit", "--policy", policy, "--export", log,
		      "--threads", th, no_batch ? "--no-batch" : (char *)NULL, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &status, 0, &ru) != pid)
		return -1;
	*wall = now_s() - t0;
	*cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
	*rss_kb = ru.ru_maxrss;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	uint64_t n = 1000000;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned many = cpus < 1 ? 1 : cpus > 16 ? 16 : (unsigned)cpus;
	double v, bv, dv, wall, cpu;
	long rss;

	if (argc < 2 || sodium_init() < 0) {
		fprintf(stderr, "usage: bench-audit DIR [N]\n");
		return 2;
	}
	if (argc > 2)
		n = strtoull(argv[2], NULL, 10);
	printf("auditor, %llu entries (cvdlog audit --export):\n", (unsigned long long)n);
	if (make_log(argv[1], n) != 0) {
		fprintf(stderr, "bench-audit: cannot write the log\n");
		return 1;
	}
	v = verify_rate();
	printf("  %-28s %.0f /s on one core (this run, libsodium, one by one)\n", "Ed25519 verify",
	       v);
	bv = batch_rate(NAUTHORS);
	printf("  %-28s %.0f /s on one core (sigbatch, 4096 a batch, 64 keys), ratio %.2f\n",
	       "Ed25519 batch verify", bv, bv / v);
	dv = batch_rate(B);
	printf("  %-28s %.0f /s on one core (sigbatch, 4096 a batch, 4096 keys), ratio %.2f\n",
	       "  every key another", dv, dv / v);
	/* batched with 1 thread and one per CPU, then 1 thread one by one */
	for (int run = 0; run < (many > 1 ? 3 : 2); run++) {
		int no_batch = run == (many > 1 ? 2 : 1);
		unsigned t = run == 1 && !no_batch ? many : 1;
		if (run_audit(argv[1], t, no_batch, &wall, &cpu, &rss) != 0) {
			fprintf(stderr, "bench-audit: the audit failed\n");
			return 1;
		}
		char label[64];
		snprintf(label, sizeof(label), "audit, %u thread%s%s", t, t == 1 ? "" : "s",
		         no_batch ? ", --no-batch" : "");
		printf("  %-28s %.0f entries/s wall, %.0f entries/s per core (CPU), ratio %.2f to "
		       "Ed25519 verify; peak RSS %ld MB\n",
		       label, (double)n / wall, (double)n / cpu, ((double)n / cpu) / v, rss / 1024);
	}
	return 0;
}
