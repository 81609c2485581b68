#!/usr/bin/env bash
# Switchboard load harness: the fake upstream (fake-upstream.mjs) and the Switchboard server on loopback, measured
# directly and through the gateway, and printed as markdown tables. See bench/load/README.md.
#
# Usage: bench/load/run.sh [throughput] [ttfb] [latency]      (no scenario: throughput ttfb)
#   throughput  wrk at CONN connections for DUR s per target and mode: RPS, p50/p90/p99, errors, gateway CPU ms per
#               request, gateway peak RSS
#   ttfb        ttfb.mjs, TTFB_REQUESTS streams at TTFB_CONC: time to headers, to the first content chunk, to the end,
#               and the first chunk's forwarding delay (receive time minus the upstream's send time)
#   latency     wrk at LAT_CONN connections (16) with a LAT_LATENCY_MS (50 ms) upstream, about 300 RPS: the p50 and
#               p99 Switchboard adds
# Settings by environment, with defaults: DUR=10 CONN=64 THREADS=2 WARM=5 LATENCY_MS=0 CHUNKS=20 CHUNK_INTERVAL_MS=0
#   UPSTREAM_FLUSH_HEADERS=0 (1: the upstream sends its headers at once and waits LATENCY_MS before the first chunk)
#   MODES="json stream" FEATURES=off (off | auth-ledger | governance) TARGETS="direct switchboard" WRK_TIMEOUT=10s
#   (TARGETS may add "reference": the minimal ASP.NET Core forwarder in bench/load/ReferenceProxy, the floor any .NET
#   gateway starts from; build it first: dotnet build bench/load/ReferenceProxy -c Release)
#   TTFB_REQUESTS=500 TTFB_CONC=1 TTFB_WARMUP=50 LAT_LATENCY_MS=50 LAT_CONN=16 BENCH_KEY=<bootstrap key> OUT=<dir>
# Needs node, wrk, jq, curl, ss, and a Release build: dotnet build src/Switchboard.Server -c Release
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=bench/load/lib.sh
source bench/load/lib.sh

DUR=${DUR:-10}
CONN=${CONN:-64}
THREADS=${THREADS:-2}
WARM=${WARM:-5}
LATENCY_MS=${LATENCY_MS:-0}
CHUNKS=${CHUNKS:-20}
CHUNK_INTERVAL_MS=${CHUNK_INTERVAL_MS:-0}
UPSTREAM_FLUSH_HEADERS=${UPSTREAM_FLUSH_HEADERS:-0}
MODES=${MODES:-json stream}
FEATURES=${FEATURES:-off}
TARGETS=${TARGETS:-direct switchboard}
WRK_TIMEOUT=${WRK_TIMEOUT:-10s}
TTFB_REQUESTS=${TTFB_REQUESTS:-500}
TTFB_CONC=${TTFB_CONC:-1}
TTFB_WARMUP=${TTFB_WARMUP:-50}
LAT_LATENCY_MS=${LAT_LATENCY_MS:-50}
LAT_CONN=${LAT_CONN:-16}
KEY=${BENCH_KEY:-sb-load-bench-key-0123456789abcdef0123456789}
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(throughput ttfb)

lb_require_whole DUR CONN THREADS WARM LATENCY_MS CHUNKS CHUNK_INTERVAL_MS TTFB_REQUESTS TTFB_CONC TTFB_WARMUP LAT_LATENCY_MS LAT_CONN
if [ "$DUR" -lt 1 ] || [ "$DUR" -gt 600 ]; then echo "DUR must be 1..600 s" >&2; exit 2; fi
lb_require_range CONN 1 5000
lb_require_range LAT_CONN 1 5000
[ "$THREADS" -ge 1 ] || { echo "THREADS must be at least 1" >&2; exit 2; }
[ "$CHUNKS" -ge 3 ] || { echo "CHUNKS must be at least 3" >&2; exit 2; }
lb_require_key "$KEY"
for s in "${scenarios[@]}"; do
  case $s in throughput | ttfb | latency) ;; *) echo "unknown scenario '$s' (throughput, ttfb, latency)" >&2; exit 2 ;; esac
done
for t in $TARGETS; do
  case $t in direct | switchboard | reference) ;; *) echo "unknown target '$t' (direct, switchboard, reference)" >&2; exit 2 ;; esac
done
for m in $MODES; do
  case $m in json | stream) ;; *) echo "unknown mode '$m' (json, stream)" >&2; exit 2 ;; esac
