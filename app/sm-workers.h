/* sm-workers.h: the worker threads the application waits for before it exits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A cancelled job answers the UI at once but winds down in the background. Its thread must
 * not outlive the libraries it uses (OpenBLAS, FFTW are torn down at exit), nor be cut off
 * half way through a file it writes. Thread-safe.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Counts a worker in, before it starts. */
void sm_workers_hold      (void);
/* Counts it out, from the worker, as it ends. */
void sm_workers_release   (void);
/* Blocks until every worker counted in has ended. For application shutdown. */
void sm_workers_wait_idle (void);

G_END_DECLS
