#!/usr/bin/env bash
# Holds N concurrent streaming requests open through Switchboard against an upstream that sends one chunk every
# CHUNK_DELAY_MS, then reports how many were held, the errors, and the server's peak RSS. Loopback only; bounded.
#
# Usage: bench/load/idle-streams.sh [N=10000] [HOLD_SECONDS=30]
# Needs node (the mock upstream is ../shared/bench/peer/mock-upstream.mjs) and a Release build of the server.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-10000}
hold=${2:-30}
peer="${PEER_DIR:-$(cd .. && pwd)/shared/bench/peer}"
ulimit -n 65535 2>/dev/null || ulimit -n "$(ulimit -Hn)"
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

dotnet build src/Switchboard.Server -c Release -v quiet -nologo >/dev/null
MOCK_PORT=18080 MOCK_CHUNK_DELAY_MS=${CHUNK_DELAY_MS:-2000} MOCK_CHUNKS=40 node "$peer/mock-upstream.mjs" > "$work/mock.log" 2>&1 &
pids+=($!)
dotnet src/Switchboard.Server/bin/Release/net10.0/Switchboard.Server.dll --urls http://127.0.0.1:18800 \
  --Switchboard:Storage:DataDirectory="$work/data" --Switchboard:Providers:mockup:Kind=openai \
  --Switchboard:Providers:mockup:BaseUrl=http://127.0.0.1:18080/v1 --Switchboard:Providers:mockup:Models:0:Id=mock-gpt \
  --Switchboard:Providers:mockup:TimeoutSeconds=600 --Switchboard:Auth:Enabled=false \
  --Logging:LogLevel:Default=Warning --Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=Warning > "$work/server.log" 2>&1 &
server=$!
pids+=($server)
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:18800/health >/dev/null && break; sleep 0.2; done
rss_before=$(awk '/VmRSS/ {print $2}' /proc/$server/status)
timeout $((hold + 120)) node bench/load/idle-streams.mjs http://127.0.0.1:18800/v1/chat/completions "$n" "$hold" mock-gpt | tee "$work/driver.txt"
peak=$(awk '/VmHWM/ {print $2}' /proc/$server/status)
echo "server RSS before: $((rss_before / 1024)) MB, peak: $((peak / 1024)) MB"
grep -c '"level":"Error"\|fail:' "$work/server.log" | sed 's/^/server error log lines: /' || true
