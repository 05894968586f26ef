/* sm-window-training.c: the training files of the Separate panel: clean speech of the
 * target speaker that dictionary "Training files" learns from.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sm-training.h"
#include "sm-window-private.h"

static void rebuild_list (SmWindow *self);

static void
remove_clicked_cb (GtkButton *button,
                   SmWindow  *self)
{
  const char *path = g_object_get_data (G_OBJECT (button), "path");

  for (guint i = 0; i < self->train_paths->len; i++)
    if (g_str_equal (g_ptr_array_index (self->train_paths, i), path))
      {
        g_message ("Training file removed: %s", path);
        g_ptr_array_remove_index (self->train_paths, i);
        break;
      }
  rebuild_list (self);
}

static void
rebuild_list (SmWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->train_list)) != NULL)
    gtk_box_remove (GTK_BOX (self->train_list), child);
  if (self->train_paths->len == 0)
    {
      gboolean wanted = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->separate_dictionary))
                        == SM_DICTIONARY_TRAIN;
      /* With "Training files" chosen, an empty list stops Separate: say so where the user
       * looks, not only in a toast after the click. */
      GtkWidget *none = gtk_label_new (wanted ? _("None loaded: the dictionary “Training "
                                                  "files” needs at least one; add clean speech "
                                                  "of the target speaker")
                                              : _("None loaded"));

      gtk_label_set_xalign (GTK_LABEL (none), 0.0);
      gtk_label_set_wrap (GTK_LABEL (none), TRUE);
      gtk_widget_add_css_class (none, "caption");
      gtk_widget_add_css_class (none, wanted ? "warning" : "dim-label");
      gtk_box_append (GTK_BOX (self->train_list), none);
      _sm_window_debug_layout (self);
      return;
    }
  for (guint i = 0; i < self->train_paths->len; i++)
    {
      const char *path = g_ptr_array_index (self->train_paths, i);
      g_autofree char *base = g_path_get_basename (path);
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      GtkWidget *label = gtk_label_new (base);
      GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");

      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_set_tooltip_text (label, path);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove this training file"));
      g_object_set_data_full (G_OBJECT (remove), "path", g_strdup (path), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
      gtk_box_append (GTK_BOX (row), label);
      gtk_box_append (GTK_BOX (row), remove);
      gtk_box_append (GTK_BOX (self->train_list), row);
    }
  _sm_window_debug_layout (self);
}

/* Refuses a file that is not audio, or not at the mix's rate, as it is added. */
void
_sm_window_add_training (SmWindow   *self,
                         const char *path)
{
  const SmAudio *mix = sm_document_get_audio (self->document, SM_SOURCE_MIX);
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < self->train_paths->len; i++)
    if (g_str_equal (g_ptr_array_index (self->train_paths, i), path))
      return;
  if (!sm_training_check (path, mix != NULL ? mix->rate : 0, &error))
    {
      _sm_window_show_error (self, _("Could Not Add the Training File"), error);
      return;
    }
  g_ptr_array_add (self->train_paths, g_strdup (path));
  g_message ("Training file added: %s", path);
  /* Adding speech to learn from says which dictionary is wanted. */
  if (self->train_paths->len == 1)
    gtk_drop_down_set_selected (GTK_DROP_DOWN (self->separate_dictionary),
                                SM_DICTIONARY_TRAIN);
  rebuild_list (self);
}

void
sm_window_add_training (SmWindow   *self,
                        const char *path)
{
  g_return_if_fail (SM_IS_WINDOW (self));
  g_return_if_fail (path != NULL);
  _sm_window_add_training (self, path);
}

static void
chooser_response_cb (GtkNativeDialog *native,
                     int              response,
                     SmWindow        *self)
{
  g_autoptr (GListModel) files = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (native));
  for (guint i = 0; files != NULL && i < g_list_model_get_n_items (files); i++)
    {
      g_autoptr (GFile) file = g_list_model_get_item (files, i);
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        _sm_window_add_training (self, path);
    }
  g_object_unref (native);
}

static void
add_clicked_cb (SmWindow *self)
{
  GtkFileChooserNative *native =
    gtk_file_chooser_native_new (_("Add Training Speech of the Target Speaker"),
                                 GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"),
                                 _("_Cancel"));
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Audio"));
  gtk_file_filter_add_mime_type (filter, "audio/*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (native), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

void
_sm_window_build_training (SmWindow *self,
                           GtkBox   *panel)
{
  GtkWidget *title = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (_("Training files"));
  GtkWidget *add = gtk_button_new_from_icon_name ("list-add-symbolic");

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (add, "flat");
  gtk_widget_set_tooltip_text (add, _("Add clean recordings of the target speaker for the "
                                      "dictionary “Training files” (specmask --train FILE)"));
  g_signal_connect_object (add, "clicked", G_CALLBACK (add_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (title), label);
  gtk_box_append (GTK_BOX (title), add);
  gtk_box_append (panel, title);
  self->train_add = add;

  self->train_paths = g_ptr_array_new_with_free_func (g_free);
  self->train_list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (panel, self->train_list);
  /* The empty list's message depends on whether the dictionary needs training files. */
  g_signal_connect_object (self->separate_dictionary, "notify::selected",
                           G_CALLBACK (rebuild_list), self, G_CONNECT_SWAPPED);
  rebuild_list (self);
}
