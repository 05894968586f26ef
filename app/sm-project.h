/* sm-project.h: Specmask projects: a JSON file plus the mask as a PNG image beside it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A project P.specmask names the audio files of a session, holds every parameter the
 * editor needs to show and process them, and comes with P.mask.png, the mask in the
 * format of sm-mask-png.h. Audio paths are stored relative to the project's folder when
 * they share more than the file system root with it ("x.wav", "../b/y.wav"), so a folder
 * holding a project and its audio can be moved or copied as a whole; other paths are
 * stored absolute. The JSON itself is UTF-8, so file names must be convertible to UTF-8
 * (g_filename_to_utf8()).
 *
 * Loading reads the JSON and the mask only; opening the audio is the caller's business.
 * Missing members get the defaults of sm_project_new(), unknown members are ignored, and a
 * member of the wrong type, a value out of range or a newer format is an error that names
 * the file and the member.
 *
 * Autosaves (crash recovery) are projects written with absolute paths to
 * $XDG_STATE_HOME/specmask/autosave/, one per session, named after a hash of a key: the
 * project's path, or the mix's path for a session never saved. Each records its key and
 * the time it was written, so that the next start can offer it back.
 *
 * Not thread-safe for one project; different projects may be handled on different threads.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "specmask-core.h"

G_BEGIN_DECLS

/* The format this version writes, and the newest it reads. */
#define SM_PROJECT_FORMAT_VERSION 1
/* The extension of project files; the mask of P.specmask is P.mask.png. */
#define SM_PROJECT_SUFFIX         ".specmask"
#define SM_PROJECT_MASK_SUFFIX    ".mask.png"

#define SM_PROJECT_ERROR (sm_project_error_quark ())

/**
 * SmProjectError:
 * @SM_PROJECT_ERROR_IO: a file could not be read, created or replaced
 * @SM_PROJECT_ERROR_PARSE: the project file is not JSON
 * @SM_PROJECT_ERROR_INVALID: the JSON is not a valid project (a member of the wrong type,
 *   a value out of range, a file name that is not UTF-8), or, when saving, the #SmProject
 *   holds such a value
 * @SM_PROJECT_ERROR_VERSION: the project was written by a newer Specmask
 * @SM_PROJECT_ERROR_MASK: the mask image is missing, unreadable or does not fit the STFT
 *
 * Error codes in the %SM_PROJECT_ERROR domain. Every message names the file concerned.
 */
typedef enum
{
  SM_PROJECT_ERROR_IO,
  SM_PROJECT_ERROR_PARSE,
  SM_PROJECT_ERROR_INVALID,
  SM_PROJECT_ERROR_VERSION,
  SM_PROJECT_ERROR_MASK,
} SmProjectError;

GQuark sm_project_error_quark (void);

/**
 * SmProjectView:
 * @colormap: a name sm_colormap_name() returns; a name this version does not know is
 *   kept as it is (the view falls back to its default)
 * @floor_db: the level drawn with the colour map's first colour, in dB
 * @ceiling_db: the level drawn with its last colour, in dB
 * @freq_scale: "linear", "log" or "mel"; unknown names are kept as @colormap is
 * @overlay_color: colour of the bins the mask removes, "#rrggbbaa"
 * @overlay_opacity: opacity of that overlay, 0 to 1
 */
typedef struct
{
  char   *colormap;
  double  floor_db;
  double  ceiling_db;
  char   *freq_scale;
  char   *overlay_color;
  double  overlay_opacity;
} SmProjectView;

/**
 * SmProjectMaskSettings:
 *
 * The settings the mask tools used last, so that they open as the user left them:
 * a magnitude threshold (sm_mask_threshold()) and the ideal binary mask's local criterion
 * and floor (sm_mask_ibm()).
 */
typedef struct
{
  double   threshold_db;
  gboolean relative;
  double   lc_db;
  double   floor_db;
} SmProjectMaskSettings;

/**
 * SmProject:
 * @format_version: after sm_project_load(), the version the file was written in; saving
 *   always writes %SM_PROJECT_FORMAT_VERSION
 * @mix_path: the mixture (absolute once loaded); required to save
 * @target_path: (nullable): the reference of the wanted sound
 * @interferer_path: (nullable): the reference of everything else
 * @training_paths: (nullable): examples for separation (never %NULL once loaded or new)
 * @stft: the analysis grid of @mask
 * @view: how the spectrogram is shown
 * @mask_settings: the mask tools' last settings
 * @separation: (nullable): separation settings, kept as they are: saving writes them back
 *   untouched
 * @mask: (nullable): the mask, owned; required to save, with @stft.n_fft / 2 + 1 bins
 *
 * A plain struct: set the members directly; strings and the mask are owned and freed by
 * sm_project_free().
 */
