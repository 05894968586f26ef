/* sm-separation.h: a separation run in the background: masking, NMF inpainting, phase
 * reconstruction and quality figures, on immutable copies or shared audio of the document.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sm-levels.h"
#include "sm-progress.h"
#include "sm-shared-audio.h"
#include "specmask-core.h"

G_BEGIN_DECLS

/* The signals a run produces, in the order the editor lists them. */
typedef enum
{
  SM_RESULT_MASKED,
  SM_RESULT_MIXPHASE,
  SM_RESULT_ESTIMATE,
  SM_RESULT_RESIDUAL,
  SM_N_RESULTS
} SmResultSignal;

/* Quality of one signal against the target (NaN when undefined). */
typedef struct
{
  double snr, si_sdr, sdr, sir, sar, stoi, estoi;
} SmQuality;

/* Figures of one signal kind for the comparison table: the mix, then each result. */
typedef enum
{
  SM_QUALITY_MIX,
  SM_QUALITY_MASKED,
  SM_QUALITY_MIXPHASE,
  SM_QUALITY_ESTIMATE,
  SM_N_QUALITY
} SmQualityRow;

/* What a run covers besides the mask. */
typedef struct
{
  gboolean            selection_only;    /* only the frames that remove bins, with context */
  double              context_seconds;   /* audio kept each side of them (1 s is plenty) */
  size_t              limit_first;       /* frames they may lie in: a time selection, or */
  size_t              limit_last;        /*   0 and G_MAXSIZE for the whole file */
  gboolean            has_limit;         /* the limit came from a time selection of */
  double              limit_seconds[2];  /*   these seconds (for the exported command) */
  const char *const  *train_paths;       /* SM_DICTIONARY_TRAIN: clean speech of the target */
} SmSeparationScope;

/* What one run delivered. Immutable once delivered; share with sm_separation_result_ref. */
typedef struct
{
  SmInpaintParams params;
  SmStftParams    stft;
  guint64         mask_generation;   /* the mask it was computed from */
  SmSharedAudio  *signals[SM_N_RESULTS];   /* MIXPHASE is NULL without inpainting; the
                                            * estimate of plain masking is the masked */
  SmLevels       *estimate_levels;
  SmLevels       *residual_levels;
  gboolean        has_quality;       /* a target was loaded */
  SmQuality       quality[SM_N_QUALITY];
  gboolean        has_mask_scores;   /* target and interferer: agreement with the IBM */
  SmMaskScores    mask_scores;
  gboolean        selection_only;    /* the run was asked for the selection only */
  gboolean        has_span;          /* selection only: the engine ran on this span */
  SmSeparateSpan  span;
  gboolean        has_limit;         /* selection only, within this time selection */
  double          limit_seconds[2];
  char          **train_paths;       /* SM_DICTIONARY_TRAIN: the files it learnt from */
  int             nmf_iterations;
  int             phase_iterations;
  double          seconds;
} SmSeparationResult;

SmSeparationResult *sm_separation_result_ref   (SmSeparationResult *result);
void                sm_separation_result_unref (SmSeparationResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmSeparationResult, sm_separation_result_unref)

/* Takes what the run needs, so the document may change while it runs: a copy of the mask
 * and references to the (immutable) audio. @target and @interferer may be NULL; @scope
 * too (the whole file, no training files). With selection_only, the result outside the
 * span is the masked signal, sample for sample; when no bin is removed there the engine
 * does not run at all. The worker counts in sm-workers.h until it ends. */
void                sm_separation_run_async  (SmSharedAudio          *mix,
                                              SmSharedAudio          *target,
                                              SmSharedAudio          *interferer,
                                              const SmMask           *mask,
                                              guint64                 mask_generation,
                                              const SmStftParams     *stft,
                                              const SmInpaintParams  *params,
                                              const SmSeparationScope *scope,
                                              SmProgress             *progress,
                                              GCancellable           *cancellable,
                                              GAsyncReadyCallback     callback,
                                              gpointer                user_data);
SmSeparationResult *sm_separation_run_finish (GAsyncResult           *result,
                                              GError                **error);

/* The specmask-cli command that reproduces @result from the document's files. */
char               *sm_separation_command_line (const SmSeparationResult *result,
                                                const char               *mix,
                                                const char               *target,
                                                const char               *interferer,
                                                const char               *mask_png);

G_END_DECLS
