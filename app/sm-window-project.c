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

static SmProject *
snapshot_project (SmWindow *self)
{
  SmProject *project = sm_project_new ();
  SmMaskModel *model = sm_document_get_mask_model (self->document);

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
  project->mask = sm_mask_copy (sm_mask_model_get_mask (model));
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

  project = snapshot_project (self);
  if (project->mask == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Out of memory"));
      return FALSE;
    }
  if (!sm_project_save (project, path, error))
    return FALSE;

  /* The recovery copy of the unsaved session is obsolete now. */
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

static gboolean
autosave_cb (gpointer data)
{
  SmWindow *self = data;
  SmMaskModel *model = sm_document_get_mask_model (self->document);
  g_autoptr (SmProject) project = NULL;
  g_autoptr (GError) error = NULL;
  guint64 generation;

  if (model == NULL || !sm_document_is_loaded (self->document)
      || !sm_mask_model_is_modified (model))
    return G_SOURCE_CONTINUE;
  generation = sm_mask_model_get_generation (model);
  if (generation == self->autosaved_generation)
    return G_SOURCE_CONTINUE;

  project = snapshot_project (self);
  if (project->mask == NULL || !sm_project_write_autosave (project, autosave_key (self), &error))
    g_warning ("Autosave failed: %s", error != NULL ? error->message : "out of memory");
  else
    self->autosaved_generation = generation;
  return G_SOURCE_CONTINUE;
}

void
_sm_window_start_autosave (SmWindow *self)
{
  if (self->autosave_id == 0)
    self->autosave_id = g_timeout_add_seconds (AUTOSAVE_SECONDS, autosave_cb, self);
}

void
_sm_window_discard_autosave (SmWindow *self)
{
  const char *key = autosave_key (self);
  g_autofree char *path = NULL;

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
  g_signal_connect (dialog, "response", G_CALLBACK (recovery_response_cb), recovery);
  gtk_window_present (GTK_WINDOW (dialog));
}
