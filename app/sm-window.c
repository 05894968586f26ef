/* sm-window.c: the editor window: opening files, progress, errors and closing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sm-window-private.h"

#include <glib/gi18n.h>

G_DEFINE_FINAL_TYPE (SmWindow, sm_window, ADW_TYPE_APPLICATION_WINDOW)

void
_sm_window_toast (SmWindow   *self,
                  const char *format,
                  ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  /* Also in the log, like errors: tests and bug reports read it. */
  g_message ("%s", text);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

void
_sm_window_show_error (SmWindow     *self,
                       const char   *title,
                       const GError *error)
{
  AdwMessageDialog *dialog;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Also in the log: a user reporting a problem can paste it. */
  g_message ("%s: %s", title, error->message);
  /* A dialog, not a toast: the message names a file and a reason the user must read. */
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), title,
                                                       error->message));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  /* Window lists (and the GUI tests) name it by its heading. */
  gtk_window_set_title (GTK_WINDOW (dialog), title);
  gtk_widget_add_css_class (GTK_WIDGET (dialog), "sm-error-dialog");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
update_title (SmWindow *self)
{
  const char *mix = sm_document_get_path (self->document, SM_SOURCE_MIX);
  SmMaskModel *model = sm_document_get_mask_model (self->document);
  g_autofree char *base = NULL;
  g_autofree char *title = NULL;

  if (mix == NULL || !sm_document_is_loaded (self->document))
    {
      gtk_window_set_title (GTK_WINDOW (self), "Specmask");
      return;
    }
  base = g_path_get_basename (self->project_path != NULL ? self->project_path : mix);
  title = g_strdup_printf ("%s%s — Specmask",
                           model != NULL && sm_mask_model_is_modified (model) ? "• " : "",
                           base);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
progress_changed_cb (SmWindow   *self,
                     GParamSpec *pspec,
                     SmProgress *progress)
{
  g_autofree char *stage = sm_progress_dup_stage (progress);

  gtk_progress_bar_set_fraction (self->loading_bar, sm_progress_get_fraction (progress));
  gtk_label_set_label (self->loading_label, stage != NULL ? stage : _("Loading"));
}

static void
show_page (SmWindow *self)
{
  const char *page = "empty";

  if (sm_progress_get_active (sm_document_get_progress (self->document))
      && !sm_document_is_loaded (self->document))
    page = "loading";
  else if (sm_document_is_loaded (self->document))
    page = "editor";
  gtk_stack_set_visible_child_name (self->stack, page);
}

static void
mask_history_changed_cb (SmWindow    *self,
                         SmMaskModel *model)
{
  update_title (self);
  _sm_window_actions_update (self);
  _sm_window_separate_sync (self);
  _sm_window_debug_layout (self);
}

static void
document_changed_cb (SmWindow   *self,
                     SmDocument *document)
{
  SmMaskModel *model = sm_document_get_mask_model (document);

  g_signal_handlers_disconnect_by_func (model, mask_history_changed_cb, self);
  g_signal_connect_object (model, "history-changed", G_CALLBACK (mask_history_changed_cb),
                           self, G_CONNECT_SWAPPED);
  _sm_window_readout_watch (self, model);
  _sm_window_update_panes (self);
  _sm_window_play_sync (self);
  _sm_window_sync_tools (self);
  _sm_window_compare_sync (self);
  _sm_window_actions_update (self);
  update_title (self);
  show_page (self);
  _sm_window_debug_layout (self);
}

static void
open_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (SmWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!sm_document_open_finish (SM_DOCUMENT (source), result, &error))
    _sm_window_show_error (self, _("Could Not Open the Recording"), error);
  else
    {
      g_autofree char *uri = NULL;

      _sm_window_start_autosave (self);
      uri = g_filename_to_uri (sm_document_get_path (self->document, SM_SOURCE_MIX), NULL,
                               NULL);

      if (uri != NULL)
        gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
      g_clear_pointer (&self->project_path, g_free);
    }
  show_page (self);
  _sm_window_actions_update (self);
  update_title (self);
}

void
sm_window_open_files (SmWindow   *self,
                      const char *mix,
                      const char *target,
                      const char *interferer)
{
  g_return_if_fail (SM_IS_WINDOW (self));

  _sm_window_preview_commit (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  sm_document_open_async (self->document, mix, target, interferer, NULL, NULL,
                          self->cancellable, open_done_cb, g_object_ref (self));
  show_page (self);
}

static void
reference_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (SmWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!sm_document_open_reference_finish (SM_DOCUMENT (source), result, &error))
    _sm_window_show_error (self, _("Could Not Open the Reference"), error);
  _sm_window_actions_update (self);
}

