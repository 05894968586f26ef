/* sm-separation.c: the separation pipeline in a worker thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sm-separation.h"

#include <math.h>
#include <string.h>

#include "sm-bench.h"
#include "sm-core-glib.h"
#include "sm-span-separation.h"
#include "sm-training.h"
#include "sm-workers.h"

typedef struct
{
  SmSharedAudio  *inputs[3];       /* shared with the document: mix, target, interferer */
  const SmAudio  *mix;             /* borrowed from inputs[] */
  const SmAudio  *target;
  const SmAudio  *interferer;
  SmAudio        *signals[SM_N_RESULTS];   /* the run's own until the result takes them */
  SmMask         *mask;
  guint64         mask_generation;
  SmStftParams    stft;
  SmInpaintParams params;
  SmSeparationScope scope;         /* train_paths points into job->train_paths */
  char          **train_paths;
  SmProgress     *progress;
  GCancellable   *cancellable;
} Job;

static void
job_free (Job *job)
{
  for (guint i = 0; i < G_N_ELEMENTS (job->inputs); i++)
    sm_shared_audio_unref (job->inputs[i]);
  for (int i = 0; i < SM_N_RESULTS; i++)
    sm_audio_free (&job->signals[i]);
  sm_mask_free (&job->mask);
  g_strfreev (job->train_paths);
  g_clear_object (&job->progress);
  g_clear_object (&job->cancellable);
  g_free (job);
}

static void
result_clear (SmSeparationResult *result)
{
  for (int i = 0; i < SM_N_RESULTS; i++)
    g_clear_pointer (&result->signals[i], sm_shared_audio_unref);
  g_clear_pointer (&result->estimate_levels, sm_levels_unref);
  g_clear_pointer (&result->residual_levels, sm_levels_unref);
  g_clear_pointer (&result->train_paths, g_strfreev);
}

SmSeparationResult *
sm_separation_result_ref (SmSeparationResult *result)
{
  return g_atomic_rc_box_acquire (result);
}

void
sm_separation_result_unref (SmSeparationResult *result)
{
  g_atomic_rc_box_release_full (result, (GDestroyNotify) result_clear);
}

static int
nmf_iteration_cb (int     iteration,
                  double  divergence,
                  void   *data)
{
  Job *job = data;
  g_autofree char *stage = g_strdup_printf ("NMF iteration %d, divergence %.4g", iteration,
                                            divergence);

  sm_progress_push_value (job->progress, divergence);
  sm_progress_set (job->progress, sm_progress_get_fraction (job->progress), stage);
  return g_cancellable_is_cancelled (job->cancellable);
}

static int
phase_iteration_cb (int     iteration,
                    double  convergence_db,
                    void   *data)
{
  Job *job = data;
  g_autofree char *stage = g_strdup_printf ("Phase iteration %d, spectral convergence "
                                            "%.2f dB", iteration, convergence_db);

  sm_progress_push_value (job->progress, pow (10.0, convergence_db / 20.0));
  sm_progress_set (job->progress, sm_progress_get_fraction (job->progress), stage);
  return g_cancellable_is_cancelled (job->cancellable);
}

static SmLevels *
levels_of (SmStft        *stft,
           const SmAudio *audio)
{
  g_autoptr (SmSpectrogram) spec = sm_spectrogram_of_audio (stft, audio, NULL, NULL);

  return spec != NULL ? sm_levels_new (spec, sm_stft_full_scale (stft)) : NULL;
}

