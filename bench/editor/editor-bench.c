/* editor-bench.c: opens a long recording in the real editor under X, paints, zooms and
 * pans with real pointer events, and reads back what the frame clock saw.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   editor-bench specmask FILE [--edit | --hour] [--work DIR]
 *   editor-bench specmask MIX --separate --target FILE --interferer FILE [--work DIR]
 *   editor-bench audacity FILE [--work DIR]
 *
 * The Specmask side starts `$SM_GUI FILE` with SPECMASK_BENCH=1 (app/sm-bench.c), which
 * prints a line for every painted frame and for the first frame that shows the Mix pane's
 * spectrogram, all in microseconds of the monotonic clock this program reads too. Then it
 * drives the window through xdotool (XTEST), noting when each gesture ran, and sorts the
 * frames by gesture: --edit paints six eraser strokes across the fitted file and twice
 * zooms in with Ctrl+wheel, pans with middle-button drags and zooms out; --hour (for the
 * hour-long file) zooms in, pans twice and paints one stroke. Each side prints one JSON
 * object; bench/run-editor makes the table. --separate (bench/run-separate) previews the
 * ideal binary mask, presses Ctrl+Enter and zooms and pans the Mix pane until the result
 * arrives; it reports the time from the key to the fully drawn Estimate pane and the
 * frames painted while the separation ran.
 */
#include "editor-bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sm-gui-driver.h"

/* One "bench frame" line. */
typedef struct
{
  gint64  start, end, input, dispatch, cpu, flushed, laid_out, painted;
  char    kind[16];
  int     mask;
  guint   pending;
  GArray *inputs;   /* gint64: every input event this frame answered */
} Frame;

static void
frame_clear (gpointer data)
{
  Frame *frame = data;

  g_clear_pointer (&frame->inputs, g_array_unref);
}

/* When one kind of gesture ran. */
typedef struct
{
  const char *name;
  GArray     *spans;   /* pairs of gint64: begin, end */
} Phase;

static gint64
mark_time (SmGuiApp   *app,
           const char *what)
{
  g_autofree char *needle = g_strdup_printf ("bench %s t=", what);
  const char *at = strstr (app->log->str, needle);

  return at != NULL ? g_ascii_strtoll (at + strlen (needle), NULL, 10) : 0;
}

static GArray *
parse_frames (SmGuiApp *app)
{
  GArray *frames = g_array_new (FALSE, TRUE, sizeof (Frame));
  g_auto (GStrv) lines = g_strsplit (app->log->str, "\n", -1);

  g_array_set_clear_func (frames, frame_clear);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      Frame f = { 0 };
      const char *inputs;

      if (sscanf (lines[i], "bench frame start=%" G_GINT64_FORMAT " end=%" G_GINT64_FORMAT
                  " input=%" G_GINT64_FORMAT " dispatch=%" G_GINT64_FORMAT
                  " kind=%15s mask=%d pending=%u cpu=%" G_GINT64_FORMAT, &f.start, &f.end,
                  &f.input, &f.dispatch, f.kind, &f.mask, &f.pending, &f.cpu) != 8)
        continue;
      f.inputs = g_array_new (FALSE, FALSE, sizeof (gint64));
      /* Where the input handling, layout and paint phases ended (0: not run). */
      inputs = strstr (lines[i], " flushed=");
      if (inputs == NULL
          || sscanf (inputs, " flushed=%" G_GINT64_FORMAT " laid-out=%" G_GINT64_FORMAT
                     " painted=%" G_GINT64_FORMAT, &f.flushed, &f.laid_out, &f.painted) != 3)
        f.flushed = f.laid_out = f.painted = 0;
      if (f.flushed == 0)
        f.flushed = f.start;
      if (f.laid_out == 0)
        f.laid_out = f.flushed;
      if (f.painted == 0)
        f.painted = f.laid_out;
      inputs = strstr (lines[i], " inputs=");
      if (inputs != NULL && inputs[8] != '-')
        {
          g_auto (GStrv) times = g_strsplit (inputs + 8, ",", -1);

          for (guint k = 0; times[k] != NULL; k++)
            {
              gint64 t = g_ascii_strtoll (times[k], NULL, 10);

              if (t > 0)
                g_array_append_val (f.inputs, t);
            }
        }
      g_array_append_val (frames, f);
    }
  return frames;
}

