/*
 * test_codec.c: lib/codec.c, the u32 length-prefixed wire frames.
 * codec_frame_need is checked against the rule for short, complete,
 * extended, zero-length and oversized frames (every interesting header at
 * every buffered length, and a stream of frames fed a byte at a time).
 * codec_write_frame / codec_read_frame run over a socketpair: frames of 1
 * byte to CODEC_FRAME_MAX round-trip (big ones through a writer thread, one
 * by a byte-at-a-time writer), a peer that closes mid-header or mid-frame
 * gives CVD_EIO without a leak, a zero-length frame is CVD_EINVAL, and a
 * declared length over the reader's limit is CVD_ETOOLARGE without reading
 * the payload or allocating it (checked with ASan's allocation hook when
 * built with ASan). Writes refuse empty and oversized frames, and report a
 * closed peer or bad descriptor as -errno.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "codec.h"
#include "encoding.h"
#include "error.h"
#include "testutil.h"

#if defined(__SANITIZE_ADDRESS__)
#define HAVE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAVE_ASAN 1
#endif
#endif

#ifdef HAVE_ASAN
/* From <sanitizer/allocator_interface.h>, which GCC does not install. */
int __sanitizer_install_malloc_and_free_hooks(void (*malloc_hook)(const volatile void *, size_t),
                                              void (*free_hook)(const volatile void *));

static volatile int track_allocs;
static volatile size_t largest_alloc;

static void on_malloc(const volatile void *p, size_t size)
{
	(void)p;
	if (track_allocs && size > largest_alloc)
		largest_alloc = size;
}

static void on_free(const volatile void *p)
{
	(void)p;
}

static void alloc_tracking(int on)
{
	static int installed;
	if (!installed) {
		__sanitizer_install_malloc_and_free_hooks(on_malloc, on_free);
		installed = 1;
	}
	if (on)
		largest_alloc = 0;
	track_allocs = on;
}
#endif

/* ref_need: the rule of codec.h, spelled out. */
static long ref_need(const uint8_t *buf, size_t len, uint32_t max)
{
	if (len < 4)
		return 0;
	uint32_t n =
	    (uint32_t)buf[0] << 24 | (uint32_t)buf[1] << 16 | (uint32_t)buf[2] << 8 | buf[3];
	if (n == 0)
		return CVD_EINVAL;
	if (n > max || n > CODEC_FRAME_MAX)
		return CVD_ETOOLARGE;
	if (len - 4 < n)
		return 0;
	return 4 + (long)n;
}

