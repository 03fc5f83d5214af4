"""Oracle fixtures for Keel.Monitoring.Concept (DDM, ADWIN, Page-Hinkley).

Run with Debian's interpreter (Python 3.11, numpy 1.24.2):
    /usr/bin/python3 make_concept_fixtures.py
Writes concept_expected.json next to this script. Deterministic: seeded numpy generators.

river is not installed here, so its detectors are transcribed below line by line (see README.md for the upstream
files). Only the control flow and arithmetic are kept; river's base-class plumbing (drift_detected /
warning_detected properties) is inlined.
"""
import json
import math
import os
import random

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


class Mean:
    """river/stats/mean.py, Mean.update with w = 1."""

    def __init__(self):
        self.n = 0
        self._mean = 0.0

    def update(self, x, w=1.0):
        self.n += w
        self._mean += (w / self.n) * (x - self._mean)

    def get(self):
        return self._mean


class DDM:
    """river/drift/binary/ddm.py (DDM with warm_start, warning_threshold, drift_threshold)."""

    def __init__(self, warm_start=30, warning_threshold=2.0, drift_threshold=3.0):
        self.warm_start = warm_start
        self.warning_threshold = warning_threshold
        self.drift_threshold = drift_threshold
        self._reset()

    def _reset(self):
        self.drift_detected = False
        self.warning_detected = False
        self._p = Mean()
        self._p_min = float("inf")
        self._s_min = float("inf")
        self._ps_min = float("inf")

    def update(self, x):
        if self.drift_detected:
            self._reset()
        self._p.update(x)
        p_i = self._p.get()
        n = self._p.n
        s_i = math.sqrt(p_i * (1 - p_i) / n)
        if n > self.warm_start:
            if p_i + s_i <= self._ps_min:
                self._p_min = p_i
                self._s_min = s_i
                self._ps_min = self._p_min + self._s_min
            if p_i + s_i > self._p_min + self.warning_threshold * self._s_min:
                self.warning_detected = True
            else:
                self.warning_detected = False
            if p_i + s_i > self._p_min + self.drift_threshold * self._s_min:
                self.drift_detected = True
                self.warning_detected = False


class PageHinkley:
    """river/drift/page_hinkley.py (two-sided version with mode "up" / "down" / "both")."""

    def __init__(self, min_instances=30, delta=0.005, threshold=50.0, alpha=1 - 0.0001, mode="both"):
        self.min_instances = min_instances
        self.delta = delta
        self.threshold = threshold
        self.alpha = alpha
        self.mode = mode
        self._reset()

    def _reset(self):
        self.drift_detected = False
        self._x_mean = Mean()
        self._sum_increase = 0.0
        self._sum_decrease = 0.0
        self._min_increase = float("inf")
        self._max_decrease = -1  # sic: river starts the running maximum at -1, not -inf

    def _test(self, inc, dec):
        if self.mode == "up":
            return inc > self.threshold
        if self.mode == "down":
            return dec > self.threshold
        return inc > self.threshold or dec > self.threshold

    def update(self, x):
        if self.drift_detected:
            self._reset()
        self._x_mean.update(x)
        dev = x - self._x_mean.get()
        self._sum_increase = self.alpha * self._sum_increase + dev - self.delta
        self._sum_decrease = self.alpha * self._sum_decrease + dev + self.delta
        if self._sum_increase < self._min_increase:
            self._min_increase = self._sum_increase
        if self._sum_decrease > self._max_decrease:
            self._max_decrease = self._sum_decrease
        if self._x_mean.n >= self.min_instances:
            self.drift_detected = self._test(self._sum_increase - self._min_increase,
                                             self._max_decrease - self._sum_decrease)


