#!/usr/bin/env bash
# Checks the Prometheus alerting rules and runs their unit tests. Needs promtool (Debian: apt-get install prometheus).
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v promtool >/dev/null 2>&1; then
  echo "promtool is not on PATH: install it (Debian: apt-get install --no-install-recommends prometheus)" >&2
  exit 1
fi
promtool check rules switchboard-rules.yml
promtool test rules switchboard-rules.test.yml
