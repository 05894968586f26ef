/* sm-stoi-private.h: the steps of STOI, exposed so tests can check them one by one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * All at 10 kHz, with the frame, FFT and band layout sm-stoi.h describes.
 */
#pragma once

#include <stddef.h>

#define SM_STOI_FRAME   256
#define SM_STOI_HOP     128
#define SM_STOI_FFT     512
#define SM_STOI_N_BANDS 15

/* Band @band (0..14) sums the power of FFT bins [*lo, *hi) of the 512-point FFT: the
 * bins nearest to its edges, centre * 2^(-1/6) and centre * 2^(1/6). */
void   _sm_stoi_band_bins (int  band,
                           int *lo,
                           int *hi);

/* Drops the frames of @x more than 40 dB below its loudest, and the same frames of @y, and
 * overlap-adds the Hann-windowed frames that are left into @x_out and @y_out (each at
 * least @n samples). Frames are every SM_STOI_FRAME samples that fit, SM_STOI_HOP apart.
 * @kept (nullable) gets one flag per frame, @n_frames (nullable) how many frames there
 * were. Returns: the output length, (frames kept - 1) * SM_STOI_HOP + SM_STOI_FRAME, or 0. */
size_t _sm_stoi_remove_silent (const float   *x,
                               const float   *y,
                               size_t         n,
                               float         *x_out,
                               float         *y_out,
                               unsigned char *kept,
                               size_t        *n_frames);

/* STOI's normalisation and clipping of one band over one segment of @n frames:
 * y_out = min (a y, (1 + 10^(15/20)) x) with a = |x| / |y| (0 when y is silent). */
void   _sm_stoi_clip (const double *x,
                      const double *y,
                      int           n,
                      double       *y_out);
