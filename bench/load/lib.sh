# Shared by bench/load/run.sh, idle-streams.sh, threads.sh and legs.sh (sourced, not run): starting the fake upstream
# and the Switchboard server on loopback, reading their CPU time and memory from /proc, and stopping every process
# started. The caller sets -euo pipefail and cds to the repository root before sourcing it; sourcing it installs the
# traps that stop every process started here on exit, and turn INT and TERM into an exit (130, 143) so that they do.
# shellcheck shell=bash disable=SC2034  # the LB_* variables are read by the scripts that source this file

LB_DIR=bench/load
LB_DLL=${SWITCHBOARD_DLL:-src/Switchboard.Server/bin/Release/net10.0/Switchboard.Server.dll}
LB_CLK_TCK=$(getconf CLK_TCK)
LB_PIDS=()
LB_TEMP_DIRS=()

# Stops every process this script started (by pid: TERM, then KILL after 10 s) and removes its temporary directories.
lb_cleanup() {
  local p i
  for p in "${LB_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${LB_PIDS[@]}"; do
    for i in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  LB_PIDS=()
  for p in "${LB_TEMP_DIRS[@]}"; do rm -rf "$p"; done
  LB_TEMP_DIRS=()
}
trap lb_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# lb_stop PID: stops one process started here and forgets it.
lb_stop() {
  local p=$1 i
  kill -TERM "$p" 2>/dev/null || true
  for i in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$p" 2>/dev/null || true
  wait "$p" 2>/dev/null || true
  lb_forget "$p"
}

# lb_run OUTFILE SECONDS COMMAND...: runs a bounded command with its output in OUTFILE and returns its exit code.
# It runs in the background and is waited for, so that a TERM or INT to the script is handled at once (bash runs
# traps only between foreground commands) and lb_cleanup can stop it.
lb_run() {
  local out=$1 secs=$2 p rc=0
  shift 2
  timeout "$secs" "$@" >"$out" 2>&1 &
  p=$!
  LB_PIDS+=("$p")
  wait "$p" || rc=$?
  lb_forget "$p"
  return "$rc"
}

# lb_forget PID: drops a finished process from the list lb_cleanup stops.
lb_forget() {
  local i keep=()
  for i in "${LB_PIDS[@]}"; do [ "$i" = "$1" ] || keep+=("$i"); done
  LB_PIDS=("${keep[@]}")
}

# lb_require_whole NAME...: exits 2 unless each named variable holds a whole number.
lb_require_whole() {
  local n
  for n in "$@"; do
    [[ ${!n} =~ ^[0-9]+$ ]] || { echo "$n must be a whole number, not '${!n}'" >&2; exit 2; }
  done
}

# lb_require_range NAME MIN MAX: exits 2 unless the named variable (a whole number) is within MIN..MAX.
lb_require_range() {
  if [ "${!1}" -lt "$2" ] || [ "${!1}" -gt "$3" ]; then echo "$1 must be $2..$3" >&2; exit 2; fi
}

