/* test-mask-edit.c: brush, shapes, whole-mask edits, morphology and feathering against
 * geometry worked out by hand and brute-force references.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sm-test-util.h"

#include <math.h>
#include <string.h>

#define AT(mask, t, f) ((mask)->levels[(size_t) (t) * (size_t) (mask)->n_bins + (size_t) (f)])

/* Half a level, the most that storing a value as its nearest level can move it; a bit
 * more, as a value exactly between two levels (0.5 is 127.5 / 255) may round either way
 * and g_assert_cmpfloat_with_epsilon wants the difference strictly below. */
#define HALF_LEVEL (0.5 / 255.0 + 1e-6)

static SmMask *
mask_new (size_t n_frames,
          int    n_bins,
          float  fill)
{
  SmMask *mask = sm_mask_new (n_frames, n_bins, fill, NULL);

  g_assert_nonnull (mask);
  return mask;
}

/* Random values k / steps, stored as their nearest levels (steps = 255 gives every level
 * k), so that edits can be checked level for level. */
static SmMask *
mask_random (size_t  n_frames,
             int     n_bins,
             guint32 seed,
             int     steps)
{
  SmMask *mask = mask_new (n_frames, n_bins, 0.0f);
  GRand *rand = g_rand_new_with_seed (seed);

  for (size_t i = 0; i < n_frames * (size_t) n_bins; i++)
    mask->levels[i] = sm_mask_level_of ((float) g_rand_int_range (rand, 0, steps + 1) / (float) steps);
  g_rand_free (rand);
  return mask;
}

/* The rectangle of bins that differ, worked out the slow way. */
static SmRect
diff_rect (const SmMask *a,
           const SmMask *b)
{
  SmRect rect = { 0, 0, 0, 0 };
  gboolean any = FALSE;

  for (size_t t = 0; t < a->n_frames; t++)
    for (int f = 0; f < a->n_bins; f++)
      if (AT (a, t, f) != AT (b, t, f))
        {
          if (!any)
            {
              rect.t0 = t;
              rect.t1 = t + 1;
              rect.f0 = f;
              rect.f1 = f + 1;
              any = TRUE;
            }
          rect.t0 = MIN (rect.t0, t);
          rect.t1 = MAX (rect.t1, t + 1);
          rect.f0 = MIN (rect.f0, f);
          rect.f1 = MAX (rect.f1, f + 1);
        }
  return rect;
}

static void
assert_rect_eq (SmRect a,
                SmRect b)
{
  if (sm_rect_is_empty (&a) && sm_rect_is_empty (&b))
    return;
  g_assert_cmpuint (a.t0, ==, b.t0);
  g_assert_cmpuint (a.t1, ==, b.t1);
  g_assert_cmpint (a.f0, ==, b.f0);
  g_assert_cmpint (a.f1, ==, b.f1);
}

static gboolean
rect_contains (SmRect outer,
               SmRect inner)
{
  if (sm_rect_is_empty (&inner))
    return TRUE;
  return outer.t0 <= inner.t0 && inner.t1 <= outer.t1 && outer.f0 <= inner.f0
         && inner.f1 <= outer.f1;
}

/* Squared distance from bin (t, f) to segment a-b, in units of the radii. */
static double
segment_distance2 (double  t,
                   double  f,
                   SmPoint a,
                   SmPoint b,
                   double  rt,
                   double  rf)
{
  double best = INFINITY;

  /* Sampling the segment densely is slow but obviously right; the exact projection below
   * must agree with it. */
  for (int k = 0; k <= 2000; k++)
    {
      double s = k / 2000.0;
      double dt = (t - (a.t + s * (b.t - a.t))) / rt;
      double df = (f - (a.f + s * (b.f - a.f))) / rf;

      best = fmin (best, dt * dt + df * df);
    }
  {
    double ut = (b.t - a.t) / rt, uf = (b.f - a.f) / rf;
    double qt = (t - a.t) / rt, qf = (f - a.f) / rf;
    double len2 = ut * ut + uf * uf;
    double s = len2 > 0.0 ? CLAMP ((qt * ut + qf * uf) / len2, 0.0, 1.0) : 0.0;
    double exact = (qt - s * ut) * (qt - s * ut) + (qf - s * uf) * (qf - s * uf);

    g_assert_cmpfloat (exact, <=, best + 1e-9);
    return exact;
  }
}

