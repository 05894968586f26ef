/* sm-playback-file.c: playback files written in a worker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sm-playback-file.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "sm-core-glib.h"
#include "sm-workers.h"

typedef struct
{
  SmSharedAudio *audio;
  char          *path;
} Write;

static void
write_free (Write *write)
{
  sm_shared_audio_unref (write->audio);
  g_free (write->path);
  g_free (write);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Write *write = task_data;
  g_autofree char *dir = g_path_get_dirname (write->path);
  SmError core_error = { 0 };
  SmStatus status = SM_ERROR_CANCELLED;

  /* A folder that cannot be made shows as the write's own error. */
  if (!g_cancellable_is_cancelled (cancellable))
    {
      g_mkdir_with_parents (dir, 0700);
      status = sm_audio_write (write->path, sm_shared_audio_get (write->audio),
                               SM_AUDIO_WAV_FLOAT, &core_error);
    }
  /* Cancelled while it wrote: nobody takes the file (at exit, not even the callback). */
  if (status == SM_OK && g_cancellable_is_cancelled (cancellable))
    status = SM_ERROR_CANCELLED;
  if (status == SM_OK)
    g_task_return_pointer (task, g_strdup (write->path), g_free);
  else
    {
      g_unlink (write->path);
      if (!g_task_return_error_if_cancelled (task))
        g_task_return_new_error (task, SM_CORE_ERROR, (int) status, "%s", core_error.message);
    }
  sm_workers_release ();
}

void
sm_playback_file_write_async (SmSharedAudio       *audio,
                              const char          *name,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  static gint serial;
  g_autoptr (GTask) task = NULL;
  g_autofree char *file = NULL;
  Write *write;

  g_return_if_fail (audio != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  file = g_strdup_printf ("playback-%d-%s-%d.wav", (int) getpid (), name,
                          g_atomic_int_add (&serial, 1));
  write = g_new0 (Write, 1);
  write->audio = sm_shared_audio_ref (audio);
  write->path = g_build_filename (g_get_user_cache_dir (), "specmask", file, NULL);
  g_task_set_source_tag (task, sm_playback_file_write_async);
  g_task_set_task_data (task, write, (GDestroyNotify) write_free);
  sm_workers_hold ();
  g_task_run_in_thread (task, write_thread);
}

char *
sm_playback_file_write_finish (GAsyncResult  *result,
                               GError       **error)
{
  Write *write = g_task_get_task_data (G_TASK (result));
  char *path;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  path = g_task_propagate_pointer (G_TASK (result), error);
  /* Cancelled after the worker had written it: the task reports the cancellation, and the
   * file goes with it. */
  if (path == NULL)
    g_unlink (write->path);
  return path;
}
