/* sm-progress.h: progress of a background job, safe to update from a worker thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Workers call sm_progress_set() as often as they like; the main loop hears about it
 * through at most one pending idle callback, which notifies "fraction" and "stage". The
 * callback for core functions (sm_progress_core_cb) also answers "stop?" from a
 * GCancellable.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SM_TYPE_PROGRESS (sm_progress_get_type ())
G_DECLARE_FINAL_TYPE (SmProgress, sm_progress, SM, PROGRESS, GObject)

SmProgress  *sm_progress_new          (void);
/* Thread-safe. @stage may be NULL to keep the current one. */
void         sm_progress_set          (SmProgress   *self,
                                       double        fraction,
                                       const char   *stage);
/* Thread-safe: appends one value of a live series (an iteration's divergence), reset by
 * sm_progress_set_active (TRUE). Published with the next fraction update. */
void         sm_progress_push_value   (SmProgress   *self,
                                       double        value);
/* Main thread: the series so far (copied; free with g_array_unref). */
GArray      *sm_progress_dup_values   (SmProgress   *self);
/* Main thread. */
double       sm_progress_get_fraction (SmProgress   *self);
char        *sm_progress_dup_stage    (SmProgress   *self);
gboolean     sm_progress_get_active   (SmProgress   *self);
void         sm_progress_set_active   (SmProgress   *self,
                                       gboolean      active);

/* For SmRun.progress_data: a worker-side pair of a progress object and a cancellable,
 * mapping the core's fraction into [from, from + span]. */
typedef struct
{
  SmProgress   *progress;
  GCancellable *cancellable;
  double        from;
  double        span;
} SmProgressScope;

int          sm_progress_core_cb      (double        fraction,
                                       void         *scope);

G_END_DECLS
