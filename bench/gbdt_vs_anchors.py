#!/usr/bin/python3
"""Gradient-boosted trees, Keel vs scikit-learn HistGradientBoosting and xgboost hist, in one run on the same data.

Usage:  /usr/bin/python3 bench/gbdt_vs_anchors.py [--data /tmp/keel-bench-data] [--runs 3]

Data: breast_cancer, clf_200k, reg_200k from make_data.py; rows [0, floor(0.8 n)) train, the rest test (split.json).
Anchors exactly as the shared train_anchors.py configures them: HGB(max_iter=100, learning_rate=0.1,
max_leaf_nodes=31, early_stopping=False, random_state=0) with native categorical (OrdinalEncoder codes) and NaN
handling; XGB(tree_method="hist", n_estimators=100, max_depth=6, learning_rate=0.1, n_jobs=2) with
enable_categorical. Keel: GbdtTrainer with its defaults (the same HGB settings), run by
`dotnet bench/Keel.Benchmarks/bin/Release/net10.0/Keel.Benchmarks.dll gbdt-compare DATA DATASET 1`, one
process per dataset and round (built first).
Fit time = median of --runs fresh fits on the train rows, after one untimed warm-up fit per tool and dataset (JIT
for Keel), CSV parsing excluded on both sides; the runs are interleaved round by round (Keel, HGB, xgboost per
dataset) so that load from other work falls on all three alike. Predict rows/s on the test rows, measured in every
round right after that round's fits (median over rounds): what predict_proba returns for classification (Keel:
GbdtModel.PredictProbabilities, the sigmoid applied, as predict_proba does), predict for regression. Keel also reports
raw-score rows/s, raw-score rows/s through the per-tree walk it used before the compiled scorer, and the median
latency of one row through CompiledTrees.ScoreRow.
Writes bench/results/gbdt_vs_anchors.json and .md and prints the table; ratio = anchor fit s / Keel fit s (> 1: Keel faster).
"""
import argparse
import json
import os
import statistics
import time

import numpy as np
import pandas as pd
import sklearn
import xgboost
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.metrics import log_loss, mean_squared_error, roc_auc_score

from keel_bench import build_keel, run_keel

HERE = os.path.dirname(os.path.abspath(__file__))
HGB = dict(max_iter=100, learning_rate=0.1, max_leaf_nodes=31, early_stopping=False, random_state=0)
KEEL_SPEEDS = ("predict_rows_per_s", "predict_raw_rows_per_s", "predict_raw_tree_walk_rows_per_s", "single_row_us_median")
XGB = dict(tree_method="hist", n_estimators=100, max_depth=6, learning_rate=0.1, n_jobs=2, random_state=0)


def load(data, name):
    df = pd.read_csv(os.path.join(data, f"{name}.csv"))
    target = "target" if "target" in df.columns else "label"
    n_train = int(np.floor(0.8 * len(df)))
    feats = [c for c in df.columns if c != target]
    cats = [c for c in feats if c.startswith("cat_")]
    X = df[feats].copy()
    for c in cats:   # sorted levels -> codes, as OrdinalEncoder / the Keel loader
        X[c] = pd.Categorical(X[c], categories=sorted(X[c].dropna().unique()))
    return X.iloc[:n_train], df[target].iloc[:n_train], X.iloc[n_train:], df[target].iloc[n_train:], cats


def as_codes(X, cats):
    X = X.copy()
    for c in cats:
        X[c] = X[c].cat.codes.replace(-1, np.nan).astype(float)
    return X


def rows_per_s(fn, X):
    fn(X)
    passes, t = 0, time.perf_counter()
    while time.perf_counter() - t < 0.25 or passes < 3:
        fn(X)
        passes += 1
    return passes * len(X) / (time.perf_counter() - t)


class Anchor:
    """One anchor model on one dataset: fit() times a fresh fit; finish() adds metrics and scoring speed."""

    def __init__(self, data, name, model_name):
        X_tr, y_tr, X_te, y_te, cats = load(data, name)
        self.regression = name.startswith("reg")
        if model_name == "hgb":
            mask = [c in cats for c in X_tr.columns]
            cls = HistGradientBoostingRegressor if self.regression else HistGradientBoostingClassifier
            self.make = lambda: cls(categorical_features=mask if cats else None, **HGB)
            X_tr, X_te = as_codes(X_tr, cats), as_codes(X_te, cats)
        else:
            cls = xgboost.XGBRegressor if self.regression else xgboost.XGBClassifier
            self.make = lambda: cls(enable_categorical=bool(cats), **XGB)
        self.X_tr, self.y_tr, self.X_te, self.y_te = X_tr, y_tr, X_te, y_te
        self.result = {"dataset": name, "model": model_name, "fit_s_runs": [], "predict_rows_per_s_runs": []}
        self.model = self.make().fit(X_tr, y_tr)   # warm-up, untimed (as Keel's JIT warm-up fit)

    def fit(self):
        self.model = self.make()
        t = time.perf_counter()
        self.model.fit(self.X_tr, self.y_tr)
        self.result["fit_s_runs"].append(time.perf_counter() - t)
        predict = self.model.predict if self.regression else self.model.predict_proba
        self.result["predict_rows_per_s_runs"].append(rows_per_s(predict, self.X_te))

    def finish(self):
        m, X, y = self.model, self.X_te, self.y_te
        if self.regression:
            self.result["metrics"] = {"rmse": float(np.sqrt(mean_squared_error(y, m.predict(X))))}
        else:
            p = m.predict_proba(X)[:, 1]
            self.result["metrics"] = {"roc_auc": float(roc_auc_score(y, p)), "logloss": float(log_loss(y, p))}
        return self.result


