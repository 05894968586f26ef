/* test-mask-resample.c: masks moving between STFT grids keep their time-frequency shape,
 * and an integer refinement and its reverse are exact.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sm-test-util.h"

#include <math.h>
#include <string.h>

#define RATE 16000.0

/* Half a level, the most that storing a mean as its nearest level can move it; a bit
 * more, as a mean exactly between two levels may round either way and
 * g_assert_cmpfloat_with_epsilon wants the difference strictly below. */
#define HALF_LEVEL (0.5 / 255.0 + 1e-6)

#define AT(mask, t, f) ((mask)->levels[(size_t) (t) * (size_t) (mask)->n_bins + (size_t) (f)])

typedef struct
{
  double t0, t1;   /* seconds */
  double f0, f1;   /* hertz */
} Box;

static const Box boxes[] = {
  { 0.50, 1.75, 300.0, 1200.0 },
  { 1.20, 1.30, 2000.0, 7000.0 },
  { 3.00, 5.10, 100.0, 450.0 },
  { 4.00, 6.00, 5000.0, 5600.0 },
};

static SmMaskGrid
grid (int n_fft,
      int hop,
      int centered)
{
  SmMaskGrid g = { RATE, n_fft, hop, centered };

  return g;
}

/* As many frames as cover the same stretch of audio as @frames frames on @like. */
static SmMask *
mask_for (const SmMaskGrid *g,
          const SmMaskGrid *like,
          size_t            frames)
{
  double seconds = (double) (frames - 1) * like->hop / like->rate;
  size_t n_frames = (size_t) lround (seconds * g->rate / g->hop) + 1;
  SmMask *mask = sm_mask_new (n_frames, g->n_fft / 2 + 1, 0.0f, NULL);

  g_assert_nonnull (mask);
  return mask;
}

static double
frame_time (const SmMaskGrid *g,
            size_t            t)
{
  return ((double) t * g->hop + (g->centered ? 0.0 : g->n_fft / 2)) / g->rate;
}

static double
bin_freq (const SmMaskGrid *g,
          int               f)
{
  return f * g->rate / g->n_fft;
}

/* 1 (the top level) where a bin's centre lies in one of the boxes. */
static void
paint_boxes (SmMask           *mask,
             const SmMaskGrid *g)
{
  for (size_t t = 0; t < mask->n_frames; t++)
    for (int f = 0; f < mask->n_bins; f++)
      for (size_t k = 0; k < G_N_ELEMENTS (boxes); k++)
        if (frame_time (g, t) >= boxes[k].t0 && frame_time (g, t) < boxes[k].t1
            && bin_freq (g, f) >= boxes[k].f0 && bin_freq (g, f) < boxes[k].f1)
          AT (mask, t, f) = SM_MASK_LEVEL_MAX;
}

/* Bins further than @margin_t seconds and @margin_f hertz from every box edge are 1
 * inside a box and 0 outside: the shape stayed where it was. */
static void
assert_boxes (const SmMask     *mask,
              const SmMaskGrid *g,
              double            margin_t,
              double            margin_f)
{
  size_t checked = 0;

  for (size_t t = 0; t < mask->n_frames; t++)
    for (int f = 0; f < mask->n_bins; f++)
      {
        double x = frame_time (g, t), y = bin_freq (g, f);
        gboolean inside = FALSE, near = FALSE;

        for (size_t k = 0; k < G_N_ELEMENTS (boxes); k++)
          {
            const Box *b = &boxes[k];
            gboolean in_t = x > b->t0 - margin_t && x < b->t1 + margin_t;
            gboolean in_f = y > b->f0 - margin_f && y < b->f1 + margin_f;
            gboolean deep_t = x > b->t0 + margin_t && x < b->t1 - margin_t;
            gboolean deep_f = y > b->f0 + margin_f && y < b->f1 - margin_f;

            inside |= deep_t && deep_f;
            near |= in_t && in_f && !(deep_t && deep_f);
          }
        if (near && !inside)
          continue;
        g_assert_cmpuint (AT (mask, t, f), ==, inside ? SM_MASK_LEVEL_MAX : 0);
        checked++;
      }
  g_assert_cmpuint (checked, >, mask->n_frames * (size_t) mask->n_bins / 2);
}

static gboolean
mask_equal (const SmMask *a,
            const SmMask *b)
{
  return a->n_frames == b->n_frames && a->n_bins == b->n_bins
         && memcmp (a->levels, b->levels, a->n_frames * (size_t) a->n_bins) == 0;
}

static void
test_identity (void)
{
  SmMaskGrid g = grid (1024, 256, 1);
  SmMask *src = mask_for (&g, &g, 200);
  SmMask *dst = mask_for (&g, &g, 200);
  GRand *rand = g_rand_new_with_seed (3);

  for (size_t i = 0; i < src->n_frames * (size_t) src->n_bins; i++)
    src->levels[i] = (SmMaskLevel) g_rand_int_range (rand, 0, SM_MASK_LEVEL_MAX + 1);
  g_assert_cmpint (sm_mask_resample (src, &g, dst, &g), ==, SM_OK);
  g_assert_true (mask_equal (src, dst));

  g_rand_free (rand);
  sm_mask_free (&src);
  sm_mask_free (&dst);
}

