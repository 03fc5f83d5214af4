"""Oracle fixtures for Keel.Serving.Deployments.AbSignificance.

Run with Debian's interpreter (SciPy 1.10, numpy 1.24):
    /usr/bin/python3 make_ab_fixtures.py
Writes ab_significance.json next to this script. Deterministic (seeded numpy generator).

- welch: scipy.stats.ttest_ind(a, b, equal_var=False) on seeded samples; the raw samples are stored so the
  test also exercises Keel's online mean/variance. The degrees of freedom are the Welch-Satterthwaite formula
  (SciPy does not return them in 1.10), computed here from numpy's ddof=1 variances.
- proportions: the pooled two-proportion z-test, written out by hand (statsmodels is not installed):
  p = (x1 + x2) / (n1 + n2), se = sqrt(p (1 - p) (1/n1 + 1/n2)), z = (x1/n1 - x2/n2) / se,
  p-value = 2 * scipy.stats.norm.sf(|z|).
"""
import json
import math
import os

import numpy as np
import scipy
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))


def welch_case(name, a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    result = stats.ttest_ind(a, b, equal_var=False)
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
    return {
        "name": name,
        "a": [float(x) for x in a],
        "b": [float(x) for x in b],
        "t": float(result.statistic),
        "df": float(df),
        "p_value": float(result.pvalue),
    }


def proportion_case(name, xa, na, xb, nb):
    pooled = (xa + xb) / (na + nb)
    se = math.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb))
    z = (xa / na - xb / nb) / se
    return {
        "name": name,
        "successes_a": xa,
        "trials_a": na,
        "successes_b": xb,
        "trials_b": nb,
        "z": z,
        "p_value": float(2 * stats.norm.sf(abs(z))),
    }


def main():
    rng = np.random.default_rng(20261129)
    welch = [
        welch_case("equal_means_small", rng.normal(10, 2, 12), rng.normal(10, 2, 15)),
        welch_case("shifted_unequal_var", rng.normal(0.50, 0.10, 400), rng.normal(0.52, 0.30, 250)),
        welch_case("large_clear_difference", rng.normal(100, 15, 2000), rng.normal(103, 15, 2000)),
        welch_case("tiny_groups", [1.0, 2.0, 4.0], [3.0, 5.0, 8.0, 9.0]),
        welch_case("skewed_latency_like", rng.lognormal(3.0, 0.5, 300), rng.lognormal(3.1, 0.7, 500)),
        welch_case("very_significant", rng.normal(0.0, 1.0, 1000), rng.normal(0.5, 1.0, 1000)),
    ]
    proportions = [
        proportion_case("no_difference", 120, 1000, 118, 1000),
        proportion_case("small_lift", 480, 10000, 530, 10000),
        proportion_case("clear_lift", 200, 2000, 300, 2000),
        proportion_case("unequal_sizes", 45, 300, 610, 5000),
        proportion_case("huge_effect", 900, 1000, 100, 1000),
        proportion_case("rare_events", 3, 5000, 11, 5000),
    ]
    out = {
        "versions": {"scipy": scipy.__version__, "numpy": np.__version__},
        "welch": welch,
        "proportions": proportions,
    }
    with open(os.path.join(HERE, "ab_significance.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
