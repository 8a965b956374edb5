#!/usr/bin/env bash
# Proves every Grafana panel returns data from the real app through a real Prometheus, and that the alert
# rules load: installs Debian's Prometheus when missing, builds the app, runs deploy/test_dashboards.py.
# Ends with `N passed, M failed`; exit status non-zero on any failure. Options go to the Python script
# (--timeout SECONDS, --keep). SKIP_BUILD=1 uses the jar already built.
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1; }
if ! need prometheus || ! need promtool || ! need python3; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus python3 >/dev/null
fi
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mvn -q -B -ntp package -DskipTests
fi
exec python3 deploy/test_dashboards.py "$@"