/* Runs an xdotool command line and records when it ran under @phase. */
static void
gesture (Phase      *phase,
         const char *command)
{
  g_autofree char *err = NULL;
  GError *error = NULL;
  gint64 span[2];
  int status;

  span[0] = eb_now ();
  if (!g_spawn_command_line_sync (command, NULL, &err, &status, &error)
      || !g_spawn_check_wait_status (status, NULL))
    g_error ("'%s' failed: %s", command, error != NULL ? error->message : err);
  /* Let the last frame of the gesture land. */
  g_usleep (150000);
  span[1] = eb_now ();
  g_array_append_vals (phase->spans, span, 2);
}

static gboolean
in_phase (const Phase *phase,
          gint64       t)
{
  for (guint i = 0; i + 1 < phase->spans->len; i += 2)
    if (t >= g_array_index (phase->spans, gint64, i)
        && t <= g_array_index (phase->spans, gint64, i + 1))
      return TRUE;
  return FALSE;
}

/* Frame statistics of one phase: every frame painted during it (duration, interval), and
 * the frames that answered input of @kind: latency from the input event to the end of the
 * frame that shows it, and that frame's own wall-clock and main-thread CPU time (the
 * latter is what the frame cost us, whatever else the shared machine was doing). A stroke
 * frame must also have changed the mask. */
static void
print_phase (const Phase *phase,
             GArray      *frames,
             const char  *kind,
             gboolean     needs_mask)
{
  g_autoptr (GArray) durations = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) intervals = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) answer_wall = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) answer_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) event_latencies = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) handling = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) layout = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) rendering = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 last_end = 0;
  guint incomplete = 0, n_frames = 0, over_budget = 0;

  for (guint i = 0; i < frames->len; i++)
    {
      const Frame *f = &g_array_index (frames, Frame, i);
      double ms = (f->end - f->start) / 1000.0;

      if (!in_phase (phase, f->end))
        {
          last_end = 0;
          continue;
        }
      n_frames++;
      g_array_append_val (durations, ms);
      if (last_end != 0)
        {
          double gap = (f->end - last_end) / 1000.0;

          g_array_append_val (intervals, gap);
        }
      last_end = f->end;
      incomplete += f->pending > 0;
      if (f->input > 0 && g_str_equal (f->kind, kind) && (!needs_mask || f->mask))
        {
          double latency = (f->end - f->input) / 1000.0;
          double cpu = f->cpu / 1000.0;
          double phases[3] = { (f->flushed - f->start) / 1000.0,
                               (f->laid_out - f->flushed) / 1000.0,
                               (f->painted - f->laid_out) / 1000.0 };

          g_array_append_val (latencies, latency);
          g_array_append_val (answer_wall, ms);
          g_array_append_val (answer_cpu, cpu);
          g_array_append_val (handling, phases[0]);
          g_array_append_val (layout, phases[1]);
          g_array_append_val (rendering, phases[2]);
          for (guint k = 0; k < f->inputs->len; k++)
            {
              double each = (f->end - g_array_index (f->inputs, gint64, k)) / 1000.0;

              g_array_append_val (event_latencies, each);
              over_budget += each > 16.0;
            }
        }
    }

  printf (", \"%s\": {\"frames\": %u, \"frame_ms_median\": %.2f, \"interval_ms_median\": %.2f, "
          "\"incomplete_frames\": %u, \"answered\": %u, \"events\": %u, "
          "\"event_latency_ms_median\": %.2f, \"event_latency_ms_p90\": %.2f, "
          "\"events_over_16ms\": %u, \"oldest_latency_ms_median\": %.2f, "
          "\"oldest_latency_ms_p90\": %.2f, "
          "\"answer_frame_ms_median\": %.2f, \"answer_frame_ms_p90\": %.2f, "
          "\"answer_cpu_ms_median\": %.2f, \"answer_cpu_ms_p90\": %.2f, "
          "\"input_ms_median\": %.2f, \"layout_ms_median\": %.2f, \"render_ms_median\": %.2f}",
          phase->name, n_frames,
          eb_quantile (durations, 0.5), eb_quantile (intervals, 0.5), incomplete, latencies->len,
          event_latencies->len, eb_quantile (event_latencies, 0.5),
          eb_quantile (event_latencies, 0.9), over_budget, eb_quantile (latencies, 0.5),
          eb_quantile (latencies, 0.9),
          eb_quantile (answer_wall, 0.5), eb_quantile (answer_wall, 0.9),
          eb_quantile (answer_cpu, 0.5), eb_quantile (answer_cpu, 0.9),
          eb_quantile (handling, 0.5), eb_quantile (layout, 0.5), eb_quantile (rendering, 0.5));
}

