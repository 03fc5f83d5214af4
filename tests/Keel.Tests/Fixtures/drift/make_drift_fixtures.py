"""Oracle fixtures for Keel.Monitoring.Drift.

Run with Debian's interpreter (SciPy 1.10.1, numpy 1.24.2):
    /usr/bin/python3 make_drift_fixtures.py
Writes expected.json (and, when the shared bench data exists, drift_ref_500.csv / drift_cur_500.csv) next to
this script. Deterministic: seeded numpy generators and the first rows of the bench files.

Evidently is not installed here; the Evidently definitions Keel follows (evidently/calculations/stattests:
registry._get_default_stattest, utils.get_binned_data, psi, jensenshannon, wasserstein_distance_norm,
chisquare_stattest, z_stattest) are restated below on top of the SciPy/numpy calls they make.
"""
import json
import os

import numpy as np
import scipy
from scipy import special, stats
from scipy.spatial import distance

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = "/tmp/keel-bench-data"


def floats(a):
    return [float(x) for x in np.asarray(a, dtype=np.float64).ravel()]


def category_counts(ref, cur):
    """Evidently's key list: union of the non-missing values of both samples."""
    keys = sorted(set(ref) | set(cur), key=lambda k: (str(type(k)), k))
    r = np.array([sum(1 for x in ref if x == k) for k in keys], dtype=np.float64)
    c = np.array([sum(1 for x in cur if x == k) for k in keys], dtype=np.float64)
    return keys, r, c


def binned(ref, cur, numeric, fill_zeroes):
    """evidently.calculations.stattests.utils.get_binned_data (n is unused there: Sturges bins)."""
    if numeric and len(np.unique(ref)) > 20:
        edges = np.histogram_bin_edges(np.concatenate([ref, cur]), bins="sturges")
        rp = np.histogram(ref, edges)[0] / len(ref)
        cp = np.histogram(cur, edges)[0] / len(cur)
    else:
        _, r, c = category_counts(list(ref), list(cur))
        rp, cp = r / len(ref), c / len(cur)
    if fill_zeroes:
        for p in (rp, cp):
            m = min(p[p != 0])
            np.place(p, p == 0, m / 10**6 if m <= 0.0001 else 0.0001)
    return rp, cp


def psi(ref, cur, numeric):
    rp, cp = binned(ref, cur, numeric, True)
    return float(np.sum((rp - cp) * np.log(rp / cp)))


def jensenshannon(ref, cur, numeric):
    rp, cp = binned(ref, cur, numeric, False)
    return float(distance.jensenshannon(rp, cp, 2))


def wasserstein_norm(ref, cur):
    return float(stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001))


def chisquare(ref, cur):
    _, r, c = category_counts(list(ref), list(cur))
    with np.errstate(divide="ignore", invalid="ignore"):
        res = stats.chisquare(c, r * (len(cur) / len(ref)))
    return float(res.statistic), float(res.pvalue)


def ztest(ref, cur):
    ref, cur = list(ref), list(cur)
    if len(set(ref)) == 1 and len(set(cur)) == 1 and ref[0] == cur[0]:
        return None, 1.0
    first = sorted(set(ref) | set(cur))[0]
    a = np.array([0 if x == first else 1 for x in ref], dtype=np.float64)
    b = np.array([0 if x == first else 1 for x in cur], dtype=np.float64)
    p1, p2 = a.mean(), b.mean()
    pp = (p1 * len(a) + p2 * len(b)) / (len(a) + len(b))
    z = (p1 - p2) / np.sqrt(pp * (1 - pp) * (1.0 / len(a) + 1.0 / len(b)))
    return float(z), float(2 * (1 - stats.norm.cdf(abs(z))))


def auto_method(ref, cur, numeric):
    """evidently registry._get_default_stattest for 'num' and 'cat' columns."""
    n_values = len(set(list(ref)) | set(list(cur)))
    if len(ref) <= 1000:
        if numeric and n_values > 5:
            return "ks"
        return "chi2" if n_values > 2 else "z"
    if numeric and n_values > 5:
        return "wasserstein"
    return "jensenshannon"


