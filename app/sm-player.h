/* sm-player.h: audition: plays one of the document's signals and switches between them
 * without losing the position.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Playback goes through GtkMediaStream (GTK's GStreamer backend). The player shares the
 * audio it is given (a reference, no copy) and writes each source once, in a worker, to a
 * temporary WAV file (sm-playback-file.h), from first play on. Where the stream cannot play (no media backend, no audio
 * device), the player keeps a silent clock instead, so the position still advances and
 * the editor behaves the same.
 */
#pragma once

#include <gtk/gtk.h>

#include "sm-shared-audio.h"

G_BEGIN_DECLS

typedef enum
{
  SM_PLAY_MIX,
  SM_PLAY_TARGET,
  SM_PLAY_MASKED,
  SM_PLAY_ESTIMATE,
  SM_PLAY_RESIDUAL,
  SM_PLAY_REGION,     /* the mix through a time-frequency region, rendered on request */
  SM_N_PLAY_SOURCES
} SmPlaySource;

#define SM_TYPE_PLAYER (sm_player_get_type ())
G_DECLARE_FINAL_TYPE (SmPlayer, sm_player, SM, PLAYER, GObject)

SmPlayer      *sm_player_new          (void);
/* Gives the audio of @source (a reference is taken; NULL: unavailable). Handing over the
 * holder it already has costs nothing. Replacing the playing source's audio keeps the
 * position; a write of the old audio under way is cancelled. */
void           sm_player_set_audio    (SmPlayer      *self,
                                       SmPlaySource   source,
                                       SmSharedAudio *audio);
gboolean       sm_player_has_audio    (SmPlayer      *self,
                                       SmPlaySource   source);
/* The holder given for @source, or NULL. */
SmSharedAudio *sm_player_get_audio    (SmPlayer      *self,
                                       SmPlaySource   source);
/* Switches to @source at the current position (A/B comparison). */
gboolean       sm_player_set_source   (SmPlayer      *self,
                                       SmPlaySource   source);
SmPlaySource   sm_player_get_source   (SmPlayer      *self);
void           sm_player_play         (SmPlayer      *self);
void           sm_player_pause        (SmPlayer      *self);
void           sm_player_stop         (SmPlayer      *self);
gboolean       sm_player_get_playing  (SmPlayer      *self);
/* Position in seconds; "position" is notified as it moves, at most once per frame. */
double         sm_player_get_position (SmPlayer      *self);
void           sm_player_seek         (SmPlayer      *self,
                                       double         seconds);
/* Playback repeats [@start, @end) seconds while @loop is set (the whole signal when
 * @end <= @start); each wrap is logged. */
void           sm_player_set_loop     (SmPlayer      *self,
                                       gboolean       loop,
                                       double         start,
                                       double         end);
/* TRUE when the media stream failed, or a playback file could not be written, and the
 * silent clock runs. */
gboolean       sm_player_is_silent    (SmPlayer      *self);
const char    *sm_play_source_name    (SmPlaySource   source);

G_END_DECLS
