/*
 * sequencer.c: verification and group commit on worker threads (see
 * sequencer.h). Two stages, both on the libuv thread pool:
 *
 *   arrival -> verify jobs (one per core, at most SEQ_VERIFY_JOBS_MAX at
 *              once, each a chunk of submissions: signature, format,
 *              signer, time) -> ready queue
 *   ready   -> one commit job at a time (ledger_append: one transaction,
 *              one fsync, one checkpoint signature) -> callbacks
 *
 * so signatures are checked on all cores while the previous batch waits
 * for its fsync. The loop thread owns every queue; a job owns its chunk
 * while it runs; nothing is shared between them at the same time.
 */
#include "sequencer.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "log.h"

/* libuv's pool has 4 threads by default: keep one for the commit job. */
#define SEQ_VERIFY_JOBS_MAX 3
#define SEQ_VERIFY_CHUNK    512
#define SEQ_SLOW_COMMIT_NS  (100 * 1000000ull) /* log commits slower than this */

struct queue {
	struct sequencer_req *q_head, *q_tail;
	size_t q_len;
};

struct verify_job {
	uv_work_t vj_work;
	struct sequencer *vj_seq;
	size_t vj_n;
	struct sequencer_req *vj_reqs[SEQ_VERIFY_CHUNK];
};

struct sequencer {
	uv_loop_t *s_loop;
	struct ledger *s_ledger;
	size_t s_max_pending, s_max_batch;
	struct queue s_arrived; /* waiting for verification */
	struct queue s_ready;   /* verified, waiting for a commit */
	unsigned s_verify_jobs; /* how many may run at once: one per core */
	unsigned s_verifying;   /* verify jobs running */
	size_t s_in_verify;     /* requests inside them */
	int s_draining;
	/* the commit in flight */
	uv_work_t s_work;
	int s_busy;
	struct sequencer_req **s_batch;
	struct ledger_item *s_items;
	size_t s_nbatch;
};

static void q_push(struct queue *q, struct sequencer_req *r)
{
	r->sr_next = NULL;
	if (q->q_tail != NULL)
		q->q_tail->sr_next = r;
	else
		q->q_head = r;
	q->q_tail = r;
	q->q_len++;
}

static struct sequencer_req *q_pop(struct queue *q)
{
	struct sequencer_req *r = q->q_head;
	if (r == NULL)
		return NULL;
	q->q_head = r->sr_next;
	if (q->q_head == NULL)
		q->q_tail = NULL;
	q->q_len--;
	return r;
}

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
	s->s_verify_jobs = uv_available_parallelism();
	if (s->s_verify_jobs > SEQ_VERIFY_JOBS_MAX)
		s->s_verify_jobs = SEQ_VERIFY_JOBS_MAX;
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
	return s->s_arrived.q_len + s->s_in_verify + s->s_ready.q_len + s->s_nbatch;
}

static void start_verify(struct sequencer *s);
static void start_commit(struct sequencer *s);

/* ---- stage 1: verification ---------------------------------------------- */

static void verify_cb(uv_work_t *w)
{
	struct verify_job *j = w->data;
	uint64_t now = log_now_ms();

	for (size_t i = 0; i < j->vj_n; i++)
		ledger_check_item(j->vj_seq->s_ledger, &j->vj_reqs[i]->sr_item, now);
}

static void after_verify_cb(uv_work_t *w, int status)
{
	struct verify_job *j = w->data;
	struct sequencer *s = j->vj_seq;

	(void)status;
	s->s_verifying--;
	s->s_in_verify -= j->vj_n;
	for (size_t i = 0; i < j->vj_n; i++) {
		struct sequencer_req *r = j->vj_reqs[i];
		if (r->sr_item.li_status == 0)
			q_push(&s->s_ready, r);
		else
			r->sr_done(r); /* refused: nothing to commit */
	}
	free(j);
	start_commit(s);
	start_verify(s);
}