def nullable(x):
    return None if x is None or not np.isfinite(x) else float(x)


def numeric_case(name, ref, cur):
    # Four decimals keep expected.json small; the rounded values are the data (ties included).
    ref, cur = np.round(ref, 4), np.round(cur, 4)
    ks = stats.ks_2samp(ref, cur)  # method='auto'
    out = {
        "name": name, "reference": floats(ref), "current": floats(cur),
        "ks": {"statistic": float(ks.statistic), "p_value": float(ks.pvalue),
               "mode": "exact" if max(len(ref), len(cur)) <= 10000 else "asymp"},
        "wasserstein": wasserstein_norm(ref, cur),
        "psi": psi(ref, cur, True),
        "jensenshannon": jensenshannon(ref, cur, True),
        "auto": auto_method(ref, cur, True),
    }
    return out


def categorical_case(name, ref, cur):
    chi, p = chisquare(ref, cur)
    out = {
        "name": name, "reference": list(ref), "current": list(cur),
        "chi2": {"statistic": nullable(chi), "p_value": nullable(p)},  # null: inf statistic, NaN p
        "psi": psi(np.array(ref, dtype=object), np.array(cur, dtype=object), False),
        "jensenshannon": jensenshannon(np.array(ref, dtype=object), np.array(cur, dtype=object), False),
        "auto": auto_method(ref, cur, False),
    }
    if len(set(ref) | set(cur)) <= 2:
        z, pz = ztest(ref, cur)
        out["z"] = {"statistic": nullable(z), "p_value": pz}
    return out


def numeric_cases():
    rng = np.random.default_rng(20240611)
    cases = []
    cases.append(numeric_case("tiny_equal", rng.normal(0, 1, 8), rng.normal(0.8, 1, 8)))
    cases.append(numeric_case("small_unequal", rng.normal(0, 1, 10), rng.normal(0.5, 1.3, 15)))
    cases.append(numeric_case("ties", np.round(rng.normal(0, 2, 50)), np.round(rng.normal(0.5, 2, 37))))
    cases.append(numeric_case("few_values", rng.integers(0, 4, 60).astype(float), rng.integers(0, 5, 45).astype(float)))
    cases.append(numeric_case("medium_same", rng.normal(0, 1, 300), rng.normal(0, 1, 200)))
    cases.append(numeric_case("square_1000", rng.exponential(2, 1000), rng.exponential(2.2, 1000)))
    cases.append(numeric_case("exact_3000x2000", rng.gamma(2, 1.5, 3000), rng.gamma(2, 1.5, 2000)))
    cases.append(numeric_case("asymp_10500x10200", rng.normal(0, 1, 10500), rng.normal(0.02, 1, 10200)))
    cases.append(numeric_case("asymp_10020x30", rng.normal(0, 1, 10020), rng.normal(0.3, 1, 30)))
    cases.append(numeric_case("asymp_shifted", rng.normal(0, 1, 10100), rng.normal(0.06, 1, 10050)))
    cases.append(numeric_case("constant_reference", np.full(40, 3.0), rng.normal(3, 0.01, 30)))
    return cases


def categorical_cases():
    rng = np.random.default_rng(20240612)
    letters = np.array(list("abcdef"))
    cases = []
    ref = list(rng.choice(letters[:5], 400, p=[0.4, 0.3, 0.15, 0.1, 0.05]))
    cur = list(rng.choice(letters[:5], 300, p=[0.3, 0.3, 0.2, 0.1, 0.1]))
    cases.append(categorical_case("shifted", ref, cur))
    cases.append(categorical_case("unseen_in_current", ref, cur[:-3] + ["f", "f", "f"]))
    cases.append(categorical_case("vanished_in_current", ref, [x for x in cur if x != "e"]))
    cases.append(categorical_case("binary", list(rng.choice(["no", "yes"], 500, p=[0.7, 0.3])),
                                  list(rng.choice(["no", "yes"], 400, p=[0.62, 0.38]))))
    cases.append(categorical_case("binary_one_sided", ["yes"] * 20, ["yes"] * 15 + ["no"] * 2))
    cases.append(categorical_case("single_same", ["x"] * 10, ["x"] * 7))
    big = list(rng.choice(letters, 5000, p=[0.3, 0.25, 0.2, 0.15, 0.07, 0.03]))
    big_cur = list(rng.choice(letters, 4000, p=[0.25, 0.25, 0.2, 0.15, 0.1, 0.05]))
    cases.append(categorical_case("large", big, big_cur))
    return cases