static void
check_brush (const SmMask  *before,
             const SmMask  *after,
             const SmPoint *points,
             size_t         n_points,
             double         rt,
             double         rf,
             float          value,
             SmRect         changed)
{
  const SmMaskLevel level = sm_mask_level_of (value);
  size_t inside = 0;

  for (size_t t = 0; t < after->n_frames; t++)
    for (int f = 0; f < after->n_bins; f++)
      {
        double d2 = INFINITY;

        for (size_t i = 0; i < MAX (n_points, 2) - 1; i++)
          d2 = fmin (d2, segment_distance2 ((double) t, f, points[i],
                                            points[MIN (i + 1, n_points - 1)], rt, rf));
        if (d2 < 1.0 - 1e-9)
          {
            g_assert_cmpuint (AT (after, t, f), ==, level);
            inside++;
          }
        else if (d2 > 1.0 + 1e-9)
          g_assert_cmpuint (AT (after, t, f), ==, AT (before, t, f));
      }
  g_assert_cmpuint (inside, >, 0);
  assert_rect_eq (changed, diff_rect (before, after));
}

static void
test_brush_point (void)
{
  SmMask *mask = mask_new (40, 64, 0.0f);
  SmMask *before = sm_mask_copy (mask);
  SmPoint p = { 10.3, 20.7 };
  SmRect changed, bounds;
  size_t count = 0;

  g_assert_cmpint (sm_mask_brush (mask, &p, 1, 3.0, 5.0, 1.0f, &changed), ==, SM_OK);
  check_brush (before, mask, &p, 1, 3.0, 5.0, 1.0f, changed);

  /* An ellipse of half-axes 3 x 5 holds about pi 15 = 47 bin centres. */
  for (size_t i = 0; i < 40 * 64; i++)
    count += mask->levels[i] == SM_MASK_LEVEL_MAX;
  g_assert_cmpuint (count, >=, 40);
  g_assert_cmpuint (count, <=, 56);
  /* Frames 8..13 and bins 16..25 are the centres within the ellipse's extent. */
  assert_rect_eq (changed, (SmRect) { 8, 14, 16, 26 });
  bounds = sm_mask_brush_bounds (mask, &p, 1, 3.0, 5.0);
  g_assert_true (rect_contains (bounds, changed));

  /* The same dab again changes nothing, and says so. */
  g_assert_cmpint (sm_mask_brush (mask, &p, 1, 3.0, 5.0, 1.0f, &changed), ==, SM_OK);
  g_assert_true (sm_rect_is_empty (&changed));

  sm_mask_free (&mask);
  sm_mask_free (&before);
}

static void
test_brush_path (void)
{
  SmPoint path[] = { { 5.2, 10.1 }, { 30.7, 14.4 }, { 33.1, 60.3 }, { 12.6, 40.9 }, { 12.6, 40.9 } };
  static const double radii[][2] = { { 2.5, 4.0 }, { 0.7, 6.3 }, { 8.0, 1.2 } };

  for (size_t k = 0; k < G_N_ELEMENTS (radii); k++)
    {
      /* Start from soft values, so untouched bins are told apart from painted ones. */
      SmMask *mask = mask_random (48, 72, 10 + (guint32) k, 4);
      SmMask *before = sm_mask_copy (mask);
      float value = k == 1 ? 0.0f : 1.0f;
      SmRect changed, bounds;

      g_assert_cmpint (sm_mask_brush (mask, path, G_N_ELEMENTS (path), radii[k][0], radii[k][1],
                                      value, &changed), ==, SM_OK);
      check_brush (before, mask, path, G_N_ELEMENTS (path), radii[k][0], radii[k][1], value,
                   changed);
      bounds = sm_mask_brush_bounds (mask, path, G_N_ELEMENTS (path), radii[k][0], radii[k][1]);
      g_assert_true (rect_contains (bounds, changed));
      sm_mask_free (&mask);
      sm_mask_free (&before);
    }
}

/* Segments of every direction, vertical and horizontal ones (whole-bin coordinates) and
 * single dabs included, with round and very flat or tall brushes: each stroke paints
 * exactly the bins within its capsule. */
static void
test_brush_random_segments (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (23);

  for (int trial = 0; trial < 60; trial++)
    {
      SmMask *mask = mask_random (40, 50, 100 + (guint32) trial, 4);
      SmMask *before = sm_mask_copy (mask);
      gboolean whole = trial % 3 == 0;
      SmPoint ends[2];
      double rt = g_rand_double_range (rand, 0.3, trial % 5 == 0 ? 15.0 : 4.0);
      double rf = g_rand_double_range (rand, 0.3, trial % 7 == 0 ? 20.0 : 5.0);
      size_t n = trial % 11 == 0 ? 1 : 2;
      SmRect changed;

      for (int k = 0; k < 2; k++)
        {
          ends[k].t = whole ? g_rand_int_range (rand, -3, 43) : g_rand_double_range (rand, -3, 43);
          ends[k].f = whole ? g_rand_int_range (rand, -3, 53) : g_rand_double_range (rand, -3, 53);
        }
      if (trial % 4 == 1)
        ends[1].t = ends[0].t;
      if (trial % 4 == 2)
        ends[1].f = ends[0].f;
      g_assert_cmpint (sm_mask_brush (mask, ends, n, rt, rf, 1.0f, &changed), ==, SM_OK);
      /* Far off the mask, nothing may be inside: check_brush wants some bins inside. */
      if (!sm_rect_is_empty (&changed))
        check_brush (before, mask, ends, n, rt, rf, 1.0f, changed);
      sm_mask_free (&mask);
      sm_mask_free (&before);
    }
}

