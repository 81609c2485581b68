#!/usr/bin/env bash
# Holds N concurrent streaming requests open through Switchboard against the fake upstream (fake-upstream.mjs), which
# sends one chunk every CHUNK_INTERVAL_MS, then reports how many were held, the errors, and the server's RSS and open
# file descriptors. Loopback only; bounded in count and time; every process started here is stopped on exit.
#
# Usage: bench/load/idle-streams.sh [N=10000] [HOLD_SECONDS=30]
# Environment: CHUNK_INTERVAL_MS=2000 (CHUNK_DELAY_MS is the old name), UPSTREAM_HTTP2=1 (the fake upstream speaks
#   cleartext HTTP/2 and Switchboard is told to use it, so that all upstream streams share a few connections),
#   BUILD=0 (do not build the server first), FEATURES=off|auth-ledger (default off: keys, rate limits, budgets and
#   the cache are off; auth-ledger: every stream authenticates with an API key, rate limits and budgets stay off).
# Needs node and the .NET SDK. Over HTTP/1.1 each stream holds two sockets in the server, the client's and the
# upstream's, so a 20,000 open-files limit caps it below 10,000 streams; over HTTP/2 upstream it holds about one.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=bench/load/lib.sh
source bench/load/lib.sh

n=${1:-10000}
hold=${2:-30}
interval=${CHUNK_INTERVAL_MS:-${CHUNK_DELAY_MS:-2000}}
http2=${UPSTREAM_HTTP2:-0}
for v in "$n" "$hold" "$interval"; do
  [[ $v =~ ^[0-9]+$ ]] || { echo "N, HOLD_SECONDS and CHUNK_INTERVAL_MS must be whole numbers" >&2; exit 2; }
done
if [ "$n" -lt 1 ] || [ "$n" -gt 50000 ] || [ "$hold" -gt 600 ] || [ "$interval" -lt 1 ]; then
  echo "N must be 1..50000, HOLD_SECONDS at most 600, CHUNK_INTERVAL_MS at least 1" >&2
  exit 2
fi
# Enough chunks that no stream ends while it is held (opening takes about N / 5000 s, plus a minute of margin).
chunks=$(((hold + n / 5000 + 60) * 1000 / interval + 2))
[ "$chunks" -ge 40 ] || chunks=40

ulimit -n 65535 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if [ "${BUILD:-1}" = 1 ]; then dotnet build src/Switchboard.Server -c Release -v quiet -nologo >/dev/null; fi
lb_require_server_build
lb_temp_dir
work=$LB_TEMP

upstream_args=(--chunk-interval-ms "$interval" --chunks "$chunks")
# Rate limits stay off in both presets: the default of 600 requests a minute per key would refuse most streams.
preset=${FEATURES:-off}
case $preset in off | auth-ledger) ;; *) echo "FEATURES must be off or auth-ledger" >&2; exit 2 ;; esac
key="sb-idle-streams-key-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
features=$(lb_features_args "$preset" "$key")
token=""
[ "$preset" = off ] || token=$key
server_args=(--Switchboard:Providers:mockup:TimeoutSeconds=600)
mapfile -t -O 1 server_args <<<"$features"
if [ "$http2" = 1 ]; then
  upstream_args+=(--http2)
  server_args+=(--Switchboard:Providers:mockup:HttpVersion=2.0 --Switchboard:Providers:mockup:HttpVersionPolicy=RequestVersionExact)
fi
lb_start_upstream "$work/upstream.log" "${upstream_args[@]}"
lb_start_gateway "$work/server.log" "$work/data" "$LB_UPSTREAM_PORT" "${server_args[@]}"
server=$LB_GATEWAY_PID
echo "upstream: $(head -1 "$work/upstream.log")"
rss_before=$(lb_rss_mb "$server")

# Samples, every second while the driver runs, the server's open files and its connections to the upstream.
(
  max_fds=0 max_conns=0
  while kill -0 "$server" 2>/dev/null; do
    fds=$(find "/proc/$server/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
    conns=$(ss -Htn state established "( dport = :$LB_UPSTREAM_PORT )" 2>/dev/null | wc -l)
    [ "$fds" -le "$max_fds" ] || max_fds=$fds
    [ "$conns" -le "$max_conns" ] || max_conns=$conns
    echo "$max_fds $max_conns" >"$work/sampled"
    sleep 1
  done
) &
sampler=$!
LB_PIDS+=("$sampler")

AUTH_TOKEN=$token lb_run "$work/driver.txt" $((hold + 120)) node bench/load/idle-streams.mjs \
  "http://127.0.0.1:$LB_GATEWAY_PORT/v1/chat/completions" "$n" "$hold" mockup:mock-gpt || true
cat "$work/driver.txt"
peak=$(lb_peak_rss_mb "$server")
lb_stop "$sampler"
read -r max_fds max_conns <"$work/sampled" || true
echo "features: $preset; upstream protocol: $([ "$http2" = 1 ] && echo h2c || echo http/1.1), chunk every ${interval} ms, $chunks chunks per stream"
echo "server RSS before: $rss_before MB, peak: $peak MB"
echo "server open files, most seen: ${max_fds:-?}; server connections to the upstream, most seen: ${max_conns:-?}"
stats_args=(-sf -m 3)
[ "$http2" != 1 ] || stats_args+=(--http2-prior-knowledge)
echo "upstream counters: $(curl "${stats_args[@]}" "http://127.0.0.1:$LB_UPSTREAM_PORT/stats" || echo 'none')"
echo "server error log lines: $(grep -cE '"LogLevel":"(Error|Critical)"|^(fail|crit):' "$work/server.log" || true)"
held=$(sed -n 's/^IDLEJSON //p' "$work/driver.txt" | jq '.holdingNow // 0' 2>/dev/null || echo 0)
if [ "$held" -lt "$n" ]; then
  echo "WARNING: $held of $n streams were still open at the end of the hold (server log: see above for errors)" >&2
  if [ "$http2" = 1 ]; then
    echo "With UPSTREAM_HTTP2=1 the server needs the provider settings HttpVersion and HttpVersionPolicy; a server" \
      "without them talks HTTP/1.1 to the h2c-only upstream and every stream fails." >&2
  fi
  grep -E '"LogLevel":"(Warning|Error|Critical)"' "$work/server.log" | grep -v 'Authentication is off' | head -5 | cut -c 1-400 >&2 || true
  exit 1
fi