def special_values():
    xs = [0.5, 1.0, 2.5, 7.0, 33.3, 150.0, 1e4, 123456.5]
    gq = []
    for a in [0.5, 1.0, 2.5, 4.5, 20.0, 150.0]:
        for x in [0.01, 0.5, 1.0, 3.0, 10.0, 40.0, 200.0]:
            gq.append({"a": a, "x": x, "q": float(special.gammaincc(a, x))})
    chi2 = [{"x": x, "df": df, "sf": float(stats.chi2.sf(x, df))}
            for df in [1, 2, 3, 9, 40] for x in [0.1, 1.0, 4.2, 11.0, 60.0]]
    norm = [{"z": z, "sf": float(stats.norm.sf(z))} for z in [0.0, 0.3, 1.0, 1.96, 3.0, 5.5, 8.0, -1.2]]
    kstwo = []
    for n in [5, 20, 100, 140, 141, 500, 5000, 99999, 100001, 2000000]:
        for t in [0.3, 0.6, 0.9, 1.2, 2.0, 3.5, 6.0]:
            x = t / np.sqrt(n)
            if x < 1:
                kstwo.append({"n": n, "x": float(x), "sf": float(stats.kstwo.sf(x, n))})
        for x in [0.5 / n + 1e-9, 0.9 / n, 0.55, 0.7, 1 - 1.5 / n]:
            if 0 < x < 1:
                kstwo.append({"n": n, "x": float(x), "sf": float(stats.kstwo.sf(x, n))})
    return {"gammaln": [{"x": x, "value": float(special.gammaln(x))} for x in xs],
            "gammaincc": gq, "chi2_sf": chi2, "norm_sf": norm, "kstwo_sf": kstwo}


def read_bench(path, rows):
    header = open(path).readline().strip().split(",")
    data = np.loadtxt(path, delimiter=",", skiprows=1, max_rows=rows)
    return header, data


def bench_case(rows):
    """Every column of the first `rows` rows of the shared drift files, all methods, plus Evidently's auto choice."""
    ref_path, cur_path = os.path.join(BENCH, "drift_ref.csv"), os.path.join(BENCH, "drift_cur.csv")
    if not (os.path.exists(ref_path) and os.path.exists(cur_path)):
        return None
    names, ref = read_bench(ref_path, rows)
    _, cur = read_bench(cur_path, rows)
    columns = []
    for i, name in enumerate(names):
        r, c = ref[:, i], cur[:, i]
        ks = stats.ks_2samp(r, c)
        columns.append({"name": name, "ks": {"statistic": float(ks.statistic), "p_value": float(ks.pvalue)},
                        "wasserstein": wasserstein_norm(r, c), "psi": psi(r, c, True),
                        "jensenshannon": jensenshannon(r, c, True), "auto": auto_method(r, c, True)})
    return {"rows": rows, "columns": columns}


def write_bench_subset(rows):
    for kind in ("ref", "cur"):
        src = os.path.join(BENCH, f"drift_{kind}.csv")
        if not os.path.exists(src):
            return
        with open(src) as f, open(os.path.join(HERE, f"drift_{kind}_{rows}.csv"), "w") as out:
            for i, line in enumerate(f):
                if i > rows:
                    break
                out.write(line)


def main():
    write_bench_subset(500)
    expected = {
        "versions": {"scipy": scipy.__version__, "numpy": np.__version__},
        "numeric": numeric_cases(),
        "categorical": categorical_cases(),
        "special": special_values(),
        "bench_500": bench_case(500),
        "bench_20000": bench_case(20000),
    }
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(expected, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
