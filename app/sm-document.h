/* sm-document.h: what the editor has open: the recordings, their spectrograms and the mask.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Decoding and analysis run in a worker thread (GTask); the document swaps the results in
 * on the main thread, so everything it hands out is read on the main thread only, apart
 * from the immutable SmLevels. It keeps the decoded audio, 16-bit level codes (SmLevels)
 * and the mask, not complex spectrograms (see sm_document_get_spectrogram()).
 */
#pragma once

#include <gio/gio.h>

#include "sm-levels.h"
#include "sm-mask-model.h"
#include "sm-progress.h"
#include "sm-shared-audio.h"
#include "specmask-core.h"

G_BEGIN_DECLS

typedef enum
{
  SM_SOURCE_MIX,
  SM_SOURCE_TARGET,
  SM_SOURCE_INTERFERER,
  SM_N_SOURCES
} SmSource;

#define SM_DOCUMENT_ERROR (sm_document_error_quark ())
GQuark sm_document_error_quark (void);

typedef enum
{
  SM_DOCUMENT_ERROR_NO_MIX,      /* a reference needs a mix to go with */
  SM_DOCUMENT_ERROR_MISMATCH,    /* a reference's rate or length differs from the mix */
} SmDocumentError;

#define SM_TYPE_DOCUMENT (sm_document_get_type ())
G_DECLARE_FINAL_TYPE (SmDocument, sm_document, SM, DOCUMENT, GObject)

SmDocument          *sm_document_new              (void);

/* Opens a new session: the mix and optionally its references, analysed with @params (NULL:
 * defaults for the mix's rate) and with @mask (NULL: keep every bin; else it must fit the
 * grid, and is taken over). On failure the document keeps what it had. Cancels a load in
 * progress. */
void                 sm_document_open_async       (SmDocument          *self,
                                                   const char          *mix,
                                                   const char          *target,
                                                   const char          *interferer,
                                                   const SmStftParams  *params,
                                                   SmMask              *mask,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean             sm_document_open_finish      (SmDocument          *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* Adds or replaces the target or interferer reference of the open mix. */
void                 sm_document_open_reference_async  (SmDocument          *self,
                                                        SmSource             source,
                                                        const char          *path,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean             sm_document_open_reference_finish (SmDocument          *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* New STFT settings: every spectrogram is recomputed and the mask is resampled to the new
 * grid (its undo history restarts). */
void                 sm_document_set_stft_async   (SmDocument          *self,
                                                   const SmStftParams  *params,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean             sm_document_set_stft_finish  (SmDocument          *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

gboolean             sm_document_is_loaded        (SmDocument          *self);
gboolean             sm_document_has_source       (SmDocument          *self,
                                                   SmSource             source);
const char          *sm_document_get_path         (SmDocument          *self,
                                                   SmSource             source);
const SmAudio       *sm_document_get_audio        (SmDocument          *self,
                                                   SmSource             source);
/* The same audio, for a holder that keeps it past the document's next change (the player,
 * a job): take a reference. It stays the same holder until the source is replaced. */
SmSharedAudio       *sm_document_get_shared_audio (SmDocument          *self,
                                                   SmSource             source);
/* The complex spectrogram: not kept by the analysis (an hour of audio would take 2.5 GB),
 * so the first call for a source computes it here, on the main thread, and keeps it until
 * the source or the grid changes. Prefer sm_document_get_levels() and the level-based mask
 * sources (sm-mask-db-sources.h), or sm_document_get_n_frames() for the grid's length. */
const SmSpectrogram *sm_document_get_spectrogram  (SmDocument          *self,
                                                   SmSource             source);
/* Level codes and their block maxima; immutable, may be shared with workers. */
SmLevels            *sm_document_get_levels       (SmDocument          *self,
                                                   SmSource             source);
/* Frames of the analysis grid (the mix's); 0 before a mix is loaded. */
size_t               sm_document_get_n_frames     (SmDocument          *self);
const SmStftParams  *sm_document_get_stft_params  (SmDocument          *self);
SmStft              *sm_document_get_stft         (SmDocument          *self);
SmMaskGrid           sm_document_get_grid         (SmDocument          *self);
SmMaskModel         *sm_document_get_mask_model   (SmDocument          *self);
SmProgress          *sm_document_get_progress     (SmDocument          *self);

/* Signals: "changed" (): sources, spectrograms or the grid changed (not mask edits). */

G_END_DECLS
