/* sm-audio.h: decoded audio in planar float, read and written through libsndfile.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stddef.h>

#include "sm-status.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * SmAudio:
 * @rate: sample rate in Hz, positive
 * @channels: number of channels, positive
 * @frames: samples per channel
 * @data: planar samples, `data[channel][frame]`, nominally in [-1, 1]
 *
 * A plain, owned buffer of audio. Allocate with sm_audio_new() or sm_audio_read(),
 * release with sm_audio_free(). Not thread-safe to mutate; read-only sharing is fine.
 */
typedef struct SmAudio
{
  int     rate;
  int     channels;
  size_t  frames;
  float **data;
} SmAudio;

/**
 * SmAudioInfo:
 * @format: container name as libsndfile names it ("WAV", "FLAC", "OGG", "MPEG"...)
 * @encoding: sample encoding ("Signed 16 bit PCM", "Vorbis"...)
 * @rate: sample rate in Hz
 * @channels: number of channels
 * @frames: samples per channel
 * @warning: empty, or a sentence about damage that did not stop decoding (a file cut
 *   short: the header announces more frames than the file holds, as after an interrupted
 *   recording). Worth showing the user; the audio that is there was read.
 */
typedef struct SmAudioInfo
{
  char   format[64];
  char   encoding[64];
  int    rate;
  int    channels;
  size_t frames;
  char   warning[256];
} SmAudioInfo;

/**
 * SmAudioFormat:
 *
 * What sm_audio_write() produces. WAV variants are 16-bit PCM, 24-bit PCM and 32-bit float;
 * FLAC is 24-bit; OGG is Vorbis at quality 0.8.
 */
typedef enum
{
  SM_AUDIO_WAV_16,
  SM_AUDIO_WAV_24,
  SM_AUDIO_WAV_FLOAT,
  SM_AUDIO_FLAC,
  SM_AUDIO_OGG,
  SM_N_AUDIO_FORMATS
} SmAudioFormat;

/**
 * sm_audio_new:
 * @channels: 1 or more
 * @frames: samples per channel, may be 0
 * @rate: sample rate in Hz, 1 or more
 * @status: (nullable): SM_OK, SM_ERROR_BAD_ARG or SM_ERROR_NOMEM
 *
 * Returns: (transfer full): silent audio, or NULL on failure.
 */
SM_API SmAudio *sm_audio_new (int       channels,
                              size_t    frames,
                              int       rate,
                              SmStatus *status);

/** sm_audio_copy: Returns: (transfer full): a deep copy, or NULL when out of memory. */
SM_API SmAudio *sm_audio_copy (const SmAudio *audio);

/** sm_audio_free: frees @audio and sets `*audio` to NULL; NULL-safe. */
SM_API void     sm_audio_free (SmAudio **audio);

/**
 * sm_audio_probe:
 * @path: a file name
 * @info: (out): what the file holds
 * @error: (nullable): the reason on failure, naming @path
 *
 * Reads the header only. Returns: SM_OK, SM_ERROR_IO (missing or unreadable),
 * SM_ERROR_FORMAT (not audio or damaged), SM_ERROR_EMPTY (no channels). Thread-safe.
 */
SM_API SmStatus sm_audio_probe (const char  *path,
                                SmAudioInfo *info,
                                SmError     *error);

/**
 * sm_audio_read:
 * @path: any file the installed libsndfile reads (WAV, FLAC, OGG/Vorbis, Opus, AIFF, MP3...)
 * @out: (out) (transfer full): the decoded audio
 * @info: (out) (nullable): the file's format
 * @error: (nullable): the reason on failure, naming @path
 *
 * Decodes the whole file into planar float, keeping every channel. Rejects files with no
 * frames (SM_ERROR_EMPTY), data the decoder cannot follow (SM_ERROR_FORMAT), and files
 * with NaN or infinite samples (SM_ERROR_NONFINITE, naming channel and time). A file that
 * simply stops early is read as far as it goes, with @info's warning set.
 * Thread-safe.
 */
