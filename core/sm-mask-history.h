/* sm-mask-history.h: unlimited undo and redo for one mask, stored as diffs of blocks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage, for one labelled step:
 *
 *   sm_mask_history_begin (history, "Brush");
 *   sm_mask_history_touch (history, sm_mask_brush_bounds (...));   // before each change
 *   sm_mask_brush (mask, ...);
 *   ...                                                              // more touch + edit
 *   sm_mask_history_commit (history, &changed);
 *
 * touch() saves the old values of the blocks (64 x 64 bins) a change may write; commit()
 * keeps only the blocks whose values really changed, with their old and new values, so a
 * step costs memory in proportion to what it changed, not to the mask. Not thread-safe.
 */
#pragma once

#include <stddef.h>

#include "sm-mask.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Block edge, in frames and in bins. */
#define SM_MASK_HISTORY_BLOCK 64

typedef struct SmMaskHistory SmMaskHistory;

/**
 * sm_mask_history_new:
 * @mask: (transfer none): the mask to track; must outlive the history and keep its shape
 * @memory_limit: bytes the stored steps may use before the oldest are dropped; 0: unlimited.
 *   The newest undo step is always kept, so one step larger than the limit still undoes.
 * @status: (nullable): SM_OK, SM_ERROR_BAD_ARG or SM_ERROR_NOMEM
 */
SM_API SmMaskHistory *sm_mask_history_new (SmMask   *mask,
                                           size_t    memory_limit,
                                           SmStatus *status);
SM_API void           sm_mask_history_free (SmMaskHistory **history);

/** sm_mask_history_begin: opens a step; SM_ERROR_BAD_ARG when one is already open. */
SM_API SmStatus       sm_mask_history_begin (SmMaskHistory *history,
                                             const char    *label);
/** sm_mask_history_touch: saves @rect's blocks before a change; SM_ERROR_NOMEM or BAD_ARG
 * (no open step). Touching a block twice is free. */
SM_API SmStatus       sm_mask_history_touch (SmMaskHistory *history,
                                             SmRect         rect);
/**
 * sm_mask_history_commit:
 * @changed: (out) (nullable): the rectangle of bins the step changed
 *
 * Closes the step. A step that changed nothing is dropped (and leaves redo intact);
 * otherwise it becomes the newest undo step and clears the redo list. Returns: SM_OK,
 * SM_ERROR_BAD_ARG (no open step) or SM_ERROR_NOMEM, in which case the step is rolled
 * back like sm_mask_history_abort() and @changed says where.
 */
SM_API SmStatus       sm_mask_history_commit (SmMaskHistory *history,
                                              SmRect        *changed);
/** sm_mask_history_abort: closes the step, restoring the touched blocks' old values. */
SM_API void           sm_mask_history_abort (SmMaskHistory *history,
                                             SmRect        *changed);

SM_API int            sm_mask_history_can_undo (const SmMaskHistory *history);
SM_API int            sm_mask_history_can_redo (const SmMaskHistory *history);
/** Returns: (nullable): the label of the step undo (redo) would revert (reapply). */
SM_API const char    *sm_mask_history_undo_label (const SmMaskHistory *history);
SM_API const char    *sm_mask_history_redo_label (const SmMaskHistory *history);
/** sm_mask_history_undo: SM_OK, or SM_ERROR_BAD_ARG when there is nothing to undo or a
 * step is open. Undo and redo allocate nothing, so they cannot fail half-way. */
SM_API SmStatus       sm_mask_history_undo (SmMaskHistory *history,
                                            SmRect        *changed);
SM_API SmStatus       sm_mask_history_redo (SmMaskHistory *history,
                                            SmRect        *changed);
/** sm_mask_history_n_undo / n_redo: Returns: how many steps each list holds. */
/* What the next undo (redo) will write; empty when there is none. */
SM_API SmRect         sm_mask_history_undo_rect (const SmMaskHistory *history);
SM_API SmRect         sm_mask_history_redo_rect (const SmMaskHistory *history);
SM_API size_t         sm_mask_history_n_undo (const SmMaskHistory *history);
SM_API size_t         sm_mask_history_n_redo (const SmMaskHistory *history);
/** sm_mask_history_memory: Returns: bytes held by the stored steps. */
SM_API size_t         sm_mask_history_memory (const SmMaskHistory *history);
/** sm_mask_history_clear: forgets every step (for example after the mask is replaced),
 * and an open step without restoring it. */
SM_API void           sm_mask_history_clear (SmMaskHistory *history);

#ifdef __cplusplus
}
#endif