# lb_require_key KEY: exits 2 unless the bootstrap key is long enough for the server to accept it.
lb_require_key() { [ ${#1} -ge 32 ] || { echo "BENCH_KEY must have at least 32 characters" >&2; exit 2; }; }

LB_REFERENCE_DLL=bench/load/ReferenceProxy/bin/Release/net10.0/ReferenceProxy.dll

lb_require_reference_build() {
  if [ ! -f "$LB_REFERENCE_DLL" ]; then
    echo "$LB_REFERENCE_DLL is missing; build it first: dotnet build bench/load/ReferenceProxy -c Release" >&2
    exit 1
  fi
}

# lb_start_reference LOG UPSTREAM_PORT: starts the reference proxy on a free loopback port; sets LB_REFERENCE_PID and
# LB_REFERENCE_PORT and waits for GET /health.
lb_start_reference() {
  local log=$1 upstream=$2
  dotnet "$LB_REFERENCE_DLL" --urls http://127.0.0.1:0 --upstream "http://127.0.0.1:$upstream" >"$log" 2>&1 &
  LB_REFERENCE_PID=$!
  LB_PIDS+=("$LB_REFERENCE_PID")
  LB_REFERENCE_PORT=$(lb_listen_port "$LB_REFERENCE_PID" 60) || { cat "$log" >&2; return 1; }
  lb_wait_health "$LB_REFERENCE_PORT" "the reference proxy" "$log"
}

# lb_wait_health PORT NAME LOG: waits up to 20 s for GET /health on PORT to answer; on failure prints LOG.
lb_wait_health() {
  local i
  for i in $(seq 100); do
    curl -sf -m 2 "http://127.0.0.1:$1/health" >/dev/null && return 0
    sleep 0.2
  done
  echo "$2 did not answer /health" >&2
  cat "$3" >&2
  return 1
}

lb_require_server_build() {
  if [ ! -f "$LB_DLL" ]; then
    echo "$LB_DLL is missing; build it first: dotnet build src/Switchboard.Server -c Release" >&2
    exit 1
  fi
}

# lb_listen_port PID SECONDS: waits until PID listens on a TCP port and prints it. Fails if the process exits first,
# or if any of its listeners is not on loopback.
lb_listen_port() {
  local pid=$1 secs=$2 i lines
  for i in $(seq $((secs * 10))); do
    kill -0 "$pid" 2>/dev/null || { echo "process $pid exited before listening" >&2; return 1; }
    lines=$(ss -Hltnp 2>/dev/null | grep "pid=$pid," || true)
    if [ -n "$lines" ]; then
      if awk '{print $4}' <<<"$lines" | grep -vqE '^(127\.0\.0\.1|\[::1\]):'; then
        echo "process $pid listens beyond loopback: $lines" >&2
        return 1
      fi
      awk '{n=split($4, a, ":"); print a[n]; exit}' <<<"$lines"
      return 0
    fi
    sleep 0.1
  done
  echo "process $pid did not listen within $secs s" >&2
  return 1
}

# lb_start_upstream LOG [fake-upstream flags...]: sets LB_UPSTREAM_PID and LB_UPSTREAM_PORT.
lb_start_upstream() {
  local log=$1
  shift
  node "$LB_DIR/fake-upstream.mjs" --host 127.0.0.1 --port 0 "$@" >"$log" 2>&1 &
  LB_UPSTREAM_PID=$!
  LB_PIDS+=("$LB_UPSTREAM_PID")
  LB_UPSTREAM_PORT=$(lb_listen_port "$LB_UPSTREAM_PID" 20) || { cat "$log" >&2; return 1; }
}

# lb_features_args PRESET KEY: prints the server flags of a FEATURES preset, one a line.
lb_features_args() {
  case $1 in
    off)
      printf '%s\n' --Switchboard:Auth:Enabled=false --Switchboard:RateLimits:Enabled=false \
        --Switchboard:Budgets:Enabled=false --Switchboard:Cache:Enabled=false ;;
    auth-ledger)
      printf '%s\n' "--Switchboard:Auth:BootstrapKey=$2" --Switchboard:RateLimits:Enabled=false \
        --Switchboard:Budgets:Enabled=false --Switchboard:Cache:Enabled=false ;;
    governance)
      # The limits are set far above what this machine can send, so they are checked on every call but never refuse.
      printf '%s\n' "--Switchboard:Auth:BootstrapKey=$2" --Switchboard:Cache:Enabled=false \
        --Switchboard:RateLimits:Key:RequestsPerMinute=100000000 --Switchboard:RateLimits:Key:TokensPerMinute=2000000000 \
        '--Switchboard:Budgets:Tenants:*:0:Period=Month' '--Switchboard:Budgets:Tenants:*:0:LimitUsd=1000000' ;;
    *)
      echo "unknown FEATURES preset '$1' (off, auth-ledger, governance)" >&2
      return 1 ;;
  esac
}

# lb_start_gateway LOG DATA_DIR UPSTREAM_PORT [extra server flags...]: starts Switchboard on a free loopback port with
# the fake upstream as provider 'mockup' (model mockup:mock-gpt); sets LB_GATEWAY_PID and LB_GATEWAY_PORT and waits
# for GET /health.
lb_start_gateway() {
  local log=$1 data=$2 upstream=$3
  shift 3
  dotnet "$LB_DLL" --urls http://127.0.0.1:0 \
    --Switchboard:Storage:DataDirectory="$data" \
    --Switchboard:Providers:mockup:Kind=openai \
    --Switchboard:Providers:mockup:BaseUrl="http://127.0.0.1:$upstream/v1" \
    --Switchboard:Providers:mockup:Models:0:Id=mock-gpt \
    --Switchboard:Providers:mockup:Models:0:InputPricePerMillion=0.15 \
    --Switchboard:Providers:mockup:Models:0:OutputPricePerMillion=0.60 \
    --Logging:LogLevel:Default=Warning --Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=Warning \
    "$@" >"$log" 2>&1 &
  LB_GATEWAY_PID=$!
  LB_PIDS+=("$LB_GATEWAY_PID")
  LB_GATEWAY_PORT=$(lb_listen_port "$LB_GATEWAY_PID" 60) || { cat "$log" >&2; return 1; }
  lb_wait_health "$LB_GATEWAY_PORT" Switchboard "$log"
}

# lb_temp_dir: sets LB_TEMP to a new temporary directory, removed by lb_cleanup.
lb_temp_dir() {
  LB_TEMP=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-load.XXXXXX")
  LB_TEMP_DIRS+=("$LB_TEMP")
}

# CPU time (user + system, all threads) of a process, in clock ticks.
lb_cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }

# Peak resident set (VmHWM) of a process, in MB.
lb_peak_rss_mb() { awk '/^VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
lb_rss_mb() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

# Resets VmHWM to the current RSS (Linux clear_refs 5), so that the next reading is the peak of the next run only.
# Prints "reset" or "cumulative" (not permitted here: the peak then covers the process's whole life).
lb_reset_peak_rss() { if { echo 5 >"/proc/$1/clear_refs"; } 2>/dev/null; then echo reset; else echo cumulative; fi; }

# lb_settle PID: waits (at most 15 s) until a process uses under 10% of a core over half a second.
lb_settle() {
  local a b i
  for i in $(seq 30); do
    a=$(lb_cpu_ticks "$1")
    sleep 0.5
    b=$(lb_cpu_ticks "$1")
    [ $((b - a)) -lt $((LB_CLK_TCK / 20)) ] && return 0
  done
  echo "  (pid $1 still busy after 15 s)" >&2
}
