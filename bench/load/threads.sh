#!/usr/bin/env bash
# Where a gateway's CPU goes, thread by thread: starts the fake upstream (fake-upstream.mjs) and one gateway on loopback,
# warms up with wrk, then reads every thread's CPU time from /proc/PID/task/*/stat before and after an idle pause and
# a measured wrk run, and prints the CPU and the context switches of each thread name (thread-pool workers, the tiered
# JIT, the socket engine...) while idle and while loaded. A context switch is counted when a thread blocks and is woken
# again (voluntary) and when it is preempted or yields the CPU (involuntary; a thread-pool worker spinning for work
# yields). For Switchboard it also reads /metrics before and after the run: thread-pool work items
# per request, the garbage collector's allocations, collections and pauses, and the means of Kestrel's request
# duration, the model-call duration and HttpClient's duration.
# Loopback only; bounded in time; every process started here is stopped on exit.
#
# Usage: bench/load/threads.sh [switchboard|reference]      (default switchboard)
# Environment, with defaults: CONN=16 LATENCY_MS=50 (about 300 RPS) WARM=10 IDLE=10 DUR=10 THREADS=2
#   FEATURES=auth-ledger (off | auth-ledger | governance, as in run.sh) SWITCHBOARD_DLL=<Release build>
#   BENCH_KEY=<bootstrap key> MODES=json (json or stream)
# Needs node, wrk, jq, curl and ss, and a Release build (dotnet build src/Switchboard.Server -c Release; for the
# reference, dotnet build bench/load/ReferenceProxy -c Release).
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=bench/load/lib.sh
source bench/load/lib.sh

target=${1:-switchboard}
CONN=${CONN:-16}
LATENCY_MS=${LATENCY_MS:-50}
WARM=${WARM:-10}
IDLE=${IDLE:-10}
DUR=${DUR:-10}
THREADS=${THREADS:-2}
FEATURES=${FEATURES:-auth-ledger}
MODE=${MODES:-json}
KEY=${BENCH_KEY:-sb-load-bench-key-0123456789abcdef0123456789}
case $target in switchboard | reference) ;; *) echo "unknown target '$target' (switchboard, reference)" >&2; exit 2 ;; esac
case $MODE in json | stream) ;; *) echo "MODES must be json or stream for this script, not '$MODE'" >&2; exit 2 ;; esac
lb_require_whole CONN LATENCY_MS WARM IDLE DUR THREADS
if [ "$DUR" -lt 1 ] || [ "$DUR" -gt 600 ] || [ "$WARM" -gt 600 ] || [ "$IDLE" -gt 600 ]; then
  echo "DUR must be 1..600 s, WARM and IDLE at most 600 s" >&2
  exit 2
fi
lb_require_range CONN 1 5000
lb_require_key "$KEY"
for tool in node wrk jq curl ss python3; do
  command -v "$tool" >/dev/null || { echo "$tool is missing" >&2; exit 1; }
done

lb_temp_dir
work=$LB_TEMP
lb_start_upstream "$work/upstream.log" --latency-ms "$LATENCY_MS" --chunks 20 --chunk-interval-ms 0
headers=""
if [ "$target" = switchboard ]; then
  lb_require_server_build
  features=$(lb_features_args "$FEATURES" "$KEY")
  feature_args=()
  mapfile -t feature_args <<<"$features"
  lb_start_gateway "$work/gateway.log" "$work/data" "$LB_UPSTREAM_PORT" "${feature_args[@]}"
  pid=$LB_GATEWAY_PID
  port=$LB_GATEWAY_PORT
  [ "$FEATURES" = off ] || headers="Authorization: Bearer $KEY"
else
  lb_require_reference_build
  lb_start_reference "$work/reference.log" "$LB_UPSTREAM_PORT"
  pid=$LB_REFERENCE_PID
  port=$LB_REFERENCE_PORT
fi
url=http://127.0.0.1:$port/v1/chat/completions

# thread_cpu FILE: one line per thread, "tid<TAB>name<TAB>user+system ticks<TAB>context switches" (voluntary, that
# is, the thread blocked and was woken, plus involuntary, that is, it was preempted).
thread_cpu() {
  local t
  for t in /proc/"$pid"/task/*; do
    printf '%s\t%s\t%s\t%s\n' "${t##*/}" "$(cat "$t/comm" 2>/dev/null || echo '?')" \
      "$(sed 's/^.*) //' "$t/stat" 2>/dev/null | awk '{print $12 + $13}')" \
      "$(awk '/ctxt_switches/ {n += $2} END {print n + 0}' "$t/status" 2>/dev/null)"
  done >"$1"
}

metrics() {
  if [ "$target" = switchboard ]; then
    local args=(-sf -m 10)
    [ -z "$headers" ] || args+=(-H "$headers")
    curl "${args[@]}" "http://127.0.0.1:$port/metrics" >"$1" || : >"$1"
  else
    : >"$1"
  fi
}

stream=0
[ "$MODE" = json ] || stream=1
drive() { # drive SECONDS OUTFILE
  lb_run "$2" $(($1 + 30)) env WRK_STREAM=$stream WRK_HEADERS="$headers" WRK_LABEL="$target" \
    wrk -t "$THREADS" -c "$CONN" -d "${1}s" --timeout 10s -s "$LB_DIR/chat-completions.lua" "$url" || {
    cat "$2" >&2
    exit 1
  }
}

