/* sm-mask-png.c: masks imported from and exported to 8-bit greyscale PNG images.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sm-mask-png.h"

#include <errno.h>
#include <fcntl.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <unistd.h>

#include <glib/gstdio.h>

/* PNG rows are converted to and from the mask's [frame][bin] layout this many at a time:
 * enough that each frame's bins are touched as a run of whole cache lines rather than one
 * scattered level per row, few enough that the buffer stays a small multiple of the width. */
#define BLOCK_ROWS 32

G_DEFINE_QUARK (sm-mask-png-error-quark, sm_mask_png_error)

/* Everything one load or save touches. libpng reports errors by longjmp() back into the
 * function that called setjmp(); locals that function changes afterwards would be
 * unreliable there, so all state that outlives a longjmp lives in this struct instead, in
 * the caller's frame. */
typedef struct
{
  FILE          *fp;
  png_structp    png;
  png_infop      info;
  SmMask        *mask;    /* load: the mask being filled */
  guint8        *block;   /* BLOCK_ROWS image rows (the whole image when interlaced) */
  SmMaskLevel   *frames;  /* save: levels read from the mask, [frame][bin] */

  /* The first failure wins: an I/O callback records the cause, then calls png_error(),
   * whose generic message must not replace it. */
  gboolean       failed;
  SmMaskPngError code;
  char           reason[256];
} PngJob;

static void
job_fail (PngJob         *job,
          SmMaskPngError  code,
          const char     *reason)
{
  if (job->failed)
    return;
  job->failed = TRUE;
  job->code = code;
  g_strlcpy (job->reason, reason, sizeof job->reason);
}

static void
job_set_error (const PngJob  *job,
               const char    *what,
               const char    *path,
               GError       **error)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, SM_MASK_PNG_ERROR, job->code, "%s “%s”: %s", what, display, job->reason);
}

static void
png_error_cb (png_structp     png,
              png_const_charp message)
{
  job_fail (png_get_error_ptr (png), SM_MASK_PNG_ERROR_FORMAT, message);
  png_longjmp (png, 1);
}

static void
png_warning_cb (png_structp     png,
                png_const_charp message)
{
  g_debug ("libpng: %s", message);
}

static void
read_cb (png_structp png,
         png_bytep   data,
         size_t      len)
{
  PngJob *job = png_get_io_ptr (png);

  if (fread (data, 1, len, job->fp) == len)
    return;
  if (ferror (job->fp))
    job_fail (job, SM_MASK_PNG_ERROR_IO, g_strerror (errno ? errno : EIO));
  else
    job_fail (job, SM_MASK_PNG_ERROR_FORMAT, "the file is truncated");
  png_error (png, "read failed");
}

static void
write_cb (png_structp png,
          png_bytep   data,
          size_t      len)
{
  PngJob *job = png_get_io_ptr (png);

  if (fwrite (data, 1, len, job->fp) == len)
    return;
  job_fail (job, SM_MASK_PNG_ERROR_IO, g_strerror (errno ? errno : EIO));
  png_error (png, "write failed");
}

static void
flush_cb (png_structp png)
{
  /* Nothing: the file is flushed and synced once, after the last row, where a failure can
   * still be reported. libpng needs a function here or it would fflush() our job struct. */
}

/* Frames read from a snapshot at a time, into a buffer of FETCH_FRAMES x BLOCK_ROWS. */
#define FETCH_FRAMES 1024

/* Image rows y0 .. y0 + n_rows - 1 from the mask; row y holds bin n_bins - 1 - y, each
 * pixel the bin's level as it is. @frames holds FETCH_FRAMES x n_rows levels. */
static SmStatus
fetch_rows (SmMaskSnapshot *snapshot,
            guint8         *block,
            SmMaskLevel    *frames,
            size_t          y0,
            size_t          n_rows)
{
  size_t width = sm_mask_snapshot_n_frames (snapshot);
  int top_bin = sm_mask_snapshot_n_bins (snapshot) - 1 - (int) y0;
  int low_bin = top_bin + 1 - (int) n_rows;

  for (size_t t0 = 0; t0 < width; t0 += FETCH_FRAMES)
    {
      size_t t1 = MIN (t0 + FETCH_FRAMES, width);
      SmStatus status = sm_mask_snapshot_read (snapshot, t0, t1, low_bin, top_bin + 1, frames);

      if (status != SM_OK)
        return status;
      for (size_t t = t0; t < t1; t++)
        for (size_t k = 0; k < n_rows; k++)
          block[k * width + t] = frames[(t - t0) * n_rows + (n_rows - 1 - k)];
    }
  return SM_OK;
}

