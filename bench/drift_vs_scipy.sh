#!/usr/bin/env bash
# Drift statistics, Keel vs SciPy, on drift_ref.csv vs drift_cur.csv (1M x 20 each) in one run.
#
# Usage:  bench/drift_vs_scipy.sh [DATA_DIR]             (default /tmp/keel-bench-data)
#   REPEATS=N       interleaved rounds (default 3): each round runs the SciPy anchor (drift_anchors.py --repeats 1)
#                   and then Keel's timing (Keel.Benchmarks drift-compare REF CUR 1); medians over rounds are compared
#   E2E_RUNS=N      hyperfine runs of each whole process (default 3)
#   KEEL_PUBLISH=0  reuse bench/out/keel (default 1: publish it, as profile_vs_pandas.sh does)
#
# Statistics (CSV loading excluded on both sides; per column, single thread on both sides):
#   SciPy  /work/shared/bench/drift_anchors.py: ks_2samp, wasserstein_distance, PSI on 10 reference-quantile bins
#          (quantiles + binning timed), JS on the same bins (binning NOT timed), chi2 on c04 (counting + 2 tests)
#   Keel   DriftDetector.Run(DriftDetector.Sample(column), method) from the parsed column: NaN filter + copy +
#          sort where needed + statistic; PSI/JS on Evidently's Sturges bins over both samples (binning timed for
#          each), chi2 = Evidently's goodness-of-fit on c04's values (also what the anchor calls chisquare_gof)
#   ratio = SciPy seconds / Keel seconds (> 1: Keel faster).
# Values: KS D and p, Wasserstein distance and c04's chi2 checked against the anchor's (max abs / rel difference).
# Whole process (hyperfine -N -i; keel exits 1 when the dataset drifts):
#   keel monitor drift --reference REF --current CUR --method ks --json    vs
#   bench/scipy_drift_e2e.py REF CUR  (pandas read_csv round_trip + ks_2samp on every column)
# Writes bench/results/drift_vs_scipy.json and .md (and the raw outputs under bench/results/drift_vs_scipy_raw/).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
DATA=${1:-/tmp/keel-bench-data}
PY=/usr/bin/python3
ANCHOR=${ANCHOR:-/work/shared/bench/drift_anchors.py}
KEEL_DIR=$HERE/out/keel
KEEL=$KEEL_DIR/keel
RESULTS=$HERE/results
RAW=$RESULTS/drift_vs_scipy_raw
REPEATS=${REPEATS:-3}
E2E_RUNS=${E2E_RUNS:-3}
KEEL_PUBLISH=${KEEL_PUBLISH:-1}
REF=$DATA/drift_ref.csv
CUR=$DATA/drift_cur.csv

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
log() { echo "[$(date -u +%H:%M:%S) load $(loadavg)] $*" >&2; }

command -v hyperfine >/dev/null || { echo "hyperfine is required" >&2; exit 1; }
[[ -f $REF && -f $CUR ]] || { echo "no $REF / $CUR: run /work/shared/bench/make_data.py $DATA" >&2; exit 1; }
rm -rf "$RAW"
mkdir -p "$RAW"

if [[ $KEEL_PUBLISH == 1 ]]; then
    log "publishing keel to $KEEL_DIR"
    rm -rf "$KEEL_DIR"
    dotnet publish "$ROOT/src/Keel.Cli" -c Release -o "$KEEL_DIR" --nologo -v quiet \
        -r linux-x64 --self-contained false -p:PublishReadyToRun=true >&2
fi
log "building Keel.Benchmarks"
dotnet build "$HERE/Keel.Benchmarks" -c Release --nologo -v quiet >&2
BENCH_DLL=$(ls "$HERE"/Keel.Benchmarks/bin/Release/net*/Keel.Benchmarks.dll | head -n 1)

# --- Statistics, interleaved rounds ------------------------------------------------------------------------------
for r in $(seq "$REPEATS"); do
    log "round $r: SciPy anchor"
    echo "scipy $r start $(loadavg)" >> "$RAW/load.txt"
    $PY "$ANCHOR" --data "$DATA" --out "$RAW/scipy_$r" --repeats 1 > "$RAW/scipy_$r.log" 2>&1
    echo "scipy $r end $(loadavg)" >> "$RAW/load.txt"
    log "round $r: Keel drift-compare"
    echo "keel $r start $(loadavg)" >> "$RAW/load.txt"
    dotnet "$BENCH_DLL" drift-compare "$REF" "$CUR" 1 > "$RAW/keel_$r.json" 2> "$RAW/keel_$r.log"
    echo "keel $r end $(loadavg)" >> "$RAW/load.txt"
