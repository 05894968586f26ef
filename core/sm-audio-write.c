/* sm-audio-write.c: atomic encoding of audio files through libsndfile.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sm-audio.h"

#include <errno.h>
#include <libgen.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK_FRAMES 16384

static const struct
{
  const char *name;
  int         sf_format;
} formats[SM_N_AUDIO_FORMATS] = {
  /* RF64 with auto-downgrade writes plain WAV unless the data passes 4 GiB. */
  [SM_AUDIO_WAV_16] = { "wav16", SF_FORMAT_RF64 | SF_FORMAT_PCM_16 },
  [SM_AUDIO_WAV_24] = { "wav24", SF_FORMAT_RF64 | SF_FORMAT_PCM_24 },
  [SM_AUDIO_WAV_FLOAT] = { "wav32f", SF_FORMAT_RF64 | SF_FORMAT_FLOAT },
  [SM_AUDIO_FLAC] = { "flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_24 },
  [SM_AUDIO_OGG] = { "ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS },
};

SmStatus
sm_audio_format_from_name (const char    *name,
                           SmAudioFormat *format)
{
  if (name == NULL)
    return SM_ERROR_BAD_ARG;
  if (strcmp (name, "float") == 0 || strcmp (name, "wav") == 0)
    {
      *format = strcmp (name, "wav") == 0 ? SM_AUDIO_WAV_16 : SM_AUDIO_WAV_FLOAT;
      return SM_OK;
    }
  for (int i = 0; i < SM_N_AUDIO_FORMATS; i++)
    if (strcmp (name, formats[i].name) == 0)
      {
        *format = (SmAudioFormat) i;
        return SM_OK;
      }
  return SM_ERROR_BAD_ARG;
}

const char *
sm_audio_format_name (SmAudioFormat format)
{
  if ((int) format < 0 || format >= SM_N_AUDIO_FORMATS)
    return NULL;
  return formats[format].name;
}

/* Interleaves and writes every frame; returns nonzero on a short write. */
static int
encode_all (SNDFILE       *file,
            const SmAudio *audio)
{
  const int channels = audio->channels;
  float *chunk = malloc (sizeof (float) * CHUNK_FRAMES * (size_t) channels);
  int failed = chunk == NULL;

  for (size_t done = 0; !failed && done < audio->frames; done += CHUNK_FRAMES)
    {
      size_t n = audio->frames - done < CHUNK_FRAMES ? audio->frames - done : CHUNK_FRAMES;

      for (int c = 0; c < channels; c++)
        for (size_t i = 0; i < n; i++)
          chunk[i * (size_t) channels + (size_t) c] = audio->data[c][done + i];
      failed = sf_writef_float (file, chunk, (sf_count_t) n) != (sf_count_t) n;
    }
  free (chunk);
  return failed;
}

/* The permissions a new file gets: those of the file it replaces, else 0644. */
static mode_t
target_mode (const char *path)
{
  struct stat st;

  if (stat (path, &st) == 0 && S_ISREG (st.st_mode))
    return st.st_mode & 07777;
  return 0644;
}

SmStatus
sm_audio_write (const char    *path,
                const SmAudio *audio,
                SmAudioFormat  format,
                SmError       *error)
{
  SF_INFO sf_info = { 0 };
  SNDFILE *file = NULL;
  char *dir_copy = NULL;
  char *base_copy = NULL;
  char *tmp = NULL;
  SmStatus status = SM_OK;
  int fd = -1;
  int created = 0;
  int failed;

  if ((int) format < 0 || format >= SM_N_AUDIO_FORMATS)
    return sm_error_set (error, SM_ERROR_BAD_ARG, "%s: unknown output format %d", path, format);
  if (audio == NULL || audio->channels < 1 || audio->rate < 1)
    return sm_error_set (error, SM_ERROR_BAD_ARG, "%s: nothing to write", path);

  sf_info.samplerate = audio->rate;
  sf_info.channels = audio->channels;
  sf_info.format = formats[format].sf_format;
  if (!sf_format_check (&sf_info))
    return sm_error_set (error, SM_ERROR_UNSUPPORTED,
                         "%s: %s cannot store %d channels at %d Hz", path,
                         formats[format].name, audio->channels, audio->rate);

  /* The temporary file lives beside the target so that rename() is atomic. */
  dir_copy = strdup (path);
  base_copy = strdup (path);
  if (dir_copy == NULL || base_copy == NULL)
    {
      status = sm_error_set (error, SM_ERROR_NOMEM, "%s: out of memory", path);
      goto out;
    }
  tmp = malloc (strlen (path) + 16);
  if (tmp == NULL)
    {
      status = sm_error_set (error, SM_ERROR_NOMEM, "%s: out of memory", path);
      goto out;
    }
  sprintf (tmp, "%s/.%s.XXXXXX", dirname (dir_copy), basename (base_copy));

  fd = mkstemp (tmp);
  if (fd < 0)
    {
      status = sm_error_set (error, SM_ERROR_IO, "%s: cannot create a file there: %s", path,
                             strerror (errno));
      goto out;
    }
  created = 1;
  fchmod (fd, target_mode (path));

  file = sf_open_fd (fd, SFM_WRITE, &sf_info, 0);
  if (file == NULL)
    {
      status = sm_error_set (error, SM_ERROR_IO, "%s: cannot encode %s: %s", path,
                             formats[format].name, sf_strerror (NULL));
      goto out;
    }
  sf_command (file, SFC_RF64_AUTO_DOWNGRADE, NULL, SF_TRUE);
  sf_command (file, SFC_SET_CLIPPING, NULL, SF_TRUE);
  if (format == SM_AUDIO_OGG)
    {
      double quality = 0.8;

      sf_command (file, SFC_SET_VBR_ENCODING_QUALITY, &quality, sizeof quality);
    }

  failed = encode_all (file, audio);
  if (failed)
    status = sm_error_set (error, SM_ERROR_IO, "%s: writing failed: %s", path,
                           sf_strerror (file));
  /* sf_close writes the final header; it must succeed before the data is trusted. */
  if (sf_close (file) != 0 && status == SM_OK)
    status = sm_error_set (error, SM_ERROR_IO, "%s: finishing the file failed", path);
  file = NULL;

  if (status == SM_OK && fsync (fd) != 0)
    status = sm_error_set (error, SM_ERROR_IO, "%s: flushing to disk failed: %s", path,
                           strerror (errno));
  if (close (fd) != 0 && status == SM_OK)
    status = sm_error_set (error, SM_ERROR_IO, "%s: closing failed: %s", path, strerror (errno));
  fd = -1;

  if (status == SM_OK && rename (tmp, path) != 0)
    status = sm_error_set (error, SM_ERROR_IO, "%s: cannot replace the file: %s", path,
                           strerror (errno));

out:
  if (file != NULL)
    sf_close (file);
  if (fd >= 0)
    close (fd);
  if (status != SM_OK && created)
    unlink (tmp);
  free (tmp);
  free (dir_copy);
  free (base_copy);
  return status;
}
