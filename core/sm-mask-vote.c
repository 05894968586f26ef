/* sm-mask-vote.c: majority vote over blocks of bins.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sm-mask-edit.h"

#include "sm-mask-private.h"

SmStatus
sm_mask_block_vote (SmMask *mask,
                    int     block_frames,
                    int     block_bins,
                    SmRect *changed)
{
  SmRect rect = _sm_rect_empty ();

  if (!_sm_mask_is_valid (mask) || block_frames < 1 || block_bins < 1)
    return SM_ERROR_BAD_ARG;

  for (size_t t0 = 0; t0 < mask->n_frames; t0 += (size_t) block_frames)
    for (int f0 = 0; f0 < mask->n_bins; f0 += block_bins)
      {
        size_t t1 = t0 + (size_t) block_frames < mask->n_frames ? t0 + (size_t) block_frames
                                                               : mask->n_frames;
        int f1 = f0 + block_bins < mask->n_bins ? f0 + block_bins : mask->n_bins;
        double sum = 0.0;
        SmMaskLevel vote;

        for (size_t t = t0; t < t1; t++)
          for (int f = f0; f < f1; f++)
            sum += mask->levels[t * (size_t) mask->n_bins + (size_t) f];
        vote = sum >= 0.5 * SM_MASK_LEVEL_MAX * (double) ((t1 - t0) * (size_t) (f1 - f0))
               ? SM_MASK_LEVEL_MAX : 0;
        for (size_t t = t0; t < t1; t++)
          for (int f = f0; f < f1; f++)
            {
              SmMaskLevel *v = &mask->levels[t * (size_t) mask->n_bins + (size_t) f];

              if (*v != vote)
                {
                  *v = vote;
                  _sm_rect_add (&rect, t, f, f);
                }
            }
      }
  _sm_rect_report (changed, rect);
  return SM_OK;
}