typedef struct
{
  int                    format_version;
  char                  *mix_path;
  char                  *target_path;
  char                  *interferer_path;
  GStrv                  training_paths;
  SmStftParams           stft;
  SmProjectView          view;
  SmProjectMaskSettings  mask_settings;
  JsonObject            *separation;
  SmMask                *mask;
  /* When set, saved instead of @mask: the mask as it was when the snapshot was taken,
   * while the editor goes on (autosave in the background). */
  SmMaskSnapshot        *mask_snapshot;
} SmProject;

/**
 * SmProjectAutosave:
 * @path: the autosave file, for sm_project_load() and sm_project_discard_autosave()
 * @key: the key it was written under (the project's or the mix's path)
 * @time: when it was written, in local time
 */
typedef struct
{
  char      *path;
  char      *key;
  GDateTime *time;
} SmProjectAutosave;

/* Returns: (transfer full): defaults: sm_stft_params_default() at 44.1 kHz, viridis from
 * -100 to 0 dB on a linear axis, a black overlay at 0.6, the mask tools' defaults, no
 * files, no mask and no separation settings. */
SmProject  *sm_project_new                (void);
void        sm_project_free               (SmProject        *project);

/* Returns: (transfer full): where the mask of @project_path goes: P.specmask gives
 * P.mask.png; any other name gets SM_PROJECT_MASK_SUFFIX appended. */
char       *sm_project_get_mask_path      (const char       *project_path);

/**
 * sm_project_save:
 * @project: the project; @mix_path and @mask must be set
 * @path: the project file to create or replace, conventionally ending in SM_PROJECT_SUFFIX
 * @error: return location for an error
 *
 * Writes the JSON to @path and the mask to sm_project_get_mask_path (@path). Both are
 * written in full to hidden temporary files in the same folder first and only then renamed
 * into place, the image first. If anything fails, the temporaries are removed and the
 * files that were there before are left as they were (should the last rename fail, the old
 * mask is put back through a hard link; on file systems without them, only a failure of
 * that last rename, after every byte is written, can leave the new mask with the old JSON).
 * Relative paths in @project are taken relative to the current folder.
 *
 * Returns: %TRUE on success; %FALSE with @error set (%SM_PROJECT_ERROR_IO,
 *   %SM_PROJECT_ERROR_INVALID).
 */
gboolean    sm_project_save               (const SmProject  *project,
                                           const char       *path,
                                           GError          **error);

/**
 * sm_project_load:
 * @path: a project file
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the project with absolute paths and its mask, or
 *   %NULL with @error set (any #SmProjectError).
 */
SmProject  *sm_project_load               (const char       *path,
                                           GError          **error);

/* Returns: (transfer full): $XDG_STATE_HOME/specmask/autosave (read on every call, so that
 * tests may change it; g_get_user_state_dir() when unset or relative). */
char       *sm_project_get_autosave_dir   (void);

/* Returns: (transfer full): the autosave file for @key: the folder above, then the SHA-256
 * of @key made absolute and canonical, then SM_PROJECT_SUFFIX. */
char       *sm_project_autosave_path      (const char       *key);

/**
 * sm_project_write_autosave:
 * @project: as for sm_project_save()
 * @key: the project's path, or for a session never saved the mix's path
 * @error: return location for an error
 *
 * Saves @project to sm_project_autosave_path (@key), with absolute paths and @key and the
 * current time recorded in it, creating the folder (private to the user) if needed. As
 * atomic as sm_project_save(): a crash leaves the previous autosave whole.
 *
 * Returns: %TRUE on success; %FALSE with @error set.
 */
gboolean    sm_project_write_autosave     (const SmProject  *project,
                                           const char       *key,
                                           GError          **error);

/**
 * sm_project_list_autosaves:
 * @error: return location for an error
 *
 * Lists the autosaves that could be offered back: files in the autosave folder that parse
 * and record a key, and whose mask image exists. Temporary files and anything else are
 * skipped. A missing folder gives an empty list.
 *
 * Returns: (transfer full) (element-type SmProjectAutosave): newest first; %NULL with
 *   @error set (%SM_PROJECT_ERROR_IO) when the folder exists but cannot be read.
 */
GPtrArray  *sm_project_list_autosaves     (GError          **error);

/**
 * sm_project_discard_autosave:
 * @autosave_path: an autosave's path (SmProjectAutosave.path or sm_project_autosave_path())
 * @error: return location for an error
 *
 * Removes the autosave and its mask image. Files already gone are not an error.
 *
 * Returns: %TRUE on success; %FALSE with @error set (%SM_PROJECT_ERROR_IO).
 */
gboolean    sm_project_discard_autosave   (const char       *autosave_path,
                                           GError          **error);

void        sm_project_autosave_free      (SmProjectAutosave *autosave);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmProject, sm_project_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmProjectAutosave, sm_project_autosave_free)

G_END_DECLS
