/* sm-project-private.h: what the sm-project-*.c files share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sm-project.h"

G_BEGIN_DECLS

/* The names the file uses for the STFT's enums. */
extern const char *const _sm_project_pad_names[SM_N_PAD_MODES];
extern const char *const _sm_project_scaling_names[SM_N_SCALINGS];

/* "#rrggbbaa", the only colour syntax the file uses. */
gboolean   _sm_project_is_rgba_hex   (const char            *color);

/* Written into autosaves only: the session they belong to. */
typedef struct
{
  const char *key;
  GDateTime  *time;
} SmProjectStamp;

/* The JSON text of @project, to be saved at @path (absolute and canonical). Audio paths
 * are made relative to @path's folder when @relative_paths is TRUE and they share more
 * than the root with it, absolute otherwise; the mask is named relative to that folder. */
char      *_sm_project_to_json       (const SmProject       *project,
                                      const char            *path,
                                      gboolean               relative_paths,
                                      const SmProjectStamp  *stamp,
                                      GError               **error);

/* The project in @root, read from @path (absolute and canonical), without its mask and
 * with relative paths resolved against @path's folder; @mask_path receives the mask
 * image's absolute path. */
SmProject *_sm_project_from_json     (JsonNode              *root,
                                      const char            *path,
                                      char                 **mask_path,
                                      GError               **error);

/* Reads and parses @path; the root is an object. */
JsonNode  *_sm_project_parse_file    (const char            *path,
                                      GError               **error);

/* sm_project_save() with the choices the autosave makes: @relative_paths FALSE writes
 * absolute paths, @stamp (nullable) records the session. */
gboolean   _sm_project_save_full     (const SmProject       *project,
                                      const char            *path,
                                      gboolean               relative_paths,
                                      const SmProjectStamp  *stamp,
                                      GError               **error);

G_END_DECLS
