/*
 * sequencer.c: batching and group commit on a worker thread (see
 * sequencer.h). The loop thread owns the queue; the worker owns the batch
 * while it runs; nothing is shared between them at the same time.
 */
#include "sequencer.h"

#include <stdlib.h>

#include "error.h"
#include "log.h"

struct sequencer {
	uv_loop_t *s_loop;
	struct ledger *s_ledger;
	size_t s_max_pending, s_max_batch;
	struct sequencer_req *s_head, *s_tail; /* waiting */
	size_t s_npending;
	/* the batch in flight */
	uv_work_t s_work;
	int s_busy;
	int s_draining;
	struct sequencer_req **s_batch;
	struct ledger_item *s_items;
	size_t s_nbatch;
};

int sequencer_new(uv_loop_t *loop, struct ledger *l, size_t max_pending, size_t max_batch,
		  struct sequencer **out)
{
	struct sequencer *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return CVD_ENOMEM;
	s->s_batch = calloc(max_batch, sizeof(*s->s_batch));
	s->s_items = calloc(max_batch, sizeof(*s->s_items));
	if (s->s_batch == NULL || s->s_items == NULL) {
		sequencer_free(s);
		return CVD_ENOMEM;
	}
	s->s_loop = loop;
	s->s_ledger = l;
	s->s_max_pending = max_pending;
	s->s_max_batch = max_batch;
	s->s_work.data = s;
	*out = s;
	return 0;
}

void sequencer_free(struct sequencer *s)
{
	if (s == NULL)
		return;
	free(s->s_batch);
	free(s->s_items);
	free(s);
}

size_t sequencer_pending(const struct sequencer *s)
{
	return s->s_npending + s->s_nbatch;
}

static void work_cb(uv_work_t *w)
{
	struct sequencer *s = w->data;
	uint64_t now = log_now_ms();

	for (size_t i = 0; i < s->s_nbatch; i++)
		ledger_check_item(s->s_ledger, &s->s_items[i], now);
	ledger_append(s->s_ledger, s->s_items, s->s_nbatch);
}

static void start_batch(struct sequencer *s);

static void after_work_cb(uv_work_t *w, int status)
{
	struct sequencer *s = w->data;
	struct ledger_reader *r = NULL;
	size_t n = s->s_nbatch;

	(void)status;
	if (ledger_read_begin(s->s_ledger, &r) != 0)
		r = NULL;
	s->s_busy = 0;
	s->s_nbatch = 0;
	for (size_t i = 0; i < n; i++) {
		struct sequencer_req *req = s->s_batch[i];
		req->sr_item = s->s_items[i];
		req->sr_done(req, r);
	}
	ledger_read_end(r);
	start_batch(s);
}

static void start_batch(struct sequencer *s)
{
	size_t n = 0;

	if (s->s_busy || s->s_head == NULL)
		return;
	while (s->s_head != NULL && n < s->s_max_batch) {
		struct sequencer_req *req = s->s_head;
		s->s_head = req->sr_next;
		s->s_batch[n] = req;
		s->s_items[n] = req->sr_item;
		n++;
	}
	if (s->s_head == NULL)
		s->s_tail = NULL;
	s->s_npending -= n;
	s->s_nbatch = n;
	s->s_busy = 1;
	if (uv_queue_work(s->s_loop, &s->s_work, work_cb, after_work_cb) != 0) {
		/* Cannot happen with a valid loop and callbacks: fail the batch. */
		for (size_t i = 0; i < n; i++)
			s->s_items[i].li_status = CVD_EINTERNAL;
		after_work_cb(&s->s_work, 0);
	}
}

int sequencer_submit(struct sequencer *s, struct sequencer_req *req)
{
	if (s->s_draining || s->s_npending >= s->s_max_pending)
		return CVD_EBUSY;
	req->sr_item.li_event = req->sr_event;
	req->sr_item.li_status = 0;
	req->sr_item.li_why = NULL;
	req->sr_next = NULL;
	if (s->s_tail != NULL)
		s->s_tail->sr_next = req;
	else
		s->s_head = req;
	s->s_tail = req;
	s->s_npending++;
	start_batch(s);
	return 0;
}

void sequencer_drain(struct sequencer *s)
{
	s->s_draining = 1;
}
