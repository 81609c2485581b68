#!/usr/bin/env bash
# Where a gateway's added latency is, from the wire: starts the fake upstream (fake-upstream.mjs) and a gateway on
# loopback, runs wrk with a unique "user" field in every request body (chat-completions.lua, WRK_UNIQUE=1) while
# tcpdump records the loopback packets of both hops, and matches each request to the upstream call that served it.
# For every request that gives four moments: its last byte arriving at the gateway, the upstream call's last byte
# leaving, the upstream answer's last byte arriving, and the answer's last byte leaving. Their differences are
#   in -> upstream   the gateway's first leg: reading, parsing, authentication, the pipeline, building the call
#   upstream -> out  its second leg: reading the answer, metering and the ledger, writing the response
#   upstream         the upstream's own time (from the gateway's side of the socket)
# and the two legs together are the time the gateway holds the request. The kernel's timestamps do not depend on the
# gateway's own clocks or metrics, and the figures include every thread hop and wake-up inside the gateway.
# It also splits the second leg by how many other upstream answers arrived in the 2 ms before (a burst): if the
# gateway's time were queueing behind the other requests of a burst, it would grow with that number.
# Loopback only; bounded in time; every process started here is stopped on exit.
#
# Usage: bench/load/legs.sh                      (TARGETS="switchboard reference")
# Environment, with defaults: CONN=16 LATENCY_MS=50 (about 300 RPS) WARM=10 DUR=10 THREADS=2 FEATURES=auth-ledger
#   (off | auth-ledger | governance, as in run.sh) TARGETS="switchboard reference" SWITCHBOARD_DLL=<Release build>
#   BENCH_KEY=<bootstrap key> SNAPLEN=1024
# Needs node, wrk, jq, curl, ss, python3 and tcpdump (apt-get install -y tcpdump) with the right to capture on lo
# (root, or CAP_NET_RAW), and Release builds of the server and the reference proxy:
#   dotnet build src/Switchboard.Server -c Release && dotnet build bench/load/ReferenceProxy -c Release
# Only json (non-streaming) requests: a stream's answer is many packets and its legs are what run.sh ttfb measures.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=bench/load/lib.sh
source bench/load/lib.sh

CONN=${CONN:-16}
LATENCY_MS=${LATENCY_MS:-50}
WARM=${WARM:-10}
DUR=${DUR:-10}
THREADS=${THREADS:-2}
FEATURES=${FEATURES:-auth-ledger}
TARGETS=${TARGETS:-switchboard reference}
SNAPLEN=${SNAPLEN:-1024}
KEY=${BENCH_KEY:-sb-load-bench-key-0123456789abcdef0123456789}
lb_require_whole CONN LATENCY_MS WARM DUR THREADS SNAPLEN
if [ "$DUR" -lt 1 ] || [ "$DUR" -gt 120 ] || [ "$WARM" -gt 600 ]; then
  echo "DUR must be 1..120 s (the capture is kept on disk), WARM at most 600 s" >&2
  exit 2
fi
lb_require_range CONN 1 1000
lb_require_range SNAPLEN 600 65535
lb_require_key "$KEY"
for t in $TARGETS; do
  case $t in switchboard | reference) ;; *) echo "unknown target '$t' (switchboard, reference)" >&2; exit 2 ;; esac
done
for tool in node wrk jq curl ss python3 tcpdump; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (apt-get install -y tcpdump wrk jq)" >&2; exit 1; }
done
lb_features_args "$FEATURES" "$KEY" >/dev/null
[[ " $TARGETS " != *" switchboard "* ]] || lb_require_server_build
[[ " $TARGETS " != *" reference "* ]] || lb_require_reference_build

lb_temp_dir
work=$LB_TEMP

