/* sm-span-separation.h: "selection only" separation, shared by the editor and
 * specmask-cli (separate --span) so that the command the editor exports with a report
 * reproduces a selection-only run exactly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The costly model runs on the part of the recording whose frames remove bins (inside a
 * time limit, if any) plus context, and its result is spliced into the masked signal of
 * the whole file (see core/sm-separate-span.h).
 */
#pragma once

#include <glib.h>

#include "specmask-core.h"

G_BEGIN_DECLS

/* Audio kept each side of the edit: enough for the model to see the sound around it. */
#define SM_SPAN_CONTEXT_SECONDS 1.0

typedef enum
{
  SM_INPAINT_STAGE_MODEL,    /* learning the models and the gain */
  SM_INPAINT_STAGE_RENDER,   /* rebuilding the signals */
} SmInpaintStage;

typedef void (*SmInpaintStageFunc) (SmInpaintStage stage,
                                    gpointer       data);

/* The engine on one signal, as the editor and specmask-cli both run it (the whole file or
 * a span's part): the model on @mix_spec, then the signals rebuilt from @mix
 * (sm_inpaint_model(), sm_inpaint_render()). @stage (nullable) hears of each stage before
 * it starts, for progress. Returns: the core's status, with @error set on failure. */
SmStatus  sm_inpaint_audio          (SmStft                *stft,
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
                                     SmError               *error);

/* Runs the model on a part: @mix, @target (may be NULL) and @mask are the part's. Fills
 * @estimate, and @mixphase when the model makes one. */
typedef gboolean (*SmSpanInpaintFunc) (const SmAudio  *mix,
                                       const SmAudio  *target,
                                       const SmMask   *mask,
                                       SmAudio       **mixphase,
                                       SmAudio       **estimate,
                                       gpointer        data,
                                       GError        **error);

/* The frames a time limit of @start_s..@end_s seconds allows the edit to lie in (whole
 * frames covering it, on the centred frame grid of @hop at @rate). */
void      sm_span_separation_limits (double               start_s,
                                     double               end_s,
                                     int                  rate,
                                     int                  hop,
                                     size_t              *limit_first,
                                     size_t              *limit_last);

/* Reads "auto" (no limit: @limited is FALSE) or "START:END" in seconds, 0 <= START < END. */
gboolean  sm_span_separation_parse  (const char          *text,
                                     gboolean            *limited,
                                     double              *start_s,
                                     double              *end_s,
                                     GError             **error);

/* The reverse: "auto" or "START:END" with every digit needed to read the same numbers. */
char     *sm_span_separation_format (gboolean             limited,
                                     double               start_s,
                                     double               end_s);

/* Plans the span from @mask within [@limit_first, @limit_last], runs @inpaint on the part,
 * and splices its result into copies of @masked (the whole file's masked signal). When the
 * mask removes nothing there, @has_span is FALSE and @estimate a copy of @masked. @mixphase
 * is NULL unless the model made one. */
gboolean  sm_span_separation_run    (SmStft              *stft,
                                     const SmAudio       *mix,
                                     const SmAudio       *target,
                                     const SmMask        *mask,
                                     const SmAudio       *masked,
                                     double               context_seconds,
                                     size_t               limit_first,
                                     size_t               limit_last,
                                     SmSpanInpaintFunc    inpaint,
                                     gpointer             data,
                                     SmSeparateSpan      *span,
                                     gboolean            *has_span,
                                     SmAudio            **mixphase,
                                     SmAudio            **estimate,
                                     GError             **error);

G_END_DECLS
