/* test-separate-span.c: planning, cutting and splicing the span that holds an edit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "sm-core-glib.h"
#include "sm-test-util.h"

#define RATE 16000
#define SAMPLES (10 * RATE)

static SmStft *
default_stft (SmStftParams *params)
{
  SmStft *stft;

  sm_stft_params_default (params, RATE);
  stft = sm_stft_new (params, NULL);
  g_assert_nonnull (stft);
  return stft;
}

/* Keeps every bin except bins 20-60 of frames @first..@last. */
static SmMask *
mask_with_hole (SmStft *stft,
                size_t  first,
                size_t  last)
{
  SmMask *mask = sm_mask_new (sm_stft_n_frames (stft, SAMPLES), sm_stft_n_bins (stft), 1.0f,
                              NULL);

  for (size_t t = first; t <= last; t++)
    for (int f = 20; f <= 60; f++)
      mask->levels[t * (size_t) mask->n_bins + (size_t) f] = 0;
  return mask;
}

static void
test_plan (void)
{
  SmStftParams params;
  g_autoptr (SmStft) stft = default_stft (&params);
  g_autoptr (SmMask) mask = mask_with_hole (stft, 200, 240);
  g_autoptr (SmMask) full = sm_mask_new (mask->n_frames, mask->n_bins, 1.0f, NULL);
  SmSeparateSpan span;
  size_t n_fft = (size_t) params.n_fft, hop = (size_t) params.hop;

  g_assert_cmpint (sm_separate_span_plan (stft, full, SAMPLES, RATE, 1.0, 0, SIZE_MAX, &span),
                   ==, SM_ERROR_EMPTY);
  g_assert_cmpint (sm_separate_span_plan (stft, mask, SAMPLES + 1000, RATE, 1.0, 0, SIZE_MAX,
                                          &span), ==, SM_ERROR_MISMATCH);
  g_assert_cmpint (sm_separate_span_plan (stft, mask, SAMPLES, RATE, NAN, 0, SIZE_MAX, &span),
                   ==, SM_ERROR_BAD_ARG);

  g_assert_cmpint (sm_separate_span_plan (stft, mask, SAMPLES, RATE, 1.0, 0, SIZE_MAX, &span),
                   ==, SM_OK);
  g_assert_cmpuint (span.edit_first, ==, 200);
  g_assert_cmpuint (span.edit_last, ==, 240);
  /* Centred frames: frame t covers samples t hop - N/2 .. t hop + N/2. */
  g_assert_cmpuint (span.keep_start, ==, 200 * hop - n_fft / 2);
  g_assert_cmpuint (span.keep_end, ==, 240 * hop + n_fft / 2);
  g_assert_cmpuint (span.fade, ==, RATE / 2);
  g_assert_cmpuint (span.start, ==, span.first_frame * hop);
  g_assert_cmpuint (span.start + RATE, <=, span.keep_start);
  g_assert_cmpuint (span.start + RATE + hop, >, span.keep_start);
  g_assert_cmpuint (span.end, ==, span.keep_end + RATE);

  /* A limit leaves out the frames beyond it. */
  g_assert_cmpint (sm_separate_span_plan (stft, mask, SAMPLES, RATE, 0.0, 210, 220, &span), ==,
                   SM_OK);
  g_assert_cmpuint (span.edit_first, ==, 210);
  g_assert_cmpuint (span.edit_last, ==, 220);
  /* No context asked: two FFT lengths are kept anyway. */
  g_assert_cmpuint (span.fade, ==, n_fft);
  g_assert_cmpint (sm_separate_span_plan (stft, mask, SAMPLES, RATE, 0.0, 0, 100, &span), ==,
                   SM_ERROR_EMPTY);

  /* An edit at the very start: the part starts with the file. */
  g_clear_pointer (&mask, sm_mask_release);
  mask = mask_with_hole (stft, 0, 3);
  g_assert_cmpint (sm_separate_span_plan (stft, mask, SAMPLES, RATE, 1.0, 0, SIZE_MAX, &span),
                   ==, SM_OK);
  g_assert_cmpuint (span.start, ==, 0);
  g_assert_cmpuint (span.keep_start, ==, 0);
}

/* Splicing a constant part: the whole is untouched outside the fades, the part whole inside
 * the kept range, and the fades move monotonically between them. */
