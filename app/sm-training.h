/* sm-training.h: clean training speech of the target speaker, for dictionaries trained
 * outside the mix (SM_DICTIONARY_TRAIN). Shared by specmask-cli and the editor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "specmask-core.h"

G_BEGIN_DECLS

/* Checks from its header alone that @path is audio at @rate Hz (the mix's; 0 when no mix
 * is open yet), so that a list of training files refuses a bad one when it is added, not
 * when a run needs it. */
gboolean       sm_training_check       (const char         *path,
                                        int                 rate,
                                        GError            **error);

/* Every file's STFT frames one after another (their rates must be @rate). Decodes the
 * files: run it in a worker. */
SmSpectrogram *sm_training_spectrogram (SmStft             *stft,
                                        const char *const  *paths,
                                        int                 rate,
                                        const SmRun        *run,
                                        GError            **error);

G_END_DECLS
