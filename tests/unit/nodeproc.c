/* nodeproc.c: real cvdlogd processes for the integration suites (see nodeproc.h). */
#include "nodeproc.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "codec.h"
#include "testutil.h"

static const char *bin_dir(void)
{
	const char *b = getenv("CVDLOG_BIN");
	ck_assert_msg(b != NULL, "CVDLOG_BIN is not set (run through make test)");
	return b;
}

void np_init(struct nodeproc *n)
{
	char cmd[2048], path[1024];
	char *dir = tu_tmpdir();

	memset(n, 0, sizeof(*n));
	snprintf(n->np_dir, sizeof(n->np_dir), "%s/node", dir);
	free(dir);
	snprintf(cmd, sizeof(cmd),
	         "%s/cvdlogd init --dir %s --origin it.example/log --name n1 >/dev/null", bin_dir(),
	         n->np_dir);
	ck_assert_int_eq(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/node.key", n->np_dir);
	ck_assert_int_eq(keys_signer_load(path, &n->np_key), 0);
}

void np_init_roster(struct nodeproc *n, const char *roster, const struct keys_signer *key)
{
	char cmd[4096], path[1024], rpath[1024];
	char *dir = tu_tmpdir();
	FILE *f;

	memset(n, 0, sizeof(*n));
	snprintf(n->np_dir, sizeof(n->np_dir), "%s/node", dir);
	free(dir);
	ck_assert_int_eq(mkdir(n->np_dir, 0700), 0);
	snprintf(path, sizeof(path), "%s/node.key", n->np_dir);
	ck_assert_int_eq(keys_signer_save(key, path, NULL), 0);
	snprintf(rpath, sizeof(rpath), "%s/roster", n->np_dir);
	f = fopen(rpath, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fputs(roster, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
	snprintf(cmd, sizeof(cmd),
	         "%s/cvdlogd init --dir %s --origin it.example/log --roster %s >/dev/null",
	         bin_dir(), n->np_dir, rpath);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(keys_signer_load(path, &n->np_key), 0);
}

void np_start(struct nodeproc *n, const char *const *extra)
{
	char exe[1024], addrfile[1024], log[1024];
	const char *argv[32];
	int argc = 0;
	pid_t pid;

	snprintf(exe, sizeof(exe), "%s/cvdlogd", bin_dir());
	snprintf(addrfile, sizeof(addrfile), "%s/addr", n->np_dir);
	snprintf(log, sizeof(log), "%s/node.log", n->np_dir);
	unlink(addrfile);
	argv[argc++] = exe;
	argv[argc++] = "run";
	argv[argc++] = "--dir";
	argv[argc++] = n->np_dir;
	argv[argc++] = "--listen";
	argv[argc++] = "127.0.0.1:0";
	argv[argc++] = "--addr-file";
	argv[argc++] = addrfile;
	for (int i = 0; extra != NULL && extra[i] != NULL && argc < 30; i++)
		argv[argc++] = extra[i];
	argv[argc] = NULL;
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		/* A test that fails mid-way must not leave its node running. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		FILE *f = freopen(log, "a", stderr);
		(void)f;
		execv(exe, (char *const *)argv);
		_exit(127);
	}
	n->np_pid = pid;
	for (int i = 0; i < 200; i++) {
		FILE *f = fopen(addrfile, "r");
		if (f != NULL) {
			int ok = fscanf(f, "%63s", n->np_addr) == 1;
			fclose(f);
			if (ok)
				return;
		}
		struct timespec ts = {0, 50 * 1000000};
		nanosleep(&ts, NULL);
	}
	ck_abort_msg("cvdlogd did not start; see %s", log);
}

void np_kill(struct nodeproc *n, int sig)
{
	int st;
	if (n->np_pid <= 0)
		return;
	kill(n->np_pid, sig);
	waitpid(n->np_pid, &st, 0);
	n->np_pid = 0;
}

int np_stop(struct nodeproc *n)
{
	int st = -1;
	if (n->np_pid <= 0)
		return st;
	kill(n->np_pid, SIGINT);
	waitpid(n->np_pid, &st, 0);
	n->np_pid = 0;
	return st;
}

void np_cleanup(struct nodeproc *n)
{
	char parent[512];
	np_kill(n, SIGKILL);
	keys_signer_free(n->np_key);
	n->np_key = NULL;
	snprintf(parent, sizeof(parent), "%s", n->np_dir);
	char *slash = strrchr(parent, '/');
	if (slash != NULL)
		*slash = '\0';
	tu_rmrf(parent);
}

int np_connect(const struct nodeproc *n)
{
	struct sockaddr_in sa;
	char host[64];
	int port, fd;
	struct timeval tv = {10, 0};

	ck_assert_int_eq(sscanf(n->np_addr, "%63[^:]:%d", host, &port), 2);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	inet_pton(AF_INET, host, &sa.sin_addr);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_msg(connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0, "connect %s: %s",
	              n->np_addr, strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return fd;
}

void np_send_raw(int fd, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	while (len > 0) {
		ssize_t w = send(fd, p, len, MSG_NOSIGNAL);
		if (w <= 0)
			return; /* the node may already have hung up */
		p += w;
		len -= (size_t)w;
	}
}

Cvdlog__Response *np_read(int fd)
{
	uint8_t *buf;
	size_t len;
	Cvdlog__Response *r;

	if (codec_read_frame(fd, CODEC_FRAME_MAX, &buf, &len) != 0)
		return NULL;
	r = cvdlog__response__unpack(NULL, len, buf);
	free(buf);
	ck_assert_ptr_nonnull(r);
	return r;
}

Cvdlog__Response *np_call(int fd, Cvdlog__Request *req)
{
	size_t n = cvdlog__request__get_packed_size(req);
	uint8_t *buf = malloc(n + 1);
	ck_assert_ptr_nonnull(buf);
	cvdlog__request__pack(req, buf);
	ck_assert_int_eq(codec_write_frame(fd, buf, n), 0);
	free(buf);
	return np_read(fd);
}

uint64_t np_size(const struct nodeproc *n)
{
	Cvdlog__Request req = CVDLOG__REQUEST__INIT;
	Cvdlog__StatusRequest s = CVDLOG__STATUS_REQUEST__INIT;
	Cvdlog__Response *r;
	uint64_t size;
	int fd = np_connect(n);

	req.req_case = CVDLOG__REQUEST__REQ_STATUS;
	req.status = &s;
	r = np_call(fd, &req);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->resp_case, CVDLOG__RESPONSE__RESP_STATUS);
	size = r->status->size;
	cvdlog__response__free_unpacked(r, NULL);
	close(fd);
	return size;
}

void np_submit_request(Cvdlog__Request *req, Cvdlog__SubmitRequest *sub, const char *origin,
                       const uint8_t *event, size_t len, const uint8_t *pk, const uint8_t *sig)
{
	cvdlog__request__init(req);
	cvdlog__submit_request__init(sub);
	sub->origin = (char *)origin;
	sub->event.data = (uint8_t *)event;
	sub->event.len = len;
	sub->author.data = (uint8_t *)pk;
	sub->author.len = pk != NULL ? KEYS_PK_LEN : 0;
	sub->signature.data = (uint8_t *)sig;
	sub->signature.len = sig != NULL ? KEYS_SIG_LEN : 0;
	req->req_case = CVDLOG__REQUEST__REQ_SUBMIT;
	req->submit = sub;
}
