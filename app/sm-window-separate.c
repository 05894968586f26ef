/* sm-window-separate.c: the Separate panel: settings, the background run with progress and
 * cancel, result panes, the quality table and run history, and exporting.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sm-mask-png.h"
#include "sm-span-separation.h"
#include "sm-window-private.h"

static const char *const quality_rows[SM_N_QUALITY] = {
  N_("Mix"), N_("Masked"), N_("Inpainted (mix phase)"), N_("Estimate"),
};
static const char *const quality_columns[] = {
  N_("SI-SDR"), N_("SDR"), N_("SIR"), N_("SAR"), N_("STOI"), N_("ESTOI"),
};

static GtkAdjustment *
setting (GtkBox     *box,
         const char *title,
         double      value,
         double      lower,
         double      upper,
         double      step,
         int         digits,
         const char *tooltip)
{
  GtkAdjustment *adjustment = g_object_ref_sink (gtk_adjustment_new (value, lower, upper, step,
                                                                     step * 10, 0));
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *spin = gtk_spin_button_new (adjustment, step, (guint) digits);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_set_tooltip_text (row, tooltip);
  gtk_box_append (GTK_BOX (row), label);
  gtk_box_append (GTK_BOX (row), spin);
  gtk_box_append (box, row);
  return adjustment;
}

static GtkWidget *
choice (GtkBox             *box,
        const char *const  *items,
        guint               selected,
        const char         *tooltip)
{
  GtkWidget *drop = gtk_drop_down_new_from_strings (items);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (drop), selected);
  gtk_widget_set_tooltip_text (drop, tooltip);
  gtk_box_append (box, drop);
  return drop;
}

static GtkWidget *
switch_row (GtkBox     *box,
            const char *title,
            const char *tooltip)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *toggle = gtk_switch_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (row, tooltip);
  gtk_box_append (GTK_BOX (row), label);
  gtk_box_append (GTK_BOX (row), toggle);
  gtk_box_append (box, row);
  return toggle;
}

/* The live plot: every NMF and phase iteration's figure, log scale, newest at the right;
 * a fit that has settled shows as a flat tail. */
static void
draw_live_plot (GtkDrawingArea *area,
                cairo_t        *cr,
                int             width,
                int             height,
                gpointer        data)
{
  SmWindow *self = data;
  g_autoptr (GArray) values = sm_progress_dup_values (self->separation_progress);
  GdkRGBA color;
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;

  if (values->len < 2)
    return;
  for (guint i = 0; i < values->len; i++)
    {
      double v = g_array_index (values, double, i);

      if (v > 0.0 && isfinite (v))
        {
          lo = MIN (lo, log10 (v));
          hi = MAX (hi, log10 (v));
        }
    }
  if (!(hi > lo))
    hi = lo + 1.0;
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &color);
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_set_line_width (cr, 1.0);
  for (guint i = 0; i < values->len; i++)
    {
      double v = g_array_index (values, double, i);
      double x = (double) i / (values->len - 1) * (width - 1);
      double y = v > 0.0 && isfinite (v) ? (hi - log10 (v)) / (hi - lo) * (height - 2) + 1
                                         : height - 1;

      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  cairo_stroke (cr);
}

static void
progress_cb (SmWindow *self)
{
  g_autofree char *stage = sm_progress_dup_stage (self->separation_progress);

  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->separate_bar),
                                 sm_progress_get_fraction (self->separation_progress));
  if (self->separation_cancellable != NULL && stage != NULL)
    gtk_label_set_label (GTK_LABEL (self->separate_status), stage);
  gtk_widget_queue_draw (self->live_plot);
}

