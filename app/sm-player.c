/* sm-player.c: playback through GtkMediaStream, with a silent clock as fallback.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sm-player-private.h"

#include <glib/gstdio.h>

#include "sm-playback-file.h"

struct _SmPlayer
{
  GObject         parent_instance;

  /* owned: a stream per source, kept prepared once playback has started, so that an A/B
   * switch is a seek and an unmute of a ready stream rather than a new pipeline (which
   * is silent for hundreds of ms while it prepares) */
  GtkMediaStream *streams[SM_N_PLAY_SOURCES];
  SmSharedAudio  *audio[SM_N_PLAY_SOURCES];    /* references, never copies */
  char           *files[SM_N_PLAY_SOURCES];    /* written on first use, in a worker */
  GCancellable   *writes[SM_N_PLAY_SOURCES];   /* the write of audio[] under way, if any */

  /* state */
  SmPlaySource    source;
  gboolean        playing;
  gboolean        silent;         /* the stream failed: the clock below keeps time */
  double          clock_base;     /* seconds at clock_start */
  gint64          clock_start;    /* monotonic µs when playing began, or 0 */
  double          pending_seek;   /* seconds to seek to once the stream is prepared */
  gboolean        primed;         /* playback has started: every source has its stream */
  gint64          switched_at;    /* monotonic µs of the last switch, until it sounds */
  double          switched_from;  /* the position at that switch */
  guint           tick_id;
  gboolean        loop;
  double          loop_start;     /* seconds; loop_end <= loop_start: the whole signal */
  double          loop_end;
};

