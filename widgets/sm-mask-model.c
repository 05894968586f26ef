/* sm-mask-model.c: a mask plus its history, with change notification.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sm-mask-model.h"

#include <string.h>

struct _SmMaskModel
{
  GObject        parent_instance;

  /* owned */
  SmMask        *mask;
  SmMaskHistory *history;
  GPtrArray     *snapshots;   /* of SmMaskSnapshot being read elsewhere */

  /* state */
  guint64        generation;
  guint64        saved_generation;
  gboolean       in_step;

  /* What sm_mask_model_set_uniform() promised, per UNIFORM_CHUNK frames: TRUE where no
   * change has reached since; NULL when nothing was promised. */
  guint8        *uniform;
  float          uniform_value;
};

/* Frames per chunk of the uniform map: a few seconds of audio, a few hundred bytes of map
 * for an hour. */
#define UNIFORM_CHUNK 512

enum {
  PROP_0,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

enum {
  CHANGED,
  HISTORY_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static SmRect *
rect_copy (const SmRect *rect)
{
  return g_memdup2 (rect, sizeof *rect);
}

G_DEFINE_BOXED_TYPE (SmRect, sm_rect, rect_copy, g_free)
G_DEFINE_FINAL_TYPE (SmMaskModel, sm_mask_model, G_TYPE_OBJECT)

/* Frames [t0, t1) may no longer hold the promised value. */
static void
forget_uniform (SmMaskModel  *self,
                const SmRect *rect)
{
  if (self->uniform == NULL || sm_rect_is_empty (rect) || rect->t0 >= self->mask->n_frames)
    return;
  for (size_t c = rect->t0 / UNIFORM_CHUNK;
       c * UNIFORM_CHUNK < MIN (rect->t1, self->mask->n_frames); c++)
    self->uniform[c] = FALSE;
}

static void
emit_changed (SmMaskModel  *self,
              const SmRect *rect)
{
  if (rect == NULL || sm_rect_is_empty (rect))
    return;
  forget_uniform (self, rect);
  self->generation++;
  g_signal_emit (self, signals[CHANGED], 0, rect);
}

static void
emit_history_changed (SmMaskModel *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
  g_signal_emit (self, signals[HISTORY_CHANGED], 0);
}

/* Before anything writes @rect of the mask: the snapshots being read keep their frames. */
static void
preserve (SmMaskModel *self,
          SmRect       rect)
{
  for (guint i = 0; i < self->snapshots->len; i++)
    sm_mask_snapshot_preserve (g_ptr_array_index (self->snapshots, i), rect);
}

/* The mask goes away: a snapshot still being read takes it over (the others, if any, copy
 * what they need). */
static void
drop_mask (SmMaskModel *self)
{
  for (guint i = 1; i < self->snapshots->len; i++)
    sm_mask_snapshot_preserve (g_ptr_array_index (self->snapshots, i),
                               sm_mask_full_rect (self->mask));
  if (self->snapshots->len > 0)
    sm_mask_snapshot_adopt (g_ptr_array_index (self->snapshots, 0),
                            g_steal_pointer (&self->mask));
  g_ptr_array_set_size (self->snapshots, 0);
  sm_mask_free (&self->mask);
}

static void
sm_mask_model_finalize (GObject *object)
{
  SmMaskModel *self = SM_MASK_MODEL (object);

  sm_mask_history_free (&self->history);
  if (self->mask != NULL)
    drop_mask (self);
  g_ptr_array_unref (self->snapshots);
  g_free (self->uniform);
  G_OBJECT_CLASS (sm_mask_model_parent_class)->finalize (object);
}

static void
sm_mask_model_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SmMaskModel *self = SM_MASK_MODEL (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, sm_mask_model_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, sm_mask_model_can_redo (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sm_mask_model_class_init (SmMaskModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sm_mask_model_finalize;
  object_class->get_property = sm_mask_model_get_property;

  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SmMaskModel::changed:
   * @rect: (type SmRect): the bins that changed
   *
   * Emitted after every change of mask values, during a step as well as on undo/redo.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                   SM_TYPE_RECT | G_SIGNAL_TYPE_STATIC_SCOPE);
  /**
   * SmMaskModel::history-changed:
   *
   * Emitted when a step is committed, undone or redone, or the history restarts.
   */
  signals[HISTORY_CHANGED] = g_signal_new ("history-changed", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 0);
}

static void
sm_mask_model_init (SmMaskModel *self)
{
  self->snapshots = g_ptr_array_new_with_free_func ((GDestroyNotify) sm_mask_snapshot_unref);
}

static void
attach (SmMaskModel *self,
        SmMask      *mask)
{
  sm_mask_history_free (&self->history);
  if (self->mask != NULL)
    drop_mask (self);
  g_clear_pointer (&self->uniform, g_free);
  self->in_step = FALSE;
  self->mask = mask;
  self->history = sm_mask_history_new (mask, 0, NULL);
  if (self->history == NULL)
    g_error ("out of memory for the undo history");
}

SmMaskModel *
sm_mask_model_new (SmMask *mask)
{
  SmMaskModel *self;

  g_return_val_if_fail (mask != NULL, NULL);
  self = g_object_new (SM_TYPE_MASK_MODEL, NULL);
  attach (self, mask);
  return self;
}

SmMask *
sm_mask_model_get_mask (SmMaskModel *self)
{
  g_return_val_if_fail (SM_IS_MASK_MODEL (self), NULL);
  return self->mask;
}

static SmStatus
copy_values_cb (SmMask   *mask,
                SmRect   *changed,
                gpointer  user_data)
{
  const SmMask *values = user_data;
  const size_t count = mask->n_frames * (size_t) mask->n_bins;

  memcpy (mask->levels, values->levels, count);
  *changed = sm_mask_full_rect (mask);
  return SM_OK;
}

void
sm_mask_model_assign (SmMaskModel  *self,
                      const SmMask *values,
                      const char   *label)
{
  g_return_if_fail (SM_IS_MASK_MODEL (self));
  g_return_if_fail (values->n_frames == self->mask->n_frames);
  g_return_if_fail (values->n_bins == self->mask->n_bins);

  sm_mask_model_edit (self, label, sm_mask_full_rect (self->mask), copy_values_cb,
                      (gpointer) values);
}

void
sm_mask_model_replace (SmMaskModel *self,
                       SmMask      *mask)
{
  SmRect all;

  g_return_if_fail (SM_IS_MASK_MODEL (self));
  g_return_if_fail (mask != NULL);

  attach (self, mask);
  all = sm_mask_full_rect (mask);
  emit_changed (self, &all);
  emit_history_changed (self);
}

void
sm_mask_model_set_uniform (SmMaskModel *self,
                           float        value)
{
  size_t n_chunks;

  g_return_if_fail (SM_IS_MASK_MODEL (self));
  n_chunks = (self->mask->n_frames + UNIFORM_CHUNK - 1) / UNIFORM_CHUNK;
  g_free (self->uniform);
  self->uniform = g_malloc (n_chunks);
  memset (self->uniform, TRUE, n_chunks);
  self->uniform_value = value;
}

gboolean
sm_mask_model_get_uniform (SmMaskModel *self,
                           size_t       t0,
                           size_t       t1,
                           float       *value)
{
  g_return_val_if_fail (SM_IS_MASK_MODEL (self), FALSE);
  if (self->uniform == NULL || t0 >= t1 || t1 > self->mask->n_frames)
    return FALSE;
  for (size_t c = t0 / UNIFORM_CHUNK; c * UNIFORM_CHUNK < t1; c++)
    if (!self->uniform[c])
      return FALSE;
  *value = self->uniform_value;
  return TRUE;
}

gboolean
sm_mask_model_begin (SmMaskModel *self,
                     const char  *label)
{
  g_return_val_if_fail (SM_IS_MASK_MODEL (self), FALSE);
  self->in_step = sm_mask_history_begin (self->history, label) == SM_OK;
  return self->in_step;
}

void
sm_mask_model_touch (SmMaskModel *self,
                     SmRect       bounds)
{
  g_return_if_fail (SM_IS_MASK_MODEL (self));
  /* The edit writes before it reports what changed. */
  forget_uniform (self, &bounds);
  preserve (self, bounds);
  if (sm_mask_history_touch (self->history, bounds) != SM_OK)
    g_warning ("could not record the mask for undo");
}

void
sm_mask_model_changed (SmMaskModel  *self,
                       const SmRect *rect)
{
  g_return_if_fail (SM_IS_MASK_MODEL (self));
  emit_changed (self, rect);
}

void
sm_mask_model_commit (SmMaskModel *self)
{
  SmRect changed;

  g_return_if_fail (SM_IS_MASK_MODEL (self));
  self->in_step = FALSE;
  if (sm_mask_history_commit (self->history, &changed) == SM_OK)
    emit_history_changed (self);
}

void
sm_mask_model_abort (SmMaskModel *self)
{
  SmRect changed;

  g_return_if_fail (SM_IS_MASK_MODEL (self));
  self->in_step = FALSE;
  sm_mask_history_abort (self->history, &changed);
  emit_changed (self, &changed);
}

gboolean
sm_mask_model_in_step (SmMaskModel *self)
{
  g_return_val_if_fail (SM_IS_MASK_MODEL (self), FALSE);
  return self->in_step;
}

SmStatus
sm_mask_model_edit (SmMaskModel   *self,
                    const char    *label,
                    SmRect         bounds,
                    SmMaskEditFunc edit,
                    gpointer       user_data)
{
  SmRect changed = { 0 };
  SmStatus status;

  g_return_val_if_fail (SM_IS_MASK_MODEL (self), SM_ERROR_BAD_ARG);

  status = sm_mask_history_begin (self->history, label);
  if (status != SM_OK)
    return status;
  self->in_step = TRUE;
  preserve (self, bounds);
  status = sm_mask_history_touch (self->history, bounds);
  if (status == SM_OK)
    status = edit (self->mask, &changed, user_data);
  if (status != SM_OK)
    {
      sm_mask_model_abort (self);
      return status;
    }
  emit_changed (self, &changed);
  sm_mask_model_commit (self);
  return SM_OK;
}

gboolean
sm_mask_model_can_undo (SmMaskModel *self)
{
  return sm_mask_history_can_undo (self->history);
}

gboolean
sm_mask_model_can_redo (SmMaskModel *self)
{
  return sm_mask_history_can_redo (self->history);
}

const char *
sm_mask_model_undo_label (SmMaskModel *self)
{
  return sm_mask_history_undo_label (self->history);
}

const char *
sm_mask_model_redo_label (SmMaskModel *self)
{
  return sm_mask_history_redo_label (self->history);
}

gboolean
sm_mask_model_undo (SmMaskModel *self)
{
  SmRect changed;

  g_return_val_if_fail (SM_IS_MASK_MODEL (self), FALSE);
  preserve (self, sm_mask_history_undo_rect (self->history));
  if (sm_mask_history_undo (self->history, &changed) != SM_OK)
    return FALSE;
  emit_changed (self, &changed);
  emit_history_changed (self);
  return TRUE;
}

gboolean
sm_mask_model_redo (SmMaskModel *self)
{
  SmRect changed;

  g_return_val_if_fail (SM_IS_MASK_MODEL (self), FALSE);
  preserve (self, sm_mask_history_redo_rect (self->history));
  if (sm_mask_history_redo (self->history, &changed) != SM_OK)
    return FALSE;
  emit_changed (self, &changed);
  emit_history_changed (self);
  return TRUE;
}

gboolean
sm_mask_model_is_modified (SmMaskModel *self)
{
  return self->generation != self->saved_generation;
}

void
sm_mask_model_mark_saved (SmMaskModel *self)
{
  self->saved_generation = self->generation;
}

void
sm_mask_model_mark_unsaved (SmMaskModel *self)
{
  /* No generation reaches it: modified until the next mark_saved(). */
  self->saved_generation = G_MAXUINT64;
}

guint64
sm_mask_model_get_generation (SmMaskModel *self)
{
  return self->generation;
}

SmMaskSnapshot *
sm_mask_model_take_snapshot (SmMaskModel *self)
{
  SmMaskSnapshot *snapshot;

  g_return_val_if_fail (SM_IS_MASK_MODEL (self), NULL);
  snapshot = sm_mask_snapshot_new (self->mask);
  if (snapshot != NULL)
    g_ptr_array_add (self->snapshots, sm_mask_snapshot_ref (snapshot));
  return snapshot;
}

void
sm_mask_model_release_snapshot (SmMaskModel    *self,
                                SmMaskSnapshot *snapshot)
{
  g_return_if_fail (SM_IS_MASK_MODEL (self));
  /* Not found after a replace: the snapshot has the old mask to itself. */
  g_ptr_array_remove (self->snapshots, snapshot);
}
