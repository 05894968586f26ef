/* sm-window-actions.c: the window's actions (win.*, mask.*, view.*) and key bindings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sm-mask-png.h"
#include "sm-window-private.h"

enum {
  PROP_0,
  PROP_TOOL,
  PROP_COMPARE_IBM,
  PROP_LOOP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* --- files --------------------------------------------------------------------------- */

typedef enum
{
  CHOOSE_MIX,
  CHOOSE_TARGET,
  CHOOSE_INTERFERER,
  CHOOSE_SAVE_PROJECT,
  CHOOSE_IMPORT_MASK,
  CHOOSE_EXPORT_MASK,
  CHOOSE_EXPORT_IMAGE,
} ChooserPurpose;

static void export_image (SmWindow *self, const char *path, SmPane pane);

static void
add_filters (GtkFileChooser *chooser,
             ChooserPurpose  purpose)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  switch (purpose)
    {
    case CHOOSE_MIX:
    case CHOOSE_TARGET:
    case CHOOSE_INTERFERER:
      gtk_file_filter_set_name (filter, _("Audio and projects"));
      gtk_file_filter_add_mime_type (filter, "audio/*");
      gtk_file_filter_add_pattern (filter, "*.specmask");
      break;
    case CHOOSE_SAVE_PROJECT:
      gtk_file_filter_set_name (filter, _("Specmask projects"));
      gtk_file_filter_add_pattern (filter, "*.specmask");
      break;
    default:
      gtk_file_filter_set_name (filter, _("PNG images"));
      gtk_file_filter_add_mime_type (filter, "image/png");
      break;
    }
  gtk_file_chooser_add_filter (chooser, filter);
  g_object_unref (filter);
}

static void
chooser_response_cb (GtkNativeDialog *native,
                     int              response,
                     SmWindow        *self)
{
  ChooserPurpose purpose = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (native), "purpose"));
  g_autofree char *pane_choice = NULL;
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  if (file != NULL)
    path = g_file_get_path (file);
  if (purpose == CHOOSE_EXPORT_IMAGE)
    pane_choice = g_strdup (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (native), "pane"));
  g_object_unref (native);
  if (path == NULL)
    return;

  switch (purpose)
    {
    case CHOOSE_MIX:
      if (g_str_has_suffix (path, ".specmask"))
        sm_window_open_project (self, path);
      else
        sm_window_open_files (self, path, NULL, NULL);
      break;
    case CHOOSE_TARGET:
      _sm_window_open_reference (self, SM_SOURCE_TARGET, path);
      break;
    case CHOOSE_INTERFERER:
      _sm_window_open_reference (self, SM_SOURCE_INTERFERER, path);
      break;
    case CHOOSE_SAVE_PROJECT:
      if (!g_str_has_suffix (path, ".specmask"))
        {
          char *with_suffix = g_strconcat (path, ".specmask", NULL);

          g_free (path);
          path = with_suffix;
        }
      if (!_sm_window_save_project (self, path, &error))
        _sm_window_show_error (self, _("Could Not Save the Project"), error);
      break;
    case CHOOSE_IMPORT_MASK:
      {
        g_autoptr (SmMask) mask = sm_mask_png_load (path, &error);
        SmMaskModel *model = sm_document_get_mask_model (self->document);
        SmMask *current = sm_mask_model_get_mask (model);

        if (mask != NULL && (mask->n_frames != current->n_frames
                             || mask->n_bins != current->n_bins))
          g_set_error (&error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("%s is %zu frames × %d bins, but the mix at the current analysis "
                         "settings has %zu frames × %d bins"), path, mask->n_frames,
                       mask->n_bins, current->n_frames, current->n_bins);
        if (error != NULL)
          _sm_window_show_error (self, _("Could Not Import the Mask"), error);
        else
          sm_mask_model_assign (model, mask, _("Import mask"));
      }
      break;
    case CHOOSE_EXPORT_MASK:
      if (!sm_mask_png_save (sm_mask_model_get_mask (sm_document_get_mask_model (self->document)),
                             path, &error))
        _sm_window_show_error (self, _("Could Not Export the Mask"), error);
      else
        _sm_window_toast (self, _("Mask exported"));
      break;
    case CHOOSE_EXPORT_IMAGE:
      {
        SmPane pane = pane_choice != NULL ? (SmPane) g_ascii_strtoull (pane_choice, NULL, 10)
                                          : SM_PANE_MIX;

        if (pane >= SM_N_PANES || !gtk_widget_get_visible (self->rows[pane]))
          pane = SM_PANE_MIX;
        export_image (self, path, pane);
      }
      break;
    }
}