static char *
drag_command (const char *window,
              int         button,
              double      x0,
              double      y0,
              double      x1,
              double      y1,
              int         steps)
{
  GString *command = g_string_new ("xdotool");

  g_string_append_printf (command, " mousemove --window %s %.0f %.0f sleep 0.3 mousedown %d",
                          window, x0, y0, button);
  /* A motion every 8 ms, as from an ordinary 125 Hz mouse: its own clock, not the
   * display's, so events fall anywhere within a frame. */
  for (int i = 1; i <= steps; i++)
    g_string_append_printf (command, " sleep 0.008 mousemove --window %s %.0f %.0f", window,
                            x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps);
  g_string_append_printf (command, " sleep 0.05 mouseup %d", button);
  return g_string_free (command, FALSE);
}

static char *
wheel_command (const char *window,
               double      x,
               double      y,
               int         button,
               int         clicks)
{
  GString *command = g_string_new ("xdotool");

  g_string_append_printf (command, " mousemove --window %s %.0f %.0f sleep 0.3 keydown ctrl",
                          window, x, y);
  for (int i = 0; i < clicks; i++)
    g_string_append_printf (command, " click %d sleep 0.12", button);
  g_string_append (command, " keyup ctrl");
  return g_string_free (command, FALSE);
}

/* Keeps the app's output flowing (its pipe must not fill) while waiting. */
static gboolean
pump_cb (gpointer user_data)
{
  sm_gui_app_wait_log (user_data, "\x01never\x01", 0.05);
  return TRUE;
}

typedef enum
{
  SCENARIO_OPEN,       /* open only */
  SCENARIO_EDIT,       /* strokes at fit zoom, then zoom and pan, twice */
  SCENARIO_HOUR,       /* the hour-long file: zoom in, scroll, one stroke */
  SCENARIO_SEPARATE,   /* IBM, Separate, zoom and pan until the result shows */
} Scenario;

static void
stroke_at (SmGuiApp        *app,
           Phase           *stroke,
           const SmGuiRect *mix,
           double           height_fraction)
{
  double y = mix->y + mix->height * height_fraction;
  g_autofree char *command = drag_command (app->window_id, 1, mix->x + 0.15 * mix->width, y,
                                           mix->x + 0.85 * mix->width, y + 20, 80);

  gesture (stroke, command);
  pump_cb (app);
}

static void
zoom_and_pan (SmGuiApp        *app,
              Phase           *zoom,
              Phase           *pan,
              const SmGuiRect *mix,
              int              n_pans,
              gboolean         back_out)
{
  double cx = mix->x + mix->width / 2, cy = mix->y + mix->height / 2;
  g_autofree char *in = wheel_command (app->window_id, cx, cy, 4, 10);
  g_autofree char *out = wheel_command (app->window_id, cx, cy, 5, 10);

  gesture (zoom, in);
  pump_cb (app);
  g_usleep (500000);
  for (int i = 0; i < n_pans; i++)
    {
      double from = i % 2 == 0 ? 0.8 : 0.2, to = 1.0 - from;
      g_autofree char *command = drag_command (app->window_id, 2, mix->x + from * mix->width,
                                               cy, mix->x + to * mix->width, cy, 80);

      gesture (pan, command);
      pump_cb (app);
    }
  if (back_out)
    {
      gesture (zoom, out);
      pump_cb (app);
      g_usleep (500000);
    }
}