/* The inverse of fetch_rows(). */
static void
store_rows (SmMask       *mask,
            const guint8 *block,
            size_t        y0,
            size_t        n_rows)
{
  size_t width = mask->n_frames;
  size_t top_bin = (size_t) mask->n_bins - 1 - y0;

  for (size_t t = 0; t < width; t++)
    {
      SmMaskLevel *frame = mask->levels + t * (size_t) mask->n_bins;

      for (size_t k = 0; k < n_rows; k++)
        frame[top_bin - k] = block[k * width + t];
    }
}

/* Decodes the rest of the file (after the signature) into job->mask. On failure the
 * reason is in job and job->mask may be partly filled. */
static gboolean
read_image (PngJob *job)
{
  png_uint_32 width, height;
  int bit_depth, color_type, interlace;
  int passes;
  size_t block_rows;
  SmStatus status;

  if (setjmp (png_jmpbuf (job->png)))
    return FALSE;

  png_set_read_fn (job->png, job, read_cb);
  png_set_sig_bytes (job->png, 8);
  /* libpng's default cap is 1,000,000 pixels wide, about 1.5 hours at a 5 ms hop, and
   * exceeding it gives only "Invalid IHDR data". Lift it and apply ours, with a message
   * that says what is wrong, before anything is allocated. */
  png_set_user_limits (job->png, PNG_UINT_31_MAX, PNG_UINT_31_MAX);
  png_read_info (job->png, job->info);
  png_get_IHDR (job->png, job->info, &width, &height, &bit_depth, &color_type, &interlace,
                NULL, NULL);
  if (width > SM_MASK_PNG_MAX_WIDTH || height > SM_MASK_PNG_MAX_HEIGHT)
    {
      g_autofree char *reason =
        g_strdup_printf ("the image is %u × %u pixels, larger than a mask image can be "
                         "(%u × %u)", (unsigned) width, (unsigned) height,
                         SM_MASK_PNG_MAX_WIDTH, SM_MASK_PNG_MAX_HEIGHT);

      job_fail (job, SM_MASK_PNG_ERROR_TOO_LARGE, reason);
      return FALSE;
    }

  /* Whatever the file holds, have libpng hand over one 8-bit grey sample per pixel. */
  if (color_type == PNG_COLOR_TYPE_PALETTE)
    png_set_palette_to_rgb (job->png);
  if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8)
    png_set_expand_gray_1_2_4_to_8 (job->png);
  if (bit_depth == 16)
    png_set_scale_16 (job->png);
  if (color_type & PNG_COLOR_MASK_COLOR)
    png_set_rgb_to_gray (job->png, PNG_ERROR_ACTION_NONE,
                         PNG_RGB_TO_GRAY_DEFAULT, PNG_RGB_TO_GRAY_DEFAULT);
  /* Also drops the alpha that palette expansion makes from a tRNS chunk. */
  png_set_strip_alpha (job->png);
  passes = png_set_interlace_handling (job->png);
  png_read_update_info (job->png, job->info);
  if (png_get_channels (job->png, job->info) != 1
      || png_get_bit_depth (job->png, job->info) != 8
      || png_get_rowbytes (job->png, job->info) != width)
    png_error (job->png, "libpng could not convert the image to 8-bit grey");

  job->mask = sm_mask_new (width, (int) height, 0.0f, &status);
  /* An interlaced image fills every row a little in each pass, so it must be held whole;
   * such files only come from other programs, and cost a quarter of the mask again. */
  block_rows = passes > 1 ? height : MIN (BLOCK_ROWS, height);
  if (job->mask != NULL)
    job->block = g_try_malloc ((gsize) block_rows * width);
  if (job->mask == NULL || job->block == NULL)
    {
      g_autofree char *reason =
        g_strdup_printf ("a %u × %u (frames × bins) mask does not fit in memory",
                         (unsigned) width, (unsigned) height);

      job_fail (job, SM_MASK_PNG_ERROR_TOO_LARGE, reason);
      return FALSE;
    }

  for (size_t y0 = 0; y0 < height; y0 += block_rows)
    {
      size_t n_rows = MIN (block_rows, height - y0);

      for (int pass = 0; pass < passes; pass++)
        for (size_t k = 0; k < n_rows; k++)
          png_read_row (job->png, job->block + k * width, NULL);
      store_rows (job->mask, job->block, y0, n_rows);
    }

  /* Reads up to IEND, so a file cut short after its last image row is still an error. */
  png_read_end (job->png, NULL);
  return TRUE;
}

