/* sm-span-separation.c: planning, cutting and splicing a selection-only run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sm-span-separation.h"

#include <math.h>
#include <stdlib.h>

#include "sm-core-glib.h"

void
sm_span_separation_limits (double  start_s,
                           double  end_s,
                           int     rate,
                           int     hop,
                           size_t *limit_first,
                           size_t *limit_last)
{
  /* Frame t is centred on sample t * hop. */
  *limit_first = (size_t) MAX (0.0, floor (start_s * rate / hop));
  *limit_last = (size_t) MAX (0.0, ceil (end_s * rate / hop));
}

gboolean
sm_span_separation_parse (const char  *text,
                          gboolean    *limited,
                          double      *start_s,
                          double      *end_s,
                          GError     **error)
{
  char *end = NULL;

  *limited = FALSE;
  *start_s = *end_s = 0.0;
  if (g_strcmp0 (text, "auto") == 0)
    return TRUE;
  if (text != NULL)
    {
      *start_s = g_ascii_strtod (text, &end);
      if (end != text && *end == ':')
        {
          const char *second = end + 1;

          *end_s = g_ascii_strtod (second, &end);
          if (end != second && *end == '\0' && isfinite (*start_s) && isfinite (*end_s)
              && *start_s >= 0.0 && *end_s > *start_s)
            {
              *limited = TRUE;
              return TRUE;
            }
        }
    }
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "--span: expected auto or START:END in seconds with 0 <= START < END, not "
               "'%s'", text != NULL ? text : "");
  return FALSE;
}

char *
sm_span_separation_format (gboolean limited,
                           double   start_s,
                           double   end_s)
{
  char start[G_ASCII_DTOSTR_BUF_SIZE], end[G_ASCII_DTOSTR_BUF_SIZE];

  if (!limited)
    return g_strdup ("auto");
  /* g_ascii_dtostr writes the shortest text that reads back as the same double, so the
   * CLI's frame limits equal the editor's. */
  return g_strdup_printf ("%s:%s", g_ascii_dtostr (start, sizeof start, start_s),
                          g_ascii_dtostr (end, sizeof end, end_s));
}

gboolean
sm_span_separation_run (SmStft             *stft,
                        const SmAudio      *mix,
                        const SmAudio      *target,
                        const SmMask       *mask,
                        const SmAudio      *masked,
                        double              context_seconds,
                        size_t              limit_first,
                        size_t              limit_last,
                        SmSpanInpaintFunc   inpaint,
                        gpointer            data,
                        SmSeparateSpan     *span,
                        gboolean           *has_span,
                        SmAudio           **mixphase,
                        SmAudio           **estimate,
                        GError            **error)
{
  g_autoptr (SmAudio) part_mix = NULL;
  g_autoptr (SmAudio) part_target = NULL;
  g_autoptr (SmMask) part_mask = NULL;
  g_autoptr (SmAudio) part_mixphase = NULL;
  g_autoptr (SmAudio) part_estimate = NULL;
  g_autoptr (SmAudio) whole_mixphase = NULL;
  g_autoptr (SmAudio) whole_estimate = NULL;
  SmStatus status;

  *has_span = FALSE;
  *mixphase = *estimate = NULL;
  status = sm_separate_span_plan (stft, mask, mix->frames, mix->rate, context_seconds,
                                  limit_first, limit_last, span);
  if (status == SM_ERROR_EMPTY)
    {
      /* Nothing removed there: the masked signal is already the answer. */
      *estimate = sm_audio_copy (masked);
      return *estimate != NULL || sm_set_core_status (error, SM_ERROR_NOMEM, "Selection");
    }
  if (status != SM_OK)
    return sm_set_core_status (error, status, "Selection");
  *has_span = TRUE;

  status = sm_separate_span_cut_audio (mix, span, &part_mix);
  if (status == SM_OK && target != NULL)
    status = sm_separate_span_cut_audio (target, span, &part_target);
  if (status == SM_OK)
    status = sm_separate_span_cut_mask (mask, span, sm_stft_n_frames (stft, part_mix->frames),
                                        &part_mask);
  if (status != SM_OK)
    return sm_set_core_status (error, status, "Selection");
  if (!inpaint (part_mix, part_target, part_mask, &part_mixphase, &part_estimate, data, error))
    return FALSE;

  whole_estimate = sm_audio_copy (masked);
  status = whole_estimate != NULL ? sm_separate_span_splice (whole_estimate, part_estimate, span)
                                  : SM_ERROR_NOMEM;
  if (status == SM_OK && part_mixphase != NULL)
    {
      whole_mixphase = sm_audio_copy (masked);
      status = whole_mixphase != NULL
               ? sm_separate_span_splice (whole_mixphase, part_mixphase, span)
               : SM_ERROR_NOMEM;
    }
  if (status != SM_OK)
    return sm_set_core_status (error, status, "Selection");
  *estimate = g_steal_pointer (&whole_estimate);
  *mixphase = g_steal_pointer (&whole_mixphase);
  return TRUE;
}

SmStatus
sm_inpaint_audio (SmStft                *stft,
                  const SmInpaintParams *params,
                  const SmAudio         *mix,
                  const SmSpectrogram   *mix_spec,
                  const SmMask          *mask,
                  const SmSpectrogram   *reference,
                  SmInpaintReport       *report,
                  const SmRun           *run,
                  SmInpaintStageFunc     stage,
                  gpointer               stage_data,
                  SmAudio              **mixphase,
                  SmAudio              **estimate,
                  SmError               *error)
{
  g_autofree float *gain = g_try_new (float, mask->n_frames * (size_t) mask->n_bins);
  SmStatus status;

  if (gain == NULL)
    return sm_error_set (error, SM_ERROR_NOMEM, "out of memory for the inpainting gain");
  if (stage != NULL)
    stage (SM_INPAINT_STAGE_MODEL, stage_data);
  status = sm_inpaint_model (params, mix_spec, mask, reference, gain, report, run, error);
  if (status != SM_OK)
    return status;
  if (stage != NULL)
    stage (SM_INPAINT_STAGE_RENDER, stage_data);
  return sm_inpaint_render (stft, params, mix, mask, gain, mixphase, estimate, report, run,
                            error);
}
