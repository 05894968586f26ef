/* sm-mask-snapshot.c: copy-on-write views of a mask for readers on other threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lock orders the two threads per run of frames: the editor copies a run aside under
 * it before its first write there, and the reader holds it while it reads a run. So a
 * reader either finds the copy, or reads the live run while the editor waits to copy it,
 * before any write.
 */
#include "sm-mask-snapshot.h"

#include "sm-mask-private.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define RUN SM_MASK_SNAPSHOT_FRAMES

struct SmMaskSnapshot
{
  atomic_int      refs;
  pthread_mutex_t lock;
  const SmMask   *live;
  SmMask         *adopted;   /* owned once the editor dropped the mask */
  size_t          n_frames;
  int             n_bins;
  size_t          n_runs;
  SmMaskLevel   **copies;    /* per run: NULL while the live mask still holds it */
  int             broken;
};

SmMaskSnapshot *
sm_mask_snapshot_new (const SmMask *live)
{
  SmMaskSnapshot *snapshot;

  if (!_sm_mask_is_valid (live))
    return NULL;
  snapshot = calloc (1, sizeof *snapshot);
  if (snapshot == NULL)
    return NULL;
  snapshot->n_runs = (live->n_frames + RUN - 1) / RUN;
  snapshot->copies = calloc (snapshot->n_runs, sizeof *snapshot->copies);
  if (snapshot->copies == NULL)
    {
      free (snapshot);
      return NULL;
    }
  atomic_init (&snapshot->refs, 1);
  pthread_mutex_init (&snapshot->lock, NULL);
  snapshot->live = live;
  snapshot->n_frames = live->n_frames;
  snapshot->n_bins = live->n_bins;
  return snapshot;
}

SmMaskSnapshot *
sm_mask_snapshot_ref (SmMaskSnapshot *snapshot)
{
  if (snapshot != NULL)
    atomic_fetch_add (&snapshot->refs, 1);
  return snapshot;
}

void
sm_mask_snapshot_unref (SmMaskSnapshot *snapshot)
{
  if (snapshot == NULL || atomic_fetch_sub (&snapshot->refs, 1) != 1)
    return;
  for (size_t r = 0; r < snapshot->n_runs; r++)
    free (snapshot->copies[r]);
  free (snapshot->copies);
  sm_mask_free (&snapshot->adopted);
  pthread_mutex_destroy (&snapshot->lock);
  free (snapshot);
}

size_t
sm_mask_snapshot_n_frames (const SmMaskSnapshot *snapshot)
{
  return snapshot != NULL ? snapshot->n_frames : 0;
}

int
sm_mask_snapshot_n_bins (const SmMaskSnapshot *snapshot)
{
  return snapshot != NULL ? snapshot->n_bins : 0;
}

static size_t
run_frames (const SmMaskSnapshot *snapshot,
            size_t                run)
{
  size_t left = snapshot->n_frames - run * RUN;

  return left < RUN ? left : RUN;
}

size_t
sm_mask_snapshot_copied_bytes (const SmMaskSnapshot *snapshot)
{
  size_t bytes = 0;

  for (size_t r = 0; snapshot != NULL && r < snapshot->n_runs; r++)
    if (snapshot->copies[r] != NULL)
      bytes += run_frames (snapshot, r) * (size_t) snapshot->n_bins;
  return bytes;
}

void
sm_mask_snapshot_preserve (SmMaskSnapshot *snapshot,
                           SmRect          rect)
{
  size_t t1;

  if (snapshot == NULL || snapshot->adopted != NULL || rect.t0 >= rect.t1
      || rect.f0 >= rect.f1 || rect.t0 >= snapshot->n_frames)
    return;
  t1 = rect.t1 < snapshot->n_frames ? rect.t1 : snapshot->n_frames;
  for (size_t r = rect.t0 / RUN; r * RUN < t1; r++)
    {
      size_t bytes = run_frames (snapshot, r) * (size_t) snapshot->n_bins;
      SmMaskLevel *copy;

      /* Only this thread writes the table: reading it unlocked is safe here. */
      if (snapshot->copies[r] != NULL)
        continue;
      copy = malloc (bytes);
      pthread_mutex_lock (&snapshot->lock);
      if (copy == NULL)
        snapshot->broken = 1;
      else
        {
          memcpy (copy, snapshot->live->levels + r * RUN * (size_t) snapshot->n_bins, bytes);
          snapshot->copies[r] = copy;
        }
      pthread_mutex_unlock (&snapshot->lock);
    }
}

void
sm_mask_snapshot_adopt (SmMaskSnapshot *snapshot,
                        SmMask         *live)
{
  if (snapshot == NULL || live != snapshot->live)
    {
      sm_mask_free (&live);
      return;
    }
  pthread_mutex_lock (&snapshot->lock);
  snapshot->adopted = live;
  pthread_mutex_unlock (&snapshot->lock);
}

SmStatus
sm_mask_snapshot_read (SmMaskSnapshot *snapshot,
                       size_t          t0,
                       size_t          t1,
                       int             f0,
                       int             f1,
                       SmMaskLevel    *out)
{
  const size_t width = (size_t) (f1 - f0);
  SmStatus status = SM_OK;

  if (snapshot == NULL || out == NULL || t0 >= t1 || t1 > snapshot->n_frames || f0 < 0
      || f0 >= f1 || f1 > snapshot->n_bins)
    return SM_ERROR_BAD_ARG;
  for (size_t r = t0 / RUN; r * RUN < t1 && status == SM_OK; r++)
    {
      size_t first = r * RUN > t0 ? r * RUN : t0;
      size_t end = (r + 1) * RUN < t1 ? (r + 1) * RUN : t1;
      const SmMaskLevel *rows;

      pthread_mutex_lock (&snapshot->lock);
      if (snapshot->broken)
        status = SM_ERROR_NOMEM;
      else
        {
          rows = snapshot->copies[r] != NULL
                   ? snapshot->copies[r] + (first - r * RUN) * (size_t) snapshot->n_bins
                   : snapshot->live->levels + first * (size_t) snapshot->n_bins;
          _sm_copy_rows (out + (first - t0) * width, width, rows + f0,
                         (size_t) snapshot->n_bins, end - first, width);
        }
      pthread_mutex_unlock (&snapshot->lock);
    }
  return status;
}