void
_sm_window_build_separate (SmWindow *self,
                           GtkBox   *panel)
{
  static const char *const modes[] = {
    N_("Plain masking"), N_("Fill holes of a precise mask"), N_("Refine a rough mask"), NULL,
  };
  static const char *const dictionaries[] = {
    N_("Learn from the mix"), N_("Training files"), N_("The target (oracle)"), NULL,
  };
  static const char *const phases[] = {
    N_("Mix phase"), N_("Griffin-Lim"), N_("Fast Griffin-Lim"), N_("PGHI + fast Griffin-Lim"),
    NULL,
  };
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Separate"));
  GtkWidget *label;

  label = gtk_label_new (_("Separate"));
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (panel, label);

  self->separate_mode = choice (panel, modes, SM_INPAINT_REFINE,
                                _("Plain masking keeps what the mask keeps. Fill rebuilds the "
                                  "bins a precise mask removes (repairs). Refine lets a model "
                                  "of the target and the interferer correct a rough mask."));
  self->separate_confidence =
    setting (panel, _("Model trust (e)"), 0.3, 0, 1, 0.05, 2,
             _("Refine: how far the model may overrule the mask; 0 keeps the mask exactly"));
  self->separate_components =
    setting (panel, _("NMF components"), 32, 1, 256, 1, 0,
             _("Spectral templates per source: more capture more detail and cost more time"));
  self->separate_iterations =
    setting (panel, _("NMF iterations"), 100, 1, 2000, 10, 0,
             _("Iterations of each NMF fit; the fits stop earlier once they settle"));
  self->separate_beta =
    setting (panel, _("Beta-divergence"), 1, 0, 2, 0.5, 1,
             _("0: Itakura-Saito on power, 1: Kullback-Leibler on magnitude (default), "
               "2: Euclidean"));
  self->separate_dictionary =
    choice (panel, dictionaries, SM_DICTIONARY_SELF,
            _("Where the target's spectral templates come from: the mix's kept bins, clean "
              "training speech of the speaker (specmask --train), or the target itself, an "
              "upper bound for comparison"));
  self->separate_phase =
    choice (panel, phases, SM_OUTPUT_PHASE_MIX,
            _("Phase of rebuilt bins. Fill uses PGHI + fast Griffin-Lim when this is the mix "
              "phase."));
  self->separate_phase_iterations =
    setting (panel, _("Phase iterations"), 100, 1, 2000, 10, 0,
             _("Griffin-Lim iterations; they stop earlier on a plateau"));
  self->separate_seed =
    setting (panel, _("Seed"), 1, 0, 1e9, 1, 0,
             _("Seed of the random initialisations: the same seed gives the same result"));

  _sm_window_build_training (self, panel);
  self->separate_selection = switch_row (panel, _("Selection only"),
                                         _("Run the model only on the time span where the mask "
                                           "removes bins (inside the time selection, if there "
                                           "is one), with a second of context each side; "
                                           "elsewhere the result is the masked signal. The "
                                           "cost follows the edit, not the file length."));

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "dsp.separate");
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_set_tooltip_text (button, _("Run the separation in the background (Ctrl+Enter)"));
  gtk_box_append (panel, button);
  self->separate_button = button;

  self->separate_bar = gtk_progress_bar_new ();
  self->separate_status = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->separate_status), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->separate_status), 0.0);
  gtk_widget_add_css_class (self->separate_status, "caption");
  self->separate_cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->separate_cancel), "dsp.cancel");
  gtk_widget_set_visible (self->separate_bar, FALSE);
  gtk_widget_set_visible (self->separate_cancel, FALSE);
  self->live_plot = gtk_drawing_area_new ();
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self->live_plot), 36);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->live_plot), draw_live_plot, self,
                                  NULL);
  gtk_widget_set_tooltip_text (self->live_plot,
                               _("Divergence of each NMF iteration, then spectral convergence "
                                 "of each phase iteration (log scale)"));
  gtk_box_append (panel, self->separate_bar);
  gtk_box_append (panel, self->live_plot);
  gtk_box_append (panel, self->separate_status);
  gtk_box_append (panel, self->separate_cancel);

  self->quality_grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->quality_grid), 6);
  gtk_widget_set_visible (self->quality_grid, FALSE);
  gtk_box_append (panel, self->quality_grid);
  self->history_list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_box_append (panel, self->history_list);

  self->separation_progress = sm_progress_new ();
  g_signal_connect_object (self->separation_progress, "notify::fraction",
                           G_CALLBACK (progress_cb), self, G_CONNECT_SWAPPED);
}