static void
test_brush_edges_and_args (void)
{
  SmMask *mask = mask_new (20, 30, 0.0f);
  SmMask *before = sm_mask_copy (mask);
  SmPoint corner[] = { { -2.0, -3.0 }, { 1.5, 2.0 } };
  SmPoint far[] = { { -1e9, 5.0 }, { -1e9 + 1.0, 5.0 } };
  SmPoint bad = { NAN, 1.0 };
  SmRect changed, bounds;

  /* A stroke that starts outside paints only the part on the mask. */
  g_assert_cmpint (sm_mask_brush (mask, corner, 2, 2.0, 2.0, 1.0f, &changed), ==, SM_OK);
  check_brush (before, mask, corner, 2, 2.0, 2.0, 1.0f, changed);
  g_assert_cmpuint (changed.t0, ==, 0);
  g_assert_cmpint (changed.f0, ==, 0);

  sm_mask_free (&before);
  before = sm_mask_copy (mask);
  g_assert_cmpint (sm_mask_brush (mask, far, 2, 3.0, 3.0, 1.0f, &changed), ==, SM_OK);
  g_assert_true (sm_rect_is_empty (&changed));
  bounds = sm_mask_brush_bounds (mask, far, 2, 3.0, 3.0);
  g_assert_true (sm_rect_is_empty (&bounds));

  g_assert_cmpint (sm_mask_brush (mask, corner, 2, 0.0, 2.0, 1.0f, &changed), ==, SM_ERROR_BAD_ARG);
  g_assert_cmpint (sm_mask_brush (mask, corner, 2, 2.0, -1.0, 1.0f, NULL), ==, SM_ERROR_BAD_ARG);
  g_assert_cmpint (sm_mask_brush (mask, corner, 0, 2.0, 2.0, 1.0f, NULL), ==, SM_ERROR_BAD_ARG);
  g_assert_cmpint (sm_mask_brush (mask, &bad, 1, 2.0, 2.0, 1.0f, NULL), ==, SM_ERROR_BAD_ARG);
  g_assert_cmpint (sm_mask_brush (mask, corner, 2, 2.0, 2.0, NAN, NULL), ==, SM_ERROR_BAD_ARG);
  g_assert_cmpint (sm_mask_brush (NULL, corner, 2, 2.0, 2.0, 1.0f, NULL), ==, SM_ERROR_BAD_ARG);
  g_assert_true (memcmp (mask->levels, before->levels, 20 * 30) == 0);

  /* Values are clamped into [0, 1], and soft ones stored as their nearest level. */
  g_assert_cmpint (sm_mask_brush (mask, corner + 1, 1, 1.0, 1.0, 7.0f, NULL), ==, SM_OK);
  g_assert_cmpuint (AT (mask, 2, 2), ==, SM_MASK_LEVEL_MAX);
  g_assert_cmpint (sm_mask_brush (mask, corner + 1, 1, 1.0, 1.0, -7.0f, NULL), ==, SM_OK);
  g_assert_cmpuint (AT (mask, 2, 2), ==, 0);
  g_assert_cmpint (sm_mask_brush (mask, corner + 1, 1, 1.0, 1.0, 0.2f, NULL), ==, SM_OK);
  g_assert_cmpuint (AT (mask, 2, 2), ==, 51);

  sm_mask_free (&mask);
  sm_mask_free (&before);
}