static void
choose_file (SmWindow       *self,
             ChooserPurpose  purpose,
             const char     *title)
{
  gboolean save = purpose == CHOOSE_SAVE_PROJECT || purpose == CHOOSE_EXPORT_MASK
                  || purpose == CHOOSE_EXPORT_IMAGE;
  GtkFileChooserNative *native =
    gtk_file_chooser_native_new (title, GTK_WINDOW (self),
                                 save ? GTK_FILE_CHOOSER_ACTION_SAVE
                                      : GTK_FILE_CHOOSER_ACTION_OPEN,
                                 save ? _("_Save") : _("_Open"), _("_Cancel"));

  add_filters (GTK_FILE_CHOOSER (native), purpose);
  if (purpose == CHOOSE_EXPORT_IMAGE)
    {
      static const char *const ids[] = { "0", "1", "2", "3", "4", "5", NULL };
      static const char *const names[] = {
        N_("Mix"), N_("Target"), N_("Interferer"), N_("Mask"), N_("Estimate"), N_("Residual"),
        NULL,
      };
      const char *labels[G_N_ELEMENTS (names)];

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        labels[i] = names[i] != NULL ? _(names[i]) : NULL;
      gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (native), "pane", _("Pane"),
                                   (const char **) ids, labels);
      gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (native), "pane", "0");
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), "pane.png");
    }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_object_set_data (G_OBJECT (native), "purpose", GINT_TO_POINTER (purpose));
  g_signal_connect (native, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  choose_file (SM_WINDOW (widget), CHOOSE_MIX, _("Open a Recording or Project"));
}

static void
open_target_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  choose_file (SM_WINDOW (widget), CHOOSE_TARGET, _("Open the Clean Target"));
}

static void
open_interferer_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  choose_file (SM_WINDOW (widget), CHOOSE_INTERFERER, _("Open the Interferer"));
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SmWindow *self = SM_WINDOW (widget);

  _sm_window_preview_commit (self);
  choose_file (self, CHOOSE_SAVE_PROJECT, _("Save the Project"));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SmWindow *self = SM_WINDOW (widget);
  g_autoptr (GError) error = NULL;

  _sm_window_preview_commit (self);
  if (self->project_path == NULL)
    {
      choose_file (self, CHOOSE_SAVE_PROJECT, _("Save the Project"));
      return;
    }
  if (!_sm_window_save_project (self, self->project_path, &error))
    _sm_window_show_error (self, _("Could Not Save the Project"), error);
  else
    _sm_window_toast (self, _("Project saved"));
}

static void
import_mask_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  _sm_window_preview_commit (SM_WINDOW (widget));
  choose_file (SM_WINDOW (widget), CHOOSE_IMPORT_MASK, _("Import a Mask"));
}

static void
export_mask_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  _sm_window_preview_commit (SM_WINDOW (widget));
  choose_file (SM_WINDOW (widget), CHOOSE_EXPORT_MASK, _("Export the Mask"));
}

static void
export_image (SmWindow   *self,
              const char *path,
              SmPane      pane)
{
  GtkWidget *view = self->views[pane];
  int width = gtk_widget_get_width (view);
  int height = gtk_widget_get_height (view);
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (view);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (view));

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node != NULL)
    texture = gsk_renderer_render_texture (renderer, node,
                                           &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (texture == NULL || !gdk_texture_save_to_png (texture, path))
    {
      g_autoptr (GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                              _("%s: the image could not be written"), path);

      _sm_window_show_error (self, _("Could Not Export the Image"), error);
      return;
    }
  _sm_window_toast (self, _("Image exported"));
}

static void
export_image_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  choose_file (SM_WINDOW (widget), CHOOSE_EXPORT_IMAGE, _("Export a Pane as an Image"));
}

/* --- editing ------------------------------------------------------------------------- */

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SmWindow *self = SM_WINDOW (widget);
  SmMaskModel *model = sm_document_get_mask_model (self->document);

  /* An open preview is the newest change: undo drops it. */
  if (self->preview != SM_PREVIEW_NONE)
    {
      _sm_window_preview_cancel (self);
      return;
    }
  if (model != NULL)
    sm_mask_model_undo (model);
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SmWindow *self = SM_WINDOW (widget);
  SmMaskModel *model = sm_document_get_mask_model (self->document);

  _sm_window_preview_commit (self);
  if (model != NULL)
    sm_mask_model_redo (model);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SmWindow *self = SM_WINDOW (widget);

  if (self->preview != SM_PREVIEW_NONE)
    _sm_window_preview_cancel (self);
  else if (self->separation_cancellable != NULL)
    _sm_window_cancel_separation (self);
  else if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
