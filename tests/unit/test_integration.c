/*
 * test_integration.c: real cvdlogd processes on 127.0.0.1 with kernel-picked
 * ports. Bad input of every kind gets a typed error, changes nothing and
 * leaves the node serving others; a resubmitted event gets its original
 * receipt; the configured limits (connections, idle time, frame size) hold.
 * Then each scenario script in the .sh files in tests/integration runs (they start
 * their own nodes, kill -9 them and check what survived).
 */
#include <check.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "codec.h"
#include "encoding.h"
#include "entry.h"
#include "event.h"
#include "log.h"
#include "nodeproc.h"
#include "testutil.h"

#define ORIGIN "it.example/log"

/* raw_note encodes a note event with any text (even an invalid one). */
static uint8_t *raw_note(struct keys_signer *k, const char *text, size_t *len)
{
	Cvdlog__Event e = CVDLOG__EVENT__INIT;
	Cvdlog__Note n = CVDLOG__NOTE__INIT;
	uint8_t nonce[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, *out;
	char vkey[KEYS_VKEY_MAX + 1];

	e.nonce.data = nonce;
	e.nonce.len = 16;
	e.time_ms = log_now_ms();
	e.signer = keys_signer_vkey(k, vkey);
	n.text = (char *)text;
	e.body_case = CVDLOG__EVENT__BODY_NOTE;
	e.note = &n;
	*len = cvdlog__event__get_packed_size(&e);
	out = malloc(*len);
	cvdlog__event__pack(&e, out);
	return out;
}

static struct keys_signer *author(void)
{
	struct keys_signer *k;
	ck_assert_int_eq(keys_signer_generate("tester", &k), 0);
	return k;
}

/* expect_error sends req on fd and checks the typed error (and text). */
static void expect_error(int fd, Cvdlog__Request *req, Cvdlog__ErrorCode code, const char *text)
{
	Cvdlog__Response *r = np_call(fd, req);
	ck_assert_ptr_nonnull(r);
	ck_assert_msg(r->error == code, "error %d (%s), want %d", r->error, r->message, code);
	if (text != NULL)
		ck_assert_msg(strstr(r->message, text) != NULL, "message \"%s\" lacks \"%s\"",
		              r->message, text);
	cvdlog__response__free_unpacked(r, NULL);
}

/* expect_hangup reads one error response, then EOF. */
static void expect_hangup(int fd, Cvdlog__ErrorCode code)
{
	Cvdlog__Response *r = np_read(fd);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->error, code);
	cvdlog__response__free_unpacked(r, NULL);
	ck_assert_ptr_null(np_read(fd));
	close(fd);
}

static void submit_signed(int fd, struct keys_signer *k, const char *origin, const uint8_t *ev,
                          size_t len, Cvdlog__ErrorCode code, const char *text)
{
	Cvdlog__Request req;
	Cvdlog__SubmitRequest sub;
	uint8_t sig[64];

	entry_sign_event(k, origin, ev, len, sig);
	np_submit_request(&req, &sub, ORIGIN, ev, len, keys_signer_pk(k), sig);
	expect_error(fd, &req, code, text);
}

