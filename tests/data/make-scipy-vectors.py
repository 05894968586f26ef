#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the scipy reference vectors that tests/test-stft-scipy.c and tests/test-window.c read.

Run from anywhere with Debian's python3 (python3-scipy, python3-numpy):

    tests/data/make-scipy-vectors.py

It rewrites, beside itself:

  scipy-stft.ini        a GKeyFile manifest: one group per case, plus [windows]
  scipy-stft-<case>.f32 per case, little-endian float32 arrays back to back:
                          signal[n_samples]
                          stft[n_frames][n_bins][2]   (re, im; our [frame][bin] layout)
                          istft[istft_len]            scipy.signal.istft(stft)
                          istft_masked[istft_len]     scipy.signal.istft(stft * mask)
  scipy-windows.f64     little-endian float64 scipy.signal.get_window(name, n, fftbins=True)
                        for each name in [windows] names, for each n in [windows] sizes

Everything is deterministic (fixed seeds). scipy runs in float64 on the float32 signal, so the
stored spectra are the exact transform of the stored signal, rounded once to float32. The
istft input is the float32-rounded spectrum, which is what the C test feeds its inverse.

The mask is binary and computed, not stored: bin (t, f) is kept when (7 t + 13 f) % 5 < 3.
A binary mask keeps DC and Nyquist real, so the masked spectrum is a valid one-sided input.
"""
import os
import sys
import warnings

import numpy as np
import scipy
import scipy.signal as ss

HERE = os.path.dirname(os.path.abspath(__file__))

# name, window, nperseg, noverlap, n_samples, seed
CASES = [
    ("hann-256", "hann", 256, 128, 2048, 1),          # whole number of hops
    ("hann-512-odd", "hann", 512, 256, 3001, 2),      # odd length: end padding
    ("hann-256-short", "hann", 256, 128, 100, 3),     # shorter than nperseg
    ("hamming-512", "hamming", 512, 256, 2600, 4),    # another window
    ("hann-256-hop64", "hann", 256, 192, 1500, 5),    # noverlap 3/4
    ("blackman-1024-hop256", "blackman", 1024, 768, 2500, 6),
    ("hann-2048", "hann", 2048, 1024, 4000, 7),
]

WINDOW_NAMES = ["hann", "hamming", "blackman", "blackmanharris", "boxcar"]
WINDOW_SIZES = [64, 1000]


def make_signal(n, seed):
    """Noise plus a tone, so the spectrum has some dynamic range; float32."""
    rng = np.random.RandomState(seed)
    t = np.arange(n)
    x = 0.5 * rng.uniform(-1.0, 1.0, n) + 0.4 * np.sin(2 * np.pi * 0.0371 * t + 0.3)
    return x.astype(np.float32)


def scipy_frames(n, nperseg, noverlap):
    """The frame count scipy's stft gives (boundary='zeros', padded=True)."""
    nstep = nperseg - noverlap
    length = n + 2 * (nperseg // 2)
    nadd = (-(length - nperseg) % nstep) % nperseg
    return (length + nadd - nperseg) // nstep + 1


def mask_for(n_bins, n_frames):
    t = np.arange(n_frames)[np.newaxis, :]
    f = np.arange(n_bins)[:, np.newaxis]
    return ((7 * t + 13 * f) % 5 < 3).astype(np.float64)   # [bin][frame] like Zxx


def run_case(name, window, nperseg, noverlap, n, seed, manifest):
    x = make_signal(n, seed)
    n_frames = scipy_frames(n, nperseg, noverlap)
    x64 = x.astype(np.float64)
    note = "scipy.signal.stft(signal)"
    if n < nperseg:
        # scipy's stft shrinks nperseg to the input length for a short input. A frame only
        # sees the zero-extended signal, so the first n_frames frames of the transform of
        # the signal followed by zeros are the transform of the signal itself.
        x64 = np.concatenate([x64, np.zeros(nperseg - n)])
        note = ("scipy.signal.stft(signal + zeros to nperseg)[:, :n_frames], since scipy "
                "shrinks nperseg for inputs shorter than it")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _, times, zxx = ss.stft(x64, window=window, nperseg=nperseg, noverlap=noverlap,
                                boundary="zeros", padded=True, scaling="spectrum")
    zxx = zxx[:, :n_frames]
    times = times[:n_frames]
    n_bins = nperseg // 2 + 1
    assert zxx.shape == (n_bins, n_frames), zxx.shape
    assert np.allclose(times, np.arange(n_frames) * (nperseg - noverlap))

    z32 = zxx.astype(np.complex64)
    z_in = z32.astype(np.complex128)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _, xr = ss.istft(z_in, window=window, nperseg=nperseg, noverlap=noverlap,
                         boundary=True, scaling="spectrum")
        _, xm = ss.istft(z_in * mask_for(n_bins, n_frames), window=window, nperseg=nperseg,
                         noverlap=noverlap, boundary=True, scaling="spectrum")
    istft_len = len(xr)
    assert istft_len == (n_frames - 1) * (nperseg - noverlap)
    assert istft_len >= n

    frames = np.empty((n_frames, n_bins, 2), dtype="<f4")
    frames[:, :, 0] = z32.real.T
    frames[:, :, 1] = z32.imag.T
    path = f"scipy-stft-{name}.f32"
    with open(os.path.join(HERE, path), "wb") as out:
        out.write(x.astype("<f4").tobytes())
        out.write(frames.tobytes())
        out.write(xr.astype("<f4").tobytes())
        out.write(xm.astype("<f4").tobytes())

    # How far the round trip is from the signal, in float64: the reference's own floor.
    floor = np.max(np.abs(xr[:n] - x64[:n])) / np.max(np.abs(x64))
    manifest.append(f"[{name}]")
    manifest.append(f"file={path}")
    manifest.append(f"window={window}")
    manifest.append(f"nperseg={nperseg}")
    manifest.append(f"noverlap={noverlap}")
    manifest.append(f"n_samples={n}")
    manifest.append(f"n_frames={n_frames}")
    manifest.append(f"n_bins={n_bins}")
    manifest.append(f"istft_len={istft_len}")
    manifest.append(f"stft_source={note}")
    manifest.append(f"istft_roundtrip_rel_error={floor:.3g}")
    manifest.append("")


def write_windows(manifest):
    values = []
    for name in WINDOW_NAMES:
        for n in WINDOW_SIZES:
            values.append(ss.get_window(name, n, fftbins=True).astype("<f8"))
    with open(os.path.join(HERE, "scipy-windows.f64"), "wb") as out:
        for v in values:
            out.write(v.tobytes())
    manifest.append("[windows]")
    manifest.append("file=scipy-windows.f64")
    manifest.append("names=" + ";".join(WINDOW_NAMES) + ";")
    manifest.append("sizes=" + ";".join(str(n) for n in WINDOW_SIZES) + ";")
    manifest.append("layout=for each name, for each size: float64[size]")
    manifest.append("")


def main():
    manifest = [
        "# Generated by make-scipy-vectors.py: do not edit, rerun it.",
        f"# scipy {scipy.__version__}, numpy {np.__version__}.",
        "# Each case: scipy.signal.stft/istft with boundary='zeros', padded=True,",
        "# scaling='spectrum'; hop = nperseg - noverlap. See the script for the file layout.",
        "",
        "[cases]",
        "names=" + ";".join(c[0] for c in CASES) + ";",
        "mask=(7 t + 13 f) % 5 < 3",
        "",
    ]
    for case in CASES:
        run_case(*case, manifest)
    write_windows(manifest)
    with open(os.path.join(HERE, "scipy-stft.ini"), "w", encoding="utf-8") as out:
        out.write("\n".join(manifest))
    return 0


if __name__ == "__main__":
    sys.exit(main())
