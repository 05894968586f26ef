/* sm-project-read.c: projects from JSON, with every member checked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The format is described in sm-project-write.c. A missing member or null keeps the default
 * of sm_project_new(); members this version does not know are ignored.
 */
#include "config.h"

#include "sm-project-private.h"

#include <math.h>
#include <stdarg.h>

static int
name_index (const char *const *names,
            int                n_names,
            const char        *name)
{
  for (int i = 0; i < n_names; i++)
    if (g_strcmp0 (names[i], name) == 0)
      return i;
  return -1;
}

/* One JSON object being read, and where it is for messages. A missing member or null
 * leaves the value as it was (the default). */
typedef struct
{
  JsonObject *object;    /* NULL when the whole section is missing */
  const char *section;   /* "stft", "view", …; NULL at the top level */
  const char *display;   /* the project file */
} Reader;

static gboolean
read_invalid (const Reader  *r,
              const char    *name,
              GError       **error,
              const char    *format,
              ...) G_GNUC_PRINTF (4, 5);

static gboolean
read_invalid (const Reader  *r,
              const char    *name,
              GError       **error,
              const char    *format,
              ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
               "Could not open project “%s”: “%s%s%s” %s", r->display,
               r->section != NULL ? r->section : "", r->section != NULL ? "." : "", name,
               reason);
  return FALSE;
}

static JsonNode *
reader_get (const Reader *r,
            const char   *name)
{
  JsonNode *node;

  if (r->object == NULL || !json_object_has_member (r->object, name))
    return NULL;
  node = json_object_get_member (r->object, name);
  return JSON_NODE_HOLDS_NULL (node) ? NULL : node;
}

static gboolean
holds_type (JsonNode *node,
            GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static gboolean
read_string (const Reader  *r,
             const char    *name,
             char         **value,
             GError       **error)
{
  JsonNode *node = reader_get (r, name);

  if (node == NULL)
    return TRUE;
  if (!holds_type (node, G_TYPE_STRING))
    return read_invalid (r, name, error, "must be a string");
  g_free (*value);
  *value = json_node_dup_string (node);
  return TRUE;
}

static gboolean
read_double (const Reader  *r,
             const char    *name,
             double        *value,
             GError       **error)
{
  JsonNode *node = reader_get (r, name);

  if (node == NULL)
    return TRUE;
  /* "60" parses as an integer: both are numbers. */
  if (!holds_type (node, G_TYPE_DOUBLE) && !holds_type (node, G_TYPE_INT64))
    return read_invalid (r, name, error, "must be a number");
  if (!isfinite (json_node_get_double (node)))
    return read_invalid (r, name, error, "must be a finite number");
  *value = json_node_get_double (node);
  return TRUE;
}

static gboolean
read_int (const Reader  *r,
          const char    *name,
          int           *value,
          GError       **error)
{
  JsonNode *node = reader_get (r, name);

  if (node == NULL)
    return TRUE;
  if (!holds_type (node, G_TYPE_INT64))
    return read_invalid (r, name, error, "must be an integer");
  if (json_node_get_int (node) < G_MININT || json_node_get_int (node) > G_MAXINT)
    return read_invalid (r, name, error, "is out of range");
  *value = (int) json_node_get_int (node);
  return TRUE;
}

static gboolean
read_boolean (const Reader  *r,
              const char    *name,
              gboolean      *value,
              GError       **error)
{
  JsonNode *node = reader_get (r, name);

  if (node == NULL)
    return TRUE;
  if (!holds_type (node, G_TYPE_BOOLEAN))
    return read_invalid (r, name, error, "must be true or false");
  *value = json_node_get_boolean (node);
  return TRUE;
}

/* @object is borrowed from @r's object, NULL when missing. */
static gboolean
read_object (const Reader  *r,
             const char    *name,
             JsonObject   **object,
             GError       **error)
{
  JsonNode *node = reader_get (r, name);

  *object = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return read_invalid (r, name, error, "must be an object");
  *object = json_node_get_object (node);
  return TRUE;
}

/* A file name from the JSON, made absolute against @folder. */
static gboolean
resolve_path (const Reader  *r,
              const char    *name,
              const char    *text,
              const char    *folder,
              char         **path,
              GError       **error)
{
  g_autofree char *filename = NULL;

  if (text[0] == '\0')
    return read_invalid (r, name, error, "is an empty file name");
  filename = g_filename_from_utf8 (text, -1, NULL, NULL, NULL);
  if (filename == NULL)
    return read_invalid (r, name, error, "cannot be a file name here");
  g_free (*path);
  *path = g_canonicalize_filename (filename, folder);
  return TRUE;
}

static gboolean
read_path (const Reader  *r,
           const char    *name,
           const char    *folder,
           char         **path,
           GError       **error)
{
  g_autofree char *text = NULL;

  if (!read_string (r, name, &text, error))
    return FALSE;
  return text == NULL || resolve_path (r, name, text, folder, path, error);
}

static gboolean
read_training (const Reader  *r,
               SmProject     *project,
               const char    *folder,
               GError       **error)
{
  JsonNode *node = reader_get (r, "training");
  JsonArray *array;
  g_auto (GStrv) paths = NULL;
  guint n;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return read_invalid (r, "training", error, "must be a list of file names");
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  paths = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!holds_type (element, G_TYPE_STRING))
        return read_invalid (r, "training", error, "must be a list of file names");
      if (!resolve_path (r, "training", json_node_get_string (element), folder, &paths[i],
                         error))
        return FALSE;
    }
  g_strfreev (project->training_paths);
  project->training_paths = g_steal_pointer (&paths);
  return TRUE;
}