START_TEST(frame_need_cases)
{
	uint8_t b[64] = {0};

	/* Fewer than four bytes: not yet, whatever they say. */
	for (size_t len = 0; len < 4; len++) {
		memset(b, 0xff, 4);
		ck_assert_int_eq(codec_frame_need(b, len, 100), 0);
		memset(b, 0, 4);
		ck_assert_int_eq(codec_frame_need(b, len, 100), 0);
	}
	/* A 10-byte frame: short, complete, extended. */
	enc_put32(b, 10);
	for (size_t len = 4; len < 14; len++)
		ck_assert_int_eq(codec_frame_need(b, len, 100), 0);
	ck_assert_int_eq(codec_frame_need(b, 14, 100), 14);
	ck_assert_int_eq(codec_frame_need(b, 64, 100), 14);
	/* Limits: at the limit, one over, over the protocol ceiling. */
	ck_assert_int_eq(codec_frame_need(b, 14, 10), 14);
	ck_assert_int_eq(codec_frame_need(b, 14, 9), CVD_ETOOLARGE);
	ck_assert_int_eq(codec_frame_need(b, 4, 9), CVD_ETOOLARGE); /* known from the header */
	ck_assert_int_eq(codec_frame_need(b, 4, 0), CVD_ETOOLARGE);
	enc_put32(b, CODEC_FRAME_MAX);
	ck_assert_int_eq(codec_frame_need(b, 4, CODEC_FRAME_MAX), 0);
	ck_assert_int_eq(codec_frame_need(b, 4, UINT32_MAX), 0);
	enc_put32(b, CODEC_FRAME_MAX + 1);
	ck_assert_int_eq(codec_frame_need(b, 4, UINT32_MAX), CVD_ETOOLARGE);
	enc_put32(b, UINT32_MAX);
	ck_assert_int_eq(codec_frame_need(b, 4, UINT32_MAX), CVD_ETOOLARGE);
	ck_assert_int_eq(codec_frame_need(b, 64, UINT32_MAX), CVD_ETOOLARGE);
	/* A zero-length frame is malformed, as soon as the header is there. */
	enc_put32(b, 0);
	ck_assert_int_eq(codec_frame_need(b, 4, 100), CVD_EINVAL);
	ck_assert_int_eq(codec_frame_need(b, 64, 100), CVD_EINVAL);
	enc_put32(b, 1);
	ck_assert_int_eq(codec_frame_need(b, 5, 100), 5);

	/* Headers around every boundary, at every buffered length up to a few
	 * bytes past them, against the rule. */
	const uint32_t lens[] = {0,
	                         1,
	                         2,
	                         3,
	                         59,
	                         60,
	                         61,
	                         0x100,
	                         0x10000,
	                         CODEC_FRAME_MAX - 1,
	                         CODEC_FRAME_MAX,
	                         CODEC_FRAME_MAX + 1,
	                         0x80000000u,
	                         UINT32_MAX};
	const uint32_t maxes[] = {0, 1, 59, 60, 61, 0x10000, CODEC_FRAME_MAX, UINT32_MAX};
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		for (size_t m = 0; m < sizeof(maxes) / sizeof(maxes[0]); m++) {
			enc_put32(b, lens[i]);
			for (size_t len = 0; len <= sizeof(b); len++)
				HOT_ASSERT(int, codec_frame_need(b, len, maxes[m]),
				           ref_need(b, len, maxes[m]));
			/* Buffered lengths far past the buffer are only looked at
			 * through the header. */
			HOT_ASSERT(int, codec_frame_need(b, (size_t)lens[i] + 4, maxes[m]),
			           ref_need(b, (size_t)lens[i] + 4, maxes[m]));
			HOT_ASSERT(int, codec_frame_need(b, (size_t)lens[i] + 3, maxes[m]),
			           ref_need(b, (size_t)lens[i] + 3, maxes[m]));
		}
	}
	/* Random headers. */
	uint64_t seed = 17;
	for (int t = 0; t < 100000; t++) {
		uint32_t h = (uint32_t)(rng_next(&seed) >> (rng_next(&seed) % 33));
		uint32_t max = (uint32_t)(rng_next(&seed) >> (rng_next(&seed) % 33));
		size_t len = (size_t)(rng_next(&seed) % 0x1000000);
		enc_put32(b, h);
		HOT_ASSERT(int, codec_frame_need(b, len, max), ref_need(b, len, max));
	}
}
END_TEST

/* A stream of frames, fed as it would arrive: the buffer grows a byte at a
 * time, and each complete frame is consumed as soon as it is announced. */
START_TEST(frame_need_on_a_stream)
{
	const uint32_t sizes[] = {1, 2, 300, 1, 70000, 5, 65536};
	size_t total = 0, off = 0, nframes = sizeof(sizes) / sizeof(sizes[0]);
	for (size_t i = 0; i < nframes; i++)
		total += 4 + sizes[i];
	uint8_t *s = malloc(total);
	for (size_t i = 0, p = 0; i < nframes; i++) {
		enc_put32(s + p, sizes[i]);
		memset(s + p + 4, (int)i, sizes[i]);
		p += 4 + sizes[i];
	}
	size_t frame = 0;
	for (size_t have = 0; have <= total; have++) {
		long need = codec_frame_need(s + off, have - off, 1 << 20);
		if (need < 0)
			ck_abort_msg("error %ld at %zu", need, have);
		if (need == 0)
			continue;
		HOT_ASSERT(int, need, 4 + (long)sizes[frame]);
		HOT_ASSERT(uint, have - off, (size_t)need); /* announced at the last byte */
		off += (size_t)need;
		frame++;
	}
	ck_assert_uint_eq(frame, nframes);
	ck_assert_uint_eq(off, total);
	free(s);
}
END_TEST

