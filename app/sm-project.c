/* sm-project.c: Specmask projects: the struct, atomic saving and loading.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sm-project-private.h"
#include "sm-mask-png.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

/* The mask tools' threshold when the user has not chosen one: quiet but not silent. */
#define DEFAULT_THRESHOLD_DB -60.0

G_DEFINE_QUARK (sm-project-error-quark, sm_project_error)

/* As specmask-cli spells them (--pad), so that both read alike. */
const char *const _sm_project_pad_names[SM_N_PAD_MODES] = {
  [SM_PAD_NONE] = "none",
  [SM_PAD_ZERO] = "zero",
  [SM_PAD_REFLECT] = "reflect",
};

const char *const _sm_project_scaling_names[SM_N_SCALINGS] = {
  [SM_SCALE_NONE] = "none",
  [SM_SCALE_WINDOW_SUM] = "window-sum",
};

gboolean
_sm_project_is_rgba_hex (const char *color)
{
  if (color == NULL || strlen (color) != 9 || color[0] != '#')
    return FALSE;
  for (int i = 1; i < 9; i++)
    if (!g_ascii_isxdigit (color[i]))
      return FALSE;
  return TRUE;
}

SmProject *
sm_project_new (void)
{
  SmProject *project = g_new0 (SmProject, 1);

  project->format_version = SM_PROJECT_FORMAT_VERSION;
  project->training_paths = g_new0 (char *, 1);
  sm_stft_params_default (&project->stft, 44100);
  project->view = (SmProjectView) {
    .colormap = g_strdup ("viridis"),
    .floor_db = -100.0,
    .ceiling_db = 0.0,
    .freq_scale = g_strdup ("linear"),
    .overlay_color = g_strdup ("#000000ff"),
    .overlay_opacity = 0.6,
  };
  project->mask_settings = (SmProjectMaskSettings) {
    .threshold_db = DEFAULT_THRESHOLD_DB,
    .relative = FALSE,
    .lc_db = SM_IBM_DEFAULT_LC_DB,
    .floor_db = SM_IBM_DEFAULT_FLOOR_DB,
  };
  return project;
}

void
sm_project_free (SmProject *project)
{
  if (project == NULL)
    return;
  g_free (project->mix_path);
  g_free (project->target_path);
  g_free (project->interferer_path);
  g_strfreev (project->training_paths);
  g_free (project->view.colormap);
  g_free (project->view.freq_scale);
  g_free (project->view.overlay_color);
  g_clear_pointer (&project->separation, json_object_unref);
  sm_mask_free (&project->mask);
  sm_mask_snapshot_unref (project->mask_snapshot);
  g_free (project);
}

char *
sm_project_get_mask_path (const char *project_path)
{
  g_autofree char *base = NULL;

  g_return_val_if_fail (project_path != NULL, NULL);

  /* A file named just ".specmask" has no stem to keep. */
  base = g_path_get_basename (project_path);
  if (g_str_has_suffix (base, SM_PROJECT_SUFFIX) && strcmp (base, SM_PROJECT_SUFFIX) != 0)
    {
      g_autofree char *stem = g_strndup (project_path,
                                         strlen (project_path) - strlen (SM_PROJECT_SUFFIX));

      return g_strconcat (stem, SM_PROJECT_MASK_SUFFIX, NULL);
    }
  return g_strconcat (project_path, SM_PROJECT_MASK_SUFFIX, NULL);
}

/* ----- Saving ----- */

static gboolean
save_failed (const char  *display,
             GError     **error,
             const char  *what,
             const char  *file,
             int          saved_errno)
{
  g_autofree char *shown = g_filename_display_name (file);

  g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_IO,
               "Could not save project “%s”: %s “%s”: %s", display, what, shown,
               g_strerror (saved_errno));
  return FALSE;
}

/* Creates an empty hidden file beside @path, ".name.XXXXXX", and returns its path. Beside,
 * not in /tmp: rename() only works within one file system. 0666 rather than 0600, so the
 * result gets the permissions any new file would. */
