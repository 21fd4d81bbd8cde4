/*
 * sequencer.h: verification and group commit. Submissions queue on the
 * event loop; verify jobs on the libuv thread pool check them in parallel
 * (signature, format, signer, time); verified ones wait for the single
 * commit job, which appends a whole batch with ledger_append: one LMDB
 * transaction, one fsync and one checkpoint signature per batch. While a
 * batch commits, the next one is verified. Refused requests are answered
 * as soon as they are checked; committed ones once durable, on the loop
 * thread, with a reader on the new state. Sequencing order is the order in
 * which verification finished.
 */
#ifndef CVD_SEQUENCER_H
#define CVD_SEQUENCER_H

#include <stddef.h>
#include <uv.h>

#include "ledger.h"

struct sequencer;
struct sequencer_req;

/* Called on the loop thread once the request's fate is known: with
 * sr_item.li_status 0 or CVD_EDUP, sr_receipt holds the receipt text,
 * built on the commit thread right after the batch became durable. */
typedef void (*sequencer_done_fn)(struct sequencer_req *req);

struct sequencer_req {
	struct ledger_item sr_item; /* sr_item.li_event points at sr_event */
	uint8_t *sr_event;          /* owned: freed by the callback's owner */
	char *sr_receipt;           /* malloc'd tlog-proof text, or NULL; ditto */
	size_t sr_receipt_len;
	sequencer_done_fn sr_done;
	void *sr_data;
	uint64_t sr_id;                /* the client's request id */
	struct sequencer_req *sr_next; /* private */
};

int sequencer_new(uv_loop_t *loop, struct ledger *l, size_t max_pending, size_t max_batch,
                  struct sequencer **out);

/* sequencer_submit queues req. CVD_EBUSY when max_pending requests already
 * wait (the caller answers the client); req is untouched then. */
int sequencer_submit(struct sequencer *s, struct sequencer_req *req);

size_t sequencer_pending(const struct sequencer *s);

/* sequencer_drain stops taking requests; pending ones are still committed.
 * sequencer_free may be called once the loop has stopped. */
void sequencer_drain(struct sequencer *s);
void sequencer_free(struct sequencer *s);

#endif
