/* editor-bench.h: what the editor benchmark's two sides (Specmask, Audacity) share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Microseconds of CLOCK_MONOTONIC, the clock the application's "bench" lines use. */
#define eb_now() g_get_monotonic_time ()

/* A process's peak resident set (VmHWM) and current one (VmRSS), in MiB; -1 if gone. */
double   eb_proc_peak_mib  (GPid         pid);
double   eb_proc_rss_mib   (GPid         pid);
/* CPU time used so far (user + system), in seconds; -1 if gone. */
double   eb_proc_cpu_s     (GPid         pid);
/* Runs @argv and returns its stripped standard output, or NULL on failure. */
char    *eb_run            (const char  *const *argv);

/* Median and quantiles of @values (sorted in place); 0 for an empty array. */
double   eb_quantile       (GArray      *values,
                            double       q);

/* Watches a process until it has used less than @busy_fraction of a core over a whole
 * @window_s, checking every 100 ms from @from_us on; @ready says when to start looking
 * (NULL: at once). Returns when that quiet window began, or 0 on @timeout_s. */
typedef gboolean (*EbReadyFunc) (gpointer user_data);
gint64   eb_wait_settled   (GPid         pid,
                            gint64       from_us,
                            double       busy_fraction,
                            double       window_s,
                            double       timeout_s,
                            EbReadyFunc  ready,
                            gpointer     user_data);

/* The Audacity side: opens @file in `audacity` and prints one JSON object. */
int      eb_run_audacity   (const char  *file,
                            const char  *work_dir);

G_END_DECLS
