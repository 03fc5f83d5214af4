#!/usr/bin/env bash
# Streaming monitoring at scale: `keel monitor run` on a 10M-row x 200-column CSV, wall time and peak RSS, against the
# same on a file 10x smaller (memory should follow the sketches, not the rows).
#
# Usage:  bench/monitor_at_scale.sh [WORK_DIR]             (default /tmp/keel-wide; needs ~17 GB free)
#   ROWS=N          rows of the big file (default 10000000; the small one has N/10)
#   COLS=N          feature columns (default 200: 195 numeric f000.., 5 categorical cat0..cat4; plus the label y)
#   KEEP_BIG=1      keep the big file (default 0: deleted at the end)
#   REUSE=1         reuse files already in WORK_DIR (default 1; they are regenerated when absent)
#   KEEL_PUBLISH=0  reuse bench/out/keel (default 1)
#
# Data: Keel.Benchmarks gen-wide (bench/Keel.Benchmarks/WideCsvGenerator.cs): sample.csv = 50,000 rows, seed 1, no
# shift; mid.csv = ROWS/10 rows, seed 4; big.csv = ROWS rows, seed 3; both with the first ten numeric columns shifted
# by 0.25 of their scale. Model: keel train --data sample.csv --label y --algorithm logistic --holdout 0.2.
# Each file: /usr/bin/time -v keel monitor run --model m.keel --data FILE --json (page cache cold for the big file:
# it is larger than the free RAM). Writes bench/results/monitor_at_scale.json and .md, raw outputs under
# bench/results/monitor_at_scale_raw/.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
WORK=${1:-/tmp/keel-wide}
ROWS=${ROWS:-10000000}
COLS=${COLS:-200}
KEEP_BIG=${KEEP_BIG:-0}
REUSE=${REUSE:-1}
KEEL_PUBLISH=${KEEL_PUBLISH:-1}
KEEL_DIR=$HERE/out/keel
KEEL=$KEEL_DIR/keel
RAW=$HERE/results/monitor_at_scale_raw
PY=/usr/bin/python3

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
log() { echo "[$(date -u +%H:%M:%S) load $(loadavg)] $*" >&2; }

mkdir -p "$WORK" "$RAW"
rm -f "$RAW"/*
if [[ $KEEL_PUBLISH == 1 ]]; then
    log "publishing keel to $KEEL_DIR"
    rm -rf "$KEEL_DIR"
    dotnet publish "$ROOT/src/Keel.Cli" -c Release -o "$KEEL_DIR" --nologo -v quiet \
        -r linux-x64 --self-contained false -p:PublishReadyToRun=true >&2
fi
dotnet build "$HERE/Keel.Benchmarks" -c Release --nologo -v quiet >&2
BENCH_DLL=$(ls "$HERE"/Keel.Benchmarks/bin/Release/net*/Keel.Benchmarks.dll | head -n 1)

gen() { # file rows seed shift
    if [[ $REUSE == 1 && -s $WORK/$1 ]]; then
        return
    fi
    log "generating $1 ($2 rows x $COLS columns)"
    /usr/bin/time -v dotnet "$BENCH_DLL" gen-wide "$WORK/$1" "$2" "$COLS" "$3" "$4" 2> "$RAW/gen_$1.time"
}
df -h "$WORK" > "$RAW/df_before.txt"
gen sample.csv 50000 1 0
gen mid.csv $((ROWS / 10)) 4 0.25
gen big.csv "$ROWS" 3 0.25
ls -l "$WORK"/*.csv > "$RAW/files.txt"

if [[ ! -s $WORK/m.keel || $REUSE != 1 ]]; then
    log "training the model"
    "$KEEL" train --data "$WORK/sample.csv" --label y --algorithm logistic --holdout 0.2 --out "$WORK/m.keel" > "$RAW/train.txt" 2>&1
fi

for f in mid big; do
    log "keel monitor run on $f.csv"
    echo "$f start $(loadavg)" >> "$RAW/load.txt"
    rc=0
    /usr/bin/time -v "$KEEL" monitor run --model "$WORK/m.keel" --data "$WORK/$f.csv" --json > "$RAW/$f.json" 2> "$RAW/$f.time" || rc=$?
    echo "$f end $(loadavg) rc $rc" >> "$RAW/load.txt"
    [[ $rc -le 1 ]] || { cat "$RAW/$f.time" >&2; exit "$rc"; }
done
if [[ $KEEP_BIG != 1 ]]; then
    rm -f "$WORK/big.csv"
    log "deleted $WORK/big.csv"
fi

RAW=$RAW WORK=$WORK ROWS=$ROWS COLS=$COLS $PY - <<'EOF'
import json, os, re, time

raw, rows = os.environ["RAW"], int(os.environ["ROWS"])
def parse(name):
    text = open(f"{raw}/{name}.time").read()
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", text)
    h, m, s = wall.groups()
    return {"wall_s": (int(h or 0) * 3600) + (int(m) * 60) + float(s),
            "peak_rss_kib": int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)),
            "user_s": float(re.search(r"User time \(seconds\): ([\d.]+)", text).group(1)),
            "system_s": float(re.search(r"System time \(seconds\): ([\d.]+)", text).group(1))}
sizes = {line.split()[-1].rsplit("/", 1)[-1]: int(line.split()[4]) for line in open(f"{raw}/files.txt")}
res = {"script": "bench/monitor_at_scale.sh", "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
       "columns": int(os.environ["COLS"]), "load": open(f"{raw}/load.txt").read().splitlines(), "runs": {}}
md = ["| file | rows | GB | wall s | rows/s | MB/s | user + sys s | peak RSS MiB | drifted features |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
for name, n in (("mid", rows // 10), ("big", rows)):
    r = parse(name)
    out = json.load(open(f"{raw}/{name}.json"))
    drifted = sum(f["drift"] for f in out["features"])
    r.update(rows=n, bytes=sizes[f"{name}.csv"], drifted=drifted, features=len(out["features"]), dataset_drift=out["dataset_drift"])
    res["runs"][name] = r
    md.append(f"| {name}.csv | {n:,} | {r['bytes'] / 1e9:.2f} | {r['wall_s']:.1f} | {n / r['wall_s']:,.0f} | "
              f"{r['bytes'] / 1e6 / r['wall_s']:.0f} | {r['user_s'] + r['system_s']:.0f} | {r['peak_rss_kib'] / 1024:.0f} | {drifted} / {len(out['features'])} |")
growth = res["runs"]["big"]["peak_rss_kib"] / res["runs"]["mid"]["peak_rss_kib"]
res["peak_rss_growth_10x_rows"] = growth
md += ["", f"Peak RSS, 10x the rows: **{growth:.2f}x**."]
table = "\n".join(md) + "\n"
json.dump(res, open(f"{os.path.dirname(raw)}/monitor_at_scale.json", "w"), indent=2)
open(f"{os.path.dirname(raw)}/monitor_at_scale.md", "w").write(table)
print(table)
EOF
