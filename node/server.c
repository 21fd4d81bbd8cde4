/*
 * server.c: TCP connections, framing and request dispatch (see server.h).
 *
 * Each connection reads into one growable buffer capped at the frame limit
 * plus its header, so a peer cannot make the node buffer more than that.
 * A malformed frame or request gets a typed error response, then the
 * connection is shut down; nothing reaches the ledger. Submissions hold a
 * reference on their connection until the sequencer answers, so a client
 * that hangs up early never leaves a dangling pointer.
 *
 * Responses are appended to a per-connection output buffer and written
 * once per loop iteration (a uv_check handle runs after all I/O and work
 * callbacks), so a batch that answers many requests of one connection costs
 * one write(2), not one per response.
 */
#include "server.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "casereads.h"
#include "codec.h"
#include "cvdlog.pb-c.h"
#include "encoding.h"
#include "entry.h"
#include "error.h"
#include "log.h"
#include "merkle.h"
#include "seal.h"
#include "sequencer.h"

struct server {
	uv_loop_t *sv_loop;
	uv_tcp_t sv_listener;
	uv_signal_t sv_sigint, sv_sigterm;
	uv_check_t sv_flush;   /* writes every connection's pending output */
	struct conn *sv_dirty; /* connections with pending output */
	const struct server_config *sv_cfg;
	struct ledger *sv_ledger;
	struct sequencer *sv_seq;
	unsigned sv_nconns;
	struct conn *sv_conns; /* all open connections */
	uint64_t sv_start_ms;
	int sv_stopping;
};

struct conn {
	uv_tcp_t c_tcp;
	uv_timer_t c_timer;
	struct server *c_srv;
	struct conn *c_prev, *c_next;
	uint8_t *c_buf;
	size_t c_len, c_cap;
	int c_refs; /* the two handles + one per pending submission */
	int c_closing;
	int c_hangup;   /* answered a bad frame: read nothing more */
	uint8_t *c_out; /* responses not yet handed to libuv */
	size_t c_out_len, c_out_cap;
	struct conn *c_dirty_next; /* on sv_dirty (holding a reference) */
	int c_dirty;
	char c_peer[64];
	uint8_t c_nonce[SEAL_CHALLENGE_LEN]; /* the fetch challenge, if live */
	int c_nonce_live;
};

/* One write: the libuv request and the bytes it owns. */
struct write_req {
	uv_write_t w_req;
	uint8_t *w_data;
};

static void conn_close(struct conn *c, const char *why);

static void conn_unref(struct conn *c)
{
	if (--c->c_refs > 0)
		return;
	free(c->c_buf);
	free(c->c_out);
	free(c);
}

static void on_handle_closed(uv_handle_t *h)
{
	conn_unref(h->data);
}

static void on_write(uv_write_t *req, int status)
{
	struct write_req *w = (struct write_req *)req;
	(void)status;
	free(w->w_data);
	free(w);
}

/* conn_flush hands the connection's pending output to libuv in one write.
 * A client that lets unread output pile up past the limit is dropped. */
static void conn_flush(struct conn *c)
{
	struct write_req *w;
	uv_buf_t buf;

	if (c->c_out_len == 0 || c->c_closing)
		return;
	w = malloc(sizeof(*w));
	if (w == NULL) {
		conn_close(c, "out of memory");
		return;
	}
	w->w_data = c->c_out;
	buf = uv_buf_init((char *)c->c_out, (unsigned)c->c_out_len);
	c->c_out = NULL;
	c->c_out_len = c->c_out_cap = 0;
	if (uv_write(&w->w_req, (uv_stream_t *)&c->c_tcp, &buf, 1, on_write) != 0) {
		free(w->w_data);
		free(w);
		conn_close(c, "write failed");
		return;
	}
	if (uv_stream_get_write_queue_size((uv_stream_t *)&c->c_tcp) >
	    c->c_srv->sv_cfg->sc_max_write_queue)
		conn_close(c, "slow reader");
}