described="upstream latency $LATENCY_MS ms, $MODE"
[ "$target" = reference ] || described+=", FEATURES=$FEATURES"
echo "$target: warming up for $WARM s at $CONN connections ($described)" >&2
[ "$WARM" -eq 0 ] || drive "$WARM" "$work/warm.txt"
sleep 2
thread_cpu "$work/cpu0"
sleep "$IDLE"
thread_cpu "$work/cpu1"
metrics "$work/metrics1"
echo "$target: measuring for $DUR s" >&2
drive "$DUR" "$work/run.txt"
thread_cpu "$work/cpu2"
metrics "$work/metrics2"

python3 - "$work" "$LB_CLK_TCK" "$target" "$IDLE" "$DUR" <<'PY'
import json, re, sys
work, tck, target, idle_s, dur_s = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])

def threads(name):
    rows = {}
    for line in open(f"{work}/{name}"):
        tid, comm, ticks, switches = line.rstrip("\n").split("\t")
        if ticks:
            rows[tid] = (comm, int(ticks), int(switches or 0))
    return rows

cpu0, cpu1, cpu2 = threads("cpu0"), threads("cpu1"), threads("cpu2")
idle, run, switched = {}, {}, {}
for tid, (comm, ticks, switches) in cpu2.items():
    t0, s0 = cpu0.get(tid, (comm, 0, 0))[1:]
    t1, s1 = cpu1.get(tid, (comm, t0, s0))[1:]
    idle[comm] = idle.get(comm, 0) + t1 - t0
    run[comm] = run.get(comm, 0) + ticks - t1
    switched[comm] = switched.get(comm, 0) + switches - s1

summary = next((json.loads(l[8:]) for l in open(f"{work}/run.txt") if l.startswith("WRKJSON ")), None)
if summary is None:
    sys.exit("wrk printed no summary; its output:\n" + open(f"{work}/run.txt").read())
requests = summary["requests"]
ms = lambda ticks: ticks * 1000 / tck
errors = sum(summary[k] for k in ("err_connect", "err_read", "err_write", "err_timeout")) + max(summary["non2xx"], 0)
print(f"{target}: {requests} requests in {dur_s} s ({summary['rps']:.0f} RPS), mean {summary['mean_ms']:.2f} ms, "
      f"p50 {summary['p50_ms']:.2f} ms, p99 {summary['p99_ms']:.2f} ms, errors {errors}")
print()
print(f"| thread name | CPU ms in {idle_s} s idle | CPU ms in the {dur_s} s run | CPU ms per request "
      "| context switches per request |")
print("|---|---|---|---|---|")
per = lambda n: n / max(requests, 1)
for comm in sorted(run, key=lambda c: (-run[c], -switched[c], c)):
    if run[comm] or idle[comm] or switched[comm]:
        print(f"| {comm} | {ms(idle[comm]):.0f} | {ms(run[comm]):.0f} | {per(ms(run[comm])):.3f} "
              f"| {per(switched[comm]):.2f} |")
total = sum(run.values())
print(f"| all | {ms(sum(idle.values())):.0f} | {ms(total):.0f} | {per(ms(total)):.3f} "
      f"| {per(sum(switched.values())):.2f} |")

def series(name):
    values = {}
    for line in open(f"{work}/{name}"):
        if line.startswith("#") or " " not in line:
            continue
        key, value = line.rstrip("\n").rsplit(" ", 1)
        try:
            values[key] = float(value)
        except ValueError:
            pass
    return values

m1, m2 = series("metrics1"), series("metrics2")
if m2:
    delta = lambda k: m2.get(k, 0) - m1.get(k, 0)
    items = delta("dotnet_thread_pool_work_item_count_total")
    print()
    print(f"Thread-pool work items per request: {items / max(requests, 1):.2f}")
    gcs = {g: delta(f'dotnet_gc_collections_total{{gc_heap_generation="{g}"}}') for g in ("gen0", "gen1", "gen2")}
    print(f"Garbage collector in the run: {delta('dotnet_gc_heap_total_allocated_bytes_total') / max(requests, 1) / 1024:.1f} KiB "
          f"allocated per request; collections gen0 {gcs['gen0']:.0f}, gen1 {gcs['gen1']:.0f}, gen2 {gcs['gen2']:.0f}; "
          f"paused {delta('dotnet_gc_pause_time_seconds_total') * 1000:.1f} ms "
          f"({delta('dotnet_gc_pause_time_seconds_total') * 1000 / max(requests, 1):.4f} ms per request)")
    print()
    print("| histogram (successful calls) | calls | mean ms |")
    print("|---|---|---|")
    for name, prefix, keep in [
        ("http.server.request.duration (Kestrel's request)", "http_server_request_duration_seconds",
         lambda k: 'http_route="/v1/chat/completions"' in k and 'status_code="200"' in k),
        ("gen_ai.client.operation.duration (the model-call pipeline)", "gen_ai_client_operation_duration_seconds",
         lambda k: "error_type" not in k),
        ("http.client.request.duration (HttpClient to the upstream)", "http_client_request_duration_seconds",
         lambda k: 'status_code="200"' in k),
    ]:
        total_s = total_n = 0.0
        for key in m2:
            if key.startswith(prefix + "_sum{") and keep(key):
                count_key = key.replace("_sum{", "_count{", 1)
                total_s += delta(key)
                total_n += delta(count_key)
        if total_n:
            print(f"| {name} | {total_n:.0f} | {total_s / total_n * 1000:.2f} |")
PY
