/* sm-mask-model.h: the document's mask with its undo history, observable by views.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Views draw the mask and tools edit it through this object, on the main thread only; a
 * background job that needs the mask takes sm_mask_copy() of it. Every change emits
 * "changed" with the rectangle of bins that changed, so views redraw only that.
 *
 * An edit is one undo step:
 *   sm_mask_model_begin (model, "Brush");
 *   for each segment: sm_mask_model_touch (model, bounds); edit sm_mask_model_get_mask ();
 *                     sm_mask_model_changed (model, &changed_rect);
 *   sm_mask_model_commit (model);
 * or, for a one-shot edit, sm_mask_model_edit ().
 */
#pragma once

#include <glib-object.h>

#include "specmask-core.h"

G_BEGIN_DECLS

#define SM_TYPE_RECT (sm_rect_get_type ())
GType sm_rect_get_type (void);

#define SM_TYPE_MASK_MODEL (sm_mask_model_get_type ())
G_DECLARE_FINAL_TYPE (SmMaskModel, sm_mask_model, SM, MASK_MODEL, GObject)

/* Takes ownership of @mask. */
SmMaskModel *sm_mask_model_new          (SmMask        *mask);
/* (transfer none): valid until the next sm_mask_model_replace(). */
SmMask      *sm_mask_model_get_mask     (SmMaskModel   *self);

/* Swaps in a mask of the same shape as one undoable step (threshold, IBM, import). */
void         sm_mask_model_assign       (SmMaskModel   *self,
                                         const SmMask  *values,
                                         const char    *label);
/* Replaces the mask by one of another shape (a new STFT grid); the history restarts. */
void         sm_mask_model_replace      (SmMaskModel   *self,
                                         SmMask        *mask);

/* The caller knows every value of the mask is @value (a new recording keeps every bin):
 * until a change reaches them, frames need not be read to know it. The promise ends with
 * sm_mask_model_replace(). */
void         sm_mask_model_set_uniform  (SmMaskModel   *self,
                                         float          value);
/* TRUE, with the value, when frames [t0, t1) still hold the value promised. */
gboolean     sm_mask_model_get_uniform  (SmMaskModel   *self,
                                         size_t         t0,
                                         size_t         t1,
                                         float         *value);

gboolean     sm_mask_model_begin        (SmMaskModel   *self,
                                         const char    *label);
void         sm_mask_model_touch        (SmMaskModel   *self,
                                         SmRect         bounds);
/* Tells views that @rect changed during an open step (live drawing). */
void         sm_mask_model_changed      (SmMaskModel   *self,
                                         const SmRect  *rect);
void         sm_mask_model_commit       (SmMaskModel   *self);
void         sm_mask_model_abort        (SmMaskModel   *self);
gboolean     sm_mask_model_in_step      (SmMaskModel   *self);

/* One-shot edit: @edit runs on the mask between begin/touch(@bounds) and commit and
 * returns the rectangle it changed. */
typedef SmStatus (*SmMaskEditFunc) (SmMask   *mask,
                                    SmRect   *changed,
                                    gpointer  user_data);
SmStatus     sm_mask_model_edit         (SmMaskModel   *self,
                                         const char    *label,
                                         SmRect         bounds,
                                         SmMaskEditFunc edit,
                                         gpointer       user_data);

gboolean     sm_mask_model_can_undo     (SmMaskModel   *self);
gboolean     sm_mask_model_can_redo     (SmMaskModel   *self);
const char  *sm_mask_model_undo_label   (SmMaskModel   *self);
const char  *sm_mask_model_redo_label   (SmMaskModel   *self);
gboolean     sm_mask_model_undo         (SmMaskModel   *self);
gboolean     sm_mask_model_redo         (SmMaskModel   *self);

/* Counts edits since the last sm_mask_model_mark_saved() (for "unsaved changes"). */
gboolean     sm_mask_model_is_modified  (SmMaskModel   *self);
void         sm_mask_model_mark_saved   (SmMaskModel   *self);
/* Increases with every change; results computed from an older mask are stale. */
/* The mask holds work that was never saved where the user can find it (a recovered
 * session): modified, though no edit happened here. */
void         sm_mask_model_mark_unsaved (SmMaskModel *self);
guint64      sm_mask_model_get_generation (SmMaskModel *self);

/* The mask as it is now, for reading on another thread while editing goes on (only the
 * frames edited meanwhile are copied, see sm-mask-snapshot.h). Give it back with
 * release_snapshot() on this thread when done, then unref it. */
SmMaskSnapshot *sm_mask_model_take_snapshot    (SmMaskModel    *self);
void            sm_mask_model_release_snapshot (SmMaskModel    *self,
                                                SmMaskSnapshot *snapshot);

G_END_DECLS
