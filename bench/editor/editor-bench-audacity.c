/* editor-bench-audacity.c: the peer: how long Audacity takes to open the same file, and
 * how much memory it holds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Audacity runs with a fresh home and temporary folder each time (no crash-recovery or
 * welcome state from an earlier run) and with its tracks set to open as spectrograms, the
 * view Specmask shows. It has nothing like the frame clock to ask, so "open" is measured
 * from outside: the project window carries the file's name and the "Importing" progress
 * window is gone, and then the process settles (under 15 % of a core for a whole second,
 * the spectrogram drawn). Specmask gets the same outside measure next to its frame-clock
 * one. Audacity keeps the imported samples in an SQLite project in its temporary folder
 * (on disk here), so its resident memory holds display caches, not the audio.
 */
#include "editor-bench.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

typedef struct
{
  char   *title_pattern;
  gint64  title_seen;
} Watch;

static gboolean
window_exists (const char *pattern)
{
  const char *argv[] = { "xdotool", "search", "--name", pattern, NULL };
  g_autofree char *out = eb_run (argv);

  return out != NULL && out[0] != '\0';
}

/* Ready when the project window has the file's name and no import is running. */
static gboolean
project_ready_cb (gpointer user_data)
{
  Watch *watch = user_data;

  if (!window_exists (watch->title_pattern) || window_exists ("^Importing"))
    return FALSE;
  if (watch->title_seen == 0)
    watch->title_seen = eb_now ();
  return TRUE;
}

static void
write_config (const char *config_dir,
              const char *temp_dir)
{
  g_autofree char *path = g_build_filename (config_dir, "audacity.cfg", NULL);
  /* PrefsVersion keeps Audacity from resetting the file as one from an older version. */
  g_autofree char *text = g_strdup_printf ("PrefsVersion=1.1.1r1\n"
                                           "[GUI]\n"
                                           "ShowSplashScreen=0\n"
                                           "DefaultViewModeChoiceNew=Spectrogram\n"
                                           "[Directories]\n"
                                           "TempDir=%s\n", temp_dir);

  g_mkdir_with_parents (config_dir, 0700);
  g_mkdir_with_parents (temp_dir, 0700);
  if (!g_file_set_contents (path, text, -1, NULL))
    g_error ("cannot write %s", path);
}

static char *
package_version (void)
{
  const char *argv[] = { "dpkg-query", "-W", "-f=${Version}", "audacity", NULL };
  char *version = eb_run (argv);

  return version != NULL ? version : g_strdup ("unknown");
}

int
eb_run_audacity (const char *file,
                 const char *work_dir)
{
  g_autofree char *home = g_build_filename (work_dir, "audacity-home", NULL);
  g_autofree char *config = g_build_filename (home, ".config", "audacity", NULL);
  g_autofree char *temp = g_build_filename (home, "temp", NULL);
  g_autofree char *base = g_path_get_basename (file);
  g_autofree char *version = package_version ();
  g_auto (GStrv) env = g_get_environ ();
  const char *argv[] = { "audacity", file, NULL };
  const char *rm_argv[] = { "rm", "-rf", home, NULL };
  static const char *const xdg_dirs[][2] = {
    { "XDG_CONFIG_HOME", ".config" }, { "XDG_DATA_HOME", ".local" },
    { "XDG_CACHE_HOME", ".cache" },
  };
  Watch watch = { 0 };
  GError *error = NULL;
  gint64 t0, settled;
  double peak, rss, cpu;
  GPid pid;
  char *dot;

  g_free (eb_run (rm_argv));
  write_config (config, temp);
  env = g_environ_setenv (env, "HOME", home, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (xdg_dirs); i++)
    {
      g_autofree char *dir = g_build_filename (home, xdg_dirs[i][1], NULL);

      env = g_environ_setenv (env, xdg_dirs[i][0], dir, TRUE);
    }

  /* Audacity names the project after the file, without its extension. */
  dot = strrchr (base, '.');
  if (dot != NULL)
    *dot = '\0';
  watch.title_pattern = g_strdup_printf ("^%s$", base);

  t0 = eb_now ();
  if (!g_spawn_async (NULL, (char **) argv, env,
                      G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD
                      | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, &pid, &error))
    g_error ("cannot start audacity: %s", error->message);

  settled = eb_wait_settled (pid, t0, 0.15, 1.0, 600, project_ready_cb, &watch);
  peak = eb_proc_peak_mib (pid);
  rss = eb_proc_rss_mib (pid);
  cpu = eb_proc_cpu_s (pid);

  kill (pid, SIGKILL);
  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);
  g_free (eb_run (rm_argv));

  if (settled == 0 || watch.title_seen == 0)
    {
      g_printerr ("editor-bench: Audacity did not finish opening %s\n", file);
      return 1;
    }
  printf ("{\"app\": \"audacity\", \"version\": \"%s\", \"file\": \"%s\", "
          "\"title_s\": %.3f, \"settled_s\": %.3f, \"peak_mib\": %.1f, \"rss_mib\": %.1f, "
          "\"cpu_s\": %.2f}\n", version, file, (watch.title_seen - t0) / 1e6,
          (settled - t0) / 1e6, peak, rss, cpu);
  g_free (watch.title_pattern);
  return 0;
}
