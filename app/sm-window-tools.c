/* sm-window-tools.c: the side panel: tools, live threshold and ideal-mask previews, mask
 * operations, view and analysis settings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sm-window-private.h"

static const struct
{
  const char *nick;
  const char *label;
  const char *tooltip;
} tools[] = {
  { "pan", N_("Pan"), N_("Drag to move through the file (H)") },
  { "brush", N_("Brush"), N_("Paint bins to keep (B)") },
  { "eraser", N_("Eraser"), N_("Paint bins to remove (E)") },
  { "rectangle", N_("Rectangle"), N_("Drag a box to keep; hold Ctrl to remove (R)") },
  { "lasso", N_("Lasso"), N_("Draw a shape to keep; hold Ctrl to remove (L)") },
};

static const int fft_sizes[] = { 256, 512, 1024, 2048, 4096, 8192, 16384 };
static const double overlaps[] = { 0.5, 0.75, 0.875, 0.9375 };

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

static GtkWidget *
labelled_scale (GtkBox        *box,
                const char    *title,
                GtkAdjustment *adjustment,
                int            digits,
                const char    *tooltip)
{
  GtkWidget *scale = gtk_scale_new (GTK_ORIENTATION_HORIZONTAL, adjustment);
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "caption");
  gtk_scale_set_draw_value (GTK_SCALE (scale), TRUE);
  gtk_scale_set_value_pos (GTK_SCALE (scale), GTK_POS_RIGHT);
  gtk_scale_set_digits (GTK_SCALE (scale), digits);
  gtk_widget_set_tooltip_text (scale, tooltip);
  gtk_box_append (box, label);
  gtk_box_append (box, scale);
  return scale;
}

static GtkWidget *
action_button (const char *label,
               const char *action,
               const char *tooltip)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_tooltip_text (button, tooltip);
  return button;
}

/* --- live previews ------------------------------------------------------------------- */

static void
set_preview_buttons (SmWindow *self)
{
  gtk_widget_set_visible (self->preview_buttons, self->preview != SM_PREVIEW_NONE);
  _sm_window_actions_update (self);
}

void
_sm_window_preview_commit (SmWindow *self)
{
  SmMaskModel *model = sm_document_get_mask_model (self->document);

  if (self->preview == SM_PREVIEW_NONE)
    return;
  self->preview = SM_PREVIEW_NONE;
  if (model != NULL && sm_mask_model_in_step (model))
    sm_mask_model_commit (model);
  set_preview_buttons (self);
}

void
_sm_window_preview_cancel (SmWindow *self)
{
  SmMaskModel *model = sm_document_get_mask_model (self->document);

  if (self->preview == SM_PREVIEW_NONE)
    return;
  self->preview = SM_PREVIEW_NONE;
  if (model != NULL && sm_mask_model_in_step (model))
    sm_mask_model_abort (model);
  set_preview_buttons (self);
}

/* Recomputes the previewed mask in place inside an open undo step: the first change saves
 * the old mask, later ones just overwrite, and Apply or Cancel closes the step. */
void
_sm_window_run_preview (SmWindow  *self,
                        SmPreview  kind)
{
  SmMaskModel *model = sm_document_get_mask_model (self->document);
  SmMask *mask;
  SmRect all;
  SmStatus status;

  if (model == NULL || !sm_document_is_loaded (self->document))
    return;
  if (self->preview != kind)
    {
      _sm_window_preview_commit (self);
      if (!sm_mask_model_begin (model, kind == SM_PREVIEW_THRESHOLD ? _("Threshold")
                                                                    : _("Ideal binary mask")))
        return;
      sm_mask_model_touch (model, sm_mask_full_rect (sm_mask_model_get_mask (model)));
      self->preview = kind;
      set_preview_buttons (self);
    }

  mask = sm_mask_model_get_mask (model);
  if (kind == SM_PREVIEW_THRESHOLD)
    {
      gboolean relative = gtk_check_button_get_active (GTK_CHECK_BUTTON (self->threshold_relative));

      status = sm_mask_threshold (mask, sm_document_get_spectrogram (self->document,
                                                                     SM_SOURCE_MIX),
                                  sm_stft_full_scale (sm_document_get_stft (self->document)),
                                  gtk_adjustment_get_value (self->threshold_db),
                                  relative ? SM_THRESHOLD_RELATIVE : SM_THRESHOLD_ABSOLUTE,
                                  12, 24);
    }
  else
    status = sm_mask_ibm (mask, sm_document_get_spectrogram (self->document, SM_SOURCE_TARGET),
                          sm_document_get_spectrogram (self->document, SM_SOURCE_INTERFERER),
                          gtk_adjustment_get_value (self->lc_db), SM_IBM_DEFAULT_FLOOR_DB);
  if (status != SM_OK)
    {
      _sm_window_toast (self, "%s", sm_strerror (status));
      return;
    }
  all = sm_mask_full_rect (mask);
  sm_mask_model_changed (model, &all);
}