drive() { # drive SECONDS OUTFILE URL HEADERS LABEL
  lb_run "$2" $(($1 + 30)) env WRK_UNIQUE=1 WRK_HEADERS="$4" WRK_LABEL="$5" \
    wrk -t "$THREADS" -c "$CONN" -d "${1}s" --timeout 10s -s "$LB_DIR/chat-completions.lua" "$3" || {
    cat "$2" >&2
    exit 1
  }
}

measure() { # measure TARGET
  local target=$1 pid port headers="" url capture
  lb_start_upstream "$work/$target-upstream.log" --latency-ms "$LATENCY_MS" --chunks 20 --chunk-interval-ms 0
  if [ "$target" = switchboard ]; then
    local features feature_args=()
    features=$(lb_features_args "$FEATURES" "$KEY")
    mapfile -t feature_args <<<"$features"
    lb_start_gateway "$work/$target-gateway.log" "$work/data" "$LB_UPSTREAM_PORT" "${feature_args[@]}"
    pid=$LB_GATEWAY_PID
    port=$LB_GATEWAY_PORT
    [ "$FEATURES" = off ] || headers="Authorization: Bearer $KEY"
  else
    lb_start_reference "$work/$target-gateway.log" "$LB_UPSTREAM_PORT"
    pid=$LB_REFERENCE_PID
    port=$LB_REFERENCE_PORT
  fi
  url=http://127.0.0.1:$port/v1/chat/completions
  echo "$target: warming up for $WARM s at $CONN connections (upstream latency $LATENCY_MS ms)" >&2
  [ "$WARM" -eq 0 ] || drive "$WARM" "$work/$target-warm.txt" "$url" "$headers" "$target"
  sleep 2

  capture=$work/$target.pcap
  tcpdump -i lo -n -U -s "$SNAPLEN" -w "$capture" "tcp port $port or tcp port $LB_UPSTREAM_PORT" \
    >"$work/$target-tcpdump.log" 2>&1 &
  local dump=$!
  LB_PIDS+=("$dump")
  sleep 1
  kill -0 "$dump" 2>/dev/null || { echo "tcpdump did not start (it needs root or CAP_NET_RAW):" >&2; cat "$work/$target-tcpdump.log" >&2; exit 1; }
  echo "$target: measuring for $DUR s under tcpdump" >&2
  drive "$DUR" "$work/$target-run.txt" "$url" "$headers" "$target"
  sleep 0.5
  lb_stop "$dump"
  lb_stop "$pid"
  lb_stop "$LB_UPSTREAM_PID"
  python3 - "$capture" "$port" "$LB_UPSTREAM_PORT" "$target" "$work/$target-run.txt" >>"$work/rows.md" <<'PY'
import bisect, json, re, statistics, struct, sys

path, gateway, upstream, target, wrk_out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
with open(path, "rb") as f:
    data = f.read()
magic = struct.unpack_from("<I", data, 0)[0]
if magic not in (0xA1B2C3D4, 0xA1B23C4D):
    sys.exit(f"{path}: not a little-endian pcap file")
scale = 1e-9 if magic == 0xA1B23C4D else 1e-6
link = struct.unpack_from("<I", data, 20)[0]
header = {1: 14, 113: 16, 0: 4, 276: 20}.get(link)
if header is None:
    sys.exit(f"{path}: link type {link} is not handled")

user = re.compile(rb'"user":"(u[0-9]+_[0-9]+)"')
arrived = {}       # request id -> its last byte in, at the gateway
leaving = {}       # request id -> the last byte of its answer out
called = {}        # request id -> the last byte of its upstream call out
answered = {}      # request id -> the last byte of the upstream's answer in
on_client = {}     # client port -> the request id it waits on
on_upstream = {}   # gateway's upstream-side port -> the request id its call serves

def sent(waiting, port, payload, times, t):
    """A request's packet from PORT: a new request forgets the last one's id; the packet with the id names it."""
    if payload.startswith(b"POST "):
        waiting.pop(port, None)
    m = user.search(payload)
    if m:
        waiting[port] = m.group(1)
    if port in waiting:
        times[waiting[port]] = t

offset = 24
while offset + 16 <= len(data):
    seconds, fraction, captured, _ = struct.unpack_from("<IIII", data, offset)
    offset += 16
    packet = data[offset:offset + captured]
    offset += captured
    t = seconds + fraction * scale
    ip = packet[header:]
    if len(ip) < 20 or ip[0] >> 4 != 4:
        continue
    ihl = (ip[0] & 15) * 4
    total = struct.unpack_from(">H", ip, 2)[0]
    tcp = ip[ihl:]
    if len(tcp) < 20:
        continue
    sport, dport = struct.unpack_from(">HH", tcp, 0)
    doff = (tcp[12] >> 4) * 4
    if total - ihl - doff <= 0:
        continue
    payload = tcp[doff:]
    if dport in (gateway, upstream):           # a request to the gateway, or its call upstream (headers may come apart)
        sent(on_client if dport == gateway else on_upstream, sport, payload, arrived if dport == gateway else called, t)
    elif sport in (gateway, upstream):         # the answer to one of them
        waiting = on_client if sport == gateway else on_upstream
        if dport in waiting:
            (leaving if sport == gateway else answered)[waiting[dport]] = t

ids = [i for i in arrived if i in leaving and i in called and i in answered and arrived[i] <= called[i] <= answered[i] <= leaving[i]]
if not ids:
    sys.exit(f"{target}: no request could be matched in the capture")
ms = lambda seconds: seconds * 1000
first = [ms(called[i] - arrived[i]) for i in ids]
second = [ms(leaving[i] - answered[i]) for i in ids]
held = [a + b for a, b in zip(first, second)]
up = [ms(answered[i] - called[i]) for i in ids]
whole = [ms(leaving[i] - arrived[i]) for i in ids]

def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))]

