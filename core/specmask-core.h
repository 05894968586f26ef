/* specmask-core.h: the whole public engine API in one include.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sm-audio.h"
#include "sm-colormap.h"
#include "sm-bss-eval.h"
#include "sm-db-levels.h"
#include "sm-fft.h"
#include "sm-inpaint.h"
#include "sm-mask.h"
#include "sm-mask-db-sources.h"
#include "sm-mask-edit.h"
#include "sm-mask-history.h"
#include "sm-mask-snapshot.h"
#include "sm-mask-sources.h"
#include "sm-metrics.h"
#include "sm-phase.h"
#include "sm-nmf.h"
#include "sm-resample.h"
#include "sm-run.h"
#include "sm-separate.h"
#include "sm-separate-span.h"
#include "sm-status.h"
#include "sm-stft.h"
#include "sm-stoi.h"
#include "sm-window.h"