/* ---- Over a socketpair. ---- */

static void pair(int sv[2])
{
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	/* A reader that would wait for bytes that never come fails instead. */
	struct timeval tv = {5, 0};
	ck_assert_int_eq(setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)), 0);
}

static void write_raw(int fd, const void *p, size_t n)
{
	const uint8_t *b = p;
	while (n > 0) {
		ssize_t w = write(fd, b, n);
		if (w < 0 && errno == EINTR)
			continue;
		ck_assert_int_gt(w, 0);
		b += w;
		n -= (size_t)w;
	}
}

struct writer {
	int fd;
	const uint8_t *const *payloads;
	const size_t *lens;
	size_t count;
	int dribble; /* write the encoded frames one byte per write() */
	int close_after;
	int rc;
};

static void *writer_main(void *arg)
{
	struct writer *w = arg;
	w->rc = 0;
	for (size_t i = 0; i < w->count && w->rc == 0; i++) {
		if (!w->dribble) {
			w->rc = codec_write_frame(w->fd, w->payloads[i], w->lens[i]);
			continue;
		}
		uint8_t hdr[4];
		enc_put32(hdr, (uint32_t)w->lens[i]);
		for (size_t k = 0; k < 4 + w->lens[i]; k++) {
			uint8_t c = k < 4 ? hdr[k] : w->payloads[i][k - 4];
			if (write(w->fd, &c, 1) != 1) {
				w->rc = -errno;
				break;
			}
			if (k % 7 == 0) {
				struct timespec ts = {0, 20000};
				nanosleep(&ts, NULL);
			}
		}
	}
	if (w->close_after)
		close(w->fd);
	return NULL;
}

static uint8_t *pattern(size_t n, unsigned salt)
{
	uint8_t *p = malloc(n);
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(i * 131 + salt + (i >> 8));
	return p;
}

START_TEST(round_trip_sizes_up_to_the_ceiling)
{
	const size_t lens[] = {
	    1, 2, 100, 65535, 65536, 1 << 20, CODEC_FRAME_MAX - 1, CODEC_FRAME_MAX};
	const size_t n = sizeof(lens) / sizeof(lens[0]);
	uint8_t *payloads[sizeof(lens) / sizeof(lens[0])];
	int sv[2];
	pthread_t th;

	for (size_t i = 0; i < n; i++)
		payloads[i] = pattern(lens[i], (unsigned)i);
	pair(sv);
	struct writer w = {sv[1], (const uint8_t *const *)payloads, lens, n, 0, 1, 0};
	ck_assert_int_eq(pthread_create(&th, NULL, writer_main, &w), 0);
	for (size_t i = 0; i < n; i++) {
		uint8_t *out = NULL;
		size_t outlen = 0;
#ifdef HAVE_ASAN
		alloc_tracking(1);
#endif
		ck_assert_int_eq(codec_read_frame(sv[0], CODEC_FRAME_MAX, &out, &outlen), 0);
#ifdef HAVE_ASAN
		alloc_tracking(0);
		/* It allocates the payload, and nothing much bigger (the runtime
		 * may make small allocations of its own meanwhile). */
		ck_assert_uint_le(largest_alloc, (lens[i] > 1024 ? lens[i] : 1024) + 64);
#endif
		ck_assert_uint_eq(outlen, lens[i]);
		ck_assert_msg(memcmp(out, payloads[i], lens[i]) == 0, "frame %zu differs", i);
		free(out);
	}
	/* The writer has closed: a clean end of stream reads as CVD_EIO. */
	uint8_t *out = (uint8_t *)"untouched";
	size_t outlen = 777;
	ck_assert_int_eq(codec_read_frame(sv[0], CODEC_FRAME_MAX, &out, &outlen), CVD_EIO);
	ck_assert_str_eq((const char *)out, "untouched");
	ck_assert_uint_eq(outlen, 777);
	pthread_join(th, NULL);
	ck_assert_int_eq(w.rc, 0);
	close(sv[0]);
	for (size_t i = 0; i < n; i++)
		free(payloads[i]);
}
END_TEST

