/* sm-window-project.c: saving and opening projects, autosave and recovery.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sm-project.h"
#include "sm-window-private.h"

/* A crash or a kill loses at most this much mask editing. */
#define AUTOSAVE_SECONDS 30

typedef struct
{
  SmWindow *window;
  char     *path;
} OpenProject;

static void
open_project_free (OpenProject *op)
{
  g_object_unref (op->window);
  g_free (op->path);
  g_free (op);
}

static const char *
autosave_key (SmWindow *self)
{
  return self->project_path != NULL ? self->project_path
                                    : sm_document_get_path (self->document, SM_SOURCE_MIX);
}

static void
project_opened_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  OpenProject *op = user_data;
  SmWindow *self = op->window;
  g_autoptr (GError) error = NULL;

  if (!sm_document_open_finish (SM_DOCUMENT (source), result, &error))
    _sm_window_show_error (self, _("Could Not Open the Project"), error);
  else if (self->recovering_key != NULL)
    {
      /* A recovered session is as unsaved as it was: keep it marked modified, and save it
       * where it came from if it was a project. */
      g_free (self->project_path);
      self->project_path = g_str_has_suffix (self->recovering_key, SM_PROJECT_SUFFIX)
                           ? g_strdup (self->recovering_key) : NULL;
      sm_mask_model_mark_unsaved (sm_document_get_mask_model (self->document));
      _sm_window_toast (self, _("Recovered the unsaved session"));
      g_signal_emit_by_name (self->document, "changed");
      _sm_window_start_autosave (self);
    }
  else
    {
      g_free (self->project_path);
      self->project_path = g_steal_pointer (&op->path);
      sm_mask_model_mark_saved (sm_document_get_mask_model (self->document));
      /* The title shows the project's name now. */
      g_signal_emit_by_name (self->document, "changed");
      _sm_window_start_autosave (self);
    }
  g_clear_pointer (&self->recovering_key, g_free);
  open_project_free (op);
}

