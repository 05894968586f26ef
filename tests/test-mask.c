/* test-mask.c: mask storage, rectangles, statistics and scores.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sm-test-util.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static SmMask *
mask_new (size_t n_frames,
          int    n_bins,
          float  fill)
{
  SmStatus status = SM_ERROR_IO;
  SmMask *mask = sm_mask_new (n_frames, n_bins, fill, &status);

  g_assert_cmpint (status, ==, SM_OK);
  g_assert_nonnull (mask);
  return mask;
}

static void
test_mask_new (void)
{
  SmStatus status = SM_OK;
  SmMask *mask = mask_new (7, 5, 0.25f);
  SmMask *copy;

  g_assert_cmpuint (mask->n_frames, ==, 7);
  g_assert_cmpint (mask->n_bins, ==, 5);
  /* 0.25 is stored as the nearest level, 64 (63.75 rounded). */
  for (size_t i = 0; i < 35; i++)
    g_assert_cmpuint (mask->levels[i], ==, 64);

  /* A deep copy: changing it leaves the original alone. */
  copy = sm_mask_copy (mask);
  g_assert_nonnull (copy);
  g_assert_true (copy->levels != mask->levels);
  g_assert_cmpmem (copy->levels, 35, mask->levels, 35);
  copy->levels[3] = SM_MASK_LEVEL_MAX;
  g_assert_cmpuint (mask->levels[3], ==, 64);
  sm_mask_free (&copy);
  g_assert_null (copy);
  sm_mask_free (&copy);   /* NULL-safe */
  sm_mask_free (&mask);

  mask = mask_new (3, 2, 0.0f);
  for (size_t i = 0; i < 6; i++)
    g_assert_cmpuint (mask->levels[i], ==, 0);
  sm_mask_free (&mask);

  mask = mask_new (2, 3, 1.0f);
  for (size_t i = 0; i < 6; i++)
    g_assert_cmpuint (mask->levels[i], ==, SM_MASK_LEVEL_MAX);
  sm_mask_free (&mask);

  g_assert_null (sm_mask_new (0, 5, 0.0f, &status));
  g_assert_cmpint (status, ==, SM_ERROR_BAD_ARG);
  status = SM_OK;
  g_assert_null (sm_mask_new (5, 0, 0.0f, &status));
  g_assert_cmpint (status, ==, SM_ERROR_BAD_ARG);
  status = SM_OK;
  g_assert_null (sm_mask_new (5, 5, NAN, &status));
  g_assert_cmpint (status, ==, SM_ERROR_BAD_ARG);
  status = SM_OK;
  g_assert_null (sm_mask_new (5, 5, 1.5f, &status));
  g_assert_cmpint (status, ==, SM_ERROR_BAD_ARG);
  g_assert_null (sm_mask_new (5, -3, 0.0f, NULL));
  g_assert_null (sm_mask_copy (NULL));
}

static void
test_mask_rect (void)
{
  SmRect a = { 2, 5, 10, 20 };
  SmRect b = { 4, 9, 15, 30 };
  SmRect far = { 20, 30, 0, 3 };
  SmRect empty = { 3, 3, 0, 100 };
  SmRect r;
  SmMask *mask = mask_new (12, 9, 0.0f);

  g_assert_false (sm_rect_is_empty (&a));
  g_assert_true (sm_rect_is_empty (&empty));

  r = sm_rect_union (a, b);
  g_assert_cmpuint (r.t0, ==, 2);
  g_assert_cmpuint (r.t1, ==, 9);
  g_assert_cmpint (r.f0, ==, 10);
  g_assert_cmpint (r.f1, ==, 30);

  /* An empty rectangle does not stretch a union towards its stale corners. */
  r = sm_rect_union (a, empty);
  g_assert_true (memcmp (&r, &a, sizeof r) == 0);
  r = sm_rect_union (empty, b);
  g_assert_true (memcmp (&r, &b, sizeof r) == 0);
  r = sm_rect_union (empty, empty);
  g_assert_true (sm_rect_is_empty (&r));

  r = sm_rect_intersect (a, b);
  g_assert_cmpuint (r.t0, ==, 4);
  g_assert_cmpuint (r.t1, ==, 5);
  g_assert_cmpint (r.f0, ==, 15);
  g_assert_cmpint (r.f1, ==, 20);
  r = sm_rect_intersect (a, far);
  g_assert_true (sm_rect_is_empty (&r));

  r = sm_mask_full_rect (mask);
  g_assert_cmpuint (r.t0, ==, 0);
  g_assert_cmpuint (r.t1, ==, 12);
  g_assert_cmpint (r.f0, ==, 0);
  g_assert_cmpint (r.f1, ==, 9);
  sm_mask_free (&mask);
}

