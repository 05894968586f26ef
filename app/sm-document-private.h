/* sm-document-private.h: what sm-document.c and its worker, sm-document-analysis.c, share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sm-document.h"
#include "sm-shared-audio.h"

G_BEGIN_DECLS

/* One analysis job: decode what @paths names, compute the level codes of the sources
 * marked in @analyse, and make the mask for the new grid. The worker owns it while it
 * runs; the document adopts its outputs on the main thread. */
typedef struct
{
  /* inputs */
  char          *paths[SM_N_SOURCES];     /* files to decode; NULL: use audio[] as given */
  SmSharedAudio *audio[SM_N_SOURCES];     /* decoded here, or shared with the document */
  gboolean       analyse[SM_N_SOURCES];
  SmStftParams   params;
  gboolean       params_given;            /* else defaults for the mix's rate */
  gboolean       new_session;             /* the mask starts with every bin kept... */
  SmMask        *given_mask;              /* ...unless this saved one is given */
  SmMask        *old_mask;                /* to resample onto the new grid, or NULL */
  SmMaskGrid     old_grid;
  SmProgress    *progress;

  /* outputs */
  SmStft        *stft;
  SmLevels      *levels[SM_N_SOURCES];
  SmMask        *mask;                    /* for the mask model, or NULL: keep the model's */
  gboolean       mask_all_kept;           /* @mask was made with every bin kept */
} SmAnalysis;

void           _sm_analysis_free      (SmAnalysis    *analysis);
/* The GTaskThreadFunc; returns TRUE or an error. */
void           _sm_analysis_thread    (GTask         *task,
                                       gpointer       source_object,
                                       gpointer       task_data,
                                       GCancellable  *cancellable);
SmMaskGrid     _sm_analysis_grid      (const SmStftParams *params,
                                       int                 rate);

G_END_DECLS