separate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  _sm_window_separate (SM_WINDOW (widget));
}

/* Turns "Selection only" on and runs: the quick way to redo just the part being edited. */
static void
separate_selection_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  SmWindow *self = SM_WINDOW (widget);

  gtk_switch_set_active (GTK_SWITCH (self->separate_selection), TRUE);
  _sm_window_separate (self);
}

static void
cancel_separation_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  _sm_window_cancel_separation (SM_WINDOW (widget));
}

static void
play_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SmWindow *self = SM_WINDOW (widget);

  if (g_str_equal (action_name, "play.stop"))
    sm_player_stop (self->player);
  else
    _sm_window_play_toggle (self);
}

static void
region_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  _sm_window_play_region (SM_WINDOW (widget), g_str_equal (action_name, "play.region-mask"));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  if (g_str_equal (action_name, "win.export-report"))
    _sm_window_export_report (SM_WINDOW (widget));
  else
    _sm_window_export (SM_WINDOW (widget));
}

static void
preview_apply_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  _sm_window_preview_commit (SM_WINDOW (widget));
}

static void
preview_cancel_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  _sm_window_preview_cancel (SM_WINDOW (widget));
}

typedef struct
{
  const char *operation;
  int         size;
} Operation;

static SmStatus
operation_cb (SmMask   *mask,
              SmRect   *changed,
              gpointer  user_data)
{
  const Operation *op = user_data;
  const char *name = op->operation;

  if (g_str_equal (name, "invert"))
    return sm_mask_invert (mask, changed);
  if (g_str_equal (name, "clear"))
    return sm_mask_fill (mask, 0.0f, changed);
  if (g_str_equal (name, "fill"))
    return sm_mask_fill (mask, 1.0f, changed);
  if (g_str_equal (name, "feather"))
    return sm_mask_feather (mask, op->size, op->size, changed);
  if (g_str_equal (name, "dilate"))
    return sm_mask_morph (mask, SM_MORPH_DILATE, op->size, op->size, changed);
  if (g_str_equal (name, "erode"))
    return sm_mask_morph (mask, SM_MORPH_ERODE, op->size, op->size, changed);
  if (g_str_equal (name, "open"))
    return sm_mask_morph (mask, SM_MORPH_OPEN, op->size, op->size, changed);
  if (g_str_equal (name, "close"))
    return sm_mask_morph (mask, SM_MORPH_CLOSE, op->size, op->size, changed);
  return SM_ERROR_BAD_ARG;
}

void
_sm_window_mask_operation (SmWindow   *self,
                           const char *operation)
{
  static const struct
  {
    const char *name;
    const char *label;
  } labels[] = {
    { "invert", N_("Invert") }, { "clear", N_("Clear") }, { "fill", N_("Fill") },
    { "feather", N_("Feather") }, { "dilate", N_("Dilate") }, { "erode", N_("Erode") },
    { "open", N_("Open") }, { "close", N_("Close") },
  };
  SmMaskModel *model = sm_document_get_mask_model (self->document);
  Operation op = { operation, (int) gtk_adjustment_get_value (self->morph_size) };
  const char *label = operation;
  SmStatus status;

  if (model == NULL)
    return;
  _sm_window_preview_commit (self);
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].name, operation))
      label = _(labels[i].label);
  status = sm_mask_model_edit (model, label, sm_mask_full_rect (sm_mask_model_get_mask (model)),
                               operation_cb, &op);
  if (status != SM_OK)
    _sm_window_toast (self, "%s: %s", label, sm_strerror (status));
}

static void
mask_operation_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  /* "mask.invert" -> "invert" */
  _sm_window_mask_operation (SM_WINDOW (widget), strchr (action_name, '.') + 1);
}

static SmStatus
irm_cb (SmMask   *mask,
        SmRect   *changed,
        gpointer  user_data)
{
  SmDocument *document = user_data;
  SmStatus status = sm_mask_irm (mask,
                                 sm_document_get_spectrogram (document, SM_SOURCE_TARGET),
                                 sm_document_get_spectrogram (document, SM_SOURCE_INTERFERER),
                                 SM_IRM_DEFAULT_EXPONENT);

  *changed = sm_mask_full_rect (mask);
  return status;
}