static void
measure (const SmAudio *reference,
         const SmAudio *interferer,
         const SmAudio *estimate,
         SmQuality     *q)
{
  g_autofree float *ref = sm_audio_mixdown (reference);
  g_autofree float *est = sm_audio_mixdown (estimate);
  g_autofree float *itf = interferer != NULL ? sm_audio_mixdown (interferer) : NULL;
  SmBssScores bss = { NAN, NAN, NAN };
  size_t n = reference->frames;

  q->snr = sm_metric_snr (ref, est, n);
  q->si_sdr = sm_metric_si_sdr (ref, est, n);
  if (sm_bss_eval (ref, itf, est, n, 512, NULL, &bss) != SM_OK)
    bss = (SmBssScores) { NAN, NAN, NAN };
  q->sdr = bss.sdr;
  q->sir = bss.sir;
  q->sar = bss.sar;
  q->stoi = sm_stoi (ref, est, n, reference->rate, 0, NULL);
  q->estoi = sm_stoi (ref, est, n, reference->rate, 1, NULL);
}

static gboolean
fail_inpaint (Job      *job,
              SmStatus  status,
              SmError  *core_error,
              GError  **error)
{
  if (status == SM_ERROR_CANCELLED)
    return !g_cancellable_set_error_if_cancelled (job->cancellable, error);
  return sm_propagate_core_error (error, core_error);
}

typedef struct
{
  Job             *job;
  SmProgressScope *scope;
} StageProgress;

/* Progress: each stage of the engine gets its label and its share of the bar. */
static void
inpaint_stage_cb (SmInpaintStage stage,
                  gpointer       data)
{
  StageProgress *progress = data;
  gboolean model = stage == SM_INPAINT_STAGE_MODEL;

  sm_progress_set (progress->job->progress, model ? 0.1 : 0.7,
                   model ? "Learning the models" : "Rebuilding the signal");
  progress->scope->from = model ? 0.1 : 0.7;
  progress->scope->span = model ? 0.6 : 0.2;
}

/* The model and the rendering on @mix (the whole file, or the part a span cut out). */
static gboolean
inpaint (Job                *job,
         SmStft             *stft,
         const SmAudio      *mix,
         const SmAudio      *target,
         const SmMask       *mask,
         SmProgressScope    *scope,
         SmSeparationResult *result,
         SmAudio           **mixphase,
         SmAudio           **estimate,
         GError            **error)
{
  SmRun run = { 0, sm_progress_core_cb, scope };
  g_autoptr (SmSpectrogram) mix_spec = sm_spectrogram_of_audio (stft, mix, NULL, NULL);
  g_autoptr (SmSpectrogram) reference = NULL;
  StageProgress progress = { job, scope };
  SmInpaintReport report = { 0 };
  SmError core_error = { 0 };
  SmStatus status;

  if (mix_spec == NULL)
    return sm_set_core_status (error, SM_ERROR_NOMEM, "Inpainting");
  if (job->params.dictionary == SM_DICTIONARY_TARGET && target != NULL)
    reference = sm_spectrogram_of_audio (stft, target, NULL, NULL);
  else if (job->params.dictionary == SM_DICTIONARY_TRAIN)
    {
      sm_progress_set (job->progress, scope->from, "Reading the training files");
      reference = sm_training_spectrogram (stft, (const char *const *) job->train_paths,
                                           mix->rate, NULL, error);
      if (reference == NULL)
        return FALSE;
      g_message ("Dictionary: training files (%u), %zu frames",
                 g_strv_length (job->train_paths), reference->n_frames);
    }

  status = sm_inpaint_audio (stft, &job->params, mix, mix_spec, mask, reference, &report, &run,
                             inpaint_stage_cb, &progress, mixphase, estimate, &core_error);
  result->nmf_iterations = report.activations.iterations;
  result->phase_iterations = report.phase_iterations;
  sm_inpaint_report_clear (&report);
  return status == SM_OK || fail_inpaint (job, status, &core_error, error);
}

/* What the model on a part needs besides the part itself. */
typedef struct
{
  Job                *job;
  SmStft             *stft;
  SmProgressScope    *scope;
  SmSeparationResult *result;
} PartRun;