static gboolean
read_audio (const Reader  *top,
            SmProject     *project,
            const char    *folder,
            GError       **error)
{
  Reader r = { NULL, "audio", top->display };

  if (!read_object (top, "audio", &r.object, error)
      || !read_path (&r, "mix", folder, &project->mix_path, error)
      || !read_path (&r, "target", folder, &project->target_path, error)
      || !read_path (&r, "interferer", folder, &project->interferer_path, error)
      || !read_training (&r, project, folder, error))
    return FALSE;
  if (project->mix_path == NULL)
    return read_invalid (&r, "mix", error, "is missing: a project needs a mix audio file");
  return TRUE;
}

static gboolean
read_stft (const Reader  *top,
           SmStftParams  *stft,
           GError       **error)
{
  Reader r = { NULL, "stft", top->display };
  g_autofree char *window = NULL;
  g_autofree char *pad = NULL;
  g_autofree char *scaling = NULL;
  SmError core_error = { 0 };
  int index;

  if (!read_object (top, "stft", &r.object, error)
      || !read_string (&r, "window", &window, error)
      || !read_int (&r, "n_fft", &stft->n_fft, error)
      || !read_int (&r, "hop", &stft->hop, error)
      || !read_string (&r, "pad", &pad, error)
      || !read_string (&r, "scaling", &scaling, error))
    return FALSE;

  /* The mask's grid depends on these, so a name this version does not know is an error,
   * not something to guess. */
  if (window != NULL && sm_window_from_name (window, &stft->window) != SM_OK)
    return read_invalid (&r, "window", error, "“%s” is not a window this version knows",
                         window);
  if (pad != NULL)
    {
      if ((index = name_index (_sm_project_pad_names, SM_N_PAD_MODES, pad)) < 0)
        return read_invalid (&r, "pad", error, "“%s” is not none, zero or reflect", pad);
      stft->pad = (SmPadMode) index;
    }
  if (scaling != NULL)
    {
      if ((index = name_index (_sm_project_scaling_names, SM_N_SCALINGS, scaling)) < 0)
        return read_invalid (&r, "scaling", error, "“%s” is not none or window-sum",
                             scaling);
      stft->scaling = (SmScaling) index;
    }
  if (sm_stft_params_validate (stft, &core_error) != SM_OK)
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
                   "Could not open project “%s”: stft: %s", top->display, core_error.message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_view (const Reader   *top,
           SmProjectView  *view,
           GError        **error)
{
  Reader r = { NULL, "view", top->display };

  if (!read_object (top, "view", &r.object, error)
      || !read_string (&r, "colormap", &view->colormap, error)
      || !read_double (&r, "floor_db", &view->floor_db, error)
      || !read_double (&r, "ceiling_db", &view->ceiling_db, error)
      || !read_string (&r, "freq_scale", &view->freq_scale, error)
      || !read_string (&r, "overlay_color", &view->overlay_color, error)
      || !read_double (&r, "overlay_opacity", &view->overlay_opacity, error))
    return FALSE;
  if (!_sm_project_is_rgba_hex (view->overlay_color))
    return read_invalid (&r, "overlay_color", error, "must be of the form #rrggbbaa, not “%s”",
                         view->overlay_color);
  if (view->overlay_opacity < 0.0 || view->overlay_opacity > 1.0)
    return read_invalid (&r, "overlay_opacity", error, "must be between 0 and 1");
  return TRUE;
}

static gboolean
read_mask_settings (const Reader           *top,
                    SmProjectMaskSettings  *settings,
                    GError                **error)
{
  Reader r = { NULL, "mask_settings", top->display };

  return read_object (top, "mask_settings", &r.object, error)
         && read_double (&r, "threshold_db", &settings->threshold_db, error)
         && read_boolean (&r, "relative", &settings->relative, error)
         && read_double (&r, "lc_db", &settings->lc_db, error)
         && read_double (&r, "floor_db", &settings->floor_db, error);
}

SmProject *
_sm_project_from_json (JsonNode    *root,
                       const char  *path,
                       char       **mask_path,
                       GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr (SmProject) project = NULL;
  Reader top = { NULL, NULL, display };
  JsonObject *separation;
  g_autofree char *mask = sm_project_get_mask_path (path);

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
                   "Could not open project “%s”: it is not a Specmask project (the JSON is "
                   "not an object)", display);
      return NULL;
    }
  top.object = json_node_get_object (root);
  project = sm_project_new ();

  /* First, so that a newer file is not blamed for members whose meaning has changed. */
  if (!read_int (&top, "format_version", &project->format_version, error))
    return NULL;
  if (project->format_version > SM_PROJECT_FORMAT_VERSION)
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_VERSION,
                   "Could not open project “%s”: it was saved by a newer version of Specmask "
                   "(project format %d; this version reads format %d and older)", display,
                   project->format_version, SM_PROJECT_FORMAT_VERSION);
      return NULL;
    }
  if (project->format_version < 1)
    {
      read_invalid (&top, "format_version", error, "must be 1 or more");
      return NULL;
    }

  if (!read_audio (&top, project, folder, error)
      || !read_stft (&top, &project->stft, error)
      || !read_view (&top, &project->view, error)
      || !read_mask_settings (&top, &project->mask_settings, error)
      || !read_object (&top, "separation", &separation, error)
      || !read_path (&top, "mask", folder, &mask, error))
    return NULL;
  if (separation != NULL)
    project->separation = json_object_ref (separation);

  *mask_path = g_steal_pointer (&mask);
  return g_steal_pointer (&project);
}