START_TEST(bad_input_changes_nothing)
{
	struct nodeproc n;
	struct keys_signer *k = author();
	uint8_t hdr[4], *ev;
	size_t len;
	int fd;

	np_init(&n);
	np_start(&n, NULL);
	ck_assert_uint_eq(np_size(&n), 1);

	/* Oversize frame: refused before the body is read. */
	fd = np_connect(&n);
	enc_put32(hdr, 5u << 20);
	np_send_raw(fd, hdr, 4);
	expect_hangup(fd, CVDLOG__ERROR_CODE__TOO_LARGE);
	/* Empty frame. */
	fd = np_connect(&n);
	enc_put32(hdr, 0);
	np_send_raw(fd, hdr, 4);
	expect_hangup(fd, CVDLOG__ERROR_CODE__BAD_REQUEST);
	/* Garbage protobuf. */
	fd = np_connect(&n);
	np_send_raw(fd, "\x00\x00\x00\x05\xff\xff\xff\xff\xff", 9);
	expect_hangup(fd, CVDLOG__ERROR_CODE__BAD_REQUEST);
	/* Truncated frame, then the client goes away. */
	fd = np_connect(&n);
	np_send_raw(fd, "\x00\x00\x01\x00\x0a\x0b", 6);
	shutdown(fd, SHUT_WR);
	ck_assert_ptr_null(np_read(fd));
	close(fd);

	fd = np_connect(&n);
	/* A request with no type, and one with only an unknown field. */
	Cvdlog__Request empty = CVDLOG__REQUEST__INIT;
	empty.id = 7; /* an id and nothing else: a frame with no request type */
	expect_error(fd, &empty, CVDLOG__ERROR_CODE__BAD_REQUEST, "unknown request type");
	np_send_raw(fd, "\x00\x00\x00\x03\xf8\x06\x01", 7); /* field 111, varint 1 */
	Cvdlog__Response *r = np_read(fd);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->error, CVDLOG__ERROR_CODE__BAD_REQUEST);
	cvdlog__response__free_unpacked(r, NULL);

	/* Submissions: bad signature, wrong origin, malformed fields. */
	ev = raw_note(k, "hello", &len);
	Cvdlog__Request req;
	Cvdlog__SubmitRequest sub;
	uint8_t sig[64];
	entry_sign_event(k, ORIGIN, ev, len, sig);
	sig[5] ^= 0x20;
	np_submit_request(&req, &sub, ORIGIN, ev, len, keys_signer_pk(k), sig);
	expect_error(fd, &req, CVDLOG__ERROR_CODE__BAD_SIGNATURE, "signature");
	submit_signed(fd, k, "other.example/log", ev, len, CVDLOG__ERROR_CODE__BAD_SIGNATURE, NULL);
	entry_sign_event(k, ORIGIN, ev, len, sig);
	np_submit_request(&req, &sub, "other.example/log", ev, len, keys_signer_pk(k), sig);
	expect_error(fd, &req, CVDLOG__ERROR_CODE__BAD_REQUEST, "wrong origin");
	np_submit_request(&req, &sub, ORIGIN, ev, len, NULL, sig);
	expect_error(fd, &req, CVDLOG__ERROR_CODE__BAD_REQUEST, "32-byte author");
	free(ev);
	/* Garbage event bytes, correctly signed. */
	submit_signed(fd, k, ORIGIN, (const uint8_t *)"\x0a\x03zzz\xff", 6,
	              CVDLOG__ERROR_CODE__BAD_REQUEST, NULL);
	/* Empty note (event_build_note refuses to make one). */
	ev = raw_note(k, "", &len);
	submit_signed(fd, k, ORIGIN, ev, len, CVDLOG__ERROR_CODE__BAD_REQUEST, "empty");
	free(ev);
	/* Oversize note: a 9000-byte text. */
	{
		char *text = malloc(9001);
		memset(text, 'a', 9000);
		text[9000] = '\0';
		ev = raw_note(k, text, &len);
		submit_signed(fd, k, ORIGIN, ev, len, CVDLOG__ERROR_CODE__TOO_LARGE, "too long");
		free(ev);
		free(text);
	}
	/* A note naming another signer than the key that signs it. */
	{
		struct keys_signer *other = author();
		ev = raw_note(other, "not mine", &len);
		submit_signed(fd, k, ORIGIN, ev, len, CVDLOG__ERROR_CODE__UNAUTHORIZED,
		              "another signer");
		free(ev);
		keys_signer_free(other);
	}
	/* An event over the entry limit. */
	{
		uint8_t *huge = calloc(1, ENTRY_EVENT_MAX + 1);
		submit_signed(fd, k, ORIGIN, huge, ENTRY_EVENT_MAX + 1,
		              CVDLOG__ERROR_CODE__TOO_LARGE, NULL);
		free(huge);
	}
	/* Absurd ranges. */
	Cvdlog__GetEntriesRequest ge = CVDLOG__GET_ENTRIES_REQUEST__INIT;
	Cvdlog__InclusionRequest ir = CVDLOG__INCLUSION_REQUEST__INIT;
	Cvdlog__ConsistencyRequest cr = CVDLOG__CONSISTENCY_REQUEST__INIT;
	cvdlog__request__init(&req);
	req.req_case = CVDLOG__REQUEST__REQ_ENTRIES;
	req.entries = &ge;
	ge.start = UINT64_MAX - 3;
	ge.count = 100;
	expect_error(fd, &req, CVDLOG__ERROR_CODE__BAD_REQUEST, "outside the log");
	ge.start = 0;
	ge.count = 0;
	expect_error(fd, &req, CVDLOG__ERROR_CODE__BAD_REQUEST, NULL);
	req.req_case = CVDLOG__REQUEST__REQ_INCLUSION;
	req.inclusion = &ir;
	ir.index = 1000000000000ull;
	expect_error(fd, &req, CVDLOG__ERROR_CODE__BAD_REQUEST, "outside the log");
	ir.index = 0;
	ir.size = 99;
	expect_error(fd, &req, CVDLOG__ERROR_CODE__BAD_REQUEST, "outside the log");
	req.req_case = CVDLOG__REQUEST__REQ_CONSISTENCY;
	req.consistency = &cr;
	cr.old_size = 5;
	cr.new_size = 1;
	expect_error(fd, &req, CVDLOG__ERROR_CODE__BAD_REQUEST, "outside the log");

	/* A 200 KB frame (under the 4 MiB limit) is read whole, not refused:
	 * here a request with only an unknown 200 KB field. */
	{
		size_t big = 200000, fl = 0;
		uint8_t *f = malloc(big + 32);
		f[4 + fl++] = 0x08; /* id = 9 */
		f[4 + fl++] = 0x09;
		f[4 + fl++] = 0xfa; /* field 111, length-delimited */
		f[4 + fl++] = 0x06;
		for (size_t v = big;; v >>= 7) {
			f[4 + fl++] = (uint8_t)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
			if (v <= 0x7f)
				break;
		}
		memset(f + 4 + fl, 'x', big);
		fl += big;
		enc_put32(f, (uint32_t)fl);
		np_send_raw(fd, f, fl + 4);
		free(f);
		Cvdlog__Response *br = np_read(fd);
		ck_assert_ptr_nonnull(br);
		ck_assert_int_eq(br->error, CVDLOG__ERROR_CODE__BAD_REQUEST);
		ck_assert_uint_eq(br->id, 9);
		ck_assert_msg(strstr(br->message, "unknown request type") != NULL, "%s",
		              br->message);
		cvdlog__response__free_unpacked(br, NULL);
	}
	/* After a garbage frame nothing more on that connection is processed,
	 * not even a valid submission sent in the same write. */
	{
		int g = np_connect(&n);
		uint8_t *ok = raw_note(k, "after garbage", &len), sig2[64];
		Cvdlog__Request sreq;
		Cvdlog__SubmitRequest ssub;
		entry_sign_event(k, ORIGIN, ok, len, sig2);
		np_submit_request(&sreq, &ssub, ORIGIN, ok, len, keys_signer_pk(k), sig2);
		size_t pl = cvdlog__request__get_packed_size(&sreq);
		uint8_t *both = malloc(9 + 4 + pl);
		memcpy(both, "\x00\x00\x00\x05\xff\xff\xff\xff\xff", 9);
		enc_put32(both + 9, (uint32_t)pl);
		cvdlog__request__pack(&sreq, both + 13);
		np_send_raw(g, both, 13 + pl);
		expect_hangup(g, CVDLOG__ERROR_CODE__BAD_REQUEST);
		free(both);
		free(ok);
	}

	/* Nothing was stored, and the same connection still works. */
	ck_assert_uint_eq(np_size(&n), 1);
	ev = raw_note(k, "good", &len);
	submit_signed(fd, k, ORIGIN, ev, len, CVDLOG__ERROR_CODE__OK, NULL);
	free(ev);
	ck_assert_uint_eq(np_size(&n), 2);
	close(fd);
	keys_signer_free(k);
	np_cleanup(&n);
}
END_TEST

