/* sm-parallel.c: dynamic block scheduling over POSIX threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sm-parallel-private.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

/* More workers than this buys nothing on the machines we target and costs stack. */
#define MAX_WORKERS 64

typedef struct
{
  size_t        n_items;
  size_t        block;
  SmBlockFunc   func;
  void         *data;
  atomic_size_t next_block;
  atomic_size_t done_blocks;
  atomic_int    stop;         /* 1: cancelled by progress, 2: a block failed */
  /* Wakes the caller when a worker finishes a block or exits, so that it keeps reporting
   * progress (and can cancel) while the last blocks run on other threads. */
  pthread_mutex_t lock;
  pthread_cond_t  changed;
  int             n_exited;
} Job;

typedef struct
{
  Job *job;
  int  worker;
} WorkerArg;

int
sm_run_default_threads (void)
{
  long n = sysconf (_SC_NPROCESSORS_ONLN);

  if (n < 1)
    return 1;
  return n > MAX_WORKERS ? MAX_WORKERS : (int) n;
}

int
_sm_run_report (const SmRun *run,
                double       fraction)
{
  if (run == NULL || run->progress == NULL)
    return 0;
  if (fraction < 0.0)
    fraction = 0.0;
  if (fraction > 1.0)
    fraction = 1.0;
  return run->progress (fraction, run->progress_data);
}

int
_sm_parallel_workers (const SmRun *run,
                      size_t       n_items,
                      size_t       block)
{
  size_t n_blocks = block ? (n_items + block - 1) / block : 0;
  int n = (run != NULL && run->n_threads > 0) ? run->n_threads : sm_run_default_threads ();

  if (n > MAX_WORKERS)
    n = MAX_WORKERS;
  if ((size_t) n > n_blocks)
    n = n_blocks > 0 ? (int) n_blocks : 1;
  return n;
}

/* Runs one block; returns 0 when there is no more work or the job stopped. */
static int
run_one_block (Job *job,
               int  worker)
{
  size_t n_blocks = (job->n_items + job->block - 1) / job->block;
  size_t index;
  size_t begin;
  size_t end;

  if (atomic_load (&job->stop))
    return 0;
  index = atomic_fetch_add (&job->next_block, 1);
  if (index >= n_blocks)
    return 0;

  begin = index * job->block;
  end = begin + job->block < job->n_items ? begin + job->block : job->n_items;
  if (job->func (begin, end, worker, job->data) != 0)
    {
      atomic_store (&job->stop, 2);
      return 0;
    }
  atomic_fetch_add (&job->done_blocks, 1);
  if (worker != 0)
    {
      pthread_mutex_lock (&job->lock);
      pthread_cond_signal (&job->changed);
      pthread_mutex_unlock (&job->lock);
    }
  return 1;
}

/* Called on the caller's thread only, as SmProgressFunc promises. */
static void
report_done (const SmRun *run,
             Job         *job,
             size_t       n_blocks,
             double       from,
             double       to)
{
  double done = (double) atomic_load (&job->done_blocks) / (double) n_blocks;

  /* Once stopped, stay quiet: the caller already has its answer. */
  if (atomic_load (&job->stop))
    return;
  if (_sm_run_report (run, from + done * (to - from)))
    atomic_store (&job->stop, 1);
}

static void *
worker_main (void *arg)
{
  WorkerArg *worker_arg = arg;

  Job *job = worker_arg->job;

  while (run_one_block (job, worker_arg->worker))
    ;
  pthread_mutex_lock (&job->lock);
  job->n_exited++;
  pthread_cond_signal (&job->changed);
  pthread_mutex_unlock (&job->lock);
  return NULL;
}

SmStatus
_sm_parallel_for (const SmRun *run,
                  size_t       n_items,
                  size_t       block,
                  SmBlockFunc  func,
                  void        *data,
                  double       progress_from,
                  double       progress_to)
{
  pthread_t threads[MAX_WORKERS];
  WorkerArg args[MAX_WORKERS];
  int n_started = 0;
  int n_workers;
  size_t n_blocks;
  Job job;

  if (block == 0 || func == NULL)
    return SM_ERROR_BAD_ARG;
  if (n_items == 0)
    return SM_OK;

  n_blocks = (n_items + block - 1) / block;
  n_workers = _sm_parallel_workers (run, n_items, block);

  job.n_items = n_items;
  job.block = block;
  job.func = func;
  job.data = data;
  atomic_init (&job.next_block, 0);
  atomic_init (&job.done_blocks, 0);
  atomic_init (&job.stop, 0);
  pthread_mutex_init (&job.lock, NULL);
  pthread_cond_init (&job.changed, NULL);
  job.n_exited = 0;

  /* Worker 0 is the caller; if a thread cannot start, the others share its blocks. */
  for (int i = 1; i < n_workers; i++)
    {
      args[n_started].job = &job;
      args[n_started].worker = i;
      if (pthread_create (&threads[n_started], NULL, worker_main, &args[n_started]) != 0)
        break;
      n_started++;
    }

  while (run_one_block (&job, 0))
    report_done (run, &job, n_blocks, progress_from, progress_to);

  /* Out of blocks: keep reporting while the other workers finish theirs. */
  pthread_mutex_lock (&job.lock);
  while (job.n_exited < n_started)
    {
      pthread_cond_wait (&job.changed, &job.lock);
      pthread_mutex_unlock (&job.lock);
      report_done (run, &job, n_blocks, progress_from, progress_to);
      pthread_mutex_lock (&job.lock);
    }
  pthread_mutex_unlock (&job.lock);
  /* The caller may have run no block at all; say at least once that the work is done. */
  report_done (run, &job, n_blocks, progress_from, progress_to);

  for (int i = 0; i < n_started; i++)
    pthread_join (threads[i], NULL);
  pthread_cond_destroy (&job.changed);
  pthread_mutex_destroy (&job.lock);

  switch (atomic_load (&job.stop))
    {
    case 1:
      return SM_ERROR_CANCELLED;
    case 2:
      return SM_ERROR_BAD_ARG;
    default:
      return SM_OK;
    }
}
