/* test-mask-png.c: masks saved as and loaded from greyscale PNG images.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sm-core-glib.h"
#include "sm-mask-png.h"
#include "sm-test-util.h"

#include <math.h>
#include <png.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

typedef struct
{
  guint8     *pixels;   /* width x height, row 0 first */
  png_uint_32 width;
  png_uint_32 height;
} RawImage;

static void
raw_image_free (RawImage *image)
{
  g_free (image->pixels);
  g_free (image);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RawImage, raw_image_free)

/* Decodes @path with libpng directly, with no transforms, insisting on what the writer
 * promises: 8-bit grey, not interlaced. */
static RawImage *
read_raw (const char *path)
{
  FILE *fp = g_fopen (path, "rb");
  png_structp png;
  png_infop info;
  RawImage *image = g_new0 (RawImage, 1);

  g_assert_nonnull (fp);
  png = png_create_read_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  info = png_create_info_struct (png);
  if (setjmp (png_jmpbuf (png)))
    g_error ("libpng could not read %s", path);
  png_init_io (png, fp);
  png_set_user_limits (png, 1u << 24, 1u << 16);
  png_read_info (png, info);
  image->width = png_get_image_width (png, info);
  image->height = png_get_image_height (png, info);
  g_assert_cmpint (png_get_color_type (png, info), ==, PNG_COLOR_TYPE_GRAY);
  g_assert_cmpint (png_get_bit_depth (png, info), ==, 8);
  g_assert_cmpint (png_get_interlace_type (png, info), ==, PNG_INTERLACE_NONE);
  image->pixels = g_malloc ((gsize) image->width * image->height);
  for (png_uint_32 y = 0; y < image->height; y++)
    png_read_row (png, image->pixels + (gsize) y * image->width, NULL);
  png_read_end (png, NULL);
  png_destroy_read_struct (&png, &info, NULL);
  fclose (fp);
  return image;
}

/* Writes @grey (width x height levels, row 0 first) as a PNG of the given type, so that a
 * correct reader gets @grey back: colours are grey (R = G = B), 16-bit samples are
 * level * 257, alpha and palette transparency vary, and 1-bit images need levels 0 or 255. */