SM_API SmStatus sm_audio_read (const char   *path,
                               SmAudio     **out,
                               SmAudioInfo  *info,
                               SmError      *error);

/**
 * sm_audio_write:
 * @path: destination; its folder must exist
 * @audio: what to write; every channel is written
 * @format: the encoding
 * @error: (nullable): the reason on failure, naming @path
 *
 * Writes atomically: the data goes to a temporary file in the same folder, which is
 * flushed and then renamed over @path. On failure nothing is left behind and an existing
 * @path is untouched. Samples outside [-1, 1] are clipped for the integer formats.
 * Returns: SM_OK, SM_ERROR_IO, SM_ERROR_BAD_ARG, SM_ERROR_UNSUPPORTED. Thread-safe.
 */
SM_API SmStatus sm_audio_write (const char    *path,
                                const SmAudio *audio,
                                SmAudioFormat  format,
                                SmError       *error);

/**
 * sm_audio_format_from_name:
 * @name: "wav16", "wav24", "wav32f" (or "float"), "flac" or "ogg"
 * @format: (out): the format
 *
 * Returns: SM_OK or SM_ERROR_BAD_ARG.
 */
SM_API SmStatus    sm_audio_format_from_name (const char    *name,
                                              SmAudioFormat *format);
/** sm_audio_format_name: Returns: the short name sm_audio_format_from_name() accepts. */
SM_API const char *sm_audio_format_name (SmAudioFormat format);

/**
 * sm_audio_find_nonfinite:
 * @audio: audio to scan
 * @channel: (out) (nullable): channel of the first bad sample
 * @frame: (out) (nullable): frame of the first bad sample
 *
 * Returns: 1 when @audio holds a NaN or infinity, else 0.
 */
SM_API int      sm_audio_find_nonfinite (const SmAudio *audio,
                                         int           *channel,
                                         size_t        *frame);

/**
 * sm_audio_mixdown:
 * @audio: any number of channels
 *
 * Returns: (transfer full): a malloc()ed array of `audio->frames` floats, the mean of the
 * channels (analysis is done on this), or NULL when out of memory. Free with free().
 */
SM_API float   *sm_audio_mixdown (const SmAudio *audio);

/**
 * SmLengthPolicy:
 * @SM_LENGTH_STRICT: a length difference is an error
 * @SM_LENGTH_PAD_TRIM: a reference is zero-padded or trimmed to the mix's length
 */
typedef enum
{
  SM_LENGTH_STRICT,
  SM_LENGTH_PAD_TRIM,
} SmLengthPolicy;

/**
 * sm_audio_conform:
 * @reference: (inout): a target, interferer or estimate to check against @mix
 * @mix: the recording everything is aligned to
 * @policy: what to do when the lengths differ
 * @name: how to call @reference in the message ("target", "interferer.wav")
 * @error: (nullable): the reason on failure
 *
 * Checks that @reference can be compared with @mix. A different sample rate is always an
 * error (SM_ERROR_MISMATCH, giving both rates); so is a different length under
 * SM_LENGTH_STRICT (giving both durations). With SM_LENGTH_PAD_TRIM the reference is
 * resized in place. A reference with a different channel count is mixed down (or copied)
 * to match @mix's channel count. Returns: SM_OK, SM_ERROR_MISMATCH or SM_ERROR_NOMEM.
 */
SM_API SmStatus sm_audio_conform (SmAudio        *reference,
                                  const SmAudio  *mix,
                                  SmLengthPolicy  policy,
                                  const char     *name,
                                  SmError        *error);

/**
 * sm_audio_resize:
 * @audio: (inout): audio to change
 * @frames: new length; new samples are silent
 *
 * Returns: SM_OK or SM_ERROR_NOMEM (then @audio is unchanged).
 */
SM_API SmStatus sm_audio_resize (SmAudio *audio,
                                 size_t   frames);

#ifdef __cplusplus
}
#endif
