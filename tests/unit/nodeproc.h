/*
 * nodeproc.h: start and stop real cvdlogd processes for tests, and talk to
 * them with raw frames. Binaries come from $CVDLOG_BIN (set by make test).
 * Every node listens on 127.0.0.1 with a port the kernel picks.
 */
#ifndef CVD_NODEPROC_H
#define CVD_NODEPROC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "cvdlog.pb-c.h"
#include "keys.h"

struct nodeproc {
	char np_dir[512];
	char np_addr[64];
	pid_t np_pid;
	struct keys_signer *np_key; /* the node key, loaded after init */
};

/* np_init: cvdlogd init in a fresh temp dir with origin "it.example/log". */
void np_init(struct nodeproc *n);
/* np_init_roster: the same with a roster (its text) and the node key given
 * (it must be on a node line of the roster, named it.example/log). */
void np_init_roster(struct nodeproc *n, const char *roster, const struct keys_signer *key);
/* np_start: cvdlogd run with extra arguments (NULL-terminated list). */
void np_start(struct nodeproc *n, const char *const *extra);
void np_kill(struct nodeproc *n, int sig); /* and wait for it */
/* np_stop sends SIGINT and returns the wait status. */
int np_stop(struct nodeproc *n);
void np_cleanup(struct nodeproc *n); /* kill, remove the dir */

int np_connect(const struct nodeproc *n);
/* np_send_raw writes bytes as they are. */
void np_send_raw(int fd, const void *buf, size_t len);
/* np_call frames req, sends it and reads one response (NULL on EOF). */
Cvdlog__Response *np_call(int fd, Cvdlog__Request *req);
Cvdlog__Response *np_read(int fd);
/* np_size: the log size from a status request on a new connection. */
uint64_t np_size(const struct nodeproc *n);

/* np_submit_request: a Submit for a signed event. */
void np_submit_request(Cvdlog__Request *req, Cvdlog__SubmitRequest *sub, const char *origin,
                       const uint8_t *event, size_t len, const uint8_t *pk, const uint8_t *sig);

#endif
