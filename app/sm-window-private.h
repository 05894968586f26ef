/* sm-window-private.h: what the sm-window-*.c siblings share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sm-core-glib.h"
#include "sm-player.h"
#include "sm-separation.h"
#include "sm-spectrogram-view.h"
#include "sm-viewport.h"
#include "sm-window.h"

G_BEGIN_DECLS

typedef enum
{
  SM_PANE_MIX,
  SM_PANE_TARGET,
  SM_PANE_INTERFERER,
  SM_PANE_MASK,
  SM_PANE_ESTIMATE,
  SM_PANE_RESIDUAL,
  SM_N_PANES
} SmPane;

/* A slider-driven mask (threshold, IBM) shown live while the slider moves, committed as
 * one undo step by Apply and reverted by Cancel. */
typedef enum
{
  SM_PREVIEW_NONE,
  SM_PREVIEW_THRESHOLD,
  SM_PREVIEW_IBM,
} SmPreview;

struct _SmWindow
{
  AdwApplicationWindow parent_instance;

  /* template widgets */
  AdwToastOverlay     *toast_overlay;
  AdwStatusPage       *empty_page;
  GtkStack            *stack;
  GtkLabel            *loading_label;
  GtkProgressBar      *loading_bar;
  GtkBox              *tool_panel;
  GtkBox              *panes_box;
  GtkInscription      *readout_label;
  double               readout_frame;   /* where the pointer is, in frames and bins; */
  double               readout_bin;     /* frame < 0 when it is not over a pane */

  /* owned */
  SmDocument          *document;
  SmViewport          *viewport;
  GCancellable        *cancellable;
  char                *project_path;
  GtkAdjustment       *brush_size;
  GtkAdjustment       *overlay_opacity;
  GtkAdjustment       *threshold_db;
  GtkAdjustment       *lc_db;
  GtkAdjustment       *morph_size;
  GtkAdjustment       *floor_db;
  GtkAdjustment       *ceiling_db;

  /* borrowed: built in sm-window-panes.c and sm-window-tools.c */
  GtkWidget           *views[SM_N_PANES];
  GtkWidget           *rows[SM_N_PANES];
  GtkWidget           *threshold_relative;
  GtkWidget           *threshold_scale;
  GtkWidget           *lc_scale;
  GtkWidget           *ibm_button;
  GtkWidget           *ibm_group;
  GtkWidget           *preview_buttons;
  GtkWidget           *stft_fft;
  GtkWidget           *stft_overlap;
  GtkWidget           *stft_window;

  /* separation (sm-window-separate.c) */
  SmProgress          *separation_progress;
  GCancellable        *separation_cancellable;
  SmSeparationResult  *result;
  GtkWidget           *separate_mode;
  GtkAdjustment       *separate_confidence;
  GtkAdjustment       *separate_components;
  GtkAdjustment       *separate_iterations;
  GtkAdjustment       *separate_beta;
  GtkWidget           *separate_dictionary;
  GtkWidget           *separate_phase;
  GtkAdjustment       *separate_phase_iterations;
  GtkAdjustment       *separate_seed;
  GtkWidget           *separate_status;
  GtkWidget           *separate_bar;
  GtkWidget           *live_plot;
  GtkWidget           *separate_cancel;
  GtkWidget           *separate_selection;   /* switch: selection only */
  GtkWidget           *separate_button;
  GtkWidget           *train_list;           /* a row per file, or a "none" label */
  GtkWidget           *train_add;
  GPtrArray           *train_paths;          /* char *, the training files */
  GtkWidget           *quality_grid;
  GtkWidget           *history_list;
  gint64               separation_started;
  gint64               separation_cancel_requested;

  /* playback (sm-window-play.c) */
  SmPlayer            *player;
  GtkWidget           *play_button;
  GtkWidget           *play_source;
  GtkWidget           *play_position;
  GtkWidget           *playhead;
  GtkWidget           *loop_button;
  GtkWidget           *time_ruler;
  gboolean             loop;
  gboolean             has_time_selection;   /* seconds, start < end */
  double               time_selection[2];
  double               selection_drag_x;     /* where a drag on the ruler began */
  GCancellable        *region_cancellable;   /* rendering the region to hear */

  /* comparison with the ideal binary mask (sm-window-compare.c) */
  gboolean             compare_ibm;
  SmMask              *ibm;
  GCancellable        *ibm_cancellable;
  GtkWidget           *compare_layer;