static gboolean
inpaint_part_cb (const SmAudio  *mix,
                 const SmAudio  *target,
                 const SmMask   *mask,
                 SmAudio       **mixphase,
                 SmAudio       **estimate,
                 gpointer        data,
                 GError        **error)
{
  PartRun *part = data;

  return inpaint (part->job, part->stft, mix, target, mask, part->scope, part->result, mixphase,
                  estimate, error);
}

/* Selection only: the engine runs on the span that removes bins, plus context, and its
 * result replaces the masked signal there (whole frames inside, cross-faded at the joins).
 * specmask-cli separate --span runs the same code. */
static gboolean
inpaint_span (Job                *job,
              SmStft             *stft,
              SmProgressScope    *scope,
              SmSeparationResult *result,
              GError            **error)
{
  PartRun part = { job, stft, scope, result };

  if (!sm_span_separation_run (stft, job->mix, job->target, job->mask,
                               job->signals[SM_RESULT_MASKED], job->scope.context_seconds,
                               job->scope.limit_first, job->scope.limit_last, inpaint_part_cb,
                               &part, &result->span, &result->has_span,
                               &job->signals[SM_RESULT_MIXPHASE],
                               &job->signals[SM_RESULT_ESTIMATE], error))
    return FALSE;
  if (result->has_span)
    g_message ("Selection only: frames %zu-%zu, samples %zu-%zu (kept whole %zu-%zu, fades of "
               "%zu)", result->span.edit_first, result->span.edit_last, result->span.start,
               result->span.end, result->span.keep_start, result->span.keep_end,
               result->span.fade);
  return TRUE;
}

static gboolean
separate (Job                *job,
          SmSeparationResult *result,
          GError            **error)
{
  SmProgressScope scope = { job->progress, job->cancellable, 0.0, 0.1 };
  SmRun run = { 0, sm_progress_core_cb, &scope };
  g_autoptr (SmStft) stft = NULL;
  const SmAudio *estimate = NULL;
  SmError core_error = { 0 };
  SmStatus status;

  stft = sm_stft_new (&job->stft, &core_error);
  if (stft == NULL)
    return sm_propagate_core_error (error, &core_error);

  sm_progress_set (job->progress, 0.0, "Masking");
  status = sm_separate_apply_mask (stft, job->mix, job->mask, &job->signals[SM_RESULT_MASKED],
                                   &run);
  if (status != SM_OK)
    return sm_set_core_status (error, status, "Masking");

  /* Plain masking estimates the masked signal itself: no copy, the result shares it
   * (hand_over). */
  if (job->params.mode == SM_INPAINT_NONE)
    estimate = job->signals[SM_RESULT_MASKED];
  else if (job->scope.selection_only)
    {
      if (!inpaint_span (job, stft, &scope, result, error))
        return FALSE;
    }
  else if (!inpaint (job, stft, job->mix, job->target, job->mask, &scope, result,
                     &job->signals[SM_RESULT_MIXPHASE], &job->signals[SM_RESULT_ESTIMATE],
                     error))
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (job->cancellable, error))
    return FALSE;
  if (estimate == NULL)
    estimate = job->signals[SM_RESULT_ESTIMATE];

  status = estimate != NULL
           ? sm_audio_subtract (job->mix, estimate, &job->signals[SM_RESULT_RESIDUAL])
           : SM_ERROR_NOMEM;
  if (status != SM_OK)
    return sm_set_core_status (error, status, "Residual");

  sm_progress_set (job->progress, 0.9, "Drawing the results");
  result->estimate_levels = levels_of (stft, estimate);
  result->residual_levels = levels_of (stft, job->signals[SM_RESULT_RESIDUAL]);

  if (job->target != NULL)
    {
      sm_progress_set (job->progress, 0.93, "Measuring quality");
      result->has_quality = TRUE;
      measure (job->target, job->interferer, job->mix, &result->quality[SM_QUALITY_MIX]);
      measure (job->target, job->interferer, job->signals[SM_RESULT_MASKED],
               &result->quality[SM_QUALITY_MASKED]);
      if (job->signals[SM_RESULT_MIXPHASE] != NULL)
        measure (job->target, job->interferer, job->signals[SM_RESULT_MIXPHASE],
                 &result->quality[SM_QUALITY_MIXPHASE]);
      else
        result->quality[SM_QUALITY_MIXPHASE] = result->quality[SM_QUALITY_MASKED];
      measure (job->target, job->interferer, estimate, &result->quality[SM_QUALITY_ESTIMATE]);
    }
  if (job->target != NULL && job->interferer != NULL)
    {
      g_autoptr (SmSpectrogram) t = sm_spectrogram_of_audio (stft, job->target, NULL, NULL);
      g_autoptr (SmSpectrogram) i = sm_spectrogram_of_audio (stft, job->interferer, NULL, NULL);
      g_autoptr (SmMask) ibm = sm_mask_new (job->mask->n_frames, job->mask->n_bins, 0.0f, NULL);

      if (t != NULL && i != NULL && ibm != NULL
          && sm_mask_ibm (ibm, t, i, SM_IBM_DEFAULT_LC_DB, SM_IBM_DEFAULT_FLOOR_DB) == SM_OK)
        result->has_mask_scores = sm_mask_compare (job->mask, ibm, &result->mask_scores) == SM_OK;
    }
  sm_progress_set (job->progress, 1.0, "Done");
  return TRUE;
}