done
for tool in node wrk jq curl ss; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (wrk, jq: apt-get install -y wrk jq)" >&2; exit 1; }
done
lb_features_args "$FEATURES" "$KEY" >/dev/null
lb_require_server_build
[[ " $TARGETS " != *" reference "* ]] || lb_require_reference_build
ulimit -n "$(ulimit -Hn)"
OUT=${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/switchboard-load-results.XXXXXX")}
mkdir -p "$OUT"

declare -A URL HDR
PID_SWITCHBOARD=0
PID_REFERENCE=0

# start_pair LABEL LATENCY_MS CHUNK_INTERVAL_MS: a fresh fake upstream, a fresh Switchboard (new data directory) and,
# when TARGETS names it, a fresh reference proxy.
start_pair() {
  local label=$1 data features
  echo "$label: starting the fake upstream and Switchboard (FEATURES=$FEATURES)" >&2
  local upstream_args=(--latency-ms "$2" --chunks "$CHUNKS" --chunk-interval-ms "$3")
  [ "$UPSTREAM_FLUSH_HEADERS" != 1 ] || upstream_args+=(--flush-headers)
  lb_start_upstream "$OUT/$label-upstream.log" "${upstream_args[@]}"
  URL[direct]=http://127.0.0.1:$LB_UPSTREAM_PORT/v1/chat/completions
  HDR[direct]=""
  if [[ " $TARGETS " == *" switchboard "* ]]; then
    lb_temp_dir
    data=$LB_TEMP/data
    features=$(lb_features_args "$FEATURES" "$KEY")
    local feature_args=()
    mapfile -t feature_args <<<"$features"
    lb_start_gateway "$OUT/$label-gateway.log" "$data" "$LB_UPSTREAM_PORT" "${feature_args[@]}"
    PID_SWITCHBOARD=$LB_GATEWAY_PID
    URL[switchboard]=http://127.0.0.1:$LB_GATEWAY_PORT/v1/chat/completions
    HDR[switchboard]=""
    [ "$FEATURES" = off ] || HDR[switchboard]="Authorization: Bearer $KEY"
  fi
  if [[ " $TARGETS " == *" reference "* ]]; then
    lb_start_reference "$OUT/$label-reference.log" "$LB_UPSTREAM_PORT"
    PID_REFERENCE=$LB_REFERENCE_PID
    URL[reference]=http://127.0.0.1:$LB_REFERENCE_PORT/v1/chat/completions
    HDR[reference]=""
  fi
  smoke "$label"
}

stop_pair() {
  [ "$PID_SWITCHBOARD" = 0 ] || lb_stop "$PID_SWITCHBOARD"
  PID_SWITCHBOARD=0
  [ "$PID_REFERENCE" = 0 ] || lb_stop "$PID_REFERENCE"
  PID_REFERENCE=0
  lb_stop "$LB_UPSTREAM_PID"
}

upstream_chat_count() { curl -sf -m 3 "http://127.0.0.1:$LB_UPSTREAM_PORT/stats" | jq .chat; }

# One request per target and mode must answer 200 and reach the upstream; a stream must end with [DONE].
smoke() {
  local label=$1 t m stream before after code file args
  for t in $TARGETS; do
    for m in $MODES; do
      stream=false
      [ "$m" = stream ] && stream=true
      file="$OUT/$label-smoke-$t-$m.txt"
      args=(-sS -m 30 -o "$file" -w '%{http_code}' -H 'Content-Type: application/json')
      [ -z "${HDR[$t]}" ] || args+=(-H "${HDR[$t]}")
      before=$(upstream_chat_count)
      code=$(curl "${args[@]}" -d "{\"model\":\"mockup:mock-gpt\",\"stream\":$stream,\"temperature\":0.7,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}" "${URL[$t]}" || true)
      after=$(upstream_chat_count)
      if [ "$code" != 200 ] || [ "$after" -le "$before" ] || { [ "$m" = stream ] && ! grep -q '^data: \[DONE\]' "$file"; }; then
        echo "smoke test failed: $t $m: HTTP $code, reached the upstream $((after - before)) times; the response:" >&2
        head -c 2000 "$file" >&2
        exit 1
      fi
    done
  done
}

# run_wrk TARGET MODE CONNECTIONS SECONDS TSV: one measured wrk run, appended to TSV as one row.
run_wrk() {
  local t=$1 m=$2 c=$3 d=$4 tsv=$5 label="$1-$2-c$3" stream=0 threads=$THREADS gp=0 peak_mode="-"
  local file="$OUT/$tsv-$label.txt" g0=0 g1=0 u0 u1 json rss="-"
  [ "$m" = stream ] && stream=1
  [ "$threads" -le "$c" ] || threads=$c
  [ "$t" = switchboard ] && gp=$PID_SWITCHBOARD
  [ "$t" = reference ] && gp=$PID_REFERENCE
  [ "$gp" = 0 ] || { peak_mode=$(lb_reset_peak_rss "$gp"); g0=$(lb_cpu_ticks "$gp"); }
  u0=$(lb_cpu_ticks "$LB_UPSTREAM_PID")
  echo "  $tsv: $label, ${d} s" >&2
  lb_run "$file" $((d + 30)) env WRK_STREAM=$stream WRK_HEADERS="${HDR[$t]}" WRK_LABEL="$label" \
    wrk -t"$threads" -c"$c" -d"${d}s" --timeout "$WRK_TIMEOUT" --latency -s "$LB_DIR/chat-completions.lua" "${URL[$t]}" \
    || true
  u1=$(lb_cpu_ticks "$LB_UPSTREAM_PID")
  # The gateway's CPU is read once it is idle again, so that work it finishes after the last response (such as
  # ledger writes) is counted too.
  [ "$gp" = 0 ] || { lb_settle "$gp"; g1=$(lb_cpu_ticks "$gp"); rss=$(lb_peak_rss_mb "$gp"); }
  json=$(sed -n 's/^WRKJSON //p' "$file")
  if [ -z "$json" ]; then
    echo "wrk failed for $label; its output:" >&2
    cat "$file" >&2
    exit 1
  fi
  jq -r --arg t "$t" --arg m "$m" --arg c "$c" --argjson gp "$gp" --argjson g "$((g1 - g0))" --argjson u "$((u1 - u0))" \
    --argjson tck "$LB_CLK_TCK" --arg rss "$rss" --arg pm "$peak_mode" '
    [$t, $m, $c, .requests, .rps, .p50_ms, .p90_ms, .p99_ms, .max_ms,
     (.err_connect + .err_read + .err_write + .err_timeout), (if .non2xx < 0 then .status_ge400 else .non2xx end),
     (if $gp == 0 or .requests == 0 then "-" else ($g * 1000 / $tck / .requests) end),
     (if $gp == 0 then "-" else ($g * 100 / $tck / .duration_s) end),
     $rss, $pm, ($u * 100 / $tck / .duration_s)] | @tsv' <<<"$json" >>"$OUT/$tsv.tsv"
}

warm() { # TARGET MODE: a short unmeasured run, then wait until the gateway is idle
  local stream=0
  [ "$2" = stream ] && stream=1
  lb_run "$OUT/warm-$1-$2.txt" $((WARM + 30)) env WRK_STREAM=$stream WRK_HEADERS="${HDR[$1]}" \
    wrk -t1 -c16 -d"${WARM}s" --timeout "$WRK_TIMEOUT" -s "$LB_DIR/chat-completions.lua" "${URL[$1]}" || true
  [ "$1" != switchboard ] || lb_settle "$PID_SWITCHBOARD"
  [ "$1" != reference ] || lb_settle "$PID_REFERENCE"
}

print_wrk_table() { # TSV name
  echo "| target | mode | conn | RPS | p50 ms | p90 ms | p99 ms | errors | gateway CPU ms/req | gateway peak RSS MB | upstream CPU % |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  awk -F'\t' '{
    cpu = ($12 == "-") ? "-" : sprintf("%.3f", $12)
    printf "| %s | %s | %s | %.0f | %.2f | %.2f | %.2f | %d | %s | %s | %.0f |\n", $1, $2, $3, $5, $6, $7, $8, $10 + $11, cpu, $14, $16
  }' "$OUT/$1.tsv"
}

