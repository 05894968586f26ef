/* editor-bench-util.c: reading /proc, running tools, statistics.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "editor-bench.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static double
status_field_mib (GPid        pid,
                  const char *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *text = NULL;
  const char *line;
  long kib;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return -1;
  line = strstr (text, field);
  if (line == NULL || sscanf (line + strlen (field), ": %ld kB", &kib) != 1)
    return -1;
  return kib / 1024.0;
}

double
eb_proc_peak_mib (GPid pid)
{
  return status_field_mib (pid, "VmHWM");
}

double
eb_proc_rss_mib (GPid pid)
{
  return status_field_mib (pid, "VmRSS");
}

double
eb_proc_cpu_s (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *text = NULL;
  unsigned long utime, stime;
  const char *after_name;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return -1;
  /* The command name may hold spaces; the fields after it are fixed. */
  after_name = strrchr (text, ')');
  if (after_name == NULL
      || sscanf (after_name + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
                 &utime, &stime) != 2)
    return -1;
  return (double) (utime + stime) / (double) sysconf (_SC_CLK_TCK);
}

char *
eb_run (const char *const *argv)
{
  g_autofree char *out = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &status, NULL)
      || !g_spawn_check_wait_status (status, NULL))
    return NULL;
  return g_strstrip (g_steal_pointer (&out));
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

double
eb_quantile (GArray *values,
             double  q)
{
  double pos;
  guint i;

  if (values->len == 0)
    return 0.0;
  g_array_sort (values, compare_doubles);
  pos = q * (values->len - 1);
  i = (guint) pos;
  if (i + 1 >= values->len)
    return g_array_index (values, double, values->len - 1);
  return g_array_index (values, double, i) * (1 - (pos - i))
         + g_array_index (values, double, i + 1) * (pos - i);
}

gint64
eb_wait_settled (GPid         pid,
                 gint64       from_us,
                 double       busy_fraction,
                 double       window_s,
                 double       timeout_s,
                 EbReadyFunc  ready,
                 gpointer     user_data)
{
  const gint64 deadline = from_us + (gint64) (timeout_s * G_USEC_PER_SEC);
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) cpus = g_array_new (FALSE, FALSE, sizeof (double));

  while (eb_now () < deadline)
    {
      gboolean is_ready = ready == NULL || ready (user_data);
      gint64 t = eb_now ();
      double cpu = eb_proc_cpu_s (pid);

      if (cpu < 0)
        return 0;
      if (!is_ready)
        {
          g_array_set_size (times, 0);
          g_array_set_size (cpus, 0);
        }
      else
        {
          g_array_append_val (times, t);
          g_array_append_val (cpus, cpu);
          /* The newest sample at least a window ago: was the process quiet since? */
          for (guint i = times->len; i-- > 0;)
            {
              double span = (t - g_array_index (times, gint64, i)) / 1e6;

              if (span < window_s)
                continue;
              if (cpu - g_array_index (cpus, double, i) < busy_fraction * span)
                return g_array_index (times, gint64, i);
              break;
            }
        }
      g_usleep (100000);
    }
  return 0;
}