static void
test_rectangle (void)
{
  SmMask *mask = mask_new (10, 12, 0.0f);
  SmRect changed;

  /* Partly outside: clipped to frames 6..9 and bins 0..3. */
  g_assert_cmpint (sm_mask_rectangle (mask, (SmRect) { 6, 15, 0, 4 }, 1.0f, &changed), ==, SM_OK);
  assert_rect_eq (changed, (SmRect) { 6, 10, 0, 4 });
  g_assert_cmpfloat (sm_mask_kept_fraction (mask), ==, 16.0 / 120.0);

  /* Overlapping what is already set: only the new bins count as changed. */
  g_assert_cmpint (sm_mask_rectangle (mask, (SmRect) { 8, 10, 0, 6 }, 1.0f, &changed), ==, SM_OK);
  assert_rect_eq (changed, (SmRect) { 8, 10, 4, 6 });
  g_assert_cmpint (sm_mask_rectangle (mask, (SmRect) { 7, 9, 1, 3 }, 1.0f, &changed), ==, SM_OK);
  g_assert_true (sm_rect_is_empty (&changed));

  /* Fully outside, or empty: nothing. */
  g_assert_cmpint (sm_mask_rectangle (mask, (SmRect) { 20, 30, 0, 4 }, 1.0f, &changed), ==, SM_OK);
  g_assert_true (sm_rect_is_empty (&changed));
  g_assert_cmpint (sm_mask_rectangle (mask, (SmRect) { 3, 3, 0, 4 }, 1.0f, &changed), ==, SM_OK);
  g_assert_true (sm_rect_is_empty (&changed));
  g_assert_cmpint (sm_mask_rectangle (mask, (SmRect) { 0, 1, 0, 1 }, NAN, &changed), ==,
                   SM_ERROR_BAD_ARG);
  g_assert_cmpuint (AT (mask, 0, 0), ==, 0);

  /* A soft value is stored as its nearest level; values a rounding apart are one edit. */
  g_assert_cmpint (sm_mask_rectangle (mask, (SmRect) { 0, 2, 0, 3 }, 0.6f, &changed), ==, SM_OK);
  assert_rect_eq (changed, (SmRect) { 0, 2, 0, 3 });
  for (size_t t = 0; t < 2; t++)
    for (int f = 0; f < 3; f++)
      g_assert_cmpuint (AT (mask, t, f), ==, 153);
  g_assert_cmpint (sm_mask_rectangle (mask, (SmRect) { 0, 2, 0, 3 }, 0.6001f, &changed), ==,
                   SM_OK);
  g_assert_true (sm_rect_is_empty (&changed));

  sm_mask_free (&mask);
}

/* Crossing-number test, written independently of the scan-line fill. */
static gboolean
point_in_polygon (const SmPoint *p,
                  size_t         n,
                  double         t,
                  double         f)
{
  gboolean inside = FALSE;

  for (size_t i = 0, j = n - 1; i < n; j = i++)
    if ((p[i].t > t) != (p[j].t > t)
        && f < p[j].f + (t - p[j].t) * (p[i].f - p[j].f) / (p[i].t - p[j].t))
      inside = !inside;
  return inside;
}

static void
test_polygon (void)
{
  SmMask *mask = mask_new (50, 50, 0.0f);
  SmPoint triangle[] = { { 0.3, 0.3 }, { 40.3, 0.3 }, { 0.3, 40.3 } };
  SmPoint lasso[] = { { 3.2, 5.7 }, { 28.9, 2.1 }, { 44.4, 17.8 }, { 31.6, 24.3 },
                      { 40.2, 45.5 }, { 12.3, 33.3 }, { 20.1, 19.9 } };
  /* A pentagram: its centre is wound twice, so even-odd leaves it out. */
  SmPoint star[5];
  SmRect changed, bounds;
  size_t count = 0;

  /* Bins (t, f) with t, f >= 1 and t + f <= 40: 39 + 38 + ... + 1 = 780, against an area of
   * 800 (the centres miss a strip along two edges). */
  g_assert_cmpint (sm_mask_polygon (mask, triangle, 3, 1.0f, &changed), ==, SM_OK);
  for (size_t i = 0; i < 2500; i++)
    count += mask->levels[i] == SM_MASK_LEVEL_MAX;
  g_assert_cmpuint (count, ==, 780);
  assert_rect_eq (changed, (SmRect) { 1, 40, 1, 40 });
  g_assert_cmpuint (AT (mask, 1, 39), ==, SM_MASK_LEVEL_MAX);
  g_assert_cmpuint (AT (mask, 1, 40), ==, 0);
  g_assert_cmpuint (AT (mask, 0, 5), ==, 0);
  bounds = sm_mask_polygon_bounds (mask, triangle, 3);
  g_assert_true (rect_contains (bounds, changed));

  /* A concave lasso against the crossing-number test at every bin centre. */
  sm_mask_fill (mask, 0.0f, NULL);
  g_assert_cmpint (sm_mask_polygon (mask, lasso, G_N_ELEMENTS (lasso), 1.0f, &changed), ==, SM_OK);
  for (size_t t = 0; t < 50; t++)
    for (int f = 0; f < 50; f++)
      g_assert_cmpuint (AT (mask, t, f), ==,
                        point_in_polygon (lasso, G_N_ELEMENTS (lasso), (double) t, f) ? SM_MASK_LEVEL_MAX : 0);

  for (int k = 0; k < 5; k++)
    {
      double angle = G_PI / 2.0 + k * 4.0 * G_PI / 5.0;

      star[k].t = 25.1 + 20.0 * cos (angle);
      star[k].f = 25.3 + 20.0 * sin (angle);
    }
  sm_mask_fill (mask, 0.0f, NULL);
  g_assert_cmpint (sm_mask_polygon (mask, star, 5, 1.0f, &changed), ==, SM_OK);
  g_assert_cmpuint (AT (mask, 25, 25), ==, 0);                   /* the centre */
  g_assert_cmpuint (AT (mask, 25, 42), ==, SM_MASK_LEVEL_MAX);   /* the top point */
  for (size_t t = 0; t < 50; t++)
    for (int f = 0; f < 50; f++)
      g_assert_cmpuint (AT (mask, t, f), ==,
                        point_in_polygon (star, 5, (double) t, f) ? SM_MASK_LEVEL_MAX : 0);

  /* Integer vertices put many centres exactly on the shared diagonal and on the sides:
   * the two halves of a square never both claim a bin, and together they fill exactly
   * what the square fills. */
  {
    SmPoint square[] = { { 2, 3 }, { 12, 3 }, { 12, 13 }, { 2, 13 } };
    SmPoint lower[] = { { 2, 3 }, { 12, 3 }, { 12, 13 } };
    SmPoint upper[] = { { 2, 3 }, { 12, 13 }, { 2, 13 } };
    SmMask *a = mask_new (50, 50, 0.0f);
    SmMask *b = mask_new (50, 50, 0.0f);
    size_t n_square = 0;

    sm_mask_fill (mask, 0.0f, NULL);
    sm_mask_polygon (mask, square, 4, 1.0f, NULL);
    sm_mask_polygon (a, lower, 3, 1.0f, NULL);
    sm_mask_polygon (b, upper, 3, 1.0f, NULL);
    for (size_t i = 0; i < 2500; i++)
      {
        g_assert_false (a->levels[i] == SM_MASK_LEVEL_MAX && b->levels[i] == SM_MASK_LEVEL_MAX);
        g_assert_cmpuint (a->levels[i] + b->levels[i], ==, mask->levels[i]);
        n_square += mask->levels[i] == SM_MASK_LEVEL_MAX;
      }
    g_assert_cmpuint (n_square, ==, 100);   /* frames 2..11 x bins 3..12 */
    sm_mask_free (&a);
    sm_mask_free (&b);
  }

  g_assert_cmpint (sm_mask_polygon (mask, star, 2, 1.0f, NULL), ==, SM_ERROR_BAD_ARG);
  sm_mask_free (&mask);
}