done

# --- Whole process ------------------------------------------------------------------------------------------------
log "whole process: keel monitor drift --method ks vs pandas + scipy ks_2samp (hyperfine)"
"$KEEL" monitor drift --reference "$REF" --current "$CUR" --method ks --json > "$RAW/keel_monitor_drift_ks.json" || true
$PY "$HERE/scipy_drift_e2e.py" "$REF" "$CUR" > "$RAW/scipy_e2e.json"
echo "e2e start $(loadavg)" >> "$RAW/load.txt"
hyperfine -N -i --runs "$E2E_RUNS" --export-json "$RAW/e2e_hyperfine.json" \
    "$KEEL monitor drift --reference $REF --current $CUR --method ks --json" \
    "$PY $HERE/scipy_drift_e2e.py $REF $CUR" >&2
echo "e2e end $(loadavg)" >> "$RAW/load.txt"

# --- Report -------------------------------------------------------------------------------------------------------
RAW=$RAW RESULTS=$RESULTS REPEATS=$REPEATS $PY - <<'EOF'
import json, os, platform, statistics, subprocess, time

raw, results, repeats = os.environ["RAW"], os.environ["RESULTS"], int(os.environ["REPEATS"])
med = statistics.median
scipy_runs = [json.load(open(f"{raw}/scipy_{r}/drift.json")) for r in range(1, repeats + 1)]
keel_runs = [json.load(open(f"{raw}/keel_{r}.json")) for r in range(1, repeats + 1)]
tests = ["ks", "wasserstein", "psi", "js", "chi2"]
s = {t: [run["seconds_by_test"][t] for run in scipy_runs] for t in tests}
k = {t: [run["seconds_by_test"][t] for run in keel_runs] for t in tests}
kp = {t: [run["parallel_sort"]["seconds_by_test"][t] for run in keel_runs] for t in tests}
cmp = {t: [run["compare_parallel_seconds"][t][0] for run in keel_runs] for t in ["ks", "wasserstein", "psi", "js"]}
s_total = [sum(run["seconds_by_test"].values()) for run in scipy_runs]
k_total = [run["seconds_total_all_tests"] for run in keel_runs]
kp_total = [run["parallel_sort"]["seconds_total_all_tests"] for run in keel_runs]

# Values: Keel (run 1) against the anchor (run 1).
diffs = {"ks_statistic_max_abs": 0.0, "ks_pvalue_max_abs": 0.0, "wasserstein_max_rel": 0.0}
for kv, sv in zip(keel_runs[0]["values"], scipy_runs[0]["columns"]):
    assert kv["column"] == sv["column"]
    diffs["ks_statistic_max_abs"] = max(diffs["ks_statistic_max_abs"], abs(kv["ks_statistic"] - sv["ks"]["statistic"]))
    diffs["ks_pvalue_max_abs"] = max(diffs["ks_pvalue_max_abs"], abs(kv["ks_pvalue"] - sv["ks"]["pvalue"]))
    w = sv["wasserstein"]["distance"]
    diffs["wasserstein_max_rel"] = max(diffs["wasserstein_max_rel"], abs(kv["wasserstein_distance"] - w) / abs(w))
    if "chisquare_gof" in sv:
        diffs["chisquare_gof_statistic_rel"] = abs(kv["chisquare_gof_statistic"] - sv["chisquare_gof"]["statistic"]) / sv["chisquare_gof"]["statistic"]
        diffs["chisquare_gof_pvalue_abs"] = abs(kv["chisquare_gof_pvalue"] - sv["chisquare_gof"]["pvalue"])

e2e = json.load(open(f"{raw}/e2e_hyperfine.json"))["results"]
keel_e2e, scipy_e2e = e2e[0], e2e[1]
keel_ks = json.load(open(f"{raw}/keel_monitor_drift_ks.json"))
scipy_ks = json.load(open(f"{raw}/scipy_e2e.json"))
e2e_d = max(abs(f["statistic"] - scipy_ks["columns"][f["name"]]["statistic"]) for f in keel_ks["features"])
e2e_p = max(abs(f["p_value"] - scipy_ks["columns"][f["name"]]["p_value"]) for f in keel_ks["features"])

def cpu():
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()

