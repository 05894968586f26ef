/* sm-application.h: the Specmask desktop application.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SM_TYPE_APPLICATION (sm_application_get_type ())
G_DECLARE_FINAL_TYPE (SmApplication, sm_application, SM, APPLICATION, AdwApplication)

SmApplication *sm_application_new (void);

/* The folder of the bundled demo: the source tree's when running uninstalled. */
const char    *sm_application_demo_dir (void);

G_END_DECLS