static SmInpaintParams
current_params (SmWindow *self)
{
  SmInpaintParams params;
  guint phase = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->separate_phase));
  SmInpaintMode mode = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->separate_mode));

  sm_inpaint_params_default (&params, mode);
  params.confidence_e = gtk_adjustment_get_value (self->separate_confidence);
  params.n_components = (int) gtk_adjustment_get_value (self->separate_components);
  params.nmf_iterations = (int) gtk_adjustment_get_value (self->separate_iterations);
  params.beta = gtk_adjustment_get_value (self->separate_beta);
  params.dictionary = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->separate_dictionary));
  /* "Mix phase" for fill means its default reconstruction: fill's rebuilt bins have no
   * phase of their own worth keeping. */
  if (!(mode == SM_INPAINT_FILL && phase == SM_OUTPUT_PHASE_MIX))
    params.phase = phase;
  params.phase_iterations = (int) gtk_adjustment_get_value (self->separate_phase_iterations);
  params.seed = (guint64) gtk_adjustment_get_value (self->separate_seed);
  return params;
}

/* What the run covers: with "selection only", the frames that remove bins, inside the time
 * selection when there is one. */
static SmSeparationScope
current_scope (SmWindow *self)
{
  SmSeparationScope scope = { 0 };

  scope.selection_only = gtk_switch_get_active (GTK_SWITCH (self->separate_selection));
  scope.context_seconds = SM_SPAN_CONTEXT_SECONDS;
  scope.limit_first = 0;
  scope.limit_last = G_MAXSIZE;
  if (scope.selection_only && self->has_time_selection)
    {
      const SmAudio *mix = sm_document_get_audio (self->document, SM_SOURCE_MIX);

      /* The same conversion as specmask-cli --span START:END, so the exported command
       * limits the same frames. */
      scope.has_limit = TRUE;
      scope.limit_seconds[0] = self->time_selection[0];
      scope.limit_seconds[1] = self->time_selection[1];
      sm_span_separation_limits (scope.limit_seconds[0], scope.limit_seconds[1], mix->rate,
                                 sm_document_get_stft_params (self->document)->hop,
                                 &scope.limit_first, &scope.limit_last);
    }
  return scope;
}

static char *
format_figure (double value,
               gboolean intelligibility)
{
  if (!isfinite (value))
    return g_strdup ("—");
  return intelligibility ? g_strdup_printf ("%.3f", value) : g_strdup_printf ("%.1f", value);
}