void
_sm_window_open_reference (SmWindow   *self,
                           SmSource    source,
                           const char *path)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  sm_document_open_reference_async (self->document, source, path, self->cancellable,
                                    reference_done_cb, g_object_ref (self));
}

static void
stft_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (SmWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!sm_document_set_stft_finish (SM_DOCUMENT (source), result, &error))
    _sm_window_show_error (self, _("Could Not Change the Analysis Settings"), error);
  else
    _sm_window_toast (self, _("Spectrograms recomputed; the mask was carried over"));
}

void
_sm_window_apply_stft (SmWindow           *self,
                       const SmStftParams *params)
{
  _sm_window_preview_commit (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  sm_document_set_stft_async (self->document, params, self->cancellable, stft_done_cb,
                              g_object_ref (self));
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         SmWindow      *self)
{
  GSList *files = g_value_get_boxed (value);
  g_autofree char *path = NULL;

  if (files == NULL)
    return FALSE;
  path = g_file_get_path (files->data);
  if (path == NULL)
    return FALSE;
  if (g_str_has_suffix (path, ".specmask"))
    sm_window_open_project (self, path);
  else
    sm_window_open_files (self, path, NULL, NULL);
  return TRUE;
}

static gboolean
close_later_cb (gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
close_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   SmWindow         *self)
{
  g_autoptr (GError) error = NULL;

  if (g_str_equal (response, "cancel"))
    return;
  if (g_str_equal (response, "save")
      && !_sm_window_save_project (self, self->project_path, &error))
    {
      _sm_window_show_error (self, _("Could Not Save the Project"), error);
      return;
    }
  /* Saved or knowingly discarded: nothing to offer back next time. */
  _sm_window_discard_autosave (self);
  self->closing_confirmed = TRUE;
  /* Not from inside the dialog's response: the dialog is transient for this window and
   * must be gone before the window is destroyed. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_later_cb, g_object_ref (self),
                   g_object_unref);
}

static gboolean
close_request_cb (SmWindow *self)
{
  SmMaskModel *model = sm_document_get_mask_model (self->document);
  AdwMessageDialog *dialog;

  if (self->closing_confirmed || model == NULL || !sm_mask_model_is_modified (model))
    {
      if (!self->closing_confirmed && sm_document_is_loaded (self->document))
        _sm_window_discard_autosave (self);
      g_cancellable_cancel (self->cancellable);
      return FALSE;
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Save Changes?"),
                                                       _("The mask has edits that are not "
                                                         "saved in a project. Closing "
                                                         "discards them.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "discard", _("_Discard"),
                                    "save", _("_Save"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (close_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

/* Enter applies an open threshold or ideal-mask preview and Escape cancels it, or cancels a
 * running separation, wherever the focus is: the slider or button that started it, or a
 * popover, would otherwise take the key first. */
static gboolean
window_key_cb (GtkEventControllerKey *controller,
               guint                  keyval,
               guint                  keycode,
               GdkModifierType        state,
               SmWindow              *self)
{
  if ((state & (GDK_CONTROL_MASK | GDK_SHIFT_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  /* Space and 1-5 are the transport's, unless a text field wants them. */
  if (!GTK_IS_EDITABLE (gtk_root_get_focus (GTK_ROOT (self)))
      && sm_document_is_loaded (self->document))
    {
      if (keyval == GDK_KEY_space)
        {
          _sm_window_play_toggle (self);
          return TRUE;
        }
      if (keyval >= GDK_KEY_1 && keyval < GDK_KEY_1 + SM_N_PLAY_SOURCES)
        {
          _sm_window_play_source (self, (SmPlaySource) (keyval - GDK_KEY_1));
          return TRUE;
        }
    }
  if (keyval == GDK_KEY_Escape && self->preview == SM_PREVIEW_NONE
      && self->separation_cancellable != NULL)
    {
      _sm_window_cancel_separation (self);
      return TRUE;
    }
  if (self->preview == SM_PREVIEW_NONE)
    return FALSE;
  if (keyval == GDK_KEY_Escape)
    _sm_window_preview_cancel (self);
  else if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter)
    _sm_window_preview_commit (self);
  else
    return FALSE;
  return TRUE;
}

static void
recent_clicked_cb (GtkButton *button,
                   SmWindow  *self)
{
  const char *path = g_object_get_data (G_OBJECT (button), "path");

  if (g_str_has_suffix (path, ".specmask"))
    sm_window_open_project (self, path);
  else
    sm_window_open_files (self, path, NULL, NULL);
}

static int
compare_recent (gconstpointer a,
                gconstpointer b)
{
  GtkRecentInfo *x = *(GtkRecentInfo **) a;
  GtkRecentInfo *y = *(GtkRecentInfo **) b;

  return g_date_time_compare (gtk_recent_info_get_modified (y),
                              gtk_recent_info_get_modified (x));
}

/* The empty page offers the last recordings this application opened. */
static void
add_recent_files (SmWindow *self)
{
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  g_autoptr (GPtrArray) ours = g_ptr_array_new ();
  GtkWidget *box = adw_status_page_get_child (self->empty_page);
  GtkWidget *list = NULL;

  for (GList *l = items; l != NULL; l = l->next)
    if (gtk_recent_info_has_application (l->data, g_get_prgname ())
        && gtk_recent_info_is_local (l->data) && gtk_recent_info_exists (l->data))
      g_ptr_array_add (ours, l->data);
  g_ptr_array_sort (ours, compare_recent);

  for (guint i = 0; i < MIN (ours->len, 5u); i++)
    {
      GtkRecentInfo *info = g_ptr_array_index (ours, i);
      g_autofree char *path = g_filename_from_uri (gtk_recent_info_get_uri (info), NULL, NULL);
      GtkWidget *button;

      if (path == NULL)
        continue;
      if (list == NULL)
        {
          GtkWidget *label = gtk_label_new (_("Recent"));

          gtk_widget_add_css_class (label, "heading");
          gtk_widget_set_margin_top (label, 12);
          gtk_box_append (GTK_BOX (box), label);
          list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
          gtk_box_append (GTK_BOX (box), list);
        }
      button = gtk_button_new_with_label (gtk_recent_info_get_display_name (info));
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, path);
      g_object_set_data_full (G_OBJECT (button), "path", g_steal_pointer (&path), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (recent_clicked_cb), self);
      gtk_box_append (GTK_BOX (list), button);
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
}

static void
sm_window_dispose (GObject *object)
{
  SmWindow *self = SM_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  _sm_window_cancel_separation (self);
  _sm_window_compare_dispose (self);
  if (self->region_cancellable != NULL)
    g_cancellable_cancel (self->region_cancellable);
  g_clear_object (&self->region_cancellable);
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), SM_TYPE_WINDOW);
  G_OBJECT_CLASS (sm_window_parent_class)->dispose (object);
}

static void
sm_window_finalize (GObject *object)
{
  SmWindow *self = SM_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->document);
  g_clear_object (&self->viewport);
  g_clear_object (&self->brush_size);
  g_clear_object (&self->overlay_opacity);
  g_clear_object (&self->threshold_db);
  g_clear_object (&self->lc_db);
  g_clear_object (&self->morph_size);
  g_clear_object (&self->floor_db);
  g_clear_object (&self->ceiling_db);
  g_clear_object (&self->separation_cancellable);
  g_clear_object (&self->separation_progress);
  g_clear_pointer (&self->result, sm_separation_result_unref);
  g_clear_object (&self->player);
  g_clear_object (&self->separate_confidence);
  g_clear_object (&self->separate_components);
  g_clear_object (&self->separate_iterations);
  g_clear_object (&self->separate_beta);
  g_clear_object (&self->separate_phase_iterations);
  g_clear_object (&self->separate_seed);
  g_clear_pointer (&self->train_paths, g_ptr_array_unref);
  g_free (self->project_path);
  g_free (self->recovering_key);
  G_OBJECT_CLASS (sm_window_parent_class)->finalize (object);
}

static void
sm_window_class_init (SmWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sm_window_dispose;
  object_class->finalize = sm_window_finalize;

  g_type_ensure (SM_TYPE_SPECTROGRAM_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/specmask/Specmask/ui/sm-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SmWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, loading_label);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, loading_bar);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, tool_panel);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, panes_box);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, readout_label);

  _sm_window_class_add_actions (widget_class);
}

static void
sm_window_init (SmWindow *self)
{
  GtkEventController *keys;
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->readout_frame = -1.0;

  self->document = sm_document_new ();
  self->viewport = sm_viewport_new ();
  self->tool = SM_TOOL_BRUSH;

  g_signal_connect_object (self->document, "changed", G_CALLBACK (document_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (sm_document_get_progress (self->document), "notify::fraction",
                           G_CALLBACK (progress_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sm_document_get_progress (self->document), "notify::active",
                           G_CALLBACK (show_page), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "close-request", G_CALLBACK (close_request_cb), NULL);
  g_signal_connect_object (self->viewport, "changed", G_CALLBACK (_sm_window_debug_layout),
                           self, G_CONNECT_SWAPPED);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (window_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  _sm_window_build_tools (self);
  _sm_window_build_panes (self);
  add_recent_files (self);
  _sm_window_actions_update (self);
  show_page (self);
}

SmWindow *
sm_window_new (AdwApplication *application)
{
  return g_object_new (SM_TYPE_WINDOW, "application", application, NULL);
}

SmDocument *
sm_window_get_document (SmWindow *self)
{
  g_return_val_if_fail (SM_IS_WINDOW (self), NULL);
  return self->document;
}