def keel_fit(dll, data, name):
    """One process: CSV parse, one warm-up fit, one timed fit, scoring speeds."""
    row = run_keel(dll, "gbdt-compare", data, name, "1")[0]
    row["model"] = "keel"
    return row


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/tmp/keel-bench-data")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    load_start = os.getloadavg()
    dll = build_keel()
    datasets = ("breast_cancer", "clf_200k", "reg_200k")
    anchors = {(d, m): Anchor(args.data, d, m) for d in datasets for m in ("hgb", "xgb")}
    keel = {}
    # Rounds interleave the three tools so that load from other work on the machine falls on all of them alike.
    for _ in range(args.runs):
        for d in datasets:
            row = keel_fit(dll, args.data, d)
            if d not in keel:
                keel[d] = dict(row, fit_s_runs=[], **{k + "_runs": [] for k in KEEL_SPEEDS})
            keel[d]["fit_s_runs"] += row["fit_s_runs"]
            for k in KEEL_SPEEDS:
                keel[d][k + "_runs"].append(row[k])
            anchors[(d, "hgb")].fit()
            anchors[(d, "xgb")].fit()
    for row in keel.values():
        for k in KEEL_SPEEDS:
            row[k] = statistics.median(row[k + "_runs"])
    results = list(keel.values()) + [a.finish() for a in anchors.values()]
    for r in results:
        r["fit_s_median"] = statistics.median(r["fit_s_runs"])
        r["predict_rows_per_s"] = statistics.median(r["predict_rows_per_s_runs"])
    doc = {"script": "bench/gbdt_vs_anchors.py", "date_utc": time.strftime("%Y-%m-%d %H:%M", time.gmtime()),
           "nproc": os.cpu_count(), "loadavg_start": load_start, "loadavg_end": os.getloadavg(),
           "versions": {"sklearn": sklearn.__version__, "xgboost": xgboost.__version__, "numpy": np.__version__},
           "hgb_params": HGB, "xgb_params": XGB, "results": results}
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", "gbdt_vs_anchors.json"), "w") as f:
        json.dump(doc, f, indent=2)
    keel_s = {r["dataset"]: r["fit_s_median"] for r in results if r["model"] == "keel"}
    keel_best = {r["dataset"]: min(r["fit_s_runs"]) for r in results if r["model"] == "keel"}
    lines = ["| dataset | model | fit s (median) | fit s (best) | fit s runs | anchor s / Keel s (median) | "
             "anchor s / Keel s (best) | predict rows/s | metrics |",
             "|---|---|---:|---:|---|---:|---:|---:|---|"]
    for r in sorted(results, key=lambda r: (r["dataset"], r["model"] != "keel", r["model"])):
        ratio = "" if r["model"] == "keel" else f"{r['fit_s_median'] / keel_s[r['dataset']]:.2f}"
        ratio_best = "" if r["model"] == "keel" else f"{min(r['fit_s_runs']) / keel_best[r['dataset']]:.2f}"
        runs = " / ".join(f"{t:.3f}" for t in r["fit_s_runs"])
        metrics = ", ".join(f"{k} {v:.6f}" for k, v in r["metrics"].items())
        lines.append(f"| {r['dataset']} | {r['model']} | {r['fit_s_median']:.3f} | {min(r['fit_s_runs']):.3f} | {runs} | "
                     f"{ratio} | {ratio_best} | "
                     f"{r['predict_rows_per_s']:,.0f} | {metrics} |")
    keel_rows = {r["dataset"]: r["predict_rows_per_s"] for r in results if r["model"] == "keel"}
    lines += ["", "| dataset | model | predict rows/s (median) | runs | Keel ÷ anchor | Keel raw rows/s | "
              "Keel raw, per-tree walk | Keel single row µs (median) |", "|---|---|---:|---|---:|---:|---:|---:|"]
    for r in sorted(results, key=lambda r: (r["dataset"], r["model"] != "keel", r["model"])):
        runs = " / ".join(f"{v:,.0f}" for v in r["predict_rows_per_s_runs"])
        if r["model"] == "keel":
            lines.append(f"| {r['dataset']} | keel | {r['predict_rows_per_s']:,.0f} | {runs} |  | "
                         f"{r['predict_raw_rows_per_s']:,.0f} | {r['predict_raw_tree_walk_rows_per_s']:,.0f} | "
                         f"{r['single_row_us_median']:.1f} |")
        else:
            lines.append(f"| {r['dataset']} | {r['model']} | {r['predict_rows_per_s']:,.0f} | {runs} | "
                         f"{keel_rows[r['dataset']] / r['predict_rows_per_s']:.2f} |  |  |  |")
    table = "\n".join(lines)
    with open(os.path.join(HERE, "results", "gbdt_vs_anchors.md"), "w") as f:
        f.write(table + "\n")
    print(table)
    print(f"load average {load_start} -> {os.getloadavg()}")


if __name__ == "__main__":
    main()