res = {
    "script": "bench/drift_vs_scipy.sh", "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    "machine": {"nproc": os.cpu_count(), "cpu": cpu(), "kernel": platform.release()},
    "dotnet": subprocess.run(["dotnet", "--version"], capture_output=True, text=True).stdout.strip(),
    "python_env": scipy_runs[0]["env"], "repeats": repeats,
    "load": open(f"{raw}/load.txt").read().splitlines(),
    "statistics_seconds": {"scipy": s, "keel_one_thread": k, "keel_parallel_sort": kp, "keel_compare_parallel_columns": cmp,
                           "scipy_total": s_total, "keel_total": k_total, "keel_parallel_sort_total": kp_total},
    "medians": {"scipy": {t: med(v) for t, v in s.items()}, "keel": {t: med(v) for t, v in k.items()},
                "keel_parallel_sort": {t: med(v) for t, v in kp.items()}, "scipy_total": med(s_total),
                "keel_total": med(k_total), "keel_parallel_sort_total": med(kp_total)},
    "value_differences": diffs,
    "csv_load_s": {"scipy_pandas_round_trip": [r["csv_load_s_both_files"] for r in scipy_runs],
                   "keel_reader": [r["csv_parse_s_both_files"] for r in keel_runs]},
    "whole_process": {"keel": {"command": keel_e2e["command"], "median_s": keel_e2e["median"], "runs_s": keel_e2e["times"]},
                      "scipy": {"command": scipy_e2e["command"], "median_s": scipy_e2e["median"], "runs_s": scipy_e2e["times"]},
                      "ratio": scipy_e2e["median"] / keel_e2e["median"],
                      "scipy_inprocess_split_s": {"read_csv": scipy_ks["read_s"], "ks_2samp": scipy_ks["ks_s"]},
                      "ks_statistic_max_abs_diff": e2e_d, "ks_pvalue_max_abs_diff": e2e_p},
}
m = res["medians"]
md = ["| statistic (20 columns, 1M vs 1M) | SciPy s | Keel s, 1 thread | SciPy / Keel | Keel s, sides sorted on 2 threads | SciPy / Keel | Keel `Compare`, columns in parallel |",
      "|---|---:|---:|---:|---:|---:|---:|"]
names = {"ks": "KS (ks_2samp)", "wasserstein": "Wasserstein", "psi": "PSI (binning incl.)", "js": "Jensen–Shannon (*)", "chi2": "χ² on c04"}
for t in tests:
    c = f"{med(cmp[t]):.3f}" if t in cmp else ""
    md.append(f"| {names[t]} | {m['scipy'][t]:.3f} | {m['keel'][t]:.3f} | {m['scipy'][t] / m['keel'][t]:.1f}x | "
              f"{m['keel_parallel_sort'][t]:.3f} | {m['scipy'][t] / m['keel_parallel_sort'][t]:.1f}x | {c} |")
md.append(f"| **total** | {m['scipy_total']:.3f} | {m['keel_total']:.3f} | **{m['scipy_total'] / m['keel_total']:.1f}x** | "
          f"{m['keel_parallel_sort_total']:.3f} | **{m['scipy_total'] / m['keel_parallel_sort_total']:.1f}x** | |")
w = res["whole_process"]
md += ["", "| whole process | median s | runs s |", "|---|---:|---|",
       f"| `keel monitor drift --method ks --json` | {w['keel']['median_s']:.2f} | {' / '.join(f'{x:.2f}' for x in w['keel']['runs_s'])} |",
       f"| pandas read_csv + ks_2samp (`bench/scipy_drift_e2e.py`) | {w['scipy']['median_s']:.2f} | {' / '.join(f'{x:.2f}' for x in w['scipy']['runs_s'])} |",
       f"| ratio SciPy / Keel | **{w['ratio']:.1f}x** | |",
       "", f"Values: KS D max |diff| {diffs['ks_statistic_max_abs']:.3g}, KS p max |diff| {diffs['ks_pvalue_max_abs']:.3g}, "
           f"Wasserstein max rel diff {diffs['wasserstein_max_rel']:.3g}, χ² GOF rel diff {diffs.get('chisquare_gof_statistic_rel', float('nan')):.3g}; "
           f"whole-process KS D {e2e_d:.3g}, p {e2e_p:.3g}."]
table = "\n".join(md) + "\n"
json.dump(res, open(f"{results}/drift_vs_scipy.json", "w"), indent=2)
open(f"{results}/drift_vs_scipy.md", "w").write(table)
print(table)
EOF
