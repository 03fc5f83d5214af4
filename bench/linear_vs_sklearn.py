#!/usr/bin/python3
"""Linear models, Keel vs scikit-learn, in one run on the same numbers.

Usage:  /usr/bin/python3 bench/linear_vs_sklearn.py [--data /tmp/keel-bench-data] [--runs 5]
                                                    [--prepared /tmp/keel-linbench-prepared]

Data: breast_cancer, clf_200k (binary) and reg_200k (regression) from make_data.py, split by split.json (first 80% of
the rows train).
Preparation, done once here with scikit-learn fitted on the train rows, as the shared train_anchors.py does for its
logreg anchor: clf_200k gets median imputation + StandardScaler on the numeric columns and a dense one-hot encoding of
the cat_ columns; breast_cancer gets StandardScaler; reg_200k is used as is (no gaps, and train_anchors.py fits its
LinearRegression on the raw columns). The prepared train and test rows are written with '%.17g', which round-trips
exactly, to PREPARED/DATASET.csv; Keel reads that file, scikit-learn fits on the in-memory arrays. Both sides fit the
identical numbers, so the comparison is of the solvers alone.
Models:
- LogisticRegression(solver="lbfgs", C=1.0, tol=1e-4, max_iter=100): scikit-learn's defaults. Keel's
  LogisticRegression minimises the same function, C*sum(log loss) + 0.5*|w|^2 (intercept unpenalised), with
  C = 1 (its L2 = 1/C = 1), MaxIterations 100, Tolerance 1e-4 (gradient infinity norm of the objective / C).
- LinearRegression() and Ridge(alpha=1.0) vs Keel's LinearRegression and Ridge { Alpha = 1 }.
Keel runs as `dotnet bench/Keel.Benchmarks/bin/Release/net10.0/Keel.Benchmarks.dll linear-compare PREPARED DATASET 1`
(built first), one process per dataset and round.
Timing: fit seconds only (no CSV parsing, no preparation). Each side first fits once untimed (Keel keeps warming up
for 1 s so that tiered JIT has compiled the loops; its very first fit is reported separately). A run repeats the fit
until it has lasted 0.2 s and reports the mean per fit (one fit for the 160k-row sets). Runs interleave per round:
for each dataset Keel, then scikit-learn.
Quality: both sides' test predictions are scored here with sklearn.metrics; the script also reports the largest
coefficient and prediction differences and both solutions' objective and gradient, computed here with numpy.
Writes bench/results/linear_vs_sklearn.json and .md and prints the table; ratio = sklearn s / Keel s (> 1: Keel faster).
"""
import argparse
import json
import os
import platform
import statistics
import time
import warnings

import numpy as np
import pandas as pd
import scipy
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.exceptions import ConvergenceWarning
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.linear_model._linear_loss import LinearModelLoss
from sklearn.metrics import log_loss, mean_squared_error, roc_auc_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from keel_bench import HERE, build_keel, run_keel

LOGISTIC = dict(solver="lbfgs", C=1.0, tol=1e-4, max_iter=100)
RIDGE_ALPHA = 1.0
MIN_RUN_S = 0.2
DATASETS = ("breast_cancer", "clf_200k", "reg_200k")


def prepare(data, name, prepared):
    """Returns (X_train, y_train, X_test, y_test, feature names) and writes them to PREPARED/NAME.csv for Keel."""
    df = pd.read_csv(os.path.join(data, f"{name}.csv"))
    with open(os.path.join(data, "split.json")) as f:
        split = json.load(f)["datasets"][name]
    target = "target" if "target" in df.columns else "label"
    feats = [c for c in df.columns if c != target]
    cats = [c for c in feats if c.startswith("cat_")]
    nums = [c for c in feats if c not in cats]
    train = df.iloc[split["train_rows"][0]:split["train_rows"][1]]
    test = df.iloc[split["test_rows"][0]:split["test_rows"][1]]
    if target == "target":
        pre = None
    elif cats:
        pre = ColumnTransformer([
            ("num", Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())]), nums),
            ("cat", OneHotEncoder(handle_unknown="ignore", sparse_output=False), cats)])
    else:
        pre = StandardScaler()
    if pre is None:
        X_tr, X_te, names = train[feats].to_numpy(float), test[feats].to_numpy(float), feats
    else:
        X_tr = pre.fit_transform(train[feats])
        X_te = pre.transform(test[feats])
        names = [n.split("__", 1)[-1] for n in pre.get_feature_names_out()]
    X_tr, X_te = np.ascontiguousarray(X_tr, dtype=np.float64), np.ascontiguousarray(X_te, dtype=np.float64)
    y_tr, y_te = train[target].to_numpy(float), test[target].to_numpy(float)
    path = os.path.join(prepared, f"{name}.csv")
    source = os.path.join(data, f"{name}.csv")
    if not os.path.exists(path) or os.path.getmtime(path) < max(os.path.getmtime(source), os.path.getmtime(__file__)):
        rows = np.column_stack([np.vstack([X_tr, X_te]), np.concatenate([y_tr, y_te])])
        np.savetxt(path + ".tmp", rows, fmt="%.17g", delimiter=",", header=",".join(names + [target]), comments="")
        os.replace(path + ".tmp", path)
    return X_tr, y_tr, X_te, y_te, names


