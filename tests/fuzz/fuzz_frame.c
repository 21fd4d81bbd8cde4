/*
 * fuzz_frame.c: libFuzzer harness for the wire framing (lib/codec.c) and the
 * protobuf-c decoders of the wire messages (DESIGN.md section 7). The input is
 * a byte stream as a peer would send it: codec_frame_need is asked about it
 * with several frame limits, and each whole frame found is decoded both as a
 * cvdlog.Request and as a cvdlog.Response, as the node and the client do.
 * Invariants: codec_frame_need returns 0 (need more), CVD_EINVAL (empty
 * frame), CVD_ETOOLARGE (declared length over the limit) or a total size in
 * [5, input length] that never exceeds limit + 4; a decoded message re-packs
 * to exactly get_packed_size bytes, and when those bytes decode again the
 * id and the message type are unchanged. (They need not decode: protobuf-c
 * 1.4.1 accepts field number 0 spelled as an overlong varint tag, keeps it
 * as an unknown field, then rejects its own minimal re-encoding of it.)
 * Sanitizers catch memory errors and leaks in decoding, packing and freeing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "cvdlog.pb-c.h"
#include "error.h"
#include "fuzz.h"

static void decode_request(const uint8_t *p, size_t len)
{
	Cvdlog__Request *req = cvdlog__request__unpack(NULL, len, p);

	if (req == NULL)
		return;
	size_t n = cvdlog__request__get_packed_size(req);
	uint8_t *buf = malloc(n > 0 ? n : 1);
	check(buf != NULL);
	check(cvdlog__request__pack(req, buf) == n);
	Cvdlog__Request *again = cvdlog__request__unpack(NULL, n, buf);
	if (again != NULL) {
		check(again->id == req->id && again->req_case == req->req_case);
		cvdlog__request__free_unpacked(again, NULL);
	}
	free(buf);
	cvdlog__request__free_unpacked(req, NULL);
}

static void decode_response(const uint8_t *p, size_t len)
{
	Cvdlog__Response *resp = cvdlog__response__unpack(NULL, len, p);

	if (resp == NULL)
		return;
	size_t n = cvdlog__response__get_packed_size(resp);
	uint8_t *buf = malloc(n > 0 ? n : 1);
	check(buf != NULL);
	check(cvdlog__response__pack(resp, buf) == n);
	Cvdlog__Response *again = cvdlog__response__unpack(NULL, n, buf);
	if (again != NULL) {
		check(again->id == resp->id && again->resp_case == resp->resp_case);
		cvdlog__response__free_unpacked(again, NULL);
	}
	free(buf);
	cvdlog__response__free_unpacked(resp, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t limits[] = {0, 1, 16, 4096, 65536, CODEC_FRAME_MAX, UINT32_MAX};
	size_t off = 0;

	fuzz_init(NULL);
	for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		long need = codec_frame_need(data, size, limits[i]);
		if (need > 0) {
			check(need >= CODEC_HEADER_LEN + 1 && (size_t)need <= size);
			check((uint64_t)need <= (uint64_t)limits[i] + CODEC_HEADER_LEN);
		} else {
			check(need == 0 || need == CVD_EINVAL || need == CVD_ETOOLARGE);
		}
	}
	/* Consume the stream frame by frame, as the node does on its buffers. */
	while (off < size) {
		long need = codec_frame_need(data + off, size - off, CODEC_FRAME_MAX);
		if (need <= 0)
			break;
		decode_request(data + off + CODEC_HEADER_LEN, (size_t)need - CODEC_HEADER_LEN);
		decode_response(data + off + CODEC_HEADER_LEN, (size_t)need - CODEC_HEADER_LEN);
		off += (size_t)need;
	}
	return 0;
}