class Bucket:
    """river/drift/adwin_c.pyx, Bucket: fixed arrays of max_size + 1 slots."""

    def __init__(self, max_size):
        self.max_size = max_size
        self.current_idx = 0
        self.total = [0.0] * (max_size + 1)
        self.variance = [0.0] * (max_size + 1)

    def insert_data(self, value, variance):
        self.total[self.current_idx] = value
        self.variance[self.current_idx] = variance
        self.current_idx += 1

    def remove(self):
        self.compress(1)

    def compress(self, n_elements):
        window_len = len(self.total)
        for i in range(n_elements, window_len):
            self.total[i - n_elements] = self.total[i]
            self.variance[i - n_elements] = self.variance[i]
        for i in range(window_len - n_elements, window_len):
            self.total[i] = 0.0
            self.variance[i] = 0.0
        self.current_idx -= n_elements


class AdaptiveWindowing:
    """river/drift/adwin_c.pyx, AdaptiveWindowing (ADWIN2 with the exponential histogram)."""

    def __init__(self, delta=0.002, clock=32, max_buckets=5, min_window_length=5, grace_period=10):
        self.delta = delta
        self.buckets = [Bucket(max_buckets)]
        self.total = 0.0
        self.variance = 0.0
        self.width = 0.0
        self.n_buckets = 0
        self.grace_period = grace_period
        self.tick = 0
        self.n_detections = 0
        self.clock = clock
        self.min_window_length = min_window_length
        self.max_buckets = max_buckets

    def update(self, value):
        self._insert_element(value, 0.0)
        return self._detect_change()

    def _insert_element(self, value, variance):
        self.buckets[0].insert_data(value, variance)
        self.n_buckets += 1
        self.width += 1
        inc = 0.0
        if self.width > 1.0:
            inc = ((self.width - 1.0) * (value - self.total / (self.width - 1.0))
                   * (value - self.total / (self.width - 1.0)) / self.width)
        self.variance += inc
        self.total += value
        self._compress_buckets()

    @staticmethod
    def _size(row):
        return math.pow(2, row)

    def _delete_element(self):
        bucket = self.buckets[-1]
        n = self._size(len(self.buckets) - 1)
        u = bucket.total[0]
        mu = u / n
        v = bucket.variance[0]
        self.width -= n
        self.total -= u
        mu_window = self.total / self.width
        inc = v + n * self.width * (mu - mu_window) * (mu - mu_window) / (n + self.width)
        self.variance -= inc
        bucket.remove()
        self.n_buckets -= 1
        if bucket.current_idx == 0:
            self.buckets.pop()
        return n

    def _compress_buckets(self):
        bucket = self.buckets[0]
        idx = 0
        while bucket is not None:
            k = bucket.current_idx
            if k == self.max_buckets + 1:
                if idx + 1 < len(self.buckets):
                    next_bucket = self.buckets[idx + 1]
                else:
                    self.buckets.append(Bucket(self.max_buckets))
                    next_bucket = self.buckets[-1]
                n1 = self._size(idx)
                n2 = self._size(idx)
                mu1 = bucket.total[0] / n1
                mu2 = bucket.total[1] / n2
                total12 = bucket.total[0] + bucket.total[1]
                temp = n1 * n2 * (mu1 - mu2) * (mu1 - mu2) / (n1 + n2)
                v12 = bucket.variance[0] + bucket.variance[1] + temp
                next_bucket.insert_data(total12, v12)
                self.n_buckets += 1
                bucket.compress(2)
                if next_bucket.current_idx <= self.max_buckets:
                    break
            else:
                break
            bucket = self.buckets[idx + 1] if idx + 1 < len(self.buckets) else None
            idx += 1

    def _detect_change(self):
        change_detected = False
        self.tick += 1
        if self.tick % self.clock == 0 and self.width > self.grace_period:
            reduce_width = True
            while reduce_width:
                reduce_width = False
                exit_flag = False
                n0, n1 = 0.0, self.width
                u0, u1 = 0.0, self.total
                v0, v1 = 0.0, self.variance  # v0/v1 are maintained upstream but never read
                for idx in range(len(self.buckets) - 1, -1, -1):
                    if exit_flag:
                        break
                    bucket = self.buckets[idx]
                    for k in range(bucket.current_idx - 1):
                        n2 = self._size(idx)
                        u2 = bucket.total[k]
                        mu2 = u2 / n2
                        if n0 > 0.0:
                            mu0 = u0 / n0
                            v0 += bucket.variance[k] + n0 * n2 * (mu0 - mu2) * (mu0 - mu2) / (n0 + n2)
                        if n1 > 0.0:
                            mu1 = u1 / n1
                            v1 -= bucket.variance[k] + n1 * n2 * (mu1 - mu2) * (mu1 - mu2) / (n1 + n2)
                        n0 += self._size(idx)
                        n1 -= self._size(idx)
                        u0 += bucket.total[k]
                        u1 -= bucket.total[k]
                        if idx == 0 and k == bucket.current_idx - 1:
                            exit_flag = True
                            break
                        delta_mean = (u0 / n0) - (u1 / n1)
                        if (n1 >= self.min_window_length and n0 >= self.min_window_length
                                and self._evaluate_cut(n0, n1, delta_mean, self.delta)):
                            reduce_width = True
                            change_detected = True
                            if self.width > 0:
                                n0 -= self._delete_element()
                                exit_flag = True
                                break
        if change_detected:
            self.n_detections += 1
        return change_detected

    def _evaluate_cut(self, n0, n1, delta_mean, delta):
        delta_prime = math.log(2 * math.log(self.width) / delta)
        m_recip = (1.0 / (n0 - self.min_window_length + 1)) + (1.0 / (n1 - self.min_window_length + 1))
        # river compiles adwin_c.pyx with language_level 3, so 2 / 3 is a true division.
        epsilon = math.sqrt(2 * m_recip * (self.variance / self.width) * delta_prime) + 2 / 3 * delta_prime * m_recip
        return abs(delta_mean) > epsilon