static void on_flush(uv_check_t *h)
{
	struct server *sv = h->data;

	while (sv->sv_dirty != NULL) {
		struct conn *c = sv->sv_dirty;
		sv->sv_dirty = c->c_dirty_next;
		c->c_dirty = 0;
		conn_flush(c);
		conn_unref(c);
	}
}

static int error_code(int rc)
{
	switch (rc) {
	case 0: return CVDLOG__ERROR_CODE__OK;
	case CVD_EINVAL:
	case CVD_ERANGE:
	case CVD_EORIGIN: return CVDLOG__ERROR_CODE__BAD_REQUEST;
	case CVD_EBADSIG: return CVDLOG__ERROR_CODE__BAD_SIGNATURE;
	case CVD_EUNAUTH: return CVDLOG__ERROR_CODE__UNAUTHORIZED;
	case CVD_ETRANSITION: return CVDLOG__ERROR_CODE__INVALID_TRANSITION;
	case CVD_EDUP: return CVDLOG__ERROR_CODE__DUPLICATE;
	case CVD_ETOOLARGE: return CVDLOG__ERROR_CODE__TOO_LARGE;
	case CVD_EBUSY:
	case CVD_EIO: return CVDLOG__ERROR_CODE__UNAVAILABLE;
	default: return CVDLOG__ERROR_CODE__INTERNAL;
	}
}

/* send_response packs resp as one frame onto the connection's output;
 * on_flush writes it at the end of this loop iteration. */
static void send_response(struct conn *c, Cvdlog__Response *resp)
{
	size_t n = cvdlog__response__get_packed_size(resp), need;

	if (c->c_closing)
		return;
	if (n + CODEC_HEADER_LEN > CODEC_FRAME_MAX) {
		log_event("error", "event=response_too_large peer=%s size=%zu", c->c_peer, n);
		conn_close(c, "response too large");
		return;
	}
	need = c->c_out_len + CODEC_HEADER_LEN + n;
	/* Unread output is bounded whether it waits here or in libuv. */
	if (need + uv_stream_get_write_queue_size((uv_stream_t *)&c->c_tcp) >
	    c->c_srv->sv_cfg->sc_max_write_queue) {
		conn_close(c, "slow reader");
		return;
	}
	if (need > c->c_out_cap) {
		size_t ncap = c->c_out_cap ? c->c_out_cap : 4096;
		while (ncap < need)
			ncap *= 2;
		uint8_t *nb = realloc(c->c_out, ncap);
		if (nb == NULL) {
			conn_close(c, "out of memory");
			return;
		}
		c->c_out = nb;
		c->c_out_cap = ncap;
	}
	enc_put32(c->c_out + c->c_out_len, (uint32_t)n);
	cvdlog__response__pack(resp, c->c_out + c->c_out_len + CODEC_HEADER_LEN);
	c->c_out_len = need;
	if (!c->c_dirty) {
		c->c_dirty = 1;
		c->c_refs++;
		c->c_dirty_next = c->c_srv->sv_dirty;
		c->c_srv->sv_dirty = c;
	}
}

static void send_error(struct conn *c, uint64_t id, int rc, const char *msg)
{
	Cvdlog__Response resp = CVDLOG__RESPONSE__INIT;
	resp.id = id;
	resp.error = error_code(rc);
	resp.message = (char *)(msg != NULL ? msg : cvd_strerror(rc));
	send_response(c, &resp);
}

static void on_shutdown(uv_shutdown_t *req, int status)
{
	(void)status;
	conn_close(req->data, NULL);
	free(req);
}

/* send_error_and_hang_up: answer, stop reading, close once the answer is out. */
static void send_error_and_hang_up(struct conn *c, uint64_t id, int rc, const char *msg)
{
	uv_shutdown_t *sd;

	log_event("warn", "event=bad_input peer=%s err=\"%s\"", c->c_peer, msg);
	send_error(c, id, rc, msg);
	if (c->c_closing || c->c_hangup)
		return;
	c->c_hangup = 1;
	conn_flush(c); /* the answer must be queued before the shutdown */
	uv_read_stop((uv_stream_t *)&c->c_tcp);
	sd = malloc(sizeof(*sd));
	if (sd == NULL || uv_shutdown(sd, (uv_stream_t *)&c->c_tcp, on_shutdown) != 0) {
		free(sd);
		conn_close(c, NULL);
		return;
	}
	sd->data = c;
}

