/* test-mask-history.c: undo and redo restore masks bit for bit, at a memory cost that
 * follows the edit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sm-test-util.h"

#include <math.h>
#include <string.h>

static SmMask *
mask_new (size_t n_frames,
          int    n_bins,
          float  fill)
{
  SmMask *mask = sm_mask_new (n_frames, n_bins, fill, NULL);

  g_assert_nonnull (mask);
  return mask;
}

static void
mask_free_cb (gpointer data)
{
  SmMask *mask = data;

  sm_mask_free (&mask);
}

static SmMaskHistory *
history_new (SmMask *mask,
             size_t  limit)
{
  SmStatus status = SM_ERROR_IO;
  SmMaskHistory *history = sm_mask_history_new (mask, limit, &status);

  g_assert_cmpint (status, ==, SM_OK);
  g_assert_nonnull (history);
  return history;
}

static gboolean
mask_equal (const SmMask *a,
            const SmMask *b)
{
  return a->n_frames == b->n_frames && a->n_bins == b->n_bins
         && memcmp (a->levels, b->levels, a->n_frames * (size_t) a->n_bins) == 0;
}

/* Every bin where @a and @b differ lies in @rect. */
static void
assert_differences_in (const SmMask *a,
                       const SmMask *b,
                       SmRect        rect)
{
  for (size_t t = 0; t < a->n_frames; t++)
    for (int f = 0; f < a->n_bins; f++)
      {
        size_t i = t * (size_t) a->n_bins + (size_t) f;

        if (a->levels[i] != b->levels[i])
          {
            g_assert_true (t >= rect.t0 && t < rect.t1);
            g_assert_true (f >= rect.f0 && f < rect.f1);
          }
      }
}

/* One random edit as the application does it: begin, touch what the tool may change,
 * edit, commit. */
static void
random_step (SmMaskHistory *history,
             SmMask        *mask,
             GRand         *rand)
{
  SmRect all = sm_mask_full_rect (mask);
  int kind = g_rand_int_range (rand, 0, 8);
  float value = g_rand_boolean (rand) ? 1.0f : (float) g_rand_int_range (rand, 0, 8) / 8.0f;
  SmPoint points[6];
  size_t n_points = (size_t) g_rand_int_range (rand, 1, 7);
  double rt = g_rand_double_range (rand, 0.5, 12.0);
  double rf = g_rand_double_range (rand, 0.5, 20.0);
  SmRect changed, committed;

  for (size_t i = 0; i < n_points; i++)
    {
      points[i].t = g_rand_double_range (rand, -10.0, (double) mask->n_frames + 10.0);
      points[i].f = g_rand_double_range (rand, -10.0, mask->n_bins + 10.0);
    }

  g_assert_cmpint (sm_mask_history_begin (history, "step"), ==, SM_OK);
  switch (kind)
    {
    case 0:
    case 1:
      g_assert_cmpint (sm_mask_history_touch (history, sm_mask_brush_bounds (mask, points, n_points,
                                                                             rt, rf)), ==, SM_OK);
      g_assert_cmpint (sm_mask_brush (mask, points, n_points, rt, rf, value, &changed), ==, SM_OK);
      break;
    case 2:
      {
        size_t t0 = (size_t) g_rand_int_range (rand, 0, (gint32) mask->n_frames);
        SmRect rect = { t0, t0 + 30, g_rand_int_range (rand, 0, 100), 200 };

        g_assert_cmpint (sm_mask_history_touch (history, rect), ==, SM_OK);
        g_assert_cmpint (sm_mask_rectangle (mask, rect, value, &changed), ==, SM_OK);
      }
      break;
    case 3:
      if (n_points < 3)
        n_points = 3;
      g_assert_cmpint (sm_mask_history_touch (history, sm_mask_polygon_bounds (mask, points,
                                                                               n_points)), ==, SM_OK);
      g_assert_cmpint (sm_mask_polygon (mask, points, n_points, value, &changed), ==, SM_OK);
      break;
    case 4:
      g_assert_cmpint (sm_mask_history_touch (history, all), ==, SM_OK);
      g_assert_cmpint (sm_mask_invert (mask, &changed), ==, SM_OK);
      break;
    case 5:
      g_assert_cmpint (sm_mask_history_touch (history, all), ==, SM_OK);
      g_assert_cmpint (sm_mask_morph (mask, (SmMorphOp) g_rand_int_range (rand, 0, 4),
                                      g_rand_int_range (rand, 0, 4), g_rand_int_range (rand, 0, 4),
                                      &changed), ==, SM_OK);
      break;
    case 6:
      g_assert_cmpint (sm_mask_history_touch (history, all), ==, SM_OK);
      g_assert_cmpint (sm_mask_feather (mask, rt, rf, &changed), ==, SM_OK);
      break;
    default:
      {
        SmRect keep = { 10, 100, 5, 90 };

        g_assert_cmpint (sm_mask_history_touch (history, all), ==, SM_OK);
        g_assert_cmpint (sm_mask_clip (mask, keep, &changed), ==, SM_OK);
      }
      break;
    }
  g_assert_cmpint (sm_mask_history_commit (history, &committed), ==, SM_OK);
  /* The history finds the same bins the edit reported. */
  g_assert_cmpint (sm_rect_is_empty (&committed), ==, sm_rect_is_empty (&changed));
  if (!sm_rect_is_empty (&changed))
    g_assert_true (memcmp (&committed, &changed, sizeof changed) == 0);
}

