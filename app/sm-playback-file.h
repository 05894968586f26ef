/* sm-playback-file.h: what the player streams from: a signal written, in a worker, to a
 * temporary 32-bit float WAV file in the user's cache folder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An hour of audio takes seconds to write: never on the main thread. The worker holds a
 * reference to the (immutable) audio, so its owners may drop theirs meanwhile. Each write
 * has a file of its own (process id, name and a serial number), so that a stale write
 * still running never collides with a newer one of the same source. A write that fails
 * or is cancelled leaves no file behind; a finished file is the caller's to unlink.
 */
#pragma once

#include <gio/gio.h>

#include "sm-shared-audio.h"

G_BEGIN_DECLS

/* @name: a word for the file name ("mix"). The worker counts in sm-workers.h. */
void  sm_playback_file_write_async  (SmSharedAudio       *audio,
                                     const char          *name,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
/* The path of the written file, or NULL and @error: SM_CORE_ERROR when the file could not
 * be written, G_IO_ERROR_CANCELLED whenever the write was cancelled, even once done. */
char *sm_playback_file_write_finish (GAsyncResult        *result,
                                     GError             **error);

G_END_DECLS
