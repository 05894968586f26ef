/* sm-project-write.c: projects to JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * {
 *   "format_version": 1,
 *   "generator": "Specmask 0.1.0",
 *   "audio": { "mix": "mix.wav", "target": "../refs/voice.wav", "training": [ … ] },
 *   "stft": { "window": "hann", "n_fft": 2048, "hop": 512, "pad": "zero", "scaling": "none" },
 *   "view": { "colormap": "viridis", "floor_db": -100, "ceiling_db": 0,
 *             "freq_scale": "linear", "overlay_color": "#000000ff", "overlay_opacity": 0.6 },
 *   "mask_settings": { "threshold_db": -60, "relative": false, "lc_db": 0, "floor_db": 60 },
 *   "separation": { … },
 *   "mask": "song.mask.png",
 *   "autosave": { "key": "/home/me/song.specmask", "time": "2026-11-21T10:00:00+01" }
 * }
 *
 * "target", "interferer", "separation" and "autosave" are left out when unset. Doubles are
 * written with 17 significant digits, so they read back bit for bit.
 */
#include "config.h"

#include "sm-project-private.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

/* @path relative to @folder (both absolute and canonical), or NULL when they share no
 * more than the root: going up to / and down again would break as soon as either moved. */
static char *
relative_path (const char *path,
               const char *folder)
{
  g_auto (GStrv) to = g_strsplit (path, G_DIR_SEPARATOR_S, -1);
  g_auto (GStrv) from = g_strsplit (folder, G_DIR_SEPARATOR_S, -1);
  g_autoptr (GPtrArray) to_parts = g_ptr_array_new ();
  g_autoptr (GPtrArray) from_parts = g_ptr_array_new ();
  GString *result;
  guint common = 0;

  /* Empty parts come from the leading separator and from the root folder "/". */
  for (guint i = 0; to[i] != NULL; i++)
    if (to[i][0] != '\0')
      g_ptr_array_add (to_parts, to[i]);
  for (guint i = 0; from[i] != NULL; i++)
    if (from[i][0] != '\0')
      g_ptr_array_add (from_parts, from[i]);

  /* The last part of @path is the file itself and never matches a folder. */
  while (common < from_parts->len && common + 1 < to_parts->len
         && strcmp (g_ptr_array_index (from_parts, common),
                    g_ptr_array_index (to_parts, common)) == 0)
    common++;
  if (common == 0)
    return NULL;

  result = g_string_new (NULL);
  for (guint i = common; i < from_parts->len; i++)
    g_string_append (result, ".." G_DIR_SEPARATOR_S);
  for (guint i = common; i < to_parts->len; i++)
    {
      if (i > common)
        g_string_append_c (result, G_DIR_SEPARATOR);
      g_string_append (result, g_ptr_array_index (to_parts, i));
    }
  return g_string_free (result, FALSE);
}

static gboolean
save_invalid (const char  *display,
              GError     **error,
              const char  *format,
              ...) G_GNUC_PRINTF (3, 4);

static gboolean
save_invalid (const char  *display,
              GError     **error,
              const char  *format,
              ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
               "Could not save project “%s”: %s", display, reason);
  return FALSE;
}

/* Catches what would make a file that does not load back (or not as JSON: json-glib
 * writes NaN as "nan"). */
static gboolean
check_for_save (const SmProject  *project,
                const char       *display,
                GError          **error)
{
  const struct { const char *name; double value; } numbers[] = {
    { "view.floor_db", project->view.floor_db },
    { "view.ceiling_db", project->view.ceiling_db },
    { "view.overlay_opacity", project->view.overlay_opacity },
    { "mask_settings.threshold_db", project->mask_settings.threshold_db },
    { "mask_settings.lc_db", project->mask_settings.lc_db },
    { "mask_settings.floor_db", project->mask_settings.floor_db },
  };
  SmError core_error = { 0 };
  int n_bins;

  if (project->mix_path == NULL || project->mix_path[0] == '\0')
    return save_invalid (display, error, "no mix audio file is set");
  if (project->mask == NULL && project->mask_snapshot == NULL)
    return save_invalid (display, error, "there is no mask");
  if (sm_stft_params_validate (&project->stft, &core_error) != SM_OK)
    return save_invalid (display, error, "%s", core_error.message);
  n_bins = project->mask_snapshot != NULL ? sm_mask_snapshot_n_bins (project->mask_snapshot)
                                          : project->mask->n_bins;
  if (n_bins != project->stft.n_fft / 2 + 1)
    return save_invalid (display, error, "the mask has %d bins, but an STFT of %d points has %d",
                         n_bins, project->stft.n_fft, project->stft.n_fft / 2 + 1);
  for (gsize i = 0; i < G_N_ELEMENTS (numbers); i++)
    if (!isfinite (numbers[i].value))
      return save_invalid (display, error, "%s is not a finite number", numbers[i].name);
  if (!(project->view.overlay_opacity >= 0.0 && project->view.overlay_opacity <= 1.0))
    return save_invalid (display, error, "view.overlay_opacity %g is not between 0 and 1",
                         project->view.overlay_opacity);
  if (project->view.overlay_color != NULL
      && !_sm_project_is_rgba_hex (project->view.overlay_color))
    return save_invalid (display, error, "view.overlay_color “%s” is not of the form #rrggbbaa",
                         project->view.overlay_color);
  return TRUE;
}