static char *
make_temp (const char  *path,
           const char  *display,
           GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_strdup_printf (".%s.XXXXXX", base);
  g_autofree char *tmp = g_build_filename (folder, name, NULL);
  int fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0666);

  if (fd < 0)
    {
      save_failed (display, error, "could not create a file in", folder, errno);
      return NULL;
    }
  close (fd);
  return g_steal_pointer (&tmp);
}

/* Writes @text to a new temporary beside @path and syncs it, so that a full disk shows up
 * here rather than after the rename. */
static char *
write_temp (const char  *path,
            const char  *text,
            const char  *display,
            GError     **error)
{
  g_autofree char *tmp = make_temp (path, display, error);
  size_t left = strlen (text);
  int fd;

  if (tmp == NULL)
    return NULL;
  fd = g_open (tmp, O_WRONLY | O_CLOEXEC, 0);
  if (fd < 0)
    goto fail;
  while (left > 0)
    {
      ssize_t n = write (fd, text, left);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        goto fail;
      text += n;
      left -= (size_t) n;
    }
  if (fsync (fd) != 0)
    goto fail;
  if (close (fd) != 0)
    {
      fd = -1;
      goto fail;
    }
  return g_steal_pointer (&tmp);

fail:
  {
    int saved_errno = errno;

    if (fd >= 0)
      close (fd);
    g_unlink (tmp);
    save_failed (display, error, "could not write", path, saved_errno);
    return NULL;
  }
}

/* A second name for the current @path, so that it can be put back if the save fails after
 * the new file has replaced it. NULL when there is no file, or the file system has no
 * hard links (then a failed last rename cannot be undone; it is the least likely step). */
static char *
keep_old (const char *path)
{
  g_autofree char *folder = NULL;
  g_autofree char *name = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *base = NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return NULL;
  folder = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  name = g_strdup_printf (".%s.old-%08x%08x", base, g_random_int (), g_random_int ());
  backup = g_build_filename (folder, name, NULL);
  if (link (path, backup) != 0)
    return NULL;
  return g_steal_pointer (&backup);
}

/* Makes the renames durable. Best effort: some file systems refuse to sync a folder. */
static void
sync_folder (const char *folder)
{
  int fd = g_open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd < 0)
    return;
  (void) fsync (fd);
  close (fd);
}

gboolean
_sm_project_save_full (const SmProject       *project,
                       const char            *path,
                       gboolean               relative_paths,
                       const SmProjectStamp  *stamp,
                       GError               **error)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *display = g_filename_display_name (absolute);
  g_autofree char *folder = g_path_get_dirname (absolute);
  g_autofree char *mask_path = sm_project_get_mask_path (absolute);
  g_autofree char *text = NULL;
  g_autofree char *tmp_png = NULL;
  g_autofree char *tmp_json = NULL;
  g_autofree char *backup = NULL;
  g_autoptr (GError) png_error = NULL;
  gboolean had_mask;
  int saved_errno;

  text = _sm_project_to_json (project, absolute, relative_paths, stamp, error);
  if (text == NULL)
    return FALSE;

  /* A folder in the way would only stop the renames, after the work is done. */
  if (g_file_test (absolute, G_FILE_TEST_IS_DIR))
    return save_failed (display, error, "cannot replace", absolute, EISDIR);
  if (g_file_test (mask_path, G_FILE_TEST_IS_DIR))
    return save_failed (display, error, "cannot replace", mask_path, EISDIR);

  /* Everything is written in full before anything is replaced. */
  tmp_png = make_temp (mask_path, display, error);
  if (tmp_png == NULL)
    return FALSE;
  if (project->mask_snapshot != NULL
      ? !sm_mask_png_save_snapshot (project->mask_snapshot, tmp_png, &png_error)
      : !sm_mask_png_save (project->mask, tmp_png, &png_error))
    {
      g_unlink (tmp_png);
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_IO,
                   "Could not save project “%s”: %s", display, png_error->message);
      return FALSE;
    }
  tmp_json = write_temp (absolute, text, display, error);
  if (tmp_json == NULL)
    {
      g_unlink (tmp_png);
      return FALSE;
    }

  /* The image first, so that the JSON's rename commits the save: once the new JSON is in
   * place, so is its mask. Only a crash between the two renames can pair the old JSON
   * with the new mask. */
  had_mask = g_file_test (mask_path, G_FILE_TEST_EXISTS);
  backup = keep_old (mask_path);
  if (g_rename (tmp_png, mask_path) != 0)
    {
      saved_errno = errno;
      g_unlink (tmp_png);
      g_unlink (tmp_json);
      if (backup != NULL)
        g_unlink (backup);
      return save_failed (display, error, "could not replace", mask_path, saved_errno);
    }
  if (g_rename (tmp_json, absolute) != 0)
    {
      saved_errno = errno;
      g_unlink (tmp_json);
      if (backup != NULL)
        g_rename (backup, mask_path);
      else if (!had_mask)
        g_unlink (mask_path);
      return save_failed (display, error, "could not replace", absolute, saved_errno);
    }
  if (backup != NULL)
    g_unlink (backup);
  sync_folder (folder);
  return TRUE;
}