static void
irm_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SmWindow *self = SM_WINDOW (widget);
  SmMaskModel *model = sm_document_get_mask_model (self->document);

  _sm_window_preview_commit (self);
  sm_mask_model_edit (model, _("Ideal ratio mask"),
                      sm_mask_full_rect (sm_mask_model_get_mask (model)), irm_cb,
                      self->document);
}

static void
preview_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  _sm_window_run_preview (SM_WINDOW (widget), g_str_equal (action_name, "mask.ibm")
                                              ? SM_PREVIEW_IBM : SM_PREVIEW_THRESHOLD);
}

static void
brush_size_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SmWindow *self = SM_WINDOW (widget);
  double value = gtk_adjustment_get_value (self->brush_size);

  /* Multiplicative steps feel even from small to large brushes. */
  gtk_adjustment_set_value (self->brush_size,
                            g_str_equal (action_name, "mask.brush-grow") ? value * 1.25
                                                                         : value / 1.25);
}

/* --- view ------------------------------------------------------------------------------ */

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SmWindow *self = SM_WINDOW (widget);
  double width = gtk_widget_get_width (self->views[SM_PANE_MIX]);

  if (g_str_equal (action_name, "view.fit"))
    _sm_window_fit (self);
  else
    sm_viewport_zoom_time (self->viewport,
                           g_str_equal (action_name, "view.zoom-in") ? 1.0 / 1.5 : 1.5,
                           width / 2.0);
}

/* --- the tool property ----------------------------------------------------------------- */

static void
window_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_TOOL:
      g_value_set_enum (value, SM_WINDOW (object)->tool);
      break;
    case PROP_COMPARE_IBM:
      g_value_set_boolean (value, SM_WINDOW (object)->compare_ibm);
      break;
    case PROP_LOOP:
      g_value_set_boolean (value, SM_WINDOW (object)->loop);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
