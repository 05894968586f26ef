/* sm-player-private.h: what the player's tests look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sm-player.h"

G_BEGIN_DECLS

/* The playback file written for @source's current audio, or NULL until it is written. */
const char *_sm_player_get_file (SmPlayer     *self,
                                 SmPlaySource  source);

G_END_DECLS
