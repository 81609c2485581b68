#!/usr/bin/env bash
# How much of a short benchmark's "gateway CPU per request" is the JIT compiler: starts the fake upstream and one
# Switchboard on loopback, warms up as the peer harness does (wrk, 1 thread, 16 connections, WARM s), then runs
# ROUNDS measured wrk runs back to back (2 threads, CONN connections, DUR s each). For each it prints the gateway's CPU
# per request (utime + stime from /proc, as run.sh computes it) and what the runtime's own counters on /metrics say
# the JIT did in that window: methods compiled, and compilation time in seconds and per request. The tiered JIT keeps
# compiling for a while after start-up, and a measured run with more connections than the warm-up calls connection
# set-up code (sockets, Kestrel, HttpClient's pool) for the first time, so the first window pays for compilation that
# a long-running server has behind it.
# Loopback only; bounded in time; every process started here is stopped on exit.
#
# Usage: bench/load/jit-window.sh
# Environment, with defaults: WARM=20 DUR=10 CONN=64 ROUNDS=3 MODES=json (json or stream) FEATURES=auth-ledger
#   (off | auth-ledger | governance, as in run.sh) SWITCHBOARD_DLL=<Release build> BENCH_KEY=<bootstrap key>
# Needs node, wrk, curl and ss, and a Release build (dotnet build src/Switchboard.Server -c Release).
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=bench/load/lib.sh
source bench/load/lib.sh

WARM=${WARM:-20}
DUR=${DUR:-10}
CONN=${CONN:-64}
ROUNDS=${ROUNDS:-3}
MODE=${MODES:-json}
FEATURES=${FEATURES:-auth-ledger}
KEY=${BENCH_KEY:-sb-load-bench-key-0123456789abcdef0123456789}
lb_require_whole WARM DUR CONN ROUNDS
lb_require_range CONN 1 5000
lb_require_range ROUNDS 1 10
if [ "$DUR" -lt 1 ] || [ "$DUR" -gt 120 ] || [ "$WARM" -gt 600 ]; then
  echo "DUR must be 1..120 s, WARM at most 600 s" >&2
  exit 2
fi
case $MODE in json | stream) ;; *) echo "MODES must be json or stream for this script, not '$MODE'" >&2; exit 2 ;; esac
for tool in node wrk curl ss; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (apt-get install -y wrk curl iproute2; node 20+)" >&2; exit 1; }
done
lb_require_key "$KEY"
lb_require_server_build
trap lb_cleanup EXIT INT TERM

lb_temp_dir
work=$LB_TEMP
lb_start_upstream "$work/upstream.log"
mapfile -t feature_args < <(lb_features_args "$FEATURES" "$KEY")
lb_start_gateway "$work/gateway.log" "$work/data" "$LB_UPSTREAM_PORT" "${feature_args[@]}"
url="http://127.0.0.1:$LB_GATEWAY_PORT/v1/chat/completions"
headers=""
[ "$FEATURES" != off ] && headers="Authorization: Bearer $KEY"
[ "$MODE" = stream ] && export WRK_STREAM=1

# jit_counters: prints "<compilation seconds> <methods compiled>" from the gateway's /metrics.
jit_counters() {
  curl -sf ${headers:+-H "$headers"} "http://127.0.0.1:$LB_GATEWAY_PORT/metrics" |
    awk '/^dotnet_jit_compilation_time_seconds_total / {t = $2} /^dotnet_jit_compiled_methods_total / {m = $2} END {print t + 0, m + 0}'
}

echo "jit-window: warming up for $WARM s (wrk -t1 -c16, $MODE, FEATURES=$FEATURES)" >&2
WRK_HEADERS="$headers" WRK_NON2XX=0 wrk -t1 -c16 -d"${WARM}s" -s "$LB_DIR/chat-completions.lua" "$url" >/dev/null
lb_settle "$LB_GATEWAY_PID"

echo "| round | RPS | gateway CPU ms/req | JIT methods compiled | JIT s | JIT ms/req | JIT share of CPU |"
echo "|---|---|---|---|---|---|---|"
for round in $(seq "$ROUNDS"); do
  read -r jit0 methods0 < <(jit_counters)
  ticks0=$(lb_cpu_ticks "$LB_GATEWAY_PID")
  WRK_HEADERS="$headers" WRK_NON2XX=0 wrk -t2 -c"$CONN" -d"${DUR}s" -s "$LB_DIR/chat-completions.lua" "$url" >"$work/round$round.txt"
  lb_settle "$LB_GATEWAY_PID"
  ticks1=$(lb_cpu_ticks "$LB_GATEWAY_PID")
  read -r jit1 methods1 < <(jit_counters)
  line=$(grep '^WRKJSON ' "$work/round$round.txt" | head -n 1)
  requests=$(echo "$line" | sed -n 's/.*"requests":\([0-9]*\).*/\1/p')
  rps=$(echo "$line" | sed -n 's/.*"rps":\([0-9.]*\).*/\1/p')
  awk -v r="$round" -v rps="$rps" -v n="$requests" -v t0="$ticks0" -v t1="$ticks1" -v hz="$LB_CLK_TCK" \
    -v j0="$jit0" -v j1="$jit1" -v m0="$methods0" -v m1="$methods1" 'BEGIN {
      cpu = (t1 - t0) * 1000 / hz / n; jit = (j1 - j0) * 1000 / n
      printf "| %d | %.0f | %.3f | %d | %.2f | %.4f | %.0f%% |\n", r, rps, cpu, m1 - m0, j1 - j0, jit, 100 * jit / cpu }'
done
