/* sm-test-util.h: signals, files and comparisons shared by the test programs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "specmask-core.h"

G_BEGIN_DECLS

/* Deterministic white noise in [-amplitude, amplitude] (xorshift, so the same on every
 * machine). Free with g_free(). */
float   *sm_test_noise (size_t   n,
                        guint64  seed,
                        float    amplitude);

/* amplitude * sin(2 pi freq n / rate + phase), n = 0..len-1. Free with g_free(). */
float   *sm_test_sine (size_t n,
                       double rate,
                       double freq,
                       double amplitude,
                       double phase);

/* Max |a - b| / max |a| over n samples (0 when both are zero). */
double   sm_test_rel_error (const float *a,
                            const float *b,
                            size_t       n);

/* A fresh temporary folder for this test process, removed with sm_test_rm_rf(). */
char    *sm_test_mkdtemp (void);
void     sm_test_rm_rf (const char *path);

/* $SM_TEST_DATA/name, or tests/data/name from the source tree. Free with g_free(). */
char    *sm_test_data_path (const char *name);

/* Mono audio holding a copy of @samples. */
SmAudio *sm_test_audio_from (const float *samples,
                             size_t       n,
                             int          rate);

/* Reads @path, or fails the test with the reader's message. */
SmAudio *sm_test_read_audio (const char *path);
/* Writes raw bytes to @path, failing the test on error. */
void     sm_test_write_bytes (const char *path,
                              const void *data,
                              gsize       len);

G_END_DECLS