/* ---- submissions -------------------------------------------------------- */

static void on_submitted(struct sequencer_req *req)
{
	struct conn *c = req->sr_data;
	struct ledger_item *it = &req->sr_item;
	Cvdlog__Response resp = CVDLOG__RESPONSE__INIT;
	Cvdlog__Receipt rec = CVDLOG__RECEIPT__INIT;
	int rc = it->li_status;

	resp.id = req->sr_id;
	if ((rc == 0 || rc == CVD_EDUP) && req->sr_receipt != NULL) {
		rec.index = it->li_index;
		rec.tlog_proof = req->sr_receipt;
		resp.resp_case = CVDLOG__RESPONSE__RESP_RECEIPT;
		resp.receipt = &rec;
	}
	resp.error = error_code(rc);
	if (rc != 0)
		resp.message =
		    (char *)(ledger_item_why(it) != NULL ? ledger_item_why(it) : cvd_strerror(rc));
	if (rc != 0 && rc != CVD_EDUP)
		log_event("info", "event=submit_refused peer=%s err=\"%s\"", c->c_peer,
		          resp.message);
	send_response(c, &resp);
	free(req->sr_receipt);
	free(req->sr_event);
	ledger_item_release(&req->sr_item);
	free(req);
	conn_unref(c);
}

static void handle_submit(struct conn *c, uint64_t id, Cvdlog__SubmitRequest *s)
{
	struct server *sv = c->c_srv;
	struct sequencer_req *req;
	int rc;

	if (strcmp(s->origin, ledger_origin(sv->sv_ledger)) != 0) {
		send_error(c, id, CVD_EORIGIN,
		           "wrong origin: this log is not the one the event was signed for");
		return;
	}
	if (s->event.len > ENTRY_EVENT_MAX) {
		send_error(c, id, CVD_ETOOLARGE, "event larger than 65,386 bytes");
		return;
	}
	if (s->event.len == 0 || s->author.len != KEYS_PK_LEN || s->signature.len != KEYS_SIG_LEN) {
		send_error(c, id, CVD_EINVAL,
		           "submit needs an event, a 32-byte author key and a 64-byte signature");
		return;
	}
	if (s->n_sealed > LEDGER_MAX_SEALED) {
		send_error(c, id, CVD_EINVAL, "too many sealed payloads in one submission");
		return;
	}
	req = calloc(1, sizeof(*req));
	if (req == NULL || (req->sr_event = malloc(s->event.len)) == NULL ||
	    ledger_item_set_sealed(&req->sr_item, s->sealed, s->n_sealed) != 0) {
		if (req != NULL) {
			free(req->sr_event);
			ledger_item_release(&req->sr_item);
		}
		free(req);
		send_error(c, id, CVD_ENOMEM, NULL);
		return;
	}
	memcpy(req->sr_event, s->event.data, s->event.len);
	req->sr_item.li_event_len = s->event.len;
	memcpy(req->sr_item.li_author, s->author.data, KEYS_PK_LEN);
	memcpy(req->sr_item.li_sig, s->signature.data, KEYS_SIG_LEN);
	req->sr_done = on_submitted;
	req->sr_data = c;
	req->sr_id = id;
	c->c_refs++;
	rc = sequencer_submit(sv->sv_seq, req);
	if (rc != 0) {
		c->c_refs--;
		free(req->sr_event);
		ledger_item_release(&req->sr_item);
		free(req);
		send_error(c, id, rc, "too many pending submissions; retry later");
	}
}

/* ---- reads -------------------------------------------------------------- */

