#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""scipy's side of the STFT benchmark: the same signal length and parameters as stft-bench.c.

scipy.signal.stft + istft (the legacy API) on ten minutes of 44.1 kHz mono float32 noise,
nperseg 2048, noverlap 1536, otherwise scipy's defaults (periodic Hann, boundary='zeros',
padded=True, scaling='spectrum'). Best of --runs wall-clock times, plus the process CPU time
of the best run. Prints one JSON object.

--workers sets scipy.fft's worker threads (scipy.fft.set_workers); scipy's default is 1.
0 means one per core.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import scipy
import scipy.fft
import scipy.signal

RATE = 44100
N_FFT = 2048
HOP = 512


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    workers = args.workers if args.workers > 0 else os.cpu_count()

    n = args.seconds * RATE
    x = np.random.default_rng(1).uniform(-1.0, 1.0, n).astype(np.float32)
    kwargs = dict(fs=RATE, window="hann", nperseg=N_FFT, noverlap=N_FFT - HOP)

    best_forward = best_inverse = best_total = best_cpu = float("inf")
    with scipy.fft.set_workers(workers):
        for _ in range(args.runs):
            cpu = time.process_time()
            t1 = time.perf_counter()
            _, _, zxx = scipy.signal.stft(x, **kwargs)
            t2 = time.perf_counter()
            _, y = scipy.signal.istft(zxx, **kwargs)
            t3 = time.perf_counter()
            cpu = time.process_time() - cpu
            best_forward = min(best_forward, t2 - t1)
            best_inverse = min(best_inverse, t3 - t2)
            if t3 - t1 < best_total:
                best_total, best_cpu = t3 - t1, cpu
            n_frames = zxx.shape[-1]
            del zxx

    error = float(np.max(np.abs(y[:n] - x)) / np.max(np.abs(x)))
    if not error < 1e-5:
        print(f"stft_scipy.py: round trip error {error:g} is too large", file=sys.stderr)
        return 1
    print(json.dumps({
        "bench": "stft", "impl": "scipy", "threads": workers,
        "n_samples": n, "rate": RATE, "n_fft": N_FFT, "hop": HOP, "window": "hann",
        "n_frames": n_frames, "runs": args.runs,
        "forward_s": round(best_forward, 4), "inverse_s": round(best_inverse, 4),
        "total_s": round(best_total, 4), "cpu_s": round(best_cpu, 4),
        "roundtrip_rel_error": float(f"{error:.3g}"),
        "dtype": str(y.dtype), "scipy": scipy.__version__, "numpy": np.__version__,
        "python": sys.version.split()[0],
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
