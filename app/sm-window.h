/* sm-window.h: an editor window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sm-document.h"

G_BEGIN_DECLS

#define SM_TYPE_WINDOW (sm_window_get_type ())
G_DECLARE_FINAL_TYPE (SmWindow, sm_window, SM, WINDOW, AdwApplicationWindow)

SmWindow   *sm_window_new          (AdwApplication *application);
/* Opens a recording with optional references (any may be NULL but the mix). */
void        sm_window_open_files   (SmWindow       *self,
                                    const char     *mix,
                                    const char     *target,
                                    const char     *interferer);
void        sm_window_open_project (SmWindow       *self,
                                    const char     *path);
SmDocument *sm_window_get_document (SmWindow       *self);
/* Adds clean speech of the target speaker for the dictionary "Training files"; a file
 * that is not audio (or not at the mix's rate) is refused with a message. */
void        sm_window_add_training (SmWindow     *self,
                                    const char   *path);
/* Offers back the newest autosave of a session that ended without saving, if any. */
void        sm_window_offer_recovery (SmWindow     *self);

G_END_DECLS