static void
threshold_changed_cb (SmWindow *self)
{
  _sm_window_run_preview (self, SM_PREVIEW_THRESHOLD);
}

static void
lc_changed_cb (SmWindow *self)
{
  /* The comparison is against the IBM at the panel's criterion. */
  if (self->compare_ibm)
    _sm_window_compare_sync (self);
  if (sm_document_has_source (self->document, SM_SOURCE_TARGET)
      && sm_document_has_source (self->document, SM_SOURCE_INTERFERER))
    _sm_window_run_preview (self, SM_PREVIEW_IBM);
}

/* --- analysis settings --------------------------------------------------------------- */

static void
apply_stft_cb (SmWindow *self)
{
  SmStftParams params = *sm_document_get_stft_params (self->document);
  guint fft = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->stft_fft));
  guint overlap = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->stft_overlap));
  guint window = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->stft_window));

  params.n_fft = fft_sizes[MIN (fft, G_N_ELEMENTS (fft_sizes) - 1)];
  params.hop = (int) lround (params.n_fft * (1.0 - overlaps[MIN (overlap,
                                                                  G_N_ELEMENTS (overlaps) - 1)]));
  params.window = (SmWindowType) MIN (window, SM_N_WINDOWS - 1);
  _sm_window_apply_stft (self, &params);
}

void
_sm_window_sync_tools (SmWindow *self)
{
  const SmStftParams *params = sm_document_get_stft_params (self->document);
  gboolean ideal = sm_document_has_source (self->document, SM_SOURCE_TARGET)
                   && sm_document_has_source (self->document, SM_SOURCE_INTERFERER);

  gtk_widget_set_sensitive (self->ibm_group, ideal);
  gtk_widget_set_tooltip_text (self->ibm_group,
                               ideal ? NULL : _("Open a target and an interferer to compute "
                                                "ideal masks"));
  if (params->n_fft == 0)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (fft_sizes); i++)
    if (fft_sizes[i] == params->n_fft)
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->stft_fft), i);
  for (guint i = 0; i < G_N_ELEMENTS (overlaps); i++)
    if (lround (params->n_fft * (1.0 - overlaps[i])) == params->hop)
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->stft_overlap), i);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->stft_window), params->window);
}

void
_sm_window_sync_brush (SmWindow *self)
{
  for (SmPane pane = 0; pane < SM_N_PANES; pane++)
    sm_spectrogram_view_set_brush_size (SM_SPECTROGRAM_VIEW (self->views[pane]),
                                        gtk_adjustment_get_value (self->brush_size));
}

static void
opacity_changed_cb (SmWindow *self)
{
  _sm_window_update_panes (self);
}

static void
colormap_changed_cb (GtkDropDown *drop,
                     GParamSpec  *pspec,
                     SmWindow    *self)
{
  sm_viewport_set_colormap (self->viewport, (SmColormap) gtk_drop_down_get_selected (drop));
}

static void
db_range_changed_cb (SmWindow *self)
{
  double floor_db = gtk_adjustment_get_value (self->floor_db);
  double ceiling_db = gtk_adjustment_get_value (self->ceiling_db);

  /* Keep at least 10 dB of range: the colour map needs room. */
  if (ceiling_db < floor_db + 10.0)
    {
      ceiling_db = floor_db + 10.0;
      gtk_adjustment_set_value (self->ceiling_db, ceiling_db);
    }
  sm_viewport_set_db_range (self->viewport, floor_db, ceiling_db);
}

static void
freq_scale_changed_cb (GtkDropDown *drop,
                       GParamSpec  *pspec,
                       SmWindow    *self)
{
  sm_viewport_set_freq_scale (self->viewport, (SmFreqScale) gtk_drop_down_get_selected (drop));
}

static GtkWidget *
string_drop_down (const char *const *items,
                  guint              selected,
                  const char        *tooltip)
{
  GtkWidget *drop = gtk_drop_down_new_from_strings (items);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (drop), selected);
  gtk_widget_set_tooltip_text (drop, tooltip);
  return drop;
}

