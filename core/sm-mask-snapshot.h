/* sm-mask-snapshot.h: a mask as it was at one moment, read by another thread while the
 * mask goes on being edited, without copying it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Saving an hour-long mask in the background (318 MB of levels, seconds of PNG encoding)
 * must neither stop editing nor copy the mask. A snapshot reads the live mask and keeps
 * copy-on-write: before the editing thread writes to a rectangle it calls
 * sm_mask_snapshot_preserve(), which copies the untouched frames of that rectangle
 * (whole runs of SM_MASK_SNAPSHOT_FRAMES frames) aside once; the reader then finds those
 * frames in the copies and the others, still as they were, in the live mask. Only what is
 * edited while a snapshot is read costs memory.
 *
 * Threads: one thread edits the mask and calls preserve() and adopt(); any thread reads.
 */
#pragma once

#include "sm-mask.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Frames per copied run: a brush dab copies one or two runs (64 x 1025 bins, 66 KB). */
#define SM_MASK_SNAPSHOT_FRAMES 64

typedef struct SmMaskSnapshot SmMaskSnapshot;

/**
 * sm_mask_snapshot_new:
 * @live: the mask being edited; it must stay alive until sm_mask_snapshot_adopt() or
 *   the last unref
 *
 * Returns: (transfer full): a snapshot of @live as it is now, or NULL (invalid mask, no
 *   memory).
 */
SM_API SmMaskSnapshot *sm_mask_snapshot_new      (const SmMask   *live);
SM_API SmMaskSnapshot *sm_mask_snapshot_ref      (SmMaskSnapshot *snapshot);
/** sm_mask_snapshot_unref: NULL-safe; frees the copies (and an adopted mask) at zero. */
SM_API void            sm_mask_snapshot_unref    (SmMaskSnapshot *snapshot);
SM_API size_t          sm_mask_snapshot_n_frames (const SmMaskSnapshot *snapshot);
SM_API int             sm_mask_snapshot_n_bins   (const SmMaskSnapshot *snapshot);
/** sm_mask_snapshot_copied_bytes: Returns: what the copies made so far hold. Editing
 * thread only. */
SM_API size_t          sm_mask_snapshot_copied_bytes (const SmMaskSnapshot *snapshot);

/**
 * sm_mask_snapshot_preserve:
 * @rect: what the editing thread is about to write
 *
 * Keeps the snapshot's frames of @rect. When memory runs out the snapshot is marked broken
 * (reads then fail with SM_ERROR_NOMEM) and editing may go on.
 */
SM_API void            sm_mask_snapshot_preserve (SmMaskSnapshot *snapshot,
                                                  SmRect          rect);

/**
 * sm_mask_snapshot_adopt:
 * @live: (transfer full): the live mask, which its editor is about to drop
 *
 * The snapshot takes the mask over (and frees it with itself): from now on nothing
 * writes to it.
 */
SM_API void            sm_mask_snapshot_adopt    (SmMaskSnapshot *snapshot,
                                                  SmMask         *live);

/**
 * sm_mask_snapshot_read:
 * @out: (t1 - t0) x (f1 - f0) levels, [frame][bin]
 *
 * Copies frames [t0, t1), bins [f0, f1) as they were when the snapshot was taken.
 *
 * Returns: SM_OK, SM_ERROR_BAD_ARG (outside the mask) or SM_ERROR_NOMEM (broken).
 */
SM_API SmStatus        sm_mask_snapshot_read     (SmMaskSnapshot *snapshot,
                                                  size_t          t0,
                                                  size_t          t1,
                                                  int             f0,
                                                  int             f1,
                                                  SmMaskLevel    *out);

#ifdef __cplusplus
}
#endif
