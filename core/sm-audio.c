/* sm-audio.c: decoding, encoding and checking audio through libsndfile.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sm-audio.h"

#include <errno.h>
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Frames converted per libsndfile call: big enough to be fast, small enough that the
 * interleaved scratch stays in cache. */
#define CHUNK_FRAMES 16384

SmAudio *
sm_audio_new (int       channels,
              size_t    frames,
              int       rate,
              SmStatus *status)
{
  SmAudio *audio;

  if (channels < 1 || rate < 1)
    {
      if (status)
        *status = SM_ERROR_BAD_ARG;
      return NULL;
    }

  audio = calloc (1, sizeof *audio);
  if (audio == NULL)
    goto nomem;
  audio->rate = rate;
  audio->channels = channels;
  audio->frames = frames;
  audio->data = calloc ((size_t) channels, sizeof (float *));
  if (audio->data == NULL)
    goto nomem;
  for (int c = 0; c < channels; c++)
    {
      /* One extra sample so that an empty buffer is still a valid pointer. */
      audio->data[c] = calloc (frames + 1, sizeof (float));
      if (audio->data[c] == NULL)
        goto nomem;
    }
  if (status)
    *status = SM_OK;
  return audio;

nomem:
  sm_audio_free (&audio);
  if (status)
    *status = SM_ERROR_NOMEM;
  return NULL;
}

SmAudio *
sm_audio_copy (const SmAudio *audio)
{
  SmAudio *copy = sm_audio_new (audio->channels, audio->frames, audio->rate, NULL);

  if (copy == NULL)
    return NULL;
  for (int c = 0; c < audio->channels; c++)
    memcpy (copy->data[c], audio->data[c], sizeof (float) * audio->frames);
  return copy;
}

void
sm_audio_free (SmAudio **audio)
{
  if (audio == NULL || *audio == NULL)
    return;
  for (int c = 0; (*audio)->data != NULL && c < (*audio)->channels; c++)
    free ((*audio)->data[c]);
  free ((*audio)->data);
  free (*audio);
  *audio = NULL;
}

SmStatus
sm_audio_resize (SmAudio *audio,
                 size_t   frames)
{
  for (int c = 0; c < audio->channels; c++)
    {
      float *grown = realloc (audio->data[c], sizeof (float) * (frames + 1));

      if (grown == NULL)
        return SM_ERROR_NOMEM;
      if (frames > audio->frames)
        memset (grown + audio->frames, 0, sizeof (float) * (frames - audio->frames));
      audio->data[c] = grown;
    }
  audio->frames = frames;
  return SM_OK;
}

/* Why a file cannot be opened: the file system's reason if it has one, else libsndfile's. */
static SmStatus
open_failure (const char *path,
              SmError    *error)
{
  FILE *probe = fopen (path, "rb");

  if (probe == NULL)
    return sm_error_set (error, SM_ERROR_IO, "%s: %s", path, strerror (errno));
  /* fopen succeeds on a folder; reading from it does not. */
  if (fgetc (probe) == EOF && ferror (probe))
    {
      int err = errno;

      fclose (probe);
      return sm_error_set (error, SM_ERROR_IO, "%s: %s", path, strerror (err));
    }
  fclose (probe);
  return sm_error_set (error, SM_ERROR_FORMAT, "%s: not an audio file this build can read (%s)",
                       path, sf_strerror (NULL));
}

static void
describe_format (int          format,
                 SmAudioInfo *info)
{
  SF_FORMAT_INFO format_info = { 0 };

  format_info.format = format & SF_FORMAT_TYPEMASK;
  if (sf_command (NULL, SFC_GET_FORMAT_INFO, &format_info, sizeof format_info) == 0
      && format_info.name != NULL)
    snprintf (info->format, sizeof info->format, "%s", format_info.name);
  else
    snprintf (info->format, sizeof info->format, "unknown (0x%x)", format_info.format);

  format_info.format = format & SF_FORMAT_SUBMASK;
  if (sf_command (NULL, SFC_GET_FORMAT_INFO, &format_info, sizeof format_info) == 0
      && format_info.name != NULL)
    snprintf (info->encoding, sizeof info->encoding, "%s", format_info.name);
  else
    snprintf (info->encoding, sizeof info->encoding, "unknown (0x%x)", format_info.format);
}

