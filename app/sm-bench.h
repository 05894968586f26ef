/* sm-bench.h: SPECMASK_BENCH=1 instrumentation for bench/editor, measured on the frame clock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With the variable unset every function here returns at once, so the hooks cost nothing
 * in normal use. With it set, the application prints lines "bench EVENT key=value ..." on
 * stdout, with times in microseconds of the monotonic clock (g_get_monotonic_time), which
 * the benchmark driver reads with the same clock.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean sm_bench_enabled (void);
/* Watches every window @app opens: frame timings, input latency, first complete frame. */
void     sm_bench_install (GtkApplication *app);
/* Prints "bench @what t=NOW". */
void     sm_bench_mark    (const char     *what);

G_END_DECLS
