/*
 * bench.c: `make bench`. Measures, in one run on this machine:
 *   - the machine's limits: Ed25519 verifications/s, SHA-256 MB/s, LMDB
 *     synced commits/s (through node/store.c, fsync per commit);
 *   - a running cvdlogd: durable events/s with 64 concurrent clients
 *     (closed loop, WINDOW submissions in flight per client), and p50/p99
 *     submit-to-receipt latency at a fixed offered load of 2,000 events/s;
 * and prints each figure with its ratio to the limits. Each phase runs
 * RUNS times (this VM's figures vary by 20% from run to run): medians and
 * ranges are printed. Not a test: it
 * asserts nothing about speed; run.sh starts the node it measures.
 *
 * usage: bench NODE_ADDR ORIGIN DATA_DIR
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <math.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "codec.h"
#include "cvdlog.pb-c.h"
#include "encoding.h"
#include "entry.h"
#include "event.h"
#include "keys.h"
#include "log.h"
#include "store.h"

#define CLIENTS         64
#define WINDOW          32     /* submissions in flight per client, throughput phase */
#define PER_CLIENT      1500   /* throughput phase: 96,000 events */
#define OFFERED_RATE    2000.0 /* events/s, latency phase */
#define LATENCY_SECONDS 5.0
#define RUNS            3 /* each phase runs this often; medians and ranges are printed */