def logistic_objective(X, y, coef, intercept, C):
    """C*sum(log loss) + 0.5*|w|^2 and the infinity norm of the gradient of (that / C), as both solvers define them."""
    z = X @ coef + intercept
    loss = np.sum(np.logaddexp(0, z) - y * z)
    r = 0.5 * (1 + np.tanh(0.5 * z)) - y          # sigmoid(z) - y without overflow
    grad = np.concatenate([X.T @ r + coef / C, [r.sum()]])
    return C * loss + 0.5 * coef @ coef, float(np.abs(grad).max())


class SklearnSide:
    """One scikit-learn model on one prepared dataset: fit() times a fresh fit, finish() scores it."""

    def __init__(self, name, model, X_tr, y_tr, X_te, y_te):
        self.make = {"logistic": lambda: LogisticRegression(**LOGISTIC), "linear": LinearRegression,
                     "ridge": lambda: Ridge(alpha=RIDGE_ALPHA)}[model]
        self.X_tr, self.y_tr, self.X_te, self.y_te = X_tr, y_tr, X_te, y_te
        self.result = {"dataset": name, "model": model, "side": "sklearn", "fit_s_runs": []}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            t = time.perf_counter()
            self.model = self.make().fit(X_tr, y_tr)     # warm-up, untimed
            first = time.perf_counter() - t
        self.result["first_fit_s"] = first
        self.result["convergence_warning"] = any(issubclass(w.category, ConvergenceWarning) for w in caught)
        self.per_run = max(1, int(np.ceil(MIN_RUN_S / max(first, 1e-6))))
        self.result["fits_per_run"] = self.per_run

    def fit(self):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            t = time.perf_counter()
            for _ in range(self.per_run):
                self.model = self.make().fit(self.X_tr, self.y_tr)
            self.result["fit_s_runs"].append((time.perf_counter() - t) / self.per_run)

    def finish(self):
        m, r = self.model, self.result
        if r["model"] == "logistic":
            r["predictions"] = m.predict_proba(self.X_te)[:, 1]
            r["coef"], r["intercept"] = m.coef_.ravel(), float(m.intercept_[0])
            r["iterations"] = int(np.asarray(m.n_iter_).max())
            r["evaluations"] = count_evaluations(self.make, self.X_tr, self.y_tr)
        else:
            r["predictions"] = m.predict(self.X_te)
            r["coef"], r["intercept"] = m.coef_, float(m.intercept_)
        return r


def count_evaluations(make, X, y):
    """Loss-and-gradient evaluations of one (untimed) lbfgs fit: SciPy's nfev, which scikit-learn does not keep."""
    original, calls = LinearModelLoss.loss_gradient, [0]

    def counting(self, *args, **kwargs):
        calls[0] += 1
        return original(self, *args, **kwargs)

    LinearModelLoss.loss_gradient = counting
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            make().fit(X, y)
    finally:
        LinearModelLoss.loss_gradient = original
    return calls[0]