static void
write_png (const char   *path,
           png_uint_32   width,
           png_uint_32   height,
           int           color_type,
           int           bit_depth,
           int           interlace,
           const guint8 *grey)
{
  int channels = color_type == PNG_COLOR_TYPE_PALETTE ? 1
                 : ((color_type & PNG_COLOR_MASK_COLOR) ? 3 : 1)
                   + ((color_type & PNG_COLOR_MASK_ALPHA) ? 1 : 0);
  gsize bytes_per_sample = bit_depth == 16 ? 2 : 1;
  gsize row_bytes = bit_depth < 8 ? (width * bit_depth + 7) / 8
                                  : width * channels * bytes_per_sample;
  g_autofree guint8 *data = g_malloc0 (row_bytes * height);
  g_autofree png_bytep *rows = g_new (png_bytep, height);
  FILE *fp = g_fopen (path, "wb");
  png_structp png;
  png_infop info;

  for (png_uint_32 y = 0; y < height; y++)
    {
      guint8 *row = data + y * row_bytes;

      rows[y] = row;
      for (png_uint_32 x = 0; x < width; x++)
        {
          guint8 level = grey[y * width + x];
          guint8 alpha = (guint8) (x * 31 + y * 17);

          if (bit_depth == 1)
            {
              g_assert_true (level == 0 || level == 255);
              if (level)
                row[x / 8] |= (guint8) (0x80 >> (x % 8));
              continue;
            }
          for (int c = 0; c < channels; c++)
            {
              /* The last channel of GA and RGBA is alpha. */
              gboolean is_alpha = (color_type & PNG_COLOR_MASK_ALPHA) && c == channels - 1;
              guint8 value = is_alpha ? alpha : level;
              guint8 *sample = row + (x * channels + c) * bytes_per_sample;

              sample[0] = value;
              if (bytes_per_sample == 2)
                sample[1] = value;   /* value * 257, big-endian */
            }
        }
    }

  g_assert_nonnull (fp);
  png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  info = png_create_info_struct (png);
  if (setjmp (png_jmpbuf (png)))
    g_error ("libpng could not write %s", path);
  png_init_io (png, fp);
  png_set_IHDR (png, info, width, height, bit_depth, color_type, interlace,
                PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  if (color_type == PNG_COLOR_TYPE_PALETTE)
    {
      png_color palette[256];
      png_byte trans[256];

      for (int i = 0; i < 256; i++)
        {
          palette[i].red = palette[i].green = palette[i].blue = (png_byte) i;
          trans[i] = (png_byte) (255 - i);
        }
      png_set_PLTE (png, info, palette, 256);
      png_set_tRNS (png, info, trans, 256, NULL);
    }
  png_write_info (png, info);
  png_write_image (png, rows);
  png_write_end (png, NULL);
  png_destroy_write_struct (&png, &info);
  g_assert_cmpint (fclose (fp), ==, 0);
}

/* A blank 1-bit image of any size, however large: a few kilobytes on disk. */
static void
write_blank_png (const char  *path,
                 png_uint_32  width,
                 png_uint_32  height)
{
  g_autofree guint8 *row = g_malloc0 ((width + 7) / 8);
  FILE *fp = g_fopen (path, "wb");
  png_structp png;
  png_infop info;

  g_assert_nonnull (fp);
  png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  info = png_create_info_struct (png);
  if (setjmp (png_jmpbuf (png)))
    g_error ("libpng could not write %s", path);
  png_init_io (png, fp);
  png_set_user_limits (png, PNG_UINT_31_MAX, PNG_UINT_31_MAX);
  png_set_IHDR (png, info, width, height, 1, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info (png, info);
  for (png_uint_32 y = 0; y < height; y++)
    png_write_row (png, row);
  png_write_end (png, NULL);
  png_destroy_write_struct (&png, &info);
  g_assert_cmpint (fclose (fp), ==, 0);
}

/* The mask level that PNG pixel (x, y) shows. */
static SmMaskLevel
mask_at_pixel (const SmMask *mask,
               size_t        x,
               size_t        y)
{
  return mask->levels[x * (size_t) mask->n_bins + ((size_t) mask->n_bins - 1 - y)];
}

static SmMask *
new_mask (size_t n_frames,
          int    n_bins)
{
  SmStatus status;
  SmMask *mask = sm_mask_new (n_frames, n_bins, 0.0f, &status);

  g_assert_cmpint (status, ==, SM_OK);
  g_assert_nonnull (mask);
  return mask;
}

static SmMask *
random_binary_mask (size_t  n_frames,
                    int     n_bins,
                    guint64 seed)
{
  SmMask *mask = new_mask (n_frames, n_bins);
  size_t n = n_frames * (size_t) n_bins;
  g_autofree float *noise = sm_test_noise (n, seed, 1.0f);

  for (size_t i = 0; i < n; i++)
    mask->levels[i] = noise[i] > 0.2f ? SM_MASK_LEVEL_MAX : 0;
  return mask;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The folder's entries, sorted and space-separated, so that a stray temporary file shows
 * up in an assertion message. */
static char *
folder_listing (const char *folder)
{
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static void
assert_error_names (const GError *error,
                    gint          code,
                    const char   *path)
{
  g_assert_error (error, SM_MASK_PNG_ERROR, code);
  g_test_message ("%s", error->message);
  if (strstr (error->message, path) == NULL)
    g_error ("message “%s” does not name %s", error->message, path);
}

static void
assert_masks_equal (const SmMask *a,
                    const SmMask *b)
{
  g_assert_cmpuint (a->n_frames, ==, b->n_frames);
  g_assert_cmpint (a->n_bins, ==, b->n_bins);
  g_assert_cmpmem (a->levels, a->n_frames * (size_t) a->n_bins,
                   b->levels, b->n_frames * (size_t) b->n_bins);
}

static void
test_roundtrip_binary (void)
{
  g_autofree char *dir = sm_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "mask.png", NULL);
  g_autoptr (SmMask) mask = random_binary_mask (37, 129, 1);
  g_autoptr (SmMask) loaded = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (sm_mask_png_save (mask, path, &error));
  g_assert_no_error (error);
  loaded = sm_mask_png_load (path, &error);
  g_assert_no_error (error);
  assert_masks_equal (mask, loaded);
  sm_test_rm_rf (dir);
}

static void
test_roundtrip_soft (void)
{
  g_autofree char *dir = sm_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "soft.png", NULL);
  g_autoptr (SmMask) mask = new_mask (50, 65);
  g_autoptr (SmMask) loaded = NULL;
  g_autoptr (RawImage) image = NULL;
  g_autoptr (GError) error = NULL;
  size_t n = mask->n_frames * (size_t) mask->n_bins;
  g_autofree float *noise = sm_test_noise (n, 2, 1.0f);

  /* Random soft values as their nearest levels, and every level at least once (the first
   * 256 bins, in a scrambled order), so that no level is left out of the round trip. */
  for (size_t i = 0; i < n; i++)
    mask->levels[i] = sm_mask_level_of (0.5f * (noise[i] + 1.0f));
  for (size_t i = 0; i < 256; i++)
    mask->levels[i] = (SmMaskLevel) (i * 97 + 13);
  g_assert_false (sm_mask_is_binary (mask));

  g_assert_true (sm_mask_png_save (mask, path, &error));
  g_assert_no_error (error);

  /* The PNG holds exactly the levels: one pixel per bin, pixel = level. */
  image = read_raw (path);
  g_assert_cmpuint (image->width, ==, mask->n_frames);
  g_assert_cmpuint (image->height, ==, (guint) mask->n_bins);
  for (png_uint_32 y = 0; y < image->height; y++)
    for (png_uint_32 x = 0; x < image->width; x++)
      g_assert_cmpuint (image->pixels[y * image->width + x], ==, mask_at_pixel (mask, x, y));

  /* And loading gives the mask back level for level. */
  loaded = sm_mask_png_load (path, &error);
  g_assert_no_error (error);
  assert_masks_equal (mask, loaded);
  sm_test_rm_rf (dir);
}

static void
test_orientation (void)
{
  g_autofree char *dir = sm_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "one.png", NULL);
  g_autoptr (SmMask) mask = new_mask (8, 5);
  g_autoptr (RawImage) image = NULL;

  /* Bin 0 (lowest frequency) at frame 3, and the top bin at frame 6. */
  mask->levels[3 * 5 + 0] = SM_MASK_LEVEL_MAX;
  mask->levels[6 * 5 + 4] = SM_MASK_LEVEL_MAX;
  g_assert_true (sm_mask_png_save (mask, path, NULL));

  image = read_raw (path);
  g_assert_cmpuint (image->width, ==, 8);
  g_assert_cmpuint (image->height, ==, 5);
  for (png_uint_32 y = 0; y < 5; y++)
    for (png_uint_32 x = 0; x < 8; x++)
      {
        gboolean white = (y == 4 && x == 3) || (y == 0 && x == 6);

        g_assert_cmpuint (image->pixels[y * 8 + x], ==, white ? 255 : 0);
      }
  sm_test_rm_rf (dir);
}

static void
test_roundtrip_wide (void)
{
  /* Wider than libpng's default cap of 1,000,000 pixels, which both reading and writing
   * must lift: at a 5 ms hop this is an hour and a half of audio. */
  const size_t width = 1100000;
  g_autofree char *dir = sm_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "long.png", NULL);
  g_autoptr (SmMask) mask = new_mask (width, 4);
  g_autoptr (SmMask) loaded = NULL;
  g_autoptr (RawImage) image = NULL;
  g_autoptr (GError) error = NULL;

  for (size_t t = 0; t < width; t++)
    for (int f = 0; f < 4; f++)
      mask->levels[t * 4 + (size_t) f] = (t * 7 + (size_t) f) % 3 == 0 ? SM_MASK_LEVEL_MAX : 0;
  /* The last frame's top bin, soft: the end of PNG row 0. */
  mask->levels[(width - 1) * 4 + 3] = sm_mask_level_of (0.6f);

  g_assert_true (sm_mask_png_save (mask, path, &error));
  g_assert_no_error (error);
  image = read_raw (path);
  g_assert_cmpuint (image->width, ==, width);
  g_assert_cmpuint (image->height, ==, 4);
  g_assert_cmpuint (image->pixels[width - 1], ==, 153);

  loaded = sm_mask_png_load (path, &error);
  g_assert_no_error (error);
  assert_masks_equal (mask, loaded);
  sm_test_rm_rf (dir);
}