class ADWIN:
    """river/drift/adwin.py: a detection resets the whole detector on the next update (reset_on_drift=True).

    reset_on_drift=False keeps the shrunk window instead, as ADWIN2 in the paper and river before the reset was
    added (and scikit-multiflow) do; the AdaptiveWindowing arithmetic is the same in both cases.
    """

    def __init__(self, reset_on_drift=True, **kw):
        self.kw = kw
        self.reset_on_drift = reset_on_drift
        self.drift_detected = False
        self._helper = AdaptiveWindowing(**kw)

    def update(self, x):
        if self.drift_detected and self.reset_on_drift:
            self._helper = AdaptiveWindowing(**self.kw)
        self.drift_detected = self._helper.update(x)


def streams():
    out = {}
    rng = np.random.default_rng(20261129)
    out["abrupt"] = np.concatenate([rng.random(1000) < 0.1, rng.random(1000) < 0.4]).astype(int)
    p = np.concatenate([np.full(1000, 0.1), np.linspace(0.1, 0.4, 1000), np.full(500, 0.4)])
    out["gradual"] = (rng.random(len(p)) < p).astype(int)
    out["stationary"] = (rng.random(3000) < 0.1).astype(int)
    out["mean_shift"] = np.concatenate([rng.normal(0.0, 1.0, 1000), rng.normal(1.0, 1.0, 1000)])
    out["mean_drop"] = np.concatenate([rng.normal(1.0, 0.5, 800), rng.normal(0.0, 0.5, 800)])
    return out


def run_ddm(xs, **kw):
    d = DDM(**kw)
    warnings, drifts = [], []
    for i, x in enumerate(xs):
        d.update(int(x))
        if d.warning_detected:
            warnings.append(i)
        if d.drift_detected:
            drifts.append(i)
    return {"warnings": warnings, "drifts": drifts}


def run_adwin(xs, reset_on_drift, **kw):
    d = ADWIN(reset_on_drift=reset_on_drift, **kw)
    drifts, widths = [], []
    for i, x in enumerate(xs):
        d.update(float(x))
        if d.drift_detected:
            drifts.append(i)
            widths.append(int(d._helper.width))
    h = d._helper
    return {"drifts": drifts, "widths_at_drift": widths, "final_width": int(h.width),
            "final_total": h.total, "final_variance": h.variance}


def run_ph(xs, **kw):
    d = PageHinkley(**kw)
    drifts = []
    for i, x in enumerate(xs):
        d.update(float(x))
        if d.drift_detected:
            drifts.append(i)
    return {"drifts": drifts}