static void
build_tool_section (SmWindow *self,
                    GtkBox   *panel)
{
  GtkWidget *grid = gtk_grid_new ();

  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 4);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    {
      GtkWidget *button = gtk_toggle_button_new_with_label (_(tools[i].label));

      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "mask.tool");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                              g_variant_new_string (tools[i].nick));
      gtk_widget_set_tooltip_text (button, _(tools[i].tooltip));
      gtk_widget_set_name (button, tools[i].nick);
      gtk_grid_attach (GTK_GRID (grid), button, (int) i % 2, (int) i / 2, 1, 1);
    }
  gtk_box_append (panel, heading (_("Tool")));
  gtk_box_append (panel, grid);

  self->brush_size = g_object_ref_sink (gtk_adjustment_new (24, 2, 200, 1, 8, 0));
  labelled_scale (panel, _("Brush size (pixels)"), self->brush_size, 0,
                  _("Diameter of the brush and eraser on screen ([ and ] change it)"));
  g_signal_connect_object (self->brush_size, "value-changed",
                           G_CALLBACK (_sm_window_sync_brush), self, G_CONNECT_SWAPPED);

  self->overlay_opacity = g_object_ref_sink (gtk_adjustment_new (0.6, 0, 1, 0.05, 0.1, 0));
  labelled_scale (panel, _("Removed-bin tint"), self->overlay_opacity, 2,
                  _("How strongly removed bins are tinted on the spectrograms"));
  g_signal_connect_object (self->overlay_opacity, "value-changed",
                           G_CALLBACK (opacity_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
build_mask_sections (SmWindow *self,
                     GtkBox   *panel)
{
  GtkWidget *ops = gtk_grid_new ();
  GtkWidget *ibm = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *apply = gtk_button_new_with_mnemonic (_("_Apply"));
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  static const struct
  {
    const char *label;
    const char *action;
    const char *tooltip;
  } operations[] = {
    { N_("Invert"), "mask.invert", N_("Keep what was removed and remove what was kept (I)") },
    { N_("Clear"), "mask.clear", N_("Remove every bin") },
    { N_("Fill"), "mask.fill", N_("Keep every bin") },
    { N_("Feather"), "mask.feather", N_("Soften the edges of kept regions") },
    { N_("Dilate"), "mask.dilate", N_("Grow kept regions by the size below") },
    { N_("Erode"), "mask.erode", N_("Shrink kept regions by the size below") },
    { N_("Open"), "mask.open", N_("Remove specks smaller than the size below") },
    { N_("Close"), "mask.close", N_("Fill gaps smaller than the size below") },
  };

  gtk_box_append (panel, heading (_("Threshold")));
  self->threshold_db = g_object_ref_sink (gtk_adjustment_new (-60, -120, 30, 1, 6, 0));
  self->threshold_scale =
    labelled_scale (panel, _("Keep bins louder than (dB)"), self->threshold_db, 0,
                  _("Absolute: dB below full scale. Relative: dB above the local average. "
                    "The mask follows the slider; Apply keeps it."));
  self->threshold_relative = gtk_check_button_new_with_label (_("Relative to the neighbourhood"));
  gtk_box_append (panel, action_button (_("_Threshold Mask"), "mask.threshold",
                                        _("Show the threshold mask at this level; move the "
                                          "slider to adjust it, then Apply")));
  gtk_widget_set_tooltip_text (self->threshold_relative,
                               _("Compare each bin with the average of the bins around it "
                                 "(about 0.3 s by 1 kHz), which follows a changing level"));
  gtk_box_append (panel, self->threshold_relative);
  g_signal_connect_object (self->threshold_db, "value-changed",
                           G_CALLBACK (threshold_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->threshold_relative, "toggled",
                           G_CALLBACK (threshold_changed_cb), self, G_CONNECT_SWAPPED);

  self->ibm_group = ibm;
  self->lc_db = g_object_ref_sink (gtk_adjustment_new (0, -20, 20, 0.5, 3, 0));
  gtk_box_append (panel, heading (_("Ideal masks")));
  self->lc_scale =
    labelled_scale (GTK_BOX (ibm), _("Binary mask: target above interferer by (dB)"),
                    self->lc_db, 1,
                  _("The ideal binary mask keeps bins where the target is louder than the "
                    "interferer by this local criterion; follows the slider live"));
  self->ibm_button = action_button (_("Ideal _Binary Mask"), "mask.ibm",
                                    _("Show the ideal binary mask at this criterion; move "
                                      "the slider to adjust it, then Apply"));
  gtk_box_append (GTK_BOX (ibm), self->ibm_button);
  gtk_box_append (GTK_BOX (ibm), action_button (_("Ideal _Ratio Mask"), "mask.irm",
                                                _("A soft mask: the target's share of each "
                                                  "bin's energy (square root)")));
  gtk_box_append (panel, ibm);
  g_signal_connect_object (self->lc_db, "value-changed", G_CALLBACK (lc_changed_cb), self,
                           G_CONNECT_SWAPPED);

  self->preview_buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_set_homogeneous (GTK_BOX (self->preview_buttons), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (apply), "mask.preview-apply");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "mask.preview-cancel");
  gtk_widget_add_css_class (apply, "suggested-action");
  gtk_box_append (GTK_BOX (self->preview_buttons), cancel);
  gtk_box_append (GTK_BOX (self->preview_buttons), apply);
  gtk_widget_set_visible (self->preview_buttons, FALSE);
  gtk_box_append (panel, self->preview_buttons);

  gtk_box_append (panel, heading (_("Edit")));
  gtk_grid_set_row_spacing (GTK_GRID (ops), 4);
  gtk_grid_set_column_spacing (GTK_GRID (ops), 4);
  gtk_grid_set_column_homogeneous (GTK_GRID (ops), TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (operations); i++)
    gtk_grid_attach (GTK_GRID (ops),
                     action_button (_(operations[i].label), operations[i].action,
                                    _(operations[i].tooltip)),
                     (int) i % 2, (int) i / 2, 1, 1);
  gtk_box_append (panel, ops);
  self->morph_size = g_object_ref_sink (gtk_adjustment_new (2, 1, 32, 1, 4, 0));
  labelled_scale (panel, _("Size (bins)"), self->morph_size, 0,
                  _("Half-size of the element for dilate, erode, open and close, and the "
                    "width of the feathered edge"));
}

static void
build_view_sections (SmWindow *self,
                     GtkBox   *panel)
{
  static const char *const colormaps[] = {
    "Viridis", "Magma", "Inferno", "Cividis", "Grey", "Inverted grey", NULL,
  };
  static const char *const freq_scales[] = { "Linear", "Logarithmic", "Mel", NULL };
  static const char *const fft_names[] = {
    "256", "512", "1024", "2048", "4096", "8192", "16384", NULL,
  };
  static const char *const overlap_names[] = { "50 %", "75 %", "87.5 %", "93.75 %", NULL };
  static const char *const window_names[] = {
    "Hann", "Hamming", "Blackman", "Blackman-Harris", "Square-root Hann", "Rectangular", NULL,
  };
  GtkWidget *colormap = string_drop_down (colormaps, 0, _("Colour map of the spectrograms"));
  GtkWidget *scale = string_drop_down (freq_scales, 0, _("Frequency axis"));
  GtkWidget *apply = gtk_button_new_with_mnemonic (_("_Recompute"));

  gtk_box_append (panel, heading (_("View")));
  gtk_box_append (panel, colormap);
  gtk_box_append (panel, scale);
  self->floor_db = g_object_ref_sink (gtk_adjustment_new (sm_viewport_get_floor_db (self->viewport),
                                                          -200, 0, 1, 10, 0));
  self->ceiling_db = g_object_ref_sink (gtk_adjustment_new (sm_viewport_get_ceiling_db (self->viewport),
                                                            -150, 50, 1, 10, 0));
  labelled_scale (panel, _("Darkest level (dB)"), self->floor_db, 0,
                  _("Levels at or below this are drawn with the colour map's first colour"));
  labelled_scale (panel, _("Brightest level (dB)"), self->ceiling_db, 0,
                  _("Levels at or above this are drawn with the colour map's last colour; "
                    "lower it to brighten quiet material (gain)"));
  g_signal_connect_object (self->floor_db, "value-changed", G_CALLBACK (db_range_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->ceiling_db, "value-changed", G_CALLBACK (db_range_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (colormap, "notify::selected", G_CALLBACK (colormap_changed_cb), self,
                           0);
  g_signal_connect_object (scale, "notify::selected", G_CALLBACK (freq_scale_changed_cb), self,
                           0);

  gtk_box_append (panel, heading (_("Analysis")));
  self->stft_fft = string_drop_down (fft_names, 3, _("FFT size in samples: longer windows "
                                                     "resolve frequency, shorter ones time"));
  self->stft_overlap = string_drop_down (overlap_names, 1, _("Overlap between frames"));
  self->stft_window = string_drop_down (window_names, 0, _("Analysis window"));
  gtk_box_append (panel, self->stft_fft);
  gtk_box_append (panel, self->stft_overlap);
  gtk_box_append (panel, self->stft_window);
  gtk_widget_set_tooltip_text (apply, _("Recompute the spectrograms with these settings; the "
                                        "mask is carried over to the new grid"));
  g_signal_connect_object (apply, "clicked", G_CALLBACK (apply_stft_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (panel, apply);
}

void
_sm_window_build_tools (SmWindow *self)
{
  build_tool_section (self, self->tool_panel);
  build_mask_sections (self, self->tool_panel);
  _sm_window_build_separate (self, self->tool_panel);
  build_view_sections (self, self->tool_panel);
}