static void
test_fill_invert_clip (void)
{
  SmMask *mask = mask_random (30, 20, 7, SM_MASK_LEVEL_MAX);
  SmMask *original = sm_mask_copy (mask);
  SmRect changed;

  /* Invert twice is the identity, bit for bit. */
  g_assert_cmpint (sm_mask_invert (mask, &changed), ==, SM_OK);
  assert_rect_eq (changed, diff_rect (original, mask));
  for (size_t i = 0; i < 600; i++)
    g_assert_cmpuint (mask->levels[i], ==, SM_MASK_LEVEL_MAX - original->levels[i]);
  g_assert_cmpint (sm_mask_invert (mask, NULL), ==, SM_OK);
  g_assert_true (memcmp (mask->levels, original->levels, 600) == 0);

  /* 255 is odd, so no level is its own inverse: a mask of halves (level 128) becomes
   * level 127 everywhere, and back. */
  sm_mask_fill (mask, 0.5f, NULL);
  g_assert_cmpint (sm_mask_invert (mask, &changed), ==, SM_OK);
  assert_rect_eq (changed, sm_mask_full_rect (mask));
  for (size_t i = 0; i < 600; i++)
    g_assert_cmpuint (mask->levels[i], ==, SM_MASK_LEVEL_KEPT - 1);
  g_assert_cmpint (sm_mask_invert (mask, &changed), ==, SM_OK);
  assert_rect_eq (changed, sm_mask_full_rect (mask));
  for (size_t i = 0; i < 600; i++)
    g_assert_cmpuint (mask->levels[i], ==, SM_MASK_LEVEL_KEPT);

  g_assert_cmpint (sm_mask_fill (mask, 1.0f, &changed), ==, SM_OK);
  assert_rect_eq (changed, sm_mask_full_rect (mask));
  g_assert_cmpint (sm_mask_fill (mask, 1.0f, &changed), ==, SM_OK);
  g_assert_true (sm_rect_is_empty (&changed));

  /* Clip keeps frames 5..14 and bins 3..9; the rest goes to 0. */
  g_assert_cmpint (sm_mask_clip (mask, (SmRect) { 5, 15, 3, 10 }, &changed), ==, SM_OK);
  assert_rect_eq (changed, sm_mask_full_rect (mask));
  g_assert_cmpfloat (sm_mask_kept_fraction (mask), ==, 70.0 / 600.0);
  for (size_t t = 0; t < 30; t++)
    for (int f = 0; f < 20; f++)
      g_assert_cmpuint (AT (mask, t, f), ==,
                        t >= 5 && t < 15 && f >= 3 && f < 10 ? SM_MASK_LEVEL_MAX : 0);

  /* Clipping to a wider range changes nothing; to a narrower one, only what it drops. */
  g_assert_cmpint (sm_mask_clip (mask, (SmRect) { 0, 100, 0, 100 }, &changed), ==, SM_OK);
  g_assert_true (sm_rect_is_empty (&changed));
  g_assert_cmpint (sm_mask_clip (mask, (SmRect) { 0, 100, 0, 8 }, &changed), ==, SM_OK);
  assert_rect_eq (changed, (SmRect) { 5, 15, 8, 10 });
  /* An empty range clears the mask. */
  g_assert_cmpint (sm_mask_clip (mask, (SmRect) { 0, 0, 0, 0 }, &changed), ==, SM_OK);
  g_assert_cmpfloat (sm_mask_kept_fraction (mask), ==, 0.0);

  g_assert_cmpint (sm_mask_fill (mask, NAN, &changed), ==, SM_ERROR_BAD_ARG);
  g_assert_cmpint (sm_mask_invert (NULL, &changed), ==, SM_ERROR_BAD_ARG);
  sm_mask_free (&mask);
  sm_mask_free (&original);
}