static SmStatus
fill_info (const char    *path,
           const SF_INFO *sf_info,
           SmAudioInfo   *info,
           SmError       *error)
{
  if (sf_info->channels < 1)
    return sm_error_set (error, SM_ERROR_EMPTY, "%s: the file has no audio channels", path);
  if (sf_info->samplerate < 1)
    return sm_error_set (error, SM_ERROR_FORMAT, "%s: invalid sample rate %d", path,
                         sf_info->samplerate);
  if (info != NULL)
    {
      memset (info, 0, sizeof *info);
      describe_format (sf_info->format, info);
      info->rate = sf_info->samplerate;
      info->channels = sf_info->channels;
      info->frames = sf_info->frames > 0 ? (size_t) sf_info->frames : 0;
    }
  return SM_OK;
}

SmStatus
sm_audio_probe (const char  *path,
                SmAudioInfo *info,
                SmError     *error)
{
  SF_INFO sf_info = { 0 };
  SNDFILE *file = sf_open (path, SFM_READ, &sf_info);
  SmStatus status;

  if (file == NULL)
    return open_failure (path, error);
  status = fill_info (path, &sf_info, info, error);
  sf_close (file);
  return status;
}

int
sm_audio_find_nonfinite (const SmAudio *audio,
                         int           *channel,
                         size_t        *frame)
{
  for (int c = 0; c < audio->channels; c++)
    for (size_t i = 0; i < audio->frames; i++)
      if (!isfinite (audio->data[c][i]))
        {
          if (channel)
            *channel = c;
          if (frame)
            *frame = i;
          return 1;
        }
  return 0;
}

/* Decodes every frame the stream holds, growing the planar buffers as it goes: some
 * formats (MP3, Ogg) only know their length approximately, and a damaged file may hold
 * fewer frames than its header claims. */
static SmStatus
decode_all (SNDFILE       *file,
            const SF_INFO *sf_info,
            SmAudio       *audio)
{
  const int channels = sf_info->channels;
  float *chunk = malloc (sizeof (float) * CHUNK_FRAMES * (size_t) channels);
  size_t capacity = audio->frames;
  size_t frames = 0;
  sf_count_t got;

  if (chunk == NULL)
    return SM_ERROR_NOMEM;

  while ((got = sf_readf_float (file, chunk, CHUNK_FRAMES)) > 0)
    {
      if (frames + (size_t) got > capacity)
        {
          size_t want = capacity * 2 > frames + (size_t) got ? capacity * 2
                                                              : frames + (size_t) got;

          audio->frames = capacity;
          if (sm_audio_resize (audio, want) != SM_OK)
            {
              free (chunk);
              return SM_ERROR_NOMEM;
            }
          capacity = want;
        }
      for (int c = 0; c < channels; c++)
        {
          float *dst = audio->data[c] + frames;

          for (sf_count_t i = 0; i < got; i++)
            dst[i] = chunk[i * channels + c];
        }
      frames += (size_t) got;
    }
  free (chunk);

  audio->frames = capacity;
  return sm_audio_resize (audio, frames);
}

/* Whether the file stops before its header says it should. libsndfile trims the frame
 * count to what is there and notes the discrepancy in its log ("data : 16000 (should be
 * 9956)"); the log is the only place it tells. */
static int
header_overstates (SNDFILE       *file,
                   const SF_INFO *sf_info,
                   size_t         decoded)
{
  char log[2048] = "";

  if (sf_info->frames > 0 && sf_info->frames != SF_COUNT_MAX
      && decoded < (size_t) sf_info->frames)
    return 1;
  sf_command (file, SFC_GET_LOG_INFO, log, sizeof log);
  for (const char *line = log; line != NULL && *line != '\0'; )
    {
      const char *end = strchr (line, '\n');

      if (strncmp (line, "data", 4) == 0)
        {
          const char *should = strstr (line, "(should be");

          if (should != NULL && (end == NULL || should < end))
            return 1;
        }
      line = end != NULL ? end + 1 : NULL;
    }
  return 0;
}