static void handle_read(struct conn *c, Cvdlog__Request *req)
{
	struct server *sv = c->c_srv;
	struct ledger_reader *r = NULL;
	Cvdlog__Response resp = CVDLOG__RESPONSE__INIT;
	Cvdlog__Checkpoint cp = CVDLOG__CHECKPOINT__INIT;
	Cvdlog__Entries ents = CVDLOG__ENTRIES__INIT;
	Cvdlog__Proof pr = CVDLOG__PROOF__INIT;
	Cvdlog__Status st = CVDLOG__STATUS__INIT;
	uint8_t proof[MERKLE_PROOF_MAX][MERKLE_HASH_LEN];
	ProtobufCBinaryData hashes[MERKLE_PROOF_MAX], *ebufs = NULL;
	char *note = NULL;
	const char *cnote;
	size_t clen, n = 0;
	uint64_t size;
	int rc;

	rc = ledger_read_begin(sv->sv_ledger, &r);
	if (rc != 0)
		goto out;
	ledger_read_checkpoint(r, &cnote, &clen, &size);
	note = malloc(clen + 1);
	if (note == NULL) {
		rc = CVD_ENOMEM;
		goto out;
	}
	memcpy(note, cnote, clen);
	note[clen] = '\0';
	resp.id = req->id;
	switch (req->req_case) {
	case CVDLOG__REQUEST__REQ_CHECKPOINT:
		cp.note = note;
		resp.resp_case = CVDLOG__RESPONSE__RESP_CHECKPOINT;
		resp.checkpoint = &cp;
		break;
	case CVDLOG__REQUEST__REQ_ENTRIES: {
		uint64_t start = req->entries->start;
		uint32_t count = req->entries->count;
		/* Responses are bounded by the protocol's frame ceiling (what a
		 * client accepts), not by the node's limit on requests. */
		size_t budget = CODEC_FRAME_MAX - 4096, used = 0;
		if (count == 0 || start >= size) {
			rc = CVD_ERANGE;
			goto out;
		}
		if (count > sv->sv_cfg->sc_max_entries)
			count = sv->sv_cfg->sc_max_entries;
		if (count > size - start)
			count = (uint32_t)(size - start);
		ebufs = calloc(count, sizeof(*ebufs));
		if (ebufs == NULL) {
			rc = CVD_ENOMEM;
			goto out;
		}
		for (n = 0; n < count; n++) {
			const uint8_t *b;
			size_t bl;
			rc = ledger_read_entry(r, start + n, &b, &bl);
			if (rc != 0)
				goto out;
			if (used + bl + 8 > budget)
				break;
			used += bl + 8;
			ebufs[n].data = (uint8_t *)b;
			ebufs[n].len = bl;
		}
		ents.start = start;
		ents.n_entries = n;
		ents.entries = ebufs;
		resp.resp_case = CVDLOG__RESPONSE__RESP_ENTRIES;
		resp.entries = &ents;
		break;
	}
	case CVDLOG__REQUEST__REQ_INCLUSION: {
		uint64_t psize = req->inclusion->size ? req->inclusion->size : size;
		const uint8_t *b;
		size_t bl;
		rc = ledger_read_inclusion(r, req->inclusion->index, psize, proof, &n);
		if (rc == 0)
			rc = ledger_read_entry(r, req->inclusion->index, &b, &bl);
		if (rc != 0)
			goto out;
		pr.index = req->inclusion->index;
		pr.size = psize;
		pr.entry.data = (uint8_t *)b;
		pr.entry.len = bl;
		if (psize == size)
			pr.checkpoint = note;
		goto proof;
	}
	case CVDLOG__REQUEST__REQ_CONSISTENCY: {
		uint64_t nsize = req->consistency->new_size ? req->consistency->new_size : size;
		rc = ledger_read_consistency(r, req->consistency->old_size, nsize, proof, &n);
		if (rc != 0)
			goto out;
		pr.index = req->consistency->old_size;
		pr.size = nsize;
		if (nsize == size)
			pr.checkpoint = note;
		goto proof;
	}
	case CVDLOG__REQUEST__REQ_STATUS:
		st.origin = (char *)ledger_origin(sv->sv_ledger);
		st.size = size;
		st.node_name = (char *)ledger_node_name(sv->sv_ledger);
		st.uptime_ms = log_now_ms() - sv->sv_start_ms;
		st.pending = sequencer_pending(sv->sv_seq);
		st.connections = sv->sv_nconns;
		resp.resp_case = CVDLOG__RESPONSE__RESP_STATUS;
		resp.status = &st;
		break;
	default: rc = CVD_EINVAL; goto out;
	}
	goto send;
proof:
	for (size_t i = 0; i < n; i++) {
		hashes[i].data = proof[i];
		hashes[i].len = MERKLE_HASH_LEN;
	}
	pr.n_hashes = n;
	pr.hashes = hashes;
	resp.resp_case = CVDLOG__RESPONSE__RESP_PROOF;
	resp.proof = &pr;
send:
	send_response(c, &resp); /* before the reader ends: entries point into the map */
out:
	if (rc != 0)
		send_error(c, req->id, rc,
		           rc == CVD_ERANGE ? "index or size outside the log" : NULL);
	ledger_read_end(r);
	free(note);
	free(ebufs);
}