static void
interact (SmGuiApp *app,
          Scenario  scenario,
          Phase    *stroke,
          Phase    *zoom,
          Phase    *pan)
{
  SmGuiRect mix;

  if (!sm_gui_app_wait_log (app, "ready title=", 60))
    g_error ("the window never reported its layout");
  mix = sm_gui_app_rect (app, "pane=Mix");
  sm_gui_app_focus (app);
  /* A new recording keeps every bin: the eraser (E) is the brush that changes something. */
  sm_gui_app_key (app, "e");
  g_usleep (500000);

  if (scenario == SCENARIO_HOUR)
    {
      /* What the goal names: it opens, scrolls and takes a brush stroke. */
      zoom_and_pan (app, zoom, pan, &mix, 2, FALSE);
      stroke_at (app, stroke, &mix, 0.5);
      return;
    }
  /* Strokes across the whole file at fit-to-window zoom: each segment touches many frames. */
  for (int i = 0; i < 6; i++)
    stroke_at (app, stroke, &mix, 0.2 + 0.12 * i);
  for (int round = 0; round < 2; round++)
    zoom_and_pan (app, zoom, pan, &mix, 4, TRUE);
}

/* When a separation's stages happened, in microseconds of the monotonic clock. */
typedef struct
{
  gint64 key;            /* the Ctrl+Enter key event */
  gint64 worker_start;   /* the worker thread began */
  gint64 worker_end;     /* ... and handed its result back */
  gint64 levels;         /* the main thread set the Estimate pane's levels */
  gint64 complete;       /* the first frame with all of the Estimate pane's tiles */
  Phase  idle_zoom;      /* the same gestures before the key: the frames they cost alone */
  Phase  idle_pan;
} Separation;

/* Keeps only the parts of @phase's spans inside [@from, @to]: what ran while the
 * separation did. */
static void
clip_phase (Phase  *phase,
            gint64  from,
            gint64  to)
{
  for (guint i = 0; i + 1 < phase->spans->len; i += 2)
    {
      gint64 *span = &g_array_index (phase->spans, gint64, i);

      span[0] = CLAMP (span[0], from, to);
      span[1] = CLAMP (span[1], from, to);
    }
}

/* Previews the ideal binary mask, presses Separate (Ctrl+Enter, which applies the preview
 * first) and, like a user who goes on working, zooms and pans the Mix pane until the
 * result reaches the Estimate pane. */
static void
separate_while_busy (SmGuiApp   *app,
                     Phase      *zoom,
                     Phase      *pan,
                     Separation *sep)
{
  SmGuiRect mix, ibm;
  gint64 sent;

  /* The IBM button shows once the target and the interferer are loaded too. */
  if (!sm_gui_app_wait_log (app, "layout widget=ibm", 60))
    g_error ("no IBM button: open the mix with --target and --interferer");
  mix = sm_gui_app_rect (app, "pane=Mix");
  ibm = sm_gui_app_rect (app, "widget=ibm");
  sm_gui_app_focus (app);
  sm_gui_app_click (app, ibm.x + ibm.width / 2, ibm.y + ibm.height / 2);
  g_usleep (500000);
  pump_cb (app);
  /* A control on the same file and display, a moment before: what separating adds. */
  zoom_and_pan (app, &sep->idle_zoom, &sep->idle_pan, &mix, 2, TRUE);

  sent = eb_now ();
  sm_gui_app_key (app, "ctrl+Return");
  while (mark_time (app, "result-levels") == 0 && eb_now () - sent < 900 * G_USEC_PER_SEC)
    zoom_and_pan (app, zoom, pan, &mix, 2, TRUE);
  if (!sm_gui_app_wait_log (app, "bench result-complete", 120))
    g_error ("the Estimate pane was never drawn; the app said:\n%s", app->log->str);

  sep->key = sent;
  sep->worker_start = mark_time (app, "separation-start");
  sep->worker_end = mark_time (app, "separation-end");
  sep->levels = mark_time (app, "result-levels");
  sep->complete = mark_time (app, "result-complete");
  clip_phase (zoom, sent, sep->levels);
}

/* The X server's time of the Ctrl+Enter press, from the frame that answered it; the
 * driver's own time before it ran xdotool is the fallback. */
static gint64
key_time (GArray *frames,
          gint64  sent)
{
  for (guint i = 0; i < frames->len; i++)
    {
      const Frame *f = &g_array_index (frames, Frame, i);

      if (g_str_equal (f->kind, "key") && f->input >= sent - 1000)
        return f->input;
    }
  return sent;
}