static void
show_quality (SmWindow *self)
{
  GtkGrid *grid = GTK_GRID (self->quality_grid);
  GtkWidget *child;
  const SmSeparationResult *r = self->result;

  while ((child = gtk_widget_get_first_child (self->quality_grid)) != NULL)
    gtk_grid_remove (grid, child);
  gtk_widget_set_visible (self->quality_grid, r != NULL && r->has_quality);
  if (r == NULL || !r->has_quality)
    return;

  for (guint c = 0; c < G_N_ELEMENTS (quality_columns); c++)
    {
      GtkWidget *label = gtk_label_new (_(quality_columns[c]));

      gtk_widget_add_css_class (label, "caption-heading");
      gtk_grid_attach (grid, label, (int) c + 1, 0, 1, 1);
    }
  for (int row = 0; row < SM_N_QUALITY; row++)
    {
      const SmQuality *q = &r->quality[row];
      const double values[] = { q->si_sdr, q->sdr, q->sir, q->sar, q->stoi, q->estoi };
      GtkWidget *name = gtk_label_new (_(quality_rows[row]));

      gtk_label_set_xalign (GTK_LABEL (name), 0.0);
      gtk_widget_add_css_class (name, "caption");
      gtk_grid_attach (grid, name, 0, row + 1, 1, 1);
      for (guint c = 0; c < G_N_ELEMENTS (values); c++)
        {
          g_autofree char *text = format_figure (values[c], c >= 4);
          GtkWidget *label = gtk_label_new (text);

          gtk_widget_add_css_class (label, "caption");
          gtk_widget_add_css_class (label, "numeric");
          gtk_label_set_xalign (GTK_LABEL (label), 1.0);
          gtk_grid_attach (grid, label, (int) c + 1, row + 1, 1, 1);
        }
    }
  if (r->has_mask_scores)
    {
      g_autofree char *text = g_strdup_printf (_("Mask against the ideal binary mask: precision "
                                                 "%.2f, recall %.2f, F1 %.2f"),
                                               r->mask_scores.precision, r->mask_scores.recall,
                                               r->mask_scores.f1);
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_widget_add_css_class (label, "caption");
      gtk_grid_attach (grid, label, 0, SM_N_QUALITY + 1, 7, 1);
    }
}

static void
add_history (SmWindow *self)
{
  const SmSeparationResult *r = self->result;
  g_autofree char *text = NULL;
  GtkWidget *label;

  if (r->has_quality)
    text = g_strdup_printf (_("%s, e %.2f, K %d: SDR %.1f dB, STOI %.3f (%.1f s)"),
                            sm_inpaint_mode_name (r->params.mode), r->params.confidence_e,
                            r->params.n_components, r->quality[SM_QUALITY_ESTIMATE].sdr,
                            r->quality[SM_QUALITY_ESTIMATE].stoi, r->seconds);
  else
    text = g_strdup_printf (_("%s, e %.2f, K %d (%.1f s)"), sm_inpaint_mode_name (r->params.mode),
                            r->params.confidence_e, r->params.n_components, r->seconds);
  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_set_tooltip_text (label, _("An earlier run: compare its figures with the newest"));
  gtk_box_prepend (GTK_BOX (self->history_list), label);
}

/* Says whether the shown result still matches the mask. */
void
_sm_window_separate_sync (SmWindow *self)
{
  SmMaskModel *model = sm_document_get_mask_model (self->document);
  gboolean running = self->separation_cancellable != NULL;

  gtk_widget_set_visible (self->separate_bar, running);
  gtk_widget_set_visible (self->separate_cancel, running);
  if (!running && self->result != NULL && model != NULL)
    gtk_label_set_label (GTK_LABEL (self->separate_status),
                         sm_mask_model_get_generation (model) != self->result->mask_generation
                         ? _("The mask changed since this result: separate again to update it")
                         : _("The result is up to date"));
}

