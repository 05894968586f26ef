/* sm-window.c: periodic analysis windows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sm-window.h"

#include <math.h>
#include <string.h>

static const char *const window_names[SM_N_WINDOWS] = {
  [SM_WINDOW_HANN] = "hann",
  [SM_WINDOW_HAMMING] = "hamming",
  [SM_WINDOW_BLACKMAN] = "blackman",
  [SM_WINDOW_BLACKMAN_HARRIS] = "blackmanharris",
  [SM_WINDOW_SQRT_HANN] = "sqrt-hann",
  [SM_WINDOW_RECTANGULAR] = "rect",
};

static const struct
{
  const char  *alias;
  SmWindowType type;
} window_aliases[] = {
  { "hanning", SM_WINDOW_HANN },
  { "blackman-harris", SM_WINDOW_BLACKMAN_HARRIS },
  { "sqrthann", SM_WINDOW_SQRT_HANN },
  { "rectangular", SM_WINDOW_RECTANGULAR },
  { "boxcar", SM_WINDOW_RECTANGULAR },
};

/* Coefficients of the generalised cosine windows sum_k (-1)^k a_k cos(2 pi k n / N). */
static double
cosine_sum (const double *a,
            int           n_terms,
            int           n,
            int           length)
{
  double x = 2.0 * M_PI * (double) n / (double) length;
  double value = 0.0;

  for (int k = 0; k < n_terms; k++)
    value += ((k & 1) ? -a[k] : a[k]) * cos ((double) k * x);
  return value;
}

void
sm_window_fill (SmWindowType type,
                int          n,
                float       *out)
{
  static const double hann[] = { 0.5, 0.5 };
  static const double hamming[] = { 0.54, 0.46 };
  static const double blackman[] = { 0.42, 0.5, 0.08 };
  static const double blackman_harris[] = { 0.35875, 0.48829, 0.14128, 0.01168 };

  for (int i = 0; i < n; i++)
    {
      double w;

      switch (type)
        {
        case SM_WINDOW_HAMMING:
          w = cosine_sum (hamming, 2, i, n);
          break;
        case SM_WINDOW_BLACKMAN:
          w = cosine_sum (blackman, 3, i, n);
          break;
        case SM_WINDOW_BLACKMAN_HARRIS:
          w = cosine_sum (blackman_harris, 4, i, n);
          break;
        case SM_WINDOW_SQRT_HANN:
          w = sqrt (fmax (0.0, cosine_sum (hann, 2, i, n)));
          break;
        case SM_WINDOW_RECTANGULAR:
          w = 1.0;
          break;
        case SM_WINDOW_HANN:
        default:
          w = cosine_sum (hann, 2, i, n);
          break;
        }
      /* The cosine sums can round to -1e-17 at the ends; a window is never negative. */
      out[i] = (float) fmax (0.0, w);
    }
}

const char *
sm_window_name (SmWindowType type)
{
  if ((int) type < 0 || type >= SM_N_WINDOWS)
    return NULL;
  return window_names[type];
}

SmStatus
sm_window_from_name (const char   *name,
                     SmWindowType *type)
{
  if (name == NULL)
    return SM_ERROR_BAD_ARG;

  for (int i = 0; i < SM_N_WINDOWS; i++)
    if (strcmp (name, window_names[i]) == 0)
      {
        *type = (SmWindowType) i;
        return SM_OK;
      }
  for (size_t i = 0; i < sizeof window_aliases / sizeof window_aliases[0]; i++)
    if (strcmp (name, window_aliases[i].alias) == 0)
      {
        *type = window_aliases[i].type;
        return SM_OK;
      }
  return SM_ERROR_BAD_ARG;
}
