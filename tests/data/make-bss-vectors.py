#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the mir_eval reference scores that tests/test-bss-eval.c reads.

Run from anywhere with Debian's python3 and python3-mir-eval (apt-get install python3-mir-eval):

    tests/data/make-bss-vectors.py

It rewrites, beside itself:

  bss-eval.ini          a GKeyFile manifest: one group per case with n_samples, whether it has
                        an interferer, and mir_eval's sdr, sir and sar for the estimate
  bss-<case>.f32        per case, little-endian float32 arrays back to back:
                          target[n]
                          interferer[n]     (only when the case has one)
                          estimate[n]

Scores come from mir_eval.separation.bss_eval_sources with compute_permutation=False and the
default 512-tap filter, on the stored float32 samples widened to float64, taking index 0:
  with an interferer:  references [target, interferer], estimates [estimate, mix - estimate]
                       where mix = target + interferer;
  without:             references [target], estimates [estimate] (SIR is then +inf).
Everything is deterministic (fixed seeds); signals are at 8 kHz and short so that the files stay
small (about 380 KB in all).
"""
import os
import warnings

import mir_eval
import numpy as np
import scipy
import scipy.signal as ss

HERE = os.path.dirname(os.path.abspath(__file__))
RATE = 8000


def coloured_noise(rng, n, pole):
    """White noise through a one-pole low-pass: a target with a sloped spectrum."""
    return ss.lfilter([1.0], [1.0, -pole], rng.standard_normal(n))


def tones(n, freqs, amps):
    t = np.arange(n) / RATE
    return sum(a * np.sin(2 * np.pi * f * t + 0.7 * k) for k, (f, a) in enumerate(zip(freqs, amps)))


def normalise(x, peak=0.5):
    return x * (peak / np.max(np.abs(x)))


def case_noise_mix(rng):
    """Filtered noise and tones; the estimate is the target through a short filter, some
    leakage of the interferer and artefact noise."""
    n = 8000
    target = normalise(coloured_noise(rng, n, 0.9) + tones(n, [300, 1250], [2.0, 1.0]))
    interferer = normalise(ss.lfilter([1.0, 0.5], [1.0], rng.standard_normal(n)), 0.4)
    estimate = (ss.lfilter([0.9, 0.2, -0.1], [1.0], target) + 0.3 * interferer
                + 0.05 * rng.standard_normal(n))
    return target, interferer, estimate


def case_sines_mix(rng):
    """Mostly tones (with a little noise so the delayed targets stay linearly independent)."""
    n = 6000
    target = normalise(tones(n, [220, 330, 440, 1760], [1.0, 0.7, 0.5, 0.2])
                       + 0.05 * rng.standard_normal(n))
    interferer = normalise(coloured_noise(rng, n, 0.5), 0.3)
    estimate = target + 0.3 * interferer + 0.1 * rng.standard_normal(n)
    return target, interferer, estimate


def case_single_ref(rng):
    """No interferer reference: SDR and SAR from the target-only projection."""
    n = 8000
    target = normalise(coloured_noise(rng, n, 0.7) + tones(n, [500], [1.5]))
    estimate = 1.2 * ss.lfilter([1.0, -0.3, 0.1], [1.0], target) + 0.1 * rng.standard_normal(n)
    return target, None, estimate


def case_delayed(rng):
    """The estimate lags by 40 samples, well inside the filter: mostly not a distortion."""
    n = 4000
    target = normalise(coloured_noise(rng, n, 0.8))
    interferer = normalise(rng.standard_normal(n), 0.4)
    late = np.concatenate([np.zeros(40), target[:-40]])
    estimate = 0.8 * late + 0.3 * interferer + 0.02 * rng.standard_normal(n)
    return target, interferer, estimate


def case_poor(rng):
    """More interferer and artefact than target: negative SDR."""
    n = 4000
    target = normalise(coloured_noise(rng, n, 0.6) + tones(n, [700], [1.0]))
    interferer = normalise(coloured_noise(rng, n, 0.3), 0.5)
    estimate = 0.2 * target + 1.0 * interferer + 0.3 * rng.standard_normal(n)
    return target, interferer, estimate


def case_pure_tones(rng):
    """Two pure tones and nothing else: away from the ends the 512 delayed targets span only
    4 dimensions, so the Gram matrix is singular to working precision (mir_eval's LU solve
    gets through; our Cholesky of the two-reference system needs its ridge fallback)."""
    n = 4000
    target = normalise(tones(n, [440, 1000], [1.0, 0.4]))
    interferer = normalise(rng.standard_normal(n), 0.3)
    estimate = target + 0.5 * interferer + 0.05 * rng.standard_normal(n)
    return target, interferer, estimate


CASES = [
    ("noise-mix", case_noise_mix, 11),
    ("sines-mix", case_sines_mix, 12),
    ("single-ref", case_single_ref, 13),
    ("delayed", case_delayed, 14),
    ("poor", case_poor, 15),
    ("pure-tones", case_pure_tones, 16),
]


def run_case(name, make, seed, manifest):
    target, interferer, estimate = make(np.random.RandomState(seed))
    target = target.astype(np.float32)
    estimate = estimate.astype(np.float32)
    arrays = [target]
    t64 = target.astype(np.float64)
    e64 = estimate.astype(np.float64)
    if interferer is not None:
        interferer = interferer.astype(np.float32)
        arrays.append(interferer)
        i64 = interferer.astype(np.float64)
        mix = t64 + i64
        sdr, sir, sar, _ = mir_eval.separation.bss_eval_sources(
            np.stack([t64, i64]), np.stack([e64, mix - e64]), compute_permutation=False)
    else:
        sdr, sir, sar, _ = mir_eval.separation.bss_eval_sources(
            t64[np.newaxis, :], e64[np.newaxis, :], compute_permutation=False)
    arrays.append(estimate)

    path = os.path.join(HERE, "bss-%s.f32" % name)
    with open(path, "wb") as f:
        for a in arrays:
            f.write(a.astype("<f4").tobytes())

    manifest.append("[%s]" % name)
    manifest.append("file=bss-%s.f32" % name)
    manifest.append("n_samples=%d" % target.size)
    manifest.append("interferer=%s" % ("true" if interferer is not None else "false"))
    manifest.append("sdr=%.10g" % sdr[0])
    manifest.append("sir=%s" % ("inf" if np.isinf(sir[0]) else "%.10g" % sir[0]))
    manifest.append("sar=%.10g" % sar[0])
    manifest.append("")
    print("%-10s n=%5d  SDR %8.4f  SIR %8.4f  SAR %8.4f"
          % (name, target.size, sdr[0], sir[0], sar[0]))


def main():
    warnings.simplefilter("error", RuntimeWarning)
    manifest = [
        "# Generated by make-bss-vectors.py: do not edit, rerun it.",
        "# mir_eval %s, numpy %s, scipy %s; bss_eval_sources, compute_permutation=False, index 0."
        % (mir_eval.__version__, np.__version__, scipy.__version__),
        "# Rate %d Hz. Each file: target[n], interferer[n] if interferer=true, estimate[n]." % RATE,
        "",
        "[cases]",
        "names=%s;" % ";".join(c[0] for c in CASES),
        "",
    ]
    for name, make, seed in CASES:
        run_case(name, make, seed, manifest)
    with open(os.path.join(HERE, "bss-eval.ini"), "w") as f:
        f.write("\n".join(manifest))


if __name__ == "__main__":
    main()