START_TEST(resubmission_returns_original_receipt)
{
	struct nodeproc n;
	struct keys_signer *k = author();
	Cvdlog__Request req;
	Cvdlog__SubmitRequest sub;
	Cvdlog__Response *a, *b;
	uint8_t *ev, sig[64];
	size_t len;
	int fd;

	np_init(&n);
	np_start(&n, NULL);
	fd = np_connect(&n);
	ev = raw_note(k, "once only", &len);
	entry_sign_event(k, ORIGIN, ev, len, sig);
	np_submit_request(&req, &sub, ORIGIN, ev, len, keys_signer_pk(k), sig);
	a = np_call(fd, &req);
	ck_assert_int_eq(a->error, CVDLOG__ERROR_CODE__OK);
	b = np_call(fd, &req);
	ck_assert_int_eq(b->error, CVDLOG__ERROR_CODE__DUPLICATE);
	ck_assert_int_eq(b->resp_case, CVDLOG__RESPONSE__RESP_RECEIPT);
	ck_assert_uint_eq(a->receipt->index, b->receipt->index);
	/* Same entry (the extra line) in both receipts. */
	const char *ea = strstr(a->receipt->tlog_proof, "extra "),
	           *eb = strstr(b->receipt->tlog_proof, "extra ");
	ck_assert_int_eq(strcspn(ea, "\n"), strcspn(eb, "\n"));
	ck_assert_int_eq(memcmp(ea, eb, strcspn(ea, "\n")), 0);
	ck_assert_uint_eq(np_size(&n), 2);
	cvdlog__response__free_unpacked(a, NULL);
	cvdlog__response__free_unpacked(b, NULL);
	/* After a restart too. */
	np_kill(&n, SIGKILL);
	np_start(&n, NULL);
	close(fd);
	fd = np_connect(&n);
	b = np_call(fd, &req);
	ck_assert_int_eq(b->error, CVDLOG__ERROR_CODE__DUPLICATE);
	ck_assert_uint_eq(b->receipt->index, 1);
	cvdlog__response__free_unpacked(b, NULL);
	close(fd);
	free(ev);
	keys_signer_free(k);
	np_cleanup(&n);
}
END_TEST

