#!/usr/bin/env bash
# Runs every test project of the solution and ends with one plain line: "N passed, N failed".
#
# Usage: ./scripts/test.sh [extra dotnet test arguments, e.g. --filter Category!=Slow]
#
# The tests need no external servers running: SQLite is embedded, the fake upstreams run in-process on
# loopback, and the Prometheus integration test starts (and stops) its own Prometheus. When integration tests
# against PostgreSQL/Redis/RabbitMQ arrive, this script installs and starts them (Debian packages, 127.0.0.1
# only) before the run.
#
# Installs: the Debian package `prometheus`, which provides both binaries the tests run: `promtool` (the
# alerting-rule tests) and the `prometheus` server (the scrape integration test starts its own on loopback, as a
# child process). The package's service is not started (policy-rc.d), and stopped and disabled if it was.
set -euo pipefail

cd "$(dirname "$0")/.."

# Provides promtool and prometheus (one package), unless both are already on PATH.
install_prometheus_and_promtool() {
  command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1 && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  # Debian starts a package's service on install unless policy-rc.d says no; keep an existing policy.
  local policy=/usr/sbin/policy-rc.d placed=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod +x "$policy"
    placed=1
  fi
  local rc=0
  $sudo apt-get update -q && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus || rc=$?
  if [ -n "$placed" ]; then
    $sudo rm -f "$policy"
  fi
  # Where systemd runs (and policy-rc.d was not honoured), make sure no Prometheus is left listening.
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    $sudo systemctl stop prometheus prometheus-node-exporter >/dev/null 2>&1 || true
    $sudo systemctl disable prometheus prometheus-node-exporter >/dev/null 2>&1 || true
  fi
  return "$rc"
}
# A failed install must not stop the run: the alert-rule and Prometheus tests then fail with a clear message, the
# rest still run.
install_prometheus_and_promtool \
  || echo "warning: could not install the prometheus package; the alert-rule and Prometheus tests will fail" >&2
results="artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

dotnet restore Switchboard.slnx
dotnet build Switchboard.slnx -c Release --no-restore
# House style: the tree is formatted (STYLE.md). Fails the run with the offending files listed.
dotnet format Switchboard.slnx --verify-no-changes --no-restore

status=0
# One run per test project, each with its own result file, so no result can overwrite another.
for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build \
    --logger "trx;LogFileName=${name}.trx" --results-directory "$results" "$@" || status=$?
done

passed=0
failed=0
shopt -s nullglob
trx_files=("$results"/*.trx)
for trx in "${trx_files[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

if [ "${#trx_files[@]}" -eq 0 ]; then
  echo "no test results were written" >&2
  status=1
fi

echo "${passed} passed, ${failed} failed"
if [ "$failed" -gt 0 ] || [ "$status" -ne 0 ]; then
  exit 1
fi