static void
separated_cb (GObject      *source,
              GAsyncResult *async,
              gpointer      user_data)
{
  g_autoptr (SmWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  SmSeparationResult *result = sm_separation_run_finish (async, &error);
  GCancellable *finished = g_task_get_cancellable (G_TASK (async));

  /* A newer run replaced this one: its result is stale and dropped. */
  if (finished != self->separation_cancellable)
    {
      g_message ("Separation superseded by a newer run");
      g_clear_pointer (&result, sm_separation_result_unref);
      return;
    }
  g_clear_object (&self->separation_cancellable);
  sm_progress_set_active (self->separation_progress, FALSE);

  if (result == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_message ("Separation cancelled %.0f ms after the request",
                     (g_get_monotonic_time () - self->separation_cancel_requested) / 1000.0);
          gtk_label_set_label (GTK_LABEL (self->separate_status),
                               _("Cancelled; the previous result is kept"));
        }
      else
        _sm_window_show_error (self, _("Separation Failed"), error);
      _sm_window_separate_sync (self);
      _sm_window_actions_update (self);
      return;
    }

  g_clear_pointer (&self->result, sm_separation_result_unref);
  self->result = result;
  g_message ("Separation done in %.2f s", result->seconds);
  if (result->params.mode != SM_INPAINT_NONE && result->selection_only)
    {
      double rate = sm_document_get_audio (self->document, SM_SOURCE_MIX)->rate;

      if (result->has_span)
        _sm_window_toast (self, _("Processed %.1f–%.1f s only; the rest is the masked signal"),
                          result->span.start / rate, result->span.end / rate);
      else
        _sm_window_toast (self, _("The mask removes nothing there: the result is the masked "
                                  "signal"));
    }
  show_quality (self);
  add_history (self);
  _sm_window_update_panes (self);
  _sm_window_play_sync (self);
  _sm_window_separate_sync (self);
  _sm_window_actions_update (self);
  _sm_window_debug_layout (self);
}

void
_sm_window_separate (SmWindow *self)
{
  SmMaskModel *model = sm_document_get_mask_model (self->document);
  g_autoptr (GPtrArray) train = g_ptr_array_new ();
  SmSeparationScope scope;
  SmInpaintParams params;

  if (!sm_document_is_loaded (self->document) || model == NULL)
    return;
  _sm_window_preview_commit (self);
  params = current_params (self);
  if (params.dictionary == SM_DICTIONARY_TARGET
      && !sm_document_has_source (self->document, SM_SOURCE_TARGET))
    {
      _sm_window_toast (self, _("Open a target to use it as the dictionary"));
      return;
    }
  if (params.dictionary == SM_DICTIONARY_TRAIN && self->train_paths->len == 0)
    {
      _sm_window_toast (self, _("Add training files (clean speech of the target speaker) "
                                "under Training files, or choose another dictionary"));
      return;
    }
  scope = current_scope (self);

  for (guint i = 0; i < self->train_paths->len; i++)
    g_ptr_array_add (train, g_ptr_array_index (self->train_paths, i));
  g_ptr_array_add (train, NULL);
  scope.train_paths = (const char *const *) train->pdata;

  /* A new run supersedes the one in flight. */
  if (self->separation_cancellable != NULL)
    g_cancellable_cancel (self->separation_cancellable);
  g_clear_object (&self->separation_cancellable);
  self->separation_cancellable = g_cancellable_new ();
  self->separation_started = g_get_monotonic_time ();
  sm_progress_set_active (self->separation_progress, TRUE);
  gtk_label_set_label (GTK_LABEL (self->separate_status), _("Starting"));

  sm_separation_run_async (sm_document_get_shared_audio (self->document, SM_SOURCE_MIX),
                           sm_document_get_shared_audio (self->document, SM_SOURCE_TARGET),
                           sm_document_get_shared_audio (self->document, SM_SOURCE_INTERFERER),
                           sm_mask_model_get_mask (model), sm_mask_model_get_generation (model),
                           sm_document_get_stft_params (self->document), &params, &scope,
                           self->separation_progress, self->separation_cancellable,
                           separated_cb, g_object_ref (self));
  _sm_window_separate_sync (self);
  _sm_window_actions_update (self);
}

void
_sm_window_cancel_separation (SmWindow *self)
{
  if (self->separation_cancellable == NULL)
    return;
  self->separation_cancel_requested = g_get_monotonic_time ();
  g_cancellable_cancel (self->separation_cancellable);
  gtk_label_set_label (GTK_LABEL (self->separate_status), _("Cancelling"));
}

SmLevels *
_sm_window_result_levels (SmWindow *self,
                          SmPane    pane)
{
  if (self->result == NULL)
    return NULL;
  return pane == SM_PANE_ESTIMATE ? self->result->estimate_levels
                                  : self->result->residual_levels;
}