START_TEST(dribbling_writer_and_exact_limits)
{
	const size_t lens[] = {1, 5, 300, 2048};
	const size_t n = sizeof(lens) / sizeof(lens[0]);
	uint8_t *payloads[sizeof(lens) / sizeof(lens[0])];
	int sv[2];
	pthread_t th;

	for (size_t i = 0; i < n; i++)
		payloads[i] = pattern(lens[i], 7 + (unsigned)i);
	pair(sv);
	struct writer w = {sv[1], (const uint8_t *const *)payloads, lens, n, 1, 1, 0};
	ck_assert_int_eq(pthread_create(&th, NULL, writer_main, &w), 0);
	for (size_t i = 0; i < n; i++) {
		uint8_t *out = NULL;
		size_t outlen = 0;
		/* The limit is inclusive: a frame of exactly max bytes is fine. */
		ck_assert_int_eq(codec_read_frame(sv[0], (uint32_t)lens[i], &out, &outlen), 0);
		ck_assert_uint_eq(outlen, lens[i]);
		ck_assert_mem_eq(out, payloads[i], lens[i]);
		free(out);
	}
	pthread_join(th, NULL);
	ck_assert_int_eq(w.rc, 0);
	close(sv[0]);
	for (size_t i = 0; i < n; i++)
		free(payloads[i]);
}
END_TEST

START_TEST(peer_closes_mid_header_or_mid_frame)
{
	uint8_t hdr[4], body[50];
	int sv[2];
	uint8_t *out;
	size_t outlen;

	memset(body, 'b', sizeof(body));
	/* Nothing at all. */
	pair(sv);
	close(sv[1]);
	ck_assert_int_eq(codec_read_frame(sv[0], 1024, &out, &outlen), CVD_EIO);
	close(sv[0]);
	/* Part of a header, for each length of part. */
	for (size_t k = 1; k < 4; k++) {
		pair(sv);
		enc_put32(hdr, 100);
		write_raw(sv[1], hdr, k);
		close(sv[1]);
		ck_assert_int_eq(codec_read_frame(sv[0], 1024, &out, &outlen), CVD_EIO);
		close(sv[0]);
	}
	/* A header announcing 100 bytes, then 0, 1, 50 or 99 of them. */
	const size_t sent[] = {0, 1, 50, 99};
	for (size_t i = 0; i < sizeof(sent) / sizeof(sent[0]); i++) {
		uint8_t *part = calloc(1, 100);
		pair(sv);
		write_raw(sv[1], hdr, 4);
		if (sent[i] > 0)
			write_raw(sv[1], part, sent[i]);
		close(sv[1]);
		out = (uint8_t *)"untouched";
		ck_assert_int_eq(codec_read_frame(sv[0], 1024, &out, &outlen), CVD_EIO);
		ck_assert_str_eq((const char *)out, "untouched"); /* nothing handed out, no leak */
		close(sv[0]);
		free(part);
	}
	/* A whole frame, then half of the next one. */
	pair(sv);
	enc_put32(hdr, sizeof(body));
	write_raw(sv[1], hdr, 4);
	write_raw(sv[1], body, sizeof(body));
	write_raw(sv[1], hdr, 4);
	write_raw(sv[1], body, sizeof(body) / 2);
	close(sv[1]);
	ck_assert_int_eq(codec_read_frame(sv[0], 1024, &out, &outlen), 0);
	ck_assert_uint_eq(outlen, sizeof(body));
	ck_assert_mem_eq(out, body, sizeof(body));
	free(out);
	ck_assert_int_eq(codec_read_frame(sv[0], 1024, &out, &outlen), CVD_EIO);
	close(sv[0]);
}
END_TEST

