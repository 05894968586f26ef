#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""scikit-learn's side of the NMF benchmark: IS-NMF on the V that nmf-bench wrote.

sklearn.decomposition.NMF(n_components=K, beta_loss='itakura-saito', solver='mu',
init='random', max_iter=N, tol=0) on the T x F float32 matrix in --v (raw float32,
[frame][bin], written by `nmf-bench --write-v`): sklearn's rows are our frames, so its
W (T x K) and H (K x F) are our H and W transposed; an iteration costs the same either way.
Best of --runs, timed around fit_transform (random start included, as in nmf-bench).
Prints one JSON object.

numpy's products go to the same OpenBLAS as Specmask's; its element-wise work is one
thread. Set OPENBLAS_NUM_THREADS=1 for a one-thread run.
"""
import argparse
import json
import os
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--v", required=True)
    parser.add_argument("--frames", type=int, required=True)
    parser.add_argument("--bins", type=int, required=True)
    parser.add_argument("--components", type=int, default=32)
    parser.add_argument("--iterations", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    v = np.fromfile(args.v, dtype=np.float32)
    if v.size != args.frames * args.bins:
        print(f"nmf_sklearn.py: {args.v} holds {v.size} floats, not {args.frames} x "
              f"{args.bins}", file=sys.stderr)
        return 1
    v = v.reshape(args.frames, args.bins)

    best = float("inf")
    for run in range(args.runs):
        model = NMF(n_components=args.components, beta_loss="itakura-saito", solver="mu",
                    init="random", max_iter=args.iterations, tol=0, random_state=run)
        with warnings.catch_warnings():
            # max_iter is reached on purpose.
            warnings.simplefilter("ignore", ConvergenceWarning)
            t0 = time.perf_counter()
            w = model.fit_transform(v)
            best = min(best, time.perf_counter() - t0)
        if model.n_iter_ != args.iterations or not np.all(np.isfinite(w)):
            print("nmf_sklearn.py: the fit did not run as asked", file=sys.stderr)
            return 1

    print(json.dumps({
        "bench": "nmf", "impl": "sklearn", "beta": 0,
        "threads": int(os.environ.get("OPENBLAS_NUM_THREADS", os.cpu_count())),
        "n_frames": args.frames, "n_bins": args.bins, "n_components": args.components,
        "iterations": args.iterations, "runs": args.runs, "total_s": round(best, 4),
        "s_per_iteration": round(best / args.iterations, 5), "dtype": str(w.dtype),
        "sklearn": sklearn.__version__, "numpy": np.__version__,
        "python": sys.version.split()[0],
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
