"""Oracle fixtures for Keel.Monitoring.Performance (realized performance, isotonic calibration, CBPE).

Run with Debian's interpreter (Python 3.11, numpy 1.24.2, scikit-learn 1.2.1):
    /usr/bin/python3 make_performance_fixtures.py
Writes performance_expected.json next to this script. Deterministic: seeded numpy generators.

NannyML is not installed here; its CBPE estimators for binary classification
(nannyml/performance_estimation/confidence_based/metrics.py: estimate_roc_auc, estimate_f1, estimate_precision,
estimate_recall and BinaryClassificationAccuracy._estimate) are restated below on the calibrated probabilities,
which NannyML obtains from sklearn.isotonic.IsotonicRegression(out_of_bounds="clip") fitted on the reference
predicted probabilities against the reference labels.
"""
import json
import os

import numpy as np
import sklearn
from sklearn import metrics
from sklearn.isotonic import IsotonicRegression

HERE = os.path.dirname(os.path.abspath(__file__))


def floats(a):
    return [float(x) for x in np.asarray(a, dtype=np.float64).ravel()]


def ints(a):
    return [int(x) for x in np.asarray(a).ravel()]


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def nannyml_estimate_roc_auc(y_pred_proba):
    """NannyML estimate_roc_auc (the version that appends a threshold of 1), verbatim in numpy."""
    thresholds = np.append(np.sort(y_pred_proba), 1)
    one_min_thresholds = 1 - thresholds
    TP = np.cumsum(thresholds[::-1])[::-1]
    FP = np.cumsum(one_min_thresholds[::-1])[::-1]
    thresholds_with_zero = np.insert(thresholds, 0, 0, axis=0)[:-1]
    one_min_thresholds_with_zero = np.insert(one_min_thresholds, 0, 0, axis=0)[:-1]
    FN = np.cumsum(thresholds_with_zero)
    TN = np.cumsum(one_min_thresholds_with_zero)
    non_duplicated_thresholds = np.diff(np.insert(thresholds, 0, -1, axis=0)).astype(bool)
    TP = TP[non_duplicated_thresholds]
    FP = FP[non_duplicated_thresholds]
    FN = FN[non_duplicated_thresholds]
    TN = TN[non_duplicated_thresholds]
    tpr = TP / (TP + FN)
    fpr = FP / (FP + TN)
    return metrics.auc(fpr, tpr)


def cbpe(p, y_pred):
    """Expected confusion matrix and metrics as NannyML's binary CBPE estimators compute them."""
    TP = np.sum(np.where(y_pred == 1, p, 0))
    FP = np.sum(np.where(y_pred == 1, 1 - p, 0))
    FN = np.sum(np.where(y_pred == 0, p, 0))
    TN = np.sum(np.where(y_pred == 0, 1 - p, 0))
    return {
        "tp": float(TP), "fp": float(FP), "fn": float(FN), "tn": float(TN),
        "accuracy": float((TP + TN) / len(y_pred)),
        "precision": float(TP / (TP + FP)),
        "recall": float(TP / (TP + FN)),
        "f1": float(TP / (TP + 0.5 * (FP + FN))),
        "roc_auc": float(nannyml_estimate_roc_auc(p)),
    }


def isotonic_cases(rng):
    cases = []
    # Scores on a 0.01 grid (many ties), labels drawn from a miscalibrated curve.
    x = np.round(rng.random(300), 2)
    y = (rng.random(300) < x ** 2).astype(int)
    cases.append(("ties", x, y))
    # Continuous scores, labels from a steep logistic, so long pooled blocks.
    x = rng.random(500)
    y = (rng.random(500) < sigmoid(8 * (x - 0.6))).astype(int)
    cases.append(("continuous", x, y))
    # Hand-made: a violation at every step, repeated x values, and near-ties closer than 1e-15 (merged by sklearn).
    x = np.array([0.2, 0.1, 0.3, 0.3, 0.4, 0.5, 0.5, 0.6, 0.7, 0.1 + 1e-16, 0.8, 0.9])
    y = np.array([1, 0, 0, 1, 0, 1, 0, 0, 1, 1, 0, 1])
    cases.append(("hand", x, y))
    out = []
    for name, x, y in cases:
        iso = IsotonicRegression(out_of_bounds="clip").fit(x, y)
        queries = np.concatenate([[-0.5, 0.0, 1.0, 1.5], x[:20], rng.random(30)])
        out.append({"name": name, "x": floats(x), "y": ints(y), "queries": floats(queries),
                    "predictions": floats(iso.predict(queries))})
    return out