gboolean
sm_project_save (const SmProject  *project,
                 const char       *path,
                 GError          **error)
{
  g_return_val_if_fail (project != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return _sm_project_save_full (project, path, TRUE, NULL, error);
}

/* ----- Loading ----- */

static gboolean
read_all (const char  *path,
          GBytes     **contents,
          GError     **error)
{
  g_autoptr (GByteArray) data = g_byte_array_new ();
  guint8 buffer[16384];
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    goto fail;
  for (;;)
    {
      ssize_t n = read (fd, buffer, sizeof buffer);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        goto fail;
      if (n == 0)
        break;
      g_byte_array_append (data, buffer, (guint) n);
    }
  close (fd);
  *contents = g_byte_array_free_to_bytes (g_steal_pointer (&data));
  return TRUE;

fail:
  {
    int saved_errno = errno;
    g_autofree char *display = g_filename_display_name (path);

    if (fd >= 0)
      close (fd);
    g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_IO,
                 "Could not open project “%s”: %s", display, g_strerror (saved_errno));
    return FALSE;
  }
}

JsonNode *
_sm_project_parse_file (const char  *path,
                        GError     **error)
{
  g_autoptr (GBytes) contents = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) json_error = NULL;
  g_autofree char *display = g_filename_display_name (path);
  gsize size;
  const char *data;

  if (!read_all (path, &contents, error))
    return NULL;
  data = g_bytes_get_data (contents, &size);
  if (size == 0)
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_PARSE,
                   "Could not open project “%s”: the file is empty", display);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, (gssize) size, &json_error))
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_PARSE,
                   "Could not open project “%s”: it is not valid JSON (%s)", display,
                   json_error->message);
      return NULL;
    }
  /* Only white space. */
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_PARSE,
                   "Could not open project “%s”: the file is empty", display);
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
}

SmProject *
sm_project_load (const char  *path,
                 GError     **error)
{
  g_autofree char *absolute = NULL;
  g_autofree char *display = NULL;
  g_autofree char *mask_path = NULL;
  g_autofree char *mask_display = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (SmProject) project = NULL;
  g_autoptr (GError) png_error = NULL;
  int n_bins;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  absolute = g_canonicalize_filename (path, NULL);
  display = g_filename_display_name (absolute);
  root = _sm_project_parse_file (absolute, error);
  if (root == NULL)
    return NULL;
  project = _sm_project_from_json (root, absolute, &mask_path, error);
  if (project == NULL)
    return NULL;

  mask_display = g_filename_display_name (mask_path);
  if (!g_file_test (mask_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_MASK,
                   "Could not open project “%s”: its mask image “%s” is missing", display,
                   mask_display);
      return NULL;
    }
  project->mask = sm_mask_png_load (mask_path, &png_error);
  if (project->mask == NULL)
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_MASK,
                   "Could not open project “%s”: %s", display, png_error->message);
      return NULL;
    }
  n_bins = project->stft.n_fft / 2 + 1;
  if (project->mask->n_bins != n_bins)
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_MASK,
                   "Could not open project “%s”: its mask image “%s” is %d pixels high, but "
                   "an STFT of %d points has %d bins", display, mask_display,
                   project->mask->n_bins, project->stft.n_fft, n_bins);
      return NULL;
    }
  return g_steal_pointer (&project);
}
