/* sm-cli-private.h: pieces shared by the specmask-cli subcommands.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sm-core-glib.h"

G_BEGIN_DECLS

/* Exit codes: 0 success, 1 the work failed (bad input, I/O), 2 the command line is wrong. */
#define SM_CLI_EXIT_FAILURE 1
#define SM_CLI_EXIT_USAGE 2

typedef int (*SmCliCommand) (int    argc,
                             char **argv);

int  _sm_cli_info (int argc, char **argv);
int  _sm_cli_mask (int argc, char **argv);
int  _sm_cli_separate (int argc, char **argv);
int  _sm_cli_evaluate (int argc, char **argv);
int  _sm_cli_reconstruct (int argc, char **argv);

/* --- options every subcommand that analyses audio shares -------------------------- */

typedef struct
{
  int    fft;        /* 0: by sample rate */
  int    hop;        /* 0: fft / 4 */
  char  *window;
  char  *pad;
  int    threads;    /* 0: one per core */
  gboolean pad_trim; /* zero-pad or trim references to the mix's length */
} SmCliStftOptions;

GOptionGroup *_sm_cli_stft_group (SmCliStftOptions *options);
void          _sm_cli_stft_options_clear (SmCliStftOptions *options);
gboolean      _sm_cli_stft_params (const SmCliStftOptions *options,
                                   int                     rate,
                                   SmStftParams           *params,
                                   GError                **error);
/* A plan with measured FFTs; the planner's wisdom is cached in the user's cache folder. */
SmStft       *_sm_cli_stft_new (const SmStftParams *params,
                                GError            **error);
void          _sm_cli_save_wisdom (void);

SmRun         _sm_cli_run (const SmCliStftOptions *options);

/* --- mask sources, shared by `mask` and `separate` ----------------------------------- */

typedef struct
{
  gboolean ibm;
  gboolean irm;
  gboolean all_pass;
  gboolean relative;
  char    *mask_png;
  double   lc_db;
  double   floor_db;
  double   irm_exponent;
  double   threshold_db;    /* NAN: not asked for */
  int      half_frames;
  int      half_bins;
  char    *block;           /* "TxF": majority vote over blocks, NULL: none */
} SmCliMaskOptions;

GOptionGroup *_sm_cli_mask_group (SmCliMaskOptions *options,
                                  gboolean          allow_png);
void          _sm_cli_mask_options_init (SmCliMaskOptions *options);
void          _sm_cli_mask_options_clear (SmCliMaskOptions *options);
/* Checks that exactly one source was chosen and that it has the references it needs. */
gboolean      _sm_cli_mask_options_check (const SmCliMaskOptions *options,
                                          gboolean                have_target,
                                          GError                **error);
/* Builds the mask on @stft's grid for @mix; @target / @interferer may be NULL (then the
 * interferer is mix - target). Adds the source's parameters to @params_json. */
SmMask       *_sm_cli_build_mask (const SmCliMaskOptions *options,
                                  SmStft                 *stft,
                                  const SmAudio          *mix,
                                  const SmAudio          *target,
                                  const SmAudio          *interferer,
                                  const SmRun            *run,
                                  JsonBuilder            *params_json,
                                  GError                **error);

/* --- inpainting (separate) ----------------------------------------------------------- */

typedef struct
{
  char    *mode;
  char    *confidence;        /* NULL or "auto": estimated; else 0 to 1 */
  double   beta;              /* NAN: the mode's default */
  int      components;        /* 0: default */
  int      iterations;        /* 0: default */
  char    *dictionary;
  char   **train;
  char    *phase;
  int      phase_iterations;  /* 0: default */
  gint64   seed;
} SmCliInpaintOptions;

void          _sm_cli_inpaint_options_init  (SmCliInpaintOptions *options);
void          _sm_cli_inpaint_options_clear (SmCliInpaintOptions *options);
GOptionGroup *_sm_cli_inpaint_group         (SmCliInpaintOptions *options);
gboolean      _sm_cli_inpaint_params        (const SmCliInpaintOptions *options,
                                             SmInpaintParams           *params,
                                             GError                   **error);
/* Every training file's STFT frames one after another (rates must match the mix's). */
SmSpectrogram *_sm_cli_training_spectrogram (SmStft         *stft,
                                             char          **paths,
                                             const SmAudio  *mix,
                                             const SmRun    *run,
                                             GError        **error);
void          _sm_cli_json_inpaint_params   (JsonBuilder           *builder,
                                             const SmInpaintParams *params);
void          _sm_cli_json_inpaint_report   (JsonBuilder           *builder,
                                             const SmInpaintParams *params,
                                             const SmInpaintReport *report);

/* --- files, JSON, errors ------------------------------------------------------------- */

SmAudio      *_sm_cli_load_audio (const char   *path,
                                  SmAudioInfo  *info,
                                  GError      **error);
/* Loads a reference and conforms it to @mix (rate must match; length too unless
 * @pad_trim). @role names it in messages ("target"). */
SmAudio      *_sm_cli_load_reference (const char     *path,
                                      const char     *role,
                                      const SmAudio  *mix,
                                      gboolean        pad_trim,
                                      GError        **error);
void          _sm_cli_json_double (JsonBuilder *builder,
                                   const char  *name,
                                   double       value);
void          _sm_cli_json_stft (JsonBuilder        *builder,
                                 const SmStftParams *params);
/* Prints @root pretty-printed to stdout and frees it. */
void          _sm_cli_print_json (JsonNode *root);
gboolean      _sm_cli_write_json (JsonNode    *root,
                                  const char  *path,
                                  GError     **error);

/* "specmask-cli: <message>" on stderr; returns SM_CLI_EXIT_FAILURE. Frees @error. */
int           _sm_cli_fail (GError *error);
/* Parses @argc/@argv with @context; on error prints it with the usage hint. Returns
 * FALSE when the caller should exit with SM_CLI_EXIT_USAGE. */
gboolean      _sm_cli_parse (GOptionContext *context,
                             int            *argc,
                             char         ***argv);
double        _sm_cli_seconds_since (gint64 start_us);

G_END_DECLS

G_BEGIN_DECLS

/* Adds "@name": {snr, si_sdr, sdr, sir, sar, stoi, estoi} of @estimate against
 * @reference: SNR and SI-SDR over every channel at once (as one long signal), BSS Eval v3
 * (with @interferer, when given, for SIR) and (E)STOI on the mono mixdowns. JSON null
 * where a figure is undefined. */
void          _sm_cli_json_metrics (JsonBuilder   *builder,
                                    const char    *name,
                                    const SmAudio *reference,
                                    const SmAudio *interferer,
                                    const SmAudio *estimate);

G_END_DECLS