static void start_verify(struct sequencer *s)
{
	while (s->s_verifying < s->s_verify_jobs && s->s_arrived.q_len > 0) {
		struct verify_job *j = malloc(sizeof(*j));
		if (j == NULL)
			return; /* retried when a running job finishes */
		j->vj_seq = s;
		j->vj_n = 0;
		j->vj_work.data = j;
		/* Share the backlog between the jobs that can run now. */
		size_t want = (s->s_arrived.q_len + s->s_verify_jobs - 1) / s->s_verify_jobs;
		if (want > SEQ_VERIFY_CHUNK)
			want = SEQ_VERIFY_CHUNK;
		while (j->vj_n < want)
			j->vj_reqs[j->vj_n++] = q_pop(&s->s_arrived);
		s->s_verifying++;
		s->s_in_verify += j->vj_n;
		if (uv_queue_work(s->s_loop, &j->vj_work, verify_cb, after_verify_cb) != 0) {
			for (size_t i = 0; i < j->vj_n; i++)
				j->vj_reqs[i]->sr_item.li_status = CVD_EINTERNAL;
			after_verify_cb(&j->vj_work, 0);
			return;
		}
	}
}

/* ---- stage 2: group commit ---------------------------------------------- */

/* commit_cb appends the batch, then builds every receipt against the new
 * checkpoint here, off the loop thread (this thread mostly waits for fsync). */
static void commit_cb(uv_work_t *w)
{
	struct sequencer *s = w->data;
	struct ledger_reader *r = NULL;
	uint64_t t0 = uv_hrtime(), t1;

	ledger_append(s->s_ledger, s->s_items, s->s_nbatch);
	t1 = uv_hrtime();
	if (t1 - t0 > SEQ_SLOW_COMMIT_NS)
		log_event("warn", "event=slow_commit ms=%llu batch=%zu",
		          (unsigned long long)((t1 - t0) / 1000000), s->s_nbatch);
	if (ledger_read_begin(s->s_ledger, &r) != 0)
		r = NULL;
	for (size_t i = 0; i < s->s_nbatch; i++) {
		struct ledger_item *it = &s->s_items[i];
		struct sequencer_req *req = s->s_batch[i];
		if (it->li_status != 0 && it->li_status != CVD_EDUP)
			continue;
		int rc = r != NULL ? ledger_read_receipt(r, it->li_index, &req->sr_receipt,
		                                         &req->sr_receipt_len)
		                   : CVD_EIO;
		if (rc != 0) {
			req->sr_receipt = NULL;
			it->li_status = rc;
			it->li_why = "receipt unavailable";
		}
	}
	ledger_read_end(r);
}

static void after_commit_cb(uv_work_t *w, int status)
{
	struct sequencer *s = w->data;
	size_t n = s->s_nbatch;
	struct sequencer_req **done = malloc(n * sizeof(*done));

	(void)status;
	/* Results go back to their requests first: the batch arrays are then
	 * free for the next commit, which starts while we answer this one. */
	for (size_t i = 0; i < n; i++)
		s->s_batch[i]->sr_item = s->s_items[i];
	s->s_busy = 0;
	s->s_nbatch = 0;
	if (done != NULL) {
		memcpy(done, s->s_batch, n * sizeof(*done));
		start_commit(s);
		for (size_t i = 0; i < n; i++)
			done[i]->sr_done(done[i]);
		free(done);
	} else {
		for (size_t i = 0; i < n; i++)
			s->s_batch[i]->sr_done(s->s_batch[i]);
		start_commit(s);
	}
}

static void start_commit(struct sequencer *s)
{
	size_t n = 0;

	if (s->s_busy || s->s_ready.q_len == 0)
		return;
	/* s_batch and s_items are free: the previous batch was copied out. */
	while (s->s_ready.q_len > 0 && n < s->s_max_batch) {
		struct sequencer_req *req = q_pop(&s->s_ready);
		s->s_batch[n] = req;
		s->s_items[n] = req->sr_item;
		n++;
	}
	s->s_nbatch = n;
	s->s_busy = 1;
	if (uv_queue_work(s->s_loop, &s->s_work, commit_cb, after_commit_cb) != 0) {
		for (size_t i = 0; i < n; i++)
			s->s_items[i].li_status = CVD_EINTERNAL;
		after_commit_cb(&s->s_work, 0);
	}
}

int sequencer_submit(struct sequencer *s, struct sequencer_req *req)
{
	if (s->s_draining || sequencer_pending(s) >= s->s_max_pending)
		return CVD_EBUSY;
	req->sr_item.li_event = req->sr_event;
	req->sr_receipt = NULL;
	req->sr_item.li_status = 0;
	req->sr_item.li_why = NULL;
	q_push(&s->s_arrived, req);
	start_verify(s);
	return 0;
}

void sequencer_drain(struct sequencer *s)
{
	s->s_draining = 1;
}