print_added_latency() { # TSV name: p50/p99 of switchboard (and the reference proxy) minus direct, same mode and connections
  awk -F'\t' '{ k = $2 " c" $3; p50[$1, k] = $6; p99[$1, k] = $8; if ($1 == "direct") keys[k] = 1 }
    END { for (k in keys) for (t = 1; t <= 2; t++) { g = (t == 1) ? "switchboard" : "reference"
      if ((g, k) in p50) printf "- added by %s, %s: p50 %+.2f ms (%.2f vs %.2f), p99 %+.2f ms (%.2f vs %.2f)\n",
        (g == "switchboard") ? "Switchboard" : "the reference proxy", k, p50[g, k] - p50["direct", k], p50[g, k],
        p50["direct", k], p99[g, k] - p99["direct", k], p99[g, k], p99["direct", k] } }' "$OUT/$1.tsv" | sort
}

scenario_throughput() {
  : >"$OUT/throughput.tsv"
  start_pair throughput "$LATENCY_MS" "$CHUNK_INTERVAL_MS"
  local t m
  for t in $TARGETS; do
    for m in $MODES; do
      warm "$t" "$m"
      run_wrk "$t" "$m" "$CONN" "$DUR" throughput
    done
  done
  stop_pair
  echo "## throughput: $CONN connections, ${DUR} s per run, upstream latency ${LATENCY_MS} ms, $CHUNKS chunks ${CHUNK_INTERVAL_MS} ms apart, FEATURES=$FEATURES"
  echo
  print_wrk_table throughput
  echo
  local peak
  peak=$(awk -F'\t' '$1 != "direct" {print $15; exit}' "$OUT/throughput.tsv")
  [ "$peak" != cumulative ] || echo "(peak RSS could not be reset between runs here: each row is the peak since the gateway started)"
  echo
}