/* The signals become the result's, immutable and shared from now on. */
static void
hand_over (Job                *job,
           SmSeparationResult *result)
{
  for (int i = 0; i < SM_N_RESULTS; i++)
    result->signals[i] = sm_shared_audio_new (g_steal_pointer (&job->signals[i]));
  if (job->params.mode == SM_INPAINT_NONE)
    result->signals[SM_RESULT_ESTIMATE] = sm_shared_audio_ref (result->signals[SM_RESULT_MASKED]);
}

static void
separation_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Job *job = task_data;
  SmSeparationResult *result = g_atomic_rc_box_new0 (SmSeparationResult);
  GError *error = NULL;
  gint64 start = g_get_monotonic_time ();

  /* For bench/run-separate: how the time to a result splits into queueing, the worker and
   * the hand-off to the panes. */
  sm_bench_mark ("separation-start");
  result->params = job->params;
  result->stft = job->stft;
  result->mask_generation = job->mask_generation;
  result->selection_only = job->scope.selection_only;
  result->has_limit = job->scope.has_limit;
  result->limit_seconds[0] = job->scope.limit_seconds[0];
  result->limit_seconds[1] = job->scope.limit_seconds[1];
  if (job->params.dictionary == SM_DICTIONARY_TRAIN)
    result->train_paths = g_strdupv (job->train_paths);
  if (!separate (job, result, &error))
    {
      sm_separation_result_unref (result);
      g_task_return_error (task, error);
    }
  else
    {
      hand_over (job, result);
      result->seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
      sm_bench_mark ("separation-end");
      g_task_return_pointer (task, result, (GDestroyNotify) sm_separation_result_unref);
    }
  sm_workers_release ();
}

