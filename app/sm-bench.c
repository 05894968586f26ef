/* sm-bench.c: SPECMASK_BENCH=1 instrumentation for bench/editor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything is timed on the window's frame clock:
 * - "frame": one line per painted frame, from the first phase the clock ran (flush-events
 *   ... paint) or the first input event delivered for it, whichever came first, to
 *   "after-paint", when GSK has handed the frame to the display server; with the main
 *   thread's CPU time over the same span. It carries the time of every input event the
 *   frame answered, motions it compressed included (from the events' X timestamps, which
 *   the X server takes from the same monotonic clock, in milliseconds), whether the mask
 *   changed in it (a brush segment), and how many Mix tiles were still missing.
 * - "first-visible" / "first-complete": the first frame after the Mix pane received its
 *   levels that drew some / all of its tiles.
 * The driver (bench/editor/editor-bench.c) knows when it pans, zooms or paints, and sorts
 * the frames by time.
 */
#include "config.h"

#include "sm-bench.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "sm-spectrogram-view.h"

typedef struct
{
  /* borrowed: the bench lives as long as the window */
  GtkWidget         *window;
  SmSpectrogramView *mix;

  /* owned, to disconnect from */
  SmMaskModel       *model;
  gulong             model_changed_id;

  /* the frame in progress */
  gint64             frame_start;
  gint64             frame_cpu_start;  /* main thread CPU time, for a busy shared machine */
  gint64             input_event;      /* earliest input not yet painted; 0: none */
  GString           *input_times;      /* every such input's time, comma-separated */
  gint64             input_dispatch;   /* when GTK delivered it */
  const char        *input_kind;
  gboolean           mask_changed;
  gint64             flushed;          /* phase ends, see flushed_cb(); 0: phase not run */
  gint64             laid_out;
  gint64             painted;

  GdkFrameClock     *clock;
  gint64             painted_at;       /* when the last frame ended */

  /* first display */
  gint64             levels_set;
  guint              most_pending;
  gboolean           first_visible;
  gboolean           first_complete;

  /* the Estimate pane, see note_result_pane() */
  SmSpectrogramView *estimate;
  gint64             result_levels;    /* when a result's levels arrived; 0: none waiting */
} Bench;

gboolean
sm_bench_enabled (void)
{
  static int enabled = -1;

  if (enabled < 0)
    enabled = g_strcmp0 (g_getenv ("SPECMASK_BENCH"), "1") == 0;
  return enabled;
}

static void
print_line (const char *format,
            ...) G_GNUC_PRINTF (1, 2);

static void
print_line (const char *format,
            ...)
{
  va_list args;

  va_start (args, format);
  vprintf (format, args);
  va_end (args);
  /* stdout is a pipe to the driver: without a flush, lines would arrive in bursts. */
  fflush (stdout);
}

void
sm_bench_mark (const char *what)
{
  if (sm_bench_enabled ())
    print_line ("bench %s t=%" G_GINT64_FORMAT "\n", what, g_get_monotonic_time ());
}

/* X timestamps are CLOCK_MONOTONIC in milliseconds, truncated to 32 bits (the X server's
 * GetTimeInMillis); anything else (a zero time, a server with another clock) falls back to
 * now, which only makes the latency look shorter by the time the event waited. */
static gint64
event_time (guint32 time_ms,
            gint64  now)
{
  guint32 age = (guint32) (now / 1000) - time_ms;

  if (time_ms == 0 || age > 60000)
    return now;
  return now - (gint64) age * 1000;
}