def score(r, X_tr, y_tr, y_te):
    p = np.asarray(r["predictions"])
    if r["model"].startswith("logistic"):
        r["metrics"] = {"roc_auc": float(roc_auc_score(y_te, p)), "logloss": float(log_loss(y_te, p))}
        obj, gnorm = logistic_objective(X_tr, y_tr, np.asarray(r["coef"]), r["intercept"], LOGISTIC["C"])
        r["objective"], r["gradient_inf_norm"] = float(obj), gnorm
    else:
        r["metrics"] = {"rmse": float(np.sqrt(mean_squared_error(y_te, p)))}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/tmp/keel-bench-data")
    ap.add_argument("--prepared", default="/tmp/keel-linbench-prepared")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    os.makedirs(args.prepared, exist_ok=True)
    load_start = os.getloadavg()
    dll = build_keel()
    prepared = {d: prepare(args.data, d, args.prepared) for d in DATASETS}
    models = {d: ("linear", "ridge") if d.startswith("reg") else ("logistic",) for d in DATASETS}
    sk = {(d, m): SklearnSide(d, m, *prepared[d][:4]) for d in DATASETS for m in models[d]}
    keel = {}
    # Rounds interleave the two sides so that load from other work on the machine falls on both alike.
    for _ in range(args.runs):
        for d in DATASETS:
            for row in run_keel(dll, "linear-compare", args.prepared, d, "1"):
                key = (d, row["model"])
                if key in keel:
                    keel[key]["fit_s_runs"] += row["fit_s_runs"]
                    keel[key]["first_fit_s_runs"].append(row["first_fit_s"])
                else:
                    row.update(side="keel", first_fit_s_runs=[row["first_fit_s"]], **row.pop("details"))
                    keel[key] = row
            for m in models[d]:
                sk[(d, m)].fit()
    finished = {key: side.finish() for key, side in sk.items()}
    for r in finished.values():
        score(r, *prepared[r["dataset"]][:2], prepared[r["dataset"]][3])
        r["fit_s_median"] = statistics.median(r["fit_s_runs"])
    results = []
    for (d, model), k in keel.items():
        X_tr, y_tr, _, y_te, _ = prepared[d]
        # The diagnostic Keel variant (SciPy's stopping rule) is compared with scikit-learn's logistic fit.
        r = finished[(d, model if (d, model) in finished else "logistic")]
        k["first_fit_s"] = statistics.median(k.pop("first_fit_s_runs"))
        with open(k.pop("predictions_path")) as f:
            predictions = np.array([float(line) for line in f])
        k["predictions"] = predictions
        score(k, X_tr, y_tr, y_te)
        k["fit_s_median"] = statistics.median(k["fit_s_runs"])
        k["sklearn_s_over_keel_s"] = r["fit_s_median"] / k["fit_s_median"]
        k["max_abs_coef_diff"] = float(np.max(np.abs(np.asarray(k["coef"]) - r["coef"])))
        k["max_abs_prediction_diff"] = float(np.max(np.abs(predictions - r["predictions"])))
        results.append(k)
        if not any(row is r for row in results):
            results.append(r)
    for row in results:
        row.pop("predictions", None)
        row["coef"] = [float(v) for v in row["coef"]]
    doc = {"script": "bench/linear_vs_sklearn.py", "date_utc": time.strftime("%Y-%m-%d %H:%M", time.gmtime()),
           "nproc": os.cpu_count(), "loadavg_start": load_start, "loadavg_end": os.getloadavg(),
           "versions": {"python": platform.python_version(), "sklearn": sklearn.__version__, "numpy": np.__version__,
                        "scipy": scipy.__version__, "pandas": pd.__version__},
           "logistic_params": LOGISTIC, "ridge_alpha": RIDGE_ALPHA, "runs": args.runs, "results": results}
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", "linear_vs_sklearn.json"), "w") as f:
        json.dump(doc, f, indent=2)
    table = render(results)
    with open(os.path.join(HERE, "results", "linear_vs_sklearn.md"), "w") as f:
        f.write(table + "\n")
    print(table)
    print(f"load average {load_start} -> {os.getloadavg()}")


def render(results):
    lines = ["| dataset | model | side | fit s (median) | fit s runs | first fit s | sklearn s / Keel s | iterations / "
             "evaluations | objective, grad ∞-norm | test metrics | max abs diff to sklearn: coef, prediction |",
             "|---|---|---|---:|---|---:|---:|---|---|---|---|"]
    for r in results:
        runs = " / ".join(f"{t:.4f}" for t in r["fit_s_runs"])
        ratio = f"{r['sklearn_s_over_keel_s']:.2f}" if "sklearn_s_over_keel_s" in r else ""
        iters = f"{r['iterations']} / {r['evaluations']}" if "iterations" in r else ""
        obj = f"{r['objective']:.6f}, {r['gradient_inf_norm']:.1e}" if "objective" in r else ""
        metrics = ", ".join(f"{k} {v:.6f}" for k, v in r["metrics"].items())
        diffs = f"{r['max_abs_coef_diff']:.1e}, {r['max_abs_prediction_diff']:.1e}" if "max_abs_coef_diff" in r else ""
        lines.append(f"| {r['dataset']} | {r['model']} | {r['side']} | {r['fit_s_median']:.4f} | {runs} | "
                     f"{r['first_fit_s']:.4f} | {ratio} | {iters} | {obj} | {metrics} | {diffs} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