static void
test_load_formats (void)
{
  static const struct
  {
    const char *name;
    int         color_type;
    int         bit_depth;
    int         interlace;
  } cases[] = {
    { "grey8", PNG_COLOR_TYPE_GRAY, 8, PNG_INTERLACE_NONE },
    { "grey-alpha8", PNG_COLOR_TYPE_GRAY_ALPHA, 8, PNG_INTERLACE_NONE },
    { "rgb8", PNG_COLOR_TYPE_RGB, 8, PNG_INTERLACE_NONE },
    { "rgba8", PNG_COLOR_TYPE_RGB_ALPHA, 8, PNG_INTERLACE_NONE },
    { "palette-trns8", PNG_COLOR_TYPE_PALETTE, 8, PNG_INTERLACE_NONE },
    { "grey16", PNG_COLOR_TYPE_GRAY, 16, PNG_INTERLACE_NONE },
    { "grey-alpha16", PNG_COLOR_TYPE_GRAY_ALPHA, 16, PNG_INTERLACE_NONE },
    { "rgba16", PNG_COLOR_TYPE_RGB_ALPHA, 16, PNG_INTERLACE_NONE },
    { "grey1", PNG_COLOR_TYPE_GRAY, 1, PNG_INTERLACE_NONE },
    { "grey8-adam7", PNG_COLOR_TYPE_GRAY, 8, PNG_INTERLACE_ADAM7 },
    { "rgba16-adam7", PNG_COLOR_TYPE_RGB_ALPHA, 16, PNG_INTERLACE_ADAM7 },
  };
  /* Odd sizes, so that the Adam7 passes and the 1-bit packing have partial blocks. */
  const png_uint_32 width = 29, height = 11;
  g_autofree char *dir = sm_test_mkdtemp ();
  guint8 grey[29 * 11];
  guint8 binary[29 * 11];

  for (png_uint_32 i = 0; i < width * height; i++)
    {
      grey[i] = (guint8) (i * 97 + 13);
      binary[i] = i % 3 == 0 ? 255 : 0;
    }

  for (gsize c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *name = g_strconcat (cases[c].name, ".png", NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      const guint8 *levels = cases[c].bit_depth == 1 ? binary : grey;
      g_autoptr (SmMask) mask = NULL;
      g_autoptr (GError) error = NULL;

      g_test_message ("%s", cases[c].name);
      write_png (path, width, height, cases[c].color_type, cases[c].bit_depth,
                 cases[c].interlace, levels);
      mask = sm_mask_png_load (path, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (mask->n_frames, ==, width);
      g_assert_cmpint (mask->n_bins, ==, height);
      for (png_uint_32 y = 0; y < height; y++)
        for (png_uint_32 x = 0; x < width; x++)
          g_assert_cmpuint (mask_at_pixel (mask, x, y), ==, levels[y * width + x]);
    }
  sm_test_rm_rf (dir);
}

/* An image past the limits is refused from its header, before anything is allocated. */
static void
test_load_too_large (void)
{
  g_autofree char *dir = sm_test_mkdtemp ();
  g_autofree char *wide = g_build_filename (dir, "wide.png", NULL);
  g_autofree char *tall = g_build_filename (dir, "tall.png", NULL);
  g_autoptr (GError) error = NULL;

  write_blank_png (wide, SM_MASK_PNG_MAX_WIDTH + 1, 1);
  g_assert_null (sm_mask_png_load (wide, &error));
  assert_error_names (error, SM_MASK_PNG_ERROR_TOO_LARGE, wide);
  g_clear_error (&error);

  write_blank_png (tall, 1, SM_MASK_PNG_MAX_HEIGHT + 1);
  g_assert_null (sm_mask_png_load (tall, &error));
  assert_error_names (error, SM_MASK_PNG_ERROR_TOO_LARGE, tall);
  sm_test_rm_rf (dir);
}

static void
test_load_truncated (void)
{
  g_autofree char *dir = sm_test_mkdtemp ();
  g_autofree char *good = g_build_filename (dir, "good.png", NULL);
  g_autofree char *path = g_build_filename (dir, "cut.png", NULL);
  g_autoptr (SmMask) mask = random_binary_mask (300, 257, 3);
  g_autofree char *bytes = NULL;
  gsize len;

  g_assert_true (sm_mask_png_save (mask, good, NULL));
  g_assert_true (g_file_get_contents (good, &bytes, &len, NULL));
  g_assert_cmpuint (len, >, 100);

  /* Cut inside the signature, the header, the image data, and IEND (the image rows are all
   * there, only the end marker is missing or incomplete). */
  gsize cuts[] = { 4, 8, 20, 40, len / 2, len - 12, len - 1 };
  for (gsize i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_autoptr (SmMask) loaded = NULL;
      g_autoptr (GError) error = NULL;

      g_test_message ("cut at %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT, cuts[i], len);
      sm_test_write_bytes (path, bytes, cuts[i]);
      loaded = sm_mask_png_load (path, &error);
      g_assert_null (loaded);
      assert_error_names (error, SM_MASK_PNG_ERROR_FORMAT, path);
    }
  sm_test_rm_rf (dir);
}

static void
test_load_not_png (void)
{
  g_autofree char *dir = sm_test_mkdtemp ();
  g_autofree char *text = g_build_filename (dir, "notes.png", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.png", NULL);
  g_autofree char *damaged = g_build_filename (dir, "damaged.png", NULL);
  g_autofree char *good = g_build_filename (dir, "good.png", NULL);
  g_autoptr (SmMask) mask = random_binary_mask (20, 9, 4);
  g_autoptr (GError) error = NULL;
  g_autofree char *bytes = NULL;
  gsize len;
  const char *paths[] = { text, empty, damaged };

  sm_test_write_bytes (text, "these are not the pixels you are looking for\n", 45);
  sm_test_write_bytes (empty, "", 0);
  /* A real PNG with one byte of the header changed: its CRC no longer matches. */
  g_assert_true (sm_mask_png_save (mask, good, NULL));
  g_assert_true (g_file_get_contents (good, &bytes, &len, NULL));
  bytes[18] ^= 0x01;
  sm_test_write_bytes (damaged, bytes, len);

  for (gsize i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_assert_null (sm_mask_png_load (paths[i], &error));
      assert_error_names (error, SM_MASK_PNG_ERROR_FORMAT, paths[i]);
      g_clear_error (&error);
    }
  sm_test_rm_rf (dir);
}

static void
test_load_missing (void)
{
  g_autofree char *dir = sm_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "absent.png", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_null (sm_mask_png_load (path, &error));
  assert_error_names (error, SM_MASK_PNG_ERROR_IO, path);
  g_clear_error (&error);

  /* A folder opens, but reading it fails. */
  g_assert_null (sm_mask_png_load (dir, &error));
  assert_error_names (error, SM_MASK_PNG_ERROR_IO, dir);
  sm_test_rm_rf (dir);
}

/* Saving where no file can be created fails, names the file and leaves nothing behind.
 * Built from paths rather than permissions, which root ignores. */
static void
test_save_unwritable (void)
{
  g_autofree char *dir = sm_test_mkdtemp ();
  g_autofree char *file = g_build_filename (dir, "plain.txt", NULL);
  g_autofree char *in_missing = g_build_filename (dir, "no-such-folder", "mask.png", NULL);
  g_autofree char *in_file = g_build_filename (file, "mask.png", NULL);
  g_autoptr (SmMask) mask = random_binary_mask (10, 6, 5);
  g_autofree char *listing = NULL;
  const char *paths[] = { in_missing, in_file };

  sm_test_write_bytes (file, "x", 1);
  for (gsize i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_false (sm_mask_png_save (mask, paths[i], &error));
      assert_error_names (error, SM_MASK_PNG_ERROR_IO, paths[i]);
    }
  listing = folder_listing (dir);
  g_assert_cmpstr (listing, ==, "plain.txt");
  sm_test_rm_rf (dir);
}

static void
test_save_replaces (void)
{
  g_autofree char *dir = sm_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "mask.png", NULL);
  g_autoptr (SmMask) first = random_binary_mask (40, 17, 6);
  g_autoptr (SmMask) second = random_binary_mask (23, 33, 7);
  g_autoptr (SmMask) loaded = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *listing = NULL;
  GStatBuf before, after;
  mode_t mask_bits = umask (022);

  umask (mask_bits);
  g_assert_true (sm_mask_png_save (first, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &before), ==, 0);
  /* Not g_mkstemp()'s private 0600: what any new file would get. */
  g_assert_cmpint (before.st_mode & 0777, ==, 0666 & ~mask_bits);

  g_assert_true (sm_mask_png_save (second, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &after), ==, 0);
  /* A new file renamed into place, not the old one rewritten where it stood. */
  g_assert_cmpuint (after.st_ino, !=, before.st_ino);

  loaded = sm_mask_png_load (path, &error);
  g_assert_no_error (error);
  assert_masks_equal (second, loaded);
  listing = folder_listing (dir);
  g_assert_cmpstr (listing, ==, "mask.png");
  sm_test_rm_rf (dir);
}

/* A failure after the temporary file exists (here the final rename, onto a folder)
 * removes it and leaves what was at the path alone. */
static void
test_save_rename_fails (void)
{
  g_autofree char *dir = sm_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "taken.png", NULL);
  g_autofree char *inside = g_build_filename (path, "keep.txt", NULL);
  g_autoptr (SmMask) mask = random_binary_mask (12, 7, 8);
  g_autoptr (GError) error = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *kept = NULL;

  g_assert_cmpint (g_mkdir (path, 0755), ==, 0);
  sm_test_write_bytes (inside, "keep", 4);

  g_assert_false (sm_mask_png_save (mask, path, &error));
  assert_error_names (error, SM_MASK_PNG_ERROR_IO, path);
  listing = folder_listing (dir);
  g_assert_cmpstr (listing, ==, "taken.png");
  g_assert_true (g_file_get_contents (inside, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, "keep");
  sm_test_rm_rf (dir);
}

/* A write that fails halfway through the image (the disk fills up; here a file size limit,
 * which root cannot ignore either) is reported, and the old file survives. */
static void
test_save_write_fails (void)
{
  g_autofree char *dir = sm_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "mask.png", NULL);
  g_autoptr (SmMask) mask = random_binary_mask (300, 257, 9);
  g_autoptr (GError) error = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *kept = NULL;
  struct rlimit saved, small;
  void (*saved_handler) (int);
  gboolean ok;

  sm_test_write_bytes (path, "old", 3);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  small = saved;
  small.rlim_cur = 4096;
  /* Without SIGXFSZ ignored, crossing the limit would kill the test. */
  saved_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &small), ==, 0);
  ok = sm_mask_png_save (mask, path, &error);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, saved_handler);

  g_assert_false (ok);
  assert_error_names (error, SM_MASK_PNG_ERROR_IO, path);
  listing = folder_listing (dir);
  g_assert_cmpstr (listing, ==, "mask.png");
  g_assert_true (g_file_get_contents (path, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, "old");
  sm_test_rm_rf (dir);
}

