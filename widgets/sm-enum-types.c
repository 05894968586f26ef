/* sm-enum-types.c: GTypes of the widgets' enums (and core's #SmColormap), for properties.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Hand-written tables rather than glib-mkenums: there are few, and nicks must match core's
 * names. The declarations live beside each enum.
 */
#include "config.h"

#include "sm-spectrogram-view.h"
#include "sm-viewport.h"

GType
sm_freq_scale_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    {
      static const GEnumValue values[] = {
        { SM_FREQ_SCALE_LINEAR, "SM_FREQ_SCALE_LINEAR", "linear" },
        { SM_FREQ_SCALE_LOG, "SM_FREQ_SCALE_LOG", "log" },
        { SM_FREQ_SCALE_MEL, "SM_FREQ_SCALE_MEL", "mel" },
        { 0, NULL, NULL },
      };
      g_once_init_leave (&type, g_enum_register_static ("SmFreqScale", values));
    }
  return type;
}

GType
sm_colormap_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    {
      /* Nicks are core's names, so settings and the command line agree. */
      static const GEnumValue values[] = {
        { SM_COLORMAP_VIRIDIS, "SM_COLORMAP_VIRIDIS", "viridis" },
        { SM_COLORMAP_MAGMA, "SM_COLORMAP_MAGMA", "magma" },
        { SM_COLORMAP_INFERNO, "SM_COLORMAP_INFERNO", "inferno" },
        { SM_COLORMAP_CIVIDIS, "SM_COLORMAP_CIVIDIS", "cividis" },
        { SM_COLORMAP_GREY, "SM_COLORMAP_GREY", "grey" },
        { SM_COLORMAP_GREY_INVERTED, "SM_COLORMAP_GREY_INVERTED", "grey-inverted" },
        { 0, NULL, NULL },
      };
      g_once_init_leave (&type, g_enum_register_static ("SmColormap", values));
    }
  return type;
}

GType
sm_view_mode_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    {
      static const GEnumValue values[] = {
        { SM_VIEW_SPECTROGRAM, "SM_VIEW_SPECTROGRAM", "spectrogram" },
        { SM_VIEW_MASK, "SM_VIEW_MASK", "mask" },
        { 0, NULL, NULL },
      };
      g_once_init_leave (&type, g_enum_register_static ("SmViewMode", values));
    }
  return type;
}

GType
sm_tool_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    {
      static const GEnumValue values[] = {
        { SM_TOOL_PAN, "SM_TOOL_PAN", "pan" },
        { SM_TOOL_BRUSH, "SM_TOOL_BRUSH", "brush" },
        { SM_TOOL_ERASER, "SM_TOOL_ERASER", "eraser" },
        { SM_TOOL_RECTANGLE, "SM_TOOL_RECTANGLE", "rectangle" },
        { SM_TOOL_LASSO, "SM_TOOL_LASSO", "lasso" },
        { 0, NULL, NULL },
      };
      g_once_init_leave (&type, g_enum_register_static ("SmTool", values));
    }
  return type;
}