/* ---- the CVD domain: challenges, sealed payloads, cases ----------------- */

/* A fresh nonce per challenge: it replaces any earlier one, serves one
 * fetch and dies with the connection, so a recorded fetch cannot be
 * replayed. */
static void handle_challenge(struct conn *c, uint64_t id)
{
	Cvdlog__Response resp = CVDLOG__RESPONSE__INIT;
	Cvdlog__Challenge ch = CVDLOG__CHALLENGE__INIT;

	randombytes_buf(c->c_nonce, sizeof(c->c_nonce));
	c->c_nonce_live = 1;
	ch.nonce.data = c->c_nonce;
	ch.nonce.len = sizeof(c->c_nonce);
	resp.id = id;
	resp.resp_case = CVDLOG__RESPONSE__RESP_CHALLENGE;
	resp.challenge = &ch;
	send_response(c, &resp);
}

static void handle_case_read(struct conn *c, Cvdlog__Request *req)
{
	struct server *sv = c->c_srv;
	struct ledger_reader *r = NULL;
	Cvdlog__Response resp = CVDLOG__RESPONSE__INIT;
	struct casereads_keep keep;
	uint8_t nonce[SEAL_CHALLENGE_LEN];
	const char *why = NULL;
	int live = 0, rc;

	memset(&keep, 0, sizeof(keep));
	if (req->req_case == CVDLOG__REQUEST__REQ_FETCH_SEALED && c->c_nonce_live) {
		memcpy(nonce, c->c_nonce, sizeof(nonce));
		sodium_memzero(c->c_nonce, sizeof(c->c_nonce));
		c->c_nonce_live = 0; /* retired before use: one fetch per challenge */
		live = 1;
	}
	rc = ledger_read_begin(sv->sv_ledger, &r);
	if (rc == 0)
		rc = casereads_answer(sv->sv_ledger, r, req, live ? nonce : NULL, &resp, &keep,
		                      &why);
	if (rc == 0) {
		resp.id = req->id;
		send_response(c, &resp); /* before the reader ends: payloads point into the map */
	} else {
		if (rc == CVD_EUNAUTH)
			log_event("info", "event=fetch_refused peer=%s", c->c_peer);
		send_error(c, req->id, rc, why);
	}
	casereads_release(&keep);
	ledger_read_end(r);
}

