/* sm-main.c: `specmask`, the desktop editor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sm-application.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr (SmApplication) app = sm_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
