/* sm-mask-db-sources.h: the masks of sm-mask-sources.h, computed from level codes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An editor that keeps only #SmDbLevels (not complex spectrograms) computes thresholds and
 * ideal masks from them. The rules are those of sm_mask_threshold(), sm_mask_ibm() and
 * sm_mask_irm(), with two differences that follow from the codes: levels are known to
 * 1/512 dB, so a bin that close to a decision's edge may fall either way, and a bin at
 * code 0 (SM_DB_FLOOR or quieter) counts as silent. The work is shared among @run's
 * threads; the relative threshold needs O(F) scratch per thread instead of O(T F).
 */
#pragma once

#include "sm-db-levels.h"
#include "sm-mask.h"
#include "sm-mask-sources.h"
#include "sm-run.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * sm_mask_ibm_db:
 * @out: (inout): a mask of the levels' shape; overwritten
 * @target: levels of the wanted sound
 * @interferer: levels of everything else, same shape
 * @lc_db: keep a bin when its target level exceeds the interferer's by more than this
 * @floor_db: and when the target is above its loudest bin minus @floor_db dB; negative or
 *   +inf disables the floor
 * @run: (nullable): threads
 *
 * Returns: SM_OK, SM_ERROR_MISMATCH (shapes), SM_ERROR_BAD_ARG (NaN, NULL).
 */
SM_API SmStatus sm_mask_ibm_db (SmMask           *out,
                                const SmDbLevels *target,
                                const SmDbLevels *interferer,
                                double            lc_db,
                                double            floor_db,
                                const SmRun      *run);

/**
 * sm_mask_irm_db:
 * @exponent: beta in (|T|^2 / (|T|^2 + |I|^2))^beta, > 0; both silent gives 0
 *
 * Returns: SM_OK, SM_ERROR_MISMATCH, SM_ERROR_BAD_ARG, SM_ERROR_NOMEM.
 */
SM_API SmStatus sm_mask_irm_db (SmMask           *out,
                                const SmDbLevels *target,
                                const SmDbLevels *interferer,
                                double            exponent,
                                const SmRun      *run);

/**
 * sm_mask_threshold_db:
 * @out: (inout): overwritten with a binary mask
 * @mix: levels of the recording (already relative to full scale)
 * @threshold_db: absolute: keep bins above this level (dBFS); relative: keep bins whose
 *   power exceeds the mean power of their neighbourhood by more than this
 * @mode: absolute or relative
 * @half_frames: neighbourhood half-width in frames (relative mode), 0 or more
 * @half_bins: neighbourhood half-height in bins (relative mode), 0 or more
 * @run: (nullable): threads
 *
 * Returns: SM_OK, SM_ERROR_MISMATCH, SM_ERROR_BAD_ARG, SM_ERROR_NOMEM (relative mode).
 */
SM_API SmStatus sm_mask_threshold_db (SmMask           *out,
                                      const SmDbLevels *mix,
                                      double            threshold_db,
                                      SmThresholdMode   mode,
                                      int               half_frames,
                                      int               half_bins,
                                      const SmRun      *run);

#ifdef __cplusplus
}
#endif
