#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""numpy's side of the phase benchmark: librosa.griffinlim's algorithm, as phase-bench.c runs it.

librosa is not a dependency, so this is its fast Griffin-Lim loop written out (librosa 0.10's
griffinlim with init=None, i.e. zero phase, and momentum 0.99): each iteration
    rebuilt = stft(istft(S * angles)); angles = rebuilt - momentum / (1 + momentum) * previous;
    angles /= |angles| + eps
followed by one last istft. The STFT is Specmask's (and librosa's center=True, pad_mode
'constant'): periodic Hann, N 2048, hop 512, N/2 zeros each side, zeros at the end up to a
whole frame, no scaling; the inverse is the least-squares overlap-add divided by the summed
squared window. Frames are strided views; the overlap-add is N/hop vectorised adds; the
squared-window sum is computed once. Signals are float32 and spectrograms complex64, as in
librosa.

--fft numpy uses numpy.fft (pocketfft, double precision, one thread: librosa's default
backend); --fft scipy uses scipy.fft in single precision with --workers threads (0: one per
core), the fastest FFT a numpy user has at hand. Best of --runs, in wall-clock and process CPU
time; prints one JSON object.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import scipy
import scipy.fft

RATE = 22050
N_FFT = 2048
HOP = 512


def signal(seconds):
    """Keep in step with fill_signal() in phase-bench.c."""
    t = np.arange(seconds * RATE, dtype=np.float64) / RATE
    f0_phase = 2 * np.pi * (150.0 * t - 30.0 * np.cos(2 * np.pi * 0.3 * t) / (2 * np.pi * 0.3))
    chirp = 2 * np.pi * (500.0 * t + 0.5 * (2000.0 / seconds) * t * t)
    x = 0.1 * np.sin(chirp) + 0.05 * np.sin(2 * np.pi * 3000.0 * t) * (
        0.5 + 0.5 * np.sin(2 * np.pi * 2.0 * t))
    for h in range(1, 7):
        x += 0.25 / h * np.sin(h * f0_phase)
    return x.astype(np.float32)


class Stft:
    def __init__(self, n_samples, fft, workers):
        self.n = n_samples
        self.n_frames = 1 + -(-n_samples // HOP)
        self.padded = (self.n_frames - 1) * HOP + N_FFT
        k = np.arange(N_FFT)
        self.window = (0.5 - 0.5 * np.cos(2 * np.pi * k / N_FFT)).astype(np.float32)
        if fft == "numpy":
            self.rfft = lambda a: np.fft.rfft(a, axis=-1).astype(np.complex64)
            self.irfft = lambda a: np.fft.irfft(a, n=N_FFT, axis=-1).astype(np.float32)
        else:
            self.rfft = lambda a: scipy.fft.rfft(a, axis=-1, workers=workers)
            self.irfft = lambda a: scipy.fft.irfft(a, n=N_FFT, axis=-1, workers=workers)
        wss = np.zeros(self.padded, dtype=np.float32)
        self._overlap_add(wss, np.broadcast_to(self.window ** 2, (self.n_frames, N_FFT)))
        self.inv_wss = (1.0 / wss[N_FFT // 2:N_FFT // 2 + n_samples]).astype(np.float32)
        self.buffer = np.zeros(self.padded, dtype=np.float32)

    def _overlap_add(self, out, frames):
        # Frame t covers out[t*HOP : t*HOP + N_FFT]: add it as N/HOP hop-sized slabs.
        span = self.n_frames * HOP
        for k in range(N_FFT // HOP):
            out[k * HOP:k * HOP + span] += frames[:, k * HOP:(k + 1) * HOP].reshape(-1)

    def forward(self, x):
        self.buffer[:] = 0.0
        self.buffer[N_FFT // 2:N_FFT // 2 + self.n] = x
        frames = np.lib.stride_tricks.as_strided(
            self.buffer, shape=(self.n_frames, N_FFT), strides=(HOP * 4, 4), writeable=False)
        return self.rfft(frames * self.window)

    def inverse(self, spec):
        frames = self.irfft(spec)
        frames *= self.window
        out = np.zeros(self.padded, dtype=np.float32)
        self._overlap_add(out, frames)
        return out[N_FFT // 2:N_FFT // 2 + self.n] * self.inv_wss


def griffinlim(mag, stft, n_iter, momentum):
    angles = np.ones(mag.shape, dtype=np.complex64)   # init=None: zero phase
    eps = np.finfo(np.float32).tiny
    rebuilt = 0.0
    for _ in range(n_iter):
        previous = rebuilt
        rebuilt = stft.forward(stft.inverse(mag * angles))
        angles[:] = rebuilt
        if momentum:
            angles -= (momentum / (1.0 + momentum)) * previous
        angles /= np.abs(angles) + eps
    return stft.inverse(mag * angles)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--iterations", type=int, default=100)
    parser.add_argument("--fft", choices=("numpy", "scipy"), default="numpy")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    workers = 1 if args.fft == "numpy" else (args.workers if args.workers > 0 else os.cpu_count())

    x = signal(args.seconds)
    stft = Stft(len(x), args.fft, workers)
    if np.max(np.abs(stft.inverse(stft.forward(x)) - x)) > 1e-5 * np.max(np.abs(x)):
        print("phase_numpy.py: the STFT does not invert", file=sys.stderr)
        return 1
    mag = np.abs(stft.forward(x))

    best = best_cpu = float("inf")
    for _ in range(args.runs):
        t1 = time.perf_counter()
        c1 = time.process_time()
        y = griffinlim(mag, stft, args.iterations, 0.99)
        best = min(best, time.perf_counter() - t1)
        best_cpu = min(best_cpu, time.process_time() - c1)

    sc = 20 * np.log10(np.linalg.norm(np.abs(stft.forward(y)) - mag) / np.linalg.norm(mag))
    print(json.dumps({
        "bench": "phase", "impl": "numpy-" + args.fft, "algorithm": "librosa-fgla",
        "threads": workers, "n_samples": len(x), "rate": RATE, "n_fft": N_FFT, "hop": HOP,
        "window": "hann", "n_frames": stft.n_frames, "iterations": args.iterations,
        "alpha": 0.99, "runs": args.runs, "total_s": round(best, 4), "cpu_s": round(best_cpu, 4),
        "per_iteration_ms": round(1e3 * best / max(args.iterations, 1), 3),
        "spectral_convergence_db": round(float(sc), 2),
        "numpy": np.__version__, "scipy": scipy.__version__,
        "python": sys.version.split()[0],
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