START_TEST(limits_are_enforced)
{
	struct nodeproc n;
	static const char *const args[] = {"--max-conns", "2", "--idle-timeout", "1", "--max-frame",
	                                   "2048",        NULL};
	uint8_t frame[3004];
	time_t t0;
	int a, b, c;

	np_init(&n);
	np_start(&n, args);
	a = np_connect(&n);
	b = np_connect(&n);
	c = np_connect(&n);
	expect_hangup(c, CVDLOG__ERROR_CODE__UNAVAILABLE);
	/* Frame over the configured limit. */
	enc_put32(frame, 3000);
	memset(frame + 4, 0, 3000);
	np_send_raw(a, frame, sizeof(frame));
	expect_hangup(a, CVDLOG__ERROR_CODE__TOO_LARGE);
	/* An idle connection is closed after about a second. */
	t0 = time(NULL);
	ck_assert_ptr_null(np_read(b));
	ck_assert_int_le(time(NULL) - t0, 5);
	close(b);
	/* And the node still serves. */
	ck_assert_uint_eq(np_size(&n), 1);
	np_cleanup(&n);
}
END_TEST

/* A client that pipelines requests and reads no answers is dropped once its
 * unread output passes --max-unread; others are served meanwhile. */
START_TEST(unread_output_is_bounded)
{
	struct nodeproc n;
	static const char *const args[] = {"--max-unread", "4096", NULL};
	Cvdlog__Request req = CVDLOG__REQUEST__INIT;
	Cvdlog__GetCheckpointRequest g = CVDLOG__GET_CHECKPOINT_REQUEST__INIT;
	uint8_t frame[64];
	size_t pl;
	int fd, got = 0;

	np_init(&n);
	np_start(&n, args);
	fd = np_connect(&n);
	req.id = 1;
	req.req_case = CVDLOG__REQUEST__REQ_CHECKPOINT;
	req.checkpoint = &g;
	pl = cvdlog__request__get_packed_size(&req);
	ck_assert_uint_lt(pl + 4, sizeof(frame));
	enc_put32(frame, (uint32_t)pl);
	cvdlog__request__pack(&req, frame + 4);
	/* 200 checkpoint requests (~250 bytes of answer each) in one go. */
	uint8_t *all = malloc(200 * (pl + 4));
	for (int i = 0; i < 200; i++)
		memcpy(all + i * (pl + 4), frame, pl + 4);
	np_send_raw(fd, all, 200 * (pl + 4));
	free(all);
	ck_assert_uint_eq(np_size(&n), 1); /* others are served */
	Cvdlog__Response *r;
	while ((r = np_read(fd)) != NULL) {
		got++;
		cvdlog__response__free_unpacked(r, NULL);
	}
	ck_assert_int_lt(got, 200); /* hung up before answering everything */
	close(fd);
	ck_assert_uint_eq(np_size(&n), 1);
	np_cleanup(&n);
}
END_TEST

