/* sm-colormap-private.h: the generated colour tables.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

extern const unsigned char _sm_colormap_viridis[256][3];
extern const unsigned char _sm_colormap_magma[256][3];
extern const unsigned char _sm_colormap_inferno[256][3];
extern const unsigned char _sm_colormap_cividis[256][3];
