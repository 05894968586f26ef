/* sm-levels.c: spectrogram magnitudes as dB, computed once and shared read-only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sm-levels.h"

#include <math.h>

struct _SmLevels
{
  size_t n_frames;
  int    n_bins;
  float  peak_db;
  float *data;
};

G_DEFINE_BOXED_TYPE (SmLevels, sm_levels, sm_levels_ref, sm_levels_unref)

static void
levels_clear (SmLevels *levels)
{
  g_free (levels->data);
}

SmLevels *
sm_levels_new (const SmSpectrogram *spec,
               double               full_scale)
{
  const size_t count = spec->n_frames * (size_t) spec->n_bins;
  SmLevels *levels = g_atomic_rc_box_new0 (SmLevels);
  /* |X|^2 below this is drawn as the floor; avoids log10 (0). */
  const double floor_power = pow (10.0, SM_LEVELS_FLOOR_DB / 10.0);
  const double scale = 1.0 / (full_scale * full_scale);
  float peak = SM_LEVELS_FLOOR_DB;

  levels->n_frames = spec->n_frames;
  levels->n_bins = spec->n_bins;
  levels->data = g_try_new (float, count);
  if (levels->data == NULL)
    {
      g_atomic_rc_box_release_full (levels, (GDestroyNotify) levels_clear);
      return NULL;
    }

  for (size_t i = 0; i < count; i++)
    {
      float _Complex x = spec->bins[i];
      double power = (crealf (x) * (double) crealf (x) + cimagf (x) * (double) cimagf (x)) * scale;
      float db = (float) (10.0 * log10 (power > floor_power ? power : floor_power));

      levels->data[i] = db;
      peak = db > peak ? db : peak;
    }
  levels->peak_db = peak;
  return levels;
}

SmLevels *
sm_levels_ref (SmLevels *levels)
{
  return g_atomic_rc_box_acquire (levels);
}

void
sm_levels_unref (SmLevels *levels)
{
  g_atomic_rc_box_release_full (levels, (GDestroyNotify) levels_clear);
}

size_t
sm_levels_get_n_frames (const SmLevels *levels)
{
  return levels->n_frames;
}

int
sm_levels_get_n_bins (const SmLevels *levels)
{
  return levels->n_bins;
}

const float *
sm_levels_get_data (const SmLevels *levels)
{
  return levels->data;
}

float
sm_levels_get_peak_db (const SmLevels *levels)
{
  return levels->peak_db;
}

float
sm_levels_lookup (const SmLevels *levels,
                  double          frame,
                  double          bin)
{
  long long t = llround (frame);
  long long f = llround (bin);

  if (t < 0 || f < 0 || (size_t) t >= levels->n_frames || f >= levels->n_bins)
    return SM_LEVELS_FLOOR_DB;
  return levels->data[(size_t) t * (size_t) levels->n_bins + (size_t) f];
}