static void handle_frame(struct conn *c, const uint8_t *buf, size_t len)
{
	Cvdlog__Request *req = cvdlog__request__unpack(NULL, len, buf);

	if (req == NULL) {
		send_error_and_hang_up(c, 0, CVD_EINVAL, "frame is not a cvdlog.Request");
		return;
	}
	switch (req->req_case) {
	case CVDLOG__REQUEST__REQ_SUBMIT: handle_submit(c, req->id, req->submit); break;
	case CVDLOG__REQUEST__REQ_CHECKPOINT:
	case CVDLOG__REQUEST__REQ_ENTRIES:
	case CVDLOG__REQUEST__REQ_INCLUSION:
	case CVDLOG__REQUEST__REQ_CONSISTENCY:
	case CVDLOG__REQUEST__REQ_STATUS: handle_read(c, req); break;
	case CVDLOG__REQUEST__REQ_CHALLENGE: handle_challenge(c, req->id); break;
	case CVDLOG__REQUEST__REQ_FETCH_SEALED:
	case CVDLOG__REQUEST__REQ_CASE_ENTRIES:
	case CVDLOG__REQUEST__REQ_CASE_LIST:
	case CVDLOG__REQUEST__REQ_ROSTER: handle_case_read(c, req); break;
	default: send_error(c, req->id, CVD_EINVAL, "unknown request type"); break;
	}
	cvdlog__request__free_unpacked(req, NULL);
}

/* ---- connections -------------------------------------------------------- */

static void on_alloc(uv_handle_t *h, size_t hint, uv_buf_t *buf)
{
	struct conn *c = h->data;
	size_t limit = (size_t)c->c_srv->sv_cfg->sc_max_frame + CODEC_HEADER_LEN;
	(void)hint;

	/* Grow (doubling, up to one whole frame) whenever space runs low, so a
	 * frame of any size up to the limit fits. */
	if (c->c_cap - c->c_len < 16384 && c->c_cap < limit) {
		size_t ncap = c->c_cap ? c->c_cap * 2 : 65536;
		if (ncap > limit)
			ncap = limit;
		uint8_t *nb = realloc(c->c_buf, ncap);
		if (nb != NULL) {
			c->c_buf = nb;
			c->c_cap = ncap;
		}
	}
	buf->base = (char *)c->c_buf + c->c_len;
	buf->len = c->c_cap - c->c_len;
}

static void on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
	struct conn *c = s->data;
	size_t off = 0;
	(void)buf;

	if (nread < 0) {
		conn_close(c, nread == UV_EOF ? NULL : uv_strerror((int)nread));
		return;
	}
	if (nread == 0 || c->c_hangup)
		return;
	uv_timer_again(&c->c_timer);
	c->c_len += (size_t)nread;
	while (!c->c_closing && !c->c_hangup) {
		long need = codec_frame_need(c->c_buf + off, c->c_len - off,
		                             c->c_srv->sv_cfg->sc_max_frame);
		if (need == 0)
			break;
		if (need < 0) {
			send_error_and_hang_up(c, 0, (int)need,
			                       need == CVD_ETOOLARGE
			                           ? "frame larger than the node's limit"
			                           : "empty frame");
			return;
		}
		handle_frame(c, c->c_buf + off + CODEC_HEADER_LEN, (size_t)need - CODEC_HEADER_LEN);
		off += (size_t)need;
	}
	if (off > 0 && !c->c_closing && !c->c_hangup) {
		memmove(c->c_buf, c->c_buf + off, c->c_len - off);
		c->c_len -= off;
	}
}

static void on_idle(uv_timer_t *t)
{
	conn_close(t->data, "idle timeout");
}

static void conn_close(struct conn *c, const char *why)
{
	struct server *sv = c->c_srv;

	if (c->c_closing)
		return;
	c->c_closing = 1;
	if (why != NULL)
		log_event("info", "event=disconnect peer=%s reason=\"%s\"", c->c_peer, why);
	if (c->c_prev != NULL)
		c->c_prev->c_next = c->c_next;
	else
		sv->sv_conns = c->c_next;
	if (c->c_next != NULL)
		c->c_next->c_prev = c->c_prev;
	sv->sv_nconns--;
	uv_close((uv_handle_t *)&c->c_tcp, on_handle_closed);
	uv_close((uv_handle_t *)&c->c_timer, on_handle_closed);
}