static void
test_undo_redo_identity (void)
{
  /* Not a multiple of the block size, so edge blocks are partial. */
  SmMask *mask = mask_new (150, 257, 0.0f);
  SmMaskHistory *history = history_new (mask, 0);
  GRand *rand = g_rand_new_with_seed (42);
  GPtrArray *states = g_ptr_array_new_with_free_func (mask_free_cb);
  const int n_steps = 60;

  for (size_t i = 0; i < 150 * 257; i++)
    mask->levels[i] = g_rand_double (rand) < 0.3 ? SM_MASK_LEVEL_MAX : 0;
  g_ptr_array_add (states, sm_mask_copy (mask));

  for (int i = 0; i < n_steps; i++)
    {
      size_t before = sm_mask_history_n_undo (history);

      random_step (history, mask, rand);
      /* Steps that changed nothing are not recorded. */
      if (sm_mask_history_n_undo (history) > before)
        g_ptr_array_add (states, sm_mask_copy (mask));
      else
        g_assert_true (mask_equal (mask, g_ptr_array_index (states, states->len - 1)));
    }
  g_assert_cmpuint (sm_mask_history_n_undo (history), ==, states->len - 1);
  g_assert_cmpuint (states->len, >, 40);

  /* Undo all: through every intermediate state, back to the original bit for bit. */
  for (size_t k = states->len - 1; k > 0; k--)
    {
      SmRect changed;

      g_assert_true (sm_mask_history_can_undo (history));
      g_assert_cmpint (sm_mask_history_undo (history, &changed), ==, SM_OK);
      g_assert_true (mask_equal (mask, g_ptr_array_index (states, k - 1)));
      assert_differences_in (mask, g_ptr_array_index (states, k), changed);
    }
  g_assert_false (sm_mask_history_can_undo (history));
  g_assert_cmpint (sm_mask_history_undo (history, NULL), ==, SM_ERROR_BAD_ARG);

  /* Redo all: forward to the final state. */
  for (size_t k = 1; k < states->len; k++)
    {
      g_assert_cmpint (sm_mask_history_redo (history, NULL), ==, SM_OK);
      g_assert_true (mask_equal (mask, g_ptr_array_index (states, k)));
    }
  g_assert_false (sm_mask_history_can_redo (history));
  g_assert_cmpint (sm_mask_history_redo (history, NULL), ==, SM_ERROR_BAD_ARG);

  g_ptr_array_unref (states);
  g_rand_free (rand);
  sm_mask_history_free (&history);
  g_assert_null (history);
  sm_mask_free (&mask);
}

