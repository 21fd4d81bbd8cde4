/* codec.c: length-prefixed frames (see codec.h). */
#include "codec.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "encoding.h"
#include "error.h"

long codec_frame_need(const uint8_t *buf, size_t len, uint32_t max)
{
	uint32_t n;

	if (len < CODEC_HEADER_LEN)
		return 0;
	n = enc_get32(buf);
	if (n == 0)
		return CVD_EINVAL;
	if (n > max || n > CODEC_FRAME_MAX)
		return CVD_ETOOLARGE;
	if (len < CODEC_HEADER_LEN + (size_t)n)
		return 0;
	return (long)(CODEC_HEADER_LEN + n);
}

static int write_all(int fd, const uint8_t *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int read_all(int fd, uint8_t *p, size_t len)
{
	while (len > 0) {
		ssize_t n = read(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return CVD_EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int codec_write_frame(int fd, const uint8_t *payload, size_t len)
{
	uint8_t hdr[CODEC_HEADER_LEN];
	int rc;

	if (len == 0)
		return CVD_EINVAL;
	if (len > CODEC_FRAME_MAX)
		return CVD_ETOOLARGE;
	enc_put32(hdr, (uint32_t)len);
	rc = write_all(fd, hdr, sizeof(hdr));
	return rc != 0 ? rc : write_all(fd, payload, len);
}

int codec_read_frame(int fd, uint32_t max, uint8_t **out, size_t *outlen)
{
	uint8_t hdr[CODEC_HEADER_LEN];
	long need;
	uint8_t *buf;
	int rc;

	rc = read_all(fd, hdr, sizeof(hdr));
	if (rc != 0)
		return rc;
	need = codec_frame_need(hdr, sizeof(hdr), max);
	if (need < 0)
		return (int)need;
	size_t n = enc_get32(hdr);
	buf = malloc(n);
	if (buf == NULL)
		return CVD_ENOMEM;
	rc = read_all(fd, buf, n);
	if (rc != 0) {
		free(buf);
		return rc;
	}
	*out = buf;
	*outlen = n;
	return 0;
}