/* O(T F k) morphology, straight from the definition. */
static void
naive_extreme (const SmMask *in,
               SmMask       *out,
               int           ht,
               int           hf,
               gboolean      use_max)
{
  for (long t = 0; t < (long) in->n_frames; t++)
    for (int f = 0; f < in->n_bins; f++)
      {
        SmMaskLevel v = use_max ? 0 : SM_MASK_LEVEL_MAX;

        for (long u = MAX (0, t - ht); u <= MIN ((long) in->n_frames - 1, t + ht); u++)
          for (int g = MAX (0, f - hf); g <= MIN (in->n_bins - 1, f + hf); g++)
            v = use_max ? MAX (v, AT (in, u, g)) : MIN (v, AT (in, u, g));
        AT (out, t, f) = v;
      }
}

static void
naive_morph (SmMask    *mask,
             SmMorphOp  op,
             int        ht,
             int        hf)
{
  SmMask *tmp = sm_mask_copy (mask);

  switch (op)
    {
    case SM_MORPH_DILATE:
      naive_extreme (tmp, mask, ht, hf, TRUE);
      break;
    case SM_MORPH_ERODE:
      naive_extreme (tmp, mask, ht, hf, FALSE);
      break;
    case SM_MORPH_OPEN:
      naive_extreme (mask, tmp, ht, hf, FALSE);
      naive_extreme (tmp, mask, ht, hf, TRUE);
      break;
    case SM_MORPH_CLOSE:
      naive_extreme (mask, tmp, ht, hf, TRUE);
      naive_extreme (tmp, mask, ht, hf, FALSE);
      break;
    }
  sm_mask_free (&tmp);
}

static void
test_morph_shapes (void)
{
  SmMask *mask = mask_new (40, 50, 0.0f);
  SmRect changed;

  /* Dilating a point gives the element itself. */
  AT (mask, 20, 30) = SM_MASK_LEVEL_MAX;
  g_assert_cmpint (sm_mask_morph (mask, SM_MORPH_DILATE, 3, 5, &changed), ==, SM_OK);
  assert_rect_eq (changed, (SmRect) { 17, 24, 25, 36 });
  for (size_t t = 0; t < 40; t++)
    for (int f = 0; f < 50; f++)
      g_assert_cmpuint (AT (mask, t, f), ==,
                        t >= 17 && t < 24 && f >= 25 && f < 36 ? SM_MASK_LEVEL_MAX : 0);

  /* Opening removes a one-bin speck but keeps a block wider than the element. */
  sm_mask_fill (mask, 0.0f, NULL);
  sm_mask_rectangle (mask, (SmRect) { 5, 25, 5, 25 }, 1.0f, NULL);
  AT (mask, 32, 40) = SM_MASK_LEVEL_MAX;
  g_assert_cmpint (sm_mask_morph (mask, SM_MORPH_OPEN, 1, 1, &changed), ==, SM_OK);
  assert_rect_eq (changed, (SmRect) { 32, 33, 40, 41 });
  g_assert_cmpfloat (sm_mask_kept_fraction (mask), ==, 400.0 / 2000.0);

  /* Closing fills a one-frame gap between two blocks, and nothing else. */
  sm_mask_fill (mask, 0.0f, NULL);
  sm_mask_rectangle (mask, (SmRect) { 5, 15, 10, 20 }, 1.0f, NULL);
  sm_mask_rectangle (mask, (SmRect) { 16, 26, 10, 20 }, 1.0f, NULL);
  g_assert_cmpint (sm_mask_morph (mask, SM_MORPH_CLOSE, 1, 1, &changed), ==, SM_OK);
  assert_rect_eq (changed, (SmRect) { 15, 16, 10, 20 });
  g_assert_cmpfloat (sm_mask_kept_fraction (mask), ==, 210.0 / 2000.0);

  /* Borders count as the identity: eroding a full mask leaves it full. */
  sm_mask_fill (mask, 1.0f, NULL);
  g_assert_cmpint (sm_mask_morph (mask, SM_MORPH_ERODE, 4, 7, &changed), ==, SM_OK);
  g_assert_true (sm_rect_is_empty (&changed));
  g_assert_cmpfloat (sm_mask_kept_fraction (mask), ==, 1.0);

  g_assert_cmpint (sm_mask_morph (mask, SM_MORPH_ERODE, -1, 1, &changed), ==, SM_ERROR_BAD_ARG);
  g_assert_cmpint (sm_mask_morph (mask, (SmMorphOp) 9, 1, 1, &changed), ==, SM_ERROR_BAD_ARG);
  sm_mask_free (&mask);
}