/* Coarse -> fine -> coarse is exact for any levels, for factors 2 and 3, in time, in
 * frequency and in both, centred or not. */
static void
test_round_trip (void)
{
  static const int cases[][6] = {
    /* coarse n_fft, hop, centered; fine n_fft, hop, centered */
    { 1024, 256, 1, 2048, 128, 1 },
    { 1024, 256, 1, 1024, 128, 1 },
    { 1024, 256, 1, 2048, 256, 1 },
    { 1024, 384, 1, 1024, 128, 1 },
    { 512, 256, 1, 1536, 128, 1 },
    { 1024, 256, 0, 1024, 128, 0 },
  };

  for (size_t c = 0; c < G_N_ELEMENTS (cases); c++)
    for (int kind = 0; kind < 3; kind++)
      {
        SmMaskGrid coarse = grid (cases[c][0], cases[c][1], cases[c][2]);
        SmMaskGrid fine = grid (cases[c][3], cases[c][4], cases[c][5]);
        SmMask *src = mask_for (&coarse, &coarse, 150);
        SmMask *mid = mask_for (&fine, &coarse, 150);
        SmMask *back = mask_for (&coarse, &coarse, 150);
        GRand *rand = g_rand_new_with_seed ((guint32) (c * 10 + (size_t) kind));

        /* Boxes, salt and pepper, and soft values: random levels, any of the 256. */
        if (kind == 0)
          paint_boxes (src, &coarse);
        for (size_t i = 0; kind > 0 && i < src->n_frames * (size_t) src->n_bins; i++)
          src->levels[i] = kind == 1 ? (g_rand_boolean (rand) ? SM_MASK_LEVEL_MAX : 0)
                                     : (SmMaskLevel) g_rand_int_range (rand, 0, SM_MASK_LEVEL_MAX + 1);
        if (kind == 2)
          g_assert_false (sm_mask_is_binary (src));

        g_assert_cmpint (sm_mask_resample (src, &coarse, mid, &fine), ==, SM_OK);
        if (kind < 2)
          g_assert_true (sm_mask_is_binary (mid));   /* refining only repeats values */
        g_assert_cmpint (sm_mask_resample (mid, &fine, back, &coarse), ==, SM_OK);
        g_assert_true (mask_equal (src, back));

        g_rand_free (rand);
        sm_mask_free (&src);
        sm_mask_free (&mid);
        sm_mask_free (&back);
      }
}

static void
test_refine_and_coarsen (void)
{
  SmMaskGrid coarse = grid (1024, 256, 1);
  SmMaskGrid fine = grid (2048, 128, 1);
  SmMask *src = mask_for (&coarse, &coarse, 40);
  SmMask *dst = mask_for (&fine, &coarse, 40);
  size_t count = 0;

  /* One coarse bin becomes the 2 x 2 fine bins whose centres it holds: frames 19, 20
   * (centres at 9.5 and 10 coarse hops; cells are half-open upwards) and bins 39, 40. */
  AT (src, 10, 20) = SM_MASK_LEVEL_MAX;
  g_assert_cmpint (sm_mask_resample (src, &coarse, dst, &fine), ==, SM_OK);
  for (size_t i = 0; i < dst->n_frames * (size_t) dst->n_bins; i++)
    count += dst->levels[i] != 0;
  g_assert_cmpuint (count, ==, 4);
  g_assert_cmpuint (AT (dst, 19, 39), ==, SM_MASK_LEVEL_MAX);
  g_assert_cmpuint (AT (dst, 20, 40), ==, SM_MASK_LEVEL_MAX);

  /* Every other fine frame kept: each interior coarse frame averages one kept, one not.
   * The mean 127.5 lies between two levels; as with any value of 0.5, it is stored as the
   * level that still counts as kept. */
  for (size_t t = 0; t < dst->n_frames; t++)
    for (int f = 0; f < dst->n_bins; f++)
      AT (dst, t, f) = t % 2 == 0 ? SM_MASK_LEVEL_MAX : 0;
  g_assert_cmpint (sm_mask_resample (dst, &fine, src, &coarse), ==, SM_OK);
  for (size_t t = 1; t + 1 < src->n_frames; t++)
    for (int f = 0; f < src->n_bins; f++)
      {
        g_assert_cmpfloat_with_epsilon (sm_mask_level_value (AT (src, t, f)), 0.5, HALF_LEVEL);
        g_assert_cmpuint (AT (src, t, f), ==, sm_mask_level_of (0.5f));
      }
  g_assert_cmpuint (AT (src, 0, 7), ==, SM_MASK_LEVEL_MAX);   /* frame 0 holds fine frame 0 only */

  /* Soft levels differing in both time and frequency: each interior coarse bin averages
   * fine frames 2t - 1, 2t and bins 2f - 1, 2f, and stores the nearest level to their mean
   * ((255 + 0 + 11 + 1) / 4 = 66.75 gives 67, not a tie). */
  for (size_t t = 0; t < dst->n_frames; t++)
    for (int f = 0; f < dst->n_bins; f++)
      {
        static const SmMaskLevel pattern[2][2] = { { 255, 0 }, { 11, 1 } };

        AT (dst, t, f) = pattern[t % 2][f % 2];
      }
  g_assert_cmpint (sm_mask_resample (dst, &fine, src, &coarse), ==, SM_OK);
  for (size_t t = 1; t + 1 < src->n_frames; t++)
    for (int f = 1; f + 1 < src->n_bins; f++)
      {
        double mean = (AT (dst, 2 * t - 1, 2 * f - 1) + AT (dst, 2 * t - 1, 2 * f)
                       + AT (dst, 2 * t, 2 * f - 1) + AT (dst, 2 * t, 2 * f)) / 4.0;

        g_assert_cmpfloat_with_epsilon (sm_mask_level_value (AT (src, t, f)), mean / 255.0,
                                        HALF_LEVEL);
        g_assert_cmpuint (AT (src, t, f), ==, 67);
      }

  sm_mask_free (&src);
  sm_mask_free (&dst);
}

