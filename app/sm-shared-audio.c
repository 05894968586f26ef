/* sm-shared-audio.c: reference-counted, read-only audio.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sm-shared-audio.h"

struct _SmSharedAudio
{
  SmAudio *audio;
};

static void
shared_audio_clear (SmSharedAudio *shared)
{
  sm_audio_free (&shared->audio);
}

SmSharedAudio *
sm_shared_audio_new (SmAudio *audio)
{
  SmSharedAudio *shared;

  if (audio == NULL)
    return NULL;
  shared = g_atomic_rc_box_new0 (SmSharedAudio);
  shared->audio = audio;
  return shared;
}

SmSharedAudio *
sm_shared_audio_ref (SmSharedAudio *shared)
{
  return shared != NULL ? g_atomic_rc_box_acquire (shared) : NULL;
}

void
sm_shared_audio_unref (SmSharedAudio *shared)
{
  if (shared != NULL)
    g_atomic_rc_box_release_full (shared, (GDestroyNotify) shared_audio_clear);
}

const SmAudio *
sm_shared_audio_get (const SmSharedAudio *shared)
{
  return shared != NULL ? shared->audio : NULL;
}