def docstring_examples():
    """The examples in river's own docstrings, with the output river's doctests assert (copied from upstream, so
    they check the transcription itself). Streams come from Python's random module, as upstream."""
    rng = random.Random(12345)
    two_regimes = rng.choices([0, 1], k=1000) + rng.choices(range(4, 8), k=1000)
    rng = random.Random(42)
    ddm_stream = rng.choices([0, 1], k=1000)
    ddm_stream = ddm_stream + rng.choices([0, 1], k=1000, weights=[0.3, 0.7])
    examples = {
        # adwin.py: "Change detected at index 1023, input value: 4"
        "adwin": {"stream": two_regimes, "drifts": [1023]},
        # page_hinkley.py: "Change detected at index 1006, input value: 5"
        "page_hinkley": {"stream": two_regimes, "drifts": [1006]},
        # binary/ddm.py prints the first warning after start or after each drift:
        # "Warning detected at index 1084", "Change detected at index 1334", "Warning detected at index 1492"
        "ddm": {"stream": ddm_stream, "first_warnings": [1084, 1492], "drifts": [1334]},
    }
    assert run_adwin(two_regimes, True)["drifts"] == examples["adwin"]["drifts"]
    assert run_ph(two_regimes)["drifts"] == examples["page_hinkley"]["drifts"]
    d, printing, first_warnings, drifts = DDM(), True, [], []
    for i, x in enumerate(ddm_stream):
        d.update(x)
        if d.warning_detected and printing:
            first_warnings.append(i)
            printing = False
        if d.drift_detected:
            drifts.append(i)
            printing = True
    assert (first_warnings, drifts) == (examples["ddm"]["first_warnings"], examples["ddm"]["drifts"])
    return examples


def main():
    s = streams()
    cases = {"streams": {k: [float(v) if k in ("mean_shift", "mean_drop") else int(v) for v in a]
                         for k, a in s.items()}}
    binary = ["abrupt", "gradual", "stationary"]
    cases["ddm"] = [dict(stream=k, options={}, **run_ddm(s[k])) for k in binary]
    cases["ddm"].append(dict(stream="abrupt", options={"warm_start": 100, "warning_threshold": 1.5,
                                                       "drift_threshold": 2.5},
                             **run_ddm(s["abrupt"], warm_start=100, warning_threshold=1.5, drift_threshold=2.5)))
    cases["adwin"] = []
    for k in binary + ["mean_shift", "mean_drop"]:
        for reset in (True, False):
            cases["adwin"].append(dict(stream=k, options={"reset_on_drift": reset}, **run_adwin(s[k], reset)))
    cases["adwin"].append(dict(stream="abrupt", options={"reset_on_drift": False, "delta": 0.05, "clock": 1},
                               **run_adwin(s["abrupt"], False, delta=0.05, clock=1)))
    cases["page_hinkley"] = []
    for k in ["mean_shift", "mean_drop", "abrupt"]:
        for mode in ("up", "down", "both"):
            cases["page_hinkley"].append(dict(stream=k, options={"mode": mode}, **run_ph(s[k], mode=mode)))
    cases["page_hinkley"].append(dict(stream="abrupt", options={"mode": "up", "threshold": 10.0, "delta": 0.05},
                                      **run_ph(s["abrupt"], mode="up", threshold=10.0, delta=0.05)))
    cases["river_docstrings"] = docstring_examples()
    cases["versions"] = {"numpy": np.__version__}
    with open(os.path.join(HERE, "concept_expected.json"), "w") as f:
        # One line per top-level key: the streams stay compact, the expected indices readable in a diff.
        f.write("{\n")
        f.write(",\n".join(f"{json.dumps(k)}: {json.dumps(v)}" for k, v in cases.items()))
        f.write("\n}\n")
    for group in ("ddm", "adwin", "page_hinkley"):
        for c in cases[group]:
            print(group, c["stream"], c["options"], {k: v for k, v in c.items() if k in ("drifts", "final_width")},
                  "warnings:", len(c.get("warnings", [])))


if __name__ == "__main__":
    main()