SmMask *
sm_mask_png_load (const char  *path,
                  GError     **error)
{
  PngJob job = { 0 };
  png_byte signature[8];
  size_t n;
  gboolean ok = FALSE;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  job.fp = g_fopen (path, "rb");
  if (job.fp == NULL)
    {
      job_fail (&job, SM_MASK_PNG_ERROR_IO, g_strerror (errno));
      job_set_error (&job, "Could not open mask image", path, error);
      return NULL;
    }

  n = fread (signature, 1, sizeof signature, job.fp);
  if (n < sizeof signature && ferror (job.fp))
    job_fail (&job, SM_MASK_PNG_ERROR_IO, g_strerror (errno ? errno : EIO));
  else if (n < sizeof signature || png_sig_cmp (signature, 0, sizeof signature) != 0)
    job_fail (&job, SM_MASK_PNG_ERROR_FORMAT, "the file is not a PNG image");
  else
    {
      job.png = png_create_read_struct (PNG_LIBPNG_VER_STRING, &job,
                                        png_error_cb, png_warning_cb);
      if (job.png != NULL)
        job.info = png_create_info_struct (job.png);
      if (job.info != NULL)
        ok = read_image (&job);
      else
        job_fail (&job, SM_MASK_PNG_ERROR_TOO_LARGE, "out of memory");
      png_destroy_read_struct (&job.png, &job.info, NULL);
    }

  fclose (job.fp);
  g_free (job.block);
  if (!ok)
    {
      sm_mask_free (&job.mask);
      job_set_error (&job, "Could not read mask image", path, error);
      return NULL;
    }
  return job.mask;
}

/* Encodes @snapshot into job->fp. On failure the reason is in job. */
static gboolean
write_image (PngJob         *job,
             SmMaskSnapshot *snapshot)
{
  size_t width = sm_mask_snapshot_n_frames (snapshot);
  size_t height = (size_t) sm_mask_snapshot_n_bins (snapshot);
  size_t block_rows = MIN (BLOCK_ROWS, height);

  job->block = g_try_malloc (block_rows * width);
  job->frames = g_try_malloc (block_rows * FETCH_FRAMES);
  if (job->block == NULL || job->frames == NULL)
    {
      job_fail (job, SM_MASK_PNG_ERROR_TOO_LARGE, "out of memory");
      return FALSE;
    }

  if (setjmp (png_jmpbuf (job->png)))
    return FALSE;

  png_set_write_fn (job->png, job, write_cb, flush_cb);
  /* libpng applies its read limits to writing too, 1,000,000 pixels wide by default; the
   * caller has already checked ours. */
  png_set_user_limits (job->png, SM_MASK_PNG_MAX_WIDTH, SM_MASK_PNG_MAX_HEIGHT);
  png_set_IHDR (job->png, job->info, (png_uint_32) width, (png_uint_32) height, 8,
                PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                PNG_FILTER_TYPE_DEFAULT);
  /* Neighbouring bins of a mask are alike, so "up" is the filter that pays; trying all
   * five per row (libpng's default) took twice as long for files of the same size. */
  png_set_filter (job->png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE | PNG_FILTER_UP);
  png_write_info (job->png, job->info);

  for (size_t y0 = 0; y0 < height; y0 += block_rows)
    {
      size_t n_rows = MIN (block_rows, height - y0);

      if (fetch_rows (snapshot, job->block, job->frames, y0, n_rows) != SM_OK)
        {
          /* Not png_error(): the reason is ours, and the image is abandoned anyway. */
          job_fail (job, SM_MASK_PNG_ERROR_TOO_LARGE,
                    "out of memory for the mask's edits while it was being saved");
          return FALSE;
        }
      for (size_t k = 0; k < n_rows; k++)
        png_write_row (job->png, job->block + k * width);
    }

  png_write_end (job->png, NULL);
  return TRUE;
}

/* Flushes, syncs and closes job->fp, so that a full disk or a failing device is reported
 * here and not discovered after the rename has replaced the old file. */
