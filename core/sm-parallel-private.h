/* sm-parallel-private.h: a parallel-for over index blocks, for core modules only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sm-run.h"

/* Processes items [begin, end) of a job; @worker is in [0, n_workers) and is stable
 * for the call, so it can index per-thread scratch buffers. Return nonzero to abort. */
typedef int (*SmBlockFunc) (size_t begin,
                            size_t end,
                            int    worker,
                            void  *data);

/* How many workers _sm_parallel_for will use for @run (so callers can size scratch). */
int      _sm_parallel_workers (const SmRun *run,
                               size_t       n_items,
                               size_t       block);

/* Splits [0, n_items) into blocks of @block items handed out dynamically to the workers
 * (the caller is one of them). Progress is reported from the calling thread by block count
 * scaled into [progress_from, progress_to]; a nonzero progress return or block return
 * stops every worker after its current block. Returns SM_OK, SM_ERROR_CANCELLED (progress
 * asked to stop), or SM_ERROR_BAD_ARG (a block function failed), or SM_ERROR_NOMEM. */
SmStatus _sm_parallel_for (const SmRun *run,
                           size_t       n_items,
                           size_t       block,
                           SmBlockFunc  func,
                           void        *data,
                           double       progress_from,
                           double       progress_to);

/* Reports progress through @run (may be NULL); returns nonzero when the caller must stop. */
int      _sm_run_report (const SmRun *run,
                         double       fraction);
