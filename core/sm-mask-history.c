/* sm-mask-history.c: undo and redo for one mask as diffs of changed blocks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An open step keeps a lazy snapshot of each block it touched. At commit every snapshot
 * is compared with the mask, and of each block that changed only the smallest rectangle
 * holding its changed bins is stored, before and after. A 5-bin brush dab thus costs a
 * few hundred bytes, however large the mask and wherever the dab falls on the block grid.
 *
 * Undo and redo share one list, oldest first: steps [0, cursor) can be undone and
 * [cursor, len) redone. Moving the cursor allocates nothing, so undo and redo cannot fail
 * half-way, and the memory limit drops steps from the front.
 */
#include "sm-mask-history.h"

#include "sm-mask-private.h"

#include <stdlib.h>
#include <string.h>

#define BLOCK SM_MASK_HISTORY_BLOCK

/* The changed part of one block: its bins before and after the step, packed row-major. */
typedef struct
{
  SmRect       rect;
  SmMaskLevel *before;   /* one allocation: before, then after */
  SmMaskLevel *after;
} Patch;

typedef struct
{
  char   *label;
  Patch  *patches;
  size_t  n_patches;
  SmRect  changed;
  size_t  bytes;
} Step;

struct SmMaskHistory
{
  SmMask       *mask;
  size_t        memory_limit;
  size_t        memory;
  Step        **steps;
  size_t        len;
  size_t        alloc;
  size_t        cursor;

  /* The open step: one snapshot pointer per block of the grid, and the list of the
   * touched ones so that commit does not scan the whole grid. */
  int           open;
  char         *label;
  size_t        blocks_f;
  SmMaskLevel **snapshots;
  size_t       *touched;
  size_t        n_touched;
};

static void
step_free (Step *step)
{
  if (step == NULL)
    return;
  for (size_t i = 0; i < step->n_patches; i++)
    free (step->patches[i].before);
  free (step->patches);
  free (step->label);
  free (step);
}

/* Forgets steps [from, to) and closes the gap. */
static void
drop_steps (SmMaskHistory *history,
            size_t         from,
            size_t         to)
{
  if (from == to)
    return;
  for (size_t i = from; i < to; i++)
    {
      history->memory -= history->steps[i]->bytes;
      step_free (history->steps[i]);
    }
  memmove (history->steps + from, history->steps + to,
           (history->len - to) * sizeof *history->steps);
  history->len -= to - from;
  if (history->cursor >= to)
    history->cursor -= to - from;
  else if (history->cursor > from)
    history->cursor = from;
}

/* The bins of block @index, clipped to the mask (edge blocks are smaller). */
static SmRect
block_rect (const SmMaskHistory *history,
            size_t               index)
{
  SmRect rect, all = sm_mask_full_rect (history->mask);

  rect.t0 = index / history->blocks_f * BLOCK;
  rect.t1 = rect.t0 + BLOCK;
  rect.f0 = (int) (index % history->blocks_f * BLOCK);
  rect.f1 = rect.f0 + BLOCK;
  return sm_rect_intersect (rect, all);
}

/* Copies @rect of the mask into a packed buffer (or back, with @to_mask). */
static void
copy_rect (SmMask      *mask,
           SmRect       rect,
           SmMaskLevel *packed,
           int          to_mask)
{
  size_t width = (size_t) (rect.f1 - rect.f0);
  SmMaskLevel *cell = _sm_mask_at (mask, rect.t0, rect.f0);

  if (to_mask)
    _sm_copy_rows (cell, (size_t) mask->n_bins, packed, width, rect.t1 - rect.t0, width);
  else
    _sm_copy_rows (packed, width, cell, (size_t) mask->n_bins, rect.t1 - rect.t0, width);
}

/* The bins of @block whose levels differ from its packed @snapshot. */
static SmRect
block_diff (const SmMask      *mask,
            SmRect             block,
            const SmMaskLevel *snapshot)
{
  return _sm_diff_rect (_sm_mask_at (mask, block.t0, block.f0), (size_t) mask->n_bins, snapshot,
                        (size_t) (block.f1 - block.f0), block);
}

SmMaskHistory *
sm_mask_history_new (SmMask   *mask,
                     size_t    memory_limit,
                     SmStatus *status)
{
  SmMaskHistory *history = NULL;
  SmStatus st = SM_ERROR_BAD_ARG;
  size_t n_blocks;

  if (!_sm_mask_is_valid (mask))
    goto error;
  st = SM_ERROR_NOMEM;
  history = calloc (1, sizeof *history);
  if (history == NULL)
    goto error;
  history->mask = mask;
  history->memory_limit = memory_limit;
  history->blocks_f = ((size_t) mask->n_bins + BLOCK - 1) / BLOCK;
  n_blocks = (mask->n_frames + BLOCK - 1) / BLOCK * history->blocks_f;
  history->snapshots = calloc (n_blocks, sizeof *history->snapshots);
  history->touched = malloc (n_blocks * sizeof *history->touched);
  if (history->snapshots == NULL || history->touched == NULL)
    goto error;
  if (status != NULL)
    *status = SM_OK;
  return history;

error:
  sm_mask_history_free (&history);
  if (status != NULL)
    *status = st;
  return NULL;
}