window_set_property (GObject      *object,
                     guint         prop_id,
                     const GValue *value,
                     GParamSpec   *pspec)
{
  SmWindow *self = SM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_TOOL:
      if (self->tool == (SmTool) g_value_get_enum (value))
        return;
      _sm_window_preview_commit (self);
      _sm_window_set_tool (self, g_value_get_enum (value));
      g_object_notify_by_pspec (object, properties[PROP_TOOL]);
      break;
    case PROP_COMPARE_IBM:
      _sm_window_set_compare (self, g_value_get_boolean (value));
      break;
    case PROP_LOOP:
      _sm_window_set_loop (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

void
_sm_window_actions_update (SmWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  SmMaskModel *model = sm_document_get_mask_model (self->document);
  gboolean loaded = sm_document_is_loaded (self->document);
  gboolean ideal = sm_document_has_source (self->document, SM_SOURCE_TARGET)
                   && sm_document_has_source (self->document, SM_SOURCE_INTERFERER);
  static const char *const needs_document[] = {
    "win.save", "win.save-as", "win.open-target", "win.open-interferer", "mask.import",
    "mask.export", "mask.invert", "mask.clear", "mask.fill", "mask.feather", "mask.dilate",
    "mask.erode", "mask.open", "mask.close", "view.zoom-in", "view.zoom-out", "view.fit",
    "view.export-image",
  };

  for (guint i = 0; i < G_N_ELEMENTS (needs_document); i++)
    gtk_widget_action_set_enabled (widget, needs_document[i], loaded);
  gtk_widget_action_set_enabled (widget, "mask.irm", loaded && ideal);
  gtk_widget_action_set_enabled (widget, "view.compare-ibm",
                                 _sm_window_compare_available (self));
  gtk_widget_action_set_enabled (widget, "dsp.separate", loaded);
  gtk_widget_action_set_enabled (widget, "dsp.separate-selection", loaded);
  gtk_widget_action_set_enabled (widget, "play.toggle", loaded);
  gtk_widget_action_set_enabled (widget, "play.stop", loaded);
  gtk_widget_action_set_enabled (widget, "play.loop", loaded);
  gtk_widget_action_set_enabled (widget, "play.region-mask", loaded);
  gtk_widget_action_set_enabled (widget, "play.region-view", loaded);
  gtk_widget_action_set_enabled (widget, "dsp.cancel", self->separation_cancellable != NULL);
  gtk_widget_action_set_enabled (widget, "win.export", self->result != NULL);
  gtk_widget_action_set_enabled (widget, "win.export-report", self->result != NULL);
  gtk_widget_action_set_enabled (widget, "mask.ibm", loaded && ideal);
  gtk_widget_action_set_enabled (widget, "mask.threshold", loaded);
  gtk_widget_action_set_enabled (widget, "win.undo",
                                 loaded && (self->preview != SM_PREVIEW_NONE
                                            || (model != NULL && sm_mask_model_can_undo (model))));
  gtk_widget_action_set_enabled (widget, "win.redo",
                                 loaded && model != NULL && sm_mask_model_can_redo (model));
}

void
_sm_window_class_add_actions (GtkWidgetClass *widget_class)
{
  GObjectClass *object_class = G_OBJECT_CLASS (widget_class);
  static const char *const operations[] = {
    "mask.invert", "mask.clear", "mask.fill", "mask.feather", "mask.dilate", "mask.erode",
    "mask.open", "mask.close",
  };
  static const struct
  {
    guint       key;
    const char *tool;
  } tool_keys[] = {
    { GDK_KEY_h, "pan" }, { GDK_KEY_b, "brush" }, { GDK_KEY_e, "eraser" },
    { GDK_KEY_r, "rectangle" }, { GDK_KEY_l, "lasso" },
  };

  object_class->get_property = window_get_property;
  object_class->set_property = window_set_property;
  properties[PROP_TOOL] =
    g_param_spec_enum ("tool", NULL, NULL, SM_TYPE_TOOL, SM_TOOL_BRUSH,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Shown through the view menu as a check item (view.compare-ibm). */
  properties[PROP_COMPARE_IBM] =
    g_param_spec_boolean ("compare-ibm", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOOP] =
    g_param_spec_boolean ("loop", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-target", NULL, open_target_action);
  gtk_widget_class_install_action (widget_class, "win.open-interferer", NULL,
                                   open_interferer_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, cancel_action);
  gtk_widget_class_install_property_action (widget_class, "mask.tool", "tool");
  gtk_widget_class_install_property_action (widget_class, "view.compare-ibm", "compare-ibm");
  gtk_widget_class_install_property_action (widget_class, "play.loop", "loop");
  gtk_widget_class_install_action (widget_class, "play.region-mask", NULL, region_action);
  gtk_widget_class_install_action (widget_class, "play.region-view", NULL, region_action);
  for (guint i = 0; i < G_N_ELEMENTS (operations); i++)
    gtk_widget_class_install_action (widget_class, operations[i], NULL, mask_operation_action);
  gtk_widget_class_install_action (widget_class, "mask.irm", NULL, irm_action);
  gtk_widget_class_install_action (widget_class, "mask.ibm", NULL, preview_action);
  gtk_widget_class_install_action (widget_class, "mask.threshold", NULL, preview_action);
  gtk_widget_class_install_action (widget_class, "mask.import", NULL, import_mask_action);
  gtk_widget_class_install_action (widget_class, "mask.export", NULL, export_mask_action);
  gtk_widget_class_install_action (widget_class, "mask.preview-apply", NULL,
                                   preview_apply_action);
  gtk_widget_class_install_action (widget_class, "mask.preview-cancel", NULL,
                                   preview_cancel_action);
  gtk_widget_class_install_action (widget_class, "mask.brush-grow", NULL, brush_size_action);
  gtk_widget_class_install_action (widget_class, "mask.brush-shrink", NULL, brush_size_action);
  gtk_widget_class_install_action (widget_class, "dsp.separate", NULL, separate_action);
  gtk_widget_class_install_action (widget_class, "dsp.separate-selection", NULL,
                                   separate_selection_action);
  gtk_widget_class_install_action (widget_class, "dsp.cancel", NULL, cancel_separation_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "play.toggle", NULL, play_action);
  gtk_widget_class_install_action (widget_class, "play.stop", NULL, play_action);
  gtk_widget_class_install_action (widget_class, "win.export-report", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "view.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "view.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "view.fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "view.export-image", NULL,
                                   export_image_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK, "win.redo",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "mask.preview-apply",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "mask.preview-apply",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "dsp.separate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "dsp.separate-selection", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, 0, "mask.invert", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, 0, "view.compare-ibm", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "play.loop",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, 0, "play.region-mask", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, 0, "play.region-view", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketright, 0,
                                       "mask.brush-grow", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketleft, 0,
                                       "mask.brush-shrink", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "view.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "view.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "view.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "view.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "view.zoom-out",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "view.fit",
                                       NULL);
  for (guint i = 0; i < G_N_ELEMENTS (tool_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, tool_keys[i].key, 0, "mask.tool", "s",
                                         tool_keys[i].tool);
}
