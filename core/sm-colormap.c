/* sm-colormap.c: colour-map lookup.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sm-colormap.h"

#include <math.h>
#include <string.h>

#include "sm-colormap-private.h"

static const char *const map_names[SM_N_COLORMAPS] = {
  [SM_COLORMAP_VIRIDIS] = "viridis",
  [SM_COLORMAP_MAGMA] = "magma",
  [SM_COLORMAP_INFERNO] = "inferno",
  [SM_COLORMAP_CIVIDIS] = "cividis",
  [SM_COLORMAP_GREY] = "grey",
  [SM_COLORMAP_GREY_INVERTED] = "grey-inverted",
};

const char *
sm_colormap_name (SmColormap map)
{
  if ((int) map < 0 || map >= SM_N_COLORMAPS)
    return NULL;
  return map_names[map];
}

SmStatus
sm_colormap_from_name (const char *name,
                       SmColormap *map)
{
  for (int i = 0; name != NULL && i < SM_N_COLORMAPS; i++)
    if (strcmp (name, map_names[i]) == 0)
      {
        *map = (SmColormap) i;
        return SM_OK;
      }
  return SM_ERROR_BAD_ARG;
}

static void
lookup (SmColormap map,
        int        index,
        uint8_t   *rgba)
{
  const unsigned char (*table)[3] = NULL;

  switch (map)
    {
    case SM_COLORMAP_MAGMA:
      table = _sm_colormap_magma;
      break;
    case SM_COLORMAP_INFERNO:
      table = _sm_colormap_inferno;
      break;
    case SM_COLORMAP_CIVIDIS:
      table = _sm_colormap_cividis;
      break;
    case SM_COLORMAP_GREY:
      rgba[0] = rgba[1] = rgba[2] = (uint8_t) index;
      rgba[3] = 255;
      return;
    case SM_COLORMAP_GREY_INVERTED:
      rgba[0] = rgba[1] = rgba[2] = (uint8_t) (255 - index);
      rgba[3] = 255;
      return;
    case SM_COLORMAP_VIRIDIS:
    default:
      table = _sm_colormap_viridis;
      break;
    }
  rgba[0] = table[index][0];
  rgba[1] = table[index][1];
  rgba[2] = table[index][2];
  rgba[3] = 255;
}

static int
position_to_index (double position)
{
  if (!(position > 0.0))
    return 0;
  if (position >= 1.0)
    return 255;
  return (int) lrint (position * 255.0);
}

void
sm_colormap_color (SmColormap map,
                   double     position,
                   uint8_t    rgba[4])
{
  lookup (map, position_to_index (position), rgba);
}

void
sm_colormap_map_db (SmColormap   map,
                    const float *level_db,
                    size_t       n,
                    double       floor_db,
                    double       ceiling_db,
                    uint8_t     *rgba)
{
  uint8_t palette[256][4];
  double scale = ceiling_db > floor_db ? 1.0 / (ceiling_db - floor_db) : 0.0;

  /* One table lookup per pixel instead of a switch: tiles colour millions of bins. */
  for (int i = 0; i < 256; i++)
    lookup (map, i, palette[i]);
  for (size_t i = 0; i < n; i++)
    memcpy (rgba + 4 * i, palette[position_to_index ((level_db[i] - floor_db) * scale)], 4);
}
