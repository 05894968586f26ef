/* sm-run.h: how a long core operation runs: worker threads, progress and cancellation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sm-status.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * SmProgressFunc:
 * @fraction: work done so far, from 0 to 1, never decreasing
 * @user_data: the `progress_data` of the #SmRun
 *
 * Called from the thread that started the operation (never from a worker), at most a few
 * hundred times per operation. Return nonzero to stop: the operation then returns
 * `SM_ERROR_CANCELLED` soon after, with its outputs in an unspecified but valid state.
 */
typedef int (*SmProgressFunc) (double fraction, void *user_data);

/**
 * SmRun:
 * @n_threads: worker threads to use, including the caller; 0 means one per core
 * @progress: (nullable): progress and cancellation callback
 * @progress_data: passed to @progress
 *
 * Options every long operation accepts. A NULL `const SmRun *` means defaults:
 * one thread per core, no progress.
 */
typedef struct SmRun
{
  int            n_threads;
  SmProgressFunc progress;
  void          *progress_data;
} SmRun;

/**
 * sm_run_default_threads:
 *
 * Returns: the number of online processors, at least 1. Thread-safe.
 */
SM_API int sm_run_default_threads (void);

#ifdef __cplusplus
}
#endif
