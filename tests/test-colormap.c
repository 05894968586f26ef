/* test-colormap.c: colour maps and the dB-to-colour mapping.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "sm-test-util.h"

/* Relative luminance (ITU-R BT.709 weights on sRGB values, without linearisation: enough to
 * see the ordering). */
static double
luma (const uint8_t *rgba)
{
  return 0.2126 * rgba[0] + 0.7152 * rgba[1] + 0.0722 * rgba[2];
}

static void
test_endpoints (void)
{
  uint8_t c[4];

  /* The published end colours of viridis: #440154 and #fde725. */
  sm_colormap_color (SM_COLORMAP_VIRIDIS, 0.0, c);
  g_assert_cmpuint (c[0], ==, 0x44);
  g_assert_cmpuint (c[1], ==, 0x01);
  g_assert_cmpuint (c[2], ==, 0x54);
  g_assert_cmpuint (c[3], ==, 255);
  sm_colormap_color (SM_COLORMAP_VIRIDIS, 1.0, c);
  g_assert_cmpuint (c[0], ==, 0xfd);
  g_assert_cmpuint (c[1], ==, 0xe7);
  g_assert_cmpuint (c[2], ==, 0x25);

  sm_colormap_color (SM_COLORMAP_GREY, 0.5, c);
  g_assert_cmpuint (c[0], ==, 128);
  sm_colormap_color (SM_COLORMAP_GREY_INVERTED, 0.0, c);
  g_assert_cmpuint (c[0], ==, 255);
  sm_colormap_color (SM_COLORMAP_MAGMA, NAN, c);
  g_assert_cmpuint (luma (c), <, 5);
}

/* The perceptual maps get brighter from low to high level: a loud bin never looks darker. */
static void
test_monotone_lightness (void)
{
  static const SmColormap maps[] = {
    SM_COLORMAP_VIRIDIS, SM_COLORMAP_MAGMA, SM_COLORMAP_INFERNO, SM_COLORMAP_CIVIDIS,
    SM_COLORMAP_GREY,
  };

  for (size_t m = 0; m < G_N_ELEMENTS (maps); m++)
    {
      uint8_t previous[4];

      sm_colormap_color (maps[m], 0.0, previous);
      for (int i = 8; i <= 256; i += 8)
        {
          uint8_t c[4];

          sm_colormap_color (maps[m], i / 256.0, c);
          g_assert_cmpfloat (luma (c), >, luma (previous));
          memcpy (previous, c, 4);
        }
    }
}

static void
test_map_db (void)
{
  const float levels[] = { -200.0f, -100.0f, -50.0f, 0.0f, 30.0f };
  uint8_t rgba[4 * G_N_ELEMENTS (levels)];

  sm_colormap_map_db (SM_COLORMAP_GREY, levels, G_N_ELEMENTS (levels), -100.0, 0.0, rgba);
  g_assert_cmpuint (rgba[0], ==, 0);      /* below the floor: clamped */
  g_assert_cmpuint (rgba[4], ==, 0);      /* at the floor */
  g_assert_cmpuint (rgba[8], ==, 128);    /* half-way: round (0.5 * 255) */
  g_assert_cmpuint (rgba[12], ==, 255);   /* at the ceiling */
  g_assert_cmpuint (rgba[16], ==, 255);   /* above: clamped */
  for (size_t i = 0; i < G_N_ELEMENTS (levels); i++)
    g_assert_cmpuint (rgba[4 * i + 3], ==, 255);
}

static void
test_names (void)
{
  for (int i = 0; i < SM_N_COLORMAPS; i++)
    {
      SmColormap map;

      g_assert_cmpint (sm_colormap_from_name (sm_colormap_name (i), &map), ==, SM_OK);
      g_assert_cmpint (map, ==, i);
    }
  g_assert_cmpint (sm_colormap_from_name ("jet", &(SmColormap) { 0 }), ==, SM_ERROR_BAD_ARG);
  g_assert_null (sm_colormap_name (SM_N_COLORMAPS));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/colormap/endpoints", test_endpoints);
  g_test_add_func ("/core/colormap/monotone-lightness", test_monotone_lightness);
  g_test_add_func ("/core/colormap/map-db", test_map_db);
  g_test_add_func ("/core/colormap/names", test_names);
  return g_test_run ();
}
