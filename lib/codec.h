/*
 * codec.h: wire framing (DESIGN.md section 7): a frame is a u32 big-endian
 * length followed by that many bytes of a protobuf Request or Response. The
 * length is checked against the reader's limit before anything is read or
 * allocated, so a hostile peer cannot make us allocate more than the limit.
 *
 * The blocking helpers are for clients; the node frames on libuv buffers
 * with codec_frame_need.
 */
#ifndef CVD_CODEC_H
#define CVD_CODEC_H

#include <stddef.h>
#include <stdint.h>

#define CODEC_FRAME_MAX  (4u << 20) /* the protocol's ceiling: 4 MiB */
#define CODEC_HEADER_LEN 4

/* codec_frame_need looks at buf[0..len): returns 0 when a whole frame is
 * not there yet, the total frame size (header included) when it is, or
 * CVD_ETOOLARGE when the declared length exceeds max. An empty frame (length
 * 0) is CVD_EINVAL. */
long codec_frame_need(const uint8_t *buf, size_t len, uint32_t max);

/* codec_write_frame writes header and payload to a blocking fd. 0, -errno,
 * CVD_EINVAL (empty payload) or CVD_ETOOLARGE (over CODEC_FRAME_MAX). */
int codec_write_frame(int fd, const uint8_t *payload, size_t len);

/* codec_read_frame reads one frame from a blocking fd into a malloc'd *out.
 * 0, -errno, CVD_EIO (peer closed), CVD_ETOOLARGE, CVD_EINVAL. */
int codec_read_frame(int fd, uint32_t max, uint8_t **out, size_t *outlen);

#endif