def cbpe_cases(rng):
    out = []
    # Reference: x ~ N(0, 1), truth P(y=1|x) = sigmoid(1.5x - 0.5); the model is over-confident (sigmoid(2.5x - 0.2)),
    # so the reference calibration matters. Current windows shift x; P(y|x) unchanged (covariate shift).
    def model(x):
        return sigmoid(2.5 * x - 0.2)

    xr = rng.normal(0, 1, 3000)
    yr = (rng.random(3000) < sigmoid(1.5 * xr - 0.5)).astype(int)
    pr = model(xr)
    iso = IsotonicRegression(out_of_bounds="clip").fit(pr, yr)
    for name, mean, sd, n in [("same", 0.0, 1.0, 1000), ("shifted", 1.0, 0.7, 1000), ("narrow", -0.3, 0.4, 500)]:
        xc = rng.normal(mean, sd, n)
        yc = (rng.random(n) < sigmoid(1.5 * xc - 0.5)).astype(int)
        pc = model(xc)
        yhat = (pc >= 0.5).astype(int)
        calibrated = iso.predict(pc)
        case = {"name": name, "reference_probabilities": floats(pr), "reference_labels": ints(yr),
                "probabilities": floats(pc), "predicted": ints(yhat), "labels": ints(yc),
                "calibrated": floats(calibrated), "estimated": cbpe(calibrated, yhat),
                "estimated_uncalibrated": cbpe(pc, yhat),
                "realized": {
                    "accuracy": float(metrics.accuracy_score(yc, yhat)),
                    "precision": float(metrics.precision_score(yc, yhat)),
                    "recall": float(metrics.recall_score(yc, yhat)),
                    "f1": float(metrics.f1_score(yc, yhat)),
                    "roc_auc": float(metrics.roc_auc_score(yc, pc)),
                }}
        out.append(case)
    return out


def realized_cases(rng):
    # Multiclass (3 classes) and regression windows for RealizedPerformance.
    n = 200
    logits = rng.normal(0, 1, (n, 3))
    proba = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    yhat = proba.argmax(axis=1)
    y = np.where(rng.random(n) < 0.6, yhat, rng.integers(0, 3, n))
    multiclass = {"labels": ints(y), "predicted": ints(yhat), "probabilities": floats(proba),
                  "accuracy": float(metrics.accuracy_score(y, yhat)),
                  "precision": float(metrics.precision_score(y, yhat, average="macro")),
                  "recall": float(metrics.recall_score(y, yhat, average="macro")),
                  "f1": float(metrics.f1_score(y, yhat, average="macro")),
                  "roc_auc": float(metrics.roc_auc_score(y, proba, multi_class="ovr", average="macro"))}
    yt = rng.normal(10, 3, 150)
    yp = yt + rng.normal(0.5, 1.5, 150)
    regression = {"labels": floats(yt), "predicted": floats(yp),
                  "rmse": float(metrics.mean_squared_error(yt, yp, squared=False)),
                  "mae": float(metrics.mean_absolute_error(yt, yp))}
    return multiclass, regression


def main():
    rng = np.random.default_rng(20261129)
    multiclass, regression = realized_cases(rng)
    data = {
        "versions": {"numpy": np.__version__, "sklearn": sklearn.__version__},
        "isotonic": isotonic_cases(rng),
        "cbpe": cbpe_cases(rng),
        "multiclass": multiclass,
        "regression": regression,
    }
    with open(os.path.join(HERE, "performance_expected.json"), "w") as f:
        json.dump(data, f)
        f.write("\n")
    for c in data["cbpe"]:
        print(c["name"], "estimated", {k: round(v, 4) for k, v in c["estimated"].items() if k not in "tp fp fn tn"},
              "realized", {k: round(v, 4) for k, v in c["realized"].items()})


if __name__ == "__main__":
    main()
