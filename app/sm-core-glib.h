/* sm-core-glib.h: the bridge from the pure-C engine to GLib: errors and autoptrs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "specmask-core.h"

G_BEGIN_DECLS

#define SM_CORE_ERROR (sm_core_error_quark ())
GQuark   sm_core_error_quark (void);

/* Copies a core error into a GError in SM_CORE_ERROR, code = SmStatus. Returns FALSE so
 * that `return sm_propagate_core_error (error, &core_error);` reads naturally. */
gboolean sm_propagate_core_error (GError       **error,
                                  const SmError *core_error);

/* For functions that only return a status: "@what: <sm_strerror (status)>". */
gboolean sm_set_core_status (GError     **error,
                             SmStatus     status,
                             const char  *what);

/* The STFT of @audio's mono mixdown, or NULL with @error set (out of memory, cancelled). */
SmSpectrogram *sm_spectrogram_of_audio (SmStft         *stft,
                                        const SmAudio  *audio,
                                        const SmRun    *run,
                                        GError        **error);

/* Core destructors take `T **` and NULL the pointer; g_autoptr wants `void f (T *)`. */
static inline void sm_audio_release (SmAudio *p) { sm_audio_free (&p); }
static inline void sm_mask_release (SmMask *p) { sm_mask_free (&p); }
static inline void sm_stft_release (SmStft *p) { sm_stft_free (&p); }
static inline void sm_spectrogram_release (SmSpectrogram *p) { sm_spectrogram_free (&p); }
static inline void sm_mask_history_release (SmMaskHistory *p) { sm_mask_history_free (&p); }

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmAudio, sm_audio_release)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmMask, sm_mask_release)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmStft, sm_stft_release)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmSpectrogram, sm_spectrogram_release)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmMaskHistory, sm_mask_history_release)

G_END_DECLS