/* What print_phase() leaves out and the separation goal needs: the tail of the frame times
 * over the whole run, and how long the main thread went without a frame when the result
 * landed (the hand-off runs between frames, so no frame's own time shows it). */
static void
print_separation (const Separation *sep,
                  const Phase      *during,
                  GArray           *frames)
{
  g_autoptr (GArray) durations = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 before = 0, after = 0;
  guint over = 0;

  for (guint i = 0; i < frames->len; i++)
    {
      const Frame *f = &g_array_index (frames, Frame, i);
      double ms = (f->end - f->start) / 1000.0;

      if (in_phase (during, f->end))
        {
          g_array_append_val (durations, ms);
          over += ms > 16.0;
        }
      if (f->end < sep->levels)
        before = f->end;
      else if (after == 0)
        after = f->end;
    }
  printf (", \"separate\": {\"to_estimate_s\": %.3f, \"key_to_worker_ms\": %.1f, "
          "\"worker_s\": %.3f, \"worker_to_levels_ms\": %.1f, \"levels_to_complete_ms\": %.1f, "
          "\"landing_gap_ms\": %.1f, \"frame_ms_p90\": %.2f, \"frames_over_16ms\": %u}",
          (sep->complete - sep->key) / 1e6, (sep->worker_start - sep->key) / 1e3,
          (sep->worker_end - sep->worker_start) / 1e6, (sep->levels - sep->worker_end) / 1e3,
          (sep->complete - sep->levels) / 1e3,
          before != 0 && after != 0 ? (after - before) / 1e3 : -1.0,
          eb_quantile (durations, 0.9), over);
}