static void
test_morph_reference (void)
{
  static const int sizes[][2] = { { 37, 23 }, { 1, 17 }, { 19, 1 }, { 45, 33 } };
  static const int halves[][2] = { { 0, 0 }, { 1, 0 }, { 0, 2 }, { 2, 3 }, { 5, 1 }, { 40, 70 } };

  for (size_t s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (size_t h = 0; h < G_N_ELEMENTS (halves); h++)
      for (int op = SM_MORPH_DILATE; op <= SM_MORPH_CLOSE; op++)
        {
          SmMask *mask = mask_random ((size_t) sizes[s][0], sizes[s][1], (guint32) (s * 100 + h), 7);
          SmMask *expected = sm_mask_copy (mask);
          SmMask *before = sm_mask_copy (mask);
          SmRect changed;

          naive_morph (expected, (SmMorphOp) op, halves[h][0], halves[h][1]);
          g_assert_cmpint (sm_mask_morph (mask, (SmMorphOp) op, halves[h][0], halves[h][1],
                                          &changed), ==, SM_OK);
          g_assert_true (memcmp (mask->levels, expected->levels,
                                 mask->n_frames * (size_t) mask->n_bins) == 0);
          assert_rect_eq (changed, diff_rect (before, mask));
          sm_mask_free (&mask);
          sm_mask_free (&expected);
          sm_mask_free (&before);
        }
}

static void
test_feather (void)
{
  SmMask *mask = mask_new (41, 61, 0.0f);
  SmMask *before;
  SmRect changed;
  const double wt = 4.0, wf = 8.0;

  /* One kept bin: a cone of height 1 and radii 4 frames x 8 bins. */
  AT (mask, 20, 30) = SM_MASK_LEVEL_MAX;
  before = sm_mask_copy (mask);
  g_assert_cmpint (sm_mask_feather (mask, wt, wf, &changed), ==, SM_OK);
  for (int dt = -20; dt <= 20; dt++)
    for (int df = -30; df <= 30; df++)
      {
        double d = sqrt ((dt / wt) * (dt / wt) + (df / wf) * (df / wf));

        /* Stored as the nearest level: within half a level of the ramp. */
        g_assert_cmpfloat_with_epsilon (sm_mask_level_value (AT (mask, 20 + dt, 30 + df)),
                                        MAX (0.0, 1.0 - d), HALF_LEVEL);
      }
  assert_rect_eq (changed, diff_rect (before, mask));
  assert_rect_eq (changed, (SmRect) { 17, 24, 23, 38 });
  sm_mask_free (&before);

  /* Random sparse kept bins, soft bins below the kept line and kept bins that are not 1:
   * against the brute-force nearest kept bin. Kept bins never change; soft ones only rise,
   * to within half a level of the ramp. */
  for (guint32 seed = 1; seed <= 3; seed++)
    {
      GRand *rand = g_rand_new_with_seed (seed);
      SmMask *m = mask_new (35, 47, 0.0f);
      SmMask *orig;

      for (size_t i = 0; i < 35 * 47; i++)
        {
          double r = g_rand_double (rand);

          m->levels[i] = r < 0.02 ? 191 : r < 0.04 ? SM_MASK_LEVEL_MAX : r < 0.3 ? 64 : 0;
        }
      g_rand_free (rand);
      orig = sm_mask_copy (m);
      g_assert_cmpint (sm_mask_feather (m, 2.5 * seed, 3.0, &changed), ==, SM_OK);
      for (long t = 0; t < 35; t++)
        for (int f = 0; f < 47; f++)
          {
            double best = INFINITY;
            SmMaskLevel v = AT (orig, t, f);

            for (long u = 0; u < 35; u++)
              for (int g = 0; g < 47; g++)
                if (AT (orig, u, g) >= SM_MASK_LEVEL_KEPT)
                  {
                    double a = (t - u) / (2.5 * seed), b = (f - g) / 3.0;

                    best = fmin (best, a * a + b * b);
                  }
            if (v >= SM_MASK_LEVEL_KEPT)
              g_assert_cmpuint (AT (m, t, f), ==, v);
            else
              {
                g_assert_cmpuint (AT (m, t, f), >=, v);
                g_assert_cmpfloat_with_epsilon (sm_mask_level_value (AT (m, t, f)),
                                                MAX (sm_mask_level_value (v), 1.0 - sqrt (best)),
                                                HALF_LEVEL);
              }
          }
      assert_rect_eq (changed, diff_rect (orig, m));
      sm_mask_free (&m);
      sm_mask_free (&orig);
    }

  /* A mask of several blocks of frames (the feather works a block at a time, plus margins
   * as wide as the edge): the same as the nearest kept bin found by brute force, across
   * block boundaries, for an edge shorter and one longer than a block. */
  for (int w = 0; w < 2; w++)
    {
      const double width_t = w == 0 ? 3.0 : 300.0;
      GRand *rand = g_rand_new_with_seed (11 + w);
      SmMask *m = mask_new (900, 24, 0.0f);
      SmMask *orig;
      GArray *kept = g_array_new (FALSE, FALSE, sizeof (size_t));

      for (size_t i = 0; i < 900 * 24; i++)
        if (g_rand_double (rand) < (w == 0 ? 0.02 : 0.001))
          m->levels[i] = SM_MASK_LEVEL_MAX;
      g_rand_free (rand);
      orig = sm_mask_copy (m);
      for (size_t i = 0; i < 900 * 24; i++)
        if (orig->levels[i] >= SM_MASK_LEVEL_KEPT)
          g_array_append_val (kept, i);
      g_assert_cmpuint (kept->len, >, 5);
      g_assert_cmpint (sm_mask_feather (m, width_t, 2.0, &changed), ==, SM_OK);
      for (long t = 0; t < 900; t++)
        for (int f = 0; f < 24; f++)
          {
            double best = INFINITY;

            for (guint k = 0; k < kept->len; k++)
              {
                size_t i = g_array_index (kept, size_t, k);
                double a = (t - (long) (i / 24)) / width_t, b = (f - (int) (i % 24)) / 2.0;

                best = fmin (best, a * a + b * b);
              }
            g_assert_cmpfloat_with_epsilon (sm_mask_level_value (AT (m, t, f)),
                                            MAX (0.0, 1.0 - sqrt (best)), HALF_LEVEL);
          }
      assert_rect_eq (changed, diff_rect (orig, m));
      g_array_unref (kept);
      sm_mask_free (&m);
      sm_mask_free (&orig);
    }

  /* Nothing kept: nothing to feather from. */
  sm_mask_fill (mask, 0.25f, NULL);
  g_assert_cmpint (sm_mask_feather (mask, 3.0, 3.0, &changed), ==, SM_OK);
  g_assert_true (sm_rect_is_empty (&changed));

  g_assert_cmpint (sm_mask_feather (mask, 0.0, 3.0, &changed), ==, SM_ERROR_BAD_ARG);
  g_assert_cmpint (sm_mask_feather (mask, 3.0, NAN, &changed), ==, SM_ERROR_BAD_ARG);
  g_assert_cmpint (sm_mask_feather (mask, INFINITY, 3.0, &changed), ==, SM_ERROR_BAD_ARG);
  sm_mask_free (&mask);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/mask/edit/brush-point", test_brush_point);
  g_test_add_func ("/core/mask/edit/brush-path", test_brush_path);
  g_test_add_func ("/core/mask/edit/brush-edges-and-args", test_brush_edges_and_args);
  g_test_add_func ("/core/mask/edit/brush-random-segments", test_brush_random_segments);
  g_test_add_func ("/core/mask/edit/rectangle", test_rectangle);
  g_test_add_func ("/core/mask/edit/polygon", test_polygon);
  g_test_add_func ("/core/mask/edit/fill-invert-clip", test_fill_invert_clip);
  g_test_add_func ("/core/mask/edit/morph-shapes", test_morph_shapes);
  g_test_add_func ("/core/mask/edit/morph-reference", test_morph_reference);
  g_test_add_func ("/core/mask/edit/feather", test_feather);

  return g_test_run ();
}