SmStatus
sm_audio_read (const char   *path,
               SmAudio     **out,
               SmAudioInfo  *info,
               SmError      *error)
{
  SF_INFO sf_info = { 0 };
  SNDFILE *file;
  SmAudio *audio = NULL;
  SmStatus status;
  size_t hint;
  int bad_channel;
  size_t bad_frame;

  *out = NULL;
  file = sf_open (path, SFM_READ, &sf_info);
  if (file == NULL)
    return open_failure (path, error);

  status = fill_info (path, &sf_info, info, error);
  if (status != SM_OK)
    goto out;

  /* Trust the header for the first allocation only up to an hour at 48 kHz; a corrupt
   * header must not make us allocate gigabytes before reading a byte. */
  hint = sf_info.frames > 0 && sf_info.frames < 48000 * 3600 ? (size_t) sf_info.frames : 65536;
  audio = sm_audio_new (sf_info.channels, hint, sf_info.samplerate, &status);
  if (audio == NULL)
    {
      sm_error_set (error, status, "%s: out of memory for %d channels", path, sf_info.channels);
      goto out;
    }

  status = decode_all (file, &sf_info, audio);
  if (status != SM_OK)
    {
      sm_error_set (error, status, "%s: out of memory while decoding", path);
      goto out;
    }
  if (sf_error (file) != SF_ERR_NO_ERROR)
    {
      status = sm_error_set (error, SM_ERROR_FORMAT, "%s: damaged audio data (%s)", path,
                             sf_strerror (file));
      goto out;
    }
  if (audio->frames == 0)
    {
      status = sm_error_set (error, SM_ERROR_EMPTY, "%s: the file holds no audio frames", path);
      goto out;
    }
  if (sm_audio_find_nonfinite (audio, &bad_channel, &bad_frame))
    {
      status = sm_error_set (error, SM_ERROR_NONFINITE,
                             "%s: sample %zu of channel %d (at %.3f s) is NaN or infinite",
                             path, bad_frame, bad_channel + 1,
                             (double) bad_frame / sf_info.samplerate);
      goto out;
    }
  if (info != NULL)
    {
      info->frames = audio->frames;
      if (header_overstates (file, &sf_info, audio->frames))
        snprintf (info->warning, sizeof info->warning,
                  "%s: the file is truncated: its header announces more audio than it holds; "
                  "read the %.3f s that are there", path,
                  (double) audio->frames / sf_info.samplerate);
    }

  *out = audio;
  audio = NULL;

out:
  sm_audio_free (&audio);
  sf_close (file);
  return status;
}

float *
sm_audio_mixdown (const SmAudio *audio)
{
  float *mono = malloc (sizeof (float) * (audio->frames + 1));

  if (mono == NULL)
    return NULL;
  if (audio->channels == 1)
    {
      memcpy (mono, audio->data[0], sizeof (float) * audio->frames);
      return mono;
    }
  for (size_t i = 0; i < audio->frames; i++)
    {
      double sum = 0.0;

      for (int c = 0; c < audio->channels; c++)
        sum += audio->data[c][i];
      mono[i] = (float) (sum / audio->channels);
    }
  return mono;
}

/* Makes @audio's channel count @channels: identical copies of the mono mixdown (or the
 * only channel). */
static SmStatus
match_channels (SmAudio *audio,
                int      channels)
{
  float **data;
  float *mono;

  if (audio->channels == channels)
    return SM_OK;

  mono = sm_audio_mixdown (audio);
  data = calloc ((size_t) channels, sizeof (float *));
  if (mono == NULL || data == NULL)
    goto nomem;
  data[0] = mono;
  for (int c = 1; c < channels; c++)
    {
      data[c] = malloc (sizeof (float) * (audio->frames + 1));
      if (data[c] == NULL)
        goto nomem;
      memcpy (data[c], mono, sizeof (float) * audio->frames);
    }

  for (int c = 0; c < audio->channels; c++)
    free (audio->data[c]);
  free (audio->data);
  audio->data = data;
  audio->channels = channels;
  return SM_OK;

nomem:
  for (int c = 0; data != NULL && c < channels; c++)
    free (data[c]);
  if (data == NULL)
    free (mono);
  free (data);
  return SM_ERROR_NOMEM;
}

SmStatus
sm_audio_conform (SmAudio        *reference,
                  const SmAudio  *mix,
                  SmLengthPolicy  policy,
                  const char     *name,
                  SmError        *error)
{
  if (reference->rate != mix->rate)
    return sm_error_set (error, SM_ERROR_MISMATCH,
                         "%s: sample rate %d Hz differs from the mix's %d Hz",
                         name, reference->rate, mix->rate);

  if (reference->frames != mix->frames)
    {
      if (policy == SM_LENGTH_STRICT)
        return sm_error_set (error, SM_ERROR_MISMATCH,
                             "%s: length %.3f s (%zu frames) differs from the mix's %.3f s "
                             "(%zu frames)", name, (double) reference->frames / reference->rate,
                             reference->frames, (double) mix->frames / mix->rate, mix->frames);
      if (sm_audio_resize (reference, mix->frames) != SM_OK)
        return sm_error_set (error, SM_ERROR_NOMEM, "%s: out of memory", name);
    }

  if (match_channels (reference, mix->channels) != SM_OK)
    return sm_error_set (error, SM_ERROR_NOMEM, "%s: out of memory", name);
  return SM_OK;
}
