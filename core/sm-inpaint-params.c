/* sm-inpaint-params.c: the inpainting settings: names of the modes, dictionaries and
 * phases, defaults, and the report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "sm-inpaint.h"

#include <stdlib.h>
#include <string.h>

static const char *const mode_names[SM_N_INPAINT_MODES] = { "none", "fill", "refine" };
static const char *const dictionary_names[SM_N_DICTIONARIES] = { "self", "train", "target" };
static const char *const phase_names[SM_N_OUTPUT_PHASES] = { "mix", "gla", "fgla", "pghi-fgla" };

static SmStatus
name_lookup (const char *const *names,
             int                 n,
             const char         *name,
             int                *out)
{
  for (int i = 0; name != NULL && i < n; i++)
    if (strcmp (name, names[i]) == 0)
      {
        *out = i;
        return SM_OK;
      }
  return SM_ERROR_BAD_ARG;
}

const char *
sm_inpaint_mode_name (SmInpaintMode mode)
{
  return (int) mode >= 0 && mode < SM_N_INPAINT_MODES ? mode_names[mode] : NULL;
}

SmStatus
sm_inpaint_mode_from_name (const char    *name,
                           SmInpaintMode *mode)
{
  int i;
  SmStatus status = name_lookup (mode_names, SM_N_INPAINT_MODES, name, &i);

  if (status == SM_OK)
    *mode = (SmInpaintMode) i;
  return status;
}

const char *
sm_dictionary_name (SmDictionary dictionary)
{
  return (int) dictionary >= 0 && dictionary < SM_N_DICTIONARIES ? dictionary_names[dictionary]
                                                                 : NULL;
}

SmStatus
sm_dictionary_from_name (const char   *name,
                         SmDictionary *dictionary)
{
  int i;
  SmStatus status = name_lookup (dictionary_names, SM_N_DICTIONARIES, name, &i);

  if (status == SM_OK)
    *dictionary = (SmDictionary) i;
  return status;
}

const char *
sm_output_phase_name (SmOutputPhase phase)
{
  return (int) phase >= 0 && phase < SM_N_OUTPUT_PHASES ? phase_names[phase] : NULL;
}

SmStatus
sm_output_phase_from_name (const char    *name,
                           SmOutputPhase *phase)
{
  int i;
  SmStatus status = name_lookup (phase_names, SM_N_OUTPUT_PHASES, name, &i);

  if (status == SM_OK)
    *phase = (SmOutputPhase) i;
  return status;
}

void
sm_inpaint_params_default (SmInpaintParams *params,
                           SmInpaintMode    mode)
{
  memset (params, 0, sizeof *params);
  params->mode = mode;
  params->confidence_e = SM_INPAINT_CONFIDENCE_AUTO;
  params->n_components = 32;
  params->nmf_iterations = 100;
  params->beta = 1.0;
  params->dictionary = SM_DICTIONARY_SELF;
  params->phase = mode == SM_INPAINT_FILL ? SM_OUTPUT_PHASE_PGHI_FGLA : SM_OUTPUT_PHASE_MIX;
  params->phase_iterations = 100;
  params->seed = 1;
}

void
sm_inpaint_report_clear (SmInpaintReport *report)
{
  if (report == NULL)
    return;
  free (report->phase_convergence_db);
  memset (report, 0, sizeof *report);
}
