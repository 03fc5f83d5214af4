#!/usr/bin/python3
"""Whole-process SciPy counterpart of `keel monitor drift --reference REF --current CUR --method ks --json`.

Usage:  /usr/bin/python3 bench/scipy_drift_e2e.py REF CUR

Reads both files with pandas (float_precision='round_trip', as drift_anchors.py does), runs
scipy.stats.ks_2samp on every column common to both, prints one JSON line: per-column D and p, and the seconds
spent reading and testing (interpreter start and imports are only in the whole-process time hyperfine measures).
"""
import json
import sys
import time

import pandas as pd
from scipy import stats


def main():
    ref_path, cur_path = sys.argv[1], sys.argv[2]
    t0 = time.perf_counter()
    ref = pd.read_csv(ref_path, float_precision="round_trip")
    cur = pd.read_csv(cur_path, float_precision="round_trip")
    t1 = time.perf_counter()
    out = {}
    for c in ref.columns:
        if c in cur.columns:
            r = stats.ks_2samp(ref[c].dropna().to_numpy(), cur[c].dropna().to_numpy())
            out[c] = {"statistic": float(r.statistic), "p_value": float(r.pvalue)}
    t2 = time.perf_counter()
    print(json.dumps({"read_s": t1 - t0, "ks_s": t2 - t1, "columns": out}))


if __name__ == "__main__":
    main()