void
sm_separation_run_async (SmSharedAudio         *mix,
                         SmSharedAudio         *target,
                         SmSharedAudio         *interferer,
                         const SmMask          *mask,
                         guint64                mask_generation,
                         const SmStftParams    *stft,
                         const SmInpaintParams *params,
                         const SmSeparationScope *scope,
                         SmProgress            *progress,
                         GCancellable          *cancellable,
                         GAsyncReadyCallback    callback,
                         gpointer               user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);

  job->inputs[0] = sm_shared_audio_ref (mix);
  job->inputs[1] = sm_shared_audio_ref (target);
  job->inputs[2] = sm_shared_audio_ref (interferer);
  job->mix = sm_shared_audio_get (mix);
  job->target = sm_shared_audio_get (target);
  job->interferer = sm_shared_audio_get (interferer);
  job->mask = sm_mask_copy (mask);
  job->mask_generation = mask_generation;
  job->stft = *stft;
  job->params = *params;
  if (scope != NULL)
    job->scope = *scope;
  else
    job->scope.limit_last = G_MAXSIZE;
  job->train_paths = g_strdupv ((char **) job->scope.train_paths);
  job->scope.train_paths = (const char *const *) job->train_paths;
  job->params.on_nmf_iteration = nmf_iteration_cb;
  job->params.on_phase_iteration = phase_iteration_cb;
  job->params.iteration_data = job;
  job->progress = g_object_ref (progress);
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();

  g_task_set_source_tag (task, sm_separation_run_async);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  /* Cancel answers at once: the caller gets G_IO_ERROR_CANCELLED right away while the
   * worker, which checks its cancellable between iterations, winds down on its own; what
   * it still produces is dropped. The job data it reads stays alive until it ends. */
  g_task_set_return_on_cancel (task, TRUE);
  if (job->mix == NULL || job->mask == NULL)
    {
      g_task_return_new_error (task, SM_CORE_ERROR, SM_ERROR_NOMEM,
                               "Out of memory for the separation");
      return;
    }
  sm_workers_hold ();
  g_task_run_in_thread (task, separation_thread);
}

SmSeparationResult *
sm_separation_run_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
sm_separation_command_line (const SmSeparationResult *result,
                            const char               *mix,
                            const char               *target,
                            const char               *interferer,
                            const char               *mask_png)
{
  const SmInpaintParams *p = &result->params;
  g_autoptr (GString) command = g_string_new ("specmask-cli separate ");
  g_autofree char *quoted_mix = g_shell_quote (mix);
  g_autofree char *quoted_mask = g_shell_quote (mask_png);
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (command, "%s -o OUTDIR --mask %s", quoted_mix, quoted_mask);
  if (target != NULL)
    {
      g_autofree char *quoted = g_shell_quote (target);

      g_string_append_printf (command, " --target %s", quoted);
    }
  if (interferer != NULL)
    {
      g_autofree char *quoted = g_shell_quote (interferer);

      g_string_append_printf (command, " --interferer %s", quoted);
    }
  g_string_append_printf (command, " --fft %d --hop %d --window %s --inpaint %s",
                          result->stft.n_fft, result->stft.hop,
                          sm_window_name (result->stft.window), sm_inpaint_mode_name (p->mode));
  if (p->mode != SM_INPAINT_NONE)
    {
      /* A negative trust means the engine picks it: the CLI spells that "auto". */
      g_string_append_printf (command, " --confidence %s",
                              p->confidence_e < 0.0
                              ? "auto" : g_ascii_dtostr (number, sizeof number, p->confidence_e));
      g_string_append_printf (command, " --nmf-components %d --nmf-iter %d --beta %s",
                              p->n_components, p->nmf_iterations,
                              g_ascii_dtostr (number, sizeof number, p->beta));
      g_string_append_printf (command, " --dictionary %s --phase %s --phase-iter %d --seed %"
                              G_GUINT64_FORMAT, sm_dictionary_name (p->dictionary),
                              sm_output_phase_name (p->phase), p->phase_iterations, p->seed);
      for (guint i = 0; result->train_paths != NULL && result->train_paths[i] != NULL; i++)
        {
          g_autofree char *quoted = g_shell_quote (result->train_paths[i]);

          g_string_append_printf (command, " --train %s", quoted);
        }
      /* Plain masking is the same everywhere: only a model run has a span. */
      if (result->selection_only)
        {
          g_autofree char *span = sm_span_separation_format (result->has_limit,
                                                             result->limit_seconds[0],
                                                             result->limit_seconds[1]);

          g_string_append_printf (command, " --span %s", span);
        }
    }
  return g_string_free (g_steal_pointer (&command), FALSE);
}