enum {
  PROP_0,
  PROP_POSITION,
  PROP_PLAYING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *const source_names[SM_N_PLAY_SOURCES] = {
  "mix", "target", "masked", "estimate", "residual", "region",
};

G_DEFINE_FINAL_TYPE (SmPlayer, sm_player, G_TYPE_OBJECT)

const char *
sm_play_source_name (SmPlaySource source)
{
  return source < SM_N_PLAY_SOURCES ? source_names[source] : NULL;
}

static GtkMediaStream *
current_stream (SmPlayer *self)
{
  return self->streams[self->source];
}

static double
duration (SmPlayer *self)
{
  const SmAudio *audio = sm_shared_audio_get (self->audio[self->source]);

  return audio != NULL ? (double) audio->frames / audio->rate : 0.0;
}

/* While the file of the source being heard is written, the clock waits with it, as the
 * sound does: an hour of audio takes seconds to write. */
static double
clock_position (SmPlayer *self)
{
  double position = self->clock_base;

  if (self->playing && self->clock_start != 0 && self->writes[self->source] == NULL)
    position += (double) (g_get_monotonic_time () - self->clock_start) / G_USEC_PER_SEC;
  return MIN (position, duration (self));
}

/* The stream's own position once it is ready; while it prepares or seeks, the clock that
 * continues from the last known position (a seeking stream still reports where it was). */
static gboolean
stream_ready (SmPlayer *self)
{
  GtkMediaStream *stream = current_stream (self);

  return !self->silent && stream != NULL && gtk_media_stream_is_prepared (stream)
         && !gtk_media_stream_is_seeking (stream) && self->pending_seek < 0.0;
}

double
sm_player_get_position (SmPlayer *self)
{
  if (stream_ready (self))
    return (double) gtk_media_stream_get_timestamp (current_stream (self)) / G_USEC_PER_SEC;
  return clock_position (self);
}

/* The range a loop repeats, clipped to the current signal. */
static void
loop_range (SmPlayer *self,
            double   *start,
            double   *end)
{
  double length = duration (self);

  *start = 0.0;
  *end = length;
  if (self->loop_end > self->loop_start)
    {
      *start = CLAMP (self->loop_start, 0.0, length);
      *end = CLAMP (self->loop_end, *start, length);
    }
}

static gboolean
tick_cb (gpointer data)
{
  SmPlayer *self = data;
  double position = sm_player_get_position (self);
  double start, end;

  loop_range (self, &start, &end);
  if (self->loop && self->playing && end > start && position >= end)
    {
      /* A tick is 33 ms: the wrap lands within a frame of the loop's end. */
      sm_player_seek (self, start);
      g_message ("Playback looped to %.3f s", start);
      return G_SOURCE_CONTINUE;
    }
  /* How long a switch left the new source silent: until its own position moves on. */
  if (self->switched_at != 0 && self->playing
      && (self->silent || (stream_ready (self) && position > self->switched_from + 0.001)))
    {
      g_message ("Playback source %s advancing %.0f ms after the switch",
                 source_names[self->source],
                 (g_get_monotonic_time () - self->switched_at) / 1000.0);
      self->switched_at = 0;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
  if (position >= duration (self) && self->playing)
    sm_player_pause (self);
  return G_SOURCE_CONTINUE;
}

void
sm_player_set_loop (SmPlayer *self,
                    gboolean  loop,
                    double    start,
                    double    end)
{
  g_return_if_fail (SM_IS_PLAYER (self));
  self->loop = loop;
  self->loop_start = start;
  self->loop_end = end;
}

static void
set_playing (SmPlayer *self,
             gboolean  playing)
{
  if (self->playing == playing)
    return;
  self->clock_base = clock_position (self);
  self->playing = playing;
  g_message ("Playback %s at %.3f s", playing ? "playing" : "paused", self->clock_base);
  self->clock_start = playing ? g_get_monotonic_time () : 0;
  if (playing && self->tick_id == 0)
    self->tick_id = g_timeout_add (33, tick_cb, self);
  else if (!playing)
    g_clear_handle_id (&self->tick_id, g_source_remove);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

static void
stream_error_cb (SmPlayer       *self,
                 GParamSpec     *pspec,
                 GtkMediaStream *stream)
{
  const GError *error = gtk_media_stream_get_error (stream);

  if (error == NULL || self->silent)
    return;
  /* No media backend or no audio device (a server, CI): keep time silently. */
  g_message ("Playback is silent: %s", error->message);
  self->silent = TRUE;
}

static void ensure_stream (SmPlayer     *self,
                           SmPlaySource  source);

/* Brings the current stream to the position and state the player is in. */
static void
sync_current (SmPlayer *self)
{
  GtkMediaStream *stream = current_stream (self);

  if (stream == NULL || self->silent || !gtk_media_stream_is_prepared (stream))
    return;
  if (self->pending_seek >= 0.0)
    gtk_media_stream_seek (stream, (gint64) (self->pending_seek * G_USEC_PER_SEC));
  self->pending_seek = -1.0;
  gtk_media_stream_set_muted (stream, FALSE);
  if (self->playing)
    gtk_media_stream_play (stream);
  else
    gtk_media_stream_pause (stream);
}

static void
stream_prepared_cb (SmPlayer       *self,
                    GParamSpec     *pspec,
                    GtkMediaStream *stream)
{
  if (stream != current_stream (self))
    return;
  sync_current (self);
  /* The other sources prepare once the one being heard plays, not in its way. */
  if (self->primed)
    for (SmPlaySource source = 0; source < SM_N_PLAY_SOURCES; source++)
      ensure_stream (self, source);
}

static void
drop_stream (SmPlayer     *self,
             SmPlaySource  source)
{
  GtkMediaStream *stream = self->streams[source];

  if (stream == NULL)
    return;
  g_signal_handlers_disconnect_by_data (stream, self);
  gtk_media_stream_pause (stream);
  g_clear_object (&self->streams[source]);
}

static void
file_written_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autofree char *path = sm_playback_file_write_finish (result, &error);
  SmPlayer *self = data;
  SmPlaySource source;

  /* @data holds no reference, so that a write does not keep a closed window's player
   * alive. Replacing a source's audio and disposing the player both cancel its write, and
   * a cancelled write always finishes as cancelled: only a write the player still waits
   * for gets past here. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  for (source = 0; self->writes[source] != cancellable; source++)
    g_assert (source + 1 < SM_N_PLAY_SOURCES);
  /* The clock held still while the source being heard was written: it goes on from here. */
  if (source == self->source)
    {
      self->clock_base = clock_position (self);
      self->clock_start = self->playing ? g_get_monotonic_time () : 0;
    }
  g_clear_object (&self->writes[source]);
  if (path == NULL)
    {
      if (!self->silent)
        g_message ("Playback is silent: %s", error->message);
      self->silent = TRUE;
      return;
    }
  self->files[source] = g_steal_pointer (&path);
  ensure_stream (self, source);
}

/* Stops a write of @source under way and removes its written file, if any. */
static void
forget_file (SmPlayer     *self,
             SmPlaySource  source)
{
  if (self->writes[source] != NULL)
    g_cancellable_cancel (self->writes[source]);
  g_clear_object (&self->writes[source]);
  if (self->files[source] != NULL)
    g_unlink (self->files[source]);
  g_clear_pointer (&self->files[source], g_free);
}

/* A prepared, paused stream for @source, muted unless it is the current one; its file is
 * written first, in a worker, and the stream made once it is there. */
static void
ensure_stream (SmPlayer     *self,
               SmPlaySource  source)
{
  GtkMediaStream *stream;

  if (self->streams[source] != NULL || self->audio[source] == NULL || self->silent)
    return;
  if (self->files[source] == NULL)
    {
      if (self->writes[source] == NULL)
        {
          self->writes[source] = g_cancellable_new ();
          sm_playback_file_write_async (self->audio[source], source_names[source],
                                        self->writes[source], file_written_cb, self);
        }
      return;
    }

  stream = gtk_media_file_new_for_filename (self->files[source]);
  self->streams[source] = stream;
  gtk_media_stream_set_muted (stream, source != self->source);
  g_signal_connect_object (stream, "notify::error", G_CALLBACK (stream_error_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (stream, "notify::prepared", G_CALLBACK (stream_prepared_cb), self,
                           G_CONNECT_SWAPPED);
  stream_error_cb (self, NULL, stream);
}

/* Makes the current source play from @position: at once when its stream is ready, else as
 * soon as it is prepared; the clock keeps the position meanwhile. */
static void
start_current (SmPlayer *self,
               double    position)
{
  self->clock_base = position;
  self->clock_start = self->playing ? g_get_monotonic_time () : 0;
  self->pending_seek = position;
  if (self->primed)
    ensure_stream (self, self->source);
  sync_current (self);
}

/* From the first play on, every source has a stream, prepared in the background (the
 * others once the current one is prepared, see stream_prepared_cb). */
static void
prime (SmPlayer *self)
{
  if (self->primed)
    return;
  self->primed = TRUE;
  ensure_stream (self, self->source);
}

gboolean
sm_player_set_source (SmPlayer     *self,
                      SmPlaySource  source)
{
  double position;

  g_return_val_if_fail (SM_IS_PLAYER (self), FALSE);
  if (source >= SM_N_PLAY_SOURCES || self->audio[source] == NULL)
    return FALSE;
  position = sm_player_get_position (self);
  if (current_stream (self) != NULL)
    {
      /* The old source falls silent and waits, ready for the next switch back. */
      gtk_media_stream_set_muted (current_stream (self), TRUE);
      gtk_media_stream_pause (current_stream (self));
    }
  self->source = source;
  self->switched_at = g_get_monotonic_time ();
  self->switched_from = position;
  /* Whether the switch is gapless: a stream that is still preparing is silent for a few
   * hundred milliseconds. */
  g_message ("Playback source %s at %.3f s, stream %s", source_names[source], position,
             current_stream (self) != NULL && gtk_media_stream_is_prepared (current_stream (self))
             ? "ready" : "not ready");
  start_current (self, position);
  return TRUE;
}

SmPlaySource
sm_player_get_source (SmPlayer *self)
{
  return self->source;
}

void
sm_player_set_audio (SmPlayer      *self,
                     SmPlaySource   source,
                     SmSharedAudio *audio)
{
  double position;

  g_return_if_fail (SM_IS_PLAYER (self));
  g_return_if_fail (source < SM_N_PLAY_SOURCES);

  /* The window hands over every source whenever a result lands, most of them unchanged;
   * writing out and reopening the one playing would cut into playback. Shared audio never
   * changes and a new signal comes in a new holder, so the same holder is the same audio. */
  if (self->audio[source] == audio)
    return;
  /* Before the write it cancels lets the clock go on. */
  position = sm_player_get_position (self);
  forget_file (self, source);
  g_clear_pointer (&self->audio[source], sm_shared_audio_unref);
  self->audio[source] = sm_shared_audio_ref (audio);
  if (source == self->source)
    {
      drop_stream (self, source);
      start_current (self, MIN (position, duration (self)));
    }
  else
    {
      /* Ready before the user switches to it. */
      drop_stream (self, source);
      if (self->primed)
        ensure_stream (self, source);
    }
}

gboolean
sm_player_has_audio (SmPlayer     *self,
                     SmPlaySource  source)
{
  return source < SM_N_PLAY_SOURCES && self->audio[source] != NULL;
}

SmSharedAudio *
sm_player_get_audio (SmPlayer     *self,
                     SmPlaySource  source)
{
  g_return_val_if_fail (SM_IS_PLAYER (self), NULL);
  return source < SM_N_PLAY_SOURCES ? self->audio[source] : NULL;
}

const char *
_sm_player_get_file (SmPlayer     *self,
                     SmPlaySource  source)
{
  return self->files[source];
}

void
sm_player_play (SmPlayer *self)
{
  g_return_if_fail (SM_IS_PLAYER (self));
  if (self->audio[self->source] == NULL)
    return;
  if (self->loop)
    {
      double start, end, position = sm_player_get_position (self);

      /* Play starts inside the loop. */
      loop_range (self, &start, &end);
      if (position < start || position >= end)
        sm_player_seek (self, start);
    }
  else if (sm_player_get_position (self) >= duration (self))
    sm_player_seek (self, 0.0);
  if (!self->primed)
    {
      prime (self);
      self->pending_seek = sm_player_get_position (self);
    }
  set_playing (self, TRUE);
  sync_current (self);
}

void
sm_player_pause (SmPlayer *self)
{
  g_return_if_fail (SM_IS_PLAYER (self));
  set_playing (self, FALSE);
  if (current_stream (self) != NULL)
    gtk_media_stream_pause (current_stream (self));
}

void
sm_player_stop (SmPlayer *self)
{
  sm_player_pause (self);
  sm_player_seek (self, 0.0);
}

gboolean
sm_player_get_playing (SmPlayer *self)
{
  return self->playing;
}

void
sm_player_seek (SmPlayer *self,
                double    seconds)
{
  g_return_if_fail (SM_IS_PLAYER (self));
  seconds = CLAMP (seconds, 0.0, duration (self));
  self->clock_base = seconds;
  self->clock_start = self->playing ? g_get_monotonic_time () : 0;
  self->pending_seek = seconds;
  sync_current (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

gboolean
sm_player_is_silent (SmPlayer *self)
{
  return self->silent;
}

static void
sm_player_dispose (GObject *object)
{
  SmPlayer *self = SM_PLAYER (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  for (SmPlaySource source = 0; source < SM_N_PLAY_SOURCES; source++)
    {
      drop_stream (self, source);
      forget_file (self, source);
    }
  G_OBJECT_CLASS (sm_player_parent_class)->dispose (object);
}

static void
sm_player_finalize (GObject *object)
{
  SmPlayer *self = SM_PLAYER (object);

  for (int i = 0; i < SM_N_PLAY_SOURCES; i++)
    sm_shared_audio_unref (self->audio[i]);
  G_OBJECT_CLASS (sm_player_parent_class)->finalize (object);
}

static void
sm_player_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SmPlayer *self = SM_PLAYER (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      g_value_set_double (value, sm_player_get_position (self));
      break;
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sm_player_class_init (SmPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sm_player_dispose;
  object_class->finalize = sm_player_finalize;
  object_class->get_property = sm_player_get_property;

  properties[PROP_POSITION] =
    g_param_spec_double ("position", NULL, NULL, 0.0, G_MAXDOUBLE, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sm_player_init (SmPlayer *self)
{
  self->pending_seek = -1.0;
}

SmPlayer *
sm_player_new (void)
{
  return g_object_new (SM_TYPE_PLAYER, NULL);
}