/* Hop and FFT-size changes that do not divide evenly: the shape stays in place, and the
 * kept share barely moves. */
static void
test_grid_change (void)
{
  static const int targets[][3] = {
    { 1024, 384, 1 }, { 1024, 300, 1 }, { 1536, 256, 1 }, { 768, 200, 1 }, { 2048, 512, 0 },
    { 4096, 160, 1 },
  };
  SmMaskGrid from = grid (1024, 256, 1);
  SmMask *src = mask_for (&from, &from, 400);
  double kept;

  paint_boxes (src, &from);
  kept = sm_mask_kept_fraction (src);

  for (size_t k = 0; k < G_N_ELEMENTS (targets); k++)
    {
      SmMaskGrid to = grid (targets[k][0], targets[k][1], targets[k][2]);
      SmMask *dst = mask_for (&to, &from, 400);
      double margin_t = 1.01 * fmax (from.hop, to.hop) / RATE;
      double margin_f = 1.01 * fmax (RATE / from.n_fft, RATE / to.n_fft);

      g_assert_cmpint (sm_mask_resample (src, &from, dst, &to), ==, SM_OK);
      g_test_message ("%d/%d: kept %.4f -> %.4f", to.n_fft, to.hop, kept,
                      sm_mask_kept_fraction (dst));
      g_assert_cmpfloat (fabs (sm_mask_kept_fraction (dst) - kept), <, 0.02 * kept);
      assert_boxes (dst, &to, margin_t, margin_f);
      sm_mask_free (&dst);
    }
  sm_mask_free (&src);
}

static void
test_bad_args (void)
{
  SmMaskGrid g = grid (1024, 256, 1);
  SmMaskGrid bad_rate = grid (1024, 256, 1);
  SmMaskGrid bad_hop = grid (1024, 0, 1);
  SmMaskGrid other = grid (2048, 256, 1);
  SmMask *a = mask_for (&g, &g, 10);
  SmMask *b = mask_for (&g, &g, 10);

  bad_rate.rate = NAN;
  g_assert_cmpint (sm_mask_resample (a, &bad_rate, b, &g), ==, SM_ERROR_BAD_ARG);
  bad_rate.rate = 0.0;
  g_assert_cmpint (sm_mask_resample (a, &g, b, &bad_rate), ==, SM_ERROR_BAD_ARG);
  g_assert_cmpint (sm_mask_resample (a, &bad_hop, b, &g), ==, SM_ERROR_BAD_ARG);
  /* The mask must have n_fft / 2 + 1 bins for its grid. */
  g_assert_cmpint (sm_mask_resample (a, &g, b, &other), ==, SM_ERROR_BAD_ARG);
  g_assert_cmpint (sm_mask_resample (a, &g, a, &g), ==, SM_ERROR_BAD_ARG);
  g_assert_cmpint (sm_mask_resample (a, NULL, b, &g), ==, SM_ERROR_BAD_ARG);
  g_assert_cmpint (sm_mask_resample (NULL, &g, b, &g), ==, SM_ERROR_BAD_ARG);

  sm_mask_free (&a);
  sm_mask_free (&b);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/mask/resample/identity", test_identity);
  g_test_add_func ("/core/mask/resample/round-trip", test_round_trip);
  g_test_add_func ("/core/mask/resample/refine-and-coarsen", test_refine_and_coarsen);
  g_test_add_func ("/core/mask/resample/grid-change", test_grid_change);
  g_test_add_func ("/core/mask/resample/bad-args", test_bad_args);

  return g_test_run ();
}