  /* state */
  SmTool               tool;
  SmPreview            preview;
  gboolean             closing_confirmed;
  guint                autosave_id;
  guint64              autosaved_generation;
  gboolean             autosaving;        /* an autosave is being written in the background */
  guint                autosave_epoch;    /* counts discards, which outdate one being written */
  char                *recovering_key;   /* set while an autosave is being reopened */
  int                  fitted_width;     /* width of the last fit, while the user keeps it */
  double               fitted_fpp;
};

/* sm-window-actions.c */
void        _sm_window_class_add_actions (GtkWidgetClass *widget_class);
void        _sm_window_actions_update    (SmWindow       *self);

/* sm-window-panes.c */
void        _sm_window_build_panes       (SmWindow       *self);
void        _sm_window_update_panes      (SmWindow       *self);
/* The readout follows @model's edits under the pointer (the pane's hover comes before the
 * stroke that changes the bin under it). */
void        _sm_window_readout_watch     (SmWindow       *self,
                                          SmMaskModel    *model);
void        _sm_window_fit               (SmWindow       *self);
void        _sm_window_set_tool          (SmWindow       *self,
                                          SmTool          tool);
SmSpectrogramView *_sm_window_mix_view   (SmWindow       *self);

/* sm-window-tools.c */
void        _sm_window_build_tools       (SmWindow       *self);
void        _sm_window_sync_tools        (SmWindow       *self);
void        _sm_window_sync_brush        (SmWindow       *self);
void        _sm_window_run_preview       (SmWindow       *self,
                                          SmPreview       kind);
void        _sm_window_preview_commit    (SmWindow       *self);
void        _sm_window_preview_cancel    (SmWindow       *self);
void        _sm_window_mask_operation    (SmWindow       *self,
                                          const char     *operation);

/* sm-window-separate.c */
void        _sm_window_build_separate    (SmWindow       *self,
                                          GtkBox         *panel);
void        _sm_window_separate          (SmWindow       *self);
void        _sm_window_cancel_separation (SmWindow       *self);
void        _sm_window_separate_sync     (SmWindow       *self);
void        _sm_window_export            (SmWindow       *self);
void        _sm_window_export_report     (SmWindow       *self);
SmLevels   *_sm_window_result_levels     (SmWindow       *self,
                                          SmPane          pane);

/* sm-window-training.c */
void        _sm_window_build_training    (SmWindow       *self,
                                          GtkBox         *panel);
void        _sm_window_add_training      (SmWindow       *self,
                                          const char     *path);

/* sm-window-play.c */
GtkWidget  *_sm_window_build_transport   (SmWindow       *self);
GtkWidget  *_sm_window_build_playhead    (SmWindow       *self);
void        _sm_window_play_sync         (SmWindow       *self);
void        _sm_window_play_toggle       (SmWindow       *self);
void        _sm_window_play_source       (SmWindow       *self,
                                          SmPlaySource    source);

/* sm-window-compare.c */
GtkWidget  *_sm_window_build_compare     (SmWindow       *self);
gboolean    _sm_window_compare_available (SmWindow       *self);
void        _sm_window_compare_sync      (SmWindow       *self);
void        _sm_window_set_compare       (SmWindow       *self,
                                          gboolean        compare);
void        _sm_window_compare_dispose   (SmWindow       *self);

/* sm-window-selection.c */
void        _sm_window_attach_time_selection (SmWindow   *self,
                                              GtkWidget  *ruler);
void        _sm_window_set_time_selection    (SmWindow   *self,
                                              double      start,
                                              double      end);
void        _sm_window_draw_time_selection   (SmWindow   *self,
                                              GtkWidget  *area,
                                              cairo_t    *cr,
                                              int         height);
void        _sm_window_set_loop              (SmWindow   *self,
                                              gboolean    loop);
void        _sm_window_sync_loop             (SmWindow   *self);

/* sm-window-region.c */
void        _sm_window_play_region       (SmWindow       *self,
                                          gboolean        through_mask);

/* sm-window-debug.c */
void        _sm_window_debug_layout      (SmWindow       *self);

/* sm-window.c */
void        _sm_window_toast             (SmWindow       *self,
                                          const char     *format,
                                          ...) G_GNUC_PRINTF (2, 3);
void        _sm_window_show_error        (SmWindow       *self,
                                          const char     *title,
                                          const GError   *error);
void        _sm_window_open_reference    (SmWindow       *self,
                                          SmSource        source,
                                          const char     *path);
void        _sm_window_apply_stft        (SmWindow       *self,
                                          const SmStftParams *params);
gboolean    _sm_window_save_project      (SmWindow       *self,
                                          const char     *path,
                                          GError        **error);
void        _sm_window_start_autosave    (SmWindow       *self);
void        _sm_window_discard_autosave  (SmWindow       *self);

G_END_DECLS