static int
run_specmask (const char        *file,
              const char *const *sources,
              const char        *work_dir,
              Scenario           scenario)
{
  g_autofree char *state = g_build_filename (work_dir, "specmask-state", NULL);
  const char *args[] = { file, sources[0], sources[1], sources[2], sources[3], NULL };
  Separation sep = { .idle_zoom = { "idle_zoom", g_array_new (FALSE, FALSE, sizeof (gint64)) },
                     .idle_pan = { "idle_pan", g_array_new (FALSE, FALSE, sizeof (gint64)) } };
  Phase during = { "separating", g_array_new (FALSE, FALSE, sizeof (gint64)) };
  Phase stroke = { "stroke", g_array_new (FALSE, FALSE, sizeof (gint64)) };
  Phase zoom = { "zoom", g_array_new (FALSE, FALSE, sizeof (gint64)) };
  Phase pan = { "pan", g_array_new (FALSE, FALSE, sizeof (gint64)) };
  g_autoptr (GArray) frames = NULL;
  char renderer[64] = "unknown";
  SmGuiApp *app;
  gint64 t0, open_start, complete, settled;
  double open_peak, peak, rss;
  const char *pid_line;
  GPid pid = 0;

  if (g_getenv ("SM_GUI") == NULL)
    g_error ("set SM_GUI to the specmask executable");
  g_setenv ("SPECMASK_BENCH", "1", TRUE);

  t0 = eb_now ();
  app = sm_gui_app_start (state, args);
  if (!sm_gui_app_wait_log (app, "bench first-complete", 900))
    {
      g_printerr ("editor-bench: no complete frame; the app said:\n%s\n", app->log->str);
      return 1;
    }
  pid_line = strstr (app->log->str, "bench start pid=");
  if (pid_line != NULL)
    pid = (GPid) atoi (pid_line + strlen ("bench start pid="));
  if (strstr (app->log->str, "bench renderer name=") != NULL)
    sscanf (strstr (app->log->str, "bench renderer name="), "bench renderer name=%63s", renderer);
  open_start = mark_time (app, "open-start");
  complete = mark_time (app, "first-complete");
  settled = eb_wait_settled (pid, complete, 0.15, 1.0, 120, pump_cb, app);
  open_peak = eb_proc_peak_mib (pid);

  if (scenario == SCENARIO_SEPARATE)
    separate_while_busy (app, &zoom, &pan, &sep);
  else if (scenario != SCENARIO_OPEN)
    interact (app, scenario, &stroke, &zoom, &pan);
  pump_cb (app);
  peak = eb_proc_peak_mib (pid);
  rss = eb_proc_rss_mib (pid);
  frames = parse_frames (app);

  printf ("{\"app\": \"specmask\", \"file\": \"%s\", \"renderer\": \"%s\", "
          "\"first_visible_s\": %.3f, \"first_complete_s\": %.3f, "
          "\"open_to_complete_s\": %.3f, \"decode_s\": %.3f, \"analyse_s\": %.3f, "
          "\"settled_s\": %.3f, \"open_peak_mib\": %.1f, \"peak_mib\": %.1f, "
          "\"rss_mib\": %.1f, \"frames\": %u", file,
          renderer,
          (mark_time (app, "first-visible") - t0) / 1e6, (complete - t0) / 1e6,
          (complete - open_start) / 1e6,
          (mark_time (app, "decoded") - open_start) / 1e6,
          (mark_time (app, "analysed") - mark_time (app, "decoded")) / 1e6,
          settled != 0 ? (settled - t0) / 1e6 : -1.0, open_peak, peak, rss, frames->len);
  if (scenario == SCENARIO_SEPARATE)
    {
      gint64 span[2];

      sep.key = key_time (frames, sep.key);
      span[0] = sep.key;
      span[1] = sep.levels;
      g_array_append_vals (during.spans, span, 2);
      print_separation (&sep, &during, frames);
      /* All frames while it ran, with the pans' latency; then the zooms. */
      print_phase (&during, frames, "drag2", FALSE);
      zoom.name = "separating_zoom";
      print_phase (&zoom, frames, "scroll", FALSE);
      print_phase (&sep.idle_pan, frames, "drag2", FALSE);
      print_phase (&sep.idle_zoom, frames, "scroll", FALSE);
    }
  else if (scenario != SCENARIO_OPEN)
    {
      print_phase (&stroke, frames, "drag1", TRUE);
      print_phase (&zoom, frames, "scroll", FALSE);
      print_phase (&pan, frames, "drag2", FALSE);
    }
  printf ("}\n");
  fflush (stdout);
  /* EDITOR_BENCH_LOG=FILE keeps everything the app printed, for a closer look. */
  if (g_getenv ("EDITOR_BENCH_LOG") != NULL)
    g_file_set_contents (g_getenv ("EDITOR_BENCH_LOG"), app->log->str, -1, NULL);

  sm_gui_app_free (app);
  g_array_unref (stroke.spans);
  g_array_unref (zoom.spans);
  g_array_unref (pan.spans);
  g_array_unref (during.spans);
  g_array_unref (sep.idle_zoom.spans);
  g_array_unref (sep.idle_pan.spans);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  Scenario scenario = SCENARIO_OPEN;
  g_autofree char *work_dir = NULL;
  const char *sources[5] = { NULL };   /* --target FILE --interferer FILE, for the app */
  guint n_sources = 0;
  const char *side, *file;

  if (argc < 3)
    {
      g_printerr ("usage: editor-bench specmask|audacity FILE [--edit|--hour|--separate] "
                  "[--target FILE --interferer FILE] [--work DIR]\n");
      return 2;
    }
  side = argv[1];
  file = argv[2];
  for (int i = 3; i < argc; i++)
    if (g_str_equal (argv[i], "--edit"))
      scenario = SCENARIO_EDIT;
    else if (g_str_equal (argv[i], "--hour"))
      scenario = SCENARIO_HOUR;
    else if (g_str_equal (argv[i], "--separate"))
      scenario = SCENARIO_SEPARATE;
    else if ((g_str_equal (argv[i], "--target") || g_str_equal (argv[i], "--interferer"))
             && i + 1 < argc && n_sources + 2 < G_N_ELEMENTS (sources))
      {
        sources[n_sources++] = argv[i];
        sources[n_sources++] = argv[++i];
      }
    else if (g_str_equal (argv[i], "--work") && i + 1 < argc)
      work_dir = g_strdup (argv[++i]);
  if (work_dir == NULL)
    work_dir = g_dir_make_tmp ("editor-bench-XXXXXX", NULL);

  if (g_str_equal (side, "specmask"))
    return run_specmask (file, sources, work_dir, scenario);
  if (g_str_equal (side, "audacity"))
    return eb_run_audacity (file, work_dir);
  g_printerr ("editor-bench: unknown side '%s'\n", side);
  return 2;
}