summary = next((json.loads(l[8:]) for l in open(wrk_out) if l.startswith("WRKJSON ")), {})
print(f"ROW|{target}|{len(ids)} of {summary.get('requests', '?')}|{summary.get('rps', 0):.0f}"
      + "".join(f"|{pct(v, 0.5):.3f} / {pct(v, 0.9):.3f} / {pct(v, 0.99):.3f}" for v in (first, second, held, up, whole)))

answers = sorted(answered[i] for i in ids)
groups = {}
for i, leg in zip(ids, second):
    ahead = bisect.bisect_left(answers, answered[i]) - bisect.bisect_left(answers, answered[i] - 0.002)
    groups.setdefault("0" if ahead == 0 else "1-3" if ahead <= 3 else "4+", []).append(leg)
print(f"BURST|{target}" + "".join(
    f"|{len(groups[k])} : {statistics.median(groups[k]):.3f}" if k in groups else "|- : -" for k in ("0", "1-3", "4+")))
PY
}

# table_rows KIND: the KIND lines the parser printed, as markdown table rows.
table_rows() { awk -F'|' -v kind="$1" '$1 == kind { line = "|"; for (i = 2; i <= NF; i++) line = line " " $i " |"; print line }' "$work/rows.md"; }

: >"$work/rows.md"
for t in $TARGETS; do measure "$t"; done

echo "## legs: $CONN connections, $DUR s per target, upstream latency $LATENCY_MS ms, json, FEATURES=$FEATURES"
echo
echo "Milliseconds, p50 / p90 / p99, from the kernel's packet timestamps on lo (last byte to last byte)."
echo
echo "| target | requests matched | RPS | in -> upstream | upstream -> out | gateway holds (both legs) | upstream | in -> out |"
echo "|---|---|---|---|---|---|---|---|"
table_rows ROW
echo
echo "Second leg (upstream -> out) by the number of other upstream answers that arrived in the 2 ms before: requests : p50 ms."
echo
echo "| target | none | 1-3 | 4 or more |"
echo "|---|---|---|---|"
table_rows BURST
