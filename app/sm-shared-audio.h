/* sm-shared-audio.h: decoded audio held by reference, read-only, by everyone who needs it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An hour of 44.1 kHz mono is 635 MB of floats. The document's sources and a separation's
 * signals are each held once, in one of these, and the jobs that read them and the player
 * take references rather than copies; the last reference frees the samples, so a source
 * the document replaces stays valid for whoever still reads it.
 *
 * The audio must not change once it is shared: then any thread may read it, and a holder
 * stands for its samples (a new signal comes in a new holder, so the same holder means
 * the same audio). Reference counting is atomic.
 */
#pragma once

#include <glib.h>

#include "specmask-core.h"

G_BEGIN_DECLS

typedef struct _SmSharedAudio SmSharedAudio;

/* Takes over @audio; NULL gives NULL. */
SmSharedAudio *sm_shared_audio_new   (SmAudio             *audio);
/* Both NULL-safe. */
SmSharedAudio *sm_shared_audio_ref   (SmSharedAudio       *shared);
void           sm_shared_audio_unref (SmSharedAudio       *shared);
/* The samples, valid while the caller holds a reference; NULL for NULL. */
const SmAudio *sm_shared_audio_get   (const SmSharedAudio *shared);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmSharedAudio, sm_shared_audio_unref)

G_END_DECLS