static void peer_name(uv_tcp_t *tcp, char *out, size_t cap)
{
	struct sockaddr_storage ss;
	int len = sizeof(ss);
	char host[48] = "?";
	int port = 0;

	if (uv_tcp_getpeername(tcp, (struct sockaddr *)&ss, &len) == 0) {
		if (ss.ss_family == AF_INET) {
			uv_ip4_name((struct sockaddr_in *)&ss, host, sizeof(host));
			port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
		} else if (ss.ss_family == AF_INET6) {
			uv_ip6_name((struct sockaddr_in6 *)&ss, host, sizeof(host));
			port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
		}
	}
	snprintf(out, cap, "%s:%d", host, port);
}

static void on_connection(uv_stream_t *l, int status)
{
	struct server *sv = l->data;
	struct conn *c;

	if (status != 0 || sv->sv_stopping)
		return;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return;
	c->c_srv = sv;
	c->c_refs = 2;
	uv_tcp_init(sv->sv_loop, &c->c_tcp);
	uv_timer_init(sv->sv_loop, &c->c_timer);
	c->c_tcp.data = c;
	c->c_timer.data = c;
	/* Linked before accept so conn_close can always unlink it. */
	c->c_next = sv->sv_conns;
	if (sv->sv_conns != NULL)
		sv->sv_conns->c_prev = c;
	sv->sv_conns = c;
	sv->sv_nconns++;
	if (uv_accept(l, (uv_stream_t *)&c->c_tcp) != 0) {
		conn_close(c, NULL);
		return;
	}
	peer_name(&c->c_tcp, c->c_peer, sizeof(c->c_peer));
	if (sv->sv_nconns > sv->sv_cfg->sc_max_conns) {
		log_event("warn", "event=refused peer=%s reason=\"connection limit %u\"", c->c_peer,
		          sv->sv_cfg->sc_max_conns);
		send_error_and_hang_up(c, 0, CVD_EBUSY, "too many connections; retry later");
		return;
	}
	uv_tcp_nodelay(&c->c_tcp, 1);
	uv_timer_start(&c->c_timer, on_idle, sv->sv_cfg->sc_idle_ms, sv->sv_cfg->sc_idle_ms);
	uv_read_start((uv_stream_t *)&c->c_tcp, on_alloc, on_read);
}

/* ---- lifecycle ---------------------------------------------------------- */

static void on_signal(uv_signal_t *sig, int signum)
{
	struct server *sv = sig->data;

	if (sv->sv_stopping)
		return;
	sv->sv_stopping = 1;
	log_event("info", "event=stopping signal=%d pending=%zu", signum,
	          sequencer_pending(sv->sv_seq));
	sequencer_drain(sv->sv_seq);
	uv_close((uv_handle_t *)&sv->sv_listener, NULL);
	on_flush(&sv->sv_flush); /* write what is pending, release the references */
	uv_close((uv_handle_t *)&sv->sv_flush, NULL);
	uv_close((uv_handle_t *)&sv->sv_sigint, NULL);
	uv_close((uv_handle_t *)&sv->sv_sigterm, NULL);
	/* Pending submissions keep their connection alive until answered. */
	while (sv->sv_conns != NULL)
		conn_close(sv->sv_conns, NULL);
}

static int parse_listen(const char *s, struct sockaddr_storage *ss)
{
	char host[256];
	const char *colon = strrchr(s, ':');
	size_t hl;
	long port;
	char *end;

	if (colon == NULL)
		return CVD_EINVAL;
	hl = (size_t)(colon - s);
	if (hl == 0 || hl >= sizeof(host))
		return CVD_EINVAL;
	memcpy(host, s, hl);
	host[hl] = '\0';
	if (host[0] == '[' && host[hl - 1] == ']') {
		memmove(host, host + 1, hl - 2);
		host[hl - 2] = '\0';
	}
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	if (errno != 0 || *end != '\0' || end == colon + 1 || port < 0 || port > 65535)
		return CVD_EINVAL;
	if (uv_ip4_addr(host, (int)port, (struct sockaddr_in *)ss) == 0)
		return 0;
	if (uv_ip6_addr(host, (int)port, (struct sockaddr_in6 *)ss) == 0)
		return 0;
	return CVD_EINVAL;
}