static const char *g_addr, *g_origin;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* cpu_s: CPU seconds this process has used (user + system). */
static double cpu_s(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

/* ---- machine limits ----------------------------------------------------- */

static double bench_verify(void)
{
	struct keys_signer *k;
	uint8_t msg[200], sig[64];
	int n = 20000;
	double t;

	keys_signer_generate("bench", &k);
	randombytes_buf(msg, sizeof(msg));
	keys_sign(k, msg, sizeof(msg), sig);
	t = now_s();
	for (int i = 0; i < n; i++)
		if (keys_verify(keys_signer_pk(k), msg, sizeof(msg), sig) != 0)
			abort();
	t = now_s() - t;
	keys_signer_free(k);
	return n / t;
}

static double bench_sha256(void)
{
	size_t len = 64 << 20;
	uint8_t *buf = calloc(1, len), h[32];
	double t = now_s();
	crypto_hash_sha256(h, buf, len);
	t = now_s() - t;
	free(buf);
	return (double)len / t / 1e6;
}

static double bench_lmdb(const char *dir)
{
	struct store *s;
	struct store_txn *t;
	uint8_t v[8];
	int n = 300;
	double start;

	if (store_open(dir, (size_t)64 << 20, 1, &s) != 0)
		return 0;
	start = now_s();
	for (int i = 0; i < n; i++) {
		store_write_begin(s, &t);
		enc_put64(v, (uint64_t)i);
		store_put_meta(t, "bench", v, 8);
		store_commit(t);
	}
	start = now_s() - start;
	store_close(s);
	return n / start;
}

/* ---- the node ----------------------------------------------------------- */

/*
 * The load generator: one thread, epoll, CLIENTS non-blocking connections.
 * Closed loop: each connection keeps WINDOW submissions in flight. Open
 * loop: each sends at its scheduled times, and latency counts from the
 * schedule, so a slow node cannot hide its queueing. One thread keeps the
 * generator's own CPU small on a machine it shares with the node; main
 * prints how much it used.
 */
struct client {
	int c_fd;
	size_t c_n;        /* events to send */
	uint8_t **c_frame; /* pre-built, pre-signed submit frames */
	size_t *c_frame_len;
	double *c_sent;    /* send (or scheduled) time per event */
	double *c_latency; /* seconds; < 0 if refused */
	size_t c_next;     /* next event to send */
	size_t c_off;      /* bytes of frame c_next already written */
	size_t c_got;      /* responses read */
	uint8_t *c_in;     /* partial response bytes */
	size_t c_in_len, c_in_cap;
};

static int dial(void)
{
	struct sockaddr_in sa;
	char host[64];
	int port, fd, one = 1;

	if (sscanf(g_addr, "%63[^:]:%d", host, &port) != 2)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	inet_pton(AF_INET, host, &sa.sin_addr);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
		return -1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	return fd;
}

static void prepare(struct client *c, size_t n, int id)
{
	struct keys_signer *k;
	char name[32], vkey[KEYS_VKEY_MAX + 1];

	snprintf(name, sizeof(name), "bench%d", id);
	keys_signer_generate(name, &k);
	keys_signer_vkey(k, vkey);
	memset(c, 0, sizeof(*c));
	c->c_n = n;
	c->c_frame = calloc(n, sizeof(*c->c_frame));
	c->c_frame_len = calloc(n, sizeof(*c->c_frame_len));
	c->c_sent = calloc(n, sizeof(double));
	c->c_latency = calloc(n, sizeof(double));
	c->c_in_cap = 1 << 16;
	c->c_in = malloc(c->c_in_cap);
	for (size_t i = 0; i < n; i++) {
		Cvdlog__Request req = CVDLOG__REQUEST__INIT;
		Cvdlog__SubmitRequest sub = CVDLOG__SUBMIT_REQUEST__INIT;
		uint8_t *ev, sig[64];
		size_t len;
		char text[64];
		snprintf(text, sizeof(text), "bench client %d event %zu", id, i);
		event_build_note(vkey, log_now_ms(), text, &ev, &len);
		entry_sign_event(k, g_origin, ev, len, sig);
		sub.origin = (char *)g_origin;
		sub.event.data = ev;
		sub.event.len = len;
		sub.author.data = (uint8_t *)keys_signer_pk(k);
		sub.author.len = 32;
		sub.signature.data = sig;
		sub.signature.len = 64;
		req.id = i + 1;
		req.req_case = CVDLOG__REQUEST__REQ_SUBMIT;
		req.submit = &sub;
		size_t pl = cvdlog__request__get_packed_size(&req);
		c->c_frame[i] = malloc(pl + 4);
		enc_put32(c->c_frame[i], (uint32_t)pl);
		cvdlog__request__pack(&req, c->c_frame[i] + 4);
		c->c_frame_len[i] = pl + 4;
		free(ev);
	}
	keys_signer_free(k);
}

/* pump_out writes as much of the due frames as the socket takes. due: how
 * many events may have been sent by now. 0, or -1 if the node hung up. */
static int pump_out(struct client *c, size_t due)
{
	while (c->c_next < due) {
		if (c->c_off == 0 && c->c_sent[c->c_next] == 0)
			c->c_sent[c->c_next] = now_s();
		const uint8_t *p = c->c_frame[c->c_next] + c->c_off;
		size_t len = c->c_frame_len[c->c_next] - c->c_off;
		ssize_t w = write(c->c_fd, p, len);
		if (w < 0)
			return errno == EAGAIN ? 0 : -1;
		c->c_off += (size_t)w;
		if (c->c_off == c->c_frame_len[c->c_next]) {
			c->c_off = 0;
			c->c_next++;
		}
	}
	return 0;
}

/* pump_in reads what is there and records every whole response. */
static int pump_in(struct client *c)
{
	for (;;) {
		if (c->c_in_len == c->c_in_cap) {
			c->c_in_cap *= 2;
			c->c_in = realloc(c->c_in, c->c_in_cap);
		}
		ssize_t r = read(c->c_fd, c->c_in + c->c_in_len, c->c_in_cap - c->c_in_len);
		if (r == 0)
			return -1;
		if (r < 0)
			break;
		c->c_in_len += (size_t)r;
	}
	if (errno != EAGAIN)
		return -1;
	size_t off = 0;
	long need;
	double now = now_s();
	while ((need = codec_frame_need(c->c_in + off, c->c_in_len - off, CODEC_FRAME_MAX)) > 0) {
		Cvdlog__Response *resp =
		    cvdlog__response__unpack(NULL, (size_t)need - 4, c->c_in + off + 4);
		off += (size_t)need;
		if (resp == NULL || resp->id == 0 || resp->id > c->c_n)
			return -1;
		size_t i = resp->id - 1;
		c->c_latency[i] = resp->error == CVDLOG__ERROR_CODE__OK ? now - c->c_sent[i] : -1;
		c->c_got++;
		cvdlog__response__free_unpacked(resp, NULL);
	}
	if (need < 0)
		return -1;
	memmove(c->c_in, c->c_in + off, c->c_in_len - off);
	c->c_in_len -= off;
	return 0;
}

/* run_clients drives every client to completion. rate 0: closed loop. */
static void run_clients(struct client *cl, double rate)
{
	int ep = epoll_create1(0);
	double start = now_s();
	size_t done = 0;

	for (int i = 0; i < CLIENTS; i++) {
		struct epoll_event ev = {EPOLLIN | EPOLLOUT | EPOLLET, {.ptr = &cl[i]}};
		if (rate > 0)
			for (size_t k = 0; k < cl[i].c_n; k++)
				cl[i].c_sent[k] = start + (double)k / rate;
		epoll_ctl(ep, EPOLL_CTL_ADD, cl[i].c_fd, &ev);
	}
	while (done < CLIENTS) {
		struct epoll_event evs[CLIENTS];
		double now = now_s(), next = now + 0.1;
		done = 0;
		for (int i = 0; i < CLIENTS; i++) {
			struct client *c = &cl[i];
			size_t due = c->c_n;
			if (rate > 0) {
				due = (size_t)((now - start) * rate) + 1;
				if (due > c->c_n)
					due = c->c_n;
				else if (c->c_sent[due] < next)
					next = c->c_sent[due];
			} else if (c->c_got + WINDOW < due) {
				due = c->c_got + WINDOW;
			}
			if (c->c_fd >= 0 && pump_out(c, due) != 0) {
				close(c->c_fd);
				c->c_fd = -1;
			}
			done += c->c_got == c->c_n || c->c_fd < 0;
		}
		int ms = (int)((next - now_s()) * 1000);
		int n = epoll_wait(ep, evs, CLIENTS, ms < 0 ? 0 : ms);
		for (int k = 0; k < n; k++) {
			struct client *c = evs[k].data.ptr;
			if (c->c_fd >= 0 && (evs[k].events & EPOLLIN) && pump_in(c) != 0) {
				close(c->c_fd);
				c->c_fd = -1;
			}
		}
	}
	close(ep);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* phase runs CLIENTS clients and returns events/s; fills p50/p99 (ms). */
/* progress shows which run is going on, on a terminal only. */
static void progress(const char *what, int run)
{
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "\rbench: %s, run %d of %d ...%s", what, run + 1, RUNS,
		        run + 1 == RUNS ? "\n" : "");
}

static double g_gen_cpu; /* CPU seconds the generator spent in timed runs */
static double g_gen_wall;

static double phase(size_t per_client, double rate_per_client, double *p50, double *p99,
                    size_t *errors)
{
	static struct client cl[CLIENTS];
	size_t nlat = 0;
	double *lat, t, cpu;

	for (int i = 0; i < CLIENTS; i++) {
		prepare(&cl[i], per_client, i);
		cl[i].c_fd = dial();
		if (cl[i].c_fd < 0) {
			fprintf(stderr, "bench: cannot connect to %s\n", g_addr);
			exit(1);
		}
	}
	t = now_s();
	cpu = cpu_s();
	run_clients(cl, rate_per_client);
	t = now_s() - t;
	g_gen_cpu += cpu_s() - cpu;
	g_gen_wall += t;
	lat = calloc(CLIENTS * per_client, sizeof(double));
	for (int i = 0; i < CLIENTS; i++) {
		for (size_t k = 0; k < per_client; k++) {
			if (cl[i].c_latency[k] > 0)
				lat[nlat++] = cl[i].c_latency[k] * 1000;
			free(cl[i].c_frame[k]);
		}
		if (cl[i].c_fd >= 0)
			close(cl[i].c_fd);
		free(cl[i].c_frame);
		free(cl[i].c_frame_len);
		free(cl[i].c_sent);
		free(cl[i].c_latency);
		free(cl[i].c_in);
	}
	*errors = CLIENTS * per_client - nlat;
	qsort(lat, nlat, sizeof(double), cmp_double);
	*p50 = nlat ? lat[nlat / 2] : NAN;
	*p99 = nlat ? lat[(size_t)((double)nlat * 0.99)] : NAN;
	free(lat);
	return (double)nlat / t;
}

/* median sorts v[RUNS] (so v[0] and v[RUNS - 1] are the range) and
 * returns the middle value. */
static double median(double *v)
{
	qsort(v, RUNS, sizeof(double), cmp_double);
	return v[RUNS / 2];
}

int main(int argc, char **argv)
{
	double verify[RUNS], sha, commits, eps[RUNS], p50[RUNS], p99[RUNS];
	double lrate[RUNS], lp50[RUNS], lp99[RUNS];
	size_t errors = 0, lerrors = 0, e;
	char lmdb_dir[512];

	if (argc != 4) {
		fprintf(stderr, "usage: bench NODE_ADDR ORIGIN DATA_DIR\n");
		return 2;
	}
	if (sodium_init() < 0)
		return 1;
	g_addr = argv[1];
	g_origin = argv[2];
	snprintf(lmdb_dir, sizeof(lmdb_dir), "%s", argv[3]);

	printf("machine limits (measured now, one core each):\n");
	for (int r = 0; r < RUNS; r++)
		verify[r] = bench_verify();
	double v = median(verify); /* sorts: then [0] and [RUNS - 1] are the range */
	printf("  Ed25519 verify           %10.0f /s   (median of %d; %.0f..%.0f)\n", v, RUNS,
	       verify[0], verify[RUNS - 1]);
	sha = bench_sha256();
	printf("  SHA-256                  %10.0f MB/s\n", sha);
	commits = bench_lmdb(lmdb_dir);
	printf("  LMDB synced commits      %10.0f /s\n", commits);

	printf("single node, %d clients, %d in flight each, %d events a run, %d runs:\n", CLIENTS,
	       WINDOW, CLIENTS * PER_CLIENT, RUNS);
	for (int r = 0; r < RUNS; r++) {
		progress("throughput", r);
		eps[r] = phase(PER_CLIENT, 0, &p50[r], &p99[r], &e);
		errors += e;
	}
	double m = median(eps);
	printf("  durable events           %10.0f /s   (median; %.0f..%.0f; target >= 20000; %zu "
	       "refused)\n",
	       m, eps[0], eps[RUNS - 1], errors);
	printf("  latency under full load  p50 %.2f ms, p99 %.2f ms (medians)\n", median(p50),
	       median(p99));
	printf("  ratio to Ed25519 verify  %10.2f   (events/s over one core's verifications/s)\n",
	       m / v);
	printf("  events per synced commit %10.1f   (events/s over LMDB synced commits/s)\n",
	       m / commits);
	printf(
	    "  load generator           %10.0f%%  of one core (one thread, epoll, same machine)\n",
	    100 * g_gen_cpu / g_gen_wall);

	size_t per = (size_t)(OFFERED_RATE * LATENCY_SECONDS / CLIENTS);
	printf("single node, offered load %.0f events/s for %.0f s (%d clients, open loop), %d "
	       "runs:\n",
	       OFFERED_RATE, LATENCY_SECONDS, CLIENTS, RUNS);
	for (int r = 0; r < RUNS; r++) {
		progress("latency at 2,000 events/s", r);
		lrate[r] = phase(per, OFFERED_RATE / CLIENTS, &lp50[r], &lp99[r], &e);
		lerrors += e;
	}
	printf("  achieved                 %10.0f /s   (median; %zu refused)\n", median(lrate),
	       lerrors);
	double mp99 = median(lp99), mp50 = median(lp50);
	printf("  submit-to-receipt        p50 %.2f ms, p99 %.2f ms (medians; p99 %.2f..%.2f; "
	       "target p99 <= 20 ms)\n",
	       mp50, mp99, lp99[0], lp99[RUNS - 1]);
	return 0;
}