static gboolean
close_file (PngJob *job)
{
  FILE *fp = g_steal_pointer (&job->fp);

  if (fflush (fp) != 0 || fsync (fileno (fp)) != 0)
    {
      int saved_errno = errno;

      fclose (fp);
      job_fail (job, SM_MASK_PNG_ERROR_IO, g_strerror (saved_errno));
      return FALSE;
    }
  if (fclose (fp) != 0)
    {
      job_fail (job, SM_MASK_PNG_ERROR_IO, g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

/* Makes the rename itself durable. Best effort: the data is already on disk, and some file
 * systems refuse to sync a folder. */
static void
sync_folder (const char *folder)
{
  int fd = g_open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd < 0)
    return;
  (void) fsync (fd);
  close (fd);
}

gboolean
sm_mask_png_save (const SmMask  *mask,
                  const char    *path,
                  GError       **error)
{
  SmMaskSnapshot *snapshot;
  gboolean ok;

  g_return_val_if_fail (mask != NULL && mask->levels != NULL, FALSE);
  g_return_val_if_fail (mask->n_frames > 0 && mask->n_bins > 0, FALSE);

  /* Nothing edits @mask meanwhile, so the snapshot only reads it. */
  snapshot = sm_mask_snapshot_new (mask);
  if (snapshot == NULL)
    {
      g_set_error (error, SM_MASK_PNG_ERROR, SM_MASK_PNG_ERROR_TOO_LARGE,
                   "Could not save mask to “%s”: out of memory", path);
      return FALSE;
    }
  ok = sm_mask_png_save_snapshot (snapshot, path, error);
  sm_mask_snapshot_unref (snapshot);
  return ok;
}

gboolean
sm_mask_png_save_snapshot (SmMaskSnapshot  *snapshot,
                           const char      *path,
                           GError         **error)
{
  PngJob job = { 0 };
  g_autofree char *folder = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_name = NULL;
  g_autofree char *tmp_path = NULL;
  size_t n_frames;
  int n_bins;
  int fd;
  gboolean ok = FALSE;

  g_return_val_if_fail (snapshot != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  n_frames = sm_mask_snapshot_n_frames (snapshot);
  n_bins = sm_mask_snapshot_n_bins (snapshot);
  if (n_frames > SM_MASK_PNG_MAX_WIDTH || (unsigned) n_bins > SM_MASK_PNG_MAX_HEIGHT)
    {
      g_autofree char *reason =
        g_strdup_printf ("the mask is %zu × %d (frames × bins), larger than a mask image "
                         "can be (%u × %u)", n_frames, n_bins,
                         SM_MASK_PNG_MAX_WIDTH, SM_MASK_PNG_MAX_HEIGHT);

      job_fail (&job, SM_MASK_PNG_ERROR_TOO_LARGE, reason);
      job_set_error (&job, "Could not save mask to", path, error);
      return FALSE;
    }

  /* g_file_open_tmp() would put the file in /tmp, often another file system, where
   * rename() cannot reach @path. A dot-name beside @path can, and stays out of sight. */
  folder = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp_name = g_strdup_printf (".%s.XXXXXX", base);
  tmp_path = g_build_filename (folder, tmp_name, NULL);
  /* 0666 rather than g_mkstemp()'s 0600, so the result gets the umask's usual permissions. */
  fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      job_fail (&job, SM_MASK_PNG_ERROR_IO, g_strerror (errno));
      job_set_error (&job, "Could not save mask to", path, error);
      return FALSE;
    }

  job.fp = fdopen (fd, "wb");
  if (job.fp == NULL)
    {
      job_fail (&job, SM_MASK_PNG_ERROR_IO, g_strerror (errno));
      close (fd);
    }
  else
    {
      job.png = png_create_write_struct (PNG_LIBPNG_VER_STRING, &job,
                                         png_error_cb, png_warning_cb);
      if (job.png != NULL)
        job.info = png_create_info_struct (job.png);
      if (job.info != NULL)
        ok = write_image (&job, snapshot);
      else
        job_fail (&job, SM_MASK_PNG_ERROR_TOO_LARGE, "out of memory");
      png_destroy_write_struct (&job.png, &job.info);
      g_clear_pointer (&job.block, g_free);
      g_clear_pointer (&job.frames, g_free);

      if (ok)
        ok = close_file (&job);
      else
        g_clear_pointer (&job.fp, fclose);
    }

  if (ok && g_rename (tmp_path, path) != 0)
    {
      job_fail (&job, SM_MASK_PNG_ERROR_IO, g_strerror (errno));
      ok = FALSE;
    }
  if (!ok)
    {
      g_unlink (tmp_path);
      job_set_error (&job, "Could not save mask to", path, error);
      return FALSE;
    }

  sync_folder (folder);
  return TRUE;
}