/* Closes the open step; with @restore, puts the snapshots back first and reports where. */
static SmRect
close_step (SmMaskHistory *history,
            int            restore)
{
  SmRect changed = _sm_rect_empty ();

  for (size_t i = 0; i < history->n_touched; i++)
    {
      size_t index = history->touched[i];
      SmMaskLevel *snapshot = history->snapshots[index];

      if (restore)
        {
          SmRect block = block_rect (history, index);

          changed = sm_rect_union (changed, block_diff (history->mask, block, snapshot));
          copy_rect (history->mask, block, snapshot, 1);
        }
      free (snapshot);
      history->snapshots[index] = NULL;
    }
  history->n_touched = 0;
  free (history->label);
  history->label = NULL;
  history->open = 0;
  return changed;
}

void
sm_mask_history_free (SmMaskHistory **history)
{
  SmMaskHistory *h;

  if (history == NULL || *history == NULL)
    return;
  h = *history;
  if (h->snapshots != NULL)
    close_step (h, 0);
  drop_steps (h, 0, h->len);
  free (h->steps);
  free (h->snapshots);
  free (h->touched);
  free (h);
  *history = NULL;
}

SmStatus
sm_mask_history_begin (SmMaskHistory *history,
                       const char    *label)
{
  if (history == NULL || history->open)
    return SM_ERROR_BAD_ARG;
  if (label != NULL)
    {
      size_t size = strlen (label) + 1;

      history->label = malloc (size);
      if (history->label == NULL)
        return SM_ERROR_NOMEM;
      memcpy (history->label, label, size);
    }
  history->open = 1;
  return SM_OK;
}

SmStatus
sm_mask_history_touch (SmMaskHistory *history,
                       SmRect         rect)
{
  if (history == NULL || !history->open)
    return SM_ERROR_BAD_ARG;
  rect = sm_rect_intersect (rect, sm_mask_full_rect (history->mask));
  if (sm_rect_is_empty (&rect))
    return SM_OK;

  for (size_t bt = rect.t0 / BLOCK; bt <= (rect.t1 - 1) / BLOCK; bt++)
    for (size_t bf = (size_t) rect.f0 / BLOCK; bf <= (size_t) (rect.f1 - 1) / BLOCK; bf++)
      {
        size_t index = bt * history->blocks_f + bf;
        SmRect block = block_rect (history, index);
        SmMaskLevel *snapshot;

        if (history->snapshots[index] != NULL)
          continue;
        snapshot = malloc ((block.t1 - block.t0) * (size_t) (block.f1 - block.f0)
                           * sizeof (SmMaskLevel));
        if (snapshot == NULL)
          return SM_ERROR_NOMEM;
        copy_rect (history->mask, block, snapshot, 0);
        history->snapshots[index] = snapshot;
        history->touched[history->n_touched++] = index;
      }
  return SM_OK;
}

/* Builds the patch of block @index into @patch; returns 0 when the block did not change,
 * -1 when out of memory. */
static int
make_patch (SmMaskHistory *history,
            size_t         index,
            Patch         *patch)
{
  SmRect block = block_rect (history, index);
  SmRect rect = block_diff (history->mask, block, history->snapshots[index]);
  size_t width = (size_t) (rect.f1 - rect.f0);
  size_t n = (rect.t1 - rect.t0) * width;
  size_t block_width = (size_t) (block.f1 - block.f0);

  if (sm_rect_is_empty (&rect))
    return 0;
  patch->rect = rect;
  patch->before = malloc (2 * n * sizeof (SmMaskLevel));
  if (patch->before == NULL)
    return -1;
  patch->after = patch->before + n;
  _sm_copy_rows (patch->before, width,
                 history->snapshots[index] + (rect.t0 - block.t0) * block_width
                 + (size_t) (rect.f0 - block.f0),
                 block_width, rect.t1 - rect.t0, width);
  copy_rect (history->mask, rect, patch->after, 0);
  return 1;
}

/* Memory limit: drop the oldest steps, but never the newest undo step, which is the one
 * the user most expects to undo (so a single huge step may exceed the limit on its own). */
static void
enforce_limit (SmMaskHistory *history)
{
  size_t drop = 0, freed = 0;

  if (history->memory_limit == 0)
    return;
  while (history->memory - freed > history->memory_limit && drop + 1 < history->cursor)
    freed += history->steps[drop++]->bytes;
  if (drop > 0)
    drop_steps (history, 0, drop);
}

