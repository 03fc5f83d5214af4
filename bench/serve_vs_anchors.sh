#!/usr/bin/env bash
# Serving throughput and latency: Keel's `keel serve` against the anchors of ../shared/bench/serve_anchors.sh
# (Flask/gunicorn, FastAPI/uvicorn, a bare ASP.NET Core endpoint), one run, same machine, same wrk settings.
#
# Usage:  bench/serve_vs_anchors.sh
#   env (optional): KEEL_BENCH_DATA (/tmp/keel-bench-data)  DURATION (15s) WARMUP (5s) CONNECTIONS (32) REPEATS (3)
#                   ANCHORS ("flask fastapi aspnet"; empty to run Keel only)
#
# 1. Runs the shared anchors script (it trains scikit-learn's HistGradientBoosting on the breast_cancer train rows
#    and serves one-row predictions; results in bench/results/serve.json).
# 2. Trains Keel's gbdt with the same settings on the same train rows, starts `keel serve` (published Release
#    build) in a fresh workspace, so every prediction goes to the inference log (group commit) as in production,
#    and loads POST /invocations with the same feature values as the anchors' body, in MLflow's
#    dataframe_records shape (Keel has no bare-object endpoint), with the same wrk settings.
# 3. Prints requests/s and p50/p99 for each and the ratios the issue asks for; writes bench/results/serve_keel.json.
# Servers are stopped by PID only.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
SHARED="${KEEL_SHARED_BENCH:-$ROOT/../shared/bench}"
DATA="${KEEL_BENCH_DATA:-/tmp/keel-bench-data}"
WORK="${KEEL_SERVE_WORK:-/tmp/keel-bench-serve}"
OUT="$HERE/results"
DURATION="${DURATION:-15s}"; WARMUP="${WARMUP:-5s}"; CONNECTIONS="${CONNECTIONS:-32}"; REPEATS="${REPEATS:-3}"
ANCHORS="${ANCHORS-flask fastapi aspnet}"
PORT=18084
mkdir -p "$OUT" "$WORK"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

if [ -n "$ANCHORS" ]; then
  echo "== anchors ($ANCHORS)" >&2
  ONLY="$ANCHORS" KEEL_RESULTS="$OUT" KEEL_BENCH_DATA="$DATA" KEEL_SERVE_WORK="$WORK" DURATION="$DURATION" WARMUP="$WARMUP" \
    CONNECTIONS="$CONNECTIONS" REPEATS="$REPEATS" bash "$SHARED/serve_anchors.sh"
fi

echo "== Keel" >&2
KEEL_DIR="$WORK/keel"; rm -rf "$KEEL_DIR"; mkdir -p "$KEEL_DIR"
dotnet publish "$ROOT/src/Keel.Cli" -c Release -o "$KEEL_DIR/bin" -nodeReuse:false -p:UseSharedCompilation=false > "$KEEL_DIR/publish.log" 2>&1 \
  || { tail -20 "$KEEL_DIR/publish.log" >&2; exit 1; }
KEEL="$KEEL_DIR/bin/keel"
/usr/bin/python3 - "$DATA" "$KEEL_DIR" <<'PY'
import json, sys, pandas as pd
data, work = sys.argv[1], sys.argv[2]
n = json.load(open(f"{data}/split.json"))["datasets"]["breast_cancer"]["n_train"]
df = pd.read_csv(f"{data}/breast_cancer.csv")
df.iloc[:n].to_csv(f"{work}/train.csv", index=False)
row = {c: float(v) for c, v in df.drop(columns=["label"]).iloc[n].items()}
json.dump({"dataframe_records": [row]}, open(f"{work}/body.json", "w"))
PY
(cd "$KEEL_DIR" && "$KEEL" init > /dev/null && "$KEEL" train --data train.csv --label label --algorithm gbdt --task binary \
   --param rounds=100 --param learning_rate=0.1 --param max_leaves=31 --out model.keel > train.log)
(cd "$KEEL_DIR" && exec "$KEEL" serve --model model.keel --name bc --port $PORT ${KEEL_SERVE_ARGS:-}) > "$KEEL_DIR/server.log" 2>&1 &
PID=$!
trap 'kill -TERM $PID 2>/dev/null || true; wait $PID 2>/dev/null || true' EXIT
URL="http://127.0.0.1:$PORT/invocations"
for i in $(seq 1 300); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' --data-binary @"$KEEL_DIR/body.json" "$URL" || true)
  [ "$code" = 200 ] && break; sleep 0.2
done
echo "  response: $(curl -s -X POST -H 'Content-Type: application/json' --data-binary @"$KEEL_DIR/body.json" "$URL")" >&2
KEEL_BODY="$KEEL_DIR/body.json" wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" -s "$SHARED/serve/post.lua" "$URL" > "$OUT/serve_keel_warmup.txt" 2>&1
for k in $(seq 1 "$REPEATS"); do
  KEEL_BODY="$KEEL_DIR/body.json" wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$SHARED/serve/post.lua" "$URL" > "$OUT/serve_keel_run$k.txt" 2>&1
  echo "  run $k: $(grep 'Requests/sec' "$OUT/serve_keel_run$k.txt" | tr -s ' ')  $(grep -E 'Non-2xx|Socket errors' "$OUT/serve_keel_run$k.txt" || true)" >&2
done
kill -TERM $PID; wait $PID 2>/dev/null || true; trap - EXIT
# Counted after the server stopped: acknowledged records reach the table from the journal behind the requests.
LOGGED=$(sqlite3 "$KEEL_DIR/.keel/keel.db" "SELECT COUNT(*) FROM inference_log" 2>/dev/null || echo "?")
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

/usr/bin/python3 - "$OUT" "$REPEATS" "$LOGGED" <<'PY'
import json, statistics, sys, os
out, repeats, logged = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def runs(name):
    rows = []
    for k in range(1, repeats + 1):
        path = f"{out}/serve_{name}_run{k}.txt"
        if not os.path.exists(path):
            return None
        line = next(l for l in open(path) if l.startswith("KEEL_JSON "))
        r = json.loads(line[len("KEEL_JSON "):])
        bad = r["errors_status"] + r["errors_connect"] + r["errors_read"] + r["errors_write"] + r["errors_timeout"]
        rows.append({"rps": r["requests"] / (r["duration_us"] / 1e6), "p50_ms": r["lat_p50_us"] / 1000, "p99_ms": r["lat_p99_us"] / 1000, "errors": bad})
    return {"rps": statistics.median(x["rps"] for x in rows), "p50_ms": statistics.median(x["p50_ms"] for x in rows),
            "p99_ms": statistics.median(x["p99_ms"] for x in rows), "errors": sum(x["errors"] for x in rows), "runs": rows}
result = {n: runs(n) for n in ["keel", "flask", "fastapi", "aspnet"]}
result["keel_inference_log_rows"] = logged
k = result["keel"]
if result["flask"]:
    result["keel_over_flask"] = k["rps"] / result["flask"]["rps"]
if result["aspnet"]:
    result["keel_over_aspnet"] = k["rps"] / result["aspnet"]["rps"]
json.dump(result, open(f"{out}/serve_keel.json", "w"), indent=2)
print(f"{'server':<8} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
for n in ["keel", "flask", "fastapi", "aspnet"]:
    r = result[n]
    if r:
        print(f"{n:<8} {r['rps']:>10.0f} {r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f} {r['errors']:>7}")
for key in ["keel_over_flask", "keel_over_aspnet"]:
    if key in result:
        print(f"{key}: {result[key]:.2f}")
print(f"keel inference log rows: {logged}")
PY