static void
test_mask_kept_fraction (void)
{
  SmMask *mask = mask_new (8, 10, 0.0f);

  g_assert_cmpfloat (sm_mask_kept_fraction (mask), ==, 0.0);
  g_assert_true (sm_mask_is_binary (mask));

  /* A quarter of the bins: frames 0-3, bins 0-4. */
  for (size_t t = 0; t < 4; t++)
    for (int f = 0; f < 5; f++)
      mask->levels[t * 10 + (size_t) f] = SM_MASK_LEVEL_MAX;
  g_assert_cmpfloat_with_epsilon (sm_mask_kept_fraction (mask), 0.25, 1e-12);
  g_assert_true (sm_mask_is_binary (mask));

  /* Soft values count by their mean: 20 ones and one level 128 (128 / 255) over 80 bins. */
  mask->levels[79] = 128;
  g_assert_cmpfloat_with_epsilon (sm_mask_kept_fraction (mask), (20.0 + 128.0 / 255.0) / 80.0,
                                  1e-12);
  g_assert_false (sm_mask_is_binary (mask));
  /* The smallest step off 0 or 1 is already soft. */
  mask->levels[79] = 1;
  g_assert_false (sm_mask_is_binary (mask));
  mask->levels[79] = SM_MASK_LEVEL_MAX - 1;
  g_assert_false (sm_mask_is_binary (mask));

  sm_mask_fill (mask, 1.0f, NULL);
  g_assert_cmpfloat (sm_mask_kept_fraction (mask), ==, 1.0);
  sm_mask_free (&mask);
}

