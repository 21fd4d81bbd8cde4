/*
 * server.h: the node's TCP front end on libuv (DESIGN.md section 7):
 * accepts connections, frames requests, answers reads from a ledger
 * snapshot and hands submissions to the sequencer. Enforces the configured
 * limits: frame size, connections, idle time, pending submissions, entries
 * per request and unread output per connection. Runs until SIGINT or
 * SIGTERM, then drains in-flight commits and closes everything.
 */
#ifndef CVD_SERVER_H
#define CVD_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "ledger.h"

struct server_config {
	const char *sc_listen;    /* HOST:PORT; port 0 picks a free one */
	const char *sc_addr_file; /* if set, the bound HOST:PORT is written here */
	uint32_t sc_max_frame;    /* bytes, at most CODEC_FRAME_MAX */
	unsigned sc_max_conns;
	uint64_t sc_idle_ms;
	size_t sc_max_pending;
	size_t sc_max_batch;
	unsigned sc_max_entries;   /* per get-entries request */
	size_t sc_max_write_queue; /* unread response bytes before we hang up */
};

/* server_run serves l until a stop signal. 0, or a negative error when the
 * listener could not be set up. */
int server_run(struct ledger *l, const struct server_config *cfg);

#endif