START_TEST(oversized_and_empty_declared_lengths)
{
	uint8_t hdr[4];
	int sv[2];
	uint8_t *out;
	size_t outlen;

	struct {
		uint32_t declared, max;
		int want;
	} cases[] = {
	    {1025, 1024, CVD_ETOOLARGE},
	    {UINT32_MAX, 1024, CVD_ETOOLARGE},
	    {UINT32_MAX, UINT32_MAX, CVD_ETOOLARGE}, /* over the 4 MiB ceiling */
	    {CODEC_FRAME_MAX + 1, UINT32_MAX, CVD_ETOOLARGE},
	    {0x80000000u, CODEC_FRAME_MAX, CVD_ETOOLARGE},
	    {1, 0, CVD_ETOOLARGE},
	    {0, 1024, CVD_EINVAL},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pair(sv);
		enc_put32(hdr, cases[i].declared);
		write_raw(sv[1], hdr, 4);
		/* The peer stays open and sends nothing more: reading the payload
		 * would wait for the 5 s receive timeout and fail differently. */
		out = (uint8_t *)"untouched";
#ifdef HAVE_ASAN
		alloc_tracking(1);
#endif
		int rc = codec_read_frame(sv[0], cases[i].max, &out, &outlen);
#ifdef HAVE_ASAN
		alloc_tracking(0);
		/* Nothing near the declared size (small runtime allocations aside). */
		if (cases[i].declared > 1024)
			ck_assert_msg(largest_alloc <= 1024, "case %zu: allocated %zu bytes", i,
			              (size_t)largest_alloc);
#endif
		ck_assert_msg(rc == cases[i].want, "case %zu: %d", i, rc);
		ck_assert_str_eq((const char *)out, "untouched");
		close(sv[0]);
		close(sv[1]);
	}
}
END_TEST

START_TEST(write_refusals_and_errors)
{
	int sv[2];
	uint8_t one = 1, probe;
	static uint8_t dummy[1];

	signal(SIGPIPE, SIG_IGN);
	pair(sv);
	/* Empty and oversized frames are refused before anything is written.
	 * (The oversized payload is never read: a 1-byte buffer stands in.) */
	ck_assert_int_eq(codec_write_frame(sv[1], &one, 0), CVD_EINVAL);
	ck_assert_int_eq(codec_write_frame(sv[1], dummy, (size_t)CODEC_FRAME_MAX + 1),
	                 CVD_ETOOLARGE);
	ck_assert_int_eq(codec_write_frame(sv[1], dummy, SIZE_MAX), CVD_ETOOLARGE);
	ck_assert_int_eq(fcntl(sv[0], F_SETFL, O_NONBLOCK), 0);
	ck_assert_int_eq(read(sv[0], &probe, 1), -1);
	ck_assert_int_eq(errno, EAGAIN);
	/* The one-byte frame on the wire: 00 00 00 01 01. */
	ck_assert_int_eq(codec_write_frame(sv[1], &one, 1), 0);
	uint8_t wire[8];
	ck_assert_int_eq(read(sv[0], wire, sizeof(wire)), 5);
	ck_assert_mem_eq(wire, "\x00\x00\x00\x01\x01", 5);
	/* A closed peer is -EPIPE (SIGPIPE ignored), a bad fd -EBADF. */
	close(sv[0]);
	ck_assert_int_eq(codec_write_frame(sv[1], &one, 1), -EPIPE);
	close(sv[1]);
	ck_assert_int_eq(codec_write_frame(sv[1], &one, 1), -EBADF);
	uint8_t *out;
	size_t outlen;
	ck_assert_int_eq(codec_read_frame(sv[0], 1024, &out, &outlen), -EBADF);
	ck_assert_int_eq(codec_read_frame(-1, 1024, &out, &outlen), -EBADF);
}
END_TEST

Suite *suite_codec(void)
{
	Suite *s = suite_create("codec");
	TCase *tc;

	tc = tcase_create("frame_need");
	tcase_add_test(tc, frame_need_cases);
	tcase_add_test(tc, frame_need_on_a_stream);
	suite_add_tcase(s, tc);

	tc = tcase_create("socketpair");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, round_trip_sizes_up_to_the_ceiling);
	tcase_add_test(tc, dribbling_writer_and_exact_limits);
	tcase_add_test(tc, peer_closes_mid_header_or_mid_frame);
	tcase_add_test(tc, oversized_and_empty_declared_lengths);
	tcase_add_test(tc, write_refusals_and_errors);
	suite_add_tcase(s, tc);
	return s;
}