static void
test_labels_and_redo_list (void)
{
  SmMask *mask = mask_new (100, 80, 0.0f);
  SmMaskHistory *history = history_new (mask, 0);
  SmPoint p = { 50.0, 40.0 };
  SmRect changed;

  g_assert_null (sm_mask_history_undo_label (history));
  g_assert_false (sm_mask_history_can_undo (history));

  sm_mask_history_begin (history, "Brush");
  sm_mask_history_touch (history, sm_mask_brush_bounds (mask, &p, 1, 3.0, 3.0));
  sm_mask_brush (mask, &p, 1, 3.0, 3.0, 1.0f, NULL);
  g_assert_cmpint (sm_mask_history_commit (history, &changed), ==, SM_OK);
  g_assert_false (sm_rect_is_empty (&changed));

  sm_mask_history_begin (history, "Invert");
  sm_mask_history_touch (history, sm_mask_full_rect (mask));
  sm_mask_invert (mask, NULL);
  sm_mask_history_commit (history, NULL);

  g_assert_cmpstr (sm_mask_history_undo_label (history), ==, "Invert");
  g_assert_cmpuint (sm_mask_history_n_undo (history), ==, 2);
  sm_mask_history_undo (history, NULL);
  g_assert_cmpstr (sm_mask_history_undo_label (history), ==, "Brush");
  g_assert_cmpstr (sm_mask_history_redo_label (history), ==, "Invert");
  g_assert_cmpuint (sm_mask_history_n_redo (history), ==, 1);

  /* A step that changes nothing is dropped and leaves redo alone. */
  sm_mask_history_begin (history, "Nothing");
  sm_mask_history_touch (history, sm_mask_brush_bounds (mask, &p, 1, 3.0, 3.0));
  sm_mask_brush (mask, &p, 1, 3.0, 3.0, 1.0f, NULL);   /* already painted */
  g_assert_cmpint (sm_mask_history_commit (history, &changed), ==, SM_OK);
  g_assert_true (sm_rect_is_empty (&changed));
  g_assert_cmpuint (sm_mask_history_n_undo (history), ==, 1);
  g_assert_cmpstr (sm_mask_history_redo_label (history), ==, "Invert");

  /* A real step clears redo. */
  sm_mask_history_begin (history, NULL);
  sm_mask_history_touch (history, (SmRect) { 0, 1, 0, 1 });
  sm_mask_rectangle (mask, (SmRect) { 0, 1, 0, 1 }, 1.0f, NULL);
  sm_mask_history_commit (history, NULL);
  g_assert_cmpuint (sm_mask_history_n_redo (history), ==, 0);
  g_assert_false (sm_mask_history_can_redo (history));
  g_assert_null (sm_mask_history_undo_label (history));   /* a step without a label */
  g_assert_cmpuint (sm_mask_history_n_undo (history), ==, 2);

  /* Misuse is refused, not obeyed. */
  g_assert_cmpint (sm_mask_history_touch (history, sm_mask_full_rect (mask)), ==, SM_ERROR_BAD_ARG);
  g_assert_cmpint (sm_mask_history_commit (history, NULL), ==, SM_ERROR_BAD_ARG);
  g_assert_cmpint (sm_mask_history_begin (history, "A"), ==, SM_OK);
  g_assert_cmpint (sm_mask_history_begin (history, "B"), ==, SM_ERROR_BAD_ARG);
  g_assert_cmpint (sm_mask_history_undo (history, NULL), ==, SM_ERROR_BAD_ARG);
  g_assert_false (sm_mask_history_can_undo (history));
  sm_mask_history_abort (history, NULL);
  g_assert_true (sm_mask_history_can_undo (history));

  sm_mask_history_clear (history);
  g_assert_cmpuint (sm_mask_history_n_undo (history), ==, 0);
  g_assert_cmpuint (sm_mask_history_memory (history), ==, 0);

  sm_mask_history_free (&history);
  sm_mask_free (&mask);
}

static void
test_abort (void)
{
  SmMask *mask = mask_new (200, 129, 0.25f);
  SmMask *original = sm_mask_copy (mask);
  SmMaskHistory *history = history_new (mask, 0);
  SmPoint path[] = { { 10.0, 10.0 }, { 150.0, 100.0 } };
  SmRect painted, restored;

  sm_mask_history_begin (history, "Brush");
  sm_mask_history_touch (history, sm_mask_brush_bounds (mask, path, 2, 4.0, 4.0));
  sm_mask_brush (mask, path, 2, 4.0, 4.0, 1.0f, &painted);
  sm_mask_history_abort (history, &restored);
  g_assert_true (mask_equal (mask, original));
  g_assert_true (memcmp (&painted, &restored, sizeof painted) == 0);
  g_assert_cmpuint (sm_mask_history_n_undo (history), ==, 0);
  g_assert_cmpuint (sm_mask_history_memory (history), ==, 0);

  sm_mask_history_free (&history);
  sm_mask_free (&mask);
  sm_mask_free (&original);
}