static int write_addr_file(const char *path, const char *addr)
{
	char tmp[4096];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (f == NULL)
		return -errno;
	fprintf(f, "%s\n", addr);
	if (fclose(f) != 0 || rename(tmp, path) != 0)
		return -errno;
	return 0;
}

int server_run(struct ledger *l, const struct server_config *cfg)
{
	struct server sv;
	struct sockaddr_storage ss;
	int len = sizeof(ss), rc;
	char bound[80], host[48];

	memset(&sv, 0, sizeof(sv));
	sv.sv_loop = uv_default_loop();
	sv.sv_cfg = cfg;
	sv.sv_ledger = l;
	sv.sv_start_ms = log_now_ms();
	signal(SIGPIPE, SIG_IGN);
	if (parse_listen(cfg->sc_listen, &ss) != 0) {
		log_event("error", "event=bad_listen_address addr=\"%s\"", cfg->sc_listen);
		return CVD_EINVAL;
	}
	rc = sequencer_new(sv.sv_loop, l, cfg->sc_max_pending, cfg->sc_max_batch, &sv.sv_seq);
	if (rc != 0)
		return rc;
	uv_tcp_init(sv.sv_loop, &sv.sv_listener);
	sv.sv_listener.data = &sv;
	rc = uv_tcp_bind(&sv.sv_listener, (struct sockaddr *)&ss, 0);
	if (rc == 0)
		rc = uv_listen((uv_stream_t *)&sv.sv_listener, 1024, on_connection);
	if (rc != 0) {
		log_event("error", "event=listen_failed addr=%s err=\"%s\"", cfg->sc_listen,
		          uv_strerror(rc));
		uv_close((uv_handle_t *)&sv.sv_listener, NULL);
		uv_run(sv.sv_loop, UV_RUN_DEFAULT);
		sequencer_free(sv.sv_seq);
		return CVD_EIO;
	}
	uv_tcp_getsockname(&sv.sv_listener, (struct sockaddr *)&ss, &len);
	if (ss.ss_family == AF_INET6) {
		uv_ip6_name((struct sockaddr_in6 *)&ss, host, sizeof(host));
		snprintf(bound, sizeof(bound), "[%s]:%d", host,
		         ntohs(((struct sockaddr_in6 *)&ss)->sin6_port));
	} else {
		uv_ip4_name((struct sockaddr_in *)&ss, host, sizeof(host));
		snprintf(bound, sizeof(bound), "%s:%d", host,
		         ntohs(((struct sockaddr_in *)&ss)->sin_port));
	}
	uv_check_init(sv.sv_loop, &sv.sv_flush);
	sv.sv_flush.data = &sv;
	uv_check_start(&sv.sv_flush, on_flush);
	uv_signal_init(sv.sv_loop, &sv.sv_sigint);
	uv_signal_init(sv.sv_loop, &sv.sv_sigterm);
	sv.sv_sigint.data = sv.sv_sigterm.data = &sv;
	uv_signal_start(&sv.sv_sigint, on_signal, SIGINT);
	uv_signal_start(&sv.sv_sigterm, on_signal, SIGTERM);
	log_event("info",
	          "event=listening addr=%s origin=%s size=%" PRIu64
	          " max_frame=%u max_conns=%u idle_ms=%" PRIu64,
	          bound, ledger_origin(l), ledger_size(l), cfg->sc_max_frame, cfg->sc_max_conns,
	          cfg->sc_idle_ms);
	if (cfg->sc_addr_file != NULL && write_addr_file(cfg->sc_addr_file, bound) != 0)
		log_event("warn", "event=addr_file_failed path=%s", cfg->sc_addr_file);
	uv_run(sv.sv_loop, UV_RUN_DEFAULT);
	log_event("info", "event=stopped size=%" PRIu64, ledger_size(l));
	sequencer_free(sv.sv_seq);
	uv_loop_close(sv.sv_loop);
	return 0;
}