static void
test_splice_weights (void)
{
  SmStftParams params;
  g_autoptr (SmStft) stft = default_stft (&params);
  g_autoptr (SmMask) mask = mask_with_hole (stft, 200, 240);
  g_autoptr (SmAudio) whole = sm_audio_new (2, SAMPLES, RATE, NULL);
  g_autoptr (SmAudio) part = NULL;
  SmSeparateSpan span;
  float previous = -1.0f;

  g_assert_cmpint (sm_separate_span_plan (stft, mask, SAMPLES, RATE, 1.0, 0, SIZE_MAX, &span),
                   ==, SM_OK);
  for (int c = 0; c < 2; c++)
    for (size_t n = 0; n < SAMPLES; n++)
      whole->data[c][n] = -1.0f;
  g_assert_cmpint (sm_separate_span_cut_audio (whole, &span, &part), ==, SM_OK);
  g_assert_cmpuint (part->frames, ==, span.end - span.start);
  for (int c = 0; c < 2; c++)
    for (size_t n = 0; n < part->frames; n++)
      part->data[c][n] = 1.0f;
  part->rate = RATE / 2;
  g_assert_cmpint (sm_separate_span_splice (whole, part, &span), ==, SM_ERROR_MISMATCH);
  part->rate = RATE;
  g_assert_cmpint (sm_separate_span_splice (whole, part, &span), ==, SM_OK);

  for (size_t n = 0; n < SAMPLES; n++)
    {
      float v = whole->data[1][n];

      g_assert_cmpfloat (v, ==, whole->data[0][n]);
      if (n < span.keep_start - span.fade || n >= span.keep_end + span.fade)
        g_assert_cmpfloat (v, ==, -1.0f);
      else if (n >= span.keep_start && n < span.keep_end)
        g_assert_cmpfloat (v, ==, 1.0f);
      else if (n < span.keep_start)
        {
          g_assert_cmpfloat (v, >=, previous);
          previous = v;
        }
    }
  /* The middle of a fade is the average of both sides. */
  g_assert_cmpfloat_with_epsilon (whole->data[0][span.keep_start - span.fade / 2], 0.0, 1e-3);
  g_assert_cmpfloat_with_epsilon (whole->data[0][span.keep_end + span.fade / 2], 0.0, 1e-3);
}

/* The part lines up with the whole file's grid: masking the part and splicing it into the
 * whole file's masked signal changes nothing beyond float rounding. A part cut off the
 * frame grid would smear the hole by a fraction of a hop and fail this. */
static void
test_part_lines_up (void)
{
  SmStftParams params;
  g_autoptr (SmStft) stft = default_stft (&params);
  g_autoptr (SmMask) mask = mask_with_hole (stft, 200, 240);
  g_autoptr (SmMask) part_mask = NULL;
  g_autofree float *noise = sm_test_noise (SAMPLES, 7, 0.5f);
  g_autoptr (SmAudio) mix = sm_test_audio_from (noise, SAMPLES, RATE);
  g_autoptr (SmAudio) masked = NULL;
  g_autoptr (SmAudio) spliced = NULL;
  g_autoptr (SmAudio) part = NULL;
  g_autoptr (SmAudio) part_masked = NULL;
  SmSeparateSpan span;

  g_assert_cmpint (sm_separate_apply_mask (stft, mix, mask, &masked, NULL), ==, SM_OK);
  g_assert_cmpint (sm_separate_span_plan (stft, mask, SAMPLES, RATE, 0.5, 0, SIZE_MAX, &span),
                   ==, SM_OK);
  g_assert_cmpuint (span.start, >, 0);
  g_assert_cmpint (sm_separate_span_cut_audio (mix, &span, &part), ==, SM_OK);
  g_assert_cmpint (sm_separate_span_cut_mask (mask, &span, sm_stft_n_frames (stft, part->frames),
                                              &part_mask), ==, SM_OK);
  g_assert_cmpint (sm_separate_apply_mask (stft, part, part_mask, &part_masked, NULL), ==,
                   SM_OK);
  /* The hole is there in the part: it is not the unmasked mix. */
  g_assert_cmpfloat (sm_metric_snr (part->data[0], part_masked->data[0], part->frames), <,
                     30.0);

  spliced = sm_audio_copy (masked);
  g_assert_cmpint (sm_separate_span_splice (spliced, part_masked, &span), ==, SM_OK);
  g_assert_cmpfloat (sm_test_rel_error (masked->data[0], spliced->data[0], SAMPLES), <, 1e-5);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/separate-span/plan", test_plan);
  g_test_add_func ("/core/separate-span/splice-weights", test_splice_weights);
  g_test_add_func ("/core/separate-span/part-lines-up", test_part_lines_up);
  return g_test_run ();
}