/* Adds @path as it is stored: relative to @folder when that works, UTF-8. */
static gboolean
add_path (JsonBuilder  *builder,
          const char   *path,
          const char   *folder,
          const char   *display,
          GError      **error)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *relative = folder != NULL ? relative_path (absolute, folder) : NULL;
  g_autofree char *utf8 = g_filename_to_utf8 (relative != NULL ? relative : absolute, -1,
                                              NULL, NULL, NULL);

  if (utf8 == NULL)
    {
      g_autofree char *shown = g_filename_display_name (path);

      return save_invalid (display, error, "the file name “%s” cannot be stored in UTF-8",
                           shown);
    }
  json_builder_add_string_value (builder, utf8);
  return TRUE;
}

static gboolean
add_path_member (JsonBuilder  *builder,
                 const char   *name,
                 const char   *path,
                 const char   *folder,
                 const char   *display,
                 GError      **error)
{
  if (path == NULL)
    return TRUE;
  json_builder_set_member_name (builder, name);
  return add_path (builder, path, folder, display, error);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_double (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static gboolean
add_audio (JsonBuilder      *builder,
           const SmProject  *project,
           const char       *folder,
           const char       *display,
           GError          **error)
{
  json_builder_set_member_name (builder, "audio");
  json_builder_begin_object (builder);
  if (!add_path_member (builder, "mix", project->mix_path, folder, display, error)
      || !add_path_member (builder, "target", project->target_path, folder, display, error)
      || !add_path_member (builder, "interferer", project->interferer_path, folder, display,
                           error))
    return FALSE;
  json_builder_set_member_name (builder, "training");
  json_builder_begin_array (builder);
  for (guint i = 0; project->training_paths != NULL && project->training_paths[i] != NULL; i++)
    if (!add_path (builder, project->training_paths[i], folder, display, error))
      return FALSE;
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return TRUE;
}

static void
add_settings (JsonBuilder     *builder,
              const SmProject *project)
{
  const SmProjectView *view = &project->view;
  const SmProjectMaskSettings *mask = &project->mask_settings;

  json_builder_set_member_name (builder, "stft");
  json_builder_begin_object (builder);
  add_string (builder, "window", sm_window_name (project->stft.window));
  add_int (builder, "n_fft", project->stft.n_fft);
  add_int (builder, "hop", project->stft.hop);
  add_string (builder, "pad", _sm_project_pad_names[project->stft.pad]);
  add_string (builder, "scaling", _sm_project_scaling_names[project->stft.scaling]);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "view");
  json_builder_begin_object (builder);
  add_string (builder, "colormap", view->colormap != NULL ? view->colormap : "viridis");
  add_double (builder, "floor_db", view->floor_db);
  add_double (builder, "ceiling_db", view->ceiling_db);
  add_string (builder, "freq_scale", view->freq_scale != NULL ? view->freq_scale : "linear");
  add_string (builder, "overlay_color",
              view->overlay_color != NULL ? view->overlay_color : "#000000ff");
  add_double (builder, "overlay_opacity", view->overlay_opacity);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "mask_settings");
  json_builder_begin_object (builder);
  add_double (builder, "threshold_db", mask->threshold_db);
  json_builder_set_member_name (builder, "relative");
  json_builder_add_boolean_value (builder, mask->relative);
  add_double (builder, "lc_db", mask->lc_db);
  add_double (builder, "floor_db", mask->floor_db);
  json_builder_end_object (builder);

  if (project->separation != NULL)
    {
      json_builder_set_member_name (builder, "separation");
      /* The node takes a reference: the caller's object is written as it is. */
      json_builder_add_value (builder, json_node_init_object (json_node_alloc (),
                                                              project->separation));
    }
}

static gboolean
add_stamp (JsonBuilder           *builder,
           const SmProjectStamp  *stamp,
           const char            *display,
           GError               **error)
{
  g_autofree char *key = g_filename_to_utf8 (stamp->key, -1, NULL, NULL, NULL);
  g_autofree char *when = g_date_time_format_iso8601 (stamp->time);

  if (key == NULL)
    {
      g_autofree char *shown = g_filename_display_name (stamp->key);

      return save_invalid (display, error, "the file name “%s” cannot be stored in UTF-8",
                           shown);
    }
  json_builder_set_member_name (builder, "autosave");
  json_builder_begin_object (builder);
  add_string (builder, "key", key);
  add_string (builder, "time", when);
  json_builder_end_object (builder);
  return TRUE;
}

char *
_sm_project_to_json (const SmProject       *project,
                     const char            *path,
                     gboolean               relative_paths,
                     const SmProjectStamp  *stamp,
                     GError               **error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonGenerator) generator = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *mask_path = sm_project_get_mask_path (path);
  g_autofree char *mask_name = g_path_get_basename (mask_path);
  g_autofree char *mask_utf8 = NULL;
  g_autofree char *text = NULL;

  if (!check_for_save (project, display, error))
    return NULL;

  json_builder_begin_object (builder);
  add_int (builder, "format_version", SM_PROJECT_FORMAT_VERSION);
  add_string (builder, "generator", "Specmask " PACKAGE_VERSION);
  if (!add_audio (builder, project, relative_paths ? folder : NULL, display, error))
    return NULL;
  add_settings (builder, project);

  mask_utf8 = g_filename_to_utf8 (mask_name, -1, NULL, NULL, NULL);
  if (mask_utf8 == NULL)
    {
      save_invalid (display, error, "its name cannot be stored in UTF-8");
      return NULL;
    }
  add_string (builder, "mask", mask_utf8);
  if (stamp != NULL && !add_stamp (builder, stamp, display, error))
    return NULL;
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  return g_strconcat (text, "\n", NULL);
}