scenario_latency() {
  : >"$OUT/latency.tsv"
  start_pair latency "$LAT_LATENCY_MS" "$CHUNK_INTERVAL_MS"
  local t m
  for m in $MODES; do
    for t in $TARGETS; do
      warm "$t" "$m"
      run_wrk "$t" "$m" "$LAT_CONN" "$DUR" latency
    done
  done
  stop_pair
  echo "## latency: $LAT_CONN connections, ${DUR} s per run, upstream latency ${LAT_LATENCY_MS} ms, FEATURES=$FEATURES"
  echo
  print_wrk_table latency
  echo
  print_added_latency latency
  echo
}

scenario_ttfb() {
  : >"$OUT/ttfb.jsonl"
  start_pair ttfb "$LATENCY_MS" "$CHUNK_INTERVAL_MS"
  local t args
  for t in $TARGETS; do
    args=(--url "${URL[$t]}" --requests "$TTFB_REQUESTS" --concurrency "$TTFB_CONC" --warmup "$TTFB_WARMUP"
      --clock-url "http://127.0.0.1:$LB_UPSTREAM_PORT/clock" --label "$t" --max-seconds 300)
    [ -z "${HDR[$t]}" ] || args+=(--header "${HDR[$t]}")
    echo "  ttfb: $t, $TTFB_REQUESTS streams" >&2
    lb_run "$OUT/ttfb-$t.txt" 330 node "$LB_DIR/ttfb.mjs" "${args[@]}" || { cat "$OUT/ttfb-$t.txt" >&2; exit 1; }
    sed -n 's/^TTFBJSON //p' "$OUT/ttfb-$t.txt" >>"$OUT/ttfb.jsonl"
  done
  stop_pair
  echo "## ttfb: $TTFB_REQUESTS streams at concurrency $TTFB_CONC, upstream latency ${LATENCY_MS} ms, $CHUNKS chunks ${CHUNK_INTERVAL_MS} ms apart, FEATURES=$FEATURES"
  echo
  echo "| target | streams | errors | headers p50 / p99 ms | first content chunk p50 / p99 ms | whole stream p50 / p99 ms | first-chunk forwarding delay p50 / p99 ms | clock offset estimate ms |"
  echo "|---|---|---|---|---|---|---|---|"
  jq -r 'def pp(x): if x == null then "-" else "\(x.p50) / \(x.p99)" end;
    "| \(.label) | \(.requests) | \(.errors) | \(pp(.headers_ms)) | \(pp(.first_chunk_ms)) | \(pp(.total_ms)) | \(pp(.forward_ms)) | \(.clock_offset_ms) ± \(.clock_rtt_ms / 2 * 1000 | round / 1000) |"' \
    "$OUT/ttfb.jsonl"
  echo
  jq -rs 'map({(.label): .}) | add | select(.direct and .switchboard) | . as $r |
    def d(f; q): if $r.switchboard[f] == null or $r.direct[f] == null then "-"
      else ($r.switchboard[f][q] - $r.direct[f][q]) * 1000 | round / 1000 end;
    "- added by Switchboard: first content chunk p50 \(d("first_chunk_ms"; "p50")) ms, p99 \(d("first_chunk_ms"; "p99")) ms; " +
    "forwarding delay p50 \(d("forward_ms"; "p50")) ms, p99 \(d("forward_ms"; "p99")) ms (differences of percentiles)"' \
    "$OUT/ttfb.jsonl"
  echo
}

{
  echo "# Switchboard load harness"
  echo
  echo "$(date -u +%FT%TZ), $(nproc) cores, commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src 2>/dev/null || echo '+changes'), node $(node -v), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2), .NET $(dotnet --list-runtimes | awk '/NETCore.App/ {v=$2} END {print v}')"
  echo
} >"$OUT/summary.md"
cat "$OUT/summary.md"
# Each scenario runs in this shell, not in a pipeline's subshell, so that the EXIT trap knows every process it started.
for s in "${scenarios[@]}"; do
  "scenario_$s" >"$OUT/$s.md"
  cat "$OUT/$s.md"
  cat "$OUT/$s.md" >>"$OUT/summary.md"
done
echo "raw output: $OUT"