static void
test_save_too_large (void)
{
  g_autofree char *dir = sm_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "tall.png", NULL);
  g_autoptr (SmMask) mask = new_mask (1, (int) SM_MASK_PNG_MAX_HEIGHT + 1);
  g_autoptr (GError) error = NULL;
  g_autofree char *kept = NULL;

  sm_test_write_bytes (path, "old", 3);
  g_assert_false (sm_mask_png_save (mask, path, &error));
  assert_error_names (error, SM_MASK_PNG_ERROR_TOO_LARGE, path);
  g_assert_true (g_file_get_contents (path, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, "old");
  sm_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/mask-png/roundtrip/binary", test_roundtrip_binary);
  g_test_add_func ("/app/mask-png/roundtrip/soft", test_roundtrip_soft);
  g_test_add_func ("/app/mask-png/roundtrip/wide", test_roundtrip_wide);
  g_test_add_func ("/app/mask-png/orientation", test_orientation);
  g_test_add_func ("/app/mask-png/load/formats", test_load_formats);
  g_test_add_func ("/app/mask-png/load/too-large", test_load_too_large);
  g_test_add_func ("/app/mask-png/load/truncated", test_load_truncated);
  g_test_add_func ("/app/mask-png/load/not-png", test_load_not_png);
  g_test_add_func ("/app/mask-png/load/missing", test_load_missing);
  g_test_add_func ("/app/mask-png/save/unwritable", test_save_unwritable);
  g_test_add_func ("/app/mask-png/save/replaces", test_save_replaces);
  g_test_add_func ("/app/mask-png/save/rename-fails", test_save_rename_fails);
  g_test_add_func ("/app/mask-png/save/write-fails", test_save_write_fails);
  g_test_add_func ("/app/mask-png/save/too-large", test_save_too_large);

  return g_test_run ();
}
