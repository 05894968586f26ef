/* sm-status.c: status strings and error details.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sm-status.h"

#include <stdarg.h>
#include <stdio.h>

static const char *const status_text[SM_N_STATUS] = {
  [SM_OK] = "success",
  [SM_ERROR_NOMEM] = "out of memory",
  [SM_ERROR_IO] = "input/output error",
  [SM_ERROR_FORMAT] = "unrecognised or damaged data",
  [SM_ERROR_BAD_ARG] = "invalid parameter",
  [SM_ERROR_CANCELLED] = "cancelled",
  [SM_ERROR_NONFINITE] = "audio contains NaN or infinite samples",
  [SM_ERROR_EMPTY] = "audio is empty",
  [SM_ERROR_MISMATCH] = "inputs do not match",
  [SM_ERROR_UNSUPPORTED] = "not supported",
};

const char *
sm_strerror (SmStatus status)
{
  if ((int) status < 0 || status >= SM_N_STATUS)
    return "unknown error";
  return status_text[status];
}

SmStatus
sm_error_set (SmError    *error,
              SmStatus    status,
              const char *format,
              ...)
{
  va_list args;

  if (error == NULL)
    return status;

  error->status = status;
  va_start (args, format);
  vsnprintf (error->message, sizeof error->message, format, args);
  va_end (args);
  return status;
}

void
sm_error_clear (SmError *error)
{
  if (error == NULL)
    return;
  error->status = SM_OK;
  error->message[0] = '\0';
}