void
sm_window_open_project (SmWindow   *self,
                        const char *path)
{
  g_autoptr (GError) error = NULL;
  SmProject *project = sm_project_load (path, &error);
  OpenProject *op;

  if (project == NULL)
    {
      _sm_window_show_error (self, _("Could Not Open the Project"), error);
      return;
    }

  _sm_window_preview_commit (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  op = g_new0 (OpenProject, 1);
  op->window = g_object_ref (self);
  op->path = g_strdup (path);
  gtk_adjustment_set_value (self->threshold_db, project->mask_settings.threshold_db);
  gtk_adjustment_set_value (self->lc_db, project->mask_settings.lc_db);
  gtk_adjustment_set_value (self->overlay_opacity, project->view.overlay_opacity);
  /* Moving the sliders above would start previews on the old document; drop them. */
  _sm_window_preview_cancel (self);
  sm_document_open_async (self->document, project->mix_path, project->target_path,
                          project->interferer_path, &project->stft,
                          g_steal_pointer (&project->mask), self->cancellable,
                          project_opened_cb, op);
  sm_project_free (project);
}

/* Everything but the mask. */
static SmProject *
describe_project (SmWindow *self)
{
  SmProject *project = sm_project_new ();

  project->mix_path = g_strdup (sm_document_get_path (self->document, SM_SOURCE_MIX));
  project->target_path = g_strdup (sm_document_get_path (self->document, SM_SOURCE_TARGET));
  project->interferer_path = g_strdup (sm_document_get_path (self->document,
                                                             SM_SOURCE_INTERFERER));
  project->stft = *sm_document_get_stft_params (self->document);
  g_free (project->view.colormap);
  project->view.colormap = g_strdup (sm_colormap_name (sm_viewport_get_colormap (self->viewport)));
  project->view.floor_db = sm_viewport_get_floor_db (self->viewport);
  project->view.ceiling_db = sm_viewport_get_ceiling_db (self->viewport);
  project->view.overlay_opacity = gtk_adjustment_get_value (self->overlay_opacity);
  project->mask_settings.threshold_db = gtk_adjustment_get_value (self->threshold_db);
  project->mask_settings.relative =
    gtk_check_button_get_active (GTK_CHECK_BUTTON (self->threshold_relative));
  project->mask_settings.lc_db = gtk_adjustment_get_value (self->lc_db);
  return project;
}

gboolean
_sm_window_save_project (SmWindow    *self,
                         const char  *path,
                         GError     **error)
{
  g_autoptr (SmProject) project = NULL;
  g_autofree char *autosave = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  if (!sm_document_is_loaded (self->document))
    return TRUE;

  project = describe_project (self);
  /* Saving runs here, with no edit in between: the snapshot only reads the mask. */
  project->mask_snapshot =
    sm_mask_snapshot_new (sm_mask_model_get_mask (sm_document_get_mask_model (self->document)));
  if (project->mask_snapshot == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Out of memory"));
      return FALSE;
    }
  if (!sm_project_save (project, path, error))
    return FALSE;

  /* The recovery copy of the unsaved session is obsolete now (and so is one being
   * written). */
  self->autosave_epoch++;
  autosave = sm_project_autosave_path (autosave_key (self));
  g_unlink (autosave);
  if (g_strcmp0 (self->project_path, path) != 0)
    {
      g_free (self->project_path);
      self->project_path = g_strdup (path);
    }
  sm_mask_model_mark_saved (sm_document_get_mask_model (self->document));
  g_signal_emit_by_name (sm_document_get_mask_model (self->document), "history-changed");
  return TRUE;
}

typedef struct
{
  SmProject      *project;
  char           *key;
  SmMaskModel    *model;
  guint64         generation;
  guint           epoch;
} Autosave;

static void
autosave_free (Autosave *autosave)
{
  sm_project_free (autosave->project);
  g_free (autosave->key);
  g_object_unref (autosave->model);
  g_free (autosave);
}

static void
write_autosave_thread (GTask        *task,
                       gpointer      source,
                       gpointer      data,
                       GCancellable *cancellable)
{
  Autosave *autosave = data;
  GError *error = NULL;

  if (sm_project_write_autosave (autosave->project, autosave->key, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
autosave_written_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  SmWindow *self = SM_WINDOW (source);
  Autosave *autosave = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;

  self->autosaving = FALSE;
  sm_mask_model_release_snapshot (autosave->model, autosave->project->mask_snapshot);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_warning ("Autosave failed: %s", error->message);
  else if (autosave->epoch != self->autosave_epoch)
    {
      /* Saved or discarded while this was being written: it must not be offered back. */
      g_autofree char *path = sm_project_autosave_path (autosave->key);

      sm_project_discard_autosave (path, NULL);
    }
  else
    {
      self->autosaved_generation = autosave->generation;
      g_message ("Autosaved: generation %" G_GUINT64_FORMAT, autosave->generation);
    }
  g_application_release (g_application_get_default ());
}

/* Encoding an hour's mask takes seconds: it happens on a worker, from a snapshot that
 * copies only what is edited meanwhile, so editing goes on and memory hardly grows. */
static gboolean
autosave_cb (gpointer data)
{
  SmWindow *self = data;
  SmMaskModel *model = sm_document_get_mask_model (self->document);
  g_autoptr (GTask) task = NULL;
  Autosave *autosave;
  guint64 generation;

  /* An open step (a stroke, a live preview) may write without telling the model each
   * time: it is saved once closed. */
  if (self->autosaving || model == NULL || !sm_document_is_loaded (self->document)
      || !sm_mask_model_is_modified (model) || sm_mask_model_in_step (model))
    return G_SOURCE_CONTINUE;
  generation = sm_mask_model_get_generation (model);
  if (generation == self->autosaved_generation)
    return G_SOURCE_CONTINUE;

  autosave = g_new0 (Autosave, 1);
  autosave->project = describe_project (self);
  autosave->project->mask_snapshot = sm_mask_model_take_snapshot (model);
  autosave->key = g_strdup (autosave_key (self));
  autosave->model = g_object_ref (model);
  autosave->generation = generation;
  autosave->epoch = self->autosave_epoch;
  if (autosave->project->mask_snapshot == NULL)
    {
      g_warning ("Autosave failed: out of memory");
      autosave_free (autosave);
      return G_SOURCE_CONTINUE;
    }
  self->autosaving = TRUE;
  /* The application waits for the file before it quits. */
  g_application_hold (g_application_get_default ());
  task = g_task_new (self, NULL, autosave_written_cb, NULL);
  g_task_set_task_data (task, autosave, (GDestroyNotify) autosave_free);
  g_task_run_in_thread (task, write_autosave_thread);
  return G_SOURCE_CONTINUE;
}

/* Seconds between autosaves: AUTOSAVE_SECONDS, or SPECMASK_AUTOSAVE_SECONDS (1-3600) for
 * tests and for users who want another trade-off. */
static guint
autosave_interval (void)
{
  const char *value = g_getenv ("SPECMASK_AUTOSAVE_SECONDS");
  guint64 seconds;

  if (value != NULL && g_ascii_string_to_unsigned (value, 10, 1, 3600, &seconds, NULL))
    return (guint) seconds;
  return AUTOSAVE_SECONDS;
}

void
_sm_window_start_autosave (SmWindow *self)
{
  if (self->autosave_id == 0)
    self->autosave_id = g_timeout_add_seconds (autosave_interval (), autosave_cb, self);
}

void
_sm_window_discard_autosave (SmWindow *self)
{
  const char *key = autosave_key (self);
  g_autofree char *path = NULL;

  self->autosave_epoch++;
  if (key == NULL)
    return;
  path = sm_project_autosave_path (key);
  sm_project_discard_autosave (path, NULL);
}

typedef struct
{
  SmWindow *window;
  char     *path;
  char     *key;
} Recovery;

static void
recovery_free (Recovery *recovery)
{
  g_object_unref (recovery->window);
  g_free (recovery->path);
  g_free (recovery->key);
  g_free (recovery);
}

static void
recovery_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      Recovery         *recovery)
{
  SmWindow *self = recovery->window;

  if (g_str_equal (response, "recover"))
    {
      g_free (self->recovering_key);
      self->recovering_key = g_strdup (recovery->key);
      sm_window_open_project (self, recovery->path);
    }
  else if (g_str_equal (response, "discard"))
    sm_project_discard_autosave (recovery->path, NULL);
  recovery_free (recovery);
}

void
sm_window_offer_recovery (SmWindow *self)
{
  g_autoptr (GPtrArray) autosaves = sm_project_list_autosaves (NULL);
  SmProjectAutosave *newest;
  g_autofree char *name = NULL;
  g_autofree char *when = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  Recovery *recovery;

  if (autosaves == NULL || autosaves->len == 0)
    return;
  newest = g_ptr_array_index (autosaves, 0);
  name = g_path_get_basename (newest->key);
  when = g_date_time_format (newest->time, "%x %X");
  body = g_strdup_printf (_("Specmask closed before the mask edits of “%s” were saved. The "
                            "session autosaved at %s can be recovered."), name, when);

  recovery = g_new0 (Recovery, 1);
  recovery->window = g_object_ref (self);
  recovery->path = g_strdup (newest->path);
  recovery->key = g_strdup (newest->key);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Recover Unsaved Work?"), body));
  adw_message_dialog_add_responses (dialog, "discard", _("_Discard"), "later", _("_Not Now"),
                                    "recover", _("_Recover"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "recover", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "recover");
  adw_message_dialog_set_close_response (dialog, "later");
  gtk_window_set_title (GTK_WINDOW (dialog), _("Recover Unsaved Work?"));
  g_signal_connect (dialog, "response", G_CALLBACK (recovery_response_cb), recovery);
  gtk_window_present (GTK_WINDOW (dialog));
}
