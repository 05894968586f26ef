/* sm-application.c: command line, application actions and windows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sm-application.h"

#include <glib/gi18n.h>

#include "sm-bench.h"
#include "sm-renderer.h"
#include "sm-window.h"
#include "sm-workers.h"

struct _SmApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (SmApplication, sm_application, ADW_TYPE_APPLICATION)

const char *
sm_application_demo_dir (void)
{
  /* Uninstalled builds find the demo in the source tree they were built from. */
  if (g_file_test (SOURCE_DEMO_DIR "/mix.flac", G_FILE_TEST_EXISTS))
    return SOURCE_DEMO_DIR;
  return DEMO_DIR;
}

static SmWindow *
current_window (SmApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (sm_window_new (ADW_APPLICATION (self)));
  return SM_WINDOW (window);
}

static void
open_demo (SmApplication *self,
           SmWindow      *window)
{
  const char *dir = sm_application_demo_dir ();
  g_autofree char *mix = g_build_filename (dir, "mix.flac", NULL);
  g_autofree char *target = g_build_filename (dir, "target.flac", NULL);
  g_autofree char *interferer = g_build_filename (dir, "interferer.flac", NULL);

  sm_window_open_files (window, mix, target, interferer);
}

static void
demo_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  SmApplication *self = user_data;
  SmWindow *window = current_window (self);

  open_demo (self, window);
  gtk_window_present (GTK_WINDOW (window));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = user_data;
  static const char *developers[] = { "The Specmask developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", "Specmask",
                         "application-icon", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Separate and repair sound in the time-frequency plane"),
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (app));

  /* Closing each window gives it the chance to ask about unsaved edits. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
}

static const GActionEntry app_actions[] = {
  { "demo", demo_action, NULL, NULL, NULL, { 0 } },
  { "about", about_action, NULL, NULL, NULL, { 0 } },
  { "quit", quit_action, NULL, NULL, NULL, { 0 } },
};

static char *
absolute_path (GApplicationCommandLine *command_line,
               const char              *path)
{
  g_autoptr (GFile) file = NULL;

  if (path == NULL)
    return NULL;
  file = g_application_command_line_create_file_for_arg (command_line, path);
  return g_file_get_path (file);
}

static int
sm_application_command_line (GApplication            *app,
                             GApplicationCommandLine *command_line)
{
  SmApplication *self = SM_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree char *target_arg = NULL;
  g_autofree char *interferer_arg = NULL;
  g_autofree char *project_arg = NULL;
  g_auto (GStrv) files = NULL;
  g_auto (GStrv) train = NULL;
  gboolean demo = FALSE;
  SmWindow *window;

  g_variant_dict_lookup (options, "target", "^ay", &target_arg);
  g_variant_dict_lookup (options, "interferer", "^ay", &interferer_arg);
  g_variant_dict_lookup (options, "project", "^ay", &project_arg);
  g_variant_dict_lookup (options, "demo", "b", &demo);
  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^aay", &files);
  g_variant_dict_lookup (options, "train", "^aay", &train);

  window = SM_WINDOW (sm_window_new (ADW_APPLICATION (self)));
  if (project_arg != NULL)
    {
      g_autofree char *project = absolute_path (command_line, project_arg);

      sm_window_open_project (window, project);
    }
  else if (files != NULL && files[0] != NULL)
    {
      g_autofree char *mix = absolute_path (command_line, files[0]);
      g_autofree char *target = absolute_path (command_line, target_arg);
      g_autofree char *interferer = absolute_path (command_line, interferer_arg);

      sm_window_open_files (window, mix, target, interferer);
    }
  else if (demo)
    open_demo (self, window);
  else if (target_arg != NULL || interferer_arg != NULL)
    {
      g_application_command_line_printerr (command_line,
                                           "specmask: --target and --interferer need a MIX\n");
      gtk_window_destroy (GTK_WINDOW (window));
      return 2;
    }

  for (guint i = 0; train != NULL && train[i] != NULL; i++)
    {
      g_autofree char *path = absolute_path (command_line, train[i]);

      sm_window_add_training (window, path);
    }
  gtk_window_present (GTK_WINDOW (window));
  if (project_arg == NULL && (files == NULL || files[0] == NULL) && !demo)
    sm_window_offer_recovery (window);
  return 0;
}

static void
sm_application_startup (GApplication *app)
{
  static const char *const quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (sm_application_parent_class)->startup (app);
  /* Before any window exists: the renderer is chosen when the first one is realized. */
  sm_renderer_choose (gdk_display_get_default ());
  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  /* SPECMASK_BENCH=1: frame-clock timings for bench/editor; nothing otherwise. */
  sm_bench_install (GTK_APPLICATION (app));
}

static void
sm_application_shutdown (GApplication *app)
{
  /* Windows cancelled their runs and playback files when they closed; let the workers
   * wind down before the libraries they use are torn down at exit. */
  sm_workers_wait_idle ();
  G_APPLICATION_CLASS (sm_application_parent_class)->shutdown (app);
}

static void
sm_application_class_init (SmApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->startup = sm_application_startup;
  app_class->shutdown = sm_application_shutdown;
  app_class->command_line = sm_application_command_line;
}

static void
sm_application_init (SmApplication *self)
{
  static const GOptionEntry entries[] = {
    { "target", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Clean recording of the wanted sound"), N_("FILE") },
    { "interferer", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Recording of everything else"), N_("FILE") },
    { "train", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL,
      N_("Clean training speech of the target speaker (repeatable)"), N_("FILE") },
    { "project", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Open a Specmask project"),
      N_("P.specmask") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Open the built-in demo"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, NULL, N_("[MIX]") },
    G_OPTION_ENTRY_NULL
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), N_("[MIX]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            N_("Separate and repair sound in the "
                                               "time-frequency plane."));
}

SmApplication *
sm_application_new (void)
{
  return g_object_new (SM_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/org/specmask/Specmask",
                       NULL);
}