static gint64
thread_cpu_time (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
note_input_time (Bench  *bench,
                 gint64  when)
{
  if (bench->input_times == NULL)
    bench->input_times = g_string_new (NULL);
  g_string_append_printf (bench->input_times, "%s%" G_GINT64_FORMAT,
                          bench->input_times->len > 0 ? "," : "", when);
}

static gboolean
event_cb (GtkEventControllerLegacy *controller,
          GdkEvent                 *event,
          Bench                    *bench)
{
  GdkEventType type = gdk_event_get_event_type (event);
  GdkModifierType state = gdk_event_get_modifier_state (event);
  gint64 now = g_get_monotonic_time ();
  guint32 time_ms = gdk_event_get_time (event);
  const char *kind;
  gint64 when;

  switch (type)
    {
    case GDK_MOTION_NOTIFY:
      {
        guint n_coords = 0;
        g_autofree GdkTimeCoord *history = gdk_event_get_history (event, &n_coords);

        /* Motions are compressed to one per frame; the history holds the ones it stands
         * for, each with its own time, and each waited for this frame. */
        for (guint i = 0; history != NULL && i < n_coords; i++)
          note_input_time (bench, event_time (history[i].time, now));
        if (history != NULL && n_coords > 0)
          time_ms = history[0].time;
        kind = (state & GDK_BUTTON1_MASK) ? "drag1"
               : (state & GDK_BUTTON2_MASK) ? "drag2" : "hover";
      }
      break;
    case GDK_SCROLL:
      kind = "scroll";
      break;
    case GDK_BUTTON_PRESS:
    case GDK_BUTTON_RELEASE:
      kind = "button";
      break;
    case GDK_KEY_PRESS:
      kind = "key";
      break;
    default:
      return FALSE;
    }

  when = event_time (time_ms, now);
  if (type != GDK_MOTION_NOTIFY)
    note_input_time (bench, when);
  else
    note_input_time (bench, event_time (gdk_event_get_time (event), now));
  if (bench->input_event == 0 || when < bench->input_event)
    {
      bench->input_event = when;
      bench->input_kind = kind;
    }
  if (bench->input_dispatch == 0)
    bench->input_dispatch = now;
  /* GDK delivers motion events inside the frame's flush-events phase, before this file's
   * own flush-events handler runs: then the frame's work starts with the first of them.
   * Other events may come between frames, while the clock waits: not frame work. A frame
   * has begun when the clock's frame time (set as its cycle starts, before the frame
   * counter moves) is past the last frame's end. */
  if (bench->frame_start == 0 && bench->clock != NULL
      && gdk_frame_clock_get_frame_time (bench->clock) > bench->painted_at)
    {
      bench->frame_start = now;
      bench->frame_cpu_start = thread_cpu_time ();
    }
  return FALSE;
}

static void
model_changed_cb (SmMaskModel *model,
                  gpointer     rect,
                  Bench       *bench)
{
  bench->mask_changed = TRUE;
}

static void
levels_changed_cb (SmSpectrogramView *view,
                   GParamSpec        *pspec,
                   Bench             *bench)
{
  if (sm_spectrogram_view_get_levels (view) == NULL || bench->levels_set != 0)
    return;
  bench->levels_set = g_get_monotonic_time ();
  print_line ("bench levels-set t=%" G_GINT64_FORMAT "\n", bench->levels_set);
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (SM_IS_SPECTROGRAM_VIEW (widget) && g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
result_levels_cb (SmSpectrogramView *view,
                  GParamSpec        *pspec,
                  Bench             *bench)
{
  bench->result_levels = 0;
  if (sm_spectrogram_view_get_levels (view) == NULL)
    return;
  bench->result_levels = g_get_monotonic_time ();
  print_line ("bench result-levels t=%" G_GINT64_FORMAT "\n", bench->result_levels);
}

/* A separation's result lands as new levels on the Estimate pane, whose tiles are then
 * rendered in the background: "result-complete" is the first frame that shows all of
 * them, the end of what a user waits for after pressing Separate. */
static void
note_result_pane (Bench  *bench,
                  gint64  now)
{
  if (bench->estimate == NULL)
    {
      bench->estimate = (SmSpectrogramView *) find_named (bench->window, "Estimate");
      if (bench->estimate != NULL)
        g_signal_connect (bench->estimate, "notify::levels", G_CALLBACK (result_levels_cb),
                          bench);
    }
  /* Only a frame begun after the levels arrived has drawn them: before, the pane's count of
   * missing tiles is the old one. */
  if (bench->result_levels != 0 && bench->frame_start >= bench->result_levels
      && gtk_widget_get_mapped (GTK_WIDGET (bench->estimate))
      && sm_spectrogram_view_get_pending_tiles (bench->estimate) == 0)
    {
      bench->result_levels = 0;
      print_line ("bench result-complete t=%" G_GINT64_FORMAT "\n", now);
    }
}

/* The panes and the mask model come and go with documents: follow them. */
static void
track_widgets (Bench *bench)
{
  SmMaskModel *model;

  if (bench->mix == NULL)
    {
      bench->mix = (SmSpectrogramView *) find_named (bench->window, "Mix");
      if (bench->mix == NULL)
        return;
      g_signal_connect (bench->mix, "notify::levels", G_CALLBACK (levels_changed_cb), bench);
      levels_changed_cb (bench->mix, NULL, bench);
    }
  model = sm_spectrogram_view_get_mask_model (bench->mix);
  if (model == bench->model)
    return;
  if (bench->model != NULL)
    g_clear_signal_handler (&bench->model_changed_id, bench->model);
  g_set_object (&bench->model, model);
  if (model != NULL)
    bench->model_changed_id = g_signal_connect (model, "changed",
                                                G_CALLBACK (model_changed_cb), bench);
}

static void
frame_begin_cb (GdkFrameClock *clock,
                Bench         *bench)
{
  if (bench->frame_start == 0)
    {
      bench->frame_start = g_get_monotonic_time ();
      bench->frame_cpu_start = thread_cpu_time ();
    }
}

/* GTK's own handlers of a phase run before these: so "flush-events" here marks the end of
 * input handling (a brush stroke's painting into the mask), "layout" the end of layout,
 * "paint" the end of snapshot() and rendering. */
static void
flushed_cb (GdkFrameClock *clock,
            Bench         *bench)
{
  frame_begin_cb (clock, bench);
  bench->flushed = g_get_monotonic_time ();
}

static void
laid_out_cb (GdkFrameClock *clock,
             Bench         *bench)
{
  frame_begin_cb (clock, bench);
  bench->laid_out = g_get_monotonic_time ();
}

static void
painted_cb (GdkFrameClock *clock,
            Bench         *bench)
{
  frame_begin_cb (clock, bench);
  bench->painted = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *bench)
{
  gint64 now = g_get_monotonic_time ();
  guint pending;

  track_widgets (bench);
  pending = bench->mix != NULL ? sm_spectrogram_view_get_pending_tiles (bench->mix) : 0;
  if (bench->frame_start == 0)
    {
      bench->frame_start = now;
      bench->frame_cpu_start = thread_cpu_time ();
    }

  print_line ("bench frame start=%" G_GINT64_FORMAT " end=%" G_GINT64_FORMAT
              " input=%" G_GINT64_FORMAT " dispatch=%" G_GINT64_FORMAT
              " kind=%s mask=%d pending=%u cpu=%" G_GINT64_FORMAT " flushed=%" G_GINT64_FORMAT
              " laid-out=%" G_GINT64_FORMAT " painted=%" G_GINT64_FORMAT " inputs=%s\n",
              bench->frame_start, now, bench->input_event, bench->input_dispatch,
              bench->input_kind != NULL ? bench->input_kind : "none", bench->mask_changed,
              pending, thread_cpu_time () - bench->frame_cpu_start, bench->flushed,
              bench->laid_out, bench->painted,
              bench->input_times != NULL && bench->input_times->len > 0
              ? bench->input_times->str : "-");
  if (bench->input_times != NULL)
    g_string_truncate (bench->input_times, 0);

  if (bench->levels_set != 0 && bench->frame_start >= bench->levels_set)
    {
      bench->most_pending = MAX (bench->most_pending, pending);
      if (!bench->first_visible && (pending == 0 || pending < bench->most_pending))
        {
          bench->first_visible = TRUE;
          print_line ("bench first-visible t=%" G_GINT64_FORMAT "\n", now);
        }
      if (!bench->first_complete && pending == 0)
        {
          bench->first_complete = TRUE;
          print_line ("bench first-complete t=%" G_GINT64_FORMAT "\n", now);
        }
    }

  note_result_pane (bench, now);
  bench->painted_at = now;
  bench->flushed = bench->laid_out = bench->painted = 0;
  bench->frame_start = 0;
  bench->input_event = 0;
  bench->input_dispatch = 0;
  bench->input_kind = NULL;
  bench->mask_changed = FALSE;
}

static void
window_realize_cb (GtkWidget *window,
                   Bench     *bench)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  static const char *const begins[] = { "before-paint", "update" };

  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));

  bench->clock = clock;

  print_line ("bench renderer name=%s\n",
              renderer != NULL ? G_OBJECT_TYPE_NAME (renderer) : "none");
  for (guint i = 0; i < G_N_ELEMENTS (begins); i++)
    g_signal_connect (clock, begins[i], G_CALLBACK (frame_begin_cb), bench);
  g_signal_connect (clock, "flush-events", G_CALLBACK (flushed_cb), bench);
  g_signal_connect (clock, "layout", G_CALLBACK (laid_out_cb), bench);
  g_signal_connect (clock, "paint", G_CALLBACK (painted_cb), bench);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), bench);
}

static void
bench_free (gpointer data)
{
  Bench *bench = data;

  if (bench->model != NULL)
    g_clear_signal_handler (&bench->model_changed_id, bench->model);
  g_clear_object (&bench->model);
  if (bench->input_times != NULL)
    g_string_free (bench->input_times, TRUE);
  g_free (bench);
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 gpointer        user_data)
{
  Bench *bench = g_new0 (Bench, 1);
  GtkEventController *controller = gtk_event_controller_legacy_new ();

  bench->window = GTK_WIDGET (window);
  g_object_set_data_full (G_OBJECT (window), "sm-bench", bench, bench_free);

  /* Capture phase: the window sees each event before the pane that handles it. */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "event", G_CALLBACK (event_cb), bench);
  gtk_widget_add_controller (GTK_WIDGET (window), controller);

  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    window_realize_cb (GTK_WIDGET (window), bench);
  else
    g_signal_connect (window, "realize", G_CALLBACK (window_realize_cb), bench);
}

void
sm_bench_install (GtkApplication *app)
{
  if (!sm_bench_enabled ())
    return;
  print_line ("bench start pid=%d t=%" G_GINT64_FORMAT "\n", (int) getpid (),
              g_get_monotonic_time ());
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), NULL);
}