static void
test_memory_follows_edit (void)
{
  SmMask *mask = mask_new (2000, 1025, 0.0f);
  SmMaskHistory *history = history_new (mask, 0);
  /* At a block corner, so the dab spans four blocks. */
  SmPoint p = { 128.0, 192.0 };
  size_t one_dab, full;

  sm_mask_history_begin (history, "Brush");
  sm_mask_history_touch (history, sm_mask_brush_bounds (mask, &p, 1, 4.0, 6.0));
  sm_mask_brush (mask, &p, 1, 4.0, 6.0, 1.0f, NULL);
  sm_mask_history_commit (history, NULL);
  one_dab = sm_mask_history_memory (history);
  g_test_message ("a brush dab costs %zu bytes", one_dab);
  g_assert_cmpuint (one_dab, >, 0);
  g_assert_cmpuint (one_dab, <, 64 * 1024);

  /* Undo keeps the step for redo: same memory. */
  sm_mask_history_undo (history, NULL);
  g_assert_cmpuint (sm_mask_history_memory (history), ==, one_dab);
  sm_mask_history_redo (history, NULL);

  /* Filling the whole mask stores it twice (before and after), near enough. */
  sm_mask_history_begin (history, "Fill");
  sm_mask_history_touch (history, sm_mask_full_rect (mask));
  sm_mask_fill (mask, 1.0f, NULL);
  sm_mask_history_commit (history, NULL);
  full = sm_mask_history_memory (history) - one_dab;
  g_assert_cmpuint (full, >=, 2 * 2000 * 1025 * sizeof (SmMaskLevel));
  g_assert_cmpuint (full, <, 2 * 2000 * 1025 * sizeof (SmMaskLevel) * 11 / 10);

  sm_mask_history_free (&history);
  sm_mask_free (&mask);
}

static void
test_memory_limit (void)
{
  SmMask *mask = mask_new (640, 640, 0.0f);
  SmMask *states[10];
  SmMaskHistory *history;
  size_t step_bytes, limit;

  /* Each step fills a distinct 64 x 64 block, so all steps cost the same. */
  history = history_new (mask, 0);
  sm_mask_history_begin (history, "0");
  sm_mask_history_touch (history, (SmRect) { 0, 64, 0, 64 });
  sm_mask_rectangle (mask, (SmRect) { 0, 64, 0, 64 }, 1.0f, NULL);
  sm_mask_history_commit (history, NULL);
  step_bytes = sm_mask_history_memory (history);
  sm_mask_history_free (&history);
  sm_mask_fill (mask, 0.0f, NULL);

  limit = 3 * step_bytes + step_bytes / 2;
  history = history_new (mask, limit);
  for (size_t i = 0; i < 10; i++)
    {
      SmRect block = { i * 64, i * 64 + 64, (int) i * 64, (int) i * 64 + 64 };
      char label[8];

      g_snprintf (label, sizeof label, "%zu", i);
      sm_mask_history_begin (history, label);
      sm_mask_history_touch (history, block);
      sm_mask_rectangle (mask, block, 1.0f, NULL);
      sm_mask_history_commit (history, NULL);
      states[i] = sm_mask_copy (mask);
      g_assert_cmpuint (sm_mask_history_memory (history), <=, limit);
    }
  g_assert_cmpuint (sm_mask_history_n_undo (history), ==, 3);
  g_assert_cmpuint (sm_mask_history_memory (history), ==, 3 * step_bytes);

  /* The oldest went: undoing everything reaches the state after step 6, not the start. */
  while (sm_mask_history_can_undo (history))
    sm_mask_history_undo (history, NULL);
  g_assert_true (mask_equal (mask, states[6]));
  g_assert_cmpstr (sm_mask_history_redo_label (history), ==, "7");

  /* A limit smaller than one step still keeps the newest step. */
  sm_mask_history_free (&history);
  history = history_new (mask, 1);
  sm_mask_history_begin (history, "big");
  sm_mask_history_touch (history, sm_mask_full_rect (mask));
  sm_mask_fill (mask, 1.0f, NULL);
  sm_mask_history_commit (history, NULL);
  g_assert_cmpuint (sm_mask_history_n_undo (history), ==, 1);
  sm_mask_history_begin (history, "bigger");
  sm_mask_history_touch (history, sm_mask_full_rect (mask));
  sm_mask_fill (mask, 0.0f, NULL);
  sm_mask_history_commit (history, NULL);
  g_assert_cmpuint (sm_mask_history_n_undo (history), ==, 1);
  g_assert_cmpstr (sm_mask_history_undo_label (history), ==, "bigger");

  for (size_t i = 0; i < 10; i++)
    sm_mask_free (&states[i]);
  sm_mask_history_free (&history);
  sm_mask_free (&mask);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/mask/history/undo-redo-identity", test_undo_redo_identity);
  g_test_add_func ("/core/mask/history/labels-and-redo-list", test_labels_and_redo_list);
  g_test_add_func ("/core/mask/history/abort", test_abort);
  g_test_add_func ("/core/mask/history/memory-follows-edit", test_memory_follows_edit);
  g_test_add_func ("/core/mask/history/memory-limit", test_memory_limit);

  return g_test_run ();
}
