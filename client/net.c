/*
 * net.c: blocking client connections to a node: resolve HOST:PORT, frame a
 * Request, read the matching Response. Every failure prints what went wrong
 * with the node's address.
 */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "cli.h"
#include "codec.h"
#include "error.h"

struct cli_conn {
	int cc_fd;
	uint64_t cc_next_id;
	char cc_addr[256];
};

static const char *error_names[] = {
    "ok",         "bad request", "bad signature", "unauthorized", "invalid transition", "duplicate",
    "not leader", "too large",   "rate limited",  "unavailable",  "internal",
};

const char *cli_error_name(int code)
{
	if (code < 0 || (size_t)code >= sizeof(error_names) / sizeof(error_names[0]))
		return "unknown error";
	return error_names[code];
}

int cli_connect(const char *addr, struct cli_conn **out)
{
	struct addrinfo hints, *res = NULL, *ai;
	char host[256], port[16];
	const char *colon = strrchr(addr, ':');
	struct cli_conn *c;
	int fd = -1, rc;

	if (colon == NULL || colon == addr || (size_t)(colon - addr) >= sizeof(host) ||
	    strlen(colon + 1) == 0 || strlen(colon + 1) >= sizeof(port))
		return cli_error("bad node address \"%s\" (want HOST:PORT)", addr), CVD_EINVAL;
	memcpy(host, addr, (size_t)(colon - addr));
	host[colon - addr] = '\0';
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		memmove(host, host + 1, strlen(host));
		host[strlen(host) - 1] = '\0';
	}
	snprintf(port, sizeof(port), "%s", colon + 1);
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(host, port, &hints, &res);
	if (rc != 0)
		return cli_error("%s: %s", addr, gai_strerror(rc)), CVD_EIO;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
		if (fd < 0)
			continue;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		rc = errno;
		close(fd);
		fd = -1;
		errno = rc;
	}
	freeaddrinfo(res);
	if (fd < 0)
		return cli_error("%s: cannot connect: %s", addr, strerror(errno)), CVD_EIO;
	int one = 1;
	struct timeval tv = {60, 0};
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		close(fd);
		return CVD_ENOMEM;
	}
	c->cc_fd = fd;
	c->cc_next_id = 1;
	snprintf(c->cc_addr, sizeof(c->cc_addr), "%s", addr);
	*out = c;
	return 0;
}

void cli_close(struct cli_conn *c)
{
	if (c == NULL)
		return;
	close(c->cc_fd);
	free(c);
}

int cli_call(struct cli_conn *c, Cvdlog__Request *req, Cvdlog__Response **out)
{
	size_t n, rlen;
	uint8_t *buf, *rbuf = NULL;
	Cvdlog__Response *resp;
	int rc;

	req->id = c->cc_next_id++;
	n = cvdlog__request__get_packed_size(req);
	buf = malloc(n > 0 ? n : 1);
	if (buf == NULL)
		return CVD_ENOMEM;
	cvdlog__request__pack(req, buf);
	rc = codec_write_frame(c->cc_fd, buf, n);
	free(buf);
	if (rc != 0)
		return cli_error("%s: send failed: %s", c->cc_addr, cvd_strerror(rc)), rc;
	rc = codec_read_frame(c->cc_fd, CODEC_FRAME_MAX, &rbuf, &rlen);
	if (rc != 0) {
		cli_error("%s: no answer: %s", c->cc_addr,
		          rc == CVD_EIO ? "connection closed by the node" : cvd_strerror(rc));
		return rc;
	}
	resp = cvdlog__response__unpack(NULL, rlen, rbuf);
	free(rbuf);
	if (resp == NULL)
		return cli_error("%s: malformed response", c->cc_addr), CVD_EINVAL;
	if (resp->id != req->id && resp->id != 0) {
		cvdlog__response__free_unpacked(resp, NULL);
		return cli_error("%s: response to another request", c->cc_addr), CVD_EINVAL;
	}
	*out = resp;
	return 0;
}

int cli_call_ok(struct cli_conn *c, Cvdlog__Request *req, Cvdlog__Response **out)
{
	int rc = cli_call(c, req, out);

	if (rc != 0)
		return rc;
	if ((*out)->error != CVDLOG__ERROR_CODE__OK) {
		cli_error("%s: %s: %s", c->cc_addr, cli_error_name((*out)->error), (*out)->message);
		cvdlog__response__free_unpacked(*out, NULL);
		*out = NULL;
		return CVD_EINVAL;
	}
	return 0;
}

int cli_call_expect(struct cli_conn *c, Cvdlog__Request *req, Cvdlog__Response__RespCase want,
                    Cvdlog__Response **out)
{
	int rc = cli_call_ok(c, req, out);

	if (rc != 0)
		return rc;
	if ((*out)->resp_case != want) {
		cvdlog__response__free_unpacked(*out, NULL);
		*out = NULL;
		return cli_error("%s: unexpected kind of answer", c->cc_addr), CVD_EINVAL;
	}
	return 0;
}

int cli_fetch_checkpoint(struct cli_conn *c, char **note, size_t *len)
{
	Cvdlog__Request req = CVDLOG__REQUEST__INIT;
	Cvdlog__GetCheckpointRequest g = CVDLOG__GET_CHECKPOINT_REQUEST__INIT;
	Cvdlog__Response *resp;
	int rc;

	req.req_case = CVDLOG__REQUEST__REQ_CHECKPOINT;
	req.checkpoint = &g;
	rc = cli_call_expect(c, &req, CVDLOG__RESPONSE__RESP_CHECKPOINT, &resp);
	if (rc != 0)
		return rc;
	*note = strdup(resp->checkpoint->note);
	*len = strlen(resp->checkpoint->note);
	cvdlog__response__free_unpacked(resp, NULL);
	return *note != NULL ? 0 : CVD_ENOMEM;
}
