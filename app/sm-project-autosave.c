/* sm-project-autosave.c: projects saved in the background, offered back after a crash.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sm-project-private.h"

#include <errno.h>

#include <glib/gstdio.h>

char *
sm_project_get_autosave_dir (void)
{
  /* g_get_user_state_dir() reads the variable once per process; reading it here as well
   * lets tests point each case at a folder of its own. The XDG spec ignores relative
   * values. */
  const char *state = g_getenv ("XDG_STATE_HOME");

  if (state == NULL || !g_path_is_absolute (state))
    state = g_get_user_state_dir ();
  return g_build_filename (state, "specmask", "autosave", NULL);
}

char *
sm_project_autosave_path (const char *key)
{
  g_autofree char *canonical = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *name = NULL;
  g_autofree char *folder = NULL;

  g_return_val_if_fail (key != NULL, NULL);

  canonical = g_canonicalize_filename (key, NULL);
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, canonical, -1);
  name = g_strconcat (hash, SM_PROJECT_SUFFIX, NULL);
  folder = sm_project_get_autosave_dir ();
  return g_build_filename (folder, name, NULL);
}

gboolean
sm_project_write_autosave (const SmProject  *project,
                           const char       *key,
                           GError          **error)
{
  g_autofree char *folder = sm_project_get_autosave_dir ();
  g_autofree char *path = NULL;
  g_autofree char *canonical = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  SmProjectStamp stamp;

  g_return_val_if_fail (project != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Private: the audio paths say what the user works on. */
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (folder);

      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_IO,
                   "Could not create the autosave folder “%s”: %s", display,
                   g_strerror (saved_errno));
      return FALSE;
    }
  canonical = g_canonicalize_filename (key, NULL);
  path = sm_project_autosave_path (canonical);
  stamp = (SmProjectStamp) { canonical, now };
  /* Absolute paths: the autosave folder has nothing to do with where the audio is. */
  return _sm_project_save_full (project, path, FALSE, &stamp, error);
}

/* A string member, or NULL when it is missing or of another type (no criticals: an
 * autosave is only trusted once it is known to be one). */
static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* The key and time recorded in @path, or NULL when it is not a complete autosave. */
static SmProjectAutosave *
read_autosave (const char *path)
{
  g_autoptr (JsonNode) root = _sm_project_parse_file (path, NULL);
  g_autofree char *mask_path = sm_project_get_mask_path (path);
  g_autoptr (SmProjectAutosave) autosave = NULL;
  g_autoptr (GDateTime) written = NULL;
  JsonNode *stamp;
  const char *key;
  const char *when;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  stamp = json_object_get_member (json_node_get_object (root), "autosave");
  if (stamp == NULL || !JSON_NODE_HOLDS_OBJECT (stamp))
    return NULL;
  key = string_member (json_node_get_object (stamp), "key");
  when = string_member (json_node_get_object (stamp), "time");
  if (key == NULL || when == NULL || !g_file_test (mask_path, G_FILE_TEST_IS_REGULAR))
    return NULL;
  written = g_date_time_new_from_iso8601 (when, NULL);
  if (written == NULL)
    return NULL;

  autosave = g_new0 (SmProjectAutosave, 1);
  autosave->path = g_strdup (path);
  autosave->key = g_filename_from_utf8 (key, -1, NULL, NULL, NULL);
  autosave->time = g_date_time_to_local (written);
  if (autosave->key == NULL)
    return NULL;
  return g_steal_pointer (&autosave);
}

static int
newest_first (gconstpointer a,
              gconstpointer b)
{
  const SmProjectAutosave *first = *(SmProjectAutosave *const *) a;
  const SmProjectAutosave *second = *(SmProjectAutosave *const *) b;

  return g_date_time_compare (second->time, first->time);
}

GPtrArray *
sm_project_list_autosaves (GError **error)
{
  g_autofree char *folder = sm_project_get_autosave_dir ();
  g_autoptr (GPtrArray) list =
    g_ptr_array_new_with_free_func ((GDestroyNotify) sm_project_autosave_free);
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GError) dir_error = NULL;
  const char *name;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dir = g_dir_open (folder, 0, &dir_error);
  if (dir == NULL)
    {
      g_autofree char *display = NULL;

      if (g_error_matches (dir_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&list);
      display = g_filename_display_name (folder);
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_IO,
                   "Could not read the autosave folder “%s”: %s", display,
                   dir_error->message);
      return NULL;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      SmProjectAutosave *autosave;

      /* Hidden names are temporaries of a save in progress (or cut short). */
      if (name[0] == '.' || !g_str_has_suffix (name, SM_PROJECT_SUFFIX))
        continue;
      path = g_build_filename (folder, name, NULL);
      autosave = read_autosave (path);
      if (autosave != NULL)
        g_ptr_array_add (list, autosave);
      else
        g_debug ("Skipping %s: not a complete autosave", path);
    }
  g_ptr_array_sort (list, newest_first);
  return g_steal_pointer (&list);
}

gboolean
sm_project_discard_autosave (const char  *autosave_path,
                             GError     **error)
{
  g_autofree char *mask_path = NULL;
  const char *paths[2];

  g_return_val_if_fail (autosave_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The JSON first: without it, a leftover mask is never offered back. */
  mask_path = sm_project_get_mask_path (autosave_path);
  paths[0] = autosave_path;
  paths[1] = mask_path;
  for (gsize i = 0; i < G_N_ELEMENTS (paths); i++)
    if (g_unlink (paths[i]) != 0 && errno != ENOENT)
      {
        int saved_errno = errno;
        g_autofree char *display = g_filename_display_name (paths[i]);

        g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_IO,
                     "Could not remove the autosave “%s”: %s", display,
                     g_strerror (saved_errno));
        return FALSE;
      }
  return TRUE;
}

void
sm_project_autosave_free (SmProjectAutosave *autosave)
{
  if (autosave == NULL)
    return;
  g_free (autosave->path);
  g_free (autosave->key);
  g_clear_pointer (&autosave->time, g_date_time_unref);
  g_free (autosave);
}
