/* sm-colormap.h: from levels in dB to colours, for spectrogram pixels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "sm-status.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * SmColormap:
 *
 * Viridis, magma, inferno and cividis are perceptually uniform (equal steps in level look
 * like equal steps in colour) and readable by colour-blind users; grey maps low levels to
 * black, inverted grey to white (for printing).
 */
typedef enum
{
  SM_COLORMAP_VIRIDIS,
  SM_COLORMAP_MAGMA,
  SM_COLORMAP_INFERNO,
  SM_COLORMAP_CIVIDIS,
  SM_COLORMAP_GREY,
  SM_COLORMAP_GREY_INVERTED,
  SM_N_COLORMAPS
} SmColormap;

/** sm_colormap_name: Returns: "viridis", "magma", "inferno", "cividis", "grey" or
 * "grey-inverted"; NULL for an invalid value. */
SM_API const char *sm_colormap_name (SmColormap map);
/** sm_colormap_from_name: Returns: SM_OK or SM_ERROR_BAD_ARG. */
SM_API SmStatus    sm_colormap_from_name (const char *name,
                                          SmColormap *map);

/**
 * sm_colormap_color:
 * @map: the colour map
 * @position: from 0 (lowest level) to 1 (highest); clamped; NaN counts as 0
 * @rgba: (out caller-allocates) (array fixed-size=4): red, green, blue, alpha (255)
 */
SM_API void        sm_colormap_color (SmColormap map,
                                      double     position,
                                      uint8_t    rgba[4]);

/**
 * sm_colormap_map_db:
 * @map: the colour map
 * @level_db: @n levels in dB
 * @n: how many
 * @floor_db: the level drawn with the map's first colour (and everything below it)
 * @ceiling_db: the level drawn with its last colour (and everything above); > @floor_db
 * @rgba: (out caller-allocates): 4 @n bytes, R8G8B8A8 with alpha 255
 *
 * Thread-safe; no allocation.
 */
SM_API void        sm_colormap_map_db (SmColormap   map,
                                       const float *level_db,
                                       size_t       n,
                                       double       floor_db,
                                       double       ceiling_db,
                                       uint8_t     *rgba);

#ifdef __cplusplus
}
#endif