SmStatus
sm_mask_history_commit (SmMaskHistory *history,
                        SmRect        *changed)
{
  Step *step = NULL;

  _sm_rect_report (changed, _sm_rect_empty ());
  if (history == NULL || !history->open)
    return SM_ERROR_BAD_ARG;

  if (history->n_touched == 0)
    {
      close_step (history, 0);
      return SM_OK;
    }
  if (history->len == history->alloc)
    {
      size_t alloc = history->alloc ? 2 * history->alloc : 16;
      Step **steps = realloc (history->steps, alloc * sizeof *steps);

      if (steps == NULL)
        goto nomem;
      history->steps = steps;
      history->alloc = alloc;
    }
  step = calloc (1, sizeof *step);
  if (step == NULL)
    goto nomem;
  step->patches = malloc (history->n_touched * sizeof *step->patches);
  if (step->patches == NULL)
    goto nomem;

  for (size_t i = 0; i < history->n_touched; i++)
    {
      Patch *patch = &step->patches[step->n_patches];
      int made = make_patch (history, history->touched[i], patch);

      if (made < 0)
        goto nomem;
      if (made == 0)
        continue;
      step->n_patches++;
      step->changed = sm_rect_union (step->changed, patch->rect);
      step->bytes += sizeof *patch
                     + 2 * (size_t) (patch->after - patch->before) * sizeof (SmMaskLevel);
    }

  if (step->n_patches == 0)
    {
      /* Nothing moved: no step, and the redo list stays valid. */
      step_free (step);
      close_step (history, 0);
      return SM_OK;
    }

  step->label = history->label;
  history->label = NULL;
  step->bytes += sizeof *step + (step->label != NULL ? strlen (step->label) + 1 : 0);
  drop_steps (history, history->cursor, history->len);
  history->steps[history->len++] = step;
  history->cursor = history->len;
  history->memory += step->bytes;
  close_step (history, 0);
  enforce_limit (history);
  _sm_rect_report (changed, step->changed);
  return SM_OK;

nomem:
  /* A step that cannot be recorded is rolled back, so the mask never holds an edit that
   * undo does not know about. */
  step_free (step);
  _sm_rect_report (changed, close_step (history, 1));
  return SM_ERROR_NOMEM;
}

void
sm_mask_history_abort (SmMaskHistory *history,
                       SmRect        *changed)
{
  _sm_rect_report (changed, _sm_rect_empty ());
  if (history == NULL || !history->open)
    return;
  _sm_rect_report (changed, close_step (history, 1));
}

int
sm_mask_history_can_undo (const SmMaskHistory *history)
{
  return history != NULL && !history->open && history->cursor > 0;
}

int
sm_mask_history_can_redo (const SmMaskHistory *history)
{
  return history != NULL && !history->open && history->cursor < history->len;
}

const char *
sm_mask_history_undo_label (const SmMaskHistory *history)
{
  if (history == NULL || history->cursor == 0)
    return NULL;
  return history->steps[history->cursor - 1]->label;
}

SmRect
sm_mask_history_undo_rect (const SmMaskHistory *history)
{
  if (history == NULL || history->cursor == 0)
    return _sm_rect_empty ();
  return history->steps[history->cursor - 1]->changed;
}

SmRect
sm_mask_history_redo_rect (const SmMaskHistory *history)
{
  if (history == NULL || history->cursor >= history->len)
    return _sm_rect_empty ();
  return history->steps[history->cursor]->changed;
}

const char *
sm_mask_history_redo_label (const SmMaskHistory *history)
{
  if (history == NULL || history->cursor == history->len)
    return NULL;
  return history->steps[history->cursor]->label;
}

/* Writes the before (undo) or after (redo) values of @step into the mask. */
static void
apply_step (SmMaskHistory *history,
            const Step    *step,
            int            use_after,
            SmRect        *changed)
{
  for (size_t i = 0; i < step->n_patches; i++)
    {
      const Patch *patch = &step->patches[i];

      copy_rect (history->mask, patch->rect, use_after ? patch->after : patch->before, 1);
    }
  _sm_rect_report (changed, step->changed);
}

SmStatus
sm_mask_history_undo (SmMaskHistory *history,
                      SmRect        *changed)
{
  _sm_rect_report (changed, _sm_rect_empty ());
  if (!sm_mask_history_can_undo (history))
    return SM_ERROR_BAD_ARG;
  history->cursor--;
  apply_step (history, history->steps[history->cursor], 0, changed);
  return SM_OK;
}

SmStatus
sm_mask_history_redo (SmMaskHistory *history,
                      SmRect        *changed)
{
  _sm_rect_report (changed, _sm_rect_empty ());
  if (!sm_mask_history_can_redo (history))
    return SM_ERROR_BAD_ARG;
  apply_step (history, history->steps[history->cursor], 1, changed);
  history->cursor++;
  return SM_OK;
}

size_t
sm_mask_history_n_undo (const SmMaskHistory *history)
{
  return history != NULL ? history->cursor : 0;
}

size_t
sm_mask_history_n_redo (const SmMaskHistory *history)
{
  return history != NULL ? history->len - history->cursor : 0;
}

size_t
sm_mask_history_memory (const SmMaskHistory *history)
{
  return history != NULL ? history->memory : 0;
}

void
sm_mask_history_clear (SmMaskHistory *history)
{
  if (history == NULL)
    return;
  /* The mask may have been replaced wholesale: the open step's snapshots describe a mask
   * that no longer exists, so they are dropped rather than restored. */
  close_step (history, 0);
  drop_steps (history, 0, history->len);
}