static void
test_mask_compare (void)
{
  SmMask *mask = mask_new (4, 5, 0.0f);
  SmMask *reference = mask_new (4, 5, 0.0f);
  SmMask *other = mask_new (5, 4, 0.0f);
  SmMaskScores scores;

  /* mask keeps 6 bins (one of them at exactly the kept line), reference 8, 4 in common. */
  for (int i = 0; i < 6; i++)
    mask->levels[i] = SM_MASK_LEVEL_MAX;
  mask->levels[5] = SM_MASK_LEVEL_KEPT;
  mask->levels[10] = SM_MASK_LEVEL_KEPT - 1;   /* just below the line: not kept */
  for (int i = 2; i < 10; i++)
    reference->levels[i] = SM_MASK_LEVEL_MAX;

  g_assert_cmpint (sm_mask_compare (mask, reference, &scores), ==, SM_OK);
  g_assert_cmpfloat_with_epsilon (scores.precision, 4.0 / 6.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (scores.recall, 4.0 / 8.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (scores.f1, 4.0 / 7.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (scores.kept_fraction, (5.0 * 255.0 + 128.0 + 127.0) / (20.0 * 255.0),
                                  1e-12);
  g_assert_cmpfloat_with_epsilon (scores.reference_kept_fraction, 8.0 / 20.0, 1e-12);

  /* Against itself everything agrees. */
  g_assert_cmpint (sm_mask_compare (reference, reference, &scores), ==, SM_OK);
  g_assert_cmpfloat (scores.precision, ==, 1.0);
  g_assert_cmpfloat (scores.recall, ==, 1.0);
  g_assert_cmpfloat (scores.f1, ==, 1.0);

  /* An empty mask is never wrong but finds nothing. */
  sm_mask_fill (mask, 0.0f, NULL);
  g_assert_cmpint (sm_mask_compare (mask, reference, &scores), ==, SM_OK);
  g_assert_cmpfloat (scores.precision, ==, 1.0);
  g_assert_cmpfloat (scores.recall, ==, 0.0);
  g_assert_cmpfloat (scores.f1, ==, 0.0);

  /* Both empty: perfect agreement. */
  sm_mask_fill (reference, 0.0f, NULL);
  g_assert_cmpint (sm_mask_compare (mask, reference, &scores), ==, SM_OK);
  g_assert_cmpfloat (scores.f1, ==, 1.0);

  /* Disjoint: precision and recall 0, F1 0 (not NaN). */
  mask->levels[0] = SM_MASK_LEVEL_MAX;
  reference->levels[1] = SM_MASK_LEVEL_MAX;
  g_assert_cmpint (sm_mask_compare (mask, reference, &scores), ==, SM_OK);
  g_assert_cmpfloat (scores.precision, ==, 0.0);
  g_assert_cmpfloat (scores.recall, ==, 0.0);
  g_assert_cmpfloat (scores.f1, ==, 0.0);

  /* Same number of bins, different shape: still a mismatch. */
  g_assert_cmpint (sm_mask_compare (mask, other, &scores), ==, SM_ERROR_MISMATCH);
  g_assert_cmpint (sm_mask_compare (NULL, reference, &scores), ==, SM_ERROR_BAD_ARG);
  g_assert_cmpint (sm_mask_compare (mask, reference, NULL), ==, SM_ERROR_BAD_ARG);

  sm_mask_free (&mask);
  sm_mask_free (&reference);
  sm_mask_free (&other);
}

static void
test_mask_levels (void)
{
  SmMask *mask;
  float *values;

  g_assert_cmpuint (sm_mask_level_of (0.0f), ==, 0);
  g_assert_cmpuint (sm_mask_level_of (-0.0f), ==, 0);
  g_assert_cmpuint (sm_mask_level_of (1.0f), ==, SM_MASK_LEVEL_MAX);
  g_assert_cmpuint (sm_mask_level_of (0.5f), ==, 128);   /* 127.5 rounds up */
  g_assert_cmpuint (sm_mask_level_of (0.5f), ==, SM_MASK_LEVEL_KEPT);
  g_assert_cmpuint (sm_mask_level_of (-1.0f), ==, 0);
  g_assert_cmpuint (sm_mask_level_of (2.0f), ==, SM_MASK_LEVEL_MAX);
  g_assert_cmpuint (sm_mask_level_of (-INFINITY), ==, 0);
  g_assert_cmpuint (sm_mask_level_of (INFINITY), ==, SM_MASK_LEVEL_MAX);
  g_assert_cmpuint (sm_mask_level_of (NAN), ==, 0);
  /* Nearest level: either side of the midpoint between 1 and 2. */
  g_assert_cmpuint (sm_mask_level_of (1.4f / 255.0f), ==, 1);
  g_assert_cmpuint (sm_mask_level_of (1.6f / 255.0f), ==, 2);
  g_assert_cmpuint (sm_mask_level_of (0.4f / 255.0f), ==, 0);
  g_assert_cmpuint (sm_mask_level_of (254.6f / 255.0f), ==, SM_MASK_LEVEL_MAX);
  /* The values just off a level still round to it (these once tested the PNG writer's own
   * quantiser, which this now is). */
  g_assert_cmpuint (sm_mask_level_of (nextafterf (1.0f / 255.0f, 0.0f)), ==, 1);
  g_assert_cmpuint (sm_mask_level_of (nextafterf (254.0f / 255.0f, 1.0f)), ==, 254);
  g_assert_cmpuint (sm_mask_level_of (nextafterf (1.0f, 0.0f)), ==, SM_MASK_LEVEL_MAX);
  g_assert_cmpuint (sm_mask_level_of (FLT_MIN), ==, 0);

  g_assert_cmpfloat (sm_mask_level_value (0), ==, 0.0f);
  g_assert_cmpfloat (sm_mask_level_value (SM_MASK_LEVEL_MAX), ==, 1.0f);
  /* level -> value -> level is the identity, and values rise with levels. */
  for (int l = 0; l <= SM_MASK_LEVEL_MAX; l++)
    {
      float v = sm_mask_level_value ((SmMaskLevel) l);

      g_assert_cmpfloat (v, ==, (float) l / 255.0f);
      g_assert_cmpuint (sm_mask_level_of (v), ==, (guint) l);
      if (l > 0)
        g_assert_cmpfloat (v, >, sm_mask_level_value ((SmMaskLevel) (l - 1)));
    }

  /* A 4 x 3 mask of distinct levels, frame t bin f holding 20 t + 7 f + 3 (and one 255). */
  mask = mask_new (4, 3, 0.0f);
  for (size_t t = 0; t < 4; t++)
    for (int f = 0; f < 3; f++)
      mask->levels[t * 3 + (size_t) f] = (SmMaskLevel) (20 * t + 7 * (size_t) f + 3);
  mask->levels[11] = SM_MASK_LEVEL_MAX;

  values = sm_mask_values (mask, 0, 4);
  g_assert_nonnull (values);
  for (size_t i = 0; i < 12; i++)
    g_assert_cmpfloat (values[i], ==, (float) mask->levels[i] / 255.0f);
  g_assert_cmpfloat (values[11], ==, 1.0f);
  free (values);

  /* A middle range starts at frame t0. */
  values = sm_mask_values (mask, 1, 3);
  g_assert_nonnull (values);
  for (size_t i = 0; i < 6; i++)
    g_assert_cmpfloat (values[i], ==, (float) mask->levels[3 + i] / 255.0f);
  free (values);
  values = sm_mask_values (mask, 3, 4);
  g_assert_nonnull (values);
  for (size_t i = 0; i < 3; i++)
    g_assert_cmpfloat (values[i], ==, (float) mask->levels[9 + i] / 255.0f);
  free (values);

  g_assert_null (sm_mask_values (mask, 2, 2));
  g_assert_null (sm_mask_values (mask, 3, 1));
  g_assert_null (sm_mask_values (mask, 0, 5));
  g_assert_null (sm_mask_values (mask, 4, 5));
  g_assert_null (sm_mask_values (NULL, 0, 1));
  sm_mask_free (&mask);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/mask/new", test_mask_new);
  g_test_add_func ("/core/mask/levels", test_mask_levels);
  g_test_add_func ("/core/mask/rect", test_mask_rect);
  g_test_add_func ("/core/mask/kept-fraction", test_mask_kept_fraction);
  g_test_add_func ("/core/mask/compare", test_mask_compare);

  return g_test_run ();
}
