/* sm-status.h: status codes and error details shared by every core module.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stddef.h>

#if defined(SM_CORE_COMPILATION) && defined(__GNUC__)
# define SM_API __attribute__ ((visibility ("default")))
#else
# define SM_API
#endif

#if defined(__GNUC__)
# define SM_PRINTF(fmt, args) __attribute__ ((format (printf, fmt, args)))
#else
# define SM_PRINTF(fmt, args)
#endif

#ifdef __cplusplus
extern "C" {
#endif

/**
 * SmStatus:
 *
 * What a core function returns. `SM_OK` is zero; every other value is a failure that
 * left its outputs untouched unless the function's documentation says otherwise.
 */
typedef enum
{
  SM_OK = 0,
  SM_ERROR_NOMEM,        /* an allocation failed */
  SM_ERROR_IO,           /* the file system refused: missing file, permissions, disk full */
  SM_ERROR_FORMAT,       /* the bytes are not a format we read, or are truncated */
  SM_ERROR_BAD_ARG,      /* a parameter is out of range or inconsistent */
  SM_ERROR_CANCELLED,    /* the progress callback asked to stop */
  SM_ERROR_NONFINITE,    /* input audio holds NaN or infinite samples */
  SM_ERROR_EMPTY,        /* input audio has no frames or no channels */
  SM_ERROR_MISMATCH,     /* two inputs disagree: sample rate, length or grid */
  SM_ERROR_UNSUPPORTED,  /* valid, but not something this build can do */
  SM_N_STATUS
} SmStatus;

/**
 * sm_strerror:
 * @status: a status code
 *
 * Returns: a static, human-readable sentence fragment for @status. Never NULL.
 * Thread-safe.
 */
SM_API const char *sm_strerror (SmStatus status);

/**
 * SmError:
 *
 * A status plus the sentence a user needs to act on it ("demo.wav: sample rate 22050 Hz
 * differs from the mix's 44100 Hz"). Functions that can fail for reasons worth naming
 * take an optional `SmError *` (NULL to ignore) and also return the status.
 */
typedef struct SmError
{
  SmStatus status;
  char     message[512];
} SmError;

/**
 * sm_error_set:
 * @error: (nullable): where to store the error
 * @status: the status to record
 * @format: printf-style message, without a trailing full stop
 *
 * Fills @error when it is not NULL.
 *
 * Returns: @status, so that `return sm_error_set (error, SM_ERROR_IO, ...);` reads naturally.
 */
SM_API SmStatus sm_error_set (SmError    *error,
                              SmStatus    status,
                              const char *format,
                              ...) SM_PRINTF (3, 4);

/**
 * sm_error_clear:
 * @error: (nullable): an error to reset to `SM_OK` and an empty message
 */
SM_API void     sm_error_clear (SmError *error);

#ifdef __cplusplus
}
#endif
