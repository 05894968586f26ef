/* sm-mask-png.h: masks imported from and exported to 8-bit greyscale PNG images.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The image is the mask as a spectrogram shows it: one column per frame (width = n_frames),
 * one row per bin (height = n_bins) with the lowest frequency at the bottom, so PNG row 0
 * holds bin n_bins - 1 and the last row holds bin 0. A value v in [0, 1] is stored as the
 * grey level round(v * 255) and read back as level / 255, so 0 and 1 survive exactly and
 * any other value to within 1/510.
 *
 * Both directions stream the image a few rows at a time: besides the mask itself they need
 * O(n_frames) memory, so hour-long masks (hundreds of thousands of frames) work. Images up
 * to SM_MASK_PNG_MAX_WIDTH frames by SM_MASK_PNG_MAX_HEIGHT bins are accepted.
 *
 * Thread-safe: the functions share no state, so different masks and files may be handled
 * on different threads at once.
 */
#pragma once

#include <glib.h>

#include "sm-mask.h"
#include "sm-mask-snapshot.h"

G_BEGIN_DECLS

/* 2^26 frames is over 90 hours at a 5 ms hop; 2^20 bins is an FFT of 2 million points. */
#define SM_MASK_PNG_MAX_WIDTH  (1u << 26)
#define SM_MASK_PNG_MAX_HEIGHT (1u << 20)

#define SM_MASK_PNG_ERROR (sm_mask_png_error_quark ())

/**
 * SmMaskPngError:
 * @SM_MASK_PNG_ERROR_IO: the file system refused: missing file or folder, permissions,
 *   disk full
 * @SM_MASK_PNG_ERROR_FORMAT: the file is not a PNG image, or is damaged or truncated
 * @SM_MASK_PNG_ERROR_TOO_LARGE: the mask or image is larger than the limits above, or
 *   than memory allows
 *
 * Error codes in the %SM_MASK_PNG_ERROR domain. Every message names the file.
 */
typedef enum
{
  SM_MASK_PNG_ERROR_IO,
  SM_MASK_PNG_ERROR_FORMAT,
  SM_MASK_PNG_ERROR_TOO_LARGE,
} SmMaskPngError;

GQuark   sm_mask_png_error_quark (void);

/**
 * sm_mask_png_save:
 * @mask: the mask to write, one grey level per bin
 * @path: the PNG file to create or replace
 * @error: return location for an error
 *
 * Writes @mask to @path atomically: the image goes to a hidden temporary file in the same
 * folder, which is flushed to disk and then renamed over @path. On failure the temporary
 * file is removed and an existing @path is left as it was.
 *
 * Returns: %TRUE on success; %FALSE with @error set (%SM_MASK_PNG_ERROR_IO,
 *   %SM_MASK_PNG_ERROR_TOO_LARGE).
 */
gboolean sm_mask_png_save        (const SmMask  *mask,
                                  const char    *path,
                                  GError       **error);

/**
 * sm_mask_png_save_snapshot:
 * @snapshot: the mask as it was when @snapshot was taken
 *
 * sm_mask_png_save() for a mask that goes on being edited meanwhile (sm-mask-snapshot.h),
 * typically from a worker thread.
 */
gboolean sm_mask_png_save_snapshot (SmMaskSnapshot  *snapshot,
                                    const char      *path,
                                    GError         **error);

/**
 * sm_mask_png_load:
 * @path: a PNG file
 * @error: return location for an error
 *
 * Reads a mask from any PNG image libpng decodes: grey, grey with alpha, RGB, RGBA or
 * palette, 1 to 16 bits per sample, interlaced or not. Colour is converted to grey by
 * luminance (equal R, G and B give that grey), 16-bit samples are rounded to 8 bits, and
 * alpha is ignored: a mask is the grey level alone.
 *
 * Returns: (transfer full) (nullable): a new mask of width frames and height bins, or
 *   %NULL with @error set (%SM_MASK_PNG_ERROR_IO, %SM_MASK_PNG_ERROR_FORMAT,
 *   %SM_MASK_PNG_ERROR_TOO_LARGE).
 */
SmMask  *sm_mask_png_load        (const char    *path,
                                  GError       **error);

G_END_DECLS
