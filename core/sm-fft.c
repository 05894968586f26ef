/* sm-fft.c: one lock around the FFTW planner, a plan cache and the wisdom file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FFTW's planner is not thread-safe while its execute functions are (fftw.org, "Thread
 * safety"), so every planner call in the process goes through plan_lock and workers only
 * execute.
 */
#include "sm-fft-private.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Both precisions share one cache and plan_lock: fftw_plan and fftwf_plan come from two
 * different planners, but one lock is simpler than reasoning about whether FFTW's two
 * precisions share planner state. */
typedef enum
{
  PRECISION_F32,
  PRECISION_F64,
  N_PRECISIONS
} Precision;

typedef struct CachedPlan CachedPlan;
struct CachedPlan
{
  CachedPlan *next;
  int         n;
  int         inverse;
  Precision   precision;
  void       *plan;   /* fftwf_plan or fftw_plan, after precision */
};

static pthread_mutex_t plan_lock = PTHREAD_MUTEX_INITIALIZER;
static CachedPlan *plan_cache;
static SmFftPlanning planning = SM_FFT_MEASURE;
static double time_limit_s = 2.0;

void
sm_fft_set_planning (SmFftPlanning new_planning,
                     double        new_time_limit_s)
{
  pthread_mutex_lock (&plan_lock);
  planning = new_planning;
  time_limit_s = new_time_limit_s > 0.0 ? new_time_limit_s : 2.0;
  pthread_mutex_unlock (&plan_lock);
}

/* Called with plan_lock held. */
static void *
make_plan_f32 (int n,
               int inverse)
{
  float *real = fftwf_malloc (sizeof (float) * (size_t) n);
  fftwf_complex *spectrum = fftwf_malloc (sizeof (fftwf_complex) * (size_t) (n / 2 + 1));
  fftwf_plan plan = NULL;
  unsigned flags;

  if (real == NULL || spectrum == NULL)
    goto out;

  if (planning == SM_FFT_NO_STALL)
    {
      /* Wisdom makes MEASURE-quality plans instant; without it, do not make the user wait. */
      flags = FFTW_MEASURE | FFTW_WISDOM_ONLY;
      plan = inverse ? fftwf_plan_dft_c2r_1d (n, spectrum, real, flags)
                     : fftwf_plan_dft_r2c_1d (n, real, spectrum, flags);
      flags = FFTW_ESTIMATE;
    }
  else
    {
      fftwf_set_timelimit (time_limit_s);
      flags = FFTW_MEASURE;
    }

  /* MEASURE overwrites the arrays while it times; they are scratch, so that is fine. */
  if (plan == NULL)
    plan = inverse ? fftwf_plan_dft_c2r_1d (n, spectrum, real, flags)
                   : fftwf_plan_dft_r2c_1d (n, real, spectrum, flags);

out:
  fftwf_free (real);
  fftwf_free (spectrum);
  return plan;
}

/* Called with plan_lock held. Always ESTIMATE (see sm-fft-private.h). ESTIMATE leaves the
 * arrays alone, but FFTW still wants real ones to learn their alignment. */
static void *
make_plan_f64 (int n,
               int inverse)
{
  double *real = fftw_malloc (sizeof (double) * (size_t) n);
  fftw_complex *spectrum = fftw_malloc (sizeof (fftw_complex) * (size_t) (n / 2 + 1));
  fftw_plan plan = NULL;

  if (real != NULL && spectrum != NULL)
    plan = inverse ? fftw_plan_dft_c2r_1d (n, spectrum, real, FFTW_ESTIMATE)
                   : fftw_plan_dft_r2c_1d (n, real, spectrum, FFTW_ESTIMATE);
  fftw_free (real);
  fftw_free (spectrum);
  return plan;
}

/* The planner of each precision; it returns that precision's plan type. */
typedef void *(*MakePlanFunc) (int n,
                               int inverse);

static const MakePlanFunc make_plan[N_PRECISIONS] = {
  [PRECISION_F32] = make_plan_f32,
  [PRECISION_F64] = make_plan_f64,
};

static void *
cached_plan (int       n,
             int       inverse,
             Precision precision)
{
  void *plan = NULL;

  pthread_mutex_lock (&plan_lock);
  for (CachedPlan *c = plan_cache; c != NULL; c = c->next)
    if (c->n == n && c->inverse == inverse && c->precision == precision)
      {
        plan = c->plan;
        break;
      }

  if (plan == NULL)
    {
      CachedPlan *entry = malloc (sizeof *entry);

      plan = entry ? make_plan[precision] (n, inverse) : NULL;
      if (plan != NULL)
        {
          entry->n = n;
          entry->inverse = inverse;
          entry->precision = precision;
          entry->plan = plan;
          entry->next = plan_cache;
          plan_cache = entry;
        }
      else
        free (entry);
    }
  pthread_mutex_unlock (&plan_lock);
  return plan;
}

fftwf_plan
_sm_fft_plan_r2c (int n)
{
  return cached_plan (n, 0, PRECISION_F32);
}

fftwf_plan
_sm_fft_plan_c2r (int n)
{
  return cached_plan (n, 1, PRECISION_F32);
}

fftw_plan
_sm_fft_plan_r2c_f64 (int n)
{
  return cached_plan (n, 0, PRECISION_F64);
}

fftw_plan
_sm_fft_plan_c2r_f64 (int n)
{
  return cached_plan (n, 1, PRECISION_F64);
}

SmStatus
sm_fft_load_wisdom (const char *path)
{
  FILE *file = fopen (path, "r");
  int ok;

  if (file == NULL)
    return errno == ENOENT ? SM_OK : SM_ERROR_IO;

  pthread_mutex_lock (&plan_lock);
  ok = fftwf_import_wisdom_from_file (file);
  pthread_mutex_unlock (&plan_lock);
  fclose (file);
  return ok ? SM_OK : SM_ERROR_FORMAT;
}

SmStatus
sm_fft_save_wisdom (const char *path)
{
  size_t len = strlen (path);
  char *tmp = malloc (len + 8);
  SmStatus status = SM_ERROR_IO;
  FILE *file = NULL;
  int fd;

  if (tmp == NULL)
    return SM_ERROR_NOMEM;
  memcpy (tmp, path, len);
  memcpy (tmp + len, ".XXXXXX", 8);

  fd = mkstemp (tmp);
  if (fd < 0)
    goto out;
  file = fdopen (fd, "w");
  if (file == NULL)
    {
      close (fd);
      unlink (tmp);
      goto out;
    }

  pthread_mutex_lock (&plan_lock);
  fftwf_export_wisdom_to_file (file);
  pthread_mutex_unlock (&plan_lock);

  if (fflush (file) == 0 && fsync (fileno (file)) == 0 && fclose (file) == 0)
    {
      file = NULL;
      if (rename (tmp, path) == 0)
        status = SM_OK;
    }
  if (file != NULL)
    fclose (file);
  if (status != SM_OK)
    unlink (tmp);

out:
  free (tmp);
  return status;
}