/* SIGINT with open connections, answered and unanswered requests: the node
 * exits 0, and under ASan/LeakSanitizer nothing leaks (a leak changes the
 * exit status). */
START_TEST(clean_shutdown_with_open_connections)
{
	struct nodeproc n;
	struct keys_signer *k = author();
	Cvdlog__Request req;
	Cvdlog__SubmitRequest sub;
	uint8_t *ev, sig[64];
	size_t len;
	int fds[3], st;

	np_init(&n);
	np_start(&n, NULL);
	for (int i = 0; i < 3; i++) {
		char text[32];
		snprintf(text, sizeof(text), "open %d", i);
		fds[i] = np_connect(&n);
		ev = raw_note(k, text, &len);
		entry_sign_event(k, ORIGIN, ev, len, sig);
		np_submit_request(&req, &sub, ORIGIN, ev, len, keys_signer_pk(k), sig);
		size_t pl = cvdlog__request__get_packed_size(&req);
		uint8_t *f = malloc(pl + 4);
		enc_put32(f, (uint32_t)pl);
		cvdlog__request__pack(&req, f + 4);
		np_send_raw(fds[i], f, pl + 4);
		free(f);
		free(ev);
	}
	Cvdlog__Response *r = np_read(fds[0]); /* one answered, two left unread */
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->error, CVDLOG__ERROR_CODE__OK);
	cvdlog__response__free_unpacked(r, NULL);
	st = np_stop(&n);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	              "cvdlogd exit status %d; see %s/node.log",
	              WIFEXITED(st) ? WEXITSTATUS(st) : -1, n.np_dir);
	for (int i = 0; i < 3; i++)
		close(fds[i]);
	keys_signer_free(k);
	np_cleanup(&n);
}
END_TEST

/* Each .sh file in tests/integration is one scenario; it exits 0 when it holds. */
START_TEST(scenario_scripts)
{
	DIR *d = opendir("tests/integration");
	struct dirent *e;
	int ran = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);
		char cmd[1024];
		if (l < 4 || strcmp(e->d_name + l - 3, ".sh") != 0)
			continue;
		snprintf(cmd, sizeof(cmd), "bash tests/integration/%s > /tmp/cvdlog-it-%s.log 2>&1",
		         e->d_name, e->d_name);
		fprintf(stderr, "integration: %s\n", e->d_name);
		int st = system(cmd);
		ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0,
		              "tests/integration/%s failed (exit %d); log: /tmp/cvdlog-it-%s.log",
		              e->d_name, WEXITSTATUS(st), e->d_name);
		ran++;
	}
	closedir(d);
	ck_assert_int_gt(ran, 0);
}
END_TEST

Suite *suite_integration(void)
{
	Suite *s = suite_create("integration");
	TCase *tc = tcase_create("node");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, bad_input_changes_nothing);
	tcase_add_test(tc, resubmission_returns_original_receipt);
	tcase_add_test(tc, limits_are_enforced);
	tcase_add_test(tc, clean_shutdown_with_open_connections);
	tcase_add_test(tc, unread_output_is_bounded);
	suite_add_tcase(s, tc);
	tc = tcase_create("scenarios");
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, scenario_scripts);
	suite_add_tcase(s, tc);
	return s;
}
